"""Sums inside one table: rows against their parts, parents against children, totals.

Every comparison allows the rounding a printed figure carries (see :mod:`yusuan.rules.rounding`).
A table whose figures are displaced by a row is reported once by S001 and its displaced rows are
left out of the other sums, so one slip of the pen is one finding, not a dozen.
"""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import Row, Table
from yusuan.recognize.tables import three_public_role
from yusuan.rules.context import Context, money
from yusuan.rules.engine import MissingData, NotApplicable, rule
from yusuan.rules.hierarchy import is_total, numeric_columns, row_parts
from yusuan.rules.rounding import ZERO, close, tolerance

_REG_TABLES = "《地方预决算公开操作规程》（财预〔2016〕143号）第十一条：部门预算公开表格按统一格式编制"

def _label(table: Table, column: str) -> str:
    for c in table.columns:
        if c.id == column:
            return c.label
    return column


def _row_label(row: Row) -> str:
    return f"{row.code} {row.name.strip()}" if row.code else f"“{row.name.strip()}”"


def _tables_with_rows(ctx: Context, ids=None) -> list[Table]:
    tables = [t for t in ctx.disclosure.tables if t.rows and (ids is None or t.id in ids)]
    if not tables:
        raise MissingData("没有找到带数据行的标准表")
    return tables


@rule(
    "S001", "错误", "行错位：表中数字与科目错开一行",
    bad="""
支出总表：合计 152.80；201 一般公共服务支出 152.80；20103 政府办公厅（室）及相关机构事务 152.80；
2010308 信访事务 15.88（这是下一行 208 的数）；208 社会保障和就业支出 15.88；20805 2.59 ……
""",
    good="""
合计 185.62；201 152.80；20103 152.80；2010308 152.80；208 15.88；20805 15.88；2080501 2.59 ……
""",
    regulation=_REG_TABLES,
)
def row_shift(ctx: Context):
    """从某一行起，一栏数字整体与科目编码错开一行：每行印的是下一行（或上一行）的数。按科目层级发现——
    原样时 类 ≠ Σ款、款 ≠ Σ项 一路不成立，把数字挪回一行后全部成立。每张表只报一次；错位的行不再由其他求和规则重复报告。"""
    tables = [t for t in _tables_with_rows(ctx) if any(r.code for r in t.rows)]
    if not tables:
        raise MissingData("没有带科目编码的表")
    for t in tables:
        s = ctx.shifts.get(t.id)
        if s is None:
            continue
        rows = t.rows
        first = rows[s.start]
        col = next((c for c in numeric_columns(t) if first.values.get(c) is not None), "total")
        # The first row whose printed figure differs from the figure it should carry.
        moved = next((i for i in range(s.start, len(rows)) if s.restored[i] is not None
                      and s.restored[i].get(col) != rows[i].values.get(col)), s.start)
        owner = moved + s.step
        where = "下一行" if s.step == 1 else "上一行"
        msg = (f"从{_row_label(first)}起，各行数字整体错开一行，每行列的是{where}的数："
               f"{_row_label(rows[moved])} 列 {money(rows[moved].values.get(col), t.money_unit)}")
        if 0 <= owner < len(rows):
            msg += f"，这是{_row_label(rows[owner])}的数"
        msg += f"（按科目层级，原样有 {s.failed_as_printed} 处上下级不相加，错开一行还原后全部相加）"
        # The finding's figures are those of the first displaced row: what it prints, what it should.
        actual = rows[moved].values.get(col)
        expected = s.restored[moved].get(col) if s.restored[moved] is not None else None
        total = next((i for i, r in enumerate(rows) if is_total(r)), None)
        if total is not None and s.covers(total):
            tops = [i for i, r in enumerate(rows) if r.code and len(r.code) == 3]
            restored = [s.restored[i] for i in tops]
            if tops and all(v is not None for v in restored):
                right = sum((v.get(col) or ZERO for v in restored), ZERO)
                msg += (f"；合计行 {money(rows[total].values.get(col), t.money_unit)} 不是合计，"
                        f"还原后各类相加为 {money(right, t.money_unit)}")
        yield ctx.at(t, rows[moved], msg + "。", column=col, expected=expected, actual=actual)


def row_sum_issues(ctx: Context, t: Table, total_col: str, parts: tuple[str, ...], compared: list[bool]):
    """Issues where a row's ``total_col`` is not the sum of its ``parts`` (a blank part counts as 0; a row
    whose total or every part is blank is not compared). ``compared`` gets an entry per row compared."""
    cols = {c.id for c in t.columns}
    if total_col not in cols or not any(p in cols for p in parts):
        return
    half = None  # asked for where a sum is off: most rows add up to the cent
    displaced = ctx.shifted(t)
    for r in t.rows:
        if r.side == "income" or (displaced and ctx.shifted(t, r)):
            continue
        values = r.values
        total = values.get(total_col)
        if total is None:  # before the parts are gathered: many rows print no total
            continue
        present = [v for p in parts if (v := values.get(p)) is not None]
        if not present:
            continue
        compared.append(True)
        s = sum(present, ZERO)
        if total == s:
            continue
        diff = abs(total - s)
        if not diff:
            continue
        if half is None:
            half = ctx.half_unit(t)
        if diff > half * len(present) and diff > tolerance(present, total):  # as Context.within
            shown = "＋".join(f"{_label(t, p)} {values[p]}" for p in parts if values.get(p) is not None)
            yield ctx.at(t, r, f"{_row_label(r)}：{_label(t, total_col)} {money(total, t.money_unit)}，"
                               f"但 {shown} ＝ {money(s, t.money_unit)}，相差 {total - s}"
                               f"（四舍五入最多差 {tolerance(present, total)}）。",
                         column=total_col, expected=s, actual=total)


@rule(
    "S002", "错误", "行内各栏不相加：合计 ≠ 各组成栏之和",
    bad="一般公共预算财政拨款支出表 201 一般公共服务支出：合计 506.10，基本支出 308.10，项目支出 190.00",
    good="合计 506.10，基本支出 308.10，项目支出 198.00",
    regulation=_REG_TABLES,
)
def row_columns(ctx: Context):
    """每一行的合计栏等于各组成栏之和：支出表 合计 = 基本支出 + 项目支出，基本支出分列人员经费、公用经费的，
    基本支出 = 人员经费 + 公用经费；基本支出表 合计 = 人员经费 + 公用经费；
    收入总表 合计 = 本年收入小计 + 上年结转，小计 = 各项收入；财政拨款收支总表和“三公”经费表 合计 = 一般公共预算 +
    政府性基金 + 国有资本经营预算。组成栏全部空白的行不比较（有的版式只印合计）。"""
    compared: list[bool] = []
    for t in _tables_with_rows(ctx):
        for total_col, parts in row_parts(t):
            yield from row_sum_issues(ctx, t, total_col, parts, compared)
    if not compared:
        raise MissingData("没有可核对的分栏数字")


def _to_examine(ctx: Context, t: Table) -> list:
    """The identities worth a look column by column: those that fail as printed (the shared analysis
    already found the others hold), or every one in a table with displaced rows."""
    if ctx.shifted(t):
        return ctx.identities(t)
    return ctx.identity_sums(t)[0]


@rule(
    "S003", "错误", "科目层级不相加：类 ≠ Σ款、款 ≠ Σ项",
    bad="基本支出表：301 工资福利支出 287.44，下列 30101…30113 相加为 289.44",
    good="301 工资福利支出 287.44，下列各款相加为 287.44",
    regulation="《政府收支分类科目》：支出功能分类设类、款、项三级，经济分类设类、款两级，上级科目为下级科目之和",
)
def code_hierarchy(ctx: Context):
    """按功能分类或经济分类列示的表中，每个上级科目等于表中所列下级科目之和，逐栏核对：201 = Σ201xx，
    20140 = Σ20140xx，301 = Σ301xx。下级科目中空白的单元格按零计；上级科目空白、或下级科目全部空白的栏
    不比较（空白不是 0：没有印数字，无从核对）。"""
    tables = [t for t in _tables_with_rows(ctx) if any(r.code for r in t.rows)]
    if not tables:
        raise MissingData("没有带科目编码的表")
    checked = any(not is_total(t.rows[i.parent]) for t in tables if not ctx.shifted(t)
                  for i in ctx.identity_sums(t)[1])
    for t in tables:
        rows = t.rows
        for ident in _to_examine(ctx, t):
            parent = rows[ident.parent]
            if is_total(parent) or ctx.shifted(t, parent):
                continue
            kids = [rows[i] for i in ident.children]
            if any(ctx.shifted(t, k) for k in kids):
                continue
            for col in numeric_columns(t):
                addends = [k.values.get(col) for k in kids]
                if parent.values.get(col) is None or all(a is None for a in addends):
                    continue  # a blank is not 0: one side printed nothing to compare
                checked = True
                s = sum((a for a in addends if a is not None), ZERO)
                p = parent.values[col]
                if not ctx.within(t, p, addends):
                    codes = "、".join(k.code for k in kids if k.code)
                    yield ctx.at(t, parent, f"{_row_label(parent)} 的{_label(t, col)} {money(parent.values.get(col), t.money_unit)}，"
                                            f"下级科目 {codes} 相加为 {money(s, t.money_unit)}，相差 {p - s}。",
                                 column=col, expected=s, actual=p)
    if not checked:
        raise MissingData("表中没有上下级科目可核对")


@rule(
    "S004", "错误", "合计行不等于各类之和",
    bad="支出总表：合计 152.80，但 201、208、210、221 四类相加为 185.63",
    good="合计 185.62（四类相加 185.63，四舍五入差 0.01 在允许范围内）",
    regulation=_REG_TABLES,
)
def total_row(ctx: Context):
    """分类表的合计行等于各类（最上级科目）之和，逐栏核对；四舍五入允许每个加数差半分。合计空白、或各类全部空白的栏
    不比较。"""
    checked = any(is_total(t.rows[i.parent]) for t in _tables_with_rows(ctx) if not ctx.shifted(t)
                  for i in ctx.identity_sums(t)[1])
    for t in _tables_with_rows(ctx):
        rows = t.rows
        for ident in _to_examine(ctx, t):
            total = rows[ident.parent]
            if not is_total(total) or ctx.shifted(t, total):
                continue
            kids = [rows[i] for i in ident.children]
            for col in numeric_columns(t):
                addends = [k.values.get(col) for k in kids]
                if total.values.get(col) is None or all(a is None for a in addends):
                    continue  # a blank is not 0: one side printed nothing to compare
                checked = True
                s = sum((a for a in addends if a is not None), ZERO)
                p = total.values[col]
                if not ctx.within(t, p, addends):
                    yield ctx.at(t, total, f"合计行{_label(t, col)} {money(total.values.get(col), t.money_unit)}，"
                                           f"各类（{'、'.join(k.code for k in kids if k.code)}）相加为 "
                                           f"{money(s, t.money_unit)}，相差 {p - s}。",
                                 column=col, expected=s, actual=p)
    if not checked:
        raise MissingData("没有带合计行的分类表")


_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB_ORDINAL = re.compile(r"^(?:\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")


def _side_sum(rows: list[Row], stop: re.Pattern) -> tuple[list[Row], Row | None]:
    """The item rows of one side (``rows``) before its 本年合计 row, and that row."""
    items: list[Row] = []
    for r in rows:
        if stop.search(_spaceless(r.name)):
            return items, r
        items.append(r)
    return items, None


_INCOME_TOTAL = re.compile(r"本年收入合计|收入本年合计|^本年收入$")
_EXPENDITURE_TOTAL = re.compile(r"本年支出合计|支出本年合计|^本年支出$")
_GRAND = {"income": re.compile(r"收入总计"), "expenditure": re.compile(r"支出总计")}
CARRIED = re.compile(r"结转|结余")  # a 结转结余 row: last year's money, not this year's


def _named(rows: list[Row], rx: re.Pattern) -> Row | None:
    return next((r for r in rows if rx.search(_spaceless(r.name))), None)


def _level(r: Row) -> int:
    """1 for an item numbered 一、二、…, 2 for a sub-item numbered 1. 2. or （一）, 0 for an unnumbered row."""
    return _name_level(r.name)


@lru_cache(maxsize=4096)
def _name_level(name: str) -> int:
    name = name.strip()
    return 1 if _ORDINAL.match(name) else 2 if _SUB_ORDINAL.match(name) else 0


@lru_cache(maxsize=4096)
def _spaceless(name: str) -> str:
    return name.replace(" ", "")


def _sub_items(rows: list[Row], levels: list[int], head: int) -> list[tuple[Row, list[Row]]]:
    """Each row of level ``head`` with the rows numbered below it: 一、财政拨款收入 (level 1) with 1. 一般公共
    预算资金, 2. 政府性基金 …; 年初财政拨款结转和结余 (level 0) with 一、一般公共预算拨款 …"""
    out: list[tuple[Row, list[Row]]] = []
    n = len(rows)
    for i in range(n):
        if levels[i] != head:
            continue
        j = i + 1
        while j < n and levels[j] > head:
            j += 1
        if j > i + 1:
            out.append((rows[i], rows[i + 1:j]))
    return out


def _sum_issue(ctx: Context, t: Table, whole: Row, parts: list[Row], what: str):
    """Issues where ``whole`` is not the sum of ``parts``, column by column (a blank part counts as 0).
    A column where ``whole`` is blank, or every part is, is not compared: a blank is no figure (some
    layouts print only the item, and a misread column reads as blanks)."""
    printed = whole.values
    rows = [r.values for r in parts]  # read off the models once, not once a column
    for col in ctx.filled_columns(t):
        got = printed.get(col)
        if got is None:
            continue  # a blank is not 0: one side printed nothing to compare
        addends = [v for values in rows if (v := values.get(col)) is not None]
        if not addends:
            continue
        s = sum(addends, ZERO)
        if not ctx.within(t, got, addends):
            label = f"（{_label(t, col)}）" if col != "total" else ""
            yield ctx.at(t, whole, f"{whole.name.strip()}{label} {money(got, t.money_unit)}，{what}相加为 "
                                   f"{money(s, t.money_unit)}，相差 {got - s}。",
                         column=col, expected=s, actual=got)


@rule(
    "S005", "错误", "收支总表不平：本年合计、总计与各项不符",
    bad="收支总表：收入总计 647.23，支出总计 637.23",
    good="本年收入合计 605.23 ＋ 上年结转 42.00 ＝ 收入总计 647.23 ＝ 支出总计 647.23",
    regulation="《中华人民共和国预算法》第十二条：各级预算应当遵循统筹兼顾、勤俭节约、量力而行、讲求绩效和收支平衡的原则",
)
def two_sided_totals(ctx: Context):
    """收支总表和财政拨款收支总表中：本年收入合计 = 各项收入之和，本年支出合计 = 各项支出之和（表中编号
    一、二、… 的行），收入总计 = 支出总计，各总计 = 本年合计 + 其间的结转结余行（上年结转、年终结转）；
    没有本年合计行的版式（如上海），总计 = 编号各项 + 结转结余行。某项下列出编号的细项时（一、财政拨款收入
    下的 1. 一般公共预算资金、2. 政府性基金…，年初结转和结余下的 一、一般公共预算拨款…），该项等于各细项
    之和。逐栏核对，细项全部空白的栏不比较。支出分两块列示的（按功能分类一块、按用途或经济分类一块，如“一、基本支出
    二、项目支出”），两块各自与本年支出合计、支出总计核对，不相加在一起。"""
    tables = [t for t in ctx.disclosure.tables
              if t.id in ("income_expenditure_summary", "fiscal_appropriation_summary") and t.rows]
    if not tables:
        raise MissingData("未找到收支总表或财政拨款收支总表")
    for t in tables:
        yield from two_sided_issues(ctx, t)


def two_sided_issues(ctx: Context, t: Table, grand_names: dict[str, re.Pattern] | None = None, *,
                     by_block: bool = True, items_name: str = "各项"):
    """The issues of one two-sided table (收支总表, 财政拨款收支总表, and their 决算 forms): S005's checks.
    ``grand_names`` tell each side's 总计 row (the 决算 tables name both plainly 总计)."""
    grand_names = grand_names or _GRAND
    if by_block and any(r.block == "use" for r in t.rows):
        # 支出 printed twice, by function and by use: each block adds up to the totals on its own, and the
        # use block's rows are checked with the expenditure side only (the income side once).
        function = t.model_copy(update={"rows": [r for r in t.rows if r.block != "use"]})
        use = t.model_copy(update={"rows": [r for r in t.rows if r.side == "expenditure" and r.block != "function"]})
        yield from two_sided_issues(ctx, function, grand_names, by_block=False, items_name="按功能分类列示的各项")
        yield from two_sided_issues(ctx, use, grand_names, by_block=False, items_name="按用途（经济分类）列示的各项")
        return
    grand: dict[str, Row | None] = {}
    # Each side's rows, in order, sorted out once: every look along a side below reads only them.
    sides: dict[str | None, list[Row]] = {"income": [], "expenditure": []}
    for r in t.rows:
        sides.get(r.side, []).append(r)
    for side, stop in (("income", _INCOME_TOTAL), ("expenditure", _EXPENDITURE_TOTAL)):
        rows = sides[side]
        g = _named(rows, grand_names[side])
        grand[side] = g
        items, subtotal = _side_sum(rows, stop)
        if subtotal is None and g is not None:
            items, _ = _side_sum(rows, grand_names[side])
        levels = [_level(r) for r in items]
        numbered = [r for r, lv in zip(items, levels) if lv == 1]
        if subtotal is None and g is not None and numbered:
            # No 本年合计 row: the 总计 is the numbered items and the carry-over rows.
            carried = [r for r, lv in zip(items, levels) if lv == 0 and CARRIED.search(r.name)]
            yield from _sum_issue(ctx, t, g, numbered + carried, "编号各项" + ("与结转结余" if carried else ""))
        for whole, parts in _sub_items(items, levels, 1):
            yield from _sum_issue(ctx, t, whole, parts, "其下各细项")
        if subtotal is None:
            continue
        items = numbered or items
        if items:
            yield from _sum_issue(ctx, t, subtotal, items, items_name)
        if g is None or g.values.get("total") is None:
            continue
        # Rows between 本年合计 and 总计 on this side: 上年结转 / 年终结转 (top-level only).
        at = {id(r): i for i, r in enumerate(rows)}  # by identity: pydantic's == is slow
        between = rows[at[id(subtotal)] + 1:at[id(g)]] if id(g) in at and id(subtotal) in at else []
        levels = [_level(r) for r in between]
        for whole, parts in _sub_items(between, levels, 0):
            yield from _sum_issue(ctx, t, whole, parts, "其下各项")
        # The top-level rows: unnumbered 上年结转 rows, else the numbering going on after the year's items
        # (五、使用非财政拨款结余, 六、上年结转), each of them an addend.
        top = min(levels, default=0)
        between = [r for r, lv in zip(between, levels) if lv == top]
        addends = [subtotal.values.get("total"), *(r.values.get("total") for r in between)]
        s = sum((a for a in addends if a is not None), ZERO)
        got = g.values["total"]
        if not close(got, s, addends):
            parts = "＋".join(f"{r.name.strip()} {money(r.values.get('total'), t.money_unit)}"
                             for r in [subtotal, *between])
            yield ctx.at(t, g, f"{g.name.strip()} {money(got, t.money_unit)}，但 {parts} ＝ "
                               f"{money(s, t.money_unit)}。", column="total", expected=s, actual=got)
    gi, ge = grand.get("income"), grand.get("expenditure")
    if gi is not None and ge is not None and None not in (gi.values.get("total"), ge.values.get("total")):
        a, b = gi.values["total"], ge.values["total"]
        if a != b:
            yield ctx.at(t, ge, f"收入总计 {money(a, t.money_unit)} 与支出总计 {money(b, t.money_unit)} 不相等，收支不平衡。",
                         column="total", expected=a, actual=b)


def three_public_items(t: Table) -> dict[str, Row]:
    """The 三公 table's rows by role (``Row.item``, which recognition gives each row): the 三公 total as
    ``total``, and the parts; 会议费, 培训费 and a 合计 over them too stay out of the 三公 identities."""
    roles: dict[str, Row] = {}
    for r in t.rows:
        if "教学科研" in r.name:
            continue
        item = r.item or three_public_role(r.name)
        if item == "three_public_total":
            roles.setdefault("total", r)
        elif item in ("overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
            roles.setdefault(item, r)
    return roles


@rule(
    "S006", "错误", "“三公”经费构成不相加",
    bad="“三公”经费合计 2.90；因公出国（境）费 0；公务用车购置及运维费 2.70；公务接待费 0.30",
    good="合计 2.90 ＝ 因公出国（境）费 0 ＋ 公务用车购置及运维费 2.70 ＋ 公务接待费 0.20",
    regulation="财政部关于“三公”经费的口径：因公出国（境）费、公务用车购置及运行维护费、公务接待费",
)
def three_public_composition(ctx: Context):
    """“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费，公务用车购置及运行维护费
    = 公务用车购置费 + 公务用车运行维护费，逐栏核对；空白的分项按零计，合计空白或分项全部空白的栏不比较。"""
    t = ctx.require("three_public_expenses")
    if t.empty_note and not any(v is not None for r in t.rows for v in r.values.values()):
        raise NotApplicable("“三公”经费表为空表列示")
    if not t.rows:
        raise MissingData("“三公”经费表没有读到数据行")
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
        for col in numeric_columns(t):
            addends = [r.values.get(col) for r in rows]
            if w.values.get(col) is None or all(a is None for a in addends):
                continue  # a blank is not 0: one side printed nothing to compare
            checked = True
            s = sum((a for a in addends if a is not None), ZERO)
            got = w.values[col]
            if not close(got, s, addends):
                names = "＋".join(f"{r.name.strip()} {money(r.values.get(col), t.money_unit)}" for r in rows)
                yield ctx.at(t, w, f"{w.name.strip()}（{_label(t, col)}）{money(w.values.get(col), t.money_unit)}，"
                                   f"但 {names} ＝ {money(s, t.money_unit)}。", column=col, expected=s, actual=got)
    if not checked:
        raise MissingData("“三公”经费表中没有认出合计和各项")


_ASSET_ITEM = re.compile(r"^\d+[、.．]")


@rule(
    "S007", "错误", "固定资产总额不等于各类资产之和",
    bad="资产总额 163.59；车辆 15.05；其他固定资产 138.54",
    good="资产总额 163.59 ＝ 房屋 0 ＋ 车辆 15.05 ＋ 设备 0 ＋ 其他固定资产 148.54",
    regulation="《地方预决算公开操作规程》第十一条：公开国有资产占有使用情况",
)
def fixed_assets_total(ctx: Context):
    """固定资产占用情况表中，资产总额等于编号的各类资产之和（1、房屋 2、车辆 3、单价20万元以上的设备 4、其他
    固定资产）；“其中”行是某类的一部分，不再相加。"""
    t = ctx.require("fixed_assets")
    total = next((r for r in t.rows if "总额" in r.name or is_total(r)), None)
    items = [r for r in t.rows if _ASSET_ITEM.match(r.name.strip())]
    if total is None or not items or total.values.get("value") is None:
        raise MissingData("固定资产表中没有资产总额或分类行")
    addends = [r.values.get("value") for r in items]
    s = sum((a for a in addends if a is not None), ZERO)
    got = total.values["value"]
    if not close(got, s, addends):
        yield ctx.at(t, total, f"资产总额 {money(got, t.money_unit)}，各类资产相加为 {money(s, t.money_unit)}，相差 {got - s}。",
                     column="value", expected=s, actual=got)

