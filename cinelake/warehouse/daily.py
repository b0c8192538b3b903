"""The daily build: dbt source freshness, then `dbt build` of what descends from a fresher
source or from changed code, compared with the last successful build.

dbt runs in this process (dbtRunner), parsed once for both steps, so a run with no new
Raw file costs dbt's start-up, one bucket listing per source and an empty selection.
The state of the last successful build (its manifest.json and sources.json) is kept
beside the warehouse file (`<warehouse>.state/`): deleting the warehouse also forgets
it, and the next build is a whole one. `--full-refresh` rebuilds everything from Raw.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def target_dir(project_dir: Path) -> Path:
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


def check_sources_json(target: Path) -> None:
    """The freshness check of a `dbt source freshness` run in another process, read from
    the sources.json it wrote into `target` (the orchestrator runs dbt as a child)."""
    path = target / "sources.json"
    try:
        results = json.loads(path.read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"dbt source freshness could not read the sources: {exc}") from None
    failed = [
        f"{r['unique_id'].split('.', 2)[-1]}: {r.get('error') or r['status']}"
        for r in results
        if r.get("status") == "runtime error"
    ]
    if failed:
        raise BuildError("dbt source freshness could not read " + "; ".join(failed))


def save_state(parsed: Path, target: Path, state: Path) -> None:
    """Replace the saved state with this build's, whole: never half of each.

    The manifest is the one `dbt parse` wrote, not the one the build leaves: dbt-duckdb
    renders the models' write options into their config while it builds, and that
    manifest would differ from the next parse, so `state:modified` would select them.
    """
    fresh = Path(tempfile.mkdtemp(prefix=state.name + ".", dir=state.parent))
    shutil.copy2(parsed, fresh / "manifest.json")
    shutil.copy2(target / "sources.json", fresh / "sources.json")
    old = state.with_name(state.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if state.exists():
        state.rename(old)
    fresh.rename(state)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def exclusive(warehouse: Path) -> Iterator[None]:
    """Hold the build lock of this warehouse (`<warehouse>.build.lock`) or refuse at once.

    DuckDB's own file lock only covers one dbt step at a time; this one covers the
    freshness check, the build and saving the state together, so two builds never
    interleave. The kernel drops it when the process ends, however it ends.
    """
    path = warehouse.with_name(warehouse.name + ".build.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(
                f"another cinelake build is running on {warehouse} ({holder}); "
                "nothing was changed: run it again when that one ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


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

    with exclusive(warehouse):
        if settings.catalog.attached:
            from cinelake.lake.migrate import warn_old_layout

            warn_old_layout(settings)
        manifest = _invoke(dbtRunner(), ["parse", *common], "dbt parse").result
        parsed = state.with_name(state.name + ".parsed.json")
        shutil.copy2(target_dir(project) / "manifest.json", parsed)
        runner = dbtRunner(manifest=manifest)
        _check_freshness(runner.invoke(["source", "freshness", *common]))
        args = build_args(warehouse, state, full_refresh, everything)
        log.info("dbt %s", " ".join(args))
        built = _invoke(runner, [*args, *common], "dbt build").result
        save_state(parsed, target_dir(project), state)
        parsed.unlink()
        log.info("build state saved in %s", state)
        # nothing built, nothing published: no snapshot is new, none needs expiring yet
        if settings.catalog.attached and built.results:
            expire_snapshots(settings)
    return 0


def expire_snapshots(settings: Settings) -> None:
    """Expire old snapshots after a good build, still under the build lock (no writer
    can commit meanwhile). The build is published whatever happens here, so a failure
    only warns: the next build, or `cinelake lake expire`, tries again."""
    from cinelake.warehouse.maintenance import expire

    try:
        expire(settings)
    except Exception as exc:  # noqa: BLE001 - PyIceberg, S3 and catalog errors alike
        detail = " ".join(str(exc).split()) or type(exc).__name__
        log.warning("snapshot expiry failed (the build is published): %s", detail)
