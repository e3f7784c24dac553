"""The rule engine: declared rules, their findings and one outcome per rule per document.

A rule is a generator over a :class:`~yusuan.rules.context.Context` that yields :class:`Issue`
objects. It ends in one of four outcomes:

* 通过 — it ran and found nothing;
* 不通过 — it yielded at least one issue;
* 不适用 — it raised :class:`NotApplicable` (the document has nothing the rule is about,
  e.g. a unit with no 三公 money has no 三公 change to explain);
* 数据不足 — it raised :class:`MissingData` (a table it needs was not found), so a rule that
  could not run is never counted as passed.

A finding that rests on a table read with doubts (``Table.reading == "doubtful"``: the table it is
placed at, or for the cross-table and narrative families any table the rule looked up) is reported as
警告 at most, and says so: a misreading must never reach the reviewer as a mistake of the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["错误", "警告", "提示"]
SEVERITIES: tuple[Severity, ...] = ("错误", "警告", "提示")
OutcomeName = Literal["通过", "不通过", "不适用", "数据不足"]

FAMILIES: dict[str, str] = {
    "R": "读取情况",
    "S": "表内求和",
    "X": "表间勾稽",
    "N": "说明与表格",
    "C": "公开完整性",
    "K": "科目编码",
    "P": "绩效目标",
    "E": "文字与版式",
    "F": "决算",
}

# Rules that check only the tables of a budget (预算): on a 决算 they have nothing to check (the F family
# checks its tables) and say 不适用 instead of 数据不足.
BUDGET_ONLY = frozenset({"S005", "S006", "K006", *(f"X{n:03d}" for n in range(1, 10))})
FINAL_KINDS = ("部门决算", "单位决算")


class NotApplicable(Exception):
    """The document has nothing this rule is about."""


class MissingData(Exception):
    """Something the rule needs (a table, a column, a stated figure) was not found."""


@dataclass
class Issue:
    """What a rule yields; the engine stamps it with the rule's id and severity."""

    message: str
    table: str = "document"
    row_code: str | None = None
    row_name: str | None = None
    column: str | None = None
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    page: int | None = None
    line: int | None = None
    cell: str | None = None
    severity: Severity | None = None  # only when this finding is milder or graver than the rule's default
    file: str | None = None  # which file, where the disclosure was read from several


class FindingSource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    page: int | None = None
    line: int | None = None
    cell: str | None = None


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: str
    severity: Severity
    title: str
    table: str
    row_code: str | None = None
    row_name: str | None = None
    column: str | None = None
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    difference: Decimal | None = None
    message: str
    source: FindingSource


class Outcome(BaseModel):
    # Frozen: the engine hands the same outcome to every report it fits (see _outcome).
    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    outcome: OutcomeName
    findings: int = 0
    reason: str | None = None


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    outcomes: dict[str, int] = Field(default_factory=dict)


class Report(BaseModel):
    """The result of checking one document."""

    model_config = ConfigDict(extra="forbid")
    source: str
    files: list[str] = Field(default_factory=list, description="the files read as this one disclosure, when several")
    joined_because: str | None = None
    ocr_pages: list[int] = Field(default_factory=list, description="pages read from their pictures by OCR (scans)")
    title: str | None = None
    department: str | None = None
    year: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    transparency: dict | None = Field(default=None, description="the transparency score (yusuan.score.transparency), "
                                                                "where the caller computed it")

    @property
    def has_errors(self) -> bool:
        return self.summary.errors > 0


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    doc: str
    bad: str  # an example that fails
    good: str  # the same example corrected
    regulation: str | None
    check: Callable[..., Iterable[Issue]] = field(compare=False, repr=False)

    @property
    def family(self) -> str:
        return FAMILIES[self.id[0]]


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str, *, bad: str, good: str, regulation: str | None = None):
    """Declare a rule. The function's docstring is its documentation."""

    def wrap(func: Callable[..., Iterable[Issue]]):
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        if rule_id[0] not in FAMILIES or severity not in SEVERITIES:
            raise ValueError(f"bad rule declaration {rule_id}")
        doc = _join_lines(func.__doc__ or "")
        REGISTRY[rule_id] = Rule(rule_id, severity, title, doc, bad.strip(), good.strip(), regulation, func)
        return func

    return wrap


def _join_lines(text: str) -> str:
    """A docstring as one paragraph; Chinese lines join without the space a line break would leave."""
    out = ""
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if out and (out[-1].isascii() or line[0].isascii()) and not (out[-1] in "（“" or line[0] in "）”，。；："):
            out += " "
        out += line
    return out


def selected(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by id prefixes, like ruff: ``S`` is a family, ``S001`` one rule."""
    sel = [s.strip().upper() for s in select if s.strip()]
    ign = [s.strip().upper() for s in ignore if s.strip()]
    if not sel and not ign:
        return list(_every_rule(len(REGISTRY)))
    out = []
    for rid in sorted(REGISTRY):
        if sel and not any(rid.startswith(s) for s in sel):
            continue
        if any(rid.startswith(s) for s in ign):
            continue
        out.append(REGISTRY[rid])
    return out


@lru_cache(maxsize=4)
def _every_rule(_registered: int) -> tuple[Rule, ...]:
    """Every rule in id order, sorted once for the rules registered (every check asks for them all; rules are
    only ever added, so their number tells whether the registry changed)."""
    return tuple(REGISTRY[rid] for rid in sorted(REGISTRY))


def unknown_selectors(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if c.strip() and not any(r.startswith(c.strip().upper()) for r in REGISTRY)]


def _difference(expected, actual) -> Decimal | None:
    if isinstance(expected, Decimal) and isinstance(actual, Decimal):
        return actual - expected
    return None


# Families whose findings compare figures of several tables (looked up through the context).
_READS_OTHER_TABLES = ("X", "N")


def _doubt(issue: Issue, rule_id: str, looked_up: set[str], doubtful: dict) -> str | None:
    """Why the finding's inputs are in doubt, or None when every table it rests on was read cleanly."""
    ids = [issue.table, *(sorted(looked_up) if rule_id[0] in _READS_OTHER_TABLES else ())]
    for table_id in ids:
        t = doubtful.get(table_id)
        if t is not None:
            return f"{t.title.strip()}读取存疑（{t.doubts[0]}）"
    return None


def _misread(issue: Issue, rule_id: str, looked_up: set[str], ocr) -> str | None:
    """The OCR misreading that would explain the finding (see :class:`yusuan.recognize.scanned.Misreadings`)."""
    ids = [issue.table, *(sorted(looked_up) if rule_id[0] in _READS_OTHER_TABLES else ())]
    return ocr.explain(ids, _difference(issue.expected, issue.actual), issue.page, issue.cell, issue.message)


@lru_cache(maxsize=4096)
def _outcome(rule_id: str, outcome: OutcomeName, findings: int, reason: str | None) -> Outcome:
    """One rule's outcome, validated once: most documents end most rules the same way, and validating an
    outcome costs more than the rule took to reach it. The report takes the instance as it is."""
    return Outcome.model_validate({"rule": rule_id, "outcome": outcome, "findings": findings, "reason": reason})


def run(ctx, rules: Iterable[Rule]) -> Report:
    d = ctx.disclosure
    doubtful = {t.id: t for t in d.tables if t.reading == "doubtful"}
    ocr = None
    if d.ocr is not None:
        from yusuan.recognize.scanned import Misreadings

        ocr = Misreadings(d.ocr, d.tables)
    findings: list[dict] = []
    outcomes: list[Outcome] = []
    tally: dict[str, int] = {}
    summary = {"errors": 0, "warnings": 0, "notes": 0, "outcomes": tally}
    counts = {"错误": "errors", "警告": "warnings", "提示": "notes"}
    final = d.kind in FINAL_KINDS
    for r in rules:
        rid = r.id
        if final and rid in BUDGET_ONLY:
            outcomes.append(_outcome(rid, "不适用", 0, f"这是{d.kind}，本条只核对预算表（决算表由 F 类规则核对）"))
            tally["不适用"] = tally.get("不适用", 0) + 1
            continue
        ctx.looked_up = set()
        try:
            found = r.check(ctx)
            issues = [] if found is None else list(found)
        except NotApplicable as exc:
            outcome = _outcome(rid, "不适用", 0, str(exc) or None)
        except MissingData as exc:
            outcome = _outcome(rid, "数据不足", 0, str(exc) or None)
        else:
            if not issues:
                outcome = _outcome(rid, "通过", 0, None)
            else:
                outcome = _outcome(rid, "不通过", len(issues), None)
                _stamp(r, issues, ctx, d, doubtful, ocr, findings, summary, counts)
        outcomes.append(outcome)
        tally[outcome.outcome] = tally.get(outcome.outcome, 0) + 1
    # One validation of the whole report: far cheaper than building each outcome as a model.
    return Report.model_validate({
        "source": d.source, "files": d.files, "joined_because": d.joined_because,
        "ocr_pages": d.ocr.pages if d.ocr is not None else [],
        "title": d.title, "department": d.department.name, "year": d.year,
        "findings": findings, "outcomes": outcomes, "summary": summary,
    })


def _stamp(r: Rule, issues: list[Issue], ctx, d, doubtful: dict, ocr, findings: list[dict], summary: dict,
           counts: dict) -> None:
    """The findings of one rule that failed, each with its severity (milder where its inputs are in doubt)."""
    for i in issues:
        severity = i.severity or r.severity
        message = i.message
        if severity == "错误" and doubtful and r.id[0] != "R":
            why = _doubt(i, r.id, ctx.looked_up, doubtful)
            if why:
                severity = "警告"
                message += f"（{why}，本条只作警告，请对照原表核实。）"
        if severity == "错误" and ocr and r.id[0] != "R":
            why = _misread(i, r.id, ctx.looked_up, ocr)
            if why:
                severity = "警告"
                message += f"（OCR 可能误读：扫描件中{why}，本条只作警告，请对照原件核实。）"
        summary[counts[severity]] += 1
        findings.append({
            "rule": r.id, "severity": severity, "title": r.title, "table": i.table,
            "row_code": i.row_code, "row_name": i.row_name, "column": i.column,
            "expected": i.expected, "actual": i.actual, "difference": _difference(i.expected, i.actual),
            "message": message,
            "source": {"file": i.file or d.source, "page": i.page, "line": i.line, "cell": i.cell},
        })

