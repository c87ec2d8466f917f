"""The Paragraph every layout builds: ReportLab's, parsing its markup once per text and style,
and, in a pass that only measures, breaking its lines once per width.

The fit search lays one text out a dozen times or more at the same sizes, and each pass
builds its paragraphs anew.  ReportLab parses a paragraph's markup (with ``html.parser``)
every time, and breaks its lines every time it is wrapped: together about two thirds of a
layout pass.  Here both are remembered by the text and the style object (the styles of one
size are made once: :func:`leaflet.layout.theme.make_styles` is memoised):

* the parse, always: each paragraph that is drawn gets its own copies of the parsed
  fragments, because ReportLab changes fragments as it breaks and splits lines;
* the broken lines, only while :func:`measuring`: such a paragraph is never drawn, so it may
  share the fragments and the lines with every other paragraph of the same text, style and
  width (lines broken at a width are those of fresh fragments, whatever width the paragraph
  was broken at before).  Before a split, which changes the fragments and lines it cuts, it
  takes fresh copies of its own and breaks its lines itself, as ReportLab does.

The fragments and lines are those ReportLab makes, so the layout and the bytes are the same.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import paragraph as reportlab_paragraph

#: at most this many parses are remembered; then they are forgotten all at once (a build of
#: the shipped text and the example in every format makes about 2,200, about 15 MB with their
#: broken lines)
MAX_PARSES = 4096
#: what breaking the lines sets on the paragraph besides the lines it returns
_BREAK_STATE = ("_width_max", "_splitLongWordCount", "_hyphenations")


class _Broken:
    """A paragraph's lines broken at one width, and the state breaking them left (the widths
    as ReportLab left them in the list it was given)."""

    __slots__ = ("frags", "lines", "state", "widths")

    def __init__(self, lines: Any, frags: list[Any], state: dict[str, Any], widths: list[float] | None) -> None:
        self.lines, self.frags, self.state, self.widths = lines, frags, state, widths


class _Parse:
    """What parsing a paragraph's markup gave (the style is kept alive with it, so the key's
    ``id(style)`` cannot be reused by another style while the entry exists), and its lines
    broken at each width a measuring pass asked for."""

    __slots__ = ("broken", "bullet", "frags", "given_style", "style", "text")

    def __init__(self, given_style: ParagraphStyle, paragraph: reportlab_paragraph.Paragraph) -> None:
        self.given_style = given_style
        self.text: str = paragraph.text
        self.style: ParagraphStyle = paragraph.style
        self.frags: list[Any] = [frag.clone() for frag in paragraph.frags]
        self.bullet: object = _copied(paragraph.bulletText)
        self.broken: dict[object, _Broken] = {}

    def fresh_frags(self) -> list[Any]:
        """Copies of the parsed fragments, for a paragraph to break and split as ReportLab does."""
        return [frag.clone() for frag in self.frags]


_PARSES: dict[tuple[str, int, object], _Parse] = {}
#: whether the paragraphs made now are only measured: per thread (the studio lays out a fit
#: check and a preview at once, on two threads) and per nested context, never left on
_MEASURING: contextvars.ContextVar[bool] = contextvars.ContextVar("measuring", default=False)


@contextlib.contextmanager
def measuring() -> Iterator[None]:
    """While this lasts, the paragraphs this thread makes are only measured, never drawn: they
    share their broken lines (a layout pass that draws must not be inside it)."""
    token = _MEASURING.set(True)
    try:
        yield
    finally:
        _MEASURING.reset(token)


def _copied(bullet: object) -> object:
    """A bullet as given (a string or None), or a copy of its parsed fragments."""
    return [frag.clone() for frag in bullet] if isinstance(bullet, list) else bullet


class Paragraph(reportlab_paragraph.Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """ReportLab's Paragraph, parsing its markup once per text and style in the process, and
    sharing its broken lines with its twins while :func:`measuring`."""

    #: the parse this paragraph shares its fragments (and lines) with; None once it has its own
    _shared: _Parse | None = None

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
            parse = _PARSES[key] = _Parse(style, self)
        else:
            self.text = parse.text
            self.style = parse.style
            self.bulletText = _copied(parse.bullet)
            self.debug = 0
            self.frags = parse.frags
        if _MEASURING.get():  # never drawn: its fragments (and lines) are its twins'
            self.frags, self._shared = parse.frags, parse
        elif self.frags is parse.frags:  # to be drawn: fragments of its own
            self.frags = parse.fresh_frags()

    def _own(self) -> None:
        """Take fresh copies of the parsed fragments, to break and split them as ReportLab does."""
        parse = self._shared
        if parse is not None:
            self.frags = parse.fresh_frags()
            self._shared = None

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab API
        parse = self._shared
        if parse is None:
            return super().breakLines(width)
        key = tuple(width) if isinstance(width, list | tuple) else width
        known = parse.broken.get(key)
        if known is None:  # the first of its twins broken at this width: from fresh fragments
            self.frags = parse.fresh_frags()
            lines = super().breakLines(width)
            state = {name: getattr(self, name) for name in _BREAK_STATE if hasattr(self, name)}
            # ReportLab narrows the first line's width in the list it is given, for a bullet
            # wider than its indent: a twin's list is narrowed the same
            widths = list(width) if isinstance(width, list) else None
            known = parse.broken[key] = _Broken(lines, self.frags, state, widths)
        elif known.widths is not None and isinstance(width, list):
            width[:] = known.widths
        self.__dict__.update(known.state)
        self.height = 0
        self.frags = known.frags
        return known.lines

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        if self._shared is not None:  # splitting changes the fragments and lines it cuts: its own ones
            self._own()
            if "blPara" in self.__dict__:  # wrapped again as it last was, from fresh widths and fragments
                self.wrap(self.width, availHeight)
        return list(super().split(availWidth, availHeight))
