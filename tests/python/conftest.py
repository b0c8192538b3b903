"""Shared fixtures: a real SeaweedFS lake on a free loopback port, started once per run."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import pytest
from playwright.sync_api import Browser, sync_playwright

from cinelake import lake
from cinelake.config import Settings, load_settings
from cinelake.warehouse import connect
from cinelake.warehouse.published import PublishedError, open_published
from ingest.s3 import make_client
from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS

MOVIE_ROW = (
    "tt{n:07d}|Title {n}|Original {n}|1999|95|Comedy,Drama|7.1|1234|actor|"
    "Someone|Ana Souza|1970|\\N|actor,writer|tt0000001,tt0000002"
)
SERIES_ROW = (
    "tt{n:07d}|Show {n}|Show {n}|2001|2004|42|Animation,Comedy|8.0|99|actress|"
    "\\N|Bea Lima|\\N|\\N||\\N"
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives Chromium is a `browser` test wherever it is written: by its use
    of the `browser` fixture, so a new one cannot slip into `make test-quick`."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def _ports_free(base: int) -> bool:
    # weed listens on S3 port .. +4 and on each of them + 10000 for gRPC, and serves the
    # Iceberg catalog on + 5 (no gRPC port of its own).
    for port in [*range(base, base + 6), *range(base + 10000, base + 10005)]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port_base() -> int:
    rng = secrets.SystemRandom()
    for _ in range(200):
        base = rng.randrange(20000, 40000, 10)
        if _ports_free(base):
            return base
    raise RuntimeError("no free port range for the test lake")


@pytest.fixture(scope="session")
def lake_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment variables of a test lake: random credentials, own port and directory."""
    env = {
        "CINELAKE_LAKE": "local",
        "CINELAKE_S3_PORT": str(free_port_base()),
        "CINELAKE_LAKE_DIR": str(tmp_path_factory.mktemp("lake")),
        "CINELAKE_ACCESS_KEY": "test-" + secrets.token_hex(4),
        "CINELAKE_SECRET_KEY": "S3cr3t-" + secrets.token_hex(16),
        "CINELAKE_BUCKET": "cinelake-test",
    }
    settings = load_settings(env)
    lake.up(settings)
    yield env
    lake.down(settings)


@pytest.fixture(scope="session")
def settings(lake_env: dict[str, str]) -> Settings:
    return load_settings(lake_env)


@pytest.fixture
def cli_env(lake_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A process environment for running `cinelake` against the test lake."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_"))}
    env.update(lake_env)
    env["HOME"] = str(tmp_path)  # no ~/.aws from the developer's machine
    return env


@pytest.fixture
def s3(settings: Settings):
    return make_client(settings)


@pytest.fixture
def bucket(settings: Settings, s3) -> Iterator[str]:
    """The test bucket, emptied after each test so tests stay independent."""
    yield settings.bucket
    try:
        paginator = s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=settings.bucket):
            for obj in page.get("Contents", []):
                s3.delete_object(Bucket=settings.bucket, Key=obj["Key"])
        for upload in s3.list_multipart_uploads(Bucket=settings.bucket).get("Uploads", []):
            s3.abort_multipart_upload(
                Bucket=settings.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
            )
    except s3.exceptions.NoSuchBucket:
        pass


def write_csv(path: Path, header: tuple[str, ...], rows: list[str], newline: str = "\n") -> Path:
    path.write_bytes(newline.join(["|".join(header), *rows, ""]).encode("utf-8"))
    return path


@pytest.fixture
def movies_csv(tmp_path: Path) -> Path:
    rows = [MOVIE_ROW.format(n=n) for n in range(1, 41)]
    rows.append(
        'tt0000099|"Mujeres al borde de un ataque de ""nervios"""|Mujeres|1988|88|Comedy|'
        '7.5|70000|actress|"Pepa ""la"" Marcos"|Carmen Maura|1945|\\N|actress|tt0000099'
    )
    return write_csv(tmp_path / "movies.csv", MOVIES_COLUMNS, rows)


@pytest.fixture
def series_csv(tmp_path: Path) -> Path:
    rows = [SERIES_ROW.format(n=n) for n in range(500, 530)]
    return write_csv(tmp_path / "series.csv", SERIES_COLUMNS, rows, newline="\r\n")


def big_movies_csv(path: Path, min_bytes: int) -> Path:
    """A valid movies file of at least `min_bytes`, streamed to disk."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("|".join(MOVIES_COLUMNS) + "\n")
        n, written = 0, 0
        while written < min_bytes:
            line = MOVIE_ROW.format(n=n) + "\n"
            handle.write(line)
            written += len(line)
            n += 1
    return path


PROJECT = Path(__file__).resolve().parents[2]
# The sample warehouse's own build results, beside its warehouse file.
SAMPLE_BUILD_RESULTS = "sample_build_results.json"


def dbt_env(lake_env: dict[str, str], work: Path, bucket: str) -> dict[str, str]:
    """A process environment for dbt and `cinelake` on an own bucket and warehouse."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_", "DBT_"))}
    env.update(lake_env)
    env.update(
        {
            "CINELAKE_BUCKET": bucket,
            "CINELAKE_WAREHOUSE": str(work / "warehouse.duckdb"),
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_PROFILES_DIR": str(PROJECT),
            # a catalog warehouse (table bucket) of its own, as the warehouse file
            "CINELAKE_CATALOG_WAREHOUSE": "wh-"
            + hashlib.sha256(str(work).encode()).hexdigest()[:16],
        }
    )
    lake.ensure_table_bucket(load_settings(env))
    return env


# The warehouse file's own schemas, which a build writes and readers never see.
BUILD_SCHEMAS = ("staging", "intermediate", "build_log", "seeds", "utilities")


def read_warehouse(settings: Settings, warehouse: Path) -> Any:
    """What a test reads of a build: the published tables as readers see them
    (`open_published`) and, by their schema names too, the build's own schemas of the
    warehouse file (staging views, intermediate tables, the build log), attached
    read-only; `lake.<zone>_staged.<table>` is what the build wrote before publishing."""
    try:
        con = open_published(settings)
    except PublishedError:  # nothing published (`dbt run`): the build's own tables only
        con = connect(settings, read_only=True, database=Path(":memory:"))
    con.execute(f"ATTACH '{warehouse}' AS warehouse (READ_ONLY)")
    present = {
        name
        for (name,) in con.execute(
            "select schema_name from duckdb_schemas() where database_name = 'warehouse'"
        ).fetchall()
    }
    path = ["lake.refined", *(f"warehouse.{s}" for s in BUILD_SCHEMAS if s in present)]
    con.execute(f"SET search_path = '{','.join(path)}'")
    return con


@overload
def run_dbt(
    env: dict[str, str], *args: str, background: Literal[False] = False
) -> subprocess.CompletedProcess[str]: ...


@overload
def run_dbt(
    env: dict[str, str], *args: str, background: Literal[True]
) -> subprocess.Popen[str]: ...


def run_dbt(
    env: dict[str, str], *args: str, background: bool = False
) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run the venv's dbt in the project with `env`: every dbt call of the tests comes here.

    In the foreground (the default) it waits and returns the finished process, output
    captured; with `background=True` it returns the started process at once, stdout and
    stderr together in one pipe (`communicate()` collects them).
    """
    return run_venv_program(env, "dbt", *args, background=background)


def run_venv_program(
    env: dict[str, str], program: str, *args: str, background: bool = False
) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run a program of the venv (`dbt`, `cinelake`) in the project with `env`, as
    `run_dbt` describes."""
    command = [str(Path(sys.executable).parent / program), *args]
    if background:
        return subprocess.Popen(
            command,
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    return subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="session")
def sample_warehouse(
    lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """A warehouse built by `dbt build` from a generated sample: the environment to use it."""
    from datetime import date

    from cinelake_tools.sample import write_sample

    from ingest.run_ingest import ingest
    from ingest.schema import MOVIES, SERIES

    work = tmp_path_factory.mktemp("sample-warehouse")
    env = dbt_env(lake_env, work, "cinelake-sample-test")
    files = write_sample(work / "data", titles=600, seed=7)
    ingest(load_settings(env), {MOVIES: files.movies, SERIES: files.series}, date(2024, 7, 10))
    built = run_dbt(env, "build")
    assert built.returncode == 0, built.stdout[-4000:]
    # later tests run dbt on the same target folder: keep this build's results apart
    shutil.copy(work / "target" / "run_results.json", work / SAMPLE_BUILD_RESULTS)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- the browser tests' Chromium (Debian's: `make browser`) ---------------------------

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class HistoryLake:
    env: dict[str, str]
    days: Any  # cinelake_tools.sample.days.DaysSample


@pytest.fixture(scope="session")
def history_warehouse(
    lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> HistoryLake:
    """A warehouse built from a generated sample landed on two days, in its own bucket;
    the tests that use it only read it."""
    from cinelake_tools.sample.days import write_days

    from ingest.inbox import read_loads
    from ingest.run_ingest import ingest

    work = tmp_path_factory.mktemp("history-warehouse")
    env = dbt_env(lake_env, work, "cinelake-two-loads")
    days = write_days(work / "days", titles=300, days=2)
    settings = load_settings(env)
    for day, files in read_loads(days.out_dir):
        ingest(settings, files, day)
    built = run_dbt(env, "build")
    assert built.returncode == 0, built.stdout[-4000:]
    return HistoryLake(env, days)


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """This process's environment is `env` meanwhile (dbt renders the profile from it, the
    code location reads its settings from it, and child processes inherit it)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
