"""Mutation testing of ``yusuan check``: put one mistake into a clean document, see whether it is caught.

Run as ``python3 bench/mutants.py`` (with ``PYTHONPATH=src``). Options: ``--list`` prints every surviving
mutant, ``--kinds`` restricts the mutation kinds, ``--bases`` the documents, ``--json FILE`` writes
every result.

The clean documents are seed 001 with its known narrative mistake corrected, the documents built from
``examples/*.yaml`` and the real PDFs that check clean (04, 06, 08; ``--real 31_,41_`` adds others) — every
one must have no 错误 as it is. A document is read once into its lines of cells (the reader's output, before recognition), and
each mutant changes those lines — a figure, a row, a sentence — so that recognition runs on the
mutated text as it would on a real document with that mistake. Only a whole table is removed from the
recognised model, and a spending plan is changed there, since neither has a single cell to edit.

The explanation's numbers are changed one by one, whether or not the reader records them: every amount
(``narrative``: plus 0.01, 1, 10, 100; ``unit``: 万元 written 元), every year (``year``), every percentage
(``percent``: plus one point) and every count of 辆/个/台（套）/项 (``count``: plus one). The percentage and
count rows are split by what the clean document's claims hold of the number: 已解析 (a claim with a
subject, or a 其中 total or part), 未解析 (a claim without one), 未读出 (no claim), so the table shows what reading does not reach.
A second table counts these changes per document, those of a number the clean document reads as a checkable
claim (``checkable`` in bench/claims.py; every year counts) apart from the rest (a performance target's
“受理率达到100%”, “13个乡镇”, a threshold such as “单价100万元以上”).

A mutant is *caught* when a new 错误 (or 警告, where that is the rule's severity) finding is placed at
the mutated row, at a row the mutated figure adds into (its parent codes, the table's totals), or
names the mutated table and row in its message (a cross-table or narrative finding); *misplaced* when
new findings appear only elsewhere; *survived* when nothing new appears. New 错误 findings that are
neither at nor about the mutated place are counted as noise (possible false alarms).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"  # the published documents the tests read
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(ROOT / "src"))

from yusuan.read import read_document  # noqa: E402
from yusuan.read.grid import Cell, Line, RawDocument  # noqa: E402
from yusuan.model import Disclosure  # noqa: E402
from yusuan.recognize import recognize  # noqa: E402
from yusuan.rules import REGISTRY, check  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claims import checkable as checkable_claim  # noqa: E402  (bench/claims.py: what counts as checkable)

DELTAS = (Decimal("0.01"), Decimal(1), Decimal(10), Decimal(100))
SEED_FIX = ("与2023年相比增加0.20万元", "与2023年相比减少0.80万元")  # seed 001's known narrative mistake
REAL_CLEAN = ("04_", "06_", "08_")
_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MONEY = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)(\s*)(万元|元)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(\s*)(%|％)")
_COUNT = re.compile(r"(?<![\d.])(\d+)(\s*)(辆|台（套）|台\(套\)|个|台|套|项)(?![目\u4e00-\u9fff]*[年月日])")

KINDS = {
    "cell": "表格数字加一个量",
    "swap": "相邻两行数字互换",
    "delete_row": "删除一行",
    "narrative": "说明数字加一个量",
    "percent": "说明中百分比加一个百分点",
    "count": "说明中的个数加一",
    "unit": "说明中万元写成元",
    "year": "说明中年份改一年",
    "delete_table": "删除一张表",
    "code": "编码改为同级编码",
    "plan": "资金支出计划倒退",
}


# ----------------------------------------------------------------------------------------------
# documents


@dataclass
class Base:
    name: str
    raw: RawDocument
    disclosure: Disclosure
    findings: Counter  # keys of the findings the clean document already has


def _strip(text: str) -> str:
    return re.sub(r"</?b>", "", text).strip()


def _read_text(text: str, name: str) -> RawDocument:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        raw = read_document(path)
    raw.source = name
    return raw


def _built(yaml_path: Path) -> str:
    from yusuan.compose import load_package
    from yusuan.compose.text import to_text

    return to_text(load_package(yaml_path))


def load_bases(wanted: set[str] | None = None, more_real: tuple[str, ...] = ()) -> list[Base]:
    docs: list[tuple[str, RawDocument]] = []
    seed = next((DATA / "seeds").glob("001_*.txt"), None)
    if seed is not None:
        text = seed.read_text(encoding="utf-8")
        if SEED_FIX[0] in text:
            text = text.replace(SEED_FIX[0], SEED_FIX[1], 1)
        docs.append(("样例001（更正后）", _read_text(text, "seed-001.txt")))
    seed4 = next((DATA / "seeds").glob("004_*.txt"), None)
    if seed4 is not None:
        docs.append(("样例004（绩效目标）", _read_text(seed4.read_text(encoding="utf-8"), "seed-004.txt")))
    for y in sorted((ROOT / "examples").glob("*.yaml")):
        if "actuals" in y.name:
            continue
        try:
            docs.append((f"生成：{y.stem}", _read_text(_built(y), f"{y.stem}.txt")))
        except Exception as exc:  # an example that no longer builds is reported, not fatal
            print(f"无法生成 {y.name}：{exc}", file=sys.stderr)
    for p in sorted((DATA / "real").glob("*.pdf")):
        if p.name.startswith(REAL_CLEAN + more_real):
            docs.append((f"真实：{p.name[:2]}", read_document(p)))
    out = []
    for name, raw in docs:
        if wanted and not any(w in name for w in wanted):
            continue
        d = recognize(raw)
        r = check(d)
        if r.summary.errors:
            print(f"警告：{name} 原样就有 {r.summary.errors} 个错误，不作为基准", file=sys.stderr)
            for f in r.findings:
                if f.severity == "错误":
                    print("   ", f.rule, f.table, f.row_code, f.message[:80], file=sys.stderr)
            continue
        out.append(Base(name, raw, d, Counter(_key(f) for f in r.findings)))
    return out


def _key(f) -> tuple:
    return (f.rule, f.severity, f.table, f.row_code, f.row_name, f.column)


# ----------------------------------------------------------------------------------------------
# places and results


@dataclass
class Place:
    """Where a mutation is: table rows (and a column) or a sentence of the explanation."""

    table: str
    title: str = ""
    row_code: str | None = None
    row_name: str | None = None
    column: str | None = None
    related_codes: frozenset = frozenset()  # codes the mutated figures add into or that hang below them
    line: int | None = None
    page: int | None = None
    words: tuple = ()  # text a finding about this place quotes (the mutated figure)
    names: frozenset = frozenset()  # names of every mutated row (a line may hold two sides' rows)


@dataclass
class Mutant:
    kind: str
    base: str
    desc: str
    place: Place
    variant: str = ""  # e.g. the delta
    checkable: bool = True  # a number of the explanation that the clean document's claims hold as checkable


@dataclass
class Result:
    mutant: Mutant
    status: str  # caught / misplaced / survived / equivalent
    new: list = field(default_factory=list)  # new findings (rule, severity, table, row, message)
    noise: int = 0  # new 错误 findings neither at nor about the mutated place
    only_warning: bool = False


def _total_like(name: str | None) -> bool:
    return bool(name) and bool(re.search(r"合\s*计|总\s*计|小\s*计|总额", name))


def _about(f, p: Place) -> bool:
    """Whether finding ``f`` is at or about the mutated place."""
    msg = f.message
    if p.table == "narrative":
        if f.table == "narrative":
            if p.line is not None and f.source.line is not None:
                return f.source.line == p.line
            return f.source.page == p.page or any(w in msg for w in p.words)
        return any(w in msg for w in p.words)
    if p.table == "projects":
        return f.table == "projects" and (p.row_name is None or f.row_name == p.row_name)
    names = p.names | ({p.row_name} if p.row_name else set())
    codes = p.related_codes | ({p.row_code} if p.row_code else set())
    if f.table == p.table:
        if not codes:
            return True  # a table without codes (收支总表, “三公”经费表): its sums tie any row to any other
        if f.row_code and f.row_code in codes:
            return True
        if not f.row_code and (f.row_name in names or _total_like(f.row_name)):
            return True
        return any(n in msg for n in names)
    # another table (a cross-table or narrative finding) that names the mutated table and row
    if f.row_code and f.row_code in codes and f.rule.startswith("X"):
        return True
    named = p.title and p.title.strip() in msg
    return bool((named or f.rule.startswith("X")) and any(f"“{n}”" in msg or n in msg for n in names))


def judge(base: Base, mutant: Mutant, d: Disclosure | None) -> Result:
    if d is None:
        return Result(mutant, "equivalent")
    report = check(d)
    seen = Counter(base.findings)
    new = []
    for f in report.findings:
        k = _key(f)
        if seen[k] > 0:
            seen[k] -= 1
            continue
        if f.severity == "提示":
            continue
        new.append(f)
    at = [f for f in new if _about(f, mutant.place)]
    noise = sum(1 for f in new if f.severity == "错误" and not _about(f, mutant.place))
    status = "caught" if at else ("misplaced" if new else "survived")
    only_warning = bool(at) and all(f.severity == "警告" for f in at)
    return Result(mutant, status, [(f.rule, f.severity, f.table, f.row_code, f.row_name, f.column,
                                    str(f.expected), str(f.actual), f.message, _about(f, mutant.place))
                                   for f in new], noise, only_warning)


# ----------------------------------------------------------------------------------------------
# mutations of the lines of cells


def _copy_lines(raw: RawDocument, changes: dict[int, Line | None]) -> RawDocument:
    lines = []
    for i, ln in enumerate(raw.lines):
        if i in changes:
            if changes[i] is not None:
                lines.append(changes[i])
        else:
            lines.append(ln)
    return RawDocument(raw.source, raw.format, lines)


def _with_cells(ln: Line, texts: dict[int, str]) -> Line:
    return Line([Cell(texts.get(j, c.text), c.col, c.line, c.page, c.ref) for j, c in enumerate(ln.cells)],
                ln.is_row, ln.block, ln.sheet)


def _figure_cells(ln: Line) -> list[int]:
    """Cells of a table row that print figures: numbers after the first cell with a name in it."""
    named = False
    out = []
    for j, c in enumerate(ln.cells):
        t = _strip(c.text)
        if _CJK.search(t):
            named = True
            continue
        if named and _NUMBER.match(t):
            out.append(j)
    return out


def _add(text: str, delta: Decimal) -> str | None:
    t = _strip(text)
    places = len(t.split(".")[1]) if "." in t else 0
    if delta < 1 and places < 2:
        return None
    v = Decimal(t.replace(",", "")) + delta
    s = f"{v:.{places}f}"
    if "," in t:
        whole, _, frac = s.partition(".")
        s = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text.replace(t, s)


def _table_rows(d: Disclosure):
    for ti, t in enumerate(d.tables):
        for ri, r in enumerate(t.rows):
            yield ti, ri, t, r


def _diff(base: Disclosure, d: Disclosure) -> list[tuple]:
    """The table cells that differ: (table index, row index, column, before, after)."""
    out = []
    if len(base.tables) != len(d.tables):
        return [("tables",)]
    for ti, (a, b) in enumerate(zip(base.tables, d.tables)):
        if a.id != b.id or len(a.rows) != len(b.rows):
            out.append(("rows", ti))
            continue
        for ri, (ra, rb) in enumerate(zip(a.rows, b.rows)):
            if ra.code != rb.code or ra.name != rb.name:
                out.append(("row", ti, ri))
            for col in set(ra.values) | set(rb.values):
                va, vb = ra.values.get(col), rb.values.get(col)
                if va != vb:
                    out.append(("cell", ti, ri, col, va, vb))
    return out


def _related(t, *rows) -> frozenset:
    """Codes the rows' figures add into (their ancestors in the table) and the codes below them."""
    codes = {x.code for x in t.rows if x.code}
    out = set()
    for r in rows:
        if not r.code:
            continue
        out |= {r.code[:n] for n in (3, 5) if n < len(r.code) and r.code[:n] in codes}
        out |= {c for c in codes if c != r.code and c.startswith(r.code)}
    return frozenset(out)


def _place_of_row(t, *rows, column=None) -> Place:
    r = rows[0]
    return Place(t.id, t.title, r.code, r.name.strip(), column, _related(t, *rows),
                 names=frozenset(x.name.strip() for x in rows))


def _recognize(raw: RawDocument) -> Disclosure | None:
    try:
        return recognize(raw)
    except Exception:
        return None


def table_lines(base: Base) -> list[int]:
    """Indices of the lines that are table rows with figures."""
    return [i for i, ln in enumerate(base.raw.lines) if ln.is_row and _figure_cells(ln)]


def cell_mutants(base: Base):
    for i in table_lines(base):
        ln = base.raw.lines[i]
        for j in _figure_cells(ln):
            for delta in DELTAS:
                new = _add(ln.cells[j].text, delta)
                if new is None:
                    continue
                raw = _copy_lines(base.raw, {i: _with_cells(ln, {j: new})})
                d = _recognize(raw)
                if d is None:
                    continue
                changed = [c for c in _diff(base.disclosure, d) if c[0] == "cell"]
                if len(changed) != 1:
                    continue  # not a figure the recognised tables hold (or it moved more than one cell)
                _, ti, ri, col, va, vb = changed[0]
                t, r = d.tables[ti], d.tables[ti].rows[ri]
                place = _place_of_row(t, r, column=col)
                yield Mutant("cell", base.name, f"{t.title}“{r.code or ''} {r.name.strip()}”{col} {va}→{vb}",
                             place, f"+{delta}"), d


def swap_mutants(base: Base):
    lines = table_lines(base)
    for a, b in zip(lines, lines[1:]):
        la, lb = base.raw.lines[a], base.raw.lines[b]
        fa, fb = _figure_cells(la), _figure_cells(lb)
        if b != a + 1 or len(la.cells) != len(lb.cells):
            continue
        cols = sorted(set(fa) | set(fb))
        ta = {j: lb.cells[j].text for j in cols if j < len(la.cells) and (j in fb or not _strip(lb.cells[j].text))}
        tb = {j: la.cells[j].text for j in cols if j < len(lb.cells) and (j in fa or not _strip(la.cells[j].text))}
        raw = _copy_lines(base.raw, {a: _with_cells(la, ta), b: _with_cells(lb, tb)})
        d = _recognize(raw)
        if d is None:
            continue
        changed = [c for c in _diff(base.disclosure, d) if c[0] == "cell"]
        if not changed or len({(c[1]) for c in changed}) != 1:
            if not changed:
                yield Mutant("swap", base.name, f"第{a}、{b}行数字相同", Place("?"), ""), None
            continue
        ti = changed[0][1]
        rows = sorted({c[2] for c in changed})
        t = d.tables[ti]
        r = t.rows[rows[0]]
        other = t.rows[rows[-1]]
        place = _place_of_row(t, *(t.rows[k] for k in rows))
        yield Mutant("swap", base.name, f"{t.title}“{r.code or ''} {r.name.strip()}”与“{other.code or ''} "
                                        f"{other.name.strip()}”数字互换", place), d


def delete_row_mutants(base: Base):
    for i in table_lines(base):
        raw = _copy_lines(base.raw, {i: None})
        d = _recognize(raw)
        if d is None:
            continue
        diff = _diff(base.disclosure, d)
        if len(diff) != 1 or diff[0][0] != "rows":
            continue
        ti = diff[0][1]
        a, b = base.disclosure.tables[ti], d.tables[ti]
        if len(a.rows) - len(b.rows) not in (1, 2):
            continue
        names = {(r.code, r.name) for r in b.rows}
        gone = [r for r in a.rows if (r.code, r.name) not in names]
        if not gone:
            continue
        r = gone[0]
        place = _place_of_row(a, *gone)
        yield Mutant("delete_row", base.name, f"{a.title}删去“{r.code or ''} {r.name.strip()}”", place), d


def _paragraph_lines(base: Base) -> list[int]:
    out = []
    d = base.disclosure
    spans = {(p.source.line, p.source.page, p.text.strip()) for p in d.explanation}
    texts = {s[2] for s in spans}
    for i, ln in enumerate(base.raw.lines):
        t = [x for x in ln.texts if x.strip()]
        if len(t) == 1 and t[0].strip() in texts:
            out.append(i)
    return out


def _narrative_place(ln: Line, words=()) -> Place:
    w = ln.where()
    return Place("narrative", line=w.get("line"), page=w.get("page"), words=tuple(words))


def _text_cell(ln: Line) -> int:
    return next(j for j, c in enumerate(ln.cells) if c.text.strip())


def narrative_mutants(base: Base):
    for i in _paragraph_lines(base):
        ln = base.raw.lines[i]
        j = _text_cell(ln)
        text = ln.cells[j].text
        for m in _MONEY.finditer(text):
            for delta in DELTAS:
                new = _add(m.group(1), delta)
                if new is None:
                    continue
                mutated = text[:m.start(1)] + new + text[m.end(1):]
                d = _recognize(_copy_lines(base.raw, {i: _with_cells(ln, {j: mutated})}))
                if d is None:
                    continue
                stated = any(f.value != (base.disclosure.narrative.get(k).value if k in base.disclosure.narrative else None)
                             for k, f in d.narrative.items())
                yield Mutant("narrative", base.name, f"“{_around(text, m)}”：{m.group(1)}→{new}"
                                                     + ("" if stated else "（非陈述数字）"),
                             _narrative_place(ln, (new + m.group(2) + m.group(3),)), f"+{delta}",
                             _checkable(base, ln, m.group(0))), d


def _checkable(base: Base, ln: Line, printed: str) -> bool:
    """Whether the clean document reads the number as a checkable claim (bench/claims.py)."""
    w = ln.where()
    return any(checkable_claim(c) for c in base.disclosure.claims
               if c.source.page == w.get("page") and c.source.line == w.get("line")
               and c.printed.replace(" ", "") == printed.replace(" ", ""))


def _read_as_claim(base: Base, ln: Line, printed: str) -> str:
    """How the clean document's claims hold the mutated number: resolved to a subject, read but not
    resolved, or not read at all (so that the table shows what the claims do not yet cover)."""
    w = ln.where()
    at = [c for c in base.disclosure.claims if c.source.page == w.get("page") and c.source.line == w.get("line")
          and c.printed.replace(" ", "") == printed.replace(" ", "")]
    if not at:
        return "未读出"
    claims = base.disclosure.claims
    parts = {id(claims[i]) for c in claims for i in c.total_of if i < len(claims)}
    return "已解析" if any(c.resolved or c.total_of or id(c) in parts for c in at) else "未解析"


def _number_mutants(base: Base, kind: str, pattern: re.Pattern, step):
    for i in _paragraph_lines(base):
        ln = base.raw.lines[i]
        j = _text_cell(ln)
        text = ln.cells[j].text
        for m in pattern.finditer(text):
            new = step(m.group(1))
            mutated = text[:m.start(1)] + new + text[m.end(1):]
            d = _recognize(_copy_lines(base.raw, {i: _with_cells(ln, {j: mutated})}))
            yield Mutant(kind, base.name, f"“{_around(text, m)}”：{m.group(1)}→{new}",
                         _narrative_place(ln, (new + m.group(2) + m.group(3),)),
                         _read_as_claim(base, ln, m.group(0)), _checkable(base, ln, m.group(0))), d


def percent_mutants(base: Base):
    def step(t: str) -> str:
        places = len(t.split(".")[1]) if "." in t else 0
        return f"{Decimal(t) + 1:.{places}f}"

    yield from _number_mutants(base, "percent", _PERCENT, step)


def count_mutants(base: Base):
    yield from _number_mutants(base, "count", _COUNT, lambda t: str(int(t) + 1))


def unit_mutants(base: Base):
    for i in _paragraph_lines(base):
        ln = base.raw.lines[i]
        j = _text_cell(ln)
        text = ln.cells[j].text
        for m in _MONEY.finditer(text):
            if m.group(3) != "万元" or Decimal(m.group(1).replace(",", "")) == 0:
                continue
            mutated = text[:m.start(3)] + "元" + text[m.end(3):]
            d = _recognize(_copy_lines(base.raw, {i: _with_cells(ln, {j: mutated})}))
            stated = d is not None and any(f.unit == "元" and k in base.disclosure.narrative
                                           and base.disclosure.narrative[k].unit != "元" for k, f in d.narrative.items())
            yield Mutant("unit", base.name, f"“{_around(text, m)}”写成{m.group(1)}元" + ("" if stated else "（非陈述数字）"),
                         _narrative_place(ln, (m.group(1) + "元",)), checkable=_checkable(base, ln, m.group(0))), d


def year_mutants(base: Base):
    for i in _paragraph_lines(base):
        ln = base.raw.lines[i]
        j = _text_cell(ln)
        text = ln.cells[j].text
        for m in _YEAR.finditer(text):
            for step in (-1, 1):
                y = str(int(m.group(1)) + step)
                mutated = text[:m.start(1)] + y + text[m.end(1):]
                d = _recognize(_copy_lines(base.raw, {i: _with_cells(ln, {j: mutated})}))
                yield Mutant("year", base.name, f"“{_around(text, m)}”：{m.group(1)}→{y}",
                             _narrative_place(ln, (y,)), f"{step:+d}"), d


def delete_table_mutants(base: Base):
    for ti, t in enumerate(base.disclosure.tables):
        d = base.disclosure.model_copy(deep=True)
        del d.tables[ti]
        yield Mutant("delete_table", base.name, f"删去{t.title}", Place(t.id, t.title)), d


def _sibling(code: str, taken: set[str], year: int | None) -> str | None:
    from yusuan import catalogs as cat

    kind = "func" if code[0] == "2" else ("gov_econ" if code[0] == "5" else "dept_econ")
    c = cat.nearest(kind, year) if year else None
    prefix, last = code[:-2], int(code[-2:])
    cands = []
    if c is not None and len(code) > 3:
        for n in range(1, 100):
            s = f"{prefix}{n:02d}"
            if s != code and s not in taken and c.get(s) is not None:
                cands.append(s)
    if cands:
        return min(cands, key=lambda s: abs(int(s[-2:]) - last))
    s = f"{prefix}{(last % 98) + 1:02d}" if len(code) > 3 else f"{int(code) + 1}"
    return s if s not in taken else None


def code_mutants(base: Base):
    d0 = base.disclosure
    for i in table_lines(base):
        ln = base.raw.lines[i]
        for j, c in enumerate(ln.cells):
            t = _strip(c.text)
            if _CJK.search(t):
                break
            if not re.fullmatch(r"\d{3}(?:\d{2}){0,2}", t):
                continue
            taken = {r.code for r in (x for tt in d0.tables for x in tt.rows) if r.code}
            s = _sibling(t, taken, d0.year)
            if s is None:
                continue
            raw = _copy_lines(base.raw, {i: _with_cells(ln, {j: c.text.replace(t, s)})})
            d = _recognize(raw)
            if d is None:
                continue
            diff = _diff(d0, d)
            rows = [x for x in diff if x[0] == "row"]
            if len(rows) != 1:
                continue
            tt = d.tables[rows[0][1]]
            r = tt.rows[rows[0][2]]
            yield Mutant("code", base.name, f"{tt.title}“{t} {r.name.strip()}”编码改为 {s}",
                         Place(tt.id, tt.title, s, r.name.strip())), d


def plan_mutants(base: Base):
    for pi, p in enumerate(base.disclosure.projects):
        steps = [k for k, s in enumerate(p.spending_plan) if s.percent is not None]
        for a, b in zip(steps, steps[1:]):
            pa = p.spending_plan[a].percent
            if pa <= 0:
                continue
            d = base.disclosure.model_copy(deep=True)
            low = max(pa - 10, Decimal(0))
            d.projects[pi].spending_plan[b].percent = low
            d.projects[pi].spending_plan[b].text = f"{low}%"
            name = p.name.replace("\n", "").strip() or None
            yield Mutant("plan", base.name, f"项目“{name}”{p.spending_plan[b].period} 改为 {low}%（前一节点 {pa}%）",
                         Place("projects", row_name=name)), d


def _around(text: str, m: re.Match, width: int = 14) -> str:
    a, b = max(0, m.start() - width), min(len(text), m.end() + 4)
    return text[a:b].replace("\n", "")


GENERATORS = {"cell": cell_mutants, "swap": swap_mutants, "delete_row": delete_row_mutants,
              "narrative": narrative_mutants, "unit": unit_mutants, "year": year_mutants,
              "percent": percent_mutants, "count": count_mutants,
              "delete_table": delete_table_mutants, "code": code_mutants, "plan": plan_mutants}


# ----------------------------------------------------------------------------------------------
# the run and its summary


def run(bases: list[Base], kinds: list[str]) -> list[Result]:
    results = []
    for base in bases:
        for kind in kinds:
            for mutant, d in GENERATORS[kind](base):
                results.append(judge(base, mutant, d))
    return results


def summarize(results: list[Result], show_survivors: bool, console) -> None:
    from rich.table import Table as RichTable

    by: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.status == "equivalent":
            continue
        label = KINDS[r.mutant.kind] + (f" {r.mutant.variant}" if r.mutant.kind in ("cell", "narrative", "percent",
                                                                                    "count") else "")
        by[label].append(r)
    tab = RichTable(title="变异测试：每类变异的发现率")
    for col in ("变异类别", "变异数", "发现", "只在别处报告", "未发现", "发现率", "有多余错误的变异"):
        tab.add_column(col, justify="left" if col == "变异类别" else "right")
    total = Counter()
    for label, rs in by.items():
        c = Counter(r.status for r in rs)
        noisy = sum(1 for r in rs if r.noise)
        total.update(c)
        total["noisy"] += noisy
        n = len(rs)
        tab.add_row(label, str(n), str(c["caught"]), str(c["misplaced"]), str(c["survived"]),
                    f"{c['caught'] / n:.1%}" if n else "-", str(noisy))
    n = sum(total[k] for k in ("caught", "misplaced", "survived"))
    tab.add_row("合计", str(n), str(total["caught"]), str(total["misplaced"]), str(total["survived"]),
                f"{total['caught'] / n:.1%}" if n else "-", str(total["noisy"]), style="bold")
    console.print(tab)
    _by_document(results, console)
    if show_survivors:
        for title, keep in (("未发现的变异", lambda r: r.status == "survived"),
                            ("只在别处报告的变异", lambda r: r.status == "misplaced"),
                            ("有多余错误的变异", lambda r: r.noise > 0)):
            rs = [r for r in results if keep(r)]
            if not rs:
                continue
            console.print(f"\n[bold]{title}（{len(rs)}）[/bold]")
            for r in rs:
                m = r.mutant
                console.print(f"  [{m.base}] {KINDS[m.kind]} {m.variant} {m.desc}", highlight=False)
                for f in r.new[:6]:
                    console.print(f"      {f[0]} {f[1]} {f[2]} {f[3] or ''} {f[4] or ''} {f[5] or ''}：{f[8][:90]}",
                                  highlight=False)


_EXPLANATION_KINDS = ("narrative", "unit", "year", "percent", "count")


def _by_document(results: list[Result], console) -> None:
    """The explanation's checkable numbers changed one at a time (amounts, 万元↔元, years ±1, percentages,
    counts), caught per document: the measure of issue 17's target."""
    from rich.table import Table as RichTable

    rs = [r for r in results if r.mutant.kind in _EXPLANATION_KINDS and r.status != "equivalent"]
    if not rs:
        return
    tab = RichTable(title="说明中可核对的数字逐个改动：每份文件的发现率")
    for col in ("基准文件", "变异数", "发现", "发现率", "不可核对的数字（另计）", "其中发现"):
        tab.add_column(col, justify="left" if col == "基准文件" else "right")
    by: dict[str, list[Result]] = defaultdict(list)
    for r in rs:
        by[r.mutant.base].append(r)
    total = Counter()
    for base, items in by.items():
        yes = [r for r in items if r.mutant.checkable]
        no = [r for r in items if not r.mutant.checkable]
        c = sum(r.status == "caught" for r in yes)
        cn = sum(r.status == "caught" for r in no)
        total.update(n=len(yes), c=c, nn=len(no), cn=cn)
        tab.add_row(base, str(len(yes)), str(c), f"{c / len(yes):.1%}" if yes else "-", str(len(no)), str(cn))
    tab.add_row("合计", str(total["n"]), str(total["c"]), f"{total['c'] / total['n']:.1%}" if total["n"] else "-",
                str(total["nn"]), str(total["cn"]), style="bold")
    console.print(tab)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="逗号分隔的变异类别：" + ",".join(KINDS))
    parser.add_argument("--bases", default="", help="只用名称含这些字的基准文件（逗号分隔）")
    parser.add_argument("--real", default="", help="另加这些编号开头的真实 PDF 作基准（逗号分隔，如 31_,41_；原样有错误的不用）")
    parser.add_argument("--list", action="store_true", help="列出未发现、只在别处报告和有多余错误的变异")
    parser.add_argument("--json", type=Path, help="把每个变异的结果写成 JSON")
    args = parser.parse_args()
    from rich.console import Console

    console = Console(highlight=False, width=140)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        console.print(f"未知的变异类别：{'、'.join(bad)}")
        return 2
    start = time.perf_counter()
    bases = load_bases({w for w in args.bases.split(",") if w} or None,
                       tuple(w.strip() for w in args.real.split(",") if w.strip()))
    console.print("基准文件：" + "、".join(b.name for b in bases))
    results = run(bases, kinds)
    summarize(results, args.list, console)
    console.print(f"\n共 {len(results)} 个变异，用时 {time.perf_counter() - start:.1f} 秒；规则 {len(REGISTRY)} 条。")
    if args.json:
        args.json.write_text(json.dumps([{
            "kind": r.mutant.kind, "variant": r.mutant.variant, "base": r.mutant.base, "mutation": r.mutant.desc,
            "checkable": r.mutant.checkable, "status": r.status, "noise": r.noise, "only_warning": r.only_warning,
            "new": [list(f) for f in r.new]} for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
