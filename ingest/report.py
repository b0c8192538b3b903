"""`cinelake report`: the dashboard's charts as one self-contained HTML page.

plotly.js is inlined once, so the page opens with no network at all.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from ingest import analytics, charts
from ingest.config import Settings
from ingest.warehouse import connect

log = logging.getLogger(__name__)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.8rem 1.2rem; min-width: 10rem; }
.card b { display: block; font-size: 1.6rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(32rem, 1fr)); gap: 1rem; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
td, th { border-bottom: 1px solid #eee; padding: 0.3rem 0.8rem; text-align: left; }
"""


def _cards(metrics: pd.DataFrame) -> str:
    rows = metrics[
        (metrics.model_name == "title_rating_predictions") & (metrics.title_type == "all")
    ]
    cards = []
    for _, row in rows.iterrows():
        who = "title model" if row.predictor == "model" else "naive mean (baseline)"
        cards.append(f'<div class="card">MSE, {who}<b>{row.mse:.3f}</b></div>')
        cards.append(f'<div class="card">MAE, {who}<b>{row.mae:.3f}</b></div>')
    return '<div class="cards">' + "".join(cards) + "</div>"


def _figure(figure: go.Figure, name: str) -> str:
    return figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=name,
        default_width="100%",
        default_height="460px",
        config={"responsive": True, "displaylogo": False},
    )


def build_page(con: object) -> str:
    filters = analytics.Filters()
    predictions = analytics.held_out_predictions(con)  # one read for both charts
    figures = {
        "rating_by_year": charts.rating_by_year(analytics.yearly_ratings(con, filters)),
        "releases_by_year": charts.releases_by_year(
            analytics.releases_per_year(con, filters), filters.genre
        ),
        "predicted_vs_actual": charts.predicted_vs_actual(predictions),
        "residuals": charts.residuals(predictions),
        "trend_forecast": charts.trend_forecast(analytics.trend_forecast(con)),
    }
    top = analytics.top_titles(con)
    tables = "".join(
        f"<h3>{genre}</h3>"
        + top[top.genre == genre].drop(columns="genre").to_html(index=False, border=0)
        for genre in ("Comedy", "Animation")
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cinelake report</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script></head>
<body>
<h1>cinelake: comedy &amp; animation ratings</h1>
<p>All titles, genre {html.escape(filters.genre)}, every year, any number of votes.
Generated {stamp}.</p>
<div class="grid">{_figure(figures["rating_by_year"], "rating_by_year")}
{_figure(figures["releases_by_year"], "releases_by_year")}</div>
<h2>How well can ratings be predicted?</h2>
{_cards(analytics.model_metrics(con))}
<div class="grid">{_figure(figures["predicted_vs_actual"], "predicted_vs_actual")}
{_figure(figures["residuals"], "residuals")}</div>
{_figure(figures["trend_forecast"], "trend_forecast")}
<h2>Top titles with the maximum rating</h2>
{tables}
</body></html>
"""


def write_report(settings: Settings, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    con = connect(settings, read_only=True)
    try:
        page = build_page(con)
    finally:
        con.close()
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    log.info("wrote %s (%d KB)", target, len(page) // 1024)
    return target
