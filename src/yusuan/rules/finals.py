"""决算 (final accounts): the identities of the 决算 tables, and the explanation's totals against them.

A 部门决算 or 单位决算 prints what was received and spent in the year (收入支出决算总表, 收入决算表, 支出决算表,
财政拨款收入支出决算总表, 一般公共预算财政拨款支出决算表 and 基本支出决算表, the 三公 决算 table with 预算数 and
决算数, the 政府性基金 and 国有资本经营 tables). These rules read only those tables (ids ``final_*``, see
:mod:`yusuan.recognize.titles`); on a budget, which prints none of them, each says 不适用. The budget rules
that key on budget tables say 不适用 on a 决算 (see ``BUDGET_ONLY`` in :mod:`yusuan.rules.engine`).

As everywhere, a blank is not 0: a sum whose total is blank, or whose parts are all blank, is not compared,
and every comparison allows the rounding each printed figure carries.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.model import Row, Table
from yusuan.recognize.titles import FINAL_IDS, SPEC_BY_ID
from yusuan.rules.context import Context, convert, money
from yusuan.rules.engine import FINAL_KINDS, MissingData, NotApplicable, rule
from yusuan.rules.narrative import agrees, at, comparable, show
from yusuan.rules.rounding import ZERO
from yusuan.rules.sums import row_sum_issues, three_public_items, two_sided_issues

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门决算公开收入支出决算总表、财政拨款收入支出决算总表等表格，按统一格式编制"
_REG_TEXT = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门决算应当对本部门收支决算等情况作出说明，说明与公开表格一致"


def _finals(ctx: Context, ids: tuple[str, ...]) -> list[Table]:
    """The 决算 tables of ``ids`` the document prints with rows; 不适用 where it prints no 决算 table at all
    (a budget), 数据不足 where a 决算 lacks these."""
    d = ctx.disclosure
    if d.kind not in FINAL_KINDS and not any(t.id in FINAL_IDS for t in d.tables):
        raise NotApplicable(f"这不是决算文件（{d.kind or '类型不明'}）")
    tables = [t for t in d.tables if t.id in ids and t.rows]
    if not tables:
        raise MissingData("未找到" + "或".join(SPEC_BY_ID[i].name for i in ids))
    return tables


def _label(t: Table, column: str) -> str:
    return next((c.label for c in t.columns if c.id == column), column)


def _row_label(r: Row) -> str:
    return f"{r.code} {r.name.strip()}" if r.code else f"“{r.name.strip()}”"


# ----------------------------------------------------------------------------------------------
# F001: the two 收支 summary tables balance

# Both sides of a 决算 summary end in a row named plainly 总计.
_FINAL_GRAND = {"income": re.compile(r"收入总计|^总计$"), "expenditure": re.compile(r"支出总计|^总计$")}


@rule(
    "F001", "错误", "收入支出决算总表不平：总计与本年合计、结转结余不符",
    bad="收入支出决算总表：本年支出合计 2,940.05，结余分配 空白，年末结转和结余 55.34，支出总计 2,985.39",
    good="支出总计 2,995.39 ＝ 本年支出合计 2,940.05 ＋ 结余分配 0 ＋ 年末结转和结余 55.34 ＝ 收入总计 2,995.39",
    regulation=_REG,
)
def final_summary_totals(ctx: Context):
    """收入支出决算总表和财政拨款收入支出决算总表中：本年收入合计 = 编号的各项收入之和，本年支出合计 = 编号的
    各项支出之和（逐栏）；收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余，支出总计 = 本年支出
    合计 + 结余分配 + 年末结转和结余；年初（年末）财政拨款结转和结余下列出各类资金的，等于各类资金之和；
    收入总计 = 支出总计。空白的项按零计，总计或各项全部空白的不比较。"""
    for t in _finals(ctx, ("final_income_expenditure_summary", "final_fiscal_summary")):
        yield from two_sided_issues(ctx, t, _FINAL_GRAND)


# ----------------------------------------------------------------------------------------------
# F002: each row's columns add up

_PARTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "final_expenditure": [("total", ("basic", "project", "remit_to_superior", "operating_expenditure",
                                     "subsidy_to_affiliates"))],
    "final_income": [("total", ("fiscal_appropriation", "superior_subsidy", "business_income", "operating_income",
                                "affiliated_remittance", "other_income"))],
    "final_general_budget_expenditure": [("total", ("basic", "project"))],
    "final_fiscal_expenditure": [("total", ("basic", "project"))],
    "final_government_fund": [("expenditure", ("basic", "project"))],
    "final_state_capital": [("expenditure", ("basic", "project"))],
    "final_fiscal_summary": [("total", ("general_budget", "government_fund", "state_capital"))],
}


@rule(
    "F002", "错误", "决算表行内各栏不相加：本年支出 ≠ 基本支出 ＋ 项目支出等",
    bad="支出决算表 2010601 行政运行：本年支出合计 1,511.89，基本支出 1,503.52，项目支出 18.37",
    good="本年支出合计 1,511.89 ＝ 基本支出 1,503.52 ＋ 项目支出 8.37",
    regulation=_REG,
)
def final_row_columns(ctx: Context):
    """决算表每一行的合计栏等于各组成栏之和：支出决算表 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 +
    经营支出 + 对附属单位补助支出；收入决算表 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 +
    附属单位上缴收入 + 其他收入；一般公共预算（财政拨款）支出决算表 合计 = 基本支出 + 项目支出；政府性基金、
    国有资本经营预算财政拨款收入支出决算表 本年支出 = 基本支出 + 项目支出；财政拨款收入支出决算总表支出方
    合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算财政拨款。组成栏全部空白或合计栏空白的行不比较。"""
    compared: list[bool] = []
    for t in _finals(ctx, tuple(_PARTS)):
        for total_col, parts in _PARTS[t.id]:
            yield from row_sum_issues(ctx, t, total_col, parts, compared)
    if not compared:
        raise MissingData("决算表中没有可核对的分栏数字")


# ----------------------------------------------------------------------------------------------
# F003: the 三公 决算 parts add up


@rule(
    "F003", "错误", "“三公”经费决算表构成不相加",
    bad="“三公”经费支出决算表 决算数：合计 3.20；因公出国（境）费 0；公务用车购置及运行费 2.70；公务接待费 0.30",
    good="决算数：合计 3.00 ＝ 因公出国（境）费 0 ＋ 公务用车购置及运行费 2.70 ＋ 公务接待费 0.30",
    regulation="财政部关于“三公”经费的口径：因公出国（境）费、公务用车购置及运行维护费、公务接待费",
)
def final_three_public_parts(ctx: Context):
    """财政拨款“三公”经费支出决算表的预算数、决算数各自相加：合计 = 因公出国（境）费 + 公务用车购置及运行（维护）
    费 + 公务接待费，公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费。空白的分项按零计，合计空白或分项
    全部空白的栏不比较（一个单位当年没有“三公”支出时，决算数常常整栏空白）。"""
    t = _finals(ctx, ("final_three_public",))[0]
    roles = three_public_items(t)
    checks = [("total", ("overseas", "vehicle", "reception")), ("vehicle", ("vehicle_purchase", "vehicle_operation"))]
    if "vehicle" not in roles:
        checks = [("total", ("overseas", "vehicle_purchase", "vehicle_operation", "reception"))]
    checked = False
    for whole, parts in checks:
        w = roles.get(whole)
        rows = [roles[p] for p in parts if p in roles]
        if w is None or not rows:
            continue
        for col in ("budget", "final"):
            addends = [r.values.get(col) for r in rows]
            got = w.values.get(col)
            if got is None or all(a is None for a in addends):
                continue
            checked = True
            if ctx.within(t, got, addends):
                continue
            s = sum((a for a in addends if a is not None), ZERO)
            names = "＋".join(f"{r.name.strip()} {money(r.values.get(col), t.money_unit)}" for r in rows)
            yield ctx.at(t, w, f"{w.name.strip()}（{_label(t, col)}）{money(got, t.money_unit)}，但 {names} ＝ "
                               f"{money(s, t.money_unit)}。", column=col, expected=s, actual=got)
    if not checked:
        raise MissingData("“三公”经费决算表中没有可核对的合计和各项")


# ----------------------------------------------------------------------------------------------
# F004: 人员经费合计 and 公用经费合计 of the basic table

_PERSONNEL_CLASSES = ("301", "303")  # 工资福利支出, 对个人和家庭的补助: the rest of 基本支出 is 公用经费
_SUBTOTALS = (("personnel", re.compile(r"^人员经费(?:合计|小计)$")), ("public", re.compile(r"^公用经费(?:合计|小计)$")))


@rule(
    "F004", "错误", "基本支出决算表的人员经费合计、公用经费合计与各类不符",
    bad="基本支出决算表：301 工资福利支出 2,082.85，303 对个人和家庭的补助 69.41，人员经费合计 2,125.26",
    good="人员经费合计 2,152.26 ＝ 301 工资福利支出 2,082.85 ＋ 303 对个人和家庭的补助 69.41",
    regulation="《政府收支分类科目》：人员经费为工资福利支出和对个人和家庭的补助，公用经费为商品和服务支出等",
)
def final_basic_subtotals(ctx: Context):
    """一般公共预算财政拨款基本支出决算表中：人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助，公用经费
    合计 = 其余各类（302 商品和服务支出、307 债务利息及费用支出、310 资本性支出、399 其他支出）之和。表中没有
    这两行、合计空白或各类全部空白的不比较。"""
    t = _finals(ctx, ("final_general_budget_basic_expenditure",))[0]
    classes = [r for r in t.rows if r.code and len(r.code) == 3]
    checked = False
    for part, rx in _SUBTOTALS:
        row = next((r for r in t.rows if not r.code and rx.match(r.name.replace(" ", ""))), None)
        if row is None or ctx.shifted(t, row):
            continue
        kids = [r for r in classes if (r.code in _PERSONNEL_CLASSES) == (part == "personnel")]
        got = row.values.get("total")
        addends = [r.values.get("total") for r in kids]
        if got is None or not kids or all(a is None for a in addends):
            continue
        checked = True
        if ctx.within(t, got, addends):
            continue
        s = sum((a for a in addends if a is not None), ZERO)
        codes = "、".join(r.code for r in kids)
        yield ctx.at(t, row, f"{row.name.strip()} {money(got, t.money_unit)}，但 {codes} 相加为 {money(s, t.money_unit)}，"
                             f"相差 {got - s}。", column="total", expected=s, actual=got)
    if not checked:
        raise MissingData("基本支出决算表中没有人员经费合计、公用经费合计行")


# ----------------------------------------------------------------------------------------------
# F005: the explanation's totals against the 决算 tables

_IES, _FIS = "final_income_expenditure_summary", "final_fiscal_summary"

# narrative key → (label, the words the amount must follow directly, where the tables print it).
# Where: (table id, side or None, row name pattern, column). A statement agrees when it matches any place.
_STATED: dict[str, tuple[str, re.Pattern, list[tuple[str, str | None, re.Pattern, str]]]] = {
    "fiscal_appropriation_total": (
        "财政拨款收入支出总计", re.compile(r"财政拨款收(?:入)?支(?:出)?总计(?:均?为|均?是)?$"),
        [(_FIS, "income", re.compile(r"^总计$|收入总计"), "total"),
         (_FIS, "expenditure", re.compile(r"^总计$|支出总计"), "total")]),
    "income_total": (
        "收入总计（本年收入合计）", re.compile(r"(?<!拨款)(?:收入总计|本年收入合计|收入合计)(?:均?为|均?是)?$"),
        [(_IES, "income", re.compile(r"^总计$|收入总计"), "total"),
         (_IES, "income", re.compile(r"本年收入合计"), "total")]),
    "expenditure_total": (
        "支出总计（本年支出合计）", re.compile(r"(?<!拨款)(?<!拨款收入)(?:支出总计|本年支出合计|支出合计)(?:均?为|均?是)?$"),
        # "收入支出总计" states both sides' 总计
        [(_IES, "expenditure", re.compile(r"^总计$|支出总计"), "total"),
         (_IES, "expenditure", re.compile(r"本年支出合计"), "total"),
         (_IES, "income", re.compile(r"^总计$|收入总计"), "total")]),
    "basic": (
        "基本支出", re.compile(r"(?:其中[：:，,]?|，|^)基本支出(?:均?为|均?是)?$"),
        [("final_expenditure", None, re.compile(r"^合计$|^总计$"), "basic")]),
    "project": (
        "项目支出", re.compile(r"(?:[；;，,]|^)项目支出(?:均?为|均?是)?$"),
        [("final_expenditure", None, re.compile(r"^合计$|^总计$"), "project")]),
}
_AMOUNT = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|元)")


def _placed(text: str, value: Decimal, words: re.Pattern) -> bool:
    """Whether the sentence prints ``value`` directly after the words that say what it is: a number the
    text layer placed away from its words ("总计 万元。与 年度相比 … 2995.39") is never compared."""
    for m in _AMOUNT.finditer(text):
        if Decimal(m.group("num").replace(",", "")) == abs(value) and words.search(text[:m.start()]):
            return True
    return False


def _where(t: Table, side: str | None, name: re.Pattern, column: str) -> tuple[Decimal, str] | None:
    for r in t.rows:
        if (side is None or r.side == side) and not r.code and name.search(r.name.replace(" ", "")):
            v = r.values.get(column)
            if v is None:
                return None  # a blank is no figure to compare a statement with
            return v, f"{t.title.strip()}“{r.name.strip()}”{_label(t, column)}栏"
    return None


@rule(
    "F005", "错误", "说明中的决算总额与决算表不一致",
    bad="说明：“本单位2024年度财政拨款收入支出总计0.3万元”；财政拨款收入支出决算总表“总计”2,961.68",
    good="说明：“财政拨款收入支出总计2961.68万元”，与财政拨款收入支出决算总表一致",
    regulation=_REG_TEXT,
)
def final_figures_vs_tables(ctx: Context):
    """决算说明陈述的总额应与决算表一致：财政拨款收入支出总计（财政拨款收入支出决算总表“总计”）、收入支出
    总计和本年收入合计、本年支出合计（收入支出决算总表）、基本支出和项目支出（支出决算表合计行）。只比较金额
    紧跟在这些字样之后的句子：PDF 文字层把数字排到别处、无法确定哪个数说的是什么的句子不比较；表中空白的
    不比较。说明写“万元”、表格印“元”的换算后比较，允许各自四舍五入的误差。"""
    tables = _finals(ctx, (_IES, _FIS, "final_expenditure"))
    by_id = {t.id: t for t in reversed(tables)}
    narrative = ctx.disclosure.narrative
    compared = 0
    for key, (label, words, places) in _STATED.items():
        fig = narrative.get(key)
        if fig is None or fig.unit not in ("元", "万元") or not _placed(fig.text, fig.value, words):
            continue
        cands = []
        for table_id, side, name, column in places:
            t = by_id.get(table_id)
            found = _where(t, side, name, column) if t is not None and t.money_unit else None
            if found is not None and comparable(ctx, fig, t.money_unit):
                cands.append((t, *found))
        if not cands:
            continue
        compared += 1
        if any(agrees(fig.value, fig.unit, v, t.money_unit) for t, v, _ in cands):
            continue
        t, v, where = cands[0]
        expected = convert(v, t.money_unit, fig.unit)
        shown = show(v, t.money_unit)
        if t.money_unit != fig.unit:
            shown += f"（即 {expected.normalize():f}{fig.unit}）"
        yield at(fig, key, f"说明称{label}{show(fig.value, fig.unit)}，但{where}为 {shown}。",
                 expected=expected, actual=fig.value)
    if not compared:
        raise MissingData("说明中没有可与决算表核对的总额")

