"""leaflet: printable and shareable anti-fraud leaflets for Kazakhstan, in Kazakh and Russian."""

#: the one place the version is written: the package metadata reads it (pyproject.toml, dynamic)
__version__ = "0.1.0"
