"""The dashboard in a real headless Chromium, and the static report with no network."""

from __future__ import annotations

import csv
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from cinelake_tools.sample import write_sample
from cinelake_tools.sample.days import DaysSample
from cinelake_tools.sample.tmdb import write_tmdb_responses
from conftest import PROJECT, HistoryLake, dbt_env, free_port, read_warehouse, run_dbt
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from tmdb_landing import csv_title_ids, land_records, records_from_responses

from cinelake.app import analytics
from cinelake.app import page as app_page
from cinelake.config import load_settings
from ingest.landing import ensure_bucket
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import DELIMITER, MOVIES, SERIES

ARTIFACTS = PROJECT / "test-artifacts"
# The README's picture of the dashboard (tracked): made by the test that checks the page,
# so it shows what the page really draws.
DOCS_SCREENSHOT = PROJECT / "docs" / "assets" / "dashboard.png"
CHARTS = app_page.charts_always_drawn()  # the page's chart rows; history needs two loads
MOVERS_ID = app_page.blocks_of(app_page.MoversTable)[0].key
HISTORY_ID = app_page.blocks_of(app_page.TitleHistory)[0].key
EARNERS_ID = app_page.blocks_of(app_page.TopEarnersTable)[0].key
# the section shown once a focus title is enriched from TMDB, and its charts
MONEY = next(section for section in app_page.PAGE if section.needs is not None)
MONEY_CHARTS = [
    chart.key
    for block in MONEY.blocks
    if isinstance(block, app_page.ChartRow)
    for chart in block.charts
]


@dataclass(frozen=True)
class Expected:
    """What the page should show for a warehouse, read through `page` and `analytics`."""

    cards: int
    top_tables: int
    loads_tables: int
    movers: tuple[str, str] | None  # the top mover (title_id, label), None with one load
    enriched: int  # focus titles with TMDB fields: the money section shows from 1


def expected(env: dict[str, str]) -> Expected:
    con = read_warehouse(load_settings(env), Path(env["CINELAKE_WAREHOUSE"]))
    try:
        focus = analytics.focus_genres(con)
        cards = app_page.metric_cards(analytics.model_metrics(con))
        tops = app_page.top_title_tables(analytics.top_titles(con), focus)
        loads = app_page.loads_table(analytics.raw_loads(con))
        top = app_page.top_mover(analytics.rating_movers(con))
        enriched = analytics.tmdb_enriched(con)
    finally:
        con.close()
    assert cards is not None and loads is not None
    return Expected(len(cards.cards), len(tops), 1, top, enriched)


@contextmanager
def running_dashboard(env: dict[str, str], *args: str) -> Iterator[str]:
    """`cinelake dashboard [args]` on `env`'s warehouse, on a free port: its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cinelake.cli", "dashboard", "--port", str(port), *args],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"dashboard did not start: {output[-2000:]}") from None
            time.sleep(0.5)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
    # `cinelake dashboard` is the server itself: terminated, nothing is left serving
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the dashboard outlived its process"


@pytest.fixture(scope="module")
def dashboard(sample_warehouse: dict[str, str]) -> Iterator[str]:
    with running_dashboard(sample_warehouse) as url:
        yield url


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def chart_data(page: Page) -> list[str]:
    """The y values of every Plotly chart on the page, as JSON strings."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".map(div => JSON.stringify((div.data || []).map(trace => trace.y)))"
    )


# Every wait below is for the condition the test then reads, never a count of something
# else or a fixed sleep: on a loaded machine the page draws late and in pieces.

# Plotly charts that have drawn (a chart has several .main-svg layers: count the charts).
DRAWN_CHARTS = (
    "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter(div => div._fullLayout && div.querySelector('.main-svg')).length"
)
# Streamlit ran the page's script to its end and shows no element of an earlier run.
APP_SETTLED = (
    "document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState"
    " === 'notRunning' && !document.querySelector(\"[data-stale='true']\")"
)
TABLES = "document.querySelectorAll(\"[data-testid='stDataFrame']\").length"


def wait_until(page: Page, what: str, condition: str, arg: Any = None, seconds: int = 90) -> None:
    """Wait until the JS expression `condition` (of `arg`) holds; fail saying what for."""
    try:
        page.wait_for_function(f"(arg) => {condition}", arg=arg, timeout=seconds * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"waited {seconds} s for {what}") from None


def wait_for_app(page: Page, what: str, condition: str = "true", arg: Any = None) -> None:
    """Wait until the dashboard has finished a run and `condition` holds."""
    wait_until(
        page, f"the dashboard to finish a run with {what}", f"({APP_SETTLED}) && ({condition})", arg
    )


def wait_for_charts(page: Page, charts: int = CHARTS) -> None:
    """Wait until `charts` charts are drawn (the static report, or a dashboard's run)."""
    wait_until(page, f"{charts} drawn charts", f"{DRAWN_CHARTS} >= arg", charts)


APP = PROJECT / "cinelake" / "app"
# A relation the app's SQL names: `<zone schema>.<table>`.
RELATION = re.compile(r"\b(?:staging|trusted|audit|refined)\.[a-z_][a-z0-9_]*\b")


def test_the_exposure_lists_every_relation_the_page_reads(
    sample_warehouse: dict[str, str],
) -> None:
    """dbt docs draws the page's lineage from the exposure: it must name exactly what the
    dashboard and the report query, as the manifest of a real build resolves it."""
    read = {
        name
        for module in sorted(APP.glob("*.py"))
        for name in RELATION.findall(module.read_text(encoding="utf-8"))
    }
    target = Path(sample_warehouse["DBT_TARGET_PATH"])
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    (exposure,) = (
        node for node in manifest["exposures"].values() if node["name"] == "cinelake_dashboard"
    )
    uids = exposure["depends_on"]["nodes"]
    nodes = [manifest["nodes"][uid] for uid in uids if uid in manifest["nodes"]]
    # the yearly charts' numbers come from the semantic layer's metrics (docs/metrics.md)
    metrics = {manifest["metrics"][uid]["name"] for uid in uids if uid in manifest["metrics"]}
    assert metrics == set(analytics.YEARLY_METRICS)
    # the page reads the published tables, which the build wrote as `<zone>_staged`
    listed = {f"{node['schema'].removesuffix('_staged')}.{node['alias']}" for node in nodes}
    assert len(read) >= 10, read  # the pattern finds the page's queries
    assert sorted(read - listed) == [], "read by the page, missing from the exposure"
    assert sorted(listed - read) == [], "in the exposure, not read by the page"


def test_dashboard_loads_and_renders_every_chart(
    browser: Browser, dashboard: str, sample_warehouse: dict[str, str]
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 2400})
    errors = watch_errors(page)
    page.goto(dashboard)
    wait_for_app(page, f"{CHARTS} drawn charts", f"{DRAWN_CHARTS} >= arg", CHARTS)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == CHARTS
    for index in range(CHARTS):  # every chart drew its data
        assert charts.nth(index).locator(".main-svg").count() >= 1
        assert json.loads(chart_data(page)[index]), f"chart {index} has no traces"
    assert page.locator("[data-testid='stException']").count() == 0
    shown = expected(sample_warehouse)
    assert page.locator("[data-testid='stMetric']").count() == shown.cards
    # one table per focus genre, then the Raw-load lineage; no movers with one load
    tables = page.locator("[data-testid='stDataFrame']")
    assert tables.count() == shown.top_tables + shown.loads_tables
    assert shown.movers is None
    assert app_page.blocks_of(app_page.LoadsTable), "the page has a Raw-load lineage table"
    assert page.get_by_text("Daily loads", exact=True).count() == 1
    # the movers table and the history view both say why they are empty
    assert page.get_by_text(app_page.NEEDS_TWO_LOADS).count() == 2
    # no TMDB record landed: the money section is its note alone
    assert shown.enriched == 0
    assert page.get_by_text(MONEY.heading or "", exact=True).count() == 1
    assert page.get_by_text(app_page.NO_TMDB).count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert errors == []
    DOCS_SCREENSHOT.write_bytes((ARTIFACTS / "dashboard.png").read_bytes())


def test_filter_change_updates_a_chart(browser: Browser, dashboard: str) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 2400})
    page.goto(dashboard)
    wait_for_app(page, f"{CHARTS} drawn charts", f"{DRAWN_CHARTS} >= arg", CHARTS)
    before = chart_data(page)[0]
    votes = page.get_by_label("Minimum votes")
    votes.fill("500")
    votes.press("Enter")
    wait_for_app(
        page,
        "the first chart redrawn with other values",
        "(div => div && div.data && JSON.stringify(div.data.map(t => t.y)) !== arg)"
        "(document.querySelector('.js-plotly-plot'))",
        before,
    )
    after = chart_data(page)[0]
    assert after != before
    # fewer titles qualify: the mean is taken over a subset, so some value changed
    page.screenshot(path=str(ARTIFACTS / "dashboard-min-votes-500.png"), full_page=True)


def test_dashboard_does_not_block_a_dbt_build(
    browser: Browser, dashboard: str, sample_warehouse: dict[str, str]
) -> None:
    page = browser.new_page()
    page.goto(dashboard)
    wait_for_app(page, f"{CHARTS} drawn charts", f"{DRAWN_CHARTS} >= arg", CHARTS)
    built = run_dbt(sample_warehouse, "build", "--select", "dim_genres")
    assert built.returncode == 0, built.stdout[-2000:]


def run_report(env: dict[str, str], out: Path) -> Path:
    """`cinelake report --out out` on `env`'s warehouse: the page it wrote."""
    made = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "report", "--out", str(out)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    return out / "index.html"


@pytest.fixture(scope="module")
def static_report(
    sample_warehouse: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`cinelake report` run once on the sample warehouse: the page it wrote."""
    return run_report(sample_warehouse, tmp_path_factory.mktemp("report"))


def open_offline(
    browser: Browser, page_file: Path, width: int, height: int = 2200
) -> tuple[BrowserContext, Page, list[str], list[str]]:
    """The page in an offline context: (context, page, requests made, page errors)."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": height})
    requests: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(page_file.as_uri())
    wait_for_charts(page)
    return context, page, requests, errors


def test_static_report_opens_offline_with_every_chart(
    browser: Browser, static_report: Path
) -> None:
    assert "<script src=" not in static_report.read_text()  # nothing to fetch
    context, page, requests, errors = open_offline(browser, static_report, 1400)
    assert page.locator(".js-plotly-plot").count() == CHARTS
    assert page.locator("h2", has_text="Daily loads").count() == 1
    # one load: the lineage table, and the message instead of movers and history
    assert page.get_by_text(app_page.NEEDS_TWO_LOADS).count() == 2
    assert page.locator(f"#{MOVERS_ID}").count() == 0
    assert page.locator(f"#{HISTORY_ID}").count() == 0
    # no TMDB record landed: the money section's heading and its note, nothing else
    assert page.locator("h2", has_text=MONEY.heading or "").count() == 1
    assert page.get_by_text(app_page.NO_TMDB).count() == 1
    assert page.locator(f"#{EARNERS_ID}").count() == 0
    for key in MONEY_CHARTS:
        assert page.locator(f"#{key}").count() == 0
    assert requests == []
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    context.close()


# The last year each year-axis chart of the report reads, straight from the warehouse.
LAST_YEAR_SQL = {
    "rating_by_year": "select max(release_year) from refined.dim_titles",
    "releases_by_year": (
        "select max(t.release_year) from refined.dim_titles as t"
        " join refined.bridge_title_genres as b using (title_id)"
        " where b.genre in (select genre from refined.focus_genres)"
    ),
    "trend_forecast": "select max(release_year) from refined.rating_trend_forecast",
}

# True once the charts' sizes have stayed the same for `arg` polls in a row.
SETTLED_JS = """(polls) => {
  const sizes = JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'),
    svg => [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height]));
  window.sameSizes = window.lastChartSizes === sizes ? (window.sameSizes || 0) + 1 : 0;
  window.lastChartSizes = sizes;
  return window.sameSizes >= polls;
}"""

# Per chart: its container's box, the boxes of what it drew, and where its last x lies.
CHART_GEOMETRY_JS = """() => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const rect = el => box(el.getBoundingClientRect());
  return Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => {
    const layout = div._fullLayout, size = layout._size;
    const svg = div.querySelector('.main-svg').getBoundingClientRect();
    const parts = {plot: {left: svg.left + size.l, right: svg.left + size.l + size.w,
                          top: svg.top + size.t, bottom: svg.top + size.t + size.h}};
    div.querySelectorAll('.main-svg').forEach((el, i) => { parts[`svg ${i}`] = rect(el); });
    for (const name of ['nsewdrag', 'xtitle', 'ytitle', 'gtitle', 'legend']) {
      div.querySelectorAll('.' + name).forEach((el, i) => { parts[`${name} ${i}`] = rect(el); });
    }
    const xs = div._fullData.flatMap(trace => Array.from(trace.x || [], Number));
    const lastX = Math.max(...xs.filter(Number.isFinite));
    return {
      id: div.id,
      container: rect(div.parentElement),
      parts,
      lastX,
      xRange: layout.xaxis.range.map(Number),
      lastXPixel: svg.left + size.l + layout.xaxis.l2p(lastX),
    };
  });
}"""


def inside(part: dict[str, float], box: dict[str, float], tolerance: float = 1.0) -> bool:
    return (
        part["left"] >= box["left"] - tolerance
        and part["right"] <= box["right"] + tolerance
        and part["top"] >= box["top"] - tolerance
        and part["bottom"] <= box["bottom"] + tolerance
    )


@pytest.mark.parametrize("width", [1400, 800])
def test_static_report_charts_fit_their_columns(
    browser: Browser, static_report: Path, sample_warehouse: dict[str, str], width: int
) -> None:
    con = read_warehouse(
        load_settings(sample_warehouse), Path(sample_warehouse["CINELAKE_WAREHOUSE"])
    )
    try:
        last_years = {chart: con.sql(sql).fetchone()[0] for chart, sql in LAST_YEAR_SQL.items()}
    finally:
        con.close()
    context, page, _, errors = open_offline(browser, static_report, width)
    # charts may re-lay themselves out as the page settles: measure once sizes hold still
    try:  # a layout pass can come late on a loaded machine: 1.5 s unchanged
        page.wait_for_function(SETTLED_JS, arg=5, polling=300, timeout=60_000)
    except PlaywrightTimeout:
        raise AssertionError("waited 60 s for the report's chart sizes to hold still") from None
    geometry = page.evaluate(CHART_GEOMETRY_JS)
    viewport, page_width = page.evaluate(
        "() => [document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{width}px.png"), full_page=True)
    context.close()
    assert errors == []
    assert len(geometry) == CHARTS
    screen = {"left": 0, "right": viewport, "top": float("-inf"), "bottom": float("inf")}
    problems: list[str] = []  # all of them, so one run shows every clipped chart
    if page_width > viewport:
        problems.append(f"the page is {page_width} px wide, the window {viewport} px")
    for chart in geometry:
        if not inside(chart["container"], screen):
            problems.append(f"{chart['id']}: box {chart['container']} wider than the window")
        problems.extend(
            f"{chart['id']}: {name} {part} outside its box {chart['container']}"
            for name, part in chart["parts"].items()
            if not inside(part, chart["container"])
        )
    year_charts = {chart["id"]: chart for chart in geometry if chart["id"] in LAST_YEAR_SQL}
    assert year_charts.keys() == LAST_YEAR_SQL.keys()
    for name, chart in year_charts.items():
        last = chart["lastX"]
        if last != last_years[name]:
            problems.append(f"{name}: data ends in {last}, the warehouse in {last_years[name]}")
        low, high = sorted(chart["xRange"])
        if not low <= last <= high:
            problems.append(f"{name}: x axis {chart['xRange']} stops before {last}")
        # where the last year is drawn: on the plot area, and that inside the visible box
        x = chart["lastXPixel"]
        for area, box in (("plot area", chart["parts"]["plot"]), ("box", chart["container"])):
            if not box["left"] - 1 <= x <= box["right"] + 1:
                problems.append(f"{name}: {last} drawn at x={x:.0f}, off its {area} {box}")
    assert not problems, "\n".join(problems)


# ---- a lake with two daily loads: rating movers and a title's history ----------------


def csv_ratings(days: DaysSample, day: date) -> dict[str, float]:
    """title id -> notaMedia in one day's generated files (both kinds)."""
    ratings: dict[str, float] = {}
    for path in days.files(day).values():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=DELIMITER):
                if row["notaMedia"] not in ("", "\\N"):
                    ratings.setdefault(row["id"], float(row["notaMedia"]))
    return ratings


TABLE_JS = """(id) => {
  const table = document.getElementById(id);
  const headers = Array.from(table.querySelectorAll('thead th'), th => th.textContent.trim());
  return Array.from(table.querySelectorAll('tbody tr'), tr => Object.fromEntries(
    Array.from(tr.querySelectorAll('td'), (td, i) => [headers[i], td.textContent.trim()])));
}"""


@pytest.fixture(scope="module")
def history_report(
    history_warehouse: HistoryLake, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return run_report(history_warehouse.env, tmp_path_factory.mktemp("history-report"))


def test_report_movers_match_the_two_loads(
    browser: Browser, history_report: Path, history_warehouse: HistoryLake
) -> None:
    days = history_warehouse.days
    earlier, later = days.dates[-2], days.dates[-1]
    before, after = csv_ratings(days, earlier), csv_ratings(days, later)
    context, page, requests, errors = open_offline(browser, history_report, 1400)
    wait_for_charts(page, CHARTS + 1)
    rows = page.evaluate(TABLE_JS, MOVERS_ID)
    history = page.evaluate(
        "(id) => document.getElementById(id)._fullData.map(trace => Array.from(trace.y))",
        HISTORY_ID,
    )
    page.screenshot(path=str(ARTIFACTS / "report-two-loads.png"), full_page=True)
    context.close()
    assert requests == []
    assert errors == []
    assert rows, "the movers table has rows"
    for row in rows:
        title = row["title_id"]
        change = round(after[title] - before[title], 1)
        assert change != 0
        assert float(row["rating change"]) == pytest.approx(change), row
        assert (row["from load"], row["to load"]) == (earlier.isoformat(), later.isoformat())
    # the history chart is the top mover's: its rating in each load, then its votes
    top = rows[0]["title_id"]
    assert history[0] == pytest.approx([before[top], after[top]])
    assert len(history[1]) == 2 and history[1][0] <= history[1][1]


def test_dashboard_shows_the_top_movers_history(
    browser: Browser, history_warehouse: HistoryLake
) -> None:
    shown = expected(history_warehouse.env)
    assert shown.movers is not None
    _, label = shown.movers
    with running_dashboard(history_warehouse.env) as url:
        page = browser.new_page(viewport={"width": 1500, "height": 3000})
        errors = watch_errors(page)
        page.goto(url)
        tables = shown.top_tables + shown.loads_tables + 1  # and the movers table
        # the title picker chooses the top mover first: its history chart names it
        wait_for_app(
            page,
            f"{CHARTS + 1} drawn charts, {tables} tables and a chart titled {label!r}",
            f"{DRAWN_CHARTS} >= arg.charts && {TABLES} >= arg.tables"
            " && Array.from(document.querySelectorAll('.js-plotly-plot'))"
            ".some(div => div._fullLayout?.title?.text?.includes(arg.label))",
            {"charts": CHARTS + 1, "tables": tables, "label": label},
        )
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == tables
        assert page.get_by_text(app_page.NEEDS_TWO_LOADS).count() == 0
        title_picker = page.locator("[data-testid='stSelectbox']", has_text="Title")
        assert title_picker.count() == 1
        assert page.locator(".js-plotly-plot").count() == CHARTS + 1
        page.screenshot(path=str(ARTIFACTS / "dashboard-two-loads.png"), full_page=True)
        page.close()
    assert errors == []


# ---- a lake with TMDB records: the money views -----------------------------------------

MONEY_BUCKET = "cinelake-dashboard-money-test"
MONEY_VARS = yaml.safe_load((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
MIN_BUDGET = int(MONEY_VARS["tmdb_min_budget"])
BAND_BOUNDS = [int(bound) for bound in MONEY_VARS["budget_band_bounds"]]
EARNERS_PER_GROUP = int(MONEY_VARS["top_earners_per_group"])
MONEY_TITLES, MONEY_SEED = 400, 11


@dataclass(frozen=True)
class MoneyLake:
    env: dict[str, str]
    records: list[dict[str, Any]]  # the TMDB records landed, one per title of the CSVs


@pytest.fixture(scope="module")
def money_warehouse(
    lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> MoneyLake:
    """A sample warehouse with a TMDB record landed for every title (the sample's own TMDB
    bodies, as the client lands them), in its own bucket."""
    work = tmp_path_factory.mktemp("money-warehouse")
    env = dbt_env(lake_env, work, MONEY_BUCKET)
    settings = load_settings(env)
    files = write_sample(work / "data", titles=MONEY_TITLES, seed=MONEY_SEED)
    responses = write_tmdb_responses(work / "tmdb", files.movies, files.series, seed=MONEY_SEED)
    ingest(settings, {MOVIES: files.movies, SERIES: files.series}, date(2024, 7, 10))
    s3 = make_client(settings)
    ensure_bucket(s3, settings.bucket)
    records = records_from_responses(
        responses.out_dir,
        csv_title_ids(files.movies, files.series),
        datetime(2024, 7, 11, 9, 30),
    )
    land_records(s3, settings.bucket, records, date(2024, 7, 11), "run-dashboard-money")
    built = run_dbt(env, "build")
    assert built.returncode == 0, built.stdout[-4000:]
    return MoneyLake(env, records)


def _amount(body: dict[str, Any], field: str) -> int | None:
    value = body.get(field)
    return round(value) or None if value is not None else None  # 0 is unknown


@dataclass(frozen=True)
class Money:
    """The money views of the focus union, recomputed from the landed records and the
    IMDb side of the warehouse (title type, year, rating, genres), not from the marts."""

    # title type -> measure ("budget", "revenue", "pooled ROI") -> year -> value
    by_year: dict[str, dict[str, dict[int, float]]]
    # title type -> mean rating per budget band, in band order (bands with titles)
    band_ratings: dict[str, list[float]]
    earners: list[tuple[str, str, int]]  # (type, title_id, revenue) in table order
    enriched: int


def band_order(budget: int | None) -> int:
    """0 for no credible budget, else 1 + the bounds at or below it."""
    if budget is None or budget < MIN_BUDGET:
        return 0
    return 1 + sum(bound <= budget for bound in BAND_BOUNDS)


def expected_money(lake: MoneyLake) -> Money:
    env = lake.env
    con = read_warehouse(load_settings(env), Path(env["CINELAKE_WAREHOUSE"]))
    try:
        focus = analytics.focus_genres(con)
        titles = con.execute(
            "select t.title_id, t.title_type, t.release_year, t.average_rating::double"
            " from refined.dim_titles as t where exists ("
            "  select 1 from refined.bridge_title_genres as b"
            "  where b.title_id = t.title_id and b.genre in (select unnest($genres)))",
            {"genres": list(focus.genres)},
        ).fetchall()
    finally:
        con.close()
    money = {
        record["imdb_id"]: (_amount(record["body"], "budget"), _amount(record["body"], "revenue"))
        for record in lake.records
        if record["outcome"] == "fetched"
    }
    years: dict[tuple[str, int], list[tuple[int | None, int | None]]] = {}
    bands: dict[tuple[str, int], list[float]] = {}
    earning: dict[str, list[tuple[int, str]]] = {}
    for title_id, title_type, year, rating in titles:
        budget, revenue = money.get(title_id, (None, None))
        credible = budget if budget is not None and budget >= MIN_BUDGET else None
        if year is not None and title_id in money:
            years.setdefault((title_type, year), []).append((credible, revenue))
        if rating is not None:  # a band's mean is over the titles with a rating
            bands.setdefault((title_type, band_order(budget)), []).append(rating)
        if revenue is not None:
            earning.setdefault(title_type, []).append((-revenue, title_id))
    by_year: dict[str, dict[str, dict[int, float]]] = {}
    for (title_type, year), amounts in years.items():
        budgets = [b for b, _ in amounts if b is not None]
        revenues = [r for _, r in amounts if r is not None]
        both = [(b, r) for b, r in amounts if b is not None and r is not None]
        measures = by_year.setdefault(title_type, {"budget": {}, "revenue": {}, "pooled ROI": {}})
        if budgets:
            measures["budget"][year] = sum(budgets)
        if revenues:
            measures["revenue"][year] = sum(revenues)
        if both:
            spent = sum(b for b, _ in both)
            measures["pooled ROI"][year] = round((sum(r for _, r in both) - spent) / spent, 4)
    band_ratings = {
        title_type: [
            round(sum(ratings) / len(ratings), 3)
            for (kind, _), ratings in sorted(bands.items())
            if kind == title_type
        ]
        for title_type in sorted({kind for kind, _ in bands})
    }
    earners = [
        (title_type, title_id, -minus_revenue)
        for title_type in sorted(earning)
        for minus_revenue, title_id in sorted(earning[title_type])[:EARNERS_PER_GROUP]
    ]
    enriched = sum(title_id in money for title_id, *_ in titles)
    return Money(by_year, band_ratings, earners, enriched)


# Per chart whose title has `text`: each trace's name and its (x, y) points with a y.
TRACES_JS = """(text) => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter(div => div._fullLayout.title.text.includes(text))
  .map(div => div._fullData.map(trace => ({
    name: trace.name,
    points: Array.from(trace.x, (x, i) => [x, trace.y[i]])
      .filter(([, y]) => typeof y === 'number' && Number.isFinite(y)),
  })))"""
MONEY_TITLE = "budget, revenue and ROI per year"
BAND_TITLE = "mean rating per budget band"


def check_money_charts(page: Page, money: Money) -> None:
    """The money-by-year chart and the budget-band chart show the recomputed values."""
    (yearly,) = page.evaluate(TRACES_JS, MONEY_TITLE)
    drawn = {trace["name"]: {int(x): y for x, y in trace["points"]} for trace in yearly}
    wanted = {
        f"{title_type}: {measure}": values
        for title_type, measures in money.by_year.items()
        if measures["budget"] or measures["revenue"]
        for measure, values in measures.items()
    }
    assert drawn.keys() == wanted.keys()
    assert any(wanted.values()), "the sample has money to draw"
    for name, values in wanted.items():
        assert drawn[name] == pytest.approx(values), name
    (banded,) = page.evaluate(TRACES_JS, BAND_TITLE)
    ratings = {trace["name"]: [y for _, y in trace["points"]] for trace in banded}
    assert ratings.keys() == money.band_ratings.keys()
    for title_type, means in money.band_ratings.items():
        # rounded to 3 decimals from a decimal mean there, from a float mean here
        assert ratings[title_type] == pytest.approx(means, abs=1.1e-3), title_type


@pytest.fixture(scope="module")
def money_report(money_warehouse: MoneyLake, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_report(money_warehouse.env, tmp_path_factory.mktemp("money-report"))


def test_report_shows_the_money_of_the_landed_records(
    browser: Browser, money_report: Path, money_warehouse: MoneyLake
) -> None:
    money = expected_money(money_warehouse)
    assert money.enriched == expected(money_warehouse.env).enriched > 0
    context, page, requests, errors = open_offline(browser, money_report, 1400)
    wait_for_charts(page, CHARTS + len(MONEY_CHARTS))
    assert page.locator("h2", has_text=MONEY.heading or "").count() == 1
    assert page.get_by_text(app_page.NO_TMDB).count() == 0
    for key in MONEY_CHARTS:
        assert page.locator(f"#{key}.js-plotly-plot").count() == 1, key
    check_money_charts(page, money)
    rows = page.evaluate(TABLE_JS, EARNERS_ID)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-money.png"), full_page=True)
    context.close()
    assert requests == []
    assert errors == []
    shown = [
        (row["type"], row["title_id"], int(row["revenue (USD)"].replace(",", ""))) for row in rows
    ]
    assert shown == money.earners
    assert money.earners, "the sample has titles with a revenue"


def test_dashboard_shows_the_money_of_the_landed_records(
    browser: Browser, money_warehouse: MoneyLake
) -> None:
    money = expected_money(money_warehouse)
    shown = expected(money_warehouse.env)
    with running_dashboard(money_warehouse.env) as url:
        page = browser.new_page(viewport={"width": 1500, "height": 3400})
        errors = watch_errors(page)
        page.goto(url)
        tables = shown.top_tables + shown.loads_tables + 1  # and the top earners
        wait_for_app(
            page,
            f"{CHARTS + len(MONEY_CHARTS)} drawn charts and {tables} tables",
            f"{DRAWN_CHARTS} >= arg.charts && {TABLES} >= arg.tables",
            {"charts": CHARTS + len(MONEY_CHARTS), "tables": tables},
        )
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == tables
        assert page.locator(".js-plotly-plot").count() == CHARTS + len(MONEY_CHARTS)
        assert page.get_by_text(MONEY.heading or "", exact=True).count() == 1
        assert page.get_by_text(app_page.NO_TMDB).count() == 0
        earners = app_page.blocks_of(app_page.TopEarnersTable)[0]
        assert page.get_by_text(earners.heading, exact=True).count() == 1
        check_money_charts(page, money)
        page.screenshot(path=str(ARTIFACTS / "dashboard-money.png"), full_page=True)
        page.close()
    assert errors == []
