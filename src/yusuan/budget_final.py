"""A budget (预算) against the final accounts (决算) of the same department and year: the rows both print.

A 决算 prints, for most of the budget's tables, the table of what was actually spent: 支出总表 against
支出决算表, 一般公共预算财政拨款支出表 against its 决算表, and so on (:data:`PAIRS`). Rows are matched by
科目编码, else by their name with numbering and spaces taken away, and only where that name is printed
once in each table (a name printed twice could be either row). The 三公 tables are matched by item.

Money is 万元 ``Decimal``; a table whose unit was not read is not compared (its figures could be 元 or
万元). A blank is not 0: the difference is blank when either figure is blank, and the execution rate
(决算 ÷ 预算) is blank when the budget is blank or 0 — never a division by zero.

The store's query (``yusuan query budget-final``), the web page and the cross-document rules all match
rows here, so they agree on what is "the same row".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Disclosure, Row, Source, Table

# A budget of a department (部门, all its units) is compared with that department's 决算, a unit's with
# the unit's: a 部门决算 against a 单位预算 would compare different bodies' money.
FINAL_OF = {"部门预算": "部门决算", "单位预算": "单位决算"}
BUDGET_OF = {v: k for k, v in FINAL_OF.items()}

_WAN = Decimal(10000)
_SCALE = {"元": Decimal(1) / _WAN, "万元": Decimal(1), "亿元": _WAN}
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Pairing:
    """A budget table and the 决算 table that prints the same rows, with the columns that correspond."""

    name: str  # what the rows are, in Chinese
    budget: str  # budget table id
    final: str  # 决算 table id
    columns: tuple[tuple[str, str, str], ...]  # (budget column, 决算 column, Chinese label)
    by_item: bool = False  # rows matched by the 三公 item, not by code or name


_SPLIT = (("total", "total", "合计"), ("basic", "basic", "基本支出"), ("project", "project", "项目支出"))
_FUND = (("total", "expenditure", "本年支出"), ("basic", "basic", "基本支出"), ("project", "project", "项目支出"))
PAIRS: tuple[Pairing, ...] = (
    Pairing("支出", "expenditure_summary", "final_expenditure", _SPLIT),
    Pairing("一般公共预算财政拨款支出", "general_budget_expenditure", "final_general_budget_expenditure", _SPLIT),
    Pairing("财政拨款支出", "fiscal_appropriation_expenditure", "final_fiscal_expenditure", _SPLIT),
    Pairing("一般公共预算财政拨款基本支出", "general_budget_basic_expenditure",
            "final_general_budget_basic_expenditure", (("total", "total", "合计"),)),
    Pairing("政府性基金预算财政拨款支出", "government_fund_expenditure", "final_government_fund", _FUND),
    Pairing("国有资本经营预算财政拨款支出", "state_capital_expenditure", "final_state_capital", _FUND),
    Pairing("“三公”经费", "three_public_expenses", "final_three_public", (("total", "final", "合计"),), by_item=True),
)

_THREE_PUBLIC_NAMES = {"three_public_total": "“三公”经费合计", "overseas": "因公出国（境）费",
                       "vehicle": "公务用车购置及运行维护费", "vehicle_purchase": "公务用车购置费",
                       "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费"}


@dataclass(frozen=True)
class Line:
    """One figure of a row both documents print: the budget's, the 决算's and how they compare (万元)."""

    pairing: Pairing
    code: str | None
    name: str
    column: str  # Chinese label
    budget: Decimal | None
    final: Decimal | None
    budget_row: Row
    final_row: Row
    budget_table: Table
    final_table: Table

    @property
    def difference(self) -> Decimal | None:
        if self.budget is None or self.final is None:
            return None
        return self.final - self.budget

    @property
    def rate(self) -> Decimal | None:
        """决算 as a percentage of the budget, two decimals; None without a budget to divide by."""
        return execution_rate(self.budget, self.final)

    @property
    def doubtful(self) -> bool:
        return "doubtful" in (self.budget_table.reading, self.final_table.reading)


def execution_rate(budget: Decimal | None, final: Decimal | None) -> Decimal | None:
    if budget is None or final is None or budget == 0:
        return None
    return (final * 100 / budget).quantize(_CENT, rounding=ROUND_HALF_UP)


def wan(v: Decimal | None, unit: str | None) -> Decimal | None:
    """A printed amount in 万元, exactly; None for a blank."""
    if v is None:
        return None
    return v * _SCALE[unit]


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")


def name_key(name: str) -> str:
    """A row name as both documents would print it: no spaces, numbering, 其中 or quotes."""
    n = re.sub(r"\s+", "", name)
    n = _NUMBERING.sub("", n)
    n = n.removeprefix("其中：").removeprefix("其中:")
    return n.replace("“", "").replace("”", "").replace('"', "")


def _table(d: Disclosure, table_id: str) -> Table | None:
    return next((t for t in d.tables if t.id == table_id and t.rows), None)


def _keyed(t: Table, by_item: bool) -> dict[str, Row]:
    """Each row by the key it is matched on; a key two rows share is left out (either could be meant)."""
    # Imported here: yusuan.recognize's package imports the rules, whose cross-document rules import this module.
    from yusuan.recognize.tables import three_public_role

    out: dict[str, Row] = {}
    seen: set[str] = set()
    for r in t.rows:
        if by_item:
            if "教学科研" in r.name:
                continue
            role = r.item or three_public_role(r.name)
            key = f"item:{role}" if role in _THREE_PUBLIC_NAMES else None
        elif r.code:
            key = f"code:{r.code}"
        else:
            key = f"name:{name_key(r.name)}"
        if key is None:
            continue
        if key in seen:
            out.pop(key, None)
            continue
        seen.add(key)
        out[key] = r
    return out


def matched_rows(pairing: Pairing, budget: Table, final: Table) -> list[tuple[Row, Row]]:
    """(budget row, 决算 row) for each row both tables print, in the 决算 table's order."""
    b, f = _keyed(budget, pairing.by_item), _keyed(final, pairing.by_item)
    return [(b[k], f[k]) for k in f if k in b]


def compare(budget: Disclosure, final: Disclosure) -> list[Line]:
    """Every figure of every row both documents print in corresponding tables, table by table."""
    lines: list[Line] = []
    for p in PAIRS:
        bt, ft = _table(budget, p.budget), _table(final, p.final)
        if bt is None or ft is None or bt.money_unit not in _SCALE or ft.money_unit not in _SCALE:
            continue
        bcols, fcols = {c.id for c in bt.columns}, {c.id for c in ft.columns}
        columns = [c for c in p.columns if c[0] in bcols and c[1] in fcols]
        for br, fr in matched_rows(p, bt, ft):
            if p.by_item:
                from yusuan.recognize.tables import three_public_role

                role = fr.item or three_public_role(fr.name)
                code, name = None, _THREE_PUBLIC_NAMES[role]
            else:
                code, name = fr.code, fr.name.strip()
            for bcol, fcol, label in columns:
                bv, fv = wan(br.values.get(bcol), bt.money_unit), wan(fr.values.get(fcol), ft.money_unit)
                if bv is None and fv is None:
                    continue
                lines.append(Line(p, code, name, label, bv, fv, br, fr, bt, ft))
    return lines


def place(source: Source) -> str:
    """Where a row was read, as a reader finds it again: 第 3 页 (a PDF) or 第 12 行 (a text)."""
    parts = []
    if source.file:
        parts.append(source.file)
    if source.page is not None:
        parts.append(f"第 {source.page} 页")
    if source.line is not None:
        parts.append(f"第 {source.line} 行")
    if source.cell:
        parts.append(source.cell)
    return " ".join(parts) or "—"
