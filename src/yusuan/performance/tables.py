"""The 绩效自评表 as grids of cells, laid out once for the XLSX, DOCX and HTML writers.

A project's table follows the 项目支出绩效自评表 of 财预〔2020〕10号: name and department, the money (年初预算数,
全年预算数, 全年执行数, 分值, 执行率, 得分), the year's goal, then one row per indicator (一级, 二级, 三级, 年度指标值,
实际完成值, 分值, 得分, 偏差原因分析及改进措施) and the total with its grade. The department's summary lists every
project's money, score and grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.performance.scoring import Evaluation, FormEvaluation, IndicatorScore, rating
from yusuan.performance.indicators import one_line

WIDTH = 9  # columns of a project's table
SUMMARY_WIDTH = 8


@dataclass
class Cell:
    text: str
    span: int = 1
    head: bool = False
    number: bool = False


@dataclass
class Grid:
    """A titled table: rows of cells whose spans add up to ``width``."""

    title: str
    subtitle: str
    width: int
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet: str = ""

    def add(self, *cells: Cell) -> None:
        assert sum(c.span for c in cells) == self.width, [c.text for c in cells]
        self.rows.append(list(cells))


def _n(v: Decimal | None) -> str:
    return "" if v is None else f"{v}"


def _pct(v: Decimal | None) -> str:
    return "" if v is None else f"{v}%"


def _unit(u: str | None) -> str:
    return f"（{u}）" if u else ""


def _both(reason: str | None, measures: str | None) -> str:
    parts = []
    if reason:
        parts.append(f"偏差原因：{reason}")
    if measures:
        parts.append(f"改进措施：{measures}")
    return "\n".join(parts)


def actual_shown(i: IndicatorScore) -> str:
    """实际完成值 as the table prints it: the value, and how far it got when not fully met or graded."""
    if i.grade is not None:
        extra = i.grade if i.share == {"达成": 100, "部分达成": 70, "未达成": 30}[i.grade] else f"{i.grade}，{i.share}%"
        return f"{i.actual_text}（{extra}）" if i.actual_text and i.actual_text != i.grade else extra
    if i.completion is not None and i.completion < 100:
        return f"{i.actual_text}（完成 {i.completion}%）"
    return i.actual_text


def _year(ev: Evaluation) -> str:
    return f"（{ev.year} 年度）" if ev.year else ""


def form_grid(ev: Evaluation, f: FormEvaluation) -> Grid:
    overall = f.kind == "overall"
    title = "部门整体支出绩效自评表" if overall else "项目支出绩效自评表"
    g = Grid(title=title, subtitle=_year(ev), width=WIDTH, sheet=f.name)
    if overall:
        g.add(Cell("部门（单位）", head=True), Cell(f.name, 8))
    else:
        g.add(Cell("项目名称", head=True), Cell(f.name, 5), Cell("项目编码", head=True), Cell(f.code or "", 2))
    g.add(Cell("主管部门", head=True), Cell(ev.department or "", 8))
    b = f.budget
    g.add(Cell(f"项目资金{_unit(b.money_unit)}", head=True), Cell("", head=True), Cell("年初预算数", head=True),
          Cell("全年预算数", head=True), Cell("全年执行数", head=True), Cell("分值", head=True), Cell("执行率", head=True),
          Cell("得分", head=True), Cell("偏差原因分析及改进措施", head=True))
    g.add(Cell(""), Cell("年度资金总额", head=True), Cell(_n(b.initial), number=True), Cell(_n(b.budget), number=True),
          Cell(_n(b.spent), number=True), Cell(_n(b.points), number=True), Cell(_pct(b.rate), number=True),
          Cell(_n(b.score), number=True), Cell(_both(b.reason, b.measures)))
    g.add(Cell("年度总体目标", head=True), Cell(f.goal or "", 4), Cell("实际完成情况", head=True), Cell(f.summary or "", 3))
    g.add(Cell("绩效指标", head=True), Cell("一级指标", head=True), Cell("二级指标", head=True), Cell("三级指标", head=True),
          Cell("年度指标值", head=True), Cell("实际完成值", head=True), Cell("分值", head=True), Cell("得分", head=True),
          Cell("偏差原因分析及改进措施", head=True))
    for i in f.indicators:
        g.add(Cell(""), Cell(i.level1 or ""), Cell(i.level2 or ""), Cell(i.name), Cell(one_line(i.target.text)),
              Cell(actual_shown(i)), Cell(_n(i.points), number=True), Cell(_n(i.score), number=True),
              Cell(_both(i.reason, i.measures)))
    points = f.budget.points + sum((i.points for i in f.indicators), Decimal("0.00"))
    g.add(Cell("总分", 6, head=True), Cell(_n(points), number=True), Cell(_n(f.total), number=True),
          Cell(f"自评等级：{f.rating}", head=True))
    parts = "；".join(f"{name} {f.part_score(p)}／{f.part_points(p)}"
                     for p, name in (("output", "产出指标"), ("benefit", "效益指标"), ("satisfaction", "满意度指标")))
    g.notes.append(f"预算执行率 {f.budget.score}／{f.budget.points}；{parts}。")
    g.notes.append("自评等级：90 分（含）以上为优，80（含）–90 分为良，60（含）–80 分为中，60 分以下为差。")
    return g


def summary_grid(ev: Evaluation) -> Grid:
    g = Grid(title="绩效自评结果汇总表", subtitle=_year(ev), width=SUMMARY_WIDTH, sheet="汇总")
    unit = ev.projects[0].budget.money_unit if ev.projects else None
    if ev.department:
        g.notes.append(f"部门（单位）：{ev.department}")
    g.add(Cell("序号", head=True), Cell("项目编码", head=True), Cell("项目名称", head=True),
          Cell(f"全年预算数{_unit(unit)}", head=True), Cell(f"全年执行数{_unit(unit)}", head=True), Cell("执行率", head=True),
          Cell("自评得分", head=True), Cell("自评等级", head=True))
    for n, f in enumerate(ev.projects, start=1):
        g.add(Cell(str(n)), Cell(f.code or ""), Cell(f.name), Cell(_n(f.budget.budget), number=True),
              Cell(_n(f.budget.spent), number=True), Cell(_pct(f.budget.rate), number=True),
              Cell(_n(f.total), number=True), Cell(f.rating))
    if ev.projects:
        budget, spent, rate = ev.totals()
        avg = ev.average()
        g.add(Cell("合计", 3, head=True), Cell(_n(budget), number=True), Cell(_n(spent), number=True),
              Cell(_pct(rate), number=True), Cell(_n(avg), number=True), Cell(rating(avg) if avg is not None else ""))
        g.notes.append("合计行的自评得分是各项目得分按全年预算数加权的平均数。")
    for f in ev.overall:
        g.add(Cell("部门整体", 2, head=True), Cell(f.name), Cell(_n(f.budget.budget), number=True),
              Cell(_n(f.budget.spent), number=True), Cell(_pct(f.budget.rate), number=True),
              Cell(_n(f.total), number=True), Cell(f.rating))
    for p in ev.problems:
        g.notes.append(p.describe())
    return g


def grids(ev: Evaluation) -> list[Grid]:
    """The summary, then the department's overall table(s), then each project's table."""
    return [summary_grid(ev)] + [form_grid(ev, f) for f in ev.overall] + [form_grid(ev, f) for f in ev.projects]


__all__ = ["Cell", "Grid", "actual_shown", "form_grid", "grids", "summary_grid"]
