"""The file writer: `write_sample` builds the pools and writes movies.csv and
series.csv in batches, one title and its credit rows at a time."""

from __future__ import annotations

import logging
import math
import random
import time
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from cinelake_tools.sample.draw import Draw, csv_field, cumulative, rare_count
from cinelake_tools.sample.people import People, build_characters, build_people
from cinelake_tools.sample.shape import (
    CHUNK_TITLES,
    DELIM,
    DUP_TITLE,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_TITLES,
    MAX_VOTES,
    MOVIE_GENRE_COUNTS,
    MOVIES_WITH_GENRE,
    NULL,
    NULL_ROLE,
    PEOPLE_PER_TITLE,
    ROWS_PER_TITLE,
    ROWS_WEIGHTS,
    SERIES_GENRE_COUNTS,
    SERIES_PER_MOVIE,
    SERIES_RUNTIME_WEIGHTS,
    SERIES_RUNTIMES,
    SERIES_SPAN_WEIGHTS,
    SERIES_SPANS,
    SERIES_WITH_GENRE,
)
from cinelake_tools.sample.titles import GenrePicker, TitleMaker, make_ids, quote_last_word
from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SampleFiles:
    """What `write_sample` wrote: the two paths and their data-row counts."""

    movies: Path
    series: Path
    movie_rows: int
    series_rows: int


@dataclass
class FileShape:
    """What differs between the movies and the series file."""

    series: bool
    columns: tuple[str, ...]
    genres: GenrePicker
    first_year: int
    year_origin: int  # years are weighted by (year - year_origin) ** year_power
    year_power: float
    rating_mean: float
    null_runtime: float


def write_file(
    path: Path,
    d: Draw,
    ids: list[str],
    kind: FileShape,
    titles: TitleMaker,
    people: People,
    chars: list[str],
    nl: str,
    dup_pool: list[tuple[str, str]],
) -> int:
    """Write one file in batches of `CHUNK_TITLES` titles; return its data-row count."""
    rng, rand = d.rng, d.rand
    n = len(ids)
    # Rare title-level features get exact counts, so that small samples show them too.
    sizes = (
        rare_count(n, 0.0002),  # anoLancamento \N
        rare_count(n, 0.0003),  # notaMedia 10.0
        rare_count(n, 0.005),  # a title holding a '"'
        rare_count(n, 0.0004),  # tempoMinutos outlier (the first one is 43,200)
        rare_count(n, 1e-9),  # numeroVotos at the real maximum: exactly one title
    )
    chosen = rng.sample(range(n), sum(sizes)) if sum(sizes) <= n else []
    marks: list[list[int]] = []
    for size in sizes:
        marks.append(chosen[:size])
        chosen = chosen[size:]
    null_year, top_rating, quoted, long_run, max_votes = (set(m) for m in marks)
    first_long = marks[3][0] if marks[3] else -1

    years = list(range(kind.first_year, LAST_YEAR + 1))
    year_cum = cumulative([float(y - kind.year_origin) ** kind.year_power for y in years])
    rows_cum = cumulative(ROWS_WEIGHTS)
    runtime_cum = cumulative(SERIES_RUNTIME_WEIGHTS)
    span_cum = cumulative(SERIES_SPAN_WEIGHTS)
    rating_text = [f"{t / 10:.1f}" for t in range(101)]
    ln_median_votes = math.log(67.0)  # 5 + median(lognormal) = 72
    # personagem: \N for NULL_ROLE of the rows, else uniform over the pool. The pool
    # gets one spare copy of its last entry in case u * scale rounds up to len(chars).
    role_pool = [*chars, chars[-1]]
    role_scale = len(chars) / (1.0 - NULL_ROLE)
    heads, tails, name_keys = people.heads, people.tails, people.name_keys
    births = people.births
    n_people = len(heads)
    series = kind.series
    genre = kind.genres
    pair = titles.pair
    gauss, lognorm = rng.gauss, rng.lognormvariate

    total_rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(DELIM.join(kind.columns) + nl)
        for lo in range(0, n, CHUNK_TITLES):
            hi = min(n, lo + CHUNK_TITLES)
            counts = rng.choices(ROWS_PER_TITLE, cum_weights=rows_cum, k=hi - lo)
            year_draws = rng.choices(years, cum_weights=year_cum, k=hi - lo)
            n_rows = sum(counts)
            persons = people.draw(rand, n_rows)
            roles = [
                role_pool[int((u - NULL_ROLE) * role_scale)] if (u := rand()) >= NULL_ROLE else NULL
                for _ in range(n_rows)
            ]
            out: list[str] = []
            pos = 0
            for i in range(lo, hi):
                # Titles: some reuse the title of another id.
                if dup_pool and rand() < DUP_TITLE:
                    main, orig = dup_pool[int(rand() * len(dup_pool))]
                else:
                    main, orig = pair()
                    if len(dup_pool) < 20_000:
                        dup_pool.append((main, orig))
                    elif rand() < 0.02:
                        dup_pool[int(rand() * 20_000)] = (main, orig)
                if i in quoted:
                    quoted_main = quote_last_word(main)
                    orig = quoted_main if orig == main else orig
                    main = quoted_main
                main_f = csv_field(main)
                orig_f = main_f if orig == main else csv_field(orig)

                start = year_draws[i - lo]
                year = NULL if i in null_year else str(start)
                if series:  # open-ended (\N) more often for recent series
                    if year == NULL:
                        end = NULL
                    else:
                        p_open = 0.7 if start >= 2018 else 0.45 if start >= 2005 else 0.15
                        if rand() < p_open:
                            end = NULL
                        else:
                            span = SERIES_SPANS[bisect_right(span_cum, rand() * span_cum[-1])]
                            end = str(min(LAST_YEAR, start + span))
                    year = f"{year}|{end}"

                if i in long_run:
                    runtime = "43200" if i == first_long else str(250 + int(rand() * 4750))
                elif rand() < kind.null_runtime:
                    runtime = NULL
                elif series:
                    if rand() < 0.05:
                        runtime = str(5 + int(rand() * 176))
                    else:
                        x = bisect_right(runtime_cum, rand() * runtime_cum[-1])
                        runtime = str(SERIES_RUNTIMES[x])
                else:
                    runtime = str(min(240, max(40, int(gauss(95.0, 20.0)))))

                genres = NULL if rand() < 0.035 else genre()

                if i in max_votes:
                    votes = MAX_VOTES
                else:
                    votes = min(MAX_VOTES, 5 + int(lognorm(ln_median_votes, 2.2)))
                if i in top_rating:  # a perfect 10.0, mostly with few votes
                    tenths = 100
                    votes = 5 + int(rand() * 26) if rand() < 0.85 else 31 + int(rand() * 370)
                else:
                    x = gauss(kind.rating_mean, 1.6 if votes < 30 else 1.15)
                    tenths = min(99, max(10, int(x * 10.0 + 0.5)))

                prefix = (
                    f"{ids[i]}|{main_f}|{orig_f}|{year}|{runtime}|{genres}|"
                    f"{rating_text[tenths]}|{votes}|"
                )
                # Artist rows: one artist (and one name) at most once per title, and
                # no one born after a dated film's release.
                k = counts[i - lo]
                seg = persons[pos : pos + k]
                born_by = LAST_YEAR if series or year == NULL else start
                if (k > 1 and len(set(map(name_keys.__getitem__, seg))) < k) or max(
                    map(births.__getitem__, seg)
                ) > born_by:
                    seen: set[int] = set()
                    fixed: list[int] = []
                    for p in seg:
                        q = p
                        while name_keys[q] in seen or births[q] > born_by:
                            q = int(rand() * n_people)
                        seen.add(name_keys[q])
                        fixed.append(q)
                    seg = fixed
                for t, p in enumerate(seg, pos):
                    out.append(prefix + heads[p] + roles[t] + tails[p])
                pos += k
            f.write("".join(out))
            total_rows += n_rows
    return total_rows


def write_sample(out_dir: Path, titles: int, seed: int = 42, crlf: bool = False) -> SampleFiles:
    """Write `out_dir/movies.csv` (`titles` films) and `out_dir/series.csv`.

    The series file holds `round(titles * 0.45)` series; ids are unique across both
    files. Output is byte-identical for a given `(titles, seed, crlf)`; with
    `crlf=True` every line, the header included, ends in CRLF instead of LF.
    """
    if isinstance(titles, bool) or not isinstance(titles, int):
        raise TypeError(f"titles must be an int, got {type(titles).__name__}")
    if not 0 <= titles <= MAX_TITLES:
        raise ValueError(f"titles must be between 0 and {MAX_TITLES:,}, got {titles}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nl = "\r\n" if crlf else "\n"
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    d = Draw(rng)

    n_series = round(titles * SERIES_PER_MOVIE)
    all_ids = make_ids(rng, titles + n_series)
    movie_ids = sorted(all_ids[:titles])
    series_ids = sorted(all_ids[titles:])
    n_people = max(100, round((titles + n_series) * PEOPLE_PER_TITLE))
    people = build_people(d, n_people, all_ids, nl)
    del all_ids
    chars = build_characters(d, max(1_000, min(40_000, (titles + n_series) // 8)))
    title_maker = TitleMaker(d)
    dup_pool: list[tuple[str, str]] = []  # shared: a series can share a film's title

    movies = FileShape(
        series=False,
        columns=MOVIES_COLUMNS,
        genres=GenrePicker(d, MOVIE_GENRE_COUNTS, MOVIES_WITH_GENRE),
        first_year=FIRST_YEAR,
        year_origin=1880,
        year_power=2.5,
        rating_mean=6.2,
        null_runtime=0.095,
    )
    series = FileShape(
        series=True,
        columns=SERIES_COLUMNS,
        genres=GenrePicker(d, SERIES_GENRE_COUNTS, SERIES_WITH_GENRE),
        first_year=1930,
        year_origin=1925,
        year_power=3.0,
        rating_mean=6.9,
        null_runtime=0.12,
    )
    movies_path = out_dir / "movies.csv"
    series_path = out_dir / "series.csv"
    common = (title_maker, people, chars, nl, dup_pool)
    movie_rows = write_file(movies_path, d, movie_ids, movies, *common)
    series_rows = write_file(series_path, d, series_ids, series, *common)
    log.info(
        "sample in %s: %d films (%d rows), %d series (%d rows), %.1fs",
        out_dir,
        titles,
        movie_rows,
        n_series,
        series_rows,
        time.perf_counter() - started,
    )
    return SampleFiles(movies_path, series_path, movie_rows, series_rows)
