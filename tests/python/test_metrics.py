"""The semantic layer (MetricFlow; docs/metrics.md): valid, and the one definition of the
numbers. Every cell of the yearly rating marts and of the comedy & animation summary
equals the metric query at the same grain (on the sample warehouse and on a two-day
history), and each metric is pinned to a computation by hand from the published rows,
so that a metric whose definition changes fails here."""

# The SQL here is built from the metrics' compiled SQL and the tests' own names, no input.
# ruff: noqa: S608

from __future__ import annotations

import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, run_venv_program

from cinelake.config import load_settings
from cinelake.warehouse.metrics import MetricsEngine, SemanticLayer, validate_manifest
from cinelake.warehouse.published import open_published

# The metrics the project defines; adding or removing one is a decision this names.
METRICS = {
    "titles",
    "mean_rating",
    "median_rating",
    "rating_points",
    "total_votes",
    "vote_weighted_mean_rating",
    "mean_weighted_rating",
    "rated_10_titles",
    "focus_titles",
    "share_of_releases",
    "enriched_titles",
    "budget",
    "revenue",
    "roi_budget",
    "roi_revenue",
    "roi",
    "genre_titles",
    "genre_mean_rating",
    "genre_median_rating",
    "genre_rating_points",
    "genre_total_votes",
    "genre_vote_weighted_mean_rating",
    "genre_mean_weighted_rating",
    "genre_rated_10_titles",
    "loaded_titles",
    "load_mean_rating",
    "mean_rating_change",
}
RATINGS = (
    "titles",
    "mean_rating",
    "vote_weighted_mean_rating",
    "median_rating",
    "total_votes",
    "mean_weighted_rating",
    "rated_10_titles",
)
GENRE_RATINGS = tuple(f"genre_{m}" for m in RATINGS)
# the marts' columns, in RATINGS' order, and how they round (as rating_measures() does)
MART_COLUMNS = (
    ("title_count", "cast({} as bigint)"),
    ("mean_rating", "cast(round({}, 3) as double)"),
    ("vote_weighted_mean_rating", "cast(round({}, 3) as double)"),
    ("median_rating", "cast({} as double)"),
    ("total_votes", "cast({} as bigint)"),
    ("mean_weighted_rating", "cast(round({}, 3) as double)"),
    ("rated_10_count", "cast({} as bigint)"),
)
FOCUS_UNION = "Comedy or Animation"


@dataclass
class Lake:
    """A reader's connection to one warehouse's published tables, with the metrics."""

    con: Any
    engine: MetricsEngine

    def metric_sql(self, metrics: tuple[str, ...], group_by: tuple[str, ...], **kw: Any) -> str:
        return self.engine.sql(metrics, group_by, **kw)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.sql(sql).fetchall()


@pytest.fixture(scope="module")
def layer(tmp_path_factory: pytest.TempPathFactory) -> SemanticLayer:
    """The semantic manifest, parsed once (`dbt parse --vars published_relations`)."""
    target = tmp_path_factory.mktemp("metrics-target")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_TARGET_PATH", str(target))
        patch.setenv("DBT_PROFILES_DIR", str(PROJECT))
        patch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        return SemanticLayer.load(PROJECT, force_parse=True)


def open_lake(env: dict[str, str], layer: SemanticLayer) -> Iterator[Lake]:
    con = open_published(load_settings(env))
    engine = layer.engine()
    engine.prepare(con)
    try:
        yield Lake(con, engine)
    finally:
        con.close()


@pytest.fixture(scope="module", params=["sample", "history"])
def lake(
    request: pytest.FixtureRequest, layer: SemanticLayer, sample_warehouse: dict[str, str]
) -> Iterator[Lake]:
    env = (
        sample_warehouse
        if request.param == "sample"
        else request.getfixturevalue("history_warehouse").env
    )
    yield from open_lake(env, layer)


def differences(lake: Lake, mart_sql: str, metric_sql: str) -> list[tuple[Any, ...]]:
    """Rows in one of the two queries and not in the other (both: the same columns)."""
    return lake.rows(
        f"(({mart_sql}) except all ({metric_sql})) union all "
        f"(({metric_sql}) except all ({mart_sql}))"
    )


def measured(prefix: str = "") -> str:
    """The metric columns renamed and rounded as the marts have them."""
    return ", ".join(
        cast.format(prefix + metric) + f" as {column}"
        for metric, (column, cast) in zip(RATINGS, MART_COLUMNS, strict=True)
    )


MART_MEASURES = ", ".join(column for column, _ in MART_COLUMNS)


# ---- the semantic manifest -------------------------------------------------------------


def test_semantic_manifest_is_valid_and_every_metric_compiles(layer: SemanticLayer) -> None:
    assert validate_manifest(layer) == []
    assert {metric.name for metric in layer.manifest.metrics} == METRICS


def test_queries_read_the_published_tables(layer: SemanticLayer) -> None:
    relations = {model.node_relation.relation_name for model in layer.manifest.semantic_models}
    assert relations == {
        "refined.dim_titles",
        "refined.bridge_title_genres",
        "trusted.title_snapshots",
    }
    sql = layer.engine().sql(["mean_rating_change"], ["metric_time__day"])
    assert "_staged" not in sql and "temp.main.metricflow_time_spine" in sql


def test_mf_validate_configs_passes_on_the_published_tables(
    sample_warehouse: dict[str, str], tmp_path: Path
) -> None:
    # `mf` reads <project>/target/semantic_manifest.json, so it runs in a copy of the
    # project (links to its files) with a target of its own: `dbt parse` with the
    # published names, then `mf validate-configs`, whose warehouse checks query the
    # sample's published tables through dbt's connection (profiles.yml)
    project = tmp_path / "project"
    project.mkdir()
    for path in PROJECT.iterdir():
        if path.name not in {"target", "logs", ".lake", ".git", "site"}:
            (project / path.name).symlink_to(path)
    env = {k: v for k, v in sample_warehouse.items() if k not in {"DBT_TARGET_PATH"}}
    env["DBT_LOG_PATH"] = str(tmp_path / "logs")
    # `mf` asks PyPI for a newer version on every call (update_checker, 1 s timeout);
    # a proxy that refuses keeps the test on this machine (docs/metrics.md says so)
    env["HTTPS_PROXY"] = "http://127.0.0.1:9"
    dbt = Path(sys.executable).parent
    parsed = subprocess.run(
        [str(dbt / "dbt"), "parse", "--quiet", "--vars", "{published_relations: true}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert parsed.returncode == 0, parsed.stdout[-3000:]
    checked = subprocess.run(
        [str(dbt / "mf"), "validate-configs"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = checked.stdout + checked.stderr
    assert checked.returncode == 0 and "Breaking issues" not in out, out[-3000:]
    assert "_staged" not in (project / "target" / "semantic_manifest.json").read_text()


def test_the_cli_queries_the_current_and_a_pinned_build(sample_warehouse: dict[str, str]) -> None:
    con = open_published(load_settings(sample_warehouse))
    try:
        counts = dict(con.sql("select title_type, count(*) from dim_titles group by 1").fetchall())
        (build,) = con.sql("select any_value(build_id) from audit.publications").fetchone()
    finally:
        con.close()
    query = ["metrics", "query", "--csv", "--metrics", "titles", "--group-by", "title__title_type"]
    for pinned in ([], ["--build", build]):
        out = run_venv_program(sample_warehouse, "cinelake", *query, *pinned)
        assert out.returncode == 0, out.stderr[-3000:]
        lines = out.stdout.strip().splitlines()
        assert lines[0] == "title__title_type,titles"
        assert dict(line.split(",") for line in lines[1:]) == {k: str(v) for k, v in counts.items()}


# ---- the marts equal the metrics, cell by cell ----------------------------------------


def test_title_ratings_by_year_equal_the_metrics(lake: Lake) -> None:
    metrics = lake.metric_sql(RATINGS, ("metric_time__year", "title__title_type"))
    mart = f"select title_type, release_year, {MART_MEASURES} from refined.title_ratings_by_year"
    query = (
        f"select title__title_type, cast(year(metric_time__year) as integer), {measured()} "
        f"from ({metrics}) where metric_time__year is not null"
    )
    assert lake.rows(f"select count(*) from ({mart})")[0][0] > 0
    assert differences(lake, mart, query) == []


def test_genre_ratings_by_year_equal_the_metrics(lake: Lake) -> None:
    metrics = lake.metric_sql(
        GENRE_RATINGS, ("metric_time__year", "title__title_type", "title_genre__genre")
    )
    mart = (
        f"select title_type, release_year, genre, {MART_MEASURES} "
        "from refined.genre_ratings_by_year"
    )
    query = (
        "select title__title_type, cast(year(metric_time__year) as integer), "
        f"title_genre__genre, {measured('genre_')} "
        f"from ({metrics}) where metric_time__year is not null"
    )
    assert lake.rows(f"select count(*) from ({mart})")[0][0] > 0
    assert differences(lake, mart, query) == []


def test_comedy_animation_by_year_equals_the_metrics(lake: Lake) -> None:
    grain = ("metric_time__year", "title__title_type")
    focus = "{{ Dimension('title__is_focus') }}"
    union = lake.metric_sql(RATINGS, grain, where=[focus])
    genres = lake.metric_sql(
        GENRE_RATINGS,
        (*grain, "title_genre__genre"),
        where=["{{ Dimension('title_genre__is_focus_genre') }}"],
    )
    # the union's share is the metric (queried without a filter: a query's filter
    # applies to a ratio's denominator too); a genre's is its titles over all titles
    all_titles = lake.metric_sql(("titles", "share_of_releases"), grain)
    metrics = f"""
        with all_titles as ({all_titles}),
        groups as (
            select '{FOCUS_UNION}' as focus_group, union_group.title__title_type,
                union_group.metric_time__year, {measured("union_group.")},
                round(shares.share_of_releases, 4) as share
            from ({union}) as union_group
            inner join all_titles as shares
                on union_group.title__title_type = shares.title__title_type
                and union_group.metric_time__year = shares.metric_time__year
            union all
            select title_genre__genre, title__title_type, metric_time__year,
                {measured("genre_")}, null
            from ({genres})
        )
        select
            g.focus_group,
            all_titles.title__title_type as title_type,
            cast(year(all_titles.metric_time__year) as integer) as release_year,
            coalesce(groups.title_count, 0) as title_count,
            cast(coalesce(groups.share,
                round(coalesce(groups.title_count, 0) / all_titles.titles, 4), 0)
                as double) as share_of_releases,
            groups.mean_rating, groups.median_rating, groups.vote_weighted_mean_rating,
            groups.mean_weighted_rating, coalesce(groups.total_votes, 0) as total_votes,
            coalesce(groups.rated_10_count, 0) as rated_10_count
        -- the grid: each group on every type and year with releases
        from all_titles
        cross join (select unnest(['Comedy', 'Animation', '{FOCUS_UNION}']) as focus_group) as g
        left join groups
            on groups.focus_group = g.focus_group
            and groups.title__title_type = all_titles.title__title_type
            and groups.metric_time__year = all_titles.metric_time__year
        where all_titles.metric_time__year is not null
    """
    mart = (
        "select focus_group, title_type, release_year, title_count, share_of_releases, "
        "mean_rating, median_rating, vote_weighted_mean_rating, mean_weighted_rating, "
        "total_votes, rated_10_count from refined.comedy_animation_by_year"
    )
    assert lake.rows(f"select count(distinct focus_group) from ({mart})")[0][0] == 3
    assert differences(lake, mart, metrics) == []


def test_comedy_animation_summary_equals_the_metrics(lake: Lake) -> None:
    measures = ("titles", "rated_10_titles", "mean_rating", "vote_weighted_mean_rating")
    measures += ("mean_weighted_rating",)
    rounded = (
        "cast({p}titles as bigint), cast({p}rated_10_titles as bigint), "
        "cast(round({p}mean_rating, 3) as double), "
        "cast(round({p}vote_weighted_mean_rating, 3) as double), "
        "cast(round({p}mean_weighted_rating, 3) as double)"
    )
    genre_measures = tuple(f"genre_{m}" for m in measures)
    parts = []
    for by_type in (True, False):
        grain = ("title__title_type",) if by_type else ()
        title_type = "title__title_type" if by_type else "'all'"
        scopes = [
            ("'All titles'", lake.metric_sql(measures, grain), ""),
            (
                f"'{FOCUS_UNION}'",
                lake.metric_sql(measures, grain, where=["{{ Dimension('title__is_focus') }}"]),
                "",
            ),
            (
                "title_genre__genre",
                lake.metric_sql(
                    genre_measures,
                    (*grain, "title_genre__genre"),
                    where=["{{ Dimension('title_genre__is_focus_genre') }}"],
                ),
                "genre_",
            ),
        ]
        for scope, sql, prefix in scopes:
            parts.append(
                f"select {scope} as scope, {title_type} as title_type, "
                f"{rounded.format(p=prefix)} from ({sql})"
            )
    metrics = " union all ".join(parts)
    mart = (
        "select scope, title_type, title_count, rated_10_count, mean_rating, "
        "vote_weighted_mean_rating, mean_weighted_rating from refined.comedy_animation_summary "
        "where title_count > 0"  # (the mart's grid has zero rows where a scope has none)
    )
    assert lake.rows(f"select count(*) from ({mart})")[0][0] >= 9
    assert differences(lake, mart, metrics) == []


def test_comedy_animation_money_by_year_equals_the_metrics(lake: Lake) -> None:
    metrics = lake.metric_sql(
        ("budget", "revenue", "roi"),
        ("metric_time__year", "title__title_type"),
        where=["{{ Dimension('title__is_focus') }}"],
    )
    mart = (
        "select title_type, release_year, total_budget, total_revenue, pooled_roi "
        f"from refined.comedy_animation_money_by_year where focus_group = '{FOCUS_UNION}'"
    )
    query = (
        "select title__title_type, cast(year(metric_time__year) as integer), "
        "cast(budget as bigint), cast(revenue as bigint), round(roi, 4) "
        f"from ({metrics}) where metric_time__year is not null"
    )
    assert lake.rows(f"select count(*) from ({mart})")[0][0] > 0
    assert differences(lake, mart, query) == []


# ---- each metric pinned to a computation by hand ----------------------------------------


def close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    )


def test_title_metrics_match_a_computation_by_hand(lake: Lake) -> None:
    rows = lake.rows(
        "select title_type, release_year, average_rating, num_votes, weighted_rating, "
        "is_focus, budget, revenue from refined.dim_titles"
    )
    by_type: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_type[row[0]].append(row)
    names = (*RATINGS, "share_of_releases", "focus_titles", "budget", "revenue", "roi")
    got = {
        r[0]: dict(zip(names, r[1:], strict=True))
        for r in lake.rows(
            f"select title__title_type, {', '.join(names)} "
            f"from ({lake.metric_sql(names, ('title__title_type',))})"
        )
    }
    assert set(got) == set(by_type)
    for title_type, titles in by_type.items():
        ratings = [float(t[2]) for t in titles]
        votes = sum(t[3] for t in titles)
        budgets = [t[6] for t in titles if t[6] is not None and t[6] >= 1000]
        with_roi = [t for t in titles if t[6] is not None and t[6] >= 1000 and t[7] is not None]
        roi_budget = sum(t[6] for t in with_roi)
        expected = {
            "titles": len(titles),
            "mean_rating": statistics.fmean(ratings),
            "vote_weighted_mean_rating": (
                sum(float(t[2]) * t[3] for t in titles) / votes if votes else None
            ),
            "median_rating": statistics.median(ratings),
            "total_votes": votes,
            "mean_weighted_rating": statistics.fmean(t[4] for t in titles),
            "rated_10_titles": sum(1 for r in ratings if r == 10),
            "share_of_releases": sum(1 for t in titles if t[5]) / len(titles),
            "focus_titles": sum(1 for t in titles if t[5]) or None,
            "budget": sum(budgets) if budgets else None,
            "revenue": sum(t[7] for t in titles if t[7] is not None) or None,
            "roi": (
                (sum(t[7] for t in with_roi) - roi_budget) / roi_budget if roi_budget else None
            ),
        }
        for name, value in expected.items():
            # the mean of the decimal weighted ratings: within the decimal's 6 places
            tolerance = 1e-6 if name == "mean_weighted_rating" else 1e-9
            actual = got[title_type][name]
            assert (actual is None and value is None) or abs(float(actual) - value) < tolerance, (
                title_type,
                name,
                actual,
                value,
            )


def test_genre_metrics_match_a_computation_by_hand(lake: Lake) -> None:
    rows = lake.rows("select genres, average_rating, num_votes from refined.dim_titles")
    by_genre: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for genres, rating, votes in rows:
        for genre in genres or []:
            by_genre[genre].append((float(rating), votes))
    names = ("genre_titles", "genre_mean_rating", "genre_median_rating", "genre_total_votes")
    got = {
        r[0]: r[1:]
        for r in lake.rows(
            f"select title_genre__genre, {', '.join(names)} "
            f"from ({lake.metric_sql(names, ('title_genre__genre',))})"
        )
    }
    assert set(got) == set(by_genre)
    for genre, titles in by_genre.items():
        ratings = [r for r, _ in titles]
        expected = (
            len(titles),
            statistics.fmean(ratings),
            statistics.median(ratings),
            sum(v for _, v in titles),
        )
        assert all(close(a, b) for a, b in zip(got[genre], expected, strict=True)), genre


def test_mean_rating_change_matches_the_loads_by_hand(lake: Lake) -> None:
    rows = lake.rows("select load_date, average_rating from trusted.title_snapshots")
    loads: dict[date, list[float]] = defaultdict(list)
    for load_date, rating in rows:
        loads[load_date].append(float(rating))
    means = {day: statistics.fmean(ratings) for day, ratings in loads.items()}
    got = {
        r[0].date(): r[1:]
        for r in lake.rows(
            lake.metric_sql(
                ("loaded_titles", "load_mean_rating", "mean_rating_change"), ("metric_time__day",)
            )
        )
    }
    for day, mean in means.items():
        titles, load_mean, change = got[day]
        previous = means.get(day - timedelta(days=1))
        assert titles == len(loads[day]) and close(load_mean, mean), day
        assert close(change, None if previous is None else mean - previous), day
    # the history has two daily loads: one change between them
    if len(means) > 1:
        assert sum(1 for *_, change in got.values() if change is not None) == len(means) - 1


# ---- the app's yearly charts ask the metrics ---------------------------------------------


def test_the_apps_yearly_charts_match_a_computation_by_hand(lake: Lake) -> None:
    from cinelake.app import analytics

    rows = lake.rows(
        "select release_year, title_type, num_votes, genres, average_rating "
        "from refined.dim_titles where release_year is not null"
    )
    focus = analytics.focus_genres(lake.con)
    for filters in (
        focus.filters(),
        focus.filters("Drama", title_types=("movie",), min_votes=100),
        focus.filters(focus.genres[0], first_year=1990, last_year=2010),
    ):
        kept = [
            r
            for r in rows
            if filters.first_year <= r[0] <= filters.last_year
            and r[1] in filters.title_types
            and r[2] >= filters.min_votes
        ]
        in_genre = [r for r in kept if set(r[3] or []) & set(filters.members)]
        expected: dict[tuple[str, int], tuple[float, int]] = {}
        for label, titles in (("All titles", kept), (filters.genre, in_genre)):
            years: dict[int, list[float]] = defaultdict(list)
            for r in titles:
                years[r[0]].append(float(r[4]))
            expected |= {(label, y): (statistics.fmean(v), len(v)) for y, v in years.items()}
        yearly = analytics.yearly_ratings(lake.con, filters)
        got = {
            (r.titles, r.release_year): (r.mean_rating, r.title_count) for r in yearly.itertuples()
        }
        assert got.keys() == expected.keys(), filters
        assert all(close(got[k][0], v[0]) and got[k][1] == v[1] for k, v in expected.items())
        releases = analytics.releases_per_year(lake.con, filters)
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for r in in_genre:
            counts[(r[0], r[1])] += 1
        assert {
            (r.release_year, r.title_type): r.releases for r in releases.itertuples()
        } == counts, filters
