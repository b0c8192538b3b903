"""Landing TMDB answers in the Raw zone: batches of records, and the run's manifest.

Each batch is one JSON array of at most BATCH_SIZE records at
`Raw/TMDB/JSON/YYYY/MM/DD/<run_id>-<batch:05d>.json`, written with the CSV ingest's
guarantees and its code: one PUT (atomic: whole or absent) carrying the SHA-256 for S3
to check, `If-None-Match: *` (never over an existing object), then a HEAD that checks
size, `sha256` metadata and S3's checksum, removing only this run's object on a mismatch.
Each record embeds the body byte for byte as TMDB sent it: it is spliced into the
record's text, never parsed and re-serialized.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from cinelake.tmdb.fetch import Record
from ingest.landing import LandingError, verify_object
from ingest.lock import PRECONDITION_FAILED
from ingest.manifest import put_json
from ingest.s3 import error_code
from ingest.upload import put_bytes

# The Raw TMDB zone; models/ reads the same layout (the landing contract).
RAW_PREFIX = "Raw/TMDB/JSON"
MANIFEST_PREFIX = f"{RAW_PREFIX}/_manifests"
BATCH_SIZE = 100
# A batch object's key, and nothing else under the prefix (not the manifests).
BATCH_KEY = re.compile(rf"{re.escape(RAW_PREFIX)}/\d{{4}}/\d{{2}}/\d{{2}}/[A-Za-z0-9_.-]+\.json")


def timestamp(moment: datetime) -> str:
    """`2026-11-30T12:00:00.123456Z`: UTC, microseconds, sortable as text."""
    return f"{moment:%Y-%m-%dT%H:%M:%S.%f}Z"


def encode_record(record: Record) -> bytes:
    """One record's JSON: the fields, then `"body":` and the body's own bytes."""
    fields = json.dumps(
        {
            "imdb_id": record.imdb_id,
            "media_type": record.media_type,
            "tmdb_id": record.tmdb_id,
            "endpoint": record.endpoint,
            "status": record.status,
            "outcome": record.outcome,
            "fetched_at": timestamp(record.fetched_at),
        },
        ensure_ascii=True,
    ).encode()
    return fields[:-1] + b', "body": ' + record.body + b"}"


def encode_batch(records: Sequence[Record]) -> bytes:
    # one record per line: readable, and still one JSON array
    return b"[\n" + b",\n".join(encode_record(r) for r in records) + b"\n]\n"


def batch_key(run_id: str, number: int, day: datetime) -> str:
    return f"{RAW_PREFIX}/{day:%Y/%m/%d}/{run_id}-{number:05d}.json"


def manifest_key(run_id: str, started: datetime) -> str:
    return f"{MANIFEST_PREFIX}/{started:%Y/%m/%d}/{run_id}.json"


@dataclass(frozen=True)
class LandedBatch:
    key: str
    records: int
    bytes: int
    sha256: str


class BatchWriter:
    """Writes one run's batches, numbered from 1 in the order they are landed."""

    def __init__(self, client: Any, bucket: str, run_id: str) -> None:
        self.client, self.bucket, self.run_id = client, bucket, run_id
        self.landed: list[LandedBatch] = []

    def land(self, records: Sequence[Record]) -> LandedBatch:
        """Land `records` as the next batch (called from one thread at a time)."""
        # The date of the batch's newest answer: the fetch date of (nearly) all of it.
        key = batch_key(self.run_id, len(self.landed) + 1, max(r.fetched_at for r in records))
        body = encode_batch(records)
        digest = hashlib.sha256(body)
        sha256 = digest.hexdigest()
        url = f"s3://{self.bucket}/{key}"
        extra = {
            "Metadata": {"sha256": sha256, "records": str(len(records)), "run-id": self.run_id},
            "ContentType": "application/json",
        }
        try:
            etag = put_bytes(
                self.client, self.bucket, key, body, sha256, extra, {"IfNoneMatch": "*"}
            )
            checksum = base64.b64encode(digest.digest()).decode()
            verify_object(self.client, self.bucket, key, etag, len(body), sha256, checksum)
        except LandingError:
            raise
        except ClientError as exc:
            if error_code(exc) in PRECONDITION_FAILED:
                raise LandingError(f"{url} already exists; it was left as it is") from exc
            raise LandingError(f"landing {url} failed: {error_code(exc) or exc}") from exc
        except Exception as exc:  # the endpoint is down, say: one line, the run stops
            raise LandingError(f"landing {url} failed: {exc}") from exc
        batch = LandedBatch(key, len(records), len(body), sha256)
        self.landed.append(batch)
        return batch


def put_manifest(client: Any, bucket: str, key: str, manifest: dict[str, Any]) -> None:
    put_json(client, bucket, key, manifest)
