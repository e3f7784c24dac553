"""Spreadsheets: .xlsx/.xlsm with openpyxl, .xls (Excel 97-2003) with xlrd.

Every sheet is read in workbook order. A row holding a single non-empty cell
outside a ruled table (a title, "单位：万元", a note) becomes a paragraph; every
other row becomes a table row, one block per sheet, spanning the columns the
sheet's table rows use so that columns keep their positions. A merged range
holds its value in the top-left cell and "" everywhere else.

Numbers are rendered the way Excel prints them, from the cell's number format:
a budget table stores 506.1 formatted "0.00" and prints "506.10", and a stored
sum like 506.09999999999997 must never reach recognition as such.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, RawDocument
from yusuan.read.limits import (MAX_MERGED_CELLS, MAX_SHEET_CELLS, MAX_SHEET_ROWS, MAX_TABLE_CELLS, MAX_WORKBOOK_CELLS,
                                count)
from yusuan.read.ooxml import SPREADSHEET, holds, zip_names


@dataclass(slots=True)
class _SheetCell:
    text: str
    ruled: bool  # has a border: part of a printed table even when it holds a lone value


# --- number formats ------------------------------------------------------------------------------

_PLACEHOLDER = "0#?"
_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"')


def _sections(fmt: str) -> list[str]:
    out, current, quoted, bracket = [], [], False, False
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "\\" and i + 1 < len(fmt):
            current.append(fmt[i:i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        if ch == ";" and not quoted and not bracket:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    out.append("".join(current))
    return out


def _general(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def render_number(value: float | int | Decimal, fmt: str | None) -> str:
    """A stored number as a cell with number format ``fmt`` prints it (sign, decimals, grouping, %)."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "#NUM!"
        # 15 significant digits is what Excel keeps: this removes binary noise such as 506.09999999999997.
        number = Decimal(format(value, ".15g"))
    else:
        number = Decimal(value)
    sections = _sections(fmt or "General")
    section, signed = sections[0], True
    if number < 0 and len(sections) >= 2 and sections[1].strip():
        section, signed = sections[1], False
    elif number == 0 and len(sections) >= 3 and sections[2].strip():
        section = sections[2]
        shown = "".join(q.strip('"') for q in _QUOTED.findall(section)).strip()
        if shown:
            return shown  # accounting formats print zero as "-"
    literal_free = _BRACKETS.sub("", _QUOTED.sub("", section))
    literal_free = re.sub(r"\\.|_.|\*.", "", literal_free)
    parentheses = not signed and "(" in literal_free
    negative = number < 0
    number = abs(number)
    if literal_free.strip().lower() in ("general", "@", "") or not any(p in literal_free for p in _PLACEHOLDER):
        text = _general(number)
    elif re.search(r"[eE][+-]", literal_free):
        mantissa = literal_free.split("E")[0].split("e")[0]
        decimals = len(re.sub(r"[^0#?]", "", mantissa.split(".", 1)[1])) if "." in mantissa else 0
        text = f"{number:.{decimals}E}"
    else:
        percent = "%" in literal_free
        if percent:
            number *= 100
        digits = re.sub(r"[^0#?.,]", "", literal_free)
        integer, _, fraction = digits.partition(".")
        # Commas after the last integer placeholder scale by thousands ("#,##0," prints thousands).
        scale = len(integer) - len(integer.rstrip(","))
        integer = integer.rstrip(",")
        number = number / (Decimal(1000) ** scale)
        max_dec = sum(1 for ch in fraction if ch in _PLACEHOLDER)
        min_dec = len(re.match(r"0*", fraction.replace(",", "")).group(0))
        rounded = number.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
        text = format(rounded, f",.{max_dec}f" if "," in integer else f".{max_dec}f")
        if max_dec > min_dec:
            whole, _, dec = text.partition(".")
            dec = dec.rstrip("0")
            dec = dec + "0" * (min_dec - len(dec))
            text = f"{whole}.{dec}" if dec else whole
        if percent:
            text += "%"
        negative = negative and rounded != 0
    if negative:
        text = f"({text})" if parentheses else f"-{text}"
    return text


def render_date(value: dt.datetime | dt.date | dt.time, fmt: str | None) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    date = value.date() if isinstance(value, dt.datetime) else value
    if fmt and "年" in fmt:
        text = f"{date.year}年{date.month}月" + (f"{date.day}日" if "d" in fmt.lower() else "")
    else:
        text = date.isoformat()
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        text += " " + value.strftime("%H:%M:%S")
    return text


def _text(value: str) -> str:
    lines = [ln.replace("\u3000", " ").strip() for ln in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)


# --- from sheet cells to lines -------------------------------------------------------------------


def _column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _emit_sheet(doc: RawDocument, index: int, name: str, cells: dict[tuple[int, int], _SheetCell]) -> None:
    """cells: 1-based (row, column) → cell, for cells that hold a value or a border."""
    rows: dict[int, dict[int, _SheetCell]] = {}
    for (r, c), cell in cells.items():
        rows.setdefault(r, {})[c] = cell
    order = sorted(r for r, row in rows.items() if any(cell.text for cell in row.values()))
    filled = {r: sorted(c for c, cell in rows[r].items() if cell.text) for r in order}

    def multi(pos: int) -> bool:
        return 0 <= pos < len(order) and len(filled[order[pos]]) > 1

    def is_paragraph(pos: int, r: int) -> bool:
        # A lone value between table rows (a fund-use line, "1、房屋" with no figures) stays a row;
        # unruled and outside a table, it is a title, unit line or note.
        if len(filled[r]) != 1:
            return False
        ruled = any(cell.ruled for cell in rows[r].values())
        return not ruled and not (multi(pos - 1) and multi(pos + 1))

    kinds = [is_paragraph(pos, r) for pos, r in enumerate(order)]
    table_cols = [c for r, para in zip(order, kinds) if not para for c in filled[r]]
    # The table's own columns: a note in column A beside a table starting in column B must not shift
    # every row one cell to the right.
    first_col, last_col = (min(table_cols), max(table_cols)) if table_cols else (1, 0)
    table_rows = len(kinds) - sum(kinds)
    if table_rows * (last_col - first_col + 1) > MAX_TABLE_CELLS:
        # One value in column A and one in column XFD would make every row 16384 cells wide.
        raise UnreadableDocument(
            f"工作表的表格过大（{count(table_rows)} 行 × {count(last_col - first_col + 1)} 列，"
            f"上限 {count(MAX_TABLE_CELLS)} 个格子），拒绝读取", source=doc.source, place=f"工作表“{name}”")
    for r, para in zip(order, kinds):
        row = rows[r]
        if para:
            c = filled[r][0]
            doc.add_paragraph(row[c].text, page=index, ref=f"{name}!{_column_letter(c)}{r}")
            continue
        line = [Cell(row[c].text if c in row else "", c - first_col, page=index,
                     ref=f"{name}!{_column_letter(c)}{r}") for c in range(first_col, last_col + 1)]
        doc.add_row(line, block=index, sheet=name)


def _blank_merged(cells: dict[tuple[int, int], _SheetCell], ranges: list[tuple[int, int, int, int]]) -> None:
    """(first row, last row, first col, last col), 1-based inclusive: only the top-left keeps its text."""
    for r0, r1, c0, c1 in ranges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and (r, c) in cells:
                    cells[(r, c)].text = ""


# --- XLSX ----------------------------------------------------------------------------------------


def read_xlsx(path: Path) -> RawDocument:
    path = Path(path)
    source = str(path)
    if not holds(zip_names(path, source, "XLSX"), SPREADSHEET):
        raise UnreadableDocument("这不是 Excel 工作簿（压缩包里没有工作表内容）", source=source)
    _check_sheet_sizes(path, source)
    uncached = _uncached_formulas(path)
    if uncached is not None:
        sheet, refs, count = uncached
        shown = "、".join(refs) + ("等" if count > len(refs) else "")
        raise UnreadableDocument(
            f"有 {count} 个公式格子没有保存计算结果（如 {shown}）：文件像是由程序生成、未经 Excel 或 WPS 计算后保存，"
            "读不出这些公式的金额，也不能当作 0；请用 Excel 或 WPS 打开文件、保存后再读取",
            source=source, place=f"工作表“{sheet}”")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (data validation, conditional formats): not ours to show.
            warnings.simplefilter("ignore")
            # A file object, not a path: openpyxl refuses a path by its extension (.xls, .docx).
            with path.open("rb") as fh:
                wb = load_workbook(fh, read_only=False, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - every parser failure means the same thing to the user
        sheet = _unparsable_sheet(path)
        if sheet is not None:
            raise UnreadableDocument("XLSX 文件已损坏或不完整，这张工作表的内容无法解析", source=source,
                                     place=f"工作表“{sheet}”") from exc
        raise UnreadableDocument("XLSX 文件已损坏或不完整，无法打开（工作簿内容无法解析）", source=source) from exc
    doc = RawDocument(source=source, format="xlsx")
    try:
        for index, ws in enumerate(wb.worksheets, start=1):
            try:
                cells = _openpyxl_cells(ws)
            except Exception as exc:  # noqa: BLE001
                raise UnreadableDocument("工作表内容已损坏，无法读取", source=source,
                                         place=f"工作表“{ws.title}”") from exc
            _emit_sheet(doc, index, ws.title, cells)
    finally:
        wb.close()
    return doc


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheet_parts(zf) -> list[tuple[str, str]]:
    """(sheet name, part name inside the zip) of every worksheet, in workbook order."""
    import posixpath
    import xml.etree.ElementTree as ET

    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(rel_id), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        out.append((sheet.get("name") or "", part))
    return out


_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _area(ref: str) -> int:
    """How many cells a range such as "A1:XFD1048576" covers (0 for a reference that does not parse)."""
    m = _RANGE.match(ref.strip().upper())
    if m is None:
        return 0
    c0, r0 = _column_number(m.group(1)), int(m.group(2))
    c1, r1 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
    return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)


def _too_big(source: str, sheet: str, what: str) -> UnreadableDocument:
    return UnreadableDocument(f"{what}，拒绝读取", source=source, place=f"工作表“{sheet}”")


def _check_sheet_sizes(path: Path, source: str) -> None:
    """Refuse a sheet too big to read before openpyxl loads it: openpyxl holds every stored cell in
    memory and makes a cell object for every position a merged range covers (a merge over
    A1:XFD1048576 is 17 billion of them). The sheet's XML is streamed and the count stops at the limit,
    so a sheet of a million rows costs no more than one at the limit."""
    import xml.etree.ElementTree as ET
    import zipfile

    row_tag, cell_tag, merge_tag = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}mergeCell"
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for name, part in _sheet_parts(zf):
                rows = cells = merged = 0
                try:
                    fh = zf.open(part)
                except KeyError:
                    continue  # reported by the reader itself
                with fh:
                    for _, el in ET.iterparse(fh):
                        tag = el.tag
                        if tag == cell_tag:
                            cells += 1
                            total += 1
                            if cells > MAX_SHEET_CELLS:
                                raise _too_big(source, name, f"工作表存储的格子超过上限 {count(MAX_SHEET_CELLS)} 个")
                            if total > MAX_WORKBOOK_CELLS:
                                raise _too_big(source, name, "到这张工作表，工作簿存储的格子超过上限 "
                                                             f"{count(MAX_WORKBOOK_CELLS)} 个")
                        elif tag == row_tag:
                            rows += 1
                            if rows > MAX_SHEET_ROWS:
                                raise _too_big(source, name, f"工作表的行数超过上限 {count(MAX_SHEET_ROWS)} 行")
                            el.clear()
                        elif tag == merge_tag:
                            ref = el.get("ref") or ""
                            merged += _area(ref)
                            if merged > MAX_MERGED_CELLS:
                                raise _too_big(source, name, f"合并单元格 {ref} 使合并的格子超过上限 "
                                                             f"{count(MAX_MERGED_CELLS)} 个")
    except UnreadableDocument:
        raise
    except Exception:  # noqa: BLE001 - a broken workbook is reported by the reader itself
        return


def _uncached_formulas(path: Path, shown: int = 3) -> tuple[str, list[str], int] | None:
    """The first sheet holding formulas saved without their results (a file written by a program
    and never calculated): its name, the first few cell references and how many there are.

    Such a cell reads as blank, which would silently drop an amount, so the file is refused."""
    import xml.etree.ElementTree as ET
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            for name, part in _sheet_parts(zf):
                try:
                    data = zf.read(part)
                except KeyError:
                    continue
                if b"<f" not in data and b":f" not in data:
                    continue
                refs: list[str] = []
                count = 0
                for _, el in ET.iterparse(io.BytesIO(data)):
                    if el.tag != f"{_MAIN}c":
                        continue
                    f, v = el.find(f"{_MAIN}f"), el.find(f"{_MAIN}v")
                    if f is not None and (v is None or (not (v.text or "").strip() and el.get("t") != "str")):
                        count += 1
                        if len(refs) < shown:
                            refs.append(el.get("r") or "?")
                    el.clear()
                if count:
                    return name, refs, count
    except Exception:  # noqa: BLE001 - a broken workbook is reported by the reader itself
        return None
    return None


def _unparsable_sheet(path: Path) -> str | None:
    """The name of the first sheet whose XML does not parse, so the user knows where to look."""
    import xml.etree.ElementTree as ET
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            for name, part in _sheet_parts(zf):
                try:
                    with zf.open(part) as fh:
                        for _ in ET.iterparse(fh):
                            pass
                except KeyError:
                    return name  # the workbook lists a sheet the file does not hold
                except ET.ParseError:
                    return name
    except Exception:  # noqa: BLE001 - only a hint for the message; the workbook itself is already broken
        return None
    return None


def _openpyxl_cells(ws) -> dict[tuple[int, int], _SheetCell]:
    # ws.iter_rows() would create every blank cell of the used range; a sheet formatted down to row
    # 1048576 would then fill memory. _cells holds only the cells the file stores.
    stored = getattr(ws, "_cells", None)
    if stored is None:  # pragma: no cover - guards against a future openpyxl
        stored = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    cells: dict[tuple[int, int], _SheetCell] = {}
    for (r, c), cell in stored.items():
        text = _openpyxl_text(cell)
        border = cell.border
        ruled = bool(border is not None and any(
            side is not None and side.style for side in (border.left, border.right, border.top, border.bottom)))
        if text or ruled:
            cells[(r, c)] = _SheetCell(text, ruled)
    ranges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges]
    for r0, r1, c0, c1 in ranges:
        # Merged cells the file does not store still belong to the ruled table around them.
        top_left = cells.get((r0, c0))
        if top_left is not None and top_left.ruled:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    cells.setdefault((r, c), _SheetCell("", True))
    _blank_merged(cells, ranges)
    _drop_hidden(cells, ranges, _hidden_rows(ws), _hidden_columns(ws))
    return cells


def _hidden_rows(ws) -> set[int]:
    return {r for r, dim in ws.row_dimensions.items() if dim.hidden}


def _hidden_columns(ws) -> set[int]:
    hidden: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden.update(range(dim.min, min(dim.max, 16384) + 1))
    return hidden


def _drop_hidden(cells: dict[tuple[int, int], _SheetCell], ranges: list[tuple[int, int, int, int]],
                 rows: set[int], cols: set[int]) -> None:
    """Hidden rows and columns are not printed, so they are not part of the published table (a
    column of last year's figures, a helper row). A merged cell whose first cell is hidden shows its
    text in the first visible cell it covers."""
    if not rows and not cols:
        return
    for r0, r1, c0, c1 in ranges:
        top_left = cells.get((r0, c0))
        if top_left is None or not top_left.text or (r0 not in rows and c0 not in cols):
            continue
        visible = next(((r, c) for r in range(r0, r1 + 1) if r not in rows
                        for c in range(c0, c1 + 1) if c not in cols), None)
        if visible is not None:
            cells.setdefault(visible, _SheetCell("", top_left.ruled)).text = top_left.text
    for pos in [pos for pos in cells if pos[0] in rows or pos[1] in cols]:
        del cells[pos]


def _openpyxl_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return render_number(value, cell.number_format)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return render_date(value, cell.number_format)
    if isinstance(value, dt.timedelta):
        return str(value)
    return _text(str(value))


# --- XLS -----------------------------------------------------------------------------------------

_OLE_MARKERS = {
    "EncryptedPackage".encode("utf-16-le"): "文件设有打开密码（已加密），请在 Excel 中取消密码后另存为 .xlsx 再读取",
}


def read_xls(path: Path) -> RawDocument:
    path = Path(path)
    source = str(path)
    data = path.read_bytes()
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument("这不是 Excel 97-2003 工作簿（.xls），文件头不对", source=source)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=_Discard())
    except Exception as exc:  # noqa: BLE001 - xlrd raises XLRDError, CompDocError, struct.error, …
        # A Word 97 file under an Excel name never comes here: read_document tells it by its streams.
        for marker, message in _OLE_MARKERS.items():
            if marker in data:
                raise UnreadableDocument(message, source=source) from exc
        raise UnreadableDocument("XLS 文件已损坏或不完整，无法打开", source=source) from exc
    doc = RawDocument(source=source, format="xls")
    try:
        for index in range(book.nsheets):
            name = book.sheet_names()[index]
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:  # noqa: BLE001
                raise UnreadableDocument("工作表内容已损坏，无法读取", source=source,
                                         place=f"工作表“{name}”") from exc
            if sheet.nrows > MAX_SHEET_ROWS:
                raise _too_big(source, name, f"工作表的行数超过上限 {count(MAX_SHEET_ROWS)} 行")
            merged = sum((r1 - r0) * (c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells)
            if merged > MAX_MERGED_CELLS:
                raise _too_big(source, name, f"合并单元格使合并的格子超过上限 {count(MAX_MERGED_CELLS)} 个")
            try:
                cells = _xlrd_cells(book, sheet)
            except Exception as exc:  # noqa: BLE001
                raise UnreadableDocument("工作表内容已损坏，无法读取", source=source,
                                         place=f"工作表“{name}”") from exc
            _emit_sheet(doc, index + 1, name, cells)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return doc


class _Discard:
    """xlrd prints warnings about odd records to a log file; the user has nothing to do with them."""

    def write(self, _text: str) -> None:
        pass


def _xlrd_cells(book, sheet) -> dict[tuple[int, int], _SheetCell]:
    import xlrd

    cells: dict[tuple[int, int], _SheetCell] = {}
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map \
                else None
            text = _xlrd_text(book, cell, fmt, xlrd)
            b = xf.border if xf is not None else None
            ruled = bool(b and (b.left_line_style or b.right_line_style or b.top_line_style or b.bottom_line_style))
            if text or ruled:
                cells[(r + 1, c + 1)] = _SheetCell(text, ruled)
    _blank_merged(cells, [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sheet.merged_cells])
    return cells


def _xlrd_text(book, cell, fmt: str | None, xlrd) -> str:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return _text(cell.value)
    if kind == xlrd.XL_CELL_NUMBER:
        return render_number(cell.value, fmt)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return render_date(xlrd.xldate_as_datetime(cell.value, book.datemode), fmt)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return render_number(cell.value, None)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR!")
    return _text(str(cell.value))
