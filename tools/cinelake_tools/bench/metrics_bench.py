"""`cinelake bench metrics`: a metric query (MetricFlow's SQL) against the same numbers by
hand-written SQL, cold and warm, in one run, on the published tables of the lake the
settings name (build them first: `make run`).

The query is the yearly ratings of `title_ratings_by_year`: titles, mean, vote-weighted
mean and median rating per release year and title type. Cold is the first query on a
fresh reader connection (`open_published`: the catalog attached, nothing cached); warm is
the median of repeats on one connection. The metric side is timed as MetricFlow's compile
(`engine.sql`), as the run of its SQL, and as both; the mart, which has the numbers
precomputed, and the whole CLI calls (`cinelake sql` and `cinelake metrics query`, each a
fresh process with its start-up) are measured beside them.
"""

from __future__ import annotations

import logging
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cinelake.config import Settings

log = logging.getLogger(__name__)

METRICS = ("titles", "mean_rating", "vote_weighted_mean_rating", "median_rating")
GROUP_BY = ("metric_time__year", "title__title_type")
HAND_SQL = """
select
    title_type,
    release_year,
    count(*) as titles,
    avg(average_rating) as mean_rating,
    cast(sum(average_rating * num_votes) as double) / nullif(sum(num_votes), 0)
        as vote_weighted_mean_rating,
    median(cast(average_rating as double)) as median_rating
from refined.dim_titles
group by title_type, release_year
"""
MART_SQL = (
    "select title_type, release_year, title_count, mean_rating, vote_weighted_mean_rating,"
    " median_rating from refined.title_ratings_by_year"
)


def _seconds(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_metrics(settings: Settings, rounds: int = 3, repeats: int = 5) -> int:
    from cinelake.warehouse.metrics import SemanticLayer
    from cinelake.warehouse.published import open_published

    start = time.perf_counter()
    layer = SemanticLayer.load()
    engine = layer.engine()
    load = time.perf_counter() - start
    compiled = engine.sql(METRICS, GROUP_BY)

    def fetch(con: Any, sql: str) -> Callable[[], Any]:
        return lambda: con.sql(sql).fetchall()

    def metric(con: Any) -> Callable[[], Any]:
        return lambda: con.sql(engine.sql(METRICS, GROUP_BY)).fetchall()

    cases: dict[str, Callable[[Any], Callable[[], Any]]] = {
        "hand-written SQL on dim_titles": lambda con: fetch(con, HAND_SQL),
        "metric query: compile + run": metric,
        "metric query: run of the compiled SQL": lambda con: fetch(con, compiled),
        "the mart (precomputed)": lambda con: fetch(con, MART_SQL),
    }
    cold: dict[str, list[float]] = {name: [] for name in cases}
    warm: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):  # each case cold on a connection of its own, in turn
        for name, case in cases.items():
            con = open_published(settings)
            engine.prepare(con)
            try:
                cold[name].append(_seconds(case(con)))
            finally:
                con.close()
    # (the SQL below is the project's and MetricFlow's, no input)
    metric_rows = (
        f"select title__title_type, cast(year(metric_time__year) as integer), "  # noqa: S608
        f"{', '.join(METRICS)} from ({compiled})"
    )
    con = open_published(settings)
    engine.prepare(con)
    try:
        same = sorted(con.sql(HAND_SQL).fetchall(), key=str) == sorted(
            con.sql(metric_rows).fetchall(), key=str
        )
        for case in cases.values():
            case(con)()  # (warmed)
        for _ in range(repeats):  # interleaved, so that drift hits every case alike
            for name, case in cases.items():
                warm[name].append(_seconds(case(con)))
    finally:
        con.close()
    compile_s = statistics.median(_seconds(lambda: engine.sql(METRICS, GROUP_BY)) for _ in range(5))

    cli = _cli_calls()
    hand_cold = statistics.median(cold["hand-written SQL on dim_titles"])
    hand_warm = statistics.median(warm["hand-written SQL on dim_titles"])
    print(f"\nmetric query vs hand-written SQL ({rounds} cold rounds, {repeats} warm repeats)")
    print(f"{'query':42} {'cold s':>8} {'warm s':>8} {'cold x':>7} {'warm x':>7}")
    for name in cases:
        c, w = statistics.median(cold[name]), statistics.median(warm[name])
        print(f"{name:42} {c:8.3f} {w:8.3f} {c / hand_cold:7.2f} {w / hand_warm:7.2f}")
    print(f"{'MetricFlow compile alone':42} {'':8} {compile_s:8.3f}")
    print(f"{'semantic layer load (parse cached)':42} {load:8.3f}")
    for name, seconds in cli.items():
        print(f"{name:42} {seconds:8.3f}")
    print(f"same numbers (hand-written SQL and the metrics): {same}")
    return 0 if same else 1


def _cli_calls() -> dict[str, float]:
    """The whole CLI call, a process each (start-up included), the median of two."""
    cinelake = str(Path(sys.executable).parent / "cinelake")
    calls = {
        "CLI: cinelake sql (hand-written SQL)": [cinelake, "sql", "--csv", HAND_SQL],
        "CLI: cinelake metrics query": [
            cinelake,
            "metrics",
            "query",
            "--csv",
            "--metrics",
            ",".join(METRICS),
            "--group-by",
            ",".join(GROUP_BY),
        ],
    }
    times: dict[str, float] = {}
    for name, argv in calls.items():
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, timeout=600)
            runs.append(time.perf_counter() - start)
        times[name] = statistics.median(runs)
        log.info("%s: %.2f s", name, times[name])
    return times
