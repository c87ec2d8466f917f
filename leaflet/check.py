"""Content checks beyond structure: references, links, glyphs, parity.

:func:`check_content` loads a folder and runs every check, collecting all
problems before raising one :class:`ContentError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .errors import ContentError, Problem
from .fonts import describe_char, missing_glyphs
from .inline import InlineError, parse_inline
from .loader import load_content
from .model import Content, Item, Leaflet


def leaflet_texts(leaflet: Leaflet) -> Iterator[tuple[str, str]]:
    """Every text field of a leaflet as ``(key path, text)``, in reading order."""
    yield "meta.title", leaflet.meta.title
    yield "meta.subject", leaflet.meta.subject
    yield "meta.author", leaflet.meta.author
    yield "title", leaflet.title
    for index, text in enumerate(leaflet.lead):
        yield f"lead[{index}]", text
    yield "tactics.heading", leaflet.tactics_heading
    for index, text in enumerate(leaflet.tactics):
        yield f"tactics.items[{index}]", text
    yield "warning.heading", leaflet.warning_heading
    yield "warning.text", leaflet.warning_text
    yield "steps_heading", leaflet.steps_heading
    for step_index, step in enumerate(leaflet.steps):
        key = f"steps[{step_index}]"
        yield f"{key}.title", step.title
        yield f"{key}.short", step.short
        for block_index, block in enumerate(step.body):
            block_key = f"{key}.body[{block_index}]"
            if block.kind in ("text", "note"):
                yield f"{block_key}.{block.kind}", block.text
            for item_index, item in enumerate(block.items):
                yield from _item_texts(item, f"{block_key}.{block.kind}[{item_index}]")
    share = leaflet.share
    for name in ("heading", "text", "details", "outro"):
        yield f"share.{name}", getattr(share, name)
    yield "motto", leaflet.motto
    yield "signature", leaflet.signature


def _item_texts(item: Item, key: str) -> Iterator[tuple[str, str]]:
    if not item.path and not item.after and not item.bullets:
        yield key, item.text
        return
    yield f"{key}.text", item.text
    for index, part in enumerate(item.path):
        yield f"{key}.path[{index}]", part
    if item.after:
        yield f"{key}.after", item.after
    for index, sub in enumerate(item.bullets):
        yield from _item_texts(sub, f"{key}.bullets[{index}]")


def _where(content: Content, file: str, key: str) -> tuple[int, int]:
    return content.locations.get((file, key), (0, 0))


def check_references_and_glyphs(content: Content) -> list[Problem]:
    """Inline markup parses, every {link_id} exists, every character has a glyph."""
    problems: list[Problem] = []
    folder = Path(content.folder)
    for lang, leaflet in content.leaflets.items():
        file = str(folder / f"{lang}.yaml")
        for key, text in leaflet_texts(leaflet):
            line, column = _where(content, file, key)
            try:
                spans = parse_inline(text)
            except InlineError as error:
                problems.append(Problem(file, line, column, key, str(error), error.hint))
                continue
            for span in spans:
                if span.link and span.link not in content.links:
                    problems.append(
                        Problem(
                            file,
                            line,
                            column,
                            key,
                            f"unknown link {{{span.link}}}",
                            f"use one of: {', '.join('{' + i + '}' for i in content.links)}",
                        )
                    )
            for char in missing_glyphs(text):
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        key,
                        f"character {describe_char(char)} has no glyph in the fonts",
                        "replace it with a common character, or add a font that has it",
                    )
                )
        if leaflet.share.contact not in content.links:
            line, column = _where(content, file, "share.contact")
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    "share.contact",
                    f"unknown link '{leaflet.share.contact}'",
                    "give the id of the e-mail link in links.yaml",
                )
            )
    links_file = str(folder / "links.yaml")
    for link in content.links.values():
        for field, values in (("label", link.labels), ("purpose", link.purposes)):
            for lang, text in values.items():
                key = f"links.{link.id}.{field}.{lang}"
                for char in missing_glyphs(text):
                    line, column = _where(content, links_file, key)
                    problems.append(
                        Problem(
                            links_file,
                            line,
                            column,
                            key,
                            f"character {describe_char(char)} has no glyph in the fonts",
                            "replace it with a common character",
                        )
                    )
    return problems


def check_content(folder: Path | str) -> Content:
    """Load a content folder and run every check; raise ContentError listing all problems."""
    content = load_content(folder)
    problems = check_references_and_glyphs(content)
    if problems:
        raise ContentError(problems)
    return content
