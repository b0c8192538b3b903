"""Several dated loads of the sample: `DIR/YYYY-MM-DD/movies.csv` and `series.csv`.

One file shows a newcomer nothing about history; the real exports are re-landed every
day, and between two days a few titles are re-rated and gain votes, some titles are new
and some are gone. So `write_days` generates one ordinary sample (`write_sample`, the
same shape and quirks) as the pool of titles and derives every day from it:

- churn: on each later day about 1% of the pool's ids per file appear (they were held
  back until that day) and as many disappear for good (absent from that day on);
- drift: on each later day about 20% of the titles present the day before gain votes
  (`numeroVotos` never decreases, and never exceeds the real maximum) and half of those
  move their rating (`notaMedia`) by one tenth, within 1.0 to 10.0;
- every other field of a title, and its credit rows, stay byte-identical across days;
  each file keeps the header, dialect, line endings and sort order of the pool file,
  since lines are only dropped or have those two fields rewritten.

`DIR/loads.json` lists the dates in the order to land them: oldest first, except one
day that is "landed late", the one before the newest, which is listed last. So landing
in that order (`cinelake ingest --from-days DIR`) lands an older partition after a newer
one, as a late delivery does.

Output is a pure function of `(titles, seed, crlf, days, end)`: the pool is, and the
day-to-day changes come from their own `random.Random` per file, seeded from `seed`
and the file kind only, consumed in id order.
"""

from __future__ import annotations

import json
import logging
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from cinelake_tools.sample.shape import MAX_VOTES
from cinelake_tools.sample.tmdb import write_tmdb_responses
from cinelake_tools.sample.writer import write_sample
from ingest.inbox import LOADS_FILE, day_files
from ingest.schema import DELIMITER, MOVIES, SERIES, FileKind

log = logging.getLogger(__name__)

DEFAULT_END = date(2024, 6, 30)  # fixed, so that re-runs write the same dates
MAX_DAYS = 366
CHURN = 0.01  # share of a file's ids that appear, and as many that vanish, per later day
DRIFT = 0.2  # share of the titles present the day before whose votes grow on a day
RATING_MOVES = 0.5  # of the titles whose votes grow, the share whose rating moves


@dataclass(frozen=True)
class DaysSample:
    """What `write_days` wrote: the dates (oldest first), the load order and its file."""

    out_dir: Path
    dates: tuple[date, ...]
    load_order: tuple[date, ...]
    late: date | None
    loads_file: Path

    def files(self, day: date) -> dict[FileKind, Path]:
        return day_files(self.out_dir, day)


def load_order(dates: tuple[date, ...]) -> tuple[tuple[date, ...], date | None]:
    """Oldest first, but the day before the newest comes last: it is the late one."""
    if len(dates) < 2:
        return dates, None
    late = dates[-2]
    return (*dates[:-2], dates[-1], late), late


@dataclass
class _Plan:
    """One file's pool and what happens to each of its titles, day by day."""

    kind: FileKind
    ids: list[str]  # sorted as strings, as in the file
    arrive: dict[str, int]  # first day index an id is present (absent: 0)
    leave: dict[str, int]  # first day index an id is gone again (absent: never)
    state: dict[str, tuple[int, int]]  # id -> (rating in tenths, votes) today
    base: dict[str, tuple[int, int]]  # id -> the pool file's values


def _read_pool(path: Path, kind: FileKind) -> dict[str, tuple[int, int]]:
    """id -> (rating tenths, votes), in file order. Splitting on `|` is safe: no field
    holds one, quoted or not."""
    rating, votes = kind.columns.index("notaMedia"), kind.columns.index("numeroVotos")
    values: dict[str, tuple[int, int]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        next(f)
        for line in f:
            fields = line.split(DELIMITER, votes + 1)
            if fields[0] not in values:
                values[fields[0]] = (round(float(fields[rating]) * 10), int(fields[votes]))
    return values


def _plan(kind: FileKind, pool: Path, days: int, rng: random.Random) -> _Plan:
    base = _read_pool(pool, kind)
    ids = list(base)
    n, later = len(ids), days - 1
    k = round(n * CHURN)
    if later and k == 0 and n >= 4 * later:
        k = 1  # small samples still show a title coming and one going each day
    k = min(k, n // (4 * later)) if later else 0
    chosen = [ids[i] for i in rng.sample(range(n), 2 * k * later)]
    arrive = {i: 1 + j // k for j, i in enumerate(chosen[: k * later])}
    leave = {i: 1 + j // k for j, i in enumerate(chosen[k * later :])}
    return _Plan(kind, ids, arrive, leave, dict(base), base)


def _present(plan: _Plan, title: str, day: int) -> bool:
    return plan.arrive.get(title, 0) <= day < plan.leave.get(title, MAX_DAYS + 1)


def _drift(plan: _Plan, day: int, rng: random.Random) -> None:
    """Move votes and ratings of titles present on `day - 1` and on `day`."""
    rand = rng.random
    for title in plan.ids:
        if not (_present(plan, title, day - 1) and _present(plan, title, day)):
            continue
        if rand() >= DRIFT:
            continue
        tenths, votes = plan.state[title]
        votes = min(MAX_VOTES, votes + 1 + int(votes * 0.03 * rand()))
        if rand() < RATING_MOVES:
            tenths = min(100, max(10, tenths + (1 if rand() < 0.5 else -1)))
        plan.state[title] = (tenths, votes)


def _day_lines(plan: _Plan, pool: Path, day: int) -> Iterator[str]:
    """The pool file's lines for `day`: absent titles dropped, drifted values rewritten."""
    rating = plan.kind.columns.index("notaMedia")
    votes = plan.kind.columns.index("numeroVotos")
    with pool.open(encoding="utf-8", newline="") as f:
        yield next(f)
        for line in f:
            title = line[: line.index(DELIMITER)]
            if not _present(plan, title, day):
                continue
            now = plan.state[title]
            if now == plan.base[title]:
                yield line
                continue
            fields = line.split(DELIMITER)
            fields[rating] = f"{now[0] / 10:.1f}"
            fields[votes] = str(now[1])
            yield DELIMITER.join(fields)


def write_days(
    out_dir: Path,
    titles: int,
    days: int,
    end: date = DEFAULT_END,
    seed: int = 42,
    crlf: bool = False,
    tmdb_dir: Path | None = None,
) -> DaysSample:
    """Write `days` dated loads ending on `end` into `out_dir`, and `out_dir/loads.json`.

    The pool is `write_sample(titles, seed, crlf)`; each day holds ~1% fewer titles per
    later day than the pool has, since held-back titles only arrive on later days. With
    `tmdb_dir`, the TMDB bodies of every pool title are written there as well
    (`write_tmdb_responses`), so whichever day a title is looked up on, TMDB knows it.
    """
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, got {type(days).__name__}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}, got {days}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dates = tuple(end - timedelta(days=days - 1 - i) for i in range(days))
    with tempfile.TemporaryDirectory(prefix=".pool-", dir=out_dir) as tmp:
        pool = write_sample(Path(tmp), titles, seed=seed, crlf=crlf)
        if tmdb_dir is not None:
            write_tmdb_responses(tmdb_dir, pool.movies, pool.series, seed=seed)
        for kind, pool_file in ((MOVIES, pool.movies), (SERIES, pool.series)):
            rng = random.Random(f"cinelake-days:{seed}:{kind.name}")  # noqa: S311 - test data
            plan = _plan(kind, pool_file, days, rng)
            for index, day in enumerate(dates):
                if index:
                    _drift(plan, index, rng)
                path = day_files(out_dir, day)[kind]
                path.parent.mkdir(exist_ok=True)
                with path.open("w", encoding="utf-8", newline="") as f:
                    f.writelines(_day_lines(plan, pool_file, index))
                log.info("sample day %s: %s", day, path)
    order, late = load_order(dates)
    loads_file = out_dir / LOADS_FILE
    order_text = [d.isoformat() for d in order]
    manifest = {
        "load_order": order_text,
        "late": late.isoformat() if late else None,
        "note": "land the days in load_order: `late` is an older day that arrives last",
    }
    loads_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log.info("load order in %s: %s", loads_file, ", ".join(order_text))
    return DaysSample(out_dir, dates, order, late, loads_file)
