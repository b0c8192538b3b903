"""Snapshot expiry of the lake's Iceberg tables, so the table bucket stops growing.

Every publish adds two snapshots per table, and DuckDB's `delete` never drops a data
file: it writes a position-delete file that masks every row of it, and the masked file
stays live in the table. So storage grows with every build even though the rows do
not. `expire` does three things per table of the catalog (published, staged, audit):

1. **Drop dead files**: data files whose every row a position delete masks, and the
   delete files that only mask such files, leave the current snapshot in one commit
   (PyIceberg `overwrite` with no rows added: the table's rows are unchanged).
   `audit.publications` then names the new snapshot where it named the old one, so
   time travel to the last build still resolves.
2. **Expire** the snapshots older than the retention (CINELAKE_SNAPSHOT_RETENTION_DAYS),
   never the current one (PyIceberg `expire_snapshots`, the REST `remove-snapshots`
   update), and prune `audit.publications` rows whose snapshot is gone.
3. **Delete unreachable objects** under the table's location: PyIceberg does not delete
   files, so anything no remaining snapshot, manifest list, manifest or the current
   metadata file refers to is deleted, but only objects older than the oldest kept
   snapshot, so a writer's files not yet committed are never touched.

Run it holding the build lock (`cinelake build` and `cinelake lake expire` do).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cinelake.config import Settings
from cinelake.warehouse.catalog import load_catalog
from ingest.s3 import make_client

log = logging.getLogger(__name__)

PUBLICATIONS = ("audit", "publications")
# The summary property of a snapshot that dropped dead files: the snapshot it replaced.
DROPPED_OF = "cinelake.dropped-dead-files-of"
# The property of `audit.publications` that says where the retained history starts.
HISTORY_STARTS = "cinelake.history-starts-at"
# Tables handled at once: the work is mostly waiting on the catalog and S3.
WORKERS = 8
# Iceberg's file content codes (DataFile.content)
DATA, POSITION_DELETES = 0, 1


@dataclass
class TableReport:
    name: str
    dead_files: int = 0
    expired_snapshots: int = 0
    deleted_objects: int = 0
    deleted_bytes: int = 0


@dataclass
class ExpireReport:
    tables: list[TableReport]
    pruned_publications: int = 0

    @property
    def deleted_bytes(self) -> int:
        return sum(t.deleted_bytes for t in self.tables)


def _tables(catalog: Any) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for namespace in catalog.list_namespaces():
        found.extend(tuple(ident) for ident in catalog.list_tables(namespace))
    return sorted(found)


def _current_manifests(table: Any) -> list[tuple[Any, list[Any]]]:
    """The current snapshot's manifests, each with its live files."""
    snapshot = table.current_snapshot()
    if snapshot is None:
        return []
    return [
        (manifest, [e.data_file for e in manifest.fetch_manifest_entry(table.io)])
        for manifest in snapshot.manifests(table.io)
    ]


def _dead_files(table: Any) -> list[Any]:
    """Data files every row of which a position delete masks, and the delete files that
    mask nothing else: the table's rows are the same without all of them."""
    import pyarrow.parquet as pq

    manifests = _current_manifests(table)
    files = [f for _, entries in manifests for f in entries]
    deletes = [f for f in files if f.content == POSITION_DELETES]
    if not deletes:
        return []
    masked: Counter[str] = Counter()
    targets: dict[str, set[str]] = {}
    for delete in deletes:
        with table.io.new_input(delete.file_path).open() as stream:
            paths = pq.read_table(stream, columns=["file_path"]).column("file_path")
        # DuckDB writes each (file, position) once, so a count is a number of rows
        counts = Counter(paths.to_pylist())
        masked.update(counts)
        targets[delete.file_path] = set(counts)
    dead = {
        f.file_path
        for f in files
        if f.content == DATA and f.record_count and masked[f.file_path] >= f.record_count
    }
    dead_deletes = {path for path, masks in targets.items() if masks <= dead}
    # A delete manifest goes whole or stays whole: PyIceberg would rewrite a partly kept
    # one as a data manifest, so its delete files are dropped only when all of them are.
    for _, entries in manifests:
        paths = {f.file_path for f in entries if f.content == POSITION_DELETES}
        if paths and not paths <= dead_deletes:
            dead_deletes -= paths
    return [f for f in files if f.file_path in dead or f.file_path in dead_deletes]


def _drop_dead_files(table: Any, report: TableReport) -> None:
    """Commit a snapshot without the dead files (same rows), naming the snapshot it
    replaces in its summary (DROPPED_OF)."""
    from pyiceberg.table.snapshots import Operation
    from pyiceberg.table.update.snapshot import _OverwriteFiles

    class _ReplaceFiles(_OverwriteFiles):
        """PyIceberg's overwrite, which also takes delete files out: its own check only
        knows data files (`_dead_files` took both from the current snapshot)."""

        def _existing_manifests(self) -> list[Any]:
            # DuckDB carries manifests whose every entry is DELETED into each new
            # snapshot; they hold no file of the table, and would pile up for ever
            return [
                m
                for m in super()._existing_manifests()
                if (m.added_files_count or 0) + (m.existing_files_count or 0) > 0
            ]

        def _validate_required_deletes(self, deleted_entries: list[Any]) -> None:
            found = {entry.data_file for entry in deleted_entries}
            missing = [f for f in self._deleted_data_files if f.content == DATA and f not in found]
            if missing:
                raise RuntimeError(f"{table.name()}: {len(missing)} data files are not live")

    dead = _dead_files(table)
    if not dead:
        return
    old = table.current_snapshot().snapshot_id
    with table.transaction() as tx:
        replace = _ReplaceFiles(
            operation=Operation.OVERWRITE,  # PyIceberg sums no `replace`
            transaction=tx,
            io=table.io,
            snapshot_properties={DROPPED_OF: str(old)},
        )
        for data_file in dead:
            replace.delete_data_file(data_file)
        replace.commit()
    table.refresh()
    report.dead_files = len(dead)


def _replaced(table: Any) -> dict[int, int]:
    """Old snapshot id -> the snapshot that holds its rows without the dead files, from
    the snapshots' summaries: a run that stopped before rewriting `audit.publications`
    is caught up by the next one."""
    replaced = {}
    for snapshot in table.metadata.snapshots:
        old = snapshot.summary[DROPPED_OF] if snapshot.summary else None
        if old:
            replaced[int(old)] = snapshot.snapshot_id
    return replaced


def _reachable(table: Any) -> set[str]:
    """Every file path the table's remaining metadata refers to."""
    metadata = table.metadata
    paths = {table.metadata_location}
    for snapshot in metadata.snapshots:
        paths.add(snapshot.manifest_list)
        for manifest in snapshot.manifests(table.io):
            if manifest.manifest_path in paths:  # shared by snapshots: read once
                continue
            paths.add(manifest.manifest_path)
            # a DELETED entry names a file a kept snapshot no longer has: live elsewhere
            # only if an older kept snapshot lists it as added or existing
            for entry in manifest.fetch_manifest_entry(table.io, discard_deleted=True):
                paths.add(entry.data_file.file_path)
    for statistics in [*metadata.statistics, *metadata.partition_statistics]:
        paths.add(statistics.statistics_path)
    return paths


def _delete_unreachable(s3: Any, table: Any, report: TableReport) -> None:
    reachable = _reachable(table)
    times = [s.timestamp_ms for s in table.metadata.snapshots]
    # objects written after the oldest kept snapshot may belong to a commit under way
    horizon = datetime.fromtimestamp(min(times) / 1000, UTC) if times else datetime.now(UTC)
    bucket, _, prefix = table.location().removeprefix("s3://").partition("/")
    doomed: list[dict[str, str]] = []
    for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix.rstrip("/") + "/"
    ):
        for obj in page.get("Contents", []):
            if f"s3://{bucket}/{obj['Key']}" in reachable or obj["LastModified"] >= horizon:
                continue
            doomed.append({"Key": obj["Key"]})
            report.deleted_bytes += obj["Size"]
    for start in range(0, len(doomed), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": doomed[start : start + 1000]})
    report.deleted_objects = len(doomed)


def _prune_publications(
    catalog: Any,
    renamed: dict[str, dict[int, int]],
    live: dict[str, set[int]],
    cutoff: datetime,
) -> int:
    """Rewrite `audit.publications`: the snapshot of a table whose dead files were
    dropped becomes the new one; rows of snapshots no longer kept go, and the time
    before which time travel is incomplete is kept as the table property
    HISTORY_STARTS. Returns the number of rows pruned."""
    import pyarrow as pa

    try:
        log_table = catalog.load_table(PUBLICATIONS)
    except Exception:  # noqa: BLE001 - no publication yet: nothing to rewrite
        return 0
    rows = log_table.scan().to_arrow()
    if rows.num_rows == 0:
        return 0
    names = rows.column("table_name").to_pylist()
    ids = rows.column("snapshot_id").to_pylist()
    times = rows.column("published_at").to_pylist()
    latest: dict[str, datetime] = {}
    for name, at in zip(names, times, strict=True):
        latest[name] = max(at, latest.get(name, at))
    new_ids: list[int | None] = []
    keep: list[bool] = []
    for name, snapshot, at in zip(names, ids, times, strict=True):
        for _ in range(len(renamed.get(name, ()))):  # follow a chain of drops, if any
            if snapshot not in renamed[name]:
                break
            snapshot = renamed[name][snapshot]
        new_ids.append(snapshot)
        if snapshot is None:  # published empty (no snapshot): kept as long as its time is
            keep.append(name in live and (at >= cutoff or at == latest[name]))
        else:
            keep.append(snapshot in live.get(name, set()))
    if all(keep) and new_ids == ids:
        return 0
    # time travel to before a pruned table's oldest kept row would miss that table
    oldest_kept: dict[str, datetime] = {}
    for name, at, kept in zip(names, times, keep, strict=True):
        if kept:
            oldest_kept[name] = min(at, oldest_kept.get(name, at))
    pruned_tables = {n for n, kept in zip(names, keep, strict=True) if not kept}
    starts = [oldest_kept[n] for n in pruned_tables if n in oldest_kept]
    previous = log_table.properties.get(HISTORY_STARTS)
    if previous:
        starts.append(datetime.fromisoformat(previous))
    index = rows.schema.get_field_index("snapshot_id")
    field = rows.schema.field(index)
    rewritten = rows.set_column(index, field, pa.array(new_ids, field.type)).filter(pa.array(keep))
    # publications is append-only (DuckDB inserts): the overwrite drops its whole files
    with log_table.transaction() as tx:
        tx.overwrite(rewritten)
        if starts:
            tx.set_properties({HISTORY_STARTS: max(starts).isoformat()})
    return rows.num_rows - rewritten.num_rows


def history_starts(catalog: Any) -> datetime | None:
    """The oldest time `cinelake sql --as-of` can still read whole, once expiry pruned
    `audit.publications`; None while nothing was pruned."""
    try:
        value = catalog.load_table(PUBLICATIONS).properties.get(HISTORY_STARTS)
    except Exception:  # noqa: BLE001 - no publications table: no history either
        return None
    return datetime.fromisoformat(value) if value else None


def _expire_table(s3: Any, table: Any, report: TableReport, cutoff_ms: int) -> None:
    """Expire the table's snapshots older than the cutoff but the current one (no
    commit when there is none), then delete what no kept snapshot needs."""
    current = table.metadata.current_snapshot_id
    old = [
        s.snapshot_id
        for s in table.metadata.snapshots
        if s.timestamp_ms < cutoff_ms and s.snapshot_id != current
    ]
    if old:
        table.maintenance.expire_snapshots().by_ids(old).commit()
        table.refresh()
        report.expired_snapshots = len(old)
    _delete_unreachable(s3, table, report)
    if report.expired_snapshots or report.deleted_objects or report.dead_files:
        log.info(
            "%s: %d snapshots expired, %d dead files dropped, %d objects (%d bytes) deleted",
            report.name,
            report.expired_snapshots,
            report.dead_files,
            report.deleted_objects,
            report.deleted_bytes,
        )


def expire(settings: Settings, older_than_days: float | None = None) -> ExpireReport:
    """Expire every table's snapshots older than `older_than_days` (default: the
    setting), drop dead files first and delete what is no longer reachable."""
    days = settings.snapshot_retention_days if older_than_days is None else older_than_days
    started = time.monotonic()
    cutoff = datetime.now(UTC) - timedelta(days=days)
    catalog = load_catalog(settings)
    names = _tables(catalog)
    with ThreadPoolExecutor(WORKERS) as pool:
        tables = dict(zip(names, pool.map(catalog.load_table, names), strict=True))
    reports = {name: TableReport(".".join(name)) for name in names}
    # tables are independent, and the work is mostly waiting on the lake
    with ThreadPoolExecutor(WORKERS) as pool:
        others = [name for name in tables if name != PUBLICATIONS]
        list(pool.map(lambda n: _drop_dead_files(tables[n], reports[n]), others))
    renamed = {".".join(name): _replaced(table) for name, table in tables.items()}
    # what each table keeps: the current snapshot and those newer than the cutoff
    cutoff_ms = int(cutoff.timestamp() * 1000)
    live: dict[str, set[int]] = {}
    for name, table in tables.items():
        current = table.metadata.current_snapshot_id
        live[".".join(name)] = {
            s.snapshot_id
            for s in table.metadata.snapshots
            if s.timestamp_ms >= cutoff_ms or s.snapshot_id == current
        }
    pruned = _prune_publications(catalog, renamed, live, cutoff) if PUBLICATIONS in tables else 0
    if PUBLICATIONS in tables:
        tables[PUBLICATIONS] = catalog.load_table(PUBLICATIONS)
    s3 = make_client(settings)  # boto3 clients are thread-safe; making them is not
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda n: _expire_table(s3, tables[n], reports[n], cutoff_ms), tables))
    result = ExpireReport(list(reports.values()), pruned)
    log.info(
        "snapshot expiry (older than %g days): %d tables, %d snapshots expired, %d bytes"
        " deleted, %d publication rows pruned, in %.1f s",
        days,
        len(names),
        sum(t.expired_snapshots for t in result.tables),
        result.deleted_bytes,
        pruned,
        time.monotonic() - started,
    )
    return result
