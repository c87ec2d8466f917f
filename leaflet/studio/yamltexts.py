"""A leaflet's language files as the studio edits them: round-trip YAML (ruamel.yaml).

The page edits plain data (the YAML's maps, lists and texts as JSON); :func:`merge` writes
that data back into the document read from disk, so everything the page does not change stays
as it was: comments, key order, quoting, flow lists such as ``[egov, pki]``.  A file read and
written back unchanged is the same, byte for byte (a test checks it).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

#: a value written without quotes: a link or step id, a callout kind
_PLAIN = re.compile(r"[a-z][a-z0-9_-]*\Z")
#: JSON the page may send: nested no deeper than this, no longer than this many characters a text
MAX_DEPTH = 16
MAX_TEXT = 20_000


class TextsError(ValueError):
    """The page sent data the studio cannot write as a leaflet text."""


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and styles are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long text over lines: a changed text changes one line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the content folder's style (content/README.md)
    return yaml


def load(text: str) -> Any:
    """The round-trip document of a YAML text; YAMLError for text that is not YAML."""
    return _yaml().load(text)


def dump(document: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(document, stream)
    return stream.getvalue()


def read(path: Path) -> Any:
    return load(path.read_text(encoding="utf-8"))


def as_data(document: Any) -> Any:
    """Plain data for the page (maps, lists, texts, numbers, true/false)."""
    if isinstance(document, dict):
        return {str(key): as_data(value) for key, value in document.items()}
    if isinstance(document, list):
        return [as_data(value) for value in document]
    if isinstance(document, str | bool | int | float) or document is None:
        return document if not isinstance(document, str) else str(document)
    return str(document)  # a date: the language files hold none, but never fail on one


def merge(old: Any, new: Any, depth: int = 0) -> Any:
    """``new`` (the page's data) written into ``old`` (the document from disk), reusing old
    maps and lists so their comments and styles stay; returns what to store."""
    if depth > MAX_DEPTH:
        raise TextsError("the text is nested too deeply")
    if isinstance(new, dict):
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        # the page's keys are texts; a key the file wrote as a number (a phone number) stays one
        original = {str(key): key for key in target}
        for key in [key for key in target if str(key) not in new]:
            del target[key]
        for key, value in new.items():
            if not isinstance(key, str):
                raise TextsError("a key is not a text")
            kept = original.get(key, key)
            target[kept] = merge(target.get(kept), value, depth + 1)
        return target
    if isinstance(new, list):
        target_list = old if isinstance(old, CommentedSeq) else CommentedSeq()
        olds = list(target_list)
        by_id = {item.get("id"): item for item in olds if isinstance(item, CommentedMap) and "id" in item}
        # steps keep their own maps (and comments) when they are moved: matched by id
        for index, value in enumerate(new):
            before = by_id.get(value.get("id")) if isinstance(value, dict) and by_id else None
            if before is None and index < len(olds) and not (isinstance(value, dict) and "id" in value and by_id):
                before = olds[index]
            merged = merge(before, value, depth + 1)
            if index < len(target_list):
                target_list[index] = merged
            else:
                target_list.append(merged)
        del target_list[len(new) :]
        return target_list
    if isinstance(new, str):
        if len(new) > MAX_TEXT:
            raise TextsError("a text is too long")
        new = new.replace("\r\n", "\n").replace("\r", "\n")
        if old is not None and not isinstance(old, dict | list) and str(old) == new:
            return old  # unchanged: its style too (and a date stays a date)
        if isinstance(old, LiteralScalarString) and "\n" in new.rstrip("\n"):
            return LiteralScalarString(new)  # a text written as a '|' block stays one
        if isinstance(old, DoubleQuotedScalarString) or not _PLAIN.match(new):
            return DoubleQuotedScalarString(new)  # texts are written in double quotes
        return new
    if new is None or isinstance(new, bool | int | float):
        return new
    raise TextsError("unexpected value")


__all__ = ["TextsError", "YAMLError", "as_data", "dump", "load", "merge", "read"]
