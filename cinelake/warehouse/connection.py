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

from cinelake.config import ConfigError, Settings
from cinelake.warehouse.catalog import CatalogError
from cinelake.warehouse.profile import attach_sql, render_target, secret_sql

log = logging.getLogger(__name__)

# httpfs reads and writes S3; aws provides the standard credential chain for real AWS;
# iceberg (with avro for its manifests) attaches the lake's Iceberg catalog.
EXTENSIONS = ("httpfs", "aws", "avro", "iceberg")


def _target(settings: Settings) -> dict[str, Any]:
    return render_target(settings.environ or os.environ)


def _extension_setting(name: str) -> bool:
    """A setting that exists only once its extension is loaded: DuckDB refuses it as
    connection config (it cannot autoload there), so `connect` SETs it afterwards."""
    return name.startswith("iceberg_")


def _config(target: dict[str, Any]) -> dict[str, Any]:
    """The profile's config options and settings as DuckDB connection config."""
    settings = {k: v for k, v in target.get("settings", {}).items() if not _extension_setting(k)}
    config = {**target.get("config_options", {}), **settings}
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
    """A DuckDB connection to the warehouse file (read-only by default, the catalog too)
    with S3 access and the Iceberg catalog attached as `lake`, configured as dbt's profile
    configures them; the secrets' values stay in memory. A catalog that does not answer or
    refuses the key raises CatalogError (one line, naming the catalog) and leaves no new
    warehouse file."""
    target = _target(settings)
    path = database or Path(target["path"])
    in_memory = str(path) == ":memory:"
    existed = in_memory or path.exists()
    # an in-memory database is always writable; read_only then applies to the catalog
    con = duckdb.connect(str(path), read_only=read_only and not in_memory, config=_config(target))
    try:
        for number, secret in enumerate(target.get("secrets", []), start=1):
            sql = secret_sql(f"lake_{number}", secret)
            if secret.get("type") == "iceberg":
                _on_catalog(settings, con.execute, sql)  # fetches the OAuth2 token now
            else:
                con.execute(sql)
        for attachment in target.get("attach") or []:
            attachment = {**attachment, "read_only": read_only or attachment.get("read_only")}
            _on_catalog(settings, con.execute, attach_sql(attachment))
        for name, value in target.get("settings", {}).items():
            if _extension_setting(name):  # as dbt-duckdb sets them: a string DuckDB casts
                con.execute(f"SET {name} = '{value}'")
    except CatalogError:
        con.close()
        if not existed:
            Path(path).unlink(missing_ok=True)
            Path(f"{path}.wal").unlink(missing_ok=True)
        raise
    return con


def _on_catalog(settings: Settings, execute: Any, sql: str) -> None:
    try:
        execute(sql)
    except duckdb.Error as exc:
        where = settings.catalog.url or settings.catalog.warehouse
        detail = " ".join(str(exc).split())
        raise CatalogError(f"Iceberg catalog at {where}: {detail}") from None


# The profile's secret-bearing settings, and the environment variable the `duckdb` CLI
# reads each from (`getenv`) in `duckdb_snippet`: `cinelake lake env` exports the AWS ones.
SNIPPET_SECRETS = {
    "CINELAKE_ACCESS_KEY": "AWS_ACCESS_KEY_ID",
    "CINELAKE_SECRET_KEY": "AWS_SECRET_ACCESS_KEY",
    "CINELAKE_CATALOG_CLIENT_ID": "CINELAKE_CATALOG_CLIENT_ID",
    "CINELAKE_CATALOG_CLIENT_SECRET": "CINELAKE_CATALOG_CLIENT_SECRET",
}


def duckdb_snippet(settings: Settings) -> str:
    """SQL for the `duckdb` CLI (1.5.5, as `.venv/bin/duckdb`): the project's extensions
    from their packages, then the profile's secrets and ATTACH, rendered from profiles.yml
    with every credential read from the environment at run time (`getenv`), never printed."""
    environ = dict(settings.environ or os.environ)
    placeholders = {}
    for number, (setting, variable) in enumerate(SNIPPET_SECRETS.items()):
        if setting in environ or not setting.startswith("CINELAKE_CATALOG_"):
            marker = f"cinelake-snippet-value-{number}"
            environ[setting] = marker
            placeholders[f"'{marker}'"] = f"getenv('{variable}')"
    target = render_target(environ)
    directory = _config(target)["extension_directory"]
    lines = [
        '-- cinelake\'s lake for the duckdb CLI; run after: eval "$(cinelake lake env)"',
        "-- (credentials come from the environment through getenv; none is written here)",
        "SET autoinstall_known_extensions = false;",
        f"SET extension_directory = '{directory}';",
    ]
    for name in EXTENSIONS:
        lines.append(f"INSTALL '{_packaged_extension(name)}';")
        lines.append(f"LOAD {name};")
    statements = [secret_sql(f"lake_{n}", s) for n, s in enumerate(target.get("secrets", []), 1)]
    statements += [attach_sql(attachment) for attachment in target.get("attach") or []]
    for sql in statements:
        for marker, expression in placeholders.items():
            sql = sql.replace(marker, expression)
        lines.append(f"{sql};")
    text = "\n".join(lines) + "\n"
    if any(secret in text for secret in settings.secrets()):  # a setting this does not know
        raise ConfigError("lake env --duckdb: a secret would be printed; not printing it")
    return text
