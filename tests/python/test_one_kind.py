"""Either file alone builds: on a lake where only movies.csv or only series.csv has landed,
`dbt build` passes, the other kind's models are empty (with the same columns and types),
the marts cover the kind that landed, and the build log says once which file is missing.

Each case lands a generated sample file in its own bucket and builds its own warehouse;
the expected numbers are worked out from the file written here.
"""

from __future__ import annotations

import subprocess
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
from ingest.schema import MOVIES, SERIES, FileKind

TITLE_TYPE = {MOVIES.name: "movie", SERIES.name: "series"}
STAGING = {MOVIES.name: "staging.stg_imdb__movies", SERIES.name: "staging.stg_imdb__series"}
# Marts with one row per title type (and more): only the landed type may appear.
TYPED_MARTS = (
    "refined.dim_titles",
    "refined.bridge_title_genres",
    "refined.title_ratings_by_year",
    "refined.genre_ratings_by_year",
    "refined.comedy_animation_by_year",
    "refined.comedy_animation_top_titles",
    "refined.rating_trend_forecast",
    "refined.title_rating_predictions",
)


# Two builds of their own (one per kind): out of `make test-quick`.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class OneKindBuild:
    landed: FileKind
    missing: FileKind
    bucket: str
    file_rows: int
    file_title_ids: frozenset[str]
    built: subprocess.CompletedProcess[str]
    con: Any


def title_ids(path: Path) -> frozenset[str]:
    """The distinct ids of a Raw file: the first field of each data line (never quoted)."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return frozenset(line.split("|", 1)[0] for line in lines if line)


@pytest.fixture(scope="module", params=[MOVIES, SERIES], ids=lambda kind: f"only-{kind.name}")
def one_kind(
    request: pytest.FixtureRequest,
    lake_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[OneKindBuild]:
    """Land one kind only in a fresh bucket, run `dbt build`, yield what it left."""
    landed: FileKind = request.param
    missing = SERIES if landed is MOVIES else MOVIES
    work = tmp_path_factory.mktemp(f"only-{landed.name}")
    bucket = f"cinelake-only-{landed.name}"
    env = dbt_env(lake_env, work, bucket)
    sample = write_sample(work / "data", titles=300, seed=11)
    path, rows = (
        (sample.movies, sample.movie_rows)
        if landed is MOVIES
        else (sample.series, sample.series_rows)
    )
    ingest(load_settings(env), {landed: path}, date(2024, 7, 10))
    built = run_dbt(env, "build")
    con = read_warehouse(load_settings(env), work / "warehouse.duckdb")
    yield OneKindBuild(landed, missing, bucket, rows, title_ids(path), built, con)
    con.close()


def count(con: Any, relation: str, column: str = "*") -> int:
    """count(column) of one of this module's relations (names are constants, not input)."""
    return con.sql(f"select count({column}) from {relation}").fetchone()[0]  # noqa: S608


def title_types(con: Any, relation: str) -> set[str]:
    """The distinct title types in one of this module's relations."""
    sql = f"select distinct title_type from {relation}"  # noqa: S608
    return {row[0] for row in con.sql(sql).fetchall()}


def titles_of_type(con: Any, title_type: str) -> int:
    sql = "select count(*) from trusted.titles where title_type = ?"
    return con.sql(sql, params=[title_type]).fetchone()[0]


def test_build_passes(one_kind: OneKindBuild) -> None:
    built = one_kind.built
    assert built.returncode == 0, built.stdout[-4000:]
    assert "ERROR=0" in built.stdout and "SKIP=0" in built.stdout


def test_log_says_once_which_file_is_missing(one_kind: OneKindBuild) -> None:
    missing = one_kind.missing
    naming = [line for line in one_kind.built.stdout.splitlines() if missing.file_name in line]
    assert len(naming) == 1, naming
    prefix = f"s3://{one_kind.bucket}/Raw/Local/CSV/{missing.folder}/"
    assert f"no {missing.file_name} has landed under {prefix}" in naming[0]
    assert f"the {missing.name} models are empty" in naming[0]
    assert one_kind.landed.file_name not in one_kind.built.stdout


def test_missing_kind_is_empty(one_kind: OneKindBuild) -> None:
    con, missing = one_kind.con, one_kind.missing
    assert count(con, STAGING[missing.name]) == 0
    assert titles_of_type(con, TITLE_TYPE[missing.name]) == 0


def test_landed_kind_has_every_row_and_title_of_its_file(one_kind: OneKindBuild) -> None:
    con, landed = one_kind.con, one_kind.landed
    expected_titles = len(one_kind.file_title_ids)
    assert expected_titles > 0 and one_kind.file_rows >= expected_titles
    assert count(con, STAGING[landed.name]) == one_kind.file_rows
    assert count(con, STAGING[landed.name], "distinct title_id") == expected_titles
    assert titles_of_type(con, TITLE_TYPE[landed.name]) == expected_titles
    got = {row[0] for row in con.sql("select title_id from trusted.titles").fetchall()}
    assert got == one_kind.file_title_ids


def test_empty_staging_model_has_the_reader_types(one_kind: OneKindBuild) -> None:
    # the two staging models have the same columns: one is read from the file, one is empty
    sql = (
        "select column_name, data_type from information_schema.columns"
        " where table_schema = 'staging' and table_name = ? order by ordinal_position"
    )
    movies, series = (
        one_kind.con.sql(sql, params=[name]).fetchall()
        for name in ("stg_imdb__movies", "stg_imdb__series")
    )
    assert movies and movies == series


@pytest.mark.parametrize("mart", TYPED_MARTS)
def test_marts_cover_only_the_landed_kind(one_kind: OneKindBuild, mart: str) -> None:
    assert title_types(one_kind.con, mart) <= {TITLE_TYPE[one_kind.landed.name]}


@pytest.mark.parametrize(
    "mart", ["refined.title_ratings_by_year", "refined.comedy_animation_by_year"]
)
def test_yearly_marts_have_the_landed_kind(one_kind: OneKindBuild, mart: str) -> None:
    assert title_types(one_kind.con, mart) == {TITLE_TYPE[one_kind.landed.name]}


def test_summary_counts_nothing_for_the_missing_kind(one_kind: OneKindBuild) -> None:
    con = one_kind.con
    landed, missing = TITLE_TYPE[one_kind.landed.name], TITLE_TYPE[one_kind.missing.name]
    counts = dict(
        con.sql(
            "select scope || '|' || title_type, title_count from refined.comedy_animation_summary"
        ).fetchall()
    )
    assert counts[f"All titles|{landed}"] == len(one_kind.file_title_ids)
    assert counts[f"All titles|{missing}"] == 0
    for scope in ("All titles", "Comedy", "Animation", "Comedy or Animation"):
        assert counts[f"{scope}|all"] == counts[f"{scope}|{landed}"], scope
        assert counts[f"{scope}|{missing}"] == 0, scope
