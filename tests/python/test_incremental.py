"""Daily runs with `cinelake build`: only new or replaced Raw files cause work.

One lake lives through a sequence of days, as in production: two loads land and are
built; a run with nothing new does nothing; a new day, then a late day and a day landed
again with `--replace`, each rewrite exactly their own history partitions; two builds at
once; and at the end `--full-refresh` from Raw gives every table exactly as the
incremental runs left it.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cinelake_tools.sample.days import write_days
from conftest import dbt_env, read_warehouse, run_venv_program

from cinelake.config import load_settings
from cinelake.warehouse.published import ZONES, open_published
from ingest.inbox import read_loads
from ingest.run_ingest import ingest

SNAPSHOTS = "trusted.title_snapshots"


# A lake through six daily builds (minutes): out of `make test-quick`.
pytestmark = pytest.mark.slow


def cinelake_build(env: dict[str, str], *args: str, background: bool = False) -> Any:
    return run_venv_program(env, "cinelake", "build", *args, background=background)


def run_results(env: dict[str, str]) -> dict[str, Any]:
    return json.loads((Path(env["DBT_TARGET_PATH"]) / "run_results.json").read_text())


def executed_models(env: dict[str, str]) -> set[str]:
    return {
        r["unique_id"].split(".")[-1]
        for r in run_results(env)["results"]
        if r["unique_id"].startswith("model.")
    }


class Lake:
    """The test's lake and warehouse, with the loads still to land in load order."""

    def __init__(self, env: dict[str, str], loads: list[tuple[date, dict]]) -> None:
        self.env = env
        self.settings = load_settings(env)
        self.loads = loads

    def land(self, day: date, files: dict, replace: bool = False) -> None:
        ingest(self.settings, files, day, replace)

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = cinelake_build(self.env, *args)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
        return done

    def files(self, table: str) -> dict[str, int]:
        """The data files of a published table now (path -> rows)."""
        con = open_published(self.settings)
        try:
            return dict(
                con.execute(
                    "select file_path, record_count from iceberg_metadata(?)"
                    " where manifest_content = 'DATA' and status != 'DELETED'",
                    [f"lake.{table}"],
                ).fetchall()
            )
        finally:
            con.close()

    def snapshots(self) -> dict[str, int | None]:
        """The current snapshot of every published table."""
        con = open_published(self.settings)
        try:
            names = con.execute(
                "select schema_name || '.' || table_name from duckdb_tables()"
                " where database_name = 'lake' and list_contains(?, schema_name)",
                [list(ZONES)],
            ).fetchall()
            return {
                name: con.execute(
                    "select max_by(snapshot_id, sequence_number) from iceberg_snapshots(?)",
                    [f"lake.{name}"],
                ).fetchone()[0]
                for (name,) in names
            }
        finally:
            con.close()

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every model's rows (sorted) as the warehouse reads them."""
        con = read_warehouse(self.settings, Path(self.env["CINELAKE_WAREHOUSE"]))
        try:
            names = con.sql(
                "select schema_name || '.' || view_name from duckdb_views() where not internal"
                " union all select schema_name || '.' || table_name from duckdb_tables()"
                " where table_name != 'publications'"  # the log: more rows with each build
            ).fetchall()
            # names come from the catalog, not from input
            query = "select * from {} order by all"
            return {name: con.sql(query.format(name)).fetchall() for (name,) in names}
        finally:
            con.close()


def partition_of(path: str) -> str:
    """The load date of a data file, from its partition folder (`load_date=...`, or
    PyIceberg's `identity_load_date_N=...`)."""
    found = re.search(r"load_date(?:_\d+)?=(\d{4}-\d{2}-\d{2})/", path)
    assert found, path
    return found.group(1)


@pytest.fixture(scope="module")
def lake(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lake]:
    work = tmp_path_factory.mktemp("incremental")
    env = dbt_env(lake_env, work, "cinelake-incremental-test")
    write_days(work / "days", titles=300, days=4, seed=11)
    loads = read_loads(work / "days")
    lake = Lake(env, loads)
    for day, files in loads[:2]:
        lake.land(day, files)
    lake.build()
    yield lake


def test_first_build_writes_one_partition_per_landed_date(lake: Lake) -> None:
    assert "title_snapshots" in executed_models(lake.env)
    landed = sorted(day.isoformat() for day, _ in lake.loads[:2])
    assert sorted({partition_of(path) for path in lake.files(SNAPSHOTS)}) == landed


def test_a_run_with_no_new_data_does_no_model_work(lake: Lake) -> None:
    before = lake.snapshots()
    done = lake.build()
    results = run_results(lake.env)
    assert results["args"]["which"] == "build"
    assert results["results"] == []  # dbt ran no model, seed or test
    assert "Nothing to do" in done.stdout
    assert lake.snapshots() == before  # nothing published: no table has a new snapshot


def test_a_new_day_writes_only_its_own_partition(lake: Lake) -> None:
    before = lake.files(SNAPSHOTS)
    day, files = lake.loads[2]
    lake.land(day, files)
    lake.build()
    after = lake.files(SNAPSHOTS)
    new = {k for k in after if k not in before}
    assert {partition_of(k) for k in new} == {day.isoformat()}
    assert all(after[k] == v for k, v in before.items())  # no older date was rewritten
    assert {"title_snapshots", "title_rating_history", "rating_movers"} <= executed_models(lake.env)


def test_a_late_day_and_a_replaced_day_rewrite_exactly_those(lake: Lake) -> None:
    late_day, late_files = lake.loads[3]
    assert late_day < max(day for day, _ in lake.loads[:3]), "the sample lands one day late"
    replaced_day = lake.loads[0][0]
    before = lake.files(SNAPSHOTS)
    lake.land(late_day, late_files)
    lake.land(replaced_day, lake.loads[1][1], replace=True)  # other files, same date
    lake.build()
    after = lake.files(SNAPSHOTS)
    changed = {partition_of(k) for k in after if before.get(k) != after[k]}
    assert changed == {late_day.isoformat(), replaced_day.isoformat()}

    # the replaced date now holds the replacing files' rows, read at their new version
    con = read_warehouse(lake.settings, Path(lake.env["CINELAKE_WAREHOUSE"]))
    try:

        def one(sql: str, day: date) -> tuple[Any, ...]:
            return con.execute(sql, [day]).fetchone()

        got = one(
            "select count(*), count(distinct landed_at) from trusted.title_snapshots"
            " where load_date = ?",
            replaced_day,
        )
        expected = one(
            "select count(*) from trusted.title_snapshots where load_date = ?", lake.loads[1][0]
        )
        newest = one(
            "select max(landed_at) from staging.stg_imdb__raw_files where load_date = ?",
            replaced_day,
        )
        kept = one(
            "select max(landed_at) from trusted.title_snapshots where load_date = ?",
            replaced_day,
        )
    finally:
        con.close()
    assert got[0] == expected[0] and got[1] >= 1
    assert kept == newest


def test_two_builds_at_once_one_refuses_clearly(lake: Lake) -> None:
    before = lake.files(SNAPSHOTS)
    day = max(d for d, _ in lake.loads) + timedelta(days=1)
    lake.land(day, lake.loads[2][1])
    builds = [cinelake_build(lake.env, background=True) for _ in range(2)]
    outputs = [(b.communicate(timeout=900)[0], b.returncode) for b in builds]
    codes = sorted(code for _, code in outputs)
    assert codes == [0, 1], [out[-2000:] for out, _ in outputs]
    refused = next(out for out, code in outputs if code != 0)
    assert "another cinelake build is running" in refused
    assert "nothing was changed" in refused
    after = lake.files(SNAPSHOTS)
    assert {partition_of(k) for k in after if k not in before} == {day.isoformat()}
    # the state the winner saved: nothing is left to do
    lake.build()
    assert run_results(lake.env)["results"] == []


def test_full_refresh_gives_exactly_the_incremental_result(lake: Lake) -> None:
    incremental = lake.tables()
    partitions = {partition_of(path) for path in lake.files(SNAPSHOTS)}
    lake.build("--full-refresh")
    assert run_results(lake.env)["args"]["full_refresh"] is True
    refreshed = lake.tables()
    assert sorted(refreshed) == sorted(incremental)
    assert "trusted.title_snapshots" in refreshed
    for name, rows in incremental.items():
        assert refreshed[name] == rows, name
    assert {partition_of(path) for path in lake.files(SNAPSHOTS)} == partitions


def test_one_load_date_reads_only_that_dates_files(lake: Lake) -> None:
    """The date filter `stale_partitions_filter` puts on the model reaches the CSV reader: DuckDB
    opens one file per kind, not every landed partition (the plan says which)."""
    compiled = Path(lake.env["DBT_TARGET_PATH"]) / "compiled/cinelake/models/trusted"
    model_sql = (compiled / "title_snapshots.sql").read_text()
    day = lake.loads[0][0]
    con = read_warehouse(lake.settings, Path(lake.env["CINELAKE_WAREHOUSE"]))
    try:
        landed = con.sql("select count(*) from staging.stg_imdb__raw_files").fetchone()[0]
        # the query is dbt's own compiled model, the date a parameter
        explain = f"explain analyze select count(*) from ({model_sql}) as m where load_date = ?"  # noqa: S608
        plan = con.execute(explain, [day]).fetchall()[0][1]
    finally:
        con.close()
    assert landed >= 6  # several dates of each kind to choose from
    scans = re.findall(r"Function: READ_CSV.*?Total Files Read: (\d+)", plan, re.DOTALL)
    assert scans and all(files == "1" for files in scans), plan
