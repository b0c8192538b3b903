"""Upload a validated file, sending the SHA-256 that validation computed for every part.

S3 recomputes each checksum on arrival and refuses a part whose bytes differ from what
was validated, so a file that changes after validation cannot land. Until the final
CompleteMultipartUpload (or the single PUT) succeeds, nothing exists under the key.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Any

from ingest.validate import FileReport

UPLOAD_THREADS = 4  # keeps a local or remote S3 busy; memory stays threads x part size


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def put_bytes(
    client: Any,
    bucket: str,
    key: str,
    body: bytes,
    sha256: str,
    extra: dict[str, Any],
    condition: dict[str, str],
) -> str:
    """One PUT of `body` with its SHA-256 (hex `sha256`) for S3 to check; returns the ETag.

    A single PUT is atomic: the object appears whole or not at all.
    """
    reply = client.put_object(
        Bucket=bucket,
        Key=key,
        Body=body,
        ChecksumSHA256=b64(bytes.fromhex(sha256)),
        **extra,
        **condition,
    )
    return str(reply["ETag"])


def upload(
    client: Any,
    bucket: str,
    key: str,
    report: FileReport,
    extra: dict[str, Any],
    condition: dict[str, str],
    progress: Callable[[int], None] | None = None,
) -> str:
    """Upload `report.path` to `key` as validated, in parallel parts when large.

    `condition` (`IfNoneMatch` or `IfMatch`) goes with the request that makes the object
    appear, so the write fails instead of replacing an object someone else wrote.
    Returns the ETag of the object written.
    """
    if not report.multipart:
        body = report.path.read_bytes()
        etag = put_bytes(client, bucket, key, body, report.sha256, extra, condition)
        if progress:
            progress(len(body))
        return etag

    upload_id = client.create_multipart_upload(
        Bucket=bucket, Key=key, ChecksumAlgorithm="SHA256", **extra
    )["UploadId"]
    fd = os.open(report.path, os.O_RDONLY)

    def send(index: int) -> dict[str, Any]:
        body = os.pread(fd, report.part_size, index * report.part_size)
        digest = b64(report.part_digests[index])
        response = client.upload_part(
            Bucket=bucket,
            Key=key,
            UploadId=upload_id,
            PartNumber=index + 1,
            Body=body,
            ChecksumSHA256=digest,
        )
        if progress:
            progress(len(body))
        return {"PartNumber": index + 1, "ETag": response["ETag"], "ChecksumSHA256": digest}

    try:
        with ThreadPoolExecutor(UPLOAD_THREADS, thread_name_prefix="upload") as pool:
            futures = [pool.submit(send, i) for i in range(len(report.part_digests))]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            failed = [f for f in done if f.exception()]
            if failed:
                pool.shutdown(cancel_futures=True)
                raise failed[0].exception()  # type: ignore[misc]
            parts = [f.result() for f in futures]
        reply = client.complete_multipart_upload(
            Bucket=bucket,
            Key=key,
            UploadId=upload_id,
            MultipartUpload={"Parts": parts},
            **condition,
        )
    except BaseException:
        client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise
    finally:
        os.close(fd)
    return str(reply["ETag"])
