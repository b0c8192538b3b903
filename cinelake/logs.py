"""Logging to stderr, with secrets masked in every record."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

MASK = "****"


class RedactSecrets(logging.Filter):
    """Replace any secret value in a formatted record by a mask."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, MASK)
            record.msg, record.args = message, None
        return True


def configure(verbose: bool, secrets: Sequence[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # httpx logs every request URL at INFO, and a TMDB v3 key travels in the URL.
    for noisy in ("botocore", "boto3", "s3transfer", "urllib3", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@contextmanager
def progress_bar(label: str, total: int, unit: str = "B") -> Iterator[Callable[[int], None] | None]:
    """A progress bar (of bytes, or of `unit`) on a terminal; nothing when stderr is a pipe
    or a file."""
    if not sys.stderr.isatty() or total <= 0:
        yield None
        return
    from tqdm import tqdm

    scaled = unit == "B"  # bytes count in KiB/MiB; ids are counted one by one
    with tqdm(
        total=total, desc=label, unit=unit, unit_scale=scaled, unit_divisor=1024 if scaled else 1000
    ) as bar:
        yield bar.update
