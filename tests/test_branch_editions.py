"""Branch editions and the edition stamp (issue 10): the band on every format, one plan for every
branch, the band's text that would not fit refused at its row and column, the stamp on every
output and in its metadata, from the content and never the clock."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import math
import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image as PILImage

from leaflet.content.check import check_content
from leaflet.content.model import LOGO_HEIGHT_MM, Branch, Content, Leaflet, Phone
from leaflet.errors import ContentError
from leaflet.layout import flow
from leaflet.layout.branding import BAND_PT, band_fit_problems
from leaflet.layout.formats import FORMATS
from leaflet.layout.plan import Plan
from leaflet.pdf.documents import BuildCache, make_document
from leaflet.pdf.options import PrintOptions

from .conftest import CONTENT, LEAFLET_ID, SessionBuild, file_name, pdf_text, run
from .pdfread import PT_PER_MM, as_int, qr_boxes, reader_of, resources, text_runs

#: every format and the edition drawn for a branch: a band closes each language's part
OUTPUTS = [("a4", "ru"), ("a5", "kk"), ("a5", "kk-ru"), ("poster-a4", "ru"), ("poster-a4", "kk"), ("share", "kk-ru")]


def a_logo(folder: Path) -> str:
    """A PNG logo of 300 × 300 pixels: 635 dpi at the band's 12 mm."""
    path = folder / "logo.png"
    image = PILImage.new("RGB", (300, 300), (11, 60, 120))
    image.save(path)
    return str(path)


def a_branch(branch_id: str = "almaty-5", *, address_ru: str = "ул. Абая, 10, Алматы", logo: str = "") -> Branch:
    return Branch(
        id=branch_id,
        organisation={"kk": "Халық Банк", "ru": "Халык Банк"},
        name={"kk": "№5 бөлімше", "ru": "Отделение №5"},
        address={"kk": "Абай к-сі, 10, Алматы", "ru": address_ru},
        hours={"kk": "Дс–Жм 9:00–18:00", "ru": "Пн–Пт 9:00–18:00"},
        phones=(Phone("+7 727 244 50 50", "+77272445050"), Phone("7111", "7111")),
        logo=logo,
        row=3,
    )


def logo_sizes(reader: pypdf.PdfReader) -> list[tuple[int, int]]:
    """The pixel size of every raster image the pages draw."""
    return [
        (as_int(xobject["/Width"]), as_int(xobject["/Height"]))
        for page in reader.pages
        for xobject in resources(page, "/XObject")
        if xobject.get("/Subtype") == "/Image"
    ]


def with_branch(leaflet: Leaflet, branch: Branch) -> Leaflet:
    return dataclasses.replace(leaflet, branch=branch)


def page_text(pdf: bytes, index: int) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[index].extract_text()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("format_name", "edition"), OUTPUTS, ids=[f"{name}-{edition}" for name, edition in OUTPUTS])
def test_the_branch_band_prints_who_hands_it_out_in_the_edition_s_languages(
    content: Content, shipped: Leaflet, tmp_path: Path, format_name: str, edition: str
) -> None:
    branch = a_branch(logo=a_logo(tmp_path))
    document = make_document(content, with_branch(shipped, branch), format_name, edition, PrintOptions())
    reader = pypdf.PdfReader(io.BytesIO(document.pdf))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    for lang in edition.split("-"):
        for part in (branch.organisation[lang], branch.address[lang], branch.hours[lang]):
            assert squash(part) in text, (lang, part)
    assert "+7 727 244 50 50" in text and "7111" in text
    links = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]
    assert "tel:+77272445050" in links and "tel:7111" in links
    # the phone numbers a reader dials are at least 10 pt where they are printed
    runs = [run for page in reader.pages for run in text_runs(page) if "244" in run.text]
    assert runs and all(run.size >= BAND_PT - 0.01 for run in runs), runs
    embedded = math.ceil(LOGO_HEIGHT_MM / 25.4 * 600)  # a 300-pixel logo, scaled to 600 dpi at 12 mm
    assert set(logo_sizes(reader)) == {(embedded, embedded)}
    images = {
        xobject.indirect_reference.idnum
        for page in reader.pages
        for xobject in resources(page, "/XObject")
        if xobject.get("/Subtype") == "/Image" and xobject.indirect_reference is not None
    }
    assert len(images) == 1, "the logo is embedded once per file, whatever the bands that draw it"
    bands = 1 if format_name.startswith("poster") else len(edition.split("-"))
    drawn = [
        image.get_bounds()
        for page in pdfium.PdfDocument(document.pdf)
        for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
    ]
    assert len(drawn) == bands, "a logo in every band"
    scale = document.spec.scale
    for left, bottom, right, top in drawn:  # drawn 12 mm high (a square logo: as wide), poster scale aside
        assert (top - bottom) / PT_PER_MM == pytest.approx(LOGO_HEIGHT_MM * scale, abs=0.1)
        assert (right - left) / PT_PER_MM == pytest.approx(LOGO_HEIGHT_MM * scale, abs=0.1)


def test_every_branch_shares_one_plan_and_costs_one_pass(
    content: Content, shipped: Leaflet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # other words, as many lines: the plan key names the band's lines, not its words
    short, long = a_branch("first"), a_branch("second", address_ru="ул. Сатпаева, 22, Алматы")
    cache = BuildCache()
    first = make_document(content, with_branch(shipped, short), "a4", "ru", PrintOptions(), cache)
    passes: list[object] = []
    run = flow.TextLayout.run

    def counted(layout: flow.TextLayout, plan: Plan, *, drawn: bool = False) -> flow.Pass:
        known = layout.passes.get(plan)
        if known is None or (drawn and not known.drawn):
            passes.append(plan)
        return run(layout, plan, drawn=drawn)

    monkeypatch.setattr(flow.TextLayout, "run", counted)
    second = make_document(content, with_branch(shipped, long), "a4", "ru", PrintOptions(), cache)
    assert len(passes) == 1, "the second branch replays the first one's plan: one pass, the drawing"
    assert second.summary() == first.summary()
    assert second.pdf != first.pdf


def test_a_band_that_would_not_fit_is_refused_at_its_row_and_column(content: Content) -> None:
    too_long = a_branch(address_ru="проспект Достык, дом 240, бизнес-центр «Нурлы Тау», блок 4Б, офис 12 " * 5)
    problems = band_fit_problems("branches.csv", [a_branch(), too_long], [("a5", "ru"), ("share", "ru")])
    assert [(problem.file, problem.line, problem.key) for problem in problems] == [("branches.csv", 3, "address_ru")]
    assert "almaty-5" in problems[0].message and "more than the 7 a band holds" in problems[0].message


# -- the edition stamp ------------------------------------------------------------------------------


def test_every_output_carries_the_stamp_in_its_text_and_metadata(session_build: SessionBuild) -> None:
    declared = yaml.safe_load((CONTENT / LEAFLET_ID / "leaflet.yaml").read_text(encoding="utf-8"))
    edition = str(declared["edition"])
    pattern = re.compile(rf"{LEAFLET_ID} · {edition} · ([0-9a-f]{{8}})")
    digests = set()
    files = sorted(session_build.out.glob(f"{LEAFLET_ID}-*.pdf"))
    assert len(files) == 25  # every format in every edition it is made in
    for path in files:  # each file's text as the other tests of the session's build read it
        printed = pattern.findall(pdf_text(path))
        assert printed, path.name
        reader = reader_of(path)
        keywords = str(reader.metadata.get("/Keywords")) if reader.metadata else ""
        assert pattern.search(keywords), (path.name, keywords)
        digests.update(printed)
    assert len(digests) == 1, "one content, one stamp"


def test_the_stamp_follows_the_content_files_never_the_clock(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)

    def stamp() -> str:
        checked = check_content(folder)
        # a poster, the quickest to lay out: the stamp is printed on every format
        document = make_document(checked, checked.leaflets[LEAFLET_ID], "poster-a4", "ru", PrintOptions())
        found = re.findall(rf"{LEAFLET_ID} · (\S+) · ([0-9a-f]{{8}})", page_text(document.pdf, document.pages - 1))
        assert len(found) == 1
        return " ".join(found[0])

    first = stamp()
    assert stamp() == first
    ru = folder / LEAFLET_ID / "ru.yaml"
    ru.write_text(ru.read_text(encoding="utf-8") + "\n# a comment is a change of the file too\n", encoding="utf-8")
    changed = stamp()
    assert changed.split()[0] == first.split()[0] and changed.split()[1] != first.split()[1]
    declared = folder / LEAFLET_ID / "leaflet.yaml"
    declared.write_text(
        re.sub(r"edition: \S+", "edition: 2027-01-15", declared.read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert stamp().split()[0] == "2027-01-15"


@pytest.mark.parametrize(
    ("written", "message"),
    [("2026-13-01", "is not a date"), ("29.11.2026", "is not a date"), ("[2026]", "expected a date")],
)
def test_an_edition_that_is_not_a_date_is_refused_where_it_is_written(
    tmp_path: Path, written: str, message: str
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    declared = folder / LEAFLET_ID / "leaflet.yaml"
    source = declared.read_text(encoding="utf-8")
    declared.write_text(re.sub(r"edition: \S+", f"edition: {written}", source), encoding="utf-8")
    line = next(number for number, text in enumerate(source.splitlines(), 1) if text.startswith("edition:"))
    with pytest.raises(ContentError) as refused:
        check_content(folder)
    (problem,) = refused.value.problems
    assert (problem.line, problem.column, problem.key) == (line, len("edition: ") + 1, "edition")
    assert message in problem.message


def test_a_quoted_edition_date_is_a_date_too(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    declared = folder / LEAFLET_ID / "leaflet.yaml"
    declared.write_text(
        re.sub(r"edition: \S+", 'edition: "2026-11-30"', declared.read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert check_content(folder).leaflets[LEAFLET_ID].edition == "2026-11-30"


# -- the command line ------------------------------------------------------------------------------

EXAMPLE_LIST = Path(__file__).resolve().parent.parent / "examples" / "branches.csv"


def test_a_branch_build_writes_a_folder_a_branch_and_a_manifest_of_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    outcome = run(
        capsys,
        "build",
        "--content",
        str(CONTENT),
        "--branches",
        str(EXAMPLE_LIST),
        "--format",
        "a4",
        "--out",
        str(out),
        "--jobs",
        "2",
    )
    assert outcome.code == 0, outcome.stderr
    with EXAMPLE_LIST.open(encoding="utf-8", newline="") as stream:
        ids = [row["id"] for row in csv.DictReader(stream)]
    assert len(ids) == 3
    made = sorted(str(path.relative_to(out)) for path in out.rglob("*.pdf"))
    assert made == sorted(f"{branch}/{LEAFLET_ID}-a4-{lang}.pdf" for branch in ids for lang in ("kk", "ru"))
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["file"] for row in rows] == [
        f"{branch}/{LEAFLET_ID}-a4-{lang}.pdf" for branch in ids for lang in ("kk", "ru")
    ]
    for row in rows:
        data = (out / row["file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest() and int(row["bytes"]) == len(data)
        assert int(row["pages"]) == len(pypdf.PdfReader(out / row["file"]).pages)
        assert (row["branch"], row["leaflet"], row["format"]) == (row["file"].split("/")[0], LEAFLET_ID, "a4")
    assert "and manifest.csv" in outcome.stdout
    # each branch's leaflets carry its own address and phone numbers (dialled from the list's
    # digits: +7 and the ten digits after the 8 or +7 written there), and their QR codes scan
    with EXAMPLE_LIST.open(encoding="utf-8", newline="") as stream:
        listed_rows = list(csv.DictReader(stream))
    for row in listed_rows:
        for lang in ("kk", "ru"):
            path = out / row["id"] / f"{LEAFLET_ID}-a4-{lang}.pdf"
            reader = pypdf.PdfReader(path)
            text = squash(" ".join(page.extract_text() for page in reader.pages))
            assert squash(row[f"address_{lang}"]) in text, (row["id"], lang)
            dialled = {
                str(annotation.get_object()["/A"]["/URI"])
                for page in reader.pages
                for annotation in page.get("/Annots", [])
                if str(annotation.get_object().get("/A", {}).get("/URI", "")).startswith("tel:")
            }
            for written in re.split(r"[;,\n]", row["phone"]):
                digits = re.sub(r"\D", "", written)
                expected = f"tel:+7{digits[-10:]}" if len(digits) == 11 else f"tel:{digits}"
                assert expected in dialled, (row["id"], written, dialled)
            codes = qr_boxes(path, len(reader.pages) - 1)
            assert len(codes) == 4 and all(code.startswith("https://") for code, _ in codes), row["id"]


def test_the_default_branch_build_says_it_leaves_the_bilingual_posters_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    listed = tmp_path / "one.csv"
    with EXAMPLE_LIST.open(encoding="utf-8", newline="") as stream:
        lines = stream.read().splitlines()
    listed.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # the header and one branch
    # the layouts of the shipped text with a band, which `check --branches` below replays
    outcome = run(capsys, "build", "--content", str(CONTENT), "--branches", str(listed), "--out", str(out))
    assert outcome.code == 0, outcome.stderr
    names = {path.name for path in out.rglob("*.pdf")}
    assert not any("poster" in name and "kk-ru" in name for name in names)
    assert any("poster-a4-kk.pdf" in name for name in names) and any("share-kk-ru.pdf" in name for name in names)
    branch = lines[1].split(",")[0]
    assert {str(path.relative_to(out)) for path in out.rglob("*.pdf")} == {
        f"{branch}/{file_name(name, edition)}"
        for name, spec in FORMATS.items()
        for edition in spec.editions
        if not (name.startswith("poster") and edition == "kk-ru")
    }, "every other format and edition"
    assert "bilingual posters (kk-ru) are not made per branch unless asked for" in outcome.stdout


def test_a_bilingual_poster_asked_for_with_a_band_that_does_not_fit_is_refused_with_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    outcome = run(
        capsys,
        "build",
        "--content",
        str(CONTENT),
        "--branches",
        str(EXAMPLE_LIST),
        "--branch",
        "astana-sample-bank-3",
        "--format",
        "poster-a4",
        "--lang",
        "kk-ru",
        "--out",
        str(out),
    )
    assert outcome.code == 1
    assert "with the branch band" in outcome.stderr and "one poster a language" in outcome.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--branch", "almaty-alatau"], "--branch picks branches of a list: give the list with --branches FILE"),
        (["--branches", str(EXAMPLE_LIST), "--branch", "nowhere"], "no branch nowhere in"),
    ],
)
def test_branch_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    outcome = run(capsys, "build", "--content", str(CONTENT), "--out", str(tmp_path / "out"), *args)
    assert outcome.code == 2 and expected in outcome.stderr


def test_check_reads_the_branch_list_and_a_broken_row_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run(capsys, "check", "--content", str(CONTENT), "--branches", str(EXAMPLE_LIST))
    assert outcome.code == 0, outcome.stderr
    assert "3 branches in" in outcome.stdout
    broken = tmp_path / "branches.csv"
    text = EXAMPLE_LIST.read_text(encoding="utf-8").replace(",1414,", ",12345,", 1)
    broken.write_text(text, encoding="utf-8")
    (tmp_path / "branches-logos").mkdir()
    shutil.copy(EXAMPLE_LIST.parent / "branches-logos" / "sample-bank.png", tmp_path / "branches-logos")
    out = tmp_path / "out"
    outcome = run(capsys, "build", "--content", str(CONTENT), "--branches", str(broken), "--out", str(out))
    assert outcome.code == 1
    line = next(number for number, row in enumerate(text.splitlines(), 1) if ",12345," in row)
    assert f"{broken}:{line}:" in outcome.stderr and "phone" in outcome.stderr
    assert not out.exists()
