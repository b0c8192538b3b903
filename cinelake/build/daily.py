"""The daily build: dbt source freshness, then `dbt build` of what descends from a fresher
source or from changed code, compared with the last successful build.

dbt runs in this process (dbtRunner), parsed once for both steps, so a run with no new
Raw file costs dbt's start-up, one bucket listing per source and an empty selection.
The state of the last successful build (its manifest.json and sources.json) is kept
beside the warehouse file (`<warehouse>.state/`): deleting the warehouse also forgets
it, and the next build is a whole one. `--full-refresh` rebuilds everything from Raw.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from cinelake.config import Settings
from cinelake.warehouse import warehouse_path

log = logging.getLogger(__name__)

# What the last successful build saw: dbt compares the current run with these files.
STATE_FILES = ("manifest.json", "sources.json")
# Nodes downstream of a Raw source written since, or of code changed since.
INCREMENTAL_SELECT = ["source_status:fresher+", "state:modified+"]


class BuildError(Exception):
    """A dbt step failed; dbt has printed why."""


def state_dir(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".state")


def _target_dir(project_dir: Path) -> Path:
    return Path(os.environ.get("DBT_TARGET_PATH", project_dir / "target")).absolute()


def _invoke(runner: Any, args: list[str], step: str) -> Any:
    result = runner.invoke(args)
    if not result.success:
        raise BuildError(f"{step} failed: {result.exception or 'see the dbt output above'}")
    return result


def _check_freshness(result: Any) -> None:
    """A stale source only warns (dbt says so); a source that could not be read stops the
    build, or its new files would go unnoticed."""
    failed = [
        f"{r.node.source_name}.{r.node.name}: {r.message or r.status}"
        for r in getattr(result.result, "results", None) or []
        if str(r.status) == "runtime error"
    ]
    if failed or result.result is None:
        raise BuildError(
            "dbt source freshness could not read "
            + ("; ".join(failed) or f"the sources: {result.exception}")
        )


def _save_state(target: Path, state: Path) -> None:
    """Replace the saved state with this build's, whole: never half of each."""
    fresh = Path(tempfile.mkdtemp(prefix=state.name + ".", dir=state.parent))
    for name in STATE_FILES:
        shutil.copy2(target / name, fresh / name)
    old = state.with_name(state.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if state.exists():
        state.rename(old)
    fresh.rename(state)
    shutil.rmtree(old, ignore_errors=True)


def build_args(
    warehouse: Path, state: Path, full_refresh: bool = False, everything: bool = False
) -> list[str]:
    """The `dbt build` arguments: everything, or only what changed since the saved state."""
    if full_refresh:
        return ["build", "--full-refresh"]
    has_state = warehouse.exists() and all((state / name).is_file() for name in STATE_FILES)
    if everything or not has_state:
        return ["build"]
    return ["build", "--select", *INCREMENTAL_SELECT, "--state", str(state)]


def build(
    settings: Settings,
    project_dir: Path | None = None,
    full_refresh: bool = False,
    everything: bool = False,
) -> int:
    """Run the daily build; 0 when it passed. Raises BuildError when a dbt step failed."""
    from dbt.cli.main import dbtRunner

    project = (project_dir or Path.cwd()).absolute()
    warehouse = warehouse_path(settings)
    state = state_dir(warehouse)
    common = ["--project-dir", str(project)]

    manifest = _invoke(dbtRunner(), ["parse", *common], "dbt parse").result
    runner = dbtRunner(manifest=manifest)
    _check_freshness(runner.invoke(["source", "freshness", *common]))
    args = build_args(warehouse, state, full_refresh, everything)
    log.info("dbt %s", " ".join(args))
    _invoke(runner, [*args, *common], "dbt build")
    _save_state(_target_dir(project), state)
    log.info("build state saved in %s", state)
    return 0
