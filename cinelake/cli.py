"""The single command-line entry point: `cinelake`."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from cinelake import lake
from cinelake.build.daily import BuildError
from cinelake.config import ConfigError, Settings, apply_dotenv, load_settings
from cinelake.image.build import ImageError
from cinelake.lake.migrate import MigrateError
from cinelake.logs import MASK, configure, mask_also, progress_bar
from cinelake.pipeline.plan import TMDB_FOLDER
from cinelake.tmdb.api import EnrichInterrupted, TmdbAuthError
from cinelake.warehouse.catalog import CatalogError
from cinelake.warehouse.sql import SqlError
from ingest.landing import LandingError
from ingest.schema import MOVIES, SERIES, FileKind
from ingest.validate import ValidationError

log = logging.getLogger("cinelake")
# Requests/s against the sample's local fake TMDB (the real API's default stays 20).
SAMPLE_SERVER_RATE = 200.0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _days(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if days < 0:
        raise argparse.ArgumentTypeError(f"not a number of days (0 or more): {text!r}")
    return days


def _timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 timestamp: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _past_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """--as-of and --build: read the tables a past build published (time travel)."""
    past = parser.add_mutually_exclusive_group()
    past.add_argument(
        "--as-of",
        type=_timestamp,
        metavar="TIMESTAMP",
        help=f"{verb} the tables as published then (ISO 8601, UTC unless it says otherwise)",
    )
    past.add_argument(
        "--build", metavar="BUILD_ID", help=f"{verb} the tables as that build published them"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cinelake", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("setup", help="install the DuckDB extensions into the project directory")

    lake_cmd = sub.add_parser(
        "lake",
        help="the local S3 lake (SeaweedFS) and its Iceberg catalog",
        description="expire: expire the Iceberg tables' snapshots older than"
        " CINELAKE_SNAPSHOT_RETENTION_DAYS (or --older-than) and delete the files no snapshot"
        " needs any more (every good build does it too). migrate: move a lake of the old"
        " layout (Trusted/ and Refined/ Parquet, views in the warehouse file) onto the"
        " Iceberg tables: build from Raw if nothing is published, then remove the old objects"
        " and views; Raw is never touched."
        " up/down/status: the local lake (S3 and its Iceberg REST catalog, on"
        " 127.0.0.1). env: `export` lines for eval (endpoint, key, secret, bucket, catalog URL"
        " and warehouse); the secret is printed only when stdout is not a terminal (eval),"
        " unless --show-secret: it is a development key for a loopback-only server, and the"
        " log never shows it. env --duckdb: a duckdb CLI snippet without any secret in it.",
    )
    lake_cmd.add_argument(
        "action", choices=["up", "down", "status", "env", "serve", "expire", "migrate"]
    )
    lake_cmd.add_argument(
        "--older-than",
        type=_days,
        metavar="DAYS",
        help="with expire: the retention in days (default CINELAKE_SNAPSHOT_RETENTION_DAYS, 7)",
    )
    lake_cmd.add_argument(
        "--show-secret", action="store_true", help="with env: print the secret even on a terminal"
    )
    lake_cmd.add_argument(
        "--duckdb",
        action="store_true",
        help="with env: print SQL for the duckdb CLI (.venv/bin/duckdb) that loads the"
        " project's extensions, creates the S3 and catalog secrets and attaches the catalog as"
        " `lake`; it holds no credential (they are read with getenv from the variables"
        ' `eval "$(cinelake lake env)"` exports), so it is safe to save or log:'
        " cinelake lake env --duckdb > lake.sql && .venv/bin/duckdb -init lake.sql",
    )
    lake_cmd.add_argument(
        "--bind",
        default=lake.LOOPBACK,
        metavar="ADDRESS",
        help="with serve: the address to listen on (default 127.0.0.1; 0.0.0.0 in a container)",
    )

    sbl = sub.add_parser(
        "spark-build",
        help="dbt build on Spark: mirror Raw down, build, predict, build what uses the"
        " predictions, publish into the lake's Iceberg tables",
    )
    sbl.add_argument("--full-refresh", action="store_true", help="rebuild the daily history")

    sub.add_parser(
        "predict",
        help="Spark: the title rating model on the mirror's Refined Parquet (outside dbt)",
    )

    mir = sub.add_parser(
        "mirror",
        help="Spark: sync Raw/ down to the local mirror (Spark's tables are published"
        " into the lake's Iceberg tables by spark-build, not uploaded)",
    )
    mir.add_argument("action", choices=["down"])
    mir.add_argument(
        "--root",
        type=Path,
        help="the mirror folder (default: CINELAKE_SPARK_MIRROR or .lake/spark/mirror)",
    )

    ing = sub.add_parser("ingest", help="validate and land movies.csv / series.csv in the Raw zone")
    _file_arguments(ing, "")
    ing.add_argument("--date", type=_date, help="partition date YYYY-MM-DD (default: today, UTC)")
    ing.add_argument(
        "--from-days",
        type=Path,
        metavar="DIR",
        help="land every day `cinelake sample --days` wrote into DIR, in DIR/loads.json order",
    )

    smp = sub.add_parser(
        "sample",
        help="write deterministic sample movies.csv and series.csv (and TMDB bodies in DIR/tmdb)",
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
        "--end-date", type=_date, help="with --days: the newest date (default 2024-06-30)"
    )

    bld = sub.add_parser(
        "build", help="dbt build of what new Raw files or changed models call for (daily runs)"
    )
    bld.add_argument(
        "--full-refresh", action="store_true", help="rebuild every model and load date from Raw"
    )
    bld.add_argument(
        "--all", action="store_true", dest="everything", help="build every model, incrementally"
    )

    _run_parser(sub)

    img = sub.add_parser(
        "image",
        help="build the container image with podman, run its in-build checks, scan it",
    )
    img.add_argument("--tag", default="localhost/cinelake:latest")
    img.add_argument(
        "--base-image",
        help="a Debian-based image with Python 3.11 (default: one made offline by mmdebstrap)",
    )
    img.add_argument(
        "--no-check", action="store_true", help="skip the in-build pipeline run on a sample"
    )

    sql = sub.add_parser("sql", help="run SQL against the published tables (no query: a prompt)")
    sql.add_argument("query", nargs="?", help="the query; omit it for an interactive prompt")
    sql.add_argument("--csv", action="store_true", help="CSV with a header instead of a table")
    sql.add_argument(
        "--max-rows", type=int, default=100, help="rows shown in a table (0: all; default 100)"
    )
    _past_arguments(sql, "read")

    dash = sub.add_parser("dashboard", help="serve the interactive dashboard on 127.0.0.1")
    dash.add_argument("--port", type=int, default=8501)
    _past_arguments(dash, "show")

    rep = sub.add_parser("report", help="write the dashboard's charts as a static HTML page")
    rep.add_argument("--out", type=Path, required=True, help="output directory")

    bench = sub.add_parser("bench-ingest", help="benchmark ingest against a plain boto3 upload")
    bench.add_argument("--titles", type=int, default=245_000)
    bench.add_argument("--work", type=Path, default=Path(".lake/bench"))

    bench_build = sub.add_parser(
        "bench-build", help="benchmark dbt build against a baseline git ref and a bare scan"
    )
    bench_build.add_argument("--titles", type=int, default=245_000)
    bench_build.add_argument("--work", type=Path, default=Path(".lake/bench"))
    bench_build.add_argument(
        "--baseline-ref",
        default="0278838",
        help="the git ref whose dbt build this tree's is measured against (default 0278838,"
        " the last commit before the Iceberg tables)",
    )
    daily = sub.add_parser(
        "bench-daily",
        help="benchmark daily builds: no new data, a new day on 1/5/20 days, 1x and 10x",
    )
    daily.add_argument("--titles", type=int, default=245_000)
    daily.add_argument("--scale", type=int, default=10, help="the large build's multiple (1: none)")
    daily.add_argument(
        "--history",
        type=lambda text: [int(n) for n in text.split(",") if n.strip()],
        default=[1, 5, 20],
        help="days of history before the timed new day, comma-separated (default 1,5,20)",
    )
    daily.add_argument("--work", type=Path, default=Path(".lake/bench"))
    bsp = sub.add_parser(
        "bench-spark", help="benchmark the build on Spark local[1]/local[2] against DuckDB"
    )
    bsp.add_argument("--titles", type=int, default=245_000)
    bsp.add_argument("--scale", type=int, default=10, help="the large runs' multiple (1: none)")
    bsp.add_argument("--work", type=Path, default=Path(".lake/bench"))
    bsp.add_argument(
        "--engines",
        type=lambda text: [n.strip() for n in text.split(",") if n.strip()],
        default=None,
        help="the runs, in this order, comma-separated (default duckdb,spark-local1,spark-local2)",
    )
    _tmdb_parsers(sub)
    return parser


def _file_arguments(parser: argparse.ArgumentParser, default: str) -> None:
    """The files to land and whether a different file landed before may be replaced."""
    parser.add_argument("--movies", type=Path, help=f"path to movies.csv{default}")
    parser.add_argument("--series", type=Path, help=f"path to series.csv{default}")
    parser.add_argument(
        "--replace", action="store_true", help="overwrite a different file already landed"
    )


def _run_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cinelake.pipeline import STEPS

    run = sub.add_parser(
        "run",
        help="the whole pipeline: land the files (or a sample), build, enrich from TMDB, build",
    )
    _file_arguments(run, " (default: a generated sample)")
    run.add_argument(
        "--sample-dir",
        type=Path,
        default=Path("data/sample"),
        help="where the sample is written (default data/sample)",
    )
    run.add_argument("--titles", type=int, default=2000, help="sample movie titles (2000)")
    run.add_argument("--days", type=int, default=3, help="sample daily loads (3)")
    run.add_argument(
        "--step",
        action="append",
        choices=STEPS,
        dest="steps",
        help="only this step (repeatable; default: all, in order)",
    )


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Each step as its own `cinelake` process (dbt keeps the warehouse open in the process
    that ran it, which the next step could not open); the first failure stops the run."""
    import subprocess

    from cinelake.pipeline import STEPS, PipelineInput, plan

    environ = settings.environ
    run = PipelineInput(
        movies=args.movies,
        series=args.series,
        sample_dir=args.sample_dir,
        sample_titles=args.titles,
        sample_days=args.days,
        replace=args.replace,
        has_tmdb_key=bool(environ.get("TMDB_READ_TOKEN") or environ.get("TMDB_API_KEY")),
    )
    verbose = ["--verbose"] if args.verbose else []
    for argv in plan(run, tuple(args.steps or STEPS)):
        log.info("cinelake %s", shlex.join(argv))
        code = subprocess.run([sys.executable, "-m", "cinelake.cli", *verbose, *argv]).returncode
        if code:
            log.error("cinelake %s failed (exit %d): the run stops here", argv[0], code)
            return code
    return 0


def _tmdb_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    enr.add_argument(
        "--sample-responses",
        type=Path,
        metavar="DIR",
        help="when no TMDB key is set: serve these bodies (`cinelake sample` wrote them) on"
        " 127.0.0.1 and fetch from there",
    )
    enr.add_argument("--rate", type=float, help="requests/s at most (TMDB_RATE, default 20)")
    enr.add_argument("--concurrency", type=int, help="requests in flight (TMDB_CONCURRENCY, 8)")
    enr.add_argument("--timeout", type=float, help="seconds per request (TMDB_TIMEOUT, 10)")

    srv = sub.add_parser("tmdb-serve", help="serve a TMDB look-alike on 127.0.0.1 from files")
    srv.add_argument("--responses", type=Path, required=True, metavar="DIR")
    srv.add_argument("--port", type=int, default=8765)
    srv.add_argument(
        "--token", help="the token it accepts (default: TMDB_READ_TOKEN or TMDB_API_KEY)"
    )

    ben = sub.add_parser("bench-enrich", help="benchmark enrich against the local fake TMDB")
    ben.add_argument("--ids", type=int, default=10_000, help="ids of the large run")
    ben.add_argument("--small", type=int, default=2_000, help="ids of the small run")
    ben.add_argument("--rate", type=float, default=150.0, help="the configured rate, requests/s")
    ben.add_argument("--concurrency", type=int, default=8)
    ben.add_argument("--work", type=Path, default=Path(".lake/bench"))


def cmd_enrich(settings: Settings, args: argparse.Namespace) -> int:
    from functools import partial

    from cinelake.tmdb.api import TmdbSettings
    from cinelake.tmdb.run import enrich

    has_key = bool(settings.environ.get("TMDB_READ_TOKEN") or settings.environ.get("TMDB_API_KEY"))
    if args.sample_responses and not has_key:
        return _enrich_from_sample(settings, args)
    tmdb = TmdbSettings.from_environ(
        settings.environ, rate=args.rate, concurrency=args.concurrency, timeout=args.timeout
    )
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


def _enrich_from_sample(settings: Settings, args: argparse.Namespace) -> int:
    """`enrich` against a fake TMDB serving the sample's bodies on loopback, for a newcomer
    without a key: the same client, selection and landing as against the real API."""
    import secrets
    from dataclasses import replace

    from cinelake.tmdb.server import FakeTmdb

    if not args.sample_responses.is_dir():
        raise ConfigError(f"--sample-responses {args.sample_responses}: no such directory")
    token = secrets.token_hex(16)  # this run's alone, never shown
    with FakeTmdb(args.sample_responses, token) as server:
        log.info(
            "no TMDB key set: the TMDB responses come from the sample in %s (served on %s)",
            args.sample_responses,
            server.base_url,
        )
        environ = {
            **settings.environ,
            "TMDB_BASE_URL": server.base_url,
            "TMDB_READ_TOKEN": token,
        }
        mask_also(token)
        # a local server has no TMDB rate limit to respect: a newcomer's first run is quick
        sample_args = argparse.Namespace(
            **{**vars(args), "sample_responses": None, "rate": args.rate or SAMPLE_SERVER_RATE}
        )
        return cmd_enrich(replace(settings, environ=environ), sample_args)


def cmd_tmdb_serve(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.tmdb.server import serve

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


def cmd_lake(settings: Settings, args: argparse.Namespace) -> int:
    action = args.action
    if action == "expire":
        from cinelake.build.daily import exclusive
        from cinelake.warehouse import warehouse_path
        from cinelake.warehouse.maintenance import expire

        with exclusive(warehouse_path(settings)):  # no build commits while files go
            expire(settings, args.older_than)
        return 0
    if action == "migrate":
        from cinelake.lake.migrate import migrate

        migrate(settings)
        return 0
    if action == "serve":
        lake.serve(settings, args.bind)  # returns only if it could not start
    elif action == "up":
        lake.up(settings)
    elif action == "down":
        lake.down(settings)
    elif action == "status":
        state = lake.status(settings)
        word = "up" if state.answering else ("running, not answering" if state.running else "down")
        if state.running and not state.answering and not lake.catalog_answers(settings):
            word = "running, its Iceberg catalog does not answer (lake down, then up)"
        sys.stdout.write(
            f"lake: {word}\nendpoint: {state.endpoint}\npid: {state.pid or '-'}\n"
            f"data: {state.data_dir}\nbucket: {settings.bucket}\n"
            f"catalog: {state.catalog_url}\nwarehouse: {state.catalog_warehouse}\n"
        )
        return 0 if state.answering else 3
    elif args.duckdb:
        from cinelake.warehouse.connection import duckdb_snippet

        sys.stdout.write(duckdb_snippet(settings))
    else:
        # Printed for `eval`; on a terminal the secret is masked unless asked for.
        secret = settings.secret_key or ""
        if sys.stdout.isatty() and not args.show_secret:
            secret = MASK
        catalog = settings.catalog
        lines = {
            "AWS_ENDPOINT_URL": settings.endpoint or "",
            "AWS_REGION": settings.region or "",
            "AWS_ACCESS_KEY_ID": settings.access_key or "",
            "AWS_SECRET_ACCESS_KEY": secret,
            "CINELAKE_BUCKET": settings.bucket,
            "CINELAKE_CATALOG_URL": (catalog.url or "") if catalog.is_rest else "",
            "CINELAKE_CATALOG_WAREHOUSE": catalog.warehouse or "",
        }
        sys.stdout.write("".join(f"export {k}={shlex.quote(v)}\n" for k, v in lines.items() if v))
        if catalog.attached:
            sys.stdout.write(
                "# the duckdb CLI with the catalog as `lake`, no credential in the file:\n"
                "#   cinelake lake env --duckdb > lake.sql && .venv/bin/duckdb -init lake.sql\n"
            )
    return 0


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
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


def ingest_days(settings: Settings, out_dir: Path, replace: bool) -> int:
    """Land each day of a `sample --days` directory under its own date, in load order.

    One `ingest` run per day, so each day gets its own validation and run manifest, as
    a daily delivery would; the first failing day stops the rest.
    """
    from cinelake.sample.days import read_loads
    from ingest.run_ingest import ingest

    try:
        loads = read_loads(out_dir)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"--from-days {out_dir}: {exc}") from None
    for day, files in loads:
        log.info("landing the %s load of %s", day, out_dir)
        result = ingest(settings, files, day, replace, progress=progress_bar)
        for landed in result.results:
            log.info("%s: s3://%s/%s", landed.status, settings.bucket, landed.key)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    """The CSVs, and the TMDB bodies of their titles in `<out>/tmdb/` (a fake TMDB's)."""
    from cinelake.sample import write_sample
    from cinelake.sample.tmdb import write_tmdb_responses

    if args.days is not None:
        from cinelake.sample.days import DEFAULT_END, write_days

        try:
            made = write_days(
                args.out,
                args.titles,
                args.days,
                end=args.end_date or DEFAULT_END,
                seed=args.seed,
                crlf=args.crlf,
                tmdb_dir=args.out / TMDB_FOLDER,
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
    write_tmdb_responses(args.out / TMDB_FOLDER, files.movies, files.series, seed=args.seed)
    log.info(
        "wrote %s (%d rows) and %s (%d rows)",
        files.movies,
        files.movie_rows,
        files.series,
        files.series_rows,
    )
    return 0


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
    try:
        return dispatch(settings, args)
    except (
        ImageError,
        ValidationError,
        LandingError,
        ConfigError,
        lake.LakeError,
        CatalogError,
        MigrateError,
        SqlError,
        BuildError,
        TmdbAuthError,
    ) as exc:
        log.error("%s", exc)
        return 1
    except EnrichInterrupted as exc:
        log.warning("%s", exc)
        return 130
    except KeyboardInterrupt:
        log.warning("interrupted")
        return 130


def dispatch(settings: Settings, args: argparse.Namespace) -> int:
    """Run the parsed command; errors propagate to `main`, which reports them."""
    if args.command == "setup":
        from cinelake.warehouse import install_extensions

        install_extensions(settings)
        return 0
    if args.command == "lake":
        return cmd_lake(settings, args)
    if args.command == "ingest":
        return cmd_ingest(settings, args)
    if args.command == "spark-build":
        from cinelake.spark.build import spark_build

        return spark_build(settings, full_refresh=args.full_refresh)
    if args.command == "predict":
        from cinelake.spark import mirror
        from cinelake.spark.predict import predict

        predict(mirror.mirror_root(settings))
        return 0
    if args.command == "mirror":
        from cinelake.spark import mirror

        root = args.root.absolute() if args.root else mirror.mirror_root(settings)
        mirror.down(settings, root)
        return 0
    if args.command == "sample":
        return cmd_sample(args)
    if args.command == "build":
        if settings.environ.get("CINELAKE_ENGINE", "duckdb") == "spark":
            from cinelake.spark.build import spark_build

            return spark_build(settings, full_refresh=args.full_refresh)
        from cinelake.build import build

        return build(settings, full_refresh=args.full_refresh, everything=args.everything)
    if args.command == "sql":
        from cinelake.warehouse.sql import open_warehouse, repl, run_query

        con = open_warehouse(settings, args.as_of, args.build)
        try:
            if args.query:
                run_query(con, args.query, args.csv, args.max_rows)
            else:
                repl(con, args.csv, args.max_rows)
        finally:
            con.close()
        return 0
    if args.command == "dashboard":
        from cinelake.app.dashboard import serve

        return serve(args.port, args.as_of, args.build)
    if args.command == "report":
        from cinelake.app.report import write_report

        write_report(settings, args.out)
        return 0
    if args.command == "bench-ingest":
        from cinelake.bench.ingest_bench import bench_ingest

        return bench_ingest(settings, args.titles, args.work)
    if args.command == "bench-build":
        from cinelake.bench.build_bench import bench_build

        return bench_build(settings, args.titles, args.work.absolute(), args.baseline_ref)
    if args.command == "enrich":
        return cmd_enrich(settings, args)
    if args.command == "run":
        return cmd_run(settings, args)
    if args.command == "image":
        from cinelake.image import make_image

        make_image(settings, args.tag, args.base_image, check=not args.no_check)
        return 0
    if args.command == "tmdb-serve":
        return cmd_tmdb_serve(settings, args)
    if args.command == "bench-enrich":
        from cinelake.bench.tmdb_bench import bench_enrich

        return bench_enrich(
            settings, args.ids, args.small, args.rate, args.concurrency, args.work.absolute()
        )
    if args.command == "bench-spark":
        from cinelake.bench.spark_bench import bench_spark

        return bench_spark(settings, args.titles, args.work.absolute(), args.scale, args.engines)
    if args.command == "bench-daily":
        from cinelake.bench.daily_bench import bench_daily

        return bench_daily(settings, args.titles, args.work.absolute(), args.scale, args.history)
    return 2


if __name__ == "__main__":
    sys.exit(main())
