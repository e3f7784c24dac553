"""The terminal report: per file, findings grouped by table, then the summary and outcome counts.

Built from rich Text objects (never markup strings), so brackets in a document's text print as
they are. Colours are for the terminal only; written to a file (``-o``) the report is plain text.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule as HRule
from rich.table import Table
from rich.text import Text

from yusuan.report import (
    OUTCOME_NAMES, amount, column_text, grouped, heading, ocr_note, outcome_counts, row_text, signed,
    source_text, table_heading,
)
from yusuan.rules.engine import Finding, Report

SEVERITY_STYLE = {"错误": "bold red", "警告": "bold yellow", "提示": "bold cyan"}
OUTCOME_STYLE = {"通过": "green", "不通过": "bold red", "不适用": "dim", "数据不足": "yellow"}


def _label(text: str) -> Text:
    return Text(f"{text}：", style="dim")


def _finding(f: Finding) -> Group:
    head = Text.assemble((f.rule, "bold"), " ", (f.severity, SEVERITY_STYLE.get(f.severity, "")), " ", f.title)
    lines = [head]
    where = [p for p in (row_text(f), column_text(f.table, f.column), source_text(f)) if p]
    lines.append(Text.assemble(_label("位置"), " › ".join(where) if where else "整表"))
    figures = []
    if f.actual is not None:
        figures += [_label("发现"), (amount(f.actual), "bold")]
    if f.expected is not None:
        figures += ["    "] * bool(figures) + [_label("应为"), (amount(f.expected), "bold")]
    if f.difference is not None:
        figures += ["    ", _label("差额"), (signed(f.difference), "bold magenta")]
    if figures:
        lines.append(Text.assemble(*figures))
    lines.append(Text.assemble(_label("说明"), f.message))
    return Group(*[Padding(line, (0, 0, 0, 2 if i else 0), expand=False) for i, line in enumerate(lines)])


def summary_text(report: Report) -> Text:
    s = report.summary
    text = Text("小结：")
    text.append(f"错误 {s.errors}", style=SEVERITY_STYLE["错误"] if s.errors else "")
    text.append("，")
    text.append(f"警告 {s.warnings}", style=SEVERITY_STYLE["警告"] if s.warnings else "")
    text.append("，")
    text.append(f"提示 {s.notes}", style=SEVERITY_STYLE["提示"] if s.notes else "")
    return text


def outcomes_text(report: Report) -> Text:
    counts = outcome_counts(report)
    text = Text(f"规则 {len(report.outcomes)} 条：")
    for i, name in enumerate(OUTCOME_NAMES):
        if i:
            text.append("，")
        text.append(f"{name} {counts.get(name, 0)}", style=OUTCOME_STYLE[name] if counts.get(name) else "")
    return text


def transparency_text(report: Report, *, verbose: bool = False) -> Text:
    """The score's headline, and with ``-v`` each part with its points and evidence."""
    from yusuan.score.transparency import Transparency

    t = Transparency.from_dict(report.transparency)
    text = Text(t.headline())
    if verbose and t.score is not None:
        for p in t.parts:
            text.append(f"\n  {p.group} › {p.name}：{p.shown}　{'；'.join(p.evidence)}")
    return text


def outcome_table(report: Report) -> Table:
    from yusuan.rules import REGISTRY

    table = Table(title="各规则结果", title_justify="left", show_lines=False, expand=False)
    table.add_column("规则", no_wrap=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("发现", justify="right", no_wrap=True)
    table.add_column("标题", overflow="fold")
    table.add_column("原因", overflow="fold")
    for o in report.outcomes:
        r = REGISTRY.get(o.rule)
        table.add_row(o.rule, Text(o.outcome, style=OUTCOME_STYLE.get(o.outcome, "")),
                      str(o.findings) if o.findings else "", Text(r.title if r else ""), Text(o.reason or ""))
    return table


def render_report(console: Console, report: Report, *, verbose: bool = False, rule_width: int | None = None) -> None:
    title = heading(report)
    # A rule shortens a title that does not fit with "…": in plain text the rule grows to hold it.
    width = max(rule_width, cell_len(title) + 8) if rule_width else None
    console.print(HRule(Text(title, style="bold"), characters="━"), width=width)
    meta = Text.assemble(_label("文件"), report.source)
    if report.department:
        meta.append_text(Text.assemble("    ", _label("部门"), report.department))
    if report.year:
        meta.append_text(Text.assemble("    ", _label("年度"), str(report.year)))
    console.print(meta)
    if report.joined_because:
        console.print(Text.assemble(_label("合并"), f"{len(report.files)} 个文件作为一份公开文件核对：{report.joined_because}"))
    if report.ocr_pages:
        console.print(Text.assemble(_label("扫描"), ocr_note(report.ocr_pages)))
    if not report.findings:
        console.print()
        console.print(Text("没有发现问题。", style="green"))
    for table, items in grouped(report.findings):
        console.print()
        console.print(Text.assemble((table_heading(table), "bold underline"), f"  {len(items)} 处", style=""))
        for f in items:
            console.print(Padding(_finding(f), (0, 0, 0, 2), expand=False))
    console.print()
    console.print(summary_text(report))
    console.print(outcomes_text(report))
    if report.transparency is not None:
        console.print(transparency_text(report, verbose=verbose))
    if verbose:
        console.print()
        console.print(outcome_table(report))
    console.print()


def render(console: Console, reports: list[Report], *, verbose: bool = False, rule_width: int | None = None) -> None:
    for report in reports:
        render_report(console, report, verbose=verbose, rule_width=rule_width)
    if len(reports) > 1:
        errors = sum(r.summary.errors for r in reports)
        warnings = sum(r.summary.warnings for r in reports)
        notes = sum(r.summary.notes for r in reports)
        failing = sum(1 for r in reports if r.summary.errors)
        console.print(Text(f"共核对 {len(reports)} 个文件，{failing} 个有错误；错误 {errors}，警告 {warnings}，"
                           f"提示 {notes}", style="bold"))


# Wide enough that no line of a report is ever wrapped or cut.
UNBOUNDED = 100_000


def plain(renderable) -> str:
    """A rich table (or any renderable) as plain text at its natural width, for a pipe or a file."""
    import io

    buf = io.StringIO()
    Console(file=buf, width=UNBOUNDED, color_system=None, force_terminal=False, highlight=False).print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def to_text(reports: list[Report], *, verbose: bool = False, width: int = 120) -> str:
    """The report as plain text (no colour), for ``-o`` and for a pipe: every line whole, however long,
    so that no figure or message is cut or broken across lines (``grep`` finds it); ``width`` is only
    the length of the rules under each file's heading."""
    import io

    buf = io.StringIO()
    console = Console(file=buf, width=UNBOUNDED, color_system=None, force_terminal=False, highlight=False,
                      soft_wrap=False)
    render(console, reports, verbose=verbose, rule_width=width)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
