"""The reviewer's 检查表: one row per part of the disclosure, 是/否/不适用 and the problems in words.

The form (its rows, their order, and which findings each row takes) is data: the bundled
``checklist_form.yaml`` or a bureau's own file given with ``--checklist-form`` (format in
docs/check-format.md). Each finding goes to one row, tried in this order: a row naming its rule
(``rules``, id prefixes), a row naming its table (``tables``), for a finding on the explanation the
row whose ``sections`` words the heading it stands under contains, for a finding on the whole
document a row whose ``mentions`` words its message quotes, and else the ``default`` row. 提示 are
not problems and mark no row.

A row is 否 when an 错误 or 警告 went to it, or when it requires a part (``require: section``) the
document does not have; 不适用 when it is checked by hand (``manual``) or its tables are not
published and no finding says they should be; 是 otherwise.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from yusuan.errors import YusuanError
from yusuan.model import Disclosure
from yusuan.report import heading, table_name
from yusuan.rules.engine import Finding, Report

COLUMNS = ("检查项目", "检查内容", "符合要求", "问题")
_KEYS = {"item", "content", "rules", "tables", "sections", "mentions", "default", "require", "manual"}


@dataclass
class FormRow:
    item: str
    content: str = ""
    rules: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    default: bool = False
    require: str | None = None
    manual: str | None = None


@dataclass
class Form:
    name: str
    rows: list[FormRow]


class FormError(YusuanError):
    pass


def load_form(path: str | Path | None = None) -> Form:
    """The bundled form, or the one in ``path`` (YAML or JSON)."""
    if path is None:
        text, where = resources.files(__package__).joinpath("checklist_form.yaml").read_text(encoding="utf-8"), "内置检查表"
    else:
        try:
            text, where = Path(path).read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise FormError(f"无法读取检查表格式文件 {path}（{exc}）") from None
    try:
        if str(path or "").lower().endswith(".json"):
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # yaml.YAMLError, json.JSONDecodeError
        raise FormError(f"检查表格式文件 {where} 无法解析：{exc}") from None
    return _form(data, where)


def _form(data, where: str) -> Form:
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list) or not data["rows"]:
        raise FormError(f"检查表格式文件 {where} 应有 rows：一个列表，每项是检查表的一行")
    rows = []
    for i, r in enumerate(data["rows"], 1):
        if not isinstance(r, dict) or not str(r.get("item") or "").strip():
            raise FormError(f"检查表格式文件 {where} 第 {i} 行缺少 item（检查项目）")
        unknown = set(r) - _KEYS
        if unknown:
            raise FormError(f"检查表格式文件 {where} 第 {i} 行（{r['item']}）有不认识的键：{'、'.join(sorted(unknown))}"
                            f"（可用的键：{'、'.join(sorted(_KEYS))}）")
        if r.get("require") not in (None, "section"):
            raise FormError(f"检查表格式文件 {where} 第 {i} 行（{r['item']}）的 require 只能是 section")
        lists = {k: [str(x) for x in (r.get(k) or [])] for k in ("rules", "tables", "sections", "mentions")}
        rows.append(FormRow(item=str(r["item"]).strip(), content=str(r.get("content") or ""),
                            default=bool(r.get("default")), require=r.get("require"),
                            manual=(str(r["manual"]) if r.get("manual") else None), **lists))
    return Form(str(data.get("name") or "预算公开检查表"), rows)


# ---------------------------------------------------------------------------------------- filling in


@dataclass
class FilledRow:
    row: FormRow
    verdict: str  # 是 / 否 / 不适用
    problems: list[str]


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def _headings(d: Disclosure | None) -> list[tuple[tuple, str]]:
    """The explanation's headings in order, each with its place (file, page, line) for comparing."""
    if d is None:
        return []
    known = {_norm(s) for s in d.sections} | {"目录"}
    out = []
    for p in d.explanation:
        t = _norm(p.text)
        if t in known:
            out.append(((p.source.file or "", p.source.page or 0, p.source.line or 0), t))
    return out


def _section_row(form: Form, text: str) -> FormRow | None:
    for row in form.rows:
        if any(_norm(w) in text for w in row.sections):
            return row
    return None


def _row_for(form: Form, f: Finding, headings: list[tuple[tuple, str]]) -> FormRow | None:
    for row in form.rows:
        if any(f.rule.startswith(r.upper()) for r in row.rules):
            return row
    for row in form.rows:
        if f.table in row.tables:
            return row
    if f.table == "narrative" and headings:
        at = (f.source.file or "", f.source.page or 0, f.source.line or 0)
        same_file = [h for h in headings if h[0][0] == at[0]] or headings
        before = [h for h in same_file if h[0][1:] <= at[1:]]
        for _place, text in reversed(before):
            row = _section_row(form, text)
            if row is not None:
                return row
    if f.table == "document":
        for row in form.rows:
            if any(f"“{w}”" in f.message or w in f.message for w in row.mentions):
                return row
    return next((row for row in form.rows if row.default), None)


def problem_text(f: Finding) -> str:
    """A finding in a reviewer's words: where (page or line, the table), then what and what it should be."""
    where = []
    if f.source.page is not None:
        where.append(f"第{f.source.page}页")
    elif f.source.line is not None:
        where.append(f"第{f.source.line}行")
    if f.table not in ("narrative", "document", "projects"):
        where.append(table_name(f.table))
    row = " ".join(p for p in (f.row_code, (f.row_name or "").strip()) if p)
    if row and row not in f.message:
        where.append(row)
    return ("".join(where[:1]) + (" " + " ".join(where[1:]) if where[1:] else "") + "：" if where else "") + f.message


def fill(form: Form, report: Report, d: Disclosure | None = None) -> list[FilledRow]:
    headings = _headings(d)
    found: dict[int, list[Finding]] = {id(r): [] for r in form.rows}
    for f in report.findings:
        if f.severity == "提示":
            continue
        row = _row_for(form, f, headings)
        if row is not None:
            found[id(row)].append(f)
    tables = {t.id for t in d.tables} if d is not None else None
    heading_text = "".join(t for _p, t in headings) + "".join(_norm(s) for s in (d.sections if d else []))
    out = []
    for row in form.rows:
        fs = sorted(found[id(row)], key=lambda f: (f.source.file, f.source.page or 0, f.source.line or 0, f.rule))
        problems = [problem_text(f) for f in fs]
        if row.manual:
            out.append(FilledRow(row, "不适用" if not problems else "否", problems or [row.manual]))
            continue
        missing = (row.require == "section" and d is not None
                   and not any(_norm(w) in heading_text for w in row.sections))
        if missing and not problems:  # a rule (C003) may have said so already
            problems.append(f"未找到“{row.item}”部分。")
        if problems:
            verdict = "否"
        elif (row.tables and tables is not None and not any(t in tables or (t == "projects" and d.projects)
                                                            for t in row.tables)
              and not any(_norm(w) in heading_text for w in row.sections)):
            verdict = "不适用"
            problems = [f"文件中没有“{row.item}”。"]
        else:
            verdict = "是"
        out.append(FilledRow(row, verdict, problems))
    return out


# ---------------------------------------------------------------------------------------- xlsx


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip() or "文件"
    base = base[:28]
    cand, n = base, 2
    while cand in taken or cand == "汇总":
        cand = f"{base[:26]}({n})"
        n += 1
    taken.add(cand)
    return cand


def _score(report: Report):
    """The transparency score as a number the sheet can sort by, 未评分 for a document that is not
    scored, None when no score was computed."""
    if report.transparency is None:
        return None
    value = report.transparency.get("score")
    return "未评分" if value is None else Decimal(str(value))


def _score_parts(report: Report) -> str:
    from yusuan.score.transparency import Transparency

    t = Transparency.from_dict(report.transparency)
    if t.score is None:
        return t.note or ""
    return "\n".join(f"{p.group} › {p.name}：{p.shown}　{'；'.join(p.evidence)}" for p in t.parts)


def write_checklist(pairs: list[tuple[Report, Disclosure | None]], path: str | Path, form: Form | None = None) -> Path:
    """Write the form filled in for each report: one sheet each, and a 汇总 sheet first when several."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from yusuan.sheetsafe import xlsx_book, xlsx_row

    form = form or load_form()
    wb = Workbook()
    summary = wb.active
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    rows_summary = []
    taken: set[str] = set()
    for report, d in pairs:
        filled = fill(form, report, d)
        title = heading(report)
        name = _sheet_name(report.department or Path(report.source).stem, taken)
        ws = wb.create_sheet(name)
        ws.append(xlsx_row([form.name]))
        ws["A1"].font = bold
        ws.append(xlsx_row([f"文件：{report.source}    {title}"]))
        ws.append(list(COLUMNS))
        for c in ws[3]:
            c.font = bold
        for fr in filled:
            ws.append(xlsx_row([fr.row.item, fr.row.content, fr.verdict,
                                "\n".join(f"{i}. {p}" if len(fr.problems) > 1 else p for i, p in enumerate(fr.problems, 1))]))
        for row in ws.iter_rows(min_row=4):
            for c in row:
                c.alignment = wrap
        for col, width in zip("ABCD", (22, 40, 10, 90)):
            ws.column_dimensions[col].width = width
        score = _score(report)
        if report.transparency is not None:
            ws.append([])
            ws.append(xlsx_row(["透明度得分", "按 docs/transparency.md 的方法，依据公开了什么、是否完整", score,
                                _score_parts(report)]))
            for c in ws[ws.max_row]:
                c.alignment = wrap
            ws.cell(ws.max_row, 1).font = bold
        rows_summary.append((report.source, title, sum(1 for fr in filled if fr.verdict == "否"),
                             report.summary.errors, report.summary.warnings, report.summary.notes, score, name))
    summary.title = "汇总"
    summary.append(["文件", "标题", "“否”的项数", "错误", "警告", "提示", "透明度得分", "工作表"])
    for c in summary[1]:
        c.font = bold
    for r in rows_summary:
        summary.append(xlsx_row(r))
    for col, width in zip("ABCDEFGH", (50, 40, 12, 8, 8, 8, 12, 30)):
        summary.column_dimensions[col].width = width
    if len(pairs) == 1:
        wb.remove(summary)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    xlsx_book(wb)  # a document's "=HYPERLINK(…)" stays text
    wb.save(path)
    return path
