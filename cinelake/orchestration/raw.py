"""The Raw loads: one daily partition per delivery in the inbox, landed by `ingest`, the
code `cinelake ingest` runs. Their keys are the dbt sources' (`imdb/movies`,
`imdb/series`, `ingest/manifests`), so the lineage runs on into the models."""

from datetime import date

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    BackfillPolicy,
    DailyPartitionsDefinition,
    Failure,
    MaterializeResult,
    multi_asset,
)

from cinelake.config import Settings
from cinelake.orchestration.resources import CinelakeSettings
from ingest.inbox import day_files
from ingest.landing import LandingError
from ingest.run_ingest import ingest
from ingest.schema import MOVIES, SERIES
from ingest.validate import ValidationError

MOVIES_KEY = AssetKey(["imdb", "movies"])
SERIES_KEY = AssetKey(["imdb", "series"])
MANIFESTS_KEY = AssetKey(["ingest", "manifests"])
RAW_GROUP = "raw"


def daily_partitions(settings: Settings) -> DailyPartitionsDefinition:
    """One partition per load date, from the first one the settings name; dates are
    calendar days of the deliveries, so no time zone shifts them."""
    return DailyPartitionsDefinition(start_date=settings.orchestration.first_day.isoformat())


def land_day(settings: Settings, day: date) -> dict[str, str]:
    """Land one day's folder of the inbox; a bad file raises its one-line error."""
    files = day_files(settings.orchestration.inbox, day)
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise Failure(f"{day}: not in the inbox: {', '.join(missing)}")
    try:
        result = ingest(settings, files, day)
    except (ValidationError, LandingError) as exc:
        # the one line `cinelake ingest` prints, as the step's failure
        raise Failure(str(exc), allow_retries=False) from None
    return {landed.key: landed.status for landed in result.results}


def raw_loads(settings: Settings):  # noqa: ANN201 - a Dagster assets definition
    @multi_asset(
        name="raw_loads",
        specs=[
            AssetSpec(MOVIES_KEY, description="movies.csv of each daily load, in the Raw zone"),
            AssetSpec(SERIES_KEY, description="series.csv of each daily load, in the Raw zone"),
            AssetSpec(MANIFESTS_KEY, description="the run manifest of each load"),
        ],
        group_name=RAW_GROUP,
        partitions_def=daily_partitions(settings),
        # a backfill of missed days is one run that lands them in date order
        backfill_policy=BackfillPolicy.single_run(),
    )
    def _raw_loads(context: AssetExecutionContext, cinelake: CinelakeSettings):  # noqa: ANN202
        current = cinelake.get()
        landed: dict[str, str] = {}
        for key in sorted(context.partition_keys):
            context.log.info("landing the %s load of %s", key, current.orchestration.inbox)
            landed |= land_day(current, date.fromisoformat(key))
        for asset_key, kind in ((MOVIES_KEY, MOVIES), (SERIES_KEY, SERIES)):
            objects = {k: v for k, v in landed.items() if kind.file_name in k}
            yield MaterializeResult(asset_key=asset_key, metadata={"objects": objects})
        yield MaterializeResult(
            asset_key=MANIFESTS_KEY, metadata={"days": len(context.partition_keys)}
        )

    return _raw_loads
