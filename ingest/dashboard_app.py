"""The Streamlit page behind `cinelake dashboard` (run by Streamlit, not imported)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from ingest import analytics, charts
from ingest.config import load_settings
from ingest.warehouse import connect

T = TypeVar("T")


def ask(question: Callable[..., T], *args: Any) -> T:
    """Open the warehouse read-only for one question only, so a `dbt build` can run."""
    con = connect(load_settings(), read_only=True)
    try:
        return question(con, *args)
    finally:
        con.close()


@st.cache_data(ttl=30, show_spinner=False)
def cached(name: str, *args: Any) -> Any:
    return ask(getattr(analytics, name), *args)


def sidebar() -> analytics.Filters:
    st.sidebar.header("Filters")
    low, high = cached("year_bounds")
    types = st.sidebar.multiselect("Title type", ["movie", "series"], default=["movie", "series"])
    genre = st.sidebar.selectbox("Genre", cached("genres"), index=0)
    first, last = st.sidebar.slider("Years", min_value=low, max_value=high, value=(low, high))
    min_votes = st.sidebar.number_input("Minimum votes", min_value=0, value=0, step=10)
    return analytics.Filters(
        tuple(types) or ("movie", "series"), genre, first, last, int(min_votes)
    )


def metric_cards(metrics: pd.DataFrame) -> None:
    rows = metrics[
        (metrics.model_name == "title_rating_predictions") & (metrics.title_type == "all")
    ]
    model = rows[rows.predictor == "model"]
    baseline = rows[rows.predictor == "naive_mean"]
    if model.empty or baseline.empty:
        st.info("No model metrics yet: run `dbt build`.")
        return
    m, b = model.iloc[0], baseline.iloc[0]
    cols = st.columns(4)
    cols[0].metric(
        "MSE (title model)",
        f"{m.mse:.3f}",
        f"{m.mse - b.mse:+.3f} vs baseline",
        delta_color="inverse",
    )
    cols[1].metric("MSE (naive mean)", f"{b.mse:.3f}")
    cols[2].metric(
        "MAE (title model)",
        f"{m.mae:.3f}",
        f"{m.mae - b.mae:+.3f} vs baseline",
        delta_color="inverse",
    )
    cols[3].metric("MAE (naive mean)", f"{b.mae:.3f}")
    st.caption(
        f"Held-out titles: {int(m.n_test)}; trained on {int(m.n_train)}. "
        "The baseline predicts the training mean for every title."
    )


def main() -> None:
    st.set_page_config(page_title="cinelake", layout="wide")
    st.title("cinelake: comedy & animation ratings")
    filters = sidebar()

    left, right = st.columns(2)
    left.plotly_chart(
        charts.rating_by_year(cached("yearly_ratings", filters)), key="rating_by_year"
    )
    right.plotly_chart(
        charts.releases_by_year(cached("releases_per_year", filters), filters.genre),
        key="releases_by_year",
    )

    st.subheader("How well can ratings be predicted?")
    metric_cards(cached("model_metrics"))
    predictions = cached("held_out_predictions")
    left, right = st.columns(2)
    left.plotly_chart(charts.predicted_vs_actual(predictions), key="predicted_vs_actual")
    right.plotly_chart(charts.residuals(predictions), key="residuals")
    st.plotly_chart(charts.trend_forecast(cached("trend_forecast")), key="trend_forecast")

    st.subheader("Top titles with the maximum rating")
    top = cached("top_titles")
    for genre in ("Comedy", "Animation"):
        st.markdown(f"**{genre}**")
        st.dataframe(top[top.genre == genre].drop(columns="genre"), hide_index=True)


main()
