"""The HTML check report: one standalone page (inline CSS, no external assets) to send by mail.

Several files make one page: an overview table, then one section per file. All text from the
documents is escaped by jinja2's autoescape. The page is also well-formed XML after its doctype.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from yusuan.report import (
    OUTCOME_NAMES, amount, grouped, heading, ocr_note, outcome_counts, place, signed, table_heading,
)
from yusuan.rules.engine import Finding, Report

SEVERITY_CSS = {"错误": "sev-error", "警告": "sev-warning", "提示": "sev-note"}
OUTCOME_CSS = {"通过": "o-pass", "不通过": "o-fail", "不适用": "o-na", "数据不足": "o-missing"}


def _finding(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "css": SEVERITY_CSS.get(f.severity, "sev-note"),
        "title": f.title,
        "place": place(f, with_table=False) if (f.row_code or f.row_name or f.column or f.source.page
                                                  or f.source.line or f.source.cell) else "整表",
        "has_figures": f.expected is not None or f.actual is not None,
        "actual": amount(f.actual) if f.actual is not None else None,
        "expected": amount(f.expected) if f.expected is not None else None,
        "difference": signed(f.difference) if f.difference is not None else None,
        "message": f.message,
    }


def _file(report: Report, pictures: list[dict] | None = None) -> dict:
    from yusuan.rules import REGISTRY

    counts = outcome_counts(report)
    outcomes = []
    for o in report.outcomes:
        r = REGISTRY.get(o.rule)
        outcomes.append({
            "rule": o.rule, "outcome": o.outcome, "css": OUTCOME_CSS.get(o.outcome, ""), "findings": o.findings,
            "reason": o.reason, "title": r.title if r else "", "severity": r.severity if r else "",
            "family": r.family if r else "",
        })
    return {
        "heading": heading(report),
        "name": report.title or Path(report.source).name,
        "source": report.source,
        "joined": report.joined_because,
        "ocr": ocr_note(report.ocr_pages) if report.ocr_pages else None,
        "department": report.department,
        "year": report.year,
        "errors": report.summary.errors,
        "warnings": report.summary.warnings,
        "notes": report.summary.notes,
        "counts": [(name, counts.get(name, 0)) for name in OUTCOME_NAMES],
        "groups": [{"heading": table_heading(t), "findings": [_finding(f) for f in items]}
                   for t, items in grouped(report.findings)],
        "outcomes": outcomes,
        "transparency": _transparency(report),
        "pictures": pictures or [],
    }


def _transparency(report: Report) -> dict | None:
    if report.transparency is None:
        return None
    from yusuan.score.transparency import Transparency

    t = Transparency.from_dict(report.transparency)
    return {"headline": t.headline(), "score": t.score,
            "parts": [{"group": p.group, "name": p.name, "shown": p.shown, "evidence": "；".join(p.evidence)}
                      for p in t.parts]}


def to_html(reports: list[Report], *, failures: list[str] = (), generated: datetime | None = None,
            pictures: list[list[dict] | None] | None = None) -> str:
    """The page. ``failures`` are the Chinese messages of files that could not be read; ``pictures``,
    report by report, a scan's figures in doubt with their cells' pictures (yusuan.report.pictures)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from yusuan import __version__

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    files = [_file(r, pictures[k] if pictures else None) for k, r in enumerate(reports)]
    if len(files) == 1:
        page_title = f"核对报告：{files[0]['heading']}"
    else:
        page_title = f"预算公开文件核对报告（{len(files)} 个文件）"
    totals = {k: sum(f[k] for f in files) for k in ("errors", "warnings", "notes")}
    when = (generated or datetime.now()).strftime("%Y-%m-%d %H:%M")
    return env.get_template("check.html.j2").render(
        files=files, failures=list(failures), totals=totals, page_title=page_title, version=__version__,
        generated=when,
    )
