"""One document made ready for the store: read, checked and flattened into rows.

This runs in the ingest worker processes, so the writer only inserts. Nothing here touches a database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from yusuan.read import SUPPORTED_SUFFIXES as SUPPORTED
from yusuan.store.packed import pack, pack_model

# The standard figures that queries compare across documents, in 万元, with their Chinese names.
FIGURES: dict[str, str] = {
    "income_total": "收入合计",
    "expenditure_total": "支出合计",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "three_public_total": "“三公”经费",
    "overseas": "因公出国（境）费",
    "vehicle_purchase_and_operation": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "operation_cost": "机关运行经费",
}

# Where a figure is read from a table: (table, column) of the 合计 row. Tables come first for the
# totals (the standard tables are the budget); the explanation is the fallback, and the only source
# of 三公 items and 机关运行经费 in most documents.
_TABLE_FIGURES: dict[str, tuple[str, str]] = {
    "income_total": ("income_summary", "total"),
    "expenditure_total": ("expenditure_summary", "total"),
    "basic": ("expenditure_summary", "basic"),
    "project": ("expenditure_summary", "project"),
    "personnel": ("general_budget_basic_expenditure", "personnel"),
    "public": ("general_budget_basic_expenditure", "public"),
    "three_public_total": ("three_public_expenses", "total"),
}

WAN = Decimal(10000)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = re.sub(r"\s+", "", name)
    return name or None


_REGION = re.compile(r"^(.{2,}?(?:自治县|自治旗|区|县|旗))")
_CITY = re.compile(r"^(.{2,}?(?:自治州|市|州|盟))")


def region_of(name: str | None) -> str | None:
    """The place a department belongs to, from its printed name: 石家庄市鹿泉区信访局 → 石家庄市鹿泉区."""
    if not name:
        return None
    m = _REGION.match(name) or _CITY.match(name)
    return m.group(1) if m else None


def to_wan(value: Decimal, unit: str | None) -> Decimal:
    return value / WAN if unit == "元" else value


@dataclass
class Prepared:
    """A document ready to insert: the documents row and the rows of every child table."""

    content_hash: str
    source: str
    document: dict
    disclosure_packed: bytes  # the extraction's JSON (yusuan extract --format json, unindented), packed
    report_packed: bytes  # the check report's JSON, packed
    tables: list[tuple] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)
    narrative: list[tuple] = field(default_factory=list)
    findings: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    outcomes: list[tuple] = field(default_factory=list)
    transparency: tuple | None = None  # (score, earned, possible, parts JSON)


@dataclass
class Failed:
    content_hash: str
    source: str
    error: str


def _total_row(table):
    for r in table.rows:
        if r.name.replace(" ", "") in ("合计", "总计", "支出合计", "收入合计") and r.side in (None, "expenditure"):
            return r
    return None


def standard_figures(d) -> list[tuple[str, Decimal, str]]:
    """(key, value in 万元, origin) for each standard figure the document gives."""
    out: dict[str, tuple[Decimal, str]] = {}
    for key, (table_id, column) in _TABLE_FIGURES.items():
        t = d.table(table_id)
        row = _total_row(t) if t is not None else None
        v = row.values.get(column) if row is not None else None
        if v is not None:
            out[key] = (to_wan(v, t.money_unit), "table")
    for key in FIGURES:
        if key in out:
            continue
        f = d.narrative.get(key)
        if f is not None and f.unit in ("元", "万元"):
            out[key] = (to_wan(f.value, f.unit), "narrative")
    return [(k, v, origin) for k, (v, origin) in out.items()]


_LIMIT = Decimal(10) ** 18
_PLACES = Decimal("0.000001")


def fits(v: Decimal | None) -> Decimal | None:
    """A value as the DECIMAL(24, 6) columns hold it; None for what no budget prints (too large)."""
    if v is None or not v.is_finite() or abs(v) >= _LIMIT:
        return None
    return v if v.as_tuple().exponent >= -6 else v.quantize(_PLACES)


def _text(value) -> str | None:
    if value is None:
        return None
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def prepare(path: str | Path, *, source: str | None = None, data: bytes | None = None,
            digest: str | None = None, parts: list[Path] | None = None,
            joined_because: str | None = None) -> Prepared | Failed:
    """Read and check one file, or the ``parts`` of one disclosure published as several files (``path``
    their first). Never raises for a bad document: returns :class:`Failed` instead."""
    from yusuan.cycles import collector_held

    with collector_held():  # (reading, checking and flattening alike: see yusuan.cycles)
        return _prepare(path, source, data, digest, parts, joined_because)


def _prepare(path: str | Path, source: str | None, data: bytes | None, digest: str | None,
             parts: list[Path] | None, joined_because: str | None) -> Prepared | Failed:
    import yusuan
    from yusuan.errors import YusuanError
    from yusuan.rules import check
    from yusuan.score.transparency import score as transparency_score

    path = Path(path)
    parts = parts or [path]
    source = source or " + ".join(map(str, parts))
    try:
        if data is None:
            data = b"".join(p.read_bytes() for p in parts)
    except OSError as exc:
        return Failed(digest or "", source, f"文件 {source}：无法读取（{exc.strerror or exc}）")
    digest = digest or content_hash(data)
    try:
        d = yusuan.extract_together(parts, joined_because) if len(parts) > 1 else yusuan.extract(path)
    except YusuanError as exc:
        msg = exc.describe()
        if source != str(path):
            msg = msg.replace(str(path), source)
        return Failed(digest, source, msg)
    except MemoryError:  # the reader process's limit (store.workers) says so, in its own words
        raise
    except Exception as exc:  # a reader library failing on malformed input
        return Failed(digest, source, f"文件 {source}：无法读取（{type(exc).__name__}: {exc}）")
    d.source = source
    try:
        report = check(d)
        report.transparency = transparency_score(d, outcomes=report.outcomes).to_dict()
    except MemoryError:
        raise
    except Exception as exc:
        return Failed(digest, source, f"文件 {source}：核对时出错（{type(exc).__name__}: {exc}）")
    return flatten(d, report, digest, size=len(data))


def dumps_compact(obj) -> str:
    """What ``yusuan.report.json.dumps_exact(obj, indent=None)`` gives, character for character, in a
    fraction of its time: JSON's own encoder walks the structure and asks for each Decimal alone, which
    it writes as a string opening with a marker no text holds (a fresh random key each call); the marked
    strings are then unquoted in one pass over the pieces between markers (a document's extraction and
    report hold thousands of values, and the ingest readers dump both)."""
    import json
    import secrets

    token = f'"@@decimal-{secrets.token_hex(8)}@@'

    def decimal(obj):
        if isinstance(obj, Decimal):
            return f"{token[1:]}{obj:f}" if obj.is_finite() else str(obj)
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")

    pieces = json.dumps(obj, ensure_ascii=False, default=decimal).split(token)
    # each piece after the first opens with a value's digits and the closing quote of its string
    return pieces[0] + "".join(p.replace('"', "", 1) for p in pieces[1:])


def flatten(d, report, digest: str, *, size: int | None = None) -> Prepared:
    name = clean_name(d.department.name)
    code = (d.department.code or "").strip() or None
    dept_key = name or (f"编码{code}" if code else f"未识别：{Path(d.source).name}")
    series = f"{dept_key}|{d.year if d.year is not None else '-'}|{d.kind or '-'}"
    s = report.summary
    p = Prepared(
        content_hash=digest,
        source=d.source,
        document={
            "content_hash": digest, "source": d.source, "format": d.format, "title": d.title,
            "department_key": dept_key, "department_code": code, "department_name": name,
            "region": region_of(name), "year": d.year, "kind": d.kind, "money_unit": d.money_unit,
            "series_key": series, "size_bytes": size,
            "n_tables": len(d.tables), "n_rows": sum(len(t.rows) for t in d.tables),
            "n_narrative": len(d.narrative), "n_projects": len(d.projects),
            "n_findings": len(report.findings), "n_errors": s.errors, "n_warnings": s.warnings,
            "n_notes": s.notes, "n_ocr_pages": len(d.ocr.pages) if d.ocr is not None else 0,
        },
        disclosure_packed=pack_model(d),
        report_packed=pack(dumps_compact(report.model_dump(mode="python"))),
    )
    for pos, t in enumerate(d.tables):
        p.tables.append((pos, t.id, t.title, t.money_unit, t.empty_note, len(t.rows)))
        for i, r in enumerate(t.rows):
            p.rows.append((t.id, i, r.seq, r.side, r.code, r.name, t.money_unit,
                           r.source.line, r.source.page, r.source.cell))
            for col, v in r.values.items():
                v = fits(v)
                if v is not None:
                    p.values.append((t.id, i, col, v, fits(to_wan(v, t.money_unit)) if t.money_unit else None))
    for key, f in d.narrative.items():
        if fits(f.value) is not None:
            p.narrative.append((key, fits(f.value), f.unit, f.text, f.source.line, f.source.page))
    for i, f in enumerate(report.findings):
        p.findings.append((i, f.rule, f.severity, f.title, f.table, f.row_code, f.row_name, f.column,
                           _text(f.expected), _text(f.actual), fits(f.difference), f.message,
                           f.source.line, f.source.page, f.source.cell))
    p.figures = [(k, fits(v), origin) for k, v, origin in standard_figures(d) if fits(v) is not None]
    p.outcomes = [(o.rule, o.outcome) for o in report.outcomes]
    if report.transparency is not None:
        p.transparency = transparency_row(report.transparency)
    return p


def transparency_row(t: dict) -> tuple:
    """(score, earned, possible, parts JSON) for the transparency_scores table."""
    return (t["score"], t["earned"], t["possible"], dumps_compact(t))
