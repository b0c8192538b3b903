"""The focus genres are var `focus_genres` and nothing else: built with other genres
(Drama and Horror), every focus mart carries exactly those and their union, with the
counts of the generated files, and the whole build (every dbt test) passes.

The expected numbers are worked out here from the generated CSV files, not from the
warehouse.
"""

from __future__ import annotations

import csv
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cinelake_tools.sample import write_sample
from conftest import dbt_env, read_warehouse, run_dbt

from cinelake.config import load_settings
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES

FOCUS = ["Drama", "Horror"]
UNION = "Drama or Horror"
TOP_TITLES = 10  # var top_titles_per_genre, default
MIN_TITLES = 5  # var forecast_min_titles, default


@dataclass(frozen=True)
class FileTitle:
    title_type: str
    release_year: int | None
    genres: tuple[str, ...]
    average_rating: float


# A build of its own with other vars: out of `make test-quick`.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class FocusBuild:
    built: subprocess.CompletedProcess[str]
    titles: dict[str, FileTitle]
    con: Any


def file_titles(path: Path, title_type: str) -> dict[str, FileTitle]:
    """One entry per title id of a generated file (the title fields repeat per credit)."""
    titles = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="|", quotechar='"'):
            year, genres = row["anoLancamento"], row["genero"]
            titles.setdefault(
                row["id"],
                FileTitle(
                    title_type,
                    None if year in ("", "\\N") else int(year),
                    () if genres in ("", "\\N") else tuple(genres.split(",")),
                    float(row["notaMedia"]),
                ),
            )
    return titles


@pytest.fixture(scope="module")
def focus_build(
    lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FocusBuild]:
    """A sample built with `--vars {focus_genres: [Drama, Horror]}` in its own bucket."""
    work = tmp_path_factory.mktemp("focus-genres")
    env = dbt_env(lake_env, work, "cinelake-focus-genres")
    sample = write_sample(work / "data", titles=400, seed=5)
    ingest(load_settings(env), {MOVIES: sample.movies, SERIES: sample.series}, date(2024, 7, 10))
    built = run_dbt(env, "build", "--vars", "{focus_genres: [" + ", ".join(FOCUS) + "]}")
    titles = file_titles(sample.movies, "movie") | file_titles(sample.series, "series")
    con = read_warehouse(load_settings(env), work / "warehouse.duckdb")
    yield FocusBuild(built, titles, con)
    con.close()


def groups_of(title: FileTitle) -> list[str]:
    """The focus groups a title belongs to: each focus genre it carries, and the union."""
    genres = [genre for genre in FOCUS if genre in title.genres]
    return [*genres, UNION] if genres else []


def rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    return con.sql(sql).fetchall()


def test_build_passes(focus_build: FocusBuild) -> None:
    built = focus_build.built
    assert built.returncode == 0, built.stdout[-4000:]
    assert "ERROR=0" in built.stdout and "SKIP=0" in built.stdout


def test_focus_genres_lists_the_var(focus_build: FocusBuild) -> None:
    got = rows(
        focus_build.con,
        "select genre, focus_position, focus_union_label from refined.focus_genres order by 2",
    )
    assert got == [("Drama", 1, UNION), ("Horror", 2, UNION)]


def test_dim_titles_focus_columns_follow_the_var(focus_build: FocusBuild) -> None:
    got = {
        title_id: (list(focus), is_focus)
        for title_id, focus, is_focus in rows(
            focus_build.con, "select title_id, focus_genres, is_focus from refined.dim_titles"
        )
    }
    expected = {
        title_id: (
            [genre for genre in title.genres if genre in FOCUS],
            any(genre in FOCUS for genre in title.genres),
        )
        for title_id, title in focus_build.titles.items()
    }
    assert got == expected
    assert any(is_focus for _, is_focus in got.values())


def test_by_year_counts_releases_per_group(focus_build: FocusBuild) -> None:
    expected = Counter(
        (group, title.title_type, title.release_year)
        for title in focus_build.titles.values()
        if title.release_year is not None
        for group in groups_of(title)
    )
    got = rows(
        focus_build.con,
        "select focus_group, title_type, release_year, title_count"
        " from refined.comedy_animation_by_year",
    )
    assert {group for group, *_ in got} == {*FOCUS, UNION}
    assert {(g, t, y): n for g, t, y, n in got if n > 0} == dict(expected)


def test_summary_counts_titles_per_scope(focus_build: FocusBuild) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for title in focus_build.titles.values():
        for scope in ["All titles", *groups_of(title)]:
            expected[(scope, title.title_type)] += 1
            expected[(scope, "all")] += 1
    got = rows(
        focus_build.con,
        "select scope, title_type, title_count from refined.comedy_animation_summary",
    )
    assert {scope for scope, *_ in got} == {"All titles", *FOCUS, UNION}
    assert {(s, t): n for s, t, n in got if n > 0} == dict(expected)


def test_top_titles_are_the_best_rated_of_each_focus_genre(focus_build: FocusBuild) -> None:
    best: dict[tuple[str, str], float] = {}
    tied: Counter[tuple[str, str]] = Counter()
    for title in focus_build.titles.values():
        for genre in FOCUS:
            if genre in title.genres:
                key = (genre, title.title_type)
                best[key] = max(best.get(key, 0.0), title.average_rating)
    for title in focus_build.titles.values():
        for genre in FOCUS:
            if genre in title.genres and title.average_rating == best[(genre, title.title_type)]:
                tied[(genre, title.title_type)] += 1
    got = rows(
        focus_build.con,
        "select genre, title_type, count(*), min(average_rating)::double,"
        " max(average_rating)::double"
        " from refined.comedy_animation_top_titles group by all",
    )
    assert {genre for genre, *_ in got} == set(FOCUS)
    assert {(g, t): (n, low, high) for g, t, n, low, high in got} == {
        key: (min(tied[key], TOP_TITLES), rating, rating) for key, rating in best.items()
    }


def test_forecast_follows_the_union_group(focus_build: FocusBuild) -> None:
    releases = Counter(
        (title.title_type, title.release_year)
        for title in focus_build.titles.values()
        if title.release_year is not None and groups_of(title)
    )
    observed = {key: n for key, n in releases.items() if n >= MIN_TITLES}
    got = rows(
        focus_build.con,
        "select title_type, release_year, title_count from refined.rating_trend_forecast"
        " where split != 'future'",
    )
    assert got, "no trend: the sample should have enough focus releases"
    # every observed year of a title type with a trend, with the union's release count
    trend_types = {title_type for title_type, _, _ in got}
    assert {(t, y): n for t, y, n in got} == {
        key: n for key, n in observed.items() if key[0] in trend_types
    }
