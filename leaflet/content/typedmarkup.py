"""Formatting typed the way other programs read it, which a leaflet would print as typed.

Editors copy texts from WhatsApp (``*bold*``, ``_italic_``, ``~struck~``), from web pages and
e-mail (``<b>``, ``<br>``) and from Markdown.  The leaflet reads only ``**bold**``,
``{link_id}`` and line breaks (:mod:`leaflet.content.inline`); anything else would be printed
with its asterisks or angle brackets.  Each is answered with what to write instead, never
printed silently.
"""

from __future__ import annotations

import re
from typing import Protocol

from ..errors import shown

#: WhatsApp's (and Telegram's) single marks around words: *bold*, _italic_, ~struck~
_MESSENGER = re.compile(r"(?<![*_~\w])([*_~])(?![*_~\s])([^\n]*?[^\s*_~])\1(?![*_~\w])")
#: an HTML tag: <b>, </strong>, <br/>, <i class="x">
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*/?>")
_BOLD_TAGS = frozenset(("b", "strong"))
_BREAK_TAGS = frozenset(("br", "p", "div"))


class Reporter(Protocol):
    def add(self, file: str, key: str, message: str, hint: str, offset: int | None = None) -> None: ...


def check_typed_formatting(report: Reporter, file: str, key: str, text: str, *, markup: bool = True) -> None:
    """Report every piece of foreign formatting in ``text`` with what to write instead."""
    for match in _MESSENGER.finditer(text):
        mark, words = match.group(1), match.group(2)
        message = f"{shown(match.group(), 40)} would be printed with its {_MARK_NAMES[mark]}"
        if not markup:
            hint = "this text cannot be bold: write the words without the marks"
        elif mark == "*":
            hint = f"for bold text write two asterisks on each side: **{words}**"
        else:
            hint = "the leaflet has no italic or struck-out text: write the words without the marks"
        report.add(file, key, message, hint, match.start())
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        message = f"{shown(match.group(), 40)} would be printed as it is: the leaflet does not read HTML tags"
        if tag in _BOLD_TAGS:
            hint = "for bold text write two asterisks on each side of the words instead" if markup else "remove the tag"
        elif tag in _BREAK_TAGS:
            hint = "remove the tag and start a new line instead (a line break in the text is printed)"
        else:
            hint = "remove the tag"
        report.add(file, key, message, hint, match.start())


_MARK_NAMES = {"*": "asterisks", "_": "underscores", "~": "tildes"}
