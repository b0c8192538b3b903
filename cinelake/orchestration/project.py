"""The dbt project as Dagster sees it: where it is, how dbt is run, and its manifest.

The manifest is made by `dbt parse` when the code location loads (in a child process,
into the instance's folder): it needs no connection and nothing from the network,
always matches the code that runs, and dbt's partial parsing keeps a reload to seconds.
A packaged manifest (`dagster-dbt project prepare-and-package`) would be one more build
artefact to keep in step with the models.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from cinelake.config import Settings

log = logging.getLogger(__name__)

# The repository root: dbt_project.yml and profiles.yml (the image keeps the same layout).
PROJECT_DIR = Path(__file__).resolve().parents[2]


def dbt_executable() -> str:
    """The dbt of this environment: beside this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.is_file() else shutil.which("dbt") or "dbt"


def apply_environment(settings: Settings) -> None:
    """What `cinelake` sets before any command, set here for the dbt child processes: the
    profile renders what the settings resolved, never a default of its own."""
    for name, value in settings.dbt_environment().items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def prepare_manifest(settings: Settings) -> Path:
    """`dbt parse` into `<DAGSTER_HOME>/dbt-parse/`; the path of its manifest.json."""
    target = settings.dagster_home / "dbt-parse"
    target.mkdir(parents=True, exist_ok=True)
    command = [
        dbt_executable(),
        "--quiet",
        "parse",
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(target),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"dbt parse failed: {(done.stdout + done.stderr).strip()[-2000:]}")
    return target / "manifest.json"


class Translator(DagsterDbtTranslator):
    """dagster-dbt's keys (a source is [source, table], so `imdb/movies` is the Raw load
    asset of that name), grouped by the project's layers (staging, trusted, refined)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if (
            dbt_resource_props.get("resource_type") in ("model", "seed", "snapshot")
            and len(fqn) > 2
        ):
            return str(fqn[1])
        return super().get_group_name(dbt_resource_props)


TRANSLATOR = Translator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))
