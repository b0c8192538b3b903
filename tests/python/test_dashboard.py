"""The dashboard in a real headless Chromium, and the static report with no network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT, run_dbt
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from cinelake.config import load_settings
from cinelake.warehouse import connect

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts"
CHARTS = 5  # rating by year, releases, predicted vs actual, residuals, trend forecast
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def dashboard(sample_warehouse: dict[str, str]) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cinelake.cli", "dashboard", "--port", str(port)],
        cwd=PROJECT,
        env=sample_warehouse,
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
    yield url
    process.terminate()
    process.wait(timeout=20)


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


def wait_for_charts(page: Page) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {CHARTS}",
        timeout=60_000,
    )


def test_dashboard_loads_and_renders_every_chart(browser: Browser, dashboard: str) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 2400})
    errors = watch_errors(page)
    page.goto(dashboard)
    wait_for_charts(page)
    page.wait_for_selector("[data-testid='stDataFrame']")
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == CHARTS
    for index in range(CHARTS):  # every chart drew its data
        assert charts.nth(index).locator(".main-svg").count() >= 1
        assert json.loads(chart_data(page)[index]), f"chart {index} has no traces"
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() == 4  # MSE/MAE, model and baseline
    assert page.locator("[data-testid='stDataFrame']").count() == 2  # Comedy and Animation
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert errors == []


def test_filter_change_updates_a_chart(browser: Browser, dashboard: str) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 2400})
    page.goto(dashboard)
    wait_for_charts(page)
    before = chart_data(page)[0]
    votes = page.get_by_label("Minimum votes")
    votes.fill("500")
    votes.press("Enter")
    page.wait_for_function(
        "(before) => { const div = document.querySelector('.js-plotly-plot');"
        " return div && div.data && JSON.stringify(div.data.map(t => t.y)) !== before; }",
        arg=before,
        timeout=60_000,
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
    wait_for_charts(page)
    built = run_dbt(sample_warehouse, "build", "--select", "dim_genres")
    assert built.returncode == 0, built.stdout[-2000:]


@pytest.fixture(scope="module")
def static_report(
    sample_warehouse: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`cinelake report` run once on the sample warehouse: the page it wrote."""
    out = tmp_path_factory.mktemp("report")
    made = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "report", "--out", str(out)],
        cwd=PROJECT,
        env=sample_warehouse,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    return out / "index.html"


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
        " where b.genre in ('Comedy', 'Animation')"
    ),
    "trend_forecast": "select max(release_year) from refined.rating_trend_forecast",
}

# True once the charts' sizes are the same as at the previous poll.
SETTLED_JS = """() => {
  const sizes = JSON.stringify(Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'),
    svg => [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height]));
  const settled = window.lastChartSizes === sizes;
  window.lastChartSizes = sizes;
  return settled;
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
    con = connect(
        load_settings(sample_warehouse), database=Path(sample_warehouse["CINELAKE_WAREHOUSE"])
    )
    try:
        last_years = {chart: con.sql(sql).fetchone()[0] for chart, sql in LAST_YEAR_SQL.items()}
    finally:
        con.close()
    context, page, _, errors = open_offline(browser, static_report, width)
    # charts may re-lay themselves out as the page settles: measure once sizes hold still
    page.wait_for_function(SETTLED_JS, polling=300, timeout=10_000)
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
