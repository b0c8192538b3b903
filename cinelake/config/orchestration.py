"""The orchestration section of the settings: where the Dagster code location finds the
daily deliveries, when its schedule runs, and where its instance keeps its runs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cinelake.config.errors import ConfigError
from cinelake.config.variables import default

DEFAULT_INBOX = default("CINELAKE_INBOX")
DEFAULT_FIRST_DAY = date.fromisoformat(default("CINELAKE_FIRST_LOAD_DATE"))
DEFAULT_SCHEDULE_TIME = default("CINELAKE_SCHEDULE_TIME")
DEFAULT_TIMEZONE = default("CINELAKE_SCHEDULE_TIMEZONE")


@dataclass(frozen=True)
class OrchestrationSettings:
    inbox: Path = Path(DEFAULT_INBOX)  # DIR/YYYY-MM-DD/movies.csv, series.csv
    first_day: date = DEFAULT_FIRST_DAY  # the first daily partition
    schedule_time: str = DEFAULT_SCHEDULE_TIME  # HH:MM
    timezone: str = DEFAULT_TIMEZONE
    dagster_home: Path | None = None  # None: <lake dir>/dagster

    @property
    def cron(self) -> str:
        """The schedule's time of day as a cron expression (minute hour * * *)."""
        hour, minute = self.schedule_time.split(":")
        return f"{int(minute)} {int(hour)} * * *"

    @classmethod
    def read(cls, env: Mapping[str, str]) -> OrchestrationSettings:
        first = env.get("CINELAKE_FIRST_LOAD_DATE") or default("CINELAKE_FIRST_LOAD_DATE")
        try:
            first_day = date.fromisoformat(first)
        except ValueError:
            raise ConfigError(
                f"CINELAKE_FIRST_LOAD_DATE must be a date YYYY-MM-DD, not {first!r}"
            ) from None
        at = env.get("CINELAKE_SCHEDULE_TIME") or DEFAULT_SCHEDULE_TIME
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", at)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ConfigError(f"CINELAKE_SCHEDULE_TIME must be a time of day HH:MM, not {at!r}")
        timezone = env.get("CINELAKE_SCHEDULE_TIMEZONE") or DEFAULT_TIMEZONE
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"CINELAKE_SCHEDULE_TIMEZONE must be an IANA time zone, not {timezone!r}"
            ) from None
        home = env.get("DAGSTER_HOME")
        return cls(
            inbox=Path(env.get("CINELAKE_INBOX") or DEFAULT_INBOX).absolute(),
            first_day=first_day,
            schedule_time=at,
            timezone=timezone,
            dagster_home=Path(home).absolute() if home else None,
        )
