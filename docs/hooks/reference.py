"""MkDocs hook: the reference pages generated from the code when the site is built, so
they cannot drift from it: the CLI from `cinelake`'s parser, the configuration from the
settings' list of variables."""

from __future__ import annotations

import os
from typing import Any

from mkdocs.structure.files import File, Files

from cinelake.cli import build_parser
from cinelake.cli.reference import markdown as cli_markdown
from cinelake.config.variables import reference_markdown

PAGES = {
    "reference/cli.md": lambda: cli_markdown(build_parser()),
    "reference/configuration.md": reference_markdown,
}


def on_files(files: Files, config: Any) -> Files:
    os.environ.setdefault("COLUMNS", "100")  # argparse wraps the help to the terminal's width
    for path, render in PAGES.items():
        files.append(File.generated(config, path, content=render()))
    return files
