"""A local mirror of the lake for Spark without an S3 connector (`cinelake mirror down|up`).

The PySpark wheels carry no S3 filesystem (hadoop-aws comes only from Maven), so a local
Spark reads and writes a folder laid out like the bucket: `down` copies `Raw/` from the
bucket before a build, `up` copies the Trusted and Refined outputs back after it. On a
cluster with hadoop-aws the same models read and write `s3://` and no mirror is needed.

Each direction makes the destination equal to the source under its prefixes: objects
that changed (size or time) are copied, objects gone from the source are removed. A
downloaded file gets the object's Last-Modified as its modification time, which is what
Spark lists as `landed_at` (the DuckDB build reads the same value from the bucket).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from ingest.s3 import make_client

log = logging.getLogger(__name__)

# What a build reads from the bucket, and what it writes back.
DOWN_PREFIXES = ("Raw/",)
UP_PREFIXES = ("Trusted/", "Refined/")


@dataclass(frozen=True)
class SyncResult:
    copied: int
    removed: int
    unchanged: int
    bytes_copied: int

    def logged(self, what: str) -> SyncResult:
        log.info(
            "%s: %d copied (%d bytes), %d removed, %d unchanged",
            what,
            self.copied,
            self.bytes_copied,
            self.removed,
            self.unchanged,
        )
        return self


def mirror_root(settings: Settings) -> Path:
    """The mirror folder: CINELAKE_SPARK_MIRROR, else `<lake dir>/spark/mirror`.

    The dbt profile's default lake root for Spark is the same folder (macro `lake_root`).
    """
    configured = settings.environ.get("CINELAKE_SPARK_MIRROR")
    return Path(configured).absolute() if configured else settings.lake_dir / "spark" / "mirror"


def _remote_objects(client: Any, bucket: str, prefix: str) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents", [])


def _local_files(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    """(key, path) of the data files under root/prefix; Spark's own bookkeeping
    (`_SUCCESS`, `.crc` and other hidden files, which Spark itself skips) stays local."""
    base = root / prefix
    if not base.is_dir():
        return
    for path in sorted(base.rglob("*")):
        if path.is_file() and not path.name.startswith((".", "_")):
            yield path.relative_to(root).as_posix(), path


def down(settings: Settings, root: Path, prefixes: tuple[str, ...] = DOWN_PREFIXES) -> SyncResult:
    """Make root/<prefix> equal to the bucket's objects under each prefix."""
    client = make_client(settings)
    copied = removed = unchanged = nbytes = 0
    for prefix in prefixes:
        # Spark lists under each prefix: the folder exists even when nothing has landed.
        (root / prefix).mkdir(parents=True, exist_ok=True)
        wanted: set[Path] = set()
        for obj in _remote_objects(client, settings.bucket, prefix):
            path = root / obj["Key"]
            wanted.add(path)
            mtime = obj["LastModified"].timestamp()
            stat = path.stat() if path.is_file() else None
            if stat and stat.st_size == obj["Size"] and stat.st_mtime == mtime:
                unchanged += 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            client.download_file(settings.bucket, obj["Key"], str(partial))
            os.utime(partial, (mtime, mtime))
            partial.replace(path)
            copied += 1
            nbytes += obj["Size"]
        for _key, path in _local_files(root, prefix):
            if path not in wanted:
                path.unlink()
                removed += 1
    return SyncResult(copied, removed, unchanged, nbytes).logged(f"mirror down, into {root}")


def up(settings: Settings, root: Path, prefixes: tuple[str, ...] = UP_PREFIXES) -> SyncResult:
    """Make the bucket's objects under each prefix equal to the data files in root/<prefix>.

    Objects are compared by size and time (a file written after its object's upload is
    copied again).
    """
    client = make_client(settings)
    copied = removed = unchanged = nbytes = 0
    for prefix in prefixes:
        remote = {obj["Key"]: obj for obj in _remote_objects(client, settings.bucket, prefix)}
        for key, path in _local_files(root, prefix):
            stat = path.stat()
            obj = remote.pop(key, None)
            # S3 keeps whole seconds
            written = datetime.fromtimestamp(int(stat.st_mtime), tz=UTC)
            if obj and obj["Size"] == stat.st_size and obj["LastModified"] >= written:
                unchanged += 1
                continue
            client.upload_file(str(path), settings.bucket, key)
            copied += 1
            nbytes += stat.st_size
        for key in remote:
            client.delete_object(Bucket=settings.bucket, Key=key)
            removed += 1
    return SyncResult(copied, removed, unchanged, nbytes).logged(f"mirror up, from {root}")
