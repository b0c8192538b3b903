"""The JSON record of one ingest run, stored beside the data it describes."""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime
from typing import Any

from ingest.landing import Landed
from ingest.schema import MANIFEST_PREFIX


def run_id(started: datetime, kind: str = "ingest") -> str:
    """`ingest-<UTC timestamp>-<8 hex>`; the random suffix keeps runs started in the same
    microsecond apart."""
    return f"{kind}-{started:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}"


def manifest_key(started: datetime) -> str:
    return f"{MANIFEST_PREFIX}/{started:%Y/%m/%d}/{run_id(started)}.json"


def build_manifest(
    bucket: str, day: date, started: datetime, finished: datetime, results: list[Landed]
) -> dict[str, Any]:
    return {
        "bucket": bucket,
        "partition_date": day.isoformat(),
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "files": [
            {
                "kind": r.report.kind.name,
                "key": r.key,
                "status": r.status,
                "source_file": r.report.path.name,
                "bytes": r.report.size,
                "rows": r.report.rows,
                "sha256": r.report.sha256,
                "line_ending": r.report.line_ending,
                **({"error": r.error} if r.error else {}),
            }
            for r in results
        ],
    }


def put_manifest(client: Any, bucket: str, started: datetime, manifest: dict[str, Any]) -> str:
    key = manifest_key(started)
    put_json(client, bucket, key, manifest)
    return key


def put_json(client: Any, bucket: str, key: str, manifest: dict[str, Any]) -> None:
    """Write a run's record at `key`, checksummed, never over an existing object."""
    body = json.dumps(manifest, indent=2).encode()
    client.put_object(
        Bucket=bucket,
        Key=key,
        Body=body,
        ContentType="application/json",
        ChecksumAlgorithm="SHA256",
        IfNoneMatch="*",  # a run's record is never overwritten
    )
