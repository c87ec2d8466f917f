"""Command-line conventions (issue 9): help, version, completion, exit codes, wording, the formats
table, a failing build's output, an unwritable --out, internal errors, install hints, imports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from io import StringIO
from pathlib import Path

import pytest

import leaflet
from leaflet import cli, commands, completion
from leaflet.install import Installation, Kind, install_extra_hint, installation_from, running_checkout
from leaflet.layout.formats import EDITIONS, FORMATS
from leaflet.paths import choose_content, data_folder
from leaflet.starter import InitError, write_starter

from .conftest import CONTENT, ROOT, run

SHIPPED = "code-1414"
COMMANDS = ("build", "check", "formats", "init", "preview", "studio", "help", "completion")
#: modules a command that lays nothing out must not load (ReportLab's PDF writer, the PDF libraries)
HEAVY = ("pikepdf", "pypdf", "reportlab.pdfgen", "reportlab.platypus")


@pytest.fixture(autouse=True)
def fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps help to the terminal's width: one width for every call."""
    monkeypatch.setenv("COLUMNS", "100")


# -- help, version, exit codes ---------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_command_prints_the_same_as_dash_dash_help(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = run(capsys, "help", *([command] if command else []))
    flag = run(capsys, *([command] if command else []), "--help")
    assert asked.code == flag.code == 0
    assert asked.stdout == flag.stdout and asked.stdout.startswith("usage: leaflet")
    assert asked.stderr == flag.stderr == ""


def test_help_of_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "help", "bild")
    assert outcome.code == 2 and "invalid choice: 'bild'" in outcome.stderr
    for command in COMMANDS:
        assert command in outcome.stderr


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "--version")
    assert outcome.code == 0
    assert outcome.stdout == f"leaflet {metadata.version('leaflet')}\n"
    assert metadata.version("leaflet") == leaflet.__version__


def test_exit_codes_are_documented_in_help_and_readme(capsys: pytest.CaptureFixture[str]) -> None:
    top = run(capsys, "--help").stdout
    assert "exit status:" in top
    assert sorted(cli.EXIT_CODES) == [0, 1, 2, 129, 130, 141, 143]
    for code in cli.EXIT_CODES:
        assert re.search(rf"^  {code}\s+\S", top, re.MULTILINE), code
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [int(code) for code in re.findall(r"^\| (\d+) \| \S", readme, re.MULTILINE)] == sorted(cli.EXIT_CODES)


def test_every_command_is_listed_on_one_line_of_the_top_help(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "--help").stdout.splitlines()
    for command in COMMANDS:
        line = next(line for line in lines if line.split()[:1] == [command])
        assert len(line.split()) > 1, f"{command}'s help went to the next line"


# -- wording and tables ----------------------------------------------------------------------


def test_plural() -> None:
    assert commands.plural(1, "file") == "1 file"
    assert commands.plural(0, "file") == "0 files"
    assert commands.plural(2, "page picture") == "2 page pictures"
    assert commands.plural(3, "body", "bodies") == "3 bodies"


def test_table_columns_are_as_wide_as_their_widest_cell() -> None:
    rows = [("a", "bbbbbbbb", "c", "end"), ("aaaaaaa", "b", "cccccc", "x")]
    lines = commands.table(rows)
    assert lines == ["a        bbbbbbbb  c       end", "aaaaaaa  b         cccccc  x"]


def test_formats_table_is_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "formats")
    assert outcome.code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0].split() == ["format", "paper", "pages", "languages", "for"]
    cells = {
        spec.name: (spec.name, spec.size_label(), spec.pages_label(), ", ".join(spec.editions), spec.description)
        for spec in FORMATS.values()
    }
    starts = []
    for line in lines[1:]:
        row = cells[line.split()[0]]
        found, offset = [], 0
        for cell in row:
            offset = line.index(cell, offset)
            found.append(offset)
            offset += len(cell)
        starts.append(found)
    assert len(starts) == len(FORMATS)
    assert all(row == starts[0] for row in starts), "every column starts at the same place on every line"
    for column in range(len(starts[0]) - 1):  # and at least two spaces after the widest cell before it
        widest = max(len(row[column]) for row in cells.values())
        assert starts[0][column + 1] >= starts[0][column] + widest + 2


def test_one_file_is_one_file_not_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    outcome = run(
        capsys, "build", "--content", str(CONTENT), "--format", "poster-a4", "--lang", "ru", "--out", str(out)
    )
    assert outcome.code == 0, outcome.stderr
    *listing, summary = outcome.stdout.splitlines()
    assert re.fullmatch(rf"wrote 1 file \(\d+ KB\) to {re.escape(str(out))} in \d+\.\d\d s \(--jobs \d+\)", summary)
    assert [line.split()[0] for line in listing] == [f"{SHIPPED}-poster-a4-ru.pdf"]
    assert re.search(r"\b1 page, ", listing[0])


# -- a failing build, an unwritable output ---------------------------------------------------


@pytest.fixture(scope="module")
def too_long_for_a5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, its Russian text made too long for the A5 booklet's 12 pages (the
    poster, which shows only the steps' short forms, still fits)."""
    folder = tmp_path_factory.mktemp("long") / "content"
    shutil.copytree(CONTENT, folder)
    ru = folder / SHIPPED / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    lead = next(line for line in text.splitlines(keepends=True) if line.startswith("  - lead: "))
    ru.write_text(text.replace(lead, lead * 400, 1), encoding="utf-8")
    return folder


def test_a_failing_build_prints_no_line_about_a_file_before_nothing_was_written(
    too_long_for_a5: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The poster renders, the A5 does not: the poster's line ('<file> 1 page, ... KB') would
    read as a file made, before the build says that it wrote nothing."""
    out = tmp_path / "out"
    args = ("--content", str(too_long_for_a5), "--out", str(out), "--lang", "ru", "--jobs", "1")
    outcome = run(capsys, "build", *args, "--format", "poster-a4", "--format", "a5")
    assert outcome.code == 1
    assert outcome.stdout == ""
    *problems, last = outcome.stderr.splitlines()
    assert last.endswith("; nothing was written")
    assert problems and all("does not fit the a5 format" in line for line in problems), problems
    assert ".pdf" not in outcome.stderr and "wrote" not in outcome.stderr
    assert not out.exists()


def test_the_terminal_status_line_is_erased(capsys: pytest.CaptureFixture[str]) -> None:
    """On a terminal a build shows which document it renders, on one line it rewrites, and
    erases it at the end: what stays on the screen is only the list of files written."""

    @dataclass(frozen=True)
    class Job:
        file_name: str

    @dataclass(frozen=True)
    class Done:
        job: Job
        seconds: float

    stream = StringIO()
    with commands.RenderStatus(stream) as status:
        status(Done(Job("x-a4-kk.pdf"), 0.25))  # type: ignore[arg-type]
        status(Done(Job("x-a4-ru.pdf"), 0.5))  # type: ignore[arg-type]
    shown = stream.getvalue()
    assert shown.count("\r\033[K") == 3 and shown.endswith("\r\033[K")
    assert "rendering: 2 documents done, x-a4-ru.pdf" in shown and "wrote" not in shown
    assert status.seconds == {"x-a4-kk.pdf": 0.25, "x-a4-ru.pdf": 0.5}


def _unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot write in: read-only by its mode, or /sys for root."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        return locked
    if not Path("/sys").is_dir():
        pytest.skip("needs a place root cannot write to (/sys)")
    return Path("/sys")


@pytest.mark.parametrize("where", ["folder", "below"])
def test_an_unwritable_out_fails_before_anything_is_read_or_rendered(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import leaflet.build

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build started")

    monkeypatch.setattr(leaflet.build, "build", never)
    monkeypatch.setattr(leaflet.build, "render_jobs", never)
    locked = _unwritable(tmp_path)
    out = locked if where == "folder" else locked / "leaflet-test-output" / "pdfs"
    outcome = run(capsys, "build", "--content", str(CONTENT), "--out", str(out))
    assert outcome.code == 1
    assert outcome.stdout == ""
    first, last = outcome.stderr.splitlines()
    if locked == Path("/sys"):  # as root: the real cause is that /sys holds no files at all
        assert first == (
            f"leaflet: {out}: /sys is the kernel's sysfs file system, not a disk: it holds no files "
            "(hint: give --out another folder)"
        )
    else:
        assert first.startswith(f"leaflet: cannot write to {out}") and str(locked) in first
        assert "hint: give --out a folder you can write to" in first
    assert last == "leaflet: nothing was written"
    assert not (locked / "leaflet-test-output").exists()


def test_a_file_given_as_out_fails_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import leaflet.build

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendering started")

    monkeypatch.setattr(leaflet.build, "render_jobs", never)
    blocker = tmp_path / "out.pdf"
    blocker.write_bytes(b"a file")
    outcome = run(capsys, "build", "--content", str(CONTENT), "--out", str(blocker), "--format", "a4")
    assert outcome.code == 1 and str(blocker) in outcome.stderr
    assert outcome.stderr.splitlines()[-1] == "leaflet: nothing was written"


# -- internal errors -------------------------------------------------------------------------


def test_an_internal_error_names_no_address(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import leaflet.content.check

    def broken(folder: object) -> None:
        raise RuntimeError("something impossible")

    monkeypatch.setattr(leaflet.content.check, "check_content", broken)
    outcome = run(capsys, "check", "--content", str(CONTENT))
    assert outcome.code == 1
    first, second = outcome.stderr.splitlines()
    assert first.startswith("leaflet: internal error: RuntimeError: something impossible (at ")
    assert f"This is a bug in leaflet {leaflet.__version__}, not in your content." in second
    assert "report it to whoever gave you leaflet, with the command you ran and this message" in second
    assert not re.search(r"https?:|www\.|github|@", outcome.stderr)


# -- install hints ---------------------------------------------------------------------------


def _direct_url(url: str, **info: object) -> str:
    return json.dumps({"url": url, **info})


def test_an_editable_install_is_told_to_pip_install_e_in_its_checkout(tmp_path: Path) -> None:
    found = installation_from(_direct_url("file:///home/me/leaflet", dir_info={"editable": True}), tmp_path)
    assert found == Installation(Kind.EDITABLE, Path("/home/me/leaflet"))
    assert install_extra_hint("preview", ("pypdfium2",), found) == "pip install -e '.[preview]' in /home/me/leaflet"
    in_checkout = installation_from(None, tmp_path, checkout=Path("/src/leaflet"))
    assert in_checkout == Installation(Kind.CHECKOUT, Path("/src/leaflet"))
    assert install_extra_hint("preview", ("pypdfium2",), in_checkout) == "pip install -e '.[preview]' in /src/leaflet"


def test_a_pipx_install_is_told_to_inject(tmp_path: Path) -> None:
    (tmp_path / "pipx_metadata.json").write_text("{}", encoding="utf-8")
    for direct_url in (None, _direct_url("file:///tmp/leaflet-0.1.0-py3-none-any.whl", archive_info={})):
        found = installation_from(direct_url, tmp_path)
        assert found.kind is Kind.PIPX
        assert install_extra_hint("preview", ("pypdfium2",), found) == "pipx inject leaflet pypdfium2"


def test_a_pip_install_is_told_to_install_the_extra(tmp_path: Path) -> None:
    for direct_url in (None, _direct_url("file:///tmp/leaflet-0.1.0-py3-none-any.whl", archive_info={}), "{not json"):
        found = installation_from(direct_url, tmp_path)
        assert found.kind is Kind.PIP
        assert install_extra_hint("preview", ("pypdfium2",), found) == "pip install 'leaflet[preview]'"


def test_a_checkout_is_a_package_beside_pyproject_without_a_data_copy(tmp_path: Path) -> None:
    package = tmp_path / "leaflet"
    package.mkdir()
    assert running_checkout(package) is None  # site-packages: no pyproject.toml beside it
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    assert running_checkout(package) == tmp_path
    (package / "_data").mkdir()
    assert running_checkout(package) is None  # a built copy carries its data


def test_this_checkout_is_recognised() -> None:
    """The tests run from the repository (an editable install, or the folder on sys.path)."""
    hint = install_extra_hint("preview", ("pypdfium2",))
    assert hint == f"pip install -e '.[preview]' in {ROOT}"


# -- content and output defaults, leaflet init ------------------------------------------------


def test_content_is_the_current_folders_else_the_bundled_sample(tmp_path: Path) -> None:
    given = choose_content(tmp_path / "mine", here=tmp_path)
    assert given.folder == tmp_path / "mine" and given.said == ""
    bundled = choose_content(None, here=tmp_path)
    assert bundled.folder == data_folder("content") and (bundled.folder / "links.yaml").is_file()
    assert bundled.said == "the bundled sample (leaflet init makes a copy to edit)"
    (tmp_path / "content").mkdir()
    local = choose_content(None, here=tmp_path)
    assert local.folder == tmp_path / "content" and local.said == "./content"


def test_build_says_which_content_and_writes_to_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run(capsys, "build", "--format", "poster-a4", "--lang", "kk")
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[0] == "content: the bundled sample (leaflet init makes a copy to edit)"
    assert [path.name for path in (tmp_path / "output").iterdir()] == [f"{SHIPPED}-poster-a4-kk.pdf"]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_init_writes_a_copy_of_the_sample_and_says_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run(capsys, "init")
    assert outcome.code == 0, outcome.stderr
    assert _files(tmp_path / "content") == _files(CONTENT)
    assert {"README.md", "links.yaml", f"{SHIPPED}/leaflet.yaml"} <= set(_files(tmp_path / "content"))
    first, then = outcome.stdout.splitlines()
    assert first.startswith(f"wrote {len(_files(CONTENT))} files to content: 1 leaflet ({SHIPPED})")
    assert then == "next: edit the texts, then run: leaflet check && leaflet build"
    assert [path.name for path in tmp_path.iterdir()] == ["content"], "no temporary folder left"
    other = run(capsys, "init", "my leaflets")
    assert other.code == 0
    assert other.stdout.splitlines()[1] == (
        "next: edit the texts, then run: leaflet check --content 'my leaflets' && leaflet build --content 'my leaflets'"
    )


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "content"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    outcome = run(capsys, "init", str(target))
    assert outcome.code == 1 and outcome.stdout == ""
    assert outcome.stderr.splitlines() == [
        f"leaflet: {target}: the folder exists and is not empty "
        "(hint: give leaflet init a new folder, e.g. leaflet init my-leaflets)",
        "leaflet: nothing was written",
    ]
    assert _files(target) == {"notes.txt": b"mine"}
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(InitError, match="is in the way"):
        write_starter(file)


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    starter = write_starter(target)
    assert starter.leaflets == (SHIPPED,) and _files(target) == _files(CONTENT)


def test_init_interrupted_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(path)
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(KeyboardInterrupt):
        write_starter(tmp_path / "content")
    assert len(written) == 2
    assert list(tmp_path.iterdir()) == []


# -- shell completion ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts() -> dict[str, str]:
    parser = cli.make_parser()
    return {shell: completion.script(shell, parser) for shell in completion.SHELLS}


def test_completion_scripts_name_every_command_format_and_language(scripts: dict[str, str]) -> None:
    flags = ("--format", "--lang", "--leaflet", "--content", "--out", "--jobs", "--version")
    for shell, text in scripts.items():
        spelt = [f"-l {flag[2:]}" if shell == "fish" else flag for flag in flags]
        for word in (*COMMANDS, *FORMATS, *EDITIONS, *spelt):
            assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (shell, word)


def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str], scripts: dict[str, str]) -> None:
    for shell, text in scripts.items():
        outcome = run(capsys, "completion", shell)
        assert outcome.code == 0 and outcome.stdout == text
    assert run(capsys, "completion", "powershell").code == 2


def test_bash_accepts_the_bash_script(scripts: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "leaflet.bash"
    script.write_text(scripts["bash"], encoding="utf-8")
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def _bash_complete(script: str, words: list[str], cwd: Path) -> list[str]:
    """What the bash script offers for the command line ``words`` (the last one being typed)."""
    quoted = " ".join("'" + word.replace("'", "'\\''") + "'" for word in words)
    program = "\n".join(
        [
            script,
            f"COMP_WORDS=({quoted})",
            f"COMP_CWORD={len(words) - 1}",
            "_leaflet",
            "printf '%s\\n' \"${COMPREPLY[@]}\"",
        ]
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, cwd=cwd, check=False)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_values(scripts: dict[str, str], tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "elsewhere").mkdir()
    bash = scripts["bash"]
    assert _bash_complete(bash, ["leaflet", ""], tmp_path) == list(COMMANDS)
    assert _bash_complete(bash, ["leaflet", "--v"], tmp_path) == ["--version"]
    assert sorted(_bash_complete(bash, ["leaflet", "init", ""], tmp_path)) == ["content", "elsewhere"]
    assert _bash_complete(bash, ["leaflet", "init", "-"], tmp_path) == ["-h", "--help"]
    assert _bash_complete(bash, ["leaflet", "build", "--format", ""], tmp_path) == list(FORMATS)
    assert _bash_complete(bash, ["leaflet", "build", "--lang", "kk"], tmp_path) == ["kk", "kk-ru"]
    assert _bash_complete(bash, ["leaflet", "check", "--leaflet", ""], tmp_path) == [SHIPPED]
    assert sorted(_bash_complete(bash, ["leaflet", "build", "--content", ""], tmp_path)) == ["content", "elsewhere"]
    assert "--jobs" in _bash_complete(bash, ["leaflet", "build", "--format", "a4", "--"], tmp_path)
    assert _bash_complete(bash, ["leaflet", "build", "--jobs", ""], tmp_path) == []
    assert _bash_complete(bash, ["leaflet", "help", "b"], tmp_path) == ["build"]
    assert _bash_complete(bash, ["leaflet", "help", "build", "b"], tmp_path) == []
    assert _bash_complete(bash, ["leaflet", "completion", ""], tmp_path) == ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_accept_their_scripts(shell: str, scripts: dict[str, str], tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"leaflet.{shell}"
    script.write_text(scripts[shell], encoding="utf-8")
    result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# -- imports ---------------------------------------------------------------------------------


def test_commands_that_lay_nothing_out_load_no_pdf_code(tmp_path: Path) -> None:
    """--help, help, formats and completion load no PDF library, nor ReportLab's PDF writer;
    check loads them only once the content is valid and is to be laid out."""
    program = (
        "import contextlib, io, sys\n"
        "from leaflet.cli import main\n"
        "for argv in (['--help'], ['help'], ['help', 'build'], ['formats'], ['completion', 'bash'],\n"
        f"             ['check', '--content', {str(tmp_path / 'nowhere')!r}]):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        f"print(sorted(name for name in sys.modules if name.startswith({HEAVY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_fish_completes_commands_options_and_values(scripts: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    shutil.copytree(CONTENT, tmp_path / "content")
    script = tmp_path / "leaflet.fish"
    script.write_text(scripts["fish"], encoding="utf-8")

    def offered(line: str) -> list[str]:
        program = f"source {script}; complete -C '{line}'"
        result = subprocess.run(["fish", "-c", program], capture_output=True, text=True, cwd=tmp_path, check=False)
        assert result.returncode == 0, result.stderr
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    assert sorted(offered("leaflet ")) == sorted(COMMANDS)
    assert sorted(offered("leaflet build --format ")) == sorted(FORMATS)
    assert offered("leaflet build --lang kk") == ["kk", "kk-ru"]
    assert offered("leaflet check --leaflet ") == [SHIPPED]
    assert sorted(offered("leaflet completion ")) == ["bash", "fish", "zsh"]
