"""Measure PRINT.md's norms on built A4 and A5 leaflets, to compare two builds.  Not a test.

    python bench/norms.py OUTPUT_DIR [BEFORE_DIR]

For every A4, A5 and large-print leaflet in OUTPUT_DIR (and the file of the same format and edition in
BEFORE_DIR, whatever its leaflet prefix): pages, the body size (the size most characters
print at), the smallest text, the longest and median body line in characters, the QR codes'
width, and the empty room above the back-page band in each column of each language's last page.  Every
figure is read from the PDFs (pypdf, pypdfium2, zxing-cpp), so builds of different versions
of the program compare alike.  Needs the test extra (pypdfium2, zxing-cpp).
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaflet.layout.formats import FORMATS  # noqa: E402
from tests.pdfread import PT_PER_MM, empty_above_back_band, qr_boxes, text_runs  # noqa: E402

FILE = re.compile(r"(?:.*-)?(?<!poster-)(?P<name>a4|a5|large-print)-(?P<edition>kk|ru|kk-ru)\.pdf")


def body_size(reader: pypdf.PdfReader) -> tuple[float, float]:
    sizes: Counter[float] = Counter()
    for page in reader.pages:
        for run in text_runs(page):
            sizes[round(run.size, 1)] += len(run.text.strip())
    return sizes.most_common(1)[0][0], min(sizes)


def line_lengths(path: Path, body: float) -> tuple[int, float]:
    """The longest and the median line of body-size text, in characters (lines of at least 20):
    the runs of one line share a baseline and a column (a 60 mm wide bucket)."""
    lengths = []
    for page in pypdf.PdfReader(path).pages:
        lines: Counter[tuple[int, int]] = Counter()
        for run in text_runs(page):
            if abs(run.size - body) < 0.05:
                lines[(round(run.y), int(run.x // (60 * PT_PER_MM)))] += len(run.text)
        lengths += [count for count in lines.values() if count >= 20]
    return (max(lengths), statistics.median(lengths)) if lengths else (0, 0.0)


def measure(path: Path) -> dict[str, str]:
    reader = pypdf.PdfReader(path)
    pages = len(reader.pages)
    body, smallest = body_size(reader)
    longest, median = line_lengths(path, body)
    langs = FILE.fullmatch(path.name).group("edition").split("-")  # type: ignore[union-attr]
    lasts = [(index + 1) * pages // len(langs) - 1 for index in range(len(langs))]
    codes = [box for last in lasts for _, box in qr_boxes(path, last)]
    widths = sorted({round((right - left) / PT_PER_MM) for left, _, right, _ in codes})
    spec = FORMATS[FILE.fullmatch(path.name).group("name")]  # type: ignore[union-attr]
    # each column of each language's back page: empty mm above the band / the column's mm
    empty = [f"{band / PT_PER_MM:.0f}" for last in lasts for band, _ in empty_above_back_band(path, last, spec)]
    column = empty_above_back_band(path, lasts[0], spec)[0][1] / PT_PER_MM
    return {
        "pages": str(pages),
        "body pt": f"{body:g}",
        "smallest pt": f"{smallest:g}",
        "line chars (max/median)": f"{longest}/{median:.0f}",
        "QR mm": "/".join(map(str, widths)),
        "empty above band mm": "/".join(empty) + f" of {column:.0f}",
    }


def files(folder: Path) -> dict[tuple[str, str], Path]:
    found = {}
    for path in sorted(folder.glob("*.pdf")):
        match = FILE.fullmatch(path.name)
        if match:
            found[(match.group("name"), match.group("edition"))] = path
    return found


def main() -> int:
    after = files(Path(sys.argv[1]))
    before = files(Path(sys.argv[2])) if len(sys.argv) > 2 else {}
    columns = ["pages", "body pt", "smallest pt", "line chars (max/median)", "QR mm", "empty above band mm"]
    print("| file | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for key, path in after.items():
        now = measure(path)
        then = measure(before[key]) if key in before else {}
        cells = [f"{then[c]} → {now[c]}" if then else now[c] for c in columns]
        print(f"| {key[0]}-{key[1]} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
