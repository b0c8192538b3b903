"""TMDB's API as the client uses it: endpoints, credentials and the client's settings.

Credentials come from the environment or `.env`: a v4 read access token
(`TMDB_READ_TOKEN`, sent as `Authorization: Bearer`) or a v3 key (`TMDB_API_KEY`, which
TMDB only accepts as the `api_key` query parameter). Both are registered as secrets
(cinelake.config), so the log filter masks them; no URL is ever logged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cinelake.config import ConfigError
from cinelake.config.variables import default

DEFAULT_BASE_URL = default("TMDB_BASE_URL")
# TMDB allows about 50 requests/s per IP; 20 leaves room for anyone else on the address.
DEFAULT_RATE = float(default("TMDB_RATE"))
DEFAULT_CONCURRENCY = int(default("TMDB_CONCURRENCY"))
DEFAULT_TIMEOUT = float(default("TMDB_TIMEOUT"))  # seconds, per request (each phase)
DEFAULT_ATTEMPTS = int(default("TMDB_ATTEMPTS"))  # per request, the first one included

IMDB_ID = re.compile(r"tt\d{7,10}")
MEDIA_TYPES = ("movie", "tv")  # what /3/find can answer with that has details here
FIND_PARAMS = {"external_source": "imdb_id"}


class TmdbAuthError(Exception):
    """TMDB refused the credentials (401): no later request would succeed either."""


class EnrichInterrupted(Exception):
    """The run was stopped by a signal; what was fetched has landed."""


def find_path(imdb_id: str) -> str:
    if not IMDB_ID.fullmatch(imdb_id):
        raise ValueError(f"not an IMDb title id: {imdb_id!r}")
    return f"/3/find/{imdb_id}"


def details_path(media_type: str, tmdb_id: int) -> str:
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"not a TMDB media type with details: {media_type!r}")
    return f"/3/{media_type}/{int(tmdb_id)}"


def find_match(body: Any) -> tuple[str, int] | None:
    """The (media type, TMDB id) an IMDb id resolves to in a find body, or None.

    A title id names one movie or one series; should TMDB list both, the movie wins, as
    the IMDb id of a movie is what the find was most often asked about.
    """
    if not isinstance(body, dict):
        raise ValueError("the find body is not a JSON object")
    for media_type in MEDIA_TYPES:
        results = body.get(f"{media_type}_results")
        if results:
            tmdb_id = results[0].get("id") if isinstance(results[0], dict) else None
            if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool):
                raise ValueError(f"the first of {media_type}_results has no integer id")
            return media_type, tmdb_id
    return None


def parse_json(body: bytes) -> Any:
    """The JSON value of a body, which must be UTF-8: it is landed inside a UTF-8 file."""
    return json.loads(body.decode("utf-8"))


@dataclass(frozen=True)
class TmdbSettings:
    base_url: str = DEFAULT_BASE_URL
    read_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    rate: float = DEFAULT_RATE  # requests per second, retries included
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at most
    timeout: float = DEFAULT_TIMEOUT
    attempts: int = DEFAULT_ATTEMPTS
    backoff: float = 0.5  # first retry delay in seconds; doubles, with jitter, up to 8 s
    max_retry_after: float = 60.0  # a longer Retry-After is capped (and logged)

    @classmethod
    def from_environ(cls, env: Mapping[str, str], **overrides: Any) -> TmdbSettings:
        """From `TMDB_*` variables; `overrides` (CLI flags) that are not None win."""
        try:
            values: dict[str, Any] = {
                "base_url": env.get("TMDB_BASE_URL") or DEFAULT_BASE_URL,
                "read_token": env.get("TMDB_READ_TOKEN") or None,
                "api_key": env.get("TMDB_API_KEY") or None,
                "rate": float(env.get("TMDB_RATE", DEFAULT_RATE)),
                "concurrency": int(env.get("TMDB_CONCURRENCY", DEFAULT_CONCURRENCY)),
                "timeout": float(env.get("TMDB_TIMEOUT", DEFAULT_TIMEOUT)),
                "attempts": int(env.get("TMDB_ATTEMPTS", DEFAULT_ATTEMPTS)),
            }
        except ValueError as exc:
            raise ConfigError(f"a TMDB_* setting is not a number: {exc}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        if not (self.read_token or self.api_key):
            raise ConfigError(
                "no TMDB credentials: set TMDB_READ_TOKEN (v4 read access token) or "
                "TMDB_API_KEY (v3 key) in the environment or in .env"
            )
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ConfigError(f"TMDB_BASE_URL must be an http(s) URL, not {self.base_url!r}")
        if self.rate <= 0 or self.concurrency < 1 or self.timeout <= 0 or self.attempts < 1:
            raise ConfigError(
                "TMDB rate, timeout, concurrency and attempts must be positive "
                f"(rate {self.rate}, concurrency {self.concurrency}, "
                f"timeout {self.timeout}, attempts {self.attempts})"
            )

    @property
    def public_base_url(self) -> str:
        """The base URL without any user:password part: what may be logged and recorded."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}"

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "cinelake-enrich"}
        if self.read_token:  # preferred: a header never shows up in a URL
            headers["Authorization"] = f"Bearer {self.read_token}"
        return headers

    def params(self) -> dict[str, str]:
        """Query parameters every request carries: the v3 key when there is no token."""
        return {} if self.read_token else {"api_key": self.api_key or ""}

    def secrets(self) -> list[str]:
        return [s for s in (self.read_token, self.api_key) if s]
