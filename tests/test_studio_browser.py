"""The studio in a real browser: Debian's Chromium driven by Playwright (issue 12, item 7).

An editor opens the page, changes a step in both languages, sees a mistake appear at the field
it is in (in their language) and go away when corrected, moves a step and adds a note in both
languages, sees the preview change, saves, and ``leaflet build`` of the saved folder makes the
leaflet the preview showed, pixel for pixel; content with mistakes is kept only as a draft.
Each test is one editor's session: a save lays the leaflet out in every format, a few seconds.
Chromium is installed by ``.ci/run`` (``apt-get install chromium``): a machine without it
fails these tests, it does not skip them.
"""

from __future__ import annotations

import base64
import io
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, expect, sync_playwright

from leaflet import cli
from leaflet.content.check import check_content
from leaflet.studio.server import StudioServer
from leaflet.studio.session import PREVIEW_DPI

from .studio_fixtures import CALL_BANK_TITLES, NEW_NOTES, TOO_LONG_SHORT, content_copy, studio

__all__ = ["content_copy", "studio"]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("studio-browser")]

CHROMIUM = Path("/usr/bin/chromium")
#: headless, and nothing that reaches the network by itself (Playwright gives each launch a fresh profile)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEAFLET = "code-1414"
#: the pause in typing before the page asks for every format's layout: 0.7 s for an editor
#: (tests/test_studio_server.py checks the default), shorter here, where a test waits for the answer
FIT_PAUSE_MS = 50


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, server: StudioServer, language: str, query: str = "") -> Page:
    server.fit_pause_ms = FIT_PAUSE_MS
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale=language)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + query)
    expect(page.locator("#pages img").first).to_be_visible(timeout=20_000)
    assert errors == []
    return page


def step_key(folder: Path, step_id: str, lang: str = "ru") -> str:
    """The key path of a step, as `leaflet check` names it: blocks[N].steps[M]."""
    document = yaml.safe_load((folder / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8"))
    for index, block in enumerate(document["blocks"]):
        for number, step in enumerate(block.get("steps", [])):
            if step["id"] == step_id:
                return f"blocks[{index}].steps[{number}]"
    raise AssertionError(f"no step {step_id}")


def field(page: Page, lang: str, key: str) -> Any:
    return page.locator(f'[data-key="{lang}:{key}"]')


def preview_images(page: Page) -> list[Image.Image]:
    sources = page.locator("#pages img").evaluate_all("images => images.map(image => image.src)")
    return [Image.open(io.BytesIO(base64.b64decode(source.partition(",")[2]))).convert("RGB") for source in sources]


def wait_for_preview_after(page: Page, version: int) -> int:
    """The preview's version once pages newer than ``version`` are shown and no other is being
    drawn (polled from here: the page's Content-Security-Policy forbids evaluating script text)."""
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:
        shown = int(page.locator("#pages").get_attribute("data-version") or 0)
        if shown > version and "…" not in page.locator("#preview-status").inner_text():
            return shown
        page.wait_for_timeout(20)
    raise AssertionError(f"no preview newer than {version}: {page.locator('#preview-status').inner_text()}")


def test_edit_both_languages_see_mistakes_and_preview_save_and_build(
    browser: Browser, studio: StudioServer, tmp_path: Path
) -> None:
    """One editor's session, saved once (a save lays the leaflet out in every format): texts
    and structure changed in both languages, mistakes shown and corrected, the preview, the
    files, the build; then a text too long for a poster; then the same page in English."""
    folder = studio.session.folder
    before = {lang: (folder / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8") for lang in ("kk", "ru")}
    page = open_page(browser, studio, "ru-RU")
    expect(page.locator("h1")).to_have_text("Студия памяток")
    expect(page.locator("#summary")).to_have_text("✓ Ошибок не найдено")
    page.select_option("#edition", "ru")
    version = wait_for_preview_after(page, 0)
    old_pages = preview_images(page)

    # every edit below leaves a mistake on the page until the last one: the texts are laid out
    # in every format (a second or more) only once they are right, as they are saved
    key = step_key(folder, "call_bank") + ".title"
    kk_field, ru_field = field(page, "kk", key), field(page, "ru", key)
    # a mistake: a brace that is not a link; shown at the Russian field, in Russian, at once
    started = time.perf_counter()
    ru_field.locator("textarea").fill(CALL_BANK_TITLES["ru"] + " {bank")
    problem = ru_field.locator(".problem")
    expect(problem).to_be_visible(timeout=3_000)
    shown_after = time.perf_counter() - started
    expect(problem).to_contain_text("это не ссылка")
    expect(problem).to_contain_text("Что сделать:")
    expect(ru_field.locator("textarea")).to_have_attribute("aria-invalid", "true")
    expect(kk_field.locator(".problem")).to_have_count(0)
    expect(page.locator("#summary")).to_contain_text("Найдено ошибок: 1")
    kk_field.locator("textarea").fill(CALL_BANK_TITLES["kk"])

    # a step moves in both languages
    first = step_key(folder, "stop_contact")
    page.locator(f'[data-key~="ru:{first}"] > .item-head button', has_text="Ниже").click()
    # a new note asks for its text in both languages
    renew_keys = step_key(folder, "renew_keys")
    body = page.locator(f'[data-key~="ru:{renew_keys}"] .step-body').first
    body.locator(":scope > .adds button", has_text="Примечание").click()
    notes = page.locator(f'[data-key~="ru:{renew_keys}"] .kind-note')
    expect(notes).to_have_count(2)  # the step's own note, and the new one
    new = notes.last
    for lang in ("kk", "ru"):
        expect(new.locator(f'.cell[lang="{lang}"] .problem')).to_contain_text("текст пустой", timeout=3_000)
    for lang, note in NEW_NOTES.items():
        new.locator(f'.cell[lang="{lang}"] textarea').fill(note)
    expect(new.locator(".problem")).to_have_count(0, timeout=3_000)
    expect(page.locator("#summary")).to_contain_text("Найдено ошибок: 1")  # the brace, still
    # call_bank is the first step now, where stop_contact was, and its mistake went with it
    ru_field = field(page, "ru", f"{first}.title")
    problem = ru_field.locator(".problem")
    expect(problem).to_contain_text("это не ссылка")

    started = time.perf_counter()
    ru_field.locator("textarea").fill(CALL_BANK_TITLES["ru"])
    expect(problem).to_have_count(0, timeout=3_000)
    gone_after = time.perf_counter() - started
    expect(page.locator("#summary")).to_have_text("✓ Ошибок не найдено")
    wait_for_preview_after(page, version)
    preview_after = time.perf_counter() - started
    new_pages = preview_images(page)
    assert [image.tobytes() for image in new_pages] != [image.tobytes() for image in old_pages]
    # as the page measures it, from the last key typed: the problems, then the new pages
    checked_ms = int(page.locator("#summary").get_attribute("data-ms") or 0)
    drawn_ms = int(page.locator("#pages").get_attribute("data-ms") or 0)
    print(
        f"\nstudio: problems shown {checked_ms} ms and the preview {drawn_ms} ms after the last key (the page's "
        f"clock); seen by the test {shown_after * 1000:.0f} ms (mistake), {gone_after * 1000:.0f} ms (corrected), "
        f"{preview_after * 1000:.0f} ms (preview)"
    )
    assert shown_after < 2.0 and gone_after < 2.0  # about 0.3 s on 2 cores; generous for a busy CI

    page.locator("#save").click()
    expect(page.locator("#save-status")).to_contain_text("Сохранено", timeout=30_000)

    # the files on disk: the title changed, the note added, the step moved; every other line
    # (comments too) as it was
    index = int(first[7:].split("]")[0])
    for lang, title in CALL_BANK_TITLES.items():
        after = (folder / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8")
        added = Counter(after.splitlines()) - Counter(before[lang].splitlines())
        removed = Counter(before[lang].splitlines()) - Counter(after.splitlines())
        assert sorted(added) == sorted([f'        title: "{title}"', *[line for line in added if "- note:" in line]])
        assert [line.strip() for line in added if "- note:" in line] == [f'- note: "{NEW_NOTES[lang]}"'], added
        assert len(removed) == 1 and next(iter(removed)).startswith("        title: "), removed
        ids = [step["id"] for step in yaml.safe_load(after)["blocks"][index]["steps"]]
        assert ids[:3] == ["call_bank", "stop_contact", "stop_credit"], (lang, ids)
        assert (folder / ".studio" / "backup" / LEAFLET / f"{lang}.yaml").read_text(encoding="utf-8") == before[lang]
    kk = (folder / LEAFLET / "kk.yaml").read_text(encoding="utf-8")
    # the comment on the first step's body moved with the step
    comment = "body:  # these three items have no counterpart in the Russian text"
    assert kk.index("id: call_bank") < kk.index("id: stop_contact") < kk.index(comment) < kk.index("id: stop_credit")
    saved = (folder / LEAFLET / "ru.yaml").read_text(encoding="utf-8")
    check_content(folder)

    # leaflet build of the saved folder makes the leaflet the preview showed
    out = tmp_path / "out"
    code = cli.main(["build", "--content", str(folder), "--out", str(out), "--format", "a5", "--lang", "ru", "-q"])
    assert code == 0
    built = pypdfium2.PdfDocument(out / f"{LEAFLET}-a5-ru.pdf")
    rendered = [page.render(scale=PREVIEW_DPI / 72).to_pil().convert("RGB") for page in built]
    assert len(rendered) == len(new_pages)
    for drawn, shown in zip(rendered, new_pages, strict=True):
        assert ImageChops.difference(drawn, shown).getbbox() is None
    text = " ".join(page.get_textpage().get_text_range() for page in built)
    assert CALL_BANK_TITLES["ru"] in text and NEW_NOTES["ru"] in text

    # the last of `leaflet check`'s checks, every format laid out, once typing stops: a short
    # form too long for a poster is shown at the steps' box, and goes when corrected
    call_bank = step_key(folder, "call_bank")  # the first step now (read from the saved file)
    short = field(page, "ru", f"{call_bank}.short").locator("textarea")
    was = short.input_value()
    short.fill(TOO_LONG_SHORT)
    # the problem names the steps (blocks[N].steps): shown at the steps' box, blocks[N]
    steps = page.locator(f'[data-key~="ru:{call_bank.split(".")[0]}"]').first
    problem = steps.locator(":scope > .problem", has_text="не помещаются на плакат poster-a4")
    expect(problem).to_be_visible(timeout=60_000)
    expect(problem).to_contain_text("сократите заголовок или короткие формы шагов")
    short.fill(was)  # the texts as saved: their layouts are known
    expect(steps.locator(":scope > .problem")).to_have_count(0, timeout=60_000)
    expect(page.locator("#summary")).to_have_text("✓ Ошибок не найдено")
    page.locator("#save").click()  # the page has nothing unsaved then
    expect(page.locator("#save-status")).to_contain_text("Сохранено", timeout=30_000)

    # the page in English, chosen on the page: its words, and a save
    page.select_option("#ui", "en")
    expect(page.locator("h1")).to_have_text("Leaflet studio")
    expect(page.locator("#pages img").first).to_be_visible(timeout=20_000)
    expect(page.locator(f'[data-key~="ru:{first}"] > .item-head button', has_text="Down")).to_be_visible()
    expect(page.locator("#summary")).to_have_text("✓ No mistakes found", timeout=3_000)
    page.locator("#save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved", timeout=30_000)
    assert (folder / LEAFLET / "ru.yaml").read_text(encoding="utf-8") == saved
    page.close()


def test_content_with_mistakes_is_kept_only_as_a_draft(browser: Browser, studio: StudioServer) -> None:
    folder = studio.session.folder
    before = {lang: (folder / LEAFLET / f"{lang}.yaml").read_bytes() for lang in ("kk", "ru")}
    page = open_page(browser, studio, "kk-KZ")
    expect(page.locator("h1")).to_have_text("Жадынама студиясы")
    key = step_key(folder, "passwords", "kk") + ".title"
    area = field(page, "kk", key).locator("textarea")
    area.fill("Құпиясөздерді *дереу* ауыстырыңыз")
    problem = field(page, "kk", key).locator(".problem")
    expect(problem).to_contain_text("жұлдызшалармен бірге басылып шығады", timeout=3_000)
    expect(problem).to_contain_text("**дереу**")
    page.locator("#title").scroll_into_view_if_needed()
    area.blur()
    page.locator("#summary button", has_text="Бірінші қатені көрсету").click()
    expect(area).to_be_focused()

    page.locator("#save").click()
    expect(page.locator("#save-status")).to_have_text("Сақталмады: қателер бар", timeout=30_000)
    assert {lang: (folder / LEAFLET / f"{lang}.yaml").read_bytes() for lang in ("kk", "ru")} == before
    page.locator("#notice button.draft").click()
    expect(page.locator("#save-status")).to_have_text("Жоба сақталды (басылмайды)", timeout=30_000)
    draft = folder / ".studio" / "drafts" / LEAFLET / "kk.yaml"
    assert 'title: "Құпиясөздерді *дереу* ауыстырыңыз"' in draft.read_text(encoding="utf-8")
    assert {lang: (folder / LEAFLET / f"{lang}.yaml").read_bytes() for lang in ("kk", "ru")} == before
    check_content(folder)  # the draft is never read as a leaflet

    # the draft is offered when the leaflet is opened again
    page.reload()
    page.locator("#notice button.draft").click()
    expect(field(page, "kk", key).locator("textarea")).to_have_value("Құпиясөздерді *дереу* ауыстырыңыз")
    page.close()
