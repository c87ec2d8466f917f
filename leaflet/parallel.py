"""Render build jobs in parallel processes.

The results come back in job order whatever the number of workers, and every
document is rendered by the same deterministic code, so the output is
byte-identical for any ``--jobs``.  Workers are forked where the platform
allows it: they inherit the loaded content, the registered fonts and the
caches of the parent, and start in milliseconds.  Elsewhere (spawn) each
worker loads the content folder once.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .fonts import register_fonts
from .loader import load_content
from .model import Content
from .render import Rendered

JobT = TypeVar("JobT")

#: the content a worker renders from: set before the pool forks, or loaded by the initializer
_CONTENT: Content | None = None


@dataclass(frozen=True)
class Done(Generic[JobT]):
    """One rendered job and how long it took, in seconds."""

    job: JobT
    document: Rendered
    seconds: float


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _timed(render_one: Callable[[Content, JobT], Rendered], content: Content, job: JobT) -> Done[JobT]:
    started = time.perf_counter()
    document = render_one(content, job)
    return Done(job, document, time.perf_counter() - started)


def _init_worker(folder: str) -> None:
    global _CONTENT
    if _CONTENT is None:  # spawned, not forked
        _CONTENT = load_content(Path(folder))
    register_fonts()


def _in_worker(render_one: Callable[[Content, JobT], Rendered], job: JobT) -> Done[JobT]:
    if _CONTENT is None:
        raise RuntimeError("a build worker started without content (this is a bug in leaflet.parallel)")
    return _timed(render_one, _CONTENT, job)


def render_all(
    content: Content,
    jobs: Sequence[JobT],
    render_one: Callable[[Content, JobT], Rendered],
    workers: int = 1,
    on_done: Callable[[Done[JobT]], None] | None = None,
) -> list[Done[JobT]]:
    """Render every job with ``render_one`` (a module-level function) in up to ``workers``
    processes; ``on_done`` is called in this process as each one finishes."""
    report = on_done or (lambda done: None)
    workers = min(workers, len(jobs))
    if workers <= 1:
        results = []
        for job in jobs:
            results.append(_timed(render_one, content, job))
            report(results[-1])
        return results
    global _CONTENT
    register_fonts()  # once, before the fork: every worker inherits it
    _CONTENT = content
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done: dict[int, Done[JobT]] = {}
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(content.folder,)
        ) as pool:
            futures = {pool.submit(_in_worker, render_one, job): index for index, job in enumerate(jobs)}
            try:
                for future in as_completed(futures):
                    done[futures[future]] = future.result()
                    report(done[futures[future]])
            except BaseException:
                pool.shutdown(cancel_futures=True)  # a failed build writes nothing: stop at once
                raise
    finally:
        _CONTENT = None
    return [done[index] for index in range(len(jobs))]
