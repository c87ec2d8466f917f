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
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__, commands
from .errors import ContentError, LeafletError, UsageError, one_line
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


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's lines.  And argparse measures the list of commands by its metavar
    (COMMAND), not by the commands' names, so a long name ('completion') would push its help
    to the next line: the names are measured too."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            for command in action._get_subactions():
                self._action_max_length = max(self._action_max_length, len(command.dest) + self._current_indent + 2)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


if TYPE_CHECKING:  # argparse's subcommand action is generic only to the type checker
    _Commands = argparse._SubParsersAction[_Parser]


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leaflet",
        description="Build printable and shareable anti-fraud leaflets (Kazakh and Russian) from YAML texts.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    subcommands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", parser_class=_Parser)
    _build_parser(subcommands)
    check_parser = subcommands.add_parser(
        "check",
        help="check the content without building",
        description="Check the content folder and list every problem found, including text that cannot fit "
        "a format (every leaflet is laid out in every format, nothing is written).",
    )
    _leaflet_option(check_parser)
    _content_option(check_parser)
    _branches_option(check_parser, "also check this branch list (CSV): every row, and that its band fits every format")
    subcommands.add_parser(
        "formats",
        help="list the formats",
        description="List every format with its paper size, page count, languages and use.",
    )
    init_parser = subcommands.add_parser(
        "init",
        help="write a starter content folder to edit",
        description="Write a content folder to edit: the leaflets that come with leaflet, links.yaml and the "
        "guide README.md. The folder must not exist or be empty; nothing is ever overwritten.",
    )
    init_parser.add_argument(
        "folder", nargs="?", type=_path, default=Path("content"), metavar="DIR", help="where (default: ./content)"
    )
    _preview_parser(subcommands)
    _studio_parser(subcommands)
    names = [*subcommands.choices, "help", "completion"]
    help_parser = subcommands.add_parser(
        "help", help="describe a command", description="Describe a command: the same as 'leaflet COMMAND --help'."
    )
    help_parser.add_argument("topic", nargs="?", choices=names, metavar="COMMAND", help="the command")
    completion_parser = subcommands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a completion script for bash, zsh or fish. Use it in this shell with "
        "'source <(leaflet completion bash)' (zsh: the same; fish: 'leaflet completion fish | source'); "
        "the script's first lines say where to save it for every new shell.",
    )
    completion_parser.add_argument("shell", choices=["bash", "zsh", "fish"], metavar="SHELL", help="bash, zsh or fish")
    return parser


def _build_parser(subcommands: _Commands) -> None:
    build_parser = subcommands.add_parser(
        "build",
        help="build PDF leaflets",
        description="Check the content, then build PDF leaflets. With no options: every leaflet in every format "
        "and language, from ./content (or the bundled sample) into ./output. Each file is listed once every "
        "file is written; a build that fails writes nothing.",
    )
    build_parser.add_argument(
        "--lang",
        action="append",
        choices=list(EDITIONS),
        metavar="LANG",
        help=f"language to build ({', '.join(EDITIONS)}; kk-ru: both on one sheet, Kazakh first); "
        "repeat for several; default: every one a format is made in",
    )
    _format_option(build_parser, f"format to build ({', '.join(FORMATS)}); repeat for several; default: all")
    _leaflet_option(build_parser)
    _content_option(build_parser)
    _branches_option(
        build_parser,
        "build every leaflet once per branch of this list (CSV), each branch in a folder of its own under --out, "
        "with manifest.csv listing every file",
    )
    build_parser.add_argument(
        "--branch",
        action="append",
        metavar="ID",
        dest="branch_ids",
        help="with --branches: only this branch (its id in the list); repeat for several; default: all",
    )
    build_parser.add_argument(
        "--out",
        type=_path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder to write the PDFs into (default: ./output)",
    )
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    build_parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="render in N parallel processes (default: the number of cores); the files are the same for any N",
    )
    build_parser.add_argument(
        "--bleed",
        type=_millimetres,
        default=0.0,
        metavar="MM",
        help="for a print shop: extend colour that touches the edge MM millimetres past the trim (e.g. 3)",
    )
    build_parser.add_argument("--marks", action="store_true", help="for a print shop: add crop marks outside the bleed")
    build_parser.add_argument("--cmyk", action="store_true", help="for offset printing: CMYK colour instead of RGB")


def _preview_parser(subcommands: _Commands) -> None:
    preview_parser = subcommands.add_parser(
        "preview",
        help="render the built PDFs to PNG pictures",
        description="Render every page of every built PDF to PNG with pypdfium2 (pages/FILE-N.png), and one "
        "contact sheet per format (FORMAT.png). The README's pictures: leaflet preview --out docs/preview --no-pages",
    )
    preview_parser.add_argument(
        "--pdfs", type=_path, default=DEFAULT_OUTPUT, metavar="DIR", help="folder of built PDFs (default: ./output)"
    )
    preview_parser.add_argument(
        "--out",
        type=_path,
        default=DEFAULT_OUTPUT / "preview",
        metavar="DIR",
        help="folder for the pictures (default: ./output/preview)",
    )
    _format_option(
        preview_parser,
        "only this format; repeat for several; default: every format built (PDF/A copies only when named)",
    )
    preview_parser.add_argument("--no-pages", action="store_true", help="only the contact sheets")
    preview_parser.add_argument(
        "--prefix", default="", metavar="TEXT", help="put TEXT before the contact sheets' names (e.g. print-shop-)"
    )
    preview_parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")


def _path(text: str) -> Path:
    """A file or folder named on the command line; an empty name ('--out ""', an unset shell
    variable) is refused rather than taken for the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name (to mean the current folder, write '.')")
    return Path(text)


def _studio_parser(subcommands: _Commands) -> None:
    from .i18n import UI_LANGUAGES

    studio_parser = subcommands.add_parser(
        "studio",
        help="edit, check and preview the texts in a web page",
        description="Start the studio: a page in your browser that shows a leaflet's Kazakh and Russian texts side "
        "by side, checks them as you type, shows the pages, and saves the YAML files (keeping their comments). "
        "It runs on this computer only (127.0.0.1); the first line printed is the page's address.",
    )
    _content_option(studio_parser)
    studio_parser.add_argument(
        "--port", type=_port, default=0, metavar="N", help="the port to listen on (default: any free one)"
    )
    studio_parser.add_argument("--no-browser", action="store_true", help="do not open the browser; print the address")
    studio_parser.add_argument(
        "--ui-lang",
        choices=list(UI_LANGUAGES),
        metavar="LANG",
        help=f"language of the page and messages ({', '.join(UI_LANGUAGES)}; default: the browser's, or the locale's)",
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


def _leaflet_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--leaflet",
        action="append",
        metavar="ID",
        dest="leaflets",
        help="only this leaflet (its folder's name in the content folder); repeat for several; default: all",
    )


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=_path,
        default=None,
        metavar="DIR",
        help="folder with links.yaml and a folder per leaflet "
        "(default: ./content if there is one, else the sample that comes with leaflet)",
    )


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


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = make_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt as error:  # nothing is written before the command runs
        return _interrupted(error, writes=True)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    writes = args.command in WRITERS
    try:
        return _handler(parser, args.command)(args)
    except UsageError as error:
        _err(f"leaflet: error: {error}")
        return EXIT_USAGE
    except ContentError as error:
        # one line per problem, then a summary: the lines can be read by editors and grep; in
        # Russian or Kazakh when the locale says so (leaflet/i18n), else as the checks wrote them
        from .i18n import catalog, choose, problem_line

        lang = choose()
        for problem in error.problems:
            _err(problem_line(problem, lang))
        them = "it" if len(error.problems) == 1 else "them"
        outcome = "nothing was written" if writes else f"fix {them} and run 'leaflet check' again"
        english = f"leaflet: {error.summary}; {outcome}"
        summary = "cli.problems_nothing_written" if writes else "cli.problems"
        _err(english if lang == "en" else catalog().text(summary, lang, count=len(error.problems)))
        return EXIT_ERROR
    except LeafletError as error:
        _err(f"leaflet: {error}")
        if writes:
            _err(f"leaflet: {outcome_of(error)}")
        return EXIT_ERROR
    except KeyboardInterrupt as error:  # Ctrl-C, SIGTERM, SIGHUP (leaflet.interrupts)
        return _interrupted(error, writes)
    except BrokenPipeError:  # the reader went away: leaflet.__main__ ends quietly
        raise
    except OSError as error:  # a folder cannot be read or written, a disk is full, ...
        where = f"{error.filename}: " if error.filename else ""
        if not where and stdout_failing():
            where = "cannot write to standard output: "
        _err(f"leaflet: {where}{error.strerror or error}")
        if writes:
            _err(f"leaflet: {outcome_of(error)}")
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - last resort: never a traceback for the user
        interrupt = behind(error)
        if interrupt is not None:
            return _interrupted(interrupt, writes)
        _err(internal_error_message(error))
        return EXIT_ERROR


def _interrupted(error: KeyboardInterrupt, writes: bool) -> int:
    from .i18n import catalog, choose

    lang, outcome = choose(), outcome_of(error)
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
