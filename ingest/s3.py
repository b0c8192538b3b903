"""One way to build an S3 client for the configured lake."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from cinelake.config import Settings

# "standard" mode retries throttling, 5xx and connection errors with backoff.
RETRIES = {"max_attempts": 8, "mode": "standard"}


def make_client(settings: Settings, **config: Any) -> Any:
    """An S3 client; on AWS, boto3's standard credential chain supplies the keys."""
    options: dict[str, Any] = {"retries": RETRIES, "connect_timeout": 10, "read_timeout": 120}
    if settings.is_local:
        options["s3"] = {"addressing_style": "path"}
    options.update(config)
    return boto3.client(
        "s3",
        endpoint_url=settings.endpoint,
        region_name=settings.region,
        aws_access_key_id=settings.access_key,
        aws_secret_access_key=settings.secret_key,
        config=Config(**options),
    )


def error_code(exc: Exception) -> str:
    """The S3 error code of a botocore ClientError ('' for anything else)."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
