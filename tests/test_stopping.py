"""Stopping a build through the real command: Ctrl-C (SIGINT), SIGTERM and SIGHUP at every stage
of a build, very early included, end it cleanly (exit 128 + the signal's number, one line on
stderr, no traceback, the earlier output byte for byte, no temporary file); during the renames
the build finishes first and says so; SIGKILL leaves what the next build removes and undoes.

Each build is paused at an exact stage with ``LEAFLET_PAUSE_AT`` (leaflet/stages.py): the test
waits for the marker file leaflet makes there, sends the signal, and removes the marker to let
leaflet go on, so nothing depends on guessing how long a stage takes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from leaflet.output import TEMPORARY_PREFIX

from .conftest import CONTENT, PLAN_STORE_VARIABLE, ROOT, file_name, run, snapshot

#: the format of the build stopped: an A4 poster, whose two documents render in a tenth of the
#: time two A4 leaflets take (a stopped build waits for the document being rendered)
STOPPED = "poster-a4"
#: a build of two documents in two worker processes: it starts a pool, renders, writes two files
BUILD = ("build", "--content", str(CONTENT), "--format", STOPPED, "--lang", "kk", "--lang", "ru", "--jobs", "2", "-q")
#: the next build, of another document, in this process (what it cleans up is the point, not
#: the process it runs in)
AGAIN = ("build", "--content", str(CONTENT), "--format", "poster-a3", "--lang", "ru")
#: longest a stage may take to be reached, on a loaded CI machine
PATIENCE_S = 60


def earlier_output(out: Path) -> dict[str, bytes]:
    """An output folder as an earlier build and a user left it."""
    out.mkdir(parents=True, exist_ok=True)
    (out / file_name(STOPPED, "kk")).write_bytes(b"%PDF-1.4 an earlier build, kk\n")
    (out / file_name(STOPPED, "ru")).write_bytes(b"%PDF-1.4 an earlier build, ru\n")
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    return snapshot(out)


def leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir() if path.name.startswith("."))


def default_signals() -> None:  # pragma: no cover - runs in the child, before exec
    """A terminal's shell starts a command with the signals at their defaults; the test runner
    may ignore SIGINT, and a command started with it ignored rightly keeps ignoring it."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


@dataclass
class Paused:
    """A ``leaflet`` process paused at a stage."""

    process: subprocess.Popen[str]
    marker: Path

    def send(self, number: int, *, group: bool) -> None:
        """Send ``number`` to leaflet (``group``: to every process of the build, as a terminal
        does), then let it go on."""
        if group:
            os.killpg(self.process.pid, number)
        else:
            self.process.send_signal(number)
        self.marker.unlink(missing_ok=True)

    def finish(self) -> tuple[int, str]:
        _, stderr = self.process.communicate(timeout=PATIENCE_S)
        return self.process.returncode, stderr


@pytest.fixture
def paused(tmp_path: Path) -> Iterator[list[Paused]]:
    """Starts leaflet paused at a stage (see :func:`pause`); kills what is left at the end."""
    started: list[Paused] = []
    yield started
    for item in started:
        if item.process.poll() is None:
            os.killpg(item.process.pid, signal.SIGKILL)
            item.process.communicate()


def compiled_once() -> dict[str, str]:
    """This environment, but the processes started keep the modules they compile in a folder of
    the test run, as an installed leaflet keeps its own: where PYTHONDONTWRITEBYTECODE is set,
    each of the twenty processes here compiled every module of leaflet again (a sixth of its time)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    run_folder = Path(os.environ[PLAN_STORE_VARIABLE]).parent  # tests/conftest.py: removed at the end
    return {**environment, "PYTHONPYCACHEPREFIX": str(run_folder / "pycache")}


def pause(paused: list[Paused], tmp_path: Path, stage: str, *args: str) -> Paused:
    """``leaflet ARGS`` in a session of its own, once it has reached ``stage``."""
    marker = tmp_path / f"at-{stage}-{len(paused)}"
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflet", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**compiled_once(), "LEAFLET_PAUSE_AT": f"{stage}:{marker}"},
        start_new_session=True,
        preexec_fn=default_signals,
    )
    item = Paused(process, marker)
    paused.append(item)
    deadline = time.monotonic() + PATIENCE_S
    while not marker.exists():
        assert process.poll() is None, f"leaflet ended before {stage}: {process.communicate()}"
        assert time.monotonic() < deadline, f"leaflet did not reach {stage} in {PATIENCE_S} s"
        time.sleep(0.005)
    return item


def said(number: int, outcome: str = "nothing was written") -> str:
    name = "" if number == signal.SIGINT else f" ({signal.Signals(number).name})"
    return f"leaflet: interrupted{name}; {outcome}\n"


#: (stage, signal, sent to the whole process group as a terminal does, or to leaflet alone).
#: The three signals have one handler, which tells them apart by their number only: each is
#: sent at a stage with workers, and each stage with workers gets both ways of sending.
STOPS = [
    ("started", signal.SIGINT, True),  # before the imports: the earliest leaflet's code runs
    ("started", signal.SIGTERM, False),
    ("pool", signal.SIGINT, True),  # the worker pool has just started (signals were held back)
    ("pool", signal.SIGTERM, False),
    ("rendering", signal.SIGINT, True),  # a worker is rendering
    ("rendering", signal.SIGHUP, False),
    ("staged", signal.SIGTERM, False),  # every new file written beside the old ones, none in place; no worker left
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stage", "number", "group"),
    STOPS,
    ids=[f"{s}-{signal.Signals(n).name}-{'group' if g else 'process'}" for s, n, g in STOPS],
)
def test_a_signal_stops_a_build_cleanly(
    stage: str, number: int, group: bool, tmp_path: Path, paused: list[Paused]
) -> None:
    out = tmp_path / "out"
    before = earlier_output(out)
    build = pause(paused, tmp_path, stage, *BUILD, "--out", str(out))
    build.send(number, group=group)
    code, stderr = build.finish()
    assert (code, stderr) == (128 + number, said(number))
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_a_signal_during_the_renames_lets_them_finish_and_says_so(tmp_path: Path, paused: list[Paused]) -> None:
    """Stopping half way through the renames would leave one new PDF beside an old one.  (Ctrl-C
    to the group; a held-back signal is raised the same way whatever its number: see
    tests/test_writing.py, and SIGTERM once every file is written, below.)"""
    number = signal.SIGINT
    out = tmp_path / "out"
    before = earlier_output(out)
    build = pause(paused, tmp_path, "renaming", *BUILD, "--out", str(out))
    assert snapshot(out) != before, "one file is in place"
    build.send(number, group=True)
    code, stderr = build.finish()
    outcome = f"every file was written to {out} (the signal came as they were put in place)"
    assert (code, stderr) == (128 + number, said(number, outcome))
    after = snapshot(out)
    assert after.keys() == before.keys() and after["notes.txt"] == before["notes.txt"]
    for lang in ("kk", "ru"):
        assert (
            after[file_name(STOPPED, lang)].startswith(b"%PDF-1.")
            and after[file_name(STOPPED, lang)] != before[file_name(STOPPED, lang)]
        )
    assert leftovers(out) == []


@pytest.mark.slow
def test_a_signal_once_every_file_is_written_says_they_are(tmp_path: Path, paused: list[Paused]) -> None:
    out = tmp_path / "out"
    earlier_output(out)
    build = pause(paused, tmp_path, "written", *BUILD, "--out", str(out))
    build.send(signal.SIGTERM, group=False)
    assert build.finish() == (143, said(signal.SIGTERM, f"every file was written to {out}"))
    assert leftovers(out) == []


#: (signal, seconds after leaflet's first line): Ctrl-C and SIGTERM in turn, one handler
EARLY = [
    (signal.SIGINT, 0.0),
    (signal.SIGTERM, 0.002),
    (signal.SIGINT, 0.01),
    (signal.SIGTERM, 0.03),
    (signal.SIGINT, 0.06),
    (signal.SIGTERM, 0.1),
    (signal.SIGINT, 0.3),
]


@pytest.mark.slow
@pytest.mark.parametrize(("number", "delay"), EARLY, ids=[f"{signal.Signals(n).name}-{d}" for n, d in EARLY])
def test_an_early_signal_during_the_imports_and_the_pools_start_prints_no_traceback(
    number: int, delay: float, tmp_path: Path, paused: list[Paused]
) -> None:
    """Ctrl-C in the first half second printed a Python traceback (of an import, or of the
    pool's start; once in some 300, one of importlib's weakref callbacks).  The signal comes
    ``delay`` seconds after leaflet's first line ran: during the imports, the content check,
    the pool's start or the first renders of a whole build."""
    out = tmp_path / "out"
    before = earlier_output(out)
    build = pause(paused, tmp_path, "started", "build", "--content", str(CONTENT), "--jobs", "2", "--out", str(out))
    build.marker.unlink()
    time.sleep(delay)
    build.send(number, group=True)
    code, stderr = build.finish()
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert (code, stderr) == (128 + number, said(number))
    assert snapshot(out) == before and leftovers(out) == []


@pytest.mark.slow
def test_leftovers_of_a_build_killed_before_its_renames_are_removed_by_the_next(
    tmp_path: Path, paused: list[Paused], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    before = earlier_output(out)
    build = pause(paused, tmp_path, "staged", *BUILD, "--out", str(out))
    build.send(signal.SIGKILL, group=True)
    assert build.finish()[0] == -signal.SIGKILL
    [left] = leftovers(out)
    assert left.startswith(TEMPORARY_PREFIX)
    assert {name: data for name, data in snapshot(out).items() if not name.startswith(".")} == before

    again = run(capsys, *AGAIN, "--out", str(out))
    assert again.code == 0, again.stderr
    assert again.stderr == f"leaflet: note: removed the temporary files an earlier build left in {out}: {left}\n"
    assert leftovers(out) == [] and snapshot(out).items() >= before.items()


@pytest.mark.slow
def test_a_build_killed_during_its_renames_is_undone_by_the_next(
    tmp_path: Path, paused: list[Paused], capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder holds one new PDF and one old one when the build is killed; the next build,
    of another document, puts the old one back first."""
    out = tmp_path / "out"
    before = earlier_output(out)
    build = pause(paused, tmp_path, "renaming", *BUILD, "--out", str(out))
    build.send(signal.SIGKILL, group=True)
    assert build.finish()[0] == -signal.SIGKILL
    mixed = snapshot(out)
    assert [name for name in before if mixed.get(name) != before[name]] == [file_name(STOPPED, "kk")]
    [left] = leftovers(out)

    again = run(capsys, *AGAIN, "--out", str(out))
    assert again.code == 0, again.stderr
    assert again.stderr.splitlines() == [
        f"leaflet: note: put back 1 earlier file in {out} that a build stopped while writing (killed, or the "
        "computer went off) had replaced",
        f"leaflet: note: removed the temporary files an earlier build left in {out}: {left}",
    ]
    after = snapshot(out)
    assert {name: after[name] for name in before} == before
    assert after[file_name("poster-a3", "ru")].startswith(b"%PDF-1.") and leftovers(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda n: signal.Signals(n).name)
def test_a_signal_stops_init_leaving_nothing(number: int, tmp_path: Path, paused: list[Paused]) -> None:
    """``leaflet init`` stopped with its copy made and not yet in place."""
    target = tmp_path / "my-leaflets"
    init = pause(paused, tmp_path, "staged", "init", str(target))
    init.send(number, group=True)
    assert init.finish() == (128 + number, said(number))
    assert sorted(path.name for path in tmp_path.iterdir()) == [], "no folder, no hidden copy, no marker"


@pytest.mark.slow
def test_what_a_killed_init_left_is_removed_by_the_next(
    tmp_path: Path, paused: list[Paused], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "my-leaflets"
    init = pause(paused, tmp_path, "staged", "init", str(target))
    init.send(signal.SIGKILL, group=True)
    assert init.finish()[0] == -signal.SIGKILL
    [left] = [path.name for path in tmp_path.iterdir() if path.name != init.marker.name]
    assert left.startswith(TEMPORARY_PREFIX) and not target.exists()
    again = run(capsys, "init", str(target))
    assert again.code == 0, again.stderr
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != init.marker.name) == ["my-leaflets"]
    assert snapshot(target) == {name: data for name, data in snapshot(CONTENT).items() if "__" not in name}
