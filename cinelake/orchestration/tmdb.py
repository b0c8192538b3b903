"""TMDB enrichment as an asset: `enrich`, the code `cinelake enrich` runs, with a retry
policy for the API's bad moments. As `cinelake run` does: with a key, the real API; with
none, the sample's own bodies (`<inbox>/tmdb/`) served on loopback while it runs, when
the tools are installed; else nothing is fetched and the step says why.

It reads the focus titles of the last published `refined.dim_titles`, and dim_titles
reads what it lands: declaring dim_titles upstream would be a cycle, so it is declared
downstream of the Trusted titles that dim_titles is made of."""

import importlib.util
import secrets
from contextlib import ExitStack

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Backoff,
    MaterializeResult,
    RetryPolicy,
    asset,
)

from cinelake.config import Settings, TmdbSettings
from cinelake.logs import mask_also
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.pipeline.plan import SAMPLE_SERVER_RATE, TMDB_FOLDER
from cinelake.tmdb.run import enrich
from cinelake.warehouse.published import PublishedError, open_published

RESPONSES_KEY = AssetKey(["tmdb", "responses"])
TITLES_KEY = AssetKey(["trusted", "titles"])


def _focus_titles_published(settings: Settings) -> bool:
    """Whether `refined.dim_titles` is published: before the first build there are no
    focus titles to look up (`cinelake run` builds once before it enriches; here the
    first run's second half builds them, and the next run enriches)."""
    try:
        con = open_published(settings)
    except PublishedError:
        return False
    try:
        found = con.execute(
            "select count(*) from duckdb_tables() where database_name = 'lake'"
            " and schema_name = 'refined' and table_name = 'dim_titles'"
        ).fetchone()
        return bool(found and found[0])
    finally:
        con.close()


def _tmdb(settings: Settings, stack: ExitStack) -> tuple[TmdbSettings | None, str]:
    """The TMDB to ask, and where it is; None when there is none."""
    if settings.has_tmdb_key:
        return settings.tmdb, settings.tmdb.base_url
    responses = settings.orchestration.inbox / TMDB_FOLDER
    if responses.is_dir() and importlib.util.find_spec("cinelake_tools"):
        from cinelake_tools.tmdb_server import FakeTmdb

        token = secrets.token_hex(16)  # this run's alone, never shown
        mask_also(token)
        server = stack.enter_context(FakeTmdb(responses, token))
        fake = settings.tmdb.with_overrides(
            base_url=server.base_url, read_token=token, api_key=None, rate=SAMPLE_SERVER_RATE
        )
        return fake, f"the sample's bodies in {responses}"
    return None, "no TMDB key (set TMDB_READ_TOKEN or TMDB_API_KEY) and no sample bodies"


@asset(
    key=RESPONSES_KEY,
    deps=[TITLES_KEY],
    group_name="tmdb",
    description="TMDB details of the focus titles not yet landed, in Raw/TMDB",
    retry_policy=RetryPolicy(max_retries=3, delay=10, backoff=Backoff.EXPONENTIAL),
)
def tmdb_responses(context: AssetExecutionContext, cinelake: CinelakeSettings) -> MaterializeResult:
    settings = cinelake.get()
    with ExitStack() as stack:
        tmdb, source = _tmdb(settings, stack)
        if tmdb is not None and not _focus_titles_published(settings):
            tmdb, source = None, "no published refined.dim_titles yet (the next run enriches)"
        if tmdb is None:
            context.log.info("enrich: skipped: %s", source)
            return MaterializeResult(metadata={"fetched": 0, "skipped": source})
        context.log.info("enrich: TMDB answers from %s", source)
        result = enrich(settings, tmdb)
    return MaterializeResult(
        metadata={
            "status": result.status,
            "ids": result.selected,
            "fetched": result.tally.fetched,
            "not_found": result.tally.not_found,
            "failed": len(result.tally.failures),
            "manifest": f"s3://{settings.bucket}/{result.manifest_key}",
        }
    )
