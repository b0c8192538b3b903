"""The code location: `dagster dev -m cinelake.orchestration.definitions` (`make
orchestrate`), or `dagster definitions validate` with the same module.

The definitions are made when Dagster loads them (`@definitions`), not on import: the
settings are read then, and the dbt manifest parsed, so a test can import this module
and build them against its own lake."""

from __future__ import annotations

from dagster import Definitions, definitions
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
from cinelake.orchestration.raw import raw_loads
from cinelake.orchestration.report import report_asset
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.orchestration.tmdb import tmdb_responses


@definitions
def defs() -> Definitions:
    apply_dotenv()
    settings = load_settings()
    apply_environment(settings)
    manifest = prepare_manifest(settings)
    job = daily_job()
    daily_schedule, inbox_sensor = automation(settings, job)
    return Definitions(
        assets=[
            raw_loads(settings),
            *dbt_definitions(manifest),
            tmdb_responses,
            report_asset(manifest),
        ],
        jobs=[job],
        schedules=[daily_schedule],
        sensors=[inbox_sensor],
        resources={
            "cinelake": CinelakeSettings(),
            "dbt": DbtCliResource(
                project_dir=str(PROJECT_DIR),
                profiles_dir=str(PROJECT_DIR),
                dbt_executable=dbt_executable(),
            ),
        },
    )
