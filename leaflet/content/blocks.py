"""The block types of the content model: for each, how it is read from YAML and which texts
and link references it holds.

:data:`BLOCK_TYPES` is the registry keyed by the YAML key a block is written with
(``paragraph``, ``steps``, ``qr``, ...).  The checks of a block type live in
:mod:`leaflet.content.blockcheck` (registry ``BLOCK_CHECKS``) and its renderers in the layout
stage, keyed by the same name, so adding a block type means one entry in each.

Key paths name every value for error messages exactly as the YAML nests it:
``blocks[4].steps[2].body[0].numbered[1].items[0].text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode

from ..errors import shown
from .model import (
    CALLOUT_KINDS,
    Block,
    BulletList,
    Callout,
    Contacts,
    Heading,
    Image,
    Item,
    Lead,
    LeafletText,
    MenuPath,
    Note,
    NumberedList,
    Paragraph,
    QRPanel,
    SignOff,
    Step,
    Steps,
)
from .yamlread import NodeReader

_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
#: how deep sub-items may nest under a list item: one level (an item's own ``items``)
ITEM_DEPTH = 1
#: the widest image the layout sets, in mm (a column of A4 is narrower)
MAX_IMAGE_WIDTH_MM = 180.0


def is_identifier(name: str) -> bool:
    """A link or step id: lower-case Latin letters, digits and '_', starting with a letter."""
    return bool(_IDENTIFIER.fullmatch(name))


@dataclass(frozen=True)
class TextField:
    """One text of a block: where it is (key path), what it says, and whether it may hold
    inline markup (``**bold**`` and ``{link_id}``) or is printed exactly as written."""

    key: str
    text: str
    markup: bool = True


@dataclass(frozen=True)
class BlockType:
    """How one kind of block is read and what it holds."""

    name: str
    read: Callable[[NodeReader, Node, str, frozenset[str]], Block | None]
    texts: Callable[[Block, str], Iterator[TextField]]
    #: the kinds of block that may stand inside this one (steps' bodies, callouts)
    inner: frozenset[str] = frozenset()
    #: what the block is, for messages ("a bulleted list")
    description: str = ""


# -- reading ----------------------------------------------------------------------------------


def read_blocks(reader: NodeReader, node: Node, key: str, allowed: frozenset[str]) -> tuple[Block, ...]:
    """A list of blocks, each of one of the ``allowed`` kinds."""
    blocks = reader.items(node, key, lambda child, child_key: read_block(reader, child, child_key, allowed))
    return tuple(block for block in blocks if block is not None)


def read_block(reader: NodeReader, node: Node, key: str, allowed: frozenset[str]) -> Block | None:
    kinds = tuple(name for name in BLOCK_TYPES if name in allowed)
    if isinstance(node, ScalarNode) and node.tag.endswith(":str"):
        reader.problem(
            node,
            key,
            f"a block needs its kind: {shown(str(node.value), 40)} has none",
            "write it as '- paragraph: \"…\"' (or heading, note, lead …); see content/README.md",
        )
        return None
    fields = reader.mapping(node, key, (), tuple(BLOCK_TYPES))
    if fields is None:
        return None
    if not fields and isinstance(node, MappingNode) and node.value:
        return None  # its only keys are unknown ones, already reported
    if len(fields) != 1:
        reader.problem(
            node,
            key,
            f"a block must have exactly one of {', '.join(kinds)}; found {len(fields)}",
            "split it into separate '- ' entries, one kind each",
        )
        return None
    kind, value = next(iter(fields.items()))
    if kind not in allowed:
        where = "here" if allowed else "in this place"
        reader.problem(
            node,
            f"{key}.{kind}",
            f"a {kind} block cannot stand {where}",
            f"blocks allowed here: {', '.join(kinds)}",
        )
        return None
    return BLOCK_TYPES[kind].read(reader, value, f"{key}.{kind}", BLOCK_TYPES[kind].inner)


def _read_text_block(make: Callable[[str], Block]) -> Callable[[NodeReader, Node, str, frozenset[str]], Block]:
    return lambda reader, node, key, inner: make(reader.text(node, key))


def _read_list(make: Callable[[tuple[Item, ...]], Block]) -> Callable[[NodeReader, Node, str, frozenset[str]], Block]:
    def read(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block:
        items = reader.items(node, key, lambda child, child_key: _read_item(reader, child, child_key, 0), min_items=1)
        return make(items)

    return read


#: the keys an item written as a group of keys may have
ITEM_KEYS = ("text", "path", "after", "items")


def _read_item(reader: NodeReader, node: Node, key: str, depth: int) -> Item:
    if isinstance(node, ScalarNode) or (
        isinstance(node, MappingNode) and not any(getattr(name, "value", "") in ITEM_KEYS for name, _ in node.value)
    ):
        # an item is text; a group of keys none of which is an item's is text with ': ' left unquoted
        return Item(text=reader.text(node, key))
    fields = reader.mapping(node, key, ("text",), ("path", "after", "items")) or {}
    sub_items: tuple[Item, ...] = ()
    if "items" in fields:
        if depth >= ITEM_DEPTH:
            reader.problem(
                fields["items"],
                f"{key}.items",
                "sub-items cannot have sub-items of their own (one level is printed)",
                "make them items of the level above, or write them as one sentence",
            )
        else:
            read = lambda child, child_key: _read_item(reader, child, child_key, depth + 1)  # noqa: E731
            sub_items = reader.items(fields["items"], f"{key}.items", read, min_items=1)
    return Item(
        text=reader.text(fields["text"], f"{key}.text") if "text" in fields else "",
        path=reader.text_list(fields["path"], f"{key}.path", min_items=1) if "path" in fields else (),
        after=reader.text(fields["after"], f"{key}.after") if "after" in fields else "",
        items=sub_items,
    )


def _read_menu(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block | None:
    fields = reader.mapping(node, key, ("path",), ("text", "after"))
    if fields is None:
        return None
    return MenuPath(
        path=reader.text_list(fields["path"], f"{key}.path", min_items=1) if "path" in fields else (),
        text=reader.text(fields["text"], f"{key}.text") if "text" in fields else "",
        after=reader.text(fields["after"], f"{key}.after") if "after" in fields else "",
    )


def _read_callout(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block | None:
    fields = reader.mapping(node, key, ("kind", "title"), ("blocks",))
    if fields is None:
        return None
    style = reader.text(fields["kind"], f"{key}.kind") if "kind" in fields else "warning"
    if style and style not in CALLOUT_KINDS:
        reader.problem(
            fields["kind"],
            f"{key}.kind",
            f"unknown kind of callout {shown(style)}",
            f"write one of {', '.join(CALLOUT_KINDS)}",
        )
    blocks = read_blocks(reader, fields["blocks"], f"{key}.blocks", inner) if "blocks" in fields else ()
    title = reader.text(fields["title"], f"{key}.title") if "title" in fields else ""
    return Callout(style=style, title=title, blocks=blocks)


def _read_steps(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block:
    read = lambda child, child_key: _read_step(reader, child, child_key, inner)  # noqa: E731
    return Steps(steps=reader.items(node, key, read, min_items=1))


def _read_step(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Step:
    fields = reader.mapping(node, key, ("id", "title", "short"), ("body",)) or {}

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
    body = read_blocks(reader, fields["body"], f"{key}.body", inner) if "body" in fields else ()
    return Step(id=step_id, title=text("title"), short=text("short"), body=body)


def _read_link_list(
    make: Callable[[tuple[str, ...]], Block],
) -> Callable[[NodeReader, Node, str, frozenset[str]], Block]:
    return lambda reader, node, key, inner: make(reader.text_list(node, key))


def _read_image(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block | None:
    fields = reader.mapping(node, key, ("file",), ("alt", "decorative", "width_mm"))
    if fields is None:
        return None
    decorative = reader.boolean(fields["decorative"], f"{key}.decorative") if "decorative" in fields else False
    alt = reader.text(fields["alt"], f"{key}.alt") if "alt" in fields else ""
    if not decorative and "alt" not in fields:
        reader.problem(
            node,
            f"{key}.alt",
            "an image needs alternative text, read aloud to people who cannot see it",
            "add 'alt:' with a sentence saying what the picture shows, or 'decorative: true' if it says nothing",
        )
    width = 0.0
    if "width_mm" in fields:
        width = reader.number(fields["width_mm"], f"{key}.width_mm")
        if width and not 10 <= width <= MAX_IMAGE_WIDTH_MM:
            reader.problem(
                fields["width_mm"],
                f"{key}.width_mm",
                f"an image {width:g} mm wide cannot be printed",
                f"give a width from 10 to {MAX_IMAGE_WIDTH_MM:g} mm, or leave width_mm out",
            )
            width = 0.0
    file = reader.text(fields["file"], f"{key}.file") if "file" in fields else ""
    return Image(file=file, alt=alt, decorative=decorative, width_mm=width)


def _read_signoff(reader: NodeReader, node: Node, key: str, inner: frozenset[str]) -> Block | None:
    if isinstance(node, ScalarNode):
        return SignOff(text=reader.text(node, key))
    fields = reader.mapping(node, key, ("text",), ("signature",))
    if fields is None:
        return None
    text = reader.text(fields["text"], f"{key}.text") if "text" in fields else ""
    signature = reader.text(fields["signature"], f"{key}.signature") if "signature" in fields else ""
    return SignOff(text=text, signature=signature)


# -- texts --------------------------------------------------------------------------------------


def block_texts(blocks: tuple[Block, ...], key: str) -> Iterator[TextField]:
    """Every text of ``blocks`` (the list at ``key``), nested ones included, in reading order."""
    for index, block in enumerate(blocks):
        yield from BLOCK_TYPES[block.kind].texts(block, f"{key}[{index}].{block.kind}")


def item_texts(item: Item, key: str) -> Iterator[TextField]:
    if not item.path and not item.after and not item.items:
        yield TextField(key, item.text)
        return
    yield TextField(f"{key}.text", item.text)
    for index, part in enumerate(item.path):
        yield TextField(f"{key}.path[{index}]", part)
    if item.after:
        yield TextField(f"{key}.after", item.after)
    for index, sub in enumerate(item.items):
        yield from item_texts(sub, f"{key}.items[{index}]")


def _text_of(block: Block, key: str) -> Iterator[TextField]:
    yield TextField(key, block.text)  # type: ignore[attr-defined]


def _list_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, BulletList | NumberedList)
    for index, item in enumerate(block.items):
        yield from item_texts(item, f"{key}[{index}]")


def _menu_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, MenuPath)
    if block.text:
        yield TextField(f"{key}.text", block.text)
    for index, part in enumerate(block.path):
        yield TextField(f"{key}.path[{index}]", part)
    if block.after:
        yield TextField(f"{key}.after", block.after)


def _callout_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, Callout)
    yield TextField(f"{key}.title", block.title)
    yield from block_texts(block.blocks, f"{key}.blocks")


def _steps_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, Steps)
    for index, step in enumerate(block.steps):
        step_key = f"{key}[{index}]"
        yield TextField(f"{step_key}.title", step.title)
        yield TextField(f"{step_key}.short", step.short)
        yield from block_texts(step.body, f"{step_key}.body")


def _no_texts(block: Block, key: str) -> Iterator[TextField]:
    return iter(())


def _image_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, Image)
    if block.alt:
        yield TextField(f"{key}.alt", block.alt, markup=False)


def _signoff_texts(block: Block, key: str) -> Iterator[TextField]:
    assert isinstance(block, SignOff)
    yield TextField(f"{key}.text" if block.signature else key, block.text)
    if block.signature:
        yield TextField(f"{key}.signature", block.signature, markup=False)


# -- the registry -------------------------------------------------------------------------------

#: blocks that may stand inside a step's body or a callout
INNER_BLOCKS = frozenset({"heading", "paragraph", "lead", "bullets", "numbered", "menu", "note", "contacts", "image"})
#: blocks of a leaflet's main text
BODY_BLOCKS = INNER_BLOCKS | {"callout", "steps", "qr", "signoff"}
#: blocks of the back page
BACK_BLOCKS = frozenset({"qr", "contacts", "paragraph", "image"})

BLOCK_TYPES: dict[str, BlockType] = {
    block_type.name: block_type
    for block_type in (
        BlockType("heading", _read_text_block(Heading), _text_of, description="a heading"),
        BlockType("lead", _read_text_block(Lead), _text_of, description="an opening paragraph"),
        BlockType("paragraph", _read_text_block(Paragraph), _text_of, description="a paragraph"),
        BlockType("bullets", _read_list(BulletList), _list_texts, description="a bulleted list"),
        BlockType("numbered", _read_list(NumberedList), _list_texts, description="a numbered list"),
        BlockType("menu", _read_menu, _menu_texts, description="a menu path"),
        BlockType("note", _read_text_block(Note), _text_of, description="a note"),
        BlockType(
            "callout", _read_callout, _callout_texts, inner=INNER_BLOCKS - {"contacts"}, description="a callout box"
        ),
        BlockType("steps", _read_steps, _steps_texts, inner=INNER_BLOCKS, description="numbered steps"),
        BlockType("contacts", _read_link_list(Contacts), _no_texts, description="contacts"),
        BlockType("qr", _read_link_list(QRPanel), _no_texts, description="a QR panel"),
        BlockType("image", _read_image, _image_texts, description="an image"),
        BlockType("signoff", _read_signoff, _signoff_texts, description="a sign-off line"),
    )
}


def keyed_blocks(blocks: tuple[Block, ...], key: str) -> Iterator[tuple[str, Block]]:
    """``(key path, block)`` for ``blocks`` and every block nested in them, in reading order."""
    for index, block in enumerate(blocks):
        block_key = f"{key}[{index}].{block.kind}"
        yield block_key, block
        if isinstance(block, Callout):
            yield from keyed_blocks(block.blocks, f"{block_key}.blocks")
        elif isinstance(block, Steps):
            for step_index, step in enumerate(block.steps):
                yield from keyed_blocks(step.body, f"{block_key}[{step_index}].body")


def keyed_steps(blocks: tuple[Block, ...], key: str) -> Iterator[tuple[str, Step]]:
    """``(key path, step)`` for every step in ``blocks``, in order."""
    for block_key, block in keyed_blocks(blocks, key):
        if isinstance(block, Steps):
            for index, step in enumerate(block.steps):
                yield f"{block_key}[{index}]", step


def leaflet_fields(text: LeafletText) -> Iterator[TextField]:
    """Every text field of one language's leaflet, with its key path, in reading order."""
    yield TextField("title", text.title)
    if text.meta.title:
        yield TextField("meta.title", text.meta.title, markup=False)
    if text.meta.subject:
        yield TextField("meta.subject", text.meta.subject, markup=False)
    if text.meta.author:
        yield TextField("meta.author", text.meta.author, markup=False)
    yield from block_texts(text.blocks, "blocks")
    yield from block_texts(text.back, "back")


def leaflet_blocks(text: LeafletText) -> Iterator[tuple[str, Block]]:
    """Every block of one language's leaflet with its key path, the back page's last."""
    yield from keyed_blocks(text.blocks, "blocks")
    yield from keyed_blocks(text.back, "back")
