"""Writing an extracted disclosure as JSON, CSV (one file of all table rows) or XLSX."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure
from yusuan.recognize.titles import TARGET_IDS
from yusuan.sheetsafe import csv_text, xlsx_book, xlsx_row

CSV_COLUMNS = ["table", "title", "money_unit", "seq", "side", "code", "name", "column", "value", "page", "line", "cell"]


_DECIMAL_MARK = "\x00"
_MARKED = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)"')


def _mark_decimals(obj):
    if isinstance(obj, Decimal):
        return f"{_DECIMAL_MARK}{obj}"
    if isinstance(obj, dict):
        return {k: _mark_decimals(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mark_decimals(v) for v in obj]
    return obj


def to_json(d: Disclosure) -> str:
    """JSON whose numbers are written exactly as printed (506.10 stays 506.10, never a binary float)."""
    text = json.dumps(_mark_decimals(d.model_dump(mode="python")), ensure_ascii=False, indent=2)
    return _MARKED.sub(r"\1", text)


def csv_rows(d: Disclosure):
    """Long format: one line per printed value, so any table shape fits one file."""
    for t in d.tables:
        for r in t.rows:
            for col, value in r.values.items():
                yield [t.id, t.title, t.money_unit, r.seq, r.side, r.code, r.name, col,
                       "" if value is None else str(value), r.source.page, r.source.line, r.source.cell]


def to_csv(d: Disclosure) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    value = CSV_COLUMNS.index("value")
    for row in csv_rows(d):
        # The value column holds amounts ("-12.50" is a number); every other text is the document's own.
        w.writerow(["" if v is None else v if i == value else csv_text(v) for i, v in enumerate(row)])
    return buf.getvalue()


def _number_format(value: Decimal | None) -> str:
    """Show the decimals the document printed (2.90 stays 2.90 in Excel)."""
    if value is None or value.as_tuple().exponent >= 0:
        return "General"
    return "0." + "0" * -value.as_tuple().exponent


def write_xlsx(d: Disclosure, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    ws.append(xlsx_row(["来源", d.source]))
    ws.append(xlsx_row(["部门编码", d.department.code]))
    ws.append(xlsx_row(["部门名称", d.department.name]))
    ws.append(xlsx_row(["年度", d.year]))
    ws.append(xlsx_row(["类型", d.kind]))
    ws.append(xlsx_row(["金额单位", d.money_unit]))
    used_names: set[str] = {"概况"}
    for t in d.tables:
        if t.id in TARGET_IDS:
            continue  # no rows: the target forms are in the projects' sheets
        name = t.id[:31]
        n = 2
        while name in used_names:
            name = f"{t.id[:28]}_{n}"
            n += 1
        used_names.add(name)
        sheet = wb.create_sheet(name)
        sheet.append(xlsx_row([t.title, f"单位：{t.money_unit or ''}"]))
        cols = [c.id for c in t.columns]
        extra = sorted({k for r in t.rows for k in r.values} - set(cols))
        sheet.append(xlsx_row(["序号", "收/支", "科目编码", "名称", *[c.label for c in t.columns], *extra]))
        for r in t.rows:
            values = [r.values.get(c) for c in cols + extra]
            sheet.append(xlsx_row([r.seq, {"income": "收入", "expenditure": "支出"}.get(r.side or ""), r.code, r.name, *values]))
            for cell, value in zip(sheet[sheet.max_row][4:], values):
                cell.number_format = _number_format(value)
    if d.narrative:
        sheet = wb.create_sheet("说明数字")
        sheet.append(xlsx_row(["项目", "数值", "单位", "原文", "行"]))
        for k, f in d.narrative.items():
            sheet.append(xlsx_row([k, f.value, f.unit, f.text, f.source.line]))
    if d.projects:
        sheet = wb.create_sheet("项目绩效指标")
        sheet.append(xlsx_row(["项目编码", "项目名称", "金额", "一级指标", "二级指标", "三级指标", "指标描述", "指标值", "依据"]))
        for p in d.projects:
            for i in p.indicators:
                sheet.append(xlsx_row([p.code, p.name, p.amount, i.level1, i.level2, i.level3, i.description, i.value, i.basis]))
    xlsx_book(wb)  # a document's "=HYPERLINK(…)" stays text
    wb.save(path)
