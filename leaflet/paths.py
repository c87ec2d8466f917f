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

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, LeafletError

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
    if local.is_dir():
        return ContentChoice(local, f"./{LOCAL_CONTENT}")
    return ContentChoice(data_folder("content"), "the bundled sample (leaflet init makes a copy to edit)")


def check_writable(folder: Path) -> None:
    """Refuse an output folder that cannot be written (no permission, a read-only disk) before
    any work is done.  Tries for real: a nameless temporary file in ``folder``, or in the nearest
    folder above it that exists (where ``folder`` would be made).  A file in the way is left to
    :func:`leaflet.build.check_output`, which says which file it is."""
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
