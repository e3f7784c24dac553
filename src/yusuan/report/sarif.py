"""SARIF 2.1.0: the check report for code-scanning tools and editors.

One run for all files. ``tool.driver.rules`` is the whole rule catalog (so a viewer can show any
rule's documentation); each finding is a result with its rule id, level (错误 → error,
警告 → warning, 提示 → note), message and location: the file's URI and, for text files, the line
(``region.startLine``); a PDF page or a spreadsheet cell, which SARIF has no region for, is a
property of the physical location (``properties.page`` / ``properties.cell``). Files that could not
be read are tool execution notifications of the invocation, which is then not successful.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from yusuan.report import column_name, table_name
from yusuan.rules.engine import Finding, Report, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"错误": "error", "警告": "warning", "提示": "note"}
SRCROOT = "%SRCROOT%"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def rule_descriptor(r: Rule) -> dict:
    help_text = (f"{r.doc}\n\n错误示例：\n{r.bad}\n\n正确示例：\n{r.good}"
                 + (f"\n\n依据：{r.regulation}" if r.regulation else ""))
    help_md = (f"{r.doc}\n\n**错误示例**\n\n```text\n{r.bad}\n```\n\n**正确示例**\n\n```text\n{r.good}\n```"
               + (f"\n\n**依据**：{r.regulation}" if r.regulation else ""))
    props = {"category": r.family, "severity": r.severity, "tags": [r.family]}
    if r.regulation:
        props["regulation"] = r.regulation
    return {
        "id": r.id,
        "name": _pascal(getattr(r.check, "__name__", "")) or r.id,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.doc or r.title},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": props,
    }


def _artifact_uri(source: str, root: Path) -> tuple[str, str | None]:
    """A path under the working directory is relative to %SRCROOT%; anything else an absolute file URI."""
    path = Path(source).resolve()
    try:
        rel = path.relative_to(root)
    except ValueError:
        return path.as_uri(), None
    from urllib.parse import quote

    return quote(rel.as_posix()), SRCROOT


def _message(f: Finding) -> str:
    where = table_name(f.table)
    if f.row_code or f.row_name:
        where += " " + " ".join(p for p in (f.row_code, (f.row_name or "").strip()) if p)
    if f.column:
        where += f"（{column_name(f.table, f.column) or f.column}）"
    return f"{f.rule} {f.title}｜{where}：{f.message}"


def _fingerprint(f: Finding) -> str:
    key = "\x1f".join(str(x) for x in (f.rule, f.table, f.row_code, f.row_name, f.column, f.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(f: Finding, rule_index: dict[str, int], artifact: dict) -> dict:
    physical: dict = {"artifactLocation": dict(artifact)}
    if f.source.line is not None:
        physical["region"] = {"startLine": f.source.line}
    extra = {k: v for k, v in (("page", f.source.page), ("cell", f.source.cell)) if v is not None}
    if extra:
        physical["properties"] = extra
    logical = {"name": f.row_code or (f.row_name or "").strip() or f.table,
               "fullyQualifiedName": "/".join(p for p in (f.table, f.row_code or (f.row_name or "").strip() or None,
                                                          f.column) if p),
               "kind": "element"}
    props = {k: v for k, v in (
        ("table", f.table), ("row_code", f.row_code), ("row_name", f.row_name), ("column", f.column),
        ("expected", f.expected), ("actual", f.actual), ("difference", f.difference), ("severity", f.severity),
    ) if v is not None}
    result = {
        "ruleId": f.rule,
        "level": LEVELS.get(f.severity, "note"),
        "message": {"text": _message(f)},
        "locations": [{"physicalLocation": physical, "logicalLocations": [logical]}],
        "partialFingerprints": {"yusuanFinding/v1": _fingerprint(f)},
        "properties": props,
    }
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    return result


def to_sarif(reports: list[Report], *, failures: list[str] = (), root: Path | None = None) -> dict:
    """The SARIF log as a dict (dump it with :func:`yusuan.report.json.dumps_exact`)."""
    from yusuan import __version__
    from yusuan.rules import catalog

    root = (root or Path.cwd()).resolve()
    rules = catalog()
    rule_index = {r.id: i for i, r in enumerate(rules)}
    artifacts, results = [], []
    uses_root = False
    for report in reports:
        uri, base = _artifact_uri(report.source, root)
        location = {"uri": uri, "index": len(artifacts)}
        if base:
            location["uriBaseId"] = base
            uses_root = True
        artifacts.append({"location": dict(location), "properties": {
            k: v for k, v in (("title", report.title), ("department", report.department), ("year", report.year))
            if v is not None}})
        for f in report.findings:
            results.append(_result(f, rule_index, location))
    invocation = {
        "executionSuccessful": not failures,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": m}} for m in failures],
    }
    run = {
        "tool": {"driver": {
            "name": "yusuan",
            "version": __version__,
            "rules": [rule_descriptor(r) for r in rules],
        }},
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if uses_root:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri() + "/"}}
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}
