"""The package as a Word document (python-docx): A4, Chinese fonts, the document in reading order.

The body is 宋体 (SimSun) and headings 黑体 (SimHei), set as the East Asian font of the styles, the
way Word itself marks Chinese text; where those fonts are missing (LibreOffice on Linux) the system
substitutes its own CJK font, Noto Serif/Sans CJK SC with Debian's fonts-noto-cjk. Each standard
table starts a new page, on a landscape page when it is wide; its header rows repeat on every page
and no row is split over a page break.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.errors import RenderError
from yusuan.package import Package
from yusuan.render.document import Form, Heading, PageBreak, Paragraph, StandardTable, TextGrid, Toc, items
from yusuan.render.from_disclosure import document_title
from yusuan.render.layout import AMOUNT, HEAD, LABEL, LANCI, SEQ, Grid

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
_MARGIN_MM = 20


def _set_fonts(style_or_run_element, east_asia: str, latin: str = LATIN_FONT) -> None:
    from docx.oxml.ns import qn

    fonts = style_or_run_element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # a theme font would win over the names below
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _styles(document) -> None:
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _set_fonts(normal.element, BODY_FONT)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, HEADING_FONT)
    # The Title style draws a rule under itself; a budget document's title is plain centred text.
    from docx.oxml.ns import qn

    ppr = document.styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _orient(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(_MARGIN_MM if not landscape else 15))


class _Writer:
    def __init__(self, document) -> None:
        self.doc = document
        self.landscape = False
        self.at_page_start = True

    # --- pages --------------------------------------------------------------------------------

    def new_page(self, landscape: bool | None = None) -> None:
        from docx.enum.section import WD_SECTION

        landscape = self.landscape if landscape is None else landscape
        if landscape != self.landscape:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            _orient(section, landscape)
            self.landscape = landscape
        elif not self.at_page_start:
            self.doc.add_page_break()
        self.at_page_start = True

    def usable_mm(self) -> float:
        return (297 - 30) if self.landscape else (210 - 2 * _MARGIN_MM)

    # --- text ---------------------------------------------------------------------------------

    def paragraph(self, text: str, *, style: str | None = None, align: str | None = None, bold: bool = False,
                  size: float | None = None, indent: bool = False, left_indent_chars: float = 0):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph(style=style)
        run = p.add_run(text)
        if bold:
            run.bold = True
        if size:
            run.font.size = Pt(size)
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent:
            p.paragraph_format.first_line_indent = Pt(22)
        if left_indent_chars:
            p.paragraph_format.left_indent = Pt(11 * left_indent_chars)
        self.at_page_start = False
        return p

    def meta_line(self, parts: list[str], width_mm: float) -> None:
        """Unit line at the left, 单位 at the right edge, anything else centred: one line, tab stops."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        p = self.doc.add_paragraph()
        stops = p.paragraph_format.tab_stops
        if len(parts) == 3:
            stops.add_tab_stop(Mm(width_mm / 2), WD_TAB_ALIGNMENT.CENTER)
        if len(parts) >= 2:
            stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
        run = p.add_run("\t".join(parts))
        run.font.size = Pt(9.5)
        p.paragraph_format.space_after = Pt(2)
        self.at_page_start = False

    # --- tables -------------------------------------------------------------------------------

    def grid(self, grid: Grid, font_size: float = 9) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        height = grid.height
        table = self.doc.add_table(rows=height, cols=grid.width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        cells = table._cells  # one object per grid position, before any merge
        total = sum(grid.col_widths) or 1.0
        widths = [Mm(self.usable_mm() * w / total) for w in grid.col_widths] if grid.col_widths else None
        if widths:
            for k, col in enumerate(table.columns):
                col.width = widths[k]
            for r in range(height):
                for k in range(grid.width):
                    cells[r * grid.width + k].width = widths[k]
        for r, tr in enumerate(table.rows):
            tr_pr = tr._tr.get_or_add_trPr()
            tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
            if r < grid.header_rows:
                tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        align = {AMOUNT: WD_ALIGN_PARAGRAPH.RIGHT, HEAD: WD_ALIGN_PARAGRAPH.CENTER, LANCI: WD_ALIGN_PARAGRAPH.CENTER,
                 SEQ: WD_ALIGN_PARAGRAPH.CENTER, LABEL: WD_ALIGN_PARAGRAPH.CENTER}
        spans = []
        for row in grid.rows():
            for cell in row:
                target = cells[cell.row * grid.width + cell.col]
                p = target.paragraphs[0]
                if cell.text:
                    run = p.add_run(cell.text)
                    run.font.size = Pt(font_size)
                    run.bold = cell.kind in (HEAD, LABEL)
                if cell.kind in align:
                    p.alignment = align[cell.kind]
                if cell.kind in (HEAD, LANCI):
                    _shade(target, "F0F0F0")
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if cell.rowspan > 1 or cell.colspan > 1:
                    spans.append((target, cells[(cell.row + cell.rowspan - 1) * grid.width
                                                + cell.col + cell.colspan - 1]))
        for first, last in spans:
            first.merge(last)
        self.at_page_start = False

    def note(self, text: str) -> None:
        from docx.shared import Pt

        p = self.paragraph(text, size=9.5)
        p.paragraph_format.space_before = Pt(4)


# Children of w:tcPr that must follow w:shd (the schema fixes their order; Word refuses others).
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _shade(cell, color: str) -> None:
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = tc_pr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): color})
    later = next((child for child in tc_pr if child.tag in {qn(t) for t in _AFTER_SHD}), None)
    if later is None:
        tc_pr.append(shd)
    else:
        later.addprevious(shd)


def write_docx(package: Package, path: str | Path) -> Path:
    import docx
    from docx.shared import Pt

    path = Path(path)
    document = docx.Document()
    _styles(document)
    _orient(document.sections[0], False)
    w = _Writer(document)
    first_heading = True
    for item in items(package):
        if isinstance(item, Heading):
            if first_heading and item.level == 1:
                w.paragraph(item.text, style="Title", align="center")
            else:
                w.paragraph(item.text, style=f"Heading {item.level}")
            first_heading = False
        elif isinstance(item, Paragraph):
            w.paragraph(item.text, indent=True, align="justify")
        elif isinstance(item, Toc):
            w.paragraph("目　录", align="center", bold=True, size=16)
            for entry in item.entries:
                w.paragraph(entry.text, left_indent_chars=2 * (entry.level - 1))
        elif isinstance(item, PageBreak):
            w.new_page(landscape=False)
        elif isinstance(item, TextGrid):
            w.grid(item.grid, font_size=10)
        elif isinstance(item, StandardTable):
            lay = item.layout
            w.new_page(landscape=lay.wide)
            p = w.paragraph(lay.title, align="center", bold=True, size=16)
            p.paragraph_format.space_after = Pt(6)
            if lay.meta:
                w.meta_line(lay.meta, w.usable_mm())
            w.grid(lay.grid)
            if lay.note:
                w.note(lay.note)
        elif isinstance(item, Form):
            if w.landscape:
                w.new_page(landscape=False)
            lay = item.layout
            w.paragraph(lay.title, align="center", bold=True, size=13)
            for m in lay.meta:
                w.paragraph(m, align="right", size=9.5)
            w.grid(lay.grid)
            w.paragraph("")
    props = document.core_properties
    props.title = document_title(package.disclosure)
    props.author = package.disclosure.department.name or ""
    try:
        document.save(str(path))
    except OSError as exc:
        raise RenderError(f"无法写入 DOCX 文件（{exc.strerror or exc}）", source=str(path)) from exc
    return path
