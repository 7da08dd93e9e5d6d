"""`marginalia completion bash|zsh`: print a shell completion script.

The script is made from the commands' own argument parsers, so it offers
exactly the subcommands, options and choices (`--format jsonl|prodigy|…`)
that exist; anything else completes as a file name. zsh runs the bash
script through `bashcompinit`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

_SCRIPT = """# marginalia shell completion ({shell}); from: marginalia completion {shell}
{preamble}_marginalia() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
    local sub=${{COMP_WORDS[1]}} words
    case "$prev" in
{choices}    esac
    if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
        words="{subcommands}"
    else
        case "$sub" in
{options}            *) words="{app_options}" ;;
        esac
    fi
    if [[ "$cur" == -* || "$COMP_CWORD" -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
    fi
    [ ${{#COMPREPLY[@]}} -eq 0 ] && COMPREPLY=($(compgen -f -- "$cur"))
    return 0
}}
complete -o filenames -F _marginalia marginalia
"""
_ZSH_PREAMBLE = "autoload -U +X bashcompinit && bashcompinit\n"


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, by name, and the app's under ""."""
    from tui.commands import SUBCOMMANDS

    found = {name: importlib.import_module(module).build_parser()
             for name, module in SUBCOMMANDS.items() if name != "completion"}  # fmt: skip
    found[""] = importlib.import_module("tui.commands.open_app").build_parser()
    return found


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [o for action in parser._actions for o in action.option_strings]


def _choices(parsers: dict[str, argparse.ArgumentParser]) -> dict[str, list[str]]:
    """The options that take one of a few words, and those words."""
    found: dict[str, list[str]] = {}
    for parser in parsers.values():
        for action in parser._actions:
            if action.choices and action.option_strings:
                for option in action.option_strings:
                    found.setdefault(option, [str(c) for c in action.choices])
    return found


def script(shell: str) -> str:
    """The completion script for `shell` ("bash" or "zsh")."""
    parsers = _parsers()
    choices = "".join(
        f'        {option}) COMPREPLY=($(compgen -W "{" ".join(words)}" -- "$cur")); return 0 ;;\n'
        for option, words in sorted(_choices(parsers).items())
    )
    options = "".join(
        f'            {name}) words="{" ".join(_options(parser))}" ;;\n'
        for name, parser in sorted(parsers.items())
        if name
    )
    return _SCRIPT.format(
        shell=shell,
        preamble=_ZSH_PREAMBLE if shell == "zsh" else "",
        choices=choices,
        options=options,
        subcommands=" ".join(
            [*sorted(n for n in parsers if n), "completion", "--help", "--version"]
        ),
        app_options=" ".join(_options(parsers[""])),
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `marginalia completion`."""
    parser = argparse.ArgumentParser(
        prog="marginalia completion",
        description="Print a shell completion script for marginalia.",
        epilog="""examples:
  marginalia completion bash > ~/.local/share/bash-completion/completions/marginalia
  echo 'eval "$(marginalia completion zsh)"' >> ~/.zshrc""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=("bash", "zsh"))
    return parser


def main(argv: list[str]) -> int:
    """Print the script for the shell asked for."""
    args = build_parser().parse_args(argv)
    sys.stdout.write(script(args.shell))
    return 0
