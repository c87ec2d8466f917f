"""The content model: plain, frozen data loaded from YAML.

Nothing here knows about ReportLab or PDF.  Text fields hold the raw inline
markup (``**bold**`` and ``{link_id}``); :mod:`leaflet.inline` parses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Language:
    """A language the leaflets are written in."""

    code: str
    pdf_lang: str
    name: str


#: Every language a leaflet can be written in, in the order they are printed
#: together (Kazakh, the state language, first).
LANGUAGES: Mapping[str, Language] = MappingProxyType(
    {
        "kk": Language(code="kk", pdf_lang="kk-KZ", name="Қазақша"),
        "ru": Language(code="ru", pdf_lang="ru-KZ", name="Русский"),
    }
)


@dataclass(frozen=True)
class Link:
    """One entry of the link registry, shared by every language."""

    id: str
    url: str
    labels: Mapping[str, str]
    qr: bool
    purposes: Mapping[str, str] = field(default_factory=dict)

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme

    @property
    def host(self) -> str:
        """The host a web link points to, or the domain of an e-mail address."""
        if self.scheme == "mailto":
            return self.url.partition("@")[2].lower()
        return (urlsplit(self.url).hostname or "").lower()

    def label(self, lang: str) -> str:
        return self.labels[lang]


@dataclass(frozen=True)
class Item:
    """A list item: text, optionally a menu path, text after it, sub-items."""

    text: str
    path: tuple[str, ...] = ()
    after: str = ""
    bullets: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Block:
    """One block of a step body: a paragraph, a list, or a note."""

    kind: str  # "text", "bullets", "numbered" or "note"
    text: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    short: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Share:
    heading: str
    text: str
    contact: str
    details: str
    outro: str


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str


@dataclass(frozen=True)
class Leaflet:
    """Everything one language's leaflet says, in reading order."""

    lang: str
    meta: Meta
    title: str
    lead: tuple[str, ...]
    tactics_heading: str
    tactics: tuple[str, ...]
    warning_heading: str
    warning_text: str
    steps_heading: str
    steps: tuple[Step, ...]
    share: Share
    motto: str
    signature: str


@dataclass(frozen=True)
class Content:
    """The whole content folder: the link registry and one leaflet per language."""

    folder: str
    allowed_hosts: tuple[str, ...]
    links: Mapping[str, Link]
    leaflets: Mapping[str, Leaflet]
    #: ``(file, key path) -> (line, column)`` for every value, for error messages.
    locations: Mapping[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    def qr_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links.values() if link.qr)


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
