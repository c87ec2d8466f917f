"""The Paragraph every layout builds: ReportLab's, with its markup parsed once per text and style.

The fit search lays one text out a dozen times or more at the same sizes, and each pass
builds its paragraphs anew; ReportLab parses a paragraph's markup (with ``html.parser``)
every time, about a fifth of a layout pass.  Here the parse is remembered by the text and
the style object (the styles of one size are made once: :func:`leaflet.layout.theme.make_styles`
is memoised), and each paragraph gets its own copies of the parsed fragments, because
ReportLab changes fragments as it breaks and splits lines.  The fragments are those a fresh
parse gives, so the layout and the bytes are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as reportlab_paragraph

#: at most this many parses are remembered; then they are forgotten all at once (a layout of
#: the longest leaflet in every format makes a few thousand)
MAX_PARSES = 20_000


class _Parse:
    """What parsing a paragraph's markup gave (the style is kept alive with it, so the key's
    ``id(style)`` cannot be reused by another style while the entry exists)."""

    __slots__ = ("bullet", "frags", "given_style", "style", "text")

    def __init__(self, given_style: ParagraphStyle, paragraph: reportlab_paragraph.Paragraph) -> None:
        self.given_style = given_style
        self.text: str = paragraph.text
        self.style: ParagraphStyle = paragraph.style
        self.frags: list[Any] = [frag.clone() for frag in paragraph.frags]
        self.bullet: object = _copied(paragraph.bulletText)


_PARSES: dict[tuple[str, int, object], _Parse] = {}


def _copied(bullet: object) -> object:
    """A bullet as given (a string or None), or a copy of its parsed fragments."""
    return [frag.clone() for frag in bullet] if isinstance(bullet, list) else bullet


class Paragraph(reportlab_paragraph.Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """ReportLab's Paragraph, parsing its markup once per text and style in the process."""

    def _setup(  # ReportLab's names
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: object,  # noqa: N803
        frags: object,
        cleaner: Callable[[str], str],
    ) -> None:
        if frags is not None or not isinstance(text, str) or not (bulletText is None or isinstance(bulletText, str)):
            super()._setup(text, style, bulletText, frags, cleaner)  # a split part: already parsed
            return
        key = (text, id(style), bulletText)
        parse = _PARSES.get(key)
        if parse is None or parse.given_style is not style:
            super()._setup(text, style, bulletText, None, cleaner)
            if len(_PARSES) >= MAX_PARSES:
                _PARSES.clear()
            _PARSES[key] = _Parse(style, self)
            return
        self.text = parse.text
        self.frags = [frag.clone() for frag in parse.frags]
        self.style = parse.style
        self.bulletText = _copied(parse.bullet)
        self.debug = 0
