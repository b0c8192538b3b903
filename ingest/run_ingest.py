"""`cinelake ingest`: validate every file first, then land them and record the run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from ingest.landing import Landed, LandingError, land
from ingest.manifest import build_manifest, put_manifest
from ingest.s3 import make_client
from ingest.schema import FileKind
from ingest.validate import FileReport, validate

log = logging.getLogger(__name__)

# A progress reporter: given a label and a total in bytes, a context that yields a callback.
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None] | None]]


def no_progress(label: str, total: int) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass(frozen=True)
class IngestResult:
    results: list[Landed]
    manifest_key: str


def ingest(
    settings: Settings,
    files: dict[FileKind, Path],
    day: date | None = None,
    replace: bool = False,
    progress: Progress = no_progress,
    client: Any = None,
) -> IngestResult:
    """Land `files` in the Raw zone for `day` (default: today, UTC)."""
    started = datetime.now(UTC)
    day = day or started.date()
    reports: list[FileReport] = []
    for kind, path in files.items():
        log.info("validating %s as %s", path, kind.file_name)
        with progress(f"check {path.name}", path.stat().st_size if path.exists() else 0) as tick:
            report = validate(path, kind, progress=tick)
        log.info(
            "valid: %s, %d rows, %d bytes, %s line endings, sha256 %s",
            path,
            report.rows,
            report.size,
            report.line_ending,
            report.sha256[:12],
        )
        reports.append(report)

    client = client or make_client(settings)
    results = []
    for report in reports:
        # One file failing (another run holds its key, say) does not stop the others;
        # the manifest records every outcome, and the run fails after writing it.
        with progress(f"upload {report.path.name}", report.size) as tick:
            try:
                results.append(land(client, settings.bucket, report, day, replace, tick))
            except LandingError as exc:
                results.append(Landed(report.kind.raw_key(day), "failed", report, str(exc)))
    manifest = build_manifest(settings.bucket, day, started, datetime.now(UTC), results)
    key = put_manifest(client, settings.bucket, started, manifest)
    log.info("run manifest: s3://%s/%s", settings.bucket, key)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise LandingError("; ".join(str(r.error) for r in failed))
    return IngestResult(results, key)
