"""The Dagster instance of the local lake: `<lake dir>/dagster` (DAGSTER_HOME), SQLite
storage (Dagster's default, nothing to install), telemetry off, one run at a time."""

from __future__ import annotations

import os
from pathlib import Path

from cinelake.config import Settings

# Runs queue one at a time: two daily builds would meet at the warehouse's build lock,
# and the second would fail instead of waiting.
DAGSTER_YAML = """\
# Written by cinelake (cinelake/orchestration/instance.py); storage is SQLite in this folder.
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
"""


def prepare_instance(settings: Settings) -> Path:
    """Create DAGSTER_HOME with its dagster.yaml, and point this process (and the
    `dagster` children it starts) at it, telemetry off."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.is_file() or config.read_text(encoding="utf-8") != DAGSTER_YAML:
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "true"
    return home
