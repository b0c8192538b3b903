"""DuckDB access to the warehouse and the lake, set up from dbt's own profile.

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

from cinelake.config import Settings
from cinelake.warehouse.profile import render_target, secret_sql

log = logging.getLogger(__name__)

# httpfs reads and writes S3; aws provides the standard credential chain for real AWS.
EXTENSIONS = ("httpfs", "aws")


def _target(settings: Settings) -> dict[str, Any]:
    return render_target(settings.environ or os.environ)


def _config(target: dict[str, Any]) -> dict[str, Any]:
    """The profile's config options and settings as DuckDB connection config."""
    config = {**target.get("config_options", {}), **target.get("settings", {})}
    config["extension_directory"] = str(Path(config["extension_directory"]).absolute())
    return config


def warehouse_path(settings: Settings) -> Path:
    return Path(_target(settings)["path"]).absolute()


def _packaged_extension(name: str) -> Path:
    module = importlib.import_module(f"duckdb_extension_{name}")
    root = Path(module.__file__ or "").parent / "extensions" / f"v{duckdb.__version__}"
    found = sorted(root.glob(f"{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(f"duckdb-extension-{name} has no build for DuckDB {duckdb.__version__}")
    return found[0]


def install_extensions(settings: Settings) -> Path:
    """Install the packaged extensions into the profile's extension directory (idempotent)."""
    config = _config(_target(settings))
    target = Path(config["extension_directory"])
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config=config)
    for name in EXTENSIONS:
        con.execute(f"INSTALL '{_packaged_extension(name)}'")
        log.info("installed DuckDB extension %s into %s", name, target)
    con.close()
    return target


def connect(settings: Settings, read_only: bool = True, database: Path | None = None) -> Any:
    """A DuckDB connection to the warehouse file (read-only by default) with S3 access,
    configured as dbt's profile configures it; the secrets' values stay in memory."""
    target = _target(settings)
    path = database or Path(target["path"])
    con = duckdb.connect(str(path), read_only=read_only, config=_config(target))
    for number, secret in enumerate(target.get("secrets", []), start=1):
        con.execute(secret_sql(f"lake_{number}", secret))
    return con
