"""The package as one self-contained HTML page (inline CSS, no external assets), also the PDF's source.

On screen it is a department's web page; its print stylesheet lays out A4 pages: each standard
table starts a page (wide ones on a landscape page), header rows repeat at the top of every page a
table runs onto, rows are never cut in two, and the 目录 gets page numbers. All text is escaped by
jinja2's autoescape.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.package import Package
from yusuan.render.document import (
    Form, Heading, PageBreak, Paragraph, StandardTable, TextGrid, Toc, items,
)
from yusuan.render.from_disclosure import document_title
from yusuan.render.layout import Grid

# Families by name, as fontconfig knows them: Noto CJK (Debian fonts-noto-cjk) first, then the
# fonts a reader's own computer is likely to have.
SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "宋体", serif'
SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "微软雅黑", sans-serif'


def _grid(grid: Grid) -> dict:
    rows = []
    for cells in grid.rows():
        rows.append([{"text": c.text, "rowspan": c.rowspan, "colspan": c.colspan, "kind": c.kind} for c in cells])
    total = sum(grid.col_widths) or 1.0
    widths = [round(100 * w / total, 2) for w in grid.col_widths] if grid.col_widths else []
    return {"head": rows[:grid.header_rows], "body": _groups(grid, rows), "widths": widths}


def _groups(grid: Grid, rows: list[list[dict]]) -> list[dict]:
    """Body rows in groups: rows joined by a cell spanning down them are kept on one page (a merged
    cell cut by a page break would print its text on one part only, or outside the table)."""
    ends = list(range(len(rows)))  # the last row each row is tied to
    for c in grid.cells:
        if c.rowspan > 1 and c.row >= grid.header_rows:
            for r in range(c.row, c.row + c.rowspan):
                ends[r] = max(ends[r], c.row + c.rowspan - 1)
    groups: list[dict] = []
    r = grid.header_rows
    while r < len(rows):
        end = ends[r]
        k = r
        while k <= end:
            end = max(end, ends[k])
            k += 1
        keep = end > r
        if not keep and groups and not groups[-1]["keep"]:
            groups[-1]["rows"].append(rows[r])
        else:
            groups.append({"keep": keep, "rows": rows[r:end + 1]})
        r = end + 1
    return groups


def context(package: Package) -> dict:
    d = package.disclosure
    out = []
    for item in items(package):
        if isinstance(item, Heading):
            out.append({"kind": "heading", "text": item.text, "level": item.level, "anchor": item.anchor})
        elif isinstance(item, Paragraph):
            out.append({"kind": "paragraph", "text": item.text})
        elif isinstance(item, Toc):
            out.append({"kind": "toc", "entries": [{"text": e.text, "level": e.level, "anchor": e.anchor}
                                                   for e in item.entries]})
        elif isinstance(item, PageBreak):
            out.append({"kind": "page_break"})
        elif isinstance(item, TextGrid):
            out.append({"kind": "grid", "grid": _grid(item.grid)})
        elif isinstance(item, StandardTable):
            lay = item.layout
            out.append({"kind": "table", "anchor": item.anchor, "title": lay.title, "meta": lay.meta,
                        "grid": _grid(lay.grid), "note": lay.note, "wide": lay.wide, "id": lay.table_id})
        elif isinstance(item, Form):
            lay = item.layout
            out.append({"kind": "form", "anchor": item.anchor, "title": lay.title, "meta": lay.meta,
                        "grid": _grid(lay.grid)})
    return {"title": document_title(d), "items": out, "serif": SERIF, "sans": SANS,
            "department": d.department.name or "", "year": d.year}


def render_html(package: Package) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("yusuan.render", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True), trim_blocks=True,
                      lstrip_blocks=True)
    return env.get_template("package.html.j2").render(**context(package))


def write_html(package: Package, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_html(package), encoding="utf-8")
    return path
