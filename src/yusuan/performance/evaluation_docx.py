"""The 绩效自评表 as a Word document: the summary, then each table on its own page."""

from __future__ import annotations

from pathlib import Path

from yusuan.performance.scoring import Evaluation
from yusuan.performance.tables import Grid, grids

FONT = "宋体"


def _east_asian(run, font: str = FONT) -> None:
    from docx.oxml.ns import qn

    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def write_evaluation_docx(ev: Evaluation, path: str | Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    path = Path(path)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = doc.styles["Normal"]
    style.font.size = Pt(9)
    for n, g in enumerate(grids(ev)):
        if n:
            doc.add_page_break()
        _grid(doc, g, WD_ALIGN_PARAGRAPH, Pt)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _grid(doc, g: Grid, WD_ALIGN_PARAGRAPH, Pt) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(g.title)
    run.bold = True
    run.font.size = Pt(16)
    _east_asian(run, "黑体")
    if g.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _east_asian(p.add_run(g.subtitle))
    table = doc.add_table(rows=len(g.rows), cols=g.width)
    table.style = "Table Grid"
    for r, row in enumerate(g.rows):
        col = 0
        for cell in row:
            target = table.cell(r, col)
            if cell.span > 1:
                target = target.merge(table.cell(r, col + cell.span - 1))
            para = target.paragraphs[0]
            if cell.number:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif cell.head:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(cell.text)
            run.bold = cell.head
            _east_asian(run)
            col += cell.span
    for note in g.notes:
        _east_asian(doc.add_paragraph().add_run(note))
