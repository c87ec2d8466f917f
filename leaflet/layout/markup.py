"""Content text -> ReportLab paragraph markup.  The only module that writes Paragraph markup.

Every piece of content text goes through :meth:`Markup.text`, which escapes ``&``,
``<`` and ``>`` so that no content can inject ReportLab markup, turns ``{link_id}``
into a link annotation, ``**...**`` into bold and a line break into ``<br/>``, and
puts characters the text font lacks into the symbol font.  Flowing leaflets,
posters and the phone PDF all take their markup from here.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape, quoteattr

from ..content.inline import parse_inline
from ..content.model import LANGUAGES, Content, Item, Link
from .fonts import FONTS, text_font_has
from .theme import PALETTE

ARROW = "\u2192"
ENVELOPE = "\u2709"
PHONE = "\u260e"
WARNING_SIGN = "\u26a0"

#: a short name in guillemets («Стоп кредит»): one or two words
_SHORT_NAME = re.compile(r"«([^«»\s]+ [^«»\s]+)»")


@functools.lru_cache(maxsize=4096)  # the same texts come back in every layout pass
def font_runs(text: str) -> str:
    """Escape text, wrap characters the text font lacks in the symbol font, and turn a
    line break typed in the text into a line break of the paragraph."""
    out: list[str] = []
    for char in text:
        if char == "\n":
            out.append("<br/>")
            continue
        piece = escape(char)
        out.append(piece if text_font_has(char) else f'<font name="{FONTS.symbols}">{piece}</font>')
    return "".join(out).replace(f'</font><font name="{FONTS.symbols}">', "")


def link(href: str, markup: str, colour: str = PALETTE.accent.hexval()) -> str:
    """``markup`` as a link to ``href``: bold, in the accent colour (or ``colour``)."""
    return f'<a href={quoteattr(href)} color="{colour}"><b>{markup}</b></a>'


def unbroken_names(text: str) -> str:
    """``text`` with the space inside a short name in guillemets made non-breaking, so a
    short line never breaks a service's name in two ("«Стоп" / "кредит»")."""
    return _SHORT_NAME.sub(lambda match: "«" + match.group(1).replace(" ", "\u00a0") + "»", text)


class Markup:
    """Paragraph markup of one language's texts, with the links of the registry."""

    def __init__(self, content: Content, lang: str, *, one_ink: bool = False) -> None:
        self.content = content
        self.lang = lang
        #: small coloured text in one ink (PRINT.md; the print shop's CMYK files): see :meth:`small_link`
        self.one_ink = one_ink

    def link(self, link_id: str, label: str | None = None) -> str:
        target = self.content.links[link_id]
        return link(target.url, font_runs(label if label is not None else target.label(self.lang)))

    def small_link(self, link_id: str, label: str | None = None) -> str:
        """A link set under 12 pt (a QR code's address).  For offset print it is black, K alone:
        the accent is a four-colour mix that misregistration blurs at this size, and no single
        process ink (cyan, magenta) keeps 4.5:1 against white in grey."""
        if not self.one_ink:
            return self.link(link_id, label)
        target = self.content.links[link_id]
        shown = font_runs(label if label is not None else target.label(self.lang))
        return link(target.url, shown, PALETTE.ink.hexval())

    def purpose(self, target: Link) -> str:
        """What the link is for, in this language, as markup ('' if the registry says nothing)."""
        purpose = target.purposes.get(self.lang)
        return font_runs(purpose) if purpose else ""

    def text(self, text: str) -> str:
        parts = []
        for span in parse_inline(text.strip("\n")):  # a YAML '|' block ends in a line break
            piece = self.link(span.link) if span.link else font_runs(span.text)
            parts.append(f"<b>{piece}</b>" if span.bold and not span.link else piece)
        return "".join(parts)

    def plain(self, text: str) -> str:
        """The text as printed, without markup: link ids replaced by their labels."""
        return "".join(
            self.content.links[span.link].label(self.lang) if span.link else span.text for span in parse_inline(text)
        )

    def path(self, parts: tuple[str, ...]) -> str:
        """A menu path: «A» → «B» → «C», in bold."""
        arrow = f" {font_runs(ARROW)} "
        return arrow.join(f"<b>«{self.text(part)}»</b>" for part in parts)

    def with_path(self, text: str, parts: tuple[str, ...], after: str) -> str:
        """A text, a menu path after it, and the text that goes on after the path."""
        markup = self.text(text)
        if parts:
            path = self.path(parts)
            markup = f"{markup} {path}" if markup else path
        if after:
            markup += " " + self.text(after)
        return markup

    def item(self, item: Item) -> str:
        return self.with_path(item.text, item.path, item.after)

    def link_line(self, target: Link, sign: str) -> str:
        """``sign``, the link, and what it is for."""
        text = f"{font_runs(sign)} {self.link(target.id)}"
        purpose = self.purpose(target)
        return text + (f" \u2014 {purpose}" if purpose else "")

    def signed(self, sign: str, text: str) -> str:
        """A text after a sign (the ⚠ of a warning), or the text alone without one."""
        return f"{font_runs(sign)} {self.text(text)}" if sign else self.text(text)

    def language_links(self, others: tuple[str, ...]) -> str:
        """Links that jump to the other languages of a bilingual file (to their bookmarks,
        named by language code)."""
        arrow = font_runs(ARROW)
        return "   ".join(link(f"#{lang}", f"{font_runs(LANGUAGES[lang].name)} {arrow}") for lang in others)


def contact_lines(markups: list[Markup], link_ids: tuple[str, ...]) -> str:
    """Every contact on a line of its own, once, with its purpose in each language (the
    number or address is the same in every language): the contacts of a bilingual poster."""
    lines = []
    for link_id in link_ids:
        target = markups[0].content.links[link_id]
        purposes = " / ".join(purpose for markup in markups if (purpose := markup.purpose(target)))
        line = f"{font_runs(sign_for(target))} {markups[0].link(link_id)}"
        lines.append(line + (f" \u2014 {purposes}" if purposes else ""))
    return "<br/>".join(lines)


def sign_for(target: Link) -> str:
    """The sign printed before a contact: a phone, an envelope, or an arrow for a site."""
    return PHONE if target.scheme == "tel" else ENVELOPE if target.scheme == "mailto" else ARROW
