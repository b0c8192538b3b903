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
from conftest import PROJECT
from playwright.sync_api import Browser, Page, sync_playwright

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
        [sys.executable, "-m", "ingest.cli", "dashboard", "--port", str(port)],
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
    built = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--select", "dim_genres"],
        cwd=PROJECT,
        env=sample_warehouse,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:]


def test_static_report_opens_offline_with_every_chart(
    browser: Browser, sample_warehouse: dict[str, str], tmp_path: Path
) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "report", "--out", str(tmp_path)],
        cwd=PROJECT,
        env=sample_warehouse,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    page_file = tmp_path / "index.html"
    assert "<script src=" not in page_file.read_text()  # nothing to fetch
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 2200})
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
    assert page.locator(".js-plotly-plot").count() == CHARTS
    assert requests == []
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    context.close()
