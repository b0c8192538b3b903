"""The container files: compose's commands and settings, the lake as a container's main
process, and the secret scan that guards the image (its negative cases)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from cinelake_tools.image.scan import scan_archive
from conftest import PROJECT, free_port_base

from cinelake.cli import build_parser
from cinelake.config import DEFAULT_S3_PORT, load_settings
from ingest.s3 import make_client

COMPOSE = yaml.safe_load((PROJECT / "compose.yaml").read_text(encoding="utf-8"))


def compose_environment(service: str, values: dict[str, str]) -> dict[str, str]:
    """A service's environment with `${NAME:-default}` / `${NAME:?message}` filled in as
    compose fills them from `values` (the user's .env)."""
    import re

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name, op, rest = match.group(1), match.group(2), match.group(3)
            if values.get(name):
                return values[name]
            if op == ":?":
                raise KeyError(f"{name}: {rest}")
            return rest or ""

        return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, text)

    return {k: fill(str(v)) for k, v in COMPOSE["services"][service]["environment"].items()}


def test_compose_commands_are_cinelake_commands() -> None:
    parser = build_parser()
    for name in ("lake", "pipeline"):
        parsed = parser.parse_args(COMPOSE["services"][name]["command"])
        assert parsed.command in ("lake", "run")
    lake = parser.parse_args(COMPOSE["services"]["lake"]["command"])
    assert (lake.action, lake.bind) == ("serve", "0.0.0.0")  # noqa: S104 - a container network


def test_compose_pipeline_reaches_the_lake_service_by_its_settings_alone() -> None:
    user_env = {"CINELAKE_ACCESS_KEY": "k-123", "CINELAKE_SECRET_KEY": "s-456"}
    settings = load_settings(compose_environment("pipeline", user_env))
    assert settings.endpoint == f"http://lake:{DEFAULT_S3_PORT}"
    assert settings.bucket == "cinelake"
    assert not settings.is_local
    lake = load_settings(compose_environment("lake", user_env))
    assert (lake.access_key, lake.secret_key) == ("k-123", "s-456")
    # the published port is the lake's own S3 port, on the host's loopback only
    assert COMPOSE["services"]["lake"]["ports"] == [
        f"127.0.0.1:${{CINELAKE_S3_PORT:-8333}}:{lake.s3_port}",
        f"127.0.0.1:${{CINELAKE_CATALOG_HOST_PORT:-8338}}:{lake.s3_port + 5}",
    ]
    assert lake.catalog.url == f"http://127.0.0.1:{lake.s3_port + 5}"


def test_compose_refuses_to_start_without_credentials() -> None:
    with pytest.raises(KeyError, match="CINELAKE_SECRET_KEY"):
        compose_environment("lake", {"CINELAKE_ACCESS_KEY": "k"})


def test_lake_serve_runs_in_the_foreground_and_answers_the_healthcheck(tmp_path: Path) -> None:
    port = free_port_base()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_"))}
    env.update(
        {
            "CINELAKE_LAKE": "local",
            "CINELAKE_S3_PORT": str(port),
            "CINELAKE_LAKE_DIR": str(tmp_path),
            "CINELAKE_ACCESS_KEY": "serve-key",
            "CINELAKE_SECRET_KEY": "serve-secret-0123456789",
        }
    )
    # loopback here: a container binds 0.0.0.0 inside its own network
    process = subprocess.Popen(
        [sys.executable, "-m", "cinelake.cli", "lake", "serve", "--bind", "127.0.0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    health = COMPOSE["services"]["lake"]["healthcheck"]["test"][-1]
    health = health.replace("8333", str(port)).replace("8338", str(port + 5))
    try:
        deadline = time.monotonic() + 90
        while True:
            probe = subprocess.run([sys.executable, "-c", health], env=env, capture_output=True)
            if probe.returncode == 0:
                break
            assert process.poll() is None, "lake serve exited"
            assert time.monotonic() < deadline, probe.stderr
            time.sleep(0.5)
        # the process itself is weed now (exec), serving the credentials it was given
        assert Path(f"/proc/{process.pid}/exe").resolve().name == "weed"
        client = make_client(load_settings(env))
        client.create_bucket(Bucket="served")
        # the catalog's table bucket, and the bucket made here
        assert [b["Name"] for b in client.list_buckets()["Buckets"]] == [
            "cinelake-warehouse",
            "served",
        ]
        with pytest.raises(urllib.request.HTTPError):  # anonymous requests are refused
            urllib.request.urlopen(f"http://127.0.0.1:{port}/served", timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _archive(path: Path, layers: dict[str, dict[str, bytes]], config: bytes) -> Path:
    """A docker-archive like `podman save` writes: layer tars and a config."""
    with tarfile.open(path, "w") as outer:
        for layer_name, files in layers.items():
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w") as inner:
                for name, data in files.items():
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    inner.addfile(info, io.BytesIO(data))
            info = tarfile.TarInfo(f"{layer_name}.tar")
            info.size = buffer.tell()
            buffer.seek(0)
            outer.addfile(info, buffer)
        info = tarfile.TarInfo("config.json")
        info.size = len(config)
        outer.addfile(info, io.BytesIO(config))
    return path


def test_scan_finds_secret_files_and_values_in_any_layer(tmp_path: Path) -> None:
    secret = "S3cr3t-" + "ab" * 16
    archive = _archive(
        tmp_path / "image.tar",
        {
            "aaa": {"app/code.py": b"print('hello')\n"},
            "bbb": {
                "./app/.env": b"",
                ".env": b"",
                "opt/x.bin": b"\0" * 100 + secret.encode() + b"\0",
            },
        },
        b'{"history": [{"created_by": "RUN echo ' + b"token-in-history" + b'"}]}',
    )
    result = scan_archive(archive, [secret, "token-in-history", "absent-value"])
    assert result.secret_files == ["bbb.tar: /app/.env", "bbb.tar: /.env"]
    assert result.secrets_found == 2
    assert not result.clean


def test_scan_of_a_clean_archive_is_clean(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "image.tar", {"aaa": {"app/code.py": b"x = 1\n"}}, b"{}")
    assert scan_archive(archive, ["S3cr3t-value"]).clean
