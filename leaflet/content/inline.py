"""Inline markup of content text: ``**bold**`` and ``{link_id}``.

Parsing is pure data: :func:`parse_inline` turns a string into spans, and the
layout (:mod:`leaflet.layout.markup`) is the only place that turns spans into
ReportLab paragraph markup, escaping every character of content on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import shown

_TOKEN = re.compile(r"\*\*|\{([^{}]*)\}|[{}]")
_LINK_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Span:
    """A run of text; ``link`` is a link id whose label is printed instead of ``text``."""

    text: str = ""
    bold: bool = False
    link: str = ""


class InlineError(ValueError):
    """Malformed inline markup; ``offset`` is the character position in the text."""

    def __init__(self, message: str, offset: int, hint: str, token: str = "") -> None:
        super().__init__(message)
        self.offset = offset
        self.hint = hint
        self.token = token


def parse_inline(text: str) -> tuple[Span, ...]:
    """Split text into spans; raise InlineError for unbalanced ``**`` or a bad ``{...}``."""
    spans: list[Span] = []
    bold = False
    bold_start = 0
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            spans.append(Span(text=text[position : match.start()], bold=bold))
        token = match.group(0)
        if token == "**":
            bold = not bold
            bold_start = match.start()
        elif match.group(1) is not None and _LINK_ID.match(match.group(1)):
            spans.append(Span(bold=bold, link=match.group(1)))
        else:
            raise InlineError(
                f"{shown(token, 40)} at character {match.start() + 1} is not a link reference",
                match.start(),
                "write a link as {link_id} with an id from links.yaml (lower-case letters, digits, '_'); "
                "braces are not allowed otherwise",
                token,
            )
        position = match.end()
    if bold:
        raise InlineError(
            f"'**' at character {bold_start + 1} opens bold text that is never closed",
            bold_start,
            "close the bold text with another '**'",
        )
    if position < len(text):
        spans.append(Span(text=text[position:], bold=False))
    return tuple(spans)


def plain_text(text: str, labels: dict[str, str]) -> str:
    """The text as printed: markup removed and link ids replaced by their labels."""
    return "".join(labels.get(span.link, "") if span.link else span.text for span in parse_inline(text))
