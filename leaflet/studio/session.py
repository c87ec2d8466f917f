"""What the studio does with a leaflet: open it, check it, preview it, save it.

The page's texts are checked exactly as ``leaflet check`` checks files, because they *are*
files by then: the YAML the page would save is written into a private copy of the leaflet
(a temporary folder holding ``links.yaml`` and the leaflet's folder) and the project's own
:func:`leaflet.content.check.check_content` reads that copy.  Problems come back keyed by
language and key path (``blocks[4].steps[2].title``), which is how the page names its fields.

Nothing here takes a path from the page: a leaflet is chosen by its id among the leaflets of
the content folder, and every file written is one of that leaflet's language files (or its
backup or draft in the content folder's ``.studio`` folder), checked to lie inside the
content folder.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import io
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.check import check_content
from ..content.loader import LEAFLET_FILE, LINKS_FILE, read_content
from ..content.model import Content
from ..errors import ContentError, LeafletError, Problem
from ..i18n import catalog
from . import yamltexts

#: the studio's own folder in the content folder: hidden, so no leaflet is read from it
STUDIO_FOLDER = ".studio"
#: the preview's resolution: a page as wide as the preview panel on a laptop screen
PREVIEW_DPI = 96
#: how many YAML texts made from the page are kept (the last few edits of each language)
KEPT_TEXTS = 8


class StudioError(LeafletError):
    """A request the studio refuses (an unknown leaflet, a file outside the content folder)."""


@dataclass
class Checked:
    """The page's texts as YAML, and every problem ``leaflet check`` finds in them."""

    yaml: dict[str, str]
    problems: list[Problem]
    content: Content | None = None


@dataclass
class Session:
    """One studio session on one content folder."""

    folder: Path
    #: one lock per kind of work: a check never waits for a preview being drawn
    locks: dict[str, threading.Lock] = field(
        default_factory=lambda: {name: threading.Lock() for name in ("check", "preview", "yaml", "fit")}
    )
    #: the language files as read from disk (by path, time and size), and the YAML made from
    #: the page's texts lately: ruamel.yaml takes about 20 ms to read a file and 15 ms to write one
    documents: dict[str, tuple[tuple[int, int], Any]] = field(default_factory=dict)
    written: dict[tuple[str, int, int, str], str] = field(default_factory=dict)
    last_checked: tuple[str, dict[str, str], Checked] | None = None
    index: tuple[tuple[tuple[str, int, int], ...], dict[str, tuple[str, ...]]] | None = None
    #: how many times the page has asked whether the texts fit every format (only the last counts)
    fits_asked: int = 0
    sandboxes: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.folder = self.folder.resolve()

    # -- reading ------------------------------------------------------------------------------

    def content(self) -> Content:
        """The content folder as it is on disk (structure only: it may have problems)."""
        return read_content(self.folder).content

    def leaflets(self) -> dict[str, tuple[str, ...]]:
        """The content folder's leaflets and their languages, read again only when a file of
        the folder has changed (reading the whole folder takes about 45 ms; each edit asks)."""
        stamp = tuple(
            (
                entry.name,
                entry.stat().st_mtime_ns,
                *((entry / LEAFLET_FILE).stat().st_mtime_ns if (entry / LEAFLET_FILE).is_file() else 0,),
            )
            for entry in sorted(self.folder.iterdir())
        )
        if self.index is None or self.index[0] != stamp:
            content = self.content()
            self.index = (stamp, {leaflet.id: leaflet.languages for leaflet in content.leaflets.values()})
        return self.index[1]

    def leaflet_folder(self, leaflet_id: str) -> Path:
        """The folder of a leaflet of this content folder, or StudioError."""
        if leaflet_id not in self.leaflets():
            raise StudioError(f"no leaflet {leaflet_id!r} in {self.folder}")
        return self.inside(self.folder / leaflet_id)

    def inside(self, path: Path) -> Path:
        """``path`` if it is in the content folder and no link leads elsewhere; else StudioError."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.folder) or (path.is_symlink()):
            raise StudioError(f"{path} is outside the content folder")
        return resolved

    def languages(self, leaflet_id: str) -> tuple[str, ...]:
        self.leaflet_folder(leaflet_id)
        return self.leaflets()[leaflet_id]

    def open(self, leaflet_id: str, *, draft: bool = False) -> dict[str, Any]:
        """The texts of a leaflet as plain data, one document per language."""
        folder = self.leaflet_folder(leaflet_id)
        texts = {}
        for lang in self.languages(leaflet_id):
            path = self.draft_file(leaflet_id, lang) if draft else self.inside(folder / f"{lang}.yaml")
            texts[lang] = yamltexts.as_data(yamltexts.read(path))
        return texts

    def has_draft(self, leaflet_id: str) -> bool:
        return all(self.draft_file(leaflet_id, lang).is_file() for lang in self.languages(leaflet_id))

    def draft_file(self, leaflet_id: str, lang: str) -> Path:
        return self.folder / STUDIO_FOLDER / "drafts" / leaflet_id / f"{lang}.yaml"

    def backup_file(self, leaflet_id: str, lang: str) -> Path:
        return self.folder / STUDIO_FOLDER / "backup" / leaflet_id / f"{lang}.yaml"

    # -- checking -----------------------------------------------------------------------------

    def as_yaml(self, leaflet_id: str, texts: Mapping[str, Any]) -> dict[str, str]:
        """The YAML files the page's texts would be saved as: each language file from disk
        with the page's data merged in (comments and order kept)."""
        folder = self.leaflet_folder(leaflet_id)
        languages = self.languages(leaflet_id)
        if set(texts) != set(languages):
            raise StudioError(f"texts for {sorted(texts)}, but the leaflet is written in {list(languages)}")
        files = {}
        for lang in languages:
            path = self.inside(folder / f"{lang}.yaml")
            stat = path.stat()
            data = json.dumps(texts[lang], sort_keys=True, ensure_ascii=False)
            key = (str(path), stat.st_mtime_ns, stat.st_size, data)
            with self.locks["yaml"]:
                if key not in self.written:
                    # a typing pause changes one language: the other's YAML is the one made last time
                    stamp = (stat.st_mtime_ns, stat.st_size)
                    if self.documents.get(str(path), (None, None))[0] != stamp:
                        self.documents[str(path)] = (stamp, yamltexts.read(path))
                    document = copy.deepcopy(self.documents[str(path)][1])
                    self.written[key] = yamltexts.dump(yamltexts.merge(document, texts[lang]))
                    while len(self.written) > KEPT_TEXTS:
                        del self.written[next(iter(self.written))]
                files[lang] = self.written[key]
        return files

    def _sandbox(self, purpose: str, leaflet_id: str) -> Path:
        """A private copy of links.yaml and the leaflet's folder (its pictures too): the page's
        texts are written there to be checked and drawn.  One per purpose (check, preview)."""
        root = self.sandboxes.get(purpose)
        if root is None:
            root = Path(tempfile.mkdtemp(prefix=f"leaflet-studio-{purpose}-"))
            self.sandboxes[purpose] = root
        copy = root / leaflet_id
        for old in root.iterdir():
            if old.is_dir() and old.name != leaflet_id:
                shutil.rmtree(old)
        shutil.copyfile(self.folder / LINKS_FILE, root / LINKS_FILE)
        if not copy.is_dir():
            shutil.copytree(self.leaflet_folder(leaflet_id), copy, ignore=shutil.ignore_patterns(".*"))
        shutil.copyfile(self.folder / leaflet_id / LEAFLET_FILE, copy / LEAFLET_FILE)
        return root

    def check(self, leaflet_id: str, texts: Mapping[str, Any], purpose: str = "check") -> Checked:
        """Every problem ``leaflet check`` finds in the content (without laying it out)."""
        files = self.as_yaml(leaflet_id, texts)
        with self.locks[purpose]:
            root = self._sandbox(purpose, leaflet_id)
            for lang, text in files.items():
                (root / leaflet_id / f"{lang}.yaml").write_text(text, encoding="utf-8")
            try:
                checked = Checked(files, [], check_content(root))
            except ContentError as error:
                checked = Checked(files, [self._here(problem, root) for problem in error.problems])
        self.last_checked = (leaflet_id, files, checked)
        return checked

    def checked_last(self, leaflet_id: str, texts: Mapping[str, Any]) -> Checked | None:
        """The last check's result if it was of these texts: the page asks for the pages of the
        texts it has just had checked, which need not be read and checked again."""
        last = self.last_checked
        if last is None or last[0] != leaflet_id or last[1] != self.as_yaml(leaflet_id, texts):
            return None
        return last[2]

    def _here(self, problem: Problem, root: Path) -> Problem:
        """A problem of the private copy, named as the content folder's file."""

        def real(text: str) -> str:
            return text.replace(str(root), str(self.folder))

        return Problem(
            real(problem.file), problem.line, problem.column, problem.key, real(problem.message), real(problem.hint)
        )

    def check_layouts(self, leaflet_id: str, checked: Checked, *, locked: bool = False) -> list[Problem]:
        """What ``leaflet check`` adds: every format and language laid out (nothing written)."""
        from ..build import check_layouts, plan_jobs

        if checked.content is None:
            return checked.problems
        with contextlib.nullcontext() if locked else self.locks["fit"]:  # the next edits' checks do not wait
            try:
                check_layouts(checked.content, plan_jobs(checked.content, leaflets=[leaflet_id]), workers=1)
            except ContentError as error:
                return [self._here(problem, Path(checked.content.folder)) for problem in error.problems]
        return []

    def fits(self, leaflet_id: str, texts: Mapping[str, Any]) -> list[Problem] | None:
        """The layout problems of every format and language (``leaflet check``'s last part), or
        None when the texts have problems of their own (nothing can be laid out then)."""
        with self.locks["yaml"]:
            self.fits_asked += 1
            mine = self.fits_asked
        checked = self.checked_last(leaflet_id, texts) or self.check(leaflet_id, texts)
        if checked.content is None:
            return None
        with self.locks["fit"]:
            if mine != self.fits_asked:  # the page has asked again since: this one is out of date
                return None
            return self.check_layouts(leaflet_id, checked, locked=True)

    # -- preview ------------------------------------------------------------------------------

    def preview(self, leaflet_id: str, texts: Mapping[str, Any], format_name: str, edition: str) -> Preview:
        """The pages of one format and edition as PNG images, or the problems that stop it."""
        from ..layout.formats import EDITIONS, FORMATS
        from ..pdf.documents import BuildCache, draw_document

        if format_name not in FORMATS or edition not in FORMATS[format_name].editions:
            raise StudioError(f"no format {format_name!r} in {edition!r}")
        started = time.perf_counter()
        checked = self.checked_last(leaflet_id, texts) or self.check(leaflet_id, texts, purpose="preview")
        if checked.content is None:  # the page shows these at their fields: the pages stay as they were
            return Preview([], [], time.perf_counter() - started, stale=True)
        leaflet = checked.content.leaflets[leaflet_id]
        if not set(EDITIONS[edition].langs) <= set(leaflet.languages):
            raise StudioError(f"{leaflet_id} is not written in {edition}")
        source = FORMATS[format_name].drawn_from  # a booklet, an archival copy: the pages they are made from
        with self.locks["preview"]:
            try:
                document = draw_document(checked.content, leaflet, source, edition, BuildCache())
            except ContentError as error:
                problems = [self._here(problem, Path(checked.content.folder)) for problem in error.problems]
                return Preview([], problems, time.perf_counter() - started)
            pages = page_images(document.pdf, PREVIEW_DPI)
        return Preview(pages, [], time.perf_counter() - started)

    # -- saving -------------------------------------------------------------------------------

    def save(self, leaflet_id: str, texts: Mapping[str, Any], *, draft: bool) -> Saved:
        """Write the texts: checked and laid out in every format, or refused; as a draft, always
        (into the content folder's .studio/drafts, where nothing is ever built from)."""
        checked = self.check(leaflet_id, texts)
        problems = checked.problems or self.check_layouts(leaflet_id, checked)
        folder = self.leaflet_folder(leaflet_id)
        if draft:
            targets = {lang: self.draft_file(leaflet_id, lang) for lang in checked.yaml}
            write_all([(path, checked.yaml[lang].encode()) for lang, path in targets.items()])
            return Saved(list(targets.values()), problems, draft=True)
        if problems:
            return Saved([], problems, draft=False)
        targets = {lang: self.inside(folder / f"{lang}.yaml") for lang in checked.yaml}
        backups = []
        for lang, path in targets.items():
            backups.append((self.backup_file(leaflet_id, lang), path.read_bytes()))
        write_all(backups)  # the previous version first: a failed save leaves it and the files as they were
        write_all([(path, checked.yaml[lang].encode()) for lang, path in targets.items()])
        for lang in targets:  # the draft is saved for real now
            self.draft_file(leaflet_id, lang).unlink(missing_ok=True)
        return Saved(list(targets.values()), [], draft=False)

    def close(self) -> None:
        for root in self.sandboxes.values():
            shutil.rmtree(root, ignore_errors=True)
        self.sandboxes.clear()


@dataclass
class Preview:
    pages: list[str]  # PNG images as data: URLs
    problems: list[Problem]  # what stops this format from being laid out
    seconds: float
    stale: bool = False  # the texts have problems: nothing was drawn


@dataclass
class Saved:
    files: list[Path]
    problems: list[Problem]
    draft: bool


def page_images(pdf: bytes, dpi: float) -> list[str]:
    """Every page of a PDF as a PNG data: URL, rendered by PDFium as Chrome does."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)  # speed over size: the page is on this machine
            images.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
    finally:
        document.close()
    return images


def problem_data(problem: Problem, session_folder: Path, leaflet_id: str, lang: str) -> dict[str, Any]:
    """A problem for the page: which text (language and key path), what is wrong and what to do,
    in the interface language ``lang``; ``where`` is the file and line, for the curious."""
    messages = catalog()
    file = Path(problem.file)
    text_lang = ""
    if file.parent.name == leaflet_id and file.suffix == ".yaml" and file.parent.parent == session_folder:
        text_lang = file.stem if file.stem in ("kk", "ru") else ""
    try:
        shown_file = file.relative_to(session_folder).as_posix()
    except ValueError:
        shown_file = file.name
    return {
        "lang": text_lang,
        "key": problem.key,
        "message": messages.problem(problem.message, lang),
        "hint": messages.problem(problem.hint, lang),
        "where": f"{shown_file}:{problem.line}" if problem.line else shown_file,
    }


Translate = Callable[[Problem], dict[str, Any]]


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file or none of a folder's (leaflet.output: staged, then renamed into place,
    the earlier files put back if a rename fails); the files here are always in one folder."""
    from ..output import write_set

    folders = {path.parent for path, _ in files}
    assert len(folders) <= 1, "a save writes into one folder at a time"
    for folder in folders:
        write_set(folder, [(path.name, data) for path, data in files])
