"""`cinelake spark build`: the dbt build on Spark, published into the lake's Iceberg tables.

Five phases, each logged; a failed phase raises BuildError and no later phase runs, so
a failed build publishes nothing (readers keep the tables of the last good build, as
after a failed DuckDB build):

1. mirror down: Raw comes down from the bucket into the mirror;
2. dbt build with the `spark` target (PySpark in this process, reading and writing the
   mirror) of every model and test except the title model and what depends on it
   (`PREDICTIONS`);
3. predict: dbt-spark runs Python models only on Databricks, so `cinelake spark predict` runs
   the title model's file outside dbt on the Refined Parquet of phase 2 and writes the
   predictions into the mirror;
4. dbt build of `PREDICTIONS`: the model's table over those predictions (its Spark
   materialization refuses missing or stale ones), `model_metrics` and the tests on
   them, in the same process and SparkSession as phase 2;
5. publish: `dbt run-operation publish_spark_build` on the DuckDB target copies every
   published model's Parquet into its Iceberg table `<zone>.<table>` of the lake's
   catalog, the same tables and the same macro (`publish_relations`) as DuckDB's
   builds, in one transaction, logged in `audit.publications` with engine 'spark' and
   phase 2's dbt invocation id. The PySpark wheels bring no Iceberg runtime, so Spark
   cannot commit to the catalog itself (a cluster with one can: docs/spark.md).

Unlike `cinelake build` there is no selection by source freshness: every model is built
(`title_snapshots` still computes only the new load dates).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb

from cinelake.config import Settings
from cinelake.spark import mirror
from cinelake.spark.predict import MODEL_NAME, predict
from cinelake.warehouse.daily import BuildError

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
    log.info("spark build %d/%d: %s", number, PHASES, what)


def failed_nodes(result: Any) -> list[str]:
    """The names of the nodes that errored or failed in a dbtRunner result."""
    results = getattr(result.result, "results", None) or []
    return sorted(r.node.name for r in results if str(r.status) in ("error", "fail"))


def _dbt_build(runner: Any, number: int, what: str, args: list[str]) -> str:
    """Run one dbt build on Spark; its invocation id."""
    from dbt_common.invocation import get_invocation_id

    _phase(number, f"{what}: dbt {' '.join(args)}")
    result = runner.invoke(args)
    if not result.success:
        failed = ", ".join(failed_nodes(result)) or result.exception or "see the dbt output"
        raise BuildError(f"dbt build on Spark failed ({what}): {failed}")
    # dbt sets a new id at the start of each invocation and keeps it until the next
    return get_invocation_id()


def build_on_spark(
    root: Path,
    project_dir: Path | None = None,
    full_refresh: bool = False,
    dbt_args: Sequence[str] = (),
) -> str:
    """Phases 2 to 4 on the mirror at `root`: dbt build of what the predictions do not
    need, predict, dbt build of what they do; `dbt_args` go to both builds. Returns the
    first build's invocation id, the build id its publication is logged under."""
    from dbt.cli.main import dbtRunner

    os.environ.update(spark_environment(root))
    project = (project_dir or Path.cwd()).absolute()
    common = ["--target", "spark", "--project-dir", str(project), *dbt_args]
    if full_refresh:
        common.append("--full-refresh")
    runner = dbtRunner()
    build_id = _dbt_build(
        runner, 2, "all but the predictions", ["build", "--exclude", PREDICTIONS, *common]
    )
    _phase(3, f"predict ({MODEL_NAME}, outside dbt)")
    try:
        predict(root, project)
    except (OSError, ValueError, duckdb.Error) as exc:
        raise BuildError(f"predict on Spark's Refined Parquet failed: {exc}") from exc
    _dbt_build(runner, 4, "the predictions", ["build", "--select", PREDICTIONS, *common])
    return build_id


def spark_warehouse_dir() -> Path:
    """The folder of Spark's managed tables (the audit models'), as this process's
    SparkSession has it (the profile's `spark.sql.warehouse.dir`, made absolute)."""
    from pyspark.sql import SparkSession

    configured = SparkSession.builder.getOrCreate().conf.get("spark.sql.warehouse.dir")
    path = Path(urlparse(configured).path if configured.startswith("file:") else configured)
    # a relative folder is Spark's working directory's, which is this process's
    return path.absolute()


def publish_spark_build(
    root: Path,
    build_id: str,
    lake_target: str,
    project_dir: Path | None = None,
    full_refresh: bool = False,
) -> None:
    """Phase 5: Spark's tables into the lake's Iceberg tables, by the DuckDB target
    `lake_target` (`publish_spark_build`, macros/publish_spark_build.sql).

    dbt runs in a process of its own, so that no DuckDB handle on the warehouse file
    stays in this one, which goes on (the tests read that file after a build).
    """
    project = (project_dir or Path.cwd()).absolute()
    arguments = {
        "build_id": build_id,
        "lake_root": str(root),
        "spark_warehouse": str(spark_warehouse_dir()),
        "full_refresh": full_refresh,
    }
    # a target folder of its own: the Spark builds' artifacts (run_results.json) stay
    # as they are, and each target keeps its own partial parse
    target_path = Path(os.environ.get("DBT_TARGET_PATH", project / "target")) / "publish"
    args = [
        "run-operation",
        "publish_spark_build",
        "--args",
        json.dumps(arguments),
        "--target",
        lake_target,
        "--project-dir",
        str(project),
        "--target-path",
        str(target_path),
    ]
    _phase(5, f"publish into the lake's catalog: dbt {' '.join(args[:2])} --target {lake_target}")
    env = {k: v for k, v in os.environ.items() if k != "CINELAKE_ENGINE"}
    dbt = Path(sys.executable).with_name("dbt")
    # its output goes where the Spark builds' goes (this process's stdout)
    done = subprocess.run([str(dbt), *args], cwd=project, env=env, check=False)
    if done.returncode != 0:
        raise BuildError(f"publishing Spark's build {build_id} failed: see the dbt output")


def spark_build(
    settings: Settings,
    project_dir: Path | None = None,
    full_refresh: bool = False,
    dbt_args: Sequence[str] = (),
) -> int:
    """Mirror down, build on Spark (phases 2-4), publish; 0 when every phase passed.
    `dbt_args` go to both dbt builds on Spark."""
    root = mirror.mirror_root(settings)
    _phase(1, "mirror down")
    mirror.down(settings, root)
    build_id = build_on_spark(root, project_dir, full_refresh, dbt_args)
    # the DuckDB target of the lake Spark built from (profiles.yml: `local` or `aws`)
    publish_spark_build(root, build_id, settings.lake, project_dir, full_refresh)
    return 0
