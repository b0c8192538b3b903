"""TMDB's API as the client uses it: endpoints, answers and the client's errors.

The client's settings are the settings' TMDB section (cinelake/config/tmdb.py):
credentials from the environment or `.env`, a v4 read access token (`TMDB_READ_TOKEN`,
sent as `Authorization: Bearer`) or a v3 key (`TMDB_API_KEY`, which TMDB only accepts
as the `api_key` query parameter). Both are secrets in the settings' list, so the log
filter masks them; no URL is ever logged.
"""

from __future__ import annotations

import json
import re
from typing import Any

IMDB_ID = re.compile(r"tt\d{7,10}")
MEDIA_TYPES = ("movie", "tv")  # what /3/find can answer with that has details here
FIND_PARAMS = {"external_source": "imdb_id"}


class TmdbAuthError(Exception):
    """TMDB refused the credentials (401): no later request would succeed either."""


class EnrichInterrupted(Exception):
    """The run was stopped by a signal; what was fetched has landed."""


def find_path(imdb_id: str) -> str:
    if not IMDB_ID.fullmatch(imdb_id):
        raise ValueError(f"not an IMDb title id: {imdb_id!r}")
    return f"/3/find/{imdb_id}"


def details_path(media_type: str, tmdb_id: int) -> str:
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"not a TMDB media type with details: {media_type!r}")
    return f"/3/{media_type}/{int(tmdb_id)}"


def find_match(body: Any) -> tuple[str, int] | None:
    """The (media type, TMDB id) an IMDb id resolves to in a find body, or None.

    A title id names one movie or one series; should TMDB list both, the movie wins, as
    the IMDb id of a movie is what the find was most often asked about.
    """
    if not isinstance(body, dict):
        raise ValueError("the find body is not a JSON object")
    for media_type in MEDIA_TYPES:
        results = body.get(f"{media_type}_results")
        if results:
            tmdb_id = results[0].get("id") if isinstance(results[0], dict) else None
            if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool):
                raise ValueError(f"the first of {media_type}_results has no integer id")
            return media_type, tmdb_id
    return None


def parse_json(body: bytes) -> Any:
    """The JSON value of a body, which must be UTF-8: it is landed inside a UTF-8 file."""
    return json.loads(body.decode("utf-8"))
