"""The built wheel, installed into a fresh virtual environment and run from an empty folder (issue 9).

The wheel is built as ``python -m build`` builds it: an sdist from the sources, then the wheel
from the unpacked sdist, so a folder missing from MANIFEST.in would be missing here too.  The
build uses this environment's setuptools, without build isolation, so no network is needed.

The fresh environment is made with ``python -m venv --without-pip``; a ``.pth`` file puts this
environment's site-packages after its own, so the dependencies (ReportLab, pikepdf, ...) are
found there instead of being downloaded, and the wheel is installed with ``pip --no-index``:
pip still resolves its dependencies, against what it sees installed, and fails if one is
missing.  A ``.pth`` line adds a folder to ``sys.path`` without reading the ``.pth`` files in
it, so the checkout's editable install is not seen: ``leaflet`` is the wheel's (checked below).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pypdf
import pytest
from pypdf.generic import DictionaryObject
from setuptools import __version__ as setuptools_version

import leaflet
from leaflet.layout.formats import FORMATS

#: an sdist, a wheel, a virtual environment and a pip install before the first test (some seconds),
#: made by one pytest-xdist worker for all of them
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "code-1414"
#: left out of the copy the sdist is built from (made by builds and tools, or not needed)
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "output"
)


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    #: the environment the installed command runs in: no PYTHONPATH, a cache of its own
    env: dict[str, str]

    @property
    def command(self) -> Path:
        return self.venv / "bin" / "leaflet"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.command), *args], capture_output=True, text=True, cwd=cwd, env=self.env, check=False
        )

    def python(self, code: str, cwd: Path) -> str:
        result = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c", code],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=self.env,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def _sources(target: Path) -> Path:
    """A copy of the files the project's version control holds (or, without git, of the folder)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if listed.returncode != 0 or not listed.stdout.strip():
        shutil.copytree(ROOT, target, ignore=NOT_SOURCES)
        return target
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _backend(hook: str, cwd: Path, out: Path) -> Path:
    """Call a PEP 517 hook of setuptools in a fresh process; return the file it made."""
    code = f"from setuptools import build_meta; print(build_meta.{hook}({str(out)!r}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    if tuple(int(part) for part in re.findall(r"\d+", setuptools_version)[:2]) < (70, 1):
        pytest.fail(f"setuptools {setuptools_version} cannot build a wheel by itself: pip install -e '.[test]' again")
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    sdist = _backend("build_sdist", _sources(base / "src"), dist)
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and newer
            archive.extractall(base / "unpacked", filter="data")
        else:
            archive.extractall(base / "unpacked")  # our own sdist, just built
    wheel = _backend("build_wheel", next((base / "unpacked").iterdir()), dist)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (Path(site) / "test-environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["LEAFLET_CACHE_DIR"] = str(base / "cache")
    pip = [str(python), "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)]
    result = subprocess.run(pip, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    yield Installed(wheel, venv, env)


def test_the_wheel_carries_the_fonts_and_the_sample_content(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    data = "leaflet/_data/"
    content = {str(path.relative_to(ROOT)) for path in (ROOT / "content").rglob("*") if path.is_file()}
    assert {name[len(data) :] for name in names if name.startswith(data + "content/")} == content
    fonts = {name[len(data + "fonts/") :] for name in names if name.startswith(data + "fonts/")}
    needed = {path.name for path in (ROOT / "fonts").glob("LeafletSans-*.ttf")} | {"DejaVuSans-Symbols.ttf"}
    assert needed <= fonts
    assert {"PT_Sans-OFL.txt", "DejaVu-LICENSE.txt", "README.md"} <= fonts, "the licences travel with the fonts"
    assert not any(name.startswith(("tests/", "fonts/", "content/")) for name in names)
    assert {"leaflet/studio/static/studio.js", "leaflet/i18n/messages.toml"} <= names, "the studio's page and messages"


def test_the_installed_command_is_the_wheels_and_its_version(installed: Installed, tmp_path: Path) -> None:
    where = installed.python("import leaflet; print(leaflet.__file__)", cwd=tmp_path)
    assert Path(where).is_relative_to(installed.venv), "the wheel's leaflet, not the checkout's"
    result = installed.run("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == f"leaflet {leaflet.__version__}\n"
    assert f"-{leaflet.__version__}-" in installed.wheel.name


def test_fonts_load_from_the_package(installed: Installed, tmp_path: Path) -> None:
    code = (
        "from leaflet.layout.fonts import FONT_DIR, register_fonts, text_font_has\n"
        "register_fonts(); print(FONT_DIR); print(text_font_has('Қ') and text_font_has('ө'))"
    )
    folder, kazakh = installed.python(code, cwd=tmp_path).splitlines()
    assert Path(folder).is_relative_to(installed.venv) and Path(folder).parts[-2:] == ("_data", "fonts")
    assert kazakh == "True"


def test_a_build_from_an_empty_folder_makes_every_file_of_the_sample(installed: Installed, tmp_path: Path) -> None:
    result = installed.run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "content: the bundled sample (leaflet init makes a copy to edit)"
    expected = {f"{SHIPPED}-{spec.file_name(edition)}" for spec in FORMATS.values() for edition in spec.editions}
    output = tmp_path / "output"
    assert {path.name for path in output.iterdir()} == expected
    assert lines[-1].startswith(f"wrote {len(expected)} files (")
    reader = pypdf.PdfReader(output / f"{SHIPPED}-a4-kk.pdf")
    resources = cast(DictionaryObject, cast(DictionaryObject, reader.pages[0]["/Resources"])["/Font"])
    fonts = {str(cast(DictionaryObject, resources[name])["/BaseFont"]) for name in resources}
    assert any("LeafletSans" in font for font in fonts), fonts


def test_init_gives_a_folder_that_builds(installed: Installed, tmp_path: Path) -> None:
    made = installed.run("init", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    content = tmp_path / "content"
    assert {"README.md", "links.yaml", SHIPPED} <= {path.name for path in content.iterdir()}
    ru = content / SHIPPED / "ru.yaml"
    text = ru.read_text(encoding="utf-8")
    title = '\ntitle: "Что делать, если вы сообщили код мошенникам?"'
    assert text.count(title) == 1
    ru.write_text(text.replace(title, '\ntitle: "Что делать, если вы сказали код мошенникам?"'), encoding="utf-8")
    again = installed.run("init", cwd=tmp_path)
    assert again.returncode == 1 and "not empty" in again.stderr
    # an A4 poster, which prints the title and lays out in a fifth of an A4 leaflet's time
    built = installed.run("build", "--format", "poster-a4", "--lang", "ru", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[0] == "content: ./content"
    pdf = tmp_path / "output" / f"{SHIPPED}-poster-a4-ru.pdf"
    assert [path.name for path in (tmp_path / "output").iterdir()] == [pdf.name]
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split()
    assert "сказали" in words, "the edited copy is what was built"


def test_an_installed_tool_names_pip_for_the_preview_extra(installed: Installed, tmp_path: Path) -> None:
    code = "from leaflet.install import install_extra_hint; print(install_extra_hint('preview', ('pypdfium2',)))"
    assert installed.python(code, cwd=tmp_path) == "pip install 'leaflet[preview]'"
