"""The settings object and the variables it is read from."""

from cinelake.config.errors import ConfigError
from cinelake.config.orchestration import OrchestrationSettings
from cinelake.config.settings import (
    CATALOG_PORT_OFFSET,
    DEFAULT_CATALOG_WAREHOUSE,
    DEFAULT_S3_PORT,
    DEV_ACCESS_KEY,
    DEV_SECRET_KEY,
    CatalogSettings,
    Settings,
    apply_dotenv,
    load_settings,
    read_dotenv,
)
from cinelake.config.spark import SparkSettings
from cinelake.config.tmdb import TmdbSettings

__all__ = [
    "CATALOG_PORT_OFFSET",
    "DEFAULT_CATALOG_WAREHOUSE",
    "DEFAULT_S3_PORT",
    "DEV_ACCESS_KEY",
    "DEV_SECRET_KEY",
    "CatalogSettings",
    "ConfigError",
    "OrchestrationSettings",
    "Settings",
    "SparkSettings",
    "TmdbSettings",
    "apply_dotenv",
    "load_settings",
    "read_dotenv",
]
