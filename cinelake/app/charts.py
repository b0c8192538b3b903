"""The dashboard's charts as Plotly figures: one definition for the live dashboard and
the static report, so both always show the same thing."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

TEMPLATE = "plotly_white"


def _empty(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        annotations=[{"text": "no data for these filters", "showarrow": False}],
    )
    return figure


def rating_by_year(frame: pd.DataFrame) -> go.Figure:
    title = "Mean rating per year"
    if frame.empty:
        return _empty(title)
    figure = px.line(
        frame,
        x="release_year",
        y="mean_rating",
        color="titles",
        markers=True,
        hover_data=["title_count"],
        title=title,
        template=TEMPLATE,
        labels={"release_year": "year", "mean_rating": "mean rating", "titles": ""},
    )
    figure.update_yaxes(range=[1, 10])
    return figure


def releases_by_year(frame: pd.DataFrame, genre: str) -> go.Figure:
    title = f"Releases per year: {genre}"
    if frame.empty:
        return _empty(title)
    return px.bar(
        frame,
        x="release_year",
        y="releases",
        color="title_type",
        title=title,
        template=TEMPLATE,
        labels={"release_year": "year", "title_type": "type"},
    )


def predicted_vs_actual(frame: pd.DataFrame) -> go.Figure:
    title = "Title model on held-out titles: predicted vs actual"
    if frame.empty:
        return _empty(title)
    figure = px.scatter(
        frame,
        x="actual_rating",
        y="predicted_rating",
        color="title_type",
        opacity=0.5,
        title=title,
        template=TEMPLATE,
        hover_data=["title_id"],
        labels={"actual_rating": "actual rating", "predicted_rating": "predicted rating"},
    )
    figure.add_trace(
        go.Scatter(x=[1, 10], y=[1, 10], mode="lines", name="perfect", line={"dash": "dash"})
    )
    figure.update_xaxes(range=[1, 10])
    figure.update_yaxes(range=[1, 10])
    return figure


def residuals(frame: pd.DataFrame) -> go.Figure:
    title = "Residuals (actual - predicted) on held-out titles"
    if frame.empty:
        return _empty(title)
    return px.histogram(
        frame,
        x="residual",
        color="title_type",
        nbins=40,
        barmode="overlay",
        title=title,
        template=TEMPLATE,
        labels={"residual": "residual"},
    )


def trend_forecast(frame: pd.DataFrame, focus_label: str) -> go.Figure:
    title = f"{focus_label}: yearly mean rating, trend fit and forecast"
    if frame.empty:
        return _empty(title)
    figure = go.Figure()
    for title_type, rows in frame.groupby("title_type"):
        observed = rows[rows["actual_mean_rating"].notna()]
        figure.add_trace(
            go.Scatter(
                x=observed["release_year"],
                y=observed["actual_mean_rating"],
                mode="markers",
                name=f"{title_type}: actual",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=rows["release_year"],
                y=rows["predicted_mean_rating"],
                mode="lines",
                name=f"{title_type}: trend and forecast",
            )
        )
    figure.update_layout(
        title=title, template=TEMPLATE, xaxis_title="year", yaxis_title="mean rating"
    )
    return figure


def title_history(frame: pd.DataFrame, label: str) -> go.Figure:
    """One title's rating (left axis) and votes (right axis) over the loads."""
    title = f"{label}: rating and votes per load"
    if frame.empty:
        return _empty(title)
    # one tick per load, labelled by its date (a date axis would tick hours between two)
    loads = frame["load_date"].map(lambda day: pd.Timestamp(day).strftime("%Y-%m-%d"))
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=loads,
            y=frame["average_rating"],
            mode="lines+markers",
            name="rating",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=loads,
            y=frame["num_votes"],
            mode="lines+markers",
            name="votes",
            yaxis="y2",
        )
    )
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        xaxis={"title": "load date", "type": "category"},
        yaxis={"title": "rating", "range": [1, 10]},
        yaxis2={
            "title": "votes",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "tickformat": ",d",
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def money_by_year(frame: pd.DataFrame, focus_label: str) -> go.Figure:
    """Total budget and revenue per year (bars, left axis, USD) and the pooled ROI (line,
    right axis), one set per title type that has any money."""
    title = f"{focus_label}: budget, revenue and ROI per year (TMDB)"
    money = frame[(frame["budget_count"] > 0) | (frame["revenue_count"] > 0)]
    if money.empty:
        return _empty(title)
    figure = go.Figure()
    for title_type, rows in money.groupby("title_type"):
        for column, measure in (("total_budget", "budget"), ("total_revenue", "revenue")):
            figure.add_trace(
                go.Bar(x=rows["release_year"], y=rows[column], name=f"{title_type}: {measure}")
            )
        with_roi = rows[rows["pooled_roi"].notna()]
        figure.add_trace(
            go.Scatter(
                x=with_roi["release_year"],
                y=with_roi["pooled_roi"],
                mode="lines+markers",
                name=f"{title_type}: pooled ROI",
                yaxis="y2",
            )
        )
    figure.update_layout(
        title=title,
        template=TEMPLATE,
        barmode="group",
        xaxis={"title": "year"},
        yaxis={"title": "USD", "rangemode": "tozero"},
        yaxis2={
            "title": "pooled ROI",
            "overlaying": "y",
            "side": "right",
            "tickformat": ".0%",
            "tickmode": "auto",  # its own ticks, not the budget axis' grid lines
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def rating_by_budget_band(frame: pd.DataFrame, focus_label: str) -> go.Figure:
    """Mean IMDb rating per budget band (in band order, `unknown` first) and title type."""
    title = f"{focus_label}: mean rating per budget band (TMDB)"
    if frame.empty:
        return _empty(title)
    bands = frame.sort_values("budget_band_order")["budget_band"].drop_duplicates().tolist()
    figure = px.bar(
        frame,
        x="budget_band",
        y="mean_rating",
        color="title_type",
        barmode="group",
        hover_data=["title_count", "enriched_count", "median_roi"],
        category_orders={"budget_band": bands},
        title=title,
        template=TEMPLATE,
        labels={"budget_band": "budget band", "mean_rating": "mean rating", "title_type": "type"},
    )
    figure.update_yaxes(range=[1, 10])
    return figure
