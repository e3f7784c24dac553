"""Identities between tables: the same money printed in two places must be the same figure.

Rows displaced by a row (S001) are not compared here: that mistake has been reported once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import Row, Table
from yusuan.rules.context import Context, at_most, money, same_money
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule
from yusuan.rules.hierarchy import total_row
from yusuan.rules.rounding import ZERO
from yusuan.rules.sums import CARRIED, three_public_items

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门预算公开的各表之间数据应当衔接一致"
_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*")


@lru_cache(maxsize=4096)
def plain(name: str) -> str:
    """A row name without its ordinal and spaces (names repeat across tables and rules)."""
    return _ORDINAL.sub("", name).replace(" ", "").replace("\u3000", "")


def _find(t: Table | None, side: str | None, rx: str, rows: list[Row] | None = None) -> Row | None:
    if t is None:
        return None
    pat = re.compile(rx)
    for r in t.rows if rows is None else rows:
        if side is not None and r.side != side:
            continue
        if pat.search(plain(r.name)):
            return r
    return None


_YEAR_TOTAL = re.compile(r"本年收入合计|收入本年合计|^本年收入$|收入总计")


def _this_year_income(t: Table) -> list[Row]:
    """This year's income rows: those before the carry-over part (上年结转 and its split by fund), with
    the 本年收入 / 收入总计 rows themselves left out, wherever the layout prints them (bottom or top)."""
    out = []
    for r in t.rows:
        if r.side != "income":
            continue
        name = plain(r.name)
        if CARRIED.search(name):
            break
        if not _YEAR_TOTAL.search(name):
            out.append(r)
    return out


def _compare(ctx: Context, a: Table, ra: Row | None, col_a: str, b: Table, rb: Row | None, col_b: str,
             what: str, *, limit: bool = False):
    """One issue (placed at ``rb``) when the two printed figures differ; True when they agree; None
    when either is missing, blank or displaced. A blank is not 0: a column read from the wrong place
    reads as blanks, and a figure compared with nothing is no finding."""
    if ra is None or rb is None or ctx.shifted(a, ra) or ctx.shifted(b, rb):
        return None
    va, vb = ra.values.get(col_a), rb.values.get(col_b)
    if va is None or vb is None:
        return None
    ua, ub = a.money_unit, b.money_unit
    ok = at_most(vb, ub, va, ua) if limit else same_money(va, ua, vb, ub)
    if ok:
        return True
    relation = "不应超过" if limit else "应等于"
    diff = f"，相差 {vb - va}" if ua == ub else ""
    msg = (f"{what}：{b.title.strip()}“{rb.name.strip()}” {money(vb, ub)}，{relation}"
           f"{a.title.strip()}“{ra.name.strip()}” {money(va, ua)}{diff}。")
    return ctx.at(b, rb, msg, column=col_b, expected=va if ua == ub else None, actual=vb)


class _Counter:
    """Counts comparisons, so a rule that compared nothing reports 数据不足 instead of 通过."""

    def __init__(self):
        self.n = 0

    def take(self, result):
        if result is None:
            return None
        self.n += 1
        return None if result is True else result


@rule(
    "X001", "错误", "收支总表与收入总表、支出总表的合计不一致",
    bad="收支总表 支出总计 185.62；支出总表 合计 152.80",
    good="收支总表 收入总计 647.23 ＝ 收入总表 合计 647.23；本年支出合计 647.23 ＝ 支出总表 合计 647.23",
    regulation=_REG,
)
def summary_vs_income_expenditure(ctx: Context):
    """收支总表的收入总计等于收入总表的合计，本年支出合计（没有本年合计行时用支出总计）等于支出总表的合计。"""
    s = ctx.require("income_expenditure_summary")
    inc, exp = ctx.table("income_summary"), ctx.table("expenditure_summary")
    if inc is None and exp is None:
        raise MissingData("未找到收入总表和支出总表")
    c = _Counter()
    if inc is not None:
        r = _find(s, "income", r"^收入总计$") or _find(s, "income", r"^收入合计$")
        f = c.take(_compare(ctx, s, r, "total", inc, total_row(inc), "total", "收入合计不一致"))
        if f:
            yield f
    if exp is not None:
        r = _find(s, "expenditure", r"^本年支出合计$") or _find(s, "expenditure", r"^支出总计$")
        f = c.take(_compare(ctx, s, r, "total", exp, total_row(exp), "total", "支出合计不一致"))
        if f:
            yield f
    if not c.n:
        raise MissingData("收支总表或收入、支出总表中没有可比的合计行")


@rule(
    "X002", "错误", "同一科目在收入总表与支出总表中的金额不一致",
    bad="收入总表 2014004 信访业务 156.00；支出总表 2014004 信访业务 165.00",
    good="收入总表与支出总表 2014004 信访业务 都是 156.00",
    regulation=_REG,
)
def income_vs_expenditure_by_code(ctx: Context):
    """收入总表和支出总表都按支出功能分类科目列示，同一科目的合计金额应相同（本年收入加上年结转安排的支出）。
    一张表列出、另一张表没有列出的科目（金额不为零），也是两表不一致，报在缺少它的表上。"""
    inc, exp = ctx.require("income_summary"), ctx.require("expenditure_summary")
    c = _Counter()
    yield from _by_code(ctx, inc, exp, c, "金额不一致")
    yield from _unlisted(ctx, inc, exp, c)
    yield from _unlisted(ctx, exp, inc, c)
    if not c.n:
        raise MissingData("收入总表和支出总表没有共同的科目")


def _by_code(ctx: Context, a: Table, b: Table, c: _Counter, what: str, *, limit: bool = False):
    """Issues (placed at table ``b``) for each code both tables list whose 合计 differs (with ``limit``:
    whose figure in ``b`` exceeds the one in ``a``)."""
    in_a = {r.code: r for r in a.rows if r.code}
    for r in b.rows:
        if r.code and r.code in in_a:
            f = c.take(_compare(ctx, a, in_a[r.code], "total", b, r, "total", f"科目 {r.code} 的{what}", limit=limit))
            if f:
                yield f


def _unlisted(ctx: Context, a: Table, b: Table, c: _Counter, column: str = "total"):
    """Issues (placed at table ``b``) for the codes ``a`` lists with an amount that ``b`` does not list."""
    listed = {r.code for r in b.rows if r.code}
    if not listed:
        return
    # A table printed as a flat list of 项 (no 类 and 款 rows) omits no class by leaving the 类 row out.
    levels = {len(code) for code in listed}
    # A row of the same name under another code is a misprinted code, which the K rules report.
    names = {plain(r.name) for r in b.rows if r.code}
    for r in a.rows:
        if not r.code or r.code in listed or len(r.code) not in levels or ctx.shifted(a, r) or plain(r.name) in names:
            continue
        v = r.values.get(column)
        if not v:
            continue
        c.n += 1
        yield Issue(message=f"{a.title.strip()}列有 {r.code} {r.name.strip()} {money(v, a.money_unit)}，"
                            f"{b.title.strip()}中没有这一科目。",
                    table=b.id, row_code=r.code, row_name=r.name.strip(), column=column, expected=v,
                    page=b.source.page, line=b.source.line, cell=b.source.cell, file=b.source.file)


@rule(
    "X003", "错误", "财政拨款收支总表与一般公共预算财政拨款支出表不一致",
    bad="财政拨款收支总表 一般公共预算 本年支出合计 647.23；一般公共预算财政拨款支出表 合计 637.23",
    good="两表的一般公共预算支出合计和各类支出金额相同",
    regulation=_REG,
)
def fiscal_summary_vs_general_budget(ctx: Context):
    """财政拨款收支总表中一般公共预算的本年支出合计等于一般公共预算财政拨款支出表的合计，各功能分类（类）的
    一般公共预算金额等于支出表中该类的合计。"""
    fs = ctx.require("fiscal_appropriation_summary")
    gb = ctx.require("general_budget_expenditure")
    if not gb.rows:
        raise NotApplicable("一般公共预算财政拨款支出表为空表") if gb.empty_note else MissingData("一般公共预算财政拨款支出表没有数据行")
    col = "general_budget" if any(c.id == "general_budget" for c in fs.columns) else "total"
    if col == "total" and any(r.values.get("total") for r in fs.rows if r.side == "income"
                              and re.search(r"政府性基金|国有资本", plain(r.name))):
        # One amount column over every fund: its totals and classes hold the other funds' spending too.
        raise MissingData("财政拨款收支总表没有分列一般公共预算，支出合计中还有政府性基金等其他财政拨款")
    c = _Counter()
    r = _find(fs, "expenditure", r"^本年支出合计$") or _find(fs, "expenditure", r"^支出总计$")
    f = c.take(_compare(ctx, fs, r, col, gb, total_row(gb), "total", "一般公共预算支出合计不一致"))
    if f:
        yield f
    classes = {plain(r.name): r for r in fs.rows
               if r.side == "expenditure" and r.block != "use" and _ORDINAL.match(r.name)}
    for row in gb.rows:
        if row.code and len(row.code) == 3 and plain(row.name) in classes:
            f = c.take(_compare(ctx, fs, classes[plain(row.name)], col, gb, row, "total", f"{row.name.strip()}不一致"))
            if f:
                yield f
    if not c.n:
        raise MissingData("两表中没有可比的合计或分类行")


@rule(
    "X004", "错误", "收支总表与支出总表的各类支出不一致",
    bad="收支总表 八、社会保障和就业支出 95.17；支出总表 208 社会保障和就业支出 59.17",
    good="两表中社会保障和就业支出都是 95.17",
    regulation=_REG,
)
def summary_classes_vs_expenditure(ctx: Context):
    """收支总表支出方按功能分类（类）列示的金额，等于支出总表中同一类的合计。"""
    s = ctx.require("income_expenditure_summary")
    exp = ctx.require("expenditure_summary")
    classes = {plain(r.name): r for r in s.rows
               if r.side == "expenditure" and r.block != "use" and _ORDINAL.match(r.name)}
    c = _Counter()
    for row in exp.rows:
        if row.code and len(row.code) == 3 and plain(row.name) in classes:
            f = c.take(_compare(ctx, s, classes[plain(row.name)], "total", exp, row, "total", f"{row.name.strip()}不一致"))
            if f:
                yield f
    if not c.n:
        raise MissingData("收支总表未按功能分类列示支出，或与支出总表没有同名的类")


def _basic_columns(gb: Table) -> list[tuple[str, str]]:
    """The columns holding 基本支出 in the general-budget table and the basic table: 基本支出 against
    合计, or, where the table prints only 人员经费 and 公用经费 under a 基本支出 label, each against
    its own column."""
    cols = {c.id for c in gb.columns}
    if "basic" not in cols and {"personnel", "public"} <= cols:
        return [("personnel", "personnel"), ("public", "public")]
    return [("basic", "total")]


@rule(
    "X005", "错误", "基本支出合计与基本支出表不一致",
    bad="一般公共预算财政拨款支出表 合计 基本支出 415.52；一般公共预算财政拨款基本支出表 合计 425.52",
    good="两表的基本支出都是 425.52",
    regulation=_REG,
)
def basic_expenditure(ctx: Context):
    """一般公共预算财政拨款支出表合计行的基本支出等于一般公共预算财政拨款基本支出表的合计（只分列人员经费、公用经费
    而没有基本支出栏的，两项分别与基本支出表的人员经费、公用经费相等）；支出总表合计行的基本
    支出不少于它（支出总表还含其他资金安排的基本支出），单位全部收入都是一般公共预算拨款时两者相等。"""
    basic = ctx.require("general_budget_basic_expenditure")
    total = total_row(basic)
    if total is None:
        raise MissingData("基本支出表没有合计行")
    c = _Counter()
    gb = ctx.table("general_budget_expenditure")
    if gb is not None:
        for col_gb, col_basic in _basic_columns(gb):
            f = c.take(_compare(ctx, gb, total_row(gb), col_gb, basic, total, col_basic, "基本支出不一致"))
            if f:
                yield f
    exp = ctx.table("expenditure_summary")
    inc = ctx.table("income_summary")
    if exp is not None:
        only_general = _only_general_budget(ctx, inc)
        f = c.take(_compare(ctx, exp, total_row(exp), "basic", basic, total, "total",
                            "基本支出不一致", limit=not only_general))
        if f:
            yield f
    if not c.n:
        raise MissingData("没有可与基本支出表比较的合计行")


def _only_general_budget(ctx: Context, inc: Table | None) -> bool:
    """Whether every income is a 一般公共预算 appropriation (no fund, special account or own income)."""
    fs = ctx.table("fiscal_appropriation_summary")
    if inc is None or fs is None:
        return False
    total = total_row(inc)
    if total is None:
        return False
    others = [v for k, v in total.values.items() if k not in ("total", "subtotal", "fiscal_appropriation", "general_budget", "carryover")]
    if any(v for v in others if v is not None):
        return False
    fund = _find(fs, "income", r"政府性基金") or None
    capital = _find(fs, "income", r"国有资本")
    return not any(r is not None and r.values.get("total") for r in (fund, capital))


# Basic-expenditure economic lines and the 三公 item each one is part of.
_THREE_PUBLIC_LINES = (
    ("30212", "overseas", "因公出国（境）费用", "出国"),
    ("30217", "reception", "公务接待费", "接待"),
    ("30231", "vehicle_operation", "公务用车运行维护费", "车"),
    ("31013", "vehicle_purchase", "公务用车购置", "车"),
    ("30913", "vehicle_purchase", "公务用车购置", "车"),
)


@rule(
    "X006", "错误", "基本支出中的“三公”科目超过“三公”经费表",
    bad="基本支出表 30217 公务接待费 0.50；“三公”经费表 公务接待费 0.20",
    good="基本支出表 30217 公务接待费 0.20；“三公”经费表 公务接待费 0.20",
    regulation="《地方预决算公开操作规程》第十一条：公开财政拨款“三公”经费预算情况",
)
def basic_lines_vs_three_public(ctx: Context):
    """基本支出表中的 30212 因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费、31013/30913 公务用车
    购置，不超过“三公”经费表中对应的项目（“三公”经费表还包括项目支出安排的部分，所以可以更大）。“三公”经费表中
    空白的单元格不当作 0，不比较；整张表空表列示时按 0 比较。"""
    basic = ctx.require("general_budget_basic_expenditure")
    tp = ctx.require("three_public_expenses")
    rows = {r.code: r for r in basic.rows if r.code}
    # The printed name must say what the code means; a code with another name is K's business.
    lines = [(code, role, name) for code, role, name, word in _THREE_PUBLIC_LINES
             if code in rows and word in rows[code].name]
    if not lines:
        raise NotApplicable("基本支出表中没有“三公”经费对应的经济分类科目")
    empty = tp.empty_note is not None and not any(v for r in tp.rows for v in r.values.values())
    roles = three_public_items(tp)
    col = "general_budget" if any(c.id == "general_budget" for c in tp.columns) else "total"
    compared = 0
    for code, role, name in lines:
        line = rows[code]
        amount = line.values.get("total")
        if amount is None or ctx.shifted(basic, line):
            continue
        target = roles.get(role)
        if empty:
            limit = ZERO
            where = "“三公”经费表为空表（没有“三公”经费）"
        elif target is not None and target.values.get(col) is not None:
            limit = target.values[col]
            where = f"“三公”经费表“{target.name.strip()}”只有 {money(limit, tp.money_unit)}"
        else:
            continue
        compared += 1
        if not at_most(amount, basic.money_unit, limit, tp.money_unit):
            yield ctx.at(basic, line, f"基本支出表 {code} {line.name.strip()} 安排 {money(amount, basic.money_unit)}，"
                                      f"但{where}；{name}是“三公”经费的一部分，不能超过它。",
                         column="total", expected=limit if basic.money_unit == tp.money_unit else None, actual=amount)
    if not compared:
        raise MissingData("“三公”经费表中没有对应项目的金额")


@rule(
    "X007", "错误", "上年结转在各表中不一致",
    bad="收支总表 上年结转结余 42.00；收入总表 合计 上年结转 24.00",
    good="收支总表、收入总表的上年结转都是 42.00，财政拨款收支总表的年初结转结余不超过它",
    regulation=_REG,
)
def carryover(ctx: Context):
    """收支总表收入方的上年结转（结余）等于收入总表合计行的上年结转；财政拨款收支总表的年初财政拨款结转和结余
    不超过它（财政拨款结转只是全部结转的一部分）。"""
    s = ctx.table("income_expenditure_summary")
    inc = ctx.table("income_summary")
    fs = ctx.table("fiscal_appropriation_summary")
    c = _Counter()
    summary_row = _find(s, "income", r"上年结转|年初结转")
    if inc is not None and any(col.id == "carryover" for col in inc.columns):
        f = c.take(_compare(ctx, s, summary_row, "total", inc, total_row(inc), "carryover", "上年结转不一致")
                   if s is not None else None)
        if f:
            yield f
    fiscal_row = _find(fs, "income", r"年初.*结转|上年结转")
    if s is not None and fiscal_row is not None and summary_row is not None:
        f = c.take(_compare(ctx, s, summary_row, "total", fs, fiscal_row, "total", "财政拨款结转超过全部上年结转",
                            limit=True))
        if f:
            yield f
    if not c.n:
        raise MissingData("没有两张以上的表列出上年结转")


@rule(
    "X008", "错误", "财政拨款收入在各表中不一致",
    bad="收支总表 一般公共预算拨款收入 605.23；财政拨款收支总表 一般公共预算拨款 650.23",
    good="两表的一般公共预算拨款收入都是 605.23",
    regulation=_REG,
)
def fiscal_income(ctx: Context):
    """收支总表收入方的一般公共预算（拨款）收入、政府性基金、国有资本经营预算收入，等于财政拨款收支总表收入方
    本年的同名收入。收支总表收入方没有上年结转行的（如按资金列示“一、一般公共预算资金”），各资金行含该资金的
    上年结转，等于财政拨款收支总表本年收入加同一资金的上年结转也算一致。"""
    s = ctx.require("income_expenditure_summary")
    fs = ctx.require("fiscal_appropriation_summary")
    c = _Counter()
    summary_carries = any(CARRIED.search(plain(r.name)) for r in s.rows if r.side == "income")
    for rx, what in ((r"一般公共预算", "一般公共预算拨款收入不一致"), (r"政府性基金", "政府性基金预算拨款收入不一致"),
                     (r"国有资本经营", "国有资本经营预算拨款收入不一致")):
        # Only this year's rows: those in the carry-over part split the carry-over by fund.
        ours, theirs = _find(s, "income", rx, _this_year_income(s)), _find(fs, "income", rx, _this_year_income(fs))
        if not summary_carries and _with_carryover(s, ours, fs, theirs, rx):
            c.n += 1  # a 收支总表 with no carry-over row prints each fund with its carry-over
            continue
        f = c.take(_compare(ctx, s, ours, "total", fs, theirs, "total", what))
        if f:
            yield f
    if not c.n:
        raise MissingData("两表中没有可比的财政拨款收入行")


def _with_carryover(s: Table, ours: Row | None, fs: Table, theirs: Row | None, rx: str) -> bool:
    """Whether the summary's fund row equals the fiscal summary's this-year row plus its carry-over of
    the same fund (the rows after 上年结转 on the income side)."""
    if ours is None or theirs is None or ours.values.get("total") is None or theirs.values.get("total") is None:
        return False
    income = [r for r in fs.rows if r.side == "income"]
    start = next((i for i, r in enumerate(income) if CARRIED.search(plain(r.name))), None)
    carried = _find(fs, "income", rx, income[start + 1:]) if start is not None else None
    if carried is None or carried.values.get("total") is None:
        return False
    return same_money(ours.values["total"], s.money_unit,
                      theirs.values["total"] + carried.values["total"], fs.money_unit)


@rule(
    "X009", "错误", "一般公共预算财政拨款支出表与支出总表的同一科目不一致",
    bad="支出总表 2080501 行政单位离退休 44.69、2080505 26.77；一般公共预算财政拨款支出表 2080501 26.77、2080505 44.69"
        "（两表合计都是 647.23）",
    good="两表中 2080501 都是 44.69，2080505 都是 26.77",
    regulation=_REG,
)
def general_budget_vs_expenditure_by_code(ctx: Context):
    """一般公共预算财政拨款支出表是支出总表中一般公共预算拨款安排的部分：同一科目的合计不超过支出总表，
    它列出的科目支出总表也要列出。两表的合计相同时（全部支出都由一般公共预算拨款安排），
    每个科目的金额都应相同，支出总表列出的科目它也要列出。"""
    gb = ctx.require("general_budget_expenditure")
    exp = ctx.require("expenditure_summary")
    if not any(r.code for r in gb.rows) or not any(r.code for r in exp.rows):
        raise MissingData("两表没有按科目列示")
    gt, et = total_row(gb), total_row(exp)
    equal = (gt is not None and et is not None and gt.values.get("total") is not None
             and et.values.get("total") is not None and not ctx.shifted(gb, gt) and not ctx.shifted(exp, et)
             and same_money(et.values["total"], exp.money_unit, gt.values["total"], gb.money_unit))
    what = f"一般公共预算支出{'与支出总表不一致' if equal else '超过支出总表'}"
    c = _Counter()
    # The 合计 column: 基本支出 and 项目支出 add up to it in each table (S002).
    yield from _by_code(ctx, exp, gb, c, what, limit=not equal)
    yield from _unlisted(ctx, gb, exp, c)
    if equal:
        yield from _unlisted(ctx, exp, gb, c)
    if not c.n:
        raise MissingData("两表没有共同的科目")
