"""The one error tree of the project.

Library code raises these; only :mod:`leaflet.cli` catches them, prints them and
turns them into an exit code.  Every problem is printed on one line that says
*where* (file, line, column, key path), *what* is wrong and *how to fix it*::

    content/kk.yaml:72:17: steps[4].body[0].numbered[1].bullets[0]: web address 'qatqor.gov.kz' ... (hint: ...)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Characters that would break a one-line message or reorder it on a terminal.
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def one_line(text: str) -> str:
    """``text`` with every control, format and line-breaking character shown as ``\\uXXXX``."""
    return "".join(f"\\u{ord(char):04x}" if unicodedata.category(char) in _UNPRINTABLE else char for char in text)


def shown(value: str, limit: int = 60) -> str:
    """A piece of content quoted for a message: one line, at most ``limit`` characters."""
    value = one_line(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"'{value}'"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    file: str
    line: int
    column: int
    key: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        parts = [self.file + (f":{self.line}:{self.column}" if self.line else "")]
        if self.key:
            parts.append(self.key)
        parts.append(self.message)
        text = ": ".join(parts)
        if self.hint:
            text += f" (hint: {self.hint})"
        return one_line(text)


class LeafletError(Exception):
    """Base class: a user-facing error with a clear message."""


class ContentError(LeafletError):
    """The content folder has one or more problems; ``problems`` lists them all, sorted."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(set(problems)))
        count = len(self.problems)
        self.summary = f"{count} {'problem' if count == 1 else 'problems'} in the content"
        super().__init__("\n".join([*map(str, self.problems), self.summary]))


class BuildError(LeafletError):
    """The content is valid but a document cannot be laid out as specified."""


class UsageError(LeafletError):
    """The command line asks for something that does not exist."""
