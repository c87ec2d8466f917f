"""Turn composed YAML nodes into plain values, with types checked and every value located.

:mod:`leaflet.yamlcompose` reads and composes a file safely; the
:class:`NodeReader` here checks each node's type, records every problem with
its line, column and key path, and remembers where each value stands.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, shown
from .yamlcompose import compose_file, mark_position

__all__ = ["Locations", "NodeReader", "compose_file"]

MAX_TEXT_CHARS = 2_000

_YAML = "tag:yaml.org,2002:"
#: Tags the composer gives plain values; anything else was written with '!' by hand.
_PLAIN_TAGS = frozenset(_YAML + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
_TYPE_NAMES = {
    _YAML + "str": "text",
    _YAML + "int": "a number",
    _YAML + "float": "a number",
    _YAML + "bool": "yes/no (true/false)",
    _YAML + "null": "nothing (an empty value)",
    _YAML + "timestamp": "a date",
}

Locations = dict[tuple[str, str], tuple[int, int]]
#: Quotes that editors turn straight quotes into (“…”, ‘…’, „…“); never YAML's quotes.
_CURLY_OPENING = frozenset("\u201c\u2018\u201e")
_CURLY_CLOSING = frozenset("\u201d\u2019\u201c")


class NodeReader:
    """Turns composed nodes into values, recording problems and locations.

    ``locations`` maps ``(file, key)`` to the line and column of a value; ``starts``
    maps it to the line and column of the first character of a one-line text whose
    characters stand in the file exactly as they are in the value, so a problem in the
    middle of such a text can be pointed at exactly.
    """

    def __init__(self, display: str, problems: list[Problem], locations: Locations, starts: Locations | None = None):
        self.display = display
        self.problems = problems
        self.locations = locations
        self.starts: Locations = starts if starts is not None else {}

    def problem(self, node: Node | None, key: str, message: str, hint: str = "") -> None:
        self.problems.append(
            Problem(self.display, *mark_position(node.start_mark if node else None), key, message, hint)
        )

    def _record(self, node: Node, key: str) -> None:
        self.locations[(self.display, key)] = mark_position(node.start_mark)

    def check_tags(self, root: Node) -> bool:
        clean = True
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.tag not in _PLAIN_TAGS:
                self._bad_tag(node)
                clean = False
            if isinstance(node, MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, SequenceNode):
                stack += node.value
        return clean

    def _bad_tag(self, node: Node) -> None:
        if node.tag == _YAML + "merge":
            self.problem(node, "", "merge keys (<<) are not allowed", "write every key out in full")
            return
        tag = "!!" + node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag
        message = f"YAML tag {shown(tag)} is not allowed" + (
            " (it asks to run Python code; nothing was run)" if "python" in tag else ""
        )
        self.problem(node, "", message, "remove the tag (the word starting with '!'); write plain text")

    def mapping(
        self, node: Node, key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """A mapping with exactly the given keys; unknown and missing keys are problems."""
        allowed = required + optional
        if not isinstance(node, MappingNode):
            expected = f"a group of keys ({', '.join(required or optional)})"
            self.problem(node, key, f"expected {expected}, got {_describe(node)}", _mapping_hint(required, optional))
            return None
        self._record(node, key)
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            child = f"{key}.{name}" if key else name
            if name in found:
                self.problem(key_node, child, "key appears twice", "keep one of them")
            elif name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(allowed)}"
                self.problem(key_node, f"{key}.{shown(name)[1:-1]}" if key else shown(name)[1:-1], "unknown key", hint)
            else:
                found[name] = value_node
        for name in required:
            if name not in found:
                child = f"{key}.{name}" if key else name
                self.problem(node, child, "required key is missing", f"add '{name}:' here; see content/README.md")
        return found

    def pairs(self, node: Node, key: str) -> list[tuple[str, Node, Node]]:
        """A mapping with free-form keys (such as link ids): ``(name, key node, value node)``."""
        if not isinstance(node, MappingNode):
            message = f"expected a group of keys, got {_describe(node)}"
            self.problem(node, key, message, "indent the entries under this one, each as 'name:'")
            return []
        seen: set[str] = set()
        found = []
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if name in seen:
                self.problem(key_node, f"{key}.{shown(name)[1:-1]}", "key appears twice", "keep one of them")
                continue
            seen.add(name)
            found.append((name, key_node, value_node))
        return found

    def sequence(self, node: Node, key: str, *, min_items: int = 0) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            message = f"expected a list, got {_describe(node)}"
            self.problem(node, key, message, "write each entry on its own line starting with '- '")
            return None
        self._record(node, key)
        if len(node.value) < min_items:
            self.problem(node, key, "list is empty", "add at least one entry, each on its own line starting with '- '")
        return list(node.value)

    def text(self, node: Node, key: str) -> str:
        """Non-empty text of at most MAX_TEXT_CHARS characters ('' after a problem)."""
        if not isinstance(node, ScalarNode) or node.tag != _YAML + "str":
            hint = _text_hint(node)
            self.problem(node, key, f"expected text, got {_describe(node)}", hint)
            return ""
        self._record(node, key)
        value = str(node.value)
        if not value.strip():
            self.problem(node, key, "text is empty", "write the text, or remove the key if it is optional")
        elif node.style is None and value[:1] in _CURLY_OPENING and value[-1:] in _CURLY_CLOSING:
            # Word and phones turn the quotes typed around a text into curly ones, which YAML prints
            self.problem(
                node,
                key,
                f"text starts with {value[0]} and ends with {value[-1]}: these curly quotes would be printed",
                'put the text in straight double quotes ("…"); to print the quotes, write them inside: "“…”"',
            )
        elif len(value) > MAX_TEXT_CHARS:
            message = f"text is {len(value)} characters long, over the limit of {MAX_TEXT_CHARS}"
            self.problem(node, key, message, "a leaflet paragraph is a few sentences; split or shorten it")
            return ""
        self._record_start(node, key, value)
        return value

    def _record_start(self, node: ScalarNode, key: str, value: str) -> None:
        start, end = node.start_mark, node.end_mark
        if start.buffer is None or start.line != end.line:
            return
        raw = start.buffer[start.pointer : end.pointer]
        quote = 1 if node.style in ('"', "'") else 0
        if raw[quote : len(raw) - quote] == value:
            self.starts[(self.display, key)] = (start.line + 1, start.column + 1 + quote)

    def text_list(self, node: Node, key: str, *, min_items: int = 0) -> tuple[str, ...]:
        nodes = self.sequence(node, key, min_items=min_items)
        if nodes is None:
            return ()
        return tuple(self.text(child, f"{key}[{index}]") for index, child in enumerate(nodes))

    def boolean(self, node: Node, key: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != _YAML + "bool":
            self.problem(node, key, f"expected true or false, got {_describe(node)}", "write true or false")
            return False
        return str(node.value).lower() in ("true", "yes", "on")

    def number(self, node: Node, key: str) -> float:
        """A number (whole or with a decimal point); 0 after a problem."""
        if not isinstance(node, ScalarNode) or node.tag not in (_YAML + "int", _YAML + "float"):
            self.problem(node, key, f"expected a number, got {_describe(node)}", "write a number such as 40 or 42.5")
            return 0.0
        self._record(node, key)
        try:
            value = float(str(node.value).replace("_", ""))
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(node, key, f"{shown(str(node.value))} is not a usable number", "write a number such as 40")
            return 0.0
        return value

    def date(self, node: Node, key: str) -> str:
        """A calendar date written YYYY-MM-DD (plain or quoted), as that text; '' after a problem."""
        hint = "write the date as year-month-day, such as 2026-11-29"
        if not isinstance(node, ScalarNode) or node.tag not in (_YAML + "timestamp", _YAML + "str"):
            self.problem(node, key, f"expected a date, got {_describe(node)}", hint)
            return ""
        self._record(node, key)
        value = str(node.value).strip()
        try:
            if len(value) != 10:
                raise ValueError(value)
            datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(node, key, f"{shown(value)} is not a date written YYYY-MM-DD", hint)
            return ""
        return value

    def items(self, node: Node, key: str, read: Callable[[Node, str], Any], *, min_items: int = 0) -> tuple[Any, ...]:
        nodes = self.sequence(node, key, min_items=min_items)
        if nodes is None:
            return ()
        return tuple(read(child, f"{key}[{index}]") for index, child in enumerate(nodes))


def _text_hint(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "put the text in double quotes: unquoted text with ': ' in it is read as a key"
    if isinstance(node, SequenceNode):
        return "write the text itself after ':', not a list"
    return "put the value in double quotes"


def _mapping_hint(required: tuple[str, ...], optional: tuple[str, ...]) -> str:
    if not required:
        choices = ", ".join(f"'{name}: ...'" for name in optional)
        return f"write it as one of {choices}"
    return "indent the keys under this one, each as 'name: value'"


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a group of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = _TYPE_NAMES.get(node.tag, "a tagged value")
    return f"{kind} ({shown(str(node.value), 40)})" if node.value else kind
