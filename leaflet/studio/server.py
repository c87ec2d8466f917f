"""The studio's web server: the standard library's ``http.server``, on 127.0.0.1 only.

Why no web framework: the studio serves one page, three static files and five JSON requests
to one person on their own computer; ``ThreadingHTTPServer`` does that with nothing to
install, and every safety rule below is a few lines that can be read here in one place.

Safety, checked on every request before anything else (:meth:`Handler.refusal`):

* the server listens on 127.0.0.1, never on a network;
* every request carries the session's random token (the page's address has it, the page
  sends it back with each request as ``X-Studio-Token``); without it: 403;
* the ``Host`` header must be this server's own address (a web page on the internet cannot
  reach it through a DNS name pointed at 127.0.0.1), and an ``Origin`` header, when the
  browser sends one, must be this server's (another site's page cannot post to it);
  JSON requests must say ``Content-Type: application/json``, which a foreign form cannot;
* no request names a file: the static files are a fixed list, a leaflet is chosen by its id
  among the content folder's leaflets, and :class:`leaflet.studio.session.Session` writes only
  that leaflet's language files (and its backup and draft), inside the content folder.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import LeafletError
from ..i18n import UI_LANGUAGE_NAMES, UI_LANGUAGES, catalog, choose
from . import yamltexts
from .session import Session, StudioError, problem_data

HOST = "127.0.0.1"
#: the page's files: name -> content type (nothing else is ever served)
STATIC = {
    "studio.css": "text/css; charset=utf-8",
    "studio.js": "text/javascript; charset=utf-8",
}
#: the largest request body read, in bytes (a leaflet's texts are about 30 KB)
MAX_BODY = 2_000_000
TOKEN_HEADER = "X-Studio-Token"


def static_file(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class StudioServer(ThreadingHTTPServer):
    daemon_threads = True
    #: the pauses in typing, in ms, after which the page has its texts checked (and drawn),
    #: and has them laid out in every format (a second or more of work, so only once typing
    #: has really stopped); the page reads them at start.  A test may shorten the second
    check_pause_ms = 120
    fit_pause_ms = 700

    def __init__(self, session: Session, port: int = 0, ui_lang: str | None = None) -> None:
        super().__init__((HOST, port), Handler)
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.ui_lang = ui_lang

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/?token={self.token}"

    def own_hosts(self) -> set[str]:
        return {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page closed or reloaded while its answer was on the way is no error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def serve_in_thread(self, poll_interval: float = 0.05) -> threading.Thread:
        """Serve in a thread of this process.  ``shutdown()`` waits for the loop to look at its
        flag, which it does every ``poll_interval`` seconds: http.server's default, half a
        second, would make every stop take that long."""
        thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": poll_interval}, name="leaflet-studio", daemon=True
        )
        thread.start()
        return thread


class Handler(BaseHTTPRequestHandler):
    server: StudioServer
    server_version = "leaflet-studio"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows the address and errors, not every request

    # -- safety ---------------------------------------------------------------------------------

    def refusal(self) -> str:
        """Why this request is refused ('' when it may go on)."""
        host = self.headers.get("Host", "")
        if host not in self.server.own_hosts():
            return "wrong host"
        origin = self.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in self.server.own_hosts():
            return "another origin"
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return "another site"
        query = parse_qs(urlsplit(self.path).query)
        given = self.headers.get(TOKEN_HEADER) or (query.get("token") or [""])[0]
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            return "no token"
        return ""

    def send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")  # the token never leaves in a Referer
        self.send_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        )
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def refuse(self, reason: str) -> None:
        self.send(HTTPStatus.FORBIDDEN, f"forbidden: {reason}\n".encode(), "text/plain; charset=utf-8")

    def ui_lang(self, query: dict[str, list[str]]) -> str:
        asked = (query.get("ui") or [""])[0]
        return choose(asked or self.server.ui_lang, accept=self.headers.get("Accept-Language", ""))

    # -- requests -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        reason = self.refusal()
        if reason:
            self.refuse(reason)
            return
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        try:
            if parts.path == "/":
                self.send(HTTPStatus.OK, self.page(self.ui_lang(query)), "text/html; charset=utf-8")
            elif parts.path.startswith("/static/") and parts.path.removeprefix("/static/") in STATIC:
                name = parts.path.removeprefix("/static/")
                self.send(HTTPStatus.OK, static_file(name), STATIC[name])
            elif parts.path == "/api/start":
                self.send_json(self.start(self.ui_lang(query)))
            elif parts.path == "/api/leaflet":
                leaflet_id = (query.get("id") or [""])[0]
                draft = (query.get("draft") or [""])[0] == "1"
                session = self.server.session
                self.send_json({"texts": session.open(leaflet_id, draft=draft), "draft": session.has_draft(leaflet_id)})
            else:
                self.send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        except (StudioError, yamltexts.YAMLError, OSError) as error:
            self.send_json({"error": str(error)}, HTTPStatus.BAD_REQUEST)

    do_HEAD = do_GET  # noqa: N815 - http.server's name

    def do_POST(self) -> None:
        reason = self.refusal()
        if not reason and self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            reason = "not JSON"
        if reason:
            self.refuse(reason)
            return
        parts = urlsplit(self.path)
        lang = self.ui_lang(parse_qs(parts.query))
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if not 0 < length <= MAX_BODY:
                raise StudioError("the request is empty or too large")
            request = json.loads(self.rfile.read(length))
            if not isinstance(request, dict):
                raise StudioError("expected a JSON object")
            leaflet_id, texts = str(request.get("leaflet", "")), request.get("texts")
            if not isinstance(texts, dict):
                raise StudioError("expected texts")
            answer = self.answer(parts.path, leaflet_id, texts, request, lang)
        except (StudioError, yamltexts.TextsError, ValueError, yamltexts.YAMLError) as error:
            self.send_json({"error": str(error)}, HTTPStatus.BAD_REQUEST)
            return
        except LeafletError as error:
            self.send_json({"error": str(error)}, HTTPStatus.INTERNAL_SERVER_ERROR)
            return
        except Exception as error:  # noqa: BLE001 - a bug: said on the page and the terminal, the server goes on
            from ..cli import internal_error_message

            message = internal_error_message(error)
            print(message, file=sys.stderr)
            self.send_json({"error": message}, HTTPStatus.INTERNAL_SERVER_ERROR)
            return
        if answer is None:
            self.send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        else:
            self.send_json(answer)

    def answer(
        self, path: str, leaflet_id: str, texts: dict[str, Any], request: dict[str, Any], lang: str
    ) -> dict[str, Any] | None:
        session = self.server.session

        def shown(problems: list[Any]) -> list[dict[str, Any]]:
            return [problem_data(problem, session.folder, leaflet_id, lang) for problem in problems]

        if path == "/api/check":
            checked = session.check(leaflet_id, texts)
            return {"problems": shown(checked.problems)}
        if path == "/api/fits":
            problems = session.fits(leaflet_id, texts)
            return {"problems": shown(problems or []), "stale": problems is None}
        if path == "/api/preview":
            preview = session.preview(leaflet_id, texts, str(request.get("format")), str(request.get("edition")))
            return {
                "pages": preview.pages,
                "problems": shown(preview.problems),
                "seconds": round(preview.seconds, 3),
                "stale": preview.stale,
            }
        if path == "/api/save":
            saved = session.save(leaflet_id, texts, draft=bool(request.get("draft")))
            files = [file.relative_to(session.folder).as_posix() for file in saved.files]
            return {"saved": bool(files), "draft": saved.draft, "files": files, "problems": shown(saved.problems)}
        return None

    # -- the page -------------------------------------------------------------------------------

    def page(self, lang: str) -> bytes:
        html = static_file("index.html").decode()
        return (
            html.replace("{{token}}", self.server.token)
            .replace("{{lang}}", lang)
            .replace("{{title}}", catalog().text("ui.title", lang))
            .encode()
        )

    def start(self, lang: str) -> dict[str, Any]:
        """What the page needs first: its words, the leaflets, the links, the formats."""
        from ..layout.formats import FORMATS

        content = self.server.session.content()
        links = [
            {"id": link.id, "label": link.label("ru") or link.url, "purpose": dict(link.purposes)}
            for link in content.links.values()
        ]
        return {
            "lang": lang,
            "languages": [{"code": code, "name": UI_LANGUAGE_NAMES[code]} for code in UI_LANGUAGES],
            "words": catalog().table("ui.", lang),
            "leaflets": [
                {"id": leaflet.id, "languages": list(leaflet.languages)} for leaflet in content.leaflets.values()
            ],
            "links": links,
            "formats": [
                {"name": spec.name, "editions": list(spec.editions), "description": spec.description}
                for spec in FORMATS.values()
                if spec.drawn_from == spec.name
            ],
            "folder": str(self.server.session.folder),
            "pauses": {"check": self.server.check_pause_ms, "fits": self.server.fit_pause_ms},
        }


def serve(session: Session, port: int, ui_lang: str | None) -> StudioServer:
    try:
        return StudioServer(session, port, ui_lang)
    except OSError as error:
        raise StudioError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from error


__all__ = ["HOST", "StudioServer", "serve"]
