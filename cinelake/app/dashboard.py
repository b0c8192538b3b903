"""`cinelake dashboard`: the Streamlit app on 127.0.0.1, offline, no usage statistics."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from cinelake.warehouse.published import pin_environment

APP = Path(__file__).with_name("dashboard_app.py")


def streamlit_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]


def serve(port: int, as_of: datetime | None = None, build: str | None = None) -> NoReturn:
    """Become the Streamlit server, in the foreground until interrupted or terminated.

    Exec, not a child process: a SIGTERM to `cinelake dashboard` (a supervisor, a
    container stop, a test) reaches Streamlit itself; a child would be left serving.
    """
    command = streamlit_command(port)
    os.environ.update(pin_environment(as_of, build))  # an earlier build, when asked
    os.execv(command[0], command)  # noqa: S606 - this Python, our own app, no shell
