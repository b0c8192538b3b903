"""`cinelake image` (`make image`): the real podman build on an offline Debian base, its
in-build pipeline run against the test lake, and the image it leaves.

Needs podman and mmdebstrap (`make image-tools`, which `.ci/run` runs first). Without
them the tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cinelake_tools.image.base import BASE_IMAGE
from cinelake_tools.image.build import UID, ImageError, verify_runtime_config
from conftest import PROJECT

from cinelake.config import load_settings
from ingest.s3 import make_client

TOOLS = ("podman", "mmdebstrap")
missing = [tool for tool in TOOLS if not shutil.which(tool)]
if missing and not os.environ.get("CI"):
    pytest.skip(f"{missing} not installed (make image-tools)", allow_module_level=True)

pytestmark = [pytest.mark.slow, pytest.mark.image]


def inspect(image: str) -> dict:
    out = subprocess.run(
        ["podman", "image", "inspect", image], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)[0]


def layer_file_names(archive: Path) -> set[str]:
    """Every path in every layer of a `podman save` archive, without a leading ./ or /."""
    names = set()
    with tarfile.open(archive) as outer:
        for member in outer:
            layer = outer.extractfile(member) if member.name.endswith(".tar") else None
            if layer is not None:
                with tarfile.open(fileobj=layer, mode="r|") as inner:
                    names.update(e.name.removeprefix("./").lstrip("/") for e in inner)
    return names


@pytest.fixture(scope="module")
def built(lake_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    assert not missing, f"{missing} not installed: .ci/run must run make image-tools"
    work = tmp_path_factory.mktemp("image")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CINELAKE_", "AWS_"))}
    env.update(lake_env)
    env["HOME"] = str(work)
    # a credential in the environment of the build must not reach the image either
    env["TMDB_API_KEY"] = "tmdb-" + secrets.token_hex(12)
    tag = f"localhost/cinelake-test:{secrets.token_hex(4)}"
    log = work / "image.log"
    with log.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "cinelake.cli", "image", "--tag", tag],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=2400,
        )
    output = log.read_text(errors="replace")
    assert done.returncode == 0, output[-6000:]
    yield tag, output, env
    subprocess.run(["podman", "rmi", "--force", tag], check=False, capture_output=True)


def test_the_build_ran_the_pipeline_on_a_sample_as_the_image_user(built) -> None:
    _, output, _ = built
    assert re.search(rf"image check \w+: running as cinelake \({UID}\)", output)
    # the check's one CSV row: titles in the warehouse and how many TMDB enriched
    row = re.search(r"^image check,(\d+),(\d+)$", output, re.MULTILINE)
    assert row, output[-3000:]
    titles, enriched = map(int, row.groups())
    assert titles > 0
    assert 0 < enriched <= titles
    assert "Completed successfully" in output
    assert "ERROR=0" in output


def test_the_image_runs_the_cli_as_non_root_with_no_credentials(built) -> None:
    tag, _, _ = built
    config = inspect(tag)["Config"]
    assert config["User"] == f"{UID}:{UID}"
    assert config["Entrypoint"] == ["cinelake"]
    env = dict(entry.split("=", 1) for entry in config["Env"])
    assert env["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
    assert not [name for name in env if "SECRET" in name or "TOKEN" in name]


def test_no_secret_of_the_build_is_in_any_layer(built, tmp_path: Path) -> None:
    tag, _, env = built
    archive = tmp_path / "image.tar"
    subprocess.run(["podman", "save", "-q", "-o", str(archive), tag], check=True)
    data = archive.read_bytes()
    for name in ("CINELAKE_SECRET_KEY", "TMDB_API_KEY"):
        assert env[name].encode() not in data, f"{name}'s value is in {tag}"
    names = layer_file_names(archive)
    assert not [n for n in names if Path(n).name == ".env"]
    # .dockerignore keeps the developer's data, venv, lake and dbt output out of /app
    kept_out = ("data", ".venv", ".lake", "target", "logs", ".duckdb", "tests/python")
    assert not [n for n in names if n.startswith(tuple(f"app/{f}/" for f in kept_out))]
    assert "app/dbt_project.yml" in names  # the names are read right


def test_the_check_left_no_bucket_and_no_check_image(built, settings) -> None:
    tag, _, _ = built
    names = [b["Name"] for b in make_client(settings).list_buckets()["Buckets"]]
    assert not [n for n in names if "-image-check-" in n]
    images = subprocess.run(
        ["podman", "images", "--format", "{{.Repository}}:{{.Tag}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not [i for i in images if i.startswith(tag.rsplit(":", 1)[0] + "-check:")]


def test_an_image_running_as_root_is_refused(built) -> None:
    # the offline base runs as root: the check that guards the image must say so
    with pytest.raises(ImageError, match="runs as"):
        verify_runtime_config(BASE_IMAGE)


def test_secret_settings_are_masked_in_the_build_log(built) -> None:
    _, output, env = built
    settings = load_settings(env)
    for secret in settings.secrets():
        assert secret not in output
