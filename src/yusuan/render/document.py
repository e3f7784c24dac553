"""A package's blocks resolved into what is printed, in reading order, for the DOCX and HTML writers.

Table and project blocks only point into the disclosure; here they become their layouts. A package
without blocks is printed as :func:`yusuan.render.from_disclosure.default_blocks` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.errors import RenderError
from yusuan.package import Block, Package
from yusuan.render.layout import (
    HEAD, TEXT, FormLayout, Grid, TableLayout, overall_layout, project_layout, table_layout, text_width, unit_line,
)


@dataclass
class Heading:
    text: str
    level: int
    anchor: str


@dataclass
class Paragraph:
    text: str


@dataclass
class TocEntry:
    text: str
    level: int  # 1, 2 for headings; 3 for a table or form
    anchor: str


@dataclass
class Toc:
    entries: list[TocEntry]


@dataclass
class TextGrid:
    grid: Grid


@dataclass
class PageBreak:
    pass


@dataclass
class Form:
    layout: FormLayout
    anchor: str
    kind: str  # "project" or "overall_targets"


@dataclass
class StandardTable:
    layout: TableLayout
    anchor: str


Item = Heading | Paragraph | Toc | TextGrid | PageBreak | Form | StandardTable


def blocks_of(package: Package) -> list[Block]:
    if package.blocks:
        return package.blocks
    from yusuan.render.from_disclosure import default_blocks

    return default_blocks(package.disclosure)


def items(package: Package) -> list[Item]:
    d = package.disclosure
    dept_line = unit_line(d.department.code, d.department.name)
    out: list[Item] = []
    toc_at: list[int] = []
    for n, block in enumerate(blocks_of(package)):
        anchor = f"b{n}"
        kind = block.kind
        if kind == "heading":
            out.append(Heading(block.text or "", min(max(block.level or 1, 1), 3), anchor))
        elif kind == "paragraph":
            if block.text:
                out.append(Paragraph(block.text))
        elif kind == "table":
            table = d.table(block.ref or "")
            if table is None:
                raise RenderError(f"文档块引用的表“{block.ref}”不在预算数据中")
            layout = table_layout(table, department_line=dept_line, year=d.year, assets_as_of=package.assets_as_of)
            out.append(StandardTable(layout, f"t-{table.id}"))
        elif kind in ("project", "overall_targets"):
            pool = d.projects if kind == "project" else d.overall_targets
            try:
                target = pool[int(block.ref or "")]
            except (ValueError, IndexError) as exc:
                what = "项目" if kind == "project" else "整体绩效目标"
                raise RenderError(f"文档块引用的{what}“{block.ref}”不在预算数据中") from exc
            form = project_layout(target, d.money_unit) if kind == "project" else overall_layout(target)
            out.append(Form(form, anchor, kind))
        elif kind == "grid":
            if block.rows:
                out.append(TextGrid(text_grid(block.rows)))
        elif kind == "toc":
            toc_at.append(len(out))
            out.append(Toc([]))
        elif kind == "page_break":
            out.append(PageBreak())
    for at in toc_at:
        entries = []
        for item in out[at + 1:]:
            if isinstance(item, Heading) and item.level <= 2:
                entries.append(TocEntry(item.text, item.level, item.anchor))
            elif isinstance(item, StandardTable):
                entries.append(TocEntry(item.layout.title, 3, item.anchor))
        out[at] = Toc(entries)
    return out


def text_grid(rows: list[list[str]]) -> Grid:
    """A small text table (the first row its header), each row padded to the widest."""
    width = max(len(r) for r in rows)
    grid = Grid(width=width, header_rows=1)
    for r, row in enumerate(rows):
        for c in range(width):
            grid.add(row[c] if c < len(row) else "", r, c, kind=HEAD if r == 0 else TEXT)
    grid.col_widths = [max(4.0, min(24.0, max(text_width(row[c]) for row in rows if c < len(row)) + 1))
                       for c in range(width)]
    return grid
