"""The content model: plain, frozen data loaded from YAML.

A leaflet is a title and a sequence of typed blocks (headings, paragraphs,
lists, steps, callouts, contacts, QR panels, images, ...), plus the blocks of
its back page (usually the QR panel and the contacts), which the printed
formats set at the foot of the last page.  Which blocks a leaflet has, and in
which order, is its author's choice.

Nothing here knows about ReportLab or PDF.  Text fields hold the raw inline
markup (``**bold**``, ``{link_id}`` and line breaks); :mod:`leaflet.content.inline`
parses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar
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
    """One entry of the link registry, shared by every leaflet and language."""

    id: str
    url: str
    labels: Mapping[str, str]
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
        return self.labels.get(lang, "")


# -- blocks ------------------------------------------------------------------------------------
#
# Every block type is a frozen dataclass with a class-level ``kind``: the YAML key it is
# written with, and the key of its reader, checks and renderers in their registries.


@dataclass(frozen=True)
class Block:
    kind: ClassVar[str] = ""


@dataclass(frozen=True)
class Heading(Block):
    """A section heading."""

    kind: ClassVar[str] = "heading"
    text: str


@dataclass(frozen=True)
class Paragraph(Block):
    """A paragraph of body text."""

    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class Lead(Block):
    """An opening paragraph, set a little larger than the body."""

    kind: ClassVar[str] = "lead"
    text: str


@dataclass(frozen=True)
class Item:
    """A list item: text, optionally a menu path, text after it, and sub-items."""

    text: str
    path: tuple[str, ...] = ()
    after: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class BulletList(Block):
    kind: ClassVar[str] = "bullets"
    items: tuple[Item, ...]


@dataclass(frozen=True)
class NumberedList(Block):
    kind: ClassVar[str] = "numbered"
    items: tuple[Item, ...]


@dataclass(frozen=True)
class MenuPath(Block):
    """Where to tap or click: «A» → «B» → «C», with text before and after it."""

    kind: ClassVar[str] = "menu"
    path: tuple[str, ...]
    text: str = ""
    after: str = ""


@dataclass(frozen=True)
class Note(Block):
    """A short remark on what comes just before it, marked "!"."""

    kind: ClassVar[str] = "note"
    text: str


#: The kinds of callout: a warning (⚠, red border), information, or a tip.
CALLOUT_KINDS = ("warning", "info", "tip")


@dataclass(frozen=True)
class Callout(Block):
    """A framed box with a title and blocks of its own."""

    kind: ClassVar[str] = "callout"
    style: str  # one of CALLOUT_KINDS
    title: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Step:
    """One numbered step: its heading, a short form for posters and bookmarks, its body."""

    id: str
    title: str
    short: str
    body: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Steps(Block):
    """Numbered steps; the numbers run on across every steps block of a leaflet."""

    kind: ClassVar[str] = "steps"
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Contacts(Block):
    """Phones, e-mails and sites from the link registry, each with what it is for."""

    kind: ClassVar[str] = "contacts"
    links: tuple[str, ...]


@dataclass(frozen=True)
class QRPanel(Block):
    """QR codes of registry links, each with its address and purpose under it."""

    kind: ClassVar[str] = "qr"
    links: tuple[str, ...]


@dataclass(frozen=True)
class Image(Block):
    """A picture from a file beside the texts, with alternative text unless decorative."""

    kind: ClassVar[str] = "image"
    file: str  # relative to the leaflet's folder
    alt: str = ""
    decorative: bool = False
    width_mm: float = 0.0  # 0: as wide as the column allows, up to the image's size at 300 dpi


@dataclass(frozen=True)
class SignOff(Block):
    """A closing line (a motto), with a signature beside it at the right."""

    kind: ClassVar[str] = "signoff"
    text: str
    signature: str = ""


@dataclass(frozen=True)
class Meta:
    """The document's properties, as written under ``meta:`` ('' for a key not written)."""

    title: str
    subject: str = ""
    author: str = ""


@dataclass(frozen=True)
class LeafletText:
    """Everything one language's version of a leaflet says, in reading order."""

    leaflet_id: str
    lang: str
    meta: Meta
    title: str
    blocks: tuple[Block, ...] = ()
    back: tuple[Block, ...] = ()

    @property
    def document_title(self) -> str:
        """The title a viewer shows (a phone's title bar): ``meta.title``, or else the title;
        the title may hold inline markup, which the document's properties print without."""
        return self.meta.title or self.title

    def all_blocks(self) -> Iterator[Block]:
        """Every block, nested ones included (a callout's, a step's), in reading order."""
        yield from _walk(self.blocks)
        yield from _walk(self.back)

    def steps(self) -> tuple[Step, ...]:
        """Every step of the leaflet, in order: their numbers run on across steps blocks."""
        return tuple(step for block in self.all_blocks() if isinstance(block, Steps) for step in block.steps)

    def link_ids(self, kind: type[Contacts] | type[QRPanel], *, back_only: bool = False) -> tuple[str, ...]:
        """The link ids of every contacts block or every QR panel (of the back page only, with
        ``back_only``), in order, each once."""
        blocks = _walk(self.back) if back_only else self.all_blocks()
        ids = (link for block in blocks if isinstance(block, kind) for link in block.links)
        return tuple(dict.fromkeys(ids))


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Callout):
            yield from _walk(block.blocks)
        elif isinstance(block, Steps):
            for step in block.steps:
                yield from _walk(step.body)


@dataclass(frozen=True)
class Leaflet:
    """One leaflet: its id, its folder, and its text in each language it is written in."""

    id: str
    folder: str
    languages: tuple[str, ...]  # in printed order: Kazakh first
    texts: Mapping[str, LeafletText]
    edition: str = ""  # the edition date (YYYY-MM-DD), as written in leaflet.yaml
    #: the branch that hands this copy out (a branch edition: its band is printed); None: none
    branch: Branch | None = None

    def text(self, lang: str) -> LeafletText:
        return self.texts[lang]

    @property
    def copy_id(self) -> str:
        """The leaflet's id, and its branch's for a branch edition: what a drawn copy is kept by."""
        return f"{self.id}@{self.branch.id}" if self.branch is not None else self.id

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1


@dataclass(frozen=True)
class Content:
    """The whole content folder: the shared link registry and every leaflet."""

    folder: str
    allowed_hosts: tuple[str, ...]
    links: Mapping[str, Link]
    leaflets: Mapping[str, Leaflet]
    #: the official numbers of links.yaml (``phones:``): the number as dialled -> what it is
    phones: Mapping[str, str] = field(default_factory=dict)
    #: ``(file, key path) -> (line, column)`` for every value, for error messages.
    locations: Mapping[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    def leaflet(self, leaflet_id: str) -> Leaflet:
        return self.leaflets[leaflet_id]


# -- branch editions ---------------------------------------------------------------------------
#
# A branch list (a CSV file, read and checked by :mod:`leaflet.content.branches`) names the
# bank branches and public-service centres that hand the leaflets out: each gets an edition
# of its own, with a band saying who hands it out, where, when, and how to call them.


#: A branch logo's printed height on an A4/A5 leaflet and the A4 poster's footer (the list's
#: check asks for the pixels 300 dpi needs at twice it, the A2 poster's enlargement).
LOGO_HEIGHT_MM = 12.0


@dataclass(frozen=True)
class Phone:
    """A phone number of a branch: as printed, and as dialled (the tel: link)."""

    shown: str  # e.g. "+7 727 244 50 50" or "1414" — every number printed one way
    dial: str  # e.g. "+77272445050" or "1414"


@dataclass(frozen=True)
class Branch:
    """One row of a branch list: who hands the leaflet out, and where."""

    id: str  # [a-z0-9-], unique in the list; names the output folder
    organisation: Mapping[str, str]  # lang -> the organisation's name ("kk", "ru")
    name: Mapping[str, str]  # lang -> the branch's name ("" when only an address is given)
    address: Mapping[str, str]  # lang -> the branch's address ("" when only a name is given)
    hours: Mapping[str, str]  # lang -> opening hours
    phones: tuple[Phone, ...]  # at least one
    website: str = ""  # an https URL whose host is on content's allowed_hosts, or ""
    logo: str = ""  # absolute path of a checked logo file (PNG or JPEG), or ""
    row: int = 0  # the line of the row in the list, for messages

    def __hash__(self) -> int:  # its mappings cannot be hashed; its id is unique in its list
        return hash((self.id, self.row))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as plain values (a build sends each job's branch to a worker process)."""
        texts = (self.organisation, self.name, self.address, self.hours)
        return _branch, (self.id, *(dict(text) for text in texts), self.phones, self.website, self.logo, self.row)


def _branch(branch_id: str, *values: object) -> Branch:
    """A :class:`Branch` from its pickled values, its texts read-only again."""
    organisation, name, address, hours, *rest = values
    texts = (MappingProxyType(dict(text)) for text in (organisation, name, address, hours))  # type: ignore[call-overload]
    return Branch(branch_id, *texts, *rest)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BranchList:
    """A checked branch list: one edition of the leaflets per branch, in the list's order."""

    file: str  # the list's path as given by the user
    branches: tuple[Branch, ...]
