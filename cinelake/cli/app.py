"""`cinelake dashboard` and `cinelake report`: the charts, served or as a static page."""

from __future__ import annotations

import argparse
from pathlib import Path

from cinelake.cli.arguments import Subcommands, past_arguments
from cinelake.config import Settings


def register_dashboard(sub: Subcommands) -> None:
    dash = sub.add_parser("dashboard", help="serve the interactive dashboard on 127.0.0.1")
    dash.add_argument("--port", type=int, default=8501)
    past_arguments(dash, "show")
    dash.set_defaults(func=dashboard)


def register_report(sub: Subcommands) -> None:
    rep = sub.add_parser("report", help="write the dashboard's charts as a static HTML page")
    rep.add_argument("--out", type=Path, required=True, help="output directory")
    rep.set_defaults(func=report)


def dashboard(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.app.dashboard import serve

    return serve(args.port, args.as_of, args.build)


def report(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.app.report import write_report

    write_report(settings, args.out)
    return 0
