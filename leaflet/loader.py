"""Load the content folder (``links.yaml`` and one ``<lang>.yaml`` per language).

Structural problems (unknown, missing or wrongly typed keys) are collected for
all files before anything is raised, so the editor sees every problem at once.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from yaml.nodes import Node, ScalarNode

from .errors import ContentError, Problem
from .model import LANGUAGES, Block, Content, Item, Leaflet, Link, Meta, Share, Step
from .yamlread import NodeReader, compose_file

LINKS_FILE = "links.yaml"
BLOCK_KINDS = ("text", "bullets", "numbered", "note")


def load_content(folder: Path | str) -> Content:
    """Read and structurally validate a content folder; raise ContentError listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError(
            [
                Problem(
                    str(folder),
                    0,
                    0,
                    "",
                    "content folder does not exist",
                    "pass the folder holding links.yaml, kk.yaml and ru.yaml with --content",
                )
            ]
        )
    problems: list[Problem] = []
    locations: dict[tuple[str, str], tuple[int, int]] = {}
    allowed_hosts, links = _read_links(folder, problems, locations)
    leaflets: dict[str, Leaflet] = {}
    for code in LANGUAGES:
        leaflet = _read_leaflet(folder, code, problems, locations)
        if leaflet is not None:
            leaflets[code] = leaflet
    if problems:
        raise ContentError(problems)
    return Content(
        folder=str(folder),
        allowed_hosts=allowed_hosts,
        links=MappingProxyType(links),
        leaflets=MappingProxyType(leaflets),
        locations=MappingProxyType(locations),
    )


def display_name(folder: Path, name: str) -> str:
    return str(folder / name)


def _read_links(folder: Path, problems: list[Problem], locations: dict) -> tuple[tuple[str, ...], dict[str, Link]]:
    display = display_name(folder, LINKS_FILE)
    root = compose_file(folder / LINKS_FILE, display, problems)
    reader = NodeReader(display, problems, locations)
    if root is None or not reader.check_tags(root):
        return (), {}
    top = reader.mapping(root, "", ("allowed_hosts", "links"))
    if top is None:
        return (), {}
    hosts = reader.text_list(top["allowed_hosts"], "allowed_hosts") if "allowed_hosts" in top else ()
    links: dict[str, Link] = {}
    for link_id, key_node, value_node in reader.pairs(top["links"], "links") if "links" in top else ():
        if not (
            link_id.isascii()
            and link_id[:1].isalpha()
            and link_id.replace("_", "a").isalnum()
            and link_id == link_id.lower()
        ):
            reader.problem(
                key_node,
                f"links.{link_id}",
                "a link id must be lower-case Latin letters, digits and '_'",
                "rename it, e.g. 'egov' or 'police_portal'",
            )
            continue
        link = _read_link(reader, value_node, link_id)
        if link is not None:
            links[link_id] = link
    return tuple(hosts), links


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


def _read_leaflet(folder: Path, code: str, problems: list[Problem], locations: dict) -> Leaflet | None:
    display = display_name(folder, f"{code}.yaml")
    root = compose_file(folder / f"{code}.yaml", display, problems)
    reader = NodeReader(display, problems, locations)
    if root is None or not reader.check_tags(root):
        return None
    required = (
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
    top = reader.mapping(root, "", required)
    if top is None or any(name not in top for name in required):
        return None
    lang = reader.text(top["lang"], "lang")
    if lang and lang != code:
        reader.problem(
            top["lang"],
            "lang",
            f"says '{lang}' but the file is {code}.yaml",
            f"write 'lang: {code}' or rename the file",
        )
    meta = reader.mapping(top["meta"], "meta", ("title", "subject", "author")) or {}
    tactics = reader.mapping(top["tactics"], "tactics", ("heading", "items")) or {}
    warning = reader.mapping(top["warning"], "warning", ("heading", "text")) or {}
    share = reader.mapping(top["share"], "share", ("heading", "text", "contact", "details", "outro")) or {}

    def text(fields: dict[str, Node], parent: str, name: str) -> str:
        return reader.text(fields[name], f"{parent}.{name}") if name in fields else ""

    return Leaflet(
        lang=code,
        meta=Meta(text(meta, "meta", "title"), text(meta, "meta", "subject"), text(meta, "meta", "author")),
        title=reader.text(top["title"], "title"),
        lead=reader.text_list(top["lead"], "lead"),
        tactics_heading=text(tactics, "tactics", "heading"),
        tactics=reader.text_list(tactics["items"], "tactics.items") if "items" in tactics else (),
        warning_heading=text(warning, "warning", "heading"),
        warning_text=text(warning, "warning", "text"),
        steps_heading=reader.text(top["steps_heading"], "steps_heading"),
        steps=reader.items(top["steps"], "steps", lambda node, key: _read_step(reader, node, key)),
        share=Share(*(text(share, "share", name) for name in ("heading", "text", "contact", "details", "outro"))),
        motto=reader.text(top["motto"], "motto"),
        signature=reader.text(top["signature"], "signature"),
    )


def _read_step(reader: NodeReader, node: Node, key: str) -> Step:
    fields = reader.mapping(node, key, ("id", "title", "short", "body")) or {}
    body = (
        reader.items(fields["body"], f"{key}.body", lambda n, k: _read_block(reader, n, k)) if "body" in fields else ()
    )
    return Step(
        id=reader.text(fields["id"], f"{key}.id") if "id" in fields else "",
        title=reader.text(fields["title"], f"{key}.title") if "title" in fields else "",
        short=reader.text(fields["short"], f"{key}.short") if "short" in fields else "",
        body=tuple(block for block in body if block is not None),
    )


def _read_block(reader: NodeReader, node: Node, key: str) -> Block | None:
    fields = reader.mapping(node, key, (), BLOCK_KINDS)
    if fields is None:
        return None
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
    items = reader.items(value, f"{key}.{kind}", lambda n, k: _read_item(reader, n, k))
    if not items:
        reader.problem(value, f"{key}.{kind}", "list is empty", "add items or remove the block")
    return Block(kind=kind, items=items)


def _read_item(reader: NodeReader, node: Node, key: str) -> Item:
    if isinstance(node, ScalarNode):
        return Item(text=reader.text(node, key))
    fields = reader.mapping(node, key, ("text",), ("path", "after", "bullets")) or {}
    return Item(
        text=reader.text(fields["text"], f"{key}.text") if "text" in fields else "",
        path=reader.text_list(fields["path"], f"{key}.path") if "path" in fields else (),
        after=reader.text(fields["after"], f"{key}.after") if "after" in fields else "",
        bullets=reader.items(fields["bullets"], f"{key}.bullets", lambda n, k: _read_item(reader, n, k))
        if "bullets" in fields
        else (),
    )
