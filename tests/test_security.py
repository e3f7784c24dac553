"""Who may use the server (web.security): an access token beyond this machine, the upload form's CSRF
token, requests from other sites refused, and the headers every page carries."""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import seed
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app as cli
from yusuan.store import open_store
from yusuan.web import create_app
from yusuan.web.security import CSRF_SECONDS, Csrf, is_loopback

runner = CliRunner()
TOKEN = "k3Jd9-xQ2mZp7LwA4vN8"
SRC = Path(yusuan.__file__).resolve().parents[1]
ASK = ("需要访问令牌：请在请求头中带上 Authorization: Bearer 令牌，或在浏览器弹出的登录框中以令牌为密码（用户名任意）")


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path / "web.duckdb")
    yield s
    s.close()


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- starting the server ---------------------------------------------------------------------------


def test_serve_beyond_this_machine_needs_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("YUSUAN_TOKEN", raising=False)
    db, data = tmp_path / "库.duckdb", tmp_path / "data"
    refused = runner.invoke(cli, ["serve", "--db", str(db), "--data", str(data), "--host", "0.0.0.0"])
    assert refused.exit_code == 2
    assert refused.stderr == ("错误：--host 0.0.0.0 让其他机器也能访问本服务，必须设置访问令牌：加 --token 令牌（或设置环境变量 "
                              "YUSUAN_TOKEN），访问时带上 Authorization: Bearer 令牌，浏览器中以令牌为密码登录；只在本机使用请用 "
                              "--host 127.0.0.1；确需不加认证地对外开放，加 --insecure-no-auth\n")
    short = runner.invoke(cli, ["serve", "--db", str(db), "--data", str(data), "--host", "0.0.0.0", "--token", "abc"])
    assert short.exit_code == 2
    assert short.stderr == ("错误：访问令牌太短（3 个字符，至少 16 个）；可以用 python3 -c \"import secrets; "
                            "print(secrets.token_urlsafe(24))\" 生成一个\n")
    monkeypatch.setenv("YUSUAN_TOKEN", "令牌令牌令牌令牌令牌令牌令牌令牌")
    odd = runner.invoke(cli, ["serve", "--db", str(db), "--data", str(data), "--host", "::"])
    assert odd.exit_code == 2
    assert odd.stderr == "错误：访问令牌只能由英文字母、数字和符号组成（不含空格）\n"
    assert list(tmp_path.iterdir()) == []  # refused before the database or the data folder is touched


def test_loopback_addresses():
    assert [h for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "0.0.0.0", "::", "192.168.1.5",
                        "example.org") if is_loopback(h)] == ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path: Path, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    cmd = [sys.executable, "-m", "yusuan", "serve", "--db", str(tmp_path / "库.duckdb"), "--data",
           str(tmp_path / "data"), "--port", str(port), *args]
    server = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, server.communicate()
        assert time.monotonic() < deadline, "the server did not start"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)


def test_serve_on_all_addresses_asks_every_request_for_the_token(tmp_path):
    server, port = _serve(tmp_path, "--host", "0.0.0.0", env={"YUSUAN_TOKEN": TOKEN})
    try:
        url = f"http://127.0.0.1:{port}"
        bare = httpx.get(f"{url}/api/documents")
        assert (bare.status_code, bare.json(), bare.headers["www-authenticate"]) == (
            401, {"error": ASK}, 'Basic realm="yusuan", charset="UTF-8"')
        assert httpx.get(f"{url}/static/app.css").status_code == 401
        wrong = httpx.get(f"{url}/api/documents", headers={"authorization": f"Bearer {TOKEN}x"})
        assert wrong.status_code == 401
        bearer = httpx.get(f"{url}/api/documents", headers={"authorization": f"Bearer {TOKEN}"})
        assert (bearer.status_code, bearer.json()) == (200, {"documents": []})
        browser = httpx.get(f"{url}/", headers={"authorization": _basic("任何人", TOKEN), "accept": "text/html"})
        assert browser.status_code == 200 and "把预算公开文件拖到这里" in browser.text
        login = httpx.get(f"{url}/", headers={"accept": "text/html"})
        assert login.status_code == 401 and ASK in login.text and login.headers["content-type"].startswith("text/html")
    finally:
        server.terminate()
        out, err = server.communicate(timeout=60)
    assert "Traceback" not in err and "警告" not in err


def test_serve_insecure_no_auth_starts_and_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("YUSUAN_TOKEN", raising=False)
    server, port = _serve(tmp_path, "--host", "0.0.0.0", "--insecure-no-auth")
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/api/documents").status_code == 200
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=60)
    assert "警告：没有访问令牌，网络上的任何人都能查看文件库和上传文件（--insecure-no-auth）\n" in err


# --- in the app --------------------------------------------------------------------------------------


def test_a_token_on_this_machine_is_asked_for_too(store, tmp_path):
    client = TestClient(create_app(store, tmp_path / "data", token=TOKEN))
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/documents", headers={"authorization": _basic("", TOKEN)}).status_code == 200
    assert client.get("/api/documents", headers={"authorization": "Basic !!!"}).status_code == 401
    assert client.get("/api/documents", headers={"authorization": f"Token {TOKEN}"}).status_code == 401


def _csrf_of(html: str) -> str:
    return re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', html).group(1)


def test_the_upload_form_carries_a_csrf_token_and_needs_it(store, tmp_path):
    client = TestClient(create_app(store, tmp_path / "data"))
    token = _csrf_of(client.get("/").text)
    files = [("files", ("鹿泉.txt", seed("001").read_bytes()))]
    for forged in ({}, {"csrf_token": "1.abc"}, {"csrf_token": Csrf().issue()}):
        refused = client.post("/upload", data=forged, files=files, headers={"accept": "text/html"},
                              follow_redirects=False)
        assert refused.status_code == 403
        assert "表单已过期或不是本服务的网页提交的：请重新打开首页再上传" in refused.text
    assert store.count()["documents"] == 0
    done = client.post("/upload", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/documents/1")
    # the API's own documentation page posts its example form with a token too
    assert _csrf_of(client.get("/docs").text).split(".")[0].isdigit()


def test_csrf_tokens_expire_after_a_day():
    csrf = Csrf(b"s" * 32)
    token = csrf.issue(now=1_000_000)
    assert csrf.valid(token, now=1_000_000 + CSRF_SECONDS)
    assert not csrf.valid(token, now=1_000_000 + CSRF_SECONDS + 1)
    assert not csrf.valid(token, now=999_999)  # from the future
    assert not Csrf(b"t" * 32).valid(token, now=1_000_000)  # another server's


def test_state_changing_requests_from_other_sites_are_refused(store, tmp_path):
    client = TestClient(create_app(store, tmp_path / "data"))
    files = [("files", ("鹿泉.txt", seed("001").read_bytes()))]
    for headers, shown in (({"sec-fetch-site": "cross-site"}, "cross-site"), ({"sec-fetch-site": "same-site"}, "same-site"),
                           ({"origin": "null"}, "null"), ({"origin": "http://evil.example"}, "http://evil.example")):
        r = client.post("/api/documents", files=files, headers=headers)
        assert (r.status_code, r.json()) == (403, {"error": f"拒绝来自其他网站（{shown}）的请求：上传和删除只能在本服务的网页上进行"})
    assert store.count()["documents"] == 0
    own = client.post("/api/documents", files=files, headers={"sec-fetch-site": "same-origin",
                                                              "origin": "http://testserver"})
    assert own.status_code == 200


class _Inline(HTMLParser):
    """Scripts that are not files of this server, inline styles and event handlers in a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a and a.get("type") != "application/json":
            self.found.append("inline script")
        if tag == "style":
            self.found.append("style element")
        self.found += [f"{tag} {name}" for name in a if name == "style" or name.startswith("on")]


def test_every_page_has_the_security_headers_and_no_inline_script_or_style(store, tmp_path):
    client = TestClient(create_app(store, tmp_path / "data"))
    doc_id = client.post("/api/documents", files=[("files", ("阜平.txt", seed("002").read_bytes()))]).json()["results"][0]["document_id"]
    other = client.post("/api/documents", files=[("files", ("鹿泉.txt", seed("001").read_bytes()))]).json()["results"][0]["document_id"]
    pages = ["/", f"/documents/{doc_id}", f"/documents/{doc_id}/charts", f"/compare?ids={doc_id}&ids={other}", "/docs",
             "/no-such-page", "/static/app.js", "/api/documents"]
    for path in pages:
        r = client.get(path, headers={"accept": "text/html"})
        assert (r.headers["content-security-policy"], r.headers["x-content-type-options"], r.headers["x-frame-options"]) == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'", "nosniff", "DENY"), path
        if r.headers["content-type"].startswith("text/html"):
            parser = _Inline()
            parser.feed(r.text)
            assert parser.found == [], path
