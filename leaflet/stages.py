"""A pause at a named stage of a command, for tests that stop leaflet at an exact moment.

``LEAFLET_PAUSE_AT=STAGE:MARKER`` makes leaflet, on reaching ``STAGE``, create the file
``MARKER`` and wait while it exists (at most :data:`LONGEST` seconds).  A test waits for the
marker, then sends a signal (or SIGKILL), or deletes the marker to let leaflet go on.  Without
the variable (always, outside the tests) :func:`reached` does nothing.  The stages:

- ``started``: the ``leaflet`` command's signal handlers are set, nothing else is imported yet
- ``pool``: the worker processes of a parallel build have started (signals still held back)
- ``rendering``: a document is about to be rendered, in the process that renders it
- ``staged``: every new file is written to the output folder's temporary folder, none in place
  (``leaflet init``: the copy is made in its temporary folder, not yet renamed into place)
- ``renaming``: a file has been renamed into place, and the others not yet (signals held back)
- ``written``: every file of the build is in place, nothing printed yet

Only the first time a process reaches a stage pauses it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

VARIABLE = "LEAFLET_PAUSE_AT"
#: a paused leaflet goes on by itself after this long, so a test that failed cannot hang CI
LONGEST = 60.0
_passed: set[str] = set()


def reached(stage: str) -> None:
    """Pause here if ``LEAFLET_PAUSE_AT`` names ``stage`` (see the module's docstring)."""
    asked = os.environ.get(VARIABLE)
    if not asked or stage in _passed:
        return
    name, _, marker = asked.partition(":")
    if name != stage or not marker:
        return
    _passed.add(stage)
    path = Path(marker)
    path.write_text(str(os.getpid()), encoding="ascii")
    deadline = time.monotonic() + LONGEST
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
