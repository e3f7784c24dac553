"""Build DOCX, XLSX, XLS and PDF versions of a text seed, to test that every reader agrees.

The seed is read with the text reader; its paragraphs become paragraphs and each
run of rows of one block becomes one table. The files are laid out the way such
documents are published: header cells merged across and down, tables ruled,
amounts stored as numbers with a two-decimal number format in spreadsheets, and
one sheet per standard table. Every merge only covers cells that are empty in
the text, so reading a built file back must give the text's cells again (rows
padded with "" to the table's width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from yusuan.read.grid import RawDocument
from yusuan.read.text import read_text
from yusuan.recognize.cells import is_money
from yusuan.recognize.titles import match_title

_PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.(\d+))?$")
_GROUPED_NUMBER = re.compile(r"^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.(\d+))?$")
MAX_HEADER_ROWS = 4


@dataclass
class TableBlock:
    rows: list[list[str]]
    width: int
    hspans: list[tuple[int, int, int]] = field(default_factory=list)  # (row, first col, last col)
    vspans: list[tuple[int, int, int]] = field(default_factory=list)  # (col, first row, last row)


Item = str | TableBlock  # a paragraph or a table


def read_seed(path: Path) -> RawDocument:
    return read_text(Path(path))


def items(raw: RawDocument) -> list[Item]:
    out: list[Item] = []
    current: list[list[str]] | None = None
    current_block = None
    for line in raw.lines:
        if not line.is_row:
            current = None
            out.append(line.text)
            continue
        if current is None or line.block != current_block:
            current = []
            current_block = line.block
            out.append(current)  # type: ignore[arg-type]
        current.append(list(line.texts))
    return [x if isinstance(x, str) else _plan(x) for x in out]


def _header_count(rows: list[list[str]]) -> int:
    n = 0
    for row in rows[:MAX_HEADER_ROWS]:
        if any(is_money(t) for t in row) or (row and row[0].replace(" ", "") == "栏次"):
            break
        n += 1
    return n


def _plan(rows: list[list[str]]) -> TableBlock:
    """Where to merge: header cells over the empty cells that follow or lie below them, and
    the last cell of a short row (a row whose merged cells the text collapsed) to the table's edge."""
    width = max(len(r) for r in rows)
    block = TableBlock(rows=rows, width=width)
    headers = _header_count(rows)
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        padded = row + [""] * (width - len(row))
        c = 0
        while c < width:
            end = c
            if r < headers and padded[c]:
                while end + 1 < width and not padded[end + 1]:
                    end += 1
            elif c == len(row) - 1:
                end = width - 1
            if end > c:
                block.hspans.append((r, c, end))
                covered.update((r, x) for x in range(c, end + 1))
            c = end + 1
    for c in range(width):
        r = 0
        while r < headers:
            top = rows[r][c] if c < len(rows[r]) else ""
            end = r
            if top and (r, c) not in covered:
                while (end + 1 < headers and (end + 1, c) not in covered
                       and not (rows[end + 1][c] if c < len(rows[end + 1]) else "")):
                    end += 1
            if end > r:
                block.vspans.append((c, r, end))
                covered.update((y, c) for y in range(r, end + 1))
            r = end + 1
    return block


def as_number(text: str) -> tuple[int | float, str] | None:
    """A cell's number and the number format that prints it as the text does, or None for text."""
    t = text.strip()
    m = _PLAIN_NUMBER.match(t) or _GROUPED_NUMBER.match(t)
    if not m:
        return None
    decimals = len(m.group(1) or "")
    grouping = "," in t
    fmt = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals else "")
    value = Decimal(t.replace(",", ""))
    number = float(value) if decimals else int(value)
    return number, fmt


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", title).strip()[:28] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:26]}{n}"
    used.add(name)
    return name


def sheets(raw: RawDocument) -> list[tuple[str, list[Item]]]:
    """One sheet per standard table (from its title on), the text before the first one on its own sheet."""
    out: list[tuple[str, list[Item]]] = []
    used: set[str] = set()
    for item in items(raw):
        if isinstance(item, str) and match_title(item) is not None or not out:
            name = _sheet_name(item if isinstance(item, str) and out else "说明", used)
            out.append((name, []))
        out[-1][1].append(item)
    return out


# --- DOCX ----------------------------------------------------------------------------------------


def build_docx(raw: RawDocument, path: Path) -> Path:
    import docx

    document = docx.Document()
    for item in items(raw):
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item.rows), cols=item.width)
        table.style = "Table Grid"
        for r, row in enumerate(item.rows):
            cells = table.rows[r].cells
            for c, text in enumerate(row):
                if text:
                    cells[c].text = text
        for r, c0, c1 in item.hspans:
            table.cell(r, c0).merge(table.cell(r, c1))
        for c, r0, r1 in item.vspans:
            table.cell(r0, c).merge(table.cell(r1, c))
    document.save(str(path))
    return path


# --- XLSX / XLS ----------------------------------------------------------------------------------


def build_xlsx(raw: RawDocument, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for name, sheet_items in sheets(raw):
        ws = wb.create_sheet(name)
        width = max([i.width for i in sheet_items if isinstance(i, TableBlock)] + [1])
        r = 1
        for item in sheet_items:
            if isinstance(item, str):
                cell = ws.cell(r, 1, item)
                if match_title(item) is not None and width > 1:
                    # Titles are printed centred over the table.
                    cell.font = Font(bold=True, size=14)
                    cell.alignment = Alignment(horizontal="center")
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                r += 1
                continue
            for dr, row in enumerate(item.rows):
                for c in range(item.width):
                    text = row[c] if c < len(row) else ""
                    cell = ws.cell(r + dr, c + 1)
                    cell.border = ruled
                    number = as_number(text)
                    if number is not None:
                        cell.value, cell.number_format = number
                    elif text:
                        cell.value = text
                        cell.alignment = Alignment(wrap_text="\n" in text)
            for dr, c0, c1 in item.hspans:
                ws.merge_cells(start_row=r + dr, start_column=c0 + 1, end_row=r + dr, end_column=c1 + 1)
            for c, r0, r1 in item.vspans:
                ws.merge_cells(start_row=r + r0, start_column=c + 1, end_row=r + r1, end_column=c + 1)
            r += len(item.rows)
    wb.save(str(path))
    return path


def build_xls(raw: RawDocument, path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    plain = xlwt.easyxf("")
    ruled = "borders: left thin, right thin, top thin, bottom thin"
    styles: dict[str, xlwt.XFStyle] = {}

    def ruled_style(fmt: str | None) -> xlwt.XFStyle:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(ruled, num_format_str=fmt) if fmt else xlwt.easyxf(ruled)
        return styles[fmt]

    for name, sheet_items in sheets(raw):
        ws = wb.add_sheet(name)
        r = 0
        for item in sheet_items:
            if isinstance(item, str):
                ws.write(r, 0, item, plain)
                r += 1
                continue
            merged_away = {(r + dr, c) for dr, c0, c1 in item.hspans for c in range(c0 + 1, c1 + 1)}
            merged_away |= {(r + y, c) for c, r0, r1 in item.vspans for y in range(r0 + 1, r1 + 1)}
            for dr, row in enumerate(item.rows):
                for c in range(item.width):
                    if (r + dr, c) in merged_away:
                        continue
                    text = row[c] if c < len(row) else ""
                    number = as_number(text)
                    if number is not None:
                        ws.write(r + dr, c, number[0], ruled_style(number[1]))
                    else:
                        ws.write(r + dr, c, text, ruled_style(None))
            for dr, c0, c1 in item.hspans:
                ws.merge(r + dr, r + dr, c0, c1, ruled_style(None))
            for c, r0, r1 in item.vspans:
                ws.merge(r + r0, r + r1, c, c, ruled_style(None))
            r += len(item.rows)
    wb.save(str(path))
    return path


# --- PDF -----------------------------------------------------------------------------------------

PDF_FONT = "STSong-Light"


def build_pdf(raw: RawDocument, path: Path) -> Path:
    # reportlab's built-in Adobe CID font needs no font file, and pdfplumber maps its glyphs back to
    # the same characters (checked by test_pdf_builder_text_round_trips).
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=9, leading=13, wordWrap="CJK", spaceAfter=3)
    cell_style = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=7, leading=9, wordWrap="CJK")

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\t", " ").replace("\n", "<br/>"), style)

    page = landscape(A4)
    margin = 36
    usable = page[0] - 2 * margin
    story = []
    for item in items(raw):
        if isinstance(item, str):
            story.append(para(item, body))
            continue
        data = [[para(row[c], cell_style) if c < len(row) and row[c] else "" for c in range(item.width)]
                for row in item.rows]
        widths = _column_widths(item, usable)
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        commands += [("SPAN", (c0, r), (c1, r)) for r, c0, c1 in item.hspans]
        commands += [("SPAN", (c, r0), (c, r1)) for c, r0, r1 in item.vspans]
        story.append(Table(data, colWidths=widths, style=TableStyle(commands)))
        story.append(Spacer(1, 6))
    SimpleDocTemplate(str(path), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                      bottomMargin=margin).build(story)
    return path


def _column_widths(block: TableBlock, usable: float) -> list[float]:
    # Wide enough for the longest unmerged text of each column, within the page.
    spanned = {(r, c) for r, c0, c1 in block.hspans for c in range(c0, c1 + 1)}
    need = [2.0] * block.width
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            if (r, c) not in spanned:
                need[c] = max(need[c], min(float(len(text)), 16.0))
    total = sum(need)
    return [usable * n / total for n in need]


def xls_bytes() -> bytes:
    """A small Excel 97 workbook (one sheet, one cell), written by xlwt."""
    import io

    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("表1").write(0, 0, "你好")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rename_stream(data: bytes, old: str, new: str) -> bytes:
    """Rename a stream in the compound file's directory, to fake what another program wrote."""
    entry = data.index(old.encode("utf-16-le") + b"\x00\x00")
    name = (new.encode("utf-16-le") + b"\x00\x00").ljust(64, b"\x00")
    size = len(new.encode("utf-16-le")) + 2
    return data[:entry] + name + size.to_bytes(2, "little") + data[entry + 66:]


def word97_bytes() -> bytes:
    """An OLE2 compound file whose stream is WordDocument: a Word 97-2003 .doc as a reader sniffs it."""
    return rename_stream(xls_bytes(), "Workbook", "WordDocument")
