"""Blocks -> platypus flowables, for the flowing layouts (printed leaflets and the phone PDF).

:data:`RENDERERS` holds one renderer per layout kind and block type: ``"print"``
(A4, A5) and ``"screen"`` (the phone PDF, which shows a QR panel as tappable
links, since a phone cannot scan its own screen); a kind falls back to
``"print"`` for a block it does not render differently.

Each renderer returns :class:`Groups`: runs of flowables that move as one to the
next column or page (a list item whole, a heading with what follows it), and
whether the block leads into the next one or belongs to the one before.  The
story is then :func:`flow` of the groups: a paragraph or list item is never split
between columns or pages (only one taller than a whole column is), and what
leads into something stays with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PIL import Image as PILImage
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, TableStyle
from reportlab.platypus import Image as ImageFlowable

from ..content.model import (
    Block,
    BulletList,
    Callout,
    Contacts,
    Heading,
    Image,
    Lead,
    LeafletText,
    MenuPath,
    Note,
    NumberedList,
    QRPanel,
    SignOff,
    Steps,
)
from ..content.model import Paragraph as ParagraphBlock
from ..units import mm
from .flowables import (
    BalancedParagraph,
    StepHeading,
    WholeParagraph,
    address_line,
    address_width,
    cell_padding,
    text_table,
    tinted_panel,
    wrapped_height,
)
from .fonts import FONTS, text_font_has
from .formats import FormatSpec
from .marks import structure
from .markup import ARROW, WARNING_SIGN, Markup, font_runs, sign_for
from .paragraphs import Paragraph
from .qr import QRFlowable
from .theme import PALETTE, Styles, derived_style

#: the narrowest caption under a QR code: neighbouring captions never run together
MIN_QR_CELL_MM = 30.0
#: an image is never taller than this share of a column
MAX_IMAGE_SHARE = 0.4
#: images print at this resolution or finer
IMAGE_DPI = 300


@dataclass
class FlowContext:
    """What every renderer of one language's leaflet in one layout needs."""

    markup: Markup
    styles: Styles
    spec: FormatSpec
    text: LeafletText
    folder: str  # the leaflet's folder: image files are relative to it
    width: float  # the column width, in points
    height: float  # the column height, in points (images are kept well under it)
    kind: str = "print"  # "print" or "screen"
    step_number: int = 0  # the last step number used: numbers run on across steps blocks
    #: called with each step's heading: the phone PDF adds a bookmark there
    on_step: Callable[[int, StepHeading], list[Flowable]] | None = None

    def paragraph(self, text: str, style: str, *, balanced: bool = False) -> Paragraph:
        kind = BalancedParagraph if balanced else WholeParagraph
        return kind(self.markup.text(text), getattr(self.styles, style))


@dataclass
class Groups:
    """A block's flowables in runs that move as one."""

    groups: list[list[Flowable]] = field(default_factory=list)
    lead_in: bool = False  # the last run stays with the first run of the next block
    follows: bool = False  # the first run stays with the last run of the block before


def single(flowable: Flowable, *, lead_in: bool = False, follows: bool = False) -> Groups:
    return Groups([[flowable]], lead_in, follows)


# -- the block types ------------------------------------------------------------------------------


def render_heading(ctx: FlowContext, block: Block) -> Groups:
    assert isinstance(block, Heading)
    return single(ctx.paragraph(block.text, "heading", balanced=True), lead_in=True)


def render_paragraph(ctx: FlowContext, block: Block) -> Groups:
    assert isinstance(block, ParagraphBlock | Lead)
    style = "lead" if isinstance(block, Lead) else "body"
    return single(ctx.paragraph(block.text, style), lead_in=_introduces(block.text))


def _introduces(text: str) -> bool:
    """A text ending in a colon leads into what follows it."""
    return text.rstrip().endswith(":")


def render_list(ctx: FlowContext, block: Block) -> Groups:
    assert isinstance(block, BulletList | NumberedList)
    groups: list[list[Flowable]] = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if isinstance(block, NumberedList) else "\u2022"
        groups.append([WholeParagraph(ctx.markup.item(item), ctx.styles.item, bulletText=marker)])
        for index, sub in enumerate(item.items):
            flowable = WholeParagraph(ctx.markup.item(sub), ctx.styles.subitem, bulletText="\u2013")
            if index == 0:  # an item stays with its first sub-item
                groups[-1].append(flowable)
            else:
                groups.append([flowable])
    return Groups(groups)


def render_menu(ctx: FlowContext, block: Block) -> Groups:
    assert isinstance(block, MenuPath)
    markup = ctx.markup.with_path(block.text, block.path, block.after)
    return single(WholeParagraph(markup, ctx.styles.body))


#: the width of the rule that marks a note's box, in points
NOTE_RULE_PT = 2.0


def render_note(ctx: FlowContext, block: Block) -> Groups:
    """An important remark on a tinted panel, marked "!" (not colour alone); it speaks of
    what comes before it and stays with that."""
    assert isinstance(block, Note)
    style = ctx.styles.note
    pad = ctx.styles.body_size * 0.35
    note = Paragraph(ctx.markup.text(block.text), style, bulletText="!")
    # a note taller than a share of the column: rows of a few lines, which can go on in the next
    pieces = in_pieces(note, ctx.width - 2 * pad * 1.2, ctx.height * MAX_SIGNOFF_SHARE)
    box = text_table(
        [[piece] for piece in pieces],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALETTE.panel_tint),
                # its meaning survives grey: the tint fades on a monochrome laser, the rule does not
                ("LINEBEFORE", (0, 0), (0, -1), NOTE_RULE_PT, PALETTE.accent),
                *cell_padding(pad * 1.2, pad),
            ]
        ),
        splitInRow=1,
    )
    box.spaceBefore, box.spaceAfter = style.spaceBefore, style.spaceAfter
    return single(box, follows=True)


#: a callout's sign before its title, and its colours (border, tint)
_CALLOUT_SIGNS = {"warning": WARNING_SIGN, "info": "", "tip": ""}


def render_callout(ctx: FlowContext, block: Block) -> Groups:
    """A bordered, tinted box with a heading (and a ⚠ sign for a warning): its meaning
    survives a black-and-white printer.  One row per run of its blocks that moves as one
    (a row never splits unless taller than a column), so a long callout can continue in the
    next column; its blocks are laid out as wide as the box's inside."""
    assert isinstance(block, Callout)
    title = ctx.markup.signed(_CALLOUT_SIGNS.get(block.style, ""), block.title)
    border_colour = PALETTE.warning if block.style == "warning" else PALETTE.accent
    heading_style = ctx.styles.warning_heading
    if block.style != "warning":
        heading_style = derived_style("callout_heading", heading_style, textColor=PALETTE.accent)
    pad = ctx.styles.body_size * 0.6
    border = 2.5
    inside = replace(ctx, width=ctx.width - 2 * pad - border)
    runs = flow_groups(inside, block.blocks)
    *lines, heading = in_pieces(BalancedParagraph(title, heading_style), inside.width, ctx.height * MAX_SIGNOFF_SHARE)
    # a run of blocks is a list in one cell (a row never splits); the title shares the first's,
    # a title taller than a share of the column has rows of its own before it (a row never splits)
    rows: list[list[object]] = [[[line]] for line in lines]
    rows += [[[heading, *(runs[0] if runs else [])]]] + [[run] for run in runs[1:]]
    box = text_table(
        rows,
        inset=border / 2,  # the border stays inside the column and the page margin
        style=TableStyle(
            [
                (
                    "BACKGROUND",
                    (0, 0),
                    (-1, -1),
                    PALETTE.warning_tint if block.style == "warning" else PALETTE.panel_tint,
                ),
                ("BOX", (0, 0), (-1, -1), border, border_colour),
                *cell_padding(pad, pad * 0.25),
                ("TOPPADDING", (0, 0), (-1, 0), pad),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
            ]
        ),
        splitByRow=1,
    )
    box.spaceBefore = ctx.styles.body_size * 0.6
    box.spaceAfter = ctx.styles.body_size * 0.6
    return single(box)


def in_pieces(paragraph: Paragraph, width: float, most: float) -> list[Paragraph]:
    """``paragraph`` cut into pieces at most ``most`` high (one piece if it is not higher): a
    table row never splits, so a very long title goes into a box as rows of a few lines."""
    pieces: list[Paragraph] = []
    rest = paragraph
    while wrapped_height(rest, width) > most:
        parts = rest.split(width, most)
        if len(parts) < 2:
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def render_steps(ctx: FlowContext, block: Block) -> Groups:
    """Each step's heading (a number badge and the title) stays with the first lines of its
    body; a step without a body stays with the next step's heading."""
    assert isinstance(block, Steps)
    groups: list[list[Flowable]] = []
    pending: list[Flowable] = []
    for step in block.steps:
        ctx.step_number += 1
        heading = StepHeading(ctx.step_number, ctx.paragraph(step.title, "step_title", balanced=True), ctx.styles)
        head: list[Flowable] = [*pending, *(ctx.on_step(ctx.step_number, heading) if ctx.on_step else []), heading]
        body = flow_groups(ctx, step.body)
        if not body:
            pending = head
            continue
        pending = []
        groups.append([*head, *body[0]])
        groups += body[1:]
    if pending:
        groups.append(pending)
    return Groups(groups)


def render_contacts(ctx: FlowContext, block: Block) -> Groups:
    """Each contact on a line of its own: a sign, the link and what it is for; a line that
    wraps hangs under the link, so the sign stands alone at the left of the list."""
    assert isinstance(block, Contacts)
    lines = [contact_line(ctx, link_id) for link_id in block.links]
    return Groups([lines]) if len(lines) <= 3 else Groups([[line] for line in lines])


def contact_line(ctx: FlowContext, link_id: str, sign: str = "") -> Paragraph:
    target = ctx.markup.content.links[link_id]
    sign = sign or sign_for(target)
    body = ctx.styles.body
    font = FONTS.regular if text_font_has(sign) else FONTS.symbols
    hang = stringWidth(sign, font, body.fontSize) + stringWidth(" ", FONTS.regular, body.fontSize)
    style = derived_style("link_line", body, leftIndent=hang, firstLineIndent=-hang)
    return WholeParagraph(ctx.markup.link_line(target, sign), style)


#: the white space at each side of a QR cell's caption, in points
QR_CELL_PADDING = 2.0


def qr_columns(count: int, width: float, spec: FormatSpec, label_width: float = 0.0) -> int:
    """How many QR codes stand in a row of ``width``: as many as fit at the format's code
    size with room for their captions (the widest address, ``label_width``, on one line),
    the rows as even as they can be."""
    cell = max(QRFlowable.box_size(spec.qr_symbol_mm), MIN_QR_CELL_MM * mm, label_width + 2 * QR_CELL_PADDING)
    fit = max(1, int(width // cell))
    if count <= fit:
        return max(count, 1)
    rows = -(-count // fit)
    return -(-count // rows)


def qr_cell(ctx: FlowContext, link_id: str, width: float) -> list[Flowable]:
    """A code with its address under it (on one line) and what to do there."""
    target = ctx.markup.content.links[link_id]
    code = QRFlowable(target.url, ctx.spec.qr_symbol_mm)
    code.hAlign = "CENTER"
    address = address_line(ctx.markup.small_link(link_id), target.label(ctx.markup.lang), ctx.styles.caption, width)
    cells: list[Flowable] = [code, address]
    purpose = ctx.markup.purpose(target)
    if purpose:
        cells.append(BalancedParagraph(purpose, ctx.styles.caption_purpose))
    return cells


def qr_grid(ctx: FlowContext, links: tuple[str, ...], width: float) -> list[Flowable]:
    """The codes in rows, each caption under its own code."""
    if not links:
        return []
    labels = [ctx.markup.content.links[link_id].label(ctx.markup.lang) for link_id in links]
    widest = max(address_width(label, ctx.styles.caption) for label in labels)
    columns = qr_columns(len(links), width, ctx.spec, widest)
    cells = [qr_cell(ctx, link_id, width / columns - 2 * QR_CELL_PADDING) for link_id in links]
    rows = [cells[start : start + columns] for start in range(0, len(cells), columns)]
    if len(rows[-1]) < columns:
        rows[-1] += [[] for _ in range(columns - len(rows[-1]))]
    gap = ctx.styles.body_size * 0.5
    table = text_table(
        rows,
        colWidths=[width / columns] * columns,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                *cell_padding(QR_CELL_PADDING, 0),
                ("BOTTOMPADDING", (0, 0), (-1, -2), gap),  # between rows, none under the last
            ]
        ),
    )
    return [table]


def render_qr_print(ctx: FlowContext, block: Block) -> Groups:
    assert isinstance(block, QRPanel)
    grid = qr_grid(ctx, block.links, ctx.width)
    return Groups([grid]) if grid else Groups()


def render_qr_screen(ctx: FlowContext, block: Block) -> Groups:
    """The sites as links with their purpose, on a tinted panel: a phone cannot scan a code
    on its own screen, but it can follow a link."""
    assert isinstance(block, QRPanel)
    if not block.links:
        return Groups()
    padding = ctx.styles.body_size * 0.5
    lines: list[Flowable] = [contact_line(ctx, link_id, ARROW) for link_id in block.links]
    return single(tinted_panel(lines, ctx.width, PALETTE.panel_tint, padding))


def render_image(ctx: FlowContext, block: Block) -> Groups:
    """The picture at its 300-dpi size at most, no wider than the column or its width_mm,
    and no taller than a share of the column."""
    assert isinstance(block, Image)
    from pathlib import Path

    path = Path(ctx.folder) / block.file
    with PILImage.open(path) as picture:
        pixels_wide, pixels_high = picture.size
    width = min(ctx.width, pixels_wide / IMAGE_DPI * 72, block.width_mm * mm if block.width_mm else ctx.width)
    height = width * pixels_high / pixels_wide
    tallest = ctx.height * MAX_IMAGE_SHARE
    if height > tallest:
        width, height = width * tallest / height, tallest
    image = ImageFlowable(str(path), width=width, height=height)
    image.hAlign = "LEFT"
    image.spaceBefore = image.spaceAfter = ctx.styles.body_size * 0.4
    return single(image)


#: the motto's share of the sign-off line (the signature has the rest)
MOTTO_SHARE = 0.78
#: a motto taller than this share of a column is set above its signature, not beside it
MAX_SIGNOFF_SHARE = 0.3


def render_signoff(ctx: FlowContext, block: Block) -> Groups:
    """The motto, with the signature beside it at the right: one sign-off line."""
    assert isinstance(block, SignOff)
    motto = ctx.paragraph(block.text, "motto", balanced=True)
    if not block.signature:
        return single(motto)
    signature = Paragraph(font_runs(block.signature), ctx.styles.signature)
    signature.style = derived_style("signature_right", ctx.styles.signature, alignment=TA_RIGHT)
    if wrapped_height(motto, ctx.width * MOTTO_SHARE) > ctx.height * MAX_SIGNOFF_SHARE:
        # a motto as long as a paragraph: the signature under it, so it can continue in the
        # next column (a table row cannot)
        return Groups([[motto], [signature]])
    line = text_table(
        [[motto, signature]],
        colWidths=[f"{MOTTO_SHARE:.0%}", f"{1 - MOTTO_SHARE:.0%}"],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *cell_padding(0)]),
    )
    line.spaceBefore = ctx.styles.motto.spaceBefore
    return single(line)


Renderer = Callable[[FlowContext, Block], Groups]

#: layout kind -> block type -> renderer; "screen" falls back to "print"
RENDERERS: dict[str, dict[str, Renderer]] = {
    "print": {
        "heading": render_heading,
        "paragraph": render_paragraph,
        "lead": render_paragraph,
        "bullets": render_list,
        "numbered": render_list,
        "menu": render_menu,
        "note": render_note,
        "callout": render_callout,
        "steps": render_steps,
        "contacts": render_contacts,
        "qr": render_qr_print,
        "image": render_image,
        "signoff": render_signoff,
    },
    "screen": {"qr": render_qr_screen},
}


def renderer(kind: str, block_type: str) -> Renderer:
    return RENDERERS.get(kind, {}).get(block_type) or RENDERERS["print"][block_type]


#: a paragraph before a list introduces it, and stays with its first item
_INTRODUCERS = frozenset({"paragraph", "lead"})
_LISTS = frozenset({"bullets", "numbered", "menu"})


def flow_groups(ctx: FlowContext, blocks: tuple[Block, ...]) -> list[list[Flowable]]:
    """The blocks' runs, joined where one leads into the next."""
    runs: list[list[Flowable]] = []
    glue = False
    previous = ""
    for block in blocks:
        rendered = renderer(ctx.kind, block.kind)(ctx, block)
        structure(block, rendered.groups, ctx.markup.lang)  # its place in a tagged PDF (marks.py)
        if not rendered.groups:
            continue
        first, *rest = rendered.groups
        joins = glue or rendered.follows or (previous in _INTRODUCERS and block.kind in _LISTS)
        if joins and runs:
            runs[-1] = [*runs[-1], *first]
        else:
            runs.append(list(first))
        runs += [list(group) for group in rest]
        glue = rendered.lead_in
        previous = block.kind
    return runs


def keep(group: list[Flowable]) -> Flowable:
    """A run that moves as one to the next column or page when it does not fit the rest of
    this one (it splits only when it is taller than a whole column)."""
    return group[0] if len(group) == 1 else KeepTogether(group)


def flow(ctx: FlowContext, blocks: tuple[Block, ...]) -> list[Flowable]:
    """The blocks as a story of kept runs, for a frame (a KeepTogether cannot stand in a
    table cell: :func:`flow_groups` gives the runs as lists for that)."""
    return [keep(group) for group in flow_groups(ctx, blocks)]
