"""Who hands the leaflet out, and which version it is: the branch band and the edition stamp.

The **branch band** (a branch edition only) names the organisation and the branch, with its
address, phone numbers (tappable ``tel:`` links), opening hours and website, and the logo at
its left; one column per language of the edition, Kazakh first.  Its height is the lines its
text takes at :data:`BAND_PT` (the plan key names that number of lines, so every branch whose
band takes as many lines shares one plan: a list of 200 branches needs a few searches, not
200).  A branch whose text would take more than :data:`BAND_MAX_LINES` lines is refused by
:func:`band_problems`, located at its row and column of the branch list, before anything is
drawn.

The **edition stamp** (every leaflet) is one line of small type under the back page's blocks:
the leaflet's id, its edition date and a short hash of its content files
(:mod:`leaflet.content.stamp`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Table, TableStyle

from ..content.model import LOGO_HEIGHT_MM, Branch, Leaflet
from ..content.stamp import stamp_of
from ..errors import Problem
from ..units import mm
from .flowables import cell_padding, wrapped_height
from .fonts import FONTS, register_fonts
from .formats import EDITIONS, FORMATS, FormatSpec, design_spec
from .marks import figure, logo_alt
from .paragraphs import Paragraph
from .theme import PALETTE, derived_style

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

#: the band's type: phone numbers and addresses are typed in by the reader (PRINT.md: 10 pt)
BAND_PT = 10.0
BAND_LEADING = 12.5
#: at most this many lines of text in a language's column: a band, not a page
BAND_MAX_LINES = 7
#: the logo's printed height: leaflet.content.branches checks its pixels for it (at twice it,
#: the A2 poster's enlargement); a wide logo is held to LOGO_MAX_WIDTH_MM, and lower
LOGO_MAX_WIDTH_MM = 30.0
#: the edition stamp's type (PRINT.md: 9 pt for secondary text)
STAMP_PT = 9.0

_GAP = 4 * mm
NO_BREAK = "\u00a0"
_RULE_GAP = 4.0  # points between the band's rule and its first line


def band_style(bold: bool = False) -> ParagraphStyle:
    return derived_style(
        "band_bold" if bold else "band",
        fontName=FONTS.bold if bold else FONTS.regular,
        fontSize=BAND_PT,
        leading=BAND_LEADING,
        textColor=PALETTE.ink,
        spaceAfter=0,
        splitLongWords=1,
    )


def band_lines(branch: Branch, langs: Sequence[str], width: float) -> int:
    """The lines the band's tallest column takes, ``width`` wide (the logo counts as its height)."""
    logo = _logo(branch)
    widths = _column_widths(width, _logo_width(logo), langs)
    tallest = max(_column_height(branch, lang, column) for lang, column in zip(langs, widths, strict=True))
    if logo is not None:
        tallest = max(tallest, float(logo.wrap(width, width)[1]))
    return math.ceil(tallest / BAND_LEADING - 0.01)


@functools.lru_cache(maxsize=8192)  # measured for the keys, the fit check and the drawing alike
def _column_height(branch: Branch, lang: str, width: float) -> float:
    return sum(wrapped_height(paragraph, width) for _, paragraph in _column(branch, lang))


def _column(branch: Branch, lang: str) -> list[tuple[str, Paragraph]]:
    """The band's lines in one language, each with the list column it comes from."""
    organisation = escape(branch.organisation[lang])
    name = branch.name.get(lang, "")
    lines = [
        (f"organisation_{lang}", Paragraph(organisation + (f" — {escape(name)}" if name else ""), band_style(True)))
    ]
    if branch.address.get(lang):
        lines.append((f"address_{lang}", Paragraph(escape(branch.address[lang]), band_style())))
    phones = " · ".join(  # a number never breaks across lines: its spaces are no-break spaces
        f'<a href="tel:{escape(phone.dial)}" color="{PALETTE.accent.hexval()}">'
        f"{escape(phone.shown).replace(' ', NO_BREAK)}</a>"
        for phone in branch.phones
    )
    hours = escape(branch.hours[lang])
    lines.append(("phone", Paragraph(f'<font name="{FONTS.symbols}">☎</font> {phones}', band_style(True))))
    lines.append((f"hours_{lang}", Paragraph(hours, band_style())))
    if branch.website:
        shown = escape(branch.website.removeprefix("https://").rstrip("/"))
        link = f'<a href="{escape(branch.website)}" color="{PALETTE.accent.hexval()}">{shown}</a>'
        lines[-1] = (f"hours_{lang}", Paragraph(f"{hours} · {link}", band_style()))
    return lines


class Logo(Flowable):  # type: ignore[misc]
    """A checked logo, ``height`` points high and as wide as its proportions make it."""

    def __init__(self, picture: Picture, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._image = ImageReader(picture)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self._image, 0, 0, self.width, self.height, mask="auto")


#: a logo is embedded with at most twice the pixels 300 dpi needs at its printed height
EMBEDDED_DPI = 600


def logo_flowable(path: str, height: float, max_width: float = math.inf) -> Logo:
    """The checked logo file ``path`` (:attr:`Branch.logo`) ``height`` points high (lower when
    a wide logo would pass ``max_width``): in RGB (a CMYK JPEG too, for the PDF/A copy's sRGB),
    with its transparency, and scaled down to :data:`EMBEDDED_DPI` so a large file does not
    swell every PDF.  The same file always gives the same bytes; a file that changed into
    something unreadable since the list was checked is a ContentError."""
    stat = Path(path).stat()
    picture, width, drawn_height = _prepared_logo(path, stat.st_mtime_ns, stat.st_size, height, max_width)
    return Logo(picture, width, drawn_height)


@functools.lru_cache(maxsize=64)
def _prepared_logo(
    path: str, modified: int, size: int, height: float, max_width: float
) -> tuple[Picture, float, float]:
    """The logo read, converted and scaled once per file version: every branch edition of a
    build draws it from here (a batch of 200 branches would read it hundreds of times)."""
    from PIL import Image as Pillow

    from ..content.branches import open_logo

    picture = open_logo(path)
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if transparent else "RGB")
    width = height * picture.width / picture.height  # the proportions of the file
    if width > max_width:
        width, height = max_width, max_width * picture.height / picture.width
    pixels = math.ceil(height / 72 * EMBEDDED_DPI)
    if picture.height > pixels:
        scaled = (max(1, round(picture.width * pixels / picture.height)), pixels)
        picture = picture.resize(scaled, Pillow.Resampling.LANCZOS)
    return picture, width, height


def _logo(branch: Branch) -> Flowable | None:
    if not branch.logo:
        return None
    return logo_flowable(branch.logo, LOGO_HEIGHT_MM * mm, LOGO_MAX_WIDTH_MM * mm)


def _logo_width(logo: Flowable | None) -> float:
    return float(logo.wrap(LOGO_MAX_WIDTH_MM * mm, LOGO_HEIGHT_MM * mm)[0]) + _GAP if logo is not None else 0.0


def _column_widths(width: float, logo_width: float, langs: Sequence[str]) -> list[float]:
    text = (width - logo_width - _GAP * (len(langs) - 1)) / len(langs)
    return [text] * len(langs)


def branch_band(branch: Branch, langs: Sequence[str], width: float) -> Table:
    """The band, ``width`` wide and :func:`band_lines` tall (checked by :func:`band_problems`)."""
    logo = _logo(branch)
    if logo is not None:  # in a tagged PDF it says whose it is
        figure(logo, logo_alt(branch.organisation[langs[0]], langs[0]))
    logo_width = _logo_width(logo)
    widths = _column_widths(width, logo_width, langs)
    cells: list[object] = [[paragraph for _, paragraph in _column(branch, lang)] for lang in langs]
    col_widths = [*widths]
    if logo is not None:
        cells.insert(0, logo)
        col_widths.insert(0, logo_width)
    height = band_lines(branch, langs, width) * BAND_LEADING + _RULE_GAP
    table = Table([cells], colWidths=col_widths, rowHeights=[height])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONTS.regular),  # not ReportLab's unembedded Helvetica
                *cell_padding(0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("RIGHTPADDING", (0, 0), (-2, -1), _GAP),
                # a rule sets the band apart from the back page's blocks above it
                ("TOPPADDING", (0, 0), (-1, -1), _RULE_GAP),
                ("LINEABOVE", (0, 0), (-1, 0), 0.75, PALETTE.rule),
            ]
        )
    )
    return table


def band_problems(branch: Branch, langs: Sequence[str], width: float, where: str, file: str) -> list[Problem]:
    """The columns of ``branch`` whose lines would be more than a band holds ``width`` wide,
    located at the branch list's row and the column whose text is longest."""
    widths = _column_widths(width, _logo_width(_logo(branch)), langs)
    problems = []
    for lang, column_width in zip(langs, widths, strict=True):
        lines = math.ceil(_column_height(branch, lang, column_width) / BAND_LEADING - 0.01)
        if lines <= BAND_MAX_LINES:
            continue
        longest = max(_column(branch, lang), key=lambda line: len(line[1].getPlainText()))[0]
        problems.append(
            Problem(
                file,
                branch.row,
                0,
                longest,
                f"branch {branch.id}: its {lang} text takes {lines} lines in the band on {where} "
                f"({column_width / mm:.0f} mm wide), more than the {BAND_MAX_LINES} a band holds",
                f"shorten {longest} (or the organisation's, branch's or address's text)",
            )
        )
    return problems


def stamp_paragraph(leaflet: Leaflet, content_folder: str) -> Paragraph:
    """The edition stamp of ``leaflet`` (:func:`leaflet.content.stamp.stamp_of`): one line of
    small type, right-aligned."""
    return stamp_line(stamp_of(leaflet, content_folder).text())


def stamp_line(stamp: str) -> Paragraph:
    """The edition stamp ``stamp``, as printed."""
    style = derived_style(
        "stamp",
        fontName=FONTS.regular,
        fontSize=STAMP_PT,
        leading=STAMP_PT * 1.25,
        textColor=PALETTE.ink,  # small already: full contrast on the band's tint, in grey too
        alignment=TA_RIGHT,
        spaceBefore=STAMP_PT * 0.4,
    )
    return Paragraph(escape(stamp), style)


def band_widths(spec: FormatSpec, langs: tuple[str, ...]) -> list[tuple[tuple[str, ...], float]]:
    """The branch bands a format draws for ``langs``: (the languages side by side, the width)."""
    if spec.layout == "poster":  # one footer, the languages side by side, at the A4 design size
        design = design_spec(spec)
        return [(langs, design.width - 2 * design.margin)]
    # a band closes each language's part; a leaflet's back band is padded inside by 0.6 body
    padding = 2 * 0.6 * max(spec.body_sizes) if spec.layout == "flow" else 0.0
    return [((lang,), spec.width - 2 * spec.margin - padding) for lang in langs]


def band_fit_problems(file: str, branches: Sequence[Branch], outputs: Iterable[tuple[str, str]]) -> list[Problem]:
    """Every branch whose band would not fit one of ``outputs`` ((format, edition) pairs),
    once per branch and column: at the narrowest band that refuses it."""
    register_fonts()  # measured before anything is drawn
    widths: dict[tuple[tuple[str, ...], float], str] = {}
    for format_name, edition in outputs:
        for langs, width in band_widths(FORMATS[format_name], EDITIONS[edition].langs):
            widths.setdefault((langs, width), format_name)
    found: dict[tuple[str, str], Problem] = {}
    for branch in branches:
        for (langs, width), format_name in sorted(widths.items(), key=lambda item: item[0][1]):
            for problem in band_problems(branch, langs, width, format_name, file):
                found.setdefault((branch.id, problem.key), problem)
    return list(found.values())


def band_signature(branch: Branch, spec: FormatSpec, langs: tuple[str, ...]) -> str:
    """What of a branch's band a plan depends on: the lines each of its bands takes."""
    register_fonts()
    return ",".join(str(band_lines(branch, side, width)) for side, width in band_widths(spec, langs))
