"""TMDB response bodies for the sample titles, for a local fake TMDB server.

`cinelake sample` writes them next to the CSVs (`<out>/tmdb/`), so that the TMDB
enrichment runs end to end without an API key. The directory is the contract with the
fake server:

- `DIR/find/<imdb_id>.json`: the body of `GET /3/find/<imdb_id>?external_source=imdb_id`
  for every sample title that is on TMDB (a title without a file is not on TMDB: the
  server answers the find with empty result arrays);
- `DIR/movie/<tmdb_id>.json` and `DIR/tv/<tmdb_id>.json`: the bodies of
  `GET /3/movie/<id>` and `GET /3/tv/<id>`, one for every id a find body points at.

The bodies have the shape of the real ones (see the real captures described in the
warehouse, docs/tmdb/warehouse.md) with their quirks, at rates set below:
titles missing from TMDB (more of them among titles with few votes), `budget` and
`revenue` 0 for unknown (most titles) and the occasional junk budget of a few dollars,
`imdb_id` null or `""` in a movie body, `""` dates, strings and `homepage`, an integer
`popularity` of 0 for titles nobody looks at, genre (and country) names localised in
French or Brazilian Portuguese in a body fetched with a `language`, a legacy (2013)
shaped body now and then (no `original_language`, `video` or `origin_country`, `null`
where today's API writes `""` or 0), find bodies in the compact 2022 shape (no
`media_type`) or the legacy three-array shape, and a few series that TMDB lists as a
movie.

Output is a pure function of the two CSV files and `seed`: each title draws from its
own `random.Random` seeded with `seed` and its IMDb id, so a title's bodies do not depend
on the other titles except for its TMDB id, which is numbered in IMDb id order (movies,
then series) with random gaps. JSON is written compact, UTF-8, keys in TMDB's
order.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import random
import shutil
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.warehouse.profile import PROJECT_ROOT as PROJECT

log = logging.getLogger(__name__)


# The TMDB genre ids and their English names: the dbt seed the warehouse maps ids with.
GENRES_SEED = PROJECT / "seeds" / "tmdb_genres.csv"
FOLDERS = ("find", "movie", "tv")

# Quirk rates, per title on TMDB (measured from the real captures and peer batches
# where they say something, else plausible).
P_SERIES_AS_MOVIE = 0.006  # a series that TMDB lists as a movie (TV film, special)
P_IMDB_ID_NULL = 0.02  # movie details with "imdb_id": null
P_IMDB_ID_EMPTY = 0.01  # ... with "imdb_id": ""
P_DATE_EMPTY = 0.02  # release_date / first_air_date ""
P_LOCALISED = 0.03  # body fetched with a language: localised genre and country names
P_LEGACY = 0.015  # a 2013-shaped details body
P_JUNK_BUDGET = 0.004  # budget of a few dollars (TMDB's "latest" capture has 5)
P_FIND_COMPACT = 0.03  # find body in the 2022 shape: no media_type
P_FIND_LEGACY = 0.01  # find body with three arrays only, no media_type, no genre_ids
P_ORIGIN_COUNTRY = 0.5  # newer movie bodies carry a movie-level origin_country
P_NO_VOTES = 0.03  # nobody voted or looked: vote 0, popularity integer 0
# How much the IMDb rating pulls popularity and revenue up (log scale per rating point),
# so that the TMDB features carry some of the signal they carry in the real data.
RATING_PULL = 0.3

# IMDb genre -> TMDB genre ids (movie, tv); None: TMDB has no such genre.
MOVIE_GENRE_IDS: dict[str, tuple[int, ...]] = {
    "Action": (28,),
    "Adventure": (12,),
    "Animation": (16,),
    "Biography": (18, 36),
    "Comedy": (35,),
    "Crime": (80,),
    "Documentary": (99,),
    "Drama": (18,),
    "Family": (10751,),
    "Fantasy": (14,),
    "Film-Noir": (80, 53),
    "History": (36,),
    "Horror": (27,),
    "Music": (10402,),
    "Musical": (10402,),
    "Mystery": (9648,),
    "News": (99,),
    "Romance": (10749,),
    "Sci-Fi": (878,),
    "Sport": (18,),
    "Thriller": (53,),
    "War": (10752,),
    "Western": (37,),
}
TV_GENRE_IDS: dict[str, tuple[int, ...]] = {
    "Action": (10759,),
    "Adventure": (10759,),
    "Animation": (16,),
    "Comedy": (35,),
    "Crime": (80,),
    "Documentary": (99,),
    "Drama": (18,),
    "Family": (10751,),
    "Fantasy": (10765,),
    "Game-Show": (10764,),
    "History": (99,),
    "Horror": (9648,),
    "Mystery": (9648,),
    "News": (10763,),
    "Reality-TV": (10764,),
    "Romance": (10766,),
    "Sci-Fi": (10765,),
    "Talk-Show": (10767,),
    "Thriller": (9648,),
    "War": (10768,),
    "Western": (37,),
}
# Localised genre names, as TMDB returns them for `language=fr-FR` / `pt-BR` (the
# TV-only genres mostly stay English there too).
LOCALISED_GENRES: dict[str, dict[int, str]] = {
    "fr": {
        12: "Aventure",
        14: "Fantastique",
        16: "Animation",
        18: "Drame",
        27: "Horreur",
        28: "Action",
        35: "Comédie",
        36: "Histoire",
        37: "Western",
        53: "Thriller",
        80: "Crime",
        99: "Documentaire",
        878: "Science-Fiction",
        9648: "Mystère",
        10402: "Musique",
        10749: "Romance",
        10751: "Familial",
        10752: "Guerre",
        10759: "Action & Aventure",
        10765: "Science-Fiction & Fantastique",
        10768: "Guerre & Politique",
    },
    "pt": {
        12: "Aventura",
        14: "Fantasia",
        16: "Animação",
        18: "Drama",
        27: "Terror",
        28: "Ação",
        35: "Comédia",
        36: "História",
        37: "Faroeste",
        53: "Thriller",
        80: "Crime",
        99: "Documentário",
        878: "Ficção científica",
        9648: "Mistério",
        10402: "Música",
        10749: "Romance",
        10751: "Família",
        10752: "Guerra",
        10759: "Action & Adventure",
        10765: "Sci-Fi & Fantasy",
        10768: "War & Politics",
    },
}
# Countries: English name, then the French and Portuguese ones for localised bodies.
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "US": ("United States of America", "États-Unis d'Amérique", "Estados Unidos da América"),
    "GB": ("United Kingdom", "Royaume-Uni", "Reino Unido"),
    "CA": ("Canada", "Canada", "Canadá"),
    "AU": ("Australia", "Australie", "Austrália"),
    "IE": ("Ireland", "Irlande", "Irlanda"),
    "FR": ("France", "France", "França"),
    "BE": ("Belgium", "Belgique", "Bélgica"),
    "DE": ("Germany", "Allemagne", "Alemanha"),
    "AT": ("Austria", "Autriche", "Áustria"),
    "ES": ("Spain", "Espagne", "Espanha"),
    "MX": ("Mexico", "Mexique", "México"),
    "AR": ("Argentina", "Argentine", "Argentina"),
    "IT": ("Italy", "Italie", "Itália"),
    "BR": ("Brazil", "Brésil", "Brasil"),
    "PT": ("Portugal", "Portugal", "Portugal"),
    "SE": ("Sweden", "Suède", "Suécia"),
    "DK": ("Denmark", "Danemark", "Dinamarca"),
    "NO": ("Norway", "Norvège", "Noruega"),
    "JP": ("Japan", "Japon", "Japão"),
    "KR": ("South Korea", "Corée du Sud", "Coreia do Sul"),
    "CN": ("China", "Chine", "China"),
    "HK": ("Hong Kong", "Hong Kong", "Hong Kong"),
    "TW": ("Taiwan", "Taïwan", "Taiwan"),
    "RU": ("Russia", "Russie", "Rússia"),
    "IN": ("India", "Inde", "Índia"),
}
# Original language -> weighted production countries.
LANGUAGE_COUNTRIES: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("US", 65), ("GB", 18), ("CA", 7), ("AU", 5), ("IE", 2)),
    "fr": (("FR", 80), ("BE", 10), ("CA", 10)),
    "es": (("ES", 50), ("MX", 30), ("AR", 20)),
    "de": (("DE", 80), ("AT", 20)),
    "it": (("IT", 100),),
    "pt": (("BR", 70), ("PT", 30)),
    "sv": (("SE", 100),),
    "da": (("DK", 100),),
    "no": (("NO", 100),),
    "ja": (("JP", 100),),
    "ko": (("KR", 100),),
    "zh": (("CN", 50), ("HK", 30), ("TW", 20)),
    "ru": (("RU", 100),),
    "hi": (("IN", 100),),
}
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {  # (english_name, native name)
    "en": ("English", "English"),
    "fr": ("French", "Français"),
    "es": ("Spanish", "Español"),
    "de": ("German", "Deutsch"),
    "it": ("Italian", "Italiano"),
    "pt": ("Portuguese", "Português"),
    "sv": ("Swedish", "svenska"),
    "da": ("Danish", "Dansk"),
    "no": ("Norwegian", "Norsk"),
    "ja": ("Japanese", "日本語"),
    "ko": ("Korean", "한국어/조선말"),
    "zh": ("Mandarin", "普通话"),
    "ru": ("Russian", "P\u0443\u0441\u0441\u043a\u0438\u0439"),  # TMDB's, Latin P
    "hi": ("Hindi", "हिन्दी"),
}
EUROPEAN = (("fr", 30), ("es", 22), ("de", 15), ("it", 15), ("pt", 8), ("sv", 4), ("da", 3))
OTHER_LANGUAGES = (("fr", 25), ("es", 20), ("de", 12), ("it", 10), ("ja", 10), ("hi", 10))
COMPANY_WORDS = (
    "Pictures",
    "Films",
    "Studios",
    "Entertainment",
    "Productions",
    "Media",
    "Animation",
    "Film Company",
)
PATH_CHARS = string.ascii_letters + string.digits


@dataclass(frozen=True)
class TmdbResponses:
    """What `write_tmdb_responses` wrote into `out_dir`."""

    out_dir: Path
    titles: int  # sample titles read
    finds: int  # find bodies (titles on TMDB)
    movies: int  # movie details bodies
    tv: int  # tv details bodies


@dataclass(frozen=True)
class SampleTitle:
    """The title-level fields of one sample title, from its first CSV row."""

    imdb_id: str
    is_series: bool
    title: str
    original_title: str
    year: int | None
    end_year: int | None
    runtime: int | None
    genres: tuple[str, ...]
    rating: float
    votes: int


def genre_names() -> dict[int, str]:
    """TMDB genre id -> English name, from the warehouse's seed."""
    with GENRES_SEED.open(encoding="utf-8", newline="") as f:
        return {int(row["tmdb_genre_id"]): row["genre"] for row in csv.DictReader(f)}


def _int(text: str) -> int | None:
    return None if text in ("", "\\N") else int(text)


def read_titles(path: Path, is_series: bool) -> Iterator[SampleTitle]:
    """The titles of a sample movies.csv / series.csv, in file (IMDb id) order."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="|", quotechar='"', doublequote=True)
        header = next(reader)
        at = {name: i for i, name in enumerate(header)}
        last = None
        for row in reader:
            imdb_id = row[0]
            if imdb_id == last:
                continue
            last = imdb_id
            genres = row[at["genero"]]
            yield SampleTitle(
                imdb_id=imdb_id,
                is_series=is_series,
                title=row[at["tituloPincipal"]],
                original_title=row[at["tituloOriginal"]],
                year=_int(row[at["anoLancamento"]]),
                end_year=_int(row[at["anoTermino"]]) if "anoTermino" in at else None,
                runtime=_int(row[at["tempoMinutos"]]),
                genres=() if genres in ("", "\\N") else tuple(genres.split(",")),
                rating=float(row[at["notaMedia"]]),
                votes=int(row[at["numeroVotos"]]),
            )


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _language(rng: random.Random, title: SampleTitle) -> str:
    """The original language, from the script and form of the original title."""
    text = title.original_title
    if any("\uac00" <= c <= "\ud7a3" for c in text):
        return "ko"
    if any("\u3040" <= c <= "\u30ff" for c in text):
        return "ja"
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        return "zh"
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "ru"
    if text != title.title:
        return _weighted(rng, EUROPEAN)
    return "en" if rng.random() < 0.88 else _weighted(rng, OTHER_LANGUAGES)


def _image(rng: random.Random) -> str:
    return "/" + "".join(rng.choice(PATH_CHARS) for _ in range(27)) + ".jpg"


def _on_tmdb(rng: random.Random, title: SampleTitle) -> bool:
    """Well-known titles are nearly always on TMDB, obscure ones often are not."""
    reach = min(1.0, math.log10(max(title.votes, 1)) / 4.0)
    p = (0.55 if title.is_series else 0.62) + 0.37 * reach
    return rng.random() < p


def _genre_ids(rng: random.Random, title: SampleTitle, as_tv: bool) -> list[int]:
    table = TV_GENRE_IDS if as_tv else MOVIE_GENRE_IDS
    ids: list[int] = []
    for genre in title.genres:
        for genre_id in table.get(genre, ()):
            if genre_id not in ids:
                ids.append(genre_id)
    if ids and rng.random() < 0.05:
        ids.pop()  # TMDB lists one genre fewer
    if rng.random() < 0.1:  # ... or one more
        extra = (10751, 18, 35) if not as_tv else (10751, 18, 10762)
        genre_id = rng.choice(extra)
        if genre_id not in ids:
            ids.append(genre_id)
    return ids


def _countries(rng: random.Random, language: str) -> list[str]:
    first = _weighted(rng, LANGUAGE_COUNTRIES[language])
    codes = [first]
    if rng.random() < 0.2:  # a co-production
        other = _weighted(rng, LANGUAGE_COUNTRIES[rng.choice(("en", "fr", "de", "es", "it"))])
        if other not in codes:
            codes.append(other)
    return codes


def _nice(value: float) -> int:
    """Rounded to two significant digits, as budgets are announced."""
    if value < 100:
        return max(1, round(value))
    digits = math.floor(math.log10(value)) - 1
    return int(round(value / 10**digits) * 10**digits)


def _money(rng: random.Random, title: SampleTitle) -> tuple[int, int]:
    """(budget, revenue) in US dollars; 0 is TMDB's "unknown", the usual case."""
    year = title.year or 2000
    reach = min(1.0, math.log10(max(title.votes, 1)) / 5.0)
    modern = 1.0 if year >= 1970 else 0.4
    p_budget = 0.03 + 0.75 * reach**2 * modern
    budget = revenue = 0
    scale = max(0.02, ((year - 1890) / 132.0) ** 2.2)  # later films cost more
    if rng.random() < P_JUNK_BUDGET:
        return rng.choice((1, 5, 10, 100)), rng.choice((0, 0, 12, 1000))
    if rng.random() < p_budget:
        budget = _nice(18_000_000 * scale * rng.lognormvariate(0.0, 1.3))
        if rng.random() < 0.65:  # better-rated films earn a little more on their budget
            ratio = rng.lognormvariate(0.45 + RATING_PULL * (title.rating - 6.2), 1.2)
            revenue = max(1, int(budget * ratio))
    elif rng.random() < 0.05:
        revenue = max(1, int(6_000_000 * scale * rng.lognormvariate(0.0, 1.5)))
    if revenue and rng.random() < 0.4:
        revenue = _nice(revenue)
    return budget, revenue


def _popularity(rng: random.Random, title: SampleTitle, quiet: bool) -> float | int:
    if quiet:
        return 0
    # more votes, more views; and better-rated titles are looked at more
    value = 0.6 + (title.votes**0.35) * rng.lognormvariate(
        -0.5 + RATING_PULL * (title.rating - 6.2), 0.7
    )
    return round(value, 3)


def _votes(rng: random.Random, title: SampleTitle, quiet: bool) -> tuple[float | int, int]:
    """(vote_average, vote_count): TMDB's audience rates close to IMDb's."""
    if quiet:
        return 0, 0
    count = int(title.votes * rng.lognormvariate(-3.2, 0.8))
    if count == 0:
        return 0, 0
    spread = 1.2 if count < 10 else 0.45
    average = min(10.0, max(0.5, rng.gauss(title.rating, spread)))
    return round(average, 3), count


def _date(rng: random.Random, year: int | None, empty: bool) -> str:
    if empty or year is None:
        return ""
    return f"{year:04d}-{1 + int(rng.random() * 12):02d}-{1 + int(rng.random() * 28):02d}"


def _companies(rng: random.Random, title: SampleTitle, countries: list[str]) -> list[dict]:
    words = title.title.replace('"', "").split()
    out = []
    for _ in range(int(rng.random() * 3.2)):
        name = f"{rng.choice(words) if words else 'Studio'} {rng.choice(COMPANY_WORDS)}"
        out.append(
            {
                "id": 1 + int(rng.random() * 200_000),
                "logo_path": _image(rng) if rng.random() < 0.4 else None,
                "name": name,
                "origin_country": rng.choice(countries)
                if countries and rng.random() < 0.85
                else "",
            }
        )
    return out


class _Writer:
    """Draws and writes one title's bodies; TMDB ids are handed out in call order."""

    def __init__(self, out_dir: Path, seed: int, genres: dict[int, str]) -> None:
        self.out_dir = out_dir
        self.seed = seed
        self.genres = genres
        self.next_id = {"movie": 1, "tv": 1}
        self.counts = {"find": 0, "movie": 0, "tv": 0}

    def _write(self, folder: str, name: str, body: dict[str, Any]) -> None:
        path = self.out_dir / folder / f"{name}.json"
        path.write_text(
            json.dumps(body, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        self.counts[folder] += 1

    def title(self, title: SampleTitle) -> None:
        rng = random.Random(f"cinelake-tmdb:{self.seed}:{title.imdb_id}")  # noqa: S311 - test data
        if not _on_tmdb(rng, title):
            return
        as_tv = title.is_series and rng.random() >= P_SERIES_AS_MOVIE
        media = "tv" if as_tv else "movie"
        tmdb_id = self.next_id[media] + int(rng.random() * 40)
        self.next_id[media] = tmdb_id + 1

        language = _language(rng, title)
        countries = _countries(rng, language)
        quiet = rng.random() < P_NO_VOTES
        popularity = _popularity(rng, title, quiet)
        vote_average, vote_count = _votes(rng, title, quiet)
        genre_ids = _genre_ids(rng, title, as_tv)
        day = _date(rng, title.year, rng.random() < P_DATE_EMPTY)
        locale = rng.choice(("fr", "pt")) if rng.random() < P_LOCALISED else None
        legacy = rng.random() < P_LEGACY
        context = {
            "rng": rng,
            "title": title,
            "tmdb_id": tmdb_id,
            "language": language,
            "countries": countries,
            "popularity": popularity,
            "vote_average": vote_average,
            "vote_count": vote_count,
            "genre_ids": genre_ids,
            "date": day,
            "locale": locale,
            "backdrop": _image(rng) if rng.random() < 0.7 else None,
            "poster": _image(rng) if rng.random() < 0.9 else None,
        }
        details = self._tv(context) if as_tv else self._movie(context)
        if legacy:
            details = _legacy(details)
        self._write(media, str(tmdb_id), details)
        self._write("find", title.imdb_id, _find(context, media))

    def _genre_list(self, ids: list[int], locale: str | None) -> list[dict[str, Any]]:
        names = LOCALISED_GENRES.get(locale or "", {})
        return [{"id": i, "name": names.get(i, self.genres[i])} for i in ids]

    @staticmethod
    def _country_list(codes: list[str], locale: str | None) -> list[dict[str, str]]:
        column = {"fr": 1, "pt": 2}.get(locale or "", 0)
        return [{"iso_3166_1": c, "name": COUNTRIES[c][column]} for c in codes]

    @staticmethod
    def _spoken(language: str) -> list[dict[str, str]]:
        english, native = LANGUAGE_NAMES[language]
        return [{"english_name": english, "iso_639_1": language, "name": native}]

    def _movie(self, c: dict[str, Any]) -> dict[str, Any]:
        rng: random.Random = c["rng"]
        title: SampleTitle = c["title"]
        budget, revenue = _money(rng, title)
        u = rng.random()
        imdb_id = (
            None
            if u < P_IMDB_ID_NULL
            else ""
            if u < P_IMDB_ID_NULL + P_IMDB_ID_EMPTY
            else title.imdb_id
        )
        body: dict[str, Any] = {
            "adult": False,
            "backdrop_path": c["backdrop"],
            "belongs_to_collection": None,
            "budget": budget,
            "genres": self._genre_list(c["genre_ids"], c["locale"]),
            "homepage": "" if rng.random() < 0.7 else f"https://www.example.com/{c['tmdb_id']}",
            "id": c["tmdb_id"],
            "imdb_id": imdb_id,
        }
        if rng.random() < P_ORIGIN_COUNTRY:
            body["origin_country"] = c["countries"][:1]
        body.update(
            {
                "original_language": c["language"],
                "original_title": title.original_title,
                "overview": "" if rng.random() < 0.05 else f"The story of {title.title}.",
                "popularity": c["popularity"],
                "poster_path": c["poster"],
                "production_companies": _companies(rng, title, c["countries"]),
                "production_countries": []
                if rng.random() < 0.05
                else self._country_list(c["countries"], c["locale"]),
                "release_date": c["date"],
                "revenue": revenue,
                "runtime": title.runtime or 0,
                "spoken_languages": self._spoken(c["language"]),
                "status": "Released" if c["date"] else "Rumored",
                "tagline": "" if rng.random() < 0.4 else f"{title.title}. Again.",
                "title": title.title,
                "video": False,
                "vote_average": c["vote_average"],
                "vote_count": c["vote_count"],
            }
        )
        return body

    def _tv(self, c: dict[str, Any]) -> dict[str, Any]:
        rng: random.Random = c["rng"]
        title: SampleTitle = c["title"]
        running = title.end_year is None
        seasons = 1 + int(rng.random() * 6)
        last_year = title.end_year or title.year
        return {
            "adult": False,
            "backdrop_path": c["backdrop"],
            "created_by": [],
            "episode_run_time": [title.runtime] if title.runtime else [],
            "first_air_date": c["date"],
            "genres": self._genre_list(c["genre_ids"], c["locale"]),
            "homepage": "" if rng.random() < 0.6 else f"https://www.example.com/tv/{c['tmdb_id']}",
            "id": c["tmdb_id"],
            "in_production": running,
            "languages": [c["language"]],
            "last_air_date": _date(rng, last_year, not c["date"]) or None,
            "last_episode_to_air": None,
            "name": title.title,
            "next_episode_to_air": None,
            "networks": [],
            "number_of_episodes": seasons * (6 + int(rng.random() * 18)),
            "number_of_seasons": seasons,
            "origin_country": c["countries"][:1],
            "original_language": c["language"],
            "original_name": title.original_title,
            "overview": "" if rng.random() < 0.08 else f"The series {title.title}.",
            "popularity": c["popularity"],
            "poster_path": c["poster"],
            "production_companies": _companies(rng, title, c["countries"]),
            "production_countries": []
            if rng.random() < 0.15
            else self._country_list(c["countries"], c["locale"]),
            "seasons": [],
            "spoken_languages": self._spoken(c["language"]),
            "status": "Returning Series" if running else "Ended",
            "tagline": "",
            "type": "Scripted" if rng.random() < 0.8 else "Miniseries",
            "vote_average": c["vote_average"],
            "vote_count": c["vote_count"],
        }


def _legacy(body: dict[str, Any]) -> dict[str, Any]:
    """The 2013 shape: fields added since are absent, `null` where today writes "" or 0."""
    old = {
        k: v for k, v in body.items() if k not in ("original_language", "video", "origin_country")
    }
    for key in ("homepage", "overview", "tagline"):
        if old.get(key) == "":
            old[key] = None
    if old.get("runtime") == 0:
        old["runtime"] = None
    old["spoken_languages"] = [
        {"iso_639_1": s["iso_639_1"], "name": s["name"]} for s in old.get("spoken_languages", [])
    ]
    old["popularity"] = float(old["popularity"])
    old["vote_average"] = round(float(old["vote_average"]), 1)
    return old


def _find(c: dict[str, Any], media: str) -> dict[str, Any]:
    """The find body pointing at the details: today's shape, the 2022 or the 2013 one."""
    rng: random.Random = c["rng"]
    title: SampleTitle = c["title"]
    u = rng.random()
    shape = (
        "legacy"
        if u < P_FIND_LEGACY
        else "compact"
        if u < P_FIND_LEGACY + P_FIND_COMPACT
        else "current"
    )
    if media == "movie":
        result: dict[str, Any] = {
            "adult": False,
            "backdrop_path": c["backdrop"],
            "id": c["tmdb_id"],
            "title": title.title,
            "original_title": title.original_title,
            "overview": f"The story of {title.title}.",
            "poster_path": c["poster"],
            "media_type": "movie",
            "original_language": c["language"],
            "genre_ids": c["genre_ids"],
            "popularity": c["popularity"],
            "release_date": c["date"],
            "video": False,
            "vote_average": c["vote_average"],
            "vote_count": c["vote_count"],
        }
    else:
        result = {
            "adult": False,
            "backdrop_path": c["backdrop"],
            "id": c["tmdb_id"],
            "name": title.title,
            "original_name": title.original_title,
            "overview": f"The series {title.title}.",
            "poster_path": c["poster"],
            "media_type": "tv",
            "original_language": c["language"],
            "genre_ids": c["genre_ids"],
            "popularity": c["popularity"],
            "first_air_date": c["date"],
            "vote_average": c["vote_average"],
            "vote_count": c["vote_count"],
            "origin_country": c["countries"][:1],
        }
    if shape != "current":
        del result["media_type"]
    if shape == "legacy":
        for key in ("genre_ids", "overview", "original_language"):
            result.pop(key, None)
    movies = [result] if media == "movie" else []
    shows = [result] if media == "tv" else []
    body: dict[str, Any] = {"movie_results": movies, "person_results": [], "tv_results": shows}
    if shape != "legacy":
        body["tv_episode_results"] = []
        body["tv_season_results"] = []
    return body


def write_tmdb_responses(
    out_dir: Path, movies_csv: Path | None, series_csv: Path | None, seed: int = 42
) -> TmdbResponses:
    """Write the TMDB bodies of the titles of `movies_csv` and `series_csv` into `out_dir`.

    `out_dir/find`, `out_dir/movie` and `out_dir/tv` are replaced: what was there from
    another sample is removed first. Either file may be None (no titles of that kind).
    """
    out_dir = Path(out_dir)
    for folder in FOLDERS:
        shutil.rmtree(out_dir / folder, ignore_errors=True)
        (out_dir / folder).mkdir(parents=True)
    writer = _Writer(out_dir, seed, genre_names())
    titles = 0
    for path, is_series in ((movies_csv, False), (series_csv, True)):
        if path is None:
            continue
        for title in read_titles(path, is_series):
            writer.title(title)
            titles += 1
    made = TmdbResponses(
        out_dir, titles, writer.counts["find"], writer.counts["movie"], writer.counts["tv"]
    )
    log.info(
        "TMDB bodies in %s: %d of %d titles on TMDB (%d movie, %d tv details)",
        out_dir,
        made.finds,
        titles,
        made.movies,
        made.tv,
    )
    return made
