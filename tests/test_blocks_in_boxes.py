"""Blocks inside boxes (issue 8 review): a callout holding every block it may hold, a back page
with several contacts and a paragraph, build in every flowing format; a box's blocks stay inside
it; a signature is a name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from leaflet.build import build
from leaflet.content.check import check_content
from leaflet.errors import ContentError

from .conftest import CONTENT, LEAFLET_ID
from .pdfread import render

RU_HEADING = '  - heading: "Как действуют мошенники?"\n'
CALLOUT = """  - callout:
      kind: info
      title: "Всё в одной рамке"
      blocks:
        - paragraph: "Сначала абзац, который ведёт к списку:"
        - bullets:
            - text: "пункт с подпунктами"
              items: ["первый подпункт", "второй подпункт"]
            - "пункт без подпунктов"
        - menu: {text: "На {egov}", path: ["Госуслуги", "Налоги и финансы"]}
        - note: "Заметка сразу после меню."
        - image: {file: "box.png", alt: "Прямоугольник во всю ширину"}
        - heading: "Заголовок в рамке"
        - numbered: ["раз", "два"]
"""
BACK = """back:
  - paragraph: "Звоните и пишите:"
  - contacts: [arrfr_phone, email]
  - qr: [egov, pki, cb, qamqor]
"""


@pytest.fixture(scope="module")
def boxed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, its Russian text with the callout above and the back page above;
    a one-language copy, so no Kazakh counterpart is needed."""
    folder = tmp_path_factory.mktemp("boxed") / "content"
    shutil.copytree(CONTENT, folder)
    leaflet = folder / LEAFLET_ID
    (leaflet / "kk.yaml").unlink()
    (leaflet / "leaflet.yaml").write_text("languages: [ru]\n", encoding="utf-8")
    Image.new("RGB", (3000, 600), (40, 90, 160)).save(leaflet / "box.png")  # wider than any column at 300 dpi
    ru = leaflet / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    assert text.count(RU_HEADING) == 1
    text = text.replace(RU_HEADING, CALLOUT + RU_HEADING)
    text = text[: text.index("back:")] + BACK
    ru.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(boxed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three flowing formats, laid out once for the tests below (a group on one pytest-xdist
    worker, so the build is not made again by another)."""
    out = tmp_path_factory.mktemp("boxed-out")
    written = build(boxed, out, formats=("a4", "a5", "share"), langs=["ru"])
    return {document.spec.name: path for path, document in written}


@pytest.mark.slow
@pytest.mark.xdist_group("blocks-in-boxes")
def test_a_callout_with_every_inner_block_and_a_back_page_of_several_blocks_build(built: dict[str, Path]) -> None:
    for name in ("a4", "a5", "share"):
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(built[name]).pages)
        for words in ("Всё в одной рамке", "второй подпункт", "Заметка сразу после меню", "Заголовок в рамке"):
            assert words in text, (name, words)
        assert "Звоните и пишите" in text and "1459" in text and "info@citizensec.kz" in text, name


@pytest.mark.slow
@pytest.mark.xdist_group("blocks-in-boxes")
def test_a_picture_in_a_box_stays_inside_the_page_margins(built: dict[str, Path]) -> None:
    """The picture is as wide as the box's inside at most: nothing is drawn in the margins
    (10 mm on paper, 6 mm on the phone PDF), text or picture."""
    for name in ("a4", "a5", "share"):
        margin_mm = 6 if name == "share" else 10
        for index in range(len(pypdf.PdfReader(built[name]).pages)):
            image = render(built[name], index, 50, grey=False)
            margin = round(margin_mm / 25.4 * 50) - 1  # a pixel for anti-aliasing
            for x in (*range(margin), *range(image.width - margin, image.width)):
                assert all(image.getpixel((x, y)) == (255, 255, 255) for y in range(image.height)), (name, index, x)


def test_a_signature_is_a_name(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / LEAFLET_ID / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    assert text.count("signature: citizensec") == 1
    ru.write_text(text.replace("signature: citizensec", f'signature: "{"Гражданская безопасность " * 3}"'), "utf-8")
    with pytest.raises(ContentError) as raised:
        check_content(folder)
    (problem,) = raised.value.problems
    assert problem.key.endswith("signoff.signature") and "a name" in problem.message and problem.line > 0
