"""`cinelake enrich`: select ids, fetch them concurrently, land them in batches, record it.

Workers (at most `concurrency`) take ids one at a time from the selection and put each
answer on a bounded queue; one lander task turns the queue into batches and lands each
in a worker thread. Memory is therefore bounded by the queue and one batch, whatever
the number of ids.

Stopping: SIGINT or SIGTERM (or the `stop_after` test hook) stop handing out ids; the
requests in flight get one timeout to finish, then are cancelled; everything answered
so far is landed as a last whole batch, and the manifest says `interrupted`. A second
signal cancels the requests in flight at once. A 401 stops the run the same way, at
once. The next run selects only what has not landed.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cinelake.config import Settings, TmdbSettings
from cinelake.logs import MASK
from cinelake.tmdb.api import EnrichInterrupted, TmdbAuthError
from cinelake.tmdb.fetch import Failure, Record, TmdbClient, describe
from cinelake.tmdb.landing import (
    BATCH_SIZE,
    RAW_PREFIX,
    BatchWriter,
    LandedBatch,
    manifest_key,
    put_manifest,
    timestamp,
)
from cinelake.tmdb.selection import select_ids
from ingest.landing import LandingError, ensure_bucket
from ingest.manifest import run_id
from ingest.s3 import make_client

log = logging.getLogger(__name__)

# A progress reporter: given a label and a total of ids, a context that yields a callback.
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None] | None]]


def no_progress(label: str, total: int) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass
class Tally:
    fetched: int = 0
    not_found: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.fetched + self.not_found + len(self.failures)


@dataclass
class EnrichResult:
    run_id: str
    status: str  # "complete", "interrupted", "unauthorized" or "landing_failed"
    selected: int
    tally: Tally
    requests: int
    seconds: float
    batches: list[LandedBatch]
    manifest_key: str
    error: str | None = None

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Outcome:
    status: str = "complete"
    error: BaseException | None = None


class _Run:
    """The asynchronous part of one run."""

    def __init__(
        self,
        ids: Sequence[str],
        tmdb: TmdbClient,
        writer: BatchWriter,
        tick: Callable[[int], None] | None,
        stop_after: int | None,
    ) -> None:
        self.ids: Iterator[str] = iter(ids)
        self.tmdb, self.writer, self.tick, self.stop_after = tmdb, writer, tick, stop_after
        self.tally = Tally()
        self.outcome = _Outcome()
        self.stop = asyncio.Event()
        self.workers: list[asyncio.Task[None]] = []

    def cancel_workers(self) -> None:
        for task in self.workers:
            task.cancel()

    def interrupt(self, name: str) -> None:
        if self.stop.is_set():
            log.warning("%s again: cancelling the requests in flight", name)
            self.cancel_workers()
            return
        grace = self.tmdb.settings.timeout
        log.warning(
            "%s: no new ids; the requests in flight get %.0f s, then what was fetched is "
            "landed (%s again to cancel them now)",
            name,
            grace,
            name,
        )
        self.outcome.status = "interrupted"
        self.stop.set()
        asyncio.get_running_loop().call_later(grace, self.cancel_workers)

    async def worker(self, queue: asyncio.Queue[Record | None]) -> None:
        while not self.stop.is_set():
            imdb_id = next(self.ids, None)
            if imdb_id is None:
                return
            result = await self.tmdb.enrich(imdb_id)
            log.debug("%s", describe(result))
            if isinstance(result, Failure):
                self.tally.failures.append(result)
            else:
                await queue.put(result)  # counted once queued: cancelled here, it is not
                if result.outcome == "fetched":
                    self.tally.fetched += 1
                else:
                    self.tally.not_found += 1
            if self.tick:
                self.tick(1)
            if (
                self.stop_after is not None
                and self.tally.done >= self.stop_after
                and not self.stop.is_set()  # once: a second time would cancel in-flight ones
            ):
                self.interrupt("stop_after")

    async def lander(self, queue: asyncio.Queue[Record | None]) -> None:
        batch: list[Record] = []
        while (record := await queue.get()) is not None:
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                # boto3 blocks: a thread keeps the requests flowing meanwhile
                await asyncio.to_thread(self.writer.land, batch)
                batch = []
        if batch:
            await asyncio.to_thread(self.writer.land, batch)

    async def run(self, concurrency: int) -> _Outcome:
        loop = asyncio.get_running_loop()
        handled = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.interrupt, sig.name)
                handled.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread: the caller stops the run some other way
        # Room for two batches: the lander lands one while the workers fill the next.
        queue: asyncio.Queue[Record | None] = asyncio.Queue(maxsize=2 * BATCH_SIZE)
        lander = asyncio.create_task(self.lander(queue))

        def lander_done(task: asyncio.Task[None]) -> None:
            if not task.cancelled() and task.exception() is not None:
                self.stop.set()  # nothing more can land: stop fetching
                self.cancel_workers()

        lander.add_done_callback(lander_done)
        try:
            async with asyncio.TaskGroup() as group:
                self.workers = [group.create_task(self.worker(queue)) for _ in range(concurrency)]
        except* TmdbAuthError as errors:
            self.outcome = _Outcome("unauthorized", errors.exceptions[0])
        finally:
            # The signal handlers stay until the last batch has landed: a signal now
            # must not interrupt that (a second one only cancels workers, long gone).
            try:
                if not lander.done():
                    await queue.put(None)
                await lander
            except LandingError as exc:
                self.outcome = _Outcome("landing_failed", exc)
            finally:
                for sig in handled:
                    loop.remove_signal_handler(sig)
        return self.outcome


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def enrich(
    settings: Settings,
    tmdb: TmdbSettings,
    ids: Sequence[str] | None = None,
    everything: bool = False,
    limit: int | None = None,
    refresh_days: float | None = None,
    progress: Progress = no_progress,
    stop_after: int | None = None,
    client: Any = None,
) -> EnrichResult:
    """One enrichment run; raises TmdbAuthError, LandingError or EnrichInterrupted after
    landing what was fetched and writing the manifest."""
    started = datetime.now(UTC)
    client = client or make_client(settings)
    ensure_bucket(client, settings.bucket)
    pending = select_ids(settings, client, started, ids, everything, limit, refresh_days)
    log.info(
        "%d id(s) to fetch from %s (at most %g requests/s, %d at once)",
        len(pending),
        tmdb.public_base_url,
        tmdb.rate,
        tmdb.concurrency,
    )
    rid = run_id(started, "enrich")
    writer = BatchWriter(client, settings.bucket, rid)
    clock = time.perf_counter()

    async def main() -> tuple[_Outcome, Tally, int]:
        async with TmdbClient(tmdb) as http:
            with progress("enrich", len(pending)) as tick:
                job = _Run(pending, http, writer, tick, stop_after)
                outcome = await job.run(tmdb.concurrency)
            return outcome, job.tally, http.requests

    if pending:
        outcome, tally, requests = asyncio.run(main())
    else:
        outcome, tally, requests = _Outcome(), Tally(), 0
    seconds = time.perf_counter() - clock
    secrets = [*settings.secrets(), *tmdb.secrets()]
    error = _redact(str(outcome.error), secrets) if outcome.error else None
    result = EnrichResult(
        rid,
        outcome.status,
        len(pending),
        tally,
        requests,
        seconds,
        list(writer.landed),
        manifest_key(rid, started),
        error,
    )
    manifest = build_manifest(settings.bucket, started, tmdb, result, secrets)
    put_manifest(client, settings.bucket, result.manifest_key, manifest)
    log.info(
        "enrich %s: %d fetched, %d not found, %d failed of %d; %d requests in %.1f s "
        "(%.1f/s, limit %g/s); %d batch file(s) under s3://%s/%s; manifest s3://%s/%s",
        result.status,
        tally.fetched,
        tally.not_found,
        len(tally.failures),
        len(pending),
        requests,
        seconds,
        result.requests_per_second,
        tmdb.rate,
        len(result.batches),
        settings.bucket,
        RAW_PREFIX,
        settings.bucket,
        result.manifest_key,
    )
    if tally.failures:
        log.warning(
            "%d id(s) failed and will be asked again next run, e.g. %s",
            len(tally.failures),
            _redact(tally.failures[0].imdb_id + ": " + tally.failures[0].reason, secrets),
        )
    if isinstance(outcome.error, TmdbAuthError):
        raise TmdbAuthError(error)
    if isinstance(outcome.error, LandingError):
        raise LandingError(error)
    if outcome.status == "interrupted" and stop_after is None:
        raise EnrichInterrupted(
            f"interrupted: {tally.done} of {len(pending)} ids done and landed; "
            "the next run fetches the rest"
        )
    return result


def build_manifest(
    bucket: str,
    started: datetime,
    tmdb: TmdbSettings,
    result: EnrichResult,
    secrets: Sequence[str],
) -> dict[str, Any]:
    """The run's record: what was asked, what landed where, what failed and why."""
    tally = result.tally
    return {
        "run_id": result.run_id,
        "bucket": bucket,
        "status": result.status,
        **({"error": result.error} if result.error else {}),
        "started_at": timestamp(started),
        "finished_at": timestamp(datetime.now(UTC)),
        "base_url": tmdb.public_base_url,
        "rate_limit_per_second": tmdb.rate,
        "concurrency": tmdb.concurrency,
        "selected": result.selected,
        "fetched": tally.fetched,
        "not_found": tally.not_found,
        "failed": len(tally.failures),
        "requests": result.requests,
        "elapsed_seconds": round(result.seconds, 3),
        "requests_per_second": round(result.requests_per_second, 2),
        "files": [
            {"key": b.key, "records": b.records, "bytes": b.bytes, "sha256": b.sha256}
            for b in result.batches
        ],
        "failures": [
            {"imdb_id": f.imdb_id, "reason": _redact(f.reason, secrets)} for f in tally.failures
        ],
    }
