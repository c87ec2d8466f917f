"""The command line, run as a user runs it: exit codes, outputs, determinism."""

from __future__ import annotations

from pathlib import Path

from .conftest import leaflet


def test_build_one_document_succeeds(tmp_path: Path) -> None:
    result = leaflet("build", "--format", "a5", "--lang", "ru", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["a5-ru.pdf"]
    assert (tmp_path / "a5-ru.pdf").read_bytes().startswith(b"%PDF-")
    assert "a5-ru.pdf" in result.stdout


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert leaflet("build", "--format", "a4", "--format", "a5", "--out", str(out), "--quiet").returncode == 0
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    assert len(names) >= 4
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = leaflet("build", "--format", "a6", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "a6" in result.stderr and "a4" in result.stderr
    assert not list(tmp_path.iterdir())
    assert "Traceback" not in result.stderr


def test_unknown_option_and_missing_command_are_usage_errors() -> None:
    assert leaflet("build", "--colour", "red").returncode == 2
    assert leaflet().returncode == 2


def test_help_explains_every_command() -> None:
    top = leaflet("--help")
    assert top.returncode == 0
    for command in ("build", "check", "formats"):
        assert command in top.stdout
    build_help = leaflet("build", "--help")
    assert build_help.returncode == 0
    for option in ("--lang", "--format", "--content", "--out"):
        assert option in build_help.stdout


def test_missing_content_folder_is_a_clean_error(tmp_path: Path) -> None:
    result = leaflet("build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "content folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
