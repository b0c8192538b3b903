"""The grouped CLI: the top level lists the product's commands in the order a user works,
the tools' commands join through their entry points, old spellings still parse (unlisted),
and the completion script knows every listed command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cinelake.cli import build_parser, command_names
from cinelake.cli.completion import words

PROJECT = Path(__file__).resolve().parents[2]
USER_ORDER = ["lake", "ingest", "build", "enrich", "sql", "metrics", "dashboard", "report", "run"]
TOOLS = ["bench", "sample"]
UNLISTED = ["tmdb-serve", "image", "setup", "spark-build", "predict", "mirror", "bench-daily"]


def listed(help_text: str) -> list[str]:
    """The command names of a parser's help, in their order."""
    return re.findall(r"^ {4}([a-z][a-z-]*)\s", help_text, re.M)


def test_the_top_level_lists_the_users_order_then_spark_then_tools() -> None:
    shown = listed(build_parser().format_help())
    assert shown[: len(USER_ORDER)] == USER_ORDER
    assert shown.index("spark") > shown.index("run")
    assert all(shown.index(tool) > shown.index("spark") for tool in TOOLS)
    assert not set(UNLISTED) & set(shown)
    assert len(shown) <= 15  # one screen: 29 lines at 100 columns


@pytest.mark.parametrize(
    "argv",
    [
        ["spark-build", "--full-refresh"],
        ["mirror", "down"],
        ["bench-daily", "--scale", "1"],
        ["tmdb-serve", "--responses", "x", "--", "enrich"],
        ["lake", "env", "--duckdb"],
        ["spark", "mirror", "down", "--root", "x"],
        ["bench", "build", "--titles", "10"],
    ],
)
def test_every_spelling_parses_to_a_handler(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert callable(args.func)


def test_the_product_never_imports_the_tools() -> None:
    offenders = []
    for path in [*(PROJECT / "cinelake").rglob("*.py"), *(PROJECT / "ingest").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{path.relative_to(PROJECT)}: {n}" for n in names if n.startswith("cinelake_tools")
            ]
    assert offenders == []


def test_the_tools_commands_come_from_their_entry_points() -> None:
    assert {"sample", "bench", "tmdb-serve", "image"} <= command_names()


def test_the_completion_script_offers_every_listed_command_and_action() -> None:
    found = words(build_parser())
    assert found[""][: len(USER_ORDER)] == USER_ORDER
    assert {"up", "down", "status", "env", "expire", "migrate"} <= set(found["lake"])
    assert "--as-of" in found["sql"]
    script = subprocess.run(
        [sys.executable, "-m", "cinelake.cli", "completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
    ).stdout
    # bash itself completes `cinelake la` and `cinelake lake e` from it
    probe = (
        f"{script}\n"
        'COMP_WORDS=(cinelake la); COMP_CWORD=1; _cinelake; echo "${COMPREPLY[*]}"\n'
        'COMP_WORDS=(cinelake lake e); COMP_CWORD=2; _cinelake; echo "${COMPREPLY[*]}"\n'
    )
    lines = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    assert lines.stdout.splitlines() == ["lake", "env expire"]
