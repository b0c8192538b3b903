"""The measured shape of the real movies.csv / series.csv: dialect, sizes, year and
row-count distributions, genre and profession frequencies. Numbers only; every
generator module draws against these."""

from __future__ import annotations

from ingest import schema

NULL = schema.NULL  # the Raw dialect is ingest's, like the columns the writer uses
DELIM = schema.DELIMITER
SERIES_PER_MOVIE = 0.45
MAX_TITLES = 4_000_000
MAX_VOTES = 2_667_411
FIRST_YEAR = 1894
LAST_YEAR = 2022
CHUNK_TITLES = 4096  # titles generated and written per batch
PEOPLE_PER_TITLE = 1.0  # size of the artist pool, per title of both files
NULL_ROLE = 0.4  # share of rows whose personagem is \N
DUP_TITLE = 0.022  # share of titles that take the title of another id, on top of chance

# Rows per title (1 to 10): 4 is the mode, the mean is ~4.27.
ROWS_PER_TITLE: tuple[int, ...] = tuple(range(1, 11))
ROWS_WEIGHTS: tuple[float, ...] = (12, 13, 15, 22, 12, 8, 6, 5, 3.5, 3.5)

# Films per genre in the real movies.csv, among the 236,032 films that have a genre.
MOVIE_GENRE_COUNTS: dict[str, int] = {
    "Drama": 122_974,
    "Comedy": 68_078,
    "Romance": 31_310,
    "Action": 28_914,
    "Crime": 23_717,
    "Thriller": 23_333,
    "Horror": 19_890,
    "Adventure": 17_012,
    "Documentary": 12_767,
    "Mystery": 10_510,
    "Family": 10_293,
    "Fantasy": 8_195,
    "Sci-Fi": 6_514,
    "Musical": 6_066,
    "History": 5_852,
    "Biography": 5_624,
    "War": 5_455,
    "Western": 4_959,
    "Music": 4_523,
    "Animation": 4_301,
    "Sport": 2_431,
    "Film-Noir": 858,
    "News": 193,
    "Adult": 68,
    "Reality-TV": 32,
    "Short": 15,
    "Talk-Show": 3,
}
MOVIES_WITH_GENRE = 236_032
# Series, per 100,000 series with a genre: more Comedy, Animation and TV formats.
SERIES_GENRE_COUNTS: dict[str, int] = {
    "Comedy": 34_000,
    "Drama": 30_000,
    "Documentary": 15_000,
    "Animation": 14_000,
    "Reality-TV": 13_000,
    "Crime": 10_000,
    "Action": 9_500,
    "Adventure": 9_000,
    "Family": 8_500,
    "Talk-Show": 7_500,
    "Romance": 6_000,
    "Game-Show": 5_500,
    "Mystery": 5_000,
    "Fantasy": 4_500,
    "News": 3_500,
    "Music": 3_500,
    "Thriller": 3_000,
    "Sci-Fi": 3_000,
    "History": 3_000,
    "Horror": 2_500,
    "Sport": 2_500,
    "Biography": 2_000,
    "War": 1_000,
    "Western": 800,
    "Musical": 700,
    "Short": 300,
    "Adult": 200,
    "Film-Noir": 20,
}
SERIES_WITH_GENRE = 100_000
GENRES: frozenset[str] = frozenset(MOVIE_GENRE_COUNTS)
SERIES_GENRES: frozenset[str] = frozenset(SERIES_GENRE_COUNTS)

EXTRA_PROFESSIONS: tuple[str, ...] = (
    "writer",
    "director",
    "producer",
    "soundtrack",
    "composer",
    "miscellaneous",
    "music_department",
)
EXTRA_PROFESSION_WEIGHTS: tuple[float, ...] = (20, 12, 15, 25, 4, 18, 6)
PROFESSIONS: frozenset[str] = frozenset(("actor", "actress", *EXTRA_PROFESSIONS))


SERIES_RUNTIMES: tuple[int, ...] = (22, 23, 24, 25, 26, 28, 30, 42, 43, 44, 45, 46, 48, 50, 60)
SERIES_RUNTIME_WEIGHTS: tuple[float, ...] = (10, 6, 6, 5, 4, 4, 12, 8, 6, 12, 8, 5, 4, 5, 9)
SERIES_SPANS: tuple[int, ...] = (0, 1, 2, 3, 4, 6, 9, 14, 25)
SERIES_SPAN_WEIGHTS: tuple[float, ...] = (22, 20, 14, 11, 9, 9, 7, 5, 3)
