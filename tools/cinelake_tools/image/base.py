"""A Debian bookworm base image with Python, made offline from Debian's packages.

There is no Docker Hub here: `mmdebstrap` builds a minimal root filesystem from the
Debian mirror and `podman import` makes it an image, in place of the official slim one.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

BASE_IMAGE = "localhost/cinelake-base:bookworm"
SUITE = "bookworm"
# What the Dockerfile needs of its base: Python 3.11 with venv, CA roots, useradd.
PACKAGES = ("python3", "python3-venv", "ca-certificates", "passwd")


def image_exists(name: str) -> bool:
    return subprocess.run(["podman", "image", "exists", name], check=False).returncode == 0


def ensure_base_image(name: str = BASE_IMAGE) -> str:
    """The base image, made once (about 40 s) and kept in podman's store."""
    if image_exists(name):
        log.info("base image %s: present", name)
        return name
    with tempfile.TemporaryDirectory(prefix="cinelake-base-") as tmp:
        rootfs = Path(tmp) / "rootfs.tar"
        log.info("making base image %s with mmdebstrap (%s)", name, ", ".join(PACKAGES))
        subprocess.run(
            [
                "mmdebstrap",
                "--quiet",
                "--variant=minbase",
                f"--include={','.join(PACKAGES)}",
                # apt's lists and caches have no place in an image
                "--customize-hook=rm -rf $1/var/lib/apt/lists/* $1/var/cache/apt/*",
                SUITE,
                str(rootfs),
            ],
            check=True,
        )
        subprocess.run(["podman", "import", "--quiet", str(rootfs), name], check=True)
    return name
