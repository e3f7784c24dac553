"""Map the line stream of a document to the standard tables.

A table starts at a line recognised as a standard title and runs until the
explanation text resumes. Inside it: meta lines (department, year, unit), header
rows, the 栏次 row, data rows and notes. A table split across pages repeats its
meta and header lines, which are recognised and skipped, so the pages merge.

Columns are identified by their header labels, not their positions: header
rows of merged cells arrive padded in one layout and collapsed in another, so
the labels found are put in the standard's column order and matched to the data
cells that follow the row name.

Readers of gridded formats (PDF, DOCX, spreadsheets) print every row at the
table's full width, a merged cell's text at its first position and "" at the
others. There the header is read as a tree of spans instead: its bottom-level
columns keep their positions, so a 合计 row whose name spans the code columns,
a column the standard does not know, or a group label over 人员经费/公用经费
cannot shift the values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from yusuan.read.grid import Cell, Line
from yusuan.model import Column, Row, Table
from yusuan.recognize.cells import (
    has_cjk,
    is_code,
    is_meta,
    is_money,
    key,
    money_unit_in,
    parse_money,
    year_in,
)
from yusuan.recognize.titles import SPEC_BY_ID, TableSpec, match_title

_EMPTY_NOTE = re.compile(r"空表|此表为空|无数据|本表无|没有数据|无发生额|无.{0,20}(预算|经费|支出|数据|采购)")
_HEADER_WORDS = ("项目", "序号", "科目", "编码", "名称", "合计", "小计", "预算数", "金额", "收入", "支出", "类", "款",
                 "项", "栏次", "资金性质", "数量", "价值", "经费", "拨款", "单价", "来源", "计量单位")


@dataclass
class Segment:
    spec: TableSpec
    title_line: Line
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    by_header: bool = False  # recognised by a header row, not by a printed title


def title_of(line: Line) -> TableSpec | None:
    if line.is_row:
        # (asked of every line: a row stops being a title at its second filled cell)
        filled = None
        for c in line.cells:
            if c.text.strip():
                if filled is not None:
                    return None
                filled = c.text
        return None if filled is None else _title_in(filled)
    return _title_of(line, line.filled)


def _title_of(line: Line, texts: list[str]) -> TableSpec | None:
    """title_of for a line whose non-blank texts are known."""
    if not texts:
        return None
    if len(texts) == 1 or not line.is_row:
        return _title_in(texts[0] if len(texts) == 1 else line.text)
    return None


@lru_cache(maxsize=16384)
def _title_in(text: str) -> TableSpec | None:
    return match_title(text) or match_title(title_before_meta(text))


# A title and its meta lines in one cell, as a spreadsheet's merged top row prints them:
# "收支预算总表部门：中共江苏省委办公厅单位：万元".
_META_AFTER_TITLE = re.compile(r"(?:(?:编制|预算|填报)?(?:部门|单位)(?:名称)?|金额单位|预算年度)[：:]")


def title_before_meta(text: str) -> str:
    m = _META_AFTER_TITLE.search(text)
    return text[:m.start()] if m else ""


# A remark under a table that it has no data, printed without a 注： ("（本部门没有…支出，本表无数据）").
_EMPTY_REMARK = re.compile(r"空表|[本此该]表(?:无数据|没有数据|无内容)")


def _note_text(line: Line) -> str | None:
    return _note_in(line.text.strip())


@lru_cache(maxsize=16384)
def _note_in(t: str) -> str | None:
    if t.startswith(("注", "说明：", "备注")) or "空表列示" in t or "此表为空" in t:
        return t
    if len(t) <= 80 and _EMPTY_REMARK.search(t):
        return t
    return None


# The line over a table's next page: "续表", "续表二", "（续）", "续上表", "表2（续）".
_CONTINUED = re.compile(r"^[（(]?续上?表?[\d一二三四五六七八九十\-－—.、]*[)）]?[：:]?$"
                        r"|^附?表[\d一二三四五六七八九十\-－—]*[（(]续表?[)）]$")


def segment(lines: list[Line]) -> tuple[list[Segment], set[int]]:
    """Split the document into table segments; returns them and the indices of lines they use."""
    segments: list[Segment] = []
    used: set[int] = set()
    current: Segment | None = None
    for i, line in enumerate(lines):
        filled = line.filled
        spec = _title_of(line, filled)
        by_header = False
        if spec is None and line.is_row and (current is None or current.spec.id != "government_procurement"):
            spec = _untitled_spec(filled)  # (a blank cell holds no header)
            by_header = spec is not None
        if spec is not None:
            current = Segment(spec, line, by_header=by_header)
            segments.append(current)
            used.add(i)
            continue
        if current is None:
            continue
        if _is_label(filled):
            used.add(i)
            if not current.lines:
                continue  # the number printed under its own table's title (the national 决算 format)
            # The next table's number on its own line ("公开02表", "表二", "表1"), in a row of the grid
            # or as a paragraph: the table above has ended.
            current = None
            continue
        if line.is_row:
            if not _row_belongs(line, filled):
                current = None
                continue
            # A note printed in a merged row of the table ("注：本部门没有…，故本表无数据。").
            note = _note_text(line) if len(filled) == 1 else None
            if note is not None:
                current.notes.append(note)
                used.add(i)
                continue
            current.lines.append(line)
            used.add(i)
            continue
        note = _note_text(line)
        if note is not None:
            current.notes.append(note)
            used.add(i)
            continue
        if _CONTINUED.match(key(line.text)):
            used.add(i)  # "续表" over the part of the table on the next page
            continue
        if is_meta(line.text):
            if "此表为空" in line.text:
                current.notes.append(line.text.strip())
            current.lines.append(line)
            used.add(i)
            continue
        if _wrapped_meta_tail(current, line.text):
            used.add(i)
            continue
        current = None
    return [s for s in segments if _has_body(s)], used


def _wrapped_meta_tail(current: Segment, text: str) -> bool:
    """The end of a 部门名称 or 单位 line wrapped in its narrow cell ("…人民法" / "院", "单位：万" /
    "元"), between the title and the first row: a few characters without figures."""
    t = text.strip()
    return (0 < len(t) <= 4 and not any(ch.isdigit() for ch in t) and bool(current.lines)
            and not any(ln.is_row for ln in current.lines) and is_meta(current.lines[-1].text))


# A table's number printed on a line of its own, above or beside its title.
_TABLE_LABEL = re.compile(r"^(?:公开|附)?表[0-9一二三四五六七八九十]+(?:[-—－][0-9]+)?[：:]?$|^(?:公开|附表|预算)[0-9]+表?$")


def is_table_label(line: Line) -> bool:
    return _is_label(line.filled)


def _is_label(filled: list[str]) -> bool:
    return len(filled) == 1 and bool(_TABLE_LABEL.match(key(filled[0])))


# Header cells that identify a table even where the document prints no title above it.
_UNTITLED = {"采购物品名称": "government_procurement", "政府采购目录序号": "government_procurement"}


def _untitled_spec(texts: list[str]) -> TableSpec | None:
    for t in texts:
        if "购" not in t:
            continue  # every header of _UNTITLED has it (most cells are amounts)
        table_id = _UNTITLED.get(key(t))
        if table_id:
            return SPEC_BY_ID[table_id]
    return None


def _row_belongs(line: Line, texts: list[str]) -> bool:
    # A long single-cell row is explanation text laid out in a table cell, not part of the table.
    if len(texts) == 1 and len(texts[0]) > 60:
        return False
    # A sentence or a numbered heading ("（一）国有资产占用情况说明") in one cell of the sheet under the
    # table, ruled like it: the explanation going on.
    if len(texts) == 1 and _note_text(line) is None and (texts[0].strip().endswith("。")
                                                         or _TEXT_HEADING.match(key(texts[0]))):
        return False
    return True


_TEXT_HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)[^\d]*(?:说明|情况)$")


def _has_body(seg: Segment) -> bool:
    # A table has a row of several cells (header or data); a title followed only by one-cell rows is
    # a table of contents laid out as a table, its entries the titles and the section headings.
    rows = any(ln.is_row and sum(1 for t in ln.texts if t.strip() and not is_meta(t)) >= 2 for ln in seg.lines)
    return rows or any(_EMPTY_NOTE.search(n) for n in seg.notes)


# --- parsing a segment -------------------------------------------------------------------------


def _is_lanci(texts: list[str]) -> bool:
    for t in texts:
        if t.strip():
            return key(t) == "栏次"
    return False


_LABELS: dict[str, frozenset[str]] = {}


def _column_labels(spec: TableSpec) -> frozenset[str]:
    labels = _LABELS.get(spec.id)
    if labels is None:
        labels = _LABELS[spec.id] = frozenset(s for _, synonyms in spec.columns for s in synonyms)
    return labels


def _is_header(texts: list[str], spec: TableSpec | None = None) -> bool:
    nonempty = [key(t) for t in texts if t.strip()]
    if not nonempty:
        return False
    if any(is_money(t) for t in nonempty):
        return False
    if any(any(w in t for w in _HEADER_WORDS) for t in nonempty):
        return True
    # A lower header row may hold only column names ("一般公共预算 | 政府性基金预算" under a 财政拨款 group).
    return spec is not None and all(t in _column_labels(spec) for t in nonempty)


@dataclass
class _Layout:
    has_seq: bool
    labels: list[tuple[str, str]]  # (column id, printed label) in the standard's order
    width: int = 0  # the header's grid width; rows of this width are read by position
    positions: list[tuple[str, int]] = field(default_factory=list)  # (column id, grid column)
    sides: tuple[int, int, int] | None = None  # two-sided grid: income name, income value, expenditure name
    unit_rows: bool = False  # rows are budget units (部门代码/单位编码 columns), not 科目
    # A 收支总表 in three blocks: the grid column of the 用途 (economic) block's names and its amount columns.
    use: tuple[int, list[tuple[str, int]]] | None = None


@dataclass
class _Leaf:
    pos: int  # grid column
    label: str
    path: tuple[str, ...]  # the labels above it, outermost first, ending with its own


def _grid_leaves(header_rows: list[list[str]], strict: bool = True) -> list[_Leaf] | None:
    """The bottom-level columns of a header printed on a full grid, or None when it is not one.

    A label spans from its position to the next label of its row, never beyond the span of the
    label above it; a label with labels below it inside its span is a group, not a column."""
    if not header_rows:
        return None
    width = len(header_rows[0])
    if width < 2 or any(len(r) != width for r in header_rows):
        return None
    bound = [width - 1] * width  # right end of the innermost span covering each column so far
    owner: list[tuple[str, ...]] = [()] * width
    spans: list[tuple[int, int, int, tuple[str, ...]]] = []
    for h, row in enumerate(header_rows):
        starts = [i for i, t in enumerate(row) if t.strip()]
        new_bound, new_owner = bound[:], owner[:]
        for n, i in enumerate(starts):
            nxt = starts[n + 1] - 1 if n + 1 < len(starts) else width - 1
            end = min(nxt, bound[i])
            path = owner[i] + (row[i].strip(),)
            spans.append((h, i, end, path))
            for c in range(i, end + 1):
                new_bound[c], new_owner[c] = end, path
        bound, owner = new_bound, new_owner
    leaves = [_Leaf(i, path[-1], path) for h, i, end, path in spans
              if not any(header_rows[g][c].strip() for g in range(h + 1, len(header_rows)) for c in range(i, end + 1))]
    leaves.sort(key=lambda leaf: leaf.pos)
    if not strict:
        return leaves
    # Every grid column must end in exactly one label. A header whose rows were padded without being
    # aligned (text exported with collapsed merges, then re-gridded) leaves a column without one, and
    # its positions cannot be trusted; the label order is used for it instead.
    if [leaf.pos for leaf in leaves] != list(range(width)):
        return None
    return leaves


def _leaf_keys(leaf: _Leaf) -> list[str]:
    # A 小计 under a group label ("基本支出" over 小计/人员经费/公用经费) is that group's total.
    k = key(leaf.label)
    return [k, key(leaf.path[-2])] if k in ("小计", "合计") and len(leaf.path) >= 2 else [k]


def _grid_labels(spec: TableSpec, leaves: list[_Leaf]) -> list[tuple[str, str, int]]:
    """(column id, printed label, grid column) for the standard's columns found among the leaves."""
    found: dict[str, _Leaf] = {}
    used: set[int] = set()
    keys = [(leaf, _leaf_keys(leaf)) for leaf in leaves]  # (every column of the standard looks at every leaf)
    for col_id, synonyms in spec.columns:
        for leaf, ks in keys:
            if leaf.pos not in used and any(k in synonyms for k in ks):
                found[col_id] = leaf
                used.add(leaf.pos)
                break
    for col_id, synonyms in spec.columns:
        if col_id in found:
            continue
        for leaf, ks in keys:
            k = ks[0]  # key(leaf.label)
            if leaf.pos not in used and len(k) > 4 and any(s in k for s in synonyms if len(s) >= 4):
                found[col_id] = leaf
                used.add(leaf.pos)
                break
    return [(c, found[c].label, found[c].pos) for c, _ in spec.columns if c in found]


def _is_name_label(label: str) -> bool:
    k = key(label)
    return k in ("类", "款", "项", "项目", "序号") or any(w in k for w in ("名称", "编码", "代码", "科目"))


def _grid_layout(spec: TableSpec, header_rows: list[list[str]], has_seq: bool) -> _Layout | None:
    leaves = _grid_leaves(header_rows)
    if not leaves:
        return None
    amounts = {s for _, synonyms in spec.columns for s in synonyms}
    if any(_is_name_label(leaf.label) and any(key(a) in amounts for a in leaf.path[:-1]) for leaf in leaves):
        return None  # an amount label over a name column: the header rows are not aligned to one grid
    width = len(header_rows[0])
    sides = None
    third = use = None
    if spec.two_sided:
        # Income name and amount, then the expenditure name; the expenditure amounts follow it.
        body = [leaf for leaf in leaves if key(leaf.label) not in ("序号", "栏次")]
        if len(body) < 4:
            return None
        sides = (body[0].pos, body[1].pos, body[2].pos)
        leaves = [leaf for leaf in body if leaf.pos > sides[2]]
        # A second name column after the expenditure amounts: the 支出 printed twice, by function and by use
        # (economic class), each block with its own amounts.
        third = next((i for i, leaf in enumerate(leaves) if i > 0 and _is_name_label(leaf.label)), None)
        if third is not None:
            use_found = _grid_labels(spec, leaves[third + 1:])
            use = (leaves[third].pos, [(c, pos) for c, _, pos in use_found]) if use_found else None
            leaves = leaves[:third]
    found = _grid_labels(spec, leaves)
    if not found:
        return None
    # Columns are reported with the label the order-based reading would give (the first printed
    # match), so that a table reads the same from text and from a gridded file.
    printed = dict(_header_labels(spec, header_rows))
    labels = [(c, printed.get(c, lbl)) for c, lbl, _ in found]
    layout = _Layout(has_seq, labels, width, [(c, pos) for c, _, pos in found], sides)
    if spec.two_sided and third is not None and use is not None:
        layout.use = use
    return layout


# A column of words beside the amounts: "项目简介", "绩效目标", "资金用途", "备注".
_WORDS_LABEL = re.compile(r"简介|说明|备注|目标|用途|内容|依据")


def _single_amount_label(header_rows: list[list[str]], title: str) -> list[tuple[str, str]] | None:
    """A header of names and one amount column ("项目名称 | 金额"): the table lists its items as rows
    (Jiangsu prints its 收入预算总表 so), each row's one figure the item's total. The one column may
    also carry the measure the title names ("基本支出" in a 基本支出预算表): the table's total all the same."""
    amounts = [t.strip() for row in header_rows for t in row
               if t.strip() and not _is_name_label(t) and not _WORDS_LABEL.search(key(t))]
    if len(amounts) != 1:
        return None
    label = key(amounts[0])
    if label in ("金额", "预算数", "合计", "本年预算数", "预算金额", "项目金额") or (len(label) >= 4 and label in key(title)):
        return [("total", amounts[0])]
    return None


def _header_labels(spec: TableSpec, header_rows: list[list[str]]) -> list[tuple[str, str]]:
    printed = [t for row in header_rows for t in row if t.strip()]
    keyed = [(label, key(label)) for label in printed]  # (every column of the standard looks at every label)
    found: dict[str, str] = {}
    for col_id, synonyms in spec.columns:
        for label, k in keyed:
            if k in synonyms and col_id not in found:
                found[col_id] = label
                break
    for col_id, synonyms in spec.columns:
        if col_id in found:
            continue
        for label, k in keyed:
            if len(k) > 4 and any(s in k for s in synonyms if len(s) >= 4) and label not in found.values():
                found[col_id] = label
                break
    if _basic_is_group(found, printed):
        del found["basic"]
    return [(c, found[c]) for c, _ in spec.columns if c in found]


def _basic_is_group(found: dict[str, str], printed: list[str]) -> bool:
    """基本支出 printed over 人员经费 and 公用经费 with no 小计 of its own is a group label, not a
    column: the rows carry no amount for it. With a 小计 (one besides the table's 合计) it is one."""
    if not {"basic", "personnel", "public"} <= found.keys():
        return False
    totals = sum(1 for label in printed if key(label) in ("合计", "小计"))
    return totals < 2


def parse_segment(seg: Segment, default_unit: str | None) -> Table:
    spec = seg.spec
    unit = None
    stated_year: int | None = None  # "预算年度：2024" in the header
    as_of: str | None = None  # "截止时间：2023年12月31日"
    header_rows: list[list[str]] = []
    data: list[Line] = []
    seen_headers: set[tuple[str, ...]] = set()
    has_lanci = False
    lanci_col = 0
    short_tail = True  # every header row may have lost its trailing empty cells
    lanci_width = 0
    pages = 1
    page_data = False  # a data row read on this page yet
    last_page = seg.title_line.cells[0].page if seg.title_line.cells else None
    for line in seg.lines:
        page = line.cells[0].page if line.cells else None
        new_page = page is not None and last_page is not None and page != last_page and bool(data)
        if new_page:
            pages += 1
        if page is not None and page != last_page:
            page_data = False
        last_page = page if page is not None else last_page
        texts = line.texts
        if unit is None:  # the first unit printed is the table's
            unit = next((u for t in texts if (u := money_unit_in(t)) is not None), None)
        nonempty = line.filled
        if not data:
            stated_year = stated_year or next((y for t in nonempty if (y := year_in(t))), None)
            as_of = as_of or next((m.group(1) for t in nonempty if (m := _AS_OF.search(key(t)))), None)
        if not nonempty or all(is_meta(t) for t in nonempty):
            seg.notes.extend(t.strip() for t in nonempty if "此表为空" in t)
            continue
        if _is_lanci(nonempty):
            has_lanci = True
            lanci_width = max(lanci_width, len(texts))
            lanci_col = next(i for i, t in enumerate(texts) if t.strip())
            continue
        sig = tuple(map(key, nonempty))
        if sig in seen_headers or (data and not page_data and _is_header(texts, spec)
                                   and _misread_header(sig, seen_headers)):
            if not new_page and data and header_rows and sig == tuple(key(t) for t in header_rows[0] if t.strip()):
                pages += 1  # the header printed again: the table went on to a new page
            continue
        if not data and _is_header(texts, spec):
            header_rows.append(texts)
            short_tail = short_tail and line.short_tail
            seen_headers.add(sig)
            continue
        split = _header_then_total(line) if not data and header_rows else None
        if split is not None:
            # The 类/款/项 labels and the 合计 row on one grid row (the 决算 tables of some regions).
            header_rows.append(split[0])
            seen_headers.add(sig)
            data.append(split[1])
            continue
        data.append(line)
        page_data = True
    for t in seg.title_line.texts:
        unit = unit or money_unit_in(t)
        stated_year = stated_year or year_in(t)
        as_of = as_of or (m.group(1) if (m := _AS_OF.search(key(t))) else None)
    if seg.by_header:  # a table recognised by its header row has no title line
        header_rows.insert(0, seg.title_line.texts)
    header_rows, data = _own_columns(header_rows, data)
    header_rows, data, dropped = _drop_row_numbers(header_rows, data)
    if spec.classified:
        data = _rejoin_wrapped_names(data)
    lanci_width = max(0, lanci_width - dropped) if lanci_width else 0
    header_rows, data = _stacked_blocks(spec, header_rows, data)
    # 栏次 printed in a column of its own is the 序号 column; printed under a labelled column
    # (科目编码 / 类) it only numbers the amounts, and the rows carry no sequence number.
    lanci_seq = has_lanci and not any(lanci_col < len(row) and key(row[lanci_col]) not in ("", "序号")
                                      for row in header_rows)
    has_seq = lanci_seq or any(key(t) == "序号" for row in header_rows for t in row)
    if header_rows and short_tail and (seg.title_line.short_tail or not seg.by_header):
        header_rows = _pad(header_rows, lanci_width)
    layout = _grid_layout(spec, header_rows, has_seq)
    if layout is None:
        labels = _header_labels(spec, header_rows)
        if not labels:
            labels = (_single_amount_label(header_rows, seg.title_line.text)
                      or [(c, syn[0]) for c, syn in spec.columns])
        layout = _Layout(has_seq, labels)
    layout.unit_rows = _lists_units(header_rows)
    rows: list[Row] = []
    transposed = _transposed_rows(spec, header_rows, data) or _final_three_public_rows(spec, header_rows, data)
    if transposed is not None:
        rows, layout = transposed
    elif (unnamed := _unnamed_total_row(spec, header_rows, data)) is not None:
        rows = unnamed
        layout = _Layout(has_seq, [(c, lbl) for c, lbl, _ in _grid_labels(spec, _grid_leaves(header_rows, False))])
    else:
        for line in data:
            rows.extend(_parse_row(spec, layout, _padded(line, layout.width)))
    if spec.classified and _codes_are_units(rows):
        for r in rows:
            r.unit_code, r.code = r.code, None
    if spec.id in ("three_public_expenses", "final_three_public"):
        _mark_three_public_items(rows)
    empty_note = next((n for n in seg.notes if _EMPTY_NOTE.search(n)), None)
    if empty_note is None and not rows:
        empty_note = next((n for n in seg.notes), None)
    title = spec.name if seg.by_header else seg.title_line.text.strip()
    if not seg.by_header and match_title(title) is None:
        title = title_before_meta(title).strip() or title  # the title cell also holds the meta lines
    return Table(
        id=spec.id,
        title=title,
        money_unit=unit or default_unit,
        empty_note=empty_note,
        columns=[Column(id=c, label=lbl) for c, lbl in layout.labels],
        rows=rows,
        source=seg.title_line.where(),
        pages=pages,
        stated_year=stated_year or (int(m.group(1)) if not seg.by_header and (m := _TITLE_YEAR.match(key(title)))
                                    else None),
        as_of=as_of,
    )


def _misread_header(sig: tuple[str, ...], seen: set[tuple[str, ...]]) -> bool:
    """A header row over a table's next page that differs from one already seen in one of three or more
    labels: the same header misread on one of the pages of a scan ("目" for 项目), which taken for a row
    would put every row after it one out of place."""
    return len(sig) >= 3 and any(len(h) == len(sig) and sum(a != b for a, b in zip(h, sig)) == 1 for h in seen)


# "2024年部门收支总表", "2024年度一般公共预算支出表": the year a title begins with
_TITLE_YEAR = re.compile(r"^[^\d]{0,30}?((?:19|20)\d\d)年度?(?![\d.])")
_AS_OF = re.compile(r"截[止至](?:时间|日期)?[：:]((?:19|20)\d\d年\d{1,2}月(?:\d{1,2}日)?|(?:19|20)\d\d[-./]\d{1,2}(?:[-./]\d{1,2})?)")

_CODE_LEVELS = ("类", "款", "项")


def _header_then_total(line: Line) -> tuple[list[str], Line] | None:
    """A grid row that ends the header and starts the body: the 类 / 款 / 项 labels of the code columns,
    then 合计 in the name column and the table's totals ("类 | 款 | 项 | 合计 | 2,946.25 | …"). Returns
    the header part (the labels, blanks after them) and the 合计 row (blanks where the labels were)."""
    cells = line.cells
    at = next((i for i, c in enumerate(cells) if _TOTAL_NAME.fullmatch(key(c.text))), None)
    if not at:
        return None
    labels = [key(c.text) for c in cells[:at]]
    if not all(t in _CODE_LEVELS for t in labels if t) or not any(labels):
        return None
    if not any(is_money(c.text.strip()) for c in cells[at + 1:] if c.text.strip()):
        return None
    head = [c.text for c in cells[:at]] + [""] * (len(cells) - at)
    body = [Cell("", c.col, c.line, c.page, c.ref, c.file) for c in cells[:at]] + list(cells[at:])
    return head, Line(body, line.is_row, line.block, line.sheet, line.short_tail)


def _stacked_blocks(spec: TableSpec, header_rows: list[list[str]],
                    data: list[Line]) -> tuple[list[list[str]], list[Line]]:
    """A classified table printed in two blocks side by side under one header repeated twice (the
    基本支出决算表: 经济分类 | 科目名称 | 决算数 | 经济分类 | 科目名称 | 决算数, 工资福利 and 对个人和家庭的补助 on
    the left, 商品和服务支出 and 资本性支出 on the right) is read as one block: the left rows, then the
    right rows."""
    if not spec.classified or spec.two_sided or not header_rows or not data:
        return header_rows, data
    width = len(header_rows[0])
    if width < 4 or width % 2 or any(len(r) != width for r in header_rows):
        return header_rows, data
    half = width // 2
    if not all([key(t) for t in r[:half]] == [key(t) for t in r[half:]] for r in header_rows):
        return header_rows, data
    if not any(key(t) for t in header_rows[0][:half]):
        return header_rows, data
    lines = [_padded(ln, width) for ln in data]
    if any(len(cells) != width for cells in lines):
        return header_rows, data
    left: list[Line] = []
    right: list[Line] = []
    for ln, cells in zip(data, lines):
        for out, part in ((left, cells[:half]), (right, cells[half:])):
            if any(c.text.strip() for c in part):
                moved = [Cell(c.text, i, c.line, c.page, c.ref, c.file) for i, c in enumerate(part)]
                out.append(Line(moved, ln.is_row, ln.block, ln.sheet, False))
    return [r[:half] for r in header_rows], left + right


def _final_three_public_rows(spec: TableSpec, header_rows: list[list[str]],
                             data: list[Line]) -> tuple[list[Row], _Layout] | None:
    """The 三公 决算 table, printed transposed: each item (合计, 因公出国（境）费, 公务用车购置及运行费 with its
    小计, 购置费 and 运行费, 公务接待费) a group over 预算数 and 决算数, one row of amounts under them. Each
    item becomes a row with its ``budget`` and ``final``; a 小计 takes its group's name."""
    if spec.id != "final_three_public" or not data:
        return None
    leaves = _grid_leaves(header_rows)
    if not leaves:
        return None
    cols = {s: c for c, synonyms in spec.columns for s in synonyms}
    if not all(key(leaf.label) in cols and len(leaf.path) >= 2 for leaf in leaves):
        return None
    lines = [ln for ln in data if any(c.text.strip() for c in ln.cells)]
    if len(lines) != 1 or not _amounts_only(lines[0]):
        return None
    cells = _padded(lines[0], len(header_rows[0]))
    if len(cells) != len(header_rows[0]):
        return None
    rows: dict[tuple[str, ...], Row] = {}
    for leaf in leaves:
        group = leaf.path[:-1]
        row = rows.get(group)
        if row is None:
            name = group[-2] if key(group[-1]) == "小计" and len(group) >= 2 else group[-1]
            row = rows[group] = Row(name=name, values={c: None for c, _ in spec.columns}, source=cells[leaf.pos].where())
        raw = cells[leaf.pos].text.strip()
        row.values[cols[key(leaf.label)]] = parse_money(raw) if raw else None
    labels = [(c, next(leaf.label for leaf in leaves if cols[key(leaf.label)] == c))
              for c, _ in spec.columns if any(cols[key(leaf.label)] == c for leaf in leaves)]
    return list(rows.values()), _Layout(False, labels)


def _own_columns(header_rows: list[list[str]], data: list[Line]) -> tuple[list[list[str]], list[Line]]:
    """A gridded table's own columns: a sheet holding several tables one below another gives every
    row the width of the widest, and the columns a narrower table leaves empty are cut off."""
    width = len(header_rows[0]) if header_rows else 0
    if not width or any(len(r) != width for r in header_rows) or any(len(ln.cells) != width for ln in data):
        return header_rows, data
    used = [i for i in range(width)
            if any(r[i].strip() for r in header_rows) or any(ln.cells[i].text.strip() for ln in data)]
    if not used or (used[0] == 0 and used[-1] == width - 1):
        return header_rows, data
    lo, hi = used[0], used[-1] + 1
    return ([r[lo:hi] for r in header_rows],
            [Line(ln.cells[lo:hi], ln.is_row, ln.block, ln.sheet, ln.short_tail) for ln in data])


def _lone_text(line: Line) -> str | None:
    """The text of a line that holds one piece of a name and nothing else."""
    texts = [t.strip() for t in line.texts if t.strip()]
    if len(texts) != 1 or len(texts[0]) > 12 or not has_cjk(texts[0]) or any(ch.isdigit() for ch in texts[0]):
        return None
    if texts[0].startswith(("注", "说明", "备注", "其中")) or _TOTAL_NAME.search(texts[0]):
        return None
    return texts[0]


def _nameless_code_row(line: Line) -> int | None:
    """The index of the empty name cell of a row that prints a 科目编码 and figures but no name (its
    name wrapped onto the lines above and below it), else None."""
    cells = line.cells
    first = next((i for i, c in enumerate(cells) if c.text.strip()), None)
    if first is None or not is_code(key(cells[first].text)):
        return None
    rest = [c for c in cells[first + 1:] if c.text.strip()]
    if not rest or not all(is_money(c.text) for c in rest):
        return None
    return first + 1


def _rejoin_wrapped_names(data: list[Line]) -> list[Line]:
    """Names printed around their code line in a narrow column ("社会保障和就" / "208 | | 754.75" /
    "业支出"): the pieces above and below go back into the row's name cell."""
    out: list[Line] = []
    i = 0
    while i < len(data):
        ln = data[i]
        at = _nameless_code_row(ln)
        above = _lone_text(out[-1]) if at is not None and out else None
        below = _lone_text(data[i + 1]) if at is not None and i + 1 < len(data) else None
        if at is None or (above is None and below is None):
            out.append(ln)
            i += 1
            continue
        if above is not None:
            out.pop()
        name = (above or "") + (below or "")
        cells = list(ln.cells)
        if at < len(cells) and not cells[at].text.strip():
            cells[at] = replace(cells[at], text=name)
        else:
            base = cells[at - 1]
            cells.insert(at, replace(base, text=name))
        out.append(Line(cells, ln.is_row, ln.block, ln.sheet, ln.short_tail))
        i += 2 if below is not None else 1
    return out


_ROW_NUMBER = re.compile(r"^\d{1,3}$")


def _drop_row_numbers(header_rows: list[list[str]],
                      data: list[Line]) -> tuple[list[list[str]], list[Line], int]:
    """The table without its 行次 columns: the national 决算 format numbers every line of a two-sided
    table ("本年收入合计 | 9 | 1,240.00 | 本年支出合计 | 40 | 1,220.00"), and a line number read as an
    amount would put every figure one column off."""
    cols = sorted({i for row in header_rows for i, t in enumerate(row) if key(t) == "行次"})
    if not cols:
        return header_rows, data, 0
    headers = [[t for i, t in enumerate(row) if i not in cols] for row in header_rows]
    out = []
    for ln in data:
        if all(i >= len(ln.cells) or not key(ln.cells[i].text) or _ROW_NUMBER.match(key(ln.cells[i].text))
               for i in cols):
            cells = [c for i, c in enumerate(ln.cells) if i not in cols]
        else:  # cells not aligned to the header: a line number is the small integer after a name
            cells = [c for j, c in enumerate(ln.cells)
                     if not (j and _ROW_NUMBER.match(key(c.text)) and has_cjk(ln.cells[j - 1].text))]
        out.append(Line(cells, ln.is_row, ln.block, ln.sheet, ln.short_tail))
    return headers, out, len(cols)


def _padded(line: Line, width: int) -> list[Cell]:
    """A row's cells, padded back to ``width`` when the reader dropped its trailing empty cells."""
    cells = line.cells
    if line.short_tail and width and cells and len(cells) < width:
        return cells + [Cell("", i, line=cells[0].line) for i in range(len(cells), width)]
    return cells


_TOTAL_NAME = re.compile(r"合计|总计")


def _pad(header_rows: list[list[str]], lanci_width: int) -> list[list[str]]:
    """Header rows cut short at their last label, padded back to the table's width (the widest
    header row, or the 栏次 row, which numbers every column)."""
    width = max(lanci_width, *(len(r) for r in header_rows))
    return [r + [""] * (width - len(r)) for r in header_rows]


# Many regions print the 三公 table transposed: one row of amounts under the items as columns —
# 合计 / 因公出国（境）费 / 公务用车购置及运行费 (小计, 购置费, 运行费) / 公务接待费 — and Shanghai adds
# a 机关运行经费 column beside them. The standard's rows are the items and its columns the funds, so
# each item column becomes a row with its amount as ``total`` (the table does not split it by fund);
# a 小计 takes its group's name, other labels stay as printed, 机关运行经费 included, so that
# 合计 = 因公出国 + 公务用车 + 公务接待 and 小计 = 购置费 + 运行费 can be checked on the rows.
_THREE_PUBLIC_ITEMS = ("因公出国", "公务接待", "公务用车")


def _transposed_rows(spec: TableSpec, header_rows: list[list[str]],
                     data: list[Line]) -> tuple[list[Row], _Layout] | None:
    if spec.id != "three_public_expenses" or not data:
        return None
    leaves = _grid_leaves(header_rows)
    if not leaves:
        return _loose_transposed_rows(header_rows, data)
    if not any(item in key(leaf.label) for leaf in leaves for item in _THREE_PUBLIC_ITEMS):
        return None
    # Some regions print one row per unit (单位编码 / 单位名称 columns) under a 合计 row: the items are
    # read from the 合计 row, the department's own figure.
    names = [leaf for leaf in leaves
             if _is_name_label(leaf.label) or key(leaf.label) == "单位" or _UNIT_LABEL.match(key(leaf.label))]
    leaves = [leaf for leaf in leaves if leaf not in names]
    if names:
        data = [ln for ln in data if any(_TOTAL_NAME.fullmatch(key(c.text)) for c in ln.cells[:len(names) + 1])][:1]
    if len(data) != 1:
        return None
    cells = _padded(data[0], len(header_rows[0]))
    if len(cells) != len(header_rows[0]) or any(has_cjk(c.text) for c in cells if c.col >= len(names)):
        return None
    rows: list[Row] = []
    for leaf in leaves:
        cell = cells[leaf.pos]
        name = leaf.path[-2] if key(leaf.label) == "小计" and len(leaf.path) >= 2 else leaf.label
        raw = cell.text.strip()
        try:
            values, text = {"total": parse_money(raw)}, {}
        except ValueError:
            values, text = {"total": None}, {"total": raw}
        rows.append(Row(name=name, values=values, text=text, source=cell.where()))
    label = leaves[0].path[0] if len(leaves[0].path) > 1 else "预算数"
    return rows, _Layout(False, [("total", label)])


_UNIT_LABEL = re.compile(r"^(?:预算)?(?:部门|单位)(?:代码|编码)$")
# A name column headed by the unit ("单位名称", "部门（单位）名称") where no column names a 科目.
_UNIT_NAME_LABEL = re.compile(r"^(?:预算)?(?:部门|单位)(?:[（(]单位[)）])?名称$")
_SUBJECT_LABEL = re.compile(r"科目|功能|经济分类|^类$|^款$|^项$")


def _lists_units(header_rows: list[list[str]]) -> bool:
    """A table whose rows are budget units: its code column is headed 部门代码 / 单位编码, or its name
    column 单位名称 with no 科目 column beside it ("801001 某某局本级" in the name cell is a unit's code)."""
    labels = [key(t) for row in header_rows for t in row if t.strip()]
    if any(_UNIT_LABEL.match(k) for k in labels):
        return True
    return any(_UNIT_NAME_LABEL.match(k) for k in labels) and not any(_SUBJECT_LABEL.search(k) for k in labels)


def _codes_are_units(rows: list[Row]) -> bool:
    """Codes of three and six digits only, some of six: a department's code and its units' codes
    (801, 801001 …). A 科目编码 has 3, 5 or 7 digits, so a 6-digit one among them stays a 科目编码
    printed wrong (K005 points at it)."""
    lengths = {len(r.code) for r in rows if r.code}
    return 6 in lengths and lengths <= {3, 6}


def _is_unit_code(code: str | None, layout: _Layout) -> bool:
    # Only the header says so: a six-digit code in a table of 科目 is a 科目编码 printed wrong (K005
    # points at it), not a unit's.
    return code is not None and layout.unit_rows


# The items of the 三公 table. Jiangsu adds 会议费 and 培训费 beside the three 三公 items, with a 合计 over
# all five and a 小计 of the three under a "“三公”经费" group: the items tell them apart, so that
# 三公 identities leave 会议费 and 培训费 out.
_THREE_PUBLIC_ROLES = (
    ("overseas", re.compile(r"出国")),
    ("vehicle", re.compile(r"购置及运|^公务用车(?:费)?$")),
    ("vehicle_purchase", re.compile(r"车购置|^购置费?")),
    ("vehicle_operation", re.compile(r"车运行|车运维|^运行(?:维护)?费|^运维费")),
    ("reception", re.compile(r"接待")),
    ("meeting", re.compile(r"^会议费")),
    ("training", re.compile(r"^培训费")),
    ("operation_cost", re.compile(r"机关运行经费")),
    ("three_public_total", re.compile(r"三公.*(?:合计|小计|总计)|^[“\"]?三公[”\"]?经费(?:预算数?)?$")),
    ("total", re.compile(r"^(?:合计|总计|小计)$")),
)


def three_public_role(name: str) -> str | None:
    n = re.sub(r"^(?:[一二三四五六七八九十\d]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])", "", key(name))
    n = n.removeprefix("其中：").removeprefix("其中:")
    for role, rx in _THREE_PUBLIC_ROLES:
        if rx.search(n):
            return role
    return None


def _mark_three_public_items(rows: list[Row]) -> None:
    """Each 三公 row's item; a bare 合计 is the 三公 total unless the table prints one of its own
    (then the 合计 is over 会议费 and 培训费 too and stays ``total``)."""
    for r in rows:
        r.item = three_public_role(r.name)
    if not any(r.item == "three_public_total" for r in rows):
        for r in rows:
            if r.item == "total":
                r.item = "three_public_total"
                break


def _nearest(positions: list[int], cells: list[Cell]) -> dict[int, Cell] | None:
    """The printed amounts of a row matched to the label columns nearest to them, or None when two
    amounts would share a label. A spreadsheet exported to PDF may place a merged header's label one
    grid column to the right of the amounts under it; each amount is under the nearest label."""
    out: dict[int, Cell] = {}
    for cell in cells:
        if not cell.text.strip():
            continue
        pos = min(positions, key=lambda p: (abs(p - cell.col), -p))
        if pos in out:
            return None
        out[pos] = cell
    return out


def _amounts_only(line: Line) -> bool:
    texts = [c.text.strip() for c in line.cells if c.text.strip()]
    return bool(texts) and all(is_money(t) for t in texts)


def _loose_transposed_rows(header_rows: list[list[str]], data: list[Line]) -> tuple[list[Row], _Layout] | None:
    """The transposed 三公 table on a grid whose columns do not all end in a label: its one row of
    amounts read under the nearest labels."""
    leaves = _grid_leaves(header_rows, strict=False) if header_rows else None
    # A unit line broken over two header rows ("单位：万" / "元") leaves a fragment, not an item.
    leaves = [leaf for leaf in leaves or [] if not is_meta(leaf.label) and key(leaf.label) not in ("元", "万元")]
    if not leaves or not any(item in key(leaf.label) for leaf in leaves for item in _THREE_PUBLIC_ITEMS):
        return None
    lines = [ln for ln in data if _amounts_only(ln)]
    if len(lines) != 1 or len(lines) != len(data):
        return None
    placed = _nearest([leaf.pos for leaf in leaves], lines[0].cells)
    if placed is None:
        return None
    rows: list[Row] = []
    for leaf in leaves:
        cell = placed.get(leaf.pos)
        name = leaf.path[-2] if key(leaf.label) == "小计" and len(leaf.path) >= 2 else leaf.label
        rows.append(Row(name=name, values={"total": parse_money(cell.text) if cell else None},
                        source=(cell or lines[0].cells[0]).where()))
    label = leaves[0].path[0] if len(leaves[0].path) > 1 else "预算数"
    return rows, _Layout(False, [("total", label)])


def _unnamed_total_row(spec: TableSpec, header_rows: list[list[str]], data: list[Line]) -> list[Row] | None:
    """A table printed as one row of amounts under its column labels, with no row name (Jiangsu's
    支出预算总表: 合计 | 基本支出 | 项目支出 | 单位预留机动经费): the row is the table's 合计."""
    if len(data) != 1 or not _amounts_only(data[0]) or not header_rows:
        return None
    leaves = _grid_leaves(header_rows, strict=False)
    if not leaves:
        return None
    found = _grid_labels(spec, leaves)
    if not found:
        return None
    placed = _nearest([pos for _, _, pos in found], data[0].cells)
    if placed is None:
        return None
    values = {col: (parse_money(placed[pos].text) if pos in placed else None) for col, _, pos in found}
    return [Row(name="合计", values=values, source=data[0].cells[0].where())]


def _values(labels: list[tuple[str, str]], cells: list[Cell]) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    values: dict[str, Decimal | None] = {}
    text: dict[str, str] = {}
    for i, cell in enumerate(cells):
        col = labels[i][0] if i < len(labels) else f"col{i + 1}"
        raw = cell.text.strip()
        try:
            values[col] = parse_money(raw)
        except ValueError:
            values[col] = None
            text[col] = raw
        if i >= len(labels) and values[col] is None and col not in text:
            del values[col]
    for col, _ in labels:
        values.setdefault(col, None)
    return values, text


def _parse_row(spec: TableSpec, layout: _Layout, cells: list[Cell]) -> list[Row]:
    if spec.two_sided:
        return _parse_two_sided(spec, layout, cells)
    start = 0
    seq = None
    if layout.has_seq and cells and key(cells[0].text).isdigit() and len(key(cells[0].text)) <= 4:
        seq = int(key(cells[0].text))
        start = 1
    elif layout.has_seq and cells and not key(cells[0].text):
        start = 1
    name_idx = None
    for i in range(start, len(cells)):
        t = cells[i].text.strip()
        if t and (has_cjk(t) or not (is_money(t) or is_code(t))):
            name_idx = i
            break
    if name_idx is None:
        return []
    code_parts = [key(c.text) for c in cells[start:name_idx] if key(c.text)]
    if len(code_parts) > 1 and len(code_parts[0]) == 3 and all(p.isdigit() for p in code_parts):
        # 类 (3 digits) / 款 / 项 (2 digits each) in their own columns: a one-digit 款 or 项 is a code
        # whose leading zero the spreadsheet behind the document dropped ("301 | 2" is 30102).
        code_parts = [code_parts[0], *(p.zfill(2) for p in code_parts[1:])]
    code = "".join(code_parts) if code_parts and all(p.isdigit() for p in code_parts) else None
    name_cell = cells[name_idx]
    name = name_cell.text.strip()
    if code is None and spec.classified:
        code, name = _code_in_name(name)
    unit_code = None
    if _is_unit_code(code, layout):
        unit_code, code = code, None
    rest = cells[name_idx + 1:]
    amounts = [c for c in rest if c.text.strip()]
    if layout.positions and len(cells) == layout.width:
        values, text = _grid_values(layout.positions, cells, name_idx + 1)
    elif len(layout.labels) == 1 and len(moneys := [c for c in amounts if is_money(c.text)]) <= 1 \
            and (moneys or amounts) and all(has_cjk(c.text) for c in amounts if c not in moneys):
        # A table of one amount column (金额) on a grid that places the amounts of different code
        # levels in different columns: the row's one amount is that column's. A group's label printed
        # on its first item's line ("一般公共预算资金 | 公共财政拨款(补助)资金 | 27,664.22") leaves
        # the item's name last before the amount; where that item is the group's 小计, the row is
        # the group's own ("政府性基金 | 小计").
        values, text = {layout.labels[0][0]: parse_money(moneys[0].text) if moneys else None}, {}
        # (words after the amount — a 项目简介 — are not its name)
        names = [c for c in amounts if c not in moneys and (not moneys or c.col < moneys[0].col)]
        if names and key(names[-1].text) in ("小计", "合计"):
            names = names[:-1]
        elif names:
            name_cell = names[-1]
            name = name_cell.text.strip()
    else:
        values, text = _values(layout.labels, rest)
    return [Row(seq=seq, code=code, unit_code=unit_code, name=name, values=values, text=text,
                source=name_cell.where())]


# A code printed in the name cell: "[2130301]行政运行", "【213】农林水支出", "2130301 行政运行", "30101-基本工资".
_CODE_IN_NAME = re.compile(r"^(?:[\[【［](?P<bracketed>\d{3,7})[\]】］]|(?P<plain>\d{3,7})(?:\s+|[-—－_、.．:：]\s*))"
                           r"(?P<name>\S.*)$")


def _code_in_name(name: str) -> tuple[str | None, str]:
    """(code, name) of a name cell that carries its 科目编码 in front; (None, name) otherwise."""
    m = _CODE_IN_NAME.match(name)
    if not m or not has_cjk(m.group("name")):
        return None, name
    return m.group("bracketed") or m.group("plain"), m.group("name").strip()


def _grid_values(positions: list[tuple[str, int]], cells: list[Cell],
                 first: int) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """Values of a full-width row by grid column, from column ``first`` on; a filled column the
    header did not name is kept as colN (N its 1-based grid column) rather than dropped."""
    values: dict[str, Decimal | None] = {}
    text: dict[str, str] = {}
    mapped = {pos for _, pos in positions}
    for col, pos in positions:
        raw = cells[pos].text.strip() if pos >= first else ""
        try:
            values[col] = parse_money(raw)
        except ValueError:
            values[col] = None
            text[col] = raw
    for pos in range(first, len(cells)):
        raw = cells[pos].text.strip()
        if pos in mapped or not raw:
            continue
        col = f"col{pos + 1}"
        try:
            values[col] = parse_money(raw)
        except ValueError:
            text[col] = raw
    return values, text


def _parse_two_sided_grid(layout: _Layout, sides: tuple[int, int, int], cells: list[Cell]) -> list[Row]:
    inc_name, inc_val, exp_name = (cells[i] for i in sides)
    seq = None
    if layout.has_seq and sides[0] > 0:
        first = key(cells[0].text)
        seq = int(first) if first.isdigit() and len(first) <= 4 else None
    rows: list[Row] = []
    if inc_name.text.strip():
        values, text = _grid_values([("total", sides[1])], cells[:sides[2]], sides[1])
        rows.append(Row(seq=seq, side="income", name=inc_name.text.strip(), values=values, text=text,
                        source=inc_name.where()))
    if layout.use is None:
        if exp_name.text.strip():
            values, text = _grid_values(layout.positions, cells, sides[2] + 1)
            rows.append(Row(seq=seq, side="expenditure", name=exp_name.text.strip(), values=values, text=text,
                            source=exp_name.where()))
        return rows
    use_at, use_positions = layout.use
    use_name = cells[use_at]
    if exp_name.text.strip():
        values, text = _grid_values(layout.positions, cells[:use_at], sides[2] + 1)
        block = "function"
        if _TOTAL_ROW.search(key(exp_name.text)) and not use_name.text.strip() \
                and all(v is None for v in values.values()):
            # 本年支出合计 / 支出总计 printed across both blocks, its amount under the 用途 block's column.
            values, text = _grid_values(use_positions, cells, use_at + 1)
            block = None
        rows.append(Row(seq=seq, side="expenditure", block=block, name=exp_name.text.strip(), values=values,
                        text=text, source=exp_name.where()))
    if use_name.text.strip():
        values, text = _grid_values(use_positions, cells, use_at + 1)
        rows.append(Row(seq=seq, side="expenditure", block="use", name=use_name.text.strip(), values=values,
                        text=text, source=use_name.where()))
    return rows


_TOTAL_ROW = re.compile(r"合计|小计|总计")


def _parse_two_sided(spec: TableSpec, layout: _Layout, cells: list[Cell]) -> list[Row]:
    if layout.sides is not None and len(cells) == layout.width:
        return _parse_two_sided_grid(layout, layout.sides, cells)
    start = 0
    seq = None
    if layout.has_seq and cells:
        first = key(cells[0].text)
        if first.isdigit() and len(first) <= 4:
            seq = int(first)
        start = 1
    part = cells[start:]
    while len(part) < 3:
        part.append(Cell("", len(part)))
    rows: list[Row] = []
    inc_name, inc_val, exp_name, exp_vals = part[0], part[1], part[2], part[3:]
    if inc_name.text.strip():
        values, text = _values([("total", "")], [inc_val])
        rows.append(Row(seq=seq, side="income", name=inc_name.text.strip(), values=values, text=text,
                        source=inc_name.where()))
    if exp_name.text.strip():
        exp_labels = [lbl for lbl in layout.labels]
        values, text = _values(exp_labels, exp_vals)
        rows.append(Row(seq=seq, side="expenditure", name=exp_name.text.strip(), values=values, text=text,
                        source=exp_name.where()))
    return rows


def recognize_tables(lines: list[Line], default_unit: str | None) -> tuple[list[Table], set[int]]:
    segments, used = segment(lines)
    tables: list[Table] = []
    for seg in segments:
        table = parse_segment(seg, default_unit)
        prev = tables[-1] if tables else None
        if prev is not None and prev.id == table.id and not table.rows and table.empty_note is None:
            continue
        if prev is not None and prev.id == table.id and _continues(prev, table):
            prev.rows.extend(table.rows)
            prev.pages += table.pages
            continue
        tables.append(table)
    return tables, used


def _continues(prev: Table, table: Table) -> bool:
    """A repeated title on the next page continues the table unless its rows start over: numbered from 1
    again, or opening with a 合计 of their own when the table above has one (the same standard table
    printed twice, by government and by department economic class)."""
    if not table.rows or not prev.rows:
        return True
    if _is_total(table.rows[0]) and any(_is_total(r) for r in prev.rows):
        return False
    return not (table.rows[0].seq == 1 and prev.rows[-1].seq not in (None, 0))


def _is_total(row: Row) -> bool:
    return row.code is None and row.unit_code is None and bool(_TOTAL_NAME.fullmatch(key(row.name or "")))


def spec(table_id: str) -> TableSpec:
    return SPEC_BY_ID[table_id]
