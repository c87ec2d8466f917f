"""Any leaflet, any length (issue 8, item 8): varied leaflets built in every format.

Each fixture leaflet of :mod:`tests.leaflet_fixtures` is built once (every format, every
edition, in one process: the tests of a fixture leaflet are a group that one pytest-xdist
worker runs while the others run other tests) and either builds, and then every printed PDF is read back (no empty
page, the back-page block on the last page, every QR code scanning at 150 dpi under its own
caption, the page counts within the format's budget, body text at 12 pt or more), or a
document fails with one content problem that names the leaflet and the file to change.

Which documents cannot be made is reasoned below from the page geometry and PRINT.md's
minimum sizes, not taken from what the program does.
"""

from __future__ import annotations

import functools
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from leaflet.build import Job, check_layouts, plan_jobs
from leaflet.content.blocks import leaflet_fields
from leaflet.content.check import check_content
from leaflet.content.inline import plain_text
from leaflet.content.loader import load_content
from leaflet.content.model import Callout, Contacts, Content, Image, Leaflet, LeafletText, QRPanel
from leaflet.errors import ContentError, Problem
from leaflet.layout.formats import EDITIONS
from leaflet.parallel import Done

from .conftest import made_once
from .leaflet_fixtures import IMAGE_SIZE, VARIANTS, build_variant, built_once_name
from .pdfread import PT_PER_MM, as_int, bounded_text, glyphs, qr_codes, reader_of, render, resources

DPI = 150
POSTERS = ("poster-a4", "poster-a3", "poster-a2")
#: the page budgets of issue 8: A4 one sheet printed on both sides, else two; an A5 booklet of
#: one, two or three folded sheets (per language); a poster one page; the phone PDF up to 60
A4_PAGES = (2, 4)
A5_PAGES = (4, 8, 12)
SHARE_MAX_PAGES = 60
#: PRINT.md: body text in leaflets at least 12 pt; nothing (captions) under 9 pt
MIN_BODY_PT = 12.0
MIN_ANY_PT = 9.0
#: a page "has text" when it has at least this many letters of its own (not the title, not
#: the back-page block): one short line
MIN_LETTERS = 10

Document = tuple[str, str]  # (format, edition)


def every(formats: tuple[str, ...], editions: tuple[str, ...]) -> set[Document]:
    return {(name, edition) for name in formats for edition in editions}


# -- what cannot be made, from first principles ----------------------------------------------
#
# A poster (designed at A4: 210 × 297 mm less 12 mm margins, so 186 × 273 mm) sets its QR codes
# in one row at 40 mm (PRINT.md).  Five 40 mm symbols are 200 mm wide before any quiet zone
# (ISO/IEC 18004: 4 modules each side) or gap between captions: more than the row's 186 mm.
# So a poster of the 5-code leaflet cannot be made, in any size (A3 and A2 are the A4 design
# scaled) or edition, and must be reported as a located problem that says so, with the limit.
#
# A bilingual poster sets the languages in two columns of (186 - 8) / 2 = 89 mm.  At the
# smallest sizes PRINT.md allows (headline 36 pt, steps 18 pt bold at 1.25 leading = 22.5 pt)
# a column holds about 20 characters a line beside the step number, so the 2-5 word short
# forms take one or two lines; ten steps (four of the shipped short forms need two lines in
# one language or the other) take at least (10 + 4) × 22.5 pt plus nine gaps between rows of
# 0.45 × 18 pt ≈ 388 pt ≈ 137 mm; the two headlines (44 and 56 characters at 36 pt, about 23
# to a line across the page) at least 4 lines ≈ 57 mm; the QR row a 40 mm code in its 55 mm
# white box, then the address and two purposes under it (≥ 20 mm); the hotline a line of
# 18 pt.  That is over 273 mm before any space between the blocks: the bilingual posters of
# the 10-step and the double-length (12-step) leaflets cannot be made.  A single-language
# poster has the whole 186 mm width: every short form takes one line, so ten steps need
# about 105 mm, and the whole poster about 250 mm of the 273 mm: it must build.  Twelve steps
# (the double-length leaflet) need about 127 mm of rows, and the whole poster 260-275 mm:
# too close to call by estimate, so either outcome is right, as long as a failure is located.
#
# Everything else fits: the A4 and A5 budgets go up to 2 and 3 times the pages of the shipped
# text (which fits the smallest budget at 12 pt), the phone PDF to 60 pages, and the back
# block's rows of QR codes (at most 5) stay far under the 60 % of a page the layout allows.

BILINGUAL_POSTERS = every(POSTERS, ("kk-ru",))
SINGLE_POSTERS = every(POSTERS, ("kk", "ru"))
#: document -> words its problem must say
MUST_FAIL: dict[str, dict[Document, tuple[str, ...]]] = {
    "qr-5": dict.fromkeys(BILINGUAL_POSTERS | SINGLE_POSTERS, ("5 QR codes", "at most")),
    "steps-10": dict.fromkeys(BILINGUAL_POSTERS, ("do not fit", "poster")),
    "double": dict.fromkeys(BILINGUAL_POSTERS, ("do not fit", "poster")),
}
#: documents whose outcome the estimate cannot tell (failing, they must fail as located problems)
MAY_FAIL: dict[str, dict[Document, tuple[str, ...]]] = {
    "double": dict.fromkeys(SINGLE_POSTERS, ("do not fit", "poster")),
}


# -- one build per fixture leaflet -------------------------------------------------------------


@dataclass
class Outcome:
    """What building one fixture leaflet in every format gave."""

    name: str
    folder: Path  # the content folder
    content: Content
    out: Path
    done: dict[Document, Done[Job]]  # every document the build finished, built or refused
    error: BaseException | None  # what build() raised
    trace: str  # where it raised it (the end of the traceback)
    files: dict[Document, Path]  # every built document, written out here by the test

    @property
    def leaflet(self) -> Leaflet:
        return self.content.leaflets[self.name]

    def text(self, lang: str) -> LeafletText:
        return self.leaflet.texts[lang]

    def documents(self, *formats: str) -> list[tuple[Document, Path]]:
        return sorted((key, path) for key, path in self.files.items() if key[0] in formats)

    def failed(self) -> dict[Document, ContentError]:
        return {key: done.error for key, done in self.done.items() if done.error is not None}


#: every fixture leaflet is a build of every format (about a second each)
pytestmark = pytest.mark.slow

#: the fixture leaflets built here: all but "qr-4", which is the shipped text as "steps-6" is
#: (the same YAML: see test_the_four_code_leaflet_is_the_six_step_leaflet), built once
BUILT = [name for name in VARIANTS if name != "qr-4"]


def variant(name: str) -> object:
    """A fixture leaflet as a parameter: its tests are one group, run by one pytest-xdist worker."""
    return pytest.param(name, id=name, marks=pytest.mark.xdist_group(built_once_name(name)))


@pytest.fixture(scope="module", params=[variant(name) for name in BUILT])
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The fixture leaflet built once in the test run (see :func:`build_variant`), read back."""
    name: str = request.param
    root = made_once(tmp_path_factory, built_once_name(name), functools.partial(build_variant, name))
    reported, raised_error = pickle.loads((root / "outcome.pickle").read_bytes())
    done_by_document: dict[Document, Done[Job]] = {}
    files: dict[Document, Path] = {}
    for job, document, seconds, problems in reported:
        key = (job.format_name, job.lang)
        done_by_document[key] = Done(job, document, seconds, ContentError(problems) if problems else None)
        if document is not None:
            files[key] = root / "rendered" / job.file_name
    error: BaseException | None = None
    trace = ""
    if isinstance(raised_error, tuple) and isinstance(raised_error[0], str):  # not a ContentError
        error, trace = RuntimeError(raised_error[0]), raised_error[1]
    elif raised_error:
        error = ContentError(raised_error)
    folder = root / "content"
    return Outcome(name, folder, load_content(folder), root / "out", done_by_document, error, trace, files)


def internal_error(outcome: Outcome) -> str:
    error = outcome.error
    assert error is not None
    return f"{outcome.name}: the build raised {error!r}\n" + outcome.trace


# -- reading the PDFs ------------------------------------------------------------------------


@functools.cache
def page_texts(path: Path) -> tuple[str, ...]:
    """The text of every page (pdfium: the same text as pypdf, several times faster)."""
    document = pdfium.PdfDocument(path)
    try:
        return tuple(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


def squash(text: str) -> str:
    """Text without whitespace: a caption wraps where it likes."""
    return re.sub(r"\s+", "", text)


def letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def parts(outcome: Outcome, key: Document, path: Path) -> list[tuple[str, range]]:
    """The language parts of an A4 or A5 document, one after the other, Kazakh first: each
    opens with its own title (each language has its own page count in a bilingual booklet,
    every one a multiple of 4)."""
    langs = EDITIONS[key[1]].langs
    texts = [squash(text) for text in page_texts(path)]
    starts = [0]
    for lang in langs[1:]:
        title = squash(plain_text(outcome.text(lang).title, labels(outcome.content, lang)))
        starts.append(next(index for index in range(starts[-1] + 1, len(texts)) if title in texts[index]))
    ends = [*starts[1:], len(texts)]
    return [(lang, range(start, end)) for lang, start, end in zip(langs, starts, ends, strict=True)]


def labels(content: Content, lang: str) -> dict[str, str]:
    return {link_id: link.label(lang) for link_id, link in content.links.items()}


def back_strings(outcome: Outcome, lang: str) -> list[str]:
    """The texts of the back-page block: each QR code's address and purpose, each contact's
    label and purpose."""
    text = outcome.text(lang)
    ids = (*text.link_ids(QRPanel, back_only=True), *text.link_ids(Contacts, back_only=True))
    links = [outcome.content.links[link_id] for link_id in ids]
    return [value for link in links for value in (link.label(lang), link.purposes.get(lang, "")) if value]


def back_purposes(outcome: Outcome, lang: str) -> list[str]:
    """The texts printed only in the back-page block: the purposes of its links that the text
    itself does not use (a purpose may name a thing the steps name too)."""
    text = outcome.text(lang)
    body = squash(" ".join(field.text for field in leaflet_fields(text) if not field.key.startswith(("back", "meta"))))
    ids = (*text.link_ids(QRPanel, back_only=True), *text.link_ids(Contacts, back_only=True))
    purposes = [outcome.content.links[link_id].purposes.get(lang, "") for link_id in ids]
    return [purpose for purpose in purposes if purpose and squash(purpose) not in body]


def own_letters(page_text: str, skipped: list[str]) -> int:
    """The letters of a page that are not in ``skipped`` (the title, the back-page block)."""
    rest = squash(page_text)
    for text in sorted(skipped, key=len, reverse=True):
        rest = rest.replace(squash(text), "")
    return letters(rest)


def pdf_images(path: Path) -> list[tuple[int, int]]:
    """The pixel size of every raster image drawn on the pages."""
    found = []
    for page in reader_of(path).pages:
        for xobject in resources(page, "/XObject"):
            if xobject.get("/Subtype") == "/Image":
                found.append((as_int(xobject["/Width"]), as_int(xobject["/Height"])))
    return found


# -- the outcome ---------------------------------------------------------------------------


def problem_faults(outcome: Outcome, document: Document, problem: Problem, words: tuple[str, ...]) -> list[str]:
    """What a problem of ``document`` fails to say: the leaflet, the format, and a line of a
    file of one of the document's languages (empty when it says all that)."""
    format_name, edition = document
    files = {str(outcome.folder / outcome.name / f"{lang}.yaml") for lang in EDITIONS[edition].langs}
    # a booklet is the A5 imposed, an archival copy the phone PDF: either name is right
    names = {format_name, format_name.removesuffix("-pdfa"), "a5" if format_name == "a5-booklet" else format_name}
    faults = [] if problem.file in files else [f"not in a file of {edition}"]
    faults += [] if problem.line > 0 and problem.key else ["no line and key"]
    faults += [] if outcome.name in problem.message else ["no leaflet id"]
    if not any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", problem.message) for name in names):
        faults.append(f"no format name {format_name}")
    faults += [f"no {word!r}" for word in words if word not in problem.message]
    if "QR codes" in " ".join(words):  # the limit, under the five asked for
        limit = re.search(r"at most (\d+)", problem.message)
        if not (limit and 1 <= int(limit.group(1)) < 5):
            faults.append("no limit under 5")
    return [f"{document}: {fault}: {problem}" for fault in faults]


def text_length(text: LeafletText) -> int:
    """The characters of a text's printed fields (not the PDF properties)."""
    return sum(len(field.text) for field in leaflet_fields(text) if not field.key.startswith("meta"))


#: what each fixture leaflet is, against the shipped one: (steps, QR codes, languages, callouts,
#: pictures, length as a share of the shipped text)
SHAPES: dict[str, tuple[int, int, tuple[str, ...], int, int, tuple[float, float]]] = {
    "steps-1": (1, 4, ("kk", "ru"), 1, 0, (0.2, 0.5)),
    "steps-3": (3, 4, ("kk", "ru"), 1, 0, (0.4, 0.7)),
    "steps-6": (6, 4, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "steps-10": (10, 4, ("kk", "ru"), 1, 0, (1.2, 1.5)),
    "half": (3, 4, ("kk", "ru"), 1, 0, (0.4, 0.6)),
    "double": (12, 4, ("kk", "ru"), 2, 0, (1.8, 2.2)),
    "qr-0": (6, 0, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "qr-1": (6, 1, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "qr-2": (6, 2, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "qr-4": (6, 4, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "qr-5": (6, 5, ("kk", "ru"), 1, 0, (1.0, 1.0)),
    "ru-only": (6, 4, ("ru",), 1, 0, (1.0, 1.0)),
    "no-callout": (6, 4, ("kk", "ru"), 0, 0, (0.85, 0.99)),
    "image": (6, 4, ("kk", "ru"), 1, 1, (1.0, 1.05)),
}


def test_the_four_code_leaflet_is_the_six_step_leaflet() -> None:
    """Both are the shipped text written anew: one is built, for both."""
    assert VARIANTS["qr-4"].source() == VARIANTS["steps-6"].source()
    assert SHAPES["qr-4"] == SHAPES["steps-6"]


def test_each_fixture_leaflet_is_what_it_says(outcome: Outcome, shipped: Leaflet) -> None:
    """The fixtures against the shipped leaflet: so a passing build means what its name says."""
    steps, codes, languages, callouts, pictures, (shortest, longest) = SHAPES[outcome.name]
    assert outcome.leaflet.languages == languages
    ids = {lang: [step.id for step in outcome.text(lang).steps()] for lang in languages}
    for lang in languages:
        text = outcome.text(lang)
        assert len(ids[lang]) == steps and len(set(ids[lang])) == steps and ids[lang] == ids[languages[0]]
        assert len(text.link_ids(QRPanel)) == codes
        blocks = list(text.all_blocks())
        assert sum(isinstance(block, Callout) for block in blocks) == callouts
        pictures_here = [block for block in blocks if isinstance(block, Image)]
        assert len(pictures_here) == pictures and all(block.alt for block in pictures_here)
        share = text_length(text) / text_length(shipped.texts[lang])
        assert shortest - 0.005 <= share <= longest + 0.005, (lang, share)


def test_builds_or_fails_with_one_located_problem_per_document(outcome: Outcome) -> None:
    """Every document of every format is made, or refused with one content problem located in
    the leaflet's text; exactly the documents reasoned above are refused; never another error."""
    assert outcome.error is None or isinstance(outcome.error, ContentError), internal_error(outcome)
    jobs = plan_jobs(outcome.content)
    documents = {(job.format_name, job.lang) for job in jobs}
    must_fail, may_fail = MUST_FAIL.get(outcome.name, {}), MAY_FAIL.get(outcome.name, {})
    assert set(must_fail) | set(may_fail) <= documents
    assert set(outcome.done) == documents, f"neither built nor refused: {sorted(documents - set(outcome.done))}"
    failed = outcome.failed()
    assert set(must_fail) <= set(failed), f"made, but cannot be: {sorted(set(must_fail) - set(failed))}"
    unexpected = {key: [str(problem) for problem in failed[key].problems] for key in set(failed) - set(must_fail)}
    assert set(unexpected) <= set(may_fail), f"should have been made: {unexpected}"
    for key, error in failed.items():
        assert len(error.problems) == 1, (key, [str(problem) for problem in error.problems])
        faults = problem_faults(outcome, key, error.problems[0], {**may_fail, **must_fail}[key])
        assert not faults, faults
    for size in ("poster-a3", "poster-a2"):  # the A4 design scaled: the same outcome
        for edition in EDITIONS:
            if ("poster-a4", edition) in documents:
                assert ((size, edition) in failed) == (("poster-a4", edition) in failed), (size, edition)
    if failed:  # every failing document reported at once, and nothing written
        assert isinstance(outcome.error, ContentError)
        assert set(outcome.error.problems) == {problem for error in failed.values() for problem in error.problems}
        assert not outcome.out.exists() or not any(outcome.out.iterdir())
    else:
        assert outcome.error is None
        assert sorted(path.name for path in outcome.out.iterdir()) == sorted(job.file_name for job in jobs)


@pytest.mark.parametrize("outcome", [variant(name) for name in sorted(MUST_FAIL)], indirect=True)
def test_check_reports_what_the_build_cannot_make(outcome: Outcome) -> None:
    """`leaflet check` lays every format out: it refuses exactly what the build refuses.  (For
    the leaflets that build, the build itself has laid out every format already.)"""
    content = check_content(outcome.folder)
    reported: set[Problem] = set()
    try:
        check_layouts(content, plan_jobs(content), workers=1)
    except ContentError as error:
        reported = set(error.problems)
    if isinstance(outcome.error, ContentError):
        assert reported == set(outcome.error.problems)
    elif outcome.error is None:
        assert not reported, [str(problem) for problem in reported]
    else:  # the build broke: check still refuses, located, what cannot be made
        for document, words in MUST_FAIL.get(outcome.name, {}).items():
            faults = [problem_faults(outcome, document, problem, words) for problem in reported]
            assert any(not fault for fault in faults), (document, faults)


# -- every built document --------------------------------------------------------------------


def test_page_counts_within_the_budgets(outcome: Outcome) -> None:
    assert outcome.files, "nothing was built"
    for (format_name, edition), path in outcome.files.items():
        pages = len(page_texts(path))
        key = (format_name, edition)
        document = outcome.done[key].document
        assert document is not None and pages == document.pages, f"{key}: the build said it has other pages"
        langs = EDITIONS[edition].langs
        if format_name == "a4":
            assert pages in A4_PAGES, (key, pages)
        elif format_name == "a5":
            for lang, own in parts(outcome, key, path):  # each language part opens with its own title
                assert len(own) in A5_PAGES, (key, lang, len(own))
                assert squash(outcome.text(lang).title) in squash(page_texts(path)[own[0]]), (key, lang)
        elif format_name == "a5-booklet":
            assert pages * 2 % 4 == 0, (key, pages)  # folded sheets: every language's part a multiple of 4
            if ("a5", edition) in outcome.files:
                assert 2 * pages == len(page_texts(outcome.files[("a5", edition)])), key
        elif format_name in POSTERS:
            assert pages == 1, key
        else:
            assert 1 <= pages <= SHARE_MAX_PAGES * len(langs), (key, pages)


def test_no_empty_page(outcome: Outcome) -> None:
    """Every page carries text of its own: on A4 and A5 more than the title and the back-page
    block; every half of a booklet side; every page of a poster and of the phone PDF."""
    for (format_name, edition), path in outcome.files.items():
        key = (format_name, edition)
        texts = page_texts(path)
        if format_name in ("a4", "a5"):
            for lang, own in parts(outcome, key, path):
                skipped = [outcome.text(lang).title, *back_strings(outcome, lang)]
                for index in own:
                    assert own_letters(texts[index], skipped) >= MIN_LETTERS, f"{key}: page {index + 1} is empty"
        elif format_name == "a5-booklet":
            for index, page in enumerate(reader_of(path).pages):
                width, height = float(page.mediabox.width), float(page.mediabox.height)
                for half in ((0, 0, width / 2, height), (width / 2, 0, width, height)):
                    side = bounded_text(path, index, half)
                    assert letters(side) >= MIN_LETTERS, f"{key}: side {index + 1} has an empty page"
        else:
            for index, text in enumerate(texts):
                assert letters(text) >= MIN_LETTERS, f"{key}: page {index + 1} is empty"


def test_back_page_block_on_the_last_page(outcome: Outcome) -> None:
    """The QR codes' addresses and purposes and the back page's contacts (the hotline) are on
    the last page of each language part of A4 and A5, and the purposes nowhere before."""
    checked = 0
    for key, path in outcome.documents("a4", "a5"):
        texts = page_texts(path)
        for lang, own in parts(outcome, key, path):
            last = squash(texts[own[-1]])
            for text in back_strings(outcome, lang):
                assert squash(text) in last, (key, lang, text)
            for index in own[:-1]:
                for purpose in back_purposes(outcome, lang):
                    assert squash(purpose) not in squash(texts[index]), (key, lang, index + 1, purpose)
            checked += 1
    assert checked, "no A4 or A5 document was built"
    for lang in outcome.leaflet.languages:  # the hotline is on the back page of every leaflet here
        assert labels(outcome.content, lang)["arrfr_phone"] in back_strings(outcome, lang)
        assert back_purposes(outcome, lang), "the back page says something the text does not"


def code_box(page_height: float, code: zxingcpp.Barcode) -> tuple[float, float, float, float]:
    """A decoded code's symbol as (left, bottom, right, top) in PDF points."""
    position = code.position
    xs = [point.x for point in (position.top_left, position.top_right, position.bottom_left, position.bottom_right)]
    ys = [point.y for point in (position.top_left, position.top_right, position.bottom_left, position.bottom_right)]
    scale = 72 / DPI
    return min(xs) * scale, page_height - max(ys) * scale, max(xs) * scale, page_height - min(ys) * scale


def test_every_qr_code_scans_under_its_own_caption(outcome: Outcome) -> None:
    """At 150 dpi (about what a phone camera resolves) on A4, A5 and the A4 poster: every code
    of the leaflet's QR panels decodes to its link's address, on the last page of its language
    part, with no text over it and its address printed under it."""
    for key, path in outcome.documents("a4", "a5", "poster-a4"):
        format_name, edition = key
        langs = EDITIONS[edition].langs
        # a poster shows one row of codes for its languages; A4 and A5 a panel per language
        spans = [(langs[0], range(1))] if format_name == "poster-a4" else parts(outcome, key, path)
        reader = reader_of(path)
        found: list[str] = []
        for lang, own in spans:
            expected = [outcome.content.links[link_id] for link_id in outcome.text(lang).link_ids(QRPanel)]
            for index in own:
                page = reader.pages[index]
                height = float(page.mediabox.height)
                image = render(path, index, DPI)
                codes = qr_codes(image)
                if index != own[-1]:
                    assert not codes, f"{key}: QR codes on page {index + 1}, before the last page of {lang}"
                    continue
                assert sorted(code.text for code in codes) == sorted(link.url for link in expected), (key, lang)
                printed = glyphs(path, index)
                for code in codes:
                    left, bottom, right, top = code_box(height, code)
                    assert (right - left) / PT_PER_MM >= 20, f"{key}: {code.text} is under 20 mm"
                    over = "".join(g.char for g in printed if left + 1 < g.x < right - 1 and bottom + 1 < g.y < top - 1)
                    assert not over, f"{key}: text over the code of {code.text}: {over}"
                    width = right - left
                    under = (left - width / 4, bottom - width / 2 - 14, right + width / 4, bottom)
                    label = next(link for link in expected if link.url == code.text).label(lang)
                    caption = bounded_text(path, index, under)
                    assert label in caption, f"{key}: no {label!r} under its code: {caption!r}"
                    others = [link.label(lang) for link in expected if link.url != code.text]
                    assert not [other for other in others if other not in label and other in caption], (key, caption)
                found += [code.text for code in codes]
        per_part = sum(len(outcome.text(lang).link_ids(QRPanel)) for lang, _ in spans)
        assert len(found) == per_part, (key, found)


def test_body_text_at_least_12_pt(outcome: Outcome) -> None:
    """The size most of the text is set in: the printed size of every character, as the pages'
    text and transformation matrices give it."""
    for key, path in outcome.documents("a4", "a5"):
        sizes: Counter[float] = Counter()
        for index in range(len(page_texts(path))):
            for glyph in glyphs(path, index):
                sizes[round(glyph.size, 1)] += 1
        body, _ = sizes.most_common(1)[0]
        assert body >= MIN_BODY_PT, (key, sizes.most_common(3))
        assert min(sizes) >= MIN_ANY_PT - 0.05, (key, sorted(sizes))


def test_every_step_printed_in_order(outcome: Outcome) -> None:
    """The steps of the leaflet, as many as it has: titles on A4, short forms on the A4 poster."""
    for (format_name, edition), path in outcome.documents("a4", "poster-a4"):
        printed = squash(" ".join(page_texts(path)))
        for lang in EDITIONS[edition].langs:
            steps = outcome.text(lang).steps()
            position = 0
            for step in steps:
                wanted = squash(step.title if format_name == "a4" else step.short)
                found = printed.find(wanted, position)
                assert found >= 0, (format_name, edition, step.id)
                position = found + len(wanted)


def test_pictures_are_printed(outcome: Outcome) -> None:
    """The leaflet's pictures are on A4, A5 and the phone PDF, at their pixel size, and nothing
    else is a raster image (QR codes are vector)."""
    pictures = [block for block in outcome.text(outcome.leaflet.languages[0]).all_blocks() if isinstance(block, Image)]
    for (format_name, edition), path in outcome.files.items():
        images = pdf_images(path)
        if format_name in ("a4", "a5", "share", "share-pdfa"):
            assert images == [IMAGE_SIZE] * len(pictures) * len(EDITIONS[edition].langs), (format_name, edition)
        elif format_name in POSTERS:
            assert not images, (format_name, edition)
