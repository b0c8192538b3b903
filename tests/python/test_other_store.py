"""The whole pipeline in `aws` mode against another S3-compatible store.

The local SeaweedFS server stands in for a company's MinIO, Ceph, R2 or SeaweedFS with an
Iceberg REST catalog: it is reached only through AWS_ENDPOINT_URL (plain HTTP,
path-style) with the standard AWS credential variables, and the catalog by its URL
(CINELAKE_CATALOG=rest), as such a user would configure them. None of the local lake's own
settings is set, so a part that ignored the endpoint would fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from cinelake_tools.sample import write_sample
from conftest import PROJECT, dbt_env, run_dbt

from cinelake.config import load_settings
from cinelake.warehouse.catalog import load_catalog

BUCKET = "cinelake-other-store"


# A whole pipeline through another store's settings: out of `make test-quick`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store_env(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("other-store")
    env = dbt_env(lake_env, work, BUCKET)
    # only what a user of another store sets: none of the local lake's own settings
    for name in (
        "CINELAKE_S3_PORT",
        "CINELAKE_LAKE_DIR",
        "CINELAKE_ACCESS_KEY",
        "CINELAKE_SECRET_KEY",
    ):
        env.pop(name)
    env.update(
        {
            "HOME": str(work),  # no ~/.aws of the developer's
            "CINELAKE_LAKE": "aws",
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{lake_env['CINELAKE_S3_PORT']}",
            "AWS_ACCESS_KEY_ID": lake_env["CINELAKE_ACCESS_KEY"],
            "AWS_SECRET_ACCESS_KEY": lake_env["CINELAKE_SECRET_KEY"],
            "AWS_REGION": "us-east-1",
            # its Iceberg REST catalog, by URL, with OAuth2 client credentials
            "CINELAKE_CATALOG": "rest",
            "CINELAKE_CATALOG_URL": f"http://127.0.0.1:{int(lake_env['CINELAKE_S3_PORT']) + 5}",
            "CINELAKE_CATALOG_CLIENT_ID": lake_env["CINELAKE_ACCESS_KEY"],
            "CINELAKE_CATALOG_CLIENT_SECRET": lake_env["CINELAKE_SECRET_KEY"],
        }
    )
    return env


def cinelake(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cinelake.cli", *args],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_pipeline_runs_against_an_s3_compatible_endpoint(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    files = write_sample(tmp_path / "data", titles=300, seed=11)
    landed = cinelake(
        store_env,
        "ingest",
        "--movies",
        str(files.movies),
        "--series",
        str(files.series),
        "--date",
        "2024-05-01",
    )
    assert landed.returncode == 0, landed.stderr

    # the objects are in the other store, reached the way the user configured it
    s3 = boto3.client(
        "s3",
        endpoint_url=store_env["AWS_ENDPOINT_URL"],
        aws_access_key_id=store_env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=store_env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix="Raw/Local/CSV/")
    keys = {o["Key"] for o in listing.get("Contents", [])}
    assert "Raw/Local/CSV/Movies/2024/05/01/movies.csv" in keys

    built = run_dbt(store_env, "build")
    assert built.returncode == 0, built.stdout[-4000:]
    # the tables are published in that store's catalog
    catalog = load_catalog(load_settings(store_env))
    assert ("refined", "dim_titles") in catalog.list_tables("refined")

    # cinelake sql reads the published tables from there
    counted = cinelake(store_env, "sql", "--csv", "select count(*) as n from refined.dim_titles")
    assert counted.returncode == 0, counted.stderr
    ids = {
        line.split("|", 1)[0]
        for path in (files.movies, files.series)
        for line in path.read_text(encoding="utf-8").splitlines()[1:]
    }
    assert counted.stdout.splitlines() == ["n", str(len(ids))]

    # the report (the dashboard's queries and charts) reads it the same way
    report = cinelake(store_env, "report", "--out", str(tmp_path / "report"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "report" / "index.html").stat().st_size > 100_000

    # the store's secret is in no output and no dbt artifact
    secret = store_env["AWS_SECRET_ACCESS_KEY"]
    outputs = landed.stdout + landed.stderr + built.stdout + counted.stderr + report.stderr
    assert secret not in outputs
    for folder in ("target", "logs"):
        for path in (Path(store_env["DBT_TARGET_PATH"]).parent / folder).rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path
