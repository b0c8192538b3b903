"""The dbt-duckdb plugin of the project (profiles.yml `plugins:`): SQL functions that the
build's macros call on dbt's own DuckDB connection.

`cinelake_publish(spec)` publishes a build's staged Iceberg tables
(cinelake/warehouse/publish.py): the one step of a build that DuckDB's SQL cannot do
without growing the tables (see there). It takes the JSON the macro
`publish_staged_tables` writes and returns the publication log rows as JSON.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

log = logging.getLogger(__name__)


def cinelake_publish(spec: str) -> str:
    from cinelake.config import load_settings
    from cinelake.warehouse.publish import publish, releases_from_json

    build_id, engine, releases = releases_from_json(spec)
    rows = publish(load_settings(), build_id, engine, releases)
    return json.dumps(rows, default=str)


class Plugin(BasePlugin):
    def configure_connection(self, conn: Any) -> None:
        conn.create_function(
            "cinelake_publish", cinelake_publish, ["VARCHAR"], "VARCHAR", side_effects=True
        )
