"""The TMDB enrichment client against the real fake TMDB server on loopback and a real
SeaweedFS lake: what lands, how often TMDB is asked, how fast, and what happens on every
kind of failure. No mocks."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import math
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from aiolimiter import AsyncLimiter
from cinelake_tools.tmdb_server import EMPTY_FIND, NOT_FOUND, FakeTmdb
from conftest import free_port_base

from cinelake.config import Settings, TmdbSettings, load_settings
from cinelake.tmdb import fetch
from cinelake.tmdb.api import TmdbAuthError, find_match
from cinelake.tmdb.fetch import retry_after_seconds
from cinelake.tmdb.landing import BATCH_KEY
from cinelake.tmdb.run import EnrichResult, enrich
from ingest.s3 import make_client

BUCKET = "cinelake-tmdb-client-test"
PROJECT = Path(__file__).resolve().parents[2]
MANIFESTS = "Raw/TMDB/JSON/_manifests/"


def tt(n: int) -> str:
    return f"tt{n:07d}"


def details_body(n: int) -> bytes:
    # Spacing, a trailing zero, an escaped and a raw accent: any re-serialization shows.
    return (
        f'{{"id": {n},  "title": "Caf\\u00e9 {n}", "original_title":"Café {n}", '
        f'"vote_average": 7.10, "genres":[{{"id":35,"name":"Comedy"}}]}}\n'
    ).encode()


def write_responses(root: Path, numbers: range, without_find: tuple[int, ...] = ()) -> Path:
    """Find and details bodies for `numbers` (odd: tv, even: movie), TMDB id = n + 1000."""
    for folder in ("find", "movie", "tv"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for n in numbers:
        if n in without_find:
            continue
        media = "tv" if n % 2 else "movie"
        results = {"movie_results": [], "person_results": [], "tv_results": []}
        results[f"{media}_results"] = [{"id": n + 1000, "name": f"Title {n}"}]
        (root / "find" / f"{tt(n)}.json").write_text(json.dumps(results), encoding="utf-8")
        (root / media / f"{n + 1000}.json").write_bytes(details_body(n + 1000))
    return root


@pytest.fixture
def tmdb_env(lake_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    extensions = os.environ.get("CINELAKE_DUCKDB_EXTENSION_DIR") or str(
        PROJECT / ".duckdb" / "extensions"
    )
    return {
        **lake_env,
        "CINELAKE_BUCKET": BUCKET,
        "CINELAKE_DUCKDB_EXTENSION_DIR": extensions,
        "CINELAKE_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "TMDB_READ_TOKEN": "tmdb-token-" + os.urandom(12).hex(),
    }


@pytest.fixture
def lake(tmdb_env: dict[str, str]) -> Iterator[Settings]:
    """Settings of the test bucket, emptied after each test."""
    settings = load_settings(tmdb_env)
    yield settings
    s3 = make_client(settings)
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            for obj in page.get("Contents", []):
                s3.delete_object(Bucket=BUCKET, Key=obj["Key"])
    except s3.exceptions.NoSuchBucket:
        pass


@pytest.fixture
def fake(tmdb_env: dict[str, str], tmp_path: Path) -> Iterator[FakeTmdb]:
    responses = write_responses(tmp_path / "responses", range(1, 301))
    with FakeTmdb(responses, tmdb_env["TMDB_READ_TOKEN"]) as server:
        yield server


def tmdb_settings(fake: FakeTmdb, token: str, **options: Any) -> TmdbSettings:
    values: dict[str, Any] = {"rate": 200.0, "concurrency": 8, "timeout": 2.0, "backoff": 0.05}
    values.update(options)
    return TmdbSettings(base_url=fake.base_url, read_token=token, **values)


def run(settings: Settings, fake: FakeTmdb, ids: list[str], **options: Any) -> EnrichResult:
    run_options = {k: options.pop(k) for k in ("stop_after", "refresh_days") if k in options}
    tmdb = tmdb_settings(fake, settings.environ["TMDB_READ_TOKEN"], **options)
    return enrich(settings, tmdb, ids=ids, **run_options)


def objects(settings: Settings) -> dict[str, bytes]:
    s3 = make_client(settings)
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=settings.bucket):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = s3.get_object(Bucket=settings.bucket, Key=obj["Key"])["Body"].read()
    return found


def batches(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    return {
        key: json.loads(body)
        for key, body in objects(settings).items()
        if not key.startswith(MANIFESTS)
    }


def records(settings: Settings) -> list[dict[str, Any]]:
    return [r for batch in batches(settings).values() for r in batch]


def manifests(settings: Settings) -> list[dict[str, Any]]:
    found = [json.loads(b) for k, b in objects(settings).items() if k.startswith(MANIFESTS)]
    return sorted(found, key=lambda m: m["started_at"])


def find_counts(fake: FakeTmdb) -> dict[str, int]:
    return {p: n for p, n in fake.counts.items() if p.startswith("/3/find/")}


# -- pure helpers -----------------------------------------------------------------------


def test_find_match_prefers_movie_and_needs_an_integer_id() -> None:
    assert find_match(json.loads(EMPTY_FIND)) is None
    both = {"movie_results": [{"id": 550}], "tv_results": [{"id": 1399}]}
    assert find_match(both) == ("movie", 550)
    assert find_match({"movie_results": [], "tv_results": [{"id": 1399}]}) == ("tv", 1399)
    with pytest.raises(ValueError):
        find_match({"movie_results": [{"id": "550"}]})


def test_retry_after_takes_seconds_or_an_http_date() -> None:
    now = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("3", now) == 3.0
    assert retry_after_seconds("Mon, 30 Nov 2026 12:00:05 GMT", now) == 5.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


# -- landing ----------------------------------------------------------------------------


def test_lands_whole_batches_with_bodies_verbatim_and_asks_each_id_once(
    lake: Settings, fake: FakeTmdb
) -> None:
    ids = [tt(n) for n in range(1, 251)]
    started = datetime.now(UTC)
    result = run(lake, fake, ids)

    assert (result.status, result.tally.fetched, result.tally.not_found) == ("complete", 250, 0)
    # one find and one details request per id, none twice
    assert result.requests == 500 == sum(fake.counts.values())
    assert set(fake.counts.values()) == {1}

    landed = objects(lake)
    keys = sorted(k for k in landed if not k.startswith(MANIFESTS))
    day = f"{started:%Y/%m/%d}"
    assert keys == [f"Raw/TMDB/JSON/{day}/{result.run_id}-{n:05d}.json" for n in (1, 2, 3)]
    assert re.fullmatch(r"enrich-\d{8}T\d{12}Z-[0-9a-f]{8}", result.run_id)
    assert all(BATCH_KEY.fullmatch(k) for k in keys)
    parsed = {k: json.loads(landed[k]) for k in keys}
    assert [len(parsed[k]) for k in keys] == [100, 100, 50]

    all_records = [r for k in keys for r in parsed[k]]
    assert sorted(r["imdb_id"] for r in all_records) == ids
    for record in all_records:
        n = int(record["imdb_id"][2:])
        media = "tv" if n % 2 else "movie"
        assert record["media_type"] == media
        assert record["tmdb_id"] == n + 1000
        assert record["endpoint"] == f"/3/{media}/{n + 1000}"
        assert (record["status"], record["outcome"]) == (200, "fetched")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", record["fetched_at"])
        assert set(record) == {
            "imdb_id",
            "media_type",
            "tmdb_id",
            "endpoint",
            "status",
            "outcome",
            "fetched_at",
            "body",
        }
    # The body's bytes are in the object exactly as the server sent them.
    whole = b"".join(landed[k] for k in keys)
    for n in range(1, 251):
        assert b'"body": ' + details_body(n + 1000) + b"}" in whole

    s3 = make_client(lake)
    (manifest,) = manifests(lake)
    assert manifest["run_id"] == result.run_id
    assert (manifest["status"], manifest["selected"]) == ("complete", 250)
    assert (manifest["fetched"], manifest["not_found"], manifest["failed"]) == (250, 0, 0)
    assert manifest["requests"] == 500 and manifest["failures"] == []
    assert [f["key"] for f in manifest["files"]] == keys
    for entry in manifest["files"]:
        body = landed[entry["key"]]
        digest = hashlib.sha256(body).hexdigest()
        assert (entry["sha256"], entry["bytes"]) == (digest, len(body))
        head = s3.head_object(Bucket=BUCKET, Key=entry["key"], ChecksumMode="ENABLED")
        assert head["Metadata"]["sha256"] == digest
        assert head["ChecksumSHA256"] == base64.b64encode(bytes.fromhex(digest)).decode()

    # Everything has landed: a second run asks TMDB nothing.
    again = run(lake, fake, ids)
    assert (again.selected, again.requests, again.batches) == (0, 0, [])
    assert sum(fake.counts.values()) == 500


class Admissions:
    """The real limiter of a client, with the event-loop time of every request it let
    through. Its decision is taken at that time (aiolimiter checks the level and fills
    it with no await between), so these are the instants the rate is kept at, whatever
    the machine's load does to the sockets and threads after them."""

    def __init__(self, bucket: AsyncLimiter) -> None:
        self.bucket = bucket
        self.times: list[float] = []

    async def __aenter__(self) -> None:
        await self.bucket.__aenter__()
        self.times.append(asyncio.get_running_loop().time())

    async def __aexit__(self, *exc: object) -> None:
        await self.bucket.__aexit__(*exc)


def test_every_request_and_retry_passes_the_limiter_at_the_rate(
    lake: Settings, fake: FakeTmdb, monkeypatch: pytest.MonkeyPatch
) -> None:
    rate = 25.0
    made: list[Admissions] = []
    real = fetch.limiter

    def recorded(rate: float) -> Admissions:
        made.append(Admissions(real(rate)))
        return made[-1]

    monkeypatch.setattr(fetch, "limiter", recorded)
    fake.inject(tt(3), "500", times=2)  # retries pass the limiter too
    fake.inject("/3/movie/1010", "malformed", times=1)
    result = run(lake, fake, [tt(n) for n in range(1, 51)], rate=rate, concurrency=8)
    (admissions,) = made
    assert result.requests == 103 == sum(fake.counts.values()) == len(admissions.times)
    assert busiest_window(admissions.times) <= rate


class _VirtualSelector(selectors.DefaultSelector):
    """Instead of sleeping until the next timer, moves the loop's clock to it."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0

    def select(self, timeout: float | None = None) -> list[Any]:
        if timeout is None:
            raise RuntimeError("the loop would wait for ever: nothing is scheduled")
        # at least one step of the float: a timeout under it would leave the clock still
        self.now = max(self.now + timeout, math.nextafter(self.now, math.inf))
        return super().select(0)


def on_a_virtual_clock(coroutine: Any) -> Any:
    """Run `coroutine` on an event loop whose clock moves only from timer to timer: the
    limiter's own schedule, with no machine load in it."""
    selector = _VirtualSelector()
    loop = asyncio.SelectorEventLoop(selector)
    loop.time = lambda: selector.now  # type: ignore[method-assign]
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()


@pytest.mark.parametrize("rate", [1.0, 4.0, 25.0, 40.0, 150.0])
def test_limiter_keeps_every_window_under_the_rate_at_a_pace_close_to_it(rate: float) -> None:
    """Under the rate in every 1-second window, and not far under it either (8%, the
    margin, and a little for the burst): on the limiter's own clock. What a real run
    reaches over HTTP is the benchmark's figure (`cinelake bench enrich`)."""

    async def acquire_all() -> list[float]:
        bucket, times = fetch.limiter(rate), list[float]()
        loop = asyncio.get_running_loop()
        for _ in range(max(10, int(10 * rate))):
            async with bucket:
                times.append(loop.time())
        return times

    times = on_a_virtual_clock(acquire_all())
    assert busiest_window(times) <= rate
    assert (len(times) - 1) / (times[-1] - times[0]) > 0.9 * rate


def busiest_window(times: list[float]) -> int:
    """The most of the sorted `times` in any half-open 1-second window."""
    return max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))


# -- answers that are not details -------------------------------------------------------


def test_not_found_is_landed_with_the_answer_and_not_asked_again(
    lake: Settings, tmdb_env: dict[str, str], tmp_path: Path
) -> None:
    responses = write_responses(tmp_path / "nf", range(1, 11), without_find=(2,))
    (responses / "movie" / "1004.json").unlink()  # tt0000004 is found, its details are gone
    with FakeTmdb(responses, tmdb_env["TMDB_READ_TOKEN"]) as fake:
        fake.inject(tt(3), "404")
        fake.inject(tt(5), "empty")
        result = run(lake, fake, [tt(n) for n in range(1, 11)])
        assert (result.tally.fetched, result.tally.not_found, len(result.tally.failures)) == (
            6,
            4,
            0,
        )
        by_id = {r["imdb_id"]: r for r in records(lake)}
        assert len(by_id) == 10
        raw = b"".join(b for k, b in objects(lake).items() if not k.startswith(MANIFESTS))
        expected = {
            tt(2): (None, None, "/3/find/tt0000002", 200, EMPTY_FIND),  # no find file
            tt(3): (None, None, "/3/find/tt0000003", 404, NOT_FOUND),
            tt(4): ("movie", 1004, "/3/movie/1004", 404, NOT_FOUND),
            tt(5): (None, None, "/3/find/tt0000005", 200, EMPTY_FIND),
        }
        for imdb_id, (media, tmdb_id, endpoint, status, body) in expected.items():
            record = by_id[imdb_id]
            assert record["outcome"] == "not_found"
            assert (record["media_type"], record["tmdb_id"]) == (media, tmdb_id)
            assert (record["endpoint"], record["status"]) == (endpoint, status)
            assert record["body"] == json.loads(body)
            assert b'"body": ' + body + b"}" in raw

        before = sum(fake.counts.values())
        again = run(lake, fake, [tt(n) for n in range(1, 11)])
        assert (again.selected, sum(fake.counts.values())) == (0, before)


# -- failures ---------------------------------------------------------------------------


def test_transient_faults_are_retried_and_lasting_ones_fail_only_their_id(
    lake: Settings, fake: FakeTmdb
) -> None:
    fake.inject(tt(1), "429", times=1, retry_after=1.0)
    fake.inject(tt(2), "500", times=2)
    fake.inject("/3/movie/1004", "500", times=1)  # a details request, too
    fake.inject(tt(3), "drop", times=1)
    fake.inject(tt(5), "slow", delay=1.5)  # every time, longer than the timeout
    fake.inject(tt(7), "malformed")  # cut off every time: retried, then given up
    fake.inject(tt(8), "malformed", times=2)  # cut off twice: the third attempt gets it
    fake.inject("/3/tv/1013", "malformed", times=1)  # a details body, cut off once
    fake.inject(tt(9), "slow", times=1, delay=1.5)  # once: the retry gets through
    fake.inject(tt(11), "notobject")  # whole JSON of the wrong shape: asking again won't help
    ids = [tt(n) for n in range(1, 31)]
    result = run(lake, fake, ids, timeout=0.5, attempts=3)

    failed = {f.imdb_id: f.reason for f in result.tally.failures}
    assert set(failed) == {tt(5), tt(7), tt(11)}
    assert "timed out" in failed[tt(5)] and "after 3 attempts" in failed[tt(5)]
    assert "malformed JSON (Unterminated string" in failed[tt(7)]
    assert "after 3 attempts" in failed[tt(7)]
    assert "unexpected JSON" in failed[tt(11)]
    assert result.tally.fetched == 27
    assert sorted(r["imdb_id"] for r in records(lake)) == sorted(set(ids) - set(failed))

    # The 429's retry came after its Retry-After.
    first, retry = fake.hits_of("/3/find/tt0000001")
    assert (first.status, retry.status) == (429, 200)
    assert retry.at - first.at >= 1.0
    assert [h.status for h in fake.hits_of("/3/find/tt0000002")] == [500, 500, 200]
    assert [h.status for h in fake.hits_of("/3/movie/1004")] == [500, 200]
    assert [h.status for h in fake.hits_of("/3/find/tt0000003")] == [0, 200]
    assert len(fake.hits_of("/3/find/tt0000005")) == 3  # attempts, then given up
    assert len(fake.hits_of("/3/find/tt0000007")) == 3  # a cut-off body is retried too
    assert len(fake.hits_of("/3/find/tt0000008")) == 3
    assert len(fake.hits_of("/3/tv/1013")) == 2
    assert len(fake.hits_of("/3/find/tt0000009")) == 2
    assert len(fake.hits_of("/3/find/tt0000011")) == 1  # the wrong shape is not retried
    assert result.requests == sum(fake.counts.values())
    # the bodies landed are the whole ones, not a cut-off attempt
    landed = {r["imdb_id"]: r for r in records(lake)}
    assert landed[tt(8)]["tmdb_id"] == 1008 and landed[tt(13)]["body"]["id"] == 1013

    (manifest,) = manifests(lake)
    assert manifest["failed"] == 3
    assert {f["imdb_id"]: f["reason"] for f in manifest["failures"]} == failed

    # The next run asks again for the failed ids, and only for them.
    fake.faults.clear()
    before = dict(fake.counts)
    again = run(lake, fake, ids)
    assert (again.selected, again.tally.fetched) == (3, 3)
    asked = {p for p, n in fake.counts.items() if n != before.get(p, 0)}
    assert asked == {
        "/3/find/tt0000005",
        "/3/find/tt0000007",
        "/3/find/tt0000011",
        "/3/tv/1005",
        "/3/tv/1007",
        "/3/tv/1011",
    }


def test_401_stops_the_run_at_once_and_keeps_what_was_fetched(
    lake: Settings, fake: FakeTmdb
) -> None:
    fake.inject(tt(40), "401")  # the token is revoked mid-run
    ids = [tt(n) for n in range(1, 201)]
    with pytest.raises(TmdbAuthError, match="401"):
        run(lake, fake, ids, rate=100.0, concurrency=4)
    assert fake.counts["/3/find/tt0000040"] == 1  # never retried
    assert sum(find_counts(fake).values()) < 60  # nothing much after it
    landed = records(lake)
    assert landed and len(landed) == len({r["imdb_id"] for r in landed})
    (manifest,) = manifests(lake)
    assert manifest["status"] == "unauthorized" and "401" in manifest["error"]
    assert manifest["fetched"] == len(landed)


# -- interruption -----------------------------------------------------------------------


def test_an_interrupted_run_lands_what_it_has_and_the_next_fetches_only_the_rest(
    lake: Settings, fake: FakeTmdb
) -> None:
    ids = [tt(n) for n in range(1, 151)]
    first = run(lake, fake, ids, stop_after=30, rate=100.0)
    assert first.status == "interrupted"
    done = {r["imdb_id"] for r in records(lake)}
    assert 30 <= len(done) < 60  # stopped handing out ids at 30, the ones in flight landed
    assert [b.records for b in first.batches] == [len(done)]  # one whole final batch
    assert manifests(lake)[0]["status"] == "interrupted"

    second = run(lake, fake, ids)
    assert second.status == "complete" and second.selected == 150 - len(done)
    assert sorted(r["imdb_id"] for r in records(lake)) == ids  # each id landed once
    assert set(find_counts(fake).values()) == {1}  # and asked once, over both runs


def cinelake(env: dict[str, str], *args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cinelake.cli", *args],
        env=env,
        cwd=env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.fixture
def child_env(tmdb_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_", "TMDB_"))}
    env.update(tmdb_env)
    env["PYTHONPATH"] = str(PROJECT)  # this checkout, whatever the venv was installed from
    env["HOME"] = str(tmp_path)
    return env


def write_ids(path: Path, numbers: range) -> Path:
    path.write_text("".join(f"{tt(n)}\n" for n in numbers), encoding="utf-8")
    return path


def test_sigint_lands_what_was_fetched_and_a_rerun_fetches_the_rest(
    lake: Settings, fake: FakeTmdb, child_env: dict[str, str], tmp_path: Path
) -> None:
    ids_file = write_ids(tmp_path / "ids.txt", range(1, 81))
    env = {**child_env, "TMDB_BASE_URL": fake.base_url}
    child = cinelake(env, "enrich", "--ids", str(ids_file), "--rate", "20", "--concurrency", "4")
    deadline = time.monotonic() + 60
    while sum(fake.counts.values()) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr

    done = {r["imdb_id"] for r in records(lake)}
    assert 10 <= len(done) < 80
    (manifest,) = manifests(lake)
    assert manifest["status"] == "interrupted"
    assert sum(f["records"] for f in manifest["files"]) == len(done)

    rerun = cinelake(env, "enrich", "--ids", str(ids_file), "--rate", "200")
    _, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert sorted(r["imdb_id"] for r in records(lake)) == [tt(n) for n in range(1, 81)]
    assert set(find_counts(fake).values()) == {1}  # nothing asked twice


# -- secrets ----------------------------------------------------------------------------


def test_the_key_never_appears_in_logs_objects_or_manifests(
    lake: Settings, tmdb_env: dict[str, str], child_env: dict[str, str], tmp_path: Path
) -> None:
    key = "v3key" + os.urandom(16).hex()
    responses = write_responses(tmp_path / "secret", range(1, 21))
    with FakeTmdb(responses, key) as fake:
        fake.inject(tt(3), "drop")
        fake.inject(tt(4), "slow", delay=1.0)
        fake.inject(tt(5), "500")
        env = {k: v for k, v in child_env.items() if k != "TMDB_READ_TOKEN"}
        # a v3 key travels in the URL: the hardest case
        env.update({"TMDB_API_KEY": key, "TMDB_BASE_URL": fake.base_url, "TMDB_ATTEMPTS": "2"})
        ids_file = write_ids(tmp_path / "ids.txt", range(1, 21))
        child = cinelake(env, "-v", "enrich", "--ids", str(ids_file), "--timeout", "0.3")
        stdout, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr
        assert "17 fetched, 0 not found, 3 failed" in stderr
    assert key not in stdout + stderr
    landed = objects(lake)
    assert landed and all(key.encode() not in body for body in landed.values())
    assert tmdb_env["TMDB_READ_TOKEN"] not in stdout + stderr


def test_a_wrong_token_stops_at_once_with_one_clear_line(
    lake: Settings, fake: FakeTmdb, child_env: dict[str, str], tmp_path: Path
) -> None:
    wrong = "wrong-" + os.urandom(8).hex()
    env = {**child_env, "TMDB_BASE_URL": fake.base_url, "TMDB_READ_TOKEN": wrong}
    ids_file = write_ids(tmp_path / "ids.txt", range(1, 101))
    child = cinelake(env, "enrich", "--ids", str(ids_file), "--concurrency", "4")
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1
    errors = [line for line in stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1, stderr
    assert "TMDB refused the credentials (HTTP 401: Invalid API key" in errors[0]
    assert "Traceback" not in stderr and wrong not in stderr
    assert sum(fake.counts.values()) <= 4  # the requests already in flight, no more
    assert batches(lake) == {}
    assert manifests(lake)[0]["status"] == "unauthorized"


# -- selection from the warehouse -------------------------------------------------------


def test_selects_focus_titles_not_yet_landed_and_refreshes_old_ones(
    lake: Settings, fake: FakeTmdb
) -> None:
    # a warehouse file of its own with no catalog: the candidates are its dim_titles
    lake = load_settings({**lake.environ, "CINELAKE_CATALOG": "none"})
    warehouse = Path(lake.environ["CINELAKE_WAREHOUSE"])
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema refined")
        con.execute("create table refined.dim_titles (title_id varchar, is_focus boolean)")
        con.executemany(
            "insert into refined.dim_titles values (?, ?)",
            [(tt(n), n <= 6) for n in range(1, 11)],
        )
    tmdb = tmdb_settings(fake, lake.environ["TMDB_READ_TOKEN"])

    first = enrich(lake, tmdb, limit=4)
    assert sorted(r["imdb_id"] for r in records(lake)) == [tt(n) for n in range(1, 5)]
    assert first.selected == 4
    rest = enrich(lake, tmdb)
    assert rest.selected == 2  # tt5, tt6: the other focus titles
    everything = enrich(lake, tmdb, everything=True)
    assert everything.selected == 4  # tt7..tt10, the titles out of focus
    assert enrich(lake, tmdb, everything=True).selected == 0
    assert enrich(lake, tmdb, refresh_days=1).selected == 0  # all fresher than a day
    refreshed = enrich(lake, tmdb, refresh_days=0)  # everything is older than now
    assert refreshed.selected == 6
    assert max(find_counts(fake).values()) == 2  # the focus titles, twice each


# -- the command line -------------------------------------------------------------------


def test_tmdb_serve_answers_from_the_responses_directory(
    child_env: dict[str, str], tmp_path: Path
) -> None:
    responses = write_responses(tmp_path / "serve", range(1, 3))
    port = free_port_base()
    token = child_env["TMDB_READ_TOKEN"]
    server = cinelake(child_env, "tmdb-serve", "--responses", str(responses), "--port", str(port))
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}
        params = {"external_source": "imdb_id"}
        found = httpx.get(f"{base}/3/find/{tt(1)}", params=params, headers=auth)
        assert found.content == (responses / "find" / f"{tt(1)}.json").read_bytes()
        details = httpx.get(f"{base}/3/tv/1001", headers=auth)
        assert details.content == details_body(1001)
        assert httpx.get(f"{base}/3/find/{tt(9)}", params=params, headers=auth).content == (
            EMPTY_FIND
        )
        missing = httpx.get(f"{base}/3/movie/9", headers=auth)
        assert (missing.status_code, missing.content) == (404, NOT_FOUND)
        by_key = httpx.get(f"{base}/3/tv/1001", params={"api_key": token})
        assert by_key.status_code == 200
        refused = httpx.get(f"{base}/3/tv/1001", headers={"Authorization": "Bearer nope"})
        assert refused.status_code == 401 and refused.json()["status_code"] == 7
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=30)
    assert server.returncode == 0, stderr
    assert token not in stderr


def test_ids_that_are_not_imdb_ids_are_refused_with_one_line(
    lake: Settings, fake: FakeTmdb, child_env: dict[str, str], tmp_path: Path
) -> None:
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("tt0000001\n../../etc/passwd\n", encoding="utf-8")
    env = {**child_env, "TMDB_BASE_URL": fake.base_url}
    child = cinelake(env, "enrich", "--ids", str(ids_file))
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1
    assert stderr.strip().endswith("not IMDb title ids (ttNNNNNNN): ../../etc/passwd")
    assert sum(fake.counts.values()) == 0


def test_default_selection_reads_the_focus_titles_of_a_built_warehouse(
    sample_warehouse: dict[str, str], tmdb_env: dict[str, str], lake: Settings, fake: FakeTmdb
) -> None:
    from cinelake.warehouse.published import open_published

    # The tables the sample build published; landing goes to our bucket.
    env = {
        **tmdb_env,
        "CINELAKE_WAREHOUSE": sample_warehouse["CINELAKE_WAREHOUSE"],
        "CINELAKE_CATALOG_WAREHOUSE": sample_warehouse["CINELAKE_CATALOG_WAREHOUSE"],
    }
    settings = load_settings(env)
    con = open_published(settings)
    try:
        focus = [
            row[0]
            for row in con.execute(
                "select title_id from refined.dim_titles where is_focus order by title_id"
            ).fetchall()
        ]
        total = con.execute("select count(*) from refined.dim_titles").fetchone()[0]
    finally:
        con.close()
    assert 20 < len(focus) < total
    tmdb = tmdb_settings(fake, env["TMDB_READ_TOKEN"])
    first = enrich(settings, tmdb, limit=20)
    assert sorted(r["imdb_id"] for r in records(lake)) == focus[:20]
    second = enrich(settings, tmdb, limit=20)
    assert second.selected == 20
    assert sorted(r["imdb_id"] for r in records(lake)) == focus[:40]
    assert first.requests + second.requests == sum(fake.counts.values())
