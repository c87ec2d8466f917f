"""The command line: ``leaflet build``, ``check``, ``formats``, ``init``, ``preview``, ``studio``, ``help``,
``completion``.

The only place that catches the project's errors, prints them and returns an exit code
(:data:`EXIT_CODES`).  Each command imports the stages it needs when it runs
(:mod:`leaflet.commands`): ``leaflet --help``, ``help``, ``formats`` and ``completion`` load no
ReportLab PDF code, no pypdf and no pikepdf.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, commands
from .errors import ContentError, LeafletError, UsageError, one_line
from .i18n import DEFAULT_UI_LANGUAGE, UI_LANGUAGES, catalog, choose, problem_line
from .interrupts import Interrupted, behind, exit_code
from .layout.formats import EDITIONS, FORMATS
from .paths import DEFAULT_OUTPUT

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_HANGUP, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 129, 141, 143
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_ERROR: "a content or build error, one line per problem (file:line:col: key: what is wrong, and a hint); "
    "a build that fails writes nothing",
    EXIT_USAGE: "a usage error: an unknown command, option, leaflet or format (the valid ones are listed)",
    EXIT_HANGUP: "stopped by SIGHUP (the terminal closed); a build writes nothing unless it says every file was",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); a build writes nothing unless it says every file was",
    EXIT_BROKEN_PIPE: "the reader of the output went away (leaflet build | head -1), quietly; a build stopped before "
    "its files were written writes none",
    EXIT_TERMINATED: "stopped by SIGTERM; a build writes nothing unless it says every file was",
}
#: the commands that write files: after an error they say that nothing was written
WRITERS = ("build", "init")

EPILOG = "\n".join(
    [
        "'leaflet help COMMAND' (or 'leaflet COMMAND --help') describes a command and its options.",
        "",
        "Content is read from ./content when the current folder has one, else from the sample that",
        "comes with leaflet ('leaflet init' copies it to ./content to edit); PDFs go to ./output.",
        "",
        "exit status:",
        *(
            textwrap.fill(text, 92, initial_indent=f"  {code:<5}", subsequent_indent=" " * 7)
            for code, text in EXIT_CODES.items()
        ),
    ]
)


class _Formatter(argparse.HelpFormatter):
    """Says "usage:" in the parser's language.  And argparse
    measures the list of commands by its metavar (COMMAND), not by the commands' names, so a
    long name ('completion') would push its help to the next line: the names are measured too."""

    def __init__(self, prog: str, lang: str = DEFAULT_UI_LANGUAGE) -> None:
        super().__init__(prog)
        self.lang = lang

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        if prefix is None and self.lang != DEFAULT_UI_LANGUAGE:
            prefix = catalog().text("help.usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            for command in action._get_subactions():
                self._action_max_length = max(self._action_max_length, len(command.dest) + self._current_indent + 2)


class _TopFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """``leaflet --help``: keeps the epilog's lines (the table of exit statuses)."""


class _Parser(argparse.ArgumentParser):
    """A parser that speaks ``lang``: its help and its usage errors.  argparse's own few words
    ("usage:", the group titles, -h's help) are given to it here rather than through gettext,
    whose catalogs would have to be compiled and installed for the 'argparse' domain of the
    whole process; its error messages are translated by pattern (messages.toml) in :meth:`error`."""

    def __init__(self, *args: Any, lang: str = DEFAULT_UI_LANGUAGE, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, lang=lang))
        kwargs["add_help"] = False  # -h is added below, its help in ``lang``
        super().__init__(*args, **kwargs)
        self.lang = lang
        words = catalog()
        self._positionals.title = words.text("help.positionals", lang)
        self._optionals.title = words.text("help.options", lang)
        self.add_argument("-h", "--help", action="help", help=words.text("help.help_option", lang))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if self.lang != DEFAULT_UI_LANGUAGE:
            message = catalog().problem(message, self.lang)
        self.exit(EXIT_USAGE, f"{self.prog}: {catalog().text('help.error', self.lang)}: {message}\n")


if TYPE_CHECKING:  # argparse's subcommand action is generic only to the type checker
    _Commands = argparse._SubParsersAction[_Parser]


def make_parser(lang: str = DEFAULT_UI_LANGUAGE) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang`` (the texts are in messages.toml, [help])."""
    h = _Help(lang)
    parser = _Parser(
        prog="leaflet",
        description=textwrap.fill(h("description"), 92),
        epilog=_epilog(lang),
        formatter_class=functools.partial(_TopFormatter, lang=lang),
        lang=lang,
    )
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}", help=h("version"))
    parser.add_argument(
        "--ui-lang",
        choices=list(UI_LANGUAGES),
        metavar="LANG",
        dest="messages_lang",
        help=h("ui_lang", langs=", ".join(UI_LANGUAGES)),
    )
    subcommands = parser.add_subparsers(title=h("commands"), dest="command", metavar="COMMAND", parser_class=_Parser)
    _build_parser(subcommands, h)
    check_parser = subcommands.add_parser("check", help=h("check"), description=h("check_description"), lang=lang)
    _leaflet_option(check_parser, h)
    _content_option(check_parser, h)
    _branches_option(check_parser, h("check_branches"))
    subcommands.add_parser("formats", help=h("formats"), description=h("formats_description"), lang=lang)
    init_parser = subcommands.add_parser("init", help=h("init"), description=h("init_description"), lang=lang)
    init_parser.add_argument(
        "folder", nargs="?", type=_path, default=Path("content"), metavar="DIR", help=h("init_folder")
    )
    _preview_parser(subcommands, h)
    _studio_parser(subcommands, h)
    names = [*subcommands.choices, "help", "completion"]
    help_parser = subcommands.add_parser("help", help=h("help"), description=h("help_description"), lang=lang)
    help_parser.add_argument("topic", nargs="?", choices=names, metavar="COMMAND", help=h("help_topic"))
    completion_parser = subcommands.add_parser(
        "completion", help=h("completion"), description=h("completion_description"), lang=lang
    )
    completion_parser.add_argument(
        "shell", choices=["bash", "zsh", "fish"], metavar="SHELL", help=h("completion_shell")
    )
    return parser


class _Help:
    """The help texts of one language: ``h("build_out")`` is messages.toml's ``help.build_out``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, name: str, **values: object) -> str:
        return catalog().text(f"help.{name}", self.lang, **values)


def _epilog(lang: str) -> str:
    """What ``leaflet --help`` ends with; in English exactly :data:`EPILOG`."""
    if lang == DEFAULT_UI_LANGUAGE:
        return EPILOG
    h = _Help(lang)
    return "\n".join(
        [
            textwrap.fill(h("epilog_help"), 92),
            "",
            textwrap.fill(h("epilog_content"), 92),
            "",
            h("exit_status"),
            *(
                textwrap.fill(h(f"exit_{code}"), 92, initial_indent=f"  {code:<5}", subsequent_indent=" " * 7)
                for code in EXIT_CODES
            ),
        ]
    )


def _build_parser(subcommands: _Commands, h: _Help) -> None:
    build_parser = subcommands.add_parser("build", help=h("build"), description=h("build_description"), lang=h.lang)
    build_parser.add_argument(
        "--lang",
        action="append",
        choices=list(EDITIONS),
        metavar="LANG",
        help=h("build_lang", langs=", ".join(EDITIONS)),
    )
    _format_option(build_parser, h("build_format", formats=", ".join(FORMATS)))
    _leaflet_option(build_parser, h)
    _content_option(build_parser, h)
    _branches_option(build_parser, h("build_branches"))
    build_parser.add_argument("--branch", action="append", metavar="ID", dest="branch_ids", help=h("build_branch"))
    build_parser.add_argument("--out", type=_path, default=DEFAULT_OUTPUT, metavar="DIR", help=h("build_out"))
    build_parser.add_argument("--quiet", "-q", action="store_true", help=h("quiet"))
    build_parser.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N", help=h("build_jobs"))
    build_parser.add_argument("--bleed", type=_millimetres, default=0.0, metavar="MM", help=h("build_bleed"))
    build_parser.add_argument("--marks", action="store_true", help=h("build_marks"))
    build_parser.add_argument("--cmyk", action="store_true", help=h("build_cmyk"))


def _preview_parser(subcommands: _Commands, h: _Help) -> None:
    preview_parser = subcommands.add_parser(
        "preview", help=h("preview"), description=h("preview_description"), lang=h.lang
    )
    preview_parser.add_argument("--pdfs", type=_path, default=DEFAULT_OUTPUT, metavar="DIR", help=h("preview_pdfs"))
    preview_parser.add_argument(
        "--out", type=_path, default=DEFAULT_OUTPUT / "preview", metavar="DIR", help=h("preview_out")
    )
    _format_option(preview_parser, h("preview_format"))
    preview_parser.add_argument("--no-pages", action="store_true", help=h("preview_no_pages"))
    preview_parser.add_argument("--prefix", default="", metavar="TEXT", help=h("preview_prefix"))
    preview_parser.add_argument("--quiet", "-q", action="store_true", help=h("quiet"))


def _path(text: str) -> Path:
    """A file or folder named on the command line; an empty name ('--out ""', an unset shell
    variable) is refused rather than taken for the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name (to mean the current folder, write '.')")
    return Path(text)


def _studio_parser(subcommands: _Commands, h: _Help) -> None:
    studio_parser = subcommands.add_parser("studio", help=h("studio"), description=h("studio_description"), lang=h.lang)
    _content_option(studio_parser, h)
    studio_parser.add_argument("--port", type=_port, default=0, metavar="N", help=h("studio_port"))
    studio_parser.add_argument("--no-browser", action="store_true", help=h("studio_no_browser"))
    studio_parser.add_argument(
        "--ui-lang",
        choices=list(UI_LANGUAGES),
        metavar="LANG",
        help=h("studio_ui_lang", langs=", ".join(UI_LANGUAGES)),
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is out of range (0-65535; 0: any free one)")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} jobs: at least 1")
    return value


def _millimetres(text: str) -> float:
    """A bleed width: 0 to 10 mm (print shops ask for 2-5 mm; 3 mm is usual)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of millimetres: {text!r}") from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"a bleed of {value:g} mm is out of range (0-10 mm; 3 mm is usual)")
    return value


def _format_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "--format", action="append", choices=list(FORMATS), metavar="FORMAT", dest="formats", help=help_text
    )


def _branches_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--branches", type=_path, default=None, metavar="FILE", help=help_text)


def _leaflet_option(parser: argparse.ArgumentParser, h: _Help) -> None:
    parser.add_argument("--leaflet", action="append", metavar="ID", dest="leaflets", help=h("leaflet_option"))


def _content_option(parser: argparse.ArgumentParser, h: _Help) -> None:
    parser.add_argument("--content", type=_path, default=None, metavar="DIR", help=h("content_option"))


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    found: argparse.ArgumentParser = action.choices[name]
    return found


def _handler(parser: argparse.ArgumentParser, command: str) -> Callable[[argparse.Namespace], int]:
    def show_help(args: argparse.Namespace) -> int:
        (_subparser(parser, args.topic) if args.topic else parser).print_help()
        return EXIT_OK

    def completion(args: argparse.Namespace) -> int:
        from .completion import script

        sys.stdout.write(script(args.shell, parser))
        return EXIT_OK

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "build": commands.build,
        "check": commands.check,
        "formats": commands.formats,
        "init": commands.init,
        "preview": commands.preview,
        "studio": _studio,
        "help": show_help,
        "completion": completion,
    }
    return handlers[command]


def _studio(args: argparse.Namespace) -> int:
    from .studio.command import run

    return run(args)


def internal_error_message(error: BaseException) -> str:
    """What a user is told of a bug: what and where, and what to do (no address that may not exist)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return (
        f"leaflet: internal error: {type(error).__name__}: {one_line(str(error))[:300]}{where}\n"
        f"This is a bug in leaflet {__version__}, not in your content. Please report it to whoever gave you "
        "leaflet, with the command you ran and this message."
    )


def _err(line: str) -> None:
    """A line on standard error; none when it is gone (closed, or its terminal hung up)."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def asked_language(argv: Sequence[str]) -> str | None:
    """The language ``--ui-lang`` asks for, wherever it is on the command line (the global
    option or the studio's): the parser's own help must be in it before the parser exists."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        value = argv[index + 1] if word == "--ui-lang" and index + 1 < len(argv) else None
        if word.startswith("--ui-lang="):
            value = word.partition("=")[2]
        if value in UI_LANGUAGES:
            return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    lang = choose(asked_language(words))
    try:
        parser = make_parser(lang)
        args = parser.parse_args(words)
    except KeyboardInterrupt as error:  # nothing is written before the command runs
        return _interrupted(error, writes=True, lang=lang)
    if args.command == "studio" and args.ui_lang is None:  # 'leaflet --ui-lang kk studio': the page too
        args.ui_lang = args.messages_lang
    args.messages_lang = lang  # what the commands say, in the language of the help
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    writes = args.command in WRITERS
    try:
        return _handler(parser, args.command)(args)
    except UsageError as error:
        if lang == DEFAULT_UI_LANGUAGE:
            _err(f"leaflet: error: {error}")
        else:
            _err(catalog().text("cli.error", lang, message=catalog().problem(str(error), lang)))
        return EXIT_USAGE
    except ContentError as error:
        # one line per problem, then a summary: the lines can be read by editors and grep; in
        # Russian or Kazakh when the locale or --ui-lang says so (leaflet/i18n), else as the
        # checks wrote them
        for problem in error.problems:
            _err(problem_line(problem, lang))
        them = "it" if len(error.problems) == 1 else "them"
        outcome = "nothing was written" if writes else f"fix {them} and run 'leaflet check' again"
        english = f"leaflet: {error.summary}; {outcome}"
        summary = "cli.problems_nothing_written" if writes else "cli.problems"
        _err(english if lang == "en" else catalog().text(summary, lang, count=len(error.problems)))
        return EXIT_ERROR
    except LeafletError as error:
        _err(f"leaflet: {error if lang == DEFAULT_UI_LANGUAGE else catalog().problem(str(error), lang)}")
        if writes:
            _say_outcome(outcome_of(error), lang)
        return EXIT_ERROR
    except KeyboardInterrupt as error:  # Ctrl-C, SIGTERM, SIGHUP (leaflet.interrupts)
        return _interrupted(error, writes, lang)
    except BrokenPipeError:  # the reader went away: leaflet.__main__ ends quietly
        raise
    except OSError as error:  # a folder cannot be read or written, a disk is full, ...
        where = f"{error.filename}: " if error.filename else ""
        if not where and stdout_failing():
            where = "cannot write to standard output: "
        _err(f"leaflet: {where}{error.strerror or error}")
        if writes:
            _say_outcome(outcome_of(error), lang)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - last resort: never a traceback for the user
        interrupt = behind(error)
        if interrupt is not None:
            return _interrupted(interrupt, writes, lang)
        _err(internal_error_message(error))
        return EXIT_ERROR


def _say_outcome(outcome: str, lang: str) -> None:
    """What a command that writes left behind; the plain case in the user's language."""
    if outcome == "nothing was written" and lang != DEFAULT_UI_LANGUAGE:
        _err(catalog().text("cli.nothing_written", lang))
    else:
        _err(f"leaflet: {outcome}")


def _interrupted(error: KeyboardInterrupt, writes: bool, lang: str) -> int:
    outcome = outcome_of(error)
    said = f" ({error.name})" if isinstance(error, Interrupted) and error.name != "Ctrl-C" else ""
    if lang == "en" or (writes and outcome != "nothing was written"):
        _err(f"leaflet: interrupted{said}" + (f"; {outcome}" if writes else ""))
    else:  # the catalog has the two plain cases in Kazakh and Russian
        _err(catalog().text("cli.interrupted", lang))
        if writes:
            _err(catalog().text("cli.nothing_written", lang))
    return exit_code(error)


def stdout_failing() -> bool:
    """Whether standard output cannot be written (a full disk, a closed pipe); if so it is
    pointed at the null device, so that the interpreter's last flush does not fail again."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        return True
    return False


def outcome_of(error: BaseException) -> str:
    """What a command that writes left behind when it stopped with ``error``: nothing, unless
    the error says otherwise (a write that could not be undone; a stop after every file was
    written, see :mod:`leaflet.output` and :func:`leaflet.commands.build`)."""
    outcome = getattr(error, "outcome", None)
    return outcome if isinstance(outcome, str) else "nothing was written"


if __name__ == "__main__":
    sys.exit(main())
