"""The inbox of daily deliveries: `DIR/YYYY-MM-DD/movies.csv` and `series.csv`, with
`DIR/loads.json` listing the dates in the order to land them (`cinelake ingest
--from-days DIR`). `cinelake sample --days` writes one; a user's own deliveries can be
laid out the same way."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest.schema import MOVIES, SERIES, FileKind

LOADS_FILE = "loads.json"


def day_files(inbox: Path, day: date) -> dict[FileKind, Path]:
    """The two files of one day's folder, by kind."""
    folder = Path(inbox) / day.isoformat()
    return {MOVIES: folder / MOVIES.file_name, SERIES: folder / SERIES.file_name}


def read_loads(inbox: Path) -> list[tuple[date, dict[FileKind, Path]]]:
    """The days of `inbox/loads.json` in load order, each with its two files.

    Raises FileNotFoundError when the manifest or a listed file is missing, ValueError
    when the manifest does not list dates.
    """
    path = Path(inbox) / LOADS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    order = data.get("load_order") if isinstance(data, dict) else None
    if not isinstance(order, list) or not order:
        raise ValueError(f"{path}: no load_order list of dates")
    loads = []
    for text in order:
        day = date.fromisoformat(str(text))
        files = day_files(path.parent, day)
        for file in files.values():
            if not file.is_file():
                raise FileNotFoundError(f"{path} lists {day}, but {file} is missing")
        loads.append((day, files))
    return loads
