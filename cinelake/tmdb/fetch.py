"""The TMDB client: for one IMDb id, `find` then the details, politely and persistently.

Politeness: every request, retries included, passes one aiolimiter leaky bucket sized
so that no 1-second window ever holds more than `rate` requests (see `limiter`). A 429
pauses every request until its Retry-After has passed, not only the one that got it:
the limit is per client.

Persistence: 5xx answers, timeouts, dropped connections and a 200 whose body is not
JSON (cut off in transfer) are retried with exponential backoff and jitter (tenacity),
up to `attempts` per request; then that id fails and the others go on. A body that is
JSON but not of the expected shape is not retried: asking again would give the same.
A 401 ends the run (TmdbAuthError): no later request can succeed.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from cinelake.config import TmdbSettings
from cinelake.tmdb.api import (
    FIND_PARAMS,
    TmdbAuthError,
    details_path,
    find_match,
    find_path,
    parse_json,
)

log = logging.getLogger(__name__)

# The drip is 8% under what the window allows: the server counts arrivals, which network
# and scheduling delays bunch (a request held back 80 ms lands in the next window with
# the ones sent on time); 2% was measured too little on a loaded machine: 26 arrivals
# in one second at a rate of 25.
RATE_MARGIN = 1.08
BURST_SECONDS = 0.02  # the bucket holds at most this much of the rate (at least 1 request)
MAX_BACKOFF = 8.0  # seconds


@dataclass(frozen=True)
class Record:
    """What one IMDb id gave: its details (`fetched`) or the answer that it has none."""

    imdb_id: str
    media_type: str | None  # "movie", "tv", or None when the find matched nothing
    tmdb_id: int | None
    endpoint: str  # the path of the request whose body this is, never its query
    status: int
    outcome: str  # "fetched" or "not_found"
    fetched_at: datetime
    body: bytes  # exactly as TMDB sent it (after undoing a gzip transfer, if any)


@dataclass(frozen=True)
class Failure:
    """An id that could not be fetched in this run; not landed, asked again next run."""

    imdb_id: str
    reason: str


class Transient(Exception):
    """An answer worth retrying: 429, 5xx, a timeout, a dropped connection, a cut-off body."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class GaveUp(Exception):
    """Every attempt at a request was transient; str() says what the last one was."""


@dataclass(frozen=True)
class Answer:
    """One request's answer: its status, its body as sent and, for a 200, its JSON value."""

    status: int
    body: bytes
    document: Any = None


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


def _utc_now() -> datetime:
    return datetime.now(UTC)


def limiter(rate: float) -> AsyncLimiter:
    """A leaky bucket that lets at most `rate` requests into any 1-second window.

    A 1-second window can see the bucket's capacity `burst` at once plus what drips in
    meanwhile, so the drip is `rate - burst` (+1: the window is half-open, the request
    that drips in exactly one second later falls outside it), less the margin. A small
    burst (20 ms worth) absorbs the event loop's timer lateness, which a bucket of 1
    would lose for good at a high rate.
    """
    burst = max(1, int(rate * BURST_SECONDS))
    drip = (rate - burst + 1) / RATE_MARGIN
    return AsyncLimiter(burst, burst / drip)


class TmdbClient:
    """One per run: an httpx connection pool, the rate limiter and the request count."""

    def __init__(self, settings: TmdbSettings) -> None:
        self.settings = settings
        self.limiter = limiter(settings.rate)
        self.requests = 0  # sent, retries included
        self._resume_at = 0.0  # event-loop time before which nothing is sent (after a 429)
        self._backoff = wait_exponential_jitter(
            multiplier=settings.backoff, max=MAX_BACKOFF, jitter=settings.backoff
        )
        self._http: httpx.AsyncClient | None = None

    async def __aenter__(self) -> TmdbClient:
        s = self.settings
        self._http = httpx.AsyncClient(
            base_url=s.base_url,
            headers=s.headers(),
            timeout=httpx.Timeout(s.timeout),
            limits=httpx.Limits(
                max_connections=s.concurrency, max_keepalive_connections=s.concurrency
            ),
            follow_redirects=False,  # a redirect would carry the credentials elsewhere
            trust_env=False,  # no proxy or .netrc from the environment sees the token
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def _send(self, path: str, params: dict[str, str]) -> httpx.Response:
        assert self._http is not None, "use the client as `async with TmdbClient(...)`"
        loop = asyncio.get_running_loop()
        while (pause := self._resume_at - loop.time()) > 0:
            await asyncio.sleep(pause)
        async with self.limiter:
            self.requests += 1
            return await self._http.get(path, params={**params, **self.settings.params()})

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, Transient) and error.retry_after is not None:
            return max(0.0, self._resume_at - asyncio.get_running_loop().time())
        return float(self._backoff(state))

    async def _attempt(self, path: str, params: dict[str, str]) -> Answer:
        try:
            response = await self._send(path, params)
        except httpx.TimeoutException as exc:
            reason = f"timed out after {self.settings.timeout:g} s ({type(exc).__name__})"
            raise Transient(reason) from None
        except httpx.TransportError as exc:
            # Named by class only: some transport errors quote the URL, and the URL may
            # hold a v3 key.
            raise Transient(f"connection failed ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:  # a body that would not decode, say: worth a retry
            raise Transient(f"request failed ({type(exc).__name__})") from None
        status = response.status_code
        if status == 401:
            try:
                message = str(parse_json(response.content).get("status_message", ""))
            except (ValueError, AttributeError):
                message = ""
            raise TmdbAuthError(
                f"TMDB refused the credentials (HTTP 401{': ' + message if message else ''}); "
                "check TMDB_READ_TOKEN or TMDB_API_KEY. The run stopped"
            )
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"), _utc_now())
            if wait is None:
                wait = self.settings.backoff
            if wait > self.settings.max_retry_after:
                cap = self.settings.max_retry_after
                log.warning("TMDB asked to wait %.0f s; waiting %.0f s", wait, cap)
                wait = cap
            loop = asyncio.get_running_loop()
            self._resume_at = max(self._resume_at, loop.time() + wait)
            log.debug("429 on %s: every request waits %.2f s", path, wait)
            raise Transient("HTTP 429 Too Many Requests", retry_after=wait)
        if status >= 500:
            raise Transient(f"HTTP {status}")
        if status != 200:
            return Answer(status, response.content)
        try:
            document = parse_json(response.content)
        except ValueError as exc:
            # A 200 whose body does not parse was cut off on its way (TMDB sends JSON):
            # a transfer fault like a dropped connection, so it is asked again.
            raise Transient(f"malformed JSON ({exc})") from None
        return Answer(status, response.content, document)

    async def get(self, path: str, params: dict[str, str] | None = None) -> Answer:
        """The answer to a GET of `path`, retried while transient.

        Raises TmdbAuthError on a 401 and GaveUp when every attempt was transient.
        """
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.attempts),
            wait=self._wait,
            retry=retry_if_exception_type(Transient),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(path, params or {})
        except Transient as exc:
            raise GaveUp(f"{exc} (after {self.settings.attempts} attempts)") from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def enrich(self, imdb_id: str) -> Record | Failure:
        """Find `imdb_id` on TMDB, then fetch its movie or tv details."""
        path = find_path(imdb_id)
        try:
            found = await self.get(path, FIND_PARAMS)
            if found.status == 404:
                return _not_found(imdb_id, None, None, path, found.status, found.body)
            if found.status != 200:
                return Failure(imdb_id, f"{path}: HTTP {found.status}")
            try:
                match = find_match(found.document)
            except ValueError as exc:
                return Failure(imdb_id, f"{path}: unexpected JSON ({exc})")
            if match is None:
                return _not_found(imdb_id, None, None, path, found.status, found.body)
            media_type, tmdb_id = match
            path = details_path(media_type, tmdb_id)
            details = await self.get(path)
            if details.status == 404:
                return _not_found(imdb_id, media_type, tmdb_id, path, details.status, details.body)
            if details.status != 200:
                return Failure(imdb_id, f"{path}: HTTP {details.status}")
            if not isinstance(details.document, dict):
                return Failure(imdb_id, f"{path}: unexpected JSON (not a JSON object)")
            return Record(
                imdb_id, media_type, tmdb_id, path, 200, "fetched", _utc_now(), details.body
            )
        except GaveUp as exc:
            return Failure(imdb_id, f"{path}: {exc}")


def _not_found(
    imdb_id: str,
    media_type: str | None,
    tmdb_id: int | None,
    path: str,
    status: int,
    body: bytes,
) -> Record | Failure:
    # The body is landed inside a JSON file, so a 404 from something that is not TMDB
    # (a proxy's HTML page) is a failure, not an answer.
    try:
        parse_json(body)
    except ValueError:
        return Failure(imdb_id, f"{path}: HTTP {status} with a body that is not JSON")
    return Record(imdb_id, media_type, tmdb_id, path, status, "not_found", _utc_now(), body)


def describe(result: Any) -> str:
    """One short line for debug logs (never a URL)."""
    if isinstance(result, Failure):
        return f"{result.imdb_id}: failed: {result.reason}"
    return f"{result.imdb_id}: {result.outcome} ({result.endpoint}, HTTP {result.status})"
