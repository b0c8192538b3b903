"""A TMDB look-alike on 127.0.0.1: the three endpoints enrichment uses, served from files.

    DIR/find/<imdb_id>.json   the body of /3/find/<imdb_id>?external_source=imdb_id
    DIR/movie/<tmdb_id>.json  the body of /3/movie/<tmdb_id>
    DIR/tv/<tmdb_id>.json     the body of /3/tv/<tmdb_id>

An IMDb id without a find file answers a find with every result list empty; a details
id without a file answers TMDB's 404. Bodies are sent byte for byte. Requests need the
token, as a v4 Bearer header or as the v3 `api_key` parameter; otherwise TMDB's 401.

For tests, faults can be injected per request path (`inject`): 401, 404, an empty find,
429 with Retry-After, 500, a slow answer, a dropped connection, a 200 whose JSON body is
cut off (`malformed`), a 200 whose body is JSON but not an object (`notobject`), each
for the first `times` requests of that path or for all. Every request is counted per
path and recorded with its arrival time (time.monotonic) and status.

Used by the tests, the benchmark and `cinelake tmdb-serve` (`make run`'s stand-in for
TMDB); the standard library's threading HTTP server is enough for that.
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

UNAUTHORIZED = (
    b'{"status_code":7,"status_message":"Invalid API key: You must be granted a valid key.",'
    b'"success":false}'
)
NOT_FOUND = (
    b'{"success":false,"status_code":34,'
    b'"status_message":"The resource you requested could not be found."}'
)
EMPTY_FIND = (
    b'{"movie_results":[],"person_results":[],"tv_results":[],'
    b'"tv_episode_results":[],"tv_season_results":[]}'
)
TOO_MANY = (
    b'{"success":false,"status_code":25,'
    b'"status_message":"Your request count (#) is over the allowed limit of (40)."}'
)
SERVER_ERROR = (
    b'{"success":false,"status_code":11,'
    b'"status_message":"Internal error: Something went wrong, contact TMDb."}'
)
MALFORMED = b'{"id": 1, "title": "Cut off in the mid'
NOT_AN_OBJECT = b'["a JSON array where TMDB sends an object"]'

FIND = re.compile(r"/3/find/(tt\d{1,12})")
DETAILS = re.compile(r"/3/(movie|tv)/(\d{1,12})")
FAULTS = ("401", "404", "empty", "429", "500", "slow", "drop", "malformed", "notobject")


@dataclass(frozen=True)
class Fault:
    kind: str  # one of FAULTS
    times: int | None = None  # the first `times` requests of the path; None: every one
    retry_after: float = 1.0  # 429: the Retry-After header, in seconds
    delay: float = 0.0  # slow: seconds before the answer starts


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() on arrival
    path: str
    status: int  # 0: the connection was dropped


class FakeTmdb:
    """The server; `with FakeTmdb(dir, token) as tmdb:` runs it on a free loopback port."""

    def __init__(self, responses: Path, token: str, port: int = 0) -> None:
        self.responses = Path(responses)
        self.token = token
        self.faults: dict[str, Fault] = {}
        self.counts: Counter[str] = Counter()
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, target: str, kind: str, times: int | None = None, **options: float) -> None:
        """A fault on `target`: a path, or an IMDb id (then its find request)."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {', '.join(FAULTS)}")
        path = target if target.startswith("/") else f"/3/find/{target}"
        self.faults[path] = Fault(kind, times, **options)

    def hits_of(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def start(self) -> FakeTmdb:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-tmdb", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeTmdb:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- answering ---------------------------------------------------------------------

    def _authorized(self, handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> bool:
        # TMDB takes either; compared in constant time, as a real server would
        bearer = handler.headers.get("Authorization", "")
        key = query.get("api_key", [""])[0]
        expected = self.token.encode()
        return hmac.compare_digest(bearer.encode(), b"Bearer " + expected) or (
            hmac.compare_digest(key.encode(), expected)
        )

    def _file(self, *parts: str) -> bytes | None:
        try:
            return self.responses.joinpath(*parts).read_bytes()
        except FileNotFoundError:
            return None

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        found = FIND.fullmatch(path)
        if found and query.get("external_source") == ["imdb_id"]:
            return 200, self._file("find", f"{found[1]}.json") or EMPTY_FIND
        details = DETAILS.fullmatch(path)
        if details:
            body = self._file(details[1], f"{details[2]}.json")
            return (200, body) if body is not None else (404, NOT_FOUND)
        return 404, NOT_FOUND

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        url = urlsplit(handler.path)
        path, query = url.path, parse_qs(url.query)
        with self._lock:
            self.counts[path] += 1
            count = self.counts[path]
        fault = self.faults.get(path)
        if fault is not None and fault.times is not None and count > fault.times:
            fault = None
        headers: dict[str, str] = {}
        if not self._authorized(handler, query) or (fault and fault.kind == "401"):
            status, body = 401, UNAUTHORIZED
        elif fault is None or fault.kind == "slow":
            status, body = self._route(path, query)
        elif fault.kind == "drop":
            status, body = 0, b""
        elif fault.kind == "404":
            status, body = 404, NOT_FOUND
        elif fault.kind == "empty":
            status, body = 200, EMPTY_FIND
        elif fault.kind == "429":
            status, body = 429, TOO_MANY
            headers["Retry-After"] = f"{fault.retry_after:g}"
        elif fault.kind == "500":
            status, body = 500, SERVER_ERROR
        elif fault.kind == "notobject":
            status, body = 200, NOT_AN_OBJECT
        else:  # malformed
            status, body = 200, MALFORMED
        with self._lock:
            self.hits.append(Hit(arrived, path, status))
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)  # recorded first: the client may be gone by the end
        if status == 0:
            # no status line, no byte: the client sees the connection drop
            handler.close_connection = True
            return
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json;charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a benchmark opens many connections at once
    fake: FakeTmdb

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a slow answer closed its end: expected, not an error.
        log.debug("fake TMDB: a client went away from %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as TMDB
    # Headers and body go out in two writes: without this, Nagle holds the body back for
    # the client's delayed ACK, 40 ms per request on a kept-alive connection.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self.server.fake.answer(self)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line may hold a v3 api_key: never written anywhere.
        return


def serve(responses: Path, token: str, port: int) -> int:
    """`cinelake tmdb-serve`: run in the foreground until interrupted."""
    if not responses.is_dir():
        raise FileNotFoundError(f"{responses}: no such responses directory")
    fake = FakeTmdb(responses, token, port)
    log.info(
        "fake TMDB serving %s on %s (export TMDB_BASE_URL=%s); Ctrl-C stops it",
        responses,
        fake.base_url,
        fake.base_url,
    )
    try:
        fake.serve_forever()
    except KeyboardInterrupt:
        log.info("fake TMDB stopped after %d requests", sum(fake.counts.values()))
    finally:
        fake._server.server_close()
    return 0
