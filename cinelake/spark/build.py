"""`cinelake spark-build`: the dbt build on Spark through the local mirror of the lake.

Raw comes down from the bucket into the mirror, dbt builds every model and test with
the `spark` target (PySpark in this process, reading and writing the mirror), and the
Trusted and Refined outputs go back up, also after a failed build, as DuckDB's build
leaves in the lake what it wrote before a failure. Unlike `cinelake build` there is no
selection by source freshness: every model is built (`title_snapshots` still computes
only the new load dates).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cinelake.build.daily import BuildError
from cinelake.config import Settings
from cinelake.spark import mirror

log = logging.getLogger(__name__)


def spark_environment(root: Path) -> dict[str, str]:
    """What the `spark` target reads from the environment besides the lake settings."""
    return {
        "CINELAKE_ENGINE": "spark",
        "CINELAKE_SPARK_LAKE_ROOT": str(root),
        # Spark otherwise binds its driver to the host's first address and warns.
        "SPARK_LOCAL_IP": "127.0.0.1",
    }


def spark_build(
    settings: Settings, project_dir: Path | None = None, full_refresh: bool = False
) -> int:
    """Mirror down, `dbt build --target spark`, mirror up; 0 when the build passed."""
    from dbt.cli.main import dbtRunner

    root = mirror.mirror_root(settings)
    mirror.down(settings, root)
    os.environ.update(spark_environment(root))
    project = (project_dir or Path.cwd()).absolute()
    args = ["build", "--target", "spark", "--project-dir", str(project)]
    if full_refresh:
        args.append("--full-refresh")
    log.info("dbt %s", " ".join(args))
    result = dbtRunner().invoke(args)
    mirror.up(settings, root)
    if not result.success:
        raise BuildError(f"dbt build on Spark failed: {result.exception or 'see the dbt output'}")
    return 0
