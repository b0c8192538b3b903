"""The one error a bad setting raises."""


class ConfigError(Exception):
    """A setting is missing or malformed."""
