"""The same dbt project on Apache Spark (PySpark in local mode, through the local mirror).

One SparkSession serves the whole test run: dbt runs in this process (dbtRunner), and
dbt-spark's `method: session` takes the process's session, started by the first build.
Each lake gets its own mirror folder; the Spark metastore is the first build's.

- The fixtures of test_warehouse (doubled quotes, CRLF, `\\N`, empty strings, a value
  that cannot be cast, a row with a missing field) are built on both engines, on Spark
  by `cinelake spark build` itself: the rejected lines reach `audit.raw_rejects` with
  file, line and reason and fail the build on Spark as on DuckDB; there the first dbt
  build fails, so the later phases (predict, the predictions' build, the publication)
  do not run: nothing is published, nothing of Trusted or Refined goes to the bucket,
  and the title model then refuses to run without predictions.
  Every other Trusted, Refined and audit table holds the same rows on both engines.
  TMDB records shaped on real bodies (test_tmdb_warehouse's: budget and revenue 0,
  "" and null strings, a French body, the 2013 shape, a 404, a series, a title fetched
  twice) are landed there too, so the TMDB models and their data tests run on real
  records; every unit test that runs on DuckDB runs and passes on Spark.
- A generated sample over three load dates is built on both engines (without the data
  tests; on Spark by the phases of `spark build` after the mirror sync, without the
  publication: build, predict, build of the predictions) and compared the same way,
  `title_rating_predictions` and `model_metrics` included, with the sample's own TMDB
  bodies landed by two client runs (one before each Spark build: a third of the titles
  fetched twice, one found and then gone); the build after the third date reads one file
  per CSV scan; the tests of the predictions (generic and the three singular ones) pass
  on Spark, the title model refuses predictions older than its inputs, the daily
  history's full refresh equals its incremental result, and `cinelake spark predict` equals
  DuckDB's Python model.
- One bucket and one Iceberg catalog are built by DuckDB, then by `cinelake spark build`
  (which publishes into the same tables), then by DuckDB again: each build passes,
  after the Spark build readers see Spark's rows (equal to DuckDB's), and
  `audit.publications` logs the engines in that order.
"""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    PROJECT,
    dbt_env,
    environment,
    read_warehouse,
    run_dbt,
    run_venv_program,
    write_csv,
)
from test_tmdb_warehouse import NEW_RECORDS, OLD_RECORDS
from test_warehouse import MOVIE_ROWS, OLD_MOVIE_ROWS, SERIES_ROWS
from tmdb_landing import csv_title_ids, land_records, not_found, records_from_responses

from cinelake.config import load_settings
from cinelake.spark import mirror
from cinelake.spark.build import (
    PREDICTIONS,
    build_on_spark,
    failed_nodes,
    spark_build,
    spark_environment,
)
from cinelake.spark.predict import MODEL_NAME, predict
from cinelake.warehouse.daily import BuildError
from cinelake.warehouse.published import open_published
from ingest.landing import ensure_bucket
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

pytestmark = pytest.mark.spark

# The layers a build writes that both engines build.
COMPARED_SCHEMAS = ("trusted", "refined", "audit")
# The log of the publications, not a model: each build adds its own rows.
PUBLICATION_LOG = "audit.publications"
# What `cinelake spark build` builds after `cinelake spark predict`: a build that fails
# before has none.
AFTER_PREDICT = {f"refined.{MODEL_NAME}", "refined.model_metrics"}
# The singular tests of the predictions.
PREDICTION_TESTS = {
    "assert_forecast_model_metrics_match_predictions",
    "assert_forecast_title_rating_predictions_columns",
    "assert_forecast_title_split_is_disjoint_and_complete",
}
# Relative tolerance for floating-point measures (means and weighted ratings are
# summed in another order by each engine).
FLOAT_TOLERANCE = 1e-9
# Seeds and models without their tests: Spark spends about a second per data test, and
# the quirks fixture runs every test on Spark already.
NO_TESTS = ("--exclude", "resource_type:test", "resource_type:unit_test")
# Columns whose text each engine words its own way: the reader's error message (the
# reject type, column and line are compared).
WORDED_BY_ENGINE = {"reject_reason"}


class SparkLake:
    """One bucket built on both engines: DuckDB in a subprocess, Spark in this process."""

    def __init__(self, lake_env: dict[str, str], work: Path, bucket: str) -> None:
        self.root = work / "mirror"
        self.env = {**dbt_env(lake_env, work, bucket), "CINELAKE_SPARK_MIRROR": str(self.root)}
        self.settings = load_settings(self.env)
        self.spark_env = {
            **self.env,
            **spark_environment(self.root),
            "DBT_TARGET_PATH": str(work / "spark-target"),
            "TZ": "UTC",
        }
        ensure_bucket(make_client(self.settings), self.settings.bucket)

    def duckdb(self, *args: str) -> Any:
        return run_dbt(self.env, *args)

    def spark(self, *args: str) -> Any:
        """`dbt <args> --target spark` on the mirror, after syncing Raw down."""
        from dbt.cli.main import dbtRunner

        mirror.down(self.settings, self.root)
        with environment(self.spark_env):
            return dbtRunner().invoke([*args, "--target", "spark", "--project-dir", "."])

    def spark_build(self, *dbt_args: str) -> None:
        """`cinelake spark build --full-refresh` (every phase, the publication included)."""
        with environment(self.spark_env):
            spark_build(self.settings, PROJECT, full_refresh=True, dbt_args=dbt_args)

    def spark_phases(self, *dbt_args: str, full_refresh: bool = False) -> None:
        """`cinelake spark build` without its publication (the DuckDB build of the same catalog is
        compared with Spark's own tables): Raw down, then build, predict, build the
        predictions."""
        mirror.down(self.settings, self.root)
        with environment(self.spark_env):
            build_on_spark(self.root, PROJECT, full_refresh, dbt_args)

    def duckdb_tables(self, staged: bool = False) -> dict[str, list[tuple[Any, ...]]]:
        """The published tables, by `<zone>.<table>`; with `staged`, what the last DuckDB
        build wrote (`lake.<zone>_staged`), published or not (a failed build publishes
        nothing)."""
        suffix = "_staged" if staged else ""
        con = read_warehouse(self.settings, Path(self.env["CINELAKE_WAREHOUSE"]))
        try:
            names = con.execute(
                "select table_schema, table_name from information_schema.tables"
                " where table_catalog = 'lake' and list_contains(?, table_schema)"
                " and table_schema || '.' || table_name != ?",
                [[schema + suffix for schema in COMPARED_SCHEMAS], PUBLICATION_LOG],
            ).fetchall()
            return {
                f"{schema.removesuffix(suffix)}.{name}": self._rows(
                    con.sql(f'select * from lake."{schema}"."{name}"')  # noqa: S608
                )
                for schema, name in names
            }
        finally:
            con.close()

    @staticmethod
    def _rows(relation: Any) -> list[tuple[Any, ...]]:
        columns = relation.columns
        order = sorted(range(len(columns)), key=lambda i: columns[i])
        return [
            tuple((columns[i], normal(row[i])) for i in order if columns[i] not in WORDED_BY_ENGINE)
            for row in relation.fetchall()
        ]

    def spark_tables(self) -> dict[str, list[tuple[Any, ...]]]:
        session = spark_session()
        found = {}
        for schema in COMPARED_SCHEMAS:
            for table in session.catalog.listTables(schema):
                if table.isTemporary:
                    continue
                frame = session.table(f"{schema}.{table.name}")
                found[f"{schema}.{table.name}"] = [
                    tuple(
                        sorted(
                            (name, normal(value))
                            for name, value in row.asDict().items()
                            if name not in WORDED_BY_ENGINE
                        )
                    )
                    for row in frame.collect()
                ]
        return found

    def spark_rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in spark_session().sql(sql).collect()]


def spark_session() -> Any:
    """The process's SparkSession, the one dbt-spark's session mode started."""
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    return session


def csv_files_read_since(started_ms: int) -> list[int]:
    """How many files each CSV scan read, in every Spark query since `started_ms` (epoch
    ms): Spark's own SQL metrics. Read right after the build, while its queries are
    still among those Spark keeps (spark.sql.ui.retainedExecutions)."""
    store = spark_session()._jsparkSession.sharedState().statusStore()
    executions = store.executionsList()
    counts = []
    for i in range(executions.size()):
        execution = executions.apply(i)
        if execution.submissionTime() < started_ms:
            continue
        values = store.executionMetrics(execution.executionId())
        nodes = store.planGraph(execution.executionId()).allNodes()
        for j in range(nodes.size()):
            node = nodes.apply(j)
            if not node.name().startswith("Scan csv"):
                continue
            metrics = node.metrics()
            for k in range(metrics.size()):
                metric = metrics.apply(k)
                if metric.name() == "number of files read":
                    value = values.get(metric.accumulatorId())
                    counts.append(int(value.get()) if value.isDefined() else 0)
    return counts


def normal(value: Any) -> Any:
    """A value as both engines can be compared on: decimals as floats, lists as tuples,
    timestamps as naive UTC (DuckDB gives a timestamptz an offset, Spark gives none)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return tuple(normal(v) for v in value)
    return value


def same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float | int):
        return math.isclose(left, right, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return left == right


def before_predict(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """The tables without those `cinelake spark build` builds after `cinelake spark predict`."""
    return {name: rows for name, rows in tables.items() if name not in AFTER_PREDICT}


def sort_key(row: tuple[Any, ...]) -> str:
    """A row's text with floats rounded, so that rows pair up across engines."""
    return repr([(n, round(v, 6) if isinstance(v, float) else v) for n, v in row])


def differences(
    duck: dict[str, list[tuple[Any, ...]]], spark: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """Every table whose rows differ, with the keys (first column) of the differing rows.

    Rows are matched on their sorted text form, then compared with the float tolerance.
    """
    found = []
    for table in sorted(set(duck) | set(spark)):
        if table not in duck or table not in spark:
            found.append(f"{table}: built by {'DuckDB' if table in duck else 'Spark'} only")
            continue
        left = sorted(duck[table], key=sort_key)
        right = sorted(spark[table], key=sort_key)
        if len(left) != len(right):
            found.append(f"{table}: {len(left)} rows on DuckDB, {len(right)} on Spark")
            continue
        for a, b in zip(left, right, strict=True):
            if [name for name, _ in a] != [name for name, _ in b]:
                found.append(f"{table}: columns {[n for n, _ in a]} vs {[n for n, _ in b]}")
                break
            if not all(same(x, y) for (_, x), (_, y) in zip(a, b, strict=True)):
                key = next((v for n, v in a if n.endswith("_id")), a[0][1])
                found.append(f"{table}: key {key!r}: DuckDB {a} != Spark {b}")
                break
    return found


def run_statuses(target: Path) -> dict[str, str]:
    """The status of every node of the last dbt run with this target folder, by unique id
    (its run_results.json: written when the run fails too)."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    return {r["unique_id"]: r["status"] for r in results["results"]}


def unit_tests(statuses: dict[str, str]) -> dict[str, str]:
    return {node: status for node, status in statuses.items() if node.startswith("unit_test.")}


def column(rows: list[tuple[Any, ...]], name: str) -> list[Any]:
    """The values of one column of `rows` (as `duckdb_tables` and `spark_tables` give them)."""
    return [value for row in rows for column_name, value in row if column_name == name]


@pytest.fixture(scope="module")
def quirks(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> SparkLake:
    """test_warehouse's fixtures (with their three rejected lines) and test_tmdb_warehouse's
    TMDB records built on both engines, every test included."""
    work = tmp_path_factory.mktemp("spark-quirks")
    lake = SparkLake(lake_env, work, "cinelake-spark-quirks")
    (work / "old").mkdir()
    old = write_csv(work / "old" / "movies.csv", MOVIES_COLUMNS, OLD_MOVIE_ROWS)
    movies = write_csv(work / "movies.csv", MOVIES_COLUMNS, MOVIE_ROWS, newline="\r\n")
    ingest(lake.settings, {MOVIES: old}, date(2024, 1, 1))
    ingest(lake.settings, {MOVIES: movies}, date(2024, 1, 2))
    # the short series row is refused by `cinelake ingest`: put in place directly
    series = write_csv(work / "series.csv", SERIES_COLUMNS, SERIES_ROWS)
    s3 = make_client(lake.settings)
    s3.put_object(
        Bucket=lake.settings.bucket,
        Key=SERIES.raw_key(date(2024, 1, 2)),
        Body=series.read_bytes(),
    )
    # test_tmdb_warehouse's TMDB records (most of their titles are in these CSVs too)
    land_records(s3, lake.settings.bucket, OLD_RECORDS, date(2024, 7, 11), "run-a")
    land_records(s3, lake.settings.bucket, NEW_RECORDS, date(2024, 7, 12), "run-b", 4)
    lake.duck_result = lake.duckdb("build")
    lake.duck_statuses = run_statuses(Path(lake.env["DBT_TARGET_PATH"]))
    # its build failed (the rejects), so it published nothing: what it built
    lake.duck_tables = lake.duckdb_tables(staged=True)
    # a fresh lake: the history starts afresh in the shared metastore too
    with pytest.raises(BuildError) as failed:
        lake.spark_build()
    lake.spark_error = str(failed.value)
    lake.spark_statuses = run_statuses(Path(lake.spark_env["DBT_TARGET_PATH"]))
    return lake


def model_result(invocation: Any) -> Any:
    """The title model's result of a dbt invocation (its hooks have results too)."""
    return next(r for r in invocation.result.results if r.node.name == MODEL_NAME)


def test_spark_rejects_fail_the_build_like_duckdb(quirks: SparkLake) -> None:
    assert quirks.duck_result.returncode != 0
    failed_on_duckdb = [
        node for node, status in quirks.duck_statuses.items() if status in ("error", "fail")
    ]
    assert failed_on_duckdb == ["test.cinelake.assert_no_raw_rejects"]
    assert quirks.spark_error == (
        "dbt build on Spark failed (all but the predictions): assert_no_raw_rejects"
    )


def test_spark_build_stops_at_the_failed_phase(quirks: SparkLake) -> None:
    """No predict after the failed build, and nothing published: its DuckDB build failed
    too, so the catalog has no published table at all."""
    assert not (quirks.root / "Refined" / MODEL_NAME).exists()
    con = open_published(quirks.settings)
    try:
        published = con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where database_name = 'lake' and not ends_with(schema_name, '_staged')"
        ).fetchall()
    finally:
        con.close()
    assert published == []
    assert "trusted.titles" in quirks.duck_tables  # (the staged ones are there)


def test_spark_title_model_refuses_missing_predictions(quirks: SparkLake) -> None:
    result = quirks.spark("run", "--select", MODEL_NAME)
    assert failed_nodes(result) == [MODEL_NAME]
    message = model_result(result).message
    assert f"no predictions at {quirks.root}/Refined/{MODEL_NAME}" in message
    assert "cinelake spark predict" in message


def test_spark_runs_and_passes_every_unit_test_of_duckdb(quirks: SparkLake) -> None:
    on_duckdb = unit_tests(quirks.duck_statuses)
    assert on_duckdb and set(on_duckdb.values()) == {"pass"}, on_duckdb
    assert unit_tests(quirks.spark_statuses) == on_duckdb


def test_spark_rejected_lines_have_file_line_and_reason(quirks: SparkLake) -> None:
    bucket = quirks.settings.bucket
    got = quirks.spark_rows(
        "select source_file, source_line, column_name, reject_type, raw_line"
        " from audit.raw_rejects order by source_file"
    )
    assert got == [
        (f"s3://{bucket}/Raw/Local/CSV/Movies/2024/01/01/movies.csv", 3, "notaMedia", "cast",
         OLD_MOVIE_ROWS[1]),
        (f"s3://{bucket}/Raw/Local/CSV/Movies/2024/01/02/movies.csv", 8, "anoLancamento",
         "cast", MOVIE_ROWS[6]),
        (f"s3://{bucket}/Raw/Local/CSV/Series/2024/01/02/series.csv", 4, None,
         "missing columns", SERIES_ROWS[2]),
    ]  # fmt: skip


def test_spark_parses_the_quirks_like_duckdb(quirks: SparkLake) -> None:
    titles = dict(
        quirks.spark_rows("select title_id, primary_title from trusted.titles order by 1")
    )
    assert titles["tt0000001"] == 'Mujeres al borde de un ataque de "nervios"'
    assert "tt0000004" not in titles  # its only row was rejected
    duck, spark = quirks.duck_tables, quirks.spark_tables()
    # the comparison compares the TMDB layer's records too
    looked_up = {r["imdb_id"] for r in OLD_RECORDS + NEW_RECORDS}
    assert len(duck["trusted.tmdb_titles"]) == len(looked_up)
    assert len(duck["refined.comedy_animation_top_earners"]) > 0
    assert differences(before_predict(duck), before_predict(spark)) == []


def test_spark_writes_parquet_in_the_lake_layout(quirks: SparkLake) -> None:
    for zone, model in [("Trusted", "titles"), ("Refined", "dim_titles")]:
        folder = quirks.root / zone / model
        assert sorted(p.suffix for p in folder.glob("*.parquet")), folder
    partitions = sorted(p.name for p in (quirks.root / "Trusted" / "title_snapshots").iterdir())
    assert [p for p in partitions if not p.startswith(("_", "."))] == [
        "load_date=2024-01-01",
        "load_date=2024-01-02",
    ]
    # the Parquet stays in the mirror: readers read the catalog's tables, not the bucket's
    s3 = make_client(quirks.settings)
    for prefix in ("Trusted/", "Refined/"):
        listed = s3.list_objects_v2(Bucket=quirks.settings.bucket, Prefix=prefix)
        assert listed.get("KeyCount", 0) == 0, prefix


@pytest.fixture(scope="module")
def sample(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> SparkLake:
    """A generated sample over three load dates (one landed late), built on both engines:
    the first two dates, then the third (Spark's history incremental), then compared.
    Spark runs the phases of `cinelake spark build` (build, predict, build of the predictions)."""
    from cinelake_tools.sample.days import write_days

    from ingest.inbox import read_loads

    work = tmp_path_factory.mktemp("spark-sample")
    lake = SparkLake(lake_env, work, "cinelake-spark-sample")
    tmdb = work / "tmdb"
    write_days(work / "data", titles=150, days=3, seed=11, tmdb_dir=tmdb)
    loads = read_loads(work / "data")
    s3 = make_client(lake.settings)
    for day, files in loads[:2]:
        ingest(lake.settings, files, day)
    # a TMDB client run looks up the titles of the first load
    looked_up = csv_title_ids(*loads[0][1].values())
    first_run = datetime(2024, 7, 1, 9, 30, 0, 123456)
    records = records_from_responses(tmdb, looked_up, first_run)
    land_records(s3, lake.settings.bucket, records, first_run.date(), "run-1")
    lake.spark_phases(*NO_TESTS, full_refresh=True)
    day, files = loads[2]
    ingest(lake.settings, files, day)
    # a second run, a day later: a third of the titles again (the newer fetch wins), and
    # the first title found before is gone from TMDB now (a 404)
    second_run = datetime(2024, 7, 2, 9, 30, 0, 654321)
    again = records_from_responses(tmdb, looked_up[::3], second_run)
    gone = next(r["imdb_id"] for r in records if r["outcome"] == "fetched")
    again = [r for r in again if r["imdb_id"] != gone] + [not_found(gone, second_run, 404)]
    land_records(s3, lake.settings.bucket, again, second_run.date(), "run-2")
    started_ms = int(time.time() * 1000)
    lake.spark_phases(*NO_TESTS)
    lake.incremental_csv_scans = csv_files_read_since(started_ms)
    lake.duck_result = lake.duckdb("build", *NO_TESTS)
    return lake


@pytest.mark.slow
def test_spark_runs_the_sample(sample: SparkLake) -> None:
    assert sample.duck_result.returncode == 0, sample.duck_result.stdout[-3000:]
    assert (sample.root / "Refined" / MODEL_NAME / "part-00000.parquet").is_file()


@pytest.mark.slow
def test_spark_sample_equals_duckdb_row_by_row(sample: SparkLake) -> None:
    duck = sample.duckdb_tables()
    # the comparison compares something, the TMDB layer and the predictions included
    assert len(duck["refined.dim_titles"]) > 100
    assert duck["refined.model_metrics"]
    tmdb_titles = duck["trusted.tmdb_titles"]
    assert len(tmdb_titles) > 100
    assert set(column(tmdb_titles, "outcome")) == {"fetched", "not_found"}
    assert set(column(tmdb_titles, "fetch_count")) == {1, 2}
    assert any(column(duck["refined.comedy_animation_money_by_year"], "budget_count"))
    assert len(duck["refined.bridge_title_countries"]) > 50
    assert differences(duck, sample.spark_tables()) == []


@pytest.mark.slow
def test_spark_incremental_build_reads_only_the_new_raw_files(sample: SparkLake) -> None:
    """With three dates landed, the build after the third reads one file per CSV scan:
    the history and its rejects read the new date alone (the file path filter prunes
    the rest), the newest-load models the newest file."""
    scans = sample.incremental_csv_scans
    assert len(scans) >= 4, scans  # the history, its rejects, the newest loads: something
    assert max(scans) == 1, scans


@pytest.mark.slow
def test_spark_prediction_tests_pass(sample: SparkLake) -> None:
    """`cinelake spark build`'s last dbt build with its tests: the predictions' and model_metrics'
    generic tests and the three singular tests run on Spark and pass."""
    result = sample.spark("build", "--select", PREDICTIONS)
    assert result.success, failed_nodes(result)
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    assert {name: statuses.get(name) for name in PREDICTION_TESTS} == dict.fromkeys(
        PREDICTION_TESTS, "pass"
    )
    assert statuses[MODEL_NAME] == statuses["model_metrics"] == "success"


@pytest.mark.slow
def test_spark_history_full_refresh_equals_incremental(sample: SparkLake) -> None:
    query = "select * from trusted.title_snapshots"
    incremental = sorted(sample.spark_rows(query), key=repr)
    # with nothing new landed, the history keeps its rows and reads no Raw file
    started_ms = int(time.time() * 1000)
    again = sample.spark("run", "--select", "title_snapshots")
    assert again.success, failed_nodes(again)
    assert not any(csv_files_read_since(started_ms))
    assert sorted(sample.spark_rows(query), key=repr) == incremental
    refreshed = sample.spark("run", "--full-refresh", "--select", "title_snapshots")
    assert refreshed.success, failed_nodes(refreshed)
    assert sorted(sample.spark_rows(query), key=repr) == incremental
    dates = sample.spark_rows("select distinct load_date from trusted.title_snapshots")
    assert len(dates) == 3


@pytest.mark.slow
def test_predict_outside_dbt_equals_duckdbs_python_model(sample: SparkLake) -> None:
    """`cinelake spark predict` on Spark's Refined Parquet gives the DuckDB model's rows."""
    import pyarrow.parquet as pq

    written = pq.read_table(predict(sample.root)).to_pylist()
    con = read_warehouse(sample.settings, Path(sample.env["CINELAKE_WAREHOUSE"]))
    try:
        relation = con.sql("select * from refined.title_rating_predictions")
        duck = SparkLake._rows(relation)
    finally:
        con.close()
    spark = [tuple(sorted((k, normal(v)) for k, v in row.items())) for row in written]
    assert len(spark) > 100
    assert differences({"predictions": duck}, {"predictions": spark}) == []


@pytest.mark.slow
def test_spark_title_model_refuses_stale_predictions(sample: SparkLake) -> None:
    """An input rebuilt after `cinelake spark predict` makes the predictions stale until it runs
    again (last in the module: it rebuilds an input of the predictions)."""
    assert sample.spark("run", "--select", "dim_genres").success
    stale = sample.spark("run", "--select", MODEL_NAME)
    assert failed_nodes(stale) == [MODEL_NAME]
    message = model_result(stale).message
    assert f"stale predictions at {sample.root}/Refined/{MODEL_NAME}" in message
    assert "dim_genres was rebuilt after them" in message
    predict(sample.root)
    fresh = sample.spark("run", "--select", MODEL_NAME)
    assert fresh.success, failed_nodes(fresh)


@pytest.fixture(scope="module")
def one_lake(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> SparkLake:
    """One bucket and one Iceberg catalog built by DuckDB (`cinelake build --all`), then by
    `cinelake spark build` (publishing into the same tables), then by DuckDB again: both
    orders, the second the one of the issue (DuckDB after Spark failed in title_snapshots).
    What readers see (`open_published`) is read after each build. Spark builds without
    its data tests (the quirks fixture runs them on Spark); DuckDB's builds run them."""
    from cinelake_tools.sample.days import write_days

    from ingest.inbox import read_loads

    work = tmp_path_factory.mktemp("spark-one-lake")
    lake = SparkLake(lake_env, work, "cinelake-spark-one-lake")
    tmdb = work / "tmdb"
    write_days(work / "data", titles=150, days=2, seed=5, tmdb_dir=tmdb)
    loads = read_loads(work / "data")
    for day, files in loads:
        ingest(lake.settings, files, day)
    fetched = datetime(2024, 7, 1, 9, 30, 0, 123456)
    records = records_from_responses(tmdb, csv_title_ids(*loads[0][1].values()), fetched)
    land_records(make_client(lake.settings), lake.settings.bucket, records, fetched.date(), "r1")
    lake.builds = [run_venv_program(lake.env, "cinelake", "build", "--all")]
    lake.published = [lake.duckdb_tables()]
    lake.spark_build(*NO_TESTS)
    lake.published.append(lake.duckdb_tables())
    lake.builds.append(run_venv_program(lake.env, "cinelake", "build", "--all"))
    lake.published.append(lake.duckdb_tables())
    return lake


def publications(lake: SparkLake) -> list[tuple[str, str, str]]:
    """(engine, build_id, table_name) of every publication, oldest first."""
    con = open_published(lake.settings)
    try:
        return con.execute(
            "select engine, build_id, table_name from lake.audit.publications"
            " order by published_at, table_name"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_duckdb_and_spark_builds_publish_into_one_catalog(one_lake: SparkLake) -> None:
    for built in one_lake.builds:
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    logged = publications(one_lake)
    engines = [engine for engine, _, _ in logged]
    # DuckDB, then Spark, then DuckDB: each publication whole, in build order
    assert [e for i, e in enumerate(engines) if i == 0 or engines[i - 1] != e] == [
        "duckdb",
        "spark",
        "duckdb",
    ]
    by_engine = {
        engine: {table for e, _, table in logged if e == engine} for engine in ("duckdb", "spark")
    }
    assert "refined.dim_titles" in by_engine["spark"]
    assert "trusted.title_snapshots" in by_engine["spark"]
    assert "audit.raw_loads" in by_engine["spark"]
    assert by_engine["spark"] == by_engine["duckdb"]
    # one build id for Spark's publication: its first dbt build's invocation id
    assert len({build for engine, build, _ in logged if engine == "spark"}) == 1


@pytest.mark.slow
def test_readers_see_sparks_rows_after_a_spark_build(one_lake: SparkLake) -> None:
    """After the Spark build, every published table holds Spark's rows, cast to the
    published types: the same rows as DuckDB's build of the same Raw; and the DuckDB
    build after it publishes the same again."""
    duck, spark, duck_again = one_lake.published
    assert len(duck["refined.dim_titles"]) > 100
    assert sorted(column(spark["refined.dim_titles"], "title_id")) == sorted(
        column(duck["refined.dim_titles"], "title_id")
    )
    assert len({*column(spark["trusted.title_snapshots"], "load_date")}) == 2
    assert differences(duck, spark) == []
    assert differences(duck, duck_again) == []


@pytest.mark.slow
def test_time_travel_to_the_spark_build(one_lake: SparkLake) -> None:
    """`cinelake sql --build <Spark's build id>` reads the tables Spark published."""
    spark_build_id = next(b for e, b, _ in publications(one_lake) if e == "spark")
    con = open_published(one_lake.settings, build=spark_build_id)
    try:
        pinned = SparkLake._rows(con.sql("select * from refined.dim_titles"))
    finally:
        con.close()
    assert (
        differences(
            {"refined.dim_titles": pinned},
            {"refined.dim_titles": one_lake.published[1]["refined.dim_titles"]},
        )
        == []
    )
