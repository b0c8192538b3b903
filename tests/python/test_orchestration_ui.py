"""The Dagster UI of `cinelake orchestrate dev`, in Chromium: the asset graph renders with
the dbt lineage, a materialization launched through the UI's GraphQL API succeeds, and
no page shows a console error or asks anything of another machine."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    MOVIE_ROW,
    PROJECT,
    SERIES_ROW,
    dbt_env,
    free_port,
    run_venv_program,
    write_csv,
)
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cinelake.config import load_settings
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

pytestmark = pytest.mark.slow  # a Dagster instance of its own, with its daemons

# One model, rebuilt from the UI on a lake `cinelake build` built before.
MODEL = ["refined", "focus_genres"]
LOCAL = ("data:", "blob:", "about:")


@dataclass
class Ui:
    url: str
    env: dict[str, str]

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(  # noqa: S310 - the loopback UI
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310
            answer = json.load(reply)
        assert "errors" not in answer, answer
        return answer["data"]


LOCATIONS = (
    "{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name } } } } }"
)


@pytest.fixture(scope="module")
def ui(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ui]:
    work = tmp_path_factory.mktemp("dagster-ui")
    env = dbt_env(lake_env, work, "cinelake-dagster-ui")
    env |= {"DAGSTER_HOME": str(work / "dagster"), "CINELAKE_INBOX": str(work / "inbox")}
    (work / "inbox").mkdir()
    # a built lake: one day of 20 titles
    files = {
        MOVIES: write_csv(
            work / "movies.csv", MOVIES_COLUMNS, [MOVIE_ROW.format(n=n) for n in range(1, 21)]
        ),
        SERIES: write_csv(
            work / "series.csv", SERIES_COLUMNS, [SERIES_ROW.format(n=n) for n in range(5001, 5021)]
        ),
    }
    ingest(load_settings(env), files, date(2024, 5, 1))
    built = run_venv_program(env, "cinelake", "build")
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    port = free_port()
    log = (work / "dagster.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cinelake.cli", "orchestrate", "dev", "--port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # dagster dev's webserver, daemon and code server go together
    )
    ui = Ui(f"http://127.0.0.1:{port}", env)
    deadline = time.monotonic() + 300
    try:
        while True:
            try:
                if ui.graphql(LOCATIONS)["repositoriesOrError"].get("nodes"):
                    break
            except (OSError, AssertionError, KeyError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    "the code location did not load: "
                    + Path(log.name).read_text(encoding="utf-8")[-3000:]
                )
            time.sleep(2)
        yield ui
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def open_page(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    away: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    origin = url.rsplit(":", 1)[0]
    page.on(
        "request",
        lambda r: None if r.url.startswith((origin, *LOCAL)) else away.append(r.url),
    )
    page.goto(url)
    skip = page.get_by_role("button", name="Skip")  # the first visit's newsletter dialog
    with contextlib.suppress(PlaywrightTimeout):  # not every page shows it
        skip.click(timeout=15_000)
    return page, errors, away


def test_the_asset_graph_shows_the_dbt_lineage(ui: Ui, browser: Browser) -> None:
    # the lineage of one model: its upstream, dbt's own graph, down to the Raw loads
    url = f"{ui.url}/assets/refined/dim_titles?view=lineage&lineageScope=upstream&lineageDepth=3"
    page, errors, away = open_page(browser, url)
    try:
        # dbt's graph: the mart, the Trusted table it reads, the staging view under that
        # (long labels are cut short in the middle: these are short enough)
        for name in ("dim_titles", "titles", "stg_imdb__movies"):
            page.get_by_text(name, exact=True).first.wait_for(timeout=90_000)
    finally:
        page.screenshot(path=str(PROJECT / "test-artifacts" / "dagster-lineage.png"))
    page.close()
    assert errors == []
    assert away == []


def test_a_materialization_from_the_ui_api_succeeds(ui: Ui, browser: Browser) -> None:
    location = ui.graphql(LOCATIONS)["repositoriesOrError"]["nodes"][0]
    launched = ui.graphql(
        """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
             __typename ... on LaunchRunSuccess { run { runId } }
             ... on PythonError { message } } }""",
        {
            "params": {
                "selector": {
                    "repositoryLocationName": location["location"]["name"],
                    "repositoryName": location["name"],
                    "jobName": "__ASSET_JOB",
                    "assetSelection": [{"path": MODEL}],
                },
                "mode": "default",
            }
        },
    )["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + 600
    while True:
        status = ui.graphql(
            "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }", {"id": run_id}
        )["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED") or time.monotonic() > deadline:
            break
        time.sleep(3)
    if status != "SUCCESS":
        failures = ui.graphql(
            """query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
                 ... on ExecutionStepFailureEvent { error { message } }
                 ... on RunFailureEvent { message } } } } }""",
            {"id": run_id},
        )["logsForRun"]["events"]
        raise AssertionError(f"{status}: {[e for e in failures if e]}")
    # the run's page in the UI says so too, without errors
    page, errors, away = open_page(browser, f"{ui.url}/runs/{run_id}")
    page.get_by_text("Success", exact=False).first.wait_for(timeout=60_000)
    page.close()
    assert errors == []
    assert away == []
