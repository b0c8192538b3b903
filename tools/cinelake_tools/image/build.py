"""`cinelake image`: build the image with podman, exercise it in the build, scan it.

`podman run` fails on the build machines (crun refuses the cgroup setup) but `RUN` steps
under chroot isolation work, so the Dockerfile's `check` stage runs the pipeline on a
sample inside the build, as the image's user, against a lake on the host network. The
lake's settings reach that one step as a build secret: an `.env` file mounted for the
step only. Afterwards the saved images are scanned for that file and its values.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cinelake.config import DEV_SECRET_KEY, Settings
from cinelake.warehouse.profile import PROJECT_ROOT
from cinelake_tools.image.base import BASE_IMAGE, ensure_base_image
from cinelake_tools.image.scan import scan_archive
from ingest.s3 import make_client

log = logging.getLogger(__name__)

DEFAULT_TAG = "localhost/cinelake:latest"
UID = 10001  # the Dockerfile's ARG UID
# The host's CA bundle: registries are reached through TLS only it trusts. Mounted
# read-only for the build's steps, never copied into a layer.
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
# Marks the check's secret file; the check step refuses to run without it.
CHECK_MARK = "CINELAKE_IMAGE_CHECK"


class ImageError(Exception):
    """The image could not be built, or failed its checks."""


def _podman_build(args: list[str], context: Path) -> None:
    command = [
        "podman",
        "build",
        "--isolation=chroot",
        "--network=host",
        "--layers",
        *(["--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro"] if CA_BUNDLE.is_file() else []),
        *args,
        str(context),
    ]
    log.info("%s", " ".join(command))
    if subprocess.run(command, check=False).returncode != 0:
        raise ImageError("podman build failed (its output is above)")


def _inspect(image: str) -> dict[str, Any]:
    import json

    out = subprocess.run(
        ["podman", "image", "inspect", image], check=True, capture_output=True, text=True
    ).stdout
    config: dict[str, Any] = json.loads(out)[0].get("Config", {})
    return config


def _lake_credentials(settings: Settings) -> dict[str, str]:
    """The standard AWS variables that reach the lake from inside the build."""
    if settings.is_local:
        return {
            "AWS_ACCESS_KEY_ID": settings.access_key or "",
            "AWS_SECRET_ACCESS_KEY": settings.secret_key or "",
        }
    import boto3

    found = boto3.Session().get_credentials()
    if found is None:
        raise ImageError("no AWS credentials for the image check (the standard AWS chain)")
    frozen = found.get_frozen_credentials()
    return {
        "AWS_ACCESS_KEY_ID": frozen.access_key,
        "AWS_SECRET_ACCESS_KEY": frozen.secret_key,
        **({"AWS_SESSION_TOKEN": frozen.token} if frozen.token else {}),
    }


@contextmanager
def _check_bucket(settings: Settings) -> Iterator[str]:
    """A bucket of this check's own, emptied and removed afterwards."""
    client = make_client(settings)
    bucket = f"{settings.bucket}-image-check-{secrets.token_hex(3)}"
    client.create_bucket(Bucket=bucket)
    try:
        yield bucket
    finally:
        paginator = client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=bucket):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
        client.delete_bucket(Bucket=bucket)


def _check_env(settings: Settings, bucket: str, mark: str) -> dict[str, str]:
    endpoint = settings.endpoint
    return {
        CHECK_MARK: mark,
        "CINELAKE_LAKE": "aws",
        "CINELAKE_BUCKET": bucket,
        "AWS_REGION": settings.region or "us-east-1",
        **({"AWS_ENDPOINT_URL_S3": endpoint} if endpoint else {}),
        **_lake_credentials(settings),
    }


def _write_secret_file(directory: Path, values: dict[str, str]) -> Path:
    path = directory / "lake.env"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in values.items())
    return path


def _scan(image: str, directory: Path, values: list[str], *, files: bool) -> None:
    archive = directory / "image.tar"
    subprocess.run(
        ["podman", "save", "--quiet", "--format", "docker-archive", "-o", str(archive), image],
        check=True,
    )
    try:
        result = scan_archive(archive, values)
    finally:
        archive.unlink()
    if result.secrets_found:
        raise ImageError(f"{image}: {result.secrets_found} secret value(s) found in its layers")
    if files and result.secret_files:
        raise ImageError(f"{image}: secret files in its layers: {result.secret_files}")
    log.info("scanned %s: no secret file, none of %d secret values", image, len(values))


def verify_runtime_config(image: str) -> None:
    """Non-root, the CLI as entry point, no credential in its environment."""
    config = _inspect(image)
    if config.get("User") != f"{UID}:{UID}":
        raise ImageError(f"{image} runs as {config.get('User')!r}, not {UID}:{UID}")
    if config.get("Entrypoint") != ["cinelake"]:
        raise ImageError(f"{image}: entry point {config.get('Entrypoint')!r}, not cinelake")
    names = [entry.partition("=")[0] for entry in config.get("Env", [])]
    leaked = [n for n in names if any(w in n for w in ("SECRET", "TOKEN", "PASSWORD", "KEY"))]
    if leaked:
        raise ImageError(f"{image}: credential variables in its environment: {leaked}")


def make_image(
    settings: Settings,
    tag: str = DEFAULT_TAG,
    base_image: str | None = None,
    check: bool = True,
    context: Path = PROJECT_ROOT,
) -> str:
    """Build `tag` (on an offline Debian base unless `base_image`), run its in-build
    checks against the configured lake, and scan it; returns the tag."""
    for program in ("podman", *(() if base_image else ("mmdebstrap",))):
        if not shutil.which(program):
            raise ImageError(f"{program} is not installed: run `make image-tools` (needs root)")
    base = base_image or ensure_base_image(BASE_IMAGE)
    started = time.monotonic()
    _podman_build(["--build-arg", f"BASE_IMAGE={base}", "--tag", tag], context)
    log.info("built %s in %.0f s", tag, time.monotonic() - started)
    verify_runtime_config(tag)
    # the lake's secret, unless it is the documented local default that the code holds
    secret_values = [s for s in settings.secrets() if s != DEV_SECRET_KEY]
    with tempfile.TemporaryDirectory(prefix="cinelake-image-") as tmp:
        work = Path(tmp)
        _scan(tag, work, secret_values, files=True)
        if not check:
            return tag
        mark = secrets.token_hex(16)
        check_tag = f"{tag.rsplit(':', 1)[0]}-check:{mark[:12]}"
        with _check_bucket(settings) as bucket:
            env_file = _write_secret_file(work, _check_env(settings, bucket, mark))
            started = time.monotonic()
            try:
                _podman_build(
                    [
                        "--build-arg",
                        f"BASE_IMAGE={base}",
                        "--build-arg",
                        f"CHECK_RUN={mark[:12]}",
                        "--secret",
                        f"id=lake_env,src={env_file}",
                        "--target",
                        "check",
                        "--tag",
                        check_tag,
                    ],
                    context,
                )
            finally:
                env_file.unlink()
            log.info("in-build checks passed in %.0f s", time.monotonic() - started)
            try:
                # the check's own layers held the secret file for one step: not one value stays
                _scan(check_tag, work, [mark, *secret_values], files=False)
            finally:
                subprocess.run(["podman", "rmi", "--force", check_tag], check=False)
    return tag
