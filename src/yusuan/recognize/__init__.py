"""Recognition: a :class:`RawDocument` becomes a typed :class:`Disclosure`."""

from __future__ import annotations

import re
from collections import Counter

from yusuan.errors import NoBudgetContent
from yusuan.read.grid import RawDocument
from yusuan.model import Department, Disclosure, PageNote, Passage, Source, Table, UnplacedTable
from yusuan.recognize.claims import extract_claims
from yusuan.recognize.cells import department_in, is_toc_entry, key, year_in
from yusuan.recognize.doubts import assess
from yusuan.recognize.paragraphs import PAGE_NUMBER, PAGE_NUMBER_AT_END
from yusuan.recognize.units import correct_unit_slips
from yusuan.recognize.narrative import extract_narrative
from yusuan.recognize.projects import extract_targets
from yusuan.recognize.scanned import ocr_reading
from yusuan.recognize.sections import extract_contents, extract_sections
from yusuan.recognize.tables import recognize_tables
from yusuan.recognize.titles import target_tables
from yusuan.recognize.unplaced import unplaced_tables

_TITLE = re.compile(r"^(?P<dept>.*?)\s*(?P<year>(?:19|20)\d\d)\s*年\s*(?:度)?(?P<rest>.*(?:预算|决算|绩效|自评).*)$")
# "第二部分上海市普陀区财政局2024年度部门决算表": a part heading, whose words after 第…部分 name the body.
_PART = re.compile(r"^第[一二三四五六七八九十]+部分\s*")
_NAME_LINE = re.compile(r"[\u4e00-\u9fff（）()]{2,30}")
_KINDS = ("单位预算", "部门预算", "绩效自评", "部门决算", "单位决算")


def recognize(raw: RawDocument) -> Disclosure:
    paragraphs = [ln for ln in raw.lines if not ln.is_row]
    title, title_dept, title_year, title_kind = _title(raw)
    tables, used = recognize_tables(raw.lines, None)
    tables, repeated = _once_each(tables)
    correct_unit_slips(tables)
    outside = [ln for i, ln in enumerate(raw.lines) if i not in used]
    # Narrative figures are read only from explanation text, not from inside recognised tables.
    narrative = extract_narrative(outside)
    units = Counter(f.unit for f in narrative.values() if f.unit in ("元", "万元"))
    table_units = Counter(t.money_unit for t in tables if t.money_unit)
    money_unit = (units.most_common(1)[0][0] if units else None) or (
        table_units.most_common(1)[0][0] if table_units else None)
    for t in tables:
        if t.money_unit is None:
            t.money_unit = money_unit
        assess(t)
    projects, overall = extract_targets(raw.lines, used)
    if money_unit is None:
        target_units = Counter(x.money_unit for x in [*projects, *overall] if x.money_unit)
        money_unit = target_units.most_common(1)[0][0] if target_units else None
    for p in projects:
        p.money_unit = p.money_unit or money_unit
    for o in overall:
        o.money_unit = o.money_unit or money_unit  # a form printing no unit of its own is in the document's
    if not tables and not projects and not overall and not narrative:
        raise NoBudgetContent("没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件",
                              source=raw.source)
    department = _department(raw, title_dept)
    department.nature = _nature(raw)
    # ("预算年度：2024" in a cell: only a line with 度 in it can hold one)
    years = Counter(y for ln in raw.lines if "度" in ln.text for y in (year_in(t) for t in ln.filled) if y)
    year = years.most_common(1)[0][0] if years else _year_of_titles(raw, title) or title_year
    kind = title_kind or _kind_from_tables([t.title for t in tables])
    unplaced = [*unplaced_tables(raw.lines, used, tables), *repeated]
    if (projects or overall) and not tables and not unplaced and not narrative:
        # Target forms published on their own (a 绩效目标 attachment titled "…部门预算绩效目标"): a
        # performance-target document, not a budget whose tables are missing.
        kind = "绩效目标"
    sections = extract_sections(paragraphs)
    explanation = _explanation(outside)
    return Disclosure(
        source=raw.source,
        format=raw.format,
        title=title,
        department=department,
        year=year,
        kind=kind,
        money_unit=money_unit,
        tables=tables + target_tables(projects, overall),
        unplaced_tables=unplaced,
        projects=projects,
        overall_targets=overall,
        narrative=narrative,
        claims=extract_claims(explanation, tables, year, narrative),
        sections=sections,
        contents=extract_contents(raw.lines),
        explanation=explanation,
        page_notes=[PageNote(kind=n.kind, text=n.text, source=Source(file=n.file, page=n.page))
                    for n in raw.page_notes],
        ocr=ocr_reading(raw, tables),
    )


def _title(raw: RawDocument) -> tuple[str | None, str | None, int | None, str | None]:
    best = None
    prev = ""
    for ln in raw.lines[:400]:
        texts = ln.filled
        if len(texts) != 1:
            prev = ""
            continue
        text = _PART.sub("", texts[0].lstrip("# ").strip())
        above, prev = prev, text
        if len(text) > 60 or is_toc_entry(text):
            continue
        m = _TITLE.match(text)
        if not m:
            continue
        dept = m.group("dept").strip() or None
        if dept is None and best is None and _NAME_LINE.fullmatch(above):
            # The cover prints the body's name on a line of its own above "2024年度部门决算".
            dept, text = above, above + text
        kind = _kind_in(text)
        if kind is None and "整体支出绩效目标" in text:
            kind = "绩效目标"
        candidate = (text, dept, int(m.group("year")), kind)
        if dept:
            return candidate
        best = best or candidate
    return best if best else (None, None, None, None)


_TABLE_TITLE_YEAR = re.compile(r"^((?:19|20)\d\d)\s*年[^，。；]{2,50}表$")


def _year_of_titles(raw: RawDocument, title: str | None) -> int | None:
    """The year most of the tables' titles print, for a document whose title is its first table's (target
    forms published alone: "2021年部门整体支出绩效目标表", "2021年专项资金……绩效目标表", …): one form's slip
    does not make the document's year."""
    if not title or not title.endswith("表"):
        return None
    found: Counter = Counter()
    for ln in raw.lines:
        texts = ln.filled
        if len(texts) == 1 and (m := _TABLE_TITLE_YEAR.match(texts[0].lstrip("# ").strip())):
            found[int(m.group(1))] += 1
    top = found.most_common(2)
    if not top or len(top) > 1 and top[0][1] == top[1][1]:
        return None
    return top[0][0]


def _department(raw: RawDocument, title_dept: str | None) -> Department:
    found: Counter = Counter()
    for ln in raw.lines:
        for t in ln.filled:
            if len(t) > 60:
                continue
            d = department_in(t)
            if d is not None and d[1]:
                found[d] += 1
    with_code = [(d, n) for d, n in found.most_common() if d[0]]
    if with_code:
        (code, name), _ = with_code[0]
        return Department(code=code, name=name)
    if found:
        (_, name), _ = found.most_common(1)[0]
        return Department(code=None, name=name)
    if title_dept:
        name = re.sub(r"^\D*?[省市区县](?=\d)|（.*?）$", "", title_dept).strip()
        return Department(code=None, name=name or title_dept)
    return Department()


_NATURE_LABEL = re.compile(r"单位性质\s*[：:]\s*(?P<nature>[\u4e00-\u9fff（）()]{2,20})")
# 单位性质 stated in the explanation: "本单位为县农业农村局所属公益一类事业单位", "本局是参照公务员法管理的
# 事业单位", "单位性质为行政单位". The sentence must say it of the unit itself (本单位/本部门/本局…), so that
# "机关运行经费：指为保障行政单位运行…" or "其中行政单位1个，事业单位1个" state nothing.
_NATURE_PROSE = re.compile(
    r"(?:(?:本|该|我)(?:单位|部门|局|委|办|中心|院|所|站|馆|会|厅|队)|单位性质)(?:是|为|系|属于?|属于是)"
    r"[^，。；,;：:]{0,30}?(?P<nature>参照公务员法管理的?事业单位|参照公务员法管理单位|参公管理的?事业单位|"
    r"公益[一二]类事业单位|行政单位|行政机关|事业单位)")


def _nature_kind(nature: str) -> str:
    if "参照公务员" in nature or "参公" in nature:
        return "参公"
    return "行政" if nature.startswith("行政") and "事业" not in nature else "事业"


def _nature(raw: RawDocument) -> str | None:
    """单位性质 from a 机构设置 table (a header cell 单位性质 and the rows under it) or a
    "单位性质：行政" line; None when absent or when the units listed differ in nature."""
    found: list[str] = []
    lines = raw.lines
    for i, ln in enumerate(lines):
        if "质" not in ln.text:
            continue  # both forms below need 单位性质 on the line
        texts = [t.replace(" ", "").replace("\u3000", "") for t in ln.texts]
        if ln.is_row and "单位性质" in texts:
            col = texts.index("单位性质")
            for below in lines[i + 1:i + 12]:
                if not below.is_row:
                    break
                cells = [t.strip() for t in below.texts]
                if col < len(cells) and cells[col]:
                    found.append(cells[col])
            if found:
                break
        elif not ln.is_row or len([t for t in texts if t]) == 1:
            m = _NATURE_LABEL.search("".join(texts))
            if m:
                found.append(m.group("nature"))
                break
    kinds = set(found)
    if found:
        return found[0] if len(kinds) == 1 else None
    # Only prose: every statement must agree in kind (事业单位 and 公益一类事业单位 do), the most specific wins.
    stated = [m.group("nature") for ln in lines if not ln.is_row and ("单位" in ln.text or "机关" in ln.text)
              for m in _NATURE_PROSE.finditer(key(ln.text))]
    if not stated or len({_nature_kind(n) for n in stated}) != 1:
        return None
    return max(stated, key=len)


def _explanation(lines) -> list[Passage]:
    """The paragraphs outside the recognised tables, as printed, with where each was read; a page's number
    ("- 54 -", on its own line or at the end of the page's last line) is not part of them."""
    out = []
    lines = list(lines)
    for i, ln in enumerate(lines):
        if ln.is_row:
            texts = ln.filled
            if len(texts) != 1:
                continue
            text = texts[0].strip()
        else:
            text = ln.text.strip()
        if not text or is_toc_entry(text) or key(text) == "目录" or PAGE_NUMBER.match(text):
            continue
        where = ln.where()
        page = where.get("page")
        if page is not None:
            following = lines[i + 1].first.page if i + 1 < len(lines) and lines[i + 1].cells else None
            if following != page:
                text = PAGE_NUMBER_AT_END.sub("", text) or text
        out.append(Passage(text=text, source=where))
    return out


def _once_each(tables: list[Table]) -> tuple[list[Table], list[UnplacedTable]]:
    """The first table of each standard id; a second one (the same table printed twice, by two
    classifications the standard does not tell apart) is named among the unplaced tables rather than
    taken for the first or merged into it."""
    seen: set[str] = set()
    first: list[Table] = []
    again: list[UnplacedTable] = []
    for t in tables:
        if t.id in seen:
            again.append(UnplacedTable(title=t.title, source=t.source))
            continue
        seen.add(t.id)
        first.append(t)
    return first, again


def _kind_from_tables(titles: list[str]) -> str | None:
    return next((k for k in map(_kind_in, titles) if k), None)


def _kind_in(text: str) -> str | None:
    # Shaanxi names the whole budget of a department "部门综合预算".
    k = key(text).replace("综合预算", "预算")
    return next((kind for kind in _KINDS if kind in k), None)
