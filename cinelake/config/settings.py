"""The settings object: read once from the environment, with an optional `.env` file
beneath it (the environment always wins, so CI and shells can override anything).

Every variable and its default is defined in `variables.py`; this module checks the
values and gives them their types, by section: the lake, its catalog, the warehouse
engine, TMDB, Spark and orchestration.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cinelake.config.errors import ConfigError
from cinelake.config.orchestration import OrchestrationSettings
from cinelake.config.spark import SparkSettings
from cinelake.config.tmdb import TmdbSettings
from cinelake.config.variables import VARIABLES, default, secret_names

# Documented development defaults for the local lake only; never valid on AWS.
DEV_ACCESS_KEY = default("CINELAKE_ACCESS_KEY")
DEV_SECRET_KEY = default("CINELAKE_SECRET_KEY")
DEFAULT_BUCKET = default("CINELAKE_BUCKET")
DEFAULT_S3_PORT = int(default("CINELAKE_S3_PORT"))
# The local lake's Iceberg REST catalog listens on the S3 port + 5 (the port after admin);
# its warehouse is a table bucket `weed` creates at start-up. profiles.yml says the same.
CATALOG_PORT_OFFSET = 5
DEFAULT_CATALOG_WAREHOUSE = default("CINELAKE_CATALOG_WAREHOUSE")
DEFAULT_SNAPSHOT_RETENTION_DAYS = float(default("CINELAKE_SNAPSHOT_RETENTION_DAYS"))
CATALOGS = ("local", "rest", "s3_tables", "glue", "none")
ENGINES = ("duckdb", "spark")
LOCAL_REGION = "us-east-1"


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
class CatalogSettings:
    """The Iceberg catalog attached as `lake` (CINELAKE_CATALOG); profiles.yml renders the
    same settings for dbt and `cinelake.warehouse.connect`."""

    kind: str  # local | rest | s3_tables | glue | none
    url: str | None  # the REST endpoint (local and rest)
    warehouse: str | None  # table bucket (local), warehouse (rest), ARN (s3_tables), account
    client_id: str | None = None  # OAuth2 client credentials (local: the lake's key)
    client_secret: str | None = field(default=None, repr=False)
    oauth2_uri: str | None = None

    @property
    def attached(self) -> bool:
        return self.kind != "none"

    @property
    def is_rest(self) -> bool:
        return self.kind in ("local", "rest")


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
    catalog: CatalogSettings
    # The environment these settings came from: the dbt profile renders against it too.
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Iceberg snapshots older than this are expired after each build (`cinelake lake expire`)
    snapshot_retention_days: float = DEFAULT_SNAPSHOT_RETENTION_DAYS

    # duckdb, or spark: the same models on Apache Spark (CINELAKE_ENGINE)
    engine: str = "duckdb"
    tmdb: TmdbSettings = field(default_factory=TmdbSettings)
    spark: SparkSettings = field(default_factory=SparkSettings)
    orchestration: OrchestrationSettings = field(default_factory=OrchestrationSettings)

    @property
    def dagster_home(self) -> Path:
        """The Dagster instance's folder: DAGSTER_HOME, else `<lake dir>/dagster`."""
        return self.orchestration.dagster_home or self.lake_dir / "dagster"

    @property
    def is_local(self) -> bool:
        return self.lake == "local"

    @property
    def has_tmdb_key(self) -> bool:
        return bool(self.tmdb.read_token or self.tmdb.api_key)

    def dbt_environment(self) -> dict[str, str]:
        """The values dbt's profile and models read with `env_var`, from these settings:
        dbt then renders what cinelake resolved, never a default of its own."""
        values = {
            v.name: self.environ.get(v.name, v.default)
            for v in VARIABLES
            if "dbt" in v.read_by and v.default is not None
        }
        values["CINELAKE_CATALOG"] = self.catalog.kind
        return {name: value for name, value in values.items() if value is not None}

    def secrets(self) -> list[str]:
        """Values that must never be printed or logged: every secret variable's."""
        values = (self.environ.get(name) for name in secret_names())
        return [s for s in (self.secret_key, self.catalog.client_secret, *values) if s]


def apply_dotenv(path: Path | None = None) -> None:
    """Copy `.env` values into os.environ where unset, so boto3 and dbt see them too."""
    for key, value in read_dotenv(path or Path.cwd() / ".env").items():
        os.environ.setdefault(key, value)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from `environ` (default: os.environ)."""
    env = os.environ if environ is None else environ

    lake = env.get("CINELAKE_LAKE", default("CINELAKE_LAKE")).strip().lower()
    if lake not in ("local", "aws"):
        raise ConfigError(f"CINELAKE_LAKE must be 'local' or 'aws', not {lake!r}")
    try:
        port = int(env.get("CINELAKE_S3_PORT", DEFAULT_S3_PORT))
    except ValueError as exc:
        raise ConfigError(f"CINELAKE_S3_PORT is not a port number: {exc}") from None
    if not 1024 <= port <= 55000:  # weed listens on port+10000 for gRPC too
        raise ConfigError(f"CINELAKE_S3_PORT must be between 1024 and 55000, not {port}")
    lake_dir = Path(env.get("CINELAKE_LAKE_DIR", default("CINELAKE_LAKE_DIR"))).absolute()
    catalog = load_catalog_settings(env, lake, port)
    retention = retention_days(env)
    engine = env.get("CINELAKE_ENGINE", default("CINELAKE_ENGINE")).strip().lower()
    if engine not in ENGINES:
        raise ConfigError(f"CINELAKE_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}")

    common = {
        "s3_port": port,
        "lake_dir": lake_dir,
        "catalog": catalog,
        "environ": dict(env),
        "snapshot_retention_days": retention,
        "engine": engine,
        "tmdb": TmdbSettings.read(env),
        "spark": SparkSettings.read(env),
        "orchestration": OrchestrationSettings.read(env),
    }
    if lake == "local":
        return Settings(
            lake=lake,
            bucket=env.get("CINELAKE_BUCKET", DEFAULT_BUCKET),
            region=LOCAL_REGION,
            endpoint=f"http://127.0.0.1:{port}",
            access_key=env.get("CINELAKE_ACCESS_KEY", DEV_ACCESS_KEY),
            secret_key=env.get("CINELAKE_SECRET_KEY", DEV_SECRET_KEY),
            **common,
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
        **common,
    )


def retention_days(env: Mapping[str, str]) -> float:
    """CINELAKE_SNAPSHOT_RETENTION_DAYS: a number of days, 0 or more (0 keeps only the
    current snapshot of each table)."""
    text = env.get("CINELAKE_SNAPSHOT_RETENTION_DAYS", "").strip()
    if not text:
        return DEFAULT_SNAPSHOT_RETENTION_DAYS
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not 0 <= days < 100_000:
        raise ConfigError(
            f"CINELAKE_SNAPSHOT_RETENTION_DAYS must be a number of days (0 or more), not {text!r}"
        )
    return days


def load_catalog_settings(env: Mapping[str, str], lake: str, s3_port: int) -> CatalogSettings:
    """CINELAKE_CATALOG and its settings, checked; defaults as in profiles.yml."""
    kind = env.get("CINELAKE_CATALOG", "local" if lake == "local" else "none").strip().lower()
    if kind not in CATALOGS:
        raise ConfigError(f"CINELAKE_CATALOG must be one of {', '.join(CATALOGS)}, not {kind!r}")
    warehouse = env.get("CINELAKE_CATALOG_WAREHOUSE", "").strip()
    if kind == "none":
        return CatalogSettings(kind, None, None)
    if kind == "local":
        if lake != "local":
            raise ConfigError(
                "CINELAKE_CATALOG=local is the local lake's catalog: with CINELAKE_LAKE=aws"
                " choose rest, s3_tables or glue"
            )
        url = f"http://127.0.0.1:{s3_port + CATALOG_PORT_OFFSET}"
        if (warehouse or DEFAULT_CATALOG_WAREHOUSE) == env.get("CINELAKE_BUCKET", DEFAULT_BUCKET):
            raise ConfigError(
                "CINELAKE_CATALOG_WAREHOUSE is a table bucket of its own: it cannot be"
                " CINELAKE_BUCKET"
            )
        return CatalogSettings(
            kind,
            url,
            warehouse or DEFAULT_CATALOG_WAREHOUSE,
            env.get("CINELAKE_ACCESS_KEY", DEV_ACCESS_KEY),
            env.get("CINELAKE_SECRET_KEY", DEV_SECRET_KEY),
            f"{url}/v1/oauth/tokens",
        )
    if kind == "rest":
        url = env.get("CINELAKE_CATALOG_URL", "").strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or not warehouse:
            raise ConfigError(
                "CINELAKE_CATALOG=rest needs CINELAKE_CATALOG_URL (http:// or https://) and"
                " CINELAKE_CATALOG_WAREHOUSE"
            )
        client_id = env.get("CINELAKE_CATALOG_CLIENT_ID") or None
        client_secret = env.get("CINELAKE_CATALOG_CLIENT_SECRET") or None
        if bool(client_id) != bool(client_secret):
            raise ConfigError(
                "set both CINELAKE_CATALOG_CLIENT_ID and CINELAKE_CATALOG_CLIENT_SECRET, or neither"
            )
        oauth2 = env.get("CINELAKE_CATALOG_OAUTH2_URI") or f"{url}/v1/oauth/tokens"
        return CatalogSettings(
            kind, url, warehouse, client_id, client_secret, oauth2 if client_id else None
        )
    if lake != "aws":
        raise ConfigError(f"CINELAKE_CATALOG={kind} is on AWS: it needs CINELAKE_LAKE=aws")
    if kind == "s3_tables" and not re.fullmatch(
        r"arn:aws[\w-]*:s3tables:[\w-]+:\d{12}:bucket/.+", warehouse
    ):
        raise ConfigError(
            "CINELAKE_CATALOG=s3_tables needs CINELAKE_CATALOG_WAREHOUSE, the table bucket's ARN"
            " (arn:aws:s3tables:REGION:ACCOUNT:bucket/NAME)"
        )
    if kind == "glue" and not re.fullmatch(r"\d{12}", warehouse):
        raise ConfigError(
            "CINELAKE_CATALOG=glue needs CINELAKE_CATALOG_WAREHOUSE, the 12-digit AWS account id"
        )
    return CatalogSettings(kind, None, warehouse)
