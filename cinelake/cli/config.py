"""`cinelake config`: the settings in effect, and the `.env.example` they generate."""

from __future__ import annotations

import argparse
import sys

from cinelake.cli.arguments import Subcommands
from cinelake.config import Settings
from cinelake.config.variables import SECTIONS, VARIABLES, env_example
from cinelake.logs import MASK


def register(sub: Subcommands) -> None:
    cmd = sub.add_parser("config", help="the settings in effect (secrets masked), by section")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "show", help="every variable, its value and where it came from"
    ).set_defaults(func=show)
    actions.add_parser(
        "env-example", help="print the .env.example this version generates"
    ).set_defaults(func=example)


def show(settings: Settings, args: argparse.Namespace) -> int:
    for section in SECTIONS:
        if section == "internal":
            continue
        sys.stdout.write(f"[{section}]\n")
        for v in (v for v in VARIABLES if v.section == section):
            given = settings.environ.get(v.name)
            value = given if given is not None else v.default
            origin = (
                "set" if given is not None else ("default" if v.default is not None else "unset")
            )
            shown = MASK if v.secret and value else (value or "")
            sys.stdout.write(f"{v.name}={shown}  # {origin}\n")
    return 0


def example(settings: Settings, args: argparse.Namespace) -> int:
    sys.stdout.write(env_example())
    return 0
