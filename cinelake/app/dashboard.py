"""`cinelake dashboard`: the Streamlit app on 127.0.0.1, offline, no usage statistics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def serve(port: int) -> int:
    """Run the dashboard in the foreground until interrupted."""
    try:
        return subprocess.call(streamlit_command(port))
    except KeyboardInterrupt:
        return 0
