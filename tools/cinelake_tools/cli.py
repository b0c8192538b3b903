"""The tools' `cinelake` commands: `sample`, `bench …`, and (unlisted, for tests and
`cinelake run`) `tmdb-serve` and `image`. Each `register_*` is an entry point."""

from __future__ import annotations

import argparse
import logging
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from cinelake.cli.arguments import Handler, Subcommands, alias, comma_list, iso_date
from cinelake.config import ConfigError, Settings
from cinelake.logs import mask_also
from cinelake.pipeline.plan import TMDB_FOLDER

log = logging.getLogger(__name__)
BENCH_WORK = Path(".lake/bench")
REAL_TITLES = 245_000  # the real files' movie titles: what a benchmark measures at 1x


def register_sample(sub: Subcommands) -> None:
    smp = sub.add_parser(
        "sample", help="write deterministic sample movies.csv and series.csv (a tool)"
    )
    smp.add_argument(
        "--titles", type=int, default=2000, help="number of movie titles (default 2000)"
    )
    smp.add_argument("--out", type=Path, required=True, help="output directory")
    smp.add_argument("--seed", type=int, default=42)
    smp.add_argument("--crlf", action="store_true", help="CRLF line endings")
    smp.add_argument(
        "--days",
        type=int,
        help="write N dated loads DIR/YYYY-MM-DD/*.csv and DIR/loads.json instead of one",
    )
    smp.add_argument(
        "--end-date", type=iso_date, help="with --days: the newest date (default 2024-06-30)"
    )
    smp.add_argument(
        "--tmdb-bodies",
        action="store_true",
        help=f"also the TMDB body of every title, in DIR/{TMDB_FOLDER}/ (one file per title:"
        " what `cinelake tmdb-serve` answers with)",
    )
    smp.set_defaults(func=sample)


def sample(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.sample import write_sample
    from cinelake_tools.sample.tmdb import write_tmdb_responses

    bodies = args.out / TMDB_FOLDER if args.tmdb_bodies else None
    if args.days is not None:
        from cinelake_tools.sample.days import DEFAULT_END, write_days

        try:
            made = write_days(
                args.out,
                args.titles,
                args.days,
                end=args.end_date or DEFAULT_END,
                seed=args.seed,
                crlf=args.crlf,
                tmdb_dir=bodies,
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        log.info(
            "wrote %d days into %s, load order in %s",
            len(made.dates),
            made.out_dir,
            made.loads_file,
        )
        return 0
    if args.end_date is not None:
        raise ConfigError("--end-date needs --days")
    files = write_sample(args.out, args.titles, seed=args.seed, crlf=args.crlf)
    if bodies:
        write_tmdb_responses(bodies, files.movies, files.series, seed=args.seed)
    log.info(
        "wrote %s (%d rows) and %s (%d rows)",
        files.movies,
        files.movie_rows,
        files.series,
        files.series_rows,
    )
    return 0


def register_tmdb_serve(sub: Subcommands) -> None:
    # unlisted: the tests' fake TMDB, and `cinelake run`'s when there is no key
    srv = sub.add_parser(
        "tmdb-serve",
        description="Serve a TMDB look-alike on 127.0.0.1 from"
        " the bodies `cinelake sample --tmdb-bodies` wrote. With a command"
        " after `--`, serve only while `cinelake COMMAND` runs, with TMDB_*"
        " pointing at the server.",
    )
    srv.add_argument("--responses", type=Path, required=True, metavar="DIR")
    srv.add_argument("--port", type=int, default=8765)
    srv.add_argument(
        "--token", help="the token it accepts (default: TMDB_READ_TOKEN or TMDB_API_KEY)"
    )
    srv.add_argument(
        "while_running", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="run it, then stop"
    )
    srv.set_defaults(func=tmdb_serve)


def tmdb_serve(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.tmdb_server import FakeTmdb, serve

    command = args.while_running[1:] if args.while_running[:1] == ["--"] else args.while_running
    if command:
        if not args.responses.is_dir():
            raise ConfigError(f"--responses {args.responses}: no such directory")
        token = secrets.token_hex(16)  # this run's alone, never shown
        mask_also(token)
        with FakeTmdb(args.responses, token) as server:
            log.info("TMDB answers from %s, served on %s", args.responses, server.base_url)
            environ = {
                **settings.environ,
                "TMDB_BASE_URL": server.base_url,
                "TMDB_READ_TOKEN": token,
            }
            environ.pop("TMDB_API_KEY", None)
            return subprocess.run(
                [sys.executable, "-m", "cinelake.cli", *command], env=environ
            ).returncode
    token = (
        args.token
        or settings.environ.get("TMDB_READ_TOKEN")
        or settings.environ.get("TMDB_API_KEY")
    )
    if not token:
        raise ConfigError("give --token, or set TMDB_READ_TOKEN or TMDB_API_KEY")
    try:
        return serve(args.responses, token, args.port)
    except OSError as exc:
        raise ConfigError(f"tmdb-serve: {exc}") from None


def register_image(sub: Subcommands) -> None:
    # unlisted: `make image` runs it
    img = sub.add_parser(
        "image",
        description="Build the container image with podman, run its in-build checks, scan it.",
    )
    img.add_argument("--tag", default="localhost/cinelake:latest")
    img.add_argument(
        "--base-image",
        help="a Debian-based image with Python 3.11 (default: one made offline by mmdebstrap)",
    )
    img.add_argument(
        "--no-check", action="store_true", help="skip the in-build pipeline run on a sample"
    )
    img.set_defaults(func=image)


def image(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.image import ImageError, make_image

    try:
        make_image(settings, args.tag, args.base_image, check=not args.no_check)
    except ImageError as exc:
        raise ConfigError(str(exc)) from None
    return 0


def register_bench(sub: Subcommands) -> None:
    group = sub.add_parser("bench", help="benchmarks: ingest, build, daily, spark, enrich, metrics")
    kinds = group.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    for name, (help_text, handler, arguments) in BENCHMARKS.items():
        for parser in (
            kinds.add_parser(name, help=help_text),
            alias(sub, f"bench-{name}", handler),
        ):
            parser.add_argument("--work", type=Path, default=BENCH_WORK)
            arguments(parser)
            parser.set_defaults(func=handler)


def _titles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--titles", type=int, default=REAL_TITLES)


def _small_titles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--titles", type=int, default=2000, help="sample titles (2000)")


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    _titles(parser)
    parser.add_argument(
        "--baseline-ref",
        default="0278838",
        help="the git ref whose dbt build this tree's is measured against (default 0278838,"
        " the last commit before the Iceberg tables)",
    )


def _daily_arguments(parser: argparse.ArgumentParser) -> None:
    _titles(parser)
    parser.add_argument(
        "--scale", type=int, default=10, help="the large build's multiple (1: none)"
    )
    parser.add_argument(
        "--history",
        type=lambda text: [int(n) for n in comma_list(text)],
        default=[1, 5, 20],
        help="days of history before the timed new day, comma-separated (default 1,5,20)",
    )


def _spark_arguments(parser: argparse.ArgumentParser) -> None:
    _titles(parser)
    parser.add_argument("--scale", type=int, default=10, help="the large runs' multiple (1: none)")
    parser.add_argument(
        "--engines",
        type=comma_list,
        default=None,
        help="the runs, in this order, comma-separated (default duckdb,spark-local1,spark-local2)",
    )


def _enrich_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ids", type=int, default=10_000, help="ids of the large run")
    parser.add_argument("--small", type=int, default=2_000, help="ids of the small run")
    parser.add_argument("--rate", type=float, default=150.0, help="the configured rate, req/s")
    parser.add_argument("--concurrency", type=int, default=8)


def bench_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.ingest_bench import bench_ingest as run

    return run(settings, args.titles, args.work)


def bench_build(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.build_bench import bench_build as run

    return run(settings, args.titles, args.work.absolute(), args.baseline_ref)


def bench_daily(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.daily_bench import bench_daily as run

    return run(settings, args.titles, args.work.absolute(), args.scale, args.history)


def bench_spark(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.spark_bench import bench_spark as run

    return run(settings, args.titles, args.work.absolute(), args.scale, args.engines)


def bench_orchestrate(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.orchestrate_bench import bench_orchestrate as run

    return run(settings, args.titles, args.work.absolute())


def bench_enrich(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.tmdb_bench import bench_enrich as run

    return run(settings, args.ids, args.small, args.rate, args.concurrency, args.work.absolute())


def bench_metrics(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake_tools.bench.metrics_bench import bench_metrics as run

    return run(settings, args.rounds, args.repeats)


def _metrics_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=3, help="cold runs of each query")
    parser.add_argument("--repeats", type=int, default=5, help="warm runs of each query")


Arguments = Callable[[argparse.ArgumentParser], None]
# name -> (help, handler, its arguments): `cinelake bench NAME` (and `bench-NAME`, unlisted)
BENCHMARKS: dict[str, tuple[str, Handler, Arguments]] = {
    "ingest": ("ingest against a plain boto3 upload", bench_ingest, _titles),
    "build": (
        "dbt build against a baseline git ref and a bare scan",
        bench_build,
        _build_arguments,
    ),
    "daily": (
        "daily builds: no new data, a new day on 1/5/20 days, 1x and 10x",
        bench_daily,
        _daily_arguments,
    ),
    "spark": ("the build on Spark local[1]/local[2] against DuckDB", bench_spark, _spark_arguments),
    "enrich": ("enrich against the local fake TMDB", bench_enrich, _enrich_arguments),
    "orchestrate": (
        "a daily run under Dagster against cinelake's own steps; the UI's memory",
        bench_orchestrate,
        _small_titles,
    ),
    "metrics": (
        "a metric query against the same hand-written SQL, cold and warm",
        bench_metrics,
        _metrics_arguments,
    ),
}
