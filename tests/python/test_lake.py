"""The local lake: a real SeaweedFS, loopback only, credentials required."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import botocore
import pytest
from botocore.config import Config

from cinelake.config import Settings, load_settings
from cinelake.lake import server as lake
from ingest.landing import ensure_bucket


def listening_addresses(pid: int) -> set[str]:
    """Local addresses of the TCP sockets `pid` listens on, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A: LISTEN
                found.add(cols[1].split(":")[0])
    return found


def test_up_is_a_noop_when_already_up(settings: Settings) -> None:
    before = lake.status(settings)
    assert before.answering
    assert lake.up(settings).pid == before.pid


def test_listens_on_loopback_only(settings: Settings) -> None:
    pid = lake.status(settings).pid
    assert pid
    addresses = listening_addresses(pid)
    assert addresses, "weed should be listening"
    assert addresses == {"0100007F"}, f"non-loopback listeners: {addresses}"


def test_anonymous_requests_are_refused(settings: Settings, s3, bucket: str) -> None:
    ensure_bucket(s3, bucket)
    s3.put_object(Bucket=bucket, Key="probe.txt", Body=b"x")
    anonymous = boto3.client(
        "s3",
        endpoint_url=settings.endpoint,
        region_name="us-east-1",
        config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}),
    )
    for call in (
        lambda: anonymous.list_objects_v2(Bucket=bucket),
        lambda: anonymous.get_object(Bucket=bucket, Key="probe.txt"),
        lambda: anonymous.put_object(Bucket=bucket, Key="anon.txt", Body=b"y"),
    ):
        with pytest.raises(botocore.exceptions.ClientError) as info:
            call()
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_wrong_secret_is_refused(lake_env: dict[str, str]) -> None:
    wrong = load_settings({**lake_env, "CINELAKE_SECRET_KEY": "not-the-secret"})
    assert not lake.status(wrong).answering


def test_env_exports_reach_the_lake(cli_env: dict[str, str], bucket: str, s3) -> None:
    ensure_bucket(s3, bucket)
    probe = (
        "import boto3, os; c = boto3.client('s3');"
        "print(os.environ['CINELAKE_BUCKET'] in [b['Name'] for b in c.list_buckets()['Buckets']])"
    )
    script = f'eval "$({sys.executable} -m cinelake.cli lake env)" && {sys.executable} -c "{probe}"'
    out = subprocess.run(
        ["bash", "-c", script], env=cli_env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


def test_status_and_down_only_touch_our_server(lake_env: dict[str, str], tmp_path: Path) -> None:
    other = load_settings({**lake_env, "CINELAKE_LAKE_DIR": str(tmp_path)})
    # Another lake directory has no server of its own: down stops nothing.
    assert lake.down(other) is False
    assert lake.status(load_settings(lake_env)).answering
    # A pid file pointing at a process that is not our weed is ignored.
    (tmp_path / "weed.pid").write_text(f"{lake.os.getpid()}\n")
    assert lake.status(other).pid is None
    assert lake.down(other) is False


def test_weed_command_disables_extras(settings: Settings) -> None:
    argv = lake.weed_command(settings)
    for flag in (
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        "-webdav=false",
        "-admin.ui=false",
    ):
        assert flag in argv
    assert not any(settings.secret_key in a for a in argv if settings.secret_key)
