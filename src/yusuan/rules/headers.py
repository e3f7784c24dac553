"""What each table's header says about itself: the year it is of and the date its figures stand at.

A table copied from last year's file keeps last year's "预算年度：2024" or "2024年部门收支总表" when the
figures are this year's; the 固定资产 table's "截止时间" must be a date the budget could be written after.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.rules.context import Context
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule

_DATE = re.compile(r"((?:19|20)\d\d)\D{1,2}(\d{1,2})")


def _finished(kind: str) -> bool:
    return "决算" in kind or "自评" in kind


@rule(
    "E010", "警告", "表头标明的年度或截止日期与文件年度不符",
    bad="2025年部门预算中的“2024年部门财务收支预算总表”，或固定资产表“截止时间：2025年12月31日”",
    good="“2025年部门财务收支预算总表”；“截止时间：2024年12月31日”",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：公开的表格应为本年度的预算、决算",
)
def header_years(ctx: Context):
    """每张表的标题或表头印的年度（“预算年度：2024”“2024年部门收支总表”）应是文件的年度：预算是预算年度，决算是
    决算年度。照抄上年的表常常留下上年的年度。固定资产等表的“截止时间”，预算应在上一年或本年上半年（资产数截至
    编制预算之前），决算应在决算年度之内或年末。表头年度读错的可能很小，但也可能是别的口径的表，所以只作警告。"""
    year = ctx.disclosure.year
    if year is None:
        raise MissingData("不知道文件的年度")
    finished = _finished(ctx.disclosure.kind or "")
    tables = [t for t in ctx.disclosure.tables if t.stated_year is not None or t.as_of]
    if not tables:
        raise NotApplicable("表头没有印年度或截止日期")
    for t in tables:
        if t.stated_year is not None and t.stated_year != year:
            yield Issue(message=f"{t.title.strip()}标明的年度为 {t.stated_year} 年，文件是 {year} 年的"
                                f"{'决算' if finished else '预算'}。", table=t.id, column="year",
                        expected=Decimal(year), actual=Decimal(t.stated_year), line=t.source.line,
                        page=t.source.page, file=t.source.file)
        m = _DATE.match(t.as_of or "")
        if m is None:
            continue
        y, month = int(m.group(1)), int(m.group(2))
        if finished:
            wrong = y != year
            should = f"{year} 年内"
        else:
            wrong = y < year - 1 or y > year or y == year and month > 6
            should = f"{year - 1} 年或 {year} 年上半年"
        if wrong:
            yield Issue(message=f"{t.title.strip()}的截止日期为“{t.as_of}”，{year} 年的{'决算' if finished else '预算'}"
                                f"应截至{should}。", table=t.id, column="as_of", expected=Decimal(year),
                        actual=Decimal(y), line=t.source.line, page=t.source.page, file=t.source.file)


@rule(
    "E011", "警告", "表头的金额单位与表中数字不符",
    bad="收支总表表头“单位：元”，表中“收入总计 647.23”，收入总表（单位：万元）合计 647.23",
    good="收支总表表头“单位：万元”",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：公开的表格应真实、准确",
)
def header_units(ctx: Context):
    """表头印的金额单位是读表中每个数的依据。一张表的数字与别的表以另一种单位印的数逐个相同（至少两个不小于 100
    的数，换算单位后一个也对不上），数字就是另一种单位的，表头的单位写错了：这张表按数字实际的单位读、与别的表
    核对（不再因此报出一串相差一万倍的勾稽错误），表头的单位在这里报告一次。单位是由数字推断的，所以只作警告。"""
    slipped = [t for t in ctx.disclosure.tables if t.printed_unit]
    if not any(t.money_unit for t in ctx.disclosure.tables):
        raise NotApplicable("表格没有印金额单位")
    for t in slipped:
        yield Issue(message=f"{t.title.strip()}表头的单位是“{t.printed_unit}”，表中的数字却与别的表以{t.money_unit}"
                            f"印的数相同，应是{t.money_unit}；按{t.money_unit}核对。", table=t.id, column="unit",
                    expected=t.money_unit, actual=t.printed_unit, line=t.source.line, page=t.source.page,
                    file=t.source.file)
