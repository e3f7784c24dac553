"""What the pages show, computed from a stored document: tables with the cells findings point at,
the explanation with its stated figures marked, and the data of the charts.

Nothing here builds HTML: templates escape every piece of a document's text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from yusuan.recognize.cells import parse_money
from yusuan.recognize.scanned import read_as, row_key, unread_text
from yusuan.recognize.titles import TARGET_IDS
from yusuan.render.layout import two_sided_lines
from yusuan.report import NARRATIVE_LABELS, column_name, ocr_note, pages_text, row_text, table_name
from yusuan.store.records import FIGURES


def printed(v: Decimal | None) -> str:
    return "" if v is None else f"{v:f}"


# what the narrative rules point at besides stated figures
_OTHER_LABELS = {"percent": "百分比", "year": "年度"}


def narrative_label(key: str) -> str:
    """The name of a stated figure: the report's, else the rules' (they also name each 三公 item's change)."""
    from yusuan.rules.narrative import LABELS

    return NARRATIVE_LABELS.get(key) or LABELS.get(key) or _OTHER_LABELS.get(key) or key


def cell_text(cell: str | None) -> str:
    """A cell reference for a reader: a PDF table's ``R14C3`` (``表2 R14C3`` on a page of several
    tables) is its row and column; a spreadsheet's ``B5`` stays."""
    m = re.fullmatch(r"(?:表(\d+)\s*)?R(\d+)C(\d+)", cell or "")
    if m:
        return f"{f'本页第 {m[1]} 个表格' if m[1] else '表格'}第 {m[2]} 行第 {m[3]} 列"
    return f"单元格 {cell}" if cell else ""


def _source_text(f) -> str | None:
    parts = [f"第 {f.source.page} 页" if f.source.page is not None else "",
             f"第 {f.source.line} 行" if f.source.line is not None else "", cell_text(f.source.cell)]
    return "，".join(p for p in parts if p) or None


def place(f, table=None, *, with_table: bool = True) -> str:
    """A finding's place in Chinese: table › row › column › where in the file.

    The report's place adds the ids (``合计（total）``) for readers of its JSON; a page names the
    column as its table prints it, else by its standard name, else by its position."""
    parts = [table_name(f.table)] if with_table else []
    column = None
    if f.column:
        printed_label = next((c.label for c in table.columns if c.id == f.column), None) if table else None
        column = (printed_label or column_name(f.table, f.column)
                  or (narrative_label(f.column) if f.table == "narrative" else column_heading(f.column)))
    parts += [p for p in (row_text(f), column, _source_text(f)) if p]
    return " › ".join(parts) or "整体"


def _row_for(table, f) -> int | None:
    """The index of the row a finding points at: by line, by page and cell, then by code or name.

    The two sides of a 收支 table share their printed lines (a text file's 本年收入合计 and
    本年支出合计 are on line 84), so among the rows on the finding's line its row name picks the side."""
    def coded(r) -> bool:
        return bool(f.row_code) and r.code == f.row_code

    def named(r) -> bool:
        return bool(f.row_name) and r.name.replace(" ", "") == f.row_name.replace(" ", "")

    tests = (lambda r: f.source.line is not None and r.source.line == f.source.line,
             lambda r: bool(f.source.cell) and r.source.cell == f.source.cell and r.source.page == f.source.page,
             coded, named)
    for test in tests:
        found = [i for i, r in enumerate(table.rows) if test(r)]
        if found:
            return next((i for i in found if coded(table.rows[i]) or named(table.rows[i])), found[0])
    return None


def _where(r) -> str:
    return f"第 {r.source.line} 行" if r.source.line else (
        f"第 {r.source.page} 页" if r.source.page else cell_text(r.source.cell))


def column_heading(column: str) -> str:
    """The heading of a column no standard label names (``col7``: the 7th column of the grid)."""
    m = re.fullmatch(r"col(\d+)", column)
    return f"第 {m[1]} 栏" if m else column


def _cells(r, columns: list, row_hits: dict) -> list[dict]:
    # a cell that holds no number (a dash, a note) is shown as printed
    return [{"text": printed(r.values.get(c.id)) or r.text.get(c.id, ""), "hits": row_hits.get(c.id, [])}
            for c in columns]


def _row_view(i: int, r, columns: list, text_cols: list[str], row_hits: dict, ocr: dict | None = None) -> dict:
    return {
        "index": i, "seq": r.seq, "code": r.code or "", "name": r.name, "cells": _cells(r, columns, row_hits),
        "ocr": _ocr_mark(r, ocr or {}),
        "texts": [r.text.get(k, "") for k in text_cols],
        "hits": sorted({n for ns in row_hits.values() for n in ns}),
        # a finding on a column this side does not show is marked on the row's name
        "row_hit": any(k is None or k not in {c.id for c in columns} for k in row_hits), "where": _where(r),
    }


def _sides_view(t, hits: dict, ocr: dict) -> dict:
    """A 收支 table as printed: each line with its 收入 row on the left and its 支出 row on the right.

    Each side shows the columns its rows fill (the 收入 side of a 财政拨款收支总表 has one amount, its
    支出 side one per fund)."""
    index = {id(r): i for i, r in enumerate(t.rows)}
    ids = {c.id for c in t.columns}
    halves = {}
    for side in ("income", "expenditure"):
        rows = [r for r in t.rows if (r.side == "income") == (side == "income")]
        used = [c for c in t.columns if any(c.id in r.values or c.id in r.text for r in rows)]
        halves[side] = {"columns": used or list(t.columns),
                        "text_columns": sorted({k for r in rows for k in r.text if k not in ids}),
                        "code": any(r.code for r in rows)}
    lines = []
    for pair in two_sided_lines(t.rows):
        line = {}
        for side, r in zip(("income", "expenditure"), pair):
            half = halves[side]
            line[side] = None if r is None else _row_view(index[id(r)], r, half["columns"], half["text_columns"],
                                                          hits.get(index[id(r)], {}), ocr)
        views = [v for v in (line["income"], line["expenditure"]) if v]
        line["seq"] = next((v["seq"] for v in views if v["seq"] is not None), None)
        line["hits"] = any(v["hits"] for v in views)
        line["where"] = " / ".join(dict.fromkeys(v["where"] for v in views if v["where"]))
        lines.append(line)
    return {side: {"label": label, "columns": [c.label for c in half["columns"]],
                   "text_columns": [column_heading(k) for k in half["text_columns"]], "code": half["code"],
                   "width": 1 + half["code"] + len(half["columns"]) + len(half["text_columns"])}
            for (side, half), label in zip(halves.items(), ("收入", "支出"))} | {"lines": lines}


def _ocr_rows(d) -> dict[tuple, list[tuple[Decimal | None, str]]]:
    """For each table row of a scan holding a figure the recognizer was unsure of or read nothing
    from: the figure as a number (None for a cell read as nothing) and what to tell the reader."""
    if d.ocr is None:
        return {}
    said: dict[tuple, list[tuple[Decimal | None, str]]] = defaultdict(list)
    for f in d.ocr.doubtful:
        try:
            value = parse_money(f.text)
        except ValueError:  # a doubtful code or name, not an amount: its row is marked whichever half
            value = None
        said[row_key(f.source)].append((value, f"“{f.text}”识别置信度 {f.confidence:.2f}"))
    for f in d.ocr.unread:
        said[row_key(f.source)].append((None, unread_text(f)))
    return {k: v for k, v in said.items() if k is not None}


def _ocr_mark(r, ocr: dict) -> str | None:
    """What OCR was unsure of in row ``r``. A printed line holds both halves of a 收支 table: a doubtful
    figure marks the half that holds it, a cell read as nothing both."""
    told = [text for value, text in ocr.get(row_key(r.source), ()) if value is None or value in r.values.values()]
    return "OCR：" + "；".join(told) + "，请对照原件" if told else None


def ocr_figures(d) -> list:
    """The figures OCR read nothing from, then those it was unsure of, in the order the page lists
    them (the n-th one's picture is ``/documents/{id}/ocr/{n}.png``)."""
    return [] if d.ocr is None else [*d.ocr.unread, *d.ocr.doubtful]


def ocr_view(d) -> dict | None:
    """The scanned pages of a document read by OCR, and every figure the recognizer was unsure of or
    read nothing from, with its table, place and picture; None where every page has a text layer."""
    if d.ocr is None:
        return None
    unread = len(d.ocr.unread)

    def item(n: int, f) -> dict:
        return {"n": n, "page": f.source.page, "cell": f.source.cell or "", "text": f.text,
                "confidence": f"{f.confidence:.2f}", "table": table_name(f.table) if f.table else "表外",
                "unread": n < unread, "picture": f.box is not None and f.source.page is not None,
                "what": read_as(f, n < unread)}

    listed = [item(n, f) for n, f in enumerate(ocr_figures(d))]
    return {"pages": pages_text(d.ocr.pages), "note": ocr_note(d.ocr.pages), "threshold": f"{d.ocr.threshold:.2f}",
            "figures": listed, "count": len(listed)}


def table_views(d, report) -> list[dict]:
    """Each standard table as printed, with the findings on it and the cells they point at."""
    ocr = _ocr_rows(d)
    by_table = defaultdict(list)
    for n, f in enumerate(report.findings):
        by_table[f.table].append((n, f))
    views = []
    for t in d.tables:
        if t.id in TARGET_IDS:
            continue  # the target forms are shown from the projects and overall targets
        ids = {c.id for c in t.columns}
        hits: dict[int, dict[str | None, list]] = defaultdict(lambda: defaultdict(list))
        notes = []
        for n, f in by_table.get(t.id, []):
            i = _row_for(t, f)
            if i is not None:
                hits[i][f.column if f.column in ids else None].append(n)
            notes.append({"n": n, "finding": f, "row": i, "place": place(f, t, with_table=False),
                          "column": column_name(t.id, f.column)})
        view = {"id": t.id, "name": table_name(t.id), "title": t.title, "unit": t.money_unit or "",
                "empty_note": t.empty_note, "notes": notes, "sides": None}
        if any(r.side for r in t.rows):
            view["sides"] = _sides_view(t, hits, ocr)
        else:
            text_cols = sorted({k for r in t.rows for k in r.text if k not in ids})
            view.update(columns=[c.label for c in t.columns], text_columns=[column_heading(k) for k in text_cols],
                        rows=[_row_view(i, r, t.columns, text_cols, hits.get(i, {}), ocr)
                              for i, r in enumerate(t.rows)])
        views.append(view)
    return views


def other_findings(report, table_ids: set[str]) -> list[dict]:
    return [{"n": n, "finding": f, "place": place(f), "table": table_name(f.table)}
            for n, f in enumerate(report.findings) if f.table not in table_ids]


def _find_number(text: str, value: Decimal, start: int = 0) -> tuple[int, int] | None:
    plain = f"{abs(value):f}"
    candidates = [plain]
    if "." in plain:
        candidates.append(plain.rstrip("0").rstrip("."))
    whole, _, frac = plain.partition(".")
    if len(whole) > 3:
        grouped = f"{int(whole):,}" + (f".{frac}" if frac else "")
        candidates.append(grouped)
    for c in candidates:
        at = text.find(c, start)
        while at >= 0:
            before = text[at - 1] if at > 0 else ""
            after = text[at + len(c)] if at + len(c) < len(text) else ""
            if not (before.isdigit() or before == "." or after.isdigit()):
                return at, at + len(c)
            at = text.find(c, at + 1)
    return None


def explanation_view(d, report) -> tuple[list[dict], list[dict]]:
    """Passages cut into plain and marked pieces, and the list of stated figures with their status."""
    bad_keys = defaultdict(list)
    for n, f in enumerate(report.findings):
        if f.table == "narrative" and f.column:
            bad_keys[f.column].append(n)
    figures = []
    marks: dict[int, list[tuple[int, int, dict]]] = defaultdict(list)
    for key, f in d.narrative.items():
        status = "bad" if bad_keys.get(key) else "ok"
        item = {"key": key, "label": narrative_label(key), "value": printed(f.value),
                "unit": f.unit or "", "text": f.text, "status": status, "findings": bad_keys.get(key, []),
                "where": f"第 {f.source.line} 行" if f.source.line else (
                    f"第 {f.source.page} 页" if f.source.page else "")}
        figures.append(item)
        for pi, p in enumerate(d.explanation):
            same_place = (f.source.line is not None and p.source.line == f.source.line) or (
                f.source.line is None and f.source.page is not None and p.source.page == f.source.page)
            sentence_at = p.text.find(f.text[:30]) if f.text else -1
            if not same_place and sentence_at < 0:
                continue
            span = _find_number(p.text, f.value, max(sentence_at, 0))
            if span is None and sentence_at > 0:
                span = _find_number(p.text, f.value)
            if span is None:
                continue
            if any(not (span[1] <= a or span[0] >= b) for a, b, _ in marks[pi]):
                break  # that number is already marked (two keys for one figure)
            marks[pi].append((span[0], span[1], item))
            break
    passages = []
    for pi, p in enumerate(d.explanation):
        pieces, pos = [], 0
        for a, b, item in sorted(marks.get(pi, []), key=lambda m: m[0]):
            if a > pos:
                pieces.append({"text": p.text[pos:a]})
            pieces.append({"text": p.text[a:b], "mark": item})
            pos = b
        if pos < len(p.text):
            pieces.append({"text": p.text[pos:]})
        passages.append({"pieces": pieces, "marked": bool(marks.get(pi))})
    return passages, figures


def structure_charts(d, figures: dict[str, Decimal]) -> dict:
    """Data of the three structure charts: 功能分类 类, basic vs project, personnel vs public (万元)."""
    functional = []
    t = d.table("expenditure_summary") or d.table("general_budget_expenditure")
    if t is not None:
        for r in t.rows:
            v = r.values.get("total")
            if r.code and len(r.code) == 3 and v is not None:
                value = v / 10000 if t.money_unit == "元" else v
                functional.append({"name": f"{r.code} {r.name}", "value": float(value)})

    def pair(a: str, b: str) -> list[dict]:
        return [{"name": FIGURES[k], "value": float(figures[k])} for k in (a, b) if figures.get(k) is not None]

    return {"functional": functional, "basic_project": pair("basic", "project"),
            "personnel_public": pair("personnel", "public")}


TREND_KEYS = ["expenditure_total", "basic", "project", "three_public_total", "operation_cost"]


def years_chart(series: dict) -> dict:
    """{key: {year: value}} → ECharts-ready years and one line per figure."""
    years = sorted({y for s in series.values() for y in s})
    lines = []
    for key in TREND_KEYS:
        s = series.get(key, {})
        if s:
            lines.append({"name": FIGURES[key], "data": [float(s[y]) if y in s else None for y in years]})
    return {"years": years, "lines": lines}
