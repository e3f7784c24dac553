"""The web UI and JSON API over a corpus store (FastAPI, server-rendered Jinja2 pages, ECharts).

Uploaded files are written only under ``data_dir/uploads``, named by their content hash (never by
the name the client sent), through a temporary file in the same folder and an atomic rename. A
document's text is untrusted: templates autoescape it and no page puts it into a script.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from fastapi import APIRouter, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from yusuan.read.limits import MAX_WAITING_UPLOADS
from yusuan.store import Store
from yusuan.store.ingest import cannot_write
from yusuan.store.records import FIGURES, SUPPORTED, Failed, content_hash
from yusuan.store.workers import Busy, Readers, ReaderUnavailable, Turns, wait_briefly
from yusuan.web import errors
from yusuan.web.security import (CSRF_FIELD, SECURITY_HEADERS, Csrf, cross_site, presented_token,
                                  token_matches)

HERE = Path(__file__).resolve().parent
MAX_COMPARED = 12
# The reader's name of a file format (RawDocument.format)
FORMAT_NAMES = {"text": "文本", "pdf": "PDF", "docx": "Word 文档", "xlsx": "Excel 表格", "xls": "Excel 表格（xls）"}


@dataclass
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_files: int = 20
    max_waiting: int = MAX_WAITING_UPLOADS  # files waiting for a reader; more are refused (503)

    @property
    def max_request_bytes(self) -> int:
        return self.max_file_bytes * self.max_files + 1024 * 1024


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

def _json(obj, status: int = 200) -> Response:
    from yusuan.report.json import dumps_exact

    return Response(dumps_exact(obj, indent=None), status_code=status, media_type="application/json")


def _safe_name(name: str | None) -> str:
    """The client's file name for display only: its last part, no control characters, bounded."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "未命名"
    return base[:120]


def _resolve(spec: dict, schema: dict) -> dict:
    """A schema with its ``$ref`` (``#/components/schemas/...``) followed."""
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _is_file(prop: dict) -> bool:
    """A binary string (OpenAPI 3.1 ``contentMediaType``, 3.0 ``format: binary``), or an array of them."""
    item = prop.get("items", prop) if prop.get("type") == "array" else prop
    return item.get("type") == "string" and ("contentMediaType" in item or item.get("format") == "binary")


def _figures_row(figures: dict) -> list[dict]:
    return [{"key": k, "name": v, "value": figures.get(k)} for k, v in FIGURES.items()]


ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
UPLOAD_RESULTS_SCHEMA = {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {
    "type": "object", "required": ["file", "status"], "properties": {
        "file": {"type": "string", "description": "客户端给的文件名（只取最后一段）"},
        "status": {"type": "string", "enum": ["added", "duplicate", "failed", "duplicate_failure", "rejected"]},
        "document_id": {"type": ["integer", "null"]}, "version": {"type": "integer"},
        "findings": {"type": "integer", "description": "核对发现的数目"}, "error": {"type": "string"}}}}}}


# The upload forms have no text fields: bounds on stray ones, which the parser keeps in memory.
MAX_FIELDS, MAX_TEXT_PART = 50, 64 * 1024


class _TooLarge(Exception):
    """The request body went past its cap while being read (a chunked body states no length)."""


def _capped(receive, limit: int):
    seen = 0

    async def capped_receive():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
        return message

    return capped_receive


async def _read_form(request: Request, limits: Limits) -> None:
    """Parse the multipart form under the limits, or raise the HTTP error in Chinese.

    FastAPI would parse the form of a ``File`` parameter itself, with Starlette's defaults (a
    thousand files, any size) and English errors; the form parsed here is the one it then uses, as
    the request keeps its parsed form. The body is refused unread when its stated length is over the
    cap, and cut off when what arrives goes over it; file parts stream to temporary files."""
    too_large = (f"上传内容过大（每个文件不超过 {limits.max_file_bytes // (1024 * 1024)} MB，"
                 f"一次不超过 {limits.max_files} 个文件）")
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limits.max_request_bytes:
        raise HTTPException(413, too_large)
    from starlette.formparsers import MultiPartException

    try:
        await request.form(max_files=limits.max_files, max_fields=MAX_FIELDS, max_part_size=MAX_TEXT_PART)
    except _TooLarge:
        raise HTTPException(413, too_large) from None
    except (MultiPartException, StarletteHTTPException) as exc:
        # Starlette says which limit in English only
        text = str(getattr(exc, "detail", None) or getattr(exc, "message", None) or exc).lower()
        if "too many files" in text:
            raise HTTPException(413, f"一次最多上传 {limits.max_files} 个文件") from None
        if "too many fields" in text:
            raise HTTPException(413, f"表单字段过多（最多 {MAX_FIELDS} 个）") from None
        if "exceeded maximum size" in text:
            raise HTTPException(413, f"表单的文字字段过长（每个不超过 {MAX_TEXT_PART // 1024} KB）") from None
        raise HTTPException(400, "上传的表单无法解析（应为 multipart/form-data）") from None


class UploadRoute(APIRoute):
    """A route whose multipart form is read by :func:`_read_form` under the app's :class:`Limits`."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def read_then_handle(request: Request) -> Response:
            limits: Limits = request.app.state.limits
            request = Request(request.scope, _capped(request.receive, limits.max_request_bytes))
            await _read_form(request, limits)
            return await handler(request)

        return read_then_handle


# Largest document id and list offset a request may name (beyond any corpus; keeps SQL integers in range).
MAX_ID = 2**62


def create_app(store: Store, data_dir: str | Path, *, limits: Limits | None = None,
               hosts: list[str] | None = None, readers: Readers | None = None,
               token: str | None = None) -> FastAPI:
    """The web app over ``store``. ``hosts``: the host names the server answers to (a request naming
    another host — DNS rebinding — is refused); None answers any, for embedding and tests. ``readers``:
    the processes uploads are read in (two by default); the caller closes them. ``token``: when given,
    every request must carry it (web.security)."""
    limits = limits or Limits()
    readers = readers or Readers(2)
    turns = Turns(readers.workers, limits.max_waiting)
    data_dir = Path(data_dir).resolve()
    uploads = data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)

    # The API's documentation is a page of our own (/docs): the stock one loads its scripts from a CDN.
    app = FastAPI(title="yusuan 预算公开文件库", version="1", docs_url=None, redoc_url=None, description=(
        "部门预算公开文件库的 JSON 接口：文件列表、单个文件的表格与发现、上传、标准查询。金额为十进制数（万元或文件印刷的单位），"
        "JSON 中按印刷的样子写出，不经二进制浮点。"))
    app.state.store = store
    app.state.limits = limits
    app.state.readers = readers
    if hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    from jinja2 import Environment, FileSystemLoader

    # every template escapes (the .j2 suffix would otherwise turn Jinja2's default escaping off)
    templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True))
    templates.env.globals["figure_names"] = FIGURES
    csrf = Csrf()
    templates.env.globals["csrf_field"] = CSRF_FIELD
    templates.env.globals["csrf_token"] = csrf.issue
    templates.env.filters["format_name"] = lambda f: FORMAT_NAMES.get(f, f)
    templates.env.filters["amount"] = lambda v: "—" if v is None else (f"{v:f}" if isinstance(v, Decimal) else str(v))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def same_origin(request: Request, call_next):
        # A page of another site may post to a server on this machine (a form, or DNS rebinding), and the
        # browser adds the basic-auth password it holds: a state-changing request must come from this
        # server's own pages, or from no page at all (a script).
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            other = cross_site(request.headers.get("origin"), request.headers.get("sec-fetch-site"),
                               request.headers.get("host", ""))
            if other:
                return JSONResponse({"error": f"拒绝来自其他网站（{other}）的请求：上传和删除只能在本服务的网页上进行"},
                                    status_code=403)
        if request.method == "HEAD":  # as GET, without the body
            request.scope["method"] = "GET"
            response = await call_next(request)
            return Response(status_code=response.status_code, headers=dict(response.headers))
        return await call_next(request)

    if token is not None:
        @app.middleware("http")
        async def authenticate(request: Request, call_next):
            if token_matches(presented_token(request.headers.get("authorization")), token):
                return await call_next(request)
            message = ("需要访问令牌：请在请求头中带上 Authorization: Bearer 令牌，或在浏览器弹出的登录框中以令牌为密码"
                       "（用户名任意）")
            challenge = {"WWW-Authenticate": 'Basic realm="yusuan", charset="UTF-8"'}
            if errors.wants_html(request):
                return HTMLResponse(f"<!doctype html><meta charset=\"utf-8\"><title>需要登录</title><p>{message}</p>",
                                    status_code=401, headers=challenge)
            return JSONResponse({"error": message}, status_code=401, headers=challenge)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def get_doc(doc_id: int) -> dict:
        doc = store.document(doc_id) if 0 < doc_id <= MAX_ID else None
        if doc is None:
            raise HTTPException(404, f"没有编号为 {doc_id} 的文件")
        return doc

    # -- uploads
    def save_and_ingest(filename: str, data: bytes) -> dict:
        name = _safe_name(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            return {"file": name, "status": "rejected",
                    "error": f"文件 {name}：不支持的文件类型（支持 {'、'.join(SUPPORTED)}）"}
        digest = content_hash(data)
        known = store.known(digest)
        if known == "document":
            doc = store.backend.fetchall("SELECT id FROM documents WHERE content_hash = ?", (digest,))
            return {"file": name, "status": "duplicate", "document_id": doc[0][0] if doc else None}
        if known == "failure":
            return {"file": name, "status": "duplicate_failure", "error": f"文件 {name}：此前已上传，无法读取"}
        target = uploads / f"{digest}{suffix}"
        try:
            if not target.exists():
                fd, tmp = tempfile.mkstemp(dir=uploads, prefix=".upload-", suffix=suffix)
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(data)
                    os.replace(tmp, target)  # atomic; same content gives the same bytes under the same name
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except OSError as exc:  # a full disk: the upload is refused, nothing half-written stays
            full = exc.errno == errno.ENOSPC
            return {"file": name, "status": "rejected",
                    "error": f"文件 {name}：无法保存上传的文件（{'磁盘空间已满' if full else exc.strerror or exc}），请稍后再试"}
        # read in a process of its own, under the readers' memory and time limits (store.workers)
        item = readers.read(((str(target),), digest, None, name))
        try:
            added = store.add(item)
        except Exception as exc:  # the database cannot be written (a full disk)
            return {"file": name, "status": "rejected", "error": cannot_write(store.location, name, exc)}
        if isinstance(item, Failed):
            return {"file": name, "status": "failed" if added.status == "failed" else "duplicate_failure",
                    "error": item.error}
        out = {"file": name, "status": added.status, "findings": len(item.findings)}
        if added.status == "added":
            out.update(document_id=added.document_id, version=added.version)
        else:
            doc = store.backend.fetchall("SELECT id FROM documents WHERE content_hash = ?", (digest,))
            out["document_id"] = doc[0][0] if doc else None
        return out

    async def ingest(files: list[UploadFile]) -> list[dict]:
        """Each file of a form UploadRoute has read: saved and ingested, or the reason it was not."""
        if len(files) > limits.max_files:
            raise HTTPException(413, f"一次最多上传 {limits.max_files} 个文件")
        return [await read_in_turn(f) for f in files]

    async def read_in_turn(f: UploadFile) -> dict:
        """One upload read when its turn comes: at most ``readers.workers`` at once, the rest waiting in
        order without holding a thread (pages stay quick while uploads are read) or their bytes in memory
        (the parser spooled each to a temporary file)."""
        import anyio

        try:
            ticket = turns.join()
        except Busy:
            raise HTTPException(503, f"服务器正忙：已有 {turns.waiting} 个文件在排队读取，请稍后再上传",
                                headers={"Retry-After": "30"}) from None
        started = time.monotonic()
        try:
            while not turns.take(ticket):
                await anyio.sleep(wait_briefly(started))
        except BaseException:
            turns.leave(ticket)
            raise
        try:
            name = _safe_name(f.filename)
            data = await f.read(limits.max_file_bytes + 1)  # no more of it than the cap
            if len(data) > limits.max_file_bytes:
                return {"file": name, "status": "rejected",
                        "error": f"文件 {name}：超过 {limits.max_file_bytes // (1024 * 1024)} MB 的上限"}
            if not data:
                return {"file": name, "status": "rejected", "error": f"文件 {name}：空文件"}
            try:
                return await run_in_threadpool(save_and_ingest, f.filename or "", data)
            except ReaderUnavailable as exc:  # the machine's trouble, not the file's: nothing is recorded
                raise HTTPException(503, f"{exc}，请稍后再上传", headers={"Retry-After": "30"}) from None
        finally:
            turns.done()

    # -- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, department: str | None = None, year: str | None = None, kind: str | None = None,
              region: str | None = None, findings: str | None = None):
        y = int(year) if year and year.isdigit() else None
        wf = {"yes": True, "no": False}.get(findings or "")
        docs = store.documents(department=department or None, year=y, kind=kind or None, region=region or None,
                               with_findings=wf)
        return page(request, "index.html.j2", docs=docs, facets=store.facets(), counts=store.overview(),
                    failures=store.failures(limit=20),
                    filters={"department": department or "", "year": year or "", "kind": kind or "",
                             "region": region or "", "findings": findings or ""}, limits=limits)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: int):
        from yusuan.web.views import explanation_view, ocr_view, other_findings, table_views

        doc = get_doc(doc_id)
        d, report = store.disclosure(doc_id), store.report(doc_id)
        tables = table_views(d, report)
        passages, stated = explanation_view(d, report)
        return page(request, "document.html.j2", doc=doc, d=d, report=report, tables=tables,
                    others=other_findings(report, {t["id"] for t in tables}), passages=passages, stated=stated,
                    versions=store.versions(doc_id), figures=_figures_row(store.figures(doc_id)),
                    transparency=store.transparency(doc_id), ocr=ocr_view(d))

    @app.get("/documents/{doc_id}/charts", response_class=HTMLResponse, include_in_schema=False)
    def charts_page(request: Request, doc_id: int):
        from yusuan.web.views import structure_charts, years_chart

        doc = get_doc(doc_id)
        d = store.disclosure(doc_id)
        figures = store.figures(doc_id)
        chart = structure_charts(d, figures)
        chart["years"] = years_chart(_department_series(doc["department_key"]))
        return page(request, "charts.html.j2", doc=doc, chart=chart, figures=_figures_row(figures))

    @app.get("/documents/{doc_id}/budget-final", response_class=HTMLResponse, include_in_schema=False)
    def budget_final_page(request: Request, doc_id: int):
        from yusuan.store.execution import for_document

        doc = get_doc(doc_id)
        pair, result = for_document(store, doc_id)
        return page(request, "budget_final.html.j2", doc=doc, pair=pair, result=result)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, ids: list[int] = Query(default=[]), compare: str | None = None):
        chosen = list(dict.fromkeys(ids))
        # the bare page (the menu's link) is the form; a submitted form (its button sends compare) or a
        # link with ids asks for a comparison, which needs two documents that exist
        if chosen or compare is not None:
            missing = [str(i) for i in chosen if store.document(i) is None]
            if missing:
                raise HTTPException(404, f"没有编号为 {'、'.join(missing)} 的文件")
            if len(chosen) < 2:
                raise HTTPException(422, f"请至少选择两个文件进行比较（现在选了 {len(chosen)} 个）")
            if len(chosen) > MAX_COMPARED:
                raise HTTPException(422, f"一次最多比较 {MAX_COMPARED} 个文件（现在选了 {len(chosen)} 个）")
        docs = [store.document(i) for i in chosen]
        rows = []
        for doc in docs:
            rows.append({"doc": doc, "figures": store.figures(doc["id"])})
        chart = {"labels": [f"{r['doc']['department_name'] or r['doc']['department_key']} {r['doc']['year'] or ''}"
                            for r in rows],
                 "series": [{"name": FIGURES[k], "data": [float(r["figures"][k]) if r["figures"].get(k) is not None
                                                          else None for r in rows]}
                            for k in ("expenditure_total", "basic", "project", "personnel", "public",
                                      "three_public_total", "operation_cost")]}
        return page(request, "compare.html.j2", rows=rows, chart=chart, all_docs=store.documents(limit=200),
                    max_compared=MAX_COMPARED)

    def _department_series(department_key: str) -> dict:
        from yusuan.store.queries import figure_series

        keys = list(FIGURES)
        series = figure_series(store, keys)
        out: dict = {}
        for (dept, key), years in series.items():
            if dept == department_key:
                out[key] = {y: v for y, (v, _doc) in years.items()}
        return out

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        spec = app.openapi()
        endpoints = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [{"name": p["name"], "where": {"query": "查询参数", "path": "路径参数"}.get(p["in"], p["in"]),
                           "type": (p.get("schema") or {}).get("type", ""), "required": p.get("required", False)}
                          for p in op.get("parameters", [])]
                form = None
                for media, content in (op.get("requestBody") or {}).get("content", {}).items():
                    schema = _resolve(spec, content.get("schema") or {})
                    required = set(schema.get("required", []))
                    fields = [{"name": name, "file": _is_file(prop), "many": prop.get("type") == "array",
                               "required": name in required} for name, prop in schema.get("properties", {}).items()]
                    params += [{"name": f["name"], "where": f"表单字段（{media}）",
                                "type": ("文件，可多个" if f["many"] else "文件") if f["file"] else "",
                                "required": f["required"]} for f in fields]
                    if media == "multipart/form-data":
                        form = {"media": media, "fields": fields}
                endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                                  "params": params, "form": form})
        return page(request, "api.html.j2", spec=spec, endpoints=endpoints)

    def original(doc: dict) -> Path | None:
        """The file a document was read from, where it is still at hand with the same content: its
        upload, or the path it was ingested from."""
        rows = store.backend.fetchall("SELECT content_hash FROM documents WHERE id = ?", (doc["id"],))
        if not rows:
            return None
        digest = rows[0][0]
        for path in uploads.glob(f"{digest}.*"):
            return path
        path = Path(doc["source"])
        try:
            stat = path.stat()
            if path.is_file() and hash_of(str(path), stat.st_mtime_ns, stat.st_size) == digest:
                return path
        except OSError:
            pass
        return None

    @lru_cache(maxsize=64)
    def hash_of(path: str, mtime_ns: int, size: int) -> str:
        """A file's content hash, read once while it is unchanged (a page shows many of its cells)."""
        return content_hash(Path(path).read_bytes())

    @app.get("/documents/{doc_id}/ocr/{n}.png", include_in_schema=False)
    def ocr_picture(doc_id: int, n: int):
        """The region of the page a figure listed under “OCR 识别” was read from (the n-th listed)."""
        from yusuan.report.pictures import region_png
        from yusuan.web.views import ocr_figures

        doc = get_doc(doc_id)
        figures = ocr_figures(store.disclosure(doc_id))
        if not 0 <= n < len(figures) or figures[n].box is None or figures[n].source.page is None:
            raise HTTPException(404, "没有这个识别结果的图")
        path = original(doc)
        if path is None:
            raise HTTPException(404, "原文件已不在，无法显示原图")
        f = figures[n]
        try:
            png = region_png(path, f.source.page, f.box)
        except Exception as exc:  # noqa: BLE001 - a file changed or broken since it was read
            raise HTTPException(404, f"无法从原文件取出这一处的图（{exc}）") from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    # -- downloads
    @app.get("/documents/{doc_id}/download/{what}", include_in_schema=False)
    def download(doc_id: int, what: str):
        doc = get_doc(doc_id)
        stem = f"document-{doc_id}"
        if what == "extract.json":
            from yusuan.export import to_json

            body, media = to_json(store.disclosure(doc_id)) + "\n", "application/json"
        elif what == "check.json":
            from yusuan.report.json import to_json

            body, media = to_json([store.report(doc_id)], single=True) + "\n", "application/json"
        elif what == "report.html":
            from yusuan.report.html import to_html

            body, media = to_html([store.report(doc_id)]), "text/html; charset=utf-8"
        elif what in ("checklist", "checklist.xlsx"):
            body, media = _checklist([doc_id]), XLSX
            what = "checklist.xlsx"
        elif what == "extract.xlsx":
            from yusuan.export import write_xlsx

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "out.xlsx"
                write_xlsx(store.disclosure(doc_id), path)
                body = path.read_bytes()
            media = XLSX
        else:
            raise HTTPException(404, "没有这种下载（可用：extract.json、extract.xlsx、check.json、report.html、checklist）")
        del doc
        name = f"{stem}-{what}"
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def _checklist(ids: list[int]) -> bytes:
        """The 检查表 of these documents as XLSX bytes: a sheet each, a 汇总 sheet first when several."""
        from yusuan.report.checklist import write_checklist

        pairs = []
        for doc_id in dict.fromkeys(ids):
            get_doc(doc_id)
            report = store.report(doc_id)
            if report.transparency is None:  # stored before reports carried the score
                t = store.transparency(doc_id)
                report.transparency = t.to_dict() if t is not None else None
            pairs.append((report, store.disclosure(doc_id)))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "checklist.xlsx"
            write_checklist(pairs, path)
            return path.read_bytes()

    @app.get("/download/checklist", include_in_schema=False)
    def download_checklists(ids: list[int] = Query(default=[])):
        if not ids:
            raise HTTPException(422, "请选择要下载检查表的文件（ids=文件编号，可重复）")
        if len(ids) > 200:
            raise HTTPException(422, "一次最多下载 200 个文件的检查表")
        return Response(_checklist(ids), media_type=XLSX,
                        headers={"Content-Disposition": 'attachment; filename="checklist.xlsx"'})

    # -- JSON API
    @app.get("/api/documents", summary="文件列表（可按部门、年度、种类、地区、有无发现筛选）")
    def api_documents(department: str | None = None, year: int | None = None, kind: str | None = None,
                      region: str | None = None, with_findings: bool | None = None, latest: bool = False,
                      limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID)):
        docs = store.documents(department=department, year=year, kind=kind, region=region,
                               with_findings=with_findings, latest=latest, limit=limit, offset=offset)
        for doc in docs:
            doc["ingested_at"] = str(doc["ingested_at"])
        return _json({"documents": docs})

    @app.get("/api/documents/{doc_id}", summary="一个文件：概况、标准指标（万元）、发现、各版本")
    def api_document(doc_id: int):
        doc = get_doc(doc_id)
        doc["ingested_at"] = str(doc["ingested_at"])
        versions = [{"id": v["id"], "version": v["version"]} for v in store.versions(doc_id)]
        return _json({"document": doc, "figures": store.figures(doc_id), "findings": store.findings(doc_id),
                      "versions": versions})

    @app.get("/api/documents/{doc_id}/extract", summary="提取结果（与 yusuan extract 的 JSON 相同）")
    def api_extract(doc_id: int):
        get_doc(doc_id)
        return _json(store.disclosure(doc_id).model_dump(mode="python"))

    @app.get("/api/documents/{doc_id}/report", summary="核对报告（与 yusuan check --format json 相同）")
    def api_report(doc_id: int):
        from yusuan.report.json import report_dict

        get_doc(doc_id)
        return _json(report_dict(store.report(doc_id)))

    # -- uploads: both routes read their form under the limits (UploadRoute) before FastAPI fills `files`
    uploading = APIRouter(route_class=UploadRoute)
    files_param = File(description=f"要上传的文件，可多个（{'、'.join(SUPPORTED)}；每个不超过 "
                                   f"{limits.max_file_bytes // (1024 * 1024)} MB，一次最多 {limits.max_files} 个）")

    @uploading.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_page(request: Request, files: list[UploadFile] = files_param):
        form = await request.form()  # already read by UploadRoute, under the limits
        if not csrf.valid(form.get(CSRF_FIELD) if isinstance(form.get(CSRF_FIELD), str) else None):
            raise HTTPException(403, "表单已过期或不是本服务的网页提交的：请重新打开首页再上传")
        results = await ingest(files)
        if len(results) == 1 and results[0].get("document_id"):
            return RedirectResponse(f"/documents/{results[0]['document_id']}", status_code=303)
        return page(request, "uploaded.html.j2", results=results)

    @uploading.post("/api/documents", summary="上传一个或多个文件（multipart 字段 files），读取、核对并入库",
                    description="每个文件一项结果。没有一个文件入库或已在库中时，状态为 422，结果照样返回。",
                    responses={
                        200: {"description": "各文件的结果",
                              "content": {"application/json": {"schema": UPLOAD_RESULTS_SCHEMA}}},
                        400: {"description": "表单无法解析", "content": {"application/json": {"schema": ERROR_SCHEMA}}},
                        413: {"description": "上传内容过大或文件过多",
                              "content": {"application/json": {"schema": ERROR_SCHEMA}}}})
    async def api_upload(files: list[UploadFile] = files_param):
        results = await ingest(files)
        status = 200 if any(r["status"] in ("added", "duplicate") for r in results) else 422
        return _json({"results": results}, status=status)

    app.include_router(uploading)

    @app.get("/api/status", summary="服务状态：读取进程和上传队列（正在读取、排队等待的文件数）及各项上限")
    def api_status():
        status = readers.status()
        return _json({"readers": status["workers"], "reading": turns.active, "waiting": turns.waiting,
                      "max_waiting": turns.max_waiting, "read": status["read"], "stopped": status["stopped"],
                      "reader_memory_mb": status["memory_mb"], "reader_seconds": status["seconds"],
                      "max_file_mb": limits.max_file_bytes // (1024 * 1024), "max_files": limits.max_files})

    @app.get("/api/failures", summary="无法读取的文件及原因")
    def api_failures(limit: int = Query(100, ge=1, le=1000)):
        rows = store.failures(limit=limit)
        for r in rows:
            r["failed_at"] = str(r["failed_at"])
        return _json({"failures": rows})

    @app.get("/api/query/{name}",
             summary="标准查询：trend、rank、functional、findings、completeness、transparency、budget_final")
    def api_query(name: str, department: str | None = None, figure: list[str] | None = Query(None),
                  year: int | None = None, by: str = "value", limit: int = Query(20, ge=1, le=1000),
                  level: str = "类", rule: str | None = None, documents: bool = False, region: str | None = None):
        from yusuan.store import queries as q

        try:
            if name == "trend":
                result = q.trend(store, department or "", figure)
            elif name == "rank":
                result = q.rank(store, (figure or ["支出合计"])[0], year=year, by=by, limit=limit, region=region)
            elif name == "functional":
                result = q.functional(store, level=level, year=year)
            elif name == "findings":
                result = q.findings_by_rule(store, rule)
            elif name == "completeness":
                result = q.completeness(store, documents=documents)
            elif name == "transparency":
                result = q.transparency(store, year=year, region=region)
            elif name == "budget_final":
                from yusuan.store.execution import budget_final

                result = budget_final(store, department or "", year)
            else:
                raise HTTPException(404, f"没有这个查询：{name}（可用：{'、'.join(q.STANDARD)}）")
        except q.QueryError as exc:
            raise HTTPException(400, str(exc)) from None
        return _json({"title": result.title, "columns": dict(zip(result.keys, result.columns)),
                      "rows": result.records()})

    # One rule for every error, a page or JSON by the request (errors.wants_html), always in Chinese.
    def error_response(request: Request, status: int, problems: list[str], detail: list | None = None,
                       headers: dict | None = None) -> Response:
        if errors.wants_html(request):
            back, back_label = errors.back_link(request)
            response = page(request, "error.html.j2", status=status, code=status, problems=problems, back=back,
                            back_label=back_label)
        else:
            body = {"error": "；".join(problems)}
            if detail is not None:
                body["detail"] = detail
            response = _json(body, status=status)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, [errors.status_message(exc.status_code, exc.detail)],
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        problems = [errors.problem(e) for e in exc.errors()]
        # the shape of FastAPI's own 422 (loc, type, msg), so the schema's HTTPValidationError still holds
        detail = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": p}
                  for e, p in zip(exc.errors(), problems)]
        return error_response(request, 422, problems, detail)

    return app
