"""Parity between languages: the same steps in the same order, and in every section the
same links (web addresses, phone numbers, e-mail addresses) and the same numbers, every
number counted, a one-digit one too (a deadline of 10 days in one language and 15 in the
other is wrong).

A mismatch is reported where the thing is, naming the place in the other
language where it is missing.  Runs only on structurally valid content.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from ..errors import Problem
from .blocks import keyed_steps, leaflet_blocks, leaflet_fields
from .inline import Span, parse_inline
from .loader import language_file
from .model import Contacts, Content, Leaflet, QRPanel
from .textscan import all_numbers

Where = Callable[[str, str, int | None], tuple[int, int]]
#: ``section name -> {(kind, value): (key, offset)}``: where each link or number first appears.
Sections = dict[str, dict[tuple[str, str], tuple[str, int]]]


def parity_problems(content: Content, where: Where) -> list[Problem]:
    """Every difference between the first language of each leaflet and each other one."""
    problems: list[Problem] = []
    for leaflet in content.leaflets.values():
        langs = [lang for lang in leaflet.languages if lang in leaflet.texts]
        for other in langs[1:]:
            pair = _Pair(leaflet, where, langs[0], other)
            found = pair.step_problems()
            problems += found or pair.section_problems()
    return problems


class _Pair:
    def __init__(self, leaflet: Leaflet, where: Where, first: str, second: str) -> None:
        self.leaflet = leaflet
        self.where = where
        self.langs = (first, second)
        self.step_keys = {lang: list(keyed_steps(leaflet.texts[lang].blocks, "blocks")) for lang in self.langs}
        self.ids = {lang: [step.id for _, step in self.step_keys[lang]] for lang in self.langs}

    def step_key(self, lang: str, index: int) -> str:
        return self.step_keys[lang][index][0]

    def file(self, lang: str) -> str:
        return language_file(self.leaflet.folder, lang)

    def problem(self, lang: str, key: str, message: str, hint: str, offset: int | None = None) -> Problem:
        return Problem(self.file(lang), *self.where(self.file(lang), key, offset), key, message, hint)

    def place(self, lang: str, key: str) -> str:
        line, column = self.where(self.file(lang), key, None)
        return f"{self.file(lang)}:{line}:{column} {key}"

    def step_problems(self) -> list[Problem]:
        problems = []
        for lang, other in (self.langs, self.langs[::-1]):
            ids, other_ids = self.ids[lang], self.ids[other]
            for index, step_id in enumerate(ids):  # a repeated id was refused before parity runs
                if step_id not in other_ids:
                    problems.append(self._missing_step(lang, other, index, step_id))
        first, second = self.langs
        if not problems and self.ids[first] != self.ids[second]:  # the same steps, in another order
            problems += self._order_problems()
        return problems

    def _missing_step(self, lang: str, other: str, index: int, step_id: str) -> Problem:
        spare = [name for name in self.ids[other] if name not in self.ids[lang]]
        close = difflib.get_close_matches(step_id, spare, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'? Step ids are the same in every language"
            if close
            else f"add the step to {other}.yaml with the same id, or remove it here"
        )
        steps_at = self.step_keys[other][0][0].rpartition("[")[0] if self.step_keys[other] else "blocks"
        message = f"step '{step_id}' is not in {other}.yaml (its steps: {self.place(other, steps_at)})"
        return self.problem(lang, f"{self.step_key(lang, index)}.id", message, hint)

    def _order_problems(self) -> list[Problem]:
        """The steps that moved: every step outside the longest run of steps that stand in the
        same order in both languages (one step moved is one problem, not one per step it passed)."""
        first, second = self.langs
        staying = _in_same_order(self.ids[first], self.ids[second])
        problems = []
        for index, step_id in enumerate(self.ids[first]):
            if step_id not in staying:
                other_index = self.ids[second].index(step_id)
                message = (
                    f"step '{step_id}' is step {index + 1} here but step {other_index + 1} in {second}.yaml "
                    f"({self.place(second, self.step_key(second, other_index))})"
                )
                hint = "put the steps in the same order in both languages"
                problems.append(self.problem(first, f"{self.step_key(first, index)}.id", message, hint))
        return problems

    def section_problems(self) -> list[Problem]:
        sections = {lang: self._sections(lang) for lang in self.langs}
        problems = []
        for lang, other in (self.langs, self.langs[::-1]):
            for name, items in sections[lang].items():
                missing = {item: spot for item, spot in items.items() if item not in sections[other].get(name, {})}
                for (kind, value), (key, offset) in missing.items():
                    thing = f"link {{{value}}}" if kind == "link" else f"number {value}"
                    message = (
                        f"{thing} is in {name} here but not in {name} of {other}.yaml "
                        f"({self.place(other, self._section_key(other, key))})"
                    )
                    hint = f"both languages give the same links and numbers: add it to {other}.yaml or remove it here"
                    problems.append(self.problem(lang, key, message, hint, offset))
        return problems

    def _sections(self, lang: str) -> Sections:
        text = self.leaflet.texts[lang]
        sections: Sections = {}
        for field in leaflet_fields(text):
            section = sections.setdefault(self._section_name(lang, field.key), {})
            position = 0
            # a text printed as written (an image's alt text, the signature) has numbers too
            for span in parse_inline(field.text) if field.markup else (Span(field.text),):
                if span.link:
                    offset = field.text.find("{" + span.link + "}", position)
                    section.setdefault(("link", span.link), (field.key, offset))
                    position = offset + 1
                else:
                    offset = field.text.find(span.text, position)
                    for number_offset, number in all_numbers(span.text):
                        section.setdefault(("number", number), (field.key, offset + number_offset))
                    position = offset + len(span.text)
        for key, block in leaflet_blocks(text):
            if isinstance(block, Contacts | QRPanel):
                section = sections.setdefault(self._section_name(lang, key), {})
                for index, link_id in enumerate(block.links):
                    section.setdefault(("link", link_id), (f"{key}[{index}]", 0))
        return sections

    def _section_name(self, lang: str, key: str) -> str:
        for step_key, step in self.step_keys[lang]:
            if key.startswith(step_key + "."):
                return f"step '{step.id}'"
        return "the back page" if key.startswith("back") else "the text outside the steps"

    def _section_key(self, lang: str, key_elsewhere: str) -> str:
        """The key of the same section in ``lang``."""
        other = self.langs[0] if lang == self.langs[1] else self.langs[1]
        for step_key, step in self.step_keys[other]:
            if key_elsewhere.startswith(step_key + ".") and step.id in self.ids[lang]:
                return self.step_key(lang, self.ids[lang].index(step.id))
        return "back" if key_elsewhere.startswith("back") else "blocks"


def _in_same_order(first: list[str], second: list[str]) -> set[str]:
    """The ids of a longest common subsequence of two orders of the same ids; of two equally
    long ones, the one that keeps the later ids of ``first`` (so of two swapped steps, the
    one that comes first in ``first`` is the one reported as moved)."""
    # longest[i][j]: the length of a longest common subsequence of first[i:] and second[j:]
    longest = [[0] * (len(second) + 1) for _ in range(len(first) + 1)]
    for i in range(len(first) - 1, -1, -1):
        for j in range(len(second) - 1, -1, -1):
            if first[i] == second[j]:
                longest[i][j] = longest[i + 1][j + 1] + 1
            else:
                longest[i][j] = max(longest[i + 1][j], longest[i][j + 1])
    kept: set[str] = set()
    i = j = 0
    while i < len(first) and j < len(second):
        if first[i] == second[j]:
            kept.add(first[i])
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept
