"""`cinelake spark-build`: the dbt build on Spark through the local mirror of the lake.

Five phases, each logged; a failed phase raises BuildError and no later phase runs,
except the last: the mirror goes up after a failure too, as DuckDB's build leaves in the
lake what it wrote before a failure.

1. mirror down: Raw comes down from the bucket into the mirror;
2. dbt build with the `spark` target (PySpark in this process, reading and writing the
   mirror) of every model and test except the title model and what depends on it
   (`PREDICTIONS`);
3. predict: dbt-spark runs Python models only on Databricks, so `cinelake predict` runs
   the title model's file outside dbt on the Refined Parquet of phase 2 and writes the
   predictions into the mirror;
4. dbt build of `PREDICTIONS`: the model's table over those predictions (its Spark
   materialization refuses missing or stale ones), `model_metrics` and the tests on
   them, in the same process and SparkSession as phase 2;
5. mirror up: the Trusted and Refined outputs go back to the bucket.

Unlike `cinelake build` there is no selection by source freshness: every model is built
(`title_snapshots` still computes only the new load dates).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from cinelake.build.daily import BuildError
from cinelake.config import Settings
from cinelake.spark import mirror
from cinelake.spark.predict import MODEL_NAME, predict

log = logging.getLogger(__name__)

# The dbt selector of what needs the predictions: the title model, `model_metrics` and
# the tests on either (dbt's eager indirect selection takes a test with any parent).
PREDICTIONS = f"{MODEL_NAME}+"
PHASES = 5


def spark_environment(root: Path) -> dict[str, str]:
    """What the `spark` target reads from the environment besides the lake settings."""
    return {
        "CINELAKE_ENGINE": "spark",
        "CINELAKE_SPARK_LAKE_ROOT": str(root),
        # Spark otherwise binds its driver to the host's first address and warns.
        "SPARK_LOCAL_IP": "127.0.0.1",
    }


def _phase(number: int, what: str) -> None:
    log.info("spark-build %d/%d: %s", number, PHASES, what)


def failed_nodes(result: Any) -> list[str]:
    """The names of the nodes that errored or failed in a dbtRunner result."""
    results = getattr(result.result, "results", None) or []
    return sorted(r.node.name for r in results if str(r.status) in ("error", "fail"))


def _dbt_build(runner: Any, number: int, what: str, args: list[str]) -> None:
    _phase(number, f"{what}: dbt {' '.join(args)}")
    result = runner.invoke(args)
    if not result.success:
        failed = ", ".join(failed_nodes(result)) or result.exception or "see the dbt output"
        raise BuildError(f"dbt build on Spark failed ({what}): {failed}")


def build_on_spark(
    root: Path,
    project_dir: Path | None = None,
    full_refresh: bool = False,
    dbt_args: Sequence[str] = (),
) -> None:
    """Phases 2 to 4 on the mirror at `root`: dbt build of what the predictions do not
    need, predict, dbt build of what they do; `dbt_args` go to both builds."""
    from dbt.cli.main import dbtRunner

    os.environ.update(spark_environment(root))
    project = (project_dir or Path.cwd()).absolute()
    common = ["--target", "spark", "--project-dir", str(project), *dbt_args]
    if full_refresh:
        common.append("--full-refresh")
    runner = dbtRunner()
    _dbt_build(runner, 2, "all but the predictions", ["build", "--exclude", PREDICTIONS, *common])
    _phase(3, f"predict ({MODEL_NAME}, outside dbt)")
    try:
        predict(root, project)
    except (OSError, ValueError, duckdb.Error) as exc:
        raise BuildError(f"predict on Spark's Refined Parquet failed: {exc}") from exc
    _dbt_build(runner, 4, "the predictions", ["build", "--select", PREDICTIONS, *common])


def spark_build(
    settings: Settings, project_dir: Path | None = None, full_refresh: bool = False
) -> int:
    """Mirror down, build on Spark (phases 2-4), mirror up; 0 when every phase passed."""
    root = mirror.mirror_root(settings)
    _phase(1, "mirror down")
    mirror.down(settings, root)
    try:
        build_on_spark(root, project_dir, full_refresh)
    finally:
        _phase(PHASES, "mirror up")
        mirror.up(settings, root)
    return 0
