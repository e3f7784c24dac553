"""The package as PDF: the HTML page laid out by WeasyPrint on A4 pages with the Noto CJK fonts.

WeasyPrint is imported only here, when a PDF is asked for, so that the command line starts fast. A
missing WeasyPrint, a missing Pango library or a missing Chinese font is reported in Chinese with
what to install, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.errors import RenderError
from yusuan.package import Package

WEASYPRINT = "weasyprint==70.0"
_INSTALL_PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
_INSTALL_FONT = "apt-get install fonts-noto-cjk"
# Fonts whose names show they carry Chinese glyphs (as embedded: "Noto-Serif-CJK-SC", "SimSun" …).
_CJK_FONT_MARKS = ("cjk", "simsun", "simhei", "song", "hei", "kai", "fang", "han", "ming", "yahei", "pingfang",
                   "wenquanyi", "wqy", "ukai", "uming", "droidsansfallback")


def _weasyprint():
    try:
        import weasyprint
    except ImportError as exc:
        raise RenderError(f"生成 PDF 需要 WeasyPrint，请先安装：pip install {WEASYPRINT}") from exc
    except OSError as exc:  # the Python package is there but Pango (its text layout library) is not
        raise RenderError(f"生成 PDF 需要 Pango 文字排版库，请先安装：{_INSTALL_PANGO}") from exc
    return weasyprint


def html_to_pdf(html: str, path: str | Path) -> Path:
    path = Path(path)
    weasyprint = _weasyprint()
    try:
        document = weasyprint.HTML(string=html).render()
    except OSError as exc:
        raise RenderError(f"生成 PDF 需要 Pango 文字排版库，请先安装：{_INSTALL_PANGO}") from exc
    _check_fonts(document)
    try:
        document.write_pdf(str(path))
    except OSError as exc:
        raise RenderError(f"无法写入 PDF 文件（{exc.strerror or exc}）", source=str(path)) from exc
    return path


def _check_fonts(document) -> None:
    """Refuse to write a PDF whose Chinese text would be drawn as empty boxes: no font with Chinese
    glyphs was found on this machine."""
    names = [_font_name(f).lower() for f in getattr(document, "fonts", {}).values()]
    if names and not any(mark in name for name in names for mark in _CJK_FONT_MARKS):
        raise RenderError(f"没有找到中文字体（Noto Sans/Serif CJK SC），PDF 里的汉字会显示为方框；请先安装：{_INSTALL_FONT}")


def _font_name(font) -> str:
    name = getattr(font, "name", b"")
    if isinstance(name, bytes):
        name = name.decode("latin-1", "replace")
    return str(name)


def write_pdf(package: Package, path: str | Path, html: str | None = None) -> Path:
    if html is None:
        from yusuan.render.html import render_html

        html = render_html(package)
    return html_to_pdf(html, path)
