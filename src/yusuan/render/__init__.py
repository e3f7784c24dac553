"""Writers: a :class:`~yusuan.package.Package` laid out as XLSX, DOCX, HTML and PDF.

Every format prints the same layouts (:mod:`yusuan.render.layout`), and every file written reads
back with :func:`yusuan.extract` to the package's tables. :func:`write` writes the formats asked for;
:func:`yusuan.render.from_disclosure.package_of` lays out any extracted disclosure.
"""

from __future__ import annotations

import re
from pathlib import Path

from yusuan.errors import RenderError
from yusuan.package import Package

FORMATS = ("xlsx", "docx", "pdf", "html")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def default_stem(package: Package) -> str:
    d = package.disclosure
    kind = d.kind if d.kind in ("部门预算", "单位预算") else "部门预算"
    year = f"{d.year}年" if d.year else ""
    return f"{d.department.name or ''}{year}{kind}"


def write(package: Package, out_dir: str | Path, formats: tuple[str, ...] | list[str] | str = FORMATS,
          stem: str | None = None) -> dict[str, Path]:
    """Write the package in each of ``formats`` into ``out_dir`` as ``stem``.<format>; returns the paths."""
    if isinstance(formats, str):
        formats = (formats,)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RenderError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{'、'.join(FORMATS)}）")
    html = None
    if "pdf" in formats:
        from yusuan.render.html import render_html
        from yusuan.render.pdf import check_fonts

        html = render_html(package)
        # Before the folder or any file is made: a package that stops at its PDF would be half written.
        check_fonts(html)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"无法创建输出文件夹（{exc.strerror or exc}）", source=str(out)) from exc
    name = _UNSAFE.sub("_", (stem or default_stem(package)).strip()) or "预算"
    paths: dict[str, Path] = {}
    for fmt in dict.fromkeys(formats):  # each once, in the order asked
        path = out / f"{name}.{fmt}"
        if fmt == "xlsx":
            from yusuan.render.xlsx import write_xlsx

            paths[fmt] = write_xlsx(package, path)
        elif fmt == "docx":
            from yusuan.render.docx import write_docx

            paths[fmt] = write_docx(package, path)
        elif fmt in ("html", "pdf"):
            from yusuan.render.html import render_html

            html = html if html is not None else render_html(package)
            if fmt == "html":
                try:
                    path.write_text(html, encoding="utf-8")
                except OSError as exc:
                    raise RenderError(f"无法写入 HTML 文件（{exc.strerror or exc}）", source=str(path)) from exc
                paths[fmt] = path
            else:
                from yusuan.render.pdf import html_to_pdf

                paths[fmt] = html_to_pdf(html, path)
    return paths


__all__ = ["FORMATS", "RenderError", "default_stem", "write"]
