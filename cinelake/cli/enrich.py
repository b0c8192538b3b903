"""`cinelake enrich`: TMDB details of the focus titles not yet landed, into Raw/TMDB."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from cinelake.cli.arguments import Subcommands
from cinelake.config import ConfigError, Settings
from cinelake.logs import progress_bar


def register(sub: Subcommands) -> None:
    enr = sub.add_parser(
        "enrich", help="fetch TMDB details of the focus titles not yet landed into Raw/TMDB"
    )
    enr.add_argument(
        "--all", action="store_true", dest="everything", help="every title, not only the focus"
    )
    enr.add_argument("--limit", type=int, help="at most N ids this run")
    enr.add_argument(
        "--refresh", type=float, metavar="DAYS", help="also ids whose newest record is older"
    )
    enr.add_argument(
        "--ids",
        type=Path,
        metavar="FILE",
        help="these ids (one per line) instead of the warehouse's",
    )
    enr.add_argument("--rate", type=float, help="requests/s at most (TMDB_RATE, default 20)")
    enr.add_argument("--concurrency", type=int, help="requests in flight (TMDB_CONCURRENCY, 8)")
    enr.add_argument("--timeout", type=float, help="seconds per request (TMDB_TIMEOUT, 10)")
    enr.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.tmdb.run import enrich

    tmdb = settings.tmdb.with_overrides(
        rate=args.rate, concurrency=args.concurrency, timeout=args.timeout
    )
    tmdb.check()
    ids = None
    if args.ids:
        try:
            lines = args.ids.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"--ids: {exc}") from None
        ids = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    enrich(
        settings,
        tmdb,
        ids=ids,
        everything=args.everything,
        limit=args.limit,
        refresh_days=args.refresh,
        progress=partial(progress_bar, unit="id"),
    )
    return 0
