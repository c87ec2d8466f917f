"""Safe YAML reading that keeps line numbers and refuses hostile input.

The files are composed into nodes (never constructed into Python objects by
PyYAML), so no tag can run code; the :class:`NodeReader` then turns nodes into
plain values while checking types and recording every problem with its line,
column and key path.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_ALIASES = 100
MAX_NODES = 20_000

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_TYPE_NAMES = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "yes/no (true/false)",
    "tag:yaml.org,2002:null": "nothing (an empty value)",
}


class _RefusedError(Exception):
    """Composition stopped because the file is hostile or broken."""


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that refuses alias bombs while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _RefusedError(f"more than {MAX_ALIASES} aliases (*name): refused as a possible alias bomb")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _RefusedError(f"more than {MAX_NODES} values: refused as too large for a leaflet")
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def compose_file(path: Path, display: str, problems: list[Problem]) -> Node | None:
    """Read and compose one YAML file; on failure add a problem and return None."""

    def refuse(message: str, hint: str, line: int = 0, column: int = 0) -> None:
        problems.append(Problem(display, line, column, "", message, hint))

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        refuse("file is missing", "create it; see content/README.md for its format")
        return None
    except OSError as error:
        refuse(f"cannot be read: {error.strerror}", "check the file's permissions")
        return None
    if len(data) > MAX_FILE_BYTES:
        refuse(
            f"file is {len(data) // 1024} KB, over the {MAX_FILE_BYTES // 1024} KB limit",
            "a leaflet's text is a few KB; check that this is the right file",
        )
        return None
    if b"\x00" in data:
        refuse("file is binary (it contains NUL bytes), not YAML text", "save it as UTF-8 text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        refuse(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save the file with UTF-8 encoding",
            line,
            column,
        )
        return None
    loader = _CountingLoader(text.removeprefix("\ufeff"))
    try:
        return loader.get_single_node()
    except _RefusedError as error:
        refuse(str(error), "write the text out instead of using anchors (&name) and aliases (*name)")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"is not valid YAML: {error.problem or error.context}"
        refuse(message, "check indentation and quotes around text containing ':' or '#'", line, column)
    except yaml.YAMLError as error:
        refuse(f"is not valid YAML: {error}", "check the file's syntax")
    finally:
        loader.dispose()
    return None


def walk_nodes(node: Node) -> Iterator[Node]:
    """Every node once (aliases visited once), depth first."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, SequenceNode):
            stack += current.value


class NodeReader:
    """Turns composed nodes into values, recording problems and locations."""

    def __init__(self, display: str, problems: list[Problem], locations: dict[tuple[str, str], tuple[int, int]]):
        self.display = display
        self.problems = problems
        self.locations = locations

    def problem(self, node: Node | None, key: str, message: str, hint: str = "") -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.problems.append(Problem(self.display, line, column, key, message, hint))

    def check_tags(self, root: Node) -> bool:
        clean = True
        for node in walk_nodes(root):
            if node.tag not in _STANDARD_TAGS:
                self.problem(
                    node, "", f"YAML tag {node.tag!r} is not allowed", "remove the tag (the part starting with '!')"
                )
                clean = False
        return clean

    def mapping(
        self, node: Node, key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """A mapping with exactly the given keys; unknown and missing keys are problems."""
        if not isinstance(node, MappingNode):
            self.problem(
                node,
                key,
                f"expected a group of keys ({', '.join(required)}), got {_describe(node)}",
                "indent the keys under this one, each as 'name: value'",
            )
            return None
        self.locations[(self.display, key)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        allowed = required + optional
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else "?"
            child = f"{key}.{name}" if key else str(name)
            if name in found:
                self.problem(key_node, child, "key appears twice", "keep one of them")
            elif name not in allowed:
                close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys here: {', '.join(allowed)}"
                self.problem(key_node, child, f"unknown key '{name}'", hint)
            else:
                found[name] = value_node
        missing = [name for name in required if name not in found]
        for name in missing:
            child = f"{key}.{name}" if key else name
            self.problem(node, child, "required key is missing", f"add '{name}:' here; see content/README.md")
        return found

    def pairs(self, node: Node, key: str) -> list[tuple[str, Node, Node]]:
        """A mapping with free-form keys (such as link ids): ``(name, key node, value node)``."""
        if not isinstance(node, MappingNode):
            self.problem(
                node,
                key,
                f"expected a group of keys, got {_describe(node)}",
                "indent the entries under this one, each as 'name:'",
            )
            return []
        seen: set[str] = set()
        found = []
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if name in seen:
                self.problem(key_node, f"{key}.{name}", "key appears twice", "keep one of them")
                continue
            seen.add(name)
            found.append((name, key_node, value_node))
        return found

    def sequence(self, node: Node, key: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.problem(
                node,
                key,
                f"expected a list, got {_describe(node)}",
                "write each entry on its own line starting with '- '",
            )
            return None
        self.locations[(self.display, key)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        return list(node.value)

    def text(self, node: Node, key: str, *, allow_empty: bool = False) -> str:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            hint = (
                "put the value in double quotes"
                if isinstance(node, ScalarNode)
                else "write the text on the same line after ':'"
            )
            self.problem(node, key, f"expected text, got {_describe(node)}", hint)
            return ""
        self.locations[(self.display, key)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        value = str(node.value)
        if not allow_empty and not value.strip():
            self.problem(node, key, "text is empty", "write the text, or remove the key if it is optional")
        return value

    def text_list(self, node: Node, key: str) -> tuple[str, ...]:
        nodes = self.sequence(node, key)
        if nodes is None:
            return ()
        return tuple(self.text(child, f"{key}[{index}]") for index, child in enumerate(nodes))

    def boolean(self, node: Node, key: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.problem(node, key, f"expected true or false, got {_describe(node)}", "write true or false")
            return False
        return str(node.value).lower() in ("true", "yes", "on")

    def items(self, node: Node, key: str, read: Callable[[Node, str], Any]) -> tuple[Any, ...]:
        nodes = self.sequence(node, key)
        if nodes is None:
            return ()
        return tuple(read(child, f"{key}[{index}]") for index, child in enumerate(nodes))


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a group of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = _TYPE_NAMES.get(node.tag, "a tagged value")
    return f"{kind} ({str(node.value)[:40]!r})" if node.value else kind
