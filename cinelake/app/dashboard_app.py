"""The Streamlit page behind `cinelake dashboard` (run by Streamlit, not imported).

It renders `page.PAGE`, the page the static report renders too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from cinelake.app import analytics, page
from cinelake.config import load_settings
from cinelake.warehouse.published import open_published, pin_from_environment

T = TypeVar("T")


def ask(question: Callable[..., T], *args: Any) -> T:
    """Open the published tables for one question only (a build never blocks it)."""
    as_of, build = pin_from_environment(os.environ)
    con = open_published(load_settings(), as_of=as_of, build=build)
    try:
        return question(con, *args)
    finally:
        con.close()


@st.cache_data(ttl=30, show_spinner=False)
def cached(name: str, *args: Any) -> Any:
    return ask(getattr(analytics, name), *args)


def sidebar(focus: analytics.Focus) -> analytics.Filters:
    st.sidebar.header("Filters")
    low, high = cached("year_bounds")
    types = st.sidebar.multiselect("Title type", ["movie", "series"], default=["movie", "series"])
    genre = st.sidebar.selectbox("Genre", cached("genres", focus), index=0)
    first, last = st.sidebar.slider("Years", min_value=low, max_value=high, value=(low, high))
    min_votes = st.sidebar.number_input("Minimum votes", min_value=0, value=0, step=10)
    return focus.filters(
        genre,
        title_types=tuple(types) or ("movie", "series"),
        first_year=first,
        last_year=last,
        min_votes=int(min_votes),
    )


def chart_row(row: page.ChartRow, view: page.View) -> None:
    places = st.columns(len(row.charts)) if len(row.charts) > 1 else [st]
    for place, chart in zip(places, row.charts, strict=True):
        frame = cached(chart.query, *chart.query_args(view))
        place.plotly_chart(chart.draw(frame, view), key=chart.key)


def metric_cards(block: page.MetricCards) -> None:
    cards = page.metric_cards(cached(block.query))
    if cards is None:
        st.info(page.NO_METRICS)
        return
    for place, card in zip(st.columns(len(cards.cards)), cards.cards, strict=True):
        place.metric(card.label, card.value, card.delta, delta_color="inverse")
    st.caption(cards.caption)


def top_title_tables(block: page.TopTitleTables, focus: analytics.Focus) -> None:
    for genre, table in page.top_title_tables(cached(block.query), focus):
        st.markdown(f"**{genre}**")
        st.dataframe(table, hide_index=True)


def loads_table(block: page.LoadsTable) -> None:
    table = page.loads_table(cached(block.query))
    if table is None:
        st.info(page.NO_LOADS)
        return
    st.markdown("**Raw loads: rows landed per date and file kind**")
    st.dataframe(table, hide_index=True)


def movers_table(block: page.MoversTable) -> None:
    st.markdown("**Top rating movers between the last two loads**")
    table = page.movers_table(cached(block.query))
    if table is None:
        st.info(page.NEEDS_TWO_LOADS)
        return
    st.dataframe(table, hide_index=True, key=block.key)


def title_history(block: page.TitleHistory) -> None:
    st.markdown("**A title's rating and votes over the loads**")
    choice = page.history_choice(cached(block.titles_query), cached(block.movers_query))
    if choice is None:
        st.info(page.NEEDS_TWO_LOADS)
        return
    title_id = st.selectbox(
        "Title",
        list(choice.labels),
        index=choice.index,
        format_func=choice.labels.__getitem__,
        key=f"{block.key}_title",
    )
    frame = cached(block.query, title_id)
    st.plotly_chart(block.draw(frame, choice.labels[title_id]), key=block.key)


def top_earners_table(block: page.TopEarnersTable) -> None:
    st.markdown(f"**{block.heading}**")
    table = page.top_earners_table(cached(block.query))
    if table is None:
        st.info(page.NO_EARNERS)
        return
    st.dataframe(table, hide_index=True, key=block.key)


def main() -> None:
    st.set_page_config(page_title="cinelake", layout="wide")
    focus = cached("focus_genres")
    st.title(page.title(focus))
    pinned = page.pinned_caption(*pin_from_environment(os.environ))
    if pinned:
        st.caption(pinned)
    view = page.View(focus, sidebar(focus))
    for section in page.PAGE:
        if section.heading:
            st.subheader(section.heading)
        if section.needs and not section.shown(cached):
            st.info(section.needs.note)
            continue
        for block in section.blocks:
            if isinstance(block, page.ChartRow):
                chart_row(block, view)
            elif isinstance(block, page.MetricCards):
                metric_cards(block)
            elif isinstance(block, page.TopTitleTables):
                top_title_tables(block, focus)
            elif isinstance(block, page.LoadsTable):
                loads_table(block)
            elif isinstance(block, page.MoversTable):
                movers_table(block)
            elif isinstance(block, page.TopEarnersTable):
                top_earners_table(block)
            else:
                title_history(block)


main()
