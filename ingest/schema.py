"""The two input file kinds, their columns and dialect, and where they land in Raw.

The columns and their types are defined once, in the dbt source that reads the Raw
files (`csv_columns` in models/staging/imdb/_imdb__sources.yml): validation checks the
header against it, the warehouse casts with it, the benchmark scans with it. The dialect
below is the one that source's `read_csv` states; a test compares the two in a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

SOURCES_FILE = Path(__file__).resolve().parents[1] / "models/staging/imdb/_imdb__sources.yml"
SOURCE = "imdb"

DELIMITER = "|"
QUOTE = '"'  # quotes inside a quoted field are doubled
NULL = "\\N"  # empty strings are NULL as well
RAW_PREFIX = "Raw/Local/CSV"
MANIFEST_PREFIX = f"{RAW_PREFIX}/_manifests"
LOCK_PREFIX = f"{RAW_PREFIX}/_locks"


def source_columns(table: str) -> tuple[tuple[str, str], ...]:
    """(column, type) of one Raw file, in file order, from the dbt source."""
    sources = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))["sources"]
    (source,) = (s for s in sources if s["name"] == SOURCE)
    (entry,) = (t for t in source["tables"] if t["name"] == table)
    return tuple((str(name), str(kind)) for name, kind in entry["config"]["csv_columns"].items())


@dataclass(frozen=True)
class FileKind:
    """One kind of input file: its typed header and its folder in the Raw zone."""

    name: str  # "movies" or "series"
    folder: str  # "Movies" or "Series"
    column_types: tuple[tuple[str, str], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        # The real header really says `tituloPincipal`: it is kept as the files spell it.
        return tuple(name for name, _ in self.column_types)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

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


MOVIES = FileKind("movies", "Movies", source_columns("movies"))
SERIES = FileKind("series", "Series", source_columns("series"))
KINDS: dict[str, FileKind] = {k.name: k for k in (MOVIES, SERIES)}
MOVIES_COLUMNS = MOVIES.columns
SERIES_COLUMNS = SERIES.columns
