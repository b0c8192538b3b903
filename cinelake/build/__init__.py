"""`cinelake build`: the daily dbt build, doing only what new Raw files call for."""

from cinelake.build.daily import BuildError, build

__all__ = ["BuildError", "build"]
