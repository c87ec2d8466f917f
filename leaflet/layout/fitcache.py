"""Fit decisions remembered in-process, so the same text is laid out in one pass.

The fit search (:mod:`leaflet.render`) tries body sizes and leadings until the
text lands where the layout wants it: five to fifteen full layout passes.
Its result is plain data: per language, the body size, the leading, the
page breaks added and the height of the last page's balanced columns.  It
depends only on the text and links, the format and the colour mode, so it is
remembered under a hash of exactly those; a second render of unchanged content
replays the decision in one pass per language and gives byte-identical output
(``render`` checks the replayed pass still fits and searches again if it does
not).  Nothing is kept on disk.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
from collections.abc import Callable, Iterator
from typing import TypeVar

from .formats import EDITIONS, FormatSpec
from ..content.model import Content

T = TypeVar("T")

#: per language of the edition: (body size, leading ratio, page breaks added, height of the
#: last page's balanced columns or 0)
Decision = tuple[tuple[float, float, int, float], ...]

_DECISIONS: dict[tuple[str, str, FormatSpec, bool], Decision] = {}


#: (id of a content, edition) -> (that content, its key): the content is held, so its id is not reused
_KEYS: dict[tuple[int, str], tuple[Content, str]] = {}


def content_key(content: Content, edition: str) -> str:
    """A hash of everything in ``content`` that the layout of ``edition`` reads."""
    known = _KEYS.get((id(content), edition))
    if known is not None and known[0] is content:
        return known[1]
    if len(_KEYS) >= 64:
        _KEYS.clear()
    key = _hash(content, edition)
    _KEYS[(id(content), edition)] = (content, key)
    return key


def _hash(content: Content, edition: str) -> str:
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


#: layout passes computed inside :func:`shared_passes`, by their inputs
_PASSES: dict[tuple[object, ...], object] | None = None


@contextlib.contextmanager
def shared_passes() -> Iterator[None]:
    """Within the block, a layout pass with the same inputs as an earlier one (a bilingual
    edition re-trying its languages' sizes) is computed once.  Used for one build, not
    across builds: a warm render still lays its text out."""
    global _PASSES
    outer = _PASSES
    _PASSES = {} if outer is None else outer
    try:
        yield
    finally:
        _PASSES = outer


def shared_pass(build: Callable[..., T]) -> Callable[..., T]:
    """Decorates ``render._build(content, lang, spec, size, leading, pad, last_height, cmyk)``."""

    signature = inspect.signature(build)

    @functools.wraps(build)
    def memoised(*args: object, **kwargs: object) -> T:
        if _PASSES is None:
            return build(*args, **kwargs)
        content, *inputs = signature.bind(*args, **kwargs).arguments.values()
        key = (content_key(content, str(inputs[0])), *inputs)
        if key not in _PASSES:
            _PASSES[key] = build(*args, **kwargs)
        return _PASSES[key]  # type: ignore[return-value]

    return memoised
