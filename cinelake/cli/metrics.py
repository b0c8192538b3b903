"""`cinelake metrics …`: the semantic layer's metrics (MetricFlow) on the published tables."""

from __future__ import annotations

import argparse
import sys

from cinelake.cli.arguments import Subcommands, comma_list, output_arguments, past_arguments
from cinelake.config import Settings


def register(sub: Subcommands) -> None:
    group = sub.add_parser(
        "metrics",
        help="the metrics of the semantic layer (MetricFlow): list, query, validate",
        description="Metrics defined once in the models' YAML (docs/metrics.md), compiled by"
        " MetricFlow and run on the published tables, as `cinelake sql` reads them.",
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="the metrics, their type and description").set_defaults(
        func=list_metrics
    )
    actions.add_parser(
        "validate",
        help="validate the semantic manifest and compile every metric (as `mf validate-configs`)",
    ).set_defaults(func=validate)
    query = actions.add_parser(
        "query",
        help="query metrics at a grain (as `mf query`)",
        description="Example: cinelake metrics query --metrics titles,mean_rating"
        " --group-by metric_time__year,title__title_type --order=-metric_time__year",
    )
    query.add_argument(
        "--metrics", type=comma_list, required=True, metavar="M1,M2", help="metric names"
    )
    query.add_argument(
        "--group-by",
        type=comma_list,
        default=[],
        metavar="D1,D2",
        help="dimensions, e.g. metric_time__year, title__title_type, title_genre__genre",
    )
    query.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FILTER",
        help="a filter, e.g. \"{{ Dimension('title__is_focus') }}\" (repeatable)",
    )
    query.add_argument(
        "--order",
        type=comma_list,
        default=[],
        metavar="C1,-C2",
        help="order by these; -C for descending (as `mf query --order`)",
    )
    query.add_argument("--limit", type=int, help="at most this many rows")
    query.add_argument("--explain", action="store_true", help="print the SQL, do not run it")
    output_arguments(query)
    past_arguments(query, "query")
    query.set_defaults(func=run_query)


def list_metrics(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.warehouse.metrics import SemanticLayer, metric_names

    for name, kind, description in metric_names(SemanticLayer.load()):
        print(f"{name:34} {kind:8} {description}")
    return 0


def validate(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.warehouse.metrics import MetricsError, validate_manifest

    issues = validate_manifest()
    for issue in issues:
        print(issue, file=sys.stderr)
    if issues:
        raise MetricsError(f"the semantic manifest has {len(issues)} error(s)")
    print("the semantic manifest is valid")
    return 0


def run_query(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.warehouse.metrics import SemanticLayer, open_metrics
    from cinelake.warehouse.sql import run_query

    query = {
        "metrics": args.metrics,
        "group_by": args.group_by,
        "where": args.where,
        "order_by": args.order,
        "limit": args.limit,
    }
    if args.explain:
        print(SemanticLayer.load().engine().sql(**query))
        return 0
    con, engine = open_metrics(settings, args.as_of, args.build)
    try:
        run_query(con, engine.sql(**query), args.csv, args.max_rows)
    finally:
        con.close()
    return 0
