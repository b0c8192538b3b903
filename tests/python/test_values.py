"""Impossible values fail `dbt build`: each decision of docs/warehouse/tests.md, "What
values are refused".

Every row below is structurally valid (the reader takes it) but holds one value no real
title or person can have. All of them go into one build (builds are slow); each case is
the only row that breaks its named test, so the list of failed tests proves each one.
Good rows in the same files, and the generated sample (`sample_warehouse`), pass them all.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_BUILD_RESULTS, dbt_env, read_warehouse, run_dbt, write_csv

from cinelake.config import load_settings
from ingest.landing import ensure_bucket
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

THIS_YEAR = date.today().year
PREFIX = "int_credit_rows__"
COLUMNS = MOVIES_COLUMNS


def movie(n: int, **values: object) -> str:
    """A good movies.csv row of title tt9{n:06d}, with `values` (Raw column names) set."""
    row = {
        "id": f"tt9{n:06d}",
        "tituloPincipal": f"Good Title {n}",
        "tituloOriginal": f"Good Title {n}",
        "anoLancamento": 1999,
        "tempoMinutos": 95,
        "genero": "Comedy,Drama",
        "notaMedia": "7.1",
        "numeroVotos": 1234,
        "generoArtista": "actor",
        "personagem": "Someone",
        "nomeArtista": f"Ana Souza {n}",
        "anoNascimento": 1970,
        "anoFalecimento": "\\N",
        "profissao": "actor,writer",
        "titulosMaisConhecidos": f"tt9{n:06d},tt0000001",
    }
    row.update(values)
    return "|".join(str(row[c]) for c in MOVIES_COLUMNS)


def series(n: int, **values: object) -> str:
    """A good series.csv row of title tt8{n:06d}."""
    row = dict(zip(MOVIES_COLUMNS, movie(n).split("|"), strict=True))
    row.update({"id": f"tt8{n:06d}", "anoLancamento": 2001, "anoTermino": 2004, "tempoMinutos": 45})
    row["titulosMaisConhecidos"] = f"tt8{n:06d}"
    row.update(values)
    return "|".join(str(row[c]) for c in SERIES_COLUMNS)


# (test that must fail, the bad row): one case per decision; titles of their own.
MOVIE_CASES = [
    ("title_id_is_tt_and_7_or_8_digits", movie(1, id="tt12345")),
    ("primary_title_is_not_blank", movie(2, tituloPincipal="   ")),
    ("original_title_is_not_blank", movie(3, tituloOriginal=" ")),
    (
        "release_year_between_first_film_and_next_year",
        movie(4, anoLancamento=1850, anoNascimento=1820),
    ),
    ("runtime_minutes_between_1_and_max", movie(5, tempoMinutos=0)),
    ("genres_1_to_3", movie(6, genero="Comedy,Drama,Romance,Action")),
    ("genres_each_in_genres_seed", movie(7, genero="Comedy,,Drama")),
    ("genres_no_repeats", movie(8, genero="Comedy,Comedy")),
    ("average_rating_between_1_and_10", movie(9, notaMedia="0.5")),
    # read as 7.3 by a decimal(3,1) reader: kept NULL instead, which the test refuses
    ("average_rating_present_with_one_decimal", movie(22, notaMedia="7.25")),
    ("num_votes_at_least_min_rating_votes", movie(10, numeroVotos=4)),
    ("credit_category_actor_or_actress", movie(11, generoArtista="self")),
    ("person_name_not_blank_nor_padded", movie(12, nomeArtista=" Ana Souza")),
    ("birth_year_between_first_birth_year_and_this_year", movie(13, anoNascimento=1650)),
    ("birth_year_not_after_movie_release", movie(14, anoNascimento=2005)),
    ("death_year_between_birth_year_and_this_year", movie(15, anoFalecimento=1960)),
    ("death_year_within_max_lifespan", movie(16, anoNascimento=1800, anoFalecimento=1990)),
    ("professions_each_in_professions_seed", movie(17, profissao="actor,astronaut")),
    ("professions_no_repeats", movie(18, profissao="actor,actor")),
    (
        "known_for_title_ids_1_to_max",
        movie(19, titulosMaisConhecidos=",".join(f"tt00000{i:02d}" for i in range(11))),
    ),
    ("known_for_title_ids_each_a_title_id", movie(20, titulosMaisConhecidos="tt0000001,nm0000002")),
    ("known_for_title_ids_no_repeats", movie(21, titulosMaisConhecidos="tt0000001,tt0000001")),
]
SERIES_CASES = [
    ("end_year_between_release_year_and_this_year", series(1, anoLancamento=2010, anoTermino=2008)),
]
# Not one decision per row: a title's fields must repeat, and a title has at most 10 rows.
SHAPE_CASES = [
    ("consistent_within", [movie(30), movie(30, notaMedia="7.2")]),
    ("credit_rows", [movie(31, nomeArtista=f"Person {i}") for i in range(11)]),
]
# Real values at the edges, which must pass (data-facts: the real files hold them).
GOOD_MOVIES = [
    movie(
        100,
        anoLancamento=1894,
        tempoMinutos=45,
        genero="Romance",
        notaMedia="5.3",
        numeroVotos=200,
        generoArtista="actress",
        anoNascimento=1878,
        anoFalecimento=1951,
        profissao="actress",
        titulosMaisConhecidos="tt9000100",
    ),
    movie(
        101,
        tempoMinutos=43200,
        notaMedia="10.0",
        numeroVotos=5,
        genero="\\N",
        profissao="",
        anoNascimento="\\N",
        titulosMaisConhecidos="\\N",
    ),
    movie(
        102,
        tituloPincipal='"Mujeres al borde de un ataque de ""nervios"""',
        numeroVotos=2667411,
        notaMedia="1.0",
        anoLancamento=THIS_YEAR + 1,
        profissao="actor,make_up_department,stunts,cinematographer,production_designer",
    ),
    movie(
        103,
        anoNascimento=1999,
        anoLancamento=1999,
        anoFalecimento=1999,
        titulosMaisConhecidos="tt9000103,tt12345678",
    ),
]
GOOD_SERIES = [
    series(100, anoTermino="\\N", genero="Game-Show,Talk-Show,Reality-TV"),
    series(101, anoLancamento=2001, anoTermino=2001, anoNascimento=2010),
]


@pytest.fixture(scope="module")
def bad_build(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("values")
    env = dbt_env(lake_env, work, "cinelake-values-test")
    settings = load_settings(env)
    ensure_bucket(make_client(settings), settings.bucket)
    movie_rows = [row for _, row in MOVIE_CASES] + GOOD_MOVIES
    movie_rows += [row for _, rows in SHAPE_CASES for row in rows]
    series_rows = [row for _, row in SERIES_CASES] + GOOD_SERIES
    files = {
        MOVIES: write_csv(work / "movies.csv", MOVIES_COLUMNS, sorted(movie_rows)),
        SERIES: write_csv(work / "series.csv", SERIES_COLUMNS, sorted(series_rows), "\r\n"),
    }
    ingest(settings, files, date(2024, 1, 2))
    built = run_dbt(env, "build")
    failed = failed_tests(work)
    # A failed test on the credit rows skips the models after them: build `titles` on
    # its own to run its tests (a title's row count) on the same rows.
    titles = run_dbt(env, "build", "--select", "titles")
    titles_failed = failed_tests(work)
    return {"built": built, "titles": titles, "failed": failed, "titles_failed": titles_failed}


def failed_tests(work: Path) -> set[str]:
    results = json.loads((work / "target" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[2] for r in results["results"] if r["status"] == "fail"}


def test_the_build_fails(bad_build: dict[str, Any]) -> None:
    assert bad_build["built"].returncode != 0
    assert bad_build["titles"].returncode != 0


@pytest.mark.parametrize(("test", "row"), MOVIE_CASES + SERIES_CASES, ids=lambda v: v[:40])
def test_each_impossible_value_fails_its_test(
    bad_build: dict[str, Any], test: str, row: str
) -> None:
    assert PREFIX + test in bad_build["failed"], bad_build["built"].stdout[-3000:]


def test_title_fields_must_repeat_and_a_title_has_at_most_ten_rows(
    bad_build: dict[str, Any],
) -> None:
    failed = bad_build["failed"]
    assert any(name.startswith("consistent_within_int_credit_rows") for name in failed)
    assert any(
        name.startswith("in_range_titles_credit_rows") for name in bad_build["titles_failed"]
    )


def test_nothing_else_fails(bad_build: dict[str, Any]) -> None:
    """Only the tests named above fail on the credit rows: the good rows at the edges of
    real data pass. (Tests of `titles` that repeat some of them fail too, built apart.)"""
    expected = {PREFIX + test for test, _ in MOVIE_CASES + SERIES_CASES}
    others = {
        name
        for name in bad_build["failed"] - expected
        if not name.startswith("consistent_within_int_credit_rows")
    }
    assert others == set()


def test_a_failing_test_names_its_rows(bad_build: dict[str, Any]) -> None:
    out = bad_build["built"].stdout
    assert f"Failure in test {PREFIX}genres_no_repeats" in out
    assert "known_for_title_ids_each_a_title_id" in out


def test_the_generated_sample_passes_every_value_test(sample_warehouse: dict[str, str]) -> None:
    # the fixture asserts `dbt build` passed; check the value tests were among what ran
    con = read_warehouse(
        load_settings(sample_warehouse), Path(sample_warehouse["CINELAKE_WAREHOUSE"])
    )
    try:
        assert con.sql("select count(*) from trusted.titles").fetchone()[0] > 0
    finally:
        con.close()
    work = Path(sample_warehouse["CINELAKE_WAREHOUSE"]).parent
    results = json.loads((work / SAMPLE_BUILD_RESULTS).read_text())
    ran = {r["unique_id"].split(".")[2]: r["status"] for r in results["results"]}
    for test, _ in MOVIE_CASES + SERIES_CASES:
        assert ran[PREFIX + test] == "pass"


@pytest.mark.slow  # a build of its own
def test_a_late_older_load_with_an_impossible_rating_fails_the_history(
    lake_env: dict[str, str], tmp_path: Path
) -> None:
    """The credit-row tests read the newest load; a date landed late is read only by the
    history, whose own test refuses the rating it could not keep (7.25 is NULL there)."""
    env = dbt_env(lake_env, tmp_path, "cinelake-values-history-test")
    settings = load_settings(env)
    good = [movie(n) for n in range(200, 205)]
    newest = {MOVIES: write_csv(tmp_path / "movies.csv", MOVIES_COLUMNS, good)}
    ingest(settings, newest, date(2024, 1, 3))
    (tmp_path / "late").mkdir()
    late = [movie(200, notaMedia="7.25"), *good[1:]]
    older = {MOVIES: write_csv(tmp_path / "late" / "movies.csv", MOVIES_COLUMNS, late)}
    ingest(settings, older, date(2024, 1, 2))  # landed after the newest: a late date
    built = run_dbt(env, "build", "--select", "+title_snapshots")
    assert built.returncode != 0
    assert failed_tests(tmp_path) == {"title_snapshots__average_rating_present_with_one_decimal"}
