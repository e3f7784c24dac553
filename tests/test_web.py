"""The web UI and JSON API: pages, downloads, escaping, upload limits and concurrent uploads."""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import seed
from mutate import replace_once, seed_text
from fastapi.testclient import TestClient
from webserver import LiveServer

from yusuan.store import open_store
from yusuan.web import Limits, create_app

TABLES = ["documents", "document_tables", "table_rows", "row_values", "narrative_figures",
          "findings", "figures", "failures"]


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path / "web.duckdb")
    yield s
    s.close()


@pytest.fixture()
def client(store, tmp_path):
    app = create_app(store, tmp_path / "data", limits=Limits(max_file_bytes=2 * 1024 * 1024, max_files=3))
    return TestClient(app)


def _upload(client, name: str, data: bytes, path: str = "/api/documents"):
    return client.post(path, files=[("files", (name, data))])


def test_upload_and_document_page(client):
    r = _upload(client, "阜平县信访局2023.txt", seed("002").read_bytes())
    assert r.status_code == 200
    result = r.json()["results"][0]
    assert result["status"] == "added" and result["version"] == 1
    doc_id = result["document_id"]
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    html = page.text
    # the shifted-rows finding: its cell highlighted in the expenditure summary, the finding beside it
    start = html.index('<section class="doc-table" id="t-expenditure_summary"')
    section = html[start:html.index("</section>", start)]
    assert 'class="num hit"' in section and ">S001</a>" in section
    assert 'class="notes"' in section and "行错位" in section
    assert "152.80" in section
    # the stated figure that does not match is marked
    assert '<mark class="bad"' in html and '<mark class="ok"' in html
    assert client.get(f"/documents/{doc_id}/charts").status_code == 200
    # one document is no comparison (test_compare_and_form_errors)
    assert client.get(f"/compare?ids={doc_id}").status_code == 422
    index = client.get("/?findings=yes&year=2023")
    assert "阜平县信访局" in index.text


def test_downloads(client):
    doc_id = _upload(client, "002.txt", seed("002").read_bytes()).json()["results"][0]["document_id"]
    extract = client.get(f"/documents/{doc_id}/download/extract.json")
    assert extract.status_code == 200 and "attachment" in extract.headers["content-disposition"]
    data = json.loads(extract.text, parse_float=Decimal)
    assert data["department"]["name"] == "阜平县信访局" and data["source"] == "002.txt"
    total = next(t for t in data["tables"] if t["id"] == "expenditure_summary")["rows"][0]["values"]["total"]
    assert str(total) == "152.80"
    check = json.loads(client.get(f"/documents/{doc_id}/download/check.json").text)
    assert any(f["rule"] == "S001" for f in check["findings"])
    assert client.get(f"/documents/{doc_id}/download/extract.xlsx").content[:2] == b"PK"
    assert "<html" in client.get(f"/documents/{doc_id}/download/report.html").text
    assert client.get(f"/documents/{doc_id}/download/../../etc/passwd").status_code == 404


def test_api_and_openapi(client):
    doc_id = _upload(client, "001.txt", seed("001").read_bytes()).json()["results"][0]["document_id"]
    docs = client.get("/api/documents").json()["documents"]
    assert [d["id"] for d in docs] == [doc_id]
    one = json.loads(client.get(f"/api/documents/{doc_id}").text, parse_float=Decimal)
    assert one["figures"]["expenditure_total"] == Decimal("647.23")
    assert client.get(f"/api/documents/{doc_id}/report").json()["schema_version"] == 1
    q = client.get("/api/query/trend", params={"department": "鹿泉", "figure": "三公经费"}).json()
    assert q["rows"][0]["year"] == 2024
    assert client.get("/api/query/rank", params={"figure": "不存在"}).status_code == 400
    spec = client.get("/openapi.json").json()
    assert "/api/documents" in spec["paths"] and "/api/query/{name}" in spec["paths"]
    assert client.get("/api/documents/12345").json() == {"error": "没有编号为 12345 的文件"}
    docs_page = client.get("/docs").text
    assert "/api/query/{name}" in docs_page and "cdn" not in docs_page.lower()


class _Table(HTMLParser):
    """The first table of an HTML fragment: rows of (text, class, attributes) per cell."""

    def __init__(self, fragment: str):
        super().__init__()
        self.rows: list[list[tuple[str, str, dict]]] = []
        self._cell: list | None = None
        self.feed(fragment[fragment.index("<table"):fragment.index("</table>")])

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ["", dict(attrs)]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text, attrs = self._cell
            self.rows[-1].append((text.strip(), attrs.get("class", ""), attrs))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data

    def texts(self) -> list[list[str]]:
        return [[c[0] for c in row] for row in self.rows]


def _section(html: str, table_id: str) -> str:
    start = html.index(f'<section class="doc-table" id="t-{table_id}"')
    return html[start:html.index("</section>", start)]


def test_two_sided_tables_as_printed(client):
    """收支总表 and 财政拨款收支总表: each printed line with its 收入 row left and its 支出 row right,
    a finding on the 支出 side marked there although both rows come from the same line of the file."""
    text = replace_once(seed_text("001"), "本年支出合计\t647.23", "本年支出合计\t657.23")
    doc_id = _upload(client, "001-mutated.txt", text.encode("utf-8")).json()["results"][0]["document_id"]
    html = client.get(f"/documents/{doc_id}").text
    table = _Table(_section(html, "income_expenditure_summary"))
    rows = table.texts()
    assert rows[:2] == [["序号", "收入", "支出", "位置"], ["项目", "预算数", "项目", "预算数"]]
    assert [c[2].get("colspan") for c in table.rows[0]] == [None, "2", "2", None]
    assert len(rows) == 2 + 34
    assert rows[2] == ["1", "一、一般公共预算拨款收入", "605.23", "一、一般公共服务支出", "506.10", "第 43 行"]
    assert rows[2 + 5] == ["6", "", "", "六、科学技术支出", "", "第 48 行"]
    assert rows[2 + 31:] == [
        ["32", "本年收入合计", "605.23", "本年支出合计", "657.23S005", "第 84 行"],
        ["33", "上年结转结余", "42.00", "年终结转结余", "", "第 85 行"],
        ["34", "收入总计", "647.23", "支出总计", "647.23S005", "第 86 行"]]
    # S005 is marked on the 支出 side only: 本年支出合计 is off, 支出总计 disagrees with it
    hit = [(r, k) for r, row in enumerate(table.rows) for k, c in enumerate(row) if "hit" in c[1].split()]
    assert hit == [(2 + 31, 4), (2 + 33, 4)]
    n = table.rows[2 + 31][4][2]["data-findings"]
    card = html[html.index(f'id="f-{n}"'):]
    assert re.search(r'<div class="place">(.*?)</div>', card)[1] == "本年支出合计 › 预算数 › 第 84 行"
    # the 财政拨款 table: one amount on the 收入 side, one per fund on the 支出 side
    fiscal = _Table(_section(html, "fiscal_appropriation_summary")).texts()
    assert fiscal[1] == ["项目", "金额", "项目", "金额", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                         "国有资本经营预算财政拨款"]
    assert fiscal[2] == ["1", "一、一般公共预算拨款", "605.23", "一、一般公共服务支出", "506.10", "506.10", "", "",
                         "第 183 行"]
    assert fiscal[2 + 33:] == [
        ["34", "一、一般公共预算拨款", "42.00", "", "", "", "", "", "第 226 行"],
        ["35", "二、政府性基金预算拨款", "", "", "", "", "", "", "第 227 行"],
        ["36", "三、国有资本经营预算拨款", "", "", "", "", "", "", "第 228 行"],
        ["37", "收入总计", "647.23", "支出总计", "647.23", "647.23", "", "", "第 229 行"]]
    # a file that prints the two halves of a line on two lines of text
    other = _upload(client, "002.txt", seed("002").read_bytes()).json()["results"][0]["document_id"]
    rows = _Table(_section(client.get(f"/documents/{other}").text, "income_expenditure_summary")).texts()
    assert rows[2] == ["1", "一、一般公共预算拨款收入", "185.62", "一、一般公共服务支出", "152.80", "第 53 行 / 第 55 行"]


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))


def test_pages_name_tables_and_columns_in_chinese(client):
    """No id of a table, column or stated figure shows on a page: the places of findings name the
    column as printed (合计, not 合计（total）) and the stated figure by its name."""
    ids = {p: _upload(client, f"{p}.txt", seed(p).read_bytes()).json()["results"][0]["document_id"]
           for p in ("000", "001", "002")}
    for p, doc_id in ids.items():
        for url in (f"/documents/{doc_id}", f"/documents/{doc_id}/charts"):
            text = _visible(client.get(url).text)
            assert re.findall(r"[A-Za-z]+_[A-Za-z_]+|（[A-Za-z_]+）", text) == [], url
    html = client.get(f"/documents/{ids['002']}").text
    places = re.findall(r'<span class="rule">(\w+)</span>.*?<div class="place">(.*?)</div>', html, flags=re.S)
    assert places == [("S001", "2010308 信访事务 › 合计 › 第 511 行"), ("S001", "2010308 信访事务 › 合计 › 第 1032 行"),
                      ("C004", "预算说明 › “三公”经费比上年增减 › 第 1476 行"),
                      ("N001", "预算说明 › 一般公共预算收入 › 第 1466 行"),
                      ("N011", "预算说明 › “其中”各项 › 第 1466 行")]
    assert "<dt>文件</dt><dd>002.txt（文本）</dd>" in html
    headings = re.findall(r'<section class="doc-table" id="t-(\w+)">\s*<h2>[^<]*<small>([^ <]+) ', html)
    assert headings[:4] == [("income_expenditure_summary", "收支总表"), ("income_summary", "收入总表"),
                            ("expenditure_summary", "支出总表"), ("fiscal_appropriation_summary", "财政拨款收支总表")]
    missing = client.get(f"/documents/{ids['000']}").text
    assert '<div class="place">财政拨款收支总表</div>' in missing  # C001: the table is missing


def test_places_of_pdf_cells_and_unnamed_columns():
    from yusuan.rules.engine import Finding, FindingSource
    from yusuan.web.views import cell_text, column_heading, place

    assert cell_text("R14C3") == "表格第 14 行第 3 列"
    assert cell_text("表2 R4C1") == "本页第 2 个表格第 4 行第 1 列"
    assert (cell_text("B5"), cell_text(None)) == ("单元格 B5", "")
    assert (column_heading("col7"), column_heading("备注")) == ("第 7 栏", "备注")

    def finding(table, column, **source):
        return Finding(rule="N006", severity="错误", title="t", table=table, column=column, message="m",
                       source=FindingSource(file="x.pdf", **source))

    assert place(finding("narrative", "percent", page=23)) == "预算说明 › 百分比 › 第 23 页"
    assert place(finding("narrative", "reception_change", line=9)) == "预算说明 › 公务接待费比上年增减 › 第 9 行"
    assert place(finding("expenditure_summary", "col9", page=3, cell="表1 R4C9")) == \
        "支出总表 › 第 9 栏 › 第 3 页，本页第 1 个表格第 4 行第 9 列"


HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what a browser sends


def _error_page(r) -> tuple[list[str], tuple[str, str]]:
    """The messages of an error page and its link back."""
    assert r.headers["content-type"].startswith("text/html")
    assert f"<h1>出错了（{r.status_code}）</h1>" in r.text
    back = re.search(r'<a id="back" href="([^"]*)">([^<]*)</a>', r.text)
    return re.findall(r'<p class="error">(.*?)</p>', r.text), (back[1], back[2])


def test_compare_and_form_errors(client):
    a = _upload(client, "001.txt", seed("001").read_bytes()).json()["results"][0]["document_id"]
    b = _upload(client, "002.txt", seed("002").read_bytes()).json()["results"][0]["document_id"]
    good = client.get(f"/compare?ids={a}&ids={b}&compare=1", headers=HTML)
    assert good.status_code == 200 and "石家庄市鹿泉区信访局" in good.text and "阜平县信访局" in good.text
    # the menu's link is the form itself, not an error; both forms' buttons say they were submitted
    assert client.get("/compare", headers=HTML).status_code == 200
    assert client.get("/", headers=HTML).text.count('<button type="submit" name="compare" value="1">') == 1
    assert client.get("/compare", headers=HTML).text.count('<button type="submit" name="compare" value="1">') == 1
    cases = [
        (f"/compare?ids=abc&ids={a}", 422, "要比较的文件编号（查询参数 ids）的第 1 个值应为整数，收到“abc”"),
        (f"/compare?ids={a}&compare=1", 422, "请至少选择两个文件进行比较（现在选了 1 个）"),
        (f"/compare?ids={a}&ids={a}", 422, "请至少选择两个文件进行比较（现在选了 1 个）"),
        ("/compare?compare=1", 422, "请至少选择两个文件进行比较（现在选了 0 个）"),
        (f"/compare?ids={a}&ids=999", 404, "没有编号为 999 的文件"),
    ]
    for url, status, message in cases:
        r = client.get(url, headers=HTML)
        assert r.status_code == status, url
        assert _error_page(r) == ([message], ("/compare", "返回比较页面")), url
    # other pages: a bad path parameter, an unknown page, a form posted without its file
    r = client.get("/documents/abc", headers=HTML)
    assert r.status_code == 422
    assert _error_page(r) == (["文件编号（路径参数 doc_id）应为整数，收到“abc”"], ("/", "返回文件列表"))
    r = client.get("/no-such-page", headers=HTML)
    assert r.status_code == 404 and _error_page(r) == (["没有这个页面或资源"], ("/", "返回文件列表"))
    r = client.post("/upload", data={"files": "not a file"}, headers=HTML)
    assert r.status_code == 422 and _error_page(r)[0] == [
        "上传的文件（表单字段 files）的第 1 个值应为上传的文件（multipart/form-data 的文件部分）"]
    # a client asking for JSON gets JSON, in Chinese, in the shape of FastAPI's 422 (loc, type, msg)
    r = client.get("/compare?ids=abc", headers={"accept": "application/json"})
    message = "要比较的文件编号（查询参数 ids）的第 1 个值应为整数，收到“abc”"
    assert r.status_code == 422 and r.json() == {
        "error": message, "detail": [{"loc": ["query", "ids", 0], "type": "int_parsing", "msg": message}]}
    r = client.get("/api/documents", params={"limit": 0, "year": "二〇二三"}, headers=HTML)
    assert r.status_code == 422 and r.json()["error"] == (
        "年度（查询参数 year）应为整数，收到“二〇二三”；条数（查询参数 limit）不能小于 1，收到“0”")
    assert client.get("/api/nothing").json() == {"error": "没有这个页面或资源"}


def test_untrusted_text_is_escaped(client, tmp_path):
    text = seed("001").read_text(encoding="utf-8")
    evil = text.replace("石家庄市鹿泉区信访局", "<script>alert(1)</script>鹿泉区信访局", 3)
    r = _upload(client, "<img src=x onerror=alert(2)>.txt", evil.encode("utf-8"))
    doc_id = r.json()["results"][0]["document_id"]
    other = _upload(client, "002.txt", seed("002").read_bytes()).json()["results"][0]["document_id"]
    for url in (f"/documents/{doc_id}", "/", f"/compare?ids={doc_id}&ids={other}", f"/documents/{doc_id}/charts",
                "/compare?ids=<script>alert(1)</script>"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/documents/{doc_id}").text
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp


def test_upload_limits_and_paths(client, tmp_path):
    big = _upload(client, "big.txt", b"x" * (2 * 1024 * 1024 + 10))
    assert big.status_code == 422 and big.json()["results"] == [
        {"file": "big.txt", "status": "rejected", "error": "文件 big.txt：超过 2 MB 的上限"}]
    too_many = client.post("/api/documents", files=[("files", (f"{i}.txt", b"a")) for i in range(4)])
    assert too_many.status_code == 413 and too_many.json() == {"error": "一次最多上传 3 个文件"}
    fields = client.post("/api/documents", files=[("files", ("a.txt", b"a"))], data={"note": "x" * 70_000})
    assert fields.status_code == 413 and fields.json() == {"error": "表单的文字字段过长（每个不超过 64 KB）"}
    broken = client.post("/api/documents", content=b"--x\r\n", headers={"content-type": "multipart/form-data"})
    assert broken.status_code == 400 and broken.json() == {"error": "上传的表单无法解析（应为 multipart/form-data）"}
    wrong = _upload(client, "run.exe", b"MZ")
    assert wrong.json()["results"][0]["status"] == "rejected"
    traversal = _upload(client, "../../../../tmp/escape.txt", seed("001").read_bytes())
    assert traversal.json()["results"][0]["file"] == "escape.txt"
    saved = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    assert all(p.parent == tmp_path / "data" / "uploads" for p in saved)
    assert not (Path("/tmp") / "escape.txt").exists()
    assert _upload(client, "x.txt", b"").json()["results"][0]["status"] == "rejected"


def test_upload_body_over_the_cap(client, tmp_path):
    """A body over the request cap is refused by its stated length, and cut off while it streams
    in when it states none (chunked): either way nothing is saved."""
    cap = Limits(max_file_bytes=2 * 1024 * 1024, max_files=3).max_request_bytes
    boundary = "yusuan-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"huge.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    chunk = b"x" * (256 * 1024)
    sent = 0

    def body():
        nonlocal sent
        yield head
        while sent <= cap + len(chunk):
            sent += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    message = "上传内容过大（每个文件不超过 2 MB，一次不超过 3 个文件）"
    chunked = client.post("/api/documents", content=body(),
                          headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert chunked.status_code == 413 and chunked.json() == {"error": message}
    stated = client.post("/api/documents", content=b"x", headers={
        "content-type": f"multipart/form-data; boundary={boundary}", "content-length": str(cap + 1)})
    assert stated.status_code == 413 and stated.json() == {"error": message}
    assert list((tmp_path / "data" / "uploads").iterdir()) == []
    assert client.get("/api/documents").json() == {"documents": []}


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        assert schema["$ref"].startswith("#/components/schemas/")
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_upload_through_the_schema(client):
    """A client that knows only /openapi.json can upload: the request is built from the schema."""
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/documents"]["post"]
    assert op["requestBody"]["required"] is True
    [(media, content)] = op["requestBody"]["content"].items()
    assert media == "multipart/form-data"
    schema = _resolve(spec, content["schema"])
    fields = schema["properties"]
    assert list(fields) == ["files"] and schema["required"] == ["files"]
    name, prop = next(iter(fields.items()))
    assert prop["type"] == "array"  # several files in one request
    part_type = prop["items"]["contentMediaType"]
    assert prop["items"]["type"] == "string" and part_type == "application/octet-stream"
    r = client.post("/api/documents", files=[(name, ("002.txt", seed("002").read_bytes(), part_type))])
    assert r.status_code == 200
    [result] = r.json()["results"]
    answer = _resolve(spec, op["responses"]["200"]["content"]["application/json"]["schema"])
    item = answer["properties"]["results"]["items"]
    assert set(result) <= set(item["properties"]) and result["status"] in item["properties"]["status"]["enum"]
    assert {k: result[k] for k in ("file", "status", "version")} == {"file": "002.txt", "status": "added",
                                                                     "version": 1}
    listed = client.get("/api/documents").json()["documents"]
    assert [(d["id"], d["department_name"], d["source"]) for d in listed] == [
        (result["document_id"], "阜平县信访局", "002.txt")]
    # what the schema does not allow is refused in Chinese, in the shape the schema gives for 422
    r = client.post("/api/documents", data={"other": "x"})
    assert r.status_code == 422 and r.json() == {
        "error": "缺少上传的文件（表单字段 files）",
        "detail": [{"loc": ["body", "files"], "type": "missing", "msg": "缺少上传的文件（表单字段 files）"}]}
    assert set(_resolve(spec, op["responses"]["422"]["content"]["application/json"]["schema"])["properties"]) \
        == {"detail"}
    # the API's own page lists the form field and offers a form to try it
    docs = client.get("/docs").text
    assert "<code>files</code>（表单字段（multipart/form-data），文件，可多个，必填）" in docs
    assert ('<form class="try" method="post" action="/api/documents" enctype="multipart/form-data">' in docs
            and '<input name="files" type="file" multiple required>' in docs)


def _counts(store) -> dict[str, int]:
    return {t: store.backend.fetchall(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def _concurrent_uploads(store, tmp_path):
    store.add(__import__("yusuan.store.records", fromlist=["prepare"]).prepare(seed("000")))
    before = _counts(store)
    docs_before = store.backend.fetchall("SELECT id, content_hash, version FROM documents ORDER BY id")
    app = create_app(store, tmp_path / "data")
    body = seed("002").read_bytes()
    results, errors = [], []
    barrier = threading.Barrier(9)

    def client(name, data):
        try:
            barrier.wait(timeout=30)
            with httpx.Client(base_url=server.url, timeout=120) as c:
                r = c.post("/api/documents", files=[("files", (name, data))])
                results.append((r.status_code, r.json()))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    with LiveServer(app) as server:
        threads = [threading.Thread(target=client, args=(f"002-{i}.txt", body)) for i in range(4)]
        threads.append(threading.Thread(target=client, args=("坏文件.pdf", b"%PDF-1.7\n\x00\x01 broken")))
        threads += [threading.Thread(target=client, args=(f"002-{i}.txt", body)) for i in range(4, 8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
    assert not errors
    statuses = sorted(r[1]["results"][0]["status"] for r in results)
    assert statuses.count("added") == 1 and statuses.count("duplicate") == 7
    assert statuses.count("failed") == 1
    after = _counts(store)
    assert after["documents"] == before["documents"] + 1 and after["failures"] == before["failures"] + 1
    new_id = store.backend.fetchall("SELECT max(id) FROM documents")[0][0]
    for t in TABLES:
        if t in ("documents", "failures"):
            continue
        column = "document_id"
        own = store.backend.fetchall(f"SELECT count(*) FROM {t} WHERE {column} = ?", (new_id,))[0][0]
        assert after[t] == before[t] + own, t
    assert store.backend.fetchall("SELECT id, content_hash, version FROM documents WHERE id <> ? ORDER BY id",
                                  (new_id,)) == docs_before
    uploads = sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir())
    assert len(uploads) == 2 and not any(n.startswith(".") for n in uploads)


def test_concurrent_uploads_duckdb(store, tmp_path):
    _concurrent_uploads(store, tmp_path)


def test_concurrent_uploads_postgres(pg_server, tmp_path):
    store = open_store(pg_server.new_database())
    try:
        _concurrent_uploads(store, tmp_path)
    finally:
        store.close()


def test_hostile_requests_are_refused_in_chinese(tmp_path):
    from fastapi.testclient import TestClient

    store = open_store(tmp_path / "库.duckdb")
    try:
        client = TestClient(create_app(store, tmp_path / "data"))
        # An offset or id past any corpus is a Chinese 422/404, not a server error.
        big = client.get("/api/documents", params={"offset": 10**30}, headers={"accept": "application/json"})
        assert big.status_code == 422
        assert big.json()["error"] == (f"起始位置（查询参数 offset）不能大于 {2**62}，收到“{10**30}”")
        missing = client.get(f"/api/documents/{10**30}", headers={"accept": "application/json"})
        assert (missing.status_code, missing.json()) == (404, {"error": f"没有编号为 {10**30} 的文件"})
        # HEAD answers as GET does, without a body.
        head = client.head("/")
        assert head.status_code == 200 and head.content == b""
        # A state-changing request posted by another site's page is refused.
        other = client.post("/api/documents", files={"files": ("a.txt", b"x", "text/plain")},
                            headers={"origin": "http://evil.example"})
        assert other.status_code == 403
        assert other.json() == {"error": "拒绝来自其他网站（http://evil.example）的请求：上传和删除只能在本服务的网页上进行"}
        # A server started for 127.0.0.1 does not answer to another host name (DNS rebinding).
        local = TestClient(create_app(store, tmp_path / "data2", hosts=["127.0.0.1", "localhost"]),
                           base_url="http://127.0.0.1")
        assert local.get("/").status_code == 200
        assert local.get("/", headers={"host": "evil.example"}).status_code == 400
    finally:
        store.close()
