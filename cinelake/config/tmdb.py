"""The TMDB section of the settings: the client's endpoint, credentials and pace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from cinelake.config.errors import ConfigError
from cinelake.config.variables import default

DEFAULT_BASE_URL = default("TMDB_BASE_URL")
# TMDB allows about 50 requests/s per IP; 20 leaves room for anyone else on the address.
DEFAULT_RATE = float(default("TMDB_RATE"))
DEFAULT_CONCURRENCY = int(default("TMDB_CONCURRENCY"))
DEFAULT_TIMEOUT = float(default("TMDB_TIMEOUT"))  # seconds, per request (each phase)
DEFAULT_ATTEMPTS = int(default("TMDB_ATTEMPTS"))  # per request, the first one included


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
    def read(cls, env: Mapping[str, str]) -> TmdbSettings:
        """From `TMDB_*` variables, numbers checked; credentials may be missing (only
        `enrich` needs them: `check`)."""
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
        return cls(**values)

    @classmethod
    def from_environ(cls, env: Mapping[str, str], **overrides: Any) -> TmdbSettings:
        """From `TMDB_*` variables with `overrides` (CLI flags) that are not None, checked."""
        settings = cls.read(env).with_overrides(**overrides)
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

    def with_overrides(self, **overrides: Any) -> TmdbSettings:
        """These settings with the given values (CLI flags) that are not None."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
