"""Writing check reports: a rich terminal report, JSON, a standalone HTML page and SARIF 2.1.0.

Every writer takes a list of :class:`~yusuan.rules.engine.Report` (one per file) and works from
the reports alone; the rule catalog (for titles and SARIF rule descriptors) comes from
:func:`yusuan.rules.catalog`, never from a list written here, so new rules need no change here.

The helpers below are shared by the writers: the Chinese name of a finding's table, a finding's
place as one line, amounts as printed, and findings grouped by table in the standard order.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from yusuan.rules.engine import Finding, Report
from yusuan.rules.narrative import LABELS as NARRATIVE_NAMES

# Pseudo tables a finding may name besides the standard table ids of the extraction contract.
PSEUDO_TABLES: dict[str, str] = {
    "narrative": "预算说明",
    "projects": "绩效目标",
    "document": "整体",
}

OUTCOME_NAMES: tuple[str, ...] = ("通过", "不通过", "不适用", "数据不足")

# Chinese names of the stated figures (keys of ``Disclosure.narrative``): the names the N rules use in
# their messages, so that a finding's place and its message say the same; then the columns of the
# claim rules (N009–N011).
NARRATIVE_LABELS: dict[str, str] = {**NARRATIVE_NAMES, "amount": "科目金额", "name": "科目名称", "parts": "“其中”各项"}


def _specs():
    from yusuan.recognize.titles import SPECS

    return SPECS


def table_name(table: str) -> str:
    """The Chinese name of a finding's table: the standard name, 预算说明/绩效目标/整体, or the id."""
    if table in PSEUDO_TABLES:
        return PSEUDO_TABLES[table]
    for spec in _specs():
        if spec.id == table:
            return spec.name
    return table


def table_heading(table: str) -> str:
    """A group of findings is headed by its table's Chinese name (``支出总表``); the id is for machines
    and stays in the JSON and SARIF."""
    return table_name(table)


def table_order(table: str) -> tuple[int, str]:
    """Standard tables in the catalog order, then 预算说明, 绩效目标, 整体, then anything else."""
    ids = [s.id for s in _specs()] + list(PSEUDO_TABLES)
    return (ids.index(table), table) if table in ids else (len(ids), table)


def column_name(table: str, column: str | None) -> str | None:
    """The standard label of a column (``合计``), or the stated figure's name on the explanation."""
    if column is None:
        return None
    if table == "narrative" and column in NARRATIVE_LABELS:
        return NARRATIVE_LABELS[column]
    for spec in _specs():
        if spec.id == table:
            for cid, labels in spec.columns:
                if cid == column and labels:
                    return labels[0]
    return None


def column_text(table: str, column: str | None) -> str | None:
    """``合计`` when the column has a standard label (its id is in the JSON), else the column as given."""
    if column is None:
        return None
    return column_name(table, column) or column


def source_text(f: Finding) -> str | None:
    """``第 511 行`` / ``第 3 页`` / ``单元格 B5``, joined when several are known."""
    parts = []
    if f.source.page is not None:
        parts.append(f"第 {f.source.page} 页")
    if f.source.line is not None:
        parts.append(f"第 {f.source.line} 行")
    if f.source.cell:
        parts.append(f"单元格 {f.source.cell}")
    return "，".join(parts) or None


def row_text(f: Finding) -> str | None:
    parts = [p for p in (f.row_code, (f.row_name or "").strip() or None) if p]
    return " ".join(parts) or None


def place(f: Finding, *, with_table: bool = True) -> str:
    """A finding's place as one line: table › row › column › source."""
    parts = [table_name(f.table)] if with_table else []
    parts += [p for p in (row_text(f), column_text(f.table, f.column), source_text(f)) if p]
    return " › ".join(parts) or "整体"


def amount(value: Decimal | str | None) -> str:
    """A figure as printed (``506.10``, never ``5.061E+2``); text as it is; ``—`` for nothing."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    return text if text.startswith("-") or value == 0 else f"+{text}"


def grouped(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by table (standard order), each group by rule id then place in the file."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.table, []).append(f)
    out = []
    for table in sorted(groups, key=table_order):
        items = sorted(groups[table], key=lambda f: (f.rule, f.source.page or 0, f.source.line or 0))
        out.append((table, items))
    return out


def outcome_counts(report: Report) -> dict[str, int]:
    """Counts per outcome, every outcome present (zero when no rule ended so)."""
    counts = {name: 0 for name in OUTCOME_NAMES}
    for o in report.outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    return counts


def pages_text(pages: list[int]) -> str:
    """"第 3、5–7 页": runs of pages joined."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "第 " + "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + " 页"


def ocr_note(pages: list[int]) -> str:
    """What a report says of a document read (partly) from scans."""
    return (f"{pages_text(pages)}是扫描件，文字和数字由 OCR 识别；可由识别的误读（把握不足的数字，或识别的数字错了一两位）"
            "解释的核对发现只作警告（OCR 可能误读），请对照原件核实")


def heading(report: Report) -> str:
    """The document's title (with its department when the title does not name it), else the file name."""
    if report.title:
        if report.department and report.department not in report.title:
            return f"{report.title}（{report.department}）"
        return report.title
    from pathlib import Path

    return Path(report.source).name
