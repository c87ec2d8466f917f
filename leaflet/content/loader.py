"""Load a content folder: the shared ``links.yaml`` and one folder per leaflet.

::

    content/
      links.yaml              the link registry and the allow-list, shared by every leaflet
      <leaflet-id>/
        leaflet.yaml          languages: [kk, ru]
        kk.yaml, ru.yaml      one file per declared language

Structural problems (unknown, missing or wrongly typed keys) are collected for
all files before anything is raised, so the editor sees every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from yaml.nodes import MappingNode, Node

from ..errors import ContentError, Problem, shown
from .blocks import BACK_BLOCKS, BODY_BLOCKS, is_identifier, read_blocks
from .contacts import parse_phone
from .model import LANGUAGES, Content, Leaflet, LeafletText, Link, Meta
from .yamlread import Locations, NodeReader, compose_file

LINKS_FILE = "links.yaml"
LEAFLET_FILE = "leaflet.yaml"
_LEAFLET_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
#: more leaflets than this in one folder is a mistake (a folder of something else)
MAX_LEAFLETS = 100


@dataclass
class Loaded:
    """What was read from a content folder, and every structural problem met on the way.

    ``content`` holds whatever could be read even when there are problems, so the
    other checks can still look at it; ``starts`` locates one-line texts exactly
    (see :class:`leaflet.content.yamlread.NodeReader`).
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
        hint = "pass the folder holding links.yaml and one folder per leaflet with --content"
        raise ContentError([Problem(str(folder), 0, 0, "", message, hint)])
    problems: list[Problem] = []
    locations: Locations = {}
    starts: Locations = {}
    allowed_hosts, links, phones = _read_links(NodeReader(links_file(folder), problems, locations, starts))
    leaflets: dict[str, Leaflet] = {}
    for leaflet_folder in _leaflet_folders(folder, problems):
        leaflet = _read_leaflet(leaflet_folder, problems, locations, starts)
        if leaflet is not None:
            leaflets[leaflet.id] = leaflet
    content = Content(
        folder=str(folder),
        allowed_hosts=allowed_hosts,
        links=MappingProxyType(links),
        phones=MappingProxyType(phones),
        leaflets=MappingProxyType(leaflets),
        locations=MappingProxyType(locations),
    )
    return Loaded(content, problems, starts)


def _leaflet_folders(folder: Path, problems: list[Problem]) -> list[Path]:
    """The leaflet folders of a content folder, by name; problems for anything that looks
    like a leaflet but is not one."""
    legacy = [name for name in (f"{code}.yaml" for code in LANGUAGES) if (folder / name).exists()]
    if legacy:
        problems.append(
            Problem(
                str(folder / legacy[0]),
                0,
                0,
                "",
                "a language file directly in the content folder: each leaflet now has a folder of its own",
                f"make a folder such as {folder / 'my-leaflet'}, move {' and '.join(legacy)} into it, and add "
                f"{LEAFLET_FILE} with 'languages: [kk, ru]' (see content/README.md)",
            )
        )
    found = []
    before = len(problems)
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        try:
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            has_leaflet_file, has_texts = (entry / LEAFLET_FILE).exists(), any(entry.glob("*.yaml"))
        except OSError as error:  # a folder that cannot be looked into
            problems.append(_unreadable(entry, error))
            continue
        if entry.is_symlink():
            problems.append(
                Problem(str(entry), 0, 0, "", "a leaflet folder is a link to another place", "copy the folder here")
            )
            continue
        if not has_leaflet_file:
            if has_texts:
                problems.append(
                    Problem(
                        str(entry / LEAFLET_FILE),
                        0,
                        0,
                        "",
                        f"this folder has texts but no {LEAFLET_FILE}, so it is not read as a leaflet",
                        f"add {LEAFLET_FILE} with 'languages: [kk, ru]' (the languages it is written in)",
                    )
                )
            continue
        if not _LEAFLET_ID.fullmatch(entry.name):
            problems.append(
                Problem(
                    str(entry),
                    0,
                    0,
                    "",
                    f"leaflet folder name {shown(entry.name)} cannot be a leaflet id",
                    "rename it with lower-case Latin letters, digits and '-' (at most 40), e.g. 'fake-bank-call'",
                )
            )
            continue
        found.append(entry)
    refused = len(problems) > before
    if not found and not legacy and not refused:
        problems.append(
            Problem(
                str(folder),
                0,
                0,
                "",
                "no leaflet in this folder",
                f"add a folder per leaflet holding {LEAFLET_FILE} and a text per language (see content/README.md)",
            )
        )
    if len(found) > MAX_LEAFLETS:
        problems.append(
            Problem(str(folder), 0, 0, "", f"{len(found)} leaflet folders: at most {MAX_LEAFLETS} are read", "")
        )
        found = found[:MAX_LEAFLETS]
    return found


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _unreadable(path: Path, error: OSError) -> Problem:
    reason = error.strerror or str(error)
    return Problem(str(path), 0, 0, "", f"cannot be read: {reason}", "check that the folder and its files can be read")


def _root(reader: NodeReader) -> Node | None:
    root = compose_file(Path(reader.display), reader.display, reader.problems)
    return root if root is not None and reader.check_tags(root) else None


def links_file(folder: Path | str) -> str:
    """The link registry's file as problems name it; its values' locations are keyed by this name."""
    return str(Path(folder) / LINKS_FILE)


def language_file(leaflet_folder: Path | str, lang: str) -> str:
    """A language's file as problems name it; its values' locations are keyed by this name."""
    return str(Path(leaflet_folder) / f"{lang}.yaml")


def _read_links(reader: NodeReader) -> tuple[tuple[str, ...], dict[str, Link], dict[str, str]]:
    root = _root(reader)
    top = reader.mapping(root, "", ("allowed_hosts", "links"), ("phones",)) if root is not None else None
    if top is None:
        return (), {}, {}
    hosts = reader.text_list(top["allowed_hosts"], "allowed_hosts", min_items=1) if "allowed_hosts" in top else ()
    phones = _read_phones(reader, top["phones"]) if "phones" in top else {}
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
    return tuple(hosts), links, phones


def _read_phones(reader: NodeReader, node: Node) -> dict[str, str]:
    """The official numbers: ``phones:`` maps each number, as written, to what it is.

    Each is parsed like every other number (:func:`leaflet.content.contacts.parse_phone`) and
    kept as dialled, so "+7 727 244-50-50" and "87272445050" are one number.
    """
    phones: dict[str, str] = {}
    for written, key_node, value_node in reader.pairs(node, "phones"):
        key = f"phones.{shown(written)[1:-1]}"
        what = reader.text(value_node, key)
        phone = parse_phone(written)
        if isinstance(phone, tuple):
            reader.problem(key_node, key, *phone)
        elif phone.dial in phones:
            reader.problem(key_node, key, f"{shown(written)} is the number {phone.shown} again", "keep it once")
        else:
            phones[phone.dial] = what
    return phones


def _read_link(reader: NodeReader, node: Node, link_id: str) -> Link | None:
    key = f"links.{link_id}"
    fields = reader.mapping(node, key, ("url", "label"), ("purpose",))
    if fields is None:
        return None
    url = reader.text(fields["url"], f"{key}.url") if "url" in fields else ""
    labels = _per_language(reader, fields["label"], f"{key}.label") if "label" in fields else {}
    purposes = _per_language(reader, fields["purpose"], f"{key}.purpose") if "purpose" in fields else {}
    return Link(id=link_id, url=url.strip(), labels=MappingProxyType(labels), purposes=MappingProxyType(purposes))


def _per_language(reader: NodeReader, node: Node, key: str) -> dict[str, str]:
    fields = reader.mapping(node, key, tuple(LANGUAGES))
    if fields is None:
        return {}
    return {code: reader.text(value, f"{key}.{code}") for code, value in fields.items()}


def _read_leaflet(folder: Path, problems: list[Problem], locations: Locations, starts: Locations) -> Leaflet | None:
    reader = NodeReader(str(folder / LEAFLET_FILE), problems, locations, starts)
    root = _root(reader)
    top = reader.mapping(root, "", ("languages",), ("edition",)) if root is not None else None
    if top is None:
        return None
    languages: tuple[str, ...] = ()
    if "languages" in top:
        declared = reader.text_list(top["languages"], "languages", min_items=1)
        for index, code in enumerate(declared):
            if code and code not in LANGUAGES:
                message = f"unknown language {shown(code)}"
                reader.problem(top["languages"].value[index], f"languages[{index}]", message, "write kk or ru")
            elif code in declared[:index]:
                reader.problem(top["languages"].value[index], f"languages[{index}]", "language appears twice", "")
        # printed in the order LANGUAGES gives (Kazakh, the state language, first)
        languages = tuple(code for code in LANGUAGES if code in declared)
    edition = reader.date(top["edition"], "edition") if "edition" in top else ""
    texts: dict[str, LeafletText] = {}
    for code in languages:
        path = folder / f"{code}.yaml"
        try:
            missing = not path.exists() and not path.is_symlink()
        except OSError as error:
            problems.append(_unreadable(path, error))
            continue
        if missing:
            problems.append(
                Problem(
                    language_file(folder, code),
                    0,
                    0,
                    "",
                    f"file is missing: {LEAFLET_FILE} lists '{code}' under languages",
                    f"create it (see content/README.md), or remove {code} from languages in {folder / LEAFLET_FILE}",
                )
            )
            continue
        text = _read_text(NodeReader(language_file(folder, code), problems, locations, starts), folder.name, code)
        if text is not None:
            texts[code] = text
    for code in LANGUAGES:
        if code not in languages and _exists(folder / f"{code}.yaml"):
            problems.append(
                Problem(
                    language_file(folder, code),
                    0,
                    0,
                    "",
                    f"this text is not built: {LEAFLET_FILE} does not list '{code}' under languages",
                    f"add {code} to languages in {folder / LEAFLET_FILE}, or delete this file",
                )
            )
    return Leaflet(
        id=folder.name,
        folder=str(folder),
        languages=languages,
        texts=MappingProxyType(texts),
        edition=edition,
    )


def _read_text(reader: NodeReader, leaflet_id: str, code: str) -> LeafletText | None:
    root = _root(reader)
    top = reader.mapping(root, "", ("lang", "title"), ("meta", "blocks", "back")) if root is not None else None
    if top is None:
        return None

    def text(fields: dict[str, Node], parent: str, name: str) -> str:
        return reader.text(fields[name], f"{parent}.{name}" if parent else name) if name in fields else ""

    lang = text(top, "", "lang")
    if lang and lang != code:
        message = f"says {shown(lang)} but the file is {code}.yaml"
        reader.problem(top["lang"], "lang", message, f"write 'lang: {code}' or rename the file")
    title = text(top, "", "title")
    meta_fields = (
        (reader.mapping(top["meta"], "meta", (), ("title", "subject", "author")) or {}) if "meta" in top else {}
    )
    meta = Meta(
        title=text(meta_fields, "meta", "title"),  # '' when not written: the title, its markup removed
        subject=text(meta_fields, "meta", "subject"),
        author=text(meta_fields, "meta", "author"),
    )
    blocks = read_blocks(reader, top["blocks"], "blocks", BODY_BLOCKS) if "blocks" in top else ()
    back = read_blocks(reader, top["back"], "back", BACK_BLOCKS) if "back" in top else ()
    return LeafletText(leaflet_id=leaflet_id, lang=code, meta=meta, title=title, blocks=blocks, back=back)
