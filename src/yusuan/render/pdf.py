"""The package as PDF: the HTML page laid out by WeasyPrint on A4 pages with the Noto CJK fonts.

WeasyPrint is imported only here, when a PDF is asked for, so that the command line starts fast. A
missing WeasyPrint, a missing Pango library or a missing Chinese font is reported in Chinese with
what to install, never as a traceback. The fonts are checked before WeasyPrint sees the page: it
finds them only while laying out, too late to stop a PDF of boxes, and with no font at all Pango
crashes the process.
"""

from __future__ import annotations

import os
from pathlib import Path

from yusuan.errors import MissingFont, RenderError
from yusuan.package import Package

WEASYPRINT = "weasyprint==70.0"
_INSTALL_PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
INSTALL_FONT = ("Debian/Ubuntu：apt-get install fonts-noto-cjk；"
                "Fedora：dnf install google-noto-sans-cjk-fonts google-noto-serif-cjk-fonts；"
                "macOS、Windows：从 https://github.com/notofonts/noto-cjk/releases 下载 Noto Sans CJK SC 和 "
                "Noto Serif CJK SC 安装")
_EXAMPLES = 8  # characters quoted in the message; the rest are counted


def _weasyprint():
    try:
        import weasyprint
    except ImportError as exc:
        raise RenderError(f"生成 PDF 需要 WeasyPrint，请先安装：pip install {WEASYPRINT}") from exc
    except OSError as exc:  # the Python package is there but Pango (its text layout library) is not
        raise RenderError(f"生成 PDF 需要 Pango 文字排版库，请先安装：{_INSTALL_PANGO}") from exc
    return weasyprint


def check_fonts(html: str) -> None:
    """Refuse, before anything is laid out, a PDF whose characters some would print as empty boxes:
    no font the stylesheet's font-family lists lead to (fallbacks included) has them."""
    from yusuan.render.fonts import GENERIC, FontconfigMissing, coverage, page_text

    text, stacks = page_text(html)
    try:
        found = coverage(stacks, text)
    except FontconfigMissing as exc:  # fontconfig comes with Pango
        raise RenderError(f"生成 PDF 需要 Pango 文字排版库，请先安装：{_INSTALL_PANGO}") from exc
    if not found.missing:
        return
    wanted = "、".join(dict.fromkeys(s[0] for s in stacks if s and s[0].casefold() not in GENERIC)) or "中文字体"
    examples = "".join(f"“{c}”" for c in found.missing[:_EXAMPLES])
    count = len(found.missing)
    which = f"{examples}等 {count} 个字符" if count > _EXAMPLES else f"{examples}{'这个' if count == 1 else '这些'}字符"
    if found.installed:
        codes = "、".join(f"U+{ord(c):04X}" for c in found.missing[:_EXAMPLES])
        raise MissingFont(f"已安装的字体（{'、'.join(found.installed)}）和本机其他字体都没有{which}（{codes}）的字形，"
                          "PDF 中会显示为方框；请改写这些字符，或安装含有它们的字体后再生成 PDF")
    lead = ("没有找到任何字体（fontconfig 的配置里没有字体），无法排版 PDF" if found.font_count == 0
            else f"没有找到 PDF 使用的中文字体 {wanted}")
    raise MissingFont(f"{lead}：{which}没有字体能显示，PDF 中会是方框。请先安装 {wanted} 字体（{INSTALL_FONT}）")


def html_to_pdf(html: str, path: str | Path) -> Path:
    """Lay ``html`` out as a PDF at ``path``, which is written whole or not at all."""
    path = Path(path)
    check_fonts(html)
    weasyprint = _weasyprint()
    try:
        data = weasyprint.HTML(string=html).write_pdf()
    except OSError as exc:
        raise RenderError(f"生成 PDF 需要 Pango 文字排版库，请先安装：{_INSTALL_PANGO}") from exc
    try:
        _write_whole(path, data)
    except OSError as exc:
        raise RenderError(f"无法写入 PDF 文件（{exc.strerror or exc}）", source=str(path)) from exc
    return path


def _write_whole(path: Path, data: bytes) -> None:
    """Write beside ``path`` and rename, so that a full disk or an interruption leaves no partial PDF
    under the name a reader would open."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")  # open(), not mkstemp: the umask's permissions
    try:
        with open(part, "wb") as f:
            f.write(data)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def write_pdf(package: Package, path: str | Path, html: str | None = None) -> Path:
    if html is None:
        from yusuan.render.html import render_html

        html = render_html(package)
    return html_to_pdf(html, path)
