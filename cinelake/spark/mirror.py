"""A local mirror of the lake for Spark without an S3 connector (`cinelake spark mirror down`).

The PySpark wheels carry no S3 filesystem (hadoop-aws comes only from Maven), so a local
Spark reads and writes a folder laid out like the bucket: `down` copies `Raw/` from the
bucket before a build, and Spark writes its Trusted and Refined Parquet into the same
folder, from where `cinelake spark build` publishes them into the lake's Iceberg tables
(cinelake/spark/build.py); nothing reads Parquet under `Trusted/` or `Refined/` in the
bucket, so nothing goes up. On a cluster with hadoop-aws the same models read and write
`s3://` and no mirror is needed.

`down` makes the mirror equal to the bucket under its prefixes: objects that changed
(size or time) are copied, files whose object is gone are removed. A downloaded file
gets the object's Last-Modified as its modification time, which is what Spark lists as
`landed_at` (the DuckDB build reads the same value from the bucket).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from ingest.s3 import make_client

log = logging.getLogger(__name__)

# What a build reads from the bucket.
DOWN_PREFIXES = ("Raw/",)


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
    return settings.spark.mirror or settings.lake_dir / "spark" / "mirror"


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
