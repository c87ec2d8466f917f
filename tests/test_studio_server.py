"""The studio's server is safe by default: 127.0.0.1 only, a token on every request, no other
origin or host, no file outside the content folder (issue 12, item 5)."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from leaflet.studio.server import StudioServer

from .studio_fixtures import TOO_LONG_SHORT, content_copy, edited, shared_studio, step, studio

__all__ = ["content_copy", "shared_studio", "studio"]


def request(
    server: StudioServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """A request to the studio; ``token=""`` sends the session's token, ``None`` none."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    sent = {"Host": f"127.0.0.1:{server.port}"}
    if token is not None:
        sent["X-Studio-Token"] = token or server.token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    return response.status, response.read()


def test_listens_on_127_0_0_1_only(shared_studio: StudioServer) -> None:
    assert shared_studio.server_address[0] == "127.0.0.1"
    assert shared_studio.url == f"http://127.0.0.1:{shared_studio.port}/?token={shared_studio.token}"
    assert len(shared_studio.token) >= 32


def test_every_request_needs_the_token(shared_studio: StudioServer) -> None:
    for path in ("/", "/static/studio.js", "/api/start", "/api/leaflet?id=code-1414"):
        assert request(shared_studio, "GET", path, token=None)[0] == 403, path
        assert request(shared_studio, "GET", path, token="x" * 32)[0] == 403, path
        assert request(shared_studio, "GET", path)[0] == 200, path
    assert request(shared_studio, "GET", f"/?token={shared_studio.token}", token=None)[0] == 200
    texts = json.loads(request(shared_studio, "GET", "/api/leaflet?id=code-1414")[1])["texts"]
    body = {"leaflet": "code-1414", "texts": texts}
    assert request(shared_studio, "POST", "/api/check", body, token=None)[0] == 403
    assert request(shared_studio, "POST", "/api/check", body, token="nope")[0] == 403
    status, answer = request(shared_studio, "POST", "/api/check", body)
    assert status == 200 and json.loads(answer) == {"problems": []}


def test_other_hosts_and_origins_are_refused(shared_studio: StudioServer) -> None:
    # a page elsewhere, or a DNS name pointed at 127.0.0.1 (DNS rebinding), gets nothing
    assert request(shared_studio, "GET", "/api/start", headers={"Host": f"evil.example:{shared_studio.port}"})[0] == 403
    assert request(shared_studio, "GET", "/api/start", headers={"Host": "127.0.0.1:1"})[0] == 403
    texts = json.loads(request(shared_studio, "GET", "/api/leaflet?id=code-1414")[1])["texts"]
    body = {"leaflet": "code-1414", "texts": texts, "draft": True}
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{shared_studio.port + 1}", "https://127.0.0.1"):
        assert request(shared_studio, "POST", "/api/save", body, headers={"Origin": origin})[0] == 403, origin
    assert request(shared_studio, "POST", "/api/save", body, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    # a form from another page cannot send JSON: a body that is not declared JSON is refused
    assert request(shared_studio, "POST", "/api/save", body, headers={"Content-Type": "text/plain"})[0] == 403
    assert not (shared_studio.session.folder / ".studio").exists()  # nothing was written
    own = {"Origin": f"http://127.0.0.1:{shared_studio.port}"}
    assert request(shared_studio, "POST", "/api/check", body, headers=own)[0] == 200


def test_nothing_outside_the_content_folder(studio: StudioServer, tmp_path: Path) -> None:
    for path in (
        "/static/../server.py",
        "/static/..%2fserver.py",
        "/static/index.html/../../session.py",
        "/etc/passwd",
    ):
        assert request(studio, "GET", path)[0] == 404, path
    for leaflet_id in ("../content", "..", "/etc", "code-1414/..", "code-1414/../../x", ""):
        assert request(studio, "GET", f"/api/leaflet?id={leaflet_id}")[0] == 400, leaflet_id
        status, _ = request(studio, "POST", "/api/save", {"leaflet": leaflet_id, "texts": {}, "draft": True})
        assert status == 400, leaflet_id
    # a language file that is a link to a file elsewhere is neither read nor written
    outside = tmp_path / "outside.yaml"
    text_file = studio.session.folder / "code-1414" / "ru.yaml"
    outside.write_bytes(text_file.read_bytes())
    texts = json.loads(request(studio, "GET", "/api/leaflet?id=code-1414")[1])["texts"]
    text_file.unlink()
    text_file.symlink_to(outside)
    before = outside.read_bytes()
    status, answer = request(studio, "POST", "/api/save", {"leaflet": "code-1414", "texts": texts})
    assert status == 400 and b"outside the content folder" in answer
    assert request(studio, "GET", "/api/leaflet?id=code-1414")[0] == 400
    assert outside.read_bytes() == before


def test_bad_requests_are_answered_not_crashed(shared_studio: StudioServer) -> None:
    assert request(shared_studio, "POST", "/api/check", [1, 2])[0] == 400
    assert request(shared_studio, "POST", "/api/check", {"leaflet": "code-1414", "texts": {"kk": {}}})[0] == 400
    nested: Any = "x"
    for _ in range(40):
        nested = [nested]
    status, _ = request(
        shared_studio, "POST", "/api/check", {"leaflet": "code-1414", "texts": {"kk": nested, "ru": {}}}
    )
    assert status == 400
    assert request(shared_studio, "POST", "/api/nothing", {"leaflet": "code-1414", "texts": {}})[0] in (400, 404)
    assert request(shared_studio, "GET", "/api/leaflet?id=code-1414")[0] == 200  # still serving


def test_command_prints_the_address_first(content_copy: Path) -> None:
    command = [sys.executable, "-m", "leaflet", "studio", "--content", str(content_copy), "--no-browser"]
    environment = {**os.environ, "LANGUAGE": "ru"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline().strip()
            said = [process.stdout.readline().strip() for _ in range(3)]
            match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{32,})", first)
            assert match, first
            assert said[0].startswith("Студия памяток запущена"), said
            connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=30)
            connection.request("GET", f"/?token={match.group(2)}")
            response = connection.getresponse()
            assert response.status == 200 and "Студия памяток" in response.read().decode()
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_command_refuses_the_bundled_sample(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "leaflet", "studio", "--no-browser", "--ui-lang", "kk"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "leaflet init" in result.stderr and "өзіңіздің мәтіндер қалтаңызды" in result.stderr
    assert result.stdout == ""
    assert time.perf_counter() - started < 30


def test_the_page_speaks_the_browsers_language_or_the_chosen_one(shared_studio: StudioServer) -> None:
    def page(path: str, accept: str) -> str:
        status, body = request(shared_studio, "GET", path, headers={"Accept-Language": accept})
        assert status == 200
        return body.decode()

    assert '<html lang="kk">' in page("/", "kk-KZ,kk;q=0.9,ru;q=0.8") and "Жадынама студиясы" in page("/", "kk")
    assert '<html lang="ru">' in page("/", "ru-RU,ru;q=0.9") and "<title>Студия памяток</title>" in page("/", "ru")
    assert '<html lang="en">' in page("/?ui=en", "ru-RU")
    start = json.loads(page("/api/start?ui=kk", "en"))
    assert start["lang"] == "kk" and start["words"]["ui.save"] == "Сақтау"
    # the pauses in typing before the page has its texts checked, and laid out in every format
    assert start["pauses"] == {"check": 120, "fits": 700}
    assert [leaflet["id"] for leaflet in start["leaflets"]] == ["code-1414"]
    texts = json.loads(page("/api/leaflet?id=code-1414", "ru"))["texts"]
    steps = next(block["steps"] for block in texts["ru"]["blocks"] if "steps" in block)
    steps[0]["title"] = ""
    status, answer = request(
        shared_studio,
        "POST",
        "/api/check?ui=kk",
        {"leaflet": "code-1414", "texts": texts},
        headers={"Accept-Language": "ru"},
    )
    problems = json.loads(answer)["problems"]
    assert status == 200 and problems[0]["message"] == "мәтін бос" and problems[0]["lang"] == "ru"
    assert problems[0]["key"].endswith(".steps[0].title") and problems[0]["where"].startswith("code-1414/ru.yaml:")


@pytest.mark.slow
def test_once_typing_stops_every_format_is_laid_out(shared_studio: StudioServer) -> None:
    """The last part of `leaflet check`: the texts fit every format (the page asks after a pause)."""
    texts = edited(json.loads(request(shared_studio, "GET", "/api/leaflet?id=code-1414")[1])["texts"])
    call_bank = step(texts, "ru", "call_bank")
    call_bank["short"] = TOO_LONG_SHORT
    status, answer = request(shared_studio, "POST", "/api/fits?ui=ru", {"leaflet": "code-1414", "texts": texts})
    found = json.loads(answer)
    assert status == 200 and not found["stale"]
    posters = [problem for problem in found["problems"] if "не помещаются на плакат" in problem["message"]]
    named = {re.search(r"плакат (poster-a\d)", problem["message"]).group(1) for problem in posters}  # type: ignore[union-attr]
    assert named == {"poster-a4", "poster-a3", "poster-a2"}
    assert all(problem["lang"] in ("kk", "ru") and problem["key"].endswith(".steps") for problem in posters)
    call_bank["short"] = "Свяжитесь с банком"
    status, answer = request(shared_studio, "POST", "/api/fits", {"leaflet": "code-1414", "texts": texts})
    assert status == 200 and json.loads(answer) == {"problems": [], "stale": False}
    call_bank["short"] = ""
    status, answer = request(shared_studio, "POST", "/api/fits", {"leaflet": "code-1414", "texts": texts})
    assert status == 200 and json.loads(answer) == {"problems": [], "stale": True}  # the check shows the rest
