"""Build documents into an output folder, atomically.

Everything is rendered in memory first; files are written only when every
requested document has rendered, each through a temporary file and a rename,
so a failed build leaves the output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content.check import check_content
from .content.model import Content
from .errors import BuildError, ContentError, Problem, UsageError
from .layout.document import Rendered
from .layout.formats import EDITIONS, FORMATS
from .parallel import Done, render_all
from .pdf.options import PrintOptions


@dataclass(frozen=True)
class Job:
    """One output file: a leaflet in a format and an edition."""

    leaflet_id: str
    format_name: str
    lang: str

    @property
    def file_name(self) -> str:
        return f"{self.leaflet_id}-{FORMATS[self.format_name].file_name(self.lang)}"


def plan_jobs(
    content: Content,
    formats: Iterable[str] | None = None,
    langs: Iterable[str] | None = None,
    leaflets: Iterable[str] | None = None,
) -> list[Job]:
    """Every (leaflet, format, edition) asked for.  ``None`` means all: every leaflet, every
    format, in every edition it is made in and the leaflet is written in.  Asking for a
    format in an edition it is not made in, or for a leaflet that does not exist, is a
    usage error that lists the valid choices."""
    names = list(dict.fromkeys(formats)) if formats is not None else list(FORMATS)
    editions = list(dict.fromkeys(langs)) if langs is not None else list(EDITIONS)
    ids = list(dict.fromkeys(leaflets)) if leaflets is not None else list(content.leaflets)
    unknown = [name for name in names if name not in FORMATS] + [code for code in editions if code not in EDITIONS]
    missing = [leaflet_id for leaflet_id in ids if leaflet_id not in content.leaflets]
    if missing:
        raise UsageError(
            f"no leaflet {', '.join(missing)} in {content.folder}.\n    leaflets there: {', '.join(content.leaflets)}"
        )
    pairs = [(name, code) for name in names if name in FORMATS for code in editions if code in EDITIONS]
    if formats is None or langs is None:  # "all" takes only the editions a format is made in
        pairs = [(name, code) for name, code in pairs if code in FORMATS[name].editions]
    invalid = [f"{name} in {code}" for name, code in pairs if code not in FORMATS[name].editions]
    jobs = [
        Job(leaflet_id, name, code)
        for leaflet_id in ids
        for name, code in pairs
        if set(EDITIONS[code].langs) <= set(content.leaflets[leaflet_id].languages)
    ]
    _refuse_same_names(content, jobs)
    if unknown or invalid or not jobs:
        asked = ", ".join(unknown + invalid) or "no format in " + ", ".join(editions)
        valid = "; ".join(f"{spec.name} ({', '.join(spec.editions)})" for spec in FORMATS.values())
        written = "; ".join(f"{leaflet.id} ({', '.join(leaflet.languages)})" for leaflet in content.leaflets.values())
        raise UsageError(
            f"cannot build {asked}.\n    valid --format (--lang) combinations: {valid}\n"
            f"    leaflets and their languages: {written}"
        )
    return jobs


def _refuse_same_names(content: Content, jobs: list[Job]) -> None:
    """Two leaflets whose files would have the same name ('x' as a poster, 'x-poster' as an
    A4 leaflet) are refused: one document must never silently replace another."""
    first: dict[str, Job] = {}
    problems = []
    for job in jobs:
        other = first.setdefault(job.file_name, job)
        if other is not job and other.leaflet_id != job.leaflet_id:
            problems.append(
                Problem(
                    content.leaflets[job.leaflet_id].folder,
                    0,
                    0,
                    "",
                    f"leaflets '{other.leaflet_id}' ({other.format_name}) and '{job.leaflet_id}' ({job.format_name}) "
                    f"would both be written as {job.file_name}",
                    "rename one of the two leaflet folders",
                )
            )
    if problems:
        raise ContentError(problems)


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: each to a temporary file beside it first (synced to disk),
    then rename them all into place.  A failure or Ctrl-C before the renames removes the
    temporary files and leaves every earlier file as it was; Ctrl-C during the renames waits
    for them to finish."""
    temporaries: list[Path] = []
    try:
        for path, data in files:
            temporaries.append(_write_temporary(path, data))
        with _interrupt_deferred():
            for temporary, (path, _) in zip(temporaries, files, strict=True):
                temporary.replace(path)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise


def _write_temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        os.fchmod(handle, 0o644)  # mkstemp makes 0600; a leaflet is for everyone to read
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs: the renames finish, so the output is
    never half old and half new; the build then ends normally, every file written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check_output(out_dir: Path, names: Iterable[str]) -> None:
    """Refuse at once an output folder that is a file, or a PDF name taken by a folder."""
    existing = next((folder for folder in (out_dir, *out_dir.parents) if folder.exists()), out_dir)
    if existing.exists() and not existing.is_dir():
        where = "this is a file" if existing == out_dir else f"{existing} is a file"
        raise BuildError(f"{out_dir}: --out must be a folder, but {where} (hint: give --out a folder)")
    for name in names:
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            raise BuildError(
                f"{path}: is a folder, so the PDF cannot be written there "
                "(hint: rename or move that folder, or give --out another folder)"
            )


# The drawing (ReportLab) is imported by the functions that draw: `leaflet check` of content
# whose layouts are all known never loads it.


def render_job(content: Content, job: Job, shared: dict[str, Any], options: PrintOptions) -> Rendered:
    from .pdf.documents import BuildCache, make_document

    cache = shared.setdefault("cache", BuildCache())
    return make_document(content, content.leaflets[job.leaflet_id], job.format_name, job.lang, options, cache)


def _needs(job: Job) -> Job | None:
    """The job whose pages this one reuses: a booklet is imposed from its leaflet's pages."""
    source = FORMATS[job.format_name].imposed_from
    return Job(job.leaflet_id, source, job.lang) if source else None


def render_jobs(
    content: Content,
    jobs: list[Job],
    options: PrintOptions | None = None,
    *,
    workers: int = 1,
    on_done: Callable[[Done[Job]], None] | None = None,
) -> list[Rendered]:
    """Every job's document, in job order, rendered in up to ``workers`` processes.  A job
    that fails does not stop the others: every failing document is reported, at once."""
    import leaflet.pdf.documents  # noqa: F401  # once, before the workers fork: they inherit it

    render_one = functools.partial(render_job, options=options or PrintOptions())
    # the editions of a leaflet's format render together: they share plans and drawn pages
    group = operator.attrgetter("leaflet_id", "format_name")
    done = render_all(content, jobs, render_one, workers=workers, group=group, after=_needs, on_done=on_done)
    problems = [problem for item in done if item.error is not None for problem in item.error.problems]
    if problems:
        raise ContentError(problems)
    return [item.document for item in done if item.document is not None]


def check_layouts(content: Content, jobs: list[Job], *, workers: int = 1) -> int:
    """Lay out every document of ``jobs`` in memory and report every one that cannot be laid
    out, as content problems; nothing is written and nothing is finished (a booklet and an
    archival copy are laid out as the format they are made from).

    An edition whose plan is kept on disk was laid out before from exactly this text, these
    links, images, fonts and this program (:mod:`leaflet.layout.keys`): it is known to fit
    and is not laid out again.  Returns how many documents were laid out."""
    from .layout.keys import edition_key
    from .layout.plan import PlanCache
    from .layout.plan_store import disk_store

    kept = PlanCache(disk_store())
    laid_out = [
        job
        for job in jobs
        if not FORMATS[job.format_name].imposed_from
        and not FORMATS[job.format_name].archival
        and kept.get(edition_key(content, content.leaflets[job.leaflet_id], job.lang, FORMATS[job.format_name])) is None
    ]
    if not laid_out:
        return 0
    done = render_all(
        content, laid_out, _draw_job, workers=workers, group=operator.attrgetter("leaflet_id", "format_name")
    )
    problems = [problem for item in done if item.error is not None for problem in item.error.problems]
    if problems:
        raise ContentError(problems)
    return len(laid_out)


def _draw_job(content: Content, job: Job, shared: dict[str, Any]) -> Rendered:
    from .pdf.documents import BuildCache, draw_document

    cache = shared.setdefault("cache", BuildCache())
    return draw_document(content, content.leaflets[job.leaflet_id], job.format_name, job.lang, cache)


def build(
    content_dir: Path,
    out_dir: Path,
    options: PrintOptions | None = None,
    *,
    formats: Iterable[str] | None = None,
    langs: Iterable[str] | None = None,
    leaflets: Iterable[str] | None = None,
    workers: int = 1,
    on_done: Callable[[Done[Job]], None] | None = None,
) -> list[tuple[Path, Rendered]]:
    """Check the content, render every document asked for (see :func:`plan_jobs`) in memory
    (``on_done`` hears of each one as it finishes), then write them all."""
    content = check_content(content_dir)
    jobs = plan_jobs(content, formats, langs, leaflets)
    check_output(out_dir, (job.file_name for job in jobs))
    documents = render_jobs(content, jobs, options, workers=workers, on_done=on_done)
    written = [(out_dir / job.file_name, document) for job, document in zip(jobs, documents, strict=True)]
    try:
        write_all([(path, document.pdf) for path, document in written])
    except OSError as error:
        where = error.filename if error.filename and not Path(error.filename).name.startswith(".") else out_dir
        raise BuildError(
            f"cannot write to {where}: {error.strerror or error} "
            "(hint: check that the folder can be written to and the disk is not full, or give --out another folder)"
        ) from error
    return written
