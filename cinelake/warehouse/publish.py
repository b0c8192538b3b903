"""Publishing a build: its staged Iceberg tables become the published ones, all at once.

A build writes and tests `<zone>_staged.<table>`; when every test passed, each staged
table replaces the rows of `<zone>.<table>` (or only some partitions of it), and the
build is logged in `audit.publications`, in one commit of the catalog for all tables
(the REST catalog's multi-table transaction): readers see the old build or the new one,
never a mix. Each table gets one new snapshot, which the log names.

Why not DuckDB's DELETE + INSERT: DuckDB writes Iceberg deletes as position-delete files,
so a table replaced that way keeps every old data file and grows with every build.
Here the old files leave the table's metadata and the staged table's data files are
copied into the published table's location (an S3 server-side copy: no decoding, no
memory), so the published table holds exactly one build's files. Where a copy is not
possible (a staged file with deletes, or spanning partitions that are not replaced),
the rows are read and written again by PyIceberg.

dbt calls this through the SQL function `cinelake_publish` (cinelake/warehouse/dbt_plugin.py,
from macros/publish_staged_tables.sql); PyIceberg is imported only here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from cinelake.warehouse.catalog import load_catalog

log = logging.getLogger(__name__)

LOG_TABLE = "audit.publications"
# Rows per PyIceberg append when rows must be rewritten (bounds memory).
REWRITE_BATCH_ROWS = 500_000
# Tables prepared at once (their copies and manifests are network-bound).
PARALLEL_TABLES = 8


@dataclass(frozen=True)
class Release:
    """One table of a build to publish."""

    target: str  # the published table, e.g. "refined.dim_titles"
    query: str  # DuckDB SQL giving its new rows, in its columns and types
    # A staged Iceberg table that one build wrote whole (`lake_table`), e.g.
    # "refined_staged.dim_titles": its data files are copied as they are. Else (dbt's
    # incremental, which DuckDB updates with position-delete files that PyIceberg does
    # not always apply, or Spark's Parquet) the rows of `query` are written again.
    copy_from: str | None = None
    partition_by: str | None = None
    # None: replace every row; else replace only these values of `partition_by`
    partitions: tuple[str, ...] | None = None


class PublishError(Exception):
    """The catalog refused the publication; nothing was published."""


def releases_from_json(text: str) -> tuple[str, str, list[Release]]:
    """(build id, engine, releases) from the JSON the dbt macro passes."""
    spec = json.loads(text)
    releases = [
        Release(
            target=item["target"],
            query=item["query"],
            copy_from=item.get("copy_from"),
            partition_by=item.get("partition_by"),
            partitions=None if item.get("partitions") is None else tuple(item["partitions"]),
        )
        for item in spec["releases"]
    ]
    return spec["build_id"], spec["engine"], releases


def publish(
    settings: Settings, build_id: str, engine: str, releases: Sequence[Release]
) -> list[dict[str, Any]]:
    """Publish `releases` and log them in one commit; the log rows written."""
    catalog = load_catalog(settings)
    copier = _Copier(settings)
    published_at = datetime.now(UTC)

    def prepare(release: Release) -> tuple[Any, int | None]:
        table = catalog.load_table(release.target)
        tx = table.transaction()
        staged = catalog.load_table(release.copy_from) if release.copy_from else None
        how = _replace(tx, table, staged, release, copier, settings)
        snapshot = _new_snapshot_id(tx)
        if snapshot is None:  # nothing changed: the table stays at its snapshot
            current = table.current_snapshot()
            log.info("publishing %s: unchanged", release.target)
            return None, current.snapshot_id if current else None
        log.info("publishing %s (%s): snapshot %s", release.target, how, snapshot)
        return tx, snapshot

    # Each table's files are copied and its manifests written in parallel (network-bound);
    # nothing is visible until the one commit below.
    with ThreadPoolExecutor(max_workers=PARALLEL_TABLES) as pool:
        prepared = list(pool.map(prepare, releases))
    transactions = [tx for tx, _ in prepared if tx is not None]
    rows = [
        {
            "build_id": build_id,
            "engine": engine,
            "published_at": published_at,
            "table_name": release.target,
            "snapshot_id": snapshot,
        }
        for release, (_, snapshot) in zip(releases, prepared, strict=True)
    ]
    journal = catalog.load_table(LOG_TABLE)
    log_tx = journal.transaction()
    log_tx.append(_log_rows(journal, rows))
    _commit_together(catalog, [*transactions, log_tx])
    return rows


def _replace(
    tx: Any, table: Any, staged: Any | None, release: Release, copier: _Copier, settings: Settings
) -> str:
    """Stage in `tx` the replacement of the rows `release` covers; how, in a word."""
    from pyiceberg.expressions import AlwaysTrue, In

    if release.partitions is None:
        rows = AlwaysTrue()
    else:
        assert release.partition_by
        rows = In(release.partition_by, list(release.partitions))
    new = list(staged.scan(row_filter=rows).plan_files()) if staged is not None else []
    # A file is copied as it is only if it is partitioned as the published table writes
    # (PyIceberg adds files under the table's current spec); nothing in a table that
    # `lake_table` wrote is deleted.
    spec = table.spec()
    clean = staged is not None and all(
        not task.delete_files and staged.specs()[task.file.spec_id] == spec for task in new
    )
    if release.partitions is None and clean:
        old = [task.file for task in table.scan().plan_files()]
        with tx.update_snapshot().overwrite() as overwrite:
            for data_file in old:
                overwrite.delete_data_file(data_file)
            for task in new:
                overwrite.append_data_file(copier.copy(task.file, staged, table))
        return "files copied"
    if next(iter(table.scan(row_filter=rows).plan_files()), None) is not None:
        tx.delete(rows)  # whole files where they hold only these partitions, else rewritten
    if clean:
        with tx.update_snapshot().fast_append() as append:
            for task in new:
                append.append_data_file(copier.copy(task.file, staged, table))
        return "partitions replaced, files copied"
    _rewrite(tx, settings, release)
    return "rows rewritten"


def _rewrite(tx: Any, settings: Settings, release: Release) -> None:
    """Append the staged rows `release` covers, as DuckDB reads them (deletes applied),
    in bounded batches."""
    import pyarrow as pa

    from cinelake.warehouse.connection import connect

    query = release.query  # SQL our own macro wrote
    params: list[Any] = []
    if release.partitions is not None:
        query = (
            f"SELECT * FROM ({query}) AS release_rows"  # noqa: S608
            f" WHERE CAST({release.partition_by} AS VARCHAR) IN (SELECT unnest(?))"
        )
        params.append(list(release.partitions))
    con = connect(settings, read_only=True, database=Path(":memory:"))
    try:
        reader = con.execute(query, params).fetch_record_batch(REWRITE_BATCH_ROWS)
        schema = tx.table_metadata.schema().as_arrow()
        for batch in reader:
            tx.append(pa.Table.from_batches([batch]).cast(schema))
    finally:
        con.close()


class _Copier:
    """Server-side S3 copies of data files from a staged table into a published one."""

    def __init__(self, settings: Settings) -> None:
        from ingest.s3 import make_client

        self.s3 = make_client(settings)

    def copy(self, data_file: Any, staged: Any, table: Any) -> Any:
        from pyiceberg.manifest import DataFile

        source = data_file.file_path
        if not source.startswith(staged.location()):
            raise PublishError(f"{source} is not under {staged.location()}")
        target = table.location() + source[len(staged.location()) :]
        from_bucket, from_key = _split(source)
        to_bucket, to_key = _split(target)
        self.s3.copy_object(
            Bucket=to_bucket, Key=to_key, CopySource={"Bucket": from_bucket, "Key": from_key}
        )
        copied = DataFile(*data_file._data)  # the same stats and partition, a new path
        copied[1] = target
        copied.spec_id = table.spec().spec_id
        return copied


def _split(url: str) -> tuple[str, str]:
    scheme, _, rest = url.partition("://")
    if scheme not in ("s3", "s3a"):
        raise PublishError(f"not an S3 location: {url}")
    bucket, _, key = rest.partition("/")
    return bucket, key


def _new_snapshot_id(tx: Any) -> int | None:
    """The snapshot the transaction will add last (None: it changes nothing)."""
    from pyiceberg.table.update import AddSnapshotUpdate

    added = [u.snapshot.snapshot_id for u in tx._updates if isinstance(u, AddSnapshotUpdate)]
    return added[-1] if added else None


def _log_rows(journal: Any, rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    schema = journal.schema().as_arrow()
    return pa.Table.from_pylist(rows, schema=schema)


def _commit_together(catalog: Any, transactions: Sequence[Any]) -> None:
    """One commit for every table: the REST catalog's multi-table transaction; elsewhere
    (Glue) one commit per table, the log last."""
    from pyiceberg.catalog.rest import RestCatalog
    from pyiceberg.table import CommitTableRequest, TableIdentifier

    if not isinstance(catalog, RestCatalog):
        log.warning("this catalog commits one table at a time: publishing is not atomic")
        for tx in transactions:
            tx.commit_transaction()
        return
    changes = []
    for tx in transactions:
        name = tx._table.name()
        request = CommitTableRequest(
            identifier=TableIdentifier(namespace=name[:-1], name=name[-1]),
            requirements=tx._requirements,
            updates=tx._updates,
        )
        changes.append(json.loads(request.model_dump_json(by_alias=True, exclude_none=True)))
    response = catalog._session.post(
        catalog.url("transactions/commit", prefixed=True),
        data=json.dumps({"table-changes": changes}).encode(),
        headers=catalog._session.headers,
    )
    if response.status_code >= 300:
        detail = " ".join(response.text.split())[:500]
        raise PublishError(
            f"the catalog refused the publication ({response.status_code}): {detail}"
        )
