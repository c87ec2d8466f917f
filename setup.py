"""One build step that pyproject.toml cannot declare: the wheel's copy of ``fonts/`` and ``content/``.

The repository keeps the fonts and the sample content at its top level, where they are edited
and documented; they are not inside the ``leaflet`` package, so setuptools' ``package-data``
cannot name them.  This ``build_py`` copies what the installed program needs into
``leaflet/_data/`` of the wheel (``leaflet/paths.py`` finds it there with importlib.resources).
An editable install copies nothing: it reads the folders where they are.  Everything else is in
pyproject.toml; MANIFEST.in puts the folders into the sdist, which wheels are built from.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: top-level folder -> the files of it the installed program needs
PACKAGE_DATA = {
    # the text and symbol fonts with their licences and the note on how they were made
    # (the original PT Sans files, 1.7 MB, are only for fonts/prepare.py and the tests)
    "fonts": ("LeafletSans-*.ttf", "DejaVuSans-Symbols.ttf", "*.txt", "README.md"),
    # the sample content: the shipped leaflets, links.yaml and the editing guide
    "content": ("**/*",),
}


def data_files(root: Path) -> list[Path]:
    """The files copied into leaflet/_data, relative to ``root``, sorted."""
    found = {
        path.relative_to(root)
        for folder, patterns in PACKAGE_DATA.items()
        for pattern in patterns
        for path in (root / folder).glob(pattern)
        if path.is_file() and not any(part.startswith((".", "__")) for part in path.relative_to(root).parts)
    }
    return sorted(found)


class BuildPyWithData(build_py):  # type: ignore[misc]  # setuptools is untyped
    """build_py, plus the copy of the top-level data folders into leaflet/_data."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for relative in data_files(ROOT):
            target = Path(self.build_lib, "leaflet", "_data", relative)
            self.mkpath(str(target.parent))
            self.copy_file(str(ROOT / relative), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(Path(self.build_lib, "leaflet", "_data", relative)) for relative in data_files(ROOT)]


setup(cmdclass={"build_py": BuildPyWithData})
