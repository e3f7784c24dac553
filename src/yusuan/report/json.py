"""The JSON check report (contract: docs/check-format.md).

Amounts are JSON numbers written exactly as printed (506.10 stays 506.10, never a binary float):
Decimals are marked while the structure is dumped and the marks replaced by the digits after
(the approach of :mod:`yusuan.export`, with a fresh token so no text can be taken for a mark).
"""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal

from yusuan.report import OUTCOME_NAMES, outcome_counts
from yusuan.rules.engine import Report

SCHEMA_VERSION = 1


def _mark(obj, token: str):
    if isinstance(obj, Decimal):
        # fixed-point digits: never an exponent, so the mark always matches the number pattern
        return f"{token}{obj:f}" if obj.is_finite() else str(obj)
    if isinstance(obj, dict):
        return {k: _mark(v, token) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_mark(v, token) for v in obj]
    return obj


def dumps_exact(obj, *, indent: int | None = 2) -> str:
    """``json.dumps`` with Decimals written as the numbers they print as.

    Each Decimal is dumped as a string carrying a random token, then the quoted token is replaced
    by the bare digits; the token is fresh per call, so no text of a document can look like one.
    """
    token = f"@@decimal-{secrets.token_hex(8)}@@"
    text = json.dumps(_mark(obj, token), ensure_ascii=False, indent=indent)
    return re.sub('"' + re.escape(token) + r'(-?[0-9]+(?:\.[0-9]+)?)"', r"\1", text)


def report_dict(report: Report) -> dict:
    """One file's report in the documented key order."""
    data = report.model_dump(mode="python")
    counts = outcome_counts(report)
    summary = {
        "errors": report.summary.errors,
        "warnings": report.summary.warnings,
        "notes": report.summary.notes,
        "rules": len(report.outcomes),
        "outcomes": {name: counts.get(name, 0) for name in OUTCOME_NAMES},
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "source": data["source"],
        "files": data["files"],
        "joined_because": data["joined_because"],
        "ocr_pages": data["ocr_pages"],
        "title": data["title"],
        "department": data["department"],
        "year": data["year"],
        "findings": data["findings"],
        "outcomes": data["outcomes"],
        "summary": summary,
        "transparency": data["transparency"],
    }


def report_json(report: Report) -> str:
    """One file's report as the JSON text ``to_json`` gives for it alone (a worker process renders its
    own reports, see :func:`join_reports`)."""
    return dumps_exact(report_dict(report))


def join_reports(texts: list[str]) -> str:
    """The array ``to_json(reports, single=False)`` writes, put together from each report's
    :func:`report_json`: the same text, each report indented one level deeper."""
    if not texts:
        return "[]"
    return "[\n" + ",\n".join("  " + t.replace("\n", "\n  ") for t in texts) + "\n]"


def to_json(reports: list[Report], *, single: bool) -> str:
    """One object when ``single`` (one FILE was given), otherwise an array in argument order."""
    if single:
        if len(reports) != 1:
            raise ValueError("single needs exactly one report")
        return dumps_exact(report_dict(reports[0]))
    return dumps_exact([report_dict(r) for r in reports])
