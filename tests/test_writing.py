"""Writing all or nothing (leaflet.output), in this process: a rename that fails half way puts
back what it replaced, a full disk names the file, what a killed build left is removed (and its
earlier files put back) by the next write, and a running build's folder is left alone.  The
signals themselves, through the real command, are in test_stopping.py."""

from __future__ import annotations

import concurrent.futures.process
import contextlib
import errno
import faulthandler
import json
import os
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leaflet import interrupts, output, parallel
from leaflet.build import build
from leaflet.content.model import LANGUAGES, Content
from leaflet.layout.document import Rendered
from leaflet.output import TEMPORARY_PREFIX, WriteError, clean_leftovers, write_set
from leaflet.starter import write_starter

from .conftest import CONTENT, file_name, run, snapshot

EARLIER = {"a.pdf": b"%PDF earlier a\n", "b.pdf": b"%PDF earlier b\n", "c.pdf": b"%PDF earlier c\n"}
#: a set as a branch build writes it: files that replace earlier ones, a new one, one in a new folder
NEW = [
    ("a.pdf", b"%PDF new a\n"),
    ("b.pdf", b"%PDF new b\n"),
    ("c.pdf", b"%PDF new c\n"),
    ("d.pdf", b"%PDF new d, no earlier one\n"),
    ("branch/e.pdf", b"%PDF new e, in a folder of its own\n"),
]


def earlier(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in EARLIER.items():
        (folder / name).write_bytes(data)
    return snapshot(folder)


def temporaries(folder: Path) -> list[str]:
    """Everything under ``folder`` that a write leaves only while it runs."""
    return [str(path.relative_to(folder)) for path in folder.rglob("*") if path.name.startswith((".", "~"))]


def test_a_set_is_written_whole_readable_by_everyone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier(out)
    cleaned = write_set(out, NEW)
    assert snapshot(out) == dict(NEW)
    assert {(out / name).stat().st_mode & 0o777 for name, _ in NEW} == {0o644}
    assert temporaries(out) == [] and cleaned.notes(out) == []


@pytest.fixture
def failing_rename(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Makes the n-th rename of a new file into place fail (``settings["new"] = n``), and the
    renames that put an earlier file back from the n-th on (``settings["put_back"] = n``)."""
    settings: dict[str, Any] = {"new": 0, "put_back": 0, "seen": 0, "put_back_seen": 0}
    real = Path.replace

    def replace(source: Path, target: Path) -> Path:
        if source.parent.name == "new" or source.parent.parent.name == "new":
            settings["seen"] += 1
            if settings["seen"] == settings["new"]:
                raise OSError(errno.EIO, "Input/output error", str(target))
        if source.name == "putting-back":
            settings["put_back_seen"] += 1
            if settings["put_back"] and settings["put_back_seen"] >= settings["put_back"]:
                raise OSError(errno.EROFS, "Read-only file system", str(target))
        return real(source, target)

    monkeypatch.setattr(Path, "replace", replace)
    yield settings


@pytest.mark.parametrize("failing", [1, 2, 4, 5])
def test_a_rename_that_fails_puts_back_the_files_already_replaced(
    failing: int, tmp_path: Path, failing_rename: dict[str, Any]
) -> None:
    """'nothing was written', said when the first PDFs were already replaced by new ones."""
    out = tmp_path / "out"
    before = earlier(out)
    failing_rename["new"] = failing
    with pytest.raises(WriteError) as caught:
        write_set(out, NEW)
    assert snapshot(out) == before, "every file as it was, the new ones (d.pdf, branch/e.pdf) gone"
    assert temporaries(out) == [] and not (out / "branch").exists()
    assert str(caught.value) == (
        f"cannot put {out / NEW[failing - 1][0]} in place: Input/output error "
        f"(hint: check {out} and its disk, or give --out another folder)"
    )
    replaced = {1: "", 2: "the file already replaced was put back; "}.get(
        failing, f"the {failing - 1} files already replaced were put back; "
    )
    assert caught.value.outcome == f"nothing was written: {replaced}{out} is as it was before the build"


@pytest.mark.parametrize("failing", [1, 2])
def test_when_putting_back_fails_too_the_message_says_what_the_folder_holds_and_the_next_write_puts_it_back(
    failing: int, tmp_path: Path, failing_rename: dict[str, Any]
) -> None:
    """Putting back fails at the first earlier file, or at the second (the first is back)."""
    out = tmp_path / "out"
    before = earlier(out)
    failing_rename.update(new=3, put_back=failing)
    with pytest.raises(WriteError) as caught:
        write_set(out, NEW)
    [kept] = [path for path in out.iterdir() if path.name.startswith(TEMPORARY_PREFIX)]
    new = ["a.pdf", "b.pdf"][failing - 1 :]
    assert caught.value.outcome == (
        f"{out} is left half written: {len(new)} of its files {'is' if len(new) == 1 else 'are'} new "
        f"({', '.join(new)}), the others are the "
        f"earlier ones; putting the earlier ones back failed (Read-only file system). They are kept in "
        f"{kept / 'old'}, and the next leaflet build into {out} puts them back before it writes"
    )
    assert [name for name in EARLIER if (out / name).read_bytes() != EARLIER[name]] == new
    assert (kept / "old" / "a.pdf").read_bytes() == EARLIER["a.pdf"]

    failing_rename.update(new=0, put_back=0)
    cleaned = write_set(out, [("z.pdf", b"%PDF another set\n")])
    assert snapshot(out) == {**before, "z.pdf": b"%PDF another set\n"}
    assert cleaned.put_back == len(new) and cleaned.folders == [kept.name]
    files = "1 earlier file" if len(new) == 1 else f"{len(new)} earlier files"
    assert cleaned.notes(out)[0] == (
        f"put back {files} in {out} that a build stopped while writing (killed, or the computer went off) had replaced"
    )


def test_a_failed_write_leaves_no_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    out = tmp_path / "new" / "out"
    with pytest.raises(WriteError) as caught:
        write_set(out, NEW)
    assert str(caught.value) == (
        f"cannot write {out / 'a.pdf'}: No space left on device "
        f"(hint: free some space on the disk that holds {out}, or give --out another folder)"
    )
    assert list(tmp_path.iterdir()) == []


def handmade_leftover(out: Path) -> Path:
    """What a build killed during its renames leaves (leaflet.output's steps): a.pdf replaced,
    d.pdf (which had no earlier file) in place, b.pdf not yet renamed."""
    staging = out / f"{TEMPORARY_PREFIX}k1ll3d00"
    (staging / "new").mkdir(parents=True)
    (staging / "old").mkdir()
    for name in ("a.pdf", "b.pdf"):
        os.link(out / name, staging / "old" / name)
    (staging / "new" / "b.pdf").write_bytes(b"%PDF new b\n")
    (staging / "plan").write_text(json.dumps({"files": ["a.pdf", "b.pdf", "d.pdf"], "folders": []}), "utf-8")
    (staging / "a.pdf").write_bytes(b"%PDF new a\n")
    (staging / "a.pdf").replace(out / "a.pdf")
    (out / "d.pdf").write_bytes(b"%PDF new d\n")
    return staging


def test_a_build_killed_during_its_renames_is_undone_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = earlier(out)
    staging = handmade_leftover(out)
    cleaned = clean_leftovers(out)
    assert snapshot(out) == before and not staging.exists()
    assert cleaned.put_back == 2 and cleaned.folders == [staging.name]


def test_a_killed_builds_new_files_are_removed_and_a_running_builds_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = earlier(out)
    killed = out / f"{TEMPORARY_PREFIX}abcdefgh"
    (killed / "new").mkdir(parents=True)
    (killed / "new" / "a.pdf").write_bytes(b"half a PDF")
    stray = out / f"{TEMPORARY_PREFIX}file"
    stray.write_bytes(b"")
    with output.staging_folder(out) as running:
        (running / "new").mkdir()
        cleaned = clean_leftovers(out)
        assert running.is_dir(), "a folder another build holds is not a leftover"
        assert sorted(cleaned.folders) == sorted([killed.name, stray.name])
        assert cleaned.put_back == 0
        assert cleaned.notes(out) == [
            f"removed the temporary files an earlier build left in {out}: {', '.join(cleaned.folders)}"
        ]
    assert snapshot(out) == before and temporaries(out) == []


def test_the_temporary_files_of_earlier_versions_are_removed(tmp_path: Path) -> None:
    """Before this release a PDF was written to '.NAME.XXXXXXXX.tmp' beside it, and a stopped
    build left it for good."""
    out = tmp_path / "out"
    before = earlier(out)
    (out / ".a.pdf.k3j_h5g6.tmp").write_bytes(b"left by leaflet 0.1")
    (out / "branch").mkdir()
    (out / "branch" / ".e.pdf.0123abcd.tmp").write_bytes(b"left by leaflet 0.1")
    kept = {".a.pdf.notours.tmp": b"a user's", ".c.pdf.k3j4h5g6.tmp": b"not a file of the set", ".hidden": b"x"}
    for name, data in kept.items():
        (out / name).write_bytes(data)
    cleaned = clean_leftovers(out, ["a.pdf", "branch/e.pdf"])
    assert sorted(cleaned.folders) == [".a.pdf.k3j_h5g6.tmp", "branch/.e.pdf.0123abcd.tmp"]
    assert snapshot(out) == {**before, **kept}


# -- a full disk, for real -------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 KB tmpfs: room for one A4 PDF, not two (needs root and a kernel that lets it mount)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_names_the_file_and_the_cause_and_changes_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'leaflet: : No space left on device': no file name, and a temporary file's at best."""
    out = small_disk / "out"
    out.mkdir()
    (out / file_name("a4", "ru")).write_bytes(b"%PDF-1.4 an earlier build\n")
    before = snapshot(out)
    outcome = run(capsys, "build", "--content", str(CONTENT), "--format", "a4", "--out", str(out), "-q", "-j", "1")
    assert outcome.code == 1
    first, last = outcome.stderr.splitlines()
    full = tuple(f"leaflet: cannot write {out / file_name('a4', lang)}: No space left on device" for lang in LANGUAGES)
    assert first.startswith(full), first
    assert first.endswith(f"(hint: free some space on the disk that holds {out}, or give --out another folder)")
    assert last == f"leaflet: nothing was written ({out} is as it was before the build)"
    assert snapshot(out) == before and temporaries(out) == []


# -- signals held back -----------------------------------------------------------------------


@pytest.fixture
def handlers() -> Iterator[None]:
    """The signals' default handlers during the test (a shell that starts the tests in the
    background makes them ignore Ctrl-C, and leaflet keeps ignoring what it was told to), and
    the handlers as they were, after it."""
    previous = {number: signal.getsignal(number) for number in interrupts.SIGNALS}
    for number in interrupts.SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    yield
    for number, handler in previous.items():
        signal.signal(number, handler)
    interrupts._received.clear()  # the signals the tests sent this process are not a stop asked for


@pytest.mark.usefixtures("handlers")
@pytest.mark.parametrize("number", interrupts.SIGNALS, ids=lambda number: signal.Signals(number).name)
def test_a_signal_in_a_held_block_is_raised_when_it_ends(number: int) -> None:
    interrupts.install()
    finished = []
    with pytest.raises(interrupts.Interrupted) as caught, interrupts.deferred():
        signal.raise_signal(number)
        finished.append("the block went on")
    assert finished == ["the block went on"]
    assert caught.value.number == number and caught.value.exit_code == 128 + number
    assert signal.getsignal(number) is interrupts._raise, "the handler is back"


#: how long the pool may take to stop before the test process is ended with a traceback
WATCHDOG_S = 30


def render_nothing(content: Content, job: int, shared: dict[Any, Any]) -> Rendered:
    raise RuntimeError("the build was stopped: what a job returns is never read")


@pytest.mark.usefixtures("handlers")
def test_ctrl_c_while_the_pool_starts_is_a_clean_interrupt(monkeypatch: pytest.MonkeyPatch, content: Content) -> None:
    """About 3 builds in 100 stopped by Ctrl-C as their pool started ended in 'internal error:
    RuntimeError: cannot join thread before it is started': the signal came between the pool's
    manager thread being made and started.  Here it comes exactly there, every time."""
    interrupts.install()
    real_start = concurrent.futures.process._ExecutorManagerThread.start

    def start(thread: concurrent.futures.process._ExecutorManagerThread) -> None:
        signal.raise_signal(signal.SIGINT)
        real_start(thread)

    monkeypatch.setattr(concurrent.futures.process._ExecutorManagerThread, "start", start)
    # a pool broken that way leaves processes that hang the test run at its end: if this
    # fails, the watchdog ends the run (with a traceback) rather than let CI hang
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    with pytest.raises(interrupts.Interrupted):
        parallel.render_all(content, [1, 2], render_nothing, workers=2)
    faulthandler.cancel_dump_traceback_later()


def test_init_removes_what_a_killed_init_left_beside_its_folder(tmp_path: Path) -> None:
    """A killed ``leaflet init`` leaves its hidden folder beside the one it was making."""
    killed = tmp_path / f"{TEMPORARY_PREFIX}initkill"
    (killed / "content" / "code-1414").mkdir(parents=True)
    (killed / "content" / "links.yaml").write_text("half a copy", encoding="utf-8")
    starter = write_starter(tmp_path / "content")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]
    assert snapshot(tmp_path / "content") == snapshot(CONTENT) and starter.files == len(snapshot(CONTENT))


@pytest.mark.usefixtures("handlers")
def test_a_signal_whose_exception_was_swallowed_still_stops_the_build_before_it_writes(tmp_path: Path) -> None:
    """A Ctrl-C 0.1-0.3 s into a build, during ReportLab's imports, was now and then lost: a
    bare 'except:' there caught the KeyboardInterrupt, and the build went on to write every file."""
    interrupts.install()
    with contextlib.suppress(interrupts.Interrupted):  # swallowed, as a bare except does
        signal.raise_signal(signal.SIGTERM)
    out = tmp_path / "out"
    with pytest.raises(interrupts.Interrupted) as caught:
        build(CONTENT, out, formats=["a4"], langs=["ru"])
    assert caught.value.number == signal.SIGTERM
    assert not out.exists()


@pytest.mark.usefixtures("handlers")
def test_a_signal_whose_handler_ran_where_python_cannot_raise_is_raised_after_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C during the imports printed, about one time in 300, 'Exception ignored in:
    <function _get_module_lock.<locals>.cb>' and a traceback: the handler ran in importlib's
    weakref callback, where Python prints an exception and drops it.  Here it runs in one,
    every time: nothing is printed, and the interrupt is raised in the code that goes on."""
    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)  # as in `leaflet`, not pytest's
    interrupts.install()

    class Collected:
        pass

    thing = Collected()
    reference = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGTERM))
    with pytest.raises(interrupts.Interrupted) as caught:
        del thing  # the callback runs here, and Python ignores what it raises
        deadline = time.monotonic() + 5
        while reference() is None and time.monotonic() < deadline:  # ordinary code, going on
            time.sleep(0.001)
    assert caught.value.number == signal.SIGTERM
    assert capsys.readouterr().err == ""
