"""The `yusuan extract` command: outputs, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from conftest import seed
from typer.testing import CliRunner

from yusuan.cli import app

runner = CliRunner()


def test_json_to_stdout_keeps_printed_precision():
    result = runner.invoke(app, ["extract", str(seed("001"))])
    assert result.exit_code == 0, result.output
    assert '"total": 506.10' in result.stdout
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["department"] == {"code": "542", "name": "石家庄市鹿泉区信访局", "nature": "行政"}
    assert data["year"] == 2024 and data["kind"] == "部门预算" and data["money_unit"] == "万元"
    summary = next(t for t in data["tables"] if t["id"] == "expenditure_summary")
    assert summary["rows"][1] == {
        "seq": 2, "side": None, "block": None, "code": "201", "unit_code": None, "item": None, "name": "一般公共服务支出",
        "values": {"total": Decimal("506.10"), "basic": Decimal("308.10"), "project": Decimal("198.00"),
                   "operating_expenditure": None, "remit_to_superior": None, "subsidy_to_affiliates": None},
        "text": {}, "source": {"file": None, "page": None, "line": 141, "cell": None}}
    assert data["narrative"]["income_total"]["value"] == Decimal("647.23")
    assert data["projects"][0]["indicators"][0]["value"] == "≥100人"


def test_csv_long_format(tmp_path):
    result = runner.invoke(app, ["extract", str(seed("002")), "--format", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / f"{seed('002').stem}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    hit = [r for r in rows if r["table"] == "general_budget_basic_expenditure" and r["code"] == "30239"
           and r["column"] == "public"]
    assert [(h["name"], h["value"], h["line"]) for h in hit] == [("其他交通费用", "7.74", "1253")]


def test_xlsx_output(tmp_path):
    from openpyxl import load_workbook

    result = runner.invoke(app, ["extract", str(seed("001")), "--format", "xlsx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(tmp_path / f"{seed('001').stem}.xlsx")
    ws = wb["three_public_expenses"]
    assert [c.value for c in ws[3]][:5] == [1, None, None, "合计", 2.9]
    assert ws["E3"].number_format == "0.00"
    assert wb["概况"]["B3"].value == "石家庄市鹿泉区信访局"


def test_xlsx_needs_an_output_folder():
    result = runner.invoke(app, ["extract", str(seed("001")), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "需要用 -o 指定输出目录" in result.output


def test_unreadable_files_exit_2_in_chinese_and_others_still_run(tmp_path):
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "数据.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    chat = tmp_path / "闲聊.txt"
    chat.write_text("今天天气很好。\n我们去公园散步吧。\n", encoding="utf-8")
    missing = tmp_path / "不存在.txt"
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(empty), str(binary), str(chat), str(missing), str(seed("000")),
                                 "-o", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"文件 {empty}：文件为空" in result.output
    assert f"文件 {binary}：这是二进制文件" in result.output
    assert f"文件 {chat}：没有找到任何预算公开表格" in result.output
    assert f"文件 {missing}：文件不存在" in result.output
    assert (out / f"{seed('000').stem}.json").exists()


def test_gb18030_and_bom_text_read_like_utf8(tmp_path):
    import yusuan

    original = seed("001").read_text(encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(original.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    want = yusuan.extract(seed("001"))
    for path in (gb, bom):
        got = yusuan.extract(path)
        assert [t.model_dump(exclude={"source"}) for t in got.tables] == \
            [t.model_dump(exclude={"source"}) for t in want.tables]
        assert got.department == want.department


def test_text_cut_mid_character_reads_up_to_the_cut(tmp_path):
    """A truncated download ends inside a multi-byte character: the text before it is read."""
    import yusuan

    data = seed("001").read_bytes()
    for encoding, raw in (("utf-8", data), ("gb18030", data.decode("utf-8").encode("gb18030"))):
        marker = "单位：万元".encode(encoding)
        third = raw.index(marker, raw.index(marker, raw.index(marker) + 1) + 1)
        path = tmp_path / f"cut-{encoding}.txt"
        path.write_bytes(raw[:third + 1])  # inside 单 of the third table's unit line
        got = yusuan.extract(path)
        full = yusuan.extract(seed("001"))
        assert got.department.name == full.department.name
        assert [t.id for t in got.tables] == ["income_expenditure_summary"]  # its two pages end before the cut
        assert got.tables[0].rows == full.tables[0].rows
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "C001" in result.output


def test_tables_lists_every_table_id():
    from yusuan.recognize.titles import SPECS

    result = runner.invoke(app, ["tables"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for spec in SPECS:
        assert spec.id in result.stdout
    assert "income_expenditure_summary" in result.stdout and "收支总表" in result.stdout


def test_extract_a_folder_keeps_files_of_the_same_name_apart(tmp_path):
    import shutil

    for folder, s in (("a", "001"), ("b", "002")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        shutil.copy(seed(s), tmp_path / "in" / folder / "预算.txt")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["预算-2.json", "预算.json"]
    first = json.loads((tmp_path / "out" / "预算.json").read_text(encoding="utf-8"))
    assert first["source"] == str(tmp_path / "in" / "a" / "预算.txt")


def test_output_folder_that_is_an_existing_file_is_refused(tmp_path):
    taken = tmp_path / "结果"
    taken.write_text("别人的文件", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(seed("001")), "-o", str(taken)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr == f"错误：-o {taken} 是一个已有的文件，不是文件夹；请给出输出文件夹，如 -o {tmp_path / '提取结果'}\n"
    assert taken.read_text(encoding="utf-8") == "别人的文件"
