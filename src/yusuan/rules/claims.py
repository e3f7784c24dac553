"""Claims against tables: each number of the explanation that names its subject, checked against it.

The claims are read by :mod:`yusuan.recognize.claims` (``Disclosure.claims``); a claim whose subject could
not be resolved is never checked. Findings are placed at ``table="narrative"`` with the sentence's line
or page, the row code where the subject is a table row, and the measure as the column.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from yusuan.model import Claim, Table
from yusuan.recognize.claims import FUNCTION_TABLES
from yusuan.recognize.claims import names_figure as _names
from yusuan.rules.context import Context, convert
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule
from yusuan.rules.hierarchy import is_total
from yusuan.rules.narrative import (_CHANGE_PCT, _SHARE, LABELS, _mask, at, _pct_tolerance, _share_base, agrees,
                                    blank_source, comparable, in_tables, sentence_issue, sentences, show, source_agrees, sources,
                                    sums_to)
from yusuan.rules.rounding import decimals, half_of_places, half_unit

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门预算公开应当对本部门收支预算、“三公”经费等情况作出说明，说明与公开表格一致"

_MONEY = {"万元": "万元", "万": "万元", "元": "元", "亿元": "亿元"}
_CLAUSE_END = re.compile(r"[，,；;。：:]")  # the words before an amount, back to the last of these, are its clause
_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}


def money_unit(c: Claim) -> str | None:
    """The money unit a claim prints ("1170.00万" is 万元), or None for what is not money."""
    return _MONEY.get(c.unit or "")


def _claim_issue(c: Claim, message: str, *, column: str, code: str | None = None, name: str | None = None,
                 expected=None, actual=None, severity=None) -> Issue:
    return Issue(message=message, table="narrative", row_code=code, row_name=name, column=column,
                 line=c.source.line, page=c.source.page, file=c.source.file, expected=expected, actual=actual,
                 severity=severity)


def _quote(c: Claim, width: int = 40) -> str:
    """The words of the claim's sentence up to and including its number."""
    end = c.offset + len(c.printed)
    start = max(0, end - width)
    return ("…" if start else "") + c.text[start:end]


def _resolved(ctx: Context, kind: str) -> list[Claim]:
    """The resolved claims whose subject is of ``kind`` (row, figure, table_row), in order: sorted out once per
    check for the many rules that each look at one kind (reading a claim's fields costs more than a plain
    object's). Shared, so never changed."""
    return ctx.memo("resolved_claims", lambda: _sort_resolved(ctx.disclosure.claims)).get(kind, [])


def _sort_resolved(claims: list[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        if c.resolved:
            subject = c.subject
            if subject is not None:
                out.setdefault(subject.kind, []).append(c)
    return out


def _row_claims(ctx: Context) -> list[Claim]:
    return _resolved(ctx, "row")


# ----------------------------------------------------------------------------------------------
# N009: a 类/款/项 amount against its table row


def _last_digit_apart(stated: Decimal, unit: str, table: Decimal, table_unit: str) -> bool:
    """The same unit, printed to the same decimals, one unit of the last decimal apart (190.62 for 190.63)."""
    places = decimals(stated)
    return unit == table_unit and places == decimals(table) and abs(stated - table) == Decimal(1).scaleb(-places)


def same_amount(stated: Decimal, unit: str, table: Decimal, table_unit: str) -> bool:
    """Whether a stated amount can be the table's figure. Printed in the same unit to the same decimal they
    must be equal. Otherwise the table's figure, converted, may have been rounded or cut off to the
    decimals the sentence prints (a 877,080.00元 row is stated as 87.70万元 by documents that cut off, as
    87.71万元 by those that round): from a table in 元 the sentence's 万元 must be one of the two; between
    other units it may differ by a whole unit of the stated figure's last decimal, plus half a unit of the
    table's."""
    if unit == table_unit and decimals(stated) == decimals(table):
        return stated == table
    places = decimals(stated)
    exact = convert(table, table_unit, unit)
    h = convert(half_unit([table]), table_unit, unit)
    if table_unit == "元" and unit == "万元" and places <= 2:
        # a table in 元 is exact to the 万元 a sentence prints: the sentence rounds it or cuts it off
        step = Decimal(1).scaleb(-places)
        return (exact - h).quantize(step, rounding=ROUND_DOWN) <= stated <= (exact + h).quantize(
            step, rounding=ROUND_HALF_UP)
    diff = abs(exact - stated)
    return diff <= 2 * half_of_places(places) + h


def _shown(v: Decimal, places: int) -> Decimal:
    return v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _row_cells(ctx: Context, code: str) -> list[tuple[Table, Decimal]]:
    """The 合计 of the row ``code`` in each function-classified table that prints it, in the order the
    explanation of spending usually speaks of (the 财政拨款 tables first); a blank cell, a displaced row or
    a table of unknown unit gives nothing."""
    out = []
    for tid in FUNCTION_TABLES:
        t = ctx.table(tid)
        if t is None or t.money_unit is None:
            continue
        for r in t.rows:
            if (r.code or "").replace(" ", "") != code:
                continue
            if ctx.shifted(t, r):
                break
            v = r.values.get("total")
            if v is not None:
                out.append((t, v))
            break
    return out


def _fund_tables_only(ctx: Context, cells: list[tuple[Table, Decimal]]) -> bool:
    """Whether a row can be compared only in the tables of one fund while the statement may be of all the
    money: the 支出总表 prints no such row and the document spends more than that fund."""
    if any(t.id == "expenditure_summary" for t, _ in cells):
        return False
    summary = ctx.table("expenditure_summary")
    if summary is not None and any((r.code or "").strip() for r in summary.rows):
        return False  # the 支出总表 lists its rows, and this one is not among them
    for t, _ in cells:
        total = next((r.values.get("total") for r in t.rows if is_total(r)), None)
        whole = next((r.values.get("total") for r in (summary.rows if summary else []) if is_total(r)), None)
        if whole is None:
            fig = ctx.disclosure.narrative.get("expenditure_total")
            whole = fig and convert(fig.value, fig.unit, t.money_unit) if fig and fig.unit in ("元", "万元") else None
        elif summary.money_unit != t.money_unit:
            whole = convert(whole, summary.money_unit, t.money_unit) if summary.money_unit else None
        if total is not None and whole is not None and abs(whole - total) > half_unit([whole]) + half_unit([total]):
            return True  # the document spends more than this fund: the statement may hold other money
    return False


@rule(
    "N009", "错误", "说明中科目的金额与表格不一致",
    bad="说明：“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）887.36万元”；"
        "支出功能分类预算表 2080506 为 873,617.00元（87.36万元）",
    good="说明：“……机关事业单位职业年金缴费支出（项）87.36万元”，与表中 2080506 一致",
    regulation=_REG,
)
def row_amounts(ctx: Context):
    """说明中紧跟在“××（类）××（款）××（项）”名称或科目编码之后的金额（如“卫生健康支出（类）行政事业单位
    医疗（款）行政单位医疗（项）”78.21万元；“2010301-行政运行3452.35万元”），以及同一条目里标明本年的
    “2024年预算安排53.84万元”，应等于这个科目在支出功能分类表（一般公共预算、政府性基金、国有资本经营预算
    支出表，或支出总表）中的合计数，与其中任何一张相符即可。科目按说明印的编码，或按类、款、项名称在本文件
    表格中逐字（去掉空格）找到唯一的一行；找不到、找到不止一行的不核对。单位相同、小数位数相同时必须相等；
    说明用万元、表格用元的，换算后相差不超过说明末位的一个单位（有的文件四舍五入，有的截去尾数：
    877,080.00元写作87.70万元）加表格末位的半个单位即为一致。表格中这一格空白的不核对（空白
    不是 0）；标为上年（执行数）的金额不核对。支出总表没有列出科目、只能与一般公共预算等某一类资金的表比较，
    而本文件的支出不止这一类资金时，说明的金额可能含其他资金，也不核对。单位、小数位数都相同而只差末位一个
    单位的（190.62 对 190.63），多是为使各项相加等于合计而改了尾数，只作警告。"""
    claims = [c for c in _row_claims(ctx) if c.measure == "amount" and money_unit(c) is not None
              and (c.subject.direct or c.period == "current")]
    if not claims:
        raise NotApplicable("说明中没有指明科目的金额")
    compared = 0
    seen: set[tuple] = set()
    for c in claims:
        unit = money_unit(c)
        cells = _row_cells(ctx, c.subject.code)
        if not cells or _fund_tables_only(ctx, cells):
            continue  # compared only with the tables of one fund, an amount for all the money proves nothing
        compared += 1
        if any(same_amount(c.value, unit, v, t.money_unit) for t, v in cells):
            continue
        # the same wrong amount restated in the same place ("……738.66万元。……2024年预算安排738.66万元") is one finding
        key = (c.subject.code, c.value, c.source.file, c.source.page, c.source.line)
        if key in seen:
            continue
        seen.add(key)
        t, v = cells[0]
        expected = convert(v, t.money_unit, unit)
        shown = show(v, t.money_unit)
        if t.money_unit != unit:
            expected = _shown(expected, decimals(c.value))
            shown += f"（即 {expected}{unit}）"
        others = "；".join(f"{o.title.strip()} {show(ov, o.money_unit)}" for o, ov in cells[1:])
        name = c.subject.names.get(c.subject.level) or c.subject.table_names.get(c.subject.level) or ""
        msg = f"说明称“{_quote(c)}”，但{t.title.strip()}中 {c.subject.code} {name} 为 {shown}"
        if others:
            msg += f"（{others}）"
        severity = None
        if _last_digit_apart(c.value, unit, v, t.money_unit):
            # One unit of the last digit apart: most often a figure nudged so that the sentence's items add
            # up to its total after rounding, not a different amount.
            msg += "，相差末位的一个单位（可能是为使各项相加等于合计而改动了尾数），请核实"
            severity = "警告"
        yield _claim_issue(c, msg + "。", column="amount", code=c.subject.code, name=name,
                           expected=expected, actual=c.value, severity=severity)
    if not compared:
        raise MissingData("说明中指明的科目在表格中没有可比的金额")


# ----------------------------------------------------------------------------------------------
# N010: the printed name of a 类/款/项 against the table's name for the same code


@rule(
    "N010", "警告", "说明中的科目名称与表格不一致",
    bad="说明：“法院（款）一般行政事务管理（项）支出5804.83万元”；表中 2040502 为“一般行政管理事务”",
    good="说明：“法院（款）一般行政管理事务（项）支出5804.83万元”",
    regulation="《政府收支分类科目》：说明中的科目名称应与科目表和公开表格一致",
)
def row_names(ctx: Context):
    """说明里写出的类、款、项名称，应与表格中同一编码的名称一致。说明印了编码、名称与表中这一编码的名称
    不同的；或者款名一致、项名与该款下某一项只是字序不同的（“一般行政事务管理”与“一般行政管理事务”）；
    或者类名与表格不同（如 2019 年以后仍写“医疗卫生与计划生育支出”，表中已是“卫生健康支出”），都报告。
    “其它”与“其他”视为同一个词。名称只有在科目能唯一确定时才比较，所以这是警告。"""
    claims = [c for c in _row_claims(ctx) if c.subject.direct]
    if not claims:
        raise NotApplicable("说明中没有指明科目的金额")
    seen: set[tuple] = set()
    for c in claims:
        for level, table_name in c.subject.table_names.items():
            printed = c.subject.names.get(level, "")
            code = c.subject.code[:_LEVEL_LEN[level]]
            key = (code, printed, c.source.page, c.source.line)
            if key in seen:
                continue
            seen.add(key)
            yield _claim_issue(c, f"说明中{code}（{level}）写作“{printed}”，表格中为“{table_name}”。",
                               column="name", code=code, name=table_name, expected=table_name, actual=printed)


# ----------------------------------------------------------------------------------------------
# N011: "其中" parts against their total


@rule(
    "N011", "错误", "说明中“其中”各项之和与总数不符",
    bad="政府采购预算117.00万元，其中：政府采购货物预算17.00万元、政府采购工程预算10.00万元、政府采购服务预算100.00万元",
    good="政府采购预算117.00万元，其中：政府采购货物预算17.00万元、政府采购工程预算0万元、政府采购服务预算100.00万元",
    regulation=_REG,
)
def parts_sum(ctx: Context):
    """说明中“总数 X 万元，其中：A a 万元、B b 万元……”的各项金额之和应等于总数，允许各数四舍五入的误差。
    只核对没有歧义的句子：“其中”前紧挨着一个总额，之后同一句里至少有两项、单位相同，中间没有再套“包括”
    “其中”“主要”“等”，没有上年的金额或与上年比较的金额（增减额不算其中的一项）。车辆和设备的台数也一样
    （“共有车辆7辆，其中：一般公务用车3辆、执法执勤用车4辆”），在同一个分号之前，按件数，必须正好相等。
    各项之和超过总数的是错误；少于总数的为警告（“其中”也可能只列了一部分）。有一项的单位与总数不同（“38.20万元，
    其中……服务30.40元”）的，换算后比较；换算后不符、按总数的单位读却正好相符的，报告这一项的单位写错（警告）。比上年的增减额也一样（“比上年增加
    56.83万元，其中：基本支出增加40.92万元，项目支出增加15.91万元”），增加记正、减少记负，不符的为警告。"""
    claims = ctx.disclosure.claims
    totals = [c for c in claims if c.total_of]
    if not totals:
        raise NotApplicable("说明中没有“其中”列出各项的总数")
    for c in totals:
        parts = [claims[i] for i in c.total_of if i < len(claims)]
        if c.measure != "count" and any(money_unit(p) != money_unit(c) for p in parts):
            yield from _parts_in_two_units(c, parts, ctx.disclosure.narrative)
            continue
        values = [_signed(p) for p in parts]
        total = _signed(c)
        nonzero = [p for p in parts if p.value != 0]
        if len(nonzero) == 1 and c.measure != "count" and money_unit(nonzero[0]) == money_unit(c) \
                and decimals(nonzero[0].value) == decimals(c.value):
            if nonzero[0].value == c.value and _signed(nonzero[0]) == total:
                continue  # one part is the whole: the same money printed twice, to the same decimals
        elif c.measure == "count" and sum(values) == total or c.measure != "count" and sums_to(total, values):
            continue  # vehicles and equipment are counted exactly
        s = sum(values, Decimal(0))
        if c.measure == "change":
            # increases and decreases of the parts: which way "short" lies is not clear, so a warning
            detail = "、".join(f"{'减少' if p.direction == 'decrease' else '增加'}{p.printed}" for p in parts)
            yield _claim_issue(c, f"说明称比上年{'减少' if total < 0 else '增加'}{c.printed}，其中各项{detail}，"
                                  f"合计{'减少' if s < 0 else '增加'}{abs(s)}{c.unit or ''}。",
                               column="parts", expected=s, actual=total, severity="警告")
            continue
        detail = " + ".join(p.printed for p in parts)
        over = s > c.value
        yield _claim_issue(c, f"说明称总数{c.printed}，其中各项 {detail} 合计 {s}{c.unit or ''}"
                              f"{'，超过总数' if over else '，少于总数（若“其中”只列了一部分，可不理会）'}。",
                           column="parts", expected=s, actual=c.value, severity=None if over else "警告")


def _parts_in_two_units(c: Claim, parts: list[Claim], narrative: dict):
    """“其中” parts printed in another unit than their total: converted they must add up; where they do not
    but would with the other unit's figures read in the total's unit, that part's unit is a slip."""
    unit = money_unit(c)
    values = [convert(_signed(p), money_unit(p), unit) for p in parts]
    total = _signed(c)
    if abs(total - sum(values, Decimal(0))) <= sum((half_unit([p.value]) for p in parts if p.value), Decimal(0)) \
            + half_unit([c.value]):
        return
    if not sums_to(total, [_signed(p) for p in parts]):
        return  # neither way: too unclear to say which number is wrong
    others = {money_unit(p) for p in parts}
    if len(others) == 1 and not any(first_statement(c, f) and f.unit == c.unit for f in narrative.values()):
        # every part in 万元 and the total in 元 ("政府采购安排7.35元，其中：货物1.95万元……"): the total's slip
        (right,) = others
        yield _claim_issue(c, f"说明称总数“{_quote(c)}”，而其中各项以{right}计，按{right}读正好等于各项之和，"
                              f"应是{c.value}{right}。", column="parts", expected=c.value, actual=c.value, severity="警告")
        return
    for p in parts:
        if money_unit(p) != unit and not any(first_statement(p, f) and f.unit == p.unit for f in narrative.values()):
            # (a figure the explanation reader keeps has its unit slip reported by N004)
            yield _claim_issue(p, f"说明称总数{c.printed}，其中“{_quote(p)}”的单位与总数不同：按{unit}读，各项之和正好"
                                  f"等于总数，应是{p.value}{unit}。", column="parts", expected=p.value, actual=p.value,
                               severity="警告")


def _signed(c: Claim) -> Decimal:
    return -c.value if c.measure == "change" and c.direction == "decrease" else c.value


# ----------------------------------------------------------------------------------------------
# N012: every statement of a document figure against the tables, not only the first


def _statements_of_figures(ctx: Context) -> list[Claim]:
    """This year's amounts of the document's figures, each in a clause that names its figure and nothing else."""
    return ctx.memo("statements_of_figures", lambda: [
        c for c in _resolved(ctx, "figure")
        if c.measure == "amount" and c.subject.figure in LABELS and not c.subject.figure.endswith("_change")
        and money_unit(c) in ("元", "万元") and c.period != "prior" and names_figure(c) and not _other_year(c, ctx)])


@rule(
    "N012", "警告", "说明中再次陈述的金额与表格不一致",
    bad="说明：“2024年“三公”经费预算0.60万元……”，后文政府采购一节又称““三公”经费预算6.00万元”；"
        "“三公”经费表合计 0.60",
    good="后文同样写“三公”经费预算0.60万元",
    regulation=_REG,
)
def restated_figures(ctx: Context):
    """“三公”经费及各项、机关运行经费、政府采购预算总额在说明里常说不止一次：概述一次，分节又说一次。N001
    只核对第一次出现的数，本规则核对之后的每一次陈述：金额前的分句要写出这一项的名称（“公务接待费预算支出
    1.5万元”），且不带别的口径或别的项目（货物、工程、服务、会议费……）；收支合计、基本支出、项目支出不在此列
    （“财政拨款基本支出”与基本支出是两个数）。口径同 N001：与表格中任何一处相符即可，行错位的表不拿来比，单位相同、小数位
    数相同时必须相等。只核对本年的金额：所在分句标明上年或别的年份的（“2023年“三公”经费预算为……”）、
    是增减额的，都不核对；说明的单位写错（万元写成元）的由 N004 检查。一句话里哪个数说的是哪一项，只凭
    分句中的名称判断，难免认错，所以只作警告。"""
    narrative = ctx.disclosure.narrative
    claims = [c for c in _statements_of_figures(ctx) if not first_statement(c, narrative.get(c.subject.figure))]
    if not claims:
        raise NotApplicable("说明中没有再次陈述的整体数字")
    compared = 0
    seen: set[tuple] = set()
    for c in claims:
        key, unit = c.subject.figure, money_unit(c)
        fig = narrative.get(key)
        if fig is not None and fig.unit != unit and unit == ctx.unit:
            continue  # the first statement's unit differs: its unit slip is N004's
        # an amount in another unit than the document's is compared converted ("647.23元" where the tables
        # print 647.23 万元 is a unit slip; "5000元" where they print 0.50 万元 agrees)
        cands = [s for s in sources(ctx, key) if comparable(ctx, _Stated(c.value, unit), s.table.money_unit)
                 or unit != ctx.unit and s.table.money_unit is not None]
        if not cands:
            continue
        compared += 1
        if any(source_agrees(c.value, unit, s) for s in cands):
            continue
        place = (key, c.value, c.source.file, c.source.page, c.source.line)
        if place in seen:
            continue
        seen.add(place)
        first = cands[0]
        expected = convert(first.value, first.table.money_unit, unit)
        shown = show(first.value, first.table.money_unit)
        if first.table.money_unit != unit:
            expected = _shown(expected, decimals(c.value))
            shown += f"（即 {expected}{unit}）"
        yield _claim_issue(c, f"说明再次称{LABELS[key]}“{_quote(c)}”，但{first.where}为 {shown}。",
                           column=key, expected=expected, actual=c.value)
    if not compared:
        raise MissingData("没有可与说明中再次陈述的数字核对的表格")


def names_figure(c: Claim) -> bool:
    """Whether the clause before the amount names the claim's figure and no other amount."""
    return _names_at(c.subject.figure, c.text, c.offset)


@lru_cache(maxsize=8192)  # a pure function of the text, asked again by several rules
def _names_at(figure: str, text: str, offset: int) -> bool:
    return _names(figure, _CLAUSE_END.split(text[:offset])[-1])


class _Stated:
    """The two fields :func:`yusuan.rules.narrative.comparable` reads of a stated figure."""

    __slots__ = ("value", "unit")

    def __init__(self, value: Decimal, unit: str):
        self.value, self.unit = value, unit


def first_statement(c: Claim, fig) -> bool:
    """Whether the claim is the statement N001 already compares (same value and place)."""
    if fig is None:
        return False
    return (abs(fig.value) == c.value and fig.source.page == c.source.page and fig.source.line == c.source.line
            and fig.source.file == c.source.file)


def _other_year(c: Claim, ctx: Context) -> bool:
    """A year other than the budget year printed in the clause before the amount."""
    return _other_year_at(c.text, c.offset, ctx.disclosure.year)


@lru_cache(maxsize=8192)
def _other_year_at(text: str, offset: int, year: int | None) -> bool:
    clause = _CLAUSE_END.split(text[:offset])[-1]
    years = [int(y) for y in _YEAR_IN_CLAUSE.findall(clause)]
    return bool(years) and (year is None or years[-1] != year) or bool(_LAST_YEAR_WORDS.search(clause))


_YEAR_IN_CLAUSE = re.compile(r"((?:19|20)\d\d)年")
_LAST_YEAR_WORDS = re.compile(r"上年|上一年|去年|同期")


# ----------------------------------------------------------------------------------------------
# N013: an income line of the 收支总表 named in the explanation


@rule(
    "N013", "警告", "说明中的收入项与收支总表不一致",
    bad="说明：“（9）其他收入58.79万元”；收支总表“九、其他收入”为 85.79",
    good="说明：“（9）其他收入58.79万元”，与收支总表一致",
    regulation=_REG,
)
def income_lines(ctx: Context):
    """说明中只写收入项名称和金额的句子（“（9）其他收入58.79万元”“本年附属单位上缴收入0万元”“其中：财政拨款
    收入9,101.68万元”），其金额应等于收支总表收入栏中同名一行的数。名称去掉序号（“九、”“（9）”）、“本年”
    和空格后要与表中只出现一次的收入行逐字相同；已由 N001 核对的收入（一般公共预算收入、事业收入……）不在此列。
    表中这一格空白的不核对（空白不是 0）；行错位的表不拿来比；标为上年的金额不核对。单位相同、小数位数相同时
    必须相等，否则按 N009 的办法换算比较。说明中的收入项也可能指另一口径（所属单位、上年），只凭名称对应，
    所以只作警告。"""
    claims = [c for c in _resolved(ctx, "table_row") if c.measure == "amount" and money_unit(c) is not None]
    if not claims:
        raise NotApplicable("说明中没有写出收支总表中的收入项")
    compared = 0
    seen: set[tuple] = set()
    for c in claims:
        t = ctx.table(c.subject.table)
        if t is None or t.money_unit is None:
            continue
        name = c.subject.names.get("行")
        row = next((r for r in t.rows if r.name == name and r.side == "income"), None)
        if row is None or ctx.shifted(t, row):
            continue
        v = row.values.get("total")
        if v is None:
            continue
        compared += 1
        unit = money_unit(c)
        if same_amount(c.value, unit, v, t.money_unit):
            continue
        key = (name, c.value, c.source.file, c.source.page, c.source.line)
        if key in seen:
            continue
        seen.add(key)
        expected = convert(v, t.money_unit, unit)
        shown = show(v, t.money_unit)
        if t.money_unit != unit:
            expected = _shown(expected, decimals(c.value))
            shown += f"（即 {expected}{unit}）"
        yield _claim_issue(c, f"说明称“{_quote(c)}”，但{t.title.strip()}“{name.strip()}”为 {shown}。",
                           column="income", name=name, expected=expected, actual=c.value)
    if not compared:
        raise MissingData("说明中写出的收入项在收支总表中没有可比的数")


# ----------------------------------------------------------------------------------------------
# N014: a growth rate against the amount and the change it follows


@rule(
    "N014", "警告", "说明中的增长率与本年数、增减额不符",
    bad="公共安全（类）支出27488.23万元，主要用于人员支出。与上年相比增加1287.35万元，增长8.91%。",
    good="公共安全（类）支出27488.23万元，主要用于人员支出。与上年相比增加1287.35万元，增长4.91%。",
    regulation=_REG,
)
def change_rates(ctx: Context):
    """说明中“X 万元……比上年增加 C 万元，增长 P%”的 P 应等于 C ÷ (X − C) × 100（减少时 C 记负），增减方向也应
    一致。本年数、增减额和增长率由说明读取时逐个连起来：增减额紧跟在金额之后（“，比上年增加”），增长率紧跟在
    增减额之后；一个科目的段落里，后一句的“与上年相比增加……，增长……%”属于这一科目前面的金额。三者在同一句、
    N006 已能复算的不在这里重复。增减额为 0 的，增长率应为 0%；上年数（X − C）不大于 0 的不算。允许的误差同 N006：百分比末位的一个单位，
    加上金额四舍五入可能带来的偏差。哪个增减属于哪个金额是按位置连起来的，所以只作警告。"""
    claims = ctx.disclosure.claims
    found = False
    for r in claims:
        if r.measure != "growth_rate" or r.of is None or r.qualifier is not None:
            continue
        c = claims[r.of]
        if c.measure != "change" or c.of is None:
            continue
        a = claims[c.of]
        if a.measure != "amount" or money_unit(a) is None or money_unit(a) != money_unit(c):
            continue
        chg = _signed(c)
        if chg == 0:
            # "0万元，比上年增加0万元，增长0%": nothing changed, whatever last year was, so the rate is 0
            found = True
            if r.value != 0:
                yield _claim_issue(r, f"说明称{a.printed}比上年增加{c.printed}、{'增长' if r.direction == 'increase' else '下降'}"
                                      f"{r.printed}：增减额为 0，增长率应为 0%。", column="percent", expected=Decimal(0),
                                   actual=r.value)
            continue
        if a.text == r.text and a.source == r.source and _CHANGE_PCT.search(_mask(a.text)):
            continue  # N006 recomputes it from the sentence
        base = a.value - chg
        if base <= 0:
            continue
        found = True
        real = chg / base * 100
        tol = _pct_tolerance(r.value, base, half_unit([a.value]) + half_unit([c.value]), chg, half_unit([c.value]))
        rate_up = r.direction == "increase"
        if abs(abs(real) - r.value) <= tol and (real == 0 or (real > 0) == rate_up or r.value == 0):
            continue
        shown = abs(real).quantize(r.value if r.value.as_tuple().exponent < 0 else Decimal("0.01"))
        word = "增长" if rate_up else "下降"
        yield _claim_issue(r, f"说明称{a.printed}比上年{'减少' if chg < 0 else '增加'}{c.printed}、{word}{r.printed}，"
                              f"但 {abs(chg)} ÷ {base} 为{'减少' if real < 0 else '增加'} {shown}%。",
                           column="percent", expected=shown, actual=r.value)
    if not found:
        raise NotApplicable("说明中没有连着本年数和增减额的增长率")


# ----------------------------------------------------------------------------------------------
# N015: a share against the totals stated before it


class _TableBase:
    """A table's total standing where a stated base would (value, printed)."""

    __slots__ = ("value", "printed")

    def __init__(self, value: Decimal, where: str, unit: str):
        self.value, self.printed = value, f"{where}的 {value}{unit}"


@rule(
    "N015", "警告", "说明中的占比与所说的总数不符",
    bad="收入预算合计86,999.14万元……其中：本年一般公共预算收入20,832.97万元，占33.94%",
    good="收入预算合计86,999.14万元……其中：本年一般公共预算收入20,832.97万元，占23.94%",
    regulation=_REG,
)
def shares(ctx: Context):
    """说明中“X 万元，占 P%”的 P 应等于 X 除以它所占的那个总数再乘 100。总数是说明在同一部分（同一个
    “一、”“二、”标题下）前面说过的合计数（“收入预算合计”“支出预算总计”“其中”前的总额），或占比所指的
    “三公”经费、支出合计等（说明没有说这个总数的，用表格中的数）；与其中任何一个相符即可（允许百分比末位的一个单位加上金额四舍五入的偏差）；
    X 为 0 时 P 应为 0。决算说明中“年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 P%”按 B ÷ A 核对。
    N006 已按表格核对的“占支出总额的 P%”不在这里重复。分母只能从说明的上下文推断，所以只作警告。"""
    claims = ctx.disclosure.claims
    found = False
    for s in claims:
        if s.of is None or s.qualifier is not None:
            continue
        a = claims[s.of]
        unit = money_unit(a)
        if unit is None:
            continue
        m = _SHARE.search(s.text[:s.offset + len(s.printed)], a.offset)
        if m is not None and m.start() == a.offset and _share_base(ctx, m.group("what")) is not None:
            continue  # N006 recomputes it against the table
        bases = [claims[j] for j in s.bases if money_unit(claims[j]) == unit]
        if not bases and s.measure == "share" and s.subject is not None and s.subject.kind == "figure":
            # "占“三公”经费的31.14%" with no 三公 total stated: the tables' total, in the amount's unit
            bases = [_TableBase(convert(src.value, src.table.money_unit, unit), src.where, unit)
                     for src in sources(ctx, s.subject.figure) if src.table.money_unit is not None][:1]
        if not bases:
            continue
        found = True
        if a.value == 0 or all(b.value == 0 for b in bases):
            if (a.value == 0) == (s.value == 0):
                continue
            b = bases[0]
            real = Decimal(0) if b.value == 0 else a.value / b.value * 100
        else:
            fits = [b for b in bases if b.value > 0 and abs(a.value / b.value * 100 - s.value) <= _pct_tolerance(
                s.value, b.value, half_unit([b.value]), a.value, half_unit([a.value]))]
            if fits:
                continue
            b = next(b for b in bases if b.value > 0)
            real = a.value / b.value * 100
        shown = real.quantize(s.value if s.value.as_tuple().exponent < 0 else Decimal("0.01"))
        whole = b.printed if isinstance(b, _TableBase) else f"前面所说的{b.printed}"
        yield _claim_issue(s, f"说明称“{_quote(s)}”，但{a.printed}占{whole}应为 {shown}%。",
                           column="percent", expected=shown, actual=s.value)
    if not found:
        raise NotApplicable("说明中没有能找到总数的占比")


# ----------------------------------------------------------------------------------------------
# N016: the years of the explanation

# A year not preceded by a digit or a point: written with the year's first two digits leading (the lookbehind
# checks the character before them), so that the engine scans for them quickly; the same matches as
# r"(?<![\d.])((?:19|20)\d\d)\s*年".
_YEAR_AT = re.compile(r"((?:19|20)(?<![\d.]..)\d\d)\s*年")
# what makes a later year a plan, a period or a deadline rather than the year the budget is for
_LATER_OK = re.compile(r"至|到|[－\-—~～]|前|底|规划|计划|(?<!绩效)目标|预计|力争|十四五|十五五|期间|周期|截至|截止|起|以后|之后|远景|届")
# "2023年预算收入……" in a 2024 budget: last year's label on this year's budget
_BUDGET_OF = re.compile(r"\s*年度?\s*(?:本部门|本单位|部门|单位)?\s*(?:[“\"]?三公[”\"]?经费|政府采购|项目|收入|支出|收支)?\s*"
                        r"总?预算\s*(?:收入|支出|收支|安排|总|情况|信息|公开|编制|说明|中|数为|为|绩效|金额|[\d０-９])"
                        r"|\s*年度?\s*[，,]?\s*(?:本|我)(?:部门|单位)\s*(?:共)?\s*编报绩效目标")
# "2023年专项资金绩效目标表" in a 2024 budget: the targets are those of the budget year
_TARGETS_OF = re.compile(r"\s*年度?[^，,。；;：:]{0,30}?绩效目标(?:表|申报表|汇总表)")
# "截至2024年8月31日" in a 2025 budget: the assets are counted before the budget year begins
_AS_OF = re.compile(r"(?:截至|截止|截止到|截至到)\s*$")
_COMPARING_NEAR = re.compile(r"比|较|相比|上年|上一年|执行|同期|持平|一致|增加|减少|增长|下降|结转")


@rule(
    "N016", "警告", "说明中的年份与预算年度不符",
    bad="2024年部门预算说明中写“2025年预算收入647.23万元”，或“2023年预算收支安排647.23万元，较2023年预算增加56.83万元”",
    good="“2024年预算收入647.23万元”“2024年预算收支安排647.23万元，较2023年预算增加56.83万元”",
    regulation=_REG,
)
def explanation_years(ctx: Context):
    """预算说明里出现的年份应是预算年度、比较的上一年，或者有来由的别的年份（实施周期、规划、截止日期、
    立项依据……）。晚于预算年度的年份，前后没有“至”“到”“起”“前”“底”“规划”“计划”“目标”“预计”“期间”
    “周期”“截至”等说明它是期限或规划的，报告（“绩效目标”不算规划）；上一年的年份直接写作“××年预算收入/支出/收支/安排/情况……”
    “××年“三公”经费预算”“××年项目预算绩效……”、前后又没有比较、执行、结转等字样的（本文件说的是本年的预算），
    也报告；“××年…绩效目标表”写成上一年的，也报告；预算说明中“截至××年×月”（国有资产占用情况的截止日期）应是上一年或本年上半年，更早或更晚的报告。决算和绩效自评说明的年份可以
    晚一年（编制、公开的年份），也可以说上一年的预算，不查上一年。年份是否有来由只能从上下文看，所以只作警告。"""
    year = ctx.disclosure.year
    if year is None:
        raise MissingData("不知道预算年度")
    kind = ctx.disclosure.kind or ""
    final = "决算" in kind or "自评" in kind
    found = False
    for s in sentences(ctx, "。！？!?；;", containing=("年",)):
        years, marks = _years_in(s.text, year, final)
        found = found or years
        for kind, y, around in marks:
            if kind == "later":
                yield sentence_issue(s, f"{year}年的说明中出现{y}年（“{around}”），晚于{'决算' if final else '预算'}年度。",
                                     column="year", expected=Decimal(year), actual=Decimal(y))
            elif kind == "budget":
                yield sentence_issue(s, f"{year}年的预算说明写作“{around}”，说的是上一年的预算。",
                                     column="year", expected=Decimal(year), actual=Decimal(y))
            elif kind == "targets":
                yield sentence_issue(s, f"{year}年的预算中，绩效目标表的标题写作“{around}”，"
                                        f"是上一年的目标表。", column="year", expected=Decimal(year), actual=Decimal(y))
            else:
                yield sentence_issue(s, f"{year}年的预算说明写作“{around}”，资产等数截至的日期应在"
                                        f"{year - 1}年或{year}年初。", column="year", expected=Decimal(year - 1),
                                     actual=Decimal(y))
    if not found:
        raise NotApplicable("说明中没有年份")


@lru_cache(maxsize=16384)  # a pure function of its arguments: a sentence recurs in documents of one template
def _years_in(text: str, year: int, final: bool) -> tuple[bool, tuple[tuple[str, int, str], ...]]:
    """Whether the sentence prints a year at all, and N016's findings in it: what is wrong ("later", "budget",
    "targets", "as_of"), the year, and the words around it."""
    found = False
    marks: list[tuple[str, int, str]] = []
    for m in _YEAR_AT.finditer(text):
        y = int(m.group(1))
        found = True
        if y > year + (1 if final else 0) and not _LATER_OK.search(text[max(0, m.start() - 10):m.end() + 6]):
            marks.append(("later", y, _around(text, m)))
        elif (not final and y == year - 1 and _BUDGET_OF.match(text, m.end(1))
              and not _COMPARING_NEAR.search(_clause_at(text, m.start()))):
            marks.append(("budget", y, _around(text, m)))
        elif (not final and y == year - 1 and _TARGETS_OF.match(text, m.end(1))
              and not _COMPARING_NEAR.search(_clause_at(text, m.start()))):
            marks.append(("targets", y, _around(text, m)))
        elif not final and "截" in (before := text[max(0, m.start() - 4):m.start()]) and _AS_OF.search(before) \
                and (month := re.match(r"\s*年\s*(\d{1,2})\s*月", text[m.end(1):m.end(1) + 6])) \
                and (y < year - 1 or y > year or y == year and int(month.group(1)) > 6):
            marks.append(("as_of", y, _around(text, m)))
    return found, tuple(marks)


def _clause_at(text: str, at: int) -> str:
    """The clause (between commas, semicolons, full stops) holding position ``at``."""
    start = max(text.rfind(ch, 0, at) for ch in "，,；;。") + 1
    ends = [i for i in (text.find(ch, at) for ch in "，,；;。") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def _around(text: str, m: re.Match, width: int = 14) -> str:
    start = max(0, m.start() - width)
    end = min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


# ----------------------------------------------------------------------------------------------
# N017: the “三公” items stated against the total stated

_THREE_PARTS = (("three_public_total", ("overseas", "vehicle_purchase_and_operation", "reception")),
                ("vehicle_purchase_and_operation", ("vehicle_purchase", "vehicle_operation")))


@rule(
    "N017", "警告", "说明中“三公”经费各项之和与所说的合计不符",
    bad="2025年“三公”经费预算数为1.00万元……（一）因公出国（境）费0万元……（二）公务用车购置及运行费0万元……"
        "（三）公务接待费10.00万元",
    good="……（三）公务接待费1.00万元",
    regulation=_REG,
)
def three_public_parts(ctx: Context):
    """说明里分别说了“三公”经费合计和因公出国（境）费、公务用车购置及运行维护费、公务接待费三项的（每项取本年
    金额的第一次陈述），三项之和应等于合计；说了公务用车购置及运行维护费和其中的购置费、运行维护费的，两项之和
    应等于它。允许各数四舍五入的误差。表格中这几格空白时，这是说明自身能核对的全部；各数说的是哪一项按分句中
    的名称判断，所以只作警告。"""
    if any(w in (ctx.disclosure.kind or "") for w in ("决算", "自评")):
        raise NotApplicable("决算和自评说明的“三公”经费有预算数和决算数两套")
    first: dict[str, Claim] = {}
    for c in _resolved(ctx, "figure"):
        if (c.measure == "amount" and money_unit(c) is not None and c.period != "prior"
                and not _other_year(c, ctx)):
            first.setdefault(c.subject.figure, c)
    found = False
    for whole, keys in _THREE_PARTS:
        total = first.get(whole)
        if whole == "three_public_total" and "vehicle_purchase_and_operation" not in first \
                and "vehicle_purchase" in first and "vehicle_operation" in first:
            keys = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
        parts = [first.get(k) for k in keys]
        if total is None or any(p is None for p in parts) or any(money_unit(p) != money_unit(total) for p in parts):
            continue
        found = True
        values = [p.value for p in parts]
        if sums_to(total.value, values):
            continue
        s = sum(values, Decimal(0))
        detail = "、".join(f"{LABELS[k]}{p.printed}" for k, p in zip(keys, parts))
        yield _claim_issue(total, f"说明称{LABELS[whole]}{total.printed}，而分项{detail}，合计 {s}{money_unit(total)}。",
                           column=whole, expected=s, actual=total.value)
    if not found:
        raise NotApplicable("说明没有同时说“三公”经费合计和各项")


# ----------------------------------------------------------------------------------------------
# N018: the same change stated twice


@rule(
    "N018", "警告", "说明中同一增减前后说法不一",
    bad="财政拨款收入9,101.68万元，比2024年预算减少2,389.52万元……财政拨款支出预算9,101.68万元，比2024年预算减少2,399.52万元",
    good="两处都写“比2024年预算减少2,389.52万元”",
    regulation=_REG,
)
def restated_changes(ctx: Context):
    """同一个数比上年的增减在说明里常说不止一次（收入一节说一次，支出一节、财政拨款一节又说一次）。两处的
    本年金额相同（不为 0）、比较的说法相同（同是“比2024年预算”，不是一处“预算”一处“预算执行数”）、单位
    相同时，增减额和方向也应相同；同一个整体数字（或同一科目）的增减说了两次的，也应相同。哪两处说的是同一笔
    钱只能从金额和说法推断，所以只作警告。"""
    claims = ctx.disclosure.claims
    final = any(w in (ctx.disclosure.kind or "") for w in ("决算", "自评"))
    seen: dict[tuple, Claim] = {}
    found = False
    reported: set[tuple] = set()
    for c in claims:
        if c.measure != "change" or money_unit(c) is None or not _named_change(c, claims):
            continue
        what = c.subject.figure or c.subject.code
        if not final:
            what = _SAME_MONEY.get(what, what)  # a budget's two totals are one amount, this year and last
        how = _COMPARISON.search(c.text[:c.offset])
        for k in [(c.subject.kind, what, money_unit(c), re.sub(r"\d{4}年", "", how.group(0)) if how else "")]:
            other = seen.setdefault(k, c)
            if other is c:
                continue
            found = True
            if other.value == c.value and other.direction == c.direction:
                continue
            place = (c.source.file, c.source.page, c.source.line, c.value)
            if place in reported:
                continue
            reported.add(place)
            yield _claim_issue(c, f"说明称“{_quote(c)}”，而前面称“{_quote(other)}”，同一增减两处说法不一。",
                               column="change", expected=_signed(other), actual=_signed(c))
    if not found:
        raise NotApplicable("说明中没有说了两次的增减")


_COMPARISON = re.compile(r"(?:与|比|较|同)(?:上年|上一年|去年|(?:19|20)\d\d年)度?(?:预算(?:执行)?数?)?")
_SAME_MONEY = {"expenditure_total": "income_total"}


def _named_change(c: Claim, claims: list[Claim]) -> bool:
    """Whether a change is a subject's by a name: a row's, or a figure the change's own clause names
    ("财政拨款收、支总计各增加") or the clause of the amount it follows names."""
    if not c.resolved or c.subject is None or c.subject.kind not in ("figure", "row"):
        return False
    if c.subject.kind == "row":
        return True
    fig = c.subject.figure
    own = _CLAUSE_END.split(c.text[:c.offset])[-1]
    if _names(fig, re.sub(r"(?:各)?(?:增加|减少|增长|下降|上升|降低)(?:了|为)?$", "", own)):
        return True
    if c.of is not None and claims[c.of].measure == "amount":
        a = claims[c.of]
        return _names(fig, _CLAUSE_END.split(a.text[:a.offset])[-1])
    return False


# ----------------------------------------------------------------------------------------------
# N019: the parts of the procurement budget


@rule(
    "N019", "警告", "说明中的政府采购各项与总额不符",
    bad="2025年本部门政府采购预算34万元……面向中小企业预留政府采购项目预算金额43万元",
    good="……面向中小企业预留政府采购项目预算金额34万元，其中，预留给小型和微型企业的政府采购项目预算为34万元",
    regulation="《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）：面向中小企业预留的采购份额不超过采购预算总额",
)
def procurement_parts(ctx: Context):
    """说明中政府采购预算总额与货物、工程、服务三类分别说的（不在同一句“其中”里，那由 N011 核对），三类之和
    应等于总额；面向中小企业预留的金额不应超过政府采购预算总额，其中预留给小型和微型企业的不应超过面向中小
    企业的（没有说中小企业的，不超过总额）。各数取本年金额的第一次陈述，按分句中的名称判断是哪一项，所以只作
    警告。"""
    first: dict[str, Claim] = {}
    for c in _resolved(ctx, "figure"):
        if (c.measure == "amount" and money_unit(c) is not None and c.period != "prior"
                and not _other_year(c, ctx)):
            first.setdefault(c.subject.figure, c)
    total = first.get("procurement_total")
    found = False
    parts = [first.get(k) for k in ("procurement_goods", "procurement_works", "procurement_services")]
    if total is not None and not total.total_of and all(p is not None for p in parts) \
            and all(money_unit(p) == money_unit(total) for p in parts):
        found = True
        s = sum((p.value for p in parts), Decimal(0))
        if not sums_to(total.value, [p.value for p in parts]):
            yield _claim_issue(total, f"说明称{LABELS['procurement_total']}{total.printed}，而货物{parts[0].printed}、"
                                      f"工程{parts[1].printed}、服务{parts[2].printed}，合计 {s}{money_unit(total)}。",
                               column="procurement_total", expected=s, actual=total.value)
    sme, small = first.get("procurement_sme"), first.get("procurement_small_micro")
    for part, whole in ((sme, total), (small, sme or total)):
        if part is None or whole is None:
            continue
        found = True
        if convert(part.value, money_unit(part), money_unit(whole)) <= whole.value:
            continue
        yield _claim_issue(part, f"说明称“{_quote(part)}”，超过了“{_quote(whole)}”。", column=part.subject.figure,
                           expected=whole.value, actual=part.value)
    if not found:
        raise NotApplicable("说明没有分别说政府采购的各项")


# ----------------------------------------------------------------------------------------------
# N020: this year's amount labelled with last year

_YEAR_MARK = re.compile(r"((?:19|20)\d\d)\s*年")
# words after the year that make the amount one of another time or compare it with one
_NOT_THIS_YEAR = re.compile(r"比|较|相比|上年|上一年|去年|同期|执行|决算|完成|结转|结余|截至|截止|年末|年底|年初")
_SAME_BOTH_YEARS = re.compile(r"持平|一致|相同|不变|未变|无变化|没有变化")


def _labelled_last_year(c: Claim, year: int) -> re.Match | None:
    """The year that governs the amount, where it is the year before: the last year printed before it, in its
    own clause, opening the sentence or set off by a comma as its topic ("2023年，我部门……安排93.72万元"), not a
    year compared with ("比2023年"). None otherwise."""
    before = c.text[:c.offset]
    marks = list(_YEAR_MARK.finditer(before))
    if not marks or int(marks[-1].group(1)) != year - 1:
        return None
    m = marks[-1]
    between = before[m.start():]
    if re.search(r"[；;。]", between) or _NOT_THIS_YEAR.search(between):
        return None
    if re.search(r"(?:比|较|与|同|和|及|至|到)\s*$", before[:m.start()]):
        return None
    opening = not re.sub(r"[\s、.．（）()一二三四五六七八九十\d]", "", before[:m.start()])
    topic = re.match(r"\s*年度?\s*[，,]", before[m.end(1):])  # "2023年，我部门……": the year of the sentence
    return m if opening or topic or not re.search(r"[，,]", between) else None


def _clause_and_next(c: Claim) -> str:
    """The sentence from the amount to the end of the clause after its own (“93.72万元，与上年持平”)."""
    rest = c.text[c.offset:]
    ends = [m.end() for m in re.finditer(r"[，,；;。]", rest)][:2]
    return rest[:ends[-1]] if ends else rest


def _agrees_with_tables(ctx: Context, c: Claim) -> bool:
    """Whether the claim's amount is the figure this year's tables print for its subject."""
    unit, s = money_unit(c), c.subject
    if s.kind == "figure":
        return any(source_agrees(c.value, unit, src) for src in sources(ctx, s.figure)
                   if src.table.money_unit is not None)
    if s.kind == "row":
        return any(same_amount(c.value, unit, v, t.money_unit) for t, v in _row_cells(ctx, s.code or ""))
    t = ctx.table(s.table) if s.table else None
    if t is None or t.money_unit is None:
        return False
    row = next((r for r in t.rows if r.name == s.names.get("行") and r.side == "income"), None)
    v = row.values.get("total") if row is not None and not ctx.shifted(t, row) else None
    return v is not None and same_amount(c.value, unit, v, t.money_unit)


@rule(
    "N020", "警告", "说明把本年的金额标成了上一年",
    bad="2024年部门预算说明：“2023年，我部门机关运行经费共计安排93.72万元”；本年表格机关运行经费 93.72",
    good="“2024年，我部门机关运行经费共计安排93.72万元”",
    regulation=_REG,
)
def amounts_of_last_year(ctx: Context):
    """预算说明里的金额与本年表格的数一致，句中管着它的年份却是上一年（“2023年，我部门机关运行经费共计安排
    93.72万元”出现在2024年的预算里），多半是照抄上年说明时没改年份。年份取句中金额之前最近的一个；年份与金额
    之间有比较、执行、决算、结转、截至等字样的（“比2023年预算增加……”“2023年预算执行数……”），或句中说两年
    持平、一致的，不报告。只看能对应到表格的金额（科目、收支总表的收入项、收入合计、“三公”经费等整体数字）。
    决算和绩效自评说明说的本来就是上一年，不查。上一年的数恰与本年相同也可能，所以只作警告。"""
    year = ctx.disclosure.year
    if year is None:
        raise MissingData("不知道预算年度")
    kind = ctx.disclosure.kind or ""
    if "决算" in kind or "自评" in kind:
        raise NotApplicable("决算和绩效自评说明说的是上一年")
    found = False
    seen: set[tuple] = set()
    for c in ctx.disclosure.claims:
        if not (c.resolved and c.subject is not None and c.measure == "amount" and money_unit(c) is not None
                and c.value != 0):
            continue
        mark = _labelled_last_year(c, year)
        if mark is None or _SAME_BOTH_YEARS.search(_clause_and_next(c)):
            continue
        found = True
        if _BUDGET_OF.match(c.text, mark.end(1)):
            continue  # "2023年预算收入……": N016 reports the year itself
        if not _agrees_with_tables(ctx, c):
            continue
        key = (c.text, mark.start())  # one finding for the year, however many amounts it labels
        if key in seen:
            continue
        seen.add(key)
        yield _claim_issue(c, f"{year}年的预算说明写作“{_quote(c)}”：金额是本年表格中的数，年份却是上一年（{year - 1}年）。",
                           column="year", expected=Decimal(year), actual=Decimal(year - 1))
    if not found:
        raise NotApplicable("说明中没有标为上一年的金额")


# ----------------------------------------------------------------------------------------------
# N021: an amount stated where the table leaves the cell blank


def _blank_row(ctx: Context, c: Claim):
    """The income line of a table_row claim when its cell is blank in a table read without doubts."""
    t = ctx.table(c.subject.table) if c.subject.table else None
    if t is None or t.money_unit is None or t.reading != "read":
        return None
    if not any(r.values.get("total") is not None for r in t.rows if r.side == "income"):
        return None
    row = next((r for r in t.rows if r.name == c.subject.names.get("行") and r.side == "income"), None)
    if row is None or ctx.shifted(t, row) or row.values.get("total") is not None:
        return None
    return t, row


@rule(
    "N021", "警告", "说明中有金额而表中这一格空白",
    bad="说明：“政府性基金预算收入0.50万元”；收支总表“政府性基金预算拨款收入”一格空白，其他收入行都填了数",
    good="说明：“政府性基金预算收入0.00万元”，或表中填 0.50",
    regulation=_REG,
)
def amounts_over_blanks(ctx: Context):
    """说明写了一个不为零的金额（收入项、“三公”经费各项、基本支出、项目支出等整体数字），表格中对应的一格却是
    空白，而同一栏别的行填了数、表格读取没有疑问、行没有错位：空白说明表中这一项没有钱，与说明不符。空白不等于
    0（也可能是读漏了一格），所以只作警告，并写明是空白。说明写 0 的不报告。"""
    narrative = ctx.disclosure.narrative
    found = False
    seen: set[tuple] = set()
    stated = [(k, f.value, f.unit, None) for k, f in narrative.items() if f.unit in ("元", "万元") and k in LABELS
              and not k.endswith("_change")]
    stated += [(c.subject.figure, c.value, money_unit(c), c) for c in _statements_of_figures(ctx)]
    for key, value, unit, c in stated:
        if value == 0 or not in_tables(key) or sources(ctx, key):
            continue
        b = blank_source(ctx, key)
        if b is None:
            continue
        found = True
        if (key, value) in seen:
            continue
        seen.add((key, value))
        text = f"说明称{LABELS[key]}{value}{unit}，但{b.where}是空白（表中没有这一项的金额）。"
        if c is None:
            yield at(narrative[key], key, text, expected=None, actual=value)
        else:
            yield _claim_issue(c, text, column=key, actual=value)
    for c in _resolved(ctx, "table_row"):
        if not (c.measure == "amount" and money_unit(c) is not None and c.value != 0 and c.period != "prior"):
            continue
        hit = _blank_row(ctx, c)
        if hit is None:
            continue
        found = True
        t, row = hit
        if (row.name, c.value) in seen:
            continue
        seen.add((row.name, c.value))
        yield _claim_issue(c, f"说明称“{_quote(c)}”，但{t.title.strip()}“{row.name.strip()}”是空白（表中没有这一项的金额）。",
                           column="income", name=row.name, actual=c.value)
    if not found:
        raise NotApplicable("说明中没有对着表中空白一格的金额")


# ----------------------------------------------------------------------------------------------
# N022: planned fixed assets against the procurement budget the sentence sends them to

def _table_or_stated(ctx: Context, key: str) -> tuple[Decimal, str, str]:
    """A figure as the tables print it (the first place), else as the explanation states it: value, unit and
    where, for the message."""
    src = next(iter(sources(ctx, key)), None)
    if src is not None:
        return src.value, src.table.money_unit, src.where
    stated = ctx.disclosure.narrative.get(key)
    if stated is None or stated.unit not in ("元", "万元"):
        raise MissingData(f"没有{LABELS[key]}可比")
    return stated.value, stated.unit, f"说明所说的{LABELS[key]}"


_IN_PROCUREMENT = re.compile(r"(?:列入|纳入|编入|计入)[^。；;]{0,6}政府采购")


@rule(
    "N022", "警告", "拟购置固定资产超过政府采购预算",
    bad="“本年度拟购置固定资产总额为10.00万元，已按要求列入政府采购预算”；政府采购预算表为空表",
    good="“本年度拟购置固定资产总额为0.00万元，已按要求列入政府采购预算”",
    regulation="《中华人民共和国政府采购法》第三十三条：负有编制部门预算职责的部门在编制下一财政年度部门预算时，"
               "应当将该财政年度政府采购的项目及资金预算列出",
)
def planned_assets_in_procurement(ctx: Context):
    """说明写“本年度拟购置固定资产总额为 X 万元，已按要求列入政府采购预算”时，X 不应超过政府采购预算总额（政府
    采购表的合计，空表按 0；没有表时用说明所说的政府采购预算总额）。只核对句中自己说已列入（纳入）政府采购预算的
    金额；固定资产也可能另有不经采购的来源，所以只作警告。"""
    fig = ctx.disclosure.narrative.get("planned_fixed_assets")
    if fig is None or fig.unit not in ("元", "万元"):
        raise NotApplicable("说明中没有拟购置固定资产的金额")
    said = next((c for c in ctx.disclosure.claims if c.resolved and c.subject is not None
                 and c.subject.figure == "planned_fixed_assets" and c.value == fig.value
                 and _IN_PROCUREMENT.search(c.text[c.offset:])), None)
    if said is None:
        raise NotApplicable("说明没有说拟购置的固定资产列入了政府采购预算")
    limit, unit, where = _table_or_stated(ctx, "procurement_total")
    if convert(fig.value, fig.unit, unit) <= limit:
        return
    yield _claim_issue(said, f"说明称“{_quote(said)}”，并说已列入政府采购预算，但{where}为 {show(limit, unit)}。",
                       column="planned_fixed_assets", expected=limit, actual=fig.value)


# ----------------------------------------------------------------------------------------------
# N023: the projects with performance targets, as the explanation counts them, against the target forms


@rule(
    "N023", "警告", "说明中的绩效目标项目数、金额与目标表或支出不符",
    bad="说明：“编报绩效目标的项目5个，涉及项目预算资金3328.13万元”；文件附了 5 张项目绩效目标表，金额合计 3351.33 万元",
    good="说明的个数和金额与所附的项目绩效目标表一致",
    regulation="《财政部关于印发〈中央部门预算绩效目标管理办法〉的通知》（财预〔2015〕88号）：绩效目标随部门预算批复、公开",
)
def target_statements(ctx: Context):
    """说明中“编报绩效目标的项目N个，涉及项目预算资金X万元”：文件附有项目绩效目标表时，表的张数不应多于 N（只附
    重点项目的表很常见，少于 N 不报告）；张数正好是 N 时，X 应等于各表金额之和（元与万元换算后，允许各数四舍五入
    的误差）。“整体支出纳入绩效目标管理，涉及资金 Y万元”的 Y 应是支出合计、收入合计或财政拨款合计之一。对象由
    句子推断，所以只作警告。"""
    claims = [c for c in _resolved(ctx, "figure")
              if c.subject.figure in ("target_projects", "target_amount", "target_overall")]
    if not claims:
        raise NotApplicable("说明中没有绩效目标的项目个数和金额")
    forms = [p for p in ctx.disclosure.projects if p.kind == "project"]
    # many documents attach the forms of their main projects only: an amount is compared with the forms
    # only where the sentence counts as many projects as there are forms
    counted = {(c.text, c.source.page, c.source.line): c.value for c in claims if c.subject.figure == "target_projects"}
    compared = 0
    for c in claims:
        key = c.subject.figure
        if key == "target_overall":
            cands = [s for k in ("expenditure_total", "income_total", "fiscal_total") for s in sources(ctx, k)]
            if not cands:
                continue
            compared += 1
            if any(source_agrees(c.value, money_unit(c), s) for s in cands):
                continue
            yield _claim_issue(c, f"说明称“{_quote(c)}”，但{cands[0].where}为 {show(cands[0].value, cands[0].table.money_unit)}，"
                                  "与支出合计、收入合计、财政拨款合计都不相同。", column=key,
                               expected=cands[0].value, actual=c.value)
            continue
        if not forms:
            continue
        if key == "target_projects":
            compared += 1
            if c.value < len(forms):
                yield _claim_issue(c, f"说明称“{_quote(c)}”，文件所附的项目绩效目标表却有 {len(forms)} 张。",
                                   column=key, expected=Decimal(len(forms)), actual=c.value)
            continue
        if counted.get((c.text, c.source.page, c.source.line)) != len(forms):
            continue
        amounts = [(p.amount, p.money_unit or ctx.unit) for p in forms]
        if any(a is None or u is None for a, u in amounts):
            continue
        unit = money_unit(c)
        total = sum((convert(a, u, unit) for a, u in amounts), Decimal(0))
        compared += 1
        slack = sum((convert(half_unit([a]), u, unit) for a, u in amounts), Decimal(0)) + half_unit([c.value])
        if abs(total - c.value) <= slack:
            continue
        yield _claim_issue(c, f"说明称“{_quote(c)}”，文件所附的 {len(forms)} 张项目绩效目标表金额合计 "
                              f"{_shown(total, max(decimals(c.value), 2))}{unit}。", column=key,
                           expected=total, actual=c.value)
    if not compared:
        raise MissingData("文件没有附项目绩效目标表，也没有可比的支出合计")


# ----------------------------------------------------------------------------------------------
# N024: vehicles to buy against the money to buy them

# vehicles bought outside the 公务用车 of the “三公” budget
_NOT_THREE_PUBLIC_VEHICLES = re.compile(r"特种专业技术|专业技术用车")


@rule(
    "N024", "警告", "预算安排购置的车辆与公务用车购置费不符",
    bad="“2025年部门预算安排购置车辆1辆”；“三公”经费表公务用车购置费 0",
    good="“2025年部门预算安排购置车辆0辆”；公务用车购置费 0；或购置 1 辆、购置费 25 万元",
    regulation="《党政机关公务用车管理办法》：公务用车购置经费列入部门预算，在“三公”经费中公开",
)
def vehicles_to_buy(ctx: Context):
    """说明的国有资产部分写“预算安排购置车辆 N 辆”，“三公”经费中的公务用车购置费（表格的数，没有表时用说明
    所说的数）应与之相符：购置 0 辆而购置费不为 0，或购置 N 辆（N > 0）而购置费为 0，报告。所列车辆都是特种专业
    技术用车（不在“三公”经费的公务用车之内）的不核对。购置费也可能来自别的资金，所以只作警告。"""
    claims = ctx.disclosure.claims
    planned = [c for c in _resolved(ctx, "figure")
               if c.subject.figure == "planned_vehicles" and not c.subject.names and c.measure == "count"]
    if not planned:
        raise NotApplicable("说明中没有预算安排购置车辆的数量")
    c = planned[0]
    kinds = [claims[i] for i in c.total_of if i < len(claims)] or [
        p for p in claims if p.resolved and p.subject is not None and p.subject.figure == "planned_vehicles"
        and p.subject.names and p.text == c.text]
    bought = [k for k in kinds if k.value > 0 and k.subject is not None]
    if c.value > 0 and bought and all(_NOT_THREE_PUBLIC_VEHICLES.search(k.subject.names.get("类别", "")) for k in bought):
        raise NotApplicable("预算安排购置的都是特种专业技术用车")
    value, unit, where = _table_or_stated(ctx, "vehicle_purchase")
    if (c.value > 0) == (value > 0):
        return
    yield _claim_issue(c, f"说明称“{_quote(c)}”，而{where}为 {show(value, unit)}。", column="planned_vehicles",
                       expected=None, actual=c.value)


# ----------------------------------------------------------------------------------------------
# N025: the change of the 财政拨款 spending against the changes of its three funds

_FUNDS = ("general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure")
_FUND_WINDOW = 24  # claims after the total's change: its three funds with their amounts, changes and rates
_LEVEL_WITH_LAST_YEAR = re.compile(r"^[，,]?\s*(?:比|较|与|同)[^，,；;。]{0,24}?(?:持平|相同|一致|不变)")


def _fund_changes(claims: list[Claim], para: list[int], change_of: dict[int, Claim]) -> dict[str, Decimal]:
    """The change each fund's spending is stated with among the claims ``para``: a change after its amount, or
    0 for "……0万元，比2024年预算持平"."""
    out: dict[str, Decimal] = {}
    for i in para:
        a = claims[i]
        if a.measure != "amount" or money_unit(a) is None:
            continue
        keys = [k for k in _FUNDS if _names(k, _CLAUSE_END.split(a.text[:a.offset])[-1])]
        if len(keys) != 1 or keys[0] in out:
            continue
        change = change_of.get(i)
        if change is not None and money_unit(change) == money_unit(a):
            if _signed(change) > a.value:
                return {}  # "0万元，比上年增加1421.25万元" cannot be: N002 reports the statement itself
            out[keys[0]] = _signed(change)
        elif _LEVEL_WITH_LAST_YEAR.match(a.text[a.offset + len(a.printed):]):
            out[keys[0]] = Decimal(0)
    return out


@rule(
    "N025", "警告", "财政拨款支出的增减与各类资金的增减不符",
    bad="财政拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元。其中一般公共预算拨款支出预算9,101.68万元，"
        "比2024年预算减少2,398.52万元；政府性基金拨款支出预算0万元，比2024年预算持平；国有资本经营预算拨款支出预算0万元，"
        "比2024年预算持平。",
    good="一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元；……",
    regulation=_REG,
)
def fund_changes(ctx: Context):
    """财政拨款支出是一般公共预算、政府性基金预算、国有资本经营预算三类财政拨款支出之和，两年都是，所以说明中
    财政拨款支出比上年的增减，应等于三类资金各自增减之和（“比上年持平”记 0），允许各数四舍五入的误差。只在紧接着
    （同一页或同一行之内）把三类资金的增减都说了时核对；某类资金的增加比它本年的数还大（“0万元，比上年增加……”）的，句子本身不成立，由
    N002 报告，这里不再核对。哪个数是哪类资金只凭名称判断，所以只作警告。"""
    claims = ctx.disclosure.claims
    change_of = {c.of: c for c in claims if c.measure == "change" and c.of is not None}
    found = False
    for i, c in enumerate(claims):
        if not (c.measure == "change" and c.resolved and c.subject is not None and c.subject.kind == "figure"
                and c.subject.figure == "fiscal_total" and c.of is not None and money_unit(c) is not None):
            continue
        # the claims that follow on the same page (line of a text), as far as a paragraph of funds goes
        para = [j for j in range(i + 1, min(len(claims), i + _FUND_WINDOW)) if claims[j].source.page == c.source.page
                and claims[j].source.line == c.source.line and claims[j].source.file == c.source.file]
        funds = _fund_changes(claims, para, change_of)
        if len(funds) != 3:
            continue
        found = True
        parts = [funds[k] for k in _FUNDS]
        total = _signed(c)
        if sums_to(total, parts):
            continue
        s = sum(parts, Decimal(0))
        detail = "、".join(f"{LABELS[k]}{'持平' if funds[k] == 0 else ('增加' if funds[k] > 0 else '减少') + str(abs(funds[k]))}"
                          for k in _FUNDS)
        yield _claim_issue(c, f"说明称财政拨款支出比上年{'减少' if total < 0 else '增加'}{c.printed}，而{detail}，"
                              f"合计{'减少' if s < 0 else '增加'}{abs(s)}{money_unit(c)}。",
                           column="fiscal_total", expected=s, actual=total)
    if not found:
        raise NotApplicable("说明没有把财政拨款支出和三类资金的增减都说出来")
