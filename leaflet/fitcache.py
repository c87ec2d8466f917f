"""Fit decisions remembered in-process, so the same text is laid out in one pass.

The fit search (:mod:`leaflet.render`) tries body sizes and leadings until the
text lands where the layout wants it: five to fifteen full layout passes.
Its result is plain data: per language, the body size, the leading and the
page breaks added.  It depends only on the text and links, the format and the
colour mode, so it is remembered under a hash of exactly those; a second
render of unchanged content replays the decision in one pass per language and
gives byte-identical output (``render`` checks the replayed pass still fits
and searches again if it does not).  Nothing is kept on disk.
"""

from __future__ import annotations

import hashlib

from .formats import EDITIONS, FormatSpec
from .model import Content

#: per language of the edition: (body size, leading ratio, page breaks added)
Decision = tuple[tuple[float, float, int], ...]

_DECISIONS: dict[tuple[str, str, FormatSpec, bool], Decision] = {}


def content_key(content: Content, edition: str) -> str:
    """A hash of everything in ``content`` that the layout of ``edition`` reads."""
    digest = hashlib.sha256()
    digest.update(repr(tuple(content.links.items())).encode())  # registry order matters
    for lang in EDITIONS[edition].langs:
        digest.update(repr(content.leaflets[lang]).encode())
    return digest.hexdigest()


def fit_key(content: Content, edition: str, spec: FormatSpec, cmyk: bool) -> tuple[str, str, FormatSpec, bool]:
    return (content_key(content, edition), edition, spec, cmyk)


def recall(key: tuple[str, str, FormatSpec, bool]) -> Decision | None:
    return _DECISIONS.get(key)


def remember(key: tuple[str, str, FormatSpec, bool], decision: Decision) -> None:
    _DECISIONS[key] = decision


def forget() -> None:
    """Drop every remembered decision (tests and benchmarks of the full search)."""
    _DECISIONS.clear()
