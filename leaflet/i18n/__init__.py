"""Messages in the users' languages: Kazakh, Russian and English.

One catalog, ``messages.toml`` beside this file, holds every message in all three languages
(a test checks that none is missing).  It has two parts:

* ``[ui]``, ``[cli]`` and ``[help]``: fixed messages by name, with ``{placeholders}`` filled in by
  :meth:`Catalog.text`;
* ``[[problem]]``: the content checks' English messages and hints, each matched by a regular
  expression and rewritten from its named groups.  The checks (``leaflet/content/*``) keep
  writing English; the studio and the command line translate at the moment they show a
  problem, so no check has to know about languages.  A message no pattern matches is shown
  in English, as written.

The format is TOML (read with the standard library's ``tomllib``) so that a translator edits
one plain text file, without a compile step.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    from ..layout.plan_store import PlanStore

#: the languages of the interface, in the order they are offered
UI_LANGUAGES = ("kk", "ru", "en")
#: each language's name in itself, for a language picker
UI_LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_UI_LANGUAGE = "en"


@dataclass(frozen=True)
class Rewrite:
    """One problem message (or hint) pattern and its wording in each language."""

    source: str  # the pattern, compiled when a message is first translated (most runs have none)
    texts: Mapping[str, str]

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source, re.DOTALL)


@dataclass(frozen=True)
class Catalog:
    messages: Mapping[str, Mapping[str, str]]
    rewrites: tuple[Rewrite, ...]

    def text(self, name: str, lang: str, **values: object) -> str:
        """The message ``name`` in ``lang``, its ``{placeholders}`` filled in."""
        return self.messages[name][lang].format(**values)

    def table(self, prefix: str, lang: str) -> dict[str, str]:
        """Every message whose name starts with ``prefix``, in ``lang`` (the page's strings)."""
        return {name: texts[lang] for name, texts in self.messages.items() if name.startswith(prefix)}

    def problem(self, english: str, lang: str) -> str:
        """A check's English message or hint in ``lang`` (in English too: in plainer words than the
        checks', which name files and keys); as written when no pattern knows it.

        A message may be several clauses (``'x' is typed into the text: 'x' is not ...``): a
        pattern matches the whole text, and its groups named ``part*`` are translated in turn."""
        if not english:
            return english
        for rewrite in self.rewrites:
            match = rewrite.pattern.fullmatch(english)
            if match is not None:
                groups = {
                    name: self.problem(value, lang) if name.startswith("part") else value
                    for name, value in match.groupdict(default="").items()
                }
                return rewrite.texts[lang].format(**groups)
        return english

    def translates(self, english: str) -> bool:
        """Whether some pattern knows this message (tests use it to list what is left in English)."""
        return any(rewrite.pattern.fullmatch(english) for rewrite in self.rewrites)


@functools.cache
def catalog() -> Catalog:
    source = resources.files(__package__).joinpath("messages.toml").read_bytes()
    kept_name = f"messages-{hashlib.sha256(source).hexdigest()[:32]}.json"
    store = _store()
    kept = store.read(kept_name) if store is not None else None
    if isinstance(kept, dict):
        try:
            return _catalog(kept)
        except (KeyError, TypeError, AttributeError):
            pass  # not what we wrote: parsed again below, and written anew
    import tomllib  # here: a run that reads the kept copy does not load the TOML parser

    data = tomllib.loads(source.decode("utf-8"))
    if store is not None and _json_safe(data):  # a TOML date, say, has no JSON form: not kept
        store.write(kept_name, data)
        for earlier in store.folder.glob("messages-*.json"):  # an earlier catalog's copy
            if earlier.name != kept_name:
                earlier.unlink(missing_ok=True)
    return _catalog(data)


def _json_safe(data: object) -> bool:
    try:
        json.dumps(data)
    except (TypeError, ValueError):
        return False
    return True


def _store() -> PlanStore | None:
    """Where the parsed catalog is kept between runs: beside the plans (parsing the TOML takes
    22 ms of every command, reading the JSON copy 1 ms; the copy's name holds the hash of the
    catalog's bytes, so an edited catalog is parsed again).  ``LEAFLET_CACHE_DIR=off``: none."""
    from ..layout.plan_store import disk_store  # no ReportLab: plain JSON files

    return disk_store()


def _catalog(data: Mapping[str, Any]) -> Catalog:
    messages: dict[str, Mapping[str, str]] = {}
    for section in ("ui", "cli", "help"):
        for name, texts in data[section].items():
            messages[f"{section}.{name}"] = texts
    rewrites = tuple(
        Rewrite(entry["pattern"], {lang: entry[lang] for lang in UI_LANGUAGES}) for entry in data["problem"]
    )
    return Catalog(messages, rewrites)


def _primary(tag: str) -> str:
    """``ru_RU.UTF-8`` or ``ru-RU`` -> ``ru``; ``kz`` (an often-typed country code) -> ``kk``."""
    code = re.split(r"[-_.@]", tag.strip().lower(), maxsplit=1)[0]
    return "kk" if code == "kz" else code


def from_accept_language(header: str | None) -> str | None:
    """The first of our languages a browser asks for (``Accept-Language``), by its weights."""
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        code = _primary(tag)
        if code in UI_LANGUAGES and weight > 0:
            wanted.append((-weight, index, code))
    return min(wanted)[2] if wanted else None


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the locale, as gettext looks for it: LANGUAGE (a list), LC_ALL,
    LC_MESSAGES, LANG; the first of our languages named, or None."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        for tag in value.split(":"):
            code = _primary(tag)
            if code in UI_LANGUAGES:
                return code
        if value and variable != "LANGUAGE":  # a locale set but not ours (C, de_DE): English
            return None
    return None


def choose(option: str | None = None, *, accept: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: the option if given, else the first of ours the browser asks for
    (``accept``), else the locale's, else English."""
    if option in UI_LANGUAGES:
        return option
    return from_accept_language(accept) or from_locale(environ) or DEFAULT_UI_LANGUAGE


def problem_line(problem: Problem, lang: str) -> str:
    """A problem as ``leaflet check`` prints it (``file:line:col: key: what (hint: what to do)``),
    its words in ``lang``."""
    if lang == "en":
        return str(problem)
    words = catalog()
    translated = Problem(
        problem.file,
        problem.line,
        problem.column,
        problem.key,
        words.problem(problem.message, lang),
        words.problem(problem.hint, lang),
    )
    return str(translated).replace("(hint: ", f"({words.text('cli.hint', lang)}: ")
