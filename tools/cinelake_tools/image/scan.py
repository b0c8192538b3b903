"""Look through a saved image for what must not be in it: `.env` files and secret values.

`podman save` writes a docker-archive: a tar of uncompressed layer tars and the image's
config (environment, history). Every layer counts, so a file written by one step and
deleted by a later one is still found.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 8 * 1024 * 1024
SECRET_FILE_NAMES = (".env",)


@dataclass
class ScanResult:
    secret_files: list[str] = field(default_factory=list)  # "<layer>: <path>"
    secrets_found: int = 0  # how many of the given values occur (never which, never where)

    @property
    def clean(self) -> bool:
        return not self.secret_files and self.secrets_found == 0


def _values_in(path: Path, values: list[bytes]) -> set[bytes]:
    """Which of `values` occur in the file's bytes (read in chunks, with an overlap)."""
    found: set[bytes] = set()
    overlap = max((len(v) for v in values), default=1) - 1
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            window = tail + chunk
            found.update(v for v in values if v in window)
            tail = window[-overlap:] if overlap else b""
    return found


def _secret_files(archive: Path) -> list[str]:
    found = []
    with tarfile.open(archive) as outer:
        for member in outer:
            if not member.name.endswith(".tar"):
                continue
            layer = outer.extractfile(member)
            if layer is None:
                continue
            with tarfile.open(fileobj=layer, mode="r|") as inner:
                found += [
                    f"{member.name}: /{entry.name.removeprefix('./').lstrip('/')}"
                    for entry in inner
                    if Path(entry.name).name in SECRET_FILE_NAMES
                ]
    return found


def scan_archive(archive: Path, secrets: Iterable[str]) -> ScanResult:
    values = [s.encode() for s in secrets if s]
    return ScanResult(
        secret_files=_secret_files(archive),
        secrets_found=len(_values_in(archive, values)) if values else 0,
    )
