"""The command line: ``leaflet build``, ``leaflet check``, ``leaflet formats``, ``leaflet preview``.

The only place that catches the project's errors, prints them and returns an
exit code: 0 success, 1 content or build error, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .build import Job, build, check_layouts, plan_jobs
from .content.check import check_content
from .errors import ContentError, LeafletError, UsageError, one_line
from .layout.formats import EDITIONS, FORMATS
from .parallel import Done, default_jobs
from .pdf.preview import preview
from .pdf.printshop import PrintOptions

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"
ISSUES_URL = "https://github.com/citizensec/leaflet/issues"

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


if TYPE_CHECKING:  # argparse's subcommand action is generic only to the type checker
    _Commands = argparse._SubParsersAction[_Parser]


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leaflet",
        description="Build printable and shareable anti-fraud leaflets (Kazakh and Russian) "
        "from the YAML texts in content/.",
        epilog="Run 'leaflet build' to build every leaflet into output/.",
    )
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _build_parser(commands)
    check_parser = commands.add_parser(
        "check",
        help="check the content without building",
        description="Check the content folder and list every problem found, including text that cannot fit "
        "a format (every leaflet is laid out in every format, nothing is written).",
    )
    _leaflet_option(check_parser)
    _content_option(check_parser)
    commands.add_parser(
        "formats",
        help="list the formats",
        description="List every format with its page size, page count and intended use.",
    )
    _preview_parser(commands)
    return parser


def _build_parser(commands: _Commands) -> None:
    build_parser = commands.add_parser(
        "build",
        help="build PDF leaflets",
        description="Check the content, then build PDF leaflets. "
        "With no options: every format in every language, from content/ into output/.",
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
    build_parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder to write the PDFs into (default: output/)",
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


def _preview_parser(commands: _Commands) -> None:
    preview_parser = commands.add_parser(
        "preview",
        help="render the built PDFs to PNG pictures",
        description="Render every page of every built PDF to PNG with pypdfium2 (pages/FILE-N.png), and one "
        "contact sheet per format (FORMAT.png). The README's pictures: leaflet preview --out docs/preview --no-pages",
    )
    preview_parser.add_argument(
        "--pdfs", type=Path, default=DEFAULT_OUTPUT, metavar="DIR", help="folder of built PDFs (default: output/)"
    )
    preview_parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT / "preview",
        metavar="DIR",
        help="folder for the pictures (default: output/preview/)",
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
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help="folder with links.yaml and a folder per leaflet (default: content/)",
    )


def _build(args: argparse.Namespace) -> int:
    options = PrintOptions(bleed_mm=args.bleed, marks=args.marks, cmyk=args.cmyk)
    workers = args.jobs or default_jobs()
    started = time.perf_counter()
    written = build(
        args.content,
        args.out,
        options,
        formats=args.formats,
        langs=args.lang,
        leaflets=args.leaflets,
        workers=workers,
        on_done=None if args.quiet else _progress,
    )
    if not args.quiet:
        size = sum(len(document.pdf) for _, document in written) / 1024
        print(
            f"wrote {len(written)} files ({size:.0f} KB) to {args.out} in {time.perf_counter() - started:.2f} s "
            f"(--jobs {workers})"
        )
    return EXIT_OK


def _progress(done: Done[Job]) -> None:
    document = done.document
    if document is None:  # its problems are reported with every other failure at the end
        return
    print(
        f"  {done.job.file_name:<34} {document.summary()}, {len(document.pdf) / 1024:.0f} KB, {done.seconds:.2f} s",
        flush=True,
    )


def _preview(args: argparse.Namespace) -> int:
    written = preview(args.pdfs, args.out, pages=not args.no_pages, formats=args.formats, prefix=args.prefix)
    if not args.quiet:
        sheets = [path for path in written if path.parent == args.out]
        print(f"wrote {len(written) - len(sheets)} page pictures and {len(sheets)} contact sheets to {args.out}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    content = check_content(args.content)
    jobs = plan_jobs(content, leaflets=args.leaflets)
    check_layouts(content, jobs, workers=default_jobs())
    described = "; ".join(
        f"{leaflet.id} ({', '.join(leaflet.languages)})"
        for leaflet in content.leaflets.values()
        if leaflet.id in {job.leaflet_id for job in jobs}
    )
    print(f"{args.content}: content is valid and fits every format ({described}; {len(content.links)} links)")
    return EXIT_OK


def _formats(args: argparse.Namespace) -> int:
    for spec in FORMATS.values():
        pages = spec.pages_label()
        print(f"{spec.name:<11} {spec.size_label():<13} {pages:<30} {', '.join(spec.editions):<14} {spec.description}")
    return EXIT_OK


def _say_if_nothing_written(command: str) -> None:
    """After an error: a build writes every file or none, so say that it wrote none."""
    if command == "build":
        print("leaflet: nothing was written", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"build": _build, "check": _check, "formats": _formats, "preview": _preview}[args.command]
    try:
        return handler(args)
    except UsageError as error:
        print(f"leaflet: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        # one line per problem, then a summary: the lines can be read by editors and grep
        for problem in error.problems:
            print(problem, file=sys.stderr)
        them = "it" if len(error.problems) == 1 else "them"
        outcome = "nothing was written" if args.command == "build" else f"fix {them} and run 'leaflet check' again"
        print(f"leaflet: {error.summary}; {outcome}", file=sys.stderr)
        return EXIT_ERROR
    except LeafletError as error:
        print(f"leaflet: {error}", file=sys.stderr)
        _say_if_nothing_written(args.command)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"leaflet: interrupted{'; nothing was written' if args.command == 'build' else ''}", file=sys.stderr)
        return 130
    except OSError as error:  # a folder cannot be read or written, a disk is full, ...
        print(f"leaflet: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        _say_if_nothing_written(args.command)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - last resort: never a traceback for the user
        frame = traceback.extract_tb(error.__traceback__)[-1]
        print(
            f"leaflet: internal error: {type(error).__name__}: {one_line(str(error))[:300]} "
            f"(at {Path(frame.filename).name}:{frame.lineno})\n"
            f"This is a bug in leaflet, not in your content. Please report it at {ISSUES_URL} "
            "with the command you ran and this message.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
