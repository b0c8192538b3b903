"""What both benchmarks share: the real-scale sample they run on, the partition date
they land it under, and how a measured child process reports back."""

from __future__ import annotations

import json
import logging
import resource
import sys
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

BENCH_DAY = date(2000, 1, 1)


def sample_folder(work: Path, titles: int) -> Path:
    """The folder of a real-scale sample (movies.csv and series.csv), generated once."""
    from cinelake.sample import write_sample

    folder = work / f"titles-{titles}"
    if not (folder / "movies.csv").exists() or not (folder / "series.csv").exists():
        log.info("generating a sample with %d titles in %s", titles, folder)
        write_sample(folder, titles)
    return folder


def report_child(seconds: float) -> None:
    """Print a measured child's wall time and its own peak RSS as one JSON line."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps({"seconds": seconds, "peak_mb": peak_mb}) + "\n")
