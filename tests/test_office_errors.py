"""Broken and odd files: one Chinese message naming the file, exit code 2, never a traceback."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from builders import build_docx, build_xlsx, read_seed, rename_stream, word97_bytes, xls_bytes
from conftest import seed
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.errors import NoBudgetContent, UnreadableDocument, YusuanError

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_001() -> Path:
    return seed("001")


@pytest.fixture(scope="module")
def office(seed_001, tmp_path_factory):
    """Good DOCX and XLSX versions of seed 001, to break in different ways."""
    out = tmp_path_factory.mktemp("office")
    raw = read_seed(seed_001)
    return {"docx": build_docx(raw, out / "good.docx"), "xlsx": build_xlsx(raw, out / "good.xlsx")}


def _cli_fails_cleanly(path: Path, message: str) -> None:
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"文件 {path}：{message}" in result.output


def _fails(path: Path, error: type[YusuanError], message: str) -> None:
    with pytest.raises(error) as info:
        yusuan.extract(path)
    assert info.value.source == str(path)
    assert info.value.describe() == f"文件 {path}：{message}"
    _cli_fails_cleanly(path, message)


@pytest.mark.parametrize("fmt, label", [("docx", "DOCX"), ("xlsx", "XLSX")])
def test_truncated_office_file(office, tmp_path, fmt, label):
    data = office[fmt].read_bytes()
    path = tmp_path / f"下载中断.{fmt}"
    path.write_bytes(data[: len(data) // 2])
    _fails(path, UnreadableDocument, f"{label} 文件已损坏或不完整，无法打开（不是有效的压缩包）")


@pytest.mark.parametrize("fmt, label, part", [("docx", "DOCX", "word/document.xml"),
                                              ("xlsx", "XLSX", "xl/worksheets/sheet2.xml")])
def test_damaged_member_inside_the_zip(office, tmp_path, fmt, label, part):
    # Bytes flipped inside one compressed part: the zip directory is intact, the part's data is not.
    data = bytearray(office[fmt].read_bytes())
    with zipfile.ZipFile(office[fmt]) as zf:
        info = zf.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0xFF
    path = tmp_path / f"损坏.{fmt}"
    path.write_bytes(bytes(data))
    _fails(path, UnreadableDocument, f"{label} 文件已损坏或不完整，无法打开（内部文件 {part} 已损坏）")


@pytest.mark.parametrize("fmt, label", [("docx", "DOCX"), ("xlsx", "XLSX")])
def test_random_bytes_with_office_name(tmp_path, fmt, label):
    path = tmp_path / f"乱码.{fmt}"
    path.write_bytes(random.Random(20240101).randbytes(4096))
    _fails(path, UnreadableDocument, f"{label} 文件已损坏或不完整，无法打开（不是有效的压缩包）")


def test_zip_that_is_not_an_office_file(tmp_path):
    path = tmp_path / "压缩包.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _fails(path, UnreadableDocument, "这不是 Word 文档（压缩包里没有 Word 文档内容）")
    xlsx = tmp_path / "压缩包.xlsx"
    xlsx.write_bytes(path.read_bytes())
    _fails(xlsx, UnreadableDocument, "这不是 Excel 工作簿（压缩包里没有工作表内容）")


def test_broken_xml_inside_a_valid_zip(office, tmp_path):
    path = tmp_path / "坏XML.docx"
    with zipfile.ZipFile(office["docx"]) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:500] if item.filename == "word/document.xml" else data)
    _fails(path, UnreadableDocument, "DOCX 文件已损坏或不完整，无法打开（文档内容无法解析）")


def test_broken_sheet_is_named(office, tmp_path):
    path = tmp_path / "坏工作表.xlsx"
    with zipfile.ZipFile(office["xlsx"]) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:300] if item.filename == "xl/worksheets/sheet3.xml" else data)
    with pytest.raises(UnreadableDocument) as err:
        yusuan.extract(path)
    assert err.value.describe() == f"文件 {path}，工作表“部门预算收入总表”：XLSX 文件已损坏或不完整，这张工作表的内容无法解析"
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "工作表“部门预算收入总表”" in result.output


@pytest.mark.parametrize("name", ["空.txt", "空.docx", "空.xlsx", "空.xls"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    _fails(path, UnreadableDocument, "文件为空，没有可读取的内容")


def test_gb18030_text_reads_like_utf8(seed_001, tmp_path):
    path = tmp_path / "国标编码.txt"
    path.write_bytes(seed_001.read_text(encoding="utf-8").encode("gb18030"))
    want, got = yusuan.extract(seed_001), yusuan.extract(path)
    assert got.format == "text"
    assert (got.department.code, got.department.name, got.year) == ("542", "石家庄市鹿泉区信访局", 2024)
    assert [t.model_dump(exclude={"source"}) | {"rows": [r.model_dump() for r in t.rows]} for t in got.tables] == \
        [t.model_dump(exclude={"source"}) | {"rows": [r.model_dump() for r in t.rows]} for t in want.tables]
    assert [p.model_dump(exclude={"source"}) for p in got.projects] == \
        [p.model_dump(exclude={"source"}) for p in want.projects]
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert '"name": "石家庄市鹿泉区信访局"' in result.stdout


def test_docx_without_budget_content(tmp_path):
    import docx

    path = tmp_path / "问候.docx"
    document = docx.Document()
    document.add_paragraph("你好")
    document.save(path)
    _fails(path, NoBudgetContent, "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件")


def test_xlsx_without_budget_content(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "问候.xlsx"
    wb = Workbook()
    wb.active["A1"] = "你好"
    wb.active["A2"] = "姓名"
    wb.active["B2"] = "张三"
    wb.save(path)
    _fails(path, NoBudgetContent, "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件")


def test_xlsx_with_no_cells_at_all(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "空白工作簿.xlsx"
    Workbook().save(path)
    _fails(path, NoBudgetContent, "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件")


# --- .xls (OLE) containers -----------------------------------------------------------------------


def test_truncated_xls(tmp_path):
    data = xls_bytes()
    path = tmp_path / "截断.xls"
    path.write_bytes(data[:700])
    _fails(path, UnreadableDocument, "XLS 文件已损坏或不完整，无法打开")


def _convert(path: Path) -> str:
    return (f"请先转换为 .docx 再读取，如用 LibreOffice：soffice --headless --convert-to docx --outdir {path.parent} "
            f"{path}（或在 Word、WPS 中另存为 .docx）")


def test_old_word_doc_and_encrypted_workbook_are_named(tmp_path):
    data = xls_bytes()
    doc = tmp_path / "旧版.doc"
    doc.write_bytes(word97_bytes())
    _fails(doc, UnreadableDocument, f"这是旧版 Word 文档（Word 97-2003 .doc），yusuan 不能直接读取；{_convert(doc)}")
    for name in ("旧版.xls", "旧版改名.docx"):  # a Word 97 file under another name is told apart by what it holds
        misnamed = tmp_path / name
        misnamed.write_bytes(word97_bytes())
        _fails(misnamed, UnreadableDocument,
               f"这是旧版 Word 文档（Word 97-2003 .doc），yusuan 不能直接读取；{_convert(misnamed)}")
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(rename_stream(data, "Workbook", "EncryptedPackage"))
    _fails(locked, UnreadableDocument, "文件设有打开密码（已加密），请在 Excel 中取消密码后另存为 .xlsx 再读取")


def test_xls_without_budget_content(tmp_path):
    path = tmp_path / "问候.xls"
    path.write_bytes(xls_bytes())
    _fails(path, NoBudgetContent, "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件")


def test_doc_and_wps_are_judged_by_content(tmp_path):
    """By the bytes, not the name: Word 97 and RTF need converting (never "XLS 已损坏"); a text export, a
    workbook or a .docx under a .doc name is read as what it is."""
    wps = tmp_path / "通知.wps"
    wps.write_bytes(word97_bytes())
    _fails(wps, UnreadableDocument, f"这是WPS 文字文档（.wps），yusuan 不能直接读取；{_convert(wps)}")
    rtf = tmp_path / "另存为.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}\\par 2024\\'c4\\'ea}")
    _fails(rtf, UnreadableDocument, f"这是RTF 文档，yusuan 不能直接读取；{_convert(rtf)}")
    text = tmp_path / "预算.doc"
    text.write_bytes(seed("001").read_bytes())
    d, want = yusuan.extract(text), yusuan.extract(seed("001"))
    assert d.format == "text" and d.tables == want.tables and d.narrative == want.narrative
    book = tmp_path / "问候.doc"
    book.write_bytes(xls_bytes())
    _fails(book, NoBudgetContent, "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件")
    result = runner.invoke(app, ["extract", str(text), str(book)])
    assert "XLS" not in result.output and "Word" not in result.output
