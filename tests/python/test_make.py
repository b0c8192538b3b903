"""The Makefile installs the system programs the tests need, or says clearly why not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import PROJECT


def make(*args: str, user: int | None = None) -> subprocess.CompletedProcess[str]:
    prefix = (
        [] if user is None else ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    )
    # a make of its own, not a sub-make of the `make test` that may be running this
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return subprocess.run(
        [*prefix, "make", "--no-print-directory", "-C", str(PROJECT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.browser  # finds Chromium
def test_browser_is_a_real_rule_that_finds_chromium() -> None:
    out = make("browser")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"chromium: {shutil.which('chromium')}"


def test_browser_without_root_fails_in_one_clear_line() -> None:
    # a program that is surely missing, asked for by an ordinary user (setpriv is in
    # util-linux, essential on Debian): no apt-get is tried
    out = make("browser", "BROWSER=no-such-browser", user=65534)
    assert out.returncode != 0
    lines = [
        line for line in out.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)
    ]
    assert lines == [
        "make browser: no-such-browser is missing and installing Debian's chromium needs root:"
        " run 'sudo make browser'"
    ]


@pytest.mark.spark  # finds Spark's Java
def test_java_is_a_real_rule_that_finds_java() -> None:
    # Spark's Java (Debian's OpenJDK 17 when missing): `make test` depends on it
    out = make("java")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"java: {shutil.which('java')}"
    assert re.search(r"^test: .*\bjava\b", (PROJECT / "Makefile").read_text(), re.MULTILINE)
