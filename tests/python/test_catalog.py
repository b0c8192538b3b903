"""The lake's Iceberg catalog: served by `lake up`, attached as `lake` by DuckDB (and dbt)
from the profile, read by PyIceberg and by the `duckdb` CLI through `lake env --duckdb`."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import dbt_env, run_dbt

from cinelake.config import Settings, load_settings
from cinelake.lake import server as lake
from cinelake.warehouse import connect
from cinelake.warehouse.catalog import CatalogError, load_catalog

ROWS = [(1, "Alien", 8.5), (2, "Heat", 8.3), (3, "Ran", 8.2)]


def test_catalog_answers_after_lake_up(settings: Settings) -> None:
    state = lake.status(settings)
    assert state.answering
    assert state.catalog_url == settings.catalog.url == f"http://127.0.0.1:{settings.s3_port + 5}"
    assert state.catalog_warehouse == settings.catalog.warehouse == "cinelake-warehouse"
    assert lake.catalog_answers(settings)
    # the catalog needs the lake's key, as S3 does
    wrong = load_settings({**settings.environ, "CINELAKE_SECRET_KEY": "not-the-secret"})
    assert not lake.catalog_answers(wrong)
    assert f"-s3.port.iceberg={settings.s3_port + 5}" in lake.weed_command(settings)


@pytest.fixture(scope="module")
def table(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A table written by DuckDB into the catalog through `connect()`: its name."""
    namespace = "probe_" + secrets.token_hex(4)
    database = tmp_path_factory.mktemp("catalog") / "writer.duckdb"
    con = connect(settings, read_only=False, database=database)
    con.execute(f"CREATE SCHEMA lake.{namespace}")
    values = "VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Ran', 8.2)"
    con.execute(f"CREATE TABLE lake.{namespace}.titles AS FROM ({values}) AS t(id, title, rating)")
    con.close()
    yield f"{namespace}.titles"
    con = connect(settings, read_only=False, database=database)
    con.execute(f"DROP TABLE lake.{namespace}.titles")
    con.execute(f"DROP SCHEMA lake.{namespace}")
    con.close()


def test_another_connection_reads_the_table(settings: Settings, table: str, tmp_path: Path) -> None:
    reader = tmp_path / "reader.duckdb"
    connect(settings, read_only=False, database=reader).close()  # a warehouse file of its own
    con = connect(settings, read_only=True, database=reader)
    try:
        rows = con.execute(f"FROM lake.{table} ORDER BY id").fetchall()
        (snapshots,) = con.execute(
            f"FROM iceberg_snapshots(lake.{table}) SELECT count(*)"
        ).fetchone()
    finally:
        con.close()
    assert [(i, t, float(r)) for i, t, r in rows] == ROWS
    assert snapshots == 1


def test_pyiceberg_reads_the_same_rows(settings: Settings, table: str) -> None:
    catalog = load_catalog(settings)
    namespace = table.split(".")[0]
    assert (namespace,) in catalog.list_namespaces()
    arrow = catalog.load_table(table).scan().to_arrow().sort_by("id")
    rows = list(zip(*(arrow.column(c).to_pylist() for c in ("id", "title", "rating")), strict=True))
    assert [(i, t, float(r)) for i, t, r in rows] == ROWS


def test_a_refused_key_is_one_line_naming_the_catalog(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    wrong = load_settings({**lake_env, "CINELAKE_SECRET_KEY": "not-the-secret"})
    database = tmp_path / "never.duckdb"
    with pytest.raises(CatalogError) as info:
        connect(wrong, read_only=False, database=database)
    message = str(info.value)
    assert wrong.catalog.url in message
    assert "\n" not in message
    assert "not-the-secret" not in message
    assert not database.exists()  # nothing written
    with pytest.raises(CatalogError, match=wrong.catalog.url or ""):
        load_catalog(wrong).list_namespaces()


def test_an_unreachable_catalog_is_one_line_naming_it(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{int(lake_env['CINELAKE_S3_PORT']) + 7}"  # nothing listens there
    nowhere = load_settings(
        {
            **lake_env,
            "CINELAKE_CATALOG": "rest",
            "CINELAKE_CATALOG_URL": url,
            "CINELAKE_CATALOG_WAREHOUSE": "w",
            "CINELAKE_CATALOG_CLIENT_ID": "id",
            "CINELAKE_CATALOG_CLIENT_SECRET": "sec",
        }
    )
    started = time.monotonic()
    with pytest.raises(CatalogError) as info:
        connect(nowhere, read_only=False, database=tmp_path / "never.duckdb")
    assert url in str(info.value) and "\n" not in str(info.value)
    assert time.monotonic() - started < 10
    assert not (tmp_path / "never.duckdb").exists()


def test_lake_env_duckdb_snippet_runs_in_the_duckdb_cli(
    cli_env: dict[str, str], settings: Settings, table: str
) -> None:
    cinelake = f"{sys.executable} -m cinelake.cli"
    duckdb_cli = Path(sys.executable).parent / "duckdb"
    snippet = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "lake", "env", "--duckdb"],
        env=cli_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert settings.secret_key and settings.secret_key not in snippet
    assert "ATTACH IF NOT EXISTS 'cinelake-warehouse' AS lake" in snippet
    query = f"FROM lake.{table} SELECT sum(id) AS ids;"
    script = (
        f'eval "$({cinelake} lake env)" && '
        f"{{ {cinelake} lake env --duckdb; echo '{query}'; }} | {duckdb_cli} -csv -bail"
    )
    out = subprocess.run(
        ["bash", "-c", script], env=cli_env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-2:] == ["ids", "6"]
    assert settings.secret_key not in out.stdout + out.stderr


def test_dbt_attaches_the_catalog(lake_env: dict[str, str], tmp_path: Path, table: str) -> None:
    env = dbt_env(lake_env, tmp_path, "cinelake-catalog-test")
    env.pop("CINELAKE_CATALOG_WAREHOUSE")  # the lake's own catalog warehouse: `table`'s
    shown = run_dbt(
        env,
        "show",
        "--inline",
        f"from lake.{table} select count(*) as titles",
        "--output",
        "json",
        "--log-format",
        "text",
    )
    assert shown.returncode == 0, shown.stdout[-3000:]
    assert '"titles": 3' in shown.stdout


def test_lake_status_names_the_catalog(cli_env: dict[str, str], settings: Settings) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "lake", "status"],
        env=cli_env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert f"catalog: {settings.catalog.url}\n" in out.stdout
    assert "warehouse: cinelake-warehouse\n" in out.stdout
    exports = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "lake", "env"],
        env=cli_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"export CINELAKE_CATALOG_URL={settings.catalog.url}\n" in exports
    assert "export CINELAKE_CATALOG_WAREHOUSE=cinelake-warehouse\n" in exports
