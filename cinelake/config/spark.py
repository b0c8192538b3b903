"""The Spark section of the settings (`CINELAKE_ENGINE=spark`): dbt's `spark` target
reads the session's values through `env_var`; cinelake reads where the mirror is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cinelake.config.variables import default


@dataclass(frozen=True)
class SparkSettings:
    master: str = default("CINELAKE_SPARK_MASTER")
    driver_memory: str = default("CINELAKE_SPARK_DRIVER_MEMORY")
    shuffle_partitions: str = default("CINELAKE_SPARK_SHUFFLE_PARTITIONS")
    mirror: Path | None = None  # None: <lake dir>/spark/mirror

    @classmethod
    def read(cls, env: Mapping[str, str]) -> SparkSettings:
        mirror = env.get("CINELAKE_SPARK_MIRROR")
        return cls(
            master=env.get("CINELAKE_SPARK_MASTER", cls.master),
            driver_memory=env.get("CINELAKE_SPARK_DRIVER_MEMORY", cls.driver_memory),
            shuffle_partitions=env.get("CINELAKE_SPARK_SHUFFLE_PARTITIONS", cls.shuffle_partitions),
            mirror=Path(mirror).absolute() if mirror else None,
        )
