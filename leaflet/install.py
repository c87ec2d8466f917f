"""How this copy of leaflet was installed, so a hint names the install command that works.

Read from the installed distribution's metadata: pip records an editable install in
``direct_url.json`` (PEP 610, ``dir_info.editable``); pipx puts each application in a virtual
environment of its own with a ``pipx_metadata.json`` at its root.  A package with no copy of
the data folders beside a ``pyproject.toml`` runs from a checkout (editable, or not installed).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from enum import Enum
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .paths import DATA

DISTRIBUTION = "leaflet"


class Kind(Enum):
    CHECKOUT = "run from a checkout, not installed"
    EDITABLE = "an editable install of a checkout"
    PIPX = "installed with pipx"
    PIP = "installed with pip"


@dataclass(frozen=True)
class Installation:
    kind: Kind
    #: the checkout leaflet runs from, when known
    source: Path | None = None


def installation_from(direct_url: str | None, prefix: Path, checkout: Path | None = None) -> Installation:
    """The installation described by ``direct_url`` (the text of the distribution's
    ``direct_url.json``; None when it has none, or leaflet is not installed) in the environment
    at ``prefix``; ``checkout`` is the repository leaflet runs from, if it runs from one."""
    try:
        recorded = json.loads(direct_url) if direct_url else {}
    except ValueError:
        recorded = {}
    if not isinstance(recorded, dict):
        recorded = {}
    dir_info = recorded.get("dir_info")
    editable = isinstance(dir_info, dict) and dir_info.get("editable") is True
    if checkout is not None:
        return Installation(Kind.EDITABLE if editable else Kind.CHECKOUT, checkout)
    if editable:
        url = urlsplit(str(recorded.get("url", "")))
        return Installation(Kind.EDITABLE, Path(unquote(url.path)) if url.scheme == "file" and url.path else None)
    if (prefix / "pipx_metadata.json").is_file():
        return Installation(Kind.PIPX)
    return Installation(Kind.PIP)


def running_checkout(package: Path) -> Path | None:
    """The repository the package at ``package`` runs from; None for an installed wheel (which
    carries its own copy of the data folders, and has no pyproject.toml beside it)."""
    root = package.parent
    if (package / DATA).is_dir() or not (root / "pyproject.toml").is_file():
        return None
    return root


def this_installation() -> Installation:
    """How the running copy of leaflet was installed."""
    checkout = running_checkout(Path(__file__).resolve().parent)
    try:
        direct_url = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct_url = None
    return installation_from(direct_url, Path(sys.prefix), checkout)


def install_extra_hint(extra: str, packages: tuple[str, ...], installation: Installation | None = None) -> str:
    """The command that adds ``extra`` (its ``packages``) to this installation."""
    found = installation or this_installation()
    if found.kind is Kind.PIPX:
        return f"pipx inject {DISTRIBUTION} {' '.join(packages)}"
    if found.kind is Kind.PIP:
        return f"pip install '{DISTRIBUTION}[{extra}]'"
    where = f" in {found.source}" if found.source else " in your copy of the leaflet repository"
    return f"pip install -e '.[{extra}]'{where}"
