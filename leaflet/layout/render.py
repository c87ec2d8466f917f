"""Lay out a leaflet in one format: choose the body size and leading, build the PDF bytes.

The fit decision is plain data (:class:`Fit`): the largest body size in the
format's list whose lines hold 45-75 characters and at which every section
lands where the layout wants it within the format's page count; then the
largest leading (1.3-1.5 × the size, with the paragraph spacing) at which it
still does, so the text fills its pages instead of leaving the last one half
empty.  A bilingual edition prints every language at the same body size.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from .. import __version__
from . import fitcache
from ..errors import BuildError
from .fonts import FONTS, average_advance, register_fonts
from .formats import EDITIONS, LEADING_RATIOS, MAX_LINE_CHARS, MIN_LINE_CHARS, FormatSpec
from .layouts import LAYOUTS, Anchor, LayoutPlan
from ..content.model import LANGUAGES, Content, leaflet_texts
from ..pdf.pdfwrite import concatenate
from .story import StoryBuilder
from .theme import make_styles, to_cmyk
from ..units import mm


@dataclass(frozen=True)
class Fit:
    """Where one language's text landed at one body size and leading."""

    body_size: float
    leading_ratio: float
    pages: int
    fits: bool
    pdf: bytes
    overflow: str = ""  # why it does not fit, for the error message
    pad: int = 0  # page breaks added after the text to reach the page count
    last_height: float = 0.0  # the last page's columns shortened to this height to end level (0: not)
    #: how far down each column of the last page the text reaches, and how tall they may be
    #: (layouts whose last page has columns to balance; empty otherwise)
    filled: tuple[float, ...] = ()
    balance_height: float = 0.0

    def step(self) -> tuple[float, float, int, float]:
        """The decision this fit replays from: body size, leading, page breaks, column height."""
        return (self.body_size, self.leading_ratio, self.pad, self.last_height)


@dataclass(frozen=True)
class Rendered:
    """A finished document and the decisions that made it."""

    pdf: bytes
    body_size: float
    pages: int
    lang: str  # the edition: "kk", "ru" or "kk-ru"
    spec: FormatSpec
    leading_ratios: tuple[float, ...] = ()  # per language of the edition
    details: str = ""  # what else was decided (posters: headline and step sizes)

    def summary(self) -> str:
        """What the build output reports: pages and the sizes chosen."""
        parts = [f"{self.pages} pages"]
        if self.details:
            parts.append(self.details)
        else:
            leading = "/".join(f"{ratio:g}" for ratio in dict.fromkeys(self.leading_ratios))
            parts.append(f"body {self.body_size:g} pt" + (f", leading {leading}×" if leading else ""))
        return ", ".join(parts)


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself (title, language, ...), alike for every kind of document."""

    title: str
    author: str
    subject: str
    keywords: str
    lang: str  # the PDF language tag of the edition's first language
    creator: str = f"leaflet {__version__}"
    producer: str = f"leaflet {__version__} (ReportLab)"

    @classmethod
    def of(cls, content: Content, langs: tuple[str, ...]) -> DocumentInfo:
        """The information of a document in ``langs``: titles and subjects of every language."""
        leaflets = [content.leaflets[lang] for lang in langs]
        return cls(
            title=" / ".join(leaflet.meta.title for leaflet in leaflets),
            author=leaflets[0].meta.author,
            subject=" / ".join(leaflet.meta.subject for leaflet in leaflets),
            keywords=", ".join(link.host for link in content.qr_links()),
            lang=LANGUAGES[langs[0]].pdf_lang,
        )

    def doc_options(self) -> dict[str, str]:
        """As keyword arguments of ReportLab's BaseDocTemplate."""
        return asdict(self)

    def write_to(self, canvas: Canvas) -> None:
        """Onto a canvas made without a doc template (its language is set when it is made)."""
        canvas.setTitle(self.title)
        canvas.setAuthor(self.author)
        canvas.setSubject(self.subject)
        canvas.setCreator(self.creator)
        canvas.setProducer(self.producer)
        canvas.setKeywords(self.keywords)


class _LeafletDoc(BaseDocTemplate):  # type: ignore[misc]
    """Records where every :class:`Anchor` lands: page, frame, and how far down the frame."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        #: anchor name -> (page, frame id, frame's index on its page, depth below the frame's top)
        self.anchors: dict[str, tuple[int, str, int, float]] = {}
        #: (page, frame id) -> how far down the frame its text reaches
        self.filled: dict[tuple[int, str], float] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        frame = self.frame
        if frame is None:  # an action between pages (a page template switch)
            return
        depth = frame._y2 - frame._y
        if isinstance(flowable, Anchor):
            index = self.pageTemplate.frames.index(frame)
            self.anchors[flowable.name] = (self.page, frame.id, index, depth)
        elif depth > self.filled.get((self.page, frame.id), 0.0):
            self.filled[(self.page, frame.id)] = depth


@fitcache.shared_pass  # a build computes a pass once (a bilingual edition repeats its languages')
def _build(
    content: Content,
    lang: str,
    spec: FormatSpec,
    size: float,
    leading: float,
    pad: int,
    last_height: float,
    cmyk: bool,
) -> Fit:
    styles = make_styles(size, leading_ratio=leading, title_ratio=spec.title_ratio, caption_size=spec.caption_pt)
    plan = LAYOUTS[spec.layout](StoryBuilder(content, lang, styles, spec.qr_symbol_mm), spec, pad, last_height)
    buffer = io.BytesIO()
    doc = _LeafletDoc(
        buffer,
        pagesize=spec.page_size,
        pageTemplates=plan.templates,
        **DocumentInfo.of(content, (lang,)).doc_options(),
        displayDocTitle=1,
        invariant=1,
        initialFontName=FONTS.regular,  # never an unembedded Helvetica in the page resources
        enforceColorSpace=to_cmyk if cmyk else None,  # every colour of the page goes through it
    )
    doc.build(list(plan.story))
    fits, overflow = _check(doc, plan, spec)
    filled = tuple(doc.filled.get((spec.pages, frame_id), 0.0) for frame_id in plan.balance)
    return Fit(
        size,
        leading,
        doc.page,
        fits and doc.page <= spec.pages,
        buffer.getvalue(),
        overflow,
        pad,
        last_height,
        filled,
        plan.balance_height,
    )


#: what the reader of an error message calls the section that ends at each anchor
SECTION_NAMES = {
    "header_end": "the title",
    "cover_end": "the opening (title, key message, how fraudsters act and the warning)",
}


def _check(doc: _LeafletDoc, plan: LayoutPlan, spec: FormatSpec) -> tuple[bool, str]:
    """Whether every anchor landed where the plan expects; if not, how far off."""
    for name, (page, frame_ids) in plan.expect.items():
        landed = doc.anchors.get(name)
        if landed is None:
            return False, f"{SECTION_NAMES.get(name, 'the text')} was not laid out"
        if landed[0] > page or landed[1] not in frame_ids:
            if name != "end":
                section = SECTION_NAMES.get(name, "the text")
                return False, f"{section} runs on to page {landed[0]} (it must end on page {page})"
            text_height = spec.height - 2 * spec.margin
            over = ((landed[0] - page - 1) * spec.columns + landed[2]) * text_height + landed[3]
            capacity = text_height * spec.columns * spec.pages
            return False, (
                f"it needs {landed[0]} pages for {page}: about {over / mm:.0f} mm of text "
                f"too much, {100 * over / capacity:.0f} % of the pages' text area"
            )
    return True, ""


def _fit_leading(build: Callable[[float, int, float], Fit], first: Fit, pages: int) -> Fit:
    """The fit at the largest leading that keeps ``first``'s size on its pages, padded to
    ``pages``, with the last page's columns balanced."""
    best = first
    for ratio in LEADING_RATIOS:
        if ratio <= first.leading_ratio:
            break
        trial = build(ratio, 0, 0.0)
        if trial.fits:
            best = trial
            break
    if best.pages < pages:
        best = build(best.leading_ratio, pages - best.pages, 0.0)
    return _balance(build, best, pages)


#: the last page's columns are balanced when one ends this much of the column's height
#: above the other (a hole beside a full column); a smaller difference stays
UNBALANCED = 0.25
#: how many column heights balancing tries, a line apart, before it leaves the page as it is
BALANCE_TRIES = 4


def _balance(build: Callable[[float, int, float], Fit], fit: Fit, pages: int) -> Fit:
    """``fit`` with the columns of its last page shortened to end about level, when one of
    them ends far above the other; ``fit`` itself when they nearly end level already, or
    when no shorter height keeps the text on its pages.

    Tries from the mean of the columns' heights a line at a time: the text moves in whole
    paragraphs and kept groups, so the columns cannot always end exactly level."""
    if fit.pad or not fit.filled or max(fit.filled) - min(fit.filled) < UNBALANCED * fit.balance_height:
        return fit
    line = round(fit.body_size * fit.leading_ratio, 2)
    height = sum(fit.filled) / len(fit.filled)
    for _ in range(BALANCE_TRIES):
        if height >= fit.balance_height:
            break
        trial = build(fit.leading_ratio, 0, round(height, 2))
        if trial.fits and trial.pages == pages:
            return trial
        height += line
    return fit


def candidate_sizes(content: Content, lang: str, spec: FormatSpec) -> tuple[float, ...]:
    """The format's body sizes whose lines hold PRINT.md's 45-75 characters, largest first."""
    advance = average_advance(" ".join(text for _, text in leaflet_texts(content.leaflets[lang])))  # in em
    column = spec.column_width()
    # the characters of this language's text an average line of a column holds at each size
    sizes = tuple(size for size in spec.body_sizes if MIN_LINE_CHARS <= column / (advance * size) <= MAX_LINE_CHARS)
    if not sizes:
        raise BuildError(
            f"{spec.file_name(lang)}: with this {lang} text no body size from {spec.body_sizes[0]:g} to "
            f"{spec.body_sizes[-1]:g} pt gives lines of {MIN_LINE_CHARS}-{MAX_LINE_CHARS} characters in the "
            f"{spec.column_width() / mm:.0f} mm column (hint: look for unusually wide or narrow characters or "
            f"very long words in {content.folder}/{lang}.yaml)"
        )
    return sizes


def _rendered(fits: list[Fit], lang: str, spec: FormatSpec) -> Rendered:
    pdf = fits[0].pdf if len(fits) == 1 else concatenate([fit.pdf for fit in fits])
    pages = sum(fit.pages for fit in fits)
    return Rendered(pdf, fits[0].body_size, pages, lang, spec, tuple(fit.leading_ratio for fit in fits))


def render(content: Content, lang: str, spec: FormatSpec, *, cmyk: bool = False) -> Rendered:
    """The document at the largest body size at which every language of the edition
    ``lang`` fits exactly ``spec.pages`` pages with lines of 45-75 characters."""
    register_fonts()
    langs = EDITIONS[lang].langs
    key = fitcache.fit_key(content, lang, spec, cmyk)
    remembered = fitcache.recall(key)
    if remembered is not None:  # the same text laid out before in this process: one pass per language
        replayed = [_build(content, code, spec, *step, cmyk=cmyk) for code, step in zip(langs, remembered, strict=True)]
        if all(fit.fits and fit.pages == spec.pages for fit in replayed):
            return _rendered(replayed, lang, spec)
    sizes = sorted(set.intersection(*(set(candidate_sizes(content, code, spec)) for code in langs)), reverse=True)
    floor = min(LEADING_RATIOS)
    tried: list[str] = []
    for size in sizes:
        firsts = {code: _build(content, code, spec, size, floor, 0, 0.0, cmyk) for code in langs}
        misfits = [f"{code}: {fit.overflow}" for code, fit in firsts.items() if not fit.fits]
        if misfits:
            tried.append(f"at {size:g} pt " + "; ".join(misfits))
            continue
        fits = [
            _fit_leading(functools.partial(_build, content, code, spec, size, cmyk=cmyk), firsts[code], spec.pages)
            for code in langs
        ]
        fitcache.remember(key, tuple(fit.step() for fit in fits))
        return _rendered(fits, lang, spec)
    raise BuildError(
        f"{spec.file_name(lang)}: the text does not fit {spec.pages} pages of the {spec.name} format even at "
        f"the minimum body size {sizes[-1] if sizes else spec.body_sizes[-1]:g} pt and leading {floor:g}× "
        f"({tried[-1] if tried else 'no body size is allowed in every language'}) "
        f"(hint: shorten the text in {content.folder}/{'.yaml, '.join(langs)}.yaml, or build another format)"
    )
