"""Output that survives any console, and paths that are named with their real cause.

Through the real command: a narrow encoding on redirected output (a Russian Windows code page,
cp1251, has no Kazakh letters and no '×'; ASCII has nothing but ASCII) degrades to ``\\u04d9``
instead of an internal error; a reader that goes away (``| head -0``) ends leaflet quietly with
141; a full device on standard output is said with its cause.  In this process: an output or
content folder that is a link leading nowhere, a loop of links, below a file, or on /proc is
refused with that cause, and an empty folder name is a usage error.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from .conftest import CONTENT, ROOT, file_name, run, snapshot

#: consoles that cannot show every character leaflet prints, as environment variables
NARROW = {
    "cp1251": {"PYTHONIOENCODING": "cp1251"},  # a Russian Windows console, redirected
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},  # ASCII
}


def leaflet_bytes(
    *args: str, env: dict[str, str], cwd: Path = ROOT, stdout: int | IO[bytes] = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """``leaflet ARGS`` in a fresh process with ``env`` added, its output as bytes."""
    clean = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LC_ALL", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "leaflet", *args],
        cwd=cwd,
        env={**clean, **env},
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )


def encoding_of(env: dict[str, str]) -> str:
    return env.get("PYTHONIOENCODING", "ascii")


@pytest.mark.slow  # a build or a check in a fresh interpreter
@pytest.mark.parametrize("console", list(NARROW))
def test_a_build_listing_survives_a_narrow_console(console: str, tmp_path: Path) -> None:
    """'internal error: UnicodeEncodeError: 'charmap' codec can't encode character '\\xd7''
    (the '×' of 'leading 1.35×'): every build on a Russian Windows console."""
    env = NARROW[console]
    out = tmp_path / "out"
    done = leaflet_bytes(
        "build", "--content", str(CONTENT), "--format", "a4", "--lang", "kk", "--out", str(out), env=env
    )
    stdout = done.stdout.decode(encoding_of(env))
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    times = "×" if console == "latin-1" else "\\xd7"
    assert re.search(r"leading 1\.\d+" + re.escape(times), stdout) and "wrote 1 file" in stdout
    assert (out / file_name("a4", "kk")).read_bytes().startswith(b"%PDF-1.")


@pytest.mark.parametrize("console", list(NARROW))
def test_a_content_error_quoting_kazakh_survives_a_narrow_console(console: str, tmp_path: Path) -> None:
    env = NARROW[console]
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True)
    kk = content / "code-1414" / "kk.yaml"
    text = kk.read_text(encoding="utf-8")
    kk.write_text(text.replace("{egov} порталында", "{әгов} порталында", 1), encoding="utf-8")
    done = leaflet_bytes("check", "--content", str(content), env=env)
    stderr = done.stderr.decode(encoding_of(env))
    assert done.returncode == 1 and "internal error" not in stderr, stderr
    shown = {"cp1251": "{\\u04d9гов}", "latin-1": "{\\u04d9\\u0433\\u043e\\u0432}"}.get(
        console, "{\\u04d9\\u0433\\u043e\\u0432}"
    )
    problem, summary = stderr.splitlines()
    assert "kk.yaml:60:" in problem and f"'{shown}' at character" in problem and "is not a link reference" in problem
    assert summary == "leaflet: 1 problem in the content; fix it and run 'leaflet check' again"


def test_help_survives_an_ascii_console() -> None:
    done = leaflet_bytes("build", "--help", env=NARROW["ascii"])
    assert done.returncode == 0 and done.stderr == b"" and b"--out DIR" in done.stdout


# -- a reader that goes away, a full device --------------------------------------------------


def closed_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``leaflet ARGS | head -0``: the reader has gone before leaflet writes a line."""
    read, write = os.pipe()
    os.close(read)
    try:
        return leaflet_bytes(*args, env={}, cwd=cwd, stdout=write)
    finally:
        os.close(write)


def test_a_closed_pipe_before_the_first_line_ends_the_build_quietly_writing_nothing(tmp_path: Path) -> None:
    """'leaflet: : Broken pipe', and 'nothing was written'.  The first line ('content: the
    bundled sample') comes before the build: it stops there, as SIGPIPE stops other commands."""
    done = closed_pipe("build", "--format", "a4", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (141, b"")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # a build or a check in a fresh interpreter
def test_a_closed_pipe_after_the_files_are_written_ends_quietly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = closed_pipe("build", "--content", str(CONTENT), "--format", "a4", "--out", str(out), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (141, b"")
    assert sorted(snapshot(out)) == [file_name("a4", "kk"), file_name("a4", "ru")]


@pytest.mark.slow  # a build or a check in a fresh interpreter
@pytest.mark.parametrize("command", [("formats",), ("check", "--content", str(CONTENT)), ("completion", "bash")])
def test_a_closed_pipe_ends_other_commands_quietly(command: tuple[str, ...], tmp_path: Path) -> None:
    done = closed_pipe(*command, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (141, b"")


FULL = Path("/dev/full")


PDFS = [file_name("a4", "kk"), file_name("a4", "ru")]


@pytest.mark.slow  # a build or a check in a fresh interpreter
@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full, a device that is always full (Linux)")
@pytest.mark.parametrize(
    ("args", "outcome", "written"),
    [
        (("formats",), [], []),
        (("build", "--format", "a4"), ["leaflet: nothing was written"], []),  # the first line comes before the build
        (("build", "--content", str(CONTENT), "--format", "a4"), ["leaflet: every file was written to output"], PDFS),
    ],
    ids=["formats", "build-first-line", "build-listing"],
)
def test_a_full_device_on_standard_output_is_said_with_its_cause(
    args: tuple[str, ...], outcome: list[str], written: list[str], tmp_path: Path
) -> None:
    """'leaflet: : No space left on device': the device left unnamed."""
    with FULL.open("wb") as full:
        done = leaflet_bytes(*args, env={}, cwd=tmp_path, stdout=full)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "leaflet: cannot write to standard output: No space left on device",
        *outcome,
    ]
    assert sorted(snapshot(tmp_path / "output")) == written


# -- paths with their real cause -------------------------------------------------------------


def bad_folder(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A path that cannot be a folder, and the cause a message must give."""
    if kind == "dangling-link":
        path = tmp_path / "gone"
        path.symlink_to(tmp_path / "nowhere")
        return path, f"is a symbolic link to {tmp_path / 'nowhere'}, which does not exist"
    if kind == "link-loop":
        path = tmp_path / "loop"
        path.symlink_to(path)
        return path, "is a symbolic link that leads back to itself (a loop of links)"
    if kind == "link-loop-above":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        return (
            tmp_path / "a" / "out",
            f"{tmp_path / 'a'} is a symbolic link that leads back to itself (a loop of links)",
        )
    if kind == "proc":
        return Path("/proc/self/leaflet-out"), "/proc is the kernel's proc file system, not a disk: it holds no files"
    raise AssertionError(kind)


KINDS = ["dangling-link", "link-loop", "link-loop-above", "proc"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_output_folder_that_cannot_be_is_refused_with_its_cause(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'cannot write to gone: File exists', 'No such file or directory' for /proc."""
    if kind == "proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc (Linux)")
    out, cause = bad_folder(kind, tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())
    outcome = run(capsys, "build", "--content", str(CONTENT), "--format", "a4", "--out", str(out))
    assert outcome.code == 1 and outcome.stdout == ""
    hint = "make the folder it names, or give --out another folder" if "link" in kind else "give --out another folder"
    assert outcome.stderr.splitlines() == [f"leaflet: {out}: {cause} (hint: {hint})", "leaflet: nothing was written"]
    assert sorted(path.name for path in tmp_path.iterdir()) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_content_folder_that_cannot_be_is_refused_with_its_cause(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc (Linux)")
    folder, cause = bad_folder(kind, tmp_path)
    if kind == "proc":
        folder = Path("/proc/self")
    outcome = run(capsys, "check", "--content", str(folder))
    hint = (
        "make the folder it names, or give --content another folder"
        if "link" in kind
        else "give --content another folder"
    )
    assert outcome.code == 1
    assert outcome.stderr.splitlines() == [
        f"{folder}: {cause} (hint: {hint})",
        "leaflet: 1 problem in the content; fix it and run 'leaflet check' again",
    ]


@pytest.mark.parametrize("kind", ["dangling-link", "link-loop-above", "proc"])
def test_init_into_a_folder_that_cannot_be_is_refused_with_its_cause(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc (Linux)")
    folder, cause = bad_folder(kind, tmp_path)
    if kind == "dangling-link":  # a link is never replaced by init: it says what is there
        outcome = run(capsys, "init", str(folder))
        assert (
            outcome.stderr.splitlines()[0]
            == f"leaflet: {folder}: is in the way (a file or a link) (hint: give another name)"
        )
        return
    outcome = run(capsys, "init", str(folder))
    assert outcome.code == 1
    hint = (
        "make the folder it names, or give leaflet init another folder"
        if "link" in kind
        else "give leaflet init another folder"
    )
    assert outcome.stderr.splitlines() == [f"leaflet: {folder}: {cause} (hint: {hint})", "leaflet: nothing was written"]


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--out", ""),
        ("build", "--out", "  "),
        ("build", "--content", ""),
        ("build", "--branches", ""),
        ("check", "--content", ""),
        ("init", ""),
        ("preview", "--pdfs", ""),
        ("preview", "--out", ""),
    ],
    ids=lambda args: "-".join(arg or "empty" for arg in args),
)
def test_an_empty_folder_name_is_refused_not_taken_for_the_current_folder(
    args: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'--out ""' (an unset shell variable) wrote every PDF into the current folder."""
    monkeypatch.chdir(tmp_path)
    outcome = run(capsys, *args)
    assert outcome.code == 2
    option = next((arg for arg in args if arg.startswith("--")), "DIR")
    assert outcome.stderr.splitlines()[-1] == (
        f"leaflet {args[0]}: error: argument {option}: an empty name (to mean the current folder, write '.')"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("option", ["--pdfs", "--out"])
def test_preview_folders_that_cannot_be_are_refused_with_their_cause(
    option: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'leaflet: /proc/x: No such file or directory', 'leaflet: gone: File exists'."""
    if kind == "proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc (Linux)")
    folder, cause = bad_folder(kind, tmp_path)
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    args = {"--pdfs": str(pdfs), "--out": str(tmp_path / "pictures"), option: str(folder)}
    outcome = run(capsys, "preview", *(item for pair in args.items() for item in pair))
    hint = f"give {option} another folder"
    hint = f"make the folder it names, or {hint}" if "link" in kind else hint
    assert outcome.code == 1
    assert outcome.stderr.splitlines() == [f"leaflet: {folder}: {cause} (hint: {hint})"]


def test_a_content_folder_that_cannot_be_read_is_refused_with_its_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every folder can be read: the refusal of the system is played by os.access."""
    folder = tmp_path / "content"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != folder)
    outcome = run(capsys, "check", "--content", str(folder))
    assert outcome.code == 1
    assert outcome.stderr.splitlines()[0] == (
        f"{folder}: cannot read this folder: permission denied (hint: give --content one you can read)"
    )
