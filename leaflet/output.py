"""Writing a set of files into a folder all or nothing, and cleaning up after a build that was killed.

A build's files are written as one transaction, in a hidden folder of the output folder::

    out/.leaflet-tmp-XXXXXXXX/      locked (flock) while the build that made it runs
        new/<file>                  1. every new file, written in full and synced to disk
        old/<file>                  2. a hard link to each earlier file the set replaces
        plan                        3. the files of the set, written before the first rename
    4. each new/<file> renamed onto out/<file>, Ctrl-C, SIGTERM and SIGHUP held back meanwhile
    5. the hidden folder removed

A failure before step 4 removes the hidden folder: nothing in ``out`` changed.  A rename that
fails in step 4 puts every file already replaced back from ``old/`` (and removes those that
are new), so the folder is as it was; the error says so, or, if even that fails, says exactly
which files are new and where the earlier ones are kept.

SIGKILL (or a power cut) cannot be caught.  The next write into the folder removes every
``.leaflet-tmp-*`` folder that no running build holds; one that has a ``plan`` was stopped
during its renames, and its earlier files are put back first, so the folder is never left
half old and half new.  Files that earlier versions of leaflet left (``.NAME.XXXXXXXX.tmp``
beside a file of the set) are removed too.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import stages
from .errors import BuildError
from .interrupts import deferred, say_outcome

#: every temporary file or folder leaflet makes starts with this: recognisable, and removed
TEMPORARY_PREFIX = ".leaflet-tmp-"
PLAN = "plan"
#: the temporary files earlier versions of leaflet wrote beside a file (mkstemp's 8 characters)
_EARLIER_TEMPORARY = r"\.{name}\.[a-z0-9_]{{8}}\.tmp"


class WriteError(BuildError):
    """A file of the set could not be written or put in place; ``outcome`` says what the folder holds."""

    def __init__(self, message: str, outcome: str) -> None:
        super().__init__(message)
        self.outcome = outcome


@dataclass
class Cleaned:
    """What the clean-up before a write found, for a note to the user."""

    folders: list[str] = field(default_factory=list)  # leftover temporary folders and files removed
    put_back: int = 0  # earlier files put back from a build stopped during its renames

    def notes(self, folder: Path) -> list[str]:
        said = []
        if self.put_back:
            said.append(
                f"put back {self.put_back} earlier file{'s' if self.put_back != 1 else ''} in {folder} that a "
                "build stopped while writing (killed, or the computer went off) had replaced"
            )
        if self.folders:
            said.append(f"removed the temporary files an earlier build left in {folder}: {', '.join(self.folders)}")
        return said


# -- locking: a live build's temporary folder is never taken for a leftover ------------------


#: what :func:`_lock` returns where there are no locks (Windows): every folder counts as free
NO_LOCK = -1


def _lock(path: Path) -> int | None:
    """An open descriptor of the folder ``path`` holding an exclusive lock (released when it
    is closed, or the process ends however it ends), or None when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a folder cannot be opened, nor locked
        return NO_LOCK
    handle = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


def _unlock(handle: int | None) -> None:
    if handle is not None and handle != NO_LOCK:
        os.close(handle)


@contextlib.contextmanager
def staging_folder(parent: Path) -> Iterator[Path]:
    """A new locked ``.leaflet-tmp-*`` folder in ``parent``; removed at the end unless the
    block marks it kept (by raising :class:`_Keep`)."""
    folder = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=parent))
    handle = _lock(folder)  # a folder just made cannot be locked by another process
    try:
        yield folder
    except _Keep as keep:
        raise keep.error from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    else:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        _unlock(handle)


class _Keep(Exception):  # noqa: N818 - not an error: a signal to keep the staging folder
    def __init__(self, error: BaseException) -> None:
        self.error = error


def clean_leftovers(folder: Path, names: Sequence[str] = ()) -> Cleaned:
    """Remove what stopped builds left in ``folder``: each ``.leaflet-tmp-*`` entry no running
    build holds (putting back the earlier files of one stopped during its renames), and the
    temporary files earlier versions of leaflet left beside any of ``names``."""
    cleaned = Cleaned()
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return cleaned
    for entry in entries:
        if not entry.name.startswith(TEMPORARY_PREFIX):
            continue
        if entry.is_dir() and not entry.is_symlink():
            try:
                handle = _lock(entry)
            except OSError:
                continue
            if handle is None:  # a build running now
                continue
            try:
                if (entry / PLAN).is_file():
                    cleaned.put_back += _roll_back(folder, entry)
                shutil.rmtree(entry, ignore_errors=True)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise WriteError(
                    f"cannot put back the earlier files kept in {entry} by a build that was stopped while "
                    f"writing: {error.strerror if isinstance(error, OSError) else 'its plan is damaged'} "
                    "(hint: copy what you need out of that folder and delete it)",
                    f"nothing was written ({folder} is as it was before this build)",
                ) from error
            finally:
                _unlock(handle)
        else:
            entry.unlink(missing_ok=True)
        cleaned.folders.append(entry.name)
    for name in names:
        parent = (folder / name).parent
        pattern = re.compile(_EARLIER_TEMPORARY.format(name=re.escape(Path(name).name)))
        with contextlib.suppress(OSError):
            for entry in parent.iterdir():
                if pattern.fullmatch(entry.name) and entry.is_file():
                    entry.unlink(missing_ok=True)
                    cleaned.folders.append(entry.relative_to(folder).as_posix())
    return cleaned


def _roll_back(folder: Path, staging: Path) -> int:
    """Put ``folder`` back as it was before the renames of ``staging``'s plan: the earlier files
    from ``old/``, and the new files of the set that had none removed.  Returns the number of
    files changed; raises OSError when one cannot be put back.  Signals are held back, and
    ``old/`` is left whole (each file goes back as a new link to it), so a roll-back stopped
    half way by a failure can be done again from the start."""
    plan = json.loads((staging / PLAN).read_text(encoding="utf-8"))
    changed = 0
    with deferred():
        for name in plan["files"]:
            changed += _put_back(folder, staging, name)
    for name in reversed(plan["folders"]):  # the folders the set made, deepest last in the plan
        with contextlib.suppress(OSError):
            (folder / name).rmdir()
    return changed


def _put_back(folder: Path, staging: Path, name: str) -> int:
    """Put back the earlier ``name`` (1 if that changed the folder)."""
    target, old, new = folder / name, staging / "old" / name, staging / "new" / name
    if old.exists() or old.is_symlink():
        if _same_file(old, target):
            return 0
        again = staging / "putting-back"
        again.unlink(missing_ok=True)
        try:
            os.link(old, again, follow_symlinks=False)
        except (OSError, NotImplementedError):
            shutil.copy2(old, again, follow_symlinks=False)
        again.replace(target)
        return 1
    if not (new.exists() or new.is_symlink()) and (target.exists() or target.is_symlink()):
        target.unlink()  # renamed into place, and there was no earlier file
        return 1
    return 0


def _put_back_already(folder: Path, staging: Path, name: str) -> bool:
    """Whether ``name``, renamed into place, is back as it was before the build."""
    old = staging / "old" / name
    if old.exists() or old.is_symlink():
        return _same_file(old, folder / name)
    return not ((folder / name).exists() or (folder / name).is_symlink())


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samestat(one.lstat(), other.lstat())
    except OSError:
        return False


# -- writing a set ---------------------------------------------------------------------------


def write_set(folder: Path, files: list[tuple[str, bytes]]) -> Cleaned:
    """Write ``files`` (paths relative to ``folder``, with their bytes) all or nothing, after
    cleaning up what stopped builds left in ``folder``.  Raises :class:`WriteError`."""
    made = _make_folder(folder)
    cleaned = clean_leftovers(folder, [name for name, _ in files])
    try:
        with staging_folder(folder) as staging:
            _write_new(folder, staging, files)
            stages.reached("staged")
            _keep_earlier(folder, staging, [name for name, _ in files])
            _put_in_place(folder, staging, files)
    except BaseException:
        for made_folder in reversed(made):  # a build that writes nothing leaves no new folder either
            with contextlib.suppress(OSError):
                made_folder.rmdir()
        raise
    return cleaned


def _make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; return those made, outermost first."""
    missing = [path for path in (folder, *folder.parents) if not path.exists() and not path.is_symlink()][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(
            f"cannot make the folder {folder}: {_cause(error)} (hint: {_hint(error, folder)})",
            "nothing was written",
        ) from error
    return missing


def _write_new(folder: Path, staging: Path, files: list[tuple[str, bytes]]) -> None:
    """Step 1: every new file in ``staging/new``, synced to disk."""
    for name, data in files:
        _write_synced(staging / "new" / name, data, folder, shown=folder / name)


def _write_synced(path: Path, data: bytes, folder: Path, *, shown: Path) -> None:
    """A new file written and synced to disk before the renames; a failure is the build's
    :class:`WriteError`, naming ``shown`` (the file the user will look for)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as stream:
            os.fchmod(stream.fileno(), 0o644)  # a leaflet is for everyone to read, whatever the umask
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        raise WriteError(
            f"cannot write {shown}: {_cause(error)} (hint: {_hint(error, folder)})",
            f"nothing was written ({folder} is as it was before the build)",
        ) from error


def _keep_earlier(folder: Path, staging: Path, names: list[str]) -> None:
    """Step 2: a hard link to every earlier file the set replaces, so each can be put back."""
    for name in names:
        target = folder / name
        if not (target.exists() or target.is_symlink()):
            continue
        kept = staging / "old" / name
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.link(target, kept, follow_symlinks=False)
        except (
            OSError,
            NotImplementedError,
        ):  # no hard links here (some network and FAT disks): a copy keeps it as well
            try:
                shutil.copy2(target, kept, follow_symlinks=False)
            except OSError as error:
                raise WriteError(
                    f"cannot keep a copy of {target} while the new files go in: {_cause(error)} "
                    f"(hint: {_hint(error, folder)})",
                    f"nothing was written ({folder} is as it was before the build)",
                ) from error


def _put_in_place(folder: Path, staging: Path, files: list[tuple[str, bytes]]) -> None:
    """Steps 3 and 4: the plan, then the renames, signals held back; on failure, everything
    put back (step 5, removing ``staging``, is the caller's)."""
    names = [name for name, _ in files]
    folders = sorted(
        {parent.as_posix() for name in names for parent in Path(name).parents if parent != Path()},
        key=lambda name: name.count("/"),
    )
    folders = [name for name in folders if not (folder / name).is_dir()]
    plan = staging / PLAN
    _write_synced(plan, json.dumps({"files": names, "folders": folders}).encode(), folder, shown=plan)
    try:
        _rename_all(folder, staging, names, folders)
    except KeyboardInterrupt as error:  # held back during the renames, raised once they were done
        say_outcome(error, f"every file was written to {folder} (the signal came as they were put in place)")
        raise


def _rename_all(folder: Path, staging: Path, names: list[str], folders: list[str]) -> None:
    with deferred():
        done = 0
        where = folder
        try:
            for name in folders:
                where = folder / name
                where.mkdir()
            for name in names:
                where = folder / name
                (staging / "new" / name).replace(where)
                done += 1
                stages.reached("renaming")
        except OSError as error:
            message = f"cannot put {where} in place: {_cause(error)} (hint: {_hint(error, folder)})"
            try:
                _roll_back(folder, staging)
            except OSError as failed:
                still_new = [name for name in names[:done] if not _put_back_already(folder, staging, name)]
                raise _Keep(WriteError(message, _half_written(folder, staging, still_new, failed))) from None
            replaced = {0: "", 1: "the file already replaced was put back; "}.get(
                done, f"the {done} files already replaced were put back; "
            )
            outcome = f"nothing was written: {replaced}{folder} is as it was before the build"
            raise WriteError(message, outcome) from None


def _half_written(folder: Path, staging: Path, new: list[str], failed: OSError) -> str:
    """What the folder holds when the earlier files could not all be put back."""
    shown = ", ".join(new[:5]) + (f" and {len(new) - 5} more" if len(new) > 5 else "")
    return (
        f"{folder} is left half written: {len(new)} of its files {'is' if len(new) == 1 else 'are'} new ({shown}), "
        "the others are the "
        f"earlier ones; putting the earlier ones back failed ({_cause(failed)}). They are kept in "
        f"{staging / 'old'}, and the next leaflet build into {folder} puts them back before it writes"
    )


# -- messages --------------------------------------------------------------------------------


def _cause(error: OSError) -> str:
    return error.strerror or str(error)


def _hint(error: OSError, folder: Path) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"free some space on the disk that holds {folder}, or give --out another folder"
    if error.errno == errno.EROFS:
        return "that disk is read-only: give --out a folder on another one"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"check that you may write to {folder}, or give --out another folder"
    return f"check {folder} and its disk, or give --out another folder"
