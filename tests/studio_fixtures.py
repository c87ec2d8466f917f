"""A studio server on a copy of the shipped content, for the studio's tests."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaflet.studio.server import StudioServer
from leaflet.studio.session import Session

CONTENT = Path(__file__).resolve().parent.parent / "content"


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
