"""Tables a document prints that recognition could not place among the standard tables.

A reader who is told nothing about a table yusuan skipped takes the silence for absence: the
completeness check would then report a table as missing that the document does print. So every grid
of figures outside the recognised tables is named (by the title printed above it, else its first row)
and reported once, and the completeness check knows that a "missing" table may be one of them.
"""

from __future__ import annotations

import re

from yusuan.model import Table, UnplacedTable
from yusuan.read.grid import Line
from yusuan.recognize.tables import title_before_meta, title_of

_AMOUNT = re.compile(r"^[-−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^[-−]?\d+(?:\.\d+)?$")
# Performance target forms and the table of contents are read elsewhere (or are not tables of money).
_NOT_MONEY_TABLE = re.compile(r"绩效|指标|目录")
_TITLE_WORDS = re.compile(r"表|情况|预算|决算|明细")
# Rows with two amounts or more (or with one, under a title naming a table): fewer is a line of text that
# happens to hold numbers.
_MIN_ROWS = 3
_MAX_TITLE = 60
_CONTINUATION_GAP = 12  # lines between two grids with no title of their own: one table over a page break


def _amounts(line: Line) -> int:
    return sum(1 for t in line.filled if _AMOUNT.match(t.strip().replace(" ", "")))  # (a blank cell is no amount)


# Lines printed between a title and its grid that are not the title: the budget year, the unit of
# money, the department ("542 石家庄市鹿泉区信访局", "部门：…").
_META = re.compile(r"^(?:预算年度|年度|单位|金额单位|编制单位|填报单位|部门|单位名称)\s*[：:]|^\d{3,}\s|^[（(]?续")


def _title_above(lines: list[Line], start: int, used: set[int]) -> Line | None:
    """The title printed just above a grid: the nearest short line naming a table (表), else the
    nearest short line with a budget word, skipping the year, unit and department lines between."""
    fallback = None
    for j in range(start - 1, max(start - 8, -1), -1):
        ln = lines[j]
        if j in used or (ln.cells and lines[start].cells and ln.first.file != lines[start].first.file):
            break
        texts = [t.strip() for t in ln.texts if t.strip()]
        if len(texts) != 1 or len(texts[0]) > _MAX_TITLE or _META.search(texts[0]):
            continue
        if "表" in texts[0]:
            return ln
        if fallback is None and _TITLE_WORDS.search(texts[0]):
            fallback = ln
    return fallback


def unplaced_tables(lines: list[Line], used: set[int], tables: list[Table]) -> list[UnplacedTable]:
    """Grids of figures outside the recognised tables, then standard titles whose table was not read
    (a whole table printed in one cell, a table that is a picture under its title)."""
    out = _unplaced_grids(lines, used)
    read = {t.id for t in tables}
    for i, ln in enumerate(lines):
        if not ln.cells:
            continue
        spec = title_of(ln)
        if spec is None or spec.id in read or not _figures_follow(lines, i):
            continue  # a list of the tables' names (附件目录, a contents page) is no table
        read.add(spec.id)
        text = next(t for t in ln.texts if t.strip()).strip()
        out.append(UnplacedTable(title=(title_before_meta(text) or text)[:_MAX_TITLE], source=ln.where()))
    return out


_FIGURE = re.compile(r"\d[\d,]*\.\d{2}(?!\d)")


def _figures_follow(lines: list[Line], i: int) -> bool:
    """Figures printed with the title (a whole table in its cell) or in a grid just under it."""
    if len(_FIGURE.findall(lines[i].text)) >= 2:
        return True
    return any(ln.is_row and _amounts(ln) >= 2 for ln in lines[i + 1:i + 6])


def _unplaced_grids(lines: list[Line], used: set[int]) -> list[UnplacedTable]:
    out: list[UnplacedTable] = []
    i, n = 0, len(lines)
    last_end = -1
    while i < n:
        if i in used or not lines[i].is_row:
            i += 1
            continue
        start = i
        figures = ones = 0
        while i < n and i not in used and lines[i].is_row:
            k = _amounts(lines[i])
            figures += k >= 2
            # one figure in a row counts only as money ("100.00"): a page number is none
            ones += k >= 2 or bool(_FIGURE.search(lines[i].text))
            i += 1
        if ones < _MIN_ROWS:
            continue
        block = lines[start:i]
        title_line = _title_above(lines, start, used)
        if figures < _MIN_ROWS and (title_line is None or "表" not in title_line.text):
            continue  # a column of single figures is a table only under a table's title
        if title_line is None and out and start - last_end <= _CONTINUATION_GAP:
            last_end = i  # the same table going on over a page, its header printed again
            continue
        last_end = i
        title = title_line.text.strip() if title_line is not None else \
            " ".join(t.strip() for t in block[0].texts if t.strip())[:_MAX_TITLE]
        header = " ".join(t for ln in block[:3] for t in ln.texts)
        if _NOT_MONEY_TABLE.search(title) or _NOT_MONEY_TABLE.search(header):
            continue
        where = (title_line or block[0]).where()
        out.append(UnplacedTable(title=title, source=where))
    return out
