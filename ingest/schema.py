"""The two input file kinds, their columns and dialect, and where they land in Raw.

Defined once, in the dbt project that reads the Raw files: each file's folder, name,
columns and types are the config of its source (models/staging/imdb/_imdb__sources.yml:
`raw_folder`, `raw_file`, `csv_columns`), the Raw prefix is the var `raw_csv_prefix`
of dbt_project.yml. Validation checks the header against them, the landing writes to
them, the warehouse casts with them, the benchmark scans with them. The dialect below
is the one that source's `read_csv` states; a test compares the two in a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
SOURCES_FILE = PROJECT / "models/staging/imdb/_imdb__sources.yml"
SOURCE = "imdb"

DELIMITER = "|"
QUOTE = '"'  # quotes inside a quoted field are doubled
NULL = "\\N"  # empty strings are NULL as well
RAW_PREFIX = str(
    yaml.safe_load((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"][
        "raw_csv_prefix"
    ]
)
MANIFEST_PREFIX = f"{RAW_PREFIX}/_manifests"
LOCK_PREFIX = f"{RAW_PREFIX}/_locks"


def _source_table(table: str) -> dict[str, Any]:
    """The config of one Raw file's table in the dbt source."""
    sources = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))["sources"]
    (source,) = (s for s in sources if s["name"] == SOURCE)
    (entry,) = (t for t in source["tables"] if t["name"] == table)
    return dict(entry["config"])


@dataclass(frozen=True)
class FileKind:
    """One kind of input file: its typed header and its folder in the Raw zone."""

    name: str  # "movies" or "series"
    folder: str  # "Movies" or "Series"
    file_name: str  # "movies.csv" or "series.csv"
    column_types: tuple[tuple[str, str], ...]

    @classmethod
    def from_source(cls, table: str) -> FileKind:
        config = _source_table(table)
        columns = tuple((str(n), str(t)) for n, t in config["csv_columns"].items())
        return cls(table, str(config["raw_folder"]), str(config["raw_file"]), columns)

    @property
    def columns(self) -> tuple[str, ...]:
        # The real header really says `tituloPincipal`: it is kept as the files spell it.
        return tuple(name for name, _ in self.column_types)

    def raw_key(self, day: date) -> str:
        """`Raw/Local/CSV/Movies/YYYY/MM/DD/movies.csv`."""
        return f"{RAW_PREFIX}/{self.folder}/{day:%Y/%m/%d}/{self.file_name}"

    def read_csv_options(self) -> str:
        """The dialect and typed columns as DuckDB `read_csv` options, as the source has them."""
        columns = ", ".join(f"'{name}': '{kind}'" for name, kind in self.column_types)
        return (
            f"delim='{DELIMITER}', header=true, quote='{QUOTE}', escape='{QUOTE}', "
            f"nullstr=['{NULL}', ''], auto_detect=false, columns={{{columns}}}"
        )


MOVIES = FileKind.from_source("movies")
SERIES = FileKind.from_source("series")
KINDS: dict[str, FileKind] = {k.name: k for k in (MOVIES, SERIES)}
MOVIES_COLUMNS = MOVIES.columns
SERIES_COLUMNS = SERIES.columns
