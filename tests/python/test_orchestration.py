"""The Dagster code location (cinelake/orchestration): it validates; its daily job, run in
this process on a 2-day sample, lands, builds and checks each day and leaves the Trusted
and Refined tables `cinelake run`'s steps leave; a backfill of the missed days leaves the
same history; a failing dbt test fails its asset check and stops what is downstream; a
bad file fails its own day only, with the one-line ingest error.

Each lake here is a real one (the session's SeaweedFS, a bucket and catalog warehouse of
its own) and every step runs what it runs in production: `ingest`, dbt as a child
process, the publish hook."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from cinelake_tools.sample.days import write_days
from conftest import (
    MOVIE_ROW,
    PROJECT,
    SERIES_ROW,
    dbt_env,
    environment,
    run_venv_program,
    write_csv,
)
from dagster import (
    AssetKey,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
    materialize,
)
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from cinelake.config import Settings, load_settings
from cinelake.orchestration import definitions
from cinelake.orchestration.automation import DAILY_JOB
from cinelake.orchestration.raw import MOVIES_KEY, SERIES_KEY
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.warehouse.published import open_published
from ingest.inbox import read_loads
from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS

TITLES = 150  # sample movie titles: enough for every model to have rows
DAYS = 2
# What a daily run materializes, whatever else changed: its day's Raw files, the models
# they feed, the enrichment and the report.
EXPECTED = {
    MOVIES_KEY,
    SERIES_KEY,
    AssetKey(["ingest", "manifests"]),
    AssetKey(["trusted", "titles"]),
    AssetKey(["trusted", "title_snapshots"]),
    AssetKey(["tmdb", "responses"]),
    AssetKey(["refined", "dim_titles"]),
    AssetKey(["refined", "title_rating_history"]),
    AssetKey(["report"]),
}
COMPARED_ZONES = ("trusted", "refined")


@dataclass
class Orchestrated:
    """A lake of its own, with the code location's definitions loaded against it."""

    env: dict[str, str]
    settings: Settings
    defs: Definitions

    def run(self, partition: str | None = None, **kwargs: object) -> ExecuteInProcessResult:
        """The daily job, in this process, on an instance of its own."""
        job = self.defs.resolve_job_def(DAILY_JOB)
        with environment(self.env), DagsterInstance.ephemeral() as instance:
            return job.execute_in_process(
                partition_key=partition, instance=instance, raise_on_error=False, **kwargs
            )


def orchestrated(lake_env: dict[str, str], work: Path, inbox: Path) -> Orchestrated:
    bucket = "cinelake-orch-" + hashlib.sha256(str(work).encode()).hexdigest()[:12]
    env = dbt_env(lake_env, work, bucket)
    env |= {"CINELAKE_INBOX": str(inbox), "DAGSTER_HOME": str(work / "dagster")}
    with environment(env):
        defs = definitions.defs()
    return Orchestrated(env, load_settings(env), defs)


def materialized(result: ExecuteInProcessResult) -> set[AssetKey]:
    return {event.asset_key for event in result.get_asset_materialization_events()}


def partitions(result: ExecuteInProcessResult, key: AssetKey) -> set[str | None]:
    return {e.partition for e in result.get_asset_materialization_events() if e.asset_key == key}


def started(result: ExecuteInProcessResult) -> set[str]:
    return {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}


def check_evaluations(result: ExecuteInProcessResult) -> dict[str, bool]:
    """Each asset check the run evaluated (`asset/check`) and whether it passed."""
    found = {}
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            found[f"{data.asset_key.to_user_string()}/{data.check_name}"] = data.passed
    return found


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def published_tables(settings: Settings) -> dict[str, tuple[int, int]]:
    """Each Trusted and Refined table: its rows and a digest of their values, leaving out
    the times of the loads and builds and the bucket's name (they differ between two
    lakes built apart)."""
    con = open_published(settings)
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where database_name = 'lake' and list_contains(?, schema_name)",
            [list(COMPARED_ZONES)],
        ).fetchall()
        found = {}
        for schema, table in tables:
            described = con.sql(f"describe lake.{schema}.{table}").fetchall()
            columns = [
                # a Raw file's URL names the lake's own bucket
                f"replace({quoted(name)}, '{settings.bucket}', 'BUCKET') as {quoted(name)}"
                if kind == "VARCHAR"
                else quoted(name)
                for name, kind, *_ in described
                if "TIMESTAMP" not in kind and not name.endswith("_at")
            ]
            rows, digest = con.sql(
                "select count(*), coalesce(bit_xor(hash(t)), 0) from"  # noqa: S608
                f" (select {', '.join(columns)} from lake.{schema}.{table}) as t"
            ).fetchone()
            found[f"{schema}.{table}"] = (rows, digest)
        return found
    finally:
        con.close()


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    write_days(folder, TITLES, DAYS)
    return folder


@pytest.fixture(scope="module")
def daily(
    lake_env: dict[str, str], inbox: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Orchestrated, list[ExecuteInProcessResult]]:
    """The daily job run once per day of the inbox, in the order the days arrive."""
    lake = orchestrated(lake_env, tmp_path_factory.mktemp("daily"), inbox)
    results = [lake.run(day.isoformat()) for day, _ in read_loads(inbox)]
    return lake, results


def test_the_code_location_validates(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "DAGSTER_"))}
    env |= {
        "CINELAKE_LAKE_DIR": str(tmp_path / "lake"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DAGSTER_DISABLE_TELEMETRY": "true",
    }
    (tmp_path / "dagster").mkdir()
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "definitions",
            "validate",
            "-m",
            "cinelake.orchestration.definitions",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "All code locations passed validation." in output


@pytest.mark.slow  # the daily runs of the 2-day sample: minutes
def test_the_daily_job_lands_builds_and_checks_each_day(
    daily: tuple[Orchestrated, list[ExecuteInProcessResult]],
) -> None:
    lake, results = daily
    for (day, _), result in zip(
        read_loads(lake.settings.orchestration.inbox), results, strict=True
    ):
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        assert materialized(result) >= EXPECTED
        assert partitions(result, MOVIES_KEY) == {day.isoformat()}
        checks = check_evaluations(result)
        assert checks, "no dbt test ran as an asset check"
        assert all(checks.values()), [name for name, passed in checks.items() if not passed]
    # the first day built every model; each model's tests came with it
    assert len(check_evaluations(results[0])) > 100


@pytest.mark.slow  # the daily runs of the 2-day sample: minutes
def test_the_daily_job_leaves_the_tables_cinelake_run_leaves(
    daily: tuple[Orchestrated, list[ExecuteInProcessResult]],
    lake_env: dict[str, str],
    inbox: Path,
    tmp_path: Path,
) -> None:
    lake, _ = daily
    # `cinelake run`'s steps on the same inbox: land every day, then one build
    env = dbt_env(lake_env, tmp_path, "cinelake-orch-reference")
    for step in (["ingest", "--from-days", str(inbox)], ["build"]):
        done = run_venv_program(env, "cinelake", *step)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    orchestrated_tables = published_tables(lake.settings)
    assert orchestrated_tables.keys() >= {"trusted.title_snapshots", "refined.dim_titles"}
    assert orchestrated_tables["trusted.title_snapshots"][0] > 0
    assert orchestrated_tables == published_tables(load_settings(env))


@pytest.mark.slow  # the daily runs of the 2-day sample: minutes
def test_a_backfill_of_missed_days_leaves_the_day_by_day_history(
    daily: tuple[Orchestrated, list[ExecuteInProcessResult]],
    lake_env: dict[str, str],
    inbox: Path,
    tmp_path: Path,
) -> None:
    days = sorted(day.isoformat() for day, _ in read_loads(inbox))
    lake = orchestrated(lake_env, tmp_path, inbox)
    # one run for every missed day (the Raw loads' backfill policy), as the UI launches it
    result = lake.run(
        tags={ASSET_PARTITION_RANGE_START_TAG: days[0], ASSET_PARTITION_RANGE_END_TAG: days[-1]}
    )
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    assert materialized(result) >= EXPECTED
    assert partitions(result, MOVIES_KEY) == set(days)  # both days, landed in this one run
    assert published_tables(lake.settings) == published_tables(daily[0].settings)


def _day(inbox: Path, day: date, rating: str = "7.1", movies_header: str | None = None) -> None:
    folder = inbox / day.isoformat()
    folder.mkdir(parents=True)
    movies = [MOVIE_ROW.format(n=n).replace("|7.1|", f"|{rating}|") for n in range(1, 26)]
    header = tuple(movies_header.split("|")) if movies_header else MOVIES_COLUMNS
    write_csv(folder / "movies.csv", header, movies)
    series = [SERIES_ROW.format(n=n) for n in range(500, 520)]
    write_csv(folder / "series.csv", SERIES_COLUMNS, series)


def test_a_failing_dbt_test_fails_its_check_and_stops_what_is_downstream(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    good, bad = date(2024, 5, 1), date(2024, 5, 2)
    inbox = tmp_path / "inbox"
    _day(inbox, good)
    _day(inbox, bad, rating="11.5")  # a rating out of range
    lake = orchestrated(lake_env, tmp_path, inbox)
    assert lake.run(good.isoformat()).success
    before = published_tables(lake.settings)

    result = lake.run(bad.isoformat())
    assert not result.success
    checks = check_evaluations(result)
    failed = [name for name, passed in checks.items() if not passed]
    assert failed == [
        "intermediate/int_credit_rows__unioned/int_credit_rows__average_rating_between_1_and_10"
    ], checks
    assert started(result) == {"raw_loads", "dbt_titles"}  # and nothing after them
    assert not materialized(result) & {AssetKey(["tmdb", "responses"]), AssetKey(["report"])}
    assert published_tables(lake.settings) == before  # nothing published


def test_a_bad_file_fails_its_own_day_with_the_one_line_error(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    good, bad = date(2024, 5, 1), date(2024, 5, 2)
    inbox = tmp_path / "inbox"
    _day(inbox, good)
    _day(inbox, bad, movies_header="|".join(("id", *MOVIES_COLUMNS[1:-1])))  # a column short
    lake = orchestrated(lake_env, tmp_path, inbox)

    result = lake.run(bad.isoformat())
    assert not result.success
    (failure,) = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert failure.step_key == "raw_loads"
    message = failure.event_specific_data.error.message
    assert "movies.csv" in message and "header" in message.lower(), message
    assert not materialized(result)  # nothing downstream ran for it
    assert started(result) == {"raw_loads"}

    # the other day lands on its own
    (raw,) = [a for a in lake.defs.assets if getattr(a, "op", None) and a.op.name == "raw_loads"]
    with environment(lake.env):
        landed = materialize(
            [raw], partition_key=good.isoformat(), resources={"cinelake": CinelakeSettings()}
        )
    assert landed.success and {MOVIES_KEY, SERIES_KEY} <= materialized(landed)
