"""Write, audit, publish on the lake's Iceberg catalog: a build writes its tables where
readers do not look, tests them there, and publishes them only when every test passed;
readers are never blocked by a build, a killed build leaves every table at its old or
its new snapshot, and the published history can be read back in time."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MOVIE_ROW, SERIES_ROW, dbt_env, read_warehouse, run_venv_program, write_csv
from playwright.sync_api import Browser
from test_dashboard import (  # the dashboard's browser and waits
    CHARTS,
    DRAWN_CHARTS,
    running_dashboard,
    wait_for_app,
    watch_errors,
)

from cinelake.app import page as app_page
from cinelake.config import Settings, load_settings
from cinelake.warehouse.published import ZONES, open_published
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

GOOD, BAD = date(2024, 5, 1), date(2024, 5, 2)
# killed as publishing starts, then once it has published (the log is written after)
KILLED_AT = {date(2024, 5, 3): "START hook: cinelake.on-run-end", date(2024, 5, 4): "published "}


@dataclass
class Lake:
    env: dict[str, str]
    settings: Settings
    work: Path

    def land(self, day: date, titles: range, rating: str = "7.1", replace: bool = False) -> None:
        movies = [MOVIE_ROW.format(n=n).replace("|7.1|", f"|{rating}|") for n in titles]
        series = [SERIES_ROW.format(n=n + 5000) for n in titles]
        folder = self.work / f"{day.isoformat()}-{rating}"
        folder.mkdir()
        files = {
            MOVIES: write_csv(folder / "movies.csv", MOVIES_COLUMNS, movies),
            SERIES: write_csv(folder / "series.csv", SERIES_COLUMNS, series),
        }
        ingest(self.settings, files, day, replace)

    def build(self, *args: str, background: bool = False) -> Any:
        return run_venv_program(self.env, "cinelake", "build", *args, background=background)

    def published(self) -> dict[str, tuple[int, int, int | None]]:
        """Each published table: its rows, a digest of their values, its snapshot id."""
        con = open_published(self.settings)
        try:
            names = con.execute(
                "select schema_name || '.' || table_name from duckdb_tables()"
                " where database_name = 'lake' and list_contains(?, schema_name)"
                " and table_name != 'publications'",
                [list(ZONES)],
            ).fetchall()
            found = {}
            for (name,) in names:  # names from the catalog, not from input
                rows, digest = con.sql(
                    f"select count(*), coalesce(bit_xor(hash(t)), 0) from lake.{name} as t"  # noqa: S608
                ).fetchone()
                newest = con.sql(
                    f"select max_by(snapshot_id, sequence_number)"  # noqa: S608
                    f" from iceberg_snapshots(lake.{name})"
                ).fetchone()[0]
                found[name] = (rows, digest, newest)
            return found
        finally:
            con.close()

    def sql(self, query: str, *args: str) -> subprocess.CompletedProcess[str]:
        return run_venv_program(self.env, "cinelake", "sql", "--csv", *args, query)


@pytest.fixture(scope="module")
def lake(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lake]:
    work = tmp_path_factory.mktemp("lakehouse")
    env = dbt_env(lake_env, work, "cinelake-lakehouse-test")
    lake = Lake(env, load_settings(env), work)
    lake.land(GOOD, range(1, 26))
    done = lake.build()
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    yield lake


def test_a_build_whose_tests_fail_publishes_nothing(lake: Lake) -> None:
    before = lake.published()
    assert before["refined.dim_titles"][0] == 50  # 25 movies, 25 series
    lake.land(BAD, range(1, 4), rating="11.5")  # a rating out of range
    failed = lake.build()
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "published nothing" in output
    assert "int_credit_rows__average_rating_between_1_and_10" in output  # which test
    assert MOVIES.raw_key(BAD) in output  # and which Raw file
    # every published table kept its snapshot; the zones agree on the last good build
    assert lake.published() == before
    got = lake.sql(
        "select count(*), max(average_rating) from trusted.titles where title_type = 'movie'"
    )
    assert got.stdout.splitlines()[1] == "25,7.1", got.stdout + got.stderr
    # the bad rows were written and tested where readers do not look
    con = read_warehouse(lake.settings, Path(lake.env["CINELAKE_WAREHOUSE"]))
    try:
        staged = con.sql("select max(average_rating) from intermediate.int_credit_rows__unioned")
        assert float(staged.fetchone()[0]) == 11.5
    finally:
        con.close()


@pytest.mark.slow  # a full-refresh build while readers query
def test_readers_are_not_blocked_by_a_build(lake: Lake) -> None:
    build = lake.build("--full-refresh", background=True)
    try:
        answers = []
        while build.poll() is None and len(answers) < 3:
            started = time.perf_counter()
            got = lake.sql("select count(*) from refined.dim_titles")
            answers.append((got.returncode, got.stdout, time.perf_counter() - started))
        still_running = build.poll() is None
    finally:
        output = build.communicate(timeout=900)[0]
    assert answers and still_running, output[-3000:]
    for code, out, seconds in answers:
        assert code == 0 and out.splitlines()[1] == "50", out
        print(f"a reader answered in {seconds:.2f} s during a build")


@pytest.mark.slow  # four builds, two of them killed
def test_a_killed_build_leaves_each_table_at_its_old_or_new_snapshot(lake: Lake) -> None:
    # the bad day is landed again, fixed: else every later build fails on it, since the
    # history (title_snapshots) reads every landed day
    lake.land(BAD, range(1, 4), replace=True)
    before = lake.published()
    for titles, (day, moment) in enumerate(KILLED_AT.items(), start=40):
        lake.land(day, range(1, titles + 1))
        build = lake.build(background=True)
        assert build.stdout is not None
        for line in build.stdout:
            if moment in line:
                os.kill(build.pid, signal.SIGKILL)
                break
        build.wait(timeout=60)
        assert build.returncode == -signal.SIGKILL
        killed = lake.published()
        done = lake.build()
        failures = [line for line in done.stdout.splitlines() if "rror" in line or "FAIL" in line]
        assert done.returncode == 0, (moment, failures[-30:], done.stderr[-2000:])
        after = lake.published()
        # a table's rows are those of the last good build or of this one, never a mix
        # (its snapshot may be new either way: the finished build publishes again)
        for name, (rows, digest, _) in killed.items():
            assert (rows, digest) in (before[name][:2], after[name][:2]), name
        assert after["refined.dim_titles"][0] == 2 * titles
        before = after


@pytest.mark.slow  # reads the builds of the test above: runs with it
def test_time_travel_reads_an_earlier_build(lake: Lake) -> None:
    builds = lake.sql(
        "select build_id, min(published_at) from audit.publications group by 1 order by 2"
    ).stdout.splitlines()[1:]
    assert len(builds) >= 2
    first_build, first_time = builds[0].split(",")
    first = lake.sql("select count(*) from refined.dim_titles", "--build", first_build)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[1] == "50"
    as_of = lake.sql("select count(*) from refined.dim_titles", "--as-of", first_time)
    assert as_of.stdout.splitlines()[1] == "50", as_of.stderr
    now = lake.sql("select count(*) from refined.dim_titles")
    assert now.stdout.splitlines()[1] == "82"
    never = lake.sql("select 1", "--as-of", "2001-01-01T00:00:00")
    assert never.returncode != 0
    assert "nothing was published at or before 2001-01-01" in never.stderr


def test_the_dashboard_shows_an_earlier_build(lake: Lake, browser: Browser) -> None:
    first_build = lake.sql(
        "select build_id from audit.publications order by published_at limit 1"
    ).stdout.splitlines()[1]
    # the first build had one load: no title history yet; the latest has several loads
    for args, charts, pinned in (
        (("--build", first_build), CHARTS, True),
        ((), CHARTS + 1, False),
    ):
        with running_dashboard(lake.env, *args) as url:
            page = browser.new_page(viewport={"width": 1500, "height": 3000})
            errors = watch_errors(page)
            page.goto(url)
            wait_for_app(page, f"{charts} drawn charts", f"{DRAWN_CHARTS} >= arg", charts)
            caption = page.get_by_text(app_page.pinned_caption(None, first_build) or "")
            history_note = page.get_by_text(app_page.NEEDS_TWO_LOADS)
            assert caption.count() == int(pinned), args
            assert page.locator(".js-plotly-plot").count() == charts, args
            assert history_note.count() == (2 if pinned else 1), args  # movers (+ history)
            page.close()
        assert errors == [], args
