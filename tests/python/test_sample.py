"""The sample generator reproduces the shape of the real movies.csv / series.csv."""

from __future__ import annotations

import csv
import itertools
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from cinelake_tools.sample import SampleFiles, write_sample

from ingest.schema import MOVIES_COLUMNS

TITLES = 2000
NULL = "\\N"

MOVIES_HEADER = (
    "id|tituloPincipal|tituloOriginal|anoLancamento|tempoMinutos|genero|notaMedia|"
    "numeroVotos|generoArtista|personagem|nomeArtista|anoNascimento|anoFalecimento|"
    "profissao|titulosMaisConhecidos"
)
SERIES_HEADER = (
    "id|tituloPincipal|tituloOriginal|anoLancamento|anoTermino|tempoMinutos|genero|"
    "notaMedia|numeroVotos|generoArtista|personagem|nomeArtista|anoNascimento|"
    "anoFalecimento|profissao|titulosMaisConhecidos"
)
# The genres of the real movies.csv (data facts); series add at least Game-Show.
MOVIE_GENRES = {
    "Drama", "Comedy", "Romance", "Action", "Crime", "Thriller", "Horror", "Adventure",
    "Documentary", "Mystery", "Family", "Fantasy", "Sci-Fi", "Musical", "History",
    "Biography", "War", "Western", "Music", "Animation", "Sport", "Film-Noir", "News",
    "Adult", "Reality-TV", "Short", "Talk-Show",
}  # fmt: skip
SERIES_GENRES = MOVIE_GENRES | {"Game-Show"}
PROFESSIONS = {
    "actor", "actress", "writer", "director", "producer", "soundtrack", "composer",
    "miscellaneous", "music_department",
}  # fmt: skip
# The title-level fields: every column up to numeroVotos, repeated on each credit row.
TITLE_COLUMNS = MOVIES_COLUMNS[: MOVIES_COLUMNS.index("numeroVotos") + 1]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="|")
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


@pytest.fixture(scope="module")
def lf(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return write_sample(tmp_path_factory.mktemp("lf"), TITLES)


@pytest.fixture(scope="module")
def crlf(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return write_sample(tmp_path_factory.mktemp("crlf"), TITLES, crlf=True)


@pytest.fixture(scope="module")
def movies(lf: SampleFiles) -> list[dict[str, str]]:
    return _read(lf.movies)[1]


@pytest.fixture(scope="module")
def series(lf: SampleFiles) -> list[dict[str, str]]:
    return _read(lf.series)[1]


@pytest.fixture(scope="module", params=["movies", "series"])
def rows(request: pytest.FixtureRequest) -> list[dict[str, str]]:
    return request.getfixturevalue(request.param)


def _titles(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    by_id: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_id[row["id"]].append(row)
    return by_id


# --------------------------------------------------------------------------- format


def test_same_inputs_give_identical_bytes(lf: SampleFiles, tmp_path: Path) -> None:
    again = write_sample(tmp_path / "again", TITLES)
    assert again.movies.read_bytes() == lf.movies.read_bytes()
    assert again.series.read_bytes() == lf.series.read_bytes()
    assert (again.movie_rows, again.series_rows) == (lf.movie_rows, lf.series_rows)


def test_another_seed_gives_other_data(lf: SampleFiles, tmp_path: Path) -> None:
    other = write_sample(tmp_path / "other", TITLES, seed=7)
    assert other.movies.read_bytes() != lf.movies.read_bytes()
    assert other.series.read_bytes() != lf.series.read_bytes()
    # ... but the same shape: the header and the number of titles.
    header, rows = _read(other.movies)
    assert "|".join(header) == MOVIES_HEADER
    assert len({r["id"] for r in rows}) == TITLES


def test_headers_are_exact(lf: SampleFiles) -> None:
    for path, header in ((lf.movies, MOVIES_HEADER), (lf.series, SERIES_HEADER)):
        first = path.read_bytes().split(b"\n", 1)[0]
        assert first.decode("utf-8") == header
    assert lf.movies.name == "movies.csv"
    assert lf.series.name == "series.csv"


def test_utf8_without_bom_with_non_ascii(lf: SampleFiles) -> None:
    for path in (lf.movies, lf.series):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8")  # raises if not UTF-8
        assert not text.isascii()
    text = lf.movies.read_text(encoding="utf-8") + lf.series.read_text(encoding="utf-8")
    assert any(ch in text for ch in "éãöñç")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text), "no CJK text"


def test_lf_mode_has_no_carriage_return(lf: SampleFiles) -> None:
    for path in (lf.movies, lf.series):
        data = path.read_bytes()
        assert b"\r" not in data
        assert data.endswith(b"\n")


def test_crlf_mode_ends_every_line_with_crlf(lf: SampleFiles, crlf: SampleFiles) -> None:
    for path, twin in ((crlf.movies, lf.movies), (crlf.series, lf.series)):
        data = path.read_bytes()
        lines = data.split(b"\n")
        assert lines[-1] == b""
        assert all(line.endswith(b"\r") for line in lines[:-1])
        assert data.count(b"\r") == data.count(b"\n")
        # The same rows as the LF file, only the line ends differ.
        assert data == twin.read_bytes().replace(b"\n", b"\r\n")
    assert (crlf.movie_rows, crlf.series_rows) == (lf.movie_rows, lf.series_rows)


def test_every_line_has_the_column_count(lf: SampleFiles) -> None:
    for path, width in ((lf.movies, 15), (lf.series, 16)):
        with path.open(encoding="utf-8", newline="") as f:
            lines = list(csv.reader(f, delimiter="|"))
        assert len(lines) > 1
        bad = [i for i, fields in enumerate(lines) if len(fields) != width]
        assert bad == []


def test_row_counts_match_files(lf: SampleFiles) -> None:
    for path, count in ((lf.movies, lf.movie_rows), (lf.series, lf.series_rows)):
        assert path.read_bytes().count(b"\n") == count + 1
    assert len({r["id"] for r in _read(lf.movies)[1]}) == TITLES
    assert len({r["id"] for r in _read(lf.series)[1]}) == round(TITLES * 0.45)


def _as_written(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if '"' in value else value


def test_quoting_round_trips(lf: SampleFiles) -> None:
    """Only fields holding a `"` are quoted; no field holds `|` or a newline."""
    quoted_columns: Counter[str] = Counter()
    for path in (lf.movies, lf.series):
        raw = path.read_text(encoding="utf-8").split("\n")[:-1]
        _, rows = _read(path)
        assert len(raw) == len(rows) + 1
        for line, row in zip(raw[1:], rows, strict=True):
            assert "|".join(_as_written(v) for v in row.values()) == line
            for column, value in row.items():
                assert "\n" not in value and "\r" not in value and "|" not in value
                if '"' in value:
                    quoted_columns[column] += 1
    assert quoted_columns["tituloPincipal"] > 0
    assert quoted_columns["personagem"] > 0
    assert quoted_columns["nomeArtista"] > 0
    titles = {r["id"] for r in _read(lf.movies)[1] if '"' in r["tituloPincipal"]}
    assert 0.002 * TITLES <= len(titles) <= 0.01 * TITLES


# --------------------------------------------------------------------------- ids, grain


def test_ids_are_sorted_unique_and_disjoint(lf: SampleFiles) -> None:
    movie_ids = [r["id"] for r in _read(lf.movies)[1]]
    series_ids = [r["id"] for r in _read(lf.series)[1]]
    for ids in (movie_ids, series_ids):
        assert ids == sorted(ids)
        assert all(re.fullmatch(r"tt\d{7,8}", i) for i in ids)
        # One block per id: sorting kept each title's rows together.
        blocks = [i for n, i in enumerate(ids) if n == 0 or ids[n - 1] != i]
        assert len(blocks) == len(set(ids))
    assert not set(movie_ids) & set(series_ids)
    every = set(movie_ids) | set(series_ids)
    eight = sum(len(i) == 10 for i in every)
    assert 0 < eight < len(every) / 2  # mostly 7 digits, some 8
    # Sorted as strings, not as numbers: "tt1xxxxxxx" (8 digits) comes before "tt2xxxxxx".
    assert any(
        len(a) > len(b) and int(a[2:]) > int(b[2:]) for a, b in itertools.pairwise(movie_ids)
    )


def test_rows_per_title(rows: list[dict[str, str]]) -> None:
    per_title = Counter(r["id"] for r in rows)
    counts = Counter(per_title.values())
    assert set(counts) <= set(range(1, 11))
    assert counts.most_common(1)[0][0] == 4
    assert 3.9 <= statistics.mean(per_title.values()) <= 4.7


def test_title_fields_repeat_on_every_row(rows: list[dict[str, str]]) -> None:
    columns = [*TITLE_COLUMNS, *(["anoTermino"] if "anoTermino" in rows[0] else [])]
    for title_rows in _titles(rows).values():
        first = [title_rows[0][c] for c in columns]
        assert all([r[c] for c in columns] == first for r in title_rows)


def test_artist_fields_vary_within_a_title(rows: list[dict[str, str]]) -> None:
    for title_rows in _titles(rows).values():
        names = [r["nomeArtista"] for r in title_rows]
        assert len(names) == len(set(names))


def test_nulls_where_expected(movies: list[dict[str, str]], series: list[dict[str, str]]) -> None:
    nullable = {
        "anoLancamento",
        "tempoMinutos",
        "genero",
        "personagem",
        "anoNascimento",
        "anoFalecimento",
        "profissao",
        "titulosMaisConhecidos",
    }
    never = {
        "id",
        "tituloPincipal",
        "tituloOriginal",
        "notaMedia",
        "numeroVotos",
        "generoArtista",
        "nomeArtista",
    }
    for rows, extra in ((movies, set()), (series, {"anoTermino"})):
        nulls = Counter(c for r in rows for c, v in r.items() if v == NULL)
        assert set(nulls) == nullable | extra
        assert not never & set(nulls)
        for column in ("id", "tituloPincipal", "nomeArtista"):
            assert all(r[column] for r in rows)
    share = Counter(r["personagem"] == NULL for r in movies)[True] / len(movies)
    assert 0.3 < share < 0.5


# --------------------------------------------------------------------------- values


def test_titles(movies: list[dict[str, str]]) -> None:
    by_id = {i: rs[0] for i, rs in _titles(movies).items()}
    shared = [t for t, n in Counter(r["tituloPincipal"] for r in by_id.values()).items() if n > 1]
    assert shared, "no title is shared by several ids"
    differs = sum(r["tituloPincipal"] != r["tituloOriginal"] for r in by_id.values())
    assert 0.15 < differs / len(by_id) < 0.32


def test_years(movies: list[dict[str, str]], series: list[dict[str, str]]) -> None:
    for rows in (movies, series):
        years = [int(r["anoLancamento"]) for r in rows if r["anoLancamento"] != NULL]
        assert min(years) >= 1894
        assert max(years) <= 2022
    starts = {r["id"]: r["anoLancamento"] for r in movies}
    recent = sum(y != NULL and int(y) >= 1960 for y in starts.values())
    assert recent / len(starts) > 0.75


def test_series_end_year_not_before_start(series: list[dict[str, str]]) -> None:
    ends = Counter()
    for r in series:
        start, end = r["anoLancamento"], r["anoTermino"]
        if end == NULL:
            ends["open"] += 1
            continue
        ends["closed"] += 1
        assert re.fullmatch(r"\d{4}", end)
        assert start != NULL, "an end year without a start year"
        assert int(end) >= int(start)
        assert int(end) <= 2022
    assert ends["open"] and ends["closed"]


def test_runtime(movies: list[dict[str, str]], series: list[dict[str, str]]) -> None:
    for rows, typical in ((movies, (60, 150)), (series, (20, 60))):
        titles = {r["id"]: r["tempoMinutos"] for r in rows}
        minutes = [int(v) for v in titles.values() if v != NULL]
        assert all(0 < m <= 43_200 for m in minutes)
        assert typical[0] <= statistics.median(minutes) <= typical[1]
        null_share = 1 - len(minutes) / len(titles)
        assert 0.04 < null_share < 0.18
    assert max(int(r["tempoMinutos"]) for r in movies if r["tempoMinutos"] != NULL) == 43_200


def test_genres(rows: list[dict[str, str]]) -> None:
    allowed = SERIES_GENRES if "anoTermino" in rows[0] else MOVIE_GENRES
    seen: Counter[str] = Counter()
    for r in rows:
        value = r["genero"]
        if value == NULL:
            continue
        genres = value.split(",")
        assert 1 <= len(genres) <= 3
        assert len(set(genres)) == len(genres)
        assert genres == sorted(genres)
        assert set(genres) <= allowed, value
        assert " " not in value
        seen.update(genres)
    assert len(seen) >= 15


def test_movie_genre_frequencies(movies: list[dict[str, str]]) -> None:
    titles = {r["id"]: r["genero"] for r in movies}
    counts = Counter(g for v in titles.values() if v != NULL for g in v.split(","))
    ranked = [g for g, _ in counts.most_common()]
    assert ranked[:2] == ["Drama", "Comedy"]
    assert 0.42 < counts["Drama"] / len(titles) < 0.6
    assert counts["Animation"] < counts["Horror"]


def test_series_genres_lean_to_tv(series: list[dict[str, str]]) -> None:
    titles = {r["id"]: r["genero"] for r in series}
    counts = Counter(g for v in titles.values() if v != NULL for g in v.split(","))
    assert counts["Game-Show"] > 0
    assert counts["Comedy"] >= counts["Drama"]


def test_ratings_and_votes(rows: list[dict[str, str]]) -> None:
    titles = {r["id"]: r for r in rows}
    ratings = []
    for r in titles.values():
        assert re.fullmatch(r"\d{1,2}\.\d", r["notaMedia"]), r["notaMedia"]
        rating = float(r["notaMedia"])
        assert 1.0 <= rating <= 10.0
        ratings.append(rating)
        assert re.fullmatch(r"\d+", r["numeroVotos"])
        assert 5 <= int(r["numeroVotos"]) <= 2_667_411
    assert 10.0 in ratings
    assert 5.8 <= statistics.mean(ratings) <= 7.2
    votes = [int(r["numeroVotos"]) for r in titles.values()]
    assert 40 <= statistics.median(votes) <= 120
    assert max(votes) > 100 * statistics.median(votes)  # highly skewed


def test_artists(rows: list[dict[str, str]]) -> None:
    for r in rows:
        assert r["generoArtista"] in {"actor", "actress"}
        birth, death = r["anoNascimento"], r["anoFalecimento"]
        for year in (birth, death):
            assert year == NULL or re.fullmatch(r"\d{4}", year)
        if birth != NULL and death != NULL:
            assert int(death) > int(birth)
        prof = r["profissao"]
        if prof not in (NULL, ""):
            parts = prof.split(",")
            assert 1 <= len(parts) <= 3 and len(set(parts)) == len(parts)
            assert set(parts) <= PROFESSIONS
    assert {r["generoArtista"] for r in rows} == {"actor", "actress"}
    assert any(r["profissao"] == "" for r in rows)


def test_namesakes_and_recurring_artists(movies: list[dict[str, str]]) -> None:
    births: defaultdict[str, set[str]] = defaultdict(set)
    titles_of: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for r in movies:
        if r["anoNascimento"] != NULL:
            births[r["nomeArtista"]].add(r["anoNascimento"])
        titles_of[(r["nomeArtista"], r["anoNascimento"])].add(r["id"])
    assert any(len(b) > 1 for b in births.values()), "no two artists share a name"
    assert max(len(t) for t in titles_of.values()) >= 5, "no artist recurs across titles"


def test_known_titles_are_existing_ids(lf: SampleFiles) -> None:
    movie_rows, series_rows = _read(lf.movies)[1], _read(lf.series)[1]
    every = {r["id"] for r in movie_rows} | {r["id"] for r in series_rows}
    sizes = Counter()
    for r in movie_rows + series_rows:
        value = r["titulosMaisConhecidos"]
        if value == NULL:
            continue
        ids = value.split(",")
        assert 1 <= len(ids) <= 4 and len(set(ids)) == len(ids)
        assert set(ids) <= every
        sizes[len(ids)] += 1
    assert set(sizes) == {1, 2, 3, 4}


def test_personagem_shapes(movies: list[dict[str, str]]) -> None:
    roles = [r["personagem"] for r in movies if r["personagem"] != NULL]
    assert any("(" in role and role.endswith(")") for role in roles)
    # Two roles run together with no separator, like "ChampmathieuJean Valjean".
    assert any(re.search(r"[a-z][A-Z]", role) for role in roles)


# --------------------------------------------------------------------------- edges


def test_zero_titles_gives_headers_only(tmp_path: Path) -> None:
    files = write_sample(tmp_path / "empty", 0)
    assert files.movies.read_text(encoding="utf-8") == MOVIES_HEADER + "\n"
    assert files.series.read_text(encoding="utf-8") == SERIES_HEADER + "\n"
    assert (files.movie_rows, files.series_rows) == (0, 0)


def test_creates_nested_out_dir(tmp_path: Path) -> None:
    files = write_sample(tmp_path / "a" / "b", 10)
    assert files.movies.exists() and files.series.exists()
    assert len({r["id"] for r in _read(files.series)[1]}) == round(10 * 0.45)


@pytest.mark.parametrize("bad", [-1, 10**9])
def test_rejects_out_of_range_titles(tmp_path: Path, bad: int) -> None:
    with pytest.raises(ValueError, match="titles"):
        write_sample(tmp_path, bad)


def test_rejects_non_int_titles(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_sample(tmp_path, 2.5)  # type: ignore[arg-type]
