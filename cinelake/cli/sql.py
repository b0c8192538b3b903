"""`cinelake sql`: SQL on the published tables, now or as a past build published them."""

from __future__ import annotations

import argparse

from cinelake.cli.arguments import Subcommands, output_arguments, past_arguments
from cinelake.config import Settings


def register(sub: Subcommands) -> None:
    sql = sub.add_parser("sql", help="run SQL against the published tables (no query: a prompt)")
    sql.add_argument("query", nargs="?", help="the query; omit it for an interactive prompt")
    output_arguments(sql)
    past_arguments(sql, "read")
    sql.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
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
