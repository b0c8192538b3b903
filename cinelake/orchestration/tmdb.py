"""TMDB enrichment as an asset: `enrich`, the code `cinelake enrich` runs, with a retry
policy for the API's bad moments. As `cinelake run` does: with a key, the real API; with
none, the sample's own bodies (`<inbox>/tmdb/`) served on loopback while it runs, when
the tools are installed (`cinelake run`'s own command line); else nothing is fetched and
the step says why.

It reads the focus titles of the last published `refined.dim_titles`, and dim_titles
reads what it lands: declaring dim_titles upstream would be a cycle, so it is declared
downstream of the Trusted titles that dim_titles is made of."""

import subprocess
import sys

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Backoff,
    Failure,
    MaterializeResult,
    RetryPolicy,
    asset,
)

from cinelake.config import Settings
from cinelake.orchestration.resources import CinelakeSettings
from cinelake.pipeline.plan import SAMPLE_SERVER_RATE, TMDB_FOLDER
from cinelake.tmdb.run import enrich
from cinelake.warehouse.published import PublishedError, open_published

RESPONSES_KEY = AssetKey(["tmdb", "responses"])
NO_KEY = "no TMDB key (set TMDB_READ_TOKEN or TMDB_API_KEY) and no sample bodies"
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


def _sample_command(settings: Settings) -> list[str] | None:
    """With no key: `cinelake run`'s own enrich step on the sample's bodies
    (`tmdb-serve --responses DIR -- enrich`), when the inbox has them and the tools that
    serve them are installed; else None."""
    from cinelake.cli import command_names

    responses = settings.orchestration.inbox / TMDB_FOLDER
    if not responses.is_dir() or "tmdb-serve" not in command_names():
        return None
    enrich_step = ["enrich", "--rate", str(SAMPLE_SERVER_RATE)]
    return ["tmdb-serve", "--responses", str(responses), "--", *enrich_step]


@asset(
    key=RESPONSES_KEY,
    deps=[TITLES_KEY],
    group_name="tmdb",
    description="TMDB details of the focus titles not yet landed, in Raw/TMDB",
    retry_policy=RetryPolicy(max_retries=3, delay=10, backoff=Backoff.EXPONENTIAL),
)
def tmdb_responses(context: AssetExecutionContext, cinelake: CinelakeSettings) -> MaterializeResult:
    settings = cinelake.get()
    if not _focus_titles_published(settings):
        return _skipped(context, "no published refined.dim_titles yet (the next run enriches)")
    if not settings.has_tmdb_key:
        command = _sample_command(settings)
        if command is None:
            return _skipped(context, NO_KEY)
        context.log.info("enrich: no TMDB key: the TMDB responses come from the sample")
        done = subprocess.run([sys.executable, "-m", "cinelake.cli", *command], check=False)
        if done.returncode:
            raise Failure(f"cinelake {' '.join(command)} failed (exit {done.returncode})")
        return MaterializeResult(metadata={"source": "the sample's TMDB bodies"})
    result = enrich(settings, settings.tmdb)
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


def _skipped(context: AssetExecutionContext, reason: str) -> MaterializeResult:
    context.log.info("enrich: skipped: %s", reason)
    return MaterializeResult(metadata={"fetched": 0, "skipped": reason})
