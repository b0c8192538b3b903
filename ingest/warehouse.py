"""DuckDB access to the warehouse and the lake, the same way dbt's profile sets it up.

Extensions come only from the PyPI packages `duckdb-extension-*`, installed into a
project-local directory; DuckDB is never allowed to download anything.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Any

import duckdb

from ingest.config import Settings

log = logging.getLogger(__name__)

# httpfs reads and writes S3; aws provides the standard credential chain for real AWS.
EXTENSIONS = ("httpfs", "aws")


def extension_dir() -> Path:
    return Path(os.environ.get("CINELAKE_DUCKDB_EXTENSION_DIR", ".duckdb/extensions")).absolute()


def warehouse_path(settings: Settings) -> Path:
    return Path(os.environ.get("CINELAKE_WAREHOUSE", settings.lake_dir / "warehouse.duckdb"))


def _packaged_extension(name: str) -> Path:
    module = importlib.import_module(f"duckdb_extension_{name}")
    root = Path(module.__file__ or "").parent / "extensions" / f"v{duckdb.__version__}"
    found = sorted(root.glob(f"{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(f"duckdb-extension-{name} has no build for DuckDB {duckdb.__version__}")
    return found[0]


def install_extensions() -> Path:
    """Install the packaged extensions into the project-local directory (idempotent)."""
    target = extension_dir()
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config=_offline_config())
    for name in EXTENSIONS:
        con.execute(f"INSTALL '{_packaged_extension(name)}'")
        log.info("installed DuckDB extension %s into %s", name, target)
    con.close()
    return target


def _offline_config() -> dict[str, Any]:
    return {
        "extension_directory": str(extension_dir()),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
    }


def s3_secret_sql(settings: Settings) -> str:
    """CREATE SECRET for the lake; the values are bound at run time, never written down."""
    if not settings.is_local:
        region = f", REGION '{settings.region}'" if settings.region else ""
        endpoint = f", ENDPOINT '{settings.endpoint.split('://')[-1]}'" if settings.endpoint else ""
        return (
            f"CREATE OR REPLACE SECRET lake (TYPE s3, PROVIDER credential_chain{region}{endpoint})"
        )
    host = (settings.endpoint or "").split("://")[-1]
    return (
        "CREATE OR REPLACE SECRET lake (TYPE s3, KEY_ID '{key}', SECRET '{secret}', "
        f"REGION '{settings.region}', ENDPOINT '{host}', URL_STYLE 'path', USE_SSL false)"
    ).format(key=settings.access_key, secret=settings.secret_key)


def connect(settings: Settings, read_only: bool = True, database: Path | None = None) -> Any:
    """A DuckDB connection to the warehouse file (read-only by default) with S3 access."""
    path = database or warehouse_path(settings)
    con = duckdb.connect(str(path), read_only=read_only, config=_offline_config())
    con.execute(s3_secret_sql(settings))
    return con
