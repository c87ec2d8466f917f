"""``leaflet completion bash|zsh|fish``: shell completion scripts made from the argparse parser.

The parser is read into plain data first (:func:`describe`: commands, options, which take a
value, their fixed choices), and each shell's script is written from that data, so a command,
an option, a format or a language added to the program is completed with no change here.
What a value completes to follows from the option: its choices (``--format``, ``--lang``),
folders for a ``DIR``, the leaflets of the content folder for an ``ID``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: metavars whose values are folders, and leaflet ids (read from the content folder)
FOLDER, LEAFLET_ID = "DIR", "ID"


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    #: the value's name (metavar) when the option takes one
    value: str = ""
    choices: tuple[str, ...] = ()
    repeatable: bool = False


@dataclass(frozen=True)
class Positional:
    name: str
    help: str
    choices: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...] = ()


@dataclass(frozen=True)
class Program:
    name: str
    options: tuple[Option, ...]
    commands: tuple[Command, ...]


def short_help(text: str | None) -> str:
    """The first clause of a help text, without its parentheses: one line for a shell's menu."""
    text = text or ""
    while True:
        shorter = re.sub(r"\s*\([^()]*\)", "", text)
        if shorter == text:
            break
        text = shorter
    return text.split(";")[0].strip()


def _options(parser: argparse.ArgumentParser) -> tuple[Option, ...]:
    options = []
    for action in parser._actions:
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        takes_value = action.nargs != 0
        value = (action.metavar if isinstance(action.metavar, str) else action.dest.upper()) if takes_value else ""
        options.append(
            Option(
                flags=tuple(action.option_strings),
                help=short_help(action.help),
                value=value,
                choices=tuple(map(str, action.choices or ())),
                repeatable=isinstance(action, argparse._AppendAction),
            )
        )
    return tuple(options)


def _positionals(parser: argparse.ArgumentParser) -> tuple[Positional, ...]:
    return tuple(
        Positional(
            name=action.metavar if isinstance(action.metavar, str) else action.dest,
            help=short_help(action.help),
            choices=tuple(map(str, action.choices or ())),
            optional=action.nargs == "?",
        )
        for action in parser._actions
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction)
    )


def describe(parser: argparse.ArgumentParser) -> Program:
    """The program's commands and options, as data."""
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    commands = tuple(
        Command(name, short_help(helps.get(name)), _options(sub), _positionals(sub))
        for name, sub in subparsers.choices.items()
    )
    return Program(parser.prog, _options(parser), commands)


# -- bash -----------------------------------------------------------------------------------


def _words(items: Iterable[str]) -> str:
    return " ".join(items)


def _bash_value(option: Option) -> str:
    if option.choices:
        return f'_leaflet_reply -W "{_words(option.choices)}"'
    if option.value == FOLDER:
        return "_leaflet_folders"
    if option.value == LEAFLET_ID:
        return '_leaflet_reply -W "$(_leaflet_ids)"'
    return ":"


def _bash_command(command: Command) -> str:
    lines = [f"        {command.name})", "            case $prev in"]
    for option in command.options:
        if option.value:
            lines.append(f"                {'|'.join(option.flags)}) {_bash_value(option)}; return ;;")
    lines.append("            esac")
    flags = f'_leaflet_reply -W "{_words(flag for option in command.options for flag in option.flags)}"'
    if command.positionals:  # its argument, unless an option is being typed or it is given
        positional = command.positionals[0]
        if positional.choices:
            reply = f'_leaflet_reply -W "{_words(positional.choices)}"'
        else:
            reply = "_leaflet_folders" if positional.name == FOLDER else ":"
        count = len(command.positionals)
        lines.append(f"            if [[ $cur == -* ]] || ((args >= {count})); then {flags}; else {reply}; fi")
    else:
        lines.append(f"            {flags}")
    lines.append("            ;;")
    return "\n".join(lines)


def bash(program: Program) -> str:
    value_flags = sorted({flag for command in program.commands for o in command.options if o.value for flag in o.flags})
    names = _words(command.name for command in program.commands)
    top_flags = _words(flag for option in program.options for flag in option.flags)
    commands = "\n".join(_bash_command(command) for command in program.commands)
    return f"""\
# bash completion for {program.name}, made by '{program.name} completion bash'.
# Use it in this shell:  source <({program.name} completion bash)
# or in every new one:   {program.name} completion bash > ~/.local/share/bash-completion/completions/{program.name}

_leaflet_reply() {{  # add the words of compgen "$@" that start with the word being completed
    local word
    while IFS= read -r word; do COMPREPLY+=("$word"); done < <(compgen "$@" -- "$cur")
}}

_leaflet_folders() {{
    compopt -o filenames 2>/dev/null
    _leaflet_reply -d
}}

_leaflet_ids() {{  # the leaflets of the folder given to --content, else of ./content
    local folder=content i file
    for ((i = 1; i < COMP_CWORD - 1; i++)); do
        [[ ${{COMP_WORDS[i]}} == --content ]] && folder=${{COMP_WORDS[i + 1]}}
    done
    for file in "$folder"/*/leaflet.yaml; do
        [[ -e $file ]] || continue
        file=${{file%/leaflet.yaml}}
        printf '%s\\n' "${{file##*/}}"
    done
}}

_leaflet() {{
    COMPREPLY=()
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD - 1]}}
    local command="" args=0 i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${{COMP_WORDS[i]}}
        if [[ -z $command ]]; then
            [[ $word == -* ]] || command=$word
        elif [[ $word != -* ]]; then
            case ${{COMP_WORDS[i - 1]}} in
                {"|".join(value_flags) or "--"}) ;;
                *) ((args++)) ;;
            esac
        fi
    done
    case $command in
        "") if [[ $cur == -* ]]; then _leaflet_reply -W "{top_flags}"; else _leaflet_reply -W "{names}"; fi ;;
{commands}
    esac
}}

complete -F _leaflet {program.name}
"""


# -- zsh ------------------------------------------------------------------------------------


def _zsh_quote(text: str) -> str:
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]")


def _zsh_action(choices: tuple[str, ...], value: str) -> str:
    if choices:
        return f"({' '.join(choices)})"
    if value == FOLDER:
        return "_files -/"
    if value == LEAFLET_ID:
        return "_leaflet_ids"
    return " "


def _zsh_option(option: Option) -> str:
    help_text = _zsh_quote(option.help)
    value = f":{option.value}:{_zsh_action(option.choices, option.value)}" if option.value else ""
    if option.repeatable:
        exclusion = "*"
    elif option.flags[-1] in ("--help", "--version"):
        exclusion = "(- : *)"
    else:
        exclusion = f"({' '.join(option.flags)})" if len(option.flags) > 1 else ""
    if len(option.flags) == 1:
        return f"'{exclusion}{option.flags[0]}[{help_text}]{value}'"
    return f"'{exclusion}'{{{','.join(option.flags)}}}'[{help_text}]{value}'"


def _zsh_arguments(options: Iterable[Option], positionals: Iterable[Positional], indent: str) -> str:
    specs = [_zsh_option(option) for option in options]
    for number, positional in enumerate(positionals, start=1):
        colon = "::" if positional.optional else ":"
        action = _zsh_action(positional.choices, positional.name)
        specs.append(f"'{number}{colon}{_zsh_quote(positional.name)}:{action}'")
    return f" \\\n{indent}  ".join(["_arguments", *specs])


def zsh(program: Program) -> str:
    commands = "\n".join(f"        '{c.name}:{_zsh_quote(c.help)}'" for c in program.commands)
    cases = "\n".join(
        f"        {c.name})\n          {_zsh_arguments(c.options, c.positionals, '          ')}\n          ;;"
        for c in program.commands
    )
    top = _zsh_arguments(program.options, (), "  ").replace("_arguments", "_arguments -C", 1)
    return f"""\
#compdef {program.name}
# zsh completion for {program.name}, made by '{program.name} completion zsh'.
# Use it in this shell:  source <({program.name} completion zsh)
# or in every new one:   {program.name} completion zsh > "${{fpath[1]}}/_{program.name}"

_leaflet_ids() {{  # the leaflets of the folder given to --content, else of ./content
  local folder=content i=${{words[(I)--content]}}
  (( i )) && folder=${{words[i+1]}}
  local -a ids
  ids=( $folder/*/leaflet.yaml(N:h:t) )
  compadd -a ids
}}

_leaflet() {{
  local curcontext=$curcontext state line
  typeset -A opt_args
  {top} \\
    '1: :->command' \\
    '*:: :->argument'
  case $state in
    command)
      local -a commands
      commands=(
{commands}
      )
      _describe -t commands '{program.name} command' commands
      ;;
    argument)
      case $words[1] in
{cases}
      esac
      ;;
  esac
}}

if [[ $funcstack[1] == _leaflet ]]; then
  _leaflet "$@"
else
  compdef _leaflet {program.name}
fi
"""


# -- fish -----------------------------------------------------------------------------------


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(condition: str, option: Option, name: str) -> str:
    parts = [f"complete -c {name} -n {_fish_quote(condition)}"]
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
    if option.value:
        parts.append("-x")
        if option.choices:
            parts.append(f"-a {_fish_quote(' '.join(option.choices))}")
        elif option.value == FOLDER:
            parts.append("-a '(__fish_complete_directories (commandline -ct))'")
        elif option.value == LEAFLET_ID:
            parts.append("-a '(__leaflet_ids)'")
    parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


def fish(program: Program) -> str:
    name = program.name
    lines = [
        f"# fish completion for {name}, made by '{name} completion fish'.",
        f"# Use it in this shell:  {name} completion fish | source",
        f"# or in every new one:   {name} completion fish > ~/.config/fish/completions/{name}.fish",
        "",
        "function __leaflet_ids  # the leaflets of the folder given to --content, else of ./content",
        "    set -l folder content",
        "    set -l words (commandline -opc)",
        "    if set -l i (contains -i -- --content $words); and test (count $words) -gt $i",
        "        set folder $words[(math $i + 1)]",
        "    end",
        "    for file in $folder/*/leaflet.yaml",
        "        basename (dirname $file)",
        "    end",
        "end",
        "",
        f"complete -c {name} -f",
    ]
    for option in program.options:
        lines.append(_fish_option("__fish_use_subcommand", option, name))
    for command in program.commands:
        lines.append(f"complete -c {name} -n __fish_use_subcommand -a {command.name} -d {_fish_quote(command.help)}")
    for command in program.commands:
        condition = f"__fish_seen_subcommand_from {command.name}"
        lines.extend(_fish_option(condition, option, name) for option in command.options)
        when = f"complete -c {name} -n {_fish_quote(condition)}"
        for positional in command.positionals:
            if positional.choices:
                lines.append(f"{when} -a {_fish_quote(' '.join(positional.choices))}")
            elif positional.name == FOLDER:
                lines.append(f"{when} -a '(__fish_complete_directories (commandline -ct))'")
    return "\n".join(lines) + "\n"


SHELLS: dict[str, Callable[[Program], str]] = {"bash": bash, "zsh": zsh, "fish": fish}


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (a key of :data:`SHELLS`)."""
    return SHELLS[shell](describe(parser))
