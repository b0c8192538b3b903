"""What starts a run: the daily schedule, and a sensor on the inbox's day folders. Both
run the daily job for one load date: land it, build what it calls for, enrich, build
the rest, write the report. A day whose files are bad fails in its Raw step, so nothing
downstream runs for it; the other days' runs are their own."""

from datetime import date
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)
from dagster._core.definitions.unresolved_asset_job_definition import (
    UnresolvedAssetJobDefinition,
)

from cinelake.config import Settings
from ingest.inbox import day_files

DAILY_JOB = "daily"


def daily_job() -> UnresolvedAssetJobDefinition:
    """Every asset; its partitions are the Raw loads' (the rest is not partitioned)."""
    return define_asset_job(
        DAILY_JOB,
        selection=AssetSelection.all(),
        description="land one day of the inbox, build, enrich, build, write the report",
    )


def inbox_days(inbox: Path, first: date) -> list[date]:
    """The complete day folders of the inbox (both files there), oldest first."""
    days = []
    for folder in sorted(inbox.glob("????-??-??")) if inbox.is_dir() else []:
        try:
            day = date.fromisoformat(folder.name)
        except ValueError:
            continue
        if day >= first and all(path.is_file() for path in day_files(inbox, day).values()):
            days.append(day)
    return days


def automation(
    settings: Settings, job: UnresolvedAssetJobDefinition
) -> tuple[ScheduleDefinition, SensorDefinition]:
    """The daily schedule and the inbox sensor of `job`."""
    inbox, first = settings.orchestration.inbox, settings.orchestration.first_day

    @schedule(
        job=job,
        cron_schedule=settings.orchestration.cron,
        execution_timezone=settings.orchestration.timezone,
        default_status=DefaultScheduleStatus.STOPPED,
        description=f"at {settings.orchestration.schedule_time} {settings.orchestration.timezone}:"
        " the day's load from the inbox",
    )
    def daily_schedule(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
        day = context.scheduled_execution_time.date()
        if day not in inbox_days(inbox, first):
            return SkipReason(f"no complete {day} folder in {inbox} yet")
        return RunRequest(run_key=f"schedule-{day}", partition_key=day.isoformat())

    @sensor(
        job=job,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED,
        description=f"a run for each new day folder in {inbox}",
    )
    def inbox_sensor(context: SensorEvaluationContext) -> list[RunRequest] | SkipReason:
        # run_key: a day already requested is never requested again
        days = inbox_days(inbox, first)
        if not days:
            return SkipReason(f"no complete day folder in {inbox}")
        return [RunRequest(run_key=day.isoformat(), partition_key=day.isoformat()) for day in days]

    return daily_schedule, inbox_sensor
