"""Compose YAML files into nodes safely, refusing hostile or broken input.

The files are composed into nodes (never constructed into Python objects by
PyYAML), so no tag can run code; composition itself is bounded (file size,
nesting depth, aliases and the size of the document with every alias expanded),
so an alias bomb or a deeply nested file is refused at once.  Every refusal is a
:class:`~leaflet.errors.Problem` with the file and, where known, line and column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import Node

from ..errors import Problem, shown
from .textscan import invisible_in_file

MAX_FILE_BYTES = 256 * 1024
MAX_ALIASES = 100
#: Values in one file, counting every alias as a full copy of what it refers to.
MAX_NODES = 20_000
MAX_DEPTH = 32


#: Characters YAML reads as line breaks but text editors show on one line, by name.
_BREAK_NAMES = {"\u0085": "NEXT LINE (NEL)", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_YAML_ONLY_BREAKS = re.compile(f"[{''.join(_BREAK_NAMES)}]")
_ALIAS_HINT = "write the text out in full; anchors (&name) and aliases (*name) are not needed"


class _RefusedError(Exception):
    """Composition stopped because the file is hostile or broken: ``(message, mark, hint)``."""


class _BoundedLoader(yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that refuses alias bombs, self-referring aliases and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.expanded = 0  # values so far, every alias counted as a copy of its anchor
        self.depth = 0
        self.anchor_sizes: dict[str, int] = {}
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._count_alias(event.anchor)
            alias: Node = super().compose_node(parent, index)
            return alias
        anchor = event.anchor if isinstance(event, ScalarEvent | CollectionStartEvent) else None
        self.depth += 1
        if self.depth > MAX_DEPTH:
            hint = "a leaflet needs only a few levels of indentation; see content/README.md"
            raise _RefusedError(f"values are nested more than {MAX_DEPTH} levels deep", event.start_mark, hint)
        before = self.expanded
        self._grow(1, event.start_mark)
        if anchor:
            self.open_anchors.add(anchor)
        try:
            node: Node = super().compose_node(parent, index)
            return node
        finally:
            self.depth -= 1
            if anchor:
                self.open_anchors.discard(anchor)
                self.anchor_sizes[anchor] = self.expanded - before

    def _count_alias(self, anchor: str) -> None:
        mark = self.peek_event().start_mark
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            message = f"more than {MAX_ALIASES} aliases (*name): refused as a possible alias bomb"
            raise _RefusedError(message, mark, _ALIAS_HINT)
        if anchor in self.open_anchors:
            message = f"alias *{anchor} refers to the value that contains it (an endless loop)"
            raise _RefusedError(message, mark, _ALIAS_HINT)
        self._grow(self.anchor_sizes.get(anchor, 1), mark)

    def _grow(self, count: int, mark: yaml.Mark) -> None:
        self.expanded += count
        if self.expanded <= MAX_NODES:
            return
        if not self.aliases:
            raise _RefusedError(
                f"more than {MAX_NODES} values: far more than a leaflet has",
                mark,
                "a leaflet has a few hundred values; check that this is the right file",
            )
        raise _RefusedError(
            f"more than {MAX_NODES} values once aliases (*name) are expanded: refused as an alias bomb "
            "or a file far too large for a leaflet",
            mark,
            _ALIAS_HINT,
        )


def compose_file(path: Path, display: str, problems: list[Problem]) -> Node | None:
    """Read and compose one YAML file; on failure add a problem and return None."""

    def refuse(message: str, hint: str, line: int = 0, column: int = 0) -> None:
        problems.append(Problem(display, line, column, "", message, hint))

    text = _read_text(path, refuse)
    if text is None:
        return None
    invisible = invisible_in_file(text)
    for line, column, message in invisible:  # comments too: a reviewer must see what the file holds
        refuse(message, "delete it (it is invisible: retype the text around it), even in a comment", line, column)
    try:
        node = _compose(text)
    except _RefusedError as error:
        message, mark, hint = error.args
        refuse(message, hint, *mark_position(mark))
    except yaml.reader.ReaderError as error:
        if invisible:  # the characters YAML refuses are invisible ones, located above
            return None
        char = error.character if isinstance(error.character, str) else chr(error.character)
        name = unicodedata.name(char, "")
        message = f"contains the character U+{ord(char):04X}{' ' + name if name else ''}, which YAML does not allow"
        hint = "delete it (it is invisible); retype the text around it if unsure"
        refuse(message, hint, *_position(text, error.position))
    except yaml.MarkedYAMLError as error:
        problem = str(error.problem or error.context)
        if problem.startswith("but ") and error.context:
            problem = f"{error.context} {problem}"
        where = mark_position(error.problem_mark or error.context_mark)
        refuse(f"is not valid YAML: {problem}", _syntax_hint(problem), *where)
    except yaml.YAMLError as error:
        refuse(f"is not valid YAML: {error}", "check the file's syntax")
    else:
        if node is not None and not (node.tag == "tag:yaml.org,2002:null" and not node.value):
            return node
        refuse("file is empty", "write the content into it; see content/README.md for its keys")
    return None


@functools.lru_cache(maxsize=32)
def _compose(text: str) -> Node | None:
    """The text's node (nothing reads a node but to read it).  A text composed before in this
    process is not composed again: the studio checks the whole folder after each edit of one
    file, and a build's workers inherit what the check composed; a refusal is not kept."""
    loader = _BoundedLoader(text)  # checks every character at once: may raise ReaderError
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _read_text(path: Path, refuse: Callable[..., None]) -> str | None:
    """The file's text, or None after reporting why it cannot be YAML text."""
    data = _read_bytes(path, refuse)
    return None if data is None else _decode(data, refuse)


def _read_bytes(path: Path, refuse: Callable[..., None]) -> bytes | None:
    """The file's first bytes (one more than the size limit), or None after reporting why
    it cannot be read: never through a symbolic link."""
    try:
        if path.is_symlink():  # never follow: it could print another file (/etc/shadow) in the messages
            refuse(
                f"is not a regular file: it is a symbolic link to {shown(str(path.readlink()), 80)}",
                "put the YAML file itself here, not a link to another file",
            )
            return None
        if not path.exists():
            refuse("file is missing", "create it; see content/README.md for its format")
            return None
        if not path.is_file():
            refuse("is not a regular file", "put the YAML file itself here, not a folder or a device")
            return None
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        refuse(f"cannot be read: {error.strerror or error}", "check the permissions of the file and its folder")
        return None
    return data


def _decode(data: bytes, refuse: Callable[..., None]) -> str | None:
    """``data`` as text, or None after reporting why it is not UTF-8 YAML text."""
    if len(data) > MAX_FILE_BYTES:
        refuse(
            f"file is over the {MAX_FILE_BYTES // 1024} KB limit",
            "a leaflet's text is a few KB; check that this is the right file",
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        refuse("file is saved as UTF-16, not UTF-8", "save it again with the encoding UTF-8")
        return None
    if b"\x00" in data:
        refuse("file is binary (it contains NUL bytes), not YAML text", "save it as UTF-8 text")
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8", "replace")) + 1
        refuse(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); it may be saved as Windows-1251 or Latin-1",
            "save the file with the encoding UTF-8",
            line,
            column,
        )
        return None
    breaks = _YAML_ONLY_BREAKS.search(text)
    if breaks:  # YAML counts these as line breaks and editors do not: every position after would be wrong
        char = breaks.group()
        refuse(
            f"contains the invisible line break U+{ord(char):04X} {_BREAK_NAMES[char]}",
            "delete it (it is invisible: retype the text around it), or save the file with ordinary line breaks",
            *_position(text, breaks.start()),
        )
        return None
    return text


def mark_position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem:
        return "indent with spaces, never with tabs"
    if "single document" in problem:
        return "a file holds one document: remove the extra '---' line"
    if "alias" in problem or "anchor" in problem:
        return "write the text out in full instead of using anchors (&name) and aliases (*name)"
    return "check indentation, and put text containing ':' or '#' or starting with '{' or '*' in double quotes"
