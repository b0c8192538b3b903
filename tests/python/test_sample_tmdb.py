"""`cinelake sample` writes TMDB bodies for its titles: shapes, quirks, determinism.

The expectations are recomputed from the CSVs and the bodies written; the quirk rates
are checked within generous bounds around the generator's settings.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cinelake_tools.sample import write_sample
from cinelake_tools.sample.days import write_days
from cinelake_tools.sample.tmdb import TmdbResponses, genre_names, write_tmdb_responses

TITLES = 2000
SEED = 7
FIND_ARRAYS = [
    "movie_results",
    "person_results",
    "tv_results",
    "tv_episode_results",
    "tv_season_results",
]
MOVIE_FIELDS = {
    "adult", "backdrop_path", "belongs_to_collection", "budget", "genres", "homepage", "id",
    "imdb_id", "original_language", "original_title", "overview", "popularity",
    "poster_path", "production_companies", "production_countries", "release_date", "revenue",
    "runtime", "spoken_languages", "status", "tagline", "title", "video", "vote_average",
    "vote_count",
}  # fmt: skip
TV_FIELDS = {
    "adult", "backdrop_path", "created_by", "episode_run_time", "first_air_date", "genres",
    "homepage", "id", "in_production", "languages", "last_air_date", "last_episode_to_air",
    "name", "next_episode_to_air", "networks", "number_of_episodes", "number_of_seasons",
    "origin_country", "original_language", "original_name", "overview", "popularity",
    "poster_path", "production_companies", "production_countries", "seasons",
    "spoken_languages", "status", "tagline", "type", "vote_average", "vote_count",
}  # fmt: skip
LEGACY_ABSENT = {"original_language", "video", "origin_country"}


def sample_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="|")
        next(reader)
        return sorted({row[0] for row in reader})


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("tmdb-sample")
    files = write_sample(root, TITLES, seed=SEED)
    made = write_tmdb_responses(root / "tmdb", files.movies, files.series, seed=SEED)
    out = made.out_dir
    finds = {p.stem: load(p) for p in sorted((out / "find").glob("*.json"))}
    movies = {int(p.stem): load(p) for p in (out / "movie").glob("*.json")}
    shows = {int(p.stem): load(p) for p in (out / "tv").glob("*.json")}
    return {
        "root": root,
        "made": made,
        "movie_ids": sample_ids(files.movies),
        "series_ids": sample_ids(files.series),
        "finds": finds,
        "movie": movies,
        "tv": shows,
    }


def pointed(find: dict[str, Any]) -> tuple[str, int]:
    """(media type, TMDB id) of the one result of a find body."""
    results = [(m, r) for m in ("movie", "tv") for r in find[f"{m}_results"]]
    assert len(results) == 1, find
    media, result = results[0]
    return media, result["id"]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_counts_match_the_files(sample: dict[str, Any]) -> None:
    made: TmdbResponses = sample["made"]
    assert made.titles == len(sample["movie_ids"]) + len(sample["series_ids"])
    assert (made.finds, made.movies, made.tv) == (
        len(sample["finds"]),
        len(sample["movie"]),
        len(sample["tv"]),
    )


def test_same_inputs_give_identical_bytes(sample: dict[str, Any], tmp_path: Path) -> None:
    root = sample["root"]
    again = write_tmdb_responses(
        tmp_path / "tmdb", root / "movies.csv", root / "series.csv", seed=SEED
    )
    assert tree(again.out_dir) == tree(sample["made"].out_dir)


def test_another_seed_gives_other_bodies(sample: dict[str, Any], tmp_path: Path) -> None:
    root = sample["root"]
    other = write_tmdb_responses(tmp_path / "tmdb", root / "movies.csv", root / "series.csv", 8)
    assert tree(other.out_dir) != tree(sample["made"].out_dir)


def test_rewrite_replaces_what_was_there(sample: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "tmdb"
    (out / "find").mkdir(parents=True)
    (out / "find" / "tt0000000.json").write_text("{}", encoding="utf-8")
    (out / "keep.txt").write_text("not ours", encoding="utf-8")
    root = sample["root"]
    write_tmdb_responses(out, root / "movies.csv", root / "series.csv", seed=SEED)
    assert not (out / "find" / "tt0000000.json").exists()
    assert (out / "keep.txt").exists()


def test_every_find_is_a_sample_title_and_points_at_a_details_file(
    sample: dict[str, Any],
) -> None:
    titles = set(sample["movie_ids"]) | set(sample["series_ids"])
    targets = Counter()
    for imdb_id, find in sample["finds"].items():
        assert imdb_id in titles
        media, tmdb_id = pointed(find)
        assert tmdb_id in sample[media], (imdb_id, media, tmdb_id)
        targets[(media, tmdb_id)] += 1
    # every details file is the answer of exactly one find
    assert set(targets) == {("movie", i) for i in sample["movie"]} | {
        ("tv", i) for i in sample["tv"]
    }
    assert max(targets.values()) == 1


def test_find_bodies_have_tmdb_shapes(sample: dict[str, Any]) -> None:
    shapes = Counter()
    for find in sample["finds"].values():
        media, _ = pointed(find)
        result = find[f"{media}_results"][0]
        if list(find) == FIND_ARRAYS:
            shape = "current" if "media_type" in result else "compact"
        else:
            assert list(find) == ["movie_results", "person_results", "tv_results"]
            assert "media_type" not in result and "genre_ids" not in result
            shape = "legacy"
        if shape == "current":
            assert result["media_type"] == media
        assert {"id", "popularity", "vote_average", "vote_count"} <= set(result)
        assert (
            {"title", "original_title", "release_date"} <= set(result)
            if media == "movie"
            else {
                "name",
                "original_name",
                "first_air_date",
            }
            <= set(result)
        )
        shapes[shape] += 1
    total = sum(shapes.values())
    assert 0.9 < shapes["current"] / total < 0.99
    assert 0.01 < shapes["compact"] / total < 0.06
    assert 0.002 < shapes["legacy"] / total < 0.03


def test_share_of_titles_on_tmdb(sample: dict[str, Any]) -> None:
    found = set(sample["finds"])
    movies, series = sample["movie_ids"], sample["series_ids"]
    movie_share = len(found & set(movies)) / len(movies)
    series_share = len(found & set(series)) / len(series)
    assert 0.6 < movie_share < 0.9
    assert 0.55 < series_share < 0.9
    assert series_share < movie_share


def test_movie_details_shape_and_quirks(sample: dict[str, Any]) -> None:
    finds = sample["finds"]
    by_tmdb = {pointed(f): imdb_id for imdb_id, f in finds.items()}
    seed_names = genre_names()
    stats = Counter()
    for tmdb_id, body in sample["movie"].items():
        legacy = "video" not in body
        expected = MOVIE_FIELDS - LEGACY_ABSENT if legacy else MOVIE_FIELDS
        assert expected <= set(body) <= MOVIE_FIELDS | {"origin_country"}, body
        assert body["id"] == tmdb_id
        imdb_id = by_tmdb[("movie", tmdb_id)]
        assert body["imdb_id"] in (imdb_id, None, "")
        stats["imdb_id " + repr(body["imdb_id"] if body["imdb_id"] != imdb_id else "ok")] += 1
        assert isinstance(body["budget"], int) and body["budget"] >= 0
        assert isinstance(body["revenue"], int) and body["revenue"] >= 0
        stats["budget 0"] += body["budget"] == 0
        stats["revenue 0"] += body["revenue"] == 0
        stats["junk budget"] += 0 < body["budget"] < 1000
        stats["release_date ''"] += body["release_date"] == ""
        for country in body["production_countries"]:
            assert set(country) == {"iso_3166_1", "name"} and len(country["iso_3166_1"]) == 2
        localised = any(g["name"] != seed_names[g["id"]] for g in body["genres"])
        stats["localised"] += localised
        stats["legacy"] += legacy
        if legacy:
            assert isinstance(body["popularity"], float)
        stats["popularity 0"] += body["popularity"] == 0 and isinstance(body["popularity"], int)
        assert all(set(g) == {"id", "name"} and g["id"] in seed_names for g in body["genres"])
    n = len(sample["movie"])
    assert n > 1000
    assert stats["budget 0"] / n > 0.6  # unknown is the usual case
    assert 0.02 < 1 - stats["budget 0"] / n < 0.4
    assert stats["revenue 0"] / n > 0.7
    assert 0 < stats["imdb_id None"] / n < 0.05
    assert 0 < stats["imdb_id ''"] / n < 0.03
    assert stats["imdb_id 'ok'"] / n > 0.9
    assert 0 < stats["junk budget"] / n < 0.02
    assert 0 < stats["release_date ''"] / n < 0.06
    assert 0 < stats["localised"] / n < 0.08
    assert 0 < stats["legacy"] / n < 0.04
    assert 0 < stats["popularity 0"] / n < 0.08


def test_tv_details_shape(sample: dict[str, Any]) -> None:
    seed_names = genre_names()
    for tmdb_id, body in sample["tv"].items():
        legacy = "original_language" not in body
        expected = TV_FIELDS - LEGACY_ABSENT if legacy else TV_FIELDS
        assert expected <= set(body) <= TV_FIELDS, body
        assert body["id"] == tmdb_id
        assert "imdb_id" not in body and "budget" not in body
        assert body["first_air_date"] == "" or len(body["first_air_date"]) == 10
        if not legacy:
            assert all(len(c) == 2 for c in body["origin_country"])
        assert all(g["id"] in seed_names for g in body["genres"])
    assert len(sample["tv"]) > 400


def test_a_few_series_are_movies_on_tmdb(sample: dict[str, Any]) -> None:
    series = set(sample["series_ids"])
    as_movie = [i for i, f in sample["finds"].items() if i in series and pointed(f)[0] == "movie"]
    assert 0 < len(as_movie) < 0.02 * len(series)


def test_money_is_plausible(sample: dict[str, Any]) -> None:
    budgets = [b["budget"] for b in sample["movie"].values() if b["budget"] >= 1000]
    revenues = [b["revenue"] for b in sample["movie"].values() if b["revenue"] > 0]
    assert budgets and revenues
    assert all(1000 <= b < 2_000_000_000 for b in budgets)
    assert min(revenues) >= 1 and max(revenues) < 20_000_000_000
    median = sorted(budgets)[len(budgets) // 2]
    assert 500_000 < median < 60_000_000


def test_cli_writes_the_bodies_beside_the_sample(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_"))}
    env["HOME"] = str(tmp_path)

    def cinelake(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cinelake.cli", *args], env=env, capture_output=True, text=True
        )

    bodies = "--tmdb-bodies"
    plain = cinelake("sample", "--titles", "200", "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert not (tmp_path / "plain" / "tmdb").exists()  # the bodies are opt-in
    one = cinelake("sample", "--titles", "200", "--out", str(tmp_path / "one"), bodies)
    assert one.returncode == 0, one.stderr
    days = cinelake(
        "sample", "--titles", "200", "--days", "2", "--out", str(tmp_path / "days"), bodies
    )
    assert days.returncode == 0, days.stderr
    # the --days pool is the single-day sample: the same titles, the same bodies
    assert tree(tmp_path / "one" / "tmdb") == tree(tmp_path / "days" / "tmdb")
    assert len(list((tmp_path / "one" / "tmdb" / "find").glob("tt*.json"))) > 150


def test_write_days_writes_tmdb_only_when_asked(tmp_path: Path) -> None:
    write_days(tmp_path / "plain", 60, 2)
    assert not (tmp_path / "plain" / "tmdb").exists()
    write_days(tmp_path / "with", 60, 2, tmdb_dir=tmp_path / "with" / "tmdb")
    assert list((tmp_path / "with" / "tmdb" / "find").glob("*.json"))
