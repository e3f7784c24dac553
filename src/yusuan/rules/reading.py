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
    表头之外多出没有栏名的数字列、名称栏里读到的是数字（行与栏没有对齐）、收支总表等总表列有多行却一个
    数字也没读出，也是同样的迹象。这样的表标为“读取存疑”，每张表报告一次，写明依据；依据它的其他核对结果
    最多报为警告，并注明“读取存疑”。"""
    doubtful = [t for t in ctx.disclosure.tables if t.reading == "doubtful"]
    if not ctx.disclosure.tables:
        raise NotApplicable("没有读到标准表")
    for t in doubtful:
        yield Issue(message=f"{t.title.strip()}读取存疑：{'；'.join(t.doubts)}。依据这张表的核对结果只作警告，"
                            f"请对照原表核实。",
                    table=t.id, page=t.source.page, line=t.source.line, cell=t.source.cell, file=t.source.file)


@rule(
    "R002", "警告", "有表格未能识别：文件印了表，yusuan 没有认出是哪张标准表",
    bad="""
（表格上方印着）2026年单位收支总体情况表
收入 | 支出
一般公共预算拨款收入 37,891.58 | 一般公共服务支出 ……（yusuan 没有认出这张表）
""",
    good="同一张表，标题和表头按标准认出，读作收支总表",
)
def unplaced_tables(ctx: Context):
    """文件中有成片的数字表格，却没有被认作任何一张标准表（标题、表头都没有对上）。这里列出每张表的标题
    （没有标题时是它的第一行）和位置，整份文件报告一次：没有读出的表，不能核对，也不能当作没有公开。"""
    unplaced = ctx.disclosure.unplaced_tables
    if not unplaced:
        return
    shown = "；".join(f"“{u.title}”（{_where(u.source)}）" for u in unplaced[:8])
    more = f"等 {len(unplaced)} 张" if len(unplaced) > 8 else f"共 {len(unplaced)} 张"
    first = unplaced[0].source
    yield Issue(message=f"以下表格未能识别为标准表，没有核对：{shown}，{more}。请对照原文核实。",
                page=first.page, line=first.line, cell=first.cell, file=first.file)


def _where(source) -> str:
    if source.page is not None:
        return f"第 {source.page} 页"
    if source.line is not None:
        return f"第 {source.line} 行"
    return source.cell or "位置不明"
