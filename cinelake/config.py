"""Settings from the environment, with an optional `.env` file beneath it.

The environment always wins over `.env`, so CI and shells can override anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Documented development defaults for the local lake only; never valid on AWS.
DEV_ACCESS_KEY = "cinelake-dev"
DEV_SECRET_KEY = "cinelake-dev-secret-change-me"  # noqa: S105 - documented local default
DEFAULT_BUCKET = "cinelake"
DEFAULT_S3_PORT = 8333
LOCAL_REGION = "us-east-1"
# The TMDB credentials (cinelake/tmdb/api.py reads them): masked in every log like the lake's.
TMDB_SECRET_VARIABLES = ("TMDB_READ_TOKEN", "TMDB_API_KEY")


class ConfigError(Exception):
    """A setting is missing or malformed."""


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse `KEY=value` lines (optional `export `, quotes, `#` comments)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@dataclass(frozen=True)
class Settings:
    """Where the lake is and how to reach it."""

    lake: str  # "local" (SeaweedFS on this machine) or "aws"
    bucket: str
    region: str | None
    endpoint: str | None  # None: boto3's own resolution (AWS, or AWS_ENDPOINT_URL)
    access_key: str | None  # None: boto3's standard credential chain
    secret_key: str | None = field(repr=False)
    s3_port: int
    lake_dir: Path
    # The environment these settings came from: the dbt profile renders against it too.
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_local(self) -> bool:
        return self.lake == "local"

    def secrets(self) -> list[str]:
        """Values that must never be printed or logged (the TMDB credentials too)."""
        tmdb = (self.environ.get(name) for name in TMDB_SECRET_VARIABLES)
        return [s for s in (self.secret_key, *tmdb) if s]


def apply_dotenv(path: Path | None = None) -> None:
    """Copy `.env` values into os.environ where unset, so boto3 and dbt see them too."""
    for key, value in read_dotenv(path or Path.cwd() / ".env").items():
        os.environ.setdefault(key, value)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from `environ` (default: os.environ)."""
    env = os.environ if environ is None else environ

    lake = env.get("CINELAKE_LAKE", "local").strip().lower()
    if lake not in ("local", "aws"):
        raise ConfigError(f"CINELAKE_LAKE must be 'local' or 'aws', not {lake!r}")
    try:
        port = int(env.get("CINELAKE_S3_PORT", DEFAULT_S3_PORT))
    except ValueError as exc:
        raise ConfigError(f"CINELAKE_S3_PORT is not a port number: {exc}") from None
    if not 1024 <= port <= 55000:  # weed listens on port+10000 for gRPC too
        raise ConfigError(f"CINELAKE_S3_PORT must be between 1024 and 55000, not {port}")
    lake_dir = Path(env.get("CINELAKE_LAKE_DIR", ".lake")).absolute()

    if lake == "local":
        return Settings(
            lake=lake,
            bucket=env.get("CINELAKE_BUCKET", DEFAULT_BUCKET),
            region=LOCAL_REGION,
            endpoint=f"http://127.0.0.1:{port}",
            access_key=env.get("CINELAKE_ACCESS_KEY", DEV_ACCESS_KEY),
            secret_key=env.get("CINELAKE_SECRET_KEY", DEV_SECRET_KEY),
            s3_port=port,
            lake_dir=lake_dir,
            environ=dict(env),
        )
    bucket = env.get("CINELAKE_BUCKET", "")
    if not bucket:
        raise ConfigError("CINELAKE_BUCKET must name your S3 bucket when CINELAKE_LAKE=aws")
    return Settings(
        lake=lake,
        bucket=bucket,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION"),
        endpoint=env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None,
        access_key=None,
        secret_key=None,
        s3_port=port,
        lake_dir=lake_dir,
        environ=dict(env),
    )
