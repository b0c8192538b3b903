"""`cinelake bench daily`: the daily runs of `cinelake build` on real-scale loads, each
next to its reference measured in the same run.

- no new data, against dbt's fixed start-up (a run that selects nothing);
- one new day with 1, 5 and 20 days of history already built, against building that
  day alone into an empty lake;
- the full build at 1x and at `scale` x the titles, with peak memory, the 10x against 1x.

The loads are a pool of `POOL_DAYS` generated days (`cinelake sample --days`), landed
in turn under consecutive dates: computing a date costs the same whether its file was
seen before or not. Every stage has its own bucket (emptied first) and warehouse, so
nothing one stage built helps another.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from cinelake.config import Settings
from cinelake_tools.bench.common import (
    data_rows,
    fresh_workspace,
    sample_folder,
    timed,
)
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES, FileKind

log = logging.getLogger(__name__)

POOL_DAYS = 7
FIRST_DAY = date(2001, 1, 1)
# The targets, printed next to each figure.
NOOP_BUDGET_S = 2.0
NEW_DAY_RATIO = 1.5
SCALE_TIME_RATIO = 10.0
PEAK_BUDGET_MB = 3 * 1024


@dataclass(frozen=True)
class Stage:
    """One bucket and one warehouse of the benchmark."""

    settings: Settings
    env: dict[str, str]
    landed: int = 0


def _pool(work: Path, titles: int) -> list[dict[FileKind, Path]]:
    """The generated days' files in date order, generated once."""
    from cinelake_tools.sample.days import write_days
    from ingest.inbox import read_loads

    folder = work / f"days-{titles}x{POOL_DAYS}"
    if not (folder / "loads.json").exists():
        log.info("generating %d days of %d titles in %s", POOL_DAYS, titles, folder)
        shutil.rmtree(folder, ignore_errors=True)
        write_days(folder, titles, POOL_DAYS)
    return [files for _, files in sorted(read_loads(folder))]


def _stage(settings: Settings, work: Path, name: str) -> Stage:
    """A fresh bucket, warehouse and catalog table bucket for one stage."""
    stage_settings, env = fresh_workspace(
        os.environ, f"{settings.bucket}-daily-{name}", work / f"daily-{name}"
    )
    return Stage(stage_settings, env)


def _land(stage: Stage, pool: list[dict[FileKind, Path]], days: int) -> Stage:
    """Land the next `days` days of the pool under the next dates."""
    for number in range(stage.landed, stage.landed + days):
        files = pool[number % len(pool)]
        ingest(stage.settings, files, FIRST_DAY + timedelta(days=number))
    return replace(stage, landed=stage.landed + days)


def _build(stage: Stage) -> dict[str, float]:
    return timed([str(Path(sys.executable).parent / "cinelake"), "build"], stage.env)


def _row(label: str, run: dict[str, float], reference: str, ratio: float, target: str) -> str:
    row = (
        f"| {label} | {run['seconds']:.1f} | {run['peak_mb']:.0f} | {reference} | "
        f"{ratio:.2f} | {target} |"
    )
    log.info("measured: %s", row)  # as it comes: a later stage that fails keeps these
    return row


def bench_daily(settings: Settings, titles: int, work: Path, scale: int, history: list[int]) -> int:
    pool = _pool(work, titles)
    dbt = str(Path(sys.executable).parent / "dbt")
    day = pool[0]
    rows = [
        f"one day: movies.csv {data_rows(day[MOVIES])} rows,"
        f" series.csv {data_rows(day[SERIES])} rows"
        f" ({(day[MOVIES].stat().st_size + day[SERIES].stat().st_size) / 1e6:.0f} MB);"
        f" {len(pool)} generated days landed in turn under consecutive dates",
        "| run | wall s | peak MB | reference (same run) | ratio | target |",
        "|---|---|---|---|---|---|",
    ]

    # the reference day: that day alone, from scratch; then the same lake with nothing new
    alone = _land(_stage(settings, work, "alone"), pool, 1)
    full = _build(alone)
    startup = timed([dbt, "run", "--select", "tag:no-such-tag"], alone.env)
    noop = _build(alone)
    rows.append(
        _row(
            "no new data",
            noop,
            f"dbt start-up {startup['seconds']:.1f} s",
            noop["seconds"] / startup["seconds"],
            f"<= start-up + {NOOP_BUDGET_S:.0f} s: "
            f"{'met' if noop['seconds'] <= startup['seconds'] + NOOP_BUDGET_S else 'MISSED'}"
            f" (+{noop['seconds'] - startup['seconds']:.1f} s)",
        )
    )

    grown = _stage(settings, work, "history")
    for days in sorted(history):
        grown = _land(grown, pool, days - grown.landed)
        _build(grown)  # history in place, untimed
        grown = _land(grown, pool, 1)
        run = _build(grown)
        ratio = run["seconds"] / full["seconds"]
        rows.append(
            _row(
                f"one new day, {days} day(s) of history",
                run,
                f"that day alone {full['seconds']:.1f} s",
                ratio,
                f"<= {NEW_DAY_RATIO}: {'met' if ratio <= NEW_DAY_RATIO else 'MISSED'}",
            )
        )

    rows.append(
        _row(
            f"full build 1x ({titles} movie titles)",
            full,
            "-",
            1.0,
            f"peak < {PEAK_BUDGET_MB} MB: "
            f"{'met' if full['peak_mb'] < PEAK_BUDGET_MB else 'MISSED'}",
        )
    )
    if scale > 1:
        big = _stage(settings, work, f"{scale}x")
        folder = sample_folder(work, titles * scale)
        ingest(
            big.settings, {MOVIES: folder / "movies.csv", SERIES: folder / "series.csv"}, FIRST_DAY
        )
        run = _build(big)
        ratio = run["seconds"] / full["seconds"]
        within = ratio <= SCALE_TIME_RATIO and run["peak_mb"] < PEAK_BUDGET_MB
        rows.append(
            _row(
                f"full build {scale}x ({titles * scale} movie titles)",
                run,
                f"full build 1x {full['seconds']:.1f} s",
                ratio,
                f"<= {SCALE_TIME_RATIO:.0f} and peak < {PEAK_BUDGET_MB} MB: "
                f"{'met' if within else 'MISSED'}",
            )
        )
    sys.stdout.write("\n".join(rows) + "\n")
    return 0
