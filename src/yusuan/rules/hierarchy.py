"""The code hierarchy of a classified table and the identities it implies.

功能分类 codes are 类 (3 digits) → 款 (5) → 项 (7); 经济分类 codes are 类 (3) → 款 (5). A parent
row equals the sum of its children that the table lists, and the 合计 row equals the sum of the
top-level rows. The same identities find a column of figures displaced by one row: when row i
prints the figures of row i+1, the identities fail all down the table, and moving the figures back
by one row makes every one of them hold again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Callable
from functools import lru_cache

from yusuan.model import Row, Table
from yusuan.rules.rounding import half_of_places, tolerance

_TOTAL = re.compile(r"^(合\s*计|总\s*计|本年支出合计|支出合计|收入合计)$")
ZERO = Decimal(0)


def is_total(row: Row) -> bool:
    return not row.code and _is_total_name(row.name)


@lru_cache(maxsize=4096)
def _is_total_name(name: str) -> bool:
    return bool(_TOTAL.match(name.replace(" ", "").replace("\u3000", "")))


def total_row(table: Table | None) -> Row | None:
    """The table's 合计 row, if it prints one."""
    if table is None:
        return None
    return next((r for r in table.rows if is_total(r)), None)


def parent_code(code: str) -> str | None:
    return code[:-2] if len(code) >= 5 else None


@dataclass(frozen=True)
class Identity:
    """Row ``parent`` should equal the sum of rows ``children`` (indices into ``table.rows``)."""

    parent: int
    children: tuple[int, ...]


def identities(table: Table) -> list[Identity]:
    # The identities follow from the codes and the 合计 rows alone, which documents of one template share.
    return list(_identities(tuple([r.code or _is_total_name(r.name) for r in table.rows])))


@lru_cache(maxsize=4096)
def _identities(shape: tuple[str | bool, ...]) -> tuple[Identity, ...]:
    """The identities of rows given by ``shape``: each row's code, or (a row without one) whether it is a 合计."""
    codes = [c if isinstance(c, str) else None for c in shape]
    index = {c: i for i, c in enumerate(codes) if c}
    children: dict[int, list[int]] = {}
    tops: list[int] = []
    last: dict[int, int] = {}  # code length → index of the last row with a code that long
    unsure: set[int] = set()  # rows a misplaced code is printed under
    for i, code in enumerate(codes):
        if not code:
            continue
        p = parent_code(code)
        if p is not None and p not in index:
            # Its parent is not listed. Printed below a row whose code is not its prefix (a sibling
            # code misprinted on that row, or its own code misprinted), it belongs to no sum the table
            # shows, and the sum of the row it is printed under cannot be told: K005 reports the code,
            # and counting the row under a grandparent would report a sum error for the same slip.
            above = max((j for n, j in last.items() if n < len(code)), default=None)
            last[len(code)] = i
            if above is not None and not code.startswith(codes[above]):
                unsure.add(above)
                continue
        else:
            last[len(code)] = i
        # A code whose parent is not listed counts as top level (some tables omit the 类 rows).
        while p is not None and p not in index:
            p = parent_code(p)
        if p is None:
            tops.append(i)
        else:
            children.setdefault(index[p], []).append(i)
    out = [Identity(p, tuple(c)) for p, c in children.items() if p not in unsure]
    # A misprinted code ("71102" for 2101102) has no listed parent; it is not a top level of its own.
    if tops:
        top_len = min(len(codes[i]) for i in tops)
        tops = [i for i in tops if len(codes[i]) == top_len]
    totals = [i for i, c in enumerate(shape) if c is True]
    if totals and tops:
        out.append(Identity(totals[0], tuple(tops)))
    return tuple(out)


# Row identities of each standard table: total column = sum of part columns. The income table has
# two layouts (with and without 小计), handled in row_parts.
ROW_PARTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "expenditure_summary": [("total", ("basic", "project", "reserve", "operating_expenditure", "remit_to_superior",
                                       "subsidy_to_affiliates"))],
    "general_budget_expenditure": [("total", ("basic", "project", "reserve"))],
    "government_fund_expenditure": [("total", ("basic", "project", "reserve"))],
    "state_capital_expenditure": [("total", ("basic", "project", "reserve"))],
    "fiscal_appropriation_expenditure": [("total", ("basic", "project", "reserve"))],
    "general_budget_basic_expenditure": [("total", ("personnel", "public"))],
    "general_budget_basic_function_expenditure": [("total", ("personnel", "public"))],
    "fiscal_appropriation_basic_expenditure": [("total", ("personnel", "public"))],
    "three_public_expenses": [("total", ("general_budget", "government_fund", "state_capital"))],
    "fiscal_appropriation_summary": [("total", ("general_budget", "government_fund", "state_capital"))],
    # Procurement by fund, or (as some regions print it) by every source of income.
    "government_procurement": [("total", ("general_budget", "government_fund", "state_capital",
                                          "fiscal_special_account", "unit_funds", "business_income",
                                          "operating_income", "superior_subsidy", "affiliated_remittance",
                                          "other_income", "carryover"))],
}
_SPLIT_BASIC = ("income_expenditure_summary", "general_budget_expenditure", "government_fund_expenditure",
                "state_capital_expenditure", "fiscal_appropriation_expenditure")
_FISCAL_FUNDS = ("general_budget", "government_fund", "state_capital")
_INCOME_SOURCES = ("fiscal_appropriation", "fiscal_special_account", "business_income", "operating_income",
                   "superior_subsidy", "affiliated_remittance", "other_income")

_BY_SOURCE_TABLES = ("basic_expenditure_by_source", "project_expenditure_by_source")
_OTHER_FUNDS = ("fiscal_special_account", "business_income", "other_funds")
_OWN_SOURCES = tuple(c for c in _INCOME_SOURCES if c != "fiscal_appropriation")
_SPECIAL_ACCOUNT_PARTS = ("special_account_tuition", "special_account_other")


def row_parts(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    cols = {c.id for c in table.columns}
    if table.id == "income_summary":
        # 财政拨款 is one column, or one per fund (一般公共预算 / 政府性基金 / 国有资本经营), or both:
        # then the one column is the funds' sum.
        by_fund = [c for c in _FISCAL_FUNDS if c in cols]
        sources = _INCOME_SOURCES if "fiscal_appropriation" in cols or not by_fund else (*by_fund, *_OWN_SOURCES)
        split = [("fiscal_appropriation", _FISCAL_FUNDS)] if by_fund and "fiscal_appropriation" in cols else []
        special = tuple(c for c in _SPECIAL_ACCOUNT_PARTS if c in cols)
        if special and "fiscal_special_account" in cols:
            split.append(("fiscal_special_account", special))
        elif special:
            sources = (*sources, *special)  # the parts stand in for the 财政专户 column
        if "subtotal" in cols:
            return [("total", ("subtotal", "carryover", "fund_offset")), ("subtotal", sources), *split]
        return [("total", (*sources, "carryover", "fund_offset")), *split]
    if table.id == "expenditure_summary" and {"personnel", "public"} & cols:
        # 基本支出 printed as 人员经费 and 公用经费 (with or without its own 小计 column).
        others = ("project", "reserve", "operating_expenditure", "remit_to_superior", "subsidy_to_affiliates")
        if "basic" in cols:
            return [("total", ("basic", *others)), ("basic", ("personnel", "public"))]
        return [("total", ("personnel", "public", *others))]
    if table.id == "income_expenditure_summary" or (table.id in _SPLIT_BASIC and {"personnel", "public"} & cols):
        # 基本支出 split: 合计 = 基本支出 + 项目支出 and 基本支出 = 人员 + 公用, or, without a
        # 基本支出 column, 合计 = 人员经费 + 公用经费 + 项目支出.
        if "basic" in cols:
            return [("total", ("basic", "project", "reserve")), ("basic", ("personnel", "public"))]
        return [("total", ("personnel", "public", "project", "reserve"))]
    if table.id in _BY_SOURCE_TABLES:
        # 总计 = 财政拨款 + 财政专户 + 事业收入 + 其他资金, 财政拨款 = its funds; without a 财政拨款 合计
        # column, the funds.
        if "fiscal_appropriation" in cols:
            return [("total", ("fiscal_appropriation", *_OTHER_FUNDS)), ("fiscal_appropriation", _FISCAL_FUNDS)]
        return [("total", (*_FISCAL_FUNDS, *_OTHER_FUNDS))]
    return ROW_PARTS.get(table.id, [])


def _amount(values: dict | None, column: str) -> Decimal:
    v = values.get(column) if values else None
    return ZERO if v is None else v


def holds(parent: dict, children: list[dict], column: str, half: Decimal) -> bool:
    """Whether the parent's figure is the children's sum, within ``half`` a unit per addend."""
    present = [v for c in children if (v := c.get(column)) is not None]
    return abs(_amount(parent, column) - sum(present, ZERO)) <= half * max(len(present), 1)


def table_half_unit(table: Table) -> Decimal:
    """Half a unit of the finest decimal the table prints: one figure for every sum in it."""
    places = -1
    # The printed decimals, read from the text (faster than as_tuple()); a table repeats many of its figures.
    for text in {str(v) for r in table.rows for v in r.values.values() if v is not None}:
        if "E" in text:
            exp = Decimal(text).as_tuple().exponent  # the text gives the figure back exactly
            n = -exp if isinstance(exp, int) and exp < 0 else 0
        else:
            dot = text.find(".")
            n = len(text) - dot - 1 if dot >= 0 else 0
        if n > places:
            places = n
    return half_of_places(places if places >= 0 else 2)


def numeric_columns(table: Table) -> list[str]:
    cols = [c.id for c in table.columns]
    return [c for c in cols if c not in ("quantity", "unit_price")] or cols


def filled_columns(table: Table) -> list[str]:
    """The numeric columns some row fills: a column left blank all down cannot fail and checks
    nothing, and wide tables (收入总表) leave most of theirs blank."""
    rows = table.rows
    out = []
    for c in numeric_columns(table):
        for r in rows:  # a loop, not any() over a generator: asked for every table of every check
            if r.values.get(c) is not None:
                out.append(c)
                break
    return out


def failing(table: Table, values: list[dict | None], ids: list[Identity], half: Decimal | Callable[[], Decimal],
            first: bool = False, cols: list[str] | None = None) -> tuple[list[Identity], list[Identity]]:
    """The identities that fail and those that were checked (some column printed a figure), over
    rows whose figures are known; an identity fails when any of its columns does not add up.
    ``first`` stops at the first failure; ``cols`` are the table's filled columns when known. ``half`` may be
    a function giving it: it is asked for only where a sum is off, and most tables add up to the cent."""
    if cols is None:
        cols = filled_columns(table)
    failed: list[Identity] = []
    checked: list[Identity] = []
    for ident in ids:
        parent = values[ident.parent]
        kids = [values[c] for c in ident.children]
        if parent is None or None in kids:
            continue
        used = ok = False
        for col in cols:
            present = [v for k in kids if (v := k.get(col)) is not None]
            p = parent.get(col)
            if p is None and not present:
                continue
            used = True
            s = sum(present, ZERO)
            if p == s:  # most identities hold to the cent: no difference to weigh
                continue
            diff = abs((p or ZERO) - s)
            if not diff:
                continue
            if not isinstance(half, Decimal):
                half = half()
            if diff > half * max(len(present), 1) and (p is None or diff > tolerance(present, p)):
                break
        else:
            ok = True
        if not used:
            continue
        checked.append(ident)
        if not ok:
            failed.append(ident)
            if first:
                break
    return failed, checked


@dataclass(frozen=True)
class Shift:
    """Rows from ``start`` on print the figures of row ``i + step`` (step +1: the next row)."""

    start: int
    step: int
    failed_as_printed: int
    restored: tuple  # the figures each row should carry (None where unknown)

    def covers(self, index: int) -> bool:
        return index >= self.start


def find_shift(table: Table, ids: list[Identity] | None = None, half: Decimal | None = None,
               failed: list[Identity] | None = None, cols: list[str] | None = None,
               checked: list[Identity] | None = None) -> Shift | None:
    """``ids``, ``half``, the identities ``failed`` and ``checked`` as printed and the filled ``cols`` may be
    passed in when the caller already has them for this table."""
    rows = table.rows
    if len(rows) < 4 or not any(r.code for r in rows):
        return None
    ids = identities(table) if ids is None else ids
    if len(ids) < 2:
        return None
    shown = [r.values for r in rows]
    half = table_half_unit(table) if half is None else half
    cols = filled_columns(table) if cols is None else cols
    if failed is None:
        failed, checked = failing(table, shown, ids, half, cols=cols)
    if len(failed) < 2:
        return None
    if checked is None:
        _, checked = failing(table, shown, ids, half, cols=cols)
    # The displacement starts no later than the first identity that fails.
    first = [min(i.parent, *i.children) for i in ids]
    last = [max(i.parent, *i.children) for i in ids]
    last_start = min(max(i.parent, *i.children) for i in failed)
    was_checked = set(checked)
    # An identity wholly below the row a move starts at reads the figures of the rows next to its own however far
    # up the move starts: whether it holds (and is checked) is worked out once for each direction.
    moved_all = {1: [None, *shown[:-1]], -1: [*shown[1:], None]}
    below: dict[tuple[int, int], tuple[list[Identity], list[Identity]]] = {}
    best = None
    # Tried from the last start up: an identity wholly moved at one start is wholly moved at every start above
    # it, so once such an identity fails, that direction fails for the starts still to try.
    dead: set[int] = set()
    for start in reversed(range(min(last_start + 1, len(rows) - 2))):
        if len(dead) == 2:
            break
        # An identity wholly above ``start`` reads the same figures either way: it holds as printed (every
        # failing one reaches down to ``last_start`` at least), and is checked as it was.
        above = sum(1 for i, n in zip(ids, last) if n < start and i in was_checked)
        for step in (1, -1):
            if step in dead:
                continue
            wholly_moved = start + 1 if step == 1 else start
            n_checked, fails, across = above, False, []
            for k, ident in enumerate(ids):
                if last[k] < start:
                    continue
                if first[k] >= wholly_moved:
                    found = below.get((step, k))
                    if found is None:
                        found = below[step, k] = failing(table, moved_all[step], [ident], half, cols=cols)
                    f, c = found
                    if f:
                        fails = True
                        dead.add(step)
                        break
                    n_checked += len(c)
                else:
                    across.append(ident)
            if fails:
                continue
            # Row j takes the figures of row j - step from ``start`` on; a row left without any is None.
            if step == 1:
                restored: list[dict | None] = [*shown[:start], None, *shown[start:-1]]
            else:
                restored = [*shown[:start], *shown[start + 1:], None]
            f, now_checked = failing(table, restored, across, half, first=True, cols=cols)
            n_checked += len(now_checked)
            if not f and n_checked >= 3:
                key = (n_checked, -start)
                if best is None or key > best[0]:
                    best = (key, Shift(start, step, len(failed), tuple(restored)))
    return best[1] if best else None
