"""`cinelake`: the lake, ingest, the build, TMDB enrichment, SQL, the dashboard and report,
the whole pipeline and its orchestrator; then Spark. The tools (sample data, benchmarks)
add their commands when they are installed (`make setup` does)."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from cinelake.cli import (
    app,
    build,
    completion,
    config,
    enrich,
    ingest,
    lake,
    metrics,
    orchestrate,
    run,
    spark,
    sql,
)
from cinelake.cli.arguments import Subcommands
from cinelake.config import ConfigError, apply_dotenv, load_settings
from cinelake.lake import LakeError
from cinelake.lake.migrate import MigrateError
from cinelake.logs import configure
from cinelake.tmdb.api import EnrichInterrupted, TmdbAuthError
from cinelake.warehouse.catalog import CatalogError
from cinelake.warehouse.daily import BuildError
from cinelake.warehouse.metrics import MetricsError
from cinelake.warehouse.sql import SqlError
from ingest.landing import LandingError
from ingest.validate import ValidationError

log = logging.getLogger("cinelake")

# The product's commands, in the order a user works.
PRODUCT: tuple[Callable[[Subcommands], None], ...] = (
    lake.register,
    ingest.register,
    build.register,
    enrich.register,
    sql.register,
    metrics.register,
    app.register_dashboard,
    app.register_report,
    run.register,
    orchestrate.register,
    spark.register,
    config.register,
    completion.register,
)
# Installed tools register theirs through this entry-point group (tools/pyproject.toml).
TOOLS_GROUP = "cinelake.commands"
# What a command reports in one line (exit 1) instead of a traceback.
USER_ERRORS = (
    ValidationError,
    LandingError,
    ConfigError,
    LakeError,
    CatalogError,
    MigrateError,
    SqlError,
    MetricsError,
    BuildError,
    TmdbAuthError,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cinelake",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="`cinelake COMMAND --help` for a command's options. Documentation: docs/"
        " (make docs-site).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    for register in PRODUCT:
        register(sub)
    for tool in sorted(entry_points(group=TOOLS_GROUP), key=lambda point: point.name):
        tool.load()(sub)
    return parser


def command_names() -> set[str]:
    """Every command `cinelake` takes, listed or not (tools included when installed)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    apply_dotenv()
    try:
        settings = load_settings()
    except ConfigError as exc:
        configure(args.verbose, [])
        log.error("%s", exc)
        return 2
    configure(args.verbose, settings.secrets())
    # dbt, in this process or a child, renders the profile from the same settings
    for name, value in settings.dbt_environment().items():
        os.environ.setdefault(name, value)
    try:
        return args.func(settings, args)
    except USER_ERRORS as exc:
        log.error("%s", exc)
        return 1
    except EnrichInterrupted as exc:
        log.warning("%s", exc)
        return 130
    except KeyboardInterrupt:
        log.warning("interrupted")
        return 130
