"""Plans kept on disk between runs, so an unchanged text is laid out once, not searched again.

One small JSON file per plan key (a hash of the text, the links, the images, the format, the
fonts and the program's source: :mod:`leaflet.layout.keys`), in the user's cache folder
(``$LEAFLET_CACHE_DIR``, else ``$XDG_CACHE_HOME/leaflet``, else ``~/.cache/leaflet``).  The
fonts' character coverage is kept here too (:mod:`leaflet.layout.coverage`).

The store is only ever a shortcut: a replayed plan is laid out and checked like any other
(:func:`leaflet.layout.flow.plan_edition` searches again when it no longer holds), so a stale,
damaged or foreign file costs a search, never a wrong page; `leaflet check` takes a kept plan
as proof that the edition fits (its key names everything the layout depends on); the files
are safe to delete; a folder that cannot be written just means nothing is kept.  Each file is
written whole through a temporary file and a rename, so parallel workers never read half a file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Hashable
from dataclasses import asdict, fields
from pathlib import Path

from .plan import Plan

#: the layout of the files; a file of another version is ignored
FORMAT_VERSION = 1
#: set to this, LEAFLET_CACHE_DIR turns the store off
OFF = "off"


def default_folder() -> Path | None:
    """Where plans are kept: ``$LEAFLET_CACHE_DIR`` (``off`` for nowhere), else the XDG cache."""
    configured = os.environ.get("LEAFLET_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", OFF) else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leaflet" / "plans"


def disk_store() -> PlanStore | None:
    """The plans kept on disk between runs (``LEAFLET_CACHE_DIR=off``: none)."""
    folder = default_folder()
    return PlanStore(folder) if folder is not None else None


class PlanStore:
    """Plans by key, one file each, in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: Hashable) -> Path:
        return self.folder / f"{hashlib.sha256(repr(key).encode()).hexdigest()}.json"

    def get(self, key: Hashable) -> tuple[Plan, ...] | None:
        """The plans kept under ``key``; None when there are none, or the file is not one we wrote."""
        data = self.read(self._path(key).name)
        try:
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or data.get("key") != repr(key):
                return None
            return tuple(_plan(item) for item in data["plans"])
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # damaged: planned again, and written anew

    def put(self, key: Hashable, plans: tuple[Plan, ...]) -> None:
        data = {"version": FORMAT_VERSION, "key": repr(key), "plans": [asdict(plan) for plan in plans]}
        self.write(self._path(key).name, data)

    def read(self, name: str) -> object:
        """The JSON value kept in the file ``name``; None when missing, unreadable or damaged."""
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, name: str, data: object) -> None:
        """Keep ``data`` as JSON in the file ``name``, whole or not at all (a temporary file renamed)."""
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, path = tempfile.mkstemp(prefix=".plan.", suffix=".tmp", dir=self.folder)
            temporary = Path(path)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream)
            temporary.replace(self.folder / name)
        except OSError:  # a cache that cannot be written only costs the next run the work
            if temporary is not None:
                temporary.unlink(missing_ok=True)


def _plan(item: object) -> Plan:
    """A plan from its JSON form; ValueError for anything that is not exactly one."""
    if not isinstance(item, dict) or set(item) != {field.name for field in fields(Plan)}:
        raise ValueError("not a plan")
    values = {name: item[name] for name in item}
    if not isinstance(values["pages"], int) or values["pages"] < 1:
        raise ValueError("not a page count")
    for name, value in values.items():
        if name != "pages" and (not isinstance(value, int | float) or not math.isfinite(value) or value < 0):
            raise ValueError(f"not a {name}")
    return Plan(**values)
