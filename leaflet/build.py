"""Build documents into an output folder, atomically.

Everything is rendered in memory first; files are written only when every
requested document has rendered, all or nothing (:mod:`leaflet.output`), so a
failed or interrupted build leaves the output folder exactly as it was.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import stages
from .content.check import check_content
from .content.model import Branch, Content, Leaflet
from .errors import BuildError, ContentError, Problem, UsageError
from .interrupts import checkpoint, say_outcome
from .layout.document import Rendered
from .layout.formats import EDITIONS, FORMATS
from .output import write_set
from .parallel import Done, render_all
from .pdf.options import PrintOptions


@dataclass(frozen=True)
class Job:
    """One output file: a leaflet in a format and an edition, for a branch or for none."""

    leaflet_id: str
    format_name: str
    lang: str
    branch: Branch | None = None

    @property
    def file_name(self) -> str:
        """The file's path in the output folder: a branch's files in a folder of its own."""
        name = f"{self.leaflet_id}-{FORMATS[self.format_name].file_name(self.lang)}"
        return f"{self.branch.id}/{name}" if self.branch is not None else name

    def leaflet(self, content: Content) -> Leaflet:
        """The leaflet this job draws: a branch edition carries its branch."""
        leaflet = content.leaflets[self.leaflet_id]
        return replace(leaflet, branch=self.branch) if self.branch is not None else leaflet

    def task(self) -> tuple[str, str, str]:
        """What renders in one process: a leaflet's format, for one branch (shared plans, drawn pages)."""
        return (self.branch.id if self.branch is not None else "", self.leaflet_id, self.format_name)


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


#: the list of a branch build's files, in its output folder
MANIFEST = "manifest.csv"


def left_out_of_branch_builds(job: Job) -> bool:
    """Made per branch only when asked for by --format and --lang: a bilingual poster, whose two
    headlines and two columns of steps leave little room for a footer (the shipped text's needs
    7 % more than an A4 sheet with the band).  ``leaflet build`` says so when it leaves them out."""
    return FORMATS[job.format_name].layout == "poster" and len(EDITIONS[job.lang].langs) > 1


def branch_jobs(content: Content, jobs: list[Job], path: Path, branch_ids: Iterable[str] | None) -> list[Job]:
    """``jobs`` once for every branch of the list at ``path`` (only ``branch_ids`` when given),
    after checking the list and that every branch's band fits every format asked for."""
    from .content.branches import read_branches
    from .layout.branding import band_fit_problems

    listed = read_branches(path, content)
    by_id = {branch.id: branch for branch in listed.branches}
    wanted = list(dict.fromkeys(branch_ids)) if branch_ids is not None else list(by_id)
    unknown = [branch_id for branch_id in wanted if branch_id not in by_id]
    if unknown:
        raise UsageError(
            f"no branch {', '.join(unknown)} in {listed.file}.\n    branches there: {', '.join(by_id) or '(none)'}"
        )
    chosen = [by_id[branch_id] for branch_id in wanted]
    outputs = dict.fromkeys((job.format_name, job.lang) for job in jobs)
    problems = band_fit_problems(listed.file, chosen, outputs)
    if problems:
        raise ContentError(problems)
    return [replace(job, branch=branch) for branch in chosen for job in jobs]


def manifest(jobs: list[Job], documents: list[Rendered]) -> bytes:
    """What a branch build made, one row a file: a bank can see, and check, every copy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("branch", "leaflet", "format", "edition", "file", "pages", "bytes", "sha256"))
    for job, document in zip(jobs, documents, strict=True):
        branch = job.branch.id if job.branch is not None else ""
        digest = hashlib.sha256(document.pdf).hexdigest()
        row = (
            branch,
            job.leaflet_id,
            job.format_name,
            job.lang,
            job.file_name,
            document.pages,
            len(document.pdf),
            digest,
        )
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


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
    return make_document(content, job.leaflet(content), job.format_name, job.lang, options, cache)


def _needs(job: Job) -> Job | None:
    """The job whose pages this one reuses: a booklet is imposed from its leaflet's pages, the
    phone PDF's archival copy is made from the phone PDF's drawing."""
    source = FORMATS[job.format_name].drawn_from
    return replace(job, format_name=source) if source != job.format_name else None


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
    done = render_all(content, jobs, render_one, workers=workers, group=Job.task, after=_needs, on_done=on_done)
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
    and is not laid out again; of the documents that share a key (branch editions whose bands
    take as many lines) one is laid out.  Returns how many documents were laid out."""
    from .layout.keys import edition_key
    from .layout.plan import PlanCache
    from .layout.plan_store import disk_store

    kept = PlanCache(disk_store())
    laid_out: list[Job] = []
    keys: set[Hashable] = set()
    for job in jobs:
        spec = FORMATS[job.format_name]
        if spec.drawn_from != spec.name:  # its source's layout proves it
            continue
        key = edition_key(content, job.leaflet(content), job.lang, spec)
        # one layout proves every document of its key: branches whose bands match share one
        if key not in keys and kept.get(key) is None:
            keys.add(key)
            laid_out.append(job)
    if not laid_out:
        return 0
    done = render_all(content, laid_out, _draw_job, workers=workers, group=Job.task)
    problems = [problem for item in done if item.error is not None for problem in item.error.problems]
    if problems:
        raise ContentError(problems)
    return len(laid_out)


def _draw_job(content: Content, job: Job, shared: dict[str, Any]) -> Rendered:
    from .pdf.documents import BuildCache, draw_document

    cache = shared.setdefault("cache", BuildCache())
    return draw_document(content, job.leaflet(content), job.format_name, job.lang, cache)


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
    branches: Path | None = None,
    branch_ids: Iterable[str] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> list[tuple[Path, Rendered]]:
    """Check the content, render every document asked for (see :func:`plan_jobs`) in memory
    (``on_done`` hears of each one as it finishes), then write them all.  With a branch list,
    every document once per branch (``branch_ids``: only those), each branch in a folder of
    its own, and ``manifest.csv`` listing every file.  ``on_note`` hears what the clean-up of
    an earlier, stopped build's leftovers did (:class:`leaflet.output.Cleaned`)."""
    content = check_content(content_dir)
    jobs = plan_jobs(content, formats, langs, leaflets)
    if branches is not None:
        if formats is None and langs is None:
            jobs = [job for job in jobs if not left_out_of_branch_builds(job)]
        jobs = branch_jobs(content, jobs, branches, branch_ids)
    check_output(out_dir, [job.file_name for job in jobs] + ([MANIFEST] if branches is not None else []))
    documents = render_jobs(content, jobs, options, workers=workers, on_done=on_done)
    written = [(out_dir / job.file_name, document) for job, document in zip(jobs, documents, strict=True)]
    files = [(job.file_name, document.pdf) for job, document in zip(jobs, documents, strict=True)]
    if branches is not None:
        files.append((MANIFEST, manifest(jobs, documents)))
    checkpoint()  # a signal whose exception a library swallowed still stops the build here
    cleaned = write_set(out_dir, files)
    try:
        stages.reached("written")
        for note in cleaned.notes(out_dir):
            (on_note or (lambda text: None))(note)
    except KeyboardInterrupt as error:
        say_outcome(error, f"every file was written to {out_dir}")
        raise
    return written
