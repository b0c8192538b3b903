"""The code location: `dagster dev -m cinelake.orchestration.definitions` (`make
orchestrate`), or `dagster definitions validate` with the same module."""

from __future__ import annotations

from dagster import Definitions
from dagster_dbt import DbtCliResource

from cinelake.config import apply_dotenv, load_settings
from cinelake.orchestration.automation import automation, daily_job
from cinelake.orchestration.dbt import dbt_definitions
from cinelake.orchestration.project import (
    PROJECT_DIR,
    apply_environment,
    dbt_executable,
    prepare_manifest,
)
from cinelake.orchestration.raw import daily_partitions, raw_loads
from cinelake.orchestration.report import report_asset
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.orchestration.tmdb import tmdb_responses


def build_definitions() -> Definitions:
    apply_dotenv()
    settings = load_settings()
    apply_environment(settings)
    manifest = prepare_manifest(settings)
    partitions = daily_partitions(settings)
    job = daily_job(partitions)
    return Definitions(
        assets=[
            raw_loads(settings),
            *dbt_definitions(settings, manifest),
            tmdb_responses,
            report_asset(manifest),
        ],
        jobs=[job],
        schedules=[automation(settings, job)[0]],
        sensors=[automation(settings, job)[1]],
        resources={
            "cinelake": CinelakeSettings(),
            "dbt": DbtCliResource(
                project_dir=str(PROJECT_DIR),
                profiles_dir=str(PROJECT_DIR),
                dbt_executable=dbt_executable(),
            ),
        },
    )


defs = build_definitions()
