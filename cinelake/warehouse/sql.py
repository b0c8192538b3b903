"""`cinelake sql`: ad-hoc SQL against the warehouse, with the lake's S3 access configured."""

from __future__ import annotations

import csv
import logging
import sys
from typing import Any, TextIO

import duckdb

from cinelake.config import Settings
from cinelake.warehouse.connection import connect, warehouse_path

log = logging.getLogger(__name__)

BATCH = 10_000
PROMPT, CONTINUATION = "cinelake> ", "      ...> "


class SqlError(Exception):
    """The warehouse could not be opened or the query failed."""


def open_warehouse(settings: Settings) -> Any:
    path = warehouse_path(settings)
    if not path.exists():
        raise SqlError(f"no warehouse at {path}: run `make run` (or `dbt build`) first")
    try:
        return connect(settings, read_only=True)
    except duckdb.IOException as exc:
        raise SqlError(f"cannot open {path} (is a dbt build running?): {exc}") from None


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


def run_query(settings: Settings, query: str, as_csv: bool, max_rows: int = 100) -> None:
    con = open_warehouse(settings)
    try:
        write_result(con.sql(query), sys.stdout, as_csv, max_rows)
    except duckdb.Error as exc:
        raise SqlError(" ".join(str(exc).split())) from None
    finally:
        con.close()


def repl(settings: Settings, as_csv: bool, max_rows: int = 100) -> None:
    """A small prompt: statements end with `;`; `.quit` or end of input leaves."""
    con = open_warehouse(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        sys.stderr.write(
            "cinelake SQL: statements end with ';'. Schemas: staging, "
            "intermediate, trusted, refined, audit; the Iceberg catalog is the database"
            " `lake`. .quit to leave.\n"
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
    con.close()
