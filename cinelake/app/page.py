"""The app's one page, defined once: its sections in order, and in each the rows of
charts (which analytics query feeds which figure, side by side in columns), the model
metric cards and the top-title tables.

The Streamlit dashboard (`dashboard_app`) and the static report (`report`) both walk
`PAGE`; neither holds a list of charts, cards or tables of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


Block = ChartRow | MetricCards | TopTitleTables


@dataclass(frozen=True)
class Section:
    heading: str | None  # None: the opening section, right under the page title
    blocks: tuple[Block, ...]


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
)


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


NO_METRICS = "No model metrics yet: run `dbt build`."


def top_title_tables(top: pd.DataFrame, focus: Focus) -> list[tuple[str, pd.DataFrame]]:
    """(focus genre, its top titles) in the order of the focus genres."""
    return [(genre, top[top.genre == genre].drop(columns="genre")) for genre in focus.genres]
