"""Stopping cleanly: Ctrl-C (SIGINT), SIGTERM and SIGHUP are one thing to leaflet.

:func:`install` (called first thing by the ``leaflet`` command, before anything heavy is
imported) makes each of the three raise :class:`Interrupted`, a :class:`KeyboardInterrupt`:
the code that is running unwinds, removing its temporary files on the way, and
:func:`leaflet.cli.main` prints one line and exits with ``128 + the signal's number`` (130
Ctrl-C, 143 SIGTERM, 129 SIGHUP), as a shell reports a process the signal stopped.

:func:`deferred` holds the three back while a block that must not be cut in half runs (the
renames that put a build's files in place; the start of the worker pool, whose
``concurrent.futures`` book-keeping breaks when interrupted half way); a signal that came
meanwhile is raised when the block ends.  SIGKILL cannot be caught: what a killed build leaves
is cleaned up by the next one (:mod:`leaflet.output`).

No module of the project is imported here: this runs before the rest is loaded.
"""

from __future__ import annotations

import _thread
import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

#: the signals that stop leaflet cleanly (SIGHUP does not exist on Windows)
SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(KeyboardInterrupt):
    """The user or the system asked leaflet to stop (Ctrl-C, SIGTERM, SIGHUP)."""

    def __init__(self, number: int = signal.SIGINT) -> None:
        super().__init__(number)
        self.number = number
        #: what a command that writes had done when it stopped, when not "nothing was written"
        self.outcome: str | None = None

    @property
    def name(self) -> str:
        """``SIGTERM``; ``Ctrl-C`` for SIGINT, as the user knows it."""
        return "Ctrl-C" if self.number == signal.SIGINT else signal.Signals(self.number).name

    @property
    def exit_code(self) -> int:
        return 128 + self.number


def exit_code(error: KeyboardInterrupt) -> int:
    """128 + the signal's number (a plain KeyboardInterrupt is Ctrl-C: 130)."""
    return error.exit_code if isinstance(error, Interrupted) else 128 + signal.SIGINT


def behind(error: BaseException) -> KeyboardInterrupt | None:
    """The interrupt that caused ``error``, if one did: Python turns a KeyboardInterrupt in
    some places into another error (during a class's creation, 'RuntimeError: Error calling
    __set_name__'), with the interrupt as its cause; and after a signal whose exception a
    library swallowed, the error that follows is taken for the stop it is."""
    if _received:  # one was swallowed before (see checkpoint): this error is likely its doing
        return Interrupted(_received[0])
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def say_outcome(error: BaseException, outcome: str) -> None:
    """Tell :func:`leaflet.cli.main` what a command that writes had done when ``error`` stopped
    it, when that is not "nothing was written" (every file was already in place)."""
    error.outcome = outcome  # type: ignore[attr-defined]


#: the signals received in this process: a library that catches every exception (a bare
#: ``except:``, as some of ReportLab's imports have) can swallow the Interrupted one raised
_received: list[int] = []


def _raise(number: int, frame: FrameType | None) -> None:
    _received.append(number)
    raise Interrupted(number)


def checkpoint() -> None:
    """Raise :class:`Interrupted` again if a signal came before and its exception was swallowed
    on the way: called before anything is written, so a stop asked for is never lost."""
    if _received:
        raise Interrupted(_received[0])


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` in this process (the main
    thread; elsewhere Python allows no handlers)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number in SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN:  # `nohup leaflet build` keeps ignoring SIGHUP
            signal.signal(number, _raise)
    global _previous_hook, _main_thread_id
    if sys.unraisablehook is not _unraisable:
        _previous_hook, _main_thread_id = sys.unraisablehook, threading.get_ident()
        sys.unraisablehook = _unraisable


#: the unraisable-exception hook :func:`install` replaced (Python's own prints the exception)
_previous_hook: Callable[[Any], object] = sys.__unraisablehook__
#: the thread :func:`install` ran in: the main thread, where Python runs the signal handlers
_main_thread_id = 0


def _unraisable(unraisable: Any) -> None:
    """A signal whose handler ran inside a weakref callback or a ``__del__`` raised where Python
    cannot raise: Python printed 'Exception ignored in: ...' and a traceback, and went on (about
    one Ctrl-C in 300 during the imports, in importlib's module-lock callback).  Instead the
    signal is sent again from another thread, once this hook has returned, and its handler
    raises in the code that goes on."""
    if isinstance(unraisable.exc_value, Interrupted):
        _thread.start_new_thread(_send_again, (unraisable.exc_value.number,))
        return  # at once: the thread waits for this one to let go of the interpreter
    _previous_hook(unraisable)


def _send_again(number: int) -> None:
    if hasattr(signal, "pthread_kill"):  # a real signal: it also ends a wait of the main thread
        signal.pthread_kill(_main_thread_id, number)
    else:
        _thread.interrupt_main(signal.Signals(number))


def ignore() -> None:
    """For a worker process: the signals are the main process's to act on (a terminal's Ctrl-C
    reaches every process of the build; a worker that raised would print a traceback)."""
    for number in SIGNALS:
        signal.signal(number, signal.SIG_IGN)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold the signals back while the block runs; raise the first one that came when it ends
    (unless the block raised: its own error goes on).  A process forked inside the block
    inherits the holding handler, which only takes note, until it sets its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {number: signal.getsignal(number) for number in SIGNALS}

    def note(number: int, frame: FrameType | None) -> None:
        arrived.append(number)

    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, note)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if arrived:
        handler = previous[signal.Signals(arrived[0])]
        if callable(handler):
            handler(arrived[0], None)
        else:
            raise Interrupted(arrived[0])


def default(number: int) -> None:
    """Give ``number`` back its default action (end the process), unless it was ignored."""
    if signal.getsignal(number) is not signal.SIG_IGN:
        signal.signal(number, signal.SIG_DFL)
