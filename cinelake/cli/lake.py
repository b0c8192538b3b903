"""`cinelake lake …`: the local S3 lake and its Iceberg catalog; `cinelake setup`."""

from __future__ import annotations

import argparse
import shlex
import sys

from cinelake import lake
from cinelake.cli.arguments import Subcommands, days
from cinelake.config import Settings
from cinelake.logs import MASK


def register(sub: Subcommands) -> None:
    group = sub.add_parser(
        "lake",
        help="the local S3 lake (SeaweedFS) and its Iceberg catalog: up, down, status, env, …",
        description="The lake: S3 and its Iceberg REST catalog. Locally, SeaweedFS on"
        " 127.0.0.1 (up/down/status/serve); on AWS, only env, expire and migrate apply.",
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("up", help="start the local lake in the background").set_defaults(func=up)
    actions.add_parser("down", help="stop the local lake").set_defaults(func=down)
    actions.add_parser("status", help="is the lake up; where it is").set_defaults(func=status)
    env = actions.add_parser(
        "env",
        help="`export` lines for eval: endpoint, key, secret, bucket, catalog URL, warehouse",
        description="The secret is printed only when stdout is not a terminal (eval), unless"
        " --show-secret: it is a development key for a loopback-only server, and the log never"
        " shows it.",
    )
    env.add_argument(
        "--show-secret", action="store_true", help="print the secret even on a terminal"
    )
    env.add_argument(
        "--duckdb",
        action="store_true",
        help="print SQL for the duckdb CLI (.venv/bin/duckdb) that loads the project's"
        " extensions, creates the S3 and catalog secrets and attaches the catalog as `lake`;"
        " it holds no credential (they are read with getenv from the variables"
        ' `eval "$(cinelake lake env)"` exports), so it is safe to save or log:'
        " cinelake lake env --duckdb > lake.sql && .venv/bin/duckdb -init lake.sql",
    )
    env.set_defaults(func=environment)
    serve_cmd = actions.add_parser("serve", help="run the lake in the foreground (containers)")
    serve_cmd.add_argument(
        "--bind",
        default=lake.LOOPBACK,
        metavar="ADDRESS",
        help="the address to listen on (default 127.0.0.1; 0.0.0.0 in a container)",
    )
    serve_cmd.set_defaults(func=serve)
    expire_cmd = actions.add_parser(
        "expire",
        help="expire old Iceberg snapshots and delete the files no snapshot needs",
        description="Expire the Iceberg tables' snapshots older than"
        " CINELAKE_SNAPSHOT_RETENTION_DAYS (or --older-than) and delete the files no snapshot"
        " needs any more (every good build does it too).",
    )
    expire_cmd.add_argument(
        "--older-than",
        type=days,
        metavar="DAYS",
        help="the retention in days (default CINELAKE_SNAPSHOT_RETENTION_DAYS, 7)",
    )
    expire_cmd.set_defaults(func=expire)
    actions.add_parser(
        "migrate",
        help="move a lake of the old Parquet layout onto the Iceberg tables (Raw untouched)",
        description="Build from Raw if nothing is published, then remove the old Trusted/"
        " and Refined/ Parquet objects and views; Raw is never touched.",
    ).set_defaults(func=migrate)

    # `make setup` and the image run it; a user never needs to
    sub.add_parser("setup").set_defaults(func=setup)


def setup(settings: Settings, args: argparse.Namespace) -> int:
    """Install the DuckDB extensions from their wheels into the project directory."""
    from cinelake.warehouse import install_extensions

    install_extensions(settings)
    return 0


def up(settings: Settings, args: argparse.Namespace) -> int:
    lake.up(settings)
    return 0


def down(settings: Settings, args: argparse.Namespace) -> int:
    lake.down(settings)
    return 0


def serve(settings: Settings, args: argparse.Namespace) -> int:
    lake.serve(settings, args.bind)  # returns only if it could not start
    return 0


def status(settings: Settings, args: argparse.Namespace) -> int:
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


def environment(settings: Settings, args: argparse.Namespace) -> int:
    if args.duckdb:
        from cinelake.warehouse.connection import duckdb_snippet

        sys.stdout.write(duckdb_snippet(settings))
        return 0
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


def expire(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.warehouse import warehouse_path
    from cinelake.warehouse.daily import exclusive
    from cinelake.warehouse.maintenance import expire as expire_snapshots

    with exclusive(warehouse_path(settings)):  # no build commits while files go
        expire_snapshots(settings, args.older_than)
    return 0


def migrate(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.lake.migrate import migrate as migrate_lake

    migrate_lake(settings)
    return 0
