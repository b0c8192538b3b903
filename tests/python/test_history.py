"""Rating history from every Raw partition: snapshots, SCD2 history and movers.

Movies land on three days and series on two, written here line by line: the middle
movies day lands late (after the newest), and the newest movies day is landed again
with `replace=True` and other ratings. Every expected row below is read off these
fixtures.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import dbt_env, read_warehouse, run_dbt, write_csv

from cinelake.config import load_settings
from ingest.landing import ensure_bucket
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

D1, D2, D3 = date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)


def movie(title_id: str, title: str, genres: str, rating: str, votes: int, person: str) -> str:
    return (
        f"{title_id}|{title}|{title}|2000|90|{genres}|{rating}|{votes}|actor|\\N|{person}"
        "|\\N|\\N|actor|\\N"
    )


def show(title_id: str, title: str, genres: str, rating: str, votes: int) -> str:
    return (
        f"{title_id}|{title}|{title}|2010|\\N|30|{genres}|{rating}|{votes}|actress|\\N|Ana"
        "|\\N|\\N|actress|\\N"
    )


MOVIES_D1 = [
    movie("tt0000001", "Alpha", "Comedy,Drama", "7.0", 100, "A"),
    movie("tt0000002", "Beta", "Animation", "6.0", 50, "B"),
    movie("tt0000003", "Gamma", "Drama", "8.0", 1000, "C"),
    movie("tt0000003", "Gamma", "Drama", "8.0", 1000, "D"),  # a second credit row
]
MOVIES_D2 = [  # landed after D3: sorts into place; tt0000002 is missing
    movie("tt0000001", "Alpha", "Comedy,Drama", "7.0", 100, "A"),
    movie("tt0000003", "Gamma", "Drama", "8.2", 1100, "C"),
    movie("tt0000004", "Delta", "Comedy,Animation", "5.0", 10, "E"),
]
MOVIES_D3_FIRST = [  # replaced below: none of these values may show
    movie("tt0000001", "Alpha", "Comedy,Drama", "9.9", 999, "A"),
    movie("tt0000009", "Gone", "Drama", "3.0", 3, "Z"),
]
MOVIES_D3 = [  # tt0000003 is missing, tt0000002 is back, tt0000005 is new
    movie("tt0000001", "Alpha", "Comedy,Drama", "7.5", 150, "A"),
    movie("tt0000002", "Beta", "Animation", "6.0", 50, "B"),
    movie("tt0000004", "Delta", "Comedy,Animation", "4.0", 40, "E"),
    movie("tt0000005", "Eps", "Horror", "6.6", 66, "F"),
]
SERIES_D1 = [
    show("tt1000001", "Toon", "Animation,Comedy", "8.0", 200),
    show("tt1000002", "Talk", "Talk-Show", "5.5", 20),
]
SERIES_D3 = [  # no series.csv on D2: series titles are not missing from that load
    show("tt1000001", "Toon", "Animation,Comedy", "8.3", 260),
    show("tt1000002", "Talk", "Talk-Show", "5.5", 20),
]


@pytest.fixture(scope="module")
def history(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    work = tmp_path_factory.mktemp("history")
    env = dbt_env(lake_env, work, "cinelake-history-test")
    settings = load_settings(env)
    s3 = make_client(settings)
    ensure_bucket(s3, settings.bucket)

    def files(day: str, movies: list[str], series: list[str] | None = None) -> dict:
        folder = work / day
        folder.mkdir()
        landed = {MOVIES: write_csv(folder / "movies.csv", MOVIES_COLUMNS, movies)}
        if series is not None:
            landed[SERIES] = write_csv(folder / "series.csv", SERIES_COLUMNS, series)
        return landed

    ingest(settings, files("d1", MOVIES_D1, SERIES_D1), D1)
    ingest(settings, files("d3-first", MOVIES_D3_FIRST, SERIES_D3), D3)
    ingest(settings, files("d2", MOVIES_D2), D2)  # late
    ingest(settings, files("d3", MOVIES_D3), D3, replace=True)

    started = time.monotonic()
    built = run_dbt(env, "build")
    seconds = time.monotonic() - started
    assert built.returncode == 0, built.stdout[-4000:]
    con = read_warehouse(settings, work / "warehouse.duckdb")
    yield {"con": con, "s3": s3, "bucket": settings.bucket, "seconds": seconds}
    con.close()


def rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    return con.sql(sql).fetchall()


def test_title_snapshots_one_row_per_title_and_load(history: dict[str, Any]) -> None:
    got = rows(
        history["con"],
        "select load_date, title_id, title_type, primary_title, genres, average_rating,"
        " num_votes from trusted.title_snapshots order by load_date, title_id",
    )
    d = Decimal
    assert got == [
        (D1, "tt0000001", "movie", "Alpha", ["Comedy", "Drama"], d("7.0"), 100),
        (D1, "tt0000002", "movie", "Beta", ["Animation"], d("6.0"), 50),
        (D1, "tt0000003", "movie", "Gamma", ["Drama"], d("8.0"), 1000),
        (D1, "tt1000001", "series", "Toon", ["Animation", "Comedy"], d("8.0"), 200),
        (D1, "tt1000002", "series", "Talk", ["Talk-Show"], d("5.5"), 20),
        (D2, "tt0000001", "movie", "Alpha", ["Comedy", "Drama"], d("7.0"), 100),
        (D2, "tt0000003", "movie", "Gamma", ["Drama"], d("8.2"), 1100),
        (D2, "tt0000004", "movie", "Delta", ["Comedy", "Animation"], d("5.0"), 10),
        (D3, "tt0000001", "movie", "Alpha", ["Comedy", "Drama"], d("7.5"), 150),
        (D3, "tt0000002", "movie", "Beta", ["Animation"], d("6.0"), 50),
        (D3, "tt0000004", "movie", "Delta", ["Comedy", "Animation"], d("4.0"), 40),
        (D3, "tt0000005", "movie", "Eps", ["Horror"], d("6.6"), 66),
        (D3, "tt1000001", "series", "Toon", ["Animation", "Comedy"], d("8.3"), 260),
        (D3, "tt1000002", "series", "Talk", ["Talk-Show"], d("5.5"), 20),
    ]


def test_title_snapshots_are_partitioned_by_load_date(history: dict[str, Any]) -> None:
    files = rows(
        history["con"],
        "select file_path from iceberg_metadata(lake.trusted.title_snapshots)"
        " where manifest_content = 'DATA' and status != 'DELETED'",
    )
    folders = {re.search(r"load_date(?:_\d+)?=([-\d]+)/", path).group(1) for (path,) in files}
    assert folders == {"2024-03-01", "2024-03-02", "2024-03-03"}


def test_rating_history_is_scd2_with_closing_rule(history: dict[str, Any]) -> None:
    got = rows(
        history["con"],
        "select title_state_id, title_id, title_type, average_rating, num_votes,"
        " valid_from, valid_to, is_current"
        " from refined.title_rating_history order by title_id, valid_from",
    )
    d = Decimal
    assert got == [
        # changed on D3 (D2 unchanged: no row)
        ("tt0000001|2024-03-01", "tt0000001", "movie", d("7.0"), 100, D1, D3, False),
        ("tt0000001|2024-03-03", "tt0000001", "movie", d("7.5"), 150, D3, None, True),
        # missing from D2: closed there, reopened on D3 with the same values
        ("tt0000002|2024-03-01", "tt0000002", "movie", d("6.0"), 50, D1, D2, False),
        ("tt0000002|2024-03-03", "tt0000002", "movie", d("6.0"), 50, D3, None, True),
        # changed on D2, missing from D3: no current row
        ("tt0000003|2024-03-01", "tt0000003", "movie", d("8.0"), 1000, D1, D2, False),
        ("tt0000003|2024-03-02", "tt0000003", "movie", d("8.2"), 1100, D2, D3, False),
        ("tt0000004|2024-03-02", "tt0000004", "movie", d("5.0"), 10, D2, D3, False),
        ("tt0000004|2024-03-03", "tt0000004", "movie", d("4.0"), 40, D3, None, True),
        ("tt0000005|2024-03-03", "tt0000005", "movie", d("6.6"), 66, D3, None, True),
        # series loads are D1 and D3 only
        ("tt1000001|2024-03-01", "tt1000001", "series", d("8.0"), 200, D1, D3, False),
        ("tt1000001|2024-03-03", "tt1000001", "series", d("8.3"), 260, D3, None, True),
        ("tt1000002|2024-03-01", "tt1000002", "series", d("5.5"), 20, D1, None, True),
    ]


# (title, from, rating_from, rating_to, rating_change, votes_from, votes_to, votes_change)
M1_LAST2 = ("tt0000001", D2, "7.0", "7.5", "0.5", 100, 150, 50)
M4_LAST2 = ("tt0000004", D2, "5.0", "4.0", "-1.0", 10, 40, 30)
M1_LAST5 = ("tt0000001", D1, "7.0", "7.5", "0.5", 100, 150, 50)
S1 = ("tt1000001", D1, "8.0", "8.3", "0.3", 200, 260, 60)
UNION = "Comedy or Animation"


def test_rating_movers(history: dict[str, Any]) -> None:
    got = rows(
        history["con"],
        "select movers_window, window_loads, focus_group, measure, mover_rank, title_id,"
        " from_load_date, to_load_date, rating_from::varchar, rating_to::varchar,"
        " rating_change::varchar, votes_from, votes_to, votes_change"
        " from refined.rating_movers"
        " order by movers_window, focus_group, measure, mover_rank, title_id",
    )

    def row(window: str, group: str, measure: str, rank: int, mover: tuple) -> tuple:
        title, start, r_from, r_to, r_change, v_from, v_to, v_change = mover
        loads = 2 if window == "last_2_loads" else 5
        return (window, loads, group, measure, rank, title, start, D3, r_from, r_to,
                r_change, v_from, v_to, v_change)  # fmt: skip

    l2, l5, rating, votes = "last_2_loads", "last_5_loads", "average_rating", "num_votes"
    assert got == [
        row(l2, "All titles", rating, 1, M4_LAST2),
        row(l2, "All titles", rating, 2, M1_LAST2),
        row(l2, "All titles", rating, 3, S1),
        row(l2, "All titles", votes, 1, S1),
        row(l2, "All titles", votes, 2, M1_LAST2),
        row(l2, "All titles", votes, 3, M4_LAST2),
        row(l2, "Animation", rating, 1, M4_LAST2),
        row(l2, "Animation", rating, 2, S1),
        row(l2, "Animation", votes, 1, S1),
        row(l2, "Animation", votes, 2, M4_LAST2),
        row(l2, "Comedy", rating, 1, M4_LAST2),
        row(l2, "Comedy", rating, 2, M1_LAST2),
        row(l2, "Comedy", rating, 3, S1),
        row(l2, "Comedy", votes, 1, S1),
        row(l2, "Comedy", votes, 2, M1_LAST2),
        row(l2, "Comedy", votes, 3, M4_LAST2),
        row(l2, UNION, rating, 1, M4_LAST2),
        row(l2, UNION, rating, 2, M1_LAST2),
        row(l2, UNION, rating, 3, S1),
        row(l2, UNION, votes, 1, S1),
        row(l2, UNION, votes, 2, M1_LAST2),
        row(l2, UNION, votes, 3, M4_LAST2),
        # over the last 5 loads (3 for movies, 2 for series): tt0000002 is back to its
        # D1 values (no change) and tt0000004 was not in D1
        row(l5, "All titles", rating, 1, M1_LAST5),
        row(l5, "All titles", rating, 2, S1),
        row(l5, "All titles", votes, 1, S1),
        row(l5, "All titles", votes, 2, M1_LAST5),
        row(l5, "Animation", rating, 1, S1),
        row(l5, "Animation", votes, 1, S1),
        row(l5, "Comedy", rating, 1, M1_LAST5),
        row(l5, "Comedy", rating, 2, S1),
        row(l5, "Comedy", votes, 1, S1),
        row(l5, "Comedy", votes, 2, M1_LAST5),
        row(l5, UNION, rating, 1, M1_LAST5),
        row(l5, UNION, rating, 2, S1),
        row(l5, UNION, votes, 1, S1),
        row(l5, UNION, votes, 2, M1_LAST5),
    ]


def test_current_state_models_read_the_newest_load_only(history: dict[str, Any]) -> None:
    bucket = history["bucket"]
    got = rows(
        history["con"],
        "select title_id, average_rating::varchar, num_votes, source_file"
        " from trusted.titles order by title_id",
    )
    movies = f"s3://{bucket}/Raw/Local/CSV/Movies/2024/03/03/movies.csv"
    series = f"s3://{bucket}/Raw/Local/CSV/Series/2024/03/03/series.csv"
    assert got == [
        ("tt0000001", "7.5", 150, movies),
        ("tt0000002", "6.0", 50, movies),
        ("tt0000004", "4.0", 40, movies),
        ("tt0000005", "6.6", 66, movies),
        ("tt1000001", "8.3", 260, series),
        ("tt1000002", "5.5", 20, series),
    ]
