"""A studio server on a copy of the shipped content, for the studio's tests."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leaflet.studio.server import StudioServer
from leaflet.studio.session import Session

CONTENT = Path(__file__).resolve().parent.parent / "content"

# The edits the studio's tests make, the same in every file: the browser test makes them on the
# page and saves, the others make them on the page's data (:func:`edited`).  A save, or the
# page's question whether the texts fit, lays them out in every format: the run's plan store
# keeps those layouts, so each text is laid out once in a test run, whichever test asks first.
#: new titles of the step call_bank, in both languages
CALL_BANK_TITLES = {"kk": "Банкке дереу қоңырау шалыңыз", "ru": "Сразу позвоните в банк"}
#: a note added to the body of the step renew_keys, in each language
NEW_NOTES = {"kk": "Жаңа кілттерді ешкімге бермеңіз.", "ru": "Никому не передавайте новые ключи."}
#: a Russian short form of call_bank too long for any poster (its own: "Свяжитесь с банком")
TOO_LONG_SHORT = "Свяжитесь с банком " * 12


def steps_of(texts: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The steps of a leaflet's texts (the page's data) in one language."""
    return next(block["steps"] for block in texts[lang]["blocks"] if "steps" in block)


def step(texts: dict[str, Any], lang: str, step_id: str) -> dict[str, Any]:
    return next(step for step in steps_of(texts, lang) if step["id"] == step_id)


def edited(texts: dict[str, Any]) -> dict[str, Any]:
    """``texts`` (the page's data of the shipped leaflet) as the browser test edits them,
    changed in place: call_bank's new titles, the step stop_contact moved one down, below
    call_bank, and a note added to renew_keys, in both languages."""
    for lang, title in CALL_BANK_TITLES.items():
        steps = steps_of(texts, lang)
        step(texts, lang, "call_bank")["title"] = title
        at = next(index for index, each in enumerate(steps) if each["id"] == "stop_contact")
        steps[at], steps[at + 1] = steps[at + 1], steps[at]
        step(texts, lang, "renew_keys")["body"].append({"note": NEW_NOTES[lang]})
    return texts


def copy_content(folder: Path) -> Path:
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns(".*"))
    return folder


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[StudioServer]:
    """A studio serving ``folder`` in a thread of this process, on a free port."""
    server = StudioServer(Session(folder), 0)
    server.serve_in_thread()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.session.close()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    return copy_content(tmp_path / "content")


@pytest.fixture
def studio(content_copy: Path) -> Iterator[StudioServer]:
    """A studio of its own on ``content_copy``: for a test that changes the folder."""
    with serving(content_copy) as server:
        yield server


@pytest.fixture(scope="module")
def shared_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioServer]:
    """One studio for a module's tests that only read and check (nothing saved, no file
    changed): its session's caches are warm after the first test, as in a user's session."""
    with serving(copy_content(tmp_path_factory.mktemp("shared-studio") / "content")) as server:
        yield server
