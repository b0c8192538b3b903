"""Concurrent ingests of one key against the real lake: exactly one wins, nothing is lost."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from cinelake_tools.sample import write_sample
from conftest import MOVIE_ROW, dbt_env, read_warehouse, run_dbt, write_csv

from cinelake.config import Settings, load_settings
from ingest.landing import LandingError, ensure_bucket
from ingest.lock import acquire, lock_key, release
from ingest.run_ingest import ingest
from ingest.schema import LOCK_PREFIX, MANIFEST_PREFIX, MOVIES, MOVIES_COLUMNS, SERIES
from ingest.validate import MIB

DAY = date(2003, 3, 3)
KEY = "Raw/Local/CSV/Movies/2003/03/03/movies.csv"


def distinct_movies(folder: Path, runs: int, min_bytes: int) -> list[Path]:
    """`runs` valid movies files that differ from each other (their ratings do)."""
    paths = []
    for run in range(runs):
        rows, size, n = [], 0, 0
        while size < min_bytes:
            line = MOVIE_ROW.format(n=n).replace("|7.1|", f"|{1 + run % 9}.{run // 9}|")
            rows.append(line)
            size += len(line) + 1
            n += 1
        (folder / f"run{run}").mkdir()
        paths.append(write_csv(folder / f"run{run}" / "movies.csv", MOVIES_COLUMNS, rows))
    return paths


def distinct_ids(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return len({line.split("|", 1)[0] for line in lines})


def all_keys(s3, bucket: str, prefix: str) -> list[str]:
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for o in listing.get("Contents", []))


def racing_ingests(settings: Settings, files: list[Path]) -> list[str | None]:
    """Ingest each file from its own thread, all starting to land at the same instant.

    Returns each run's error (None for success). The barrier sits in the progress hook
    that `ingest` opens right before landing, after validation: the runs really race.
    """
    barrier = threading.Barrier(len(files))

    @contextmanager
    def start_together(label: str, total: int) -> Iterator[None]:
        if label.startswith("upload"):
            barrier.wait(timeout=60)
        yield None

    def run(path: Path) -> str | None:
        try:
            ingest(settings, {MOVIES: path}, DAY, progress=start_together)
        except LandingError as exc:
            return str(exc)
        return None

    with ThreadPoolExecutor(len(files)) as pool:
        return list(pool.map(run, files))


@pytest.mark.parametrize(
    ("runs", "min_bytes"),
    [  # single PUTs, and multipart uploads of 2 parts each (36 MiB: larger data)
        (8, 4_000),
        pytest.param(4, 9 * MIB, marks=pytest.mark.slow),
    ],
    ids=["single-put", "multipart"],
)
def test_concurrent_ingests_of_one_key_have_exactly_one_winner(
    settings: Settings, s3, bucket: str, tmp_path: Path, runs: int, min_bytes: int
) -> None:
    files = distinct_movies(tmp_path, runs, min_bytes)
    assert len({hashlib.sha256(f.read_bytes()).digest() for f in files}) == runs
    errors = racing_ingests(settings, files)

    winners = [i for i, error in enumerate(errors) if error is None]
    assert len(winners) == 1, errors
    winner = files[winners[0]]
    for error in errors:  # each loser's error is one line and names the key
        assert error is None or (f"s3://{bucket}/{KEY}" in error and "\n" not in error), error

    # exactly one object, and it holds the winner's bytes
    assert all_keys(s3, bucket, "Raw/Local/CSV/Movies/") == [KEY]
    assert s3.get_object(Bucket=bucket, Key=KEY)["Body"].read() == winner.read_bytes()
    winner_sha = hashlib.sha256(winner.read_bytes()).hexdigest()

    # every run wrote a manifest, and each tells the truth about its file
    manifests = all_keys(s3, bucket, MANIFEST_PREFIX)
    assert len(manifests) == runs
    statuses = []
    for key in manifests:
        entry = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())["files"][0]
        statuses.append(entry["status"])
        if entry["status"] == "landed":
            assert entry["sha256"] == winner_sha
        else:
            assert entry["status"] == "failed"
            assert KEY in entry["error"]
    assert sorted(statuses) == ["failed"] * (runs - 1) + ["landed"]

    # no lock and no unfinished upload is left behind
    assert all_keys(s3, bucket, LOCK_PREFIX) == []
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_held_lock_refuses_with_one_line_naming_the_key(
    cli_env: dict[str, str], s3, bucket: str, tmp_path: Path
) -> None:
    ensure_bucket(s3, bucket)
    held = acquire(s3, bucket, KEY)  # this live process holds it
    (movies,) = distinct_movies(tmp_path, 1, 1_000)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "cinelake.cli",
            "ingest",
            "--movies",
            str(movies),
            "--date",
            f"{DAY}",
        ],
        env=cli_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if " ERROR " in line]
    assert errors, out.stderr
    assert all(f"s3://{bucket}/{KEY}: another ingest is landing it" in e for e in errors), errors
    assert all_keys(s3, bucket, "Raw/Local/CSV/Movies/") == []
    assert s3.head_object(Bucket=bucket, Key=lock_key(KEY))["ETag"] == held.etag
    release(s3, bucket, held)
    assert all_keys(s3, bucket, LOCK_PREFIX) == []


def test_lock_of_a_dead_run_is_taken_over(
    settings: Settings, s3, bucket: str, tmp_path: Path
) -> None:
    ensure_bucket(s3, bucket)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    body = json.dumps(
        {
            "host": socket.gethostname(),
            "pid": int(dead.stdout),
            "acquired_at": "2099-01-01T00:00:00+00:00",
        }
    )
    s3.put_object(Bucket=bucket, Key=lock_key(KEY), Body=body.encode())
    (movies,) = distinct_movies(tmp_path, 1, 1_000)
    result = ingest(settings, {MOVIES: movies}, DAY)
    assert [r.status for r in result.results] == ["landed"]
    assert all_keys(s3, bucket, LOCK_PREFIX) == []


def every_model_reads(env: dict[str, str]) -> dict[str, int]:
    """Row counts of every relation a build wrote: views, warehouse tables, Iceberg tables."""
    con = read_warehouse(load_settings(env), Path(env["CINELAKE_WAREHOUSE"]))
    try:
        names = con.sql(
            "select schema_name || '.' || view_name from duckdb_views() where not internal"
            " union all select schema_name || '.' || table_name from duckdb_tables()"
            " where table_name != 'publications'"  # the log: one row more per build
        ).fetchall()
        # names from the catalog, not from input
        count = "select count(*) from {}"
        return {name: con.sql(count.format(name)).fetchone()[0] for (name,) in names}
    finally:
        con.close()


@pytest.mark.slow  # two more builds of the sample
def test_two_builds_at_once_one_refuses_and_the_warehouse_stays_whole(
    sample_warehouse: dict[str, str],
) -> None:
    before = every_model_reads(sample_warehouse)
    builds = [run_dbt(sample_warehouse, "build", background=True) for _ in range(2)]
    outputs = [(b.communicate(timeout=900)[0], b.returncode) for b in builds]
    # both start together, so the second reaches the warehouse while the first holds it
    codes = sorted(code for _, code in outputs)
    assert codes[0] == 0 and codes[1] != 0, [out[-2000:] for out, _ in outputs]
    refused = next(out for out, code in outputs if code != 0)
    assert "Could not set lock on file" in refused, refused[-3000:]
    assert "Conflicting lock is held" in refused
    assert " OK created " not in refused  # refused before it wrote anything
    # the same data rebuilt: every model still reads, with the same rows as before
    assert every_model_reads(sample_warehouse) == before


@pytest.mark.slow  # a sample of 13,000 titles, landed in parts
def test_build_while_an_ingest_lands_reads_one_whole_file(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    env = dbt_env(lake_env, tmp_path, "cinelake-build-while-ingest")
    settings = load_settings(env)
    small = write_sample(tmp_path / "small", titles=200, seed=1)
    large = write_sample(tmp_path / "large", titles=13_000, seed=2)  # > 8 MiB: multipart
    assert large.movies.stat().st_size > 8 * MIB
    ingest(settings, {MOVIES: small.movies, SERIES: small.series}, date(2003, 3, 2))

    build = run_dbt(env, "run", "--select", "+path:models/trusted/titles.sql", background=True)
    ingest(settings, {MOVIES: large.movies}, DAY)  # a newer partition lands meanwhile
    output = build.communicate(timeout=900)[0]
    assert build.returncode == 0, output[-3000:]

    con = read_warehouse(settings, tmp_path / "warehouse.duckdb")
    try:
        files = con.sql(
            "select source_file, count(*) from staging.stg_imdb__movies group by 1"
        ).fetchall()
        titles = con.sql(
            "select count(*) from lake.trusted_staged.titles where title_type = 'movie'"
        ).fetchone()[0]
    finally:
        con.close()
    # the view reads one partition whole: its rows are exactly one file's rows
    expected = {
        f"s3://{settings.bucket}/{MOVIES.raw_key(d)}": sample
        for d, sample in ((date(2003, 3, 2), small), (DAY, large))
    }
    assert len(files) == 1 and files[0][0] in expected
    assert titles == distinct_ids(expected[files[0][0]].movies)
