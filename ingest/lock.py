"""A lock object per Raw key, so that of two ingests landing the same key one wins.

The lock is a small JSON object written with `If-None-Match: *`, which S3 (and
SeaweedFS, for single PUTs) applies atomically: exactly one writer creates it. The
winner lands the file and deletes the lock with `If-Match` on its own ETag, so it never
removes a lock it does not hold. A lock left by a run that died is taken over once its
process is gone (same host) or it is older than LOCK_TTL, again with `If-Match`, so two
runs cannot both take over the same stale lock.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from ingest.s3 import error_code
from ingest.schema import LOCK_PREFIX, RAW_PREFIX

log = logging.getLogger(__name__)

# Longer than any upload takes; a lock this old belongs to a run that died elsewhere.
LOCK_TTL = timedelta(hours=1)
# What S3 answers when a conditional write loses: 412, or 409 while another is under way.
PRECONDITION_FAILED = ("PreconditionFailed", "412", "ConditionalRequestConflict", "409")
NOT_FOUND = ("404", "NoSuchKey", "NotFound")


class LockHeld(Exception):
    """Another ingest is landing the same key; str() is one line naming the key."""


@dataclass(frozen=True)
class Held:
    key: str
    etag: str


def lock_key(raw_key: str) -> str:
    """`Raw/Local/CSV/Movies/…/movies.csv` -> `Raw/Local/CSV/_locks/Movies/…/movies.csv.lock`."""
    return f"{LOCK_PREFIX}/{raw_key.removeprefix(RAW_PREFIX + '/')}.lock"


def _owner() -> dict[str, Any]:
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "acquired_at": datetime.now(UTC).isoformat(),
    }


def _put(client: Any, bucket: str, key: str, **condition: str) -> str | None:
    """Write this process's lock body under a condition; None if the condition failed."""
    try:
        reply = client.put_object(
            Bucket=bucket,
            Key=key,
            Body=json.dumps(_owner()).encode(),
            ContentType="application/json",
            **condition,
        )
    except ClientError as exc:
        if error_code(exc) in PRECONDITION_FAILED:
            return None
        raise
    return str(reply["ETag"])


def _is_stale(owner: dict[str, Any], now: datetime) -> bool:
    try:
        acquired = datetime.fromisoformat(str(owner.get("acquired_at")))
    except ValueError:
        return True  # not a lock this code wrote: nobody can be holding it
    if now - acquired > LOCK_TTL:
        return True
    if owner.get("host") != socket.gethostname():
        return False  # cannot see that process: trust the lock until it expires
    try:
        os.kill(int(owner.get("pid", -1)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError, OverflowError):
        return False
    return False


def acquire(client: Any, bucket: str, raw_key: str) -> Held:
    """Take the lock of `raw_key`, or raise LockHeld naming the key and the holder."""
    key = lock_key(raw_key)
    for _ in range(3):  # the holder may release between our PUT and our GET
        etag = _put(client, bucket, key, IfNoneMatch="*")
        if etag is not None:
            return Held(key, etag)
        try:
            current = client.get_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if error_code(exc) in NOT_FOUND:
                continue
            raise
        try:
            owner = json.loads(current["Body"].read())
        except ValueError:
            owner = {}
        if _is_stale(owner, datetime.now(UTC)):
            etag = _put(client, bucket, key, IfMatch=current["ETag"])
            if etag is not None:
                log.warning("took over the stale lock s3://%s/%s (%s)", bucket, key, owner)
                return Held(key, etag)
        raise LockHeld(
            f"s3://{bucket}/{raw_key}: another ingest is landing it (pid {owner.get('pid')} "
            f"on {owner.get('host')} since {owner.get('acquired_at')}); nothing was written"
        )
    raise LockHeld(f"s3://{bucket}/{raw_key}: the lock kept changing hands; nothing was written")


def release(client: Any, bucket: str, held: Held) -> None:
    """Delete the lock only if it is still ours (If-Match on our ETag)."""
    try:
        client.delete_object(Bucket=bucket, Key=held.key, IfMatch=held.etag)
    except ClientError as exc:
        if error_code(exc) not in (*PRECONDITION_FAILED, *NOT_FOUND):
            raise
        log.warning("s3://%s/%s was taken over by another run; left to it", bucket, held.key)


@contextmanager
def locked(client: Any, bucket: str, raw_key: str) -> Iterator[Held]:
    held = acquire(client, bucket, raw_key)
    try:
        yield held
    finally:
        release(client, bucket, held)
