"""What every kind of layout returns and what a document says about itself: plain values,
read without ReportLab (``leaflet check`` and a build's report import this module; the document
template the layouts draw with is :mod:`leaflet.layout.doctemplate`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..content.inline import plain_text
from ..content.model import LANGUAGES, Content, Leaflet, LeafletText, QRPanel
from ..content.stamp import stamp_of
from .formats import FormatSpec

if TYPE_CHECKING:  # drawing is done by the caller; reading a document's facts needs no ReportLab
    from reportlab.pdfgen.canvas import Canvas

    from .marks import TagLog


@dataclass(frozen=True)
class Rendered:
    """A finished document and the decisions that made it."""

    pdf: bytes
    body_size: float
    pages: int
    lang: str  # the edition: "kk", "ru" or "kk-ru"
    spec: FormatSpec
    leading_ratios: tuple[float, ...] = ()  # per language of the edition
    headline_pt: float = 0.0  # a poster's headline size (its body_size is the steps')
    leaflet_id: str = ""
    qr_mm: tuple[float, ...] = ()  # the QR codes' size per language of the edition
    #: what the drawing marked, for a tagged format (leaflet.pdf.tagging writes the tree from it)
    tags: TagLog | None = None

    def decisions(self) -> list[tuple[str, dict[str, str]]]:
        """What was decided, as (what, its figures): the build's line for the file, in any
        language (``leaflet.commands`` words it from the message catalog, :meth:`summary` in English)."""
        found: list[tuple[str, dict[str, str]]] = [("pages", {"pages": str(self.pages)})]
        if self.headline_pt:  # a poster
            sizes = {"headline": f"{self.headline_pt:.0f}", "steps": f"{self.body_size:.0f}"}
            return [*found, ("poster", {**sizes, "qr": "/".join(f"{size:.0f}" for size in self.qr_mm)})]
        found.append(("body", {"size": f"{self.body_size:g}"}))
        if self.leading_ratios:
            found.append(
                ("leading", {"leading": "/".join(f"{ratio:g}" for ratio in dict.fromkeys(self.leading_ratios))})
            )
        if self.qr_mm:
            found.append(("qr", {"sizes": "/".join(f"{size:g}" for size in dict.fromkeys(self.qr_mm))}))
        return found

    def summary(self) -> str:
        """What the build output reports: pages and the sizes chosen (in English)."""
        return ", ".join(
            ("1 page" if what == "pages" and self.pages == 1 else _ENGLISH[what]).format(**figures)
            for what, figures in self.decisions()
        )


_ENGLISH = {
    "pages": "{pages} pages",
    "poster": "headline {headline} pt, steps {steps} pt, QR codes {qr} mm",
    "body": "body {size} pt",
    "leading": "leading {leading}×",
    "qr": "QR codes {sizes} mm",
}


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
    def of(cls, content: Content, leaflet: Leaflet, langs: tuple[str, ...]) -> DocumentInfo:
        """The information of a document in ``langs``: titles and subjects of every language."""
        texts = [leaflet.texts[lang] for lang in langs]
        stamp = stamp_of(leaflet, content.folder).text()
        qr_hosts = (content.links[link_id].host for link_id in texts[0].link_ids(QRPanel) if link_id in content.links)
        return cls(
            title=" / ".join(_title_bar(content, text) for text in texts),
            author=texts[0].meta.author,
            subject=" / ".join(text.meta.subject for text in texts if text.meta.subject),
            keywords="; ".join(part for part in (", ".join(dict.fromkeys(qr_hosts)), f"edition {stamp}") if part),
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


def _title_bar(content: Content, text: LeafletText) -> str:
    """A language's title in the document's properties, shown in a phone's title bar: its
    markup removed (``**``, a ``{link_id}`` printed as its label) and its line breaks spaces."""
    labels = {link_id: link.label(text.lang) for link_id, link in content.links.items()}
    return " ".join(plain_text(text.document_title, labels).split())
