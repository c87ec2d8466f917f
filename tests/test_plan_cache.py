"""Plans kept on disk between runs (issue 9): one pass for an unchanged text, never other bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaflet.content.loader import load_content
from leaflet.layout.plan import Plan, PlanCache
from leaflet.layout.plan_store import PlanStore, default_folder
from leaflet.pdf.documents import BuildCache, make_document
from leaflet.pdf.options import PrintOptions

from .conftest import CONTENT, LEAFLET_ID

KEY = ("some", "key")
PLANS = (Plan(4, 12.5, 1.35, spread_height=400.5, qr_mm=25.0), Plan(4, 12.5, 1.5))


def test_plans_round_trip_exactly(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    assert store.get(KEY) is None
    store.put(KEY, PLANS)
    assert PlanStore(tmp_path).get(KEY) == PLANS
    assert len(list(tmp_path.glob("*.json"))) == 1
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


@pytest.mark.parametrize(
    "damage",
    [
        "",  # an empty file
        "{not json",
        '{"version": 99, "key": "(\'some\', \'key\')", "plans": []}',  # another version of the format
        '{"version": 1, "key": "(\'other\', \'key\')", "plans": []}',  # a file of another key
        '{"version": 1, "key": "(\'some\', \'key\')", "plans": [{"pages": 4}]}',  # not a whole plan
        '{"version": 1, "key": "(\'some\', \'key\')", "plans": "4 pages"}',
    ],
)
def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path, damage: str) -> None:
    store = PlanStore(tmp_path)
    store.put(KEY, PLANS)
    (path,) = tmp_path.glob("*.json")
    path.write_text(damage, encoding="utf-8")
    assert store.get(KEY) is None
    store.put(KEY, PLANS)  # and it is written anew
    assert store.get(KEY) == PLANS


@pytest.mark.parametrize("value", [-1, "12", float("inf"), None])
def test_a_plan_with_impossible_values_is_ignored(tmp_path: Path, value: object) -> None:
    store = PlanStore(tmp_path)
    store.put(KEY, PLANS)
    (path,) = tmp_path.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["plans"][0]["body_size"] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert store.get(KEY) is None


def test_a_folder_that_cannot_be_written_keeps_nothing_and_says_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    store = PlanStore(blocked / "plans")
    store.put(KEY, PLANS)  # no error: the cache is only a shortcut
    assert store.get(KEY) is None


def test_where_the_plans_are_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEAFLET_CACHE_DIR", str(tmp_path / "here"))
    assert default_folder() == tmp_path / "here"
    monkeypatch.setenv("LEAFLET_CACHE_DIR", "off")
    assert default_folder() is None
    monkeypatch.delenv("LEAFLET_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "leaflet" / "plans"


def _render(store: Path, format_name: str, edition: str) -> tuple[bytes, BuildCache]:
    content = load_content(CONTENT)
    cache = BuildCache(plans=PlanCache(PlanStore(store)))
    document = make_document(content, content.leaflets[LEAFLET_ID], format_name, edition, PrintOptions(), cache)
    return document.pdf, cache


@pytest.mark.parametrize(("format_name", "edition"), [("a4", "ru"), ("a5", "kk-ru")])
def test_a_plan_from_disk_gives_the_same_bytes_in_one_pass_a_language(
    tmp_path: Path, format_name: str, edition: str
) -> None:
    searched, _ = _render(tmp_path, format_name, edition)
    assert list(tmp_path.glob("*.json")), "the plan was kept"
    replayed, cache = _render(tmp_path, format_name, edition)  # a new process would do the same
    assert replayed == searched
    layouts = [layout for layout in cache.plans.scratch.values() if hasattr(layout, "passes")]
    assert layouts and all(len(layout.passes) == 1 for layout in layouts), "one layout pass a language"


def test_a_kept_plan_that_no_longer_holds_is_searched_again(tmp_path: Path) -> None:
    """A plan file forged (or left by a bug) under the right key: two pages too few for A5 is
    not drawn; the text is planned again and the file written anew."""
    searched, _ = _render(tmp_path, "a5", "ru")
    (path,) = tmp_path.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["plans"][0].update(pages=2, body_size=14.0)
    path.write_text(json.dumps(data), encoding="utf-8")
    replayed, _ = _render(tmp_path, "a5", "ru")
    assert replayed == searched
    assert json.loads(path.read_text(encoding="utf-8"))["plans"][0]["pages"] == 4
