"""Content + styles -> platypus flowables.  The only module that writes Paragraph markup.

Every piece of content text goes through :meth:`StoryBuilder.markup`, which
escapes ``&``, ``<`` and ``>`` so that no content can inject ReportLab markup,
turns ``{link_id}`` into a link annotation and ``**...**`` into bold, and puts
characters the text font lacks into the symbol font.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from .flowables import BalancedParagraph, StepHeading, WholeParagraph, cell_padding, text_table
from .fonts import FONTS, text_font_has
from ..content.inline import parse_inline
from ..content.model import LANGUAGES, Content, Item, Link, Step
from .qr import QRFlowable
from .theme import PALETTE, Styles

ARROW = "\u2192"
ENVELOPE = "\u2709"
PHONE = "\u260e"
WARNING_SIGN = "\u26a0"
#: the styles of short display lines, set with balanced line breaks
BALANCED_STYLES = frozenset({"title", "heading", "step_title", "motto"})


@functools.lru_cache(maxsize=4096)  # the same texts come back in every pass of the fit search
def font_runs(text: str) -> str:
    """Escape text and wrap characters the text font lacks in the symbol font."""
    out: list[str] = []
    for char in text:
        piece = escape(char)
        out.append(piece if text_font_has(char) else f'<font name="{FONTS.symbols}">{piece}</font>')
    return "".join(out).replace(f'</font><font name="{FONTS.symbols}">', "")


def _join(groups: list[list[Flowable]], flowable: Flowable, glue: bool) -> None:
    """Add ``flowable`` to the last of ``groups`` (``glue``) or as a new group."""
    if glue:
        groups[-1].append(flowable)
    else:
        groups.append([flowable])


def _keep(group: list[Flowable]) -> Flowable:
    """A group of flowables that moves as one to the next column or page when it does not
    fit the rest of this one (it splits only when it is taller than a whole column)."""
    return group[0] if len(group) == 1 else KeepTogether(group)


def _link(href: str, markup: str) -> str:
    """``markup`` as a link to ``href``: bold, in the accent colour."""
    return f'<a href={quoteattr(href)} color="{PALETTE.accent.hexval()}"><b>{markup}</b></a>'


class StoryBuilder:
    """Builds the flowables of one language's leaflet for one body size."""

    def __init__(self, content: Content, lang: str, styles: Styles, qr_symbol_mm: float) -> None:
        self.content = content
        self.leaflet = content.leaflets[lang]
        self.lang = lang
        self.styles = styles
        self.qr_symbol_mm = qr_symbol_mm

    # -- markup -----------------------------------------------------------------------------
    def link_markup(self, link_id: str, label: str | None = None) -> str:
        link = self.content.links[link_id]
        return _link(link.url, font_runs(label if label is not None else link.label(self.lang)))

    def purpose_markup(self, link: Link) -> str:
        """What the link is for, in this language, as markup ('' if the registry says nothing)."""
        purpose = link.purposes.get(self.lang)
        return font_runs(purpose) if purpose else ""

    def markup(self, text: str) -> str:
        parts = []
        for span in parse_inline(text):
            piece = self.link_markup(span.link) if span.link else font_runs(span.text)
            parts.append(f"<b>{piece}</b>" if span.bold and not span.link else piece)
        return "".join(parts)

    def paragraph(self, text: str, style_name: str, **kwargs: object) -> Paragraph:
        """``text`` in the style named; titles, headings and the motto break into lines of
        about equal length (no line holding a lone word)."""
        kind = BalancedParagraph if style_name in BALANCED_STYLES else Paragraph
        return kind(self.markup(text), getattr(self.styles, style_name), **kwargs)

    def item_markup(self, item: Item) -> str:
        markup = self.markup(item.text)
        if item.path:
            arrow = f" {font_runs(ARROW)} "
            path = arrow.join(f"<b>«{font_runs(part)}»</b>" for part in item.path)
            markup = f"{markup} {path}" if markup else path
        if item.after:
            markup += " " + self.markup(item.after)
        return markup

    # -- sections ---------------------------------------------------------------------------
    def title(self) -> list[Flowable]:
        return [self.paragraph(self.leaflet.title, "title")]

    def lead(self) -> list[Flowable]:
        return [self.paragraph(text, "lead") for text in self.leaflet.lead]

    def tactics(self) -> list[Flowable]:
        flowables: list[Flowable] = [self.paragraph(self.leaflet.tactics_heading, "heading")]
        flowables += [self.bullet(text) for text in self.leaflet.tactics]
        return flowables

    def bullet(self, text: str) -> Paragraph:
        return WholeParagraph(self.markup(text), self.styles.item, bulletText="\u2022")

    def warning(self) -> list[Flowable]:
        """The WhatsApp warning: a bordered, tinted box with a sign and a heading (not colour alone)."""
        heading = BalancedParagraph(
            f"{font_runs(WARNING_SIGN)} {self.markup(self.leaflet.warning_heading)}", self.styles.warning_heading
        )
        text = self.paragraph(self.leaflet.warning_text, "warning_text")
        pad = self.styles.body_size * 0.6
        border = 2.5
        box = text_table(
            [[[heading, text]]],
            inset=border / 2,  # the border stays inside the column and the page margin
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), PALETTE.warning_tint),
                    ("BOX", (0, 0), (-1, -1), border, PALETTE.warning),
                    *cell_padding(pad),
                ]
            ),
        )
        box.spaceBefore = self.styles.body_size * 0.6
        box.spaceAfter = self.styles.body_size * 0.6
        return [box]

    def steps(self) -> list[Flowable]:
        # headings that must not end a page wait here for the next step's first group:
        # the section heading, and the heading of a step with no body
        pending: list[Flowable] = [self.paragraph(self.leaflet.steps_heading, "heading")]
        flowables: list[Flowable] = []
        for number, step in enumerate(self.leaflet.steps, start=1):
            first, *rest = self.step(number, step)
            group = first._content if isinstance(first, KeepTogether) else [first]
            if not step.body and number < len(self.leaflet.steps):
                pending += group
                continue
            flowables += [KeepTogether([*pending, *group]), *rest]
            pending = []
        return flowables + pending

    def step(self, number: int, step: Step) -> list[Flowable]:
        """The step's heading and body.  Each paragraph and list item moves whole to the
        next column or page rather than split there (a menu path broken across a page
        turn is hard to follow), and what leads into something stays with it: the
        heading with the first block, a text with the list it introduces, an item with
        its first sub-item; a note, which speaks of what comes before it, stays with that."""
        heading = StepHeading(number, self.paragraph(step.title, "step_title"), self.styles)
        groups: list[list[Flowable]] = [[heading]]
        glue = True  # the next paragraph joins the last group
        for index, block in enumerate(step.body):
            if block.kind == "text":
                _join(groups, WholeParagraph(self.markup(block.text), self.styles.body), glue)
                following = step.body[index + 1].kind if index + 1 < len(step.body) else ""
                glue = following in ("bullets", "numbered")  # a text that introduces a list
            elif block.kind == "note":
                _join(groups, self.note(block.text), True)
                glue = False
            else:
                for number_in_list, item in enumerate(block.items, start=1):
                    marker = f"{number_in_list}." if block.kind == "numbered" else "\u2022"
                    item_paragraph = WholeParagraph(self.item_markup(item), self.styles.item, bulletText=marker)
                    _join(groups, item_paragraph, glue)
                    glue = bool(item.bullets)  # an item that introduces sub-items
                    for sub in item.bullets:
                        sub_paragraph = WholeParagraph(self.item_markup(sub), self.styles.subitem, bulletText="\u2013")
                        _join(groups, sub_paragraph, glue)
                        glue = False
                glue = False
        return [_keep(group) for group in groups]

    def note(self, text: str) -> Table:
        """An important remark on a tinted panel, marked "!" (not colour alone); the panel
        stays inside the column, so no tint reaches into the page margin."""
        style = self.styles.note
        pad = self.styles.body_size * 0.35
        box = text_table(
            [[Paragraph(self.markup(text), style, bulletText="!")]],
            style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), PALETTE.panel_tint), *cell_padding(pad * 1.2, pad)]),
        )
        box.spaceBefore, box.spaceAfter = style.spaceBefore, style.spaceAfter
        return box

    def share(self) -> list[Flowable]:
        share = self.leaflet.share
        # the heading and the invitation ("write to us:") stay with the address they lead to
        opening = [
            self.paragraph(share.heading, "heading"),
            self.paragraph(share.text, "body"),
            Paragraph(f"{font_runs(ENVELOPE)} {self.link_markup(share.contact)}", self.styles.lead),
        ]
        return [KeepTogether(opening), self.paragraph(share.details, "body"), self.paragraph(share.outro, "body")]

    def closing(self) -> list[Flowable]:
        """The motto, with the signature beside it at the right: one sign-off line."""
        signature = self.paragraph(self.leaflet.signature, "signature")
        signature.style = ParagraphStyle("signature_right", parent=self.styles.signature, alignment=TA_RIGHT)
        line = text_table(
            [[self.paragraph(self.leaflet.motto, "motto"), signature]],
            colWidths=["78%", "22%"],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *cell_padding(0)]),
        )
        line.spaceBefore = self.styles.motto.spaceBefore
        return [line]

    def qr_cell(self, link_id: str) -> list[Flowable]:
        link = self.content.links[link_id]
        code = QRFlowable(link.url, self.qr_symbol_mm)
        code.hAlign = "CENTER"
        cells: list[Flowable] = [code, Paragraph(self.link_markup(link_id), self.styles.caption)]
        purpose = self.purpose_markup(link)
        if purpose:
            cells.append(BalancedParagraph(purpose, self.styles.caption_purpose))
        return cells

    def qr_panel(self, width: float, columns: int) -> list[Flowable]:
        """Every QR link of the registry in a grid, each code with its address and purpose."""
        cells = [self.qr_cell(link.id) for link in self.content.qr_links()]
        rows = [cells[start : start + columns] for start in range(0, len(cells), columns)]
        if rows and len(rows[-1]) < columns:
            rows[-1] += [[] for _ in range(columns - len(rows[-1]))]
        gap = self.styles.body_size * 0.5
        table = text_table(
            rows,
            colWidths=[width / columns] * columns,
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    *cell_padding(2, 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -2), gap),  # between rows, none under the last
                ]
            ),
        )
        return [table]

    def contacts(self) -> list[Flowable]:
        """Every link without a QR code (phones, e-mail) with its purpose, except the
        share section's contact, which that section already prints."""
        flowables: list[Flowable] = []
        for link in self.content.links.values():
            if link.qr or link.id == self.leaflet.share.contact:
                continue
            sign = PHONE if link.scheme == "tel" else ENVELOPE if link.scheme == "mailto" else ARROW
            flowables.append(self.link_line(link, sign))
        return flowables

    def language_links(self, others: tuple[str, ...]) -> Paragraph:
        """A line that jumps to the other languages of a bilingual file (to their bookmarks,
        named by language code)."""
        arrow = font_runs(ARROW)
        links = "   ".join(_link(f"#{lang}", f"{font_runs(LANGUAGES[lang].name)} {arrow}") for lang in others)
        return Paragraph(links, self.styles.body)

    def link_line(self, link: Link, sign: str) -> Paragraph:
        """A line of body text: ``sign``, the link, and what it is for; a line that wraps
        hangs under the link, so the sign stands alone at the left of the list."""
        text = f"{font_runs(sign)} {self.link_markup(link.id)}"
        purpose = self.purpose_markup(link)
        if purpose:
            text += f" \u2014 {purpose}"
        body = self.styles.body
        font = FONTS.regular if text_font_has(sign) else FONTS.symbols
        hang = stringWidth(sign, font, body.fontSize) + stringWidth(" ", FONTS.regular, body.fontSize)
        style = ParagraphStyle("link_line", parent=body, leftIndent=hang, firstLineIndent=-hang)
        return Paragraph(text, style)
