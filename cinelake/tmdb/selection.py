"""Which IMDb ids a run fetches: the candidates, less what the Raw zone already holds.

Candidates are the warehouse's focus titles (`refined.dim_titles` where `is_focus`), all
its titles, or ids given explicitly. What has landed is read from the Raw TMDB objects
themselves, not from a manifest or a local file: a run that was interrupted, or that
ran on another machine, is seen as soon as its batches exist, so nothing is fetched
twice. With `refresh_days`, titles whose newest record is older than that are due again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cinelake.config import ConfigError, Settings
from cinelake.tmdb.api import IMDB_ID
from cinelake.tmdb.landing import BATCH_KEY, RAW_PREFIX
from cinelake.warehouse import connect
from cinelake.warehouse.published import PublishedError, open_published

log = logging.getLogger(__name__)


def landed_batches(client: Any, bucket: str) -> list[str]:
    """The s3:// URLs of every batch object in the Raw TMDB zone (no manifests)."""
    urls = []
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=RAW_PREFIX + "/"
    ):
        for obj in page.get("Contents", []):
            if BATCH_KEY.fullmatch(obj["Key"]):
                urls.append(f"s3://{bucket}/{obj['Key']}")
    return urls


# The newest `fetched_at` per landed imdb_id, reading only those two fields of each record.
# A details body is a few kB; the 64 MiB object size only keeps an odd one from failing.
LANDED = (
    "select imdb_id, max(fetched_at) as newest from read_json($files, format='array', "
    "columns={'imdb_id': 'VARCHAR', 'fetched_at': 'TIMESTAMPTZ'}, "
    "maximum_object_size=67108864) group by imdb_id"
)
# DuckDB refuses an empty file list: no files yet, nothing landed.
NOTHING_LANDED = "select null::varchar as imdb_id, null::timestamptz as newest where false"
CANDIDATES = {
    "ids": "select unnest($ids::varchar[]) as title_id",
    "focus": "select title_id from refined.dim_titles where is_focus",
    "all": "select title_id from refined.dim_titles",
}
PENDING = (
    "with candidates as ({candidates}), landed as ({landed}) "
    "select distinct c.title_id from candidates as c "
    "left join landed as l on l.imdb_id = c.title_id "
    "where l.imdb_id is null or l.newest < $cutoff order by c.title_id limit $limit"
)


def _pending(
    con: Any,
    candidates: str,
    urls: Sequence[str],
    cutoff: datetime | None,
    limit: int | None,
    ids: Sequence[str] | None = None,
) -> list[str]:
    # Only the constant texts above are put together; every value is a parameter.
    query = PENDING.format(
        candidates=CANDIDATES[candidates], landed=LANDED if urls else NOTHING_LANDED
    )
    params: dict[str, Any] = {"cutoff": cutoff, "limit": limit}
    if urls:
        params["files"] = list(urls)
    if ids is not None:
        params["ids"] = list(ids)
    return [row[0] for row in con.execute(query, params).fetchall()]


def select_ids(
    settings: Settings,
    client: Any,
    now: datetime,
    ids: Sequence[str] | None = None,
    everything: bool = False,
    limit: int | None = None,
    refresh_days: float | None = None,
) -> list[str]:
    """The ids this run fetches, sorted, at most `limit`."""
    if ids is not None:
        bad = [i for i in ids if not IMDB_ID.fullmatch(i)]
        if bad:
            raise ConfigError(f"not IMDb title ids (ttNNNNNNN): {', '.join(bad[:5])}")
    urls = landed_batches(client, settings.bucket)
    cutoff = now - timedelta(days=refresh_days) if refresh_days is not None else None
    log.info("%d TMDB batch file(s) already in s3://%s/%s", len(urls), settings.bucket, RAW_PREFIX)
    if ids is not None:
        # No warehouse needed: an in-memory DuckDB with the lake's S3 access.
        con = connect(settings, read_only=False, database=Path(":memory:"))
        try:
            return _pending(con, "ids", urls, cutoff, limit, ids)
        finally:
            con.close()
    try:
        con = open_published(settings)
    except PublishedError as exc:
        raise ConfigError(f"{exc}; or pass --ids") from None
    try:
        return _pending(con, "all" if everything else "focus", urls, cutoff, limit)
    finally:
        con.close()
