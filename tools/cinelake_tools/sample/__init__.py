"""Synthetic `movies.csv` / `series.csv` in the shape of the real IMDb-derived exports.

The real files cannot ship with the project, so this package writes look-alikes that
reproduce their measured shape (see the project's data facts): `|` delimiter, one
header row, `\\N` for null, CSV quoting only for fields holding a `"`, rows sorted by
`id` as a string, one row per (title, credited artist) with 1 to 10 rows per title,
and value distributions close to the real ones. Every name and title is synthetic,
assembled from word pools of generic vocabulary.

Output is a pure function of `(titles, seed, crlf)`: every random draw comes from one
`random.Random(seed)` consumed in a fixed order, nothing depends on `hash()` or set
iteration order, and `crlf` only changes the line terminator (the LF and the CRLF
file hold the same rows). Floats drawn from the generator are only turned into
integers or tenths.

Usage::

    from cinelake_tools.sample import write_sample
    files = write_sample(Path("/tmp/sample"), titles=245_000)

One module per thing generated: `shape` (the measured numbers), `draw` (the random
stream), `vocabulary` and `names` (word pools, people's names), `titles` (ids, titles,
genres), `people` (artists and characters), `writer` (the two files), `days` (several
dated loads derived from one sample, for `cinelake sample --days`).
"""

from cinelake_tools.sample.shape import GENRES, PROFESSIONS, SERIES_GENRES
from cinelake_tools.sample.writer import SampleFiles, write_sample
from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS

__all__ = [
    "GENRES",
    "MOVIES_COLUMNS",
    "PROFESSIONS",
    "SERIES_COLUMNS",
    "SERIES_GENRES",
    "SampleFiles",
    "write_sample",
]
