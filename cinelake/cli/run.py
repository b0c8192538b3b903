"""`cinelake run`: the whole pipeline, each step as its own `cinelake` process."""

from __future__ import annotations

import argparse
import logging
import shlex
import subprocess
import sys
from pathlib import Path

from cinelake.cli.arguments import Subcommands, file_arguments
from cinelake.config import ConfigError, Settings
from cinelake.pipeline import STEPS, PipelineInput, plan

log = logging.getLogger(__name__)


def register(sub: Subcommands) -> None:
    run_cmd = sub.add_parser(
        "run",
        help="the whole pipeline: land the files (or a sample), build, enrich from TMDB, build",
    )
    file_arguments(run_cmd, " (default: a generated sample)")
    run_cmd.add_argument(
        "--sample-dir",
        type=Path,
        default=Path("data/sample"),
        help="where the sample is written (default data/sample)",
    )
    run_cmd.add_argument("--titles", type=int, default=2000, help="sample movie titles (2000)")
    run_cmd.add_argument("--days", type=int, default=3, help="sample daily loads (3)")
    run_cmd.add_argument(
        "--step",
        action="append",
        choices=STEPS,
        dest="steps",
        help="only this step (repeatable; default: all, in order)",
    )
    run_cmd.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Each step as its own process (dbt keeps the warehouse open in the process that ran
    it, which the next step could not open); the first failure stops the run."""
    from cinelake.cli import command_names

    pipeline = PipelineInput(
        movies=args.movies,
        series=args.series,
        sample_dir=args.sample_dir,
        sample_titles=args.titles,
        sample_days=args.days,
        replace=args.replace,
        has_tmdb_key=settings.has_tmdb_key,
    )
    commands = plan(pipeline, tuple(args.steps or STEPS))
    missing = sorted({argv[0] for argv in commands} - command_names())
    if missing:
        raise ConfigError(
            f"cinelake run needs `cinelake {missing[0]}`, one of the tools (the sample"
            " generator and its fake TMDB) that `make setup` installs: install them, or give"
            " --movies and --series"
        )
    verbose = ["--verbose"] if args.verbose else []
    for argv in commands:
        log.info("cinelake %s", shlex.join(argv))
        code = subprocess.run([sys.executable, "-m", "cinelake.cli", *verbose, *argv]).returncode
        if code:
            log.error("cinelake %s failed (exit %d): the run stops here", argv[0], code)
            return code
    return 0
