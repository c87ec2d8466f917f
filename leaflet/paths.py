"""Where leaflet finds its own files (the fonts, the sample content) and the user's folders.

The repository keeps ``fonts/`` and ``content/`` at its top level, where they are edited; the
wheel carries a copy of them as ``leaflet/_data/`` (``setup.py`` copies them at build time).
Both are found here through :mod:`importlib.resources`: in an installed wheel (pip, pipx) the
package's ``_data`` folder, in a checkout (an editable install, or ``python -m leaflet`` in the
clone) the folders beside the package, so an edit to ``content/`` or ``fonts/`` counts at once.

The user's folders are relative to the current folder, never to the program: the content is
``./content`` when there is one, else the bundled sample; the output is ``./output``.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, ContentError, LeafletError, Problem

#: the package folder that holds the copies in a wheel
DATA = "_data"
#: the default output folder, in the current folder
DEFAULT_OUTPUT = Path("output")
#: the content folder used when the current folder has one
LOCAL_CONTENT = Path("content")


class InstallationError(LeafletError):
    """leaflet's own files are missing: the installation is incomplete."""


def data_folder(name: str) -> Path:
    """The folder ``name`` (``fonts`` or ``content``) of leaflet's own files, on disk."""
    from importlib import resources  # here: it loads tempfile and more, which --help does not need

    package = resources.files(__package__ or "leaflet")
    if not isinstance(package, Path):  # a zip import: the fonts must be files ReportLab can open
        raise InstallationError(
            f"leaflet is installed as {package}, not as files on disk (hint: install it with pip or pipx)"
        )
    installed = package / DATA / name
    if installed.is_dir():
        return installed
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    raise InstallationError(
        f"leaflet's {name} folder is missing: {installed} does not exist "
        "(hint: install leaflet again, from a wheel or from a complete copy of its repository)"
    )


@dataclass(frozen=True)
class ContentChoice:
    """The content folder a command reads, and how to name it to the user."""

    folder: Path
    #: what to tell the user about a folder chosen for them; empty when they named it
    said: str = ""


def choose_content(given: Path | None, here: Path | None = None) -> ContentChoice:
    """``given`` (``--content``) if any; else ``./content`` when the current folder (``here``)
    has one; else the sample that comes with leaflet."""
    if given is not None:
        return ContentChoice(given)
    local = (here or Path()) / LOCAL_CONTENT
    if local.is_dir() or local.is_symlink():  # a link that leads nowhere is reported, not passed over
        return ContentChoice(local, f"./{LOCAL_CONTENT}")
    return ContentChoice(data_folder("content"), "the bundled sample (leaflet init makes a copy to edit)")


#: file systems that are the kernel's view of itself, not storage: nothing can be kept there
VIRTUAL_FILE_SYSTEMS = frozenset(
    (
        "proc", "sysfs", "cgroup", "cgroup2", "debugfs", "tracefs", "securityfs", "configfs", "pstore",
        "bpf", "efivarfs", "fusectl", "devpts", "mqueue", "binfmt_misc", "nsfs", "hugetlbfs",
    )
)  # fmt: skip


def virtual_file_system(path: Path) -> tuple[str, str] | None:
    """The mount point and type of the kernel file system (``/proc``, ``/sys``...) ``path`` is
    on; None for storage, or where the mounts cannot be read (not Linux)."""
    try:
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
        where = os.path.realpath(path)
    except OSError:
        return None
    best: tuple[str, str] | None = None
    for line in mounts:
        fields, _, rest = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not rest:
            continue
        mount = re.sub(r"\\([0-7]{3})", lambda octal: chr(int(octal[1], 8)), parts[4])
        inside = where == mount or where.startswith(mount.rstrip("/") + "/")
        if inside and (best is None or len(mount) >= len(best[0])):
            best = (mount, rest.split()[0])
    return best if best is not None and best[1] in VIRTUAL_FILE_SYSTEMS else None


def link_problem(path: Path, name: str = "") -> str | None:
    """What is wrong with ``path`` when it is a symbolic link that leads nowhere: a missing
    target, or a loop; None when it is not a link, or a link that works.  ``name`` is how the
    message names the link ('' when the message is about ``path`` itself)."""
    if not path.is_symlink():
        return None
    subject = f"{name} is" if name else "is"
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{subject} a symbolic link that leads back to itself (a loop of links)"
        return f"{subject} a symbolic link to {path.readlink()}, which does not exist"
    return None


@dataclass(frozen=True)
class PathProblem:
    """Why a path given on the command line cannot be used, and what to do."""

    path: Path
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} (hint: {self.hint})"


def folder_problem(folder: Path, option: str) -> PathProblem | None:
    """Why ``folder`` cannot be used as the folder ``option`` names, or None: a link that leads
    nowhere or loops, a file in the way, a folder that cannot be looked into, a kernel file
    system such as /proc.  ``folder`` itself may be missing (an output folder is made)."""
    hint = f"give {option} another folder"
    for path in reversed((folder, *folder.parents)):
        if path == Path():
            continue
        try:
            path.lstat()
        except FileNotFoundError:
            break  # made, with the rest, when written to
        except OSError as error:
            if error.errno == errno.ENOTDIR:
                break  # a file above: reported at the file
            return PathProblem(folder, f"cannot look into {path.parent}: {error.strerror}", hint)
        problem = link_problem(path, "" if path == folder else str(path))
        if problem is not None:
            return PathProblem(folder, problem, f"make the folder it names, or {hint}")
        if not path.is_dir():
            where = "this is a file" if path == folder else f"{path} is a file"
            return PathProblem(folder, f"{option} must be a folder, but {where}", f"give {option} a folder")
    kernel = virtual_file_system(next((path for path in (folder, *folder.parents) if path.exists()), Path()))
    if kernel is not None:
        mount, kind = kernel
        return PathProblem(folder, f"{mount} is the kernel's {kind} file system, not a disk: it holds no files", hint)
    return None


def check_content_folder(folder: Path) -> None:
    """Refuse a --content folder that cannot be one, naming the real cause (a folder that is
    there is checked by :mod:`leaflet.content`)."""
    if folder.is_file():
        return  # the content checks say so, as they say what else is wrong with a folder
    problem = folder_problem(folder, "--content")
    if problem is None and folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
        problem = PathProblem(folder, "cannot read this folder: permission denied", "give --content one you can read")
    if problem is not None:
        raise ContentError([Problem(str(problem.path), 0, 0, "", problem.message, problem.hint)])


def check_writable(folder: Path) -> None:
    """Refuse an output folder that cannot be written before any work is done: a link that
    leads nowhere, a file in the way, a kernel file system (:func:`folder_problem`), no
    permission, a read-only disk.  Tries for real: a nameless temporary file in ``folder``, or
    in the nearest folder above it that exists (where ``folder`` would be made).  A PDF name
    taken by a folder is left to :func:`leaflet.build.check_output`."""
    problem = folder_problem(folder, "--out")
    if problem is not None:
        raise BuildError(str(problem))
    existing = next((path for path in (folder, *folder.absolute().parents) if path.exists()), None)
    if existing is None or not existing.is_dir():
        return
    import tempfile  # here: the commands that write nothing need not load it

    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        where = str(folder) if existing == folder else f"{folder} (it would be made in {existing})"
        raise BuildError(
            f"cannot write to {where}: {error.strerror or error} (hint: give --out a folder you can write to)"
        ) from error
