"""PDF files that cannot be read: one Chinese message naming the file (and page), exit code 2, no traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner
from conftest import real

import yusuan
from yusuan.cli import app
from yusuan.errors import UnreadableDocument

runner = CliRunner()

CORRUPT = "PDF 文件已损坏或不完整，无法读取"
NEEDS_OCR = "该 PDF 没有文字层（可能是扫描件），需要OCR后才能读取"


def _fails(path: Path, message: str, place: str | None = None) -> None:
    with pytest.raises(UnreadableDocument) as info:
        yusuan.extract(path)
    assert info.value.source == str(path)
    assert info.value.place == place
    prefix = f"文件 {path}" + (f"，{place}" if place else "")
    assert info.value.describe() == f"{prefix}：{message}"
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"{prefix}：{message}" in result.output


def _text_pdf(path: Path, pages: list[list[str]], compress: bool = False, **kwargs) -> Path:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # plain Flate streams, as most producers write them
    try:
        c = canvas.Canvas(str(path), pageCompression=int(compress), **kwargs)
        for lines in pages:
            c.setFont("STSong-Light", 12)
            for i, line in enumerate(lines):
                c.drawString(72, 760 - 20 * i, line)
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = a85
    return path


LINES = ["2024年部门预算编制说明", "2024年，本部门收入预算647.23万元，支出预算647.23万元。"]


def test_truncated_real_pdf(tmp_path):
    data = real("02").read_bytes()
    path = tmp_path / "下载中断.pdf"
    path.write_bytes(data[: len(data) * 2 // 3])
    _fails(path, f"{CORRUPT}（文件末尾缺少 %%EOF，可能没有下载完整）")


def test_truncated_generated_pdf(tmp_path):
    good = _text_pdf(tmp_path / "good.pdf", [LINES, LINES])
    data = good.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) - 200])  # the cross-reference table and trailer are gone
    _fails(path, f"{CORRUPT}（文件末尾缺少 %%EOF，可能没有下载完整）")


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "随机.pdf"
    path.write_bytes(random.Random(7).randbytes(20000))
    _fails(path, "这不是有效的 PDF 文件（开头没有 %PDF 标记），可能已损坏或扩展名有误")


def test_pdf_header_over_garbage(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(8).randbytes(20000) + b"\n%%EOF\n")
    _fails(path, f"{CORRUPT}（文件结构无法解析）")


def test_page_with_broken_content_stream(tmp_path):
    """pdfminer silently reads a broken compressed stream as empty; the page must not vanish."""
    good = _text_pdf(tmp_path / "good.pdf", [LINES, LINES * 10], compress=True)
    data = bytearray(good.read_bytes())
    second = data.rfind(b"stream\n", 0, data.rfind(b"endstream")) + len(b"stream\n")
    for i in range(second + 30, second + 50):
        data[i] ^= 0x55
    path = tmp_path / "broken-page.pdf"
    path.write_bytes(bytes(data))
    _fails(path, f"{CORRUPT}（这一页的内容数据已损坏，无法解压）", place="第 2 页")


def test_scanned_pdf_without_text_layer(tmp_path):
    from PIL import Image  # pdfplumber's own dependency
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "扫描件.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 400, 300, 300, fill=1)
    c.drawImage(ImageReader(Image.new("L", (64, 64), 128)), 72, 72, 200, 200)  # the "scanned" page
    c.showPage()
    c.save()
    _fails(path, NEEDS_OCR)


def test_password_protected_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = _text_pdf(tmp_path / "加密.pdf", [LINES], encrypt=StandardEncryption("user-secret", "owner-secret"))
    _fails(path, "PDF 文件已加密，需要密码才能打开；请先解除密码保护")


def test_owner_password_only_pdf_is_read(tmp_path):
    """Many published PDFs forbid editing with an owner password but open without one."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    from yusuan.read import read_document

    path = tmp_path / "限制编辑.pdf"
    # A standard Latin font: pdfminer cannot map the CID font of an encrypted reportlab file back to text.
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("", "owner-secret", canModify=0))
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Budget 2024: income 647.23")
    c.save()
    assert [ln.text for ln in read_document(path).lines] == ["Budget 2024: income 647.23"]
