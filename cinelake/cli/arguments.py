"""Argument types and argument sets shared by several commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cinelake.config import Settings

# What every command runs: the settings, read once, and its parsed arguments.
Handler = Callable[[Settings, argparse.Namespace], int]
Subcommands = Any  # argparse's private _SubParsersAction: add_parser(...) -> ArgumentParser


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of days (0 or more): {text!r}")
    return value


def timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 timestamp: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def past_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """--as-of and --build: read the tables a past build published (time travel)."""
    past = parser.add_mutually_exclusive_group()
    past.add_argument(
        "--as-of",
        type=timestamp,
        metavar="TIMESTAMP",
        help=f"{verb} the tables as published then (ISO 8601, UTC unless it says otherwise)",
    )
    past.add_argument(
        "--build", metavar="BUILD_ID", help=f"{verb} the tables as that build published them"
    )


def output_arguments(parser: argparse.ArgumentParser) -> None:
    """How a query's rows are shown (`cinelake sql`, `cinelake metrics query`)."""
    parser.add_argument("--csv", action="store_true", help="CSV with a header instead of a table")
    parser.add_argument(
        "--max-rows", type=int, default=100, help="rows shown in a table (0: all; default 100)"
    )


def file_arguments(parser: argparse.ArgumentParser, default: str) -> None:
    """The files to land and whether a different file landed before may be replaced."""
    parser.add_argument("--movies", type=Path, help=f"path to movies.csv{default}")
    parser.add_argument("--series", type=Path, help=f"path to series.csv{default}")
    parser.add_argument(
        "--replace", action="store_true", help="overwrite a different file already landed"
    )


def alias(
    sub: Subcommands, name: str, handler: Handler, **defaults: Any
) -> argparse.ArgumentParser:
    """An old spelling kept for one release: it works, and the help does not list it."""
    parser = sub.add_parser(name)  # no help=: argparse leaves it out of the command list
    parser.set_defaults(func=handler, **defaults)
    return parser
