"""The settings as a Dagster resource: read once per run from the process environment
(and `.env`), exactly as `cinelake` reads them."""

from __future__ import annotations

from dagster import ConfigurableResource

from cinelake.config import Settings, apply_dotenv, load_settings


class CinelakeSettings(ConfigurableResource):  # type: ignore[misc]
    """The one settings object; its values come from the environment, not from run config."""

    def get(self) -> Settings:
        apply_dotenv()
        return load_settings()
