"""决算 against the same department's other documents: last year's 决算 and this year's published budget.

A document alone cannot say whether its 年初结转和结余 is last year's 年末结转和结余, or whether its
年初预算数 is what the budget published: these rules ask the context for the department's other
documents (``Context.related``), which the corpus store gives — at ingest, and to ``yusuan check --db``.
Without it, or when the store holds no such document, they say 数据不足.

Each finding is placed at the later document's row and cites the other document by its place in the
store. Both rules are 警告 at most: a carry-over is legitimately restated in the next year's accounts
(以前年度调整), a budget's 上年结转 is estimated before the year closes, and a 年初预算数 may be read from
another version of the budget than the one stored. The department must be the same body for certain
(see :mod:`yusuan.store.related`), or nothing is compared at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from yusuan.budget_final import BUDGET_OF, FINAL_OF, Pairing, matched_rows, name_key, place
from yusuan.model import Disclosure, Row, Table
from yusuan.rules.context import Context, convert, same_money
from yusuan.rules.engine import FINAL_KINDS, MissingData, NotApplicable, rule


@dataclass(frozen=True)
class Other:
    """Another stored document of the same department, and how a finding names it."""

    disclosure: Disclosure
    label: str  # 文件库文件 12（…2023年度部门决算）


class Related(Protocol):
    def document(self, kind: str, year: int) -> Other | None:
        """The department's newest stored document of ``kind`` for ``year``, if the store holds one."""


_WITHOUT = "（跨文件核对在入库时或用 yusuan check --db 核对时进行）"


def _other(ctx: Context, kind: str, year: int) -> Other:
    related = getattr(ctx, "related", None)
    other = related.document(kind, year) if related is not None else None
    if other is None:
        raise MissingData(f"未找到同一部门{year}年的{kind}{'' if related is not None else _WITHOUT}")
    return other


def _row(t: Table | None, side: str, rx: re.Pattern) -> Row | None:
    if t is None:
        return None
    found = [r for r in t.rows if r.side == side and not r.code and rx.search(name_key(r.name))]
    return found[0] if len(found) == 1 else None


def _figure(t: Table, r: Row, column: str = "total") -> str:
    return f"{t.title.strip()}“{r.name.strip()}” {r.values.get(column)}{t.money_unit or ''}（{place(r.source)}）"


# ----------------------------------------------------------------------------------------------
# F006: the carry-over at the start of the year is last year's carry-over at its end

_CARRY_OUT = re.compile(r"^年末结转(和)?结余$")
_CARRY_IN = re.compile(r"^年初结转(和)?结余$")
_FISCAL_OUT = re.compile(r"^年末财政拨款结转(和)?结余$")
_FISCAL_IN = re.compile(r"^年初财政拨款结转(和)?结余$")
_BUDGET_CARRY_IN = re.compile(r"^(上年结转(和)?结余|上年结转|年初结转(和)?结余)$")

# (this document's table, its row, last year's 决算 table, its row)
_FINAL_CARRIES = (
    ("final_income_expenditure_summary", _CARRY_IN, "final_income_expenditure_summary", _CARRY_OUT),
    ("final_fiscal_summary", _FISCAL_IN, "final_fiscal_summary", _FISCAL_OUT),
)
_BUDGET_CARRIES = (
    ("income_expenditure_summary", _BUDGET_CARRY_IN, "final_income_expenditure_summary", _CARRY_OUT),
    ("fiscal_appropriation_summary", _FISCAL_IN, "final_fiscal_summary", _FISCAL_OUT),
)


@rule(
    "F006", "警告", "年初结转和结余与上年决算的年末结转和结余不一致",
    bad="2024年度决算收入支出决算总表“年初结转和结余” 40.00；2023年度决算“年末结转和结余” 42.00",
    good="2024年度决算“年初结转和结余” 42.00 ＝ 2023年度决算“年末结转和结余” 42.00",
    regulation="《部门决算报表》编制说明：年初结转和结余按上年决算的年末结转和结余填列，有调整的应说明",
)
def carry_over_across_years(ctx: Context):
    """N 年度决算的收入支出决算总表“年初结转和结余”（财政拨款收入支出决算总表“年初财政拨款结转和结余”）应等于
    同一部门 N−1 年度决算的“年末结转和结余”（“年末财政拨款结转和结余”）；N 年度预算收支总表的“上年结转”（财政
    拨款收支总表的“年初财政拨款结转和结余”）与 N−1 年度决算的年末数不同时作提示，因为预算编制时上年尚未结束，
    上年结转是预计数。需要文件库中有同一部门（名称完全相同、编码不冲突）上一年度同一级次（部门或单位）的决算；
    任一方空白的不比较，允许各自四舍五入的误差。决算的年初数可能因以前年度调整而与上年年末数不同，所以只作警告。"""
    d = ctx.disclosure
    if d.year is None or (d.kind not in FINAL_KINDS and d.kind not in FINAL_OF):
        raise NotApplicable("不是部门（单位）预算或决算，或年度不明")
    final_kind = d.kind if d.kind in FINAL_KINDS else FINAL_OF[d.kind]
    estimate = d.kind in FINAL_OF
    other = _other(ctx, final_kind, d.year - 1)
    compared = False
    for here_id, here_rx, there_id, there_rx in (_BUDGET_CARRIES if estimate else _FINAL_CARRIES):
        t, there = ctx.table(here_id), other.disclosure.table(there_id)
        r, r_prev = _row(t, "income", here_rx), _row(there, "expenditure", there_rx)
        if r is None or r_prev is None or t.money_unit is None or there.money_unit is None:
            continue
        v, v_prev = r.values.get("total"), r_prev.values.get("total")
        if v is None or v_prev is None:
            continue
        compared = True
        if same_money(v, t.money_unit, v_prev, there.money_unit):
            continue
        expected = convert(v_prev, there.money_unit, t.money_unit)
        doubt = _doubt(t, there)
        why = ("预算编制时上年尚未结束，上年结转是预计数，请核对是否已按决算数说明" if estimate
               else "如有以前年度调整，应在说明中写明")
        yield ctx.at(t, r, f"{_figure(t, r)}，但{other.label}{_figure(there, r_prev)}。{doubt}{why}。",
                     column="total", expected=expected, actual=v, severity="提示" if estimate else None)
    if not compared:
        raise MissingData("两份文件中没有都印出数字的年初（上年）结转和结余、年末结转和结余")


# ----------------------------------------------------------------------------------------------
# F007: the 决算's 年初预算数 is the budget that was published

_INITIAL = (
    Pairing("一般公共预算财政拨款支出", "general_budget_expenditure", "final_general_budget_expenditure",
            (("total", "initial_budget", "年初预算数"),)),
    Pairing("财政拨款支出", "fiscal_appropriation_expenditure", "final_fiscal_expenditure",
            (("total", "initial_budget", "年初预算数"),)),
    Pairing("“三公”经费", "three_public_expenses", "final_three_public", (("total", "budget", "年初预算数"),),
            by_item=True),
)


def _initial_column(t: Table, column: str) -> bool:
    """Whether the 决算 table prints a column that says it is the 年初预算 (a plain 预算数 may be the
    adjusted 全年预算, which differs from the published budget by design)."""
    return any(c.id == column and "年初" in c.label for c in t.columns)


@rule(
    "F007", "警告", "决算的年初预算数与公开的部门预算不一致",
    bad="2024年度决算一般公共预算财政拨款支出决算表 2014004 信访业务 年初预算数 150.00；2024年部门预算 156.00",
    good="年初预算数 156.00，与同年公开的部门预算一般公共预算财政拨款支出表一致",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：部门决算应与经批准的部门预算相对照说明执行情况",
)
def initial_budget_as_published(ctx: Context):
    """决算表中标明“年初预算数”的栏（一般公共预算财政拨款支出决算表、财政拨款支出决算表、“三公”经费支出
    决算表）应等于同一部门同一年度公开的预算中同一行的数（一般公共预算财政拨款支出表、财政拨款支出表、
    “三公”经费支出表的合计栏）：按科目编码（没有编码的按名称，“三公”按项目）对照，部门决算对部门预算，单位
    决算对单位预算。只写“预算数”的栏可能是调整后的全年预算，不比较；任一方空白的不比较，允许各自四舍五入的
    误差。文件库中的预算可能不是决算所依据的版本，所以只作警告。"""
    d = ctx.disclosure
    if d.kind not in FINAL_KINDS or d.year is None:
        raise NotApplicable("不是决算文件，或年度不明")
    finals = [(p, ctx.table(p.final)) for p in _INITIAL]
    finals = [(p, t) for p, t in finals if t is not None and t.rows and _initial_column(t, p.columns[0][1])]
    if not finals:
        raise MissingData("决算表中没有标明“年初预算数”的栏")
    other = _other(ctx, BUDGET_OF[d.kind], d.year)
    compared = False
    for p, ft in finals:
        bt = other.disclosure.table(p.budget)
        if bt is None or ft.money_unit is None or bt.money_unit is None:
            continue
        bcol, fcol, label = p.columns[0]
        for br, fr in matched_rows(p, bt, ft):
            v, v_budget = fr.values.get(fcol), br.values.get(bcol)
            if v is None or v_budget is None:
                continue
            compared = True
            if same_money(v, ft.money_unit, v_budget, bt.money_unit):
                continue
            expected = convert(v_budget, bt.money_unit, ft.money_unit)
            doubt = _doubt(ft, bt)
            yield ctx.at(ft, fr, f"{ft.title.strip()}{_name(fr)}{label} {v}{ft.money_unit}，但{other.label}"
                                 f"{bt.title.strip()}{_name(br)}为 {v_budget}{bt.money_unit}（{place(br.source)}）。"
                                 f"{doubt}请核对决算所依据的预算版本。",
                         column=fcol, expected=expected, actual=v)
    if not compared:
        raise MissingData("决算的年初预算数与预算中没有可对照的行")


def _doubt(a: Table, b: Table) -> str:
    return "两表之一读取存疑，请对照原表；" if "doubtful" in (a.reading, b.reading) else ""


def _name(r: Row) -> str:
    return f" {r.code} {r.name.strip()} " if r.code else f"“{r.name.strip()}”"

