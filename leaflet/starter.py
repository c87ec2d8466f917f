"""``leaflet init``: a starter content folder for a user to edit.

A copy of the sample content that comes with leaflet (the shipped leaflets, ``links.yaml`` and
the editing guide ``README.md``).  Written atomically: everything goes into a hidden
``.leaflet-tmp-*`` folder beside the target first (:func:`leaflet.output.staging_folder`),
which is then renamed into place, so an interrupted or failed ``init`` leaves either the whole
folder or nothing; what a killed one left, the next ``init`` beside it removes.  An existing
folder is used only when it is empty: a user's texts are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from . import stages
from .errors import LeafletError
from .interrupts import checkpoint, deferred
from .output import clean_leftovers, staging_folder
from .paths import data_folder, folder_problem


class InitError(LeafletError):
    """The starter folder cannot be written where it was asked for."""


@dataclass(frozen=True)
class Starter:
    """What ``init`` wrote."""

    folder: Path
    leaflets: tuple[str, ...]
    files: int


def write_starter(target: Path, sample: Traversable | None = None) -> Starter:
    """Copy the sample content (or ``sample``) into ``target``, which must not exist or be empty."""
    source = sample or data_folder("content")
    _refuse_existing(target)
    problem = folder_problem(target, "leaflet init")
    if problem is not None:
        raise InitError(str(problem))
    parent = target.absolute().parent
    folder = target
    try:
        parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(parent)
        with staging_folder(parent) as staging:
            folder = staging / "content"
            folder.mkdir()  # with the usual mode: the staging folder itself is private (0700)
            files = _copy(source, folder)
            stages.reached("staged")
            checkpoint()
            with deferred():
                _move_into_place(folder, target)
    except OSError as error:
        failed = Path(error.filename) if isinstance(error.filename, str) else None
        shown = target / failed.relative_to(folder) if failed and failed.is_relative_to(folder) else failed or target
        raise InitError(
            f"cannot write {shown}: {error.strerror or error} (hint: free some space, or check that you may write "
            f"to {parent}, or give leaflet init another folder)"
        ) from error
    leaflets = tuple(sorted(item.name for item in source.iterdir() if item.is_dir()))
    return Starter(target, leaflets, files)


def _refuse_existing(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        if any(target.iterdir()):
            raise InitError(
                f"{target}: the folder exists and is not empty "
                "(hint: give leaflet init a new folder, e.g. leaflet init my-leaflets)"
            )
    elif target.exists() or target.is_symlink():
        raise InitError(f"{target}: is in the way (a file or a link) (hint: give another name)")


def _move_into_place(staging: Path, target: Path) -> None:
    """One rename; on POSIX it replaces an empty folder, elsewhere the empty folder goes first."""
    try:
        staging.rename(target)
    except OSError:
        if not target.is_dir() or any(target.iterdir()):
            raise
        target.rmdir()
        staging.rename(target)


def _copy(source: Traversable, target: Path) -> int:
    """Copy a folder of resources (bytes only: never the installed files' modes); return the
    number of files."""
    count = 0
    for item in sorted(source.iterdir(), key=lambda item: item.name):
        if item.name.startswith((".", "__")):
            continue
        if item.is_dir():
            (target / item.name).mkdir()
            count += _copy(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())
            count += 1
    return count
