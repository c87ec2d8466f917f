"""The command line: ``leaflet build``, ``leaflet check``, ``leaflet formats``.

The only place that catches the project's errors, prints them and returns an
exit code: 0 success, 1 content or build error, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import build, plan_jobs
from .check import check_content
from .errors import LeafletError, UsageError
from .formats import FORMATS
from .model import LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"
ISSUES_URL = "https://github.com/citizensec/leaflet/issues"

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leaflet",
        description="Build printable and shareable anti-fraud leaflets (Kazakh and Russian) "
        "from the YAML texts in content/.",
        epilog="Run 'leaflet build' to build every leaflet into output/.",
    )
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build_parser = commands.add_parser(
        "build",
        help="build PDF leaflets",
        description="Check the content, then build PDF leaflets. "
        "With no options: every format in every language, from content/ into output/.",
    )
    build_parser.add_argument(
        "--lang",
        action="append",
        choices=list(LANGUAGES),
        metavar="LANG",
        help=f"language to build ({', '.join(LANGUAGES)}); repeat for several; default: all",
    )
    build_parser.add_argument(
        "--format",
        action="append",
        choices=list(FORMATS),
        metavar="FORMAT",
        dest="formats",
        help=f"format to build ({', '.join(FORMATS)}); repeat for several; default: all",
    )
    _content_option(build_parser)
    build_parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="folder to write the PDFs into (default: output/)",
    )
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")

    check_parser = commands.add_parser(
        "check",
        help="check the content without building",
        description="Check the content folder and list every problem found.",
    )
    _content_option(check_parser)

    commands.add_parser(
        "formats",
        help="list the formats",
        description="List every format with its page size, page count and intended use.",
    )
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        metavar="DIR",
        help="folder with links.yaml, kk.yaml and ru.yaml (default: content/)",
    )


def _build(args: argparse.Namespace) -> int:
    langs = args.lang or list(LANGUAGES)
    formats = args.formats or list(FORMATS)
    jobs = plan_jobs(dict.fromkeys(formats), dict.fromkeys(langs))
    started = time.perf_counter()
    written = build(args.content, args.out, jobs)
    if not args.quiet:
        for path, document in written:
            print(
                f"wrote {path}  {document.pages} pages, body {document.body_size:g} pt, "
                f"{len(document.pdf) / 1024:.0f} KB"
            )
        print(f"built {len(written)} files in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    content = check_content(args.content)
    print(f"{args.content}: content is valid ({', '.join(content.leaflets)}; {len(content.links)} links)")
    return EXIT_OK


def _formats(args: argparse.Namespace) -> int:
    for spec in FORMATS.values():
        print(f"{spec.name:<12} {spec.size_label():<16} {spec.pages:>2} pages  {spec.description}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {"build": _build, "check": _check, "formats": _formats}[args.command]
    try:
        return handler(args)
    except UsageError as error:
        print(f"leaflet: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except LeafletError as error:
        print(f"leaflet: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("leaflet: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - last resort: never a traceback for the user
        print(
            f"leaflet: internal error: {type(error).__name__}: {error}\n"
            f"This is a bug in leaflet, not in your content. Please report it at {ISSUES_URL} "
            "with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
