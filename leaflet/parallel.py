"""Render build jobs in parallel processes.

The results come back in job order whatever the number of workers, and every
document is rendered by the same deterministic code, so the output is
byte-identical for any ``--jobs``.  Jobs that share work (a booklet imposed
from a leaflet's pages) form one task, rendered in one process with one shared
cache; the largest tasks start first.  Workers are forked where the platform
allows it: they inherit the loaded content, the registered fonts and the
imported modules, and start in milliseconds.  Elsewhere (spawn) each worker
loads the content folder once.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import interrupts, stages
from .content.loader import load_content
from .content.model import Content
from .errors import ContentError
from .layout.document import Rendered

JobT = TypeVar("JobT")
#: renders one job; the dict is shared by the jobs of one task (a cache of common work)
RenderOne = Callable[[Content, JobT, dict[Any, Any]], Rendered]

#: the content a worker renders from: set before the pool forks, or loaded by the initializer
_CONTENT: Content | None = None


@dataclass(frozen=True)
class Done(Generic[JobT]):
    """One rendered job and how long it took, in seconds; or the problems that stopped it."""

    job: JobT
    document: Rendered | None
    seconds: float
    error: ContentError | None = None


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def tasks(jobs: Sequence[JobT], group: Callable[[JobT], Hashable]) -> list[list[int]]:
    """Job indices grouped by ``group(job)``, largest group first, otherwise in job order."""
    grouped: dict[Hashable, list[int]] = {}
    for index, job in enumerate(jobs):
        grouped.setdefault(group(job), []).append(index)
    return sorted(grouped.values(), key=lambda indices: (-len(indices), indices[0]))


def schedule(
    jobs: Sequence[JobT], group: Callable[[JobT], Hashable], after: Callable[[JobT], JobT | None]
) -> tuple[list[list[int]], dict[int, int]]:
    """The tasks to start at once (job indices), and the jobs that wait: index -> the index of
    the job they need (only jobs of this build are waited for)."""
    position = {job: index for index, job in enumerate(jobs)}
    waiting = {}
    for index, job in enumerate(jobs):
        needed = after(job)
        if needed is not None and needed in position:
            waiting[index] = position[needed]
    free = [index for index in range(len(jobs)) if index not in waiting]
    return [[free[i] for i in indices] for indices in tasks([jobs[i] for i in free], group)], waiting


def _run_task(
    render_one: RenderOne[JobT], content: Content, jobs: Sequence[JobT], shared: dict[Any, Any]
) -> tuple[list[Done[JobT]], dict[Any, Any]]:
    results: list[Done[JobT]] = []
    for job in jobs:
        started = time.perf_counter()
        stages.reached("rendering")
        try:
            document = render_one(content, job, shared)
        except ContentError as error:  # the build goes on, to report every failing document
            results.append(Done(job, None, time.perf_counter() - started, error))
        else:
            results.append(Done(job, document, time.perf_counter() - started))
    return results, shared


def _init_worker(folder: str) -> None:
    global _CONTENT
    # Ctrl-C reaches every process of the terminal (SIGTERM and SIGHUP often do too): the main
    # process stops the build and says so; a worker that raised too would print its traceback
    interrupts.ignore()
    if _CONTENT is None:  # spawned, not forked
        _CONTENT = load_content(Path(folder))
    from .layout.fonts import register_fonts  # ReportLab: only where documents are drawn

    register_fonts()


def _in_worker(
    render_one: RenderOne[JobT], jobs: Sequence[JobT], shared: dict[Any, Any]
) -> tuple[list[Done[JobT]], dict[Any, Any]]:
    if _CONTENT is None:
        raise RuntimeError("a build worker started without content (this is a bug in leaflet.parallel)")
    return _run_task(render_one, _CONTENT, jobs, shared)


def render_all(
    content: Content,
    jobs: Sequence[JobT],
    render_one: RenderOne[JobT],
    *,
    workers: int = 1,
    group: Callable[[JobT], Hashable] = id,
    after: Callable[[JobT], JobT | None] = lambda job: None,
    on_done: Callable[[Done[JobT]], None] | None = None,
) -> list[Done[JobT]]:
    """Render every job with ``render_one`` (a module-level function, or a partial of one)
    in up to ``workers`` processes; ``on_done`` is called here as each job finishes.

    Jobs with the same ``group`` form one task (one process, one shared dict and shared
    layout passes).  A job whose ``after`` is another job of the build is its own task,
    started once that job's task has finished, with a copy of that task's shared dict."""
    report = on_done or (lambda done: None)
    if min(workers, len(jobs)) <= 1:
        done, _ = _run_task(render_one, content, jobs, {})
        for item in done:
            report(item)
        return done
    plan, waiting = schedule(jobs, group, after)
    results: dict[int, Done[JobT]] = {}
    _render_in_pool(content, jobs, plan, waiting, render_one, min(workers, len(jobs)), results, report)
    return [results[index] for index in range(len(jobs))]


def _render_in_pool(
    content: Content,
    jobs: Sequence[JobT],
    plan: list[list[int]],
    waiting: dict[int, int],
    render_one: RenderOne[JobT],
    workers: int,
    results: dict[int, Done[JobT]],
    report: Callable[[Done[JobT]], None],
) -> None:
    global _CONTENT
    from .layout.fonts import register_fonts

    register_fonts()  # once, before the fork: every worker inherits it
    _CONTENT = content
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(content.folder,))

    def submit(indices: list[int], shared: dict[Any, Any]) -> Future[tuple[list[Done[JobT]], dict[Any, Any]]]:
        future = pool.submit(_in_worker, render_one, [jobs[i] for i in indices], shared)
        running[future] = indices
        return future

    running: dict[Future[tuple[list[Done[JobT]], dict[Any, Any]]], list[int]] = {}
    try:
        with pool:
            # the first submit forks the workers and starts the pool's manager thread: a signal
            # half way through leaves a thread that shutdown() cannot join ("cannot join thread
            # before it is started"), and a worker forked with the main process's handler
            with interrupts.deferred():
                for indices in plan:
                    submit(indices, {})
                stages.reached("pool")
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    indices = running.pop(future)
                    done, shared = future.result()
                    for index, item in zip(indices, done, strict=True):
                        results[index] = item
                        report(item)
                    for index in [i for i, needed in waiting.items() if needed in indices]:
                        submit([index], dict(shared))
    except BaseException:
        pool.shutdown(cancel_futures=True)  # a failed build writes nothing: stop at once
        raise
    finally:
        _CONTENT = None
