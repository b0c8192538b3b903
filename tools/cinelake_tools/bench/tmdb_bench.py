"""`cinelake bench enrich`: requests/s of `enrich` against its configured rate, and its peak
memory for a small and a large number of ids, against the local fake TMDB server.

The server runs in this process; each enrichment runs in its own child process
(`python -m cinelake_tools.bench.tmdb_bench IDS_FILE RESULT_FILE RATE CONCURRENCY`), measured
by `timed` (wall time, peak RSS from wait4), and writes its run's counts to RESULT_FILE.
Memory should not grow with the number of ids: answers are landed in batches of 100 as
they come, and only the ids themselves are held.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from dataclasses import replace
from pathlib import Path

from cinelake.config import Settings, load_settings
from cinelake_tools.bench.common import timed
from cinelake_tools.tmdb_server import FakeTmdb
from ingest.landing import ensure_bucket
from ingest.s3 import make_client

log = logging.getLogger(__name__)

NOT_ON_TMDB = 20  # every 20th id has no find file: answered "not found", as in life
OVERVIEW = "A bench title whose overview is long enough to weigh what a real one does. " * 12


def tt(n: int) -> str:
    return f"tt{n:07d}"


def write_responses(folder: Path, count: int) -> Path:
    """Find and movie bodies for ids 1..count (about 1.5 kB each), written once."""
    done = folder / ".complete"
    if done.exists() and int(done.read_text()) >= count:
        return folder
    log.info("writing %d fake TMDB answers into %s", count, folder)
    for sub in ("find", "movie", "tv"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        if n % NOT_ON_TMDB == 0:
            continue
        find = {
            "movie_results": [{"id": n, "title": f"Title {n}"}],
            "person_results": [],
            "tv_results": [],
            "tv_episode_results": [],
            "tv_season_results": [],
        }
        details = {"id": n, "imdb_id": tt(n), "title": f"Title {n}", "overview": OVERVIEW}
        (folder / "find" / f"{tt(n)}.json").write_text(json.dumps(find), encoding="utf-8")
        (folder / "movie" / f"{n}.json").write_text(json.dumps(details), encoding="utf-8")
    done.write_text(str(count))
    return folder


def _empty(settings: Settings) -> None:
    client = make_client(settings)
    ensure_bucket(client, settings.bucket)
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=settings.bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=settings.bucket, Key=obj["Key"])


def bench_enrich(
    settings: Settings, large: int, small: int, rate: float, concurrency: int, work: Path
) -> int:
    work.mkdir(parents=True, exist_ok=True)
    responses = write_responses(work / "tmdb-responses", max(large, small))
    bench = replace(settings, bucket=settings.bucket + "-bench-enrich")
    token = secrets.token_hex(16)
    rows = []
    with FakeTmdb(responses, token) as fake:
        for count in (small, large):
            _empty(bench)
            ids_file = work / f"tmdb-ids-{count}.txt"
            ids_file.write_text("".join(f"{tt(n)}\n" for n in range(1, count + 1)))
            result_file = work / f"tmdb-result-{count}.json"
            env = {
                **os.environ,
                "CINELAKE_BUCKET": bench.bucket,
                "TMDB_BASE_URL": fake.base_url,
                "TMDB_READ_TOKEN": token,
            }
            env.pop("TMDB_API_KEY", None)
            argv = [
                sys.executable,
                "-m",
                "cinelake_tools.bench.tmdb_bench",
                str(ids_file),
                str(result_file),
                str(rate),
                str(concurrency),
            ]
            log.info("enriching %d ids at most %g requests/s", count, rate)
            measured = timed(argv, env)
            result = json.loads(result_file.read_text())
            rows.append((count, measured, result))
    lines = [
        f"fake TMDB on {fake.base_url}, configured rate {rate:g} requests/s, "
        f"concurrency {concurrency}, lake {settings.endpoint}",
        "| ids | fetched | not found | failed | requests | fetch s | requests/s | of the rate "
        "| process s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, measured, result in rows:
        lines.append(
            f"| {count} | {result['fetched']} | {result['not_found']} | {result['failed']} "
            f"| {result['requests']} | {result['seconds']:.1f} "
            f"| {result['requests_per_second']:.1f} "
            f"| {result['requests_per_second'] / rate:.0%} | {measured['seconds']:.1f} "
            f"| {measured['peak_mb']:.0f} |"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _child(ids_file: Path, result_file: Path, rate: float, concurrency: int) -> None:
    from cinelake.config import TmdbSettings
    from cinelake.logs import configure
    from cinelake.tmdb.run import enrich

    settings = load_settings()
    configure(False, settings.secrets())
    tmdb = TmdbSettings.from_environ(os.environ, rate=rate, concurrency=concurrency)
    ids = ids_file.read_text().split()
    result = enrich(settings, tmdb, ids=ids)
    summary = {
        "fetched": result.tally.fetched,
        "not_found": result.tally.not_found,
        "failed": len(result.tally.failures),
        "requests": result.requests,
        "seconds": result.seconds,
        "requests_per_second": result.requests_per_second,
        "batches": len(result.batches),
    }
    result_file.write_text(json.dumps(summary))


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
