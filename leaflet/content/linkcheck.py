"""Link safety: which addresses a leaflet may send people to, and finding addresses in text.

A leaflet that tells frightened people where to go must never print a wrong or
look-alike address.  Only ``https:``, ``tel:`` and ``mailto:`` links are allowed;
every host must be on the allow-list kept in ``content/links.yaml``; a host that
is not is explained: mixed scripts, IDN/punycode, a misspelling of an allowed
host, or an imitation of one (``egov-kz.com``, ``egov.kz.example.com``).

Pure functions on strings: no content model, no ReportLab.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from ..errors import shown
from .contacts import UNOFFICIAL_HINT, imitated, looks, parse_phone, skeleton, unofficial
from .textscan import find_addresses, letter_script, mixed_script_detail

SCHEMES = ("https", "tel", "mailto")
_TRACKING = re.compile(r"utm_\w*|fbclid|gclid|yclid|dclid|msclkid|mc_eid|_openstat", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_PHONE_URL = re.compile(r"\+?[0-9]+(?:-[0-9]+)*")
_MAILBOX = re.compile(r"[A-Za-z0-9._%+-]+")
#: Labels too common to identify a site on their own.
_GENERIC_LABELS = frozenset(("www", "gov", "com", "org", "net", "edu", "mail", "kz", "site", "online", "portal"))


@dataclass(frozen=True)
class Verdict:
    """Why an address is refused, what to do instead, and the allowed host it imitates (if any)."""

    message: str
    hint: str
    like: str = ""


# -- hosts ---------------------------------------------------------------------------------------


def check_host(host: str, allowed: Iterable[str]) -> Verdict | None:
    """None when ``host`` is on the allow-list; otherwise why it is refused."""
    allowed = tuple(name.lower() for name in allowed)
    lowered = host.lower()
    if lowered in allowed:
        return None
    return host_form_problem(host, allowed) or _imitation(lowered, allowed, host) or _not_listed(host, allowed)


def host_form_problem(host: str, allowed: tuple[str, ...] = ()) -> Verdict | None:
    """A host that is not a plain Latin domain name: mixed scripts, IDN, punycode, bad syntax."""
    if not host:
        return Verdict("address has no host name", "write the whole address, e.g. https://egov.kz")
    if not host.isascii():
        return _non_latin_host(host, allowed)
    labels = host.lower().split(".")
    punycode = [label for label in labels if label.startswith("xn--")]
    if punycode:
        decoded = ".".join(_decode_punycode(label) for label in labels)
        message = f"host {shown(host)} is punycode for {shown(decoded)}, an internationalised (IDN) name"
        return Verdict(message, "official addresses here are plain Latin domains; type the address by hand")
    if host.endswith(".") or len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return Verdict(f"{shown(host)} is not a valid host name", "write a domain such as egov.kz")
    if labels[-1].isdigit():
        return Verdict(f"host {shown(host)} is an IP address, not a domain", "use the official domain name")
    return None


def _non_latin_host(host: str, allowed: tuple[str, ...]) -> Verdict:
    like = imitated(host, allowed)
    imitates = f"; it imitates '{like}'" if like else ""
    scripts = {letter_script(char) for char in host} - {""}
    if "LATIN" in scripts and len(scripts) > 1:
        detail = mixed_script_detail(host)
        return Verdict(
            f"host {shown(host)} mixes {detail}{imitates}",
            "retype the address with the Latin keyboard layout",
            like,
        )
    idn = "has characters other than plain Latin letters and digits (an internationalised domain name)"
    return Verdict(
        f"host {shown(host)} {idn}{imitates}",
        "official addresses here are plain Latin domains such as egov.kz",
        like,
    )


def _decode_punycode(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


def _imitation(host: str, allowed: tuple[str, ...], written: str = "") -> Verdict | None:
    """The allowed host that ``host`` (lower case) imitates, with how; None if it resembles
    none. Its look-alike letters are judged as ``written``, capitals and all."""
    for official in allowed:
        if host.endswith("." + official):
            message = f"host {shown(host)} is a sub-domain of '{official}', which is not on the list itself"
            return Verdict(message, f"write '{official}', or add {shown(host)} to allowed_hosts if official", official)
    tests = (
        (_same_skeleton, "imitates '{0}' with look-alike characters"),
        (_contains, "imitates '{0}' but is a different site: an official address is never part of a longer one"),
        (_misspelt, "looks like a misspelling of '{0}'"),
        (_uses_name, "uses the name of '{0}' but is a different site"),
    )
    for test, template in tests:
        for official in allowed:
            if test(written or host, official) if test is _same_skeleton else test(host, official):
                return Verdict(f"host {shown(host)} {template.format(official)}", f"write '{official}'", official)
    return None


def _same_skeleton(host: str, official: str) -> bool:
    return skeleton(official) in looks(host)


def _squash(host: str) -> str:
    return re.sub(r"[^a-z0-9]", "", host)


def _contains(host: str, official: str) -> bool:
    return _squash(official) in _squash(host)


def _misspelt(host: str, official: str) -> bool:
    limit = 2 if len(official) >= 6 else 1
    return abs(len(host) - len(official)) <= limit and edit_distance(host, official) <= limit


def _uses_name(host: str, official: str) -> bool:
    name = official.split(".")[0]
    if name in _GENERIC_LABELS:
        return False
    labels = re.split(r"[.-]", host)
    return name in labels or (len(name) >= 4 and name in _squash(host))


def _not_listed(host: str, allowed: tuple[str, ...]) -> Verdict:
    listed = ", ".join(allowed) or "none"
    return Verdict(
        f"host {shown(host)} is not on the list of official domains (allowed_hosts in links.yaml)",
        f"use an official address ({listed}); add a domain to allowed_hosts only after checking it is official",
    )


def edit_distance(first: str, second: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps of neighbours."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, start=1):
            cost = 0 if char == other else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def allowed_hosts_problems(hosts: tuple[str, ...]) -> list[tuple[int, Verdict]]:
    """Problems of the allow-list itself: ``(index, verdict)``."""
    lowered = [host.lower() for host in hosts]
    problems: dict[int, Verdict] = {}
    plain: list[int] = []  # indices of well-formed hosts listed once
    for index, host in enumerate(hosts):
        verdict = host_form_problem(host)
        if verdict is None and host != lowered[index]:
            verdict = Verdict(f"host {shown(host)} has capital letters", f"write '{lowered[index]}'")
        if verdict is None and lowered[index] in lowered[:index]:
            verdict = Verdict(f"host {shown(host)} is listed twice", "keep one of them")
        if verdict is not None:
            problems[index] = verdict
        else:
            plain.append(index)
    for position, index in enumerate(plain):
        for earlier in plain[:position]:
            found = _lookalike_pair(lowered[earlier], lowered[index])
            if found is not None:
                imitation, like = (index, earlier) if found == lowered[index] else (earlier, index)
                message = f"host {shown(lowered[imitation])} looks like '{lowered[like]}', which is also listed"
                hint = "keep only the official one: a look-alike on the list would let a wrong address through"
                problems.setdefault(imitation, Verdict(message, hint, lowered[like]))
                break
    return sorted(problems.items())


def _lookalike_pair(first: str, second: str) -> str | None:
    """The imitation when two listed hosts look alike (``second`` when either could be it); None
    when they do not.

    A hostile edit adds its look-alike to the list to silence the check, so every test of
    :func:`_imitation` applies here, in both directions: the imitation may be listed first.
    """
    if first.endswith("." + second) or second.endswith("." + first):
        return None  # a sub-domain or parent domain of a listed one, run by the same owner
    limit = 2 if min(len(first), len(second)) >= 8 else 1
    if _same_skeleton(first, second) or edit_distance(first, second) <= limit:
        return second
    for test in (_contains, _uses_name):
        if test(second, first):
            return second
        if test(first, second):
            return first
    return None


# -- URLs ----------------------------------------------------------------------------------------


def check_url(url: str, allowed: Iterable[str], phones: Iterable[str] | None = None) -> Verdict | None:
    """None when ``url`` is a safe https:, tel: or mailto: link; otherwise why not.

    ``phones`` are the official numbers as dialled (``phones:`` of links.yaml): a tel: link
    must dial one of them (None: only whether it is a Kazakhstan number is judged).
    """
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in url):
        return Verdict("address contains spaces or invisible characters", "retype the address")
    scheme, colon, rest = url.partition(":")
    if not colon or not scheme.isascii() or not scheme.isalpha():
        return Verdict(f"{shown(url)} has no scheme", "write a full address: https://…, tel:… or mailto:…")
    if scheme.lower() == "http":
        # judge the rest as well, so a look-alike host is not "fixed" by only adding the s
        secure = check_url("https:" + rest, allowed, phones)
        if secure is not None:
            return Verdict(f"http: links are not secure, and {secure.message}", secure.hint, secure.like)
        return Verdict("http: links are not secure", f"write {shown('https:' + rest)}")
    if scheme.lower() not in SCHEMES:
        return Verdict(f"'{scheme}:' links are not allowed", "use only https:, tel: (phone) or mailto: (e-mail)")
    if scheme != scheme.lower():
        return Verdict(f"write the scheme '{scheme}:' in lower case", f"write {shown(scheme.lower() + ':' + rest)}")
    if scheme == "tel":
        return _check_tel(rest, None if phones is None else frozenset(phones))
    check = {"https": _check_https, "mailto": _check_mailto}[scheme]
    return check(rest, tuple(allowed))


def _check_https(rest: str, allowed: tuple[str, ...]) -> Verdict | None:
    if not rest.startswith("//"):
        return Verdict("https: must be followed by '//'", "write https://host, e.g. https://egov.kz")
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    path = rest[2 + len(authority) :]  # check_url has refused line breaks: the rest of the address
    if "\\" in rest:
        return Verdict("address contains a backslash", "use '/' between the parts of an address")
    if "@" in authority:
        user, _, real = authority.rpartition("@")
        message = f"'@' in the address: it goes to {shown(real)}, not to {shown(user)}"
        return Verdict(message, "remove everything between '//' and '@'")
    if ":" in authority:
        return Verdict("address has a port number", "remove ':' and the number after the host")
    verdict = check_host(authority, allowed)
    if verdict is not None:
        return _whole_address(verdict, f"https://{verdict.like}")
    if not path.isascii():
        return Verdict("the part after the host contains non-Latin characters", "use the address as the site shows it")
    carried = _carried_address(path, allowed)
    if carried is not None:
        return carried
    query = path.partition("?")[2].partition("#")[0]
    tracking = sorted({name for name, _ in parse_qsl(query, keep_blank_values=True) if _TRACKING.fullmatch(name)})
    if tracking:
        return Verdict(f"address has tracking parameters ({', '.join(tracking)})", "remove everything from '?'")
    return None


#: File names a deep link may end in: 'rules.pdf' is not a host.
_DOCUMENT = re.compile(r"[\w-]+\.(?:html?|pdf|php|aspx?|jsp|docx?|xlsx?)", re.IGNORECASE)


def _carried_address(path: str, allowed: tuple[str, ...]) -> Verdict | None:
    """A path, query or fragment that names another address (``/?r=evil.example``,
    ``#@evil.example``, ``%40``): a reader, a scanner or a redirect may take it for the site.
    Percent-escapes are decoded first, as a browser would."""
    decoded = path
    for _ in range(3):  # %2540 is %40 is @
        decoded = unquote(decoded)
    if "@" in decoded:
        return Verdict(
            f"'@' after the host ({shown(decoded, 60)}): the address carries another name",
            "use the official page's address as the site shows it, without '@'",
        )
    words = re.sub(r"[/?#=&;:+,]", " ", decoded)
    for item in find_addresses(words, allowed):
        if item.kind in ("web address", "e-mail address", "markdown link") and not _DOCUMENT.fullmatch(item.text):
            message = f"the part after the host names another address, {shown(item.text)}"
            hint = "a link names one site: remove the other address from it"
            return Verdict(message, hint, imitated(item.host, allowed))
    return None


def _check_tel(rest: str, phones: frozenset[str] | None) -> Verdict | None:
    digits = re.sub(r"\D", "", rest)
    if not _PHONE_URL.fullmatch(rest) or not 3 <= len(digits) <= 15:
        return Verdict(f"{shown('tel:' + rest)} is not a phone number", "write tel: and the digits, e.g. tel:1459")
    phone = parse_phone(rest)
    if isinstance(phone, tuple):
        return Verdict(*phone)
    if phones is not None and phone.dial not in phones:
        return Verdict(unofficial(phone), UNOFFICIAL_HINT)
    return None


def _check_mailto(rest: str, allowed: tuple[str, ...]) -> Verdict | None:
    if "%" in rest:  # mailto:info%40evil.example@citizensec.kz may deliver to evil.example
        decoded = unquote(rest)
        verdict = _check_mailto(decoded, allowed) if "%" not in decoded else None
        problem = f": {verdict.message}" if verdict is not None else ""
        return Verdict(
            f"the e-mail address has percent-escapes: it reads {shown(decoded, 60)}{problem}",
            "write mailto: and the address in plain letters, e.g. mailto:info@citizensec.kz",
        )
    mailbox, at, domain = rest.partition("@")
    if not at or not _MAILBOX.fullmatch(mailbox) or "?" in domain or "," in domain or "@" in domain:
        hint = "write mailto: and one address, nothing after it"
        return Verdict(f"{shown('mailto:' + rest)} is not a single e-mail address", hint)
    verdict = check_host(domain, allowed)
    return _whole_address(verdict, f"mailto:{mailbox}@{verdict.like}") if verdict is not None else None


def _whole_address(verdict: Verdict, address: str) -> Verdict:
    """A url's verdict whose hint names the whole address, not only the host it imitates."""
    if not verdict.like:
        return verdict
    host = f"write '{verdict.like}'"
    if verdict.hint.startswith(host):
        hint = f"{host} (the whole address: {address}){verdict.hint.removeprefix(host)}"
    else:
        hint = f"{verdict.hint} (the whole address: {address})"
    return Verdict(verdict.message, hint, verdict.like)


def link_target(url: str) -> str:
    """What a reader should see for a link: host and path (the host in lower case, the path as
    it is: a site's paths may tell capitals apart), the phone number, the e-mail address."""
    scheme, _, rest = url.partition(":")
    if scheme == "tel":
        return rest
    if scheme == "mailto":
        return rest.lower()
    host, slash, path = rest.removeprefix("//").partition("/")
    return (host.lower() + slash + path).rstrip("/")


def _shown_address(label: str) -> str:
    """A label as the address it shows: 'HTTPS://Egov.kz/' -> 'egov.kz'; the path kept as written."""
    text = label.strip()
    text = text[len("https://") :] if text.lower().startswith("https://") else text
    host, slash, path = text.partition("/")
    return (host.lower() + slash + path).rstrip("/")


def check_label(url: str, label: str) -> Verdict | None:
    """The printed label must show exactly where the link goes: the whole address, or, for a
    page of a site, the site's host alone (a reader who types it lands on the official site)."""
    target = link_target(url)
    if url.startswith("tel:"):
        digits_only = re.fullmatch(r"[\d +()\-\u00a0]+", label) is not None
        same = digits_only and re.sub(r"\D", "", label) == re.sub(r"\D", "", target)
    elif url.startswith("mailto:"):
        same = label.strip().lower() == target
    else:
        shown_address = _shown_address(label)
        same = shown_address in (target, target.partition("/")[0])
        if not same and shown_address.lower() == target.lower():
            message = f"label {shown(label)} changes the capitals of the address's path ({shown(target)})"
            return Verdict(message, f"write '{target}': a site may tell capitals apart in its paths")
    if same:
        return None
    message = f"label {shown(label)} does not show where the link goes ({shown(target)})"
    if url.startswith("tel:"):  # no allow-list for numbers: the url may be the wrong one
        hint = "the label and the url must give the same number: check on an official site which is right"
        return Verdict(message, hint + " and correct the other")
    return Verdict(message, f"write '{target}' so readers can type exactly what they see")
