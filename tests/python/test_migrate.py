"""`cinelake lake migrate`: a lake of the old layout (Trusted/ and Refined/ Parquet,
views in the warehouse file) moves onto the Iceberg tables; Raw stays byte for byte."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import dbt_env, run_venv_program

from cinelake.config import load_settings
from cinelake.warehouse.published import open_published
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import MOVIES, SERIES

OLD_OBJECTS = {
    "Trusted/titles/part-0.parquet": b"PAR1 old trusted titles",
    "Trusted/people/load_date=2024-07-10/part-0.parquet": b"PAR1 old trusted people",
    "Refined/dim_titles/part-0.parquet": b"PAR1 old refined dim_titles",
}


def listing(s3: Any, bucket: str, prefix: str = "") -> dict[str, tuple[str, int]]:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = (obj["ETag"], obj["Size"])
    return found


def old_schemas(warehouse: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema IN ('trusted', 'refined', 'audit') ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.slow  # two builds of its own
def test_migrate_publishes_then_removes_the_old_layout(
    lake_env: dict[str, str],
    tmp_path: Path,
    bucket: str,
    movies_csv: Path,
    series_csv: Path,
) -> None:
    env = dbt_env(lake_env, tmp_path, bucket)
    settings = load_settings(env)
    ingest(settings, {MOVIES: movies_csv, SERIES: series_csv}, date(2024, 7, 10))
    s3 = make_client(settings)
    for key, body in OLD_OBJECTS.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    warehouse = Path(env["CINELAKE_WAREHOUSE"])
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE SCHEMA trusted; CREATE SCHEMA refined; CREATE SCHEMA staging")
    con.execute("CREATE VIEW trusted.titles AS SELECT 1 AS old")
    con.execute("CREATE TABLE refined.dim_titles AS SELECT 1 AS old")
    con.execute("CREATE VIEW staging.keep_me AS SELECT 1 AS kept")
    con.close()
    raw_before = listing(s3, bucket, "Raw/")
    assert raw_before

    migrated = run_venv_program(env, "cinelake", "lake", "migrate")
    assert migrated.returncode == 0, migrated.stdout[-3000:] + migrated.stderr[-3000:]
    assert "run `cinelake lake migrate`" in migrated.stderr  # its build saw the old layout
    assert "migrated: 3 old Trusted/Refined objects" in migrated.stderr
    assert "2 old views/tables dropped" in migrated.stderr

    assert listing(s3, bucket, "Trusted/") == {} and listing(s3, bucket, "Refined/") == {}
    assert listing(s3, bucket, "Raw/") == raw_before  # keys, ETags and sizes
    assert old_schemas(warehouse) == []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("FROM staging.keep_me").fetchall() == [(1,)]
    finally:
        con.close()
    reader = open_published(settings)
    try:
        assert reader.execute("SELECT count(*) FROM lake.trusted.titles").fetchone() == (71,)
    finally:
        reader.close()

    # again: nothing left to do, no build
    again = run_venv_program(env, "cinelake", "lake", "migrate")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "migrated: 0 old Trusted/Refined objects (0 bytes)" in again.stderr
    assert "building everything" not in again.stderr
    assert listing(s3, bucket, "Raw/") == raw_before

    # a build that finds the old layout again says what to run, and builds anyway
    s3.put_object(Bucket=bucket, Key="Refined/stray/part-0.parquet", Body=b"PAR1")
    built = run_venv_program(env, "cinelake", "build")
    assert built.returncode == 0, built.stderr[-3000:]
    warnings = [line for line in built.stderr.splitlines() if "cinelake lake migrate" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0]
