"""`cinelake spark …`: the same dbt models on Apache Spark, published into the lake."""

from __future__ import annotations

import argparse
from pathlib import Path

from cinelake.cli.arguments import Subcommands, alias
from cinelake.config import Settings


def register(sub: Subcommands) -> None:
    group = sub.add_parser("spark", help="the build on Apache Spark: build, predict, mirror")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    build_cmd = actions.add_parser(
        "build",
        help="dbt build on Spark: mirror Raw down, build, predict, build what uses the"
        " predictions, publish into the lake's Iceberg tables",
    )
    build_cmd.add_argument("--full-refresh", action="store_true", help="rebuild the history")
    build_cmd.set_defaults(func=build)
    actions.add_parser(
        "predict", help="the title rating model on the mirror's Refined Parquet (outside dbt)"
    ).set_defaults(func=predict)
    mirror_cmd = actions.add_parser("mirror", help="sync Raw/ down to the local mirror")
    mirror_cmd.add_argument("direction", choices=["down"])
    mirror_cmd.add_argument(
        "--root",
        type=Path,
        help="the mirror folder (default: CINELAKE_SPARK_MIRROR or .lake/spark/mirror)",
    )
    mirror_cmd.set_defaults(func=mirror)

    # the spellings before the group, for one release
    alias(sub, "spark-build", build).add_argument("--full-refresh", action="store_true")
    alias(sub, "predict", predict)
    old_mirror = alias(sub, "mirror", mirror)
    old_mirror.add_argument("direction", choices=["down"])
    old_mirror.add_argument("--root", type=Path)


def build(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.spark.build import spark_build

    return spark_build(settings, full_refresh=args.full_refresh)


def predict(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.spark import mirror as spark_mirror
    from cinelake.spark.predict import predict as predict_ratings

    predict_ratings(spark_mirror.mirror_root(settings))
    return 0


def mirror(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.spark import mirror as spark_mirror

    root = args.root.absolute() if args.root else spark_mirror.mirror_root(settings)
    spark_mirror.down(settings, root)
    return 0
