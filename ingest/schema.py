"""The two input file kinds and where they land in the Raw zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The real header really says `tituloPincipal`: it is kept as the files spell it.
MOVIES_COLUMNS: tuple[str, ...] = (
    "id",
    "tituloPincipal",
    "tituloOriginal",
    "anoLancamento",
    "tempoMinutos",
    "genero",
    "notaMedia",
    "numeroVotos",
    "generoArtista",
    "personagem",
    "nomeArtista",
    "anoNascimento",
    "anoFalecimento",
    "profissao",
    "titulosMaisConhecidos",
)
SERIES_COLUMNS: tuple[str, ...] = (
    *MOVIES_COLUMNS[:4],
    "anoTermino",
    *MOVIES_COLUMNS[4:],
)

DELIMITER = "|"
RAW_PREFIX = "Raw/Local/CSV"
MANIFEST_PREFIX = f"{RAW_PREFIX}/_manifests"
LOCK_PREFIX = f"{RAW_PREFIX}/_locks"


@dataclass(frozen=True)
class FileKind:
    """One kind of input file: its header and its folder in the Raw zone."""

    name: str  # "movies" or "series"
    folder: str  # "Movies" or "Series"
    columns: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    def raw_key(self, day: date) -> str:
        """`Raw/Local/CSV/Movies/YYYY/MM/DD/movies.csv`."""
        return f"{RAW_PREFIX}/{self.folder}/{day:%Y/%m/%d}/{self.file_name}"


MOVIES = FileKind("movies", "Movies", MOVIES_COLUMNS)
SERIES = FileKind("series", "Series", SERIES_COLUMNS)
KINDS: dict[str, FileKind] = {k.name: k for k in (MOVIES, SERIES)}
