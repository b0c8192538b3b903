"""`cinelake report`: the dashboard's charts as one self-contained HTML page.

plotly.js is inlined once, so the page opens with no network at all.
"""

from __future__ import annotations

import html
import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
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
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(32rem, 100%), 1fr));
  gap: 1rem; }
.grid > * { min-width: 0; }
.chart { width: 100%; height: 460px; }
.scroll { overflow-x: auto; }
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


def _figure(name: str) -> str:
    """A placeholder the script at the end of the page draws the figure into."""
    return f'<div><div id="{name}" class="chart"></div></div>'


# Drawn only once every placeholder is in the page: a chart drawn while the page is still
# being parsed sized itself to a grid holding only itself, twice its final column width.
# Each chart takes its div's width (autosize) and is re-laid out when that width changes
# (window resize, the grid going from two columns to one, a scrollbar appearing).
DRAW = """
const config = {displaylogo: false};
for (const [id, figure] of Object.entries(FIGURES)) {
  const div = document.getElementById(id);
  Plotly.newPlot(div, figure.data, {...figure.layout, autosize: true}, config);
  let width = div.clientWidth;
  new ResizeObserver(() => {
    if (div.clientWidth !== width) {
      width = div.clientWidth;
      Plotly.Plots.resize(div);
    }
  }).observe(div);
}
"""


def _figures_script(figures: dict[str, go.Figure]) -> str:
    # to_json escapes "<", ">" and "/", so no figure text can end the <script> early
    entries = ",".join(f"{json.dumps(name)}:{pio.to_json(fig)}" for name, fig in figures.items())
    return f"<script>\nconst FIGURES = {{{entries}}};\n{DRAW}</script>"


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
    # a table wider than a narrow window scrolls on its own, not the whole page
    tables = "".join(
        f'<h3>{genre}</h3><div class="scroll">'
        + top[top.genre == genre].drop(columns="genre").to_html(index=False, border=0)
        + "</div>"
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
<div class="grid">{_figure("rating_by_year")}
{_figure("releases_by_year")}</div>
<h2>How well can ratings be predicted?</h2>
{_cards(analytics.model_metrics(con))}
<div class="grid">{_figure("predicted_vs_actual")}
{_figure("residuals")}</div>
{_figure("trend_forecast")}
<h2>Top titles with the maximum rating</h2>
{tables}
{_figures_script(figures)}
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
