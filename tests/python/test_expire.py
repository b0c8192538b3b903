"""Snapshot expiry on the real lake: old snapshots go, the rows stay, the table bucket
stops growing, and time travel says in one line when a build is past the retention."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import dbt_env, run_venv_program

from cinelake.config import ConfigError, load_settings
from cinelake.warehouse import connect
from cinelake.warehouse.catalog import load_catalog
from cinelake.warehouse.maintenance import expire
from cinelake.warehouse.published import PublishedError, open_published
from ingest.s3 import make_client

PUBLICATIONS_DDL = (
    "CREATE TABLE lake.audit.publications (build_id varchar, engine varchar,"
    " published_at timestamp with time zone, table_name varchar, snapshot_id bigint)"
)


def table_bucket_bytes(env: dict[str, str], prefix: str = "", data_only: bool = False) -> int:
    """Bytes in the table bucket (under `prefix`); only the tables' data files (under
    `data/`) when `data_only`."""
    settings = load_settings(env)
    s3 = make_client(settings)
    total = 0
    for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=env["CINELAKE_CATALOG_WAREHOUSE"], Prefix=prefix
    ):
        total += sum(
            obj["Size"]
            for obj in page.get("Contents", [])
            if not data_only or "/data/" in obj["Key"]
        )
    return total


def publish(con: Any, build: str, partial: bool) -> None:
    """What `publish_staged_tables` does to one table: delete + insert in one
    transaction (one partition, or all), then the publication row."""
    only = "1" if partial else None  # the partition replaced (None: all)
    con.execute("BEGIN")
    con.execute("DELETE FROM lake.refined.titles WHERE p = coalesce(?, p)", [only])
    con.execute(
        "INSERT INTO lake.refined.titles SELECT * FROM (SELECT range AS id,"
        " (range % 3)::varchar AS p, ? AS built FROM range(3000)) WHERE p = coalesce(?, p)",
        [build, only],
    )
    con.execute("COMMIT")
    con.execute(
        "INSERT INTO lake.audit.publications SELECT ?, 'duckdb', now(), 'refined.titles',"
        " (SELECT snapshot_id FROM iceberg_snapshots(lake.refined.titles)"
        " ORDER BY sequence_number DESC LIMIT 1)",
        [build],
    )


@pytest.fixture
def lake_tables(lake_env: dict[str, str], tmp_path: Path, bucket: str) -> dict[str, str]:
    """A catalog warehouse of its own with a partitioned Refined table and the log."""
    env = dbt_env(lake_env, tmp_path, bucket)
    con = connect(load_settings(env), read_only=False, database=tmp_path / "writer.duckdb")
    for zone in ("refined", "audit"):
        con.execute(f"CREATE SCHEMA lake.{zone}")
    con.execute(PUBLICATIONS_DDL)
    con.execute(
        "CREATE TABLE lake.refined.titles AS SELECT 0::bigint AS id, '' AS p, '' AS built LIMIT 0"
    )
    con.execute("ALTER TABLE lake.refined.titles SET PARTITIONED BY (p)")
    con.close()
    return env


def test_retention_zero_keeps_the_current_rows_and_the_bytes_flat(
    lake_tables: dict[str, str], tmp_path: Path
) -> None:
    env = lake_tables
    settings = load_settings(env)
    sizes = []
    con = connect(settings, read_only=False, database=tmp_path / "writer.duckdb")
    try:
        for n in range(6):
            publish(con, f"b{n}", partial=n % 2 == 1)
            con.commit()
            before = table_bucket_bytes(env, "refined/titles/")
            report = expire(settings, older_than_days=0)
            after = table_bucket_bytes(env, "refined/titles/")
            assert after < before, report
            sizes.append(after)
    finally:
        con.close()
    # every build's rows replace the last's: what is left after expiry does not grow
    assert max(sizes[2:]) <= sizes[1] * 1.25, sizes
    table = load_catalog(settings).load_table("refined.titles")
    assert len(table.metadata.snapshots) == 1
    assert [f["content"] for f in table.inspect.files().to_pylist()] == [0, 0, 0]

    reader = open_published(settings)
    try:
        rows = reader.execute("SELECT p, count(*), min(built) FROM titles GROUP BY p ORDER BY p")
        assert rows.fetchall() == [("0", 1000, "b4"), ("1", 1000, "b5"), ("2", 1000, "b4")]
        kept = reader.execute("SELECT build_id FROM lake.audit.publications").fetchall()
    finally:
        reader.close()
    assert kept == [("b5",)]

    # the last build still travels; an expired one says so in one line
    pinned = open_published(settings, build="b5")
    try:
        assert pinned.execute("SELECT count(*) FROM refined.titles").fetchone() == (3000,)
    finally:
        pinned.close()
    with pytest.raises(PublishedError) as expired:
        open_published(settings, build="b1")
    message = str(expired.value)
    assert "\n" not in message and "expired" in message and "RETENTION_DAYS" in message


def test_a_week_of_retention_keeps_every_snapshot(
    lake_tables: dict[str, str], tmp_path: Path
) -> None:
    settings = load_settings(lake_tables)
    con = connect(settings, read_only=False, database=tmp_path / "writer.duckdb")
    try:
        for n in range(2):
            publish(con, f"b{n}", partial=False)
            con.commit()
    finally:
        con.close()
    report = expire(settings)  # the default, 7 days
    assert sum(t.expired_snapshots for t in report.tables) == 0
    assert report.pruned_publications == 0
    pinned = open_published(settings, build="b0")
    try:
        assert pinned.execute("SELECT min(built) FROM refined.titles").fetchone() == ("b0",)
    finally:
        pinned.close()


def test_retention_setting_is_checked() -> None:
    assert load_settings({}).snapshot_retention_days == 7
    assert load_settings({"CINELAKE_SNAPSHOT_RETENTION_DAYS": "0"}).snapshot_retention_days == 0
    with pytest.raises(ConfigError, match="CINELAKE_SNAPSHOT_RETENTION_DAYS"):
        load_settings({"CINELAKE_SNAPSHOT_RETENTION_DAYS": "-1"})


def build_ids(env: dict[str, str]) -> list[str]:
    done = run_venv_program(
        env,
        "cinelake",
        "sql",
        "--csv",
        "SELECT build_id FROM lake.audit.publications GROUP BY 1 ORDER BY max(published_at)",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()[1:]


@pytest.mark.slow  # three full builds
def test_builds_with_retention_zero(
    lake_env: dict[str, str], tmp_path: Path, bucket: str, movies_csv: Path, series_csv: Path
) -> None:
    """`cinelake build` expires after each good build: bytes stop growing, time travel
    reaches the last build and refuses an expired one in one line."""
    from datetime import date

    from ingest.run_ingest import ingest
    from ingest.schema import MOVIES, SERIES

    env = {**dbt_env(lake_env, tmp_path, bucket), "CINELAKE_SNAPSHOT_RETENTION_DAYS": "0"}
    ingest(load_settings(env), {MOVIES: movies_csv, SERIES: series_csv}, date(2024, 7, 10))
    sizes = []
    for _ in range(3):
        built = run_venv_program(env, "cinelake", "build", "--all")
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        assert "snapshot expiry (older than 0 days)" in built.stderr
        sizes.append(table_bucket_bytes(env, data_only=True))
    # the data files: flat once a build replaced the first. (Known gap, not asserted:
    # the tables' metadata/ folders still grow by a few KB per table and build.)
    assert sizes[2] <= sizes[1] * 1.1, sizes
    first, *_, last = build_ids(env)

    pinned = run_venv_program(
        env, "cinelake", "sql", "--build", last, "--csv", "SELECT count(*) FROM trusted.titles"
    )
    assert pinned.returncode == 0, pinned.stderr[-2000:]
    assert int(pinned.stdout.split()[1]) == 71  # 41 movies and 30 series

    refused = run_venv_program(env, "cinelake", "sql", "--build", first, "SELECT 1")
    assert refused.returncode == 1
    errors = [line for line in refused.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "expired" in errors[0], refused.stderr[-2000:]

    report = tmp_path / "snapshots.json"
    catalog = load_catalog(load_settings(env))
    counts = {
        ".".join(name): len(catalog.load_table(name).metadata.snapshots)
        for namespace in catalog.list_namespaces()
        for name in catalog.list_tables(namespace)
    }
    report.write_text(json.dumps(counts))
    assert max(counts.values()) <= 2, counts  # current (+ the publications rewrite's)


def test_lake_expire_command(lake_tables: dict[str, str], tmp_path: Path) -> None:
    settings = load_settings(lake_tables)
    con = connect(settings, read_only=False, database=tmp_path / "writer.duckdb")
    try:
        for n in range(3):
            publish(con, f"b{n}", partial=False)
            con.commit()
    finally:
        con.close()
    kept = run_venv_program(lake_tables, "cinelake", "lake", "expire")  # 7 days: all kept
    assert kept.returncode == 0, kept.stderr[-2000:]
    assert "0 snapshots expired" in kept.stderr
    done = run_venv_program(lake_tables, "cinelake", "lake", "expire", "--older-than", "0")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "snapshot expiry (older than 0 days)" in done.stderr
    table = load_catalog(settings).load_table("refined.titles")
    assert len(table.metadata.snapshots) == 1
    bad = run_venv_program(lake_tables, "cinelake", "lake", "expire", "--older-than", "-1")
    assert bad.returncode == 2 and "not a number of days" in bad.stderr
