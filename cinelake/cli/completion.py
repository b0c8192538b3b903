"""`cinelake completion bash`: shell completion for the commands, their actions and
options, generated from the parser itself so it cannot fall behind."""

from __future__ import annotations

import argparse
import sys

from cinelake.cli.arguments import Subcommands
from cinelake.config import Settings

SCRIPT = """# cinelake completion for bash: eval "$(cinelake completion bash)"
_cinelake() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} path="" word
    for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        [[ $word == -* ]] || path="${{path:+$path }}$word"
    done
    case "$path" in
{cases}
        *) COMPREPLY=() ;;
    esac
}}
complete -o default -F _cinelake cinelake
"""


def register(sub: Subcommands) -> None:
    cmd = sub.add_parser("completion", help='shell completion: eval "$(cinelake completion bash)"')
    cmd.add_argument("shell", choices=["bash"])
    cmd.set_defaults(func=run)


def words(parser: argparse.ArgumentParser, path: str = "") -> dict[str, list[str]]:
    """Command path -> what may follow it: its listed subcommands and its options."""
    options = [s for a in parser._actions for s in a.option_strings if s.startswith("--")]
    found = {path: options}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = [choice.dest for choice in action._choices_actions]
            found[path] = listed + options
            for name in listed:
                found.update(words(action.choices[name], f"{path} {name}".strip()))
    return found


def script(parser: argparse.ArgumentParser) -> str:
    cases = "\n".join(
        f'        "{path}") COMPREPLY=($(compgen -W "{" ".join(following)}" -- "$cur")) ;;'
        for path, following in words(parser).items()
    )
    return SCRIPT.format(cases=cases)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from cinelake.cli import build_parser

    sys.stdout.write(script(build_parser()))
    return 0
