"""The local S3 lake and its Iceberg catalog: a SeaweedFS server on 127.0.0.1 (see
`cinelake.lake.server`)."""

from cinelake.lake.server import (
    LOOPBACK,
    LakeError,
    LakeStatus,
    catalog_answers,
    catalog_url,
    down,
    ensure_table_bucket,
    serve,
    status,
    up,
    weed_binary,
    weed_command,
)

__all__ = [
    "LOOPBACK",
    "LakeError",
    "LakeStatus",
    "catalog_answers",
    "catalog_url",
    "down",
    "ensure_table_bucket",
    "serve",
    "status",
    "up",
    "weed_binary",
    "weed_command",
]
