"""`cinelake build`: the daily dbt build, on DuckDB or (CINELAKE_ENGINE=spark) Spark."""

from __future__ import annotations

import argparse

from cinelake.cli.arguments import Subcommands
from cinelake.config import Settings


def register(sub: Subcommands) -> None:
    bld = sub.add_parser(
        "build", help="dbt build of what new Raw files or changed models call for (daily runs)"
    )
    bld.add_argument(
        "--full-refresh", action="store_true", help="rebuild every model and load date from Raw"
    )
    bld.add_argument(
        "--all", action="store_true", dest="everything", help="build every model, incrementally"
    )
    bld.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.engine == "spark":
        from cinelake.spark.build import spark_build

        return spark_build(settings, full_refresh=args.full_refresh)
    from cinelake.warehouse.daily import build

    return build(settings, full_refresh=args.full_refresh, everything=args.everything)
