"""`cinelake sql`: ad-hoc SQL against the warehouse, with the lake's S3 access configured."""

from __future__ import annotations

import csv
import logging
import sys
from datetime import datetime
from typing import Any, TextIO

import duckdb

from cinelake.config import Settings
from cinelake.warehouse.published import PublishedError, open_published

log = logging.getLogger(__name__)

BATCH = 10_000
PROMPT, CONTINUATION = "cinelake> ", "      ...> "


class SqlError(Exception):
    """The warehouse could not be opened or the query failed."""


def open_warehouse(
    settings: Settings, as_of: datetime | None = None, build: str | None = None
) -> Any:
    """The published tables (as of a time or a build when asked)."""
    try:
        return open_published(settings, as_of=as_of, build=build)
    except PublishedError as exc:
        raise SqlError(str(exc)) from None


def write_result(relation: Any, out: TextIO, as_csv: bool, max_rows: int) -> None:
    """Print a query's rows: a box table, or CSV with a header streamed in batches."""
    if relation is None:  # a statement without a result, e.g. SET
        return
    if not as_csv:
        out.flush()
        # Every column, however wide: a query's result is not to be guessed at.
        relation.show(max_width=1_000_000, max_rows=max_rows or 2**62, max_col_width=80)
        sys.stdout.flush()
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(relation.columns)
    while rows := relation.fetchmany(BATCH):
        writer.writerows(rows)


def run_query(con: Any, query: str, as_csv: bool, max_rows: int = 100) -> None:
    """One query on a connection from `open_warehouse`, its rows printed."""
    try:
        write_result(con.sql(query), sys.stdout, as_csv, max_rows)
    except duckdb.Error as exc:
        raise SqlError(" ".join(str(exc).split())) from None


def repl(con: Any, as_csv: bool, max_rows: int = 100) -> None:
    """A small prompt on a connection from `open_warehouse`: statements end with `;`;
    `.quit` or end of input leaves."""
    interactive = sys.stdin.isatty()
    if interactive:
        sys.stderr.write(
            "cinelake SQL: statements end with ';'. Schemas: trusted, refined, audit"
            " (the published tables); the Iceberg catalog is the database `lake`."
            " .quit to leave.\n"
        )
    buffer: list[str] = []
    while True:
        try:
            line = input((CONTINUATION if buffer else PROMPT) if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            buffer.clear()
            sys.stderr.write("\n")
            continue
        if not buffer and line.strip() in (".quit", ".exit", "\\q"):
            break
        buffer.append(line)
        statement = "\n".join(buffer).strip()
        if not statement.endswith(";"):
            continue
        buffer.clear()
        try:
            write_result(con.sql(statement), sys.stdout, as_csv, max_rows)
        except duckdb.Error as exc:
            log.error("%s", " ".join(str(exc).split()))
