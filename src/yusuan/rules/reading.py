"""What yusuan could not read, said once and plainly, so that no misreading reaches the reviewer as a
mistake of the document.

These rules report on the reading, not on the document: a table read with doubts (its own identities
fail on many rows) and tables the document prints that could not be placed among the standard tables.
Checks resting on a doubtful table report 警告 at most (see :mod:`yusuan.rules.engine`).
"""

from __future__ import annotations

from yusuan.rules.context import Context
from yusuan.rules.engine import Issue, NotApplicable, rule


@rule(
    "R001", "警告", "表格读取存疑：表中多数恒等式不成立，栏目或行可能没有读对",
    bad="""
收入总表（按单位列示）：5 行中有 5 行的“财政拨款收入”不等于一般公共预算、政府性基金、国有资本经营之和
（表头合并单元格没有对上，数字落在了相邻的栏）
""",
    good="收入总表各行：财政拨款收入 ＝ 一般公共预算 ＋ 政府性基金 ＋ 国有资本经营，小计 ＝ 各项收入之和",
)
def doubtful_tables(ctx: Context):
    """一张表自身的恒等式（每行合计 ＝ 各组成栏之和、上级科目 ＝ 下级科目之和）在四分之一以上的行（至少两处）
    不成立，而又不是整体错开一行（S001）时，更可能是 yusuan 把数字读到了错误的栏或行，而不是文件本身写错；
    表头之外多出没有栏名的数字列也是同样的迹象。这样的表标为“读取存疑”，每张表报告一次，写明依据；
    依据它的其他核对结果最多报为警告，并注明“读取存疑”。"""
    doubtful = [t for t in ctx.disclosure.tables if t.reading == "doubtful"]
    if not ctx.disclosure.tables:
        raise NotApplicable("没有读到标准表")
    for t in doubtful:
        yield Issue(message=f"{t.title.strip()}读取存疑：{'；'.join(t.doubts)}。依据这张表的核对结果只作警告，"
                            f"请对照原表核实。",
                    table=t.id, page=t.source.page, line=t.source.line, cell=t.source.cell)
