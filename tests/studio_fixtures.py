"""A studio server on a copy of the shipped content, for the studio's tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaflet.studio.server import StudioServer
from leaflet.studio.session import Session

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns(".*"))
    return folder


@pytest.fixture
def studio(content_copy: Path) -> Iterator[StudioServer]:
    """A studio serving ``content_copy`` in a thread of this process, on a free port."""
    server = StudioServer(Session(content_copy), 0)
    server.serve_in_thread()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.session.close()
