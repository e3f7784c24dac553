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

# Pseudo tables a finding may name besides the standard table ids of the extraction contract.
PSEUDO_TABLES: dict[str, str] = {
    "narrative": "预算说明",
    "projects": "绩效目标",
    "document": "整体",
}

OUTCOME_NAMES: tuple[str, ...] = ("通过", "不通过", "不适用", "数据不足")

# Chinese names of the stated figures (keys of ``Disclosure.narrative``), for a finding on the
# explanation whose column is such a key. Keys missing here are shown as they are.
NARRATIVE_LABELS: dict[str, str] = {
    "income_total": "收入预算合计",
    "general_budget_income": "一般公共预算收入",
    "government_fund_income": "政府性基金预算收入",
    "state_capital_income": "国有资本经营预算收入",
    "fiscal_special_account_income": "财政专户收入",
    "unit_funds_income": "单位资金收入",
    "business_income": "事业收入",
    "carryover": "上年结转",
    "expenditure_total": "支出预算合计",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "project": "项目支出",
    "three_public_total": "“三公”经费合计",
    "overseas": "因公出国（境）费",
    "vehicle_purchase_and_operation": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "three_public_change": "“三公”经费比上年增减",
    "operation_cost": "机关运行经费",
    "operation_cost_change": "机关运行经费比上年增减",
    "yoy_change_total": "收支比上年增减",
    "yoy_change_basic": "基本支出比上年增减",
    "yoy_change_project": "项目支出比上年增减",
    "fixed_assets_total": "固定资产总额",
    "planned_fixed_assets": "拟购置固定资产",
    "procurement_total": "政府采购预算总额",
    # columns of the claim rules (N009–N011)
    "amount": "科目金额",
    "name": "科目名称",
    "parts": "“其中”各项",
}


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
    """``支出总表（expenditure_summary）``; the pseudo tables show their id too."""
    return f"{table_name(table)}（{table}）"


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
    """``合计（total）`` when the column has a standard label, else the column as given."""
    if column is None:
        return None
    name = column_name(table, column)
    return f"{name}（{column}）" if name and name != column else column


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


def heading(report: Report) -> str:
    """The document's title (with its department when the title does not name it), else the file name."""
    if report.title:
        if report.department and report.department not in report.title:
            return f"{report.title}（{report.department}）"
        return report.title
    from pathlib import Path

    return Path(report.source).name
