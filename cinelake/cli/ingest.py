"""`cinelake ingest`: validate the CSVs and land them in the Raw zone."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from cinelake.cli.arguments import Subcommands, file_arguments, iso_date
from cinelake.config import ConfigError, Settings
from cinelake.logs import progress_bar
from ingest.schema import MOVIES, SERIES, FileKind

log = logging.getLogger(__name__)


def register(sub: Subcommands) -> None:
    ing = sub.add_parser("ingest", help="validate and land movies.csv / series.csv in the Raw zone")
    file_arguments(ing, "")
    ing.add_argument(
        "--date", type=iso_date, help="partition date YYYY-MM-DD (default: today, UTC)"
    )
    ing.add_argument(
        "--from-days",
        type=Path,
        metavar="DIR",
        help="land every day of an inbox DIR/YYYY-MM-DD/*.csv, in DIR/loads.json order"
        " (as `cinelake sample --days` writes it)",
    )
    ing.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.run_ingest import ingest

    if args.from_days:
        if args.movies or args.series or args.date:
            raise ConfigError("--from-days takes the files and dates from DIR/loads.json")
        return ingest_days(settings, args.from_days, args.replace)
    files: dict[FileKind, Path] = {}
    if args.movies:
        files[MOVIES] = args.movies
    if args.series:
        files[SERIES] = args.series
    if not files:
        raise ConfigError("give --movies PATH and/or --series PATH")
    result = ingest(settings, files, args.date, args.replace, progress=progress_bar)
    for landed in result.results:
        log.info("%s: s3://%s/%s", landed.status, settings.bucket, landed.key)
    return 0


def ingest_days(settings: Settings, inbox: Path, replace: bool) -> int:
    """Land each day of an inbox under its own date, in load order.

    One `ingest` run per day, so each day gets its own validation and run manifest, as
    a daily delivery would; the first failing day stops the rest.
    """
    from ingest.inbox import read_loads
    from ingest.run_ingest import ingest

    try:
        loads = read_loads(inbox)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"--from-days {inbox}: {exc}") from None
    for day, files in loads:
        log.info("landing the %s load of %s", day, inbox)
        result = ingest(settings, files, day, replace, progress=progress_bar)
        for landed in result.results:
            log.info("%s: s3://%s/%s", landed.status, settings.bucket, landed.key)
    return 0
