"""What each command does: ``build``, ``check``, ``formats``, ``init`` and ``preview``.

Each function imports the stages it needs when it runs, so a command loads no more than it
uses: ``formats`` only the format registry; ``check`` the content checks, and the layout only
once the content is valid and is to be laid out; ``build`` everything.  Errors are raised, never
printed: :func:`leaflet.cli.main` prints them.

A build lists its files only once every file is written: while it renders, a terminal sees a
status line on stderr that is erased at the end, so a build that fails prints no line that
looks like a file made before it says that nothing was written.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from .errors import BuildError, LeafletError, UsageError
from .interrupts import say_outcome
from .paths import (
    LOCAL_CONTENT,
    ContentChoice,
    check_content_folder,
    check_writable,
    choose_content,
    folder_problem,
)

if TYPE_CHECKING:
    from .build import Job
    from .layout.document import Rendered
    from .parallel import Done


class OutputError(LeafletError):
    """Standard output cannot be written: a full disk, a device that fails."""


def say(line: str, *, flush: bool = False) -> None:
    """A line on standard output.  A reader that went away (BrokenPipeError) ends the command
    quietly (:mod:`leaflet.__main__`); any other failure is an error that says so, with its cause."""
    try:
        print(line, flush=flush)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from error


def _note(text: str) -> None:
    """A note on standard error (none when it is gone)."""
    with contextlib.suppress(OSError, ValueError):
        print(f"leaflet: note: {text}", file=sys.stderr, flush=True)


def plural(count: int, word: str, words: str = "") -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def _lang(args: argparse.Namespace) -> str:
    """The language the command speaks in (chosen by :func:`leaflet.cli.main`)."""
    lang = getattr(args, "messages_lang", None)
    return lang if isinstance(lang, str) else "en"


def _say_in(lang: str, name: str, *, flush: bool = False, **values: object) -> None:
    """A line of ``[cli]`` messages.toml.  A count is given as ``(count, word)``: in English
    ``plural(count, word)``, in Kazakh and Russian the bare number (their messages put it after
    a noun, 'файлов: 3', which needs no plural forms)."""
    from .i18n import catalog

    filled = {
        key: (plural(*value) if lang == "en" else str(value[0])) if isinstance(value, tuple) else value
        for key, value in values.items()
    }
    say(catalog().text(f"cli.{name}", lang, **filled), flush=flush)


def table(rows: Sequence[Sequence[str]], gap: str = "  ") -> list[str]:
    """Rows as lines of aligned columns, each as wide as its widest cell (the last one unpadded)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return [gap.join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]) for row in rows]


def _content(args: argparse.Namespace) -> ContentChoice:
    """The content folder asked for, or chosen; the user is told which when it was chosen."""
    choice = choose_content(args.content)
    check_content_folder(choice.folder)
    if choice.said and not getattr(args, "quiet", False):
        lang = _lang(args)
        if lang == "en" or choice.said.startswith("./"):
            said = choice.said
        else:
            from .i18n import catalog

            said = catalog().text("cli.bundled_sample", lang)
        _say_in(lang, "content", folder=said, flush=True)
    return choice


class RenderStatus:
    """Hears of each document as it is rendered.  On a terminal, one status line on stderr,
    rewritten in place and erased at the end; the documents are listed by :func:`build` once
    they are all written."""

    def __init__(self, stream: TextIO | None, lang: str = "en") -> None:
        self.stream = stream
        self.lang = lang
        self.seconds: dict[str, float] = {}

    def __enter__(self) -> RenderStatus:
        return self

    def __call__(self, done: Done[Job]) -> None:
        self.seconds[done.job.file_name] = done.seconds
        if self.stream is not None:
            from .i18n import catalog

            count = len(self.seconds)
            documents = plural(count, "document") if self.lang == "en" else str(count)
            line = catalog().text("cli.rendering", self.lang, documents=documents, file=done.job.file_name)
            self.stream.write(f"\r\033[K{line}")
            self.stream.flush()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.stream is not None and self.seconds:
            self.stream.write("\r\033[K")
            self.stream.flush()


def build(args: argparse.Namespace) -> int:
    if args.branch_ids and args.branches is None:
        raise UsageError("--branch picks branches of a list: give the list with --branches FILE")
    check_writable(args.out)  # before the content is read: an output that cannot be written fails at once
    choice = _content(args)
    from .build import build as build_all
    from .parallel import default_jobs
    from .pdf.options import PrintOptions

    options = PrintOptions(bleed_mm=args.bleed, marks=args.marks, cmyk=args.cmyk)
    workers = args.jobs or default_jobs()
    started = time.perf_counter()
    terminal = sys.stderr if not args.quiet and sys.stderr.isatty() else None
    with RenderStatus(terminal, _lang(args)) as status:
        written = build_all(
            choice.folder,
            args.out,
            options,
            formats=args.formats,
            langs=args.lang,
            leaflets=args.leaflets,
            workers=workers,
            on_done=status,
            branches=args.branches,
            branch_ids=args.branch_ids,
            on_note=None if args.quiet else _note,
        )
    try:
        _report(args, written, status.seconds, time.perf_counter() - started, workers)
    except (KeyboardInterrupt, LeafletError) as error:  # stopped while printing: the files are in place
        say_outcome(error, f"every file was written to {args.out}")
        raise
    return 0


def _report(
    args: argparse.Namespace, written: list[tuple[Path, Rendered]], seconds: dict[str, float], took: float, workers: int
) -> None:
    if args.quiet:
        return
    lang = _lang(args)
    for line in _listing(written, seconds, args.out, lang):
        say(line)
    size = sum(len(document.pdf) for _, document in written) / 1024
    _say_in(
        lang,
        "wrote" if args.branches is None else "wrote_manifest",
        files=(len(written), "file"),
        size=f"{size:.0f}",
        out=args.out,
        seconds=f"{took:.2f}",
        jobs=workers,
    )
    if args.branches is not None and args.formats is None and args.lang is None:
        _say_in(lang, "no_bilingual_posters")


def _listing(written: list[tuple[Path, Rendered]], seconds: dict[str, float], out: Path, lang: str = "en") -> list[str]:
    """One line per file written, in build order: its pages and sizes, KB, and render time."""
    names = [path.relative_to(out).as_posix() for path, _ in written]
    rows = [
        (
            f"  {name}",
            _file_line(document, len(document.pdf) / 1024, seconds.get(name, 0.0), lang),
        )
        for name, (_, document) in zip(names, written, strict=True)
    ]
    return table(rows) if rows else []


def _file_line(document: Rendered, kilobytes: float, seconds: float, lang: str) -> str:
    """A written file's decisions, size and time, in ``lang`` (English: the document's own summary)."""
    if lang == "en":
        return f"{document.summary()}, {kilobytes:.0f} KB, {seconds:.2f} s"
    from .i18n import catalog

    words = catalog()
    parts = [words.text(f"cli.file_{what}", lang, **figures) for what, figures in document.decisions()]
    parts.append(words.text("cli.file_size", lang, kilobytes=f"{kilobytes:.0f}", seconds=f"{seconds:.2f}"))
    return ", ".join(parts)


def check(args: argparse.Namespace) -> int:
    choice = _content(args)
    from .content.check import check_content

    content = check_content(choice.folder)
    from .build import check_layouts, plan_jobs  # the layout, only for valid content
    from .parallel import default_jobs

    jobs = plan_jobs(content, leaflets=args.leaflets)
    branches = ""
    if args.branches is not None:
        from .build import branch_jobs, left_out_of_branch_builds

        jobs = [job for job in jobs if not left_out_of_branch_builds(job)]  # as `build --branches` makes them
        jobs = branch_jobs(content, jobs, args.branches, None)
        count = len({job.branch.id for job in jobs if job.branch is not None})
        from .i18n import catalog

        counted = plural(count, "branch", "branches") if _lang(args) == "en" else str(count)
        branches = catalog().text("cli.valid_branches", _lang(args), branches=counted, file=args.branches)
    check_layouts(content, jobs, workers=default_jobs())
    checked = {job.leaflet_id for job in jobs}
    described = "; ".join(
        f"{leaflet.id} ({', '.join(leaflet.languages)})"
        for leaflet in content.leaflets.values()
        if leaflet.id in checked
    )
    where = "" if choice.said else f"{choice.folder}: "  # a folder chosen for the user was named first
    _say_in(
        _lang(args),
        "valid",
        where=where,
        described=described,
        links=(len(content.links), "link"),
        branches=branches,
    )
    return 0


def formats(args: argparse.Namespace) -> int:
    from .layout.formats import FORMATS

    rows = [("format", "paper", "pages", "languages", "for")]
    rows += [
        (spec.name, spec.size_label(), spec.pages_label(), ", ".join(spec.editions), spec.description)
        for spec in FORMATS.values()
    ]
    for line in table(rows):
        say(line)
    return 0


def init(args: argparse.Namespace) -> int:
    from .starter import write_starter

    folder: Path = args.folder
    starter = write_starter(folder)
    guide = folder / "README.md"
    lang = _lang(args)
    _say_in(
        lang,
        "init_wrote",
        files=(starter.files, "file"),
        folder=folder,
        leaflets=(len(starter.leaflets), "leaflet"),
        ids=", ".join(starter.leaflets),
        guide=guide,
    )
    builds_here = folder.absolute() == LOCAL_CONTENT.absolute()
    content = "" if builds_here else f" --content {shlex.quote(str(folder))}"
    _say_in(lang, "init_next", command=f"leaflet check{content} && leaflet build{content}")
    return 0


def preview(args: argparse.Namespace) -> int:
    problem = folder_problem(args.pdfs, "--pdfs")
    if problem is not None:
        raise BuildError(str(problem))
    check_writable(args.out)  # a link to nowhere, /proc, no permission: said before any page is drawn
    from .pdf.preview import preview as render_previews

    written = render_previews(args.pdfs, args.out, pages=not args.no_pages, formats=args.formats, prefix=args.prefix)
    if not args.quiet:
        sheets = [path for path in written if path.parent == args.out]
        pictures = (len(written) - len(sheets), "page picture")
        counts = {"sheets": (len(sheets), "contact sheet"), "out": args.out}
        if args.no_pages:
            _say_in(_lang(args), "preview_wrote_sheets", **counts)
        else:
            _say_in(_lang(args), "preview_wrote", pictures=pictures, **counts)
    return 0
