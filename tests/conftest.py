"""Shared fixtures and helpers.

Every real document is built once per test run and read back by many tests: the shipped and
the example leaflet in every format and edition by one ``leaflet build --jobs 2``
(:func:`session_build`), the print-shop files, and the example content folder.  Under
pytest-xdist the first worker that needs a build makes it and the others wait for it and read
the same files (:func:`made_once`), so a build is never made twice.

The tests run in one worker process per core (pytest-xdist, ``-n auto --dist loadgroup`` in
pyproject.toml): the tests that read a costly build of their own (a fixture leaflet, the wheel,
the print-shop files) carry an ``xdist_group`` mark and run on one worker, which builds while the
others go on with other tests, and the slow tests are handed out first (:mod:`tests.scheduling`).

The plans the layout keeps on disk between runs go to a folder of this test run, never to the
user's cache: a run starts with no plan kept, like a fresh machine, and the second build of a
text in the run replays its plan, like a user's second build.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf
import pytest
from hypothesis import settings

from leaflet import cli
from leaflet.build import build
from leaflet.content.loader import load_content
from leaflet.content.model import LANGUAGES, Content, Leaflet
from leaflet.layout.formats import FORMATS
from leaflet.pdf.options import PrintOptions

from . import scheduling
from .pdfread import reader_of

if TYPE_CHECKING:
    from xdist.remote import Producer
    from xdist.scheduler import LoadScopeScheduling

# Property tests explore new examples on a developer's machine, and replay a fixed set in CI
# (CI=true), so that a CI run is repeatable: a failure there is the code's, not the dice's.
settings.register_profile("ci", derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
#: the shipped leaflet, and its folder in the content folder
LEAFLET_ID = "code-1414"
LEAFLET = CONTENT / LEAFLET_ID
#: the second, short real leaflet (a content folder of its own)
EXAMPLES = ROOT / "examples"
EXAMPLE_ID = "fake-bank-call"
SEEDS = ROOT / "tests" / "seeds"  # the two source texts exactly as the project received them

#: The official addresses the leaflet must send people to (from the project brief,
#: not from the program): each one a QR code and a link.
QR_URLS = {"https://egov.kz", "https://pki.gov.kz", "https://1cb.kz", "https://qamqor.gov.kz"}
ALL_URLS = QR_URLS | {"tel:1459", "mailto:info@citizensec.kz"}

LEAFLET_FORMATS = ("a4", "a5")
#: the printed formats of issue 4 and the files `leaflet build` must write for them
PRINTED_FORMATS = ("a4", "a5", "a5-booklet", "poster-a4", "poster-a3", "poster-a2")
#: the shareable PDFs for phones (issue 5)
SHARE_FORMATS = ("share", "share-pdfa")
#: print-shop options used by the print-shop tests: 3 mm bleed, crop marks, CMYK
SHOP_BLEED_MM = 3.0
#: A problem line: file, optional line and column, then the rest.
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<rest>.+)$")

#: the plans of this test run (see the module's docstring); set before any test runs, so
#: the command line run in a fresh process uses it too
PLAN_STORE_VARIABLE = "LEAFLET_CACHE_DIR"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes a second or more (still run by default; -m 'not slow' skips it)")
    # pytest-xdist's mark (tests/scheduling.py), known also when the tests run without it
    config.addinivalue_line("markers", "xdist_group(name): run on one pytest-xdist worker, with its group")
    if hasattr(config, "workerinput"):
        return  # a pytest-xdist worker: the controller has set them, for every worker alike
    folder = Path(tempfile.mkdtemp(prefix="leaflet-test-run-"))
    config.stash[_RUN] = (
        folder,
        {variable: os.environ.get(variable) for variable in (PLAN_STORE_VARIABLE, scheduling.UNITS_VARIABLE)},
    )
    os.environ[PLAN_STORE_VARIABLE] = str(folder / "plans")
    os.environ[scheduling.UNITS_VARIABLE] = str(folder / "units.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _RUN not in config.stash:
        return
    folder, before = config.stash[_RUN]
    shutil.rmtree(folder, ignore_errors=True)
    for variable, value in before.items():
        if value is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = value


#: the folder of this test run (the plans, the tests' units), and the variables it replaced
_RUN = pytest.StashKey[tuple[Path, dict[str, str | None]]]()


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Generator[None]:
    """A worker tells the controller each test's group and whether it is slow."""
    yield
    if hasattr(config, "workerinput") and scheduling.UNITS_VARIABLE in os.environ:
        scheduling.write_units(items, Path(os.environ[scheduling.UNITS_VARIABLE]))


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> LoadScopeScheduling | None:
    """``--dist loadgroup``: the groups, then the slow tests first (:mod:`tests.scheduling`)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    return scheduling.scheduler(config, log, Path(os.environ[scheduling.UNITS_VARIABLE]))


# -- running the command line ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a command printed and the exit status it gave."""

    code: int
    stdout: str
    stderr: str


def run(capture: pytest.CaptureFixture[str], *args: str) -> Outcome:
    """The command line in this process, as ``leaflet ARGS`` runs it: argparse's own exits
    (``--help``, usage errors) included.  ``capture`` is ``capsys``, or ``capfd`` where the
    output of the build's worker processes counts too."""
    try:
        code = cli.main(list(args))
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    captured = capture.readouterr()
    return Outcome(code, captured.out, captured.err)


def leaflet(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process: only where the process itself is the point (an exit
    status from a new interpreter, a signal, output made in a process of its own)."""
    command = [sys.executable, "-m", "leaflet", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


# -- reading PDFs, each file parsed once -----------------------------------------------------


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, whitespace collapsed."""
    return normalise(" ".join(page.extract_text() for page in reader_of(path).pages))


@dataclass(frozen=True)
class Built:
    path: Path
    format_name: str
    lang: str

    @property
    def reader(self) -> pypdf.PdfReader:
        return reader_of(self.path)

    def text(self) -> str:
        return pdf_text(self.path)


def file_name(format_name: str, edition: str, leaflet_id: str = LEAFLET_ID) -> str:
    """The file `leaflet build` writes for a leaflet in a format and edition."""
    return f"{leaflet_id}-{FORMATS[format_name].file_name(edition)}"


def documents_in(out: Path, formats: tuple[str, ...], leaflet_id: str = LEAFLET_ID) -> dict[tuple[str, str], Built]:
    """The files of a leaflet in ``formats``, in every edition each format is made in."""
    return {
        (name, edition): Built(out / file_name(name, edition, leaflet_id), name, edition)
        for name in formats
        for edition in FORMATS[name].editions
    }


# -- builds made once per run ----------------------------------------------------------------


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name``, filled by ``make(folder)`` once in the test run, however many
    fixtures or workers ask for it.  Under pytest-xdist the first worker to ask makes it while
    the others wait on a lock, then read it."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, shared by its workers (each has a folder in it)
    folder, made = root / name, root / f"{name}.made"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # left by a worker whose build failed
            folder.mkdir()
            make(folder)
            made.touch()
    return folder


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def shipped(content: Content) -> Leaflet:
    """The shipped leaflet."""
    return content.leaflets[LEAFLET_ID]


def two_leaflet_folder(folder: Path) -> Path:
    """A content folder with the shipped leaflet and the example leaflet (whose links the
    shipped registry has too)."""
    shutil.copytree(CONTENT, folder)
    shutil.copytree(EXAMPLES / EXAMPLE_ID, folder / EXAMPLE_ID)
    return folder


@dataclass(frozen=True)
class SessionBuild:
    """``leaflet build --jobs 2`` of :func:`two_leaflet_folder`: every format, every edition."""

    content: Path
    out: Path
    stdout: str


@pytest.fixture(scope="session")
def session_build(tmp_path_factory: pytest.TempPathFactory) -> SessionBuild:
    def make(folder: Path) -> None:
        content = two_leaflet_folder(folder / "content")
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["build", "--content", str(content), "--out", str(folder / "out"), "--jobs", "2"])
        assert code == 0, stderr.getvalue()
        (folder / "stdout.txt").write_text(stdout.getvalue(), encoding="utf-8")

    folder = made_once(tmp_path_factory, "session-build", make)
    return SessionBuild(folder / "content", folder / "out", (folder / "stdout.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def two_leaflets(session_build: SessionBuild) -> Path:
    """The content folder of the session build: the shipped and the example leaflet (read only)."""
    return session_build.content


@pytest.fixture(scope="session")
def printed(session_build: SessionBuild) -> dict[tuple[str, str], Built]:
    """Every printed format of the shipped leaflet in every edition it is made in, for office printers."""
    return documents_in(session_build.out, PRINTED_FORMATS)


@pytest.fixture(scope="session")
def documents(session_build: SessionBuild) -> dict[tuple[str, str], Built]:
    """The A4 and A5 leaflets of the shipped text in each language alone."""
    return {
        (name, lang): Built(session_build.out / file_name(name, lang), name, lang)
        for name in LEAFLET_FORMATS
        for lang in LANGUAGES
    }


@pytest.fixture(params=[(name, lang) for name in LEAFLET_FORMATS for lang in LANGUAGES], ids="-".join)
def document(request: pytest.FixtureRequest, documents: dict[tuple[str, str], Built]) -> Built:
    key: tuple[str, str] = request.param
    return documents[key]


@pytest.fixture(scope="session")
def shared(session_build: SessionBuild) -> dict[tuple[str, str], Built]:
    """The phone PDFs and their PDF/A copies of the shipped leaflet, in every edition."""
    return documents_in(session_build.out, SHARE_FORMATS)


@pytest.fixture(scope="session")
def shop_printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """The printed formats for a print shop: ``--bleed 3 --marks --cmyk``."""

    def make(folder: Path) -> None:
        options = PrintOptions(bleed_mm=SHOP_BLEED_MM, marks=True, cmyk=True)
        build(CONTENT, folder, options, formats=PRINTED_FORMATS, workers=2)

    return documents_in(made_once(tmp_path_factory, "shop", make), PRINTED_FORMATS)


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """Every format of the example content folder (examples/, with its own links) in every edition
    (in one process: the tests that read it are a group, which one pytest-xdist worker runs
    while the others run other tests)."""

    def make(folder: Path) -> None:
        build(EXAMPLES, folder, workers=1)

    return documents_in(made_once(tmp_path_factory, "example", make), tuple(FORMATS), EXAMPLE_ID)
