"""The corpus of broken and hostile content (tests/corpus/cases.yaml), run through the CLI.

Each case is the shipped content folder with one defect.  ``leaflet check`` must exit 1 and
print the exact problem, on one line, at the line and column where the defect stands in the
file, on standard error alone, and count the problem lines in its last line.  ``leaflet build``
must do the same, and leave a populated output folder byte-for-byte as it was: it runs on the
cases marked ``build: true`` (see the head of cases.yaml).

The checks of a case read its files in about 30 ms (the unchanged files' YAML is composed once in
the process, :func:`leaflet.content.yamlcompose._compose`); the two cases found only by laying out
(:data:`LAID_OUT`) lay out every format, in ``check`` and again in ``build`` (a layout that fails
is not kept), about two seconds each.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from leaflet import build as build_module
from leaflet.errors import ContentError

from .conftest import CONTENT, PROBLEM_LINE, Outcome, file_name, run, snapshot

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
BUILT_CASES = [case for case in CASES if case.get("build")]
#: the cases found by laying out every format (about a second each)
LAID_OUT = {"five_qr_codes_on_a_poster", "text_over_every_page_budget"}
#: The edits a case can make to one file (see the head of cases.yaml).
EDITS = ("replace", "replace_all", "copy", "clone", "delete", "oversize")
#: In an expected message: any text (a measure only the layout knows), or a whole number above N.
PLACEHOLDER = re.compile(r"\{any\}|\{>(\d+)\}")


def params(cases: list[dict[str, Any]]) -> list[Any]:
    """The cases as test parameters named by their ids, the slow ones marked."""
    return [
        pytest.param(case, id=case["id"], marks=[pytest.mark.slow] if case["id"] in LAID_OUT else []) for case in cases
    ]


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column (in characters) where ``needle`` first stands in ``text``."""
    offset = text.find(needle)
    assert offset >= 0, f"{needle!r} is not in the defective file"
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def apply_edit(edit: dict[str, Any], folder: Path, long: int = 0) -> None:
    """Make one edit (``replace``, ``replace_all``, ``copy``, ``clone``, ``delete`` or ``oversize``)
    to ``edit["file"]`` in the content folder ``folder``."""
    made = [name for name in EDITS if name in edit]
    assert len(made) == 1, f"an edit makes exactly one of {EDITS}: {edit}"
    target = folder / edit["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if edit.get("delete"):
        assert target.exists(), f"{edit['file']} is not in the shipped content"
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    elif "copy" in edit:
        shutil.copyfile(CORPUS / "files" / edit["copy"], target)
    elif "clone" in edit:
        source = folder / edit["clone"]
        shutil.copytree(source, target) if source.is_dir() else shutil.copyfile(source, target)
    elif "oversize" in edit:
        target.write_text("# padding\n" * (edit["oversize"] // 10), encoding="utf-8")
    elif "replace_all" in edit:
        target.write_text(edit["replace_all"], encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        for old, new in edit["replace"]:
            assert text.count(old) == 1, f"{old!r} must occur once in the shipped {edit['file']}"
            long_text = ("Текст " * long)[:long]
            text = text.replace(old, new.replace("{long}", long_text))
        target.write_text(text, encoding="utf-8")


def make_defective(case: dict[str, Any], folder: Path) -> None:
    """Copy the shipped content to ``folder`` and apply the case's defect: its edit of ``file``,
    then the edits listed under ``also``, in order."""
    shutil.copytree(CONTENT, folder, copy_function=shutil.copyfile)  # the bytes; no need of times, modes
    apply_edit(case, folder, case.get("long", 0))
    for edit in case.get("also", ()):
        apply_edit(edit, folder)


def expected_line(case: dict[str, Any], expect: dict[str, Any], folder: Path) -> str:
    """The problem line as it must be printed, up to the hint."""
    path = folder / expect.get("file", case["file"])
    where = str(path)
    if "at" in expect:
        line, column = position(path.read_text(encoding="utf-8", errors="replace"), expect["at"])
        where += f":{line}:{column + expect.get('shift', 0)}"
    elif "line" in expect:
        where += f":{expect['line']}:{expect['column']}"
    key = f"{expect['key']}: " if expect["key"] else ""
    return f"{where}: {key}{expect['message'].replace('{content}', str(folder))}"


def matches(wanted: str, line: str) -> bool:
    """Whether ``line`` is the problem ``wanted`` (and its hint), its placeholders filled."""
    pattern, bounds, start = "", [], 0
    for placeholder in PLACEHOLDER.finditer(wanted):
        pattern += re.escape(wanted[start : placeholder.start()])
        pattern += ".+?" if placeholder[1] is None else r"(-?\d+)"
        bounds += [] if placeholder[1] is None else [int(placeholder[1])]
        start = placeholder.end()
    pattern += re.escape(wanted[start:]) + r"(?: \(hint: .*\))?"
    found = re.fullmatch(pattern, line)
    return found is not None and all(int(number) > bound for number, bound in zip(found.groups(), bounds, strict=True))


def assert_reported(command: str, outcome: Outcome, case: dict[str, Any], folder: Path) -> None:
    """``leaflet check`` or ``build`` (``command``) said the case's problems on standard error
    alone, one a line, and counted them in its last line."""
    assert outcome.code == 1, outcome
    assert outcome.stdout == "", outcome.stdout
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    *problems, summary = lines = outcome.stderr.splitlines()
    one = len(problems) == 1
    then = {
        "check": f"fix {'it' if one else 'them'} and run 'leaflet check' again",
        "build": "nothing was written",
    }[command]
    assert summary == f"leaflet: {'1 problem' if one else f'{len(problems)} problems'} in the content; {then}", summary
    for line in problems:  # every problem is one line: file[:line:column]: ...
        assert PROBLEM_LINE.match(line) and line.startswith(str(folder)), line
    for expect in case["expect"]:
        wanted = expected_line(case, expect, folder)
        matching = [line for line in lines if matches(wanted, line)]
        assert matching, f"missing:\n{wanted}\nin:\n{outcome.stderr}"
        if "hint" in expect:
            assert any(expect["hint"] in line.partition(" (hint: ")[2] for line in matching), matching
    if case.get("only"):  # and nothing else: no second, misleading problem for the same defect
        assert len(lines) - 1 == len(case["expect"]), outcome.stderr


def test_corpus_is_large_and_named() -> None:
    assert len(CASES) >= 100
    ids = [case["id"] for case in CASES]
    assert len(set(ids)) == len(ids)
    assert all(case.get("about") and case.get("expect") and case.get("file") for case in CASES)
    assert all(case.get("build", True) is True for case in CASES), "build: true or nothing"
    assert 10 <= len(BUILT_CASES) < len(CASES) / 4
    assert {case["id"] for case in BUILT_CASES} >= LAID_OUT


@pytest.mark.parametrize("case", params(CASES))
def test_check_reports_the_problem(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a payload that ran would leave its file here
    folder = tmp_path / "content"
    make_defective(case, folder)
    laid_out: list[ContentError] = []
    real_check_layouts = build_module.check_layouts

    def check_layouts(*args: Any, **kwargs: Any) -> None:
        try:
            real_check_layouts(*args, **kwargs)
        except ContentError as error:
            laid_out.append(error)
            raise

    monkeypatch.setattr(build_module, "check_layouts", check_layouts)
    branches = ["--branches", str(folder / case["branches"])] if "branches" in case else []
    assert_reported("check", run(capsys, "check", "--content", str(folder), *branches), case, folder)
    assert not (tmp_path / "PWNED").exists()
    # a problem only the layout finds is the build's own: the build must run on it too
    assert not laid_out or (case.get("build") and case["id"] in LAID_OUT), f"{case['id']}: found by laying out"
    assert laid_out or case["id"] not in LAID_OUT, f"{case['id']}: found before the layout"


#: What an earlier build left in the output folder.
EARLIER = {
    file_name("a5", "ru"): b"%PDF-1.4 an earlier build\n",
    file_name("a4", "kk"): b"%PDF-1.4 another one\n",
}


@pytest.mark.parametrize("case", params(BUILT_CASES))
def test_failed_build_leaves_output_untouched(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "content"
    make_defective(case, folder)
    out = tmp_path / "output"
    (out / "old").mkdir(parents=True)
    for name, data in EARLIER.items():
        (out / name).write_bytes(data)
    (out / "old" / "notes.txt").write_text("kept", encoding="utf-8")
    before = snapshot(out)
    outcome = run(capsys, "build", "--content", str(folder), "--out", str(out))
    assert_reported("build", outcome, case, folder)  # its last line: 'nothing was written'
    assert snapshot(out) == before
    assert sorted(path.name for path in out.iterdir()) == sorted([*EARLIER, "old"])
