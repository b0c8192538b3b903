"""What readers see: the published tables, never a build's staged ones.

`cinelake sql`, the dashboard and the report open an in-memory DuckDB that attaches the
lake's Iceberg catalog read-only, so a running build (which holds the warehouse file)
never blocks them, and `trusted.x`, `refined.x` and `audit.x` name the tables of the last
build whose tests all passed (docs/design/lakehouse.md). Asked for a time or a build,
they name the snapshots that were published then, from `audit.publications`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from cinelake.config import Settings
from cinelake.warehouse.connection import connect, warehouse_path

log = logging.getLogger(__name__)

# The dbt schemas whose models are published (dbt_project.yml: `+publish`).
ZONES = ("trusted", "refined", "audit")


# How `cinelake dashboard --as-of/--build` tells the Streamlit process it execs what to
# read (Streamlit runs the page as a script: its arguments are Streamlit's).
PIN_VARIABLES = ("CINELAKE_READ_AS_OF", "CINELAKE_READ_BUILD")


def pin_environment(as_of: datetime | None, build: str | None) -> dict[str, str]:
    """The environment that pins a reader process to a past publication."""
    values = (as_of.isoformat() if as_of else "", build or "")
    return {name: value for name, value in zip(PIN_VARIABLES, values, strict=True) if value}


def pin_from_environment(environ: Mapping[str, str]) -> tuple[datetime | None, str | None]:
    as_of, build = (environ.get(name) or None for name in PIN_VARIABLES)
    return (datetime.fromisoformat(as_of) if as_of else None), build


class PublishedError(Exception):
    """Nothing is published (yet, or at the time asked for), or the catalog is unusable."""


def open_published(
    settings: Settings, as_of: datetime | None = None, build: str | None = None
) -> Any:
    """A DuckDB connection where `<zone>.<table>` is the published table: the current one,
    or the one published at `as_of` (the last publication at or before it) or by `build`
    (a dbt invocation id, as `audit.publications` has it)."""
    if not settings.catalog.attached:
        if as_of or build:
            raise PublishedError("time travel needs the Iceberg catalog (CINELAKE_CATALOG)")
        return _open_warehouse_file(settings)
    con = connect(settings, read_only=True, database=Path(":memory:"))
    try:
        if as_of is None and build is None:
            _use_current(con)
        else:
            _pin(con, as_of, build, _history_starts(settings))
    except BaseException:
        con.close()
        raise
    return con


def _open_warehouse_file(settings: Settings) -> Any:
    path = warehouse_path(settings)
    if not path.exists():
        raise PublishedError(f"no warehouse at {path}: run `make run` (or `dbt build`) first")
    try:
        return connect(settings, read_only=True)
    except duckdb.IOException as exc:
        raise PublishedError(f"cannot open {path} (is a dbt build running?): {exc}") from None


def _use_current(con: Any) -> None:
    try:
        con.execute("USE lake.refined")
    except duckdb.Error:
        raise PublishedError(
            "nothing is published in the lake's catalog yet: run `make run` (or `dbt build`)"
        ) from None


def _history_starts(settings: Settings) -> datetime | None:
    """Where the history kept by snapshot expiry starts (None: nothing expired yet)."""
    from cinelake.warehouse.catalog import load_catalog
    from cinelake.warehouse.maintenance import history_starts

    return history_starts(load_catalog(settings))


def _pin(
    con: Any, as_of: datetime | None, build: str | None, starts: datetime | None = None
) -> None:
    """Views `memory.<zone>.<table>` over each table at the snapshot published then;
    a time before `starts` (snapshots expired since) is refused in one line."""
    expired = (
        f" (snapshots before {starts:%Y-%m-%d %H:%M:%S} UTC are expired:"
        " CINELAKE_SNAPSHOT_RETENTION_DAYS)"
        if starts
        else ""
    )
    try:
        if build is not None:
            found = con.execute(
                "SELECT max(published_at) FROM lake.audit.publications WHERE build_id = ?",
                [build],
            ).fetchone()
            if found[0] is None:
                raise PublishedError(f"no build {build} in audit.publications{expired}")
            as_of = found[0]
        assert as_of is not None
        if starts and as_of < starts:
            raise PublishedError(f"{as_of} is before the retained history{expired}")
        rows = con.execute(
            """
            SELECT table_name, snapshot_id FROM lake.audit.publications
            WHERE published_at <= ?
            QUALIFY row_number() OVER (PARTITION BY table_name ORDER BY published_at DESC) = 1
            ORDER BY table_name
            """,
            [as_of],
        ).fetchall()
    except duckdb.CatalogException:
        raise PublishedError("nothing is published in the lake's catalog yet") from None
    if not rows:
        raise PublishedError(f"nothing was published at or before {as_of}{expired}")
    for zone in {name.split(".")[0] for name, _ in rows}:
        con.execute(f"CREATE SCHEMA memory.{zone}")
    for name, snapshot in rows:
        # a table published empty has no snapshot: it had no rows then
        pinned = f"AT (VERSION => {int(snapshot)})" if snapshot is not None else "LIMIT 0"
        con.execute(f"CREATE VIEW memory.{name} AS FROM lake.{name} {pinned}")
    con.execute("USE memory.main")
    log.info("reading the tables published at or before %s (%d tables)", as_of, len(rows))
