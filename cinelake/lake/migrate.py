"""Move a lake of the old layout onto the Iceberg tables: `cinelake lake migrate`.

Before issue 19 the build wrote Trusted and Refined as Parquet objects under
`s3://<bucket>/Trusted/` and `Refined/`, read through views in the warehouse file's
`trusted`, `refined` and `audit` schemas. Now they are Iceberg tables of the catalog
and those objects and views are dead weight that a reader could still stumble on.
`migrate` rebuilds from Raw when nothing is published yet (`cinelake build --all`),
and only once the catalog has the published tables removes the old objects and views.
Raw and the warehouse file's build schemas (staging, ...) are never touched. Running
it again finds nothing to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.config import ConfigError, Settings

log = logging.getLogger(__name__)

# Where the old layout kept the zones, and the warehouse file's schemas of its views.
OLD_PREFIXES = ("Trusted/", "Refined/")
OLD_SCHEMAS = ("trusted", "refined", "audit")
# Published when the catalog has Refined tables and the publications log.
REQUIRED_NAMESPACES = ("refined",)


class MigrateError(Exception):
    """The lake cannot be migrated (yet); nothing old was removed."""


@dataclass
class MigrateReport:
    built: bool = False
    objects: int = 0
    bytes: int = 0
    relations: int = 0


def _client(settings: Settings) -> Any:
    from ingest.s3 import make_client

    return make_client(settings)


def old_layout(settings: Settings, s3: Any | None = None) -> bool:
    """Whether the bucket still holds old Trusted/ or Refined/ objects (one listing
    call per prefix, so the daily build can afford to ask)."""
    s3 = s3 or _client(settings)
    return any(
        s3.list_objects_v2(Bucket=settings.bucket, Prefix=prefix, MaxKeys=1).get("Contents")
        for prefix in OLD_PREFIXES
    )


def warn_old_layout(settings: Settings) -> None:
    """The build's one line when the old layout is still in the bucket (it builds anyway)."""
    try:
        found = old_layout(settings)
    except Exception as exc:  # noqa: BLE001 - a warning must not stop the build
        log.debug("could not look for the old Trusted/Refined objects: %s", exc)
        return
    if found:
        log.warning(
            "s3://%s still holds old Trusted/ or Refined/ Parquet objects (now Iceberg tables):"
            " run `cinelake lake migrate` to remove them",
            settings.bucket,
        )


def published(settings: Settings) -> bool:
    """Whether the catalog has published tables (Refined and `audit.publications`)."""
    from cinelake.warehouse.catalog import load_catalog

    catalog = load_catalog(settings)
    namespaces = {tuple(n) for n in catalog.list_namespaces()}
    if not all((name,) in namespaces for name in REQUIRED_NAMESPACES) or (
        ("audit",) not in namespaces
    ):
        return False
    tables = {tuple(t) for t in catalog.list_tables(("audit",))}
    return ("audit", "publications") in tables and bool(catalog.list_tables(("refined",)))


def _delete_old_objects(settings: Settings, report: MigrateReport) -> None:
    s3 = _client(settings)
    for prefix in OLD_PREFIXES:
        keys: list[dict[str, str]] = []
        for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=settings.bucket, Prefix=prefix
        ):
            for obj in page.get("Contents", []):
                keys.append({"Key": obj["Key"]})
                report.bytes += obj["Size"]
        for start in range(0, len(keys), 1000):
            s3.delete_objects(
                Bucket=settings.bucket, Delete={"Objects": keys[start : start + 1000]}
            )
        report.objects += len(keys)


def _drop_old_relations(warehouse: Path, report: MigrateReport) -> None:
    """Drop the old zones' views and tables in the warehouse file, then their schemas.
    A plain connection: dropping a view over S3 needs neither httpfs nor the catalog."""
    import duckdb

    if not warehouse.exists():
        return
    con = duckdb.connect(str(warehouse))
    try:
        for schema in OLD_SCHEMAS:
            found = con.execute(
                "SELECT table_name, table_type FROM information_schema.tables"
                " WHERE table_catalog = current_database() AND table_schema = ?",
                [schema],
            ).fetchall()
            for name, kind in found:
                word = "VIEW" if kind == "VIEW" else "TABLE"
                con.execute(f'DROP {word} "{schema}"."{name}"')
                report.relations += 1
            if con.execute(
                "SELECT count(*) FROM information_schema.schemata"
                " WHERE catalog_name = current_database() AND schema_name = ?",
                [schema],
            ).fetchone()[0]:
                con.execute(f'DROP SCHEMA "{schema}"')
    finally:
        con.close()


def _build_everything(settings: Settings, project_dir: Path | None) -> None:
    """`cinelake build --all` in a process of its own: dbt keeps the warehouse file open
    in the process that ran it, and the old views are dropped from that file next."""
    import subprocess
    import sys

    log.info("nothing is published in the catalog yet: building everything from Raw")
    code = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "build", "--all"],
        cwd=project_dir,
        env=dict(settings.environ),
    ).returncode
    if code:
        raise MigrateError(
            f"cinelake build --all failed (exit {code}): the old Trusted/ and Refined/ objects"
            " are kept"
        )


def migrate(settings: Settings, project_dir: Path | None = None) -> MigrateReport:
    """Publish from Raw if the catalog has nothing yet, then remove the old layout."""
    from cinelake.warehouse import warehouse_path
    from cinelake.warehouse.daily import exclusive

    if not settings.catalog.attached:
        raise ConfigError("CINELAKE_CATALOG=none keeps the old layout: there is nothing to migrate")
    if settings.engine == "spark":
        raise ConfigError(
            "CINELAKE_ENGINE=spark still writes Trusted/ and Refined/ Parquet: not migrating"
        )
    report = MigrateReport()
    if not published(settings):
        _build_everything(settings, project_dir)
        report.built = True
        if not published(settings):
            raise MigrateError(
                "the build published no table: the old Trusted/ and Refined/ objects are kept"
            )
    warehouse = warehouse_path(settings)
    with exclusive(warehouse):
        _delete_old_objects(settings, report)
        _drop_old_relations(warehouse, report)
    log.info(
        "migrated: %d old Trusted/Refined objects (%d bytes) deleted from s3://%s,"
        " %d old views/tables dropped from %s%s",
        report.objects,
        report.bytes,
        settings.bucket,
        report.relations,
        warehouse,
        " (after a build from Raw)" if report.built else "",
    )
    return report
