"""Landing a validated file in the Raw zone: atomic, verified, never silently overwritten."""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from ingest.lock import PRECONDITION_FAILED, LockHeld, locked
from ingest.s3 import error_code
from ingest.upload import upload
from ingest.validate import FileReport

log = logging.getLogger(__name__)


# What S3 answers when the bytes it received do not match the checksum sent with them.
CHECKSUM_REFUSED = ("BadDigest", "InvalidDigest", "XAmzContentChecksumMismatch")


class LandingError(Exception):
    """The file could not be landed; nothing was left under the final key."""


@dataclass(frozen=True)
class Landed:
    """The outcome for one file."""

    key: str
    status: str  # "landed", "replaced", "unchanged" or "failed"
    report: FileReport
    error: str | None = None  # why, when failed


def expected_checksum(report: FileReport) -> str:
    """The ChecksumSHA256 S3 reports: the file's, or for multipart the composite of parts."""
    if not report.multipart:
        return base64.b64encode(bytes.fromhex(report.sha256)).decode()
    composite = hashlib.sha256(b"".join(report.part_digests)).digest()
    return f"{base64.b64encode(composite).decode()}-{len(report.part_digests)}"


def object_metadata(report: FileReport) -> dict[str, str]:
    """User metadata stored with the object (S3 metadata must be ASCII: the name is quoted)."""
    return {
        "sha256": report.sha256,
        "rows": str(report.rows),
        "source-file": quote(report.path.name),
        "line-ending": report.line_ending,
    }


def ensure_bucket(client: Any, bucket: str) -> None:
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as exc:
        if error_code(exc) not in ("404", "NoSuchBucket", "NotFound"):
            raise
        log.info("creating bucket %s", bucket)
        try:
            client.create_bucket(Bucket=bucket)
        except ClientError as created:
            if error_code(created) != "BucketAlreadyOwnedByYou":  # a concurrent run made it
                raise


def abort_stale_uploads(client: Any, bucket: str, key: str) -> int:
    """Abort multipart uploads an interrupted earlier run left for `key`."""
    found = client.list_multipart_uploads(Bucket=bucket, Prefix=key).get("Uploads", [])
    stale = [u["UploadId"] for u in found if u["Key"] == key]
    for upload_id in stale:
        client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    if stale:
        log.info("aborted %d unfinished upload(s) of s3://%s/%s", len(stale), bucket, key)
    return len(stale)


def head(client: Any, bucket: str, key: str) -> dict[str, Any] | None:
    try:
        return dict(client.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED"))
    except ClientError as exc:
        if error_code(exc) in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def land(
    client: Any,
    bucket: str,
    report: FileReport,
    day: date,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Landed:
    """Upload `report.path` to its dated Raw key and verify it there.

    Under the key's lock, and with a conditional write besides: of concurrent runs for
    one key exactly one lands, and no run replaces or deletes what another wrote.
    """
    key = report.kind.raw_key(day)
    ensure_bucket(client, bucket)
    try:
        with locked(client, bucket, key):
            return _land_locked(client, bucket, key, report, replace, progress)
    except LockHeld as exc:
        raise LandingError(str(exc)) from None


def _land_locked(
    client: Any,
    bucket: str,
    key: str,
    report: FileReport,
    replace: bool,
    progress: Callable[[int], None] | None,
) -> Landed:
    url = f"s3://{bucket}/{key}"
    abort_stale_uploads(client, bucket, key)  # only a dead run's: we hold the lock
    existing = head(client, bucket, key)
    if existing is not None:
        if existing.get("Metadata", {}).get("sha256") == report.sha256:
            log.info(
                "%s already holds this file (sha256 %s): unchanged, skipped",
                url,
                report.sha256[:12],
            )
            return Landed(key, "unchanged", report)
        if not replace:
            raise LandingError(
                f"{url} already holds a different file "
                f"(sha256 {existing.get('Metadata', {}).get('sha256', '?')[:12]}); "
                "pass --replace to overwrite it"
            )
        log.warning("replacing %s (--replace)", url)
    # Replace exactly the object seen above, or create one where there was none.
    condition = {"IfMatch": existing["ETag"]} if existing else {"IfNoneMatch": "*"}

    extra = {"Metadata": object_metadata(report), "ContentType": "text/csv; charset=utf-8"}
    log.info("uploading %s (%d bytes, %d rows) to %s", report.path, report.size, report.rows, url)
    try:
        etag = upload(client, bucket, key, report, extra, condition, progress)
    except ClientError as exc:
        if error_code(exc) in CHECKSUM_REFUSED:
            raise LandingError(
                f"{report.path} changed since it was validated: S3 refused its checksum "
                f"({error_code(exc)}); nothing was landed at {url}"
            ) from exc
        if error_code(exc) in PRECONDITION_FAILED:
            raise LandingError(
                f"{url} was written by another run while this one uploaded; "
                "its object was left as it is and nothing of this run was kept"
            ) from exc
        raise LandingError(f"upload of {report.path} to {url} failed: {exc}") from exc
    except Exception as exc:
        raise LandingError(f"upload of {report.path} to {url} failed: {exc}") from exc
    verify(client, bucket, key, report, etag)
    return Landed(key, "replaced" if existing is not None else "landed", report)


def verify(client: Any, bucket: str, key: str, report: FileReport, etag: str) -> None:
    """HEAD the object this run wrote (ETag `etag`); a mismatch removes it, and only it."""
    verify_object(client, bucket, key, etag, report.size, report.sha256, expected_checksum(report))


def verify_object(
    client: Any, bucket: str, key: str, etag: str, size: int, sha256: str, checksum: str
) -> None:
    """HEAD `key`, written by this run with ETag `etag`: size, `sha256` metadata and S3's
    ChecksumSHA256 must match; a mismatch removes the object (only with If-Match on it)."""
    url = f"s3://{bucket}/{key}"
    landed = head(client, bucket, key) or {}
    if landed.get("ETag") != etag:
        # Someone wrote the key after us, bypassing the lock: theirs is not ours to delete.
        raise LandingError(f"{url} was overwritten by another writer after this run landed it")
    problems = []
    if landed.get("ContentLength") != size:
        problems.append(f"size {landed.get('ContentLength')} != {size}")
    if landed.get("Metadata", {}).get("sha256") != sha256:
        problems.append("sha256 metadata differs")
    if landed.get("ChecksumSHA256") != checksum:
        problems.append(f"ChecksumSHA256 {landed.get('ChecksumSHA256')} != {checksum}")
    if problems:
        client.delete_object(Bucket=bucket, Key=key, IfMatch=etag)
        raise LandingError(f"{url} failed verification and was removed: " + "; ".join(problems))
    log.info("verified %s (size and sha256 checksum match)", url)
