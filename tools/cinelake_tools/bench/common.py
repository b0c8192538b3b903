"""What both benchmarks share: the real-scale sample they run on, the partition date
they land it under, and how a measured child process reports back."""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from cinelake.config import Settings, load_settings
from ingest.landing import ensure_bucket
from ingest.s3 import make_client

log = logging.getLogger(__name__)

BENCH_DAY = date(2000, 1, 1)


def sample_folder(work: Path, titles: int) -> Path:
    """The folder of a real-scale sample (movies.csv and series.csv), generated once."""
    from cinelake_tools.sample import write_sample

    folder = work / f"titles-{titles}"
    if not (folder / "movies.csv").exists() or not (folder / "series.csv").exists():
        log.info("generating a sample with %d titles in %s", titles, folder)
        write_sample(folder, titles)
    return folder


def report_child(seconds: float) -> None:
    """Print a measured child's wall time and its own peak RSS as one JSON line."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps({"seconds": seconds, "peak_mb": peak_mb}) + "\n")


def timed(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> dict[str, float]:
    """Run a command; its wall time and the peak RSS of that process (it runs DuckDB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(output.decode(errors="replace")[-4000:])
        raise RuntimeError(f"{' '.join(argv)} failed")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def empty_bucket(settings: Settings) -> None:
    """Make the settings' bucket exist and hold nothing: a stage starts from an empty lake."""
    s3 = make_client(settings)
    ensure_bucket(s3, settings.bucket)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=settings.bucket):
        keys = [{"Key": obj["Key"]} for obj in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=settings.bucket, Delete={"Objects": keys})


def fresh_workspace(
    base_env: Mapping[str, str], bucket: str, folder: Path
) -> tuple[Settings, dict[str, str]]:
    """An empty bucket, an empty catalog table bucket (`<bucket>-tables`) and an empty
    folder for a warehouse file and dbt's target and logs: the settings and environment
    of one benchmarked build."""
    env = {
        **base_env,
        "CINELAKE_BUCKET": bucket,
        "CINELAKE_CATALOG_WAREHOUSE": f"{bucket}-tables",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    settings = load_settings(env)
    empty_bucket(settings)
    fresh_table_bucket(settings)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env |= {
        "CINELAKE_WAREHOUSE": str(folder / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
    }
    return settings, env


def data_rows(path: Path) -> int:
    """The data lines of a CSV with a header."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle) - 1


def fresh_table_bucket(settings: Settings) -> None:
    """Make the local catalog's table bucket (CINELAKE_CATALOG_WAREHOUSE) exist and hold
    no table: a stage starts from an empty catalog, as `empty_bucket` empties its bucket."""
    from cinelake.lake import ensure_table_bucket
    from cinelake.lake.server import table_bucket, tables_client

    if not (settings.is_local and settings.catalog.kind == "local"):
        return
    ensure_table_bucket(settings)
    tables = tables_client(settings)
    arn = next(
        b["arn"]
        for b in tables.list_table_buckets()["tableBuckets"]
        if b["name"] == table_bucket(settings)
    )
    for namespace in tables.list_namespaces(tableBucketARN=arn).get("namespaces", []):
        name = namespace["namespace"][0]
        for table in tables.list_tables(tableBucketARN=arn, namespace=name).get("tables", []):
            tables.delete_table(tableBucketARN=arn, namespace=name, name=table["name"])
        tables.delete_namespace(tableBucketARN=arn, namespace=name)
    log.info("emptied the table bucket %s", table_bucket(settings))
