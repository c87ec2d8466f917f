"""Load the content folder (``links.yaml`` and one ``<lang>.yaml`` per language).

Structural problems (unknown, missing or wrongly typed keys) are collected for
all files before anything is raised, so the editor sees every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import MappingNode, Node, ScalarNode

from ..errors import ContentError, Problem, shown
from .model import LANGUAGES, Block, Content, Item, Leaflet, Link, Meta, Share, Step
from .yamlread import Locations, NodeReader, compose_file

LINKS_FILE = "links.yaml"
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
BLOCK_KINDS = ("text", "bullets", "numbered", "note")
LEAFLET_KEYS = (
    "lang",
    "meta",
    "title",
    "lead",
    "tactics",
    "warning",
    "steps_heading",
    "steps",
    "share",
    "motto",
    "signature",
)


@dataclass
class Loaded:
    """What was read from a content folder, and every structural problem met on the way.

    ``content`` holds whatever could be read even when there are problems, so the
    other checks can still look at it; ``starts`` locates one-line texts exactly
    (see :class:`leaflet.yamlread.NodeReader`).
    """

    content: Content
    problems: list[Problem] = field(default_factory=list)
    starts: Locations = field(default_factory=dict)


def load_content(folder: Path | str) -> Content:
    """Read and structurally validate a content folder; raise ContentError listing every problem."""
    loaded = read_content(folder)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return loaded.content


def read_content(folder: Path | str) -> Loaded:
    """Read a content folder, collecting every structural problem of every file."""
    folder = Path(folder)
    if not folder.is_dir():
        message = "content folder does not exist" if not folder.exists() else "is not a folder"
        hint = "pass the folder holding links.yaml, kk.yaml and ru.yaml with --content"
        raise ContentError([Problem(str(folder), 0, 0, "", message, hint)])
    problems: list[Problem] = []
    locations: Locations = {}
    starts: Locations = {}
    allowed_hosts, links = _read_links(NodeReader(links_file(folder), problems, locations, starts))
    leaflets: dict[str, Leaflet] = {}
    for code in LANGUAGES:
        leaflet = _read_leaflet(NodeReader(language_file(folder, code), problems, locations, starts), code)
        if leaflet is not None:
            leaflets[code] = leaflet
    content = Content(
        folder=str(folder),
        allowed_hosts=allowed_hosts,
        links=MappingProxyType(links),
        leaflets=MappingProxyType(leaflets),
        locations=MappingProxyType(locations),
    )
    return Loaded(content, problems, starts)


def _root(reader: NodeReader) -> Node | None:
    root = compose_file(Path(reader.display), reader.display, reader.problems)
    return root if root is not None and reader.check_tags(root) else None


def links_file(folder: Path | str) -> str:
    """The link registry's file as problems name it; its values' locations are keyed by this name."""
    return str(Path(folder) / LINKS_FILE)


def language_file(folder: Path | str, lang: str) -> str:
    """A language's file as problems name it; its values' locations are keyed by this name."""
    return str(Path(folder) / f"{lang}.yaml")


def _read_links(reader: NodeReader) -> tuple[tuple[str, ...], dict[str, Link]]:
    root = _root(reader)
    top = reader.mapping(root, "", ("allowed_hosts", "links")) if root is not None else None
    if top is None:
        return (), {}
    hosts = reader.text_list(top["allowed_hosts"], "allowed_hosts", min_items=1) if "allowed_hosts" in top else ()
    entries = reader.pairs(top["links"], "links") if "links" in top else []
    if "links" in top and not entries and isinstance(top["links"], MappingNode):
        reader.problem(top["links"], "links", "no links are defined", "add the links the texts refer to")
    links: dict[str, Link] = {}
    for link_id, key_node, value_node in entries:
        if not is_identifier(link_id):
            reader.problem(
                key_node,
                f"links.{shown(link_id)[1:-1]}",
                "a link id must be lower-case Latin letters, digits and '_', starting with a letter",
                "rename it, e.g. 'egov' or 'police_portal'",
            )
            continue
        link = _read_link(reader, value_node, link_id)
        if link is not None:
            links[link_id] = link
    return tuple(hosts), links


def is_identifier(name: str) -> bool:
    """A link or step id: lower-case Latin letters, digits and '_', starting with a letter."""
    return bool(_IDENTIFIER.fullmatch(name))


def _read_link(reader: NodeReader, node: Node, link_id: str) -> Link | None:
    key = f"links.{link_id}"
    fields = reader.mapping(node, key, ("url", "label", "qr"), ("purpose",))
    if fields is None:
        return None
    url = reader.text(fields["url"], f"{key}.url") if "url" in fields else ""
    labels = _per_language(reader, fields["label"], f"{key}.label") if "label" in fields else {}
    qr = reader.boolean(fields["qr"], f"{key}.qr") if "qr" in fields else False
    purposes = _per_language(reader, fields["purpose"], f"{key}.purpose") if "purpose" in fields else {}
    if qr and "purpose" not in fields:  # a QR code is always captioned with what it is for
        reader.problem(
            node,
            f"{key}.purpose",
            "a link with a QR code needs a purpose",
            "add 'purpose:' with a few words per language saying what the reader does there",
        )
    return Link(
        id=link_id, url=url.strip(), labels=MappingProxyType(labels), qr=qr, purposes=MappingProxyType(purposes)
    )


def _per_language(reader: NodeReader, node: Node, key: str) -> dict[str, str]:
    fields = reader.mapping(node, key, tuple(LANGUAGES))
    if fields is None:
        return {}
    return {code: reader.text(value, f"{key}.{code}") for code, value in fields.items()}


def _read_leaflet(reader: NodeReader, code: str) -> Leaflet | None:
    root = _root(reader)
    top = reader.mapping(root, "", LEAFLET_KEYS) if root is not None else None
    if top is None:
        return None

    def group(name: str, keys: tuple[str, ...]) -> dict[str, Node]:
        return (reader.mapping(top[name], name, keys) or {}) if name in top else {}

    def text(fields: dict[str, Node], parent: str, name: str) -> str:
        return reader.text(fields[name], f"{parent}.{name}" if parent else name) if name in fields else ""

    def texts(fields: dict[str, Node], key: str) -> tuple[str, ...]:
        name = key.rpartition(".")[2]
        return reader.text_list(fields[name], key, min_items=1) if name in fields else ()

    lang = text(top, "", "lang")
    if lang and lang != code:
        message = f"says {shown(lang)} but the file is {code}.yaml"
        reader.problem(top["lang"], "lang", message, f"write 'lang: {code}' or rename the file")
    meta = group("meta", ("title", "subject", "author"))
    tactics = group("tactics", ("heading", "items"))
    warning = group("warning", ("heading", "text"))
    share = group("share", ("heading", "text", "contact", "details", "outro"))
    steps = (
        reader.items(top["steps"], "steps", lambda node, key: _read_step(reader, node, key), min_items=1)
        if "steps" in top
        else ()
    )
    return Leaflet(
        lang=code,
        meta=Meta(text(meta, "meta", "title"), text(meta, "meta", "subject"), text(meta, "meta", "author")),
        title=text(top, "", "title"),
        lead=texts(top, "lead"),
        tactics_heading=text(tactics, "tactics", "heading"),
        tactics=texts(tactics, "tactics.items"),
        warning_heading=text(warning, "warning", "heading"),
        warning_text=text(warning, "warning", "text"),
        steps_heading=text(top, "", "steps_heading"),
        steps=steps,
        share=Share(*(text(share, "share", name) for name in ("heading", "text", "contact", "details", "outro"))),
        motto=text(top, "", "motto"),
        signature=text(top, "", "signature"),
    )


def _read_step(reader: NodeReader, node: Node, key: str) -> Step:
    fields = reader.mapping(node, key, ("id", "title", "short", "body")) or {}

    def text(name: str) -> str:
        return reader.text(fields[name], f"{key}.{name}") if name in fields else ""

    step_id = text("id")
    if step_id and not is_identifier(step_id):
        reader.problem(
            fields["id"],
            f"{key}.id",
            f"step id {shown(step_id)} must be lower-case Latin letters, digits and '_', starting with a letter",
            "keep the id as it was (ids are the same in every language), e.g. 'renew_keys'",
        )
    read_block = lambda n, k: _read_block(reader, n, k)  # noqa: E731 - a short local reader
    body = reader.items(fields["body"], f"{key}.body", read_block) if "body" in fields else ()
    return Step(
        id=step_id,
        title=text("title"),
        short=text("short"),
        body=tuple(block for block in body if block is not None),
    )


def _read_block(reader: NodeReader, node: Node, key: str) -> Block | None:
    fields = reader.mapping(node, key, (), BLOCK_KINDS)
    if fields is None:
        return None
    if not fields and isinstance(node, MappingNode) and node.value:
        return None  # its only keys are unknown ones, already reported
    if len(fields) != 1:
        reader.problem(
            node,
            key,
            f"a block must have exactly one of {', '.join(BLOCK_KINDS)}; found {len(fields)}",
            "split it into separate '- ' entries, one kind each",
        )
        return None
    kind, value = next(iter(fields.items()))
    if kind in ("text", "note"):
        return Block(kind=kind, text=reader.text(value, f"{key}.{kind}"))
    items = reader.items(value, f"{key}.{kind}", lambda n, k: _read_item(reader, n, k), min_items=1)
    return Block(kind=kind, items=items)


def _read_item(reader: NodeReader, node: Node, key: str) -> Item:
    if isinstance(node, ScalarNode):
        return Item(text=reader.text(node, key))
    fields = reader.mapping(node, key, ("text",), ("path", "after", "bullets")) or {}
    return Item(
        text=reader.text(fields["text"], f"{key}.text") if "text" in fields else "",
        path=reader.text_list(fields["path"], f"{key}.path", min_items=1) if "path" in fields else (),
        after=reader.text(fields["after"], f"{key}.after") if "after" in fields else "",
        bullets=reader.items(fields["bullets"], f"{key}.bullets", lambda n, k: _read_item(reader, n, k), min_items=1)
        if "bullets" in fields
        else (),
    )
