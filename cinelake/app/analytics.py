"""The questions the dashboard and the report ask of the Refined layer, as DataFrames.

Every function takes an open DuckDB connection; callers decide how long it stays open
(the dashboard opens one per question and closes it, so a `dbt build` is never blocked
for long).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from threading import Lock
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the charts to."""

    genre: str  # the label shown: a genre of dim_genres, or the focus union label
    members: tuple[str, ...]  # the genres `genre` stands for
    title_types: tuple[str, ...] = ("movie", "series")
    first_year: int = 1870
    last_year: int = 2100
    min_votes: int = 0


@dataclass(frozen=True)
class Focus:
    """The focus genres, in dbt var order, and the label of their union.

    The dbt var `focus_genres` is the one definition; the app reads it back from
    `refined.focus_genres`, so no genre name is written into the app.
    """

    genres: tuple[str, ...]
    union_label: str

    def filters(self, genre: str | None = None, **narrowed: Any) -> Filters:
        """Filters for `genre` (default: the union of the focus genres)."""
        chosen = genre or self.union_label
        members = self.genres if chosen == self.union_label else (chosen,)
        return Filters(chosen, members, **narrowed)


def focus_genres(con: Any) -> Focus:
    rows = con.sql(
        "select genre, focus_union_label from refined.focus_genres order by focus_position"
    ).fetchall()
    if not rows:
        raise LookupError("refined.focus_genres has no rows: run `dbt build`")
    return Focus(tuple(genre for genre, _ in rows), rows[0][1])


def genres(con: Any, focus: Focus) -> list[str]:
    """The genre choices: the focus union first, then every genre."""
    rows = con.sql("select genre from refined.dim_genres order by genre").fetchall()
    return [focus.union_label, *(r[0] for r in rows)]


def year_bounds(con: Any) -> tuple[int, int]:
    low, high = con.sql(
        "select min(release_year), max(release_year) from refined.dim_titles"
    ).fetchone()
    return int(low or 1900), int(high or 2022)


# The yearly charts' numbers come from the semantic layer's metrics (docs/metrics.md),
# not from SQL of their own: MetricFlow compiles each question once per process, with
# the sidebar's choices as DuckDB parameters in its filters (`$first`, ...), which the
# compiled SQL keeps as they are; each chart then binds the values. The metrics and
# dimensions the page asks for are listed in the exposure (models/_exposures.yml).
YEARLY_METRICS = ("mean_rating", "titles")
UNDER_FILTERS = (
    "extract(year from {{ TimeDimension('metric_time', 'year') }}) between $first and $last",
    "{{ Dimension('title__num_votes') }} >= $min_votes",
    "list_contains($types, {{ Dimension('title__title_type') }})",
)
IN_GENRE = "list_has_any({{ Dimension('title__genres') }}, $genres)"


@cache
def _metric_sql(metrics: tuple[str, ...], group_by: tuple[str, ...], where: tuple[str, ...]) -> str:
    """MetricFlow's SQL of a metric query, compiled once per process."""
    return _engine().sql(metrics, group_by, where)


_ENGINE_LOCK = Lock()


@cache
def _engine() -> Any:
    from cinelake.warehouse.metrics import SemanticLayer

    with _ENGINE_LOCK:  # (the dashboard's sessions run in threads: one parse at a time)
        return SemanticLayer.load().engine()


def _parameters(filters: Filters) -> dict[str, Any]:
    return {
        "first": filters.first_year,
        "last": filters.last_year,
        "min_votes": filters.min_votes,
        "types": list(filters.title_types),
        "genres": list(filters.members),
    }


def yearly_ratings(con: Any, filters: Filters) -> pd.DataFrame:
    """Mean rating per year: the chosen genre next to all titles, under the filters
    (metrics `mean_rating` and `titles` by `metric_time__year`)."""
    all_titles = _metric_sql(YEARLY_METRICS, ("metric_time__year",), UNDER_FILTERS)
    in_genre = _metric_sql(YEARLY_METRICS, ("metric_time__year",), (*UNDER_FILTERS, IN_GENRE))
    return con.execute(
        f"""
        select cast(year(metric_time__year) as integer) as release_year,
            'All titles' as titles, mean_rating, cast(titles as bigint) as title_count
        from ({all_titles})
        union all
        select cast(year(metric_time__year) as integer), $label, mean_rating,
            cast(titles as bigint)
        from ({in_genre})
        order by titles, release_year
        """,  # noqa: S608 (MetricFlow's SQL of the project's metrics; values are bound)
        {"label": filters.genre, **_parameters(filters)},
    ).df()


def releases_per_year(con: Any, filters: Filters) -> pd.DataFrame:
    """Titles of the chosen genre released per year and title type, under the filters
    (metric `titles` by `metric_time__year` and `title__title_type`)."""
    releases = _metric_sql(
        ("titles",), ("metric_time__year", "title__title_type"), (*UNDER_FILTERS, IN_GENRE)
    )
    return con.execute(
        f"""
        select cast(year(metric_time__year) as integer) as release_year,
            title__title_type as title_type, cast(titles as bigint) as releases
        from ({releases})
        order by release_year, title_type
        """,  # noqa: S608 (MetricFlow's SQL of the project's metrics; values are bound)
        _parameters(filters),
    ).df()


def model_metrics(con: Any) -> pd.DataFrame:
    return con.sql(
        "select model_name, title_type, predictor, mse, mae, r2, n_train, n_test "
        "from refined.model_metrics order by model_name, title_type, predictor"
    ).df()


def held_out_predictions(con: Any, limit: int = 5000) -> pd.DataFrame:
    """Held-out title predictions (a fixed sample of at most `limit` for plotting)."""
    return con.execute(
        "select title_id, title_type, actual_rating, predicted_rating, residual "
        "from refined.title_rating_predictions where split = 'test' "
        "order by hash(title_id) limit $limit",
        {"limit": limit},
    ).df()


def trend_forecast(con: Any) -> pd.DataFrame:
    return con.sql(
        "select title_type, release_year, split, actual_mean_rating, predicted_mean_rating "
        "from refined.rating_trend_forecast order by title_type, release_year"
    ).df()


def top_titles(con: Any) -> pd.DataFrame:
    return con.sql(
        "select genre, title_type, rank_by_votes, primary_title, release_year, "
        "average_rating::double as average_rating, num_votes "
        "from refined.comedy_animation_top_titles order by genre, title_type, rank_by_votes"
    ).df()


def raw_loads(con: Any) -> pd.DataFrame:
    """Raw-load lineage: the rows landed per partition date and file kind, newest first."""
    return con.sql(
        "select partition_date as load_date, file_kind, sum(file_rows)::bigint as file_rows, "
        "strftime(max(landed_at), '%Y-%m-%d %H:%M') as landed_at, "
        "bool_or(is_current) as is_current "
        "from audit.raw_loads group by partition_date, file_kind "
        "order by partition_date desc, file_kind"
    ).df()


MOVERS_GROUP = "All titles"  # the movers group of every title (see `rating_movers.yml`)


def rating_movers(con: Any, limit: int = 10) -> pd.DataFrame:
    """The titles whose rating moved most between the last two loads, largest first.

    Empty while the lake holds a single load.
    """
    return con.execute(
        """
        select mover_rank, title_id, primary_title, title_type, from_load_date,
            to_load_date, rating_from::double as rating_from,
            rating_to::double as rating_to, rating_change::double as rating_change,
            votes_change
        from refined.rating_movers
        where movers_window = 'last_2_loads' and focus_group = $group
          and measure = 'average_rating'
        order by mover_rank, abs(rating_change) desc, title_id
        limit $limit
        """,
        {"group": MOVERS_GROUP, "limit": limit},
    ).df()


def history_titles(con: Any) -> pd.DataFrame:
    """The titles with more than one snapshot (title_id, primary_title), by title."""
    return con.sql(
        "select title_id, min(primary_title) as primary_title "
        "from trusted.title_snapshots group by title_id having count(*) > 1 "
        "order by primary_title, title_id"
    ).df()


def title_history(con: Any, title_id: str) -> pd.DataFrame:
    """One title's rating and votes in each load it is in, oldest first."""
    return con.execute(
        "select load_date, primary_title, average_rating::double as average_rating, "
        "num_votes from trusted.title_snapshots where title_id = $title "
        "order by load_date",
        {"title": title_id},
    ).df()


def tmdb_enriched(con: Any) -> int:
    """How many focus titles TMDB enriched (0 until a TMDB record has landed and built)."""
    return int(
        con.sql(
            "select count(*) from refined.dim_titles where is_focus and tmdb_id is not null"
        ).fetchone()[0]
    )


# The money marts hold a row set per focus genre and one for their union: the page shows
# the union's (its label read from refined.focus_genres).


def money_by_year(con: Any) -> pd.DataFrame:
    """Budget, revenue and pooled ROI of the focus union per title type and release year,
    for the years with an enriched title."""
    return con.sql(
        "select title_type, release_year, enriched_count, budget_count, revenue_count, "
        "roi_count, total_budget::double as total_budget, "
        "total_revenue::double as total_revenue, pooled_roi "
        "from refined.comedy_animation_money_by_year "
        "where focus_group = (select any_value(focus_union_label) from refined.focus_genres) "
        "and enriched_count > 0 order by title_type, release_year"
    ).df()


def rating_by_budget_band(con: Any) -> pd.DataFrame:
    """The focus union's mean IMDb rating per title type and budget band, band order."""
    return con.sql(
        "select title_type, budget_band, budget_band_order, title_count, enriched_count, "
        "mean_rating, median_rating, roi_count, median_roi "
        "from refined.comedy_animation_rating_by_budget_band "
        "where focus_group = (select any_value(focus_union_label) from refined.focus_genres) "
        "order by title_type, budget_band_order"
    ).df()


def top_earners(con: Any) -> pd.DataFrame:
    """The focus union's top box-office earners per title type, by rank."""
    return con.sql(
        "select title_type, rank_by_revenue, title_id, primary_title, release_year, budget, "
        "revenue, roi, average_rating::double as average_rating, num_votes "
        "from refined.comedy_animation_top_earners "
        "where focus_group = (select any_value(focus_union_label) from refined.focus_genres) "
        "order by title_type, rank_by_revenue"
    ).df()
