"""The steps of a whole run, as `cinelake` command lines: one definition of what `make
run`, `docker compose up` and the image's in-build check do.

Land the user's files, or a generated sample of daily loads; build; fetch the TMDB
details of the focus titles (from the sample's own bodies when there is no key and no
file of the user's: a newcomer's run needs no account) and build what they changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The steps a run can be limited to (`--step`), in the order they run.
STEPS = ("ingest", "build", "enrich")
# `cinelake sample --tmdb-bodies --out DIR` writes the sample's TMDB bodies into DIR/tmdb/.
TMDB_FOLDER = "tmdb"
# Requests/s against the sample's local fake TMDB (the real API's default stays 20).
SAMPLE_SERVER_RATE = 200


@dataclass(frozen=True)
class PipelineInput:
    """What a run works on: the user's files, else a sample of `days` loads in `sample_dir`."""

    movies: Path | None
    series: Path | None
    sample_dir: Path
    sample_titles: int
    sample_days: int
    replace: bool = False
    has_tmdb_key: bool = False

    @property
    def own_files(self) -> bool:
        return self.movies is not None or self.series is not None


def _ingest(run: PipelineInput) -> list[list[str]]:
    replace = ["--replace"] if run.replace else []
    if run.own_files:
        files = [
            *(["--movies", str(run.movies)] if run.movies else []),
            *(["--series", str(run.series)] if run.series else []),
        ]
        return [["ingest", *files, *replace]]
    return [
        [
            "sample",
            "--titles",
            str(run.sample_titles),
            "--days",
            str(run.sample_days),
            "--out",
            str(run.sample_dir),
            "--tmdb-bodies",
        ],
        ["ingest", "--from-days", str(run.sample_dir), *replace],
    ]


def _enrich(run: PipelineInput, sample_written: bool) -> list[list[str]]:
    responses = run.sample_dir / TMDB_FOLDER
    if run.has_tmdb_key:
        return [["enrich"], ["build"]]
    if not run.own_files and (sample_written or responses.is_dir()):
        # no key: the sample's own bodies, served on loopback for this one command
        log.info("enrich: no TMDB key set: the TMDB responses come from the sample")
        enrich = ["enrich", "--rate", str(SAMPLE_SERVER_RATE)]
        return [["tmdb-serve", "--responses", str(responses), "--", *enrich], ["build"]]
    log.info("enrich: skipped: no TMDB key (set TMDB_READ_TOKEN or TMDB_API_KEY)")
    return []


def plan(run: PipelineInput, steps: tuple[str, ...] = STEPS) -> list[list[str]]:
    """The command lines of `steps` (any of STEPS), in the order they run."""
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise ValueError(f"unknown steps {unknown}: choose from {list(STEPS)}")
    commands: list[list[str]] = []
    if "ingest" in steps:
        commands += _ingest(run)
    if "build" in steps:
        commands.append(["build"])
    if "enrich" in steps:
        commands += _enrich(run, sample_written="ingest" in steps and not run.own_files)
    return commands
