"""The one error tree of the project.

Library code raises these; only :mod:`leaflet.cli` catches them, prints them and
turns them into an exit code.  Every message says *what* is wrong, *where* (file,
line, column, key path) and *how to fix it* (the hint).
"""

from __future__ import annotations

from dataclasses import dataclass


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
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class LeafletError(Exception):
    """Base class: a user-facing error with a clear message."""


class ContentError(LeafletError):
    """The content folder has one or more problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(set(problems)))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        body = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{body}\n{count} {noun} in the content; nothing was written.")


class BuildError(LeafletError):
    """The content is valid but a document cannot be laid out as specified."""


class UsageError(LeafletError):
    """The command line asks for something that does not exist."""
