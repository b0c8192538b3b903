"""Test helper: land TMDB records in the Raw zone as the TMDB client does.

The client is not part of the warehouse side; this writes the landing format its models
read, so that the tests (and a manual check) can build on TMDB data:
`Raw/TMDB/JSON/YYYY/MM/DD/<run_id>-<batch:05d>.json`, each a JSON array of at most 100
records `{imdb_id, media_type, tmdb_id, endpoint, status, outcome, fetched_at, body}`,
and one run manifest under `Raw/TMDB/JSON/_manifests/YYYY/MM/DD/<run_id>.json`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ingest.schema import DELIMITER

PROJECT = Path(__file__).resolve().parents[2]
TMDB_PREFIX = str(
    yaml.safe_load((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"][
        "raw_tmdb_prefix"
    ]
)
BATCH_RECORDS = 100
NOT_FOUND_BODY = {
    "success": False,
    "status_code": 34,
    "status_message": "The resource you requested could not be found.",
}
EMPTY_FIND = {
    "movie_results": [],
    "person_results": [],
    "tv_results": [],
    "tv_episode_results": [],
    "tv_season_results": [],
}


def stamp(moment: datetime) -> str:
    """`fetched_at` as the client writes it: ISO 8601, microseconds, Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fetched(imdb_id: str, media_type: str, body: dict[str, Any], at: datetime) -> dict[str, Any]:
    """The record of a details body."""
    return {
        "imdb_id": imdb_id,
        "media_type": media_type,
        "tmdb_id": body["id"],
        "endpoint": f"/3/{media_type}/{body['id']}",
        "status": 200,
        "outcome": "fetched",
        "fetched_at": stamp(at),
        "body": body,
    }


def not_found(imdb_id: str, at: datetime, status: int = 200) -> dict[str, Any]:
    """The record of a title TMDB does not know: an empty find (200) or a 404 error."""
    return {
        "imdb_id": imdb_id,
        "media_type": None,
        "tmdb_id": None,
        "endpoint": f"/3/find/{imdb_id}",
        "status": status,
        "outcome": "not_found",
        "fetched_at": stamp(at),
        "body": EMPTY_FIND if status == 200 else NOT_FOUND_BODY,
    }


def csv_title_ids(*paths: Path) -> list[str]:
    """The distinct title ids of IMDb CSVs (a sample's files): what the client looks up."""
    ids: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            ids.update(row["id"] for row in csv.DictReader(handle, delimiter=DELIMITER))
    return sorted(ids)


def records_from_responses(
    tmdb_dir: Path, imdb_ids: Iterable[str], at: datetime
) -> list[dict[str, Any]]:
    """What the client would land for `imdb_ids` against the fake server serving
    `tmdb_dir` (`cinelake sample`'s `<out>/tmdb`): the details of each title found."""
    records = []
    for imdb_id in imdb_ids:
        find = tmdb_dir / "find" / f"{imdb_id}.json"
        if not find.exists():
            records.append(not_found(imdb_id, at))
            continue
        body = json.loads(find.read_text(encoding="utf-8"))
        media = "movie" if body["movie_results"] else "tv"
        tmdb_id = body[f"{media}_results"][0]["id"]
        details = json.loads((tmdb_dir / media / f"{tmdb_id}.json").read_text(encoding="utf-8"))
        records.append(fetched(imdb_id, media, details, at))
    return records


def land_records(
    s3: Any,
    bucket: str,
    records: list[dict[str, Any]],
    day: date,
    run_id: str,
    batch_records: int = BATCH_RECORDS,
) -> list[str]:
    """Land `records` as one client run on `day`: batches of at most `batch_records`,
    then the run's manifest. Returns the batch keys."""
    folder = f"{TMDB_PREFIX}/{day:%Y/%m/%d}"
    keys = []
    for batch, start in enumerate(range(0, len(records), batch_records), start=1):
        key = f"{folder}/{run_id}-{batch:05d}.json"
        body = json.dumps(records[start : start + batch_records], ensure_ascii=False)
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode("utf-8"))
        keys.append(key)
    manifest = {"run_id": run_id, "batches": keys, "records": len(records)}
    s3.put_object(
        Bucket=bucket,
        Key=f"{TMDB_PREFIX}/_manifests/{day:%Y/%m/%d}/{run_id}.json",
        Body=json.dumps(manifest).encode("utf-8"),
    )
    return keys
