"""Request errors in Chinese, for a page (HTML) or an API client (JSON).

FastAPI answers a parameter it cannot validate with English JSON, and Starlette names its own
errors in English ("Not Found"); the app's exception handlers turn both into the sentences built
here, so that a browser submitting a form and a client of ``/api`` read the same Chinese message.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.requests import Request

WHERE = {"query": "查询参数", "path": "路径参数", "body": "表单字段", "header": "请求头", "cookie": "Cookie"}

# What a parameter is, for a reader who does not know the parameter names of the pages' URLs.
LABELS = {
    "ids": "要比较的文件编号", "doc_id": "文件编号", "files": "上传的文件", "year": "年度", "limit": "条数",
    "offset": "起始位置", "with_findings": "有无发现", "latest": "只看最新版本", "documents": "按文件列出",
    "figure": "指标", "department": "部门", "kind": "种类", "region": "地区", "name": "查询名称",
}

STATUS = {
    400: "请求无法解析", 404: "没有这个页面或资源", 405: "不支持这种请求方法", 413: "上传内容过大",
    415: "不支持这种内容类型", 422: "请求的参数不正确", 429: "请求过于频繁，请稍后再试", 500: "服务器内部错误",
}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def status_message(status: int, detail: object) -> str:
    """The detail of an HTTP error when it is our own Chinese sentence, else a Chinese one for its status."""
    if isinstance(detail, str) and _has_cjk(detail):
        return detail
    if status in STATUS:
        return STATUS[status]
    try:
        return f"请求出错（{status} {HTTPStatus(status).phrase}）"
    except ValueError:
        return f"请求出错（{status}）"


def _shown(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value)
        return text if len(text) <= 40 else text[:40] + "…"
    return None


def problem(error: dict) -> str:
    """One validation error of FastAPI (pydantic's ``type``, ``loc``, ``ctx``, ``input``) as a sentence."""
    loc = [str(p) for p in error.get("loc", ())]
    where = WHERE.get(loc[0], loc[0]) if loc else ""
    names = [p for p in loc[1:] if not p.isdigit()]
    index = next((int(p) for p in loc[1:] if p.isdigit()), None)
    if names:
        name = names[0]
        subject = f"{LABELS[name]}（{where} {name}）" if name in LABELS else f"{where} {name}"
    else:
        subject = "请求体" if where == WHERE["body"] else where or "请求"
    if index is not None:
        subject += f"的第 {index + 1} 个值"
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    got = _shown(error.get("input"))
    received = f"，收到“{got}”" if got is not None else ""
    if kind == "missing":
        return f"缺少{subject}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{subject}应为整数{received}"
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return f"{subject}应为数字{received}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{subject}应为 true 或 false{received}"
    bounds = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "应大于"),
              "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "应小于")}
    if kind in bounds:
        key, words = bounds[kind]
        return f"{subject}{words} {ctx.get(key)}{received}"
    if kind in ("too_short", "string_too_short"):
        return f"{subject}太短（至少 {ctx.get('min_length')} 个）"
    if kind in ("too_long", "string_too_long"):
        return f"{subject}太长（最多 {ctx.get('max_length')} 个）"
    if kind in ("literal_error", "enum"):
        return f"{subject}应为 {ctx.get('expected')} 之一{received}"
    if kind == "json_invalid":
        return "请求体不是有效的 JSON"
    if "UploadFile" in str(error.get("msg", "")):
        return f"{subject}应为上传的文件（multipart/form-data 的文件部分）"
    return f"{subject}的值无效{received}"


def wants_html(request: Request) -> bool:
    """A page for a browser, JSON for the API: ``/api`` is always JSON; elsewhere a client that asks
    for JSON and not for HTML gets JSON, and everything else (a browser, a bare request) a page."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return False
    accept = request.headers.get("accept", "").lower()
    return "text/html" in accept or "json" not in accept


def back_link(request: Request) -> tuple[str, str]:
    """Where the error page sends the reader back to: the form the request came from."""
    if request.url.path.rstrip("/") == "/compare":
        return "/compare", "返回比较页面"
    return "/", "返回文件列表"
