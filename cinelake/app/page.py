"""The app's one page, defined once: its sections in order, and in each the rows of
charts (which analytics query feeds which figure, side by side in columns), the model
metric cards, the top-title tables, the daily-loads blocks (Raw-load lineage, the
rating movers between the last two loads and one title's history over the loads) and the
TMDB money views (shown once a focus title is enriched, a note until then).

The Streamlit dashboard (`dashboard_app`) and the static report (`report`) both walk
`PAGE`; neither holds a list of charts, cards or tables of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

from cinelake.app import charts
from cinelake.app.analytics import Filters, Focus


@dataclass(frozen=True)
class View:
    """What one rendering of the page shows: the focus genres and the filters."""

    focus: Focus
    filters: Filters


@dataclass(frozen=True)
class Chart:
    """One figure: `query` (an `analytics` function) feeds `draw`."""

    key: str  # the chart's id in the report and its widget key in the dashboard
    query: str
    draw: Callable[[pd.DataFrame, View], go.Figure]
    filtered: bool = False  # whether `query` takes the view's filters

    def query_args(self, view: View) -> tuple[Any, ...]:
        return (view.filters,) if self.filtered else ()


@dataclass(frozen=True)
class ChartRow:
    """Charts side by side, one column each; a row of one chart spans the page."""

    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class MetricCards:
    """The title model's error next to the naive baseline's (see `metric_cards`)."""

    query: str = "model_metrics"


@dataclass(frozen=True)
class TopTitleTables:
    """One table of top titles per focus genre (see `top_title_tables`)."""

    query: str = "top_titles"


@dataclass(frozen=True)
class LoadsTable:
    """Raw-load lineage: the dates landed and rows per date and file kind."""

    query: str = "raw_loads"


@dataclass(frozen=True)
class MoversTable:
    """The top rating movers between the last two loads (see `movers_table`)."""

    key: str = "rating_movers"  # the table's id in the report
    query: str = "rating_movers"


@dataclass(frozen=True)
class TitleHistory:
    """One title's rating and votes over the loads: picked in the dashboard (titles
    with more than one snapshot, the top mover first chosen), the top mover in the
    report."""

    key: str = "title_history"  # the chart's id in the report and widget key in the dashboard
    query: str = "title_history"
    titles_query: str = "history_titles"
    movers_query: str = "rating_movers"

    def draw(self, frame: pd.DataFrame, label: str) -> go.Figure:
        return charts.title_history(frame, label)


@dataclass(frozen=True)
class TopEarnersTable:
    """The focus union's top box-office earners per title type (see `top_earners_table`)."""

    key: str = "top_earners"  # the table's id in the report
    query: str = "top_earners"
    heading: str = "Top box-office earners (TMDB revenue)"


Block = (
    ChartRow
    | MetricCards
    | TopTitleTables
    | LoadsTable
    | MoversTable
    | TitleHistory
    | TopEarnersTable
)
B = TypeVar(
    "B",
    ChartRow,
    MetricCards,
    TopTitleTables,
    LoadsTable,
    MoversTable,
    TitleHistory,
    TopEarnersTable,
)


@dataclass(frozen=True)
class Needs:
    """What a section needs to show its blocks: `query` (an `analytics` function giving a
    count) above zero; until then the section shows `note` alone."""

    query: str
    note: str


# plain text: the dashboard renders these as Markdown, the report as HTML
NO_TMDB = (
    "No focus title is enriched from TMDB yet: run cinelake enrich, then dbt build, "
    "for budget, revenue and ROI."
)


@dataclass(frozen=True)
class Section:
    heading: str | None  # None: the opening section, right under the page title
    blocks: tuple[Block, ...]
    needs: Needs | None = None  # None: the blocks are always shown

    def shown(self, count: Callable[[str], int]) -> bool:
        """Whether the blocks are shown, `count` answering the `needs` query."""
        return self.needs is None or count(self.needs.query) > 0


PAGE: tuple[Section, ...] = (
    Section(
        None,
        (
            ChartRow(
                (
                    Chart(
                        "rating_by_year",
                        "yearly_ratings",
                        lambda frame, _: charts.rating_by_year(frame),
                        filtered=True,
                    ),
                    Chart(
                        "releases_by_year",
                        "releases_per_year",
                        lambda frame, view: charts.releases_by_year(frame, view.filters.genre),
                        filtered=True,
                    ),
                )
            ),
        ),
    ),
    Section(
        "How well can ratings be predicted?",
        (
            MetricCards(),
            ChartRow(
                (
                    Chart(
                        "predicted_vs_actual",
                        "held_out_predictions",
                        lambda frame, _: charts.predicted_vs_actual(frame),
                    ),
                    Chart(
                        "residuals",
                        "held_out_predictions",
                        lambda frame, _: charts.residuals(frame),
                    ),
                )
            ),
            ChartRow(
                (
                    Chart(
                        "trend_forecast",
                        "trend_forecast",
                        lambda frame, view: charts.trend_forecast(frame, view.focus.union_label),
                    ),
                )
            ),
        ),
    ),
    Section("Top titles with the maximum rating", (TopTitleTables(),)),
    Section("Daily loads", (LoadsTable(), MoversTable(), TitleHistory())),
    Section(
        "Money (TMDB)",
        (
            ChartRow(
                (
                    Chart(
                        "money_by_year",
                        "money_by_year",
                        lambda frame, view: charts.money_by_year(frame, view.focus.union_label),
                    ),
                    Chart(
                        "rating_by_budget_band",
                        "rating_by_budget_band",
                        lambda frame, view: charts.rating_by_budget_band(
                            frame, view.focus.union_label
                        ),
                    ),
                )
            ),
            TopEarnersTable(),
        ),
        needs=Needs("tmdb_enriched", NO_TMDB),
    ),
)


def charts_always_drawn() -> int:
    """How many charts the page draws whatever the data (a `TitleHistory` needs two loads,
    a section with `needs` what it needs)."""
    return sum(
        len(block.charts)
        for section in PAGE
        if section.needs is None
        for block in section.blocks
        if isinstance(block, ChartRow)
    )


def blocks_of(kind: type[B]) -> list[B]:
    """Every block of the page of type `kind`, in page order."""
    return [block for section in PAGE for block in section.blocks if isinstance(block, kind)]


def title(focus: Focus) -> str:
    return f"cinelake: {focus.union_label} ratings"


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None  # the change against the baseline; lower is better


@dataclass(frozen=True)
class Cards:
    cards: tuple[Card, ...]
    caption: str


def metric_cards(metrics: pd.DataFrame) -> Cards | None:
    """MSE and MAE of the title model and of the naive baseline; None before a build."""
    rows = metrics[
        (metrics.model_name == "title_rating_predictions") & (metrics.title_type == "all")
    ]
    model = rows[rows.predictor == "model"]
    baseline = rows[rows.predictor == "naive_mean"]
    if model.empty or baseline.empty:
        return None
    m, b = model.iloc[0], baseline.iloc[0]
    cards: list[Card] = []
    for measure in ("mse", "mae"):
        ours, naive = float(m[measure]), float(b[measure])
        name = measure.upper()
        cards.append(
            Card(f"{name} (title model)", f"{ours:.3f}", f"{ours - naive:+.3f} vs baseline")
        )
        cards.append(Card(f"{name} (naive mean)", f"{naive:.3f}"))
    caption = (
        f"Held-out titles: {int(m.n_test)}; trained on {int(m.n_train)}. "
        "The baseline predicts the training mean for every title."
    )
    return Cards(tuple(cards), caption)


def pinned_caption(as_of: datetime | None, build: str | None) -> str | None:
    """What a page pinned to an earlier publication says it shows; None for the latest."""
    if build:
        return f"An earlier build: {build}, as it was published. {LATEST_HINT}"
    if as_of:
        return f"The tables as published at {as_of.isoformat()}. {LATEST_HINT}"
    return None


LATEST_HINT = "Start cinelake dashboard without --build or --as-of for the latest."

NO_METRICS = "No model metrics yet: run `dbt build`."


def top_title_tables(top: pd.DataFrame, focus: Focus) -> list[tuple[str, pd.DataFrame]]:
    """(focus genre, its top titles) in the order of the focus genres."""
    return [(genre, top[top.genre == genre].drop(columns="genre")) for genre in focus.genres]


# plain text too (see NO_TMDB)
NO_LOADS = "No Raw loads yet: land a day with cinelake ingest, then run dbt build."
NEEDS_TWO_LOADS = (
    "Rating movers and history need two loads, and the lake holds one: land another "
    "day with cinelake ingest, then run dbt build."
)


def _day(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def loads_table(loads: pd.DataFrame) -> pd.DataFrame | None:
    """Rows landed per load date and file kind, newest first; None before any load."""
    if loads.empty:
        return None
    return pd.DataFrame(
        {
            "load date": loads["load_date"].map(_day),
            "file kind": loads["file_kind"],
            "rows": loads["file_rows"].astype("int64"),
            "landed at": loads["landed_at"],
            "read by the build": loads["is_current"].astype(bool),
        }
    )


def movers_table(movers: pd.DataFrame) -> pd.DataFrame | None:
    """The top movers as shown, largest change first; None with fewer than two loads."""
    if movers.empty:
        return None
    return pd.DataFrame(
        {
            "rank": movers["mover_rank"].astype("int64"),
            "title": movers["primary_title"],
            "title_id": movers["title_id"],
            "type": movers["title_type"],
            "from load": movers["from_load_date"].map(_day),
            "to load": movers["to_load_date"].map(_day),
            "rating before": movers["rating_from"].map(lambda v: f"{v:.1f}"),
            "rating after": movers["rating_to"].map(lambda v: f"{v:.1f}"),
            "rating change": movers["rating_change"].map(lambda v: f"{v:+.1f}"),
            "votes change": movers["votes_change"].map(lambda v: f"{int(v):+d}"),
        }
    )


def history_label(title_id: str, primary_title: str) -> str:
    return f"{primary_title} ({title_id})"


@dataclass(frozen=True)
class HistoryChoice:
    """The titles the history view offers (id -> label) and the one first chosen."""

    labels: dict[str, str]
    default: str

    @property
    def index(self) -> int:
        return list(self.labels).index(self.default)


def history_choice(titles: pd.DataFrame, movers: pd.DataFrame) -> HistoryChoice | None:
    """Titles with more than one snapshot, the top mover first chosen (else the first
    title); None while no title has two snapshots."""
    if titles.empty:
        return None
    labels = {
        str(row.title_id): history_label(str(row.title_id), str(row.primary_title))
        for row in titles.itertuples(index=False)
    }
    top = [str(t) for t in movers["title_id"] if str(t) in labels] if not movers.empty else []
    return HistoryChoice(labels, top[0] if top else next(iter(labels)))


def top_mover(movers: pd.DataFrame) -> tuple[str, str] | None:
    """(title_id, label) of the largest rating mover; None with fewer than two loads."""
    if movers.empty:
        return None
    first = movers.iloc[0]
    return str(first.title_id), history_label(str(first.title_id), str(first.primary_title))


def _usd(value: Any) -> str:
    return "" if pd.isna(value) else f"{int(value):,}"


def top_earners_table(earners: pd.DataFrame) -> pd.DataFrame | None:
    """The top earners as shown, by title type then rank; None when no title has a revenue."""
    if earners.empty:
        return None
    return pd.DataFrame(
        {
            "type": earners["title_type"],
            "rank": earners["rank_by_revenue"].astype("int64"),
            "title": earners["primary_title"],
            "title_id": earners["title_id"],
            "year": earners["release_year"].map(lambda v: "" if pd.isna(v) else str(int(v))),
            "budget (USD)": earners["budget"].map(_usd),
            "revenue (USD)": earners["revenue"].map(_usd),
            "ROI": earners["roi"].map(lambda v: "" if pd.isna(v) else f"{v:+.2f}"),
            "rating": earners["average_rating"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}"),
        }
    )


NO_EARNERS = "No focus title has a TMDB revenue yet."
