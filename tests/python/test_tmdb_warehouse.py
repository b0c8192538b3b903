"""The TMDB enrichment in the warehouse: `dbt build` before any TMDB object has landed,
then with TMDB records landed as the client lands them, against the real lake.

The records are written here, body by body, shaped on real TMDB captures and their
quirks (budget and revenue 0 for unknown, "" and null strings, `imdb_id` null or "",
a French body with localised genre and country names, the 2013 shape, a 404 error body,
a series body, a title fetched twice, a junk budget of 5 dollars, a title that is not
in the IMDb files), so every expected output below can be checked by reading them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import dbt_env, read_warehouse, run_dbt, write_csv
from tmdb_landing import TMDB_PREFIX, fetched, land_records, not_found

from cinelake.config import load_settings
from ingest.landing import ensure_bucket
from ingest.run_ingest import ingest
from ingest.s3 import make_client
from ingest.schema import MOVIES, MOVIES_COLUMNS, SERIES, SERIES_COLUMNS

# Two builds of its own (before and after the TMDB records): out of `make test-quick`.
pytestmark = pytest.mark.slow

MOVIE = (
    "{id}|Title {id}|Title {id}|{year}|95|{genres}|{rating}|{votes}|actor|Someone"
    "|Ana Souza|1970|\\N|actor|\\N"
)
MOVIES_ROWS = [
    MOVIE.format(id="tt0000001", year=1999, genres="Comedy,Drama", rating="7.1", votes=1000),
    MOVIE.format(id="tt0000002", year=2009, genres="Action,Animation", rating="6.8", votes=500),
    MOVIE.format(
        id="tt0000003", year=2019, genres="Action,Animation,Comedy", rating="7.0", votes=2000
    ),
    MOVIE.format(id="tt0000004", year=1980, genres="Comedy", rating="5.5", votes=30),
    MOVIE.format(id="tt0000005", year=2000, genres="Drama", rating="6.0", votes=20),
    MOVIE.format(id="tt0000006", year=2010, genres="Comedy", rating="6.5", votes=200),
    MOVIE.format(id="tt0000007", year=2010, genres="Animation", rating="4.0", votes=10),
]
SERIES_ROWS = [
    "tt1000001|Clerks|Clerks|2002|2002|22|Animation,Comedy|8.0|99|actor|Dante"
    "|Brian O'Halloran|1969|\\N|actor|\\N",
]
OLD_RUN = datetime(2024, 7, 11, 9, 30, 0, 123456)
NEW_RUN = datetime(2024, 7, 12, 9, 30, 0, 654321)

# Fight Club's body (GET /3/movie/550), trimmed to the fields the warehouse reads.
FIGHT_CLUB = {
    "adult": False,
    "belongs_to_collection": None,
    "budget": 63000000,
    "genres": [{"id": 35, "name": "Comedy"}],
    "homepage": "http://www.foxmovies.com/movies/fight-club",
    "id": 550,
    "imdb_id": "tt0000001",
    "original_language": "en",
    "original_title": "Fight Club",
    "popularity": 93.958,
    "production_countries": [
        {"iso_3166_1": "DE", "name": "Germany"},
        {"iso_3166_1": "US", "name": "United States of America"},
    ],
    "release_date": "1999-10-15",
    "revenue": 100853753,
    "runtime": 139,
    "status": "Released",
    "title": "Fight Club",
    "video": False,
    "vote_average": 8.44,
    "vote_count": 27917,
}
# budget and revenue 0 (unknown), spoken_languages without english_name
PUBLIC_ENEMIES = {
    "budget": 0,
    "genres": [{"id": 16, "name": "Animation"}, {"id": 28, "name": "Action"}],
    "id": 22855,
    "imdb_id": "tt0000002",
    "original_language": "en",
    "original_title": "Superman/Batman: Public Enemies",
    "popularity": 10.200109,
    "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
    "release_date": "2009-09-29",
    "revenue": 0,
    "runtime": 67,
    "spoken_languages": [{"iso_639_1": "en", "name": "English"}],
    "status": "Released",
    "title": "Superman/Batman: Public Enemies",
    "video": False,
    "vote_average": 6.8,
    "vote_count": 199,
}
# fetched with language=fr-FR: localised genre and country names; imdb_id ""
CAPTAIN_MARVEL_FR = {
    "budget": 152000000,
    "genres": [{"id": 16, "name": "Animation"}, {"id": 35, "name": "Comédie"}],
    "homepage": "",
    "id": 299537,
    "imdb_id": "",
    "original_language": "en",
    "original_title": "Captain Marvel",
    "popularity": 64.237,
    "production_countries": [{"iso_3166_1": "US", "name": "États-Unis d'Amérique"}],
    "release_date": "2019-03-06",
    "revenue": 1128276090,
    "runtime": 124,
    "status": "Released",
    "tagline": "",
    "title": "Captain Marvel",
    "video": False,
    "vote_average": 7.0,
    "vote_count": 11265,
}
# the 2013 shape: no original_language or video, null where today has "" or 0
BARBAPAPA_2013 = {
    "adult": False,
    "budget": 0,
    "genres": [],
    "homepage": None,
    "id": 222841,
    "imdb_id": None,
    "original_title": "Barbapapa 2",
    "overview": None,
    "popularity": 0.0,
    "production_countries": [],
    "release_date": "",
    "revenue": 0,
    "runtime": None,
    "spoken_languages": [{"iso_639_1": "nl", "name": "Nederlands"}],
    "status": "Released",
    "tagline": None,
    "title": "Barbapapa 2",
    "vote_average": 0.0,
    "vote_count": 0,
}


def small_movie(tmdb_id: int, imdb_id: str | None, **fields: Any) -> dict[str, Any]:
    body = {
        "budget": 0,
        "genres": [{"id": 35, "name": "Comedy"}],
        "id": tmdb_id,
        "imdb_id": imdb_id,
        "original_language": "en",
        "original_title": f"Movie {tmdb_id}",
        "popularity": 1.5,
        "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
        "release_date": "2010-05-01",
        "revenue": 0,
        "runtime": 90,
        "status": "Released",
        "title": f"Movie {tmdb_id}",
        "video": False,
        "vote_average": 5.9,
        "vote_count": 12,
    }
    body.update(fields)
    return body


CLERKS_TV = {
    "episode_run_time": [22],
    "first_air_date": "2002-12-14",
    "genres": [{"id": 16, "name": "Animation"}, {"id": 35, "name": "Comedy"}],
    "homepage": "",
    "id": 2,
    "name": "Clerks: The Animated Series",
    "origin_country": ["US"],
    "original_language": "en",
    "original_name": "Clerks: The Animated Series",
    "popularity": 6.506,
    "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
    "status": "Ended",
    "tagline": "",
    "type": "Miniseries",
    "vote_average": 6.903,
    "vote_count": 72,
}

OLD_RECORDS = [
    not_found("tt0000001", OLD_RUN),  # found later: the newer fetch wins
    fetched(
        "tt0000006",
        "movie",
        small_movie(606, "tt0000006", budget=1000000, revenue=3000000),
        OLD_RUN,
    ),
]
NEW_RECORDS = [
    fetched("tt0000001", "movie", FIGHT_CLUB, NEW_RUN),
    fetched("tt0000002", "movie", PUBLIC_ENEMIES, NEW_RUN),
    fetched("tt0000003", "movie", CAPTAIN_MARVEL_FR, NEW_RUN),
    fetched("tt0000004", "movie", BARBAPAPA_2013, NEW_RUN),
    not_found("tt0000005", NEW_RUN, status=404),
    fetched(
        "tt0000006",
        "movie",
        small_movie(
            606,
            "tt0000006",
            budget=2000000,
            revenue=1000000,
            original_language="fr",
            production_countries=[{"iso_3166_1": "FR", "name": "France"}],
        ),
        NEW_RUN,
    ),
    fetched(
        "tt0000007",
        "movie",
        small_movie(
            707,
            None,
            budget=5,
            revenue=1000,
            popularity=0,
            vote_average=0,
            vote_count=0,
            genres=[{"id": 16, "name": "Animation"}],
        ),
        NEW_RUN,
    ),
    fetched("tt1000001", "tv", CLERKS_TV, NEW_RUN),
    # not in the IMDb files (gone since the client looked it up): a warning only
    fetched("tt9999999", "movie", small_movie(999, "tt9999999", budget=1000000), NEW_RUN),
]


def rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    return con.sql(sql).fetchall()


@pytest.fixture(scope="module")
def tmdb_build(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Land the CSVs, build with no TMDB object, then land TMDB records and build again;
    yield what each build left (the first one's answers are read before the second)."""
    work = tmp_path_factory.mktemp("tmdb-warehouse")
    env = dbt_env(lake_env, work, "cinelake-tmdb-test")
    settings = load_settings(env)
    s3 = make_client(settings)
    ensure_bucket(s3, settings.bucket)
    movies = write_csv(work / "movies.csv", MOVIES_COLUMNS, MOVIES_ROWS)
    series = write_csv(work / "series.csv", SERIES_COLUMNS, SERIES_ROWS)
    ingest(settings, {MOVIES: movies, SERIES: series}, date(2024, 7, 10))

    database = work / "warehouse.duckdb"
    before = run_dbt(env, "build")
    with read_warehouse(settings, database) as con:
        empty = {
            "stg_types": rows(
                con,
                "select column_name, data_type from information_schema.columns"
                " where table_schema = 'staging' and table_name = 'stg_tmdb__responses'"
                " order by ordinal_position",
            ),
            "counts": rows(
                con,
                "select (select count(*) from staging.stg_tmdb__titles),"
                " (select count(*) from trusted.tmdb_titles),"
                " (select count(*) from refined.dim_titles where tmdb_id is not null),"
                " (select count(*) from refined.bridge_title_countries),"
                " (select count(*) from refined.comedy_animation_top_earners)",
            )[0],
            "predictions": rows(
                con,
                "select count(*), count(*) filter (where has_tmdb_features),"
                " count(*) filter (where predicted_rating != predicted_rating_without_tmdb)"
                " from refined.title_rating_predictions",
            )[0],
        }

    old_keys = land_records(s3, settings.bucket, OLD_RECORDS, date(2024, 7, 11), "run-a")
    new_keys = land_records(
        s3, settings.bucket, NEW_RECORDS, date(2024, 7, 12), "run-b", batch_records=4
    )
    after = run_dbt(env, "build")
    con = read_warehouse(settings, database)
    yield {
        "before": before,
        "empty": empty,
        "after": after,
        "con": con,
        "bucket": settings.bucket,
        "keys": {"old": old_keys, "new": new_keys},
        "work": work,
    }
    con.close()


def test_build_passes_before_any_tmdb_object(tmdb_build: dict[str, Any]) -> None:
    before = tmdb_build["before"]
    assert before.returncode == 0, before.stdout[-4000:]
    assert "no tmdb responses object has landed" in before.stdout


def test_empty_tmdb_models_have_the_reader_types(tmdb_build: dict[str, Any]) -> None:
    assert tmdb_build["empty"]["stg_types"] == [
        ("title_id", "VARCHAR"),
        ("media_type", "VARCHAR"),
        ("tmdb_id", "BIGINT"),
        ("endpoint", "VARCHAR"),
        ("http_status", "INTEGER"),  # read as smallint, which Iceberg has not
        ("outcome", "VARCHAR"),
        ("fetched_at", "TIMESTAMP"),
        ("load_date", "DATE"),
        ("body", "JSON"),
        ("source_file", "VARCHAR"),
    ]
    assert tmdb_build["empty"]["counts"] == (0, 0, 0, 0, 0)


def test_without_tmdb_data_both_title_models_agree(tmdb_build: dict[str, Any]) -> None:
    titles, with_tmdb, differing = tmdb_build["empty"]["predictions"]
    assert titles == 8
    assert (with_tmdb, differing) == (0, 0)


def test_build_passes_with_tmdb_records(tmdb_build: dict[str, Any]) -> None:
    after = tmdb_build["after"]
    assert after.returncode == 0, after.stdout[-4000:]
    # the one warning: a fetched title that is not in Trusted titles
    assert "WARN=1" in after.stdout, after.stdout[-4000:]
    assert "relationships_tmdb_titles_title_id" in after.stdout


def test_every_batch_is_read_and_no_manifest(tmdb_build: dict[str, Any]) -> None:
    bucket = tmdb_build["bucket"]
    got = rows(
        tmdb_build["con"],
        "select source_file, load_date, count(*) from staging.stg_tmdb__responses"
        " group by all order by source_file",
    )
    keys = tmdb_build["keys"]
    assert [key.rsplit("/", 1)[1] for key in keys["new"]] == [
        "run-b-00001.json",
        "run-b-00002.json",
        "run-b-00003.json",
    ]
    assert got == [
        (f"s3://{bucket}/{keys['old'][0]}", date(2024, 7, 11), 2),
        (f"s3://{bucket}/{keys['new'][0]}", date(2024, 7, 12), 4),
        (f"s3://{bucket}/{keys['new'][1]}", date(2024, 7, 12), 4),
        (f"s3://{bucket}/{keys['new'][2]}", date(2024, 7, 12), 1),
    ]
    assert all("/_manifests/" not in row[0] for row in got)
    assert keys["old"][0].startswith(f"{TMDB_PREFIX}/2024/07/11/")


def test_staging_parses_the_quirks(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select title_id, media_type, tmdb_id, http_status, outcome, fetched_at,"
        " details_imdb_id, tmdb_title, release_date, budget, revenue, runtime_minutes,"
        " popularity, vote_average, vote_count, original_language, production_countries,"
        " origin_countries, genre_ids, genre_names"
        " from staging.stg_tmdb__titles order by title_id, fetched_at",
    )
    old, new = datetime(2024, 7, 11, 9, 30, 0, 123456), datetime(2024, 7, 12, 9, 30, 0, 654321)
    assert got == [
        ("tt0000001", None, None, 200, "not_found", old, None, None, None, None, None, None,
         None, None, None, None, None, None, None, None),
        ("tt0000001", "movie", 550, 200, "fetched", new, "tt0000001", "Fight Club",
         date(1999, 10, 15), 63000000, 100853753, 139, 93.958, 8.44, 27917, "en",
         ["DE", "US"], [], [35], ["Comedy"]),
        ("tt0000002", "movie", 22855, 200, "fetched", new, "tt0000002",
         "Superman/Batman: Public Enemies", date(2009, 9, 29), None, None, 67, 10.200109,
         6.8, 199, "en", ["US"], [], [16, 28], ["Animation", "Action"]),
        ("tt0000003", "movie", 299537, 200, "fetched", new, None, "Captain Marvel",
         date(2019, 3, 6), 152000000, 1128276090, 124, 64.237, 7.0, 11265, "en", ["US"], [],
         [16, 35], ["Animation", "Comédie"]),
        ("tt0000004", "movie", 222841, 200, "fetched", new, None, "Barbapapa 2", None, None,
         None, None, 0.0, None, 0, None, [], [], [], []),
        ("tt0000005", None, None, 404, "not_found", new, None, None, None, None, None, None,
         None, None, None, None, None, None, None, None),
        ("tt0000006", "movie", 606, 200, "fetched", old, "tt0000006", "Movie 606",
         date(2010, 5, 1), 1000000, 3000000, 90, 1.5, 5.9, 12, "en", ["US"], [], [35],
         ["Comedy"]),
        ("tt0000006", "movie", 606, 200, "fetched", new, "tt0000006", "Movie 606",
         date(2010, 5, 1), 2000000, 1000000, 90, 1.5, 5.9, 12, "fr", ["FR"], [], [35],
         ["Comedy"]),
        ("tt0000007", "movie", 707, 200, "fetched", new, None, "Movie 707", date(2010, 5, 1),
         5, 1000, 90, 0.0, None, 0, "en", ["US"], [], [16], ["Animation"]),
        ("tt1000001", "tv", 2, 200, "fetched", new, None, "Clerks: The Animated Series",
         date(2002, 12, 14), None, None, None, 6.506, 6.903, 72, "en", ["US"], ["US"],
         [16, 35], ["Animation", "Comedy"]),
        ("tt9999999", "movie", 999, 200, "fetched", new, "tt9999999", "Movie 999",
         date(2010, 5, 1), 1000000, None, 90, 1.5, 5.9, 12, "en", ["US"], [], [35],
         ["Comedy"]),
    ]  # fmt: skip


def test_trusted_keeps_the_newest_fetch_with_english_genres(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select title_id, outcome, tmdb_id, budget, revenue, genres, fetch_count"
        " from trusted.tmdb_titles order by title_id",
    )
    assert got == [
        ("tt0000001", "fetched", 550, 63000000, 100853753, ["Comedy"], 2),
        ("tt0000002", "fetched", 22855, None, None, ["Animation", "Action"], 1),
        ("tt0000003", "fetched", 299537, 152000000, 1128276090, ["Animation", "Comedy"], 1),
        ("tt0000004", "fetched", 222841, None, None, [], 1),
        ("tt0000005", "not_found", None, None, None, None, 1),
        ("tt0000006", "fetched", 606, 2000000, 1000000, ["Comedy"], 2),
        ("tt0000007", "fetched", 707, 5, 1000, ["Animation"], 1),
        ("tt1000001", "fetched", 2, None, None, ["Animation", "Comedy"], 1),
        ("tt9999999", "fetched", 999, 1000000, None, ["Comedy"], 1),
    ]


def test_trusted_tmdb_titles_is_an_iceberg_table(tmdb_build: dict[str, Any]) -> None:
    got = rows(tmdb_build["con"], "select count(*) from lake.trusted.tmdb_titles")
    assert got == [(9,)]


def test_dim_titles_carries_the_tmdb_fields(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select title_id, tmdb_id, budget, revenue, roi, popularity, tmdb_vote_average,"
        " tmdb_vote_count, original_language, production_countries"
        " from refined.dim_titles order by title_id",
    )
    assert got == [
        ("tt0000001", 550, 63000000, 100853753, 0.6009, 93.958, 8.44, 27917, "en", ["DE", "US"]),
        ("tt0000002", 22855, None, None, None, 10.200109, 6.8, 199, "en", ["US"]),
        ("tt0000003", 299537, 152000000, 1128276090, 6.4229, 64.237, 7.0, 11265, "en", ["US"]),
        ("tt0000004", 222841, None, None, None, 0.0, None, 0, None, []),
        ("tt0000005", None, None, None, None, None, None, None, None, None),
        ("tt0000006", 606, 2000000, 1000000, -0.5, 1.5, 5.9, 12, "fr", ["FR"]),
        # a junk budget of 5 dollars: no ROI
        ("tt0000007", 707, 5, 1000, None, 0.0, None, 0, "en", ["US"]),
        ("tt1000001", 2, None, None, None, 6.506, 6.903, 72, "en", ["US"]),
    ]


def test_country_bridge(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select title_id, country_code, country_position from refined.bridge_title_countries"
        " order by title_id, country_position",
    )
    assert got == [
        ("tt0000001", "DE", 1),
        ("tt0000001", "US", 2),
        ("tt0000002", "US", 1),
        ("tt0000003", "US", 1),
        ("tt0000006", "FR", 1),
        ("tt0000007", "US", 1),
        ("tt1000001", "US", 1),
    ]


def test_money_by_year(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select money_year_id, title_count, enriched_count, budget_count, revenue_count,"
        " roi_count, total_budget, total_revenue, median_budget, pooled_roi, median_roi"
        " from refined.comedy_animation_money_by_year order by money_year_id",
    )
    assert got == [
        ("Animation|movie|2009", 1, 1, 0, 0, 0, None, None, None, None, None),
        ("Animation|movie|2010", 1, 1, 0, 1, 0, None, 1000, None, None, None),
        ("Animation|movie|2019", 1, 1, 1, 1, 1, 152000000, 1128276090, 152e6, 6.4229, 6.4229),
        ("Animation|series|2002", 1, 1, 0, 0, 0, None, None, None, None, None),
        ("Comedy or Animation|movie|1980", 1, 1, 0, 0, 0, None, None, None, None, None),
        ("Comedy or Animation|movie|1999", 1, 1, 1, 1, 1, 63000000, 100853753, 63e6, 0.6009,
         0.6009),
        ("Comedy or Animation|movie|2009", 1, 1, 0, 0, 0, None, None, None, None, None),
        # tt0000006 (ROI -0.5) and tt0000007 (junk budget): pooled over tt0000006 only
        ("Comedy or Animation|movie|2010", 2, 2, 1, 2, 1, 2000000, 1001000, 2e6, -0.5, -0.5),
        ("Comedy or Animation|movie|2019", 1, 1, 1, 1, 1, 152000000, 1128276090, 152e6,
         6.4229, 6.4229),
        ("Comedy or Animation|series|2002", 1, 1, 0, 0, 0, None, None, None, None, None),
        ("Comedy|movie|1980", 1, 1, 0, 0, 0, None, None, None, None, None),
        ("Comedy|movie|1999", 1, 1, 1, 1, 1, 63000000, 100853753, 63e6, 0.6009, 0.6009),
        ("Comedy|movie|2010", 1, 1, 1, 1, 1, 2000000, 1000000, 2e6, -0.5, -0.5),
        ("Comedy|movie|2019", 1, 1, 1, 1, 1, 152000000, 1128276090, 152e6, 6.4229, 6.4229),
        ("Comedy|series|2002", 1, 1, 0, 0, 0, None, None, None, None, None),
    ]  # fmt: skip


def test_rating_by_budget_band(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select focus_group, title_type, budget_band, title_count, mean_rating, median_roi"
        " from refined.comedy_animation_rating_by_budget_band"
        " where focus_group = 'Comedy' order by title_type, budget_band_order",
    )
    assert got == [
        ("Comedy", "movie", "unknown", 1, 5.5, None),
        ("Comedy", "movie", "1M to 10M", 1, 6.5, -0.5),
        ("Comedy", "movie", "50M to 100M", 1, 7.1, 0.6009),
        ("Comedy", "movie", "100M and more", 1, 7.0, 6.4229),
        ("Comedy", "series", "unknown", 1, 8.0, None),
    ]


def test_top_earners(tmdb_build: dict[str, Any]) -> None:
    got = rows(
        tmdb_build["con"],
        "select focus_group, rank_by_revenue, title_id, revenue, roi"
        " from refined.comedy_animation_top_earners"
        " where title_type = 'movie' order by focus_group, rank_by_revenue",
    )
    assert got == [
        ("Animation", 1, "tt0000003", 1128276090, 6.4229),
        ("Animation", 2, "tt0000007", 1000, None),
        ("Comedy", 1, "tt0000003", 1128276090, 6.4229),
        ("Comedy", 2, "tt0000001", 100853753, 0.6009),
        ("Comedy", 3, "tt0000006", 1000000, -0.5),
        ("Comedy or Animation", 1, "tt0000003", 1128276090, 6.4229),
        ("Comedy or Animation", 2, "tt0000001", 100853753, 0.6009),
        ("Comedy or Animation", 3, "tt0000006", 1000000, -0.5),
        ("Comedy or Animation", 4, "tt0000007", 1000, None),
    ]


def test_model_metrics_with_and_without_tmdb(tmdb_build: dict[str, Any]) -> None:
    con = tmdb_build["con"]
    flags = dict(
        rows(con, "select title_id, has_tmdb_features from refined.title_rating_predictions")
    )
    # titles with at least model_min_votes (5) votes; tt0000005 was not found
    assert flags == {
        "tt0000001": True,
        "tt0000002": True,
        "tt0000003": True,
        "tt0000004": True,
        "tt0000005": False,
        "tt0000006": True,
        "tt0000007": True,
        "tt1000001": True,
    }
    metrics = rows(
        con,
        "select title_type, predictor, n_test, n_test_with_tmdb, mse is not null,"
        " mae is not null from refined.model_metrics"
        " where model_name = 'title_rating_predictions' order by title_type, predictor",
    )
    by_scope: dict[str, list[tuple[Any, ...]]] = {}
    for title_type, *rest in metrics:
        by_scope.setdefault(title_type, []).append(tuple(rest))
    expected_tests = rows(
        con,
        "select count(*), count(*) filter (where has_tmdb_features)"
        " from refined.title_rating_predictions where split = 'test'",
    )[0]
    n_test, n_with = expected_tests
    assert n_test >= 1
    assert [row[0] for row in by_scope["all"]] == ["model", "model_without_tmdb", "naive_mean"]
    for predictor, tests, with_tmdb, has_mse, has_mae in by_scope["all"]:
        assert (tests, with_tmdb, has_mse, has_mae) == (n_test, n_with, True, True), predictor


def test_docs_describe_every_tmdb_column(tmdb_build: dict[str, Any]) -> None:
    # the manifest of the last build: every TMDB model and column has a description
    manifest = json.loads((Path(tmdb_build["work"]) / "target" / "manifest.json").read_text())
    missing = []
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or not any(
            word in uid for word in ("tmdb", "money", "countries", "earners", "budget_band")
        ):
            continue
        if not node.get("description"):
            missing.append(uid)
        missing += [f"{uid}.{c}" for c, col in node["columns"].items() if not col["description"]]
    assert missing == []
