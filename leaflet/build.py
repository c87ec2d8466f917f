"""Build documents into an output folder, atomically.

Everything is rendered in memory first; files are written only when every
requested document has rendered, each through a temporary file and a rename,
so a failed build leaves the output folder exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .check import check_content
from .formats import FORMATS
from .model import Content
from .render import Rendered, render


@dataclass(frozen=True)
class Job:
    format_name: str
    lang: str

    @property
    def file_name(self) -> str:
        return FORMATS[self.format_name].file_name(self.lang)


def plan_jobs(formats: Iterable[str], langs: Iterable[str]) -> list[Job]:
    return [Job(format_name, lang) for format_name in formats for lang in langs]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_jobs(content: Content, jobs: list[Job]) -> list[Rendered]:
    return [render(content, job.lang, FORMATS[job.format_name]) for job in jobs]


def build(content_dir: Path, out_dir: Path, jobs: list[Job]) -> list[tuple[Path, Rendered]]:
    """Check the content, render every job in memory, then write them all."""
    content = check_content(content_dir)
    documents = render_jobs(content, jobs)
    written = []
    for job, document in zip(jobs, documents, strict=True):
        path = out_dir / job.file_name
        write_atomically(path, document.pdf)
        written.append((path, document))
    return written
