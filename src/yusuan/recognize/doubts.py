"""How far a recognised table can be trusted: read, or read with doubts, and the evidence.

A table read right satisfies its own identities: each row's 合计 is the sum of its part columns
(基本支出 + 项目支出 …) and each parent code is the sum of its children. A published table may break
one or two of them — those are the mistakes a reviewer wants found — but when most of them fail, the
likelier story is that yusuan put figures under the wrong columns or rows. Such a table is marked
``doubtful`` with the evidence in Chinese, and every check that uses it reports 警告 at most.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.model import Table
from yusuan.rules.hierarchy import failing, filled_columns, find_shift, identities, row_parts, table_half_unit
from yusuan.rules.rounding import ZERO, tolerance


def _mostly(failed: int, checked: int) -> bool:
    """Two failures at least, and a quarter of what could be checked: one wrong row is a mistake of
    the document, not evidence against the reading; columns read from the wrong place break many."""
    return failed >= 2 and failed * 4 >= checked


def _row_doubt(table: Table, half: Decimal) -> str | None:
    """Each row identity (合计 = 基本支出 + 项目支出, 小计 = 各项收入 …) counted on its own: a column read
    from the wrong place breaks one identity on many rows while the others hold."""
    cols = {c.id for c in table.columns}
    for total_col, parts in row_parts(table):
        if total_col not in cols:
            continue
        checked = failed = 0
        for r in table.rows:
            total = r.values.get(total_col)
            present = [v for p in parts if p in cols and (v := r.values.get(p)) is not None]
            if r.side == "income" or total is None or not present:
                continue
            checked += 1
            diff = abs(total - sum(present, ZERO))
            failed += diff > half * len(present) and diff > tolerance(present, total)
        if _mostly(failed, checked):
            label = next(c.label for c in table.columns if c.id == total_col)
            return f"{checked} 行中有 {failed} 行的“{label}”不等于其各组成栏之和，栏目可能没有读对"
    return None


def _hierarchy_doubt(table: Table, half: Decimal) -> str | None:
    if len(table.rows) < 4 or not any(r.code for r in table.rows):
        return None
    ids = identities(table)
    if len(ids) < 2:
        return None
    cols = filled_columns(table)
    failed, checked = failing(table, [r.values for r in table.rows], ids, half, cols=cols)
    if not _mostly(len(failed), len(checked)):
        return None
    if find_shift(table, ids, half, failed, cols) is not None:
        return None  # a row shift explains the failures: a mistake of the document (S001)
    return f"{len(checked)} 处上下级科目中有 {len(failed)} 处不相加，行或栏目可能没有读对"


def _unlabelled_doubt(table: Table) -> str | None:
    extra = sorted({k for r in table.rows for k, v in r.values.items() if k.startswith("col") and v is not None})
    if extra:
        return f"有 {len(extra)} 栏数字没有对应的表头"
    return None


_FIGURE = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+\.\d{2}(?!\d)")


def _figure_as_name_doubt(table: Table) -> str | None:
    """A figure read as a row's name ("11,700.63", "27,664.22 一、基本支出"): the row's cells were not
    aligned to the table's columns (a table printed without its inner rules)."""
    named = [r for r in table.rows if _FIGURE.search(r.name)]
    if named:
        return f"有 {len(named)} 行的名称栏里是数字（如“{named[0].name.strip()}”），行与栏可能没有对齐"
    return None


# The summary tables, which every budget and final account fills: a 政府性基金 or 三公 table may be empty
# and list its items with blanks, these never.
_ALWAYS_FILLED = frozenset(("income_expenditure_summary", "income_summary", "expenditure_summary",
                            "fiscal_appropriation_summary", "final_income_expenditure_summary", "final_income",
                            "final_expenditure", "final_fiscal_summary"))


def _no_figures_doubt(table: Table) -> str | None:
    """A summary table with rows and not one figure: the amounts were printed where the reading did not
    look (columns not found, names wrapped over the grid)."""
    if table.id not in _ALWAYS_FILLED or table.empty_note:
        return None
    if len(table.rows) >= 3 and not any(v is not None for r in table.rows for v in r.values.values()):
        return f"列有 {len(table.rows)} 行，却没有读出任何数字，栏目可能没有读对"
    return None


def assess(table: Table) -> None:
    """Set ``table.reading`` and ``table.doubts`` from the table's own evidence."""
    doubts: list[str] = []
    if table.rows:
        half = table_half_unit(table)
        for doubt in (_unlabelled_doubt(table), _figure_as_name_doubt(table), _no_figures_doubt(table),
                      _row_doubt(table, half), _hierarchy_doubt(table, half)):
            if doubt:
                doubts.append(doubt)
    table.doubts = doubts
    table.reading = "doubtful" if doubts else "read"
