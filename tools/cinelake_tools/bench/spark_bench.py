"""`cinelake bench spark`: the same dbt project on Spark (`local[1]`, `local[2]`) against
DuckDB, on one real-scale load and at `scale` x, each measured in the same run.

Every run gets a bucket and a lake directory of its own (so Spark's mirror, metastore
and warehouse, and DuckDB's warehouse, start empty) with the same files landed under
one date, and builds every model: `cinelake build --all` on DuckDB, `cinelake
spark build` on Spark (mirror down, dbt build, predict, dbt build of the predictions,
publish into the catalog). On the local lake each run publishes into a table bucket of
its own, never into the lake's own tables. Peak memory is the summed RSS of the
command's process tree (Spark's JVM included).

Where Spark's time goes comes from the same run: the JVM's start-up (a bare
SparkSession), the per-model overhead (the same build on a tiny sample, less the
start-up, per node), and Spark's own event log (task time, input and shuffle bytes).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from dataclasses import replace as replace_settings
from pathlib import Path
from typing import Any

from cinelake import lake
from cinelake.config import ConfigError, Settings, load_settings
from cinelake_tools.bench.common import BENCH_DAY, data_rows, empty_bucket, sample_folder
from cinelake_tools.bench.process_tree import timed_tree
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES

log = logging.getLogger(__name__)

TINY_TITLES = 300
# Shuffle partitions grow with the data, as a cluster's would: the profile's 4 at the real
# scale (245,000 titles), 40 at 10x; Spark's adaptive execution merges the small ones.
TITLES_PER_SHUFFLE_PARTITION = 60_000
# (label, Spark master or None for DuckDB)
ENGINES: tuple[tuple[str, str | None], ...] = (
    ("duckdb", None),
    ("spark-local1", "local[1]"),
    ("spark-local2", "local[2]"),
)
JVM_PROBE = (
    "from pyspark.sql import SparkSession\n"
    "s = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false')"
    ".getOrCreate()\n"
    "s.range(1).count()\n"
    "s.stop()\n"
)


@dataclass(frozen=True)
class Run:
    label: str
    titles: int
    seconds: float
    peak_mb: float
    nodes: int
    node_seconds: float  # the sum of dbt's per-node execution times
    events: dict[str, float]


def _program(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _event_totals(folder: Path) -> dict[str, float]:
    """Task time, input and shuffle bytes summed over Spark's event log(s) in `folder`."""
    totals = {"task_s": 0.0, "input_mb": 0.0, "shuffle_write_mb": 0.0, "tasks": 0.0}
    for path in folder.glob("*"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = json.loads(line).get("Task Metrics") or {}
                totals["tasks"] += 1
                totals["task_s"] += metrics.get("Executor Run Time", 0) / 1000
                totals["input_mb"] += metrics.get("Input Metrics", {}).get("Bytes Read", 0) / 1e6
                written = metrics.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0)
                totals["shuffle_write_mb"] += written / 1e6
    return totals


def _dbt_nodes(logs: Path) -> tuple[int, float]:
    """The dbt nodes a build ran and their summed execution time, from dbt's JSON file log
    (`NodeFinished` events, the freshness check's left out): `cinelake spark build` invokes dbt
    twice (before and after predict), and run_results.json keeps only the last one's."""
    nodes, seconds = 0, 0.0
    with (logs / "dbt.log").open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if '"NodeFinished"' not in line:
                continue
            data = json.loads(line).get("data", {})
            if (data.get("node_info") or {}).get("resource_type") == "source":
                continue  # `dbt source freshness`, before the build
            nodes += 1
            seconds += (data.get("run_result") or {}).get("execution_time") or 0.0
    return nodes, seconds


def _run(
    settings: Settings, work: Path, label: str, master: str | None, folder: Path, titles: int
) -> Run:
    name = f"{label}-{titles}"
    run_settings = replace_settings(settings, bucket=f"{settings.bucket}-spark-bench-{label}")
    empty_bucket(run_settings)
    ingest(run_settings, {MOVIES: folder / "movies.csv", SERIES: folder / "series.csv"}, BENCH_DAY)
    lake_dir = work / f"spark-bench-{name}"
    shutil.rmtree(lake_dir, ignore_errors=True)
    lake_dir.mkdir(parents=True)
    events = lake_dir / "events"
    events.mkdir()
    env = {
        **os.environ,
        "CINELAKE_BUCKET": run_settings.bucket,
        "CINELAKE_LAKE_DIR": str(lake_dir),
        "CINELAKE_WAREHOUSE": str(lake_dir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(lake_dir / "target"),
        "DBT_LOG_PATH": str(lake_dir / "logs"),
        "DBT_LOG_FORMAT_FILE": "json",  # read by _dbt_nodes
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if settings.is_local and settings.catalog.kind == "local":
        # both engines publish into the catalog: not into the tables readers see
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        env["CINELAKE_CATALOG_WAREHOUSE"] = f"wh-bench-{digest}"
        lake.ensure_table_bucket(load_settings(env))
    if master is None:
        argv = [_program("cinelake"), "build", "--all"]
    else:
        argv = [_program("cinelake"), "spark", "build"]
        env["CINELAKE_SPARK_MASTER"] = master
        partitions = max(4, titles // TITLES_PER_SHUFFLE_PARTITION)
        env["CINELAKE_SPARK_SHUFFLE_PARTITIONS"] = str(partitions)
        # Spark's event log: where its task time and shuffle went (read afterwards)
        env["PYSPARK_SUBMIT_ARGS"] = (
            f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://{events}"
            " pyspark-shell"
        )
    log.info("bench-spark: %s on %d titles", label, titles)
    measured = timed_tree(argv, env, lake_dir / "build.log")
    nodes, node_seconds = _dbt_nodes(lake_dir / "logs")
    run = Run(
        label,
        titles,
        measured["seconds"],
        measured["peak_mb"],
        nodes,
        node_seconds,
        _event_totals(events),
    )
    log.info("measured: %s", run)
    return run


def _jvm_startup(work: Path) -> float:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    measured = timed_tree([sys.executable, "-c", JVM_PROBE], env, work / "jvm-probe.log")
    return measured["seconds"]


def _table(runs: list[Run]) -> list[str]:
    duck = {r.titles: r for r in runs if r.label == "duckdb"}
    lines = [
        "| run | titles | wall s | peak MB | vs DuckDB (time) | dbt nodes | in nodes s |"
        " Spark task s | input MB | shuffle written MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        e: dict[str, Any] = r.events
        spark = r.label != "duckdb"
        lines.append(
            f"| {r.label} | {r.titles:,} | {r.seconds:.1f} | {r.peak_mb:.0f} | "
            f"{r.seconds / duck[r.titles].seconds:.2f} | {r.nodes} | {r.node_seconds:.1f} | "
            + (
                f"{e['task_s']:.1f} | {e['input_mb']:.0f} | {e['shuffle_write_mb']:.0f} |"
                if spark
                else "- | - | - |"
            )
        )
    return lines


def _analysis(runs: list[Run], jvm_s: float, tiny: Run, movie_rows: dict[int, int]) -> list[str]:
    by = {(r.label, r.titles): r for r in runs}
    lines = [f"JVM start-up (a bare SparkSession, local[1]): {jvm_s:.1f} s"]
    per_node = (tiny.seconds - jvm_s) / max(tiny.nodes, 1)
    lines.append(
        f"per-model overhead: {tiny.nodes} dbt nodes on {TINY_TITLES} titles took "
        f"{tiny.seconds:.1f} s on local[2]: {per_node:.2f} s a node beyond the JVM start-up"
    )
    for titles in sorted({r.titles for r in runs}):
        one, two = by.get(("spark-local1", titles)), by.get(("spark-local2", titles))
        if one and two:
            outside = two.seconds - two.node_seconds
            lines.append(
                f"{titles:,} titles: local[1] -> local[2] speed-up"
                f" {one.seconds / two.seconds:.2f}x (wall); outside the nodes"
                f" (parse, mirror, JVM): {outside:.1f} s"
            )
        # per-core throughput from the one-core run: on two cores shared with anything
        # else, task time also counts the time a task waits for its core
        if one and one.events["task_s"]:
            rows, task_s = movie_rows[titles], one.events["task_s"]
            lines.append(
                f"{titles:,} titles: {rows:,} movie rows; Spark task time on local[1]"
                f" {task_s:.0f} core-s = {rows / task_s:,.0f} movie rows per core-second;"
                f" shuffle written {one.events['shuffle_write_mb']:.0f} MB"
            )
    return lines


def bench_spark(
    settings: Settings, titles: int, work: Path, scale: int, engines: list[str] | None = None
) -> int:
    known = dict(ENGINES)
    chosen = engines or list(known)
    unknown = [label for label in chosen if label not in known]
    if unknown:
        raise ConfigError(f"bench-spark: unknown engine(s) {unknown}; known: {list(known)}")
    if "duckdb" not in chosen:
        raise ConfigError("bench-spark: the runs are measured against duckdb: include it")
    work.mkdir(parents=True, exist_ok=True)
    sizes = [titles] + ([titles * scale] if scale > 1 else [])
    folders = {n: sample_folder(work, n) for n in sizes}
    movie_rows = {n: data_rows(folders[n] / "movies.csv") for n in sizes}
    started = time.monotonic()
    jvm_s = _jvm_startup(work)
    tiny = _run(
        settings, work, "spark-local2", "local[2]", sample_folder(work, TINY_TITLES), TINY_TITLES
    )
    runs = [
        _run(settings, work, label, known[label], folders[n], n) for n in sizes for label in chosen
    ]
    report = [
        f"bench-spark: {', '.join(f'{n:,} titles ({movie_rows[n]:,} movie rows)' for n in sizes)};"
        f" {time.monotonic() - started:.0f} s in all",
        *_table(runs),
        *_analysis(runs, jvm_s, tiny, movie_rows),
    ]
    sys.stdout.write("\n".join(report) + "\n")
    return 0
