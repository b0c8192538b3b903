"""The CLI reference page of the docs site, generated from the parser (docs/hooks.py)."""

from __future__ import annotations

import argparse


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The listed subcommands of `parser`, in their order (unlisted aliases left out)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return [
                (choice.dest, action.choices[choice.dest]) for choice in action._choices_actions
            ]
    return []


def _section(name: str, parser: argparse.ArgumentParser, depth: int) -> list[str]:
    parser.prog = name
    lines = [f"{'#' * depth} `{name}`", "", "```text", parser.format_help().rstrip(), "```", ""]
    for sub_name, sub in _subcommands(parser):
        lines += _section(f"{name} {sub_name}", sub, depth + 1)
    return lines


def markdown(parser: argparse.ArgumentParser) -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from `cinelake`'s own parser when the site is built: it cannot fall"
        " behind the code. `cinelake COMMAND --help` prints the same.",
        "",
    ]
    return "\n".join(lines + _section("cinelake", parser, 2)) + "\n"
