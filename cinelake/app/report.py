"""`cinelake report`: the dashboard's page (`page.PAGE`) as one self-contained HTML file.

plotly.js is inlined once, so the page opens with no network at all.
"""

from __future__ import annotations

import functools
import html
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from cinelake.app import analytics, page
from cinelake.config import Settings
from cinelake.warehouse.published import open_published

log = logging.getLogger(__name__)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.8rem 1.2rem; min-width: 10rem; }
.card b { display: block; font-size: 1.6rem; }
.card small { display: block; color: #666; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(32rem, 100%), 1fr));
  gap: 1rem; }
.grid > * { min-width: 0; }
.chart { width: 100%; height: 460px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
td, th { border-bottom: 1px solid #eee; padding: 0.3rem 0.8rem; text-align: left; }
"""


def _cards(cards: page.Cards | None) -> str:
    if cards is None:
        return f"<p>{html.escape(page.NO_METRICS)}</p>"
    items = "".join(
        f'<div class="card">{html.escape(card.label)}<b>{html.escape(card.value)}</b>'
        + (f"<small>{html.escape(card.delta)}</small>" if card.delta else "")
        + "</div>"
        for card in cards.cards
    )
    return f'<div class="cards">{items}</div>\n<p>{html.escape(cards.caption)}</p>'


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


def _chart_row(row: page.ChartRow) -> str:
    placeholders = "\n".join(_figure(chart.key) for chart in row.charts)
    return f'<div class="grid">{placeholders}</div>' if len(row.charts) > 1 else placeholders


def _tables(tables: list[tuple[str, pd.DataFrame]]) -> str:
    # a table wider than a narrow window scrolls on its own, not the whole page
    return "".join(
        f'<h3>{html.escape(genre)}</h3><div class="scroll">'
        + table.to_html(index=False, border=0)
        + "</div>"
        for genre, table in tables
    )


def _table(frame: pd.DataFrame, table_id: str | None = None) -> str:
    attributes = {"table_id": table_id} if table_id else {}
    return '<div class="scroll">' + frame.to_html(index=False, border=0, **attributes) + "</div>"


def _message(text: str) -> str:
    return f'<p class="message">{html.escape(text)}</p>'


def build_page(con: object) -> str:
    @functools.cache
    def fetch(query: str, *args: Any) -> pd.DataFrame:  # one read per query and arguments
        return getattr(analytics, query)(con, *args)

    focus = analytics.focus_genres(con)
    view = page.View(focus, focus.filters())
    parts: list[str] = []
    figures: dict[str, go.Figure] = {}
    for section in page.PAGE:
        if section.heading:
            parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        if section.needs and not section.shown(fetch):
            parts.append(_message(section.needs.note))
            continue
        for block in section.blocks:
            if isinstance(block, page.ChartRow):
                for chart in block.charts:
                    frame = fetch(chart.query, *chart.query_args(view))
                    figures[chart.key] = chart.draw(frame, view)
                parts.append(_chart_row(block))
            elif isinstance(block, page.MetricCards):
                parts.append(_cards(page.metric_cards(fetch(block.query))))
            elif isinstance(block, page.TopTitleTables):
                parts.append(_tables(page.top_title_tables(fetch(block.query), focus)))
            elif isinstance(block, page.LoadsTable):
                loads = page.loads_table(fetch(block.query))
                parts.append("<h3>Raw loads: rows landed per date and file kind</h3>")
                parts.append(_message(page.NO_LOADS) if loads is None else _table(loads))
            elif isinstance(block, page.MoversTable):
                movers = page.movers_table(fetch(block.query))
                parts.append("<h3>Top rating movers between the last two loads</h3>")
                parts.append(
                    _message(page.NEEDS_TWO_LOADS) if movers is None else _table(movers, block.key)
                )
            elif isinstance(block, page.TopEarnersTable):
                earners = page.top_earners_table(fetch(block.query))
                parts.append(f"<h3>{html.escape(block.heading)}</h3>")
                parts.append(
                    _message(page.NO_EARNERS) if earners is None else _table(earners, block.key)
                )
            else:
                top = page.top_mover(fetch(block.movers_query))
                parts.append("<h3>The top mover's rating and votes over the loads</h3>")
                if top is None:
                    parts.append(_message(page.NEEDS_TWO_LOADS))
                else:
                    title_id, label = top
                    figures[block.key] = block.draw(fetch(block.query, title_id), label)
                    parts.append(_figure(block.key))
    body = "\n".join(parts)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cinelake report</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script></head>
<body>
<h1>{html.escape(page.title(focus))}</h1>
<p>All titles, genre {html.escape(view.filters.genre)}, every year, any number of votes.
Generated {stamp}.</p>
{body}
{_figures_script(figures)}
</body></html>
"""


def write_report(settings: Settings, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    con = open_published(settings)
    try:
        page = build_page(con)
    finally:
        con.close()
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    log.info("wrote %s (%d KB)", target, len(page) // 1024)
    return target
