"""`cinelake orchestrate`: the Dagster code location (cinelake/orchestration), served by
`dagster dev` with its instance under the lake directory, or validated."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

from cinelake.cli.arguments import Subcommands
from cinelake.config import Settings

log = logging.getLogger(__name__)

CODE_LOCATION = "cinelake.orchestration.definitions"


def register(sub: Subcommands) -> None:
    orc = sub.add_parser(
        "orchestrate", help="the Dagster UI and daemon (dev), or check the code location"
    )
    actions = orc.add_subparsers(dest="action", required=True, metavar="ACTION")
    dev = actions.add_parser(
        "dev", help="`dagster dev`: the UI, the schedule and sensor daemon, SQLite storage"
    )
    dev.add_argument("--host", default="127.0.0.1", help="the UI's address (127.0.0.1)")
    dev.add_argument("--port", type=int, default=3000, help="the UI's port (3000)")
    dev.set_defaults(func=run_dev)
    validate = actions.add_parser("validate", help="`dagster definitions validate`")
    validate.set_defaults(func=run_validate)


def _dagster(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dagster")), *args, "-m", CODE_LOCATION]


def run_dev(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.orchestration.instance import prepare_instance

    home = prepare_instance(settings)
    log.info(
        "Dagster on http://%s:%d, instance in %s, inbox %s",
        args.host,
        args.port,
        home,
        settings.orchestration.inbox,
    )
    return subprocess.run(_dagster("dev", "-h", args.host, "-p", str(args.port))).returncode


def run_validate(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.orchestration.instance import prepare_instance

    prepare_instance(settings)
    return subprocess.run(_dagster("definitions", "validate")).returncode
