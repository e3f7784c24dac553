"""Catalogs a user brings: an official 政府收支分类科目 workbook imported for a year (yusuan catalog import),
the codes a corpus learned (yusuan catalog learn), and how the K rules use both."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import seed
from mutate import check_text, findings, replace_once, seed_text
from typer.testing import CliRunner

from yusuan import catalogs as cat
from yusuan.cli import app
from yusuan.rules import check

runner = CliRunner()

# Classes the seeds' 收支总表 print that the shipped partial catalogs lack (all real 功能分类 classes).
MORE_CLASSES = [(209, "社会保险基金支出"), (215, "资源勘探工业信息等支出"), (222, "粮油物资储备支出"),
                (223, "国有资本经营预算支出"), (224, "灾害防治及应急管理支出"), (229, "其他支出"),
                (231, "债务还本支出"), (234, "抗疫特别国债安排的支出")]


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("YUSUAN_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def official_2024(path: Path) -> Path:
    """A workbook laid out as the official ones are: a title row, then 科目编码/科目名称 on the 功能分类 sheet;
    类/款/科目名称 (款 as a number: 1 for 01) on the 经济分类 sheet; an income sheet, which is not imported."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "支出功能分类科目"
    ws.append(["2024年政府收支分类科目（支出功能分类）"])
    ws.append(["科目编码", "科目名称", "说明"])
    for code, e in sorted(cat.catalog("func", 2024).entries.items()):
        ws.append([int(code), e.name, ""])
    for code, name in MORE_CLASSES:
        ws.append([code, name, ""])
    ws.append([2014005, "信访接待", ""])
    ws.append(["20x01", "坏编码", ""])
    econ = wb.create_sheet("部门预算支出经济分类科目")
    econ.append(["类", "款", "科目名称"])
    for code, e in sorted(cat.catalog("dept_econ", 2024).entries.items()):
        econ.append([code, None, e.name] if len(code) == 3 else [None, int(code[3:]), e.name])
    income = wb.create_sheet("一般公共预算收入科目")
    income.append(["科目编码", "科目名称"])
    income.append(["101", "税收收入"])
    wb.save(path)
    return path


def test_import_an_official_workbook(home, tmp_path):
    wb = official_2024(tmp_path / "2024年政府收支分类科目.xlsx")
    result = runner.invoke(app, ["catalog", "import", str(wb), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("已导入 2024 年完整目录：支出功能分类科目 97 条（类 30、款 28、项 39）；"
                             f"部门预算支出经济分类科目 36 条（类 3、款 33）。保存在 {home / 'catalogs'}\n")
    assert result.stderr == ("未导入 2 行：工作表“支出功能分类科目” A100：编码“20x01”不是数字；"
                             "工作表“一般公共预算收入科目”是收入分类，未导入\n")
    c = cat.catalog("func", 2024)
    assert (c.complete, len(c.entries), c.get("2014005").name) == (True, 97, "信访接待")
    assert c.get("2014005").source == "2024年政府收支分类科目.xlsx 工作表“支出功能分类科目” A99"
    econ = cat.catalog("dept_econ", 2024)
    assert (econ.complete, econ.get("30201").name) == (True, "办公费")
    assert cat.catalog("func", 2025).complete is False  # other years keep the shipped catalogs
    listing = runner.invoke(app, ["catalog", "list"], env={"COLUMNS": "200"}).stdout
    assert "│ 支出功能分类科目         │ 2024 │   97 │ 完整   │ 导入：2024年政府收支分类科目.xlsx │" in listing
    assert "│ 支出功能分类科目         │ 2023 │   79 │ 不完整 │ 随附                              │" in listing
    rules = runner.invoke(app, ["rules"]).stdout.splitlines()[-1]
    assert rules == ("科目编码规则（K）使用的目录：支出功能分类科目 2023、2024（导入，完整）、2025；部门预算支出经济分类科目 "
                     "2023、2024（导入，完整）、2025；政府预算支出经济分类科目 2020。详见 yusuan catalog list。")


def test_the_k_rules_use_the_imported_catalog(home, tmp_path):
    runner.invoke(app, ["catalog", "import", str(official_2024(tmp_path / "k.xlsx")), "--year", "2024"])
    # a code the shipped partial catalog lacks, listed in the official one: no note any more
    text = seed_text("001").replace("2014004\t信访业务", "2014005\t信访接待")
    report = check_text(text, tmp_path, select=["K001"])
    assert report.findings == []
    # a code the complete catalog lacks is an error now, not a note
    report = check_text(seed_text("001").replace("2014004\t信访业务", "2014009\t信访业务"), tmp_path, select=["K001"])
    assert [(f.severity, f.table, f.row_code) for f in findings(report, "K001")] == [
        ("错误", "income_summary", "2014009"), ("错误", "expenditure_summary", "2014009"),
        ("错误", "general_budget_expenditure", "2014009")]
    assert findings(report, "K001")[0].message == (
        "2014009 信访业务：2024年支出功能分类科目中没有这个编码；目录中“信访业务”的编码是 2014004。")
    # a name contradicting the catalog stays an error
    report = check_text(replace_once(seed_text("001"), "2080501\t行政单位离退休", "2080501\t事业单位离退休"), tmp_path,
                        select=["K002"])
    assert [(f.severity, f.row_code) for f in findings(report, "K002")] == [("错误", "2080501")]
    # the 收支总表's blank template line 人行科目 is no class: a 警告, never an 错误, since it states no amount
    report = check(__import__("yusuan").extract(seed("001")), select=["K"])
    assert [(f.rule, f.severity, f.message) for f in report.findings] == [
        ("K006", "警告", "收支总表“三十一、人行科目”：2024年功能分类中没有名为“人行科目”的类（此行没有金额）。")]
    # removed, the shipped partial catalog is back: the unknown code is one note again
    assert runner.invoke(app, ["catalog", "remove", "--year", "2024"]).stdout == "已删除 2024 年导入的目录（2 个文件）\n"
    assert cat.catalog("func", 2024).complete is False


def test_a_partial_import_adds_to_the_shipped_catalog(home, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "功能分类"
    ws.append(["类", "款", "项", "科目名称"])
    ws.append(["201", None, None, "一般公共服务支出"])
    ws.append([None, "40", None, "信访事务"])
    ws.append([None, None, "5", "信访接待"])
    wb.save(tmp_path / "p.xlsx")
    result = runner.invoke(app, ["catalog", "import", str(tmp_path / "p.xlsx"), "--year", "2024", "--partial"])
    assert result.stdout.startswith("已导入 2024 年部分目录：支出功能分类科目 3 条（类 1、款 1、项 1）。")
    c = cat.catalog("func", 2024)
    assert (c.complete, len(c.entries), c.get("2014005").name, c.get("2014004").name) == (False, 89, "信访接待", "信访业务")


@pytest.mark.parametrize("rows,message", [
    ([["代码表"], ["a", "b"]], "没有找到科目目录的表头：应有“科目编码”和“科目名称”两栏，或“类”“款”“项”和“科目名称”栏（表头在工作表前 15 行内）"),
    ([["科目编码", "科目名称"], ["101", "税收收入"]], "没有读出任何支出功能分类或经济分类科目（工作表“Sheet” A2：101 不是支出功能分类或经济分类的编码）"),
])
def test_a_workbook_that_is_no_catalog_is_refused_in_chinese(home, tmp_path, rows, message):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "bad.xlsx")
    result = runner.invoke(app, ["catalog", "import", str(tmp_path / "bad.xlsx"), "--year", "2024"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：文件 {tmp_path / 'bad.xlsx'}：{message}"
    assert not (home / "catalogs").exists()


def test_a_missing_or_wrong_file_is_refused(home, tmp_path):
    result = runner.invoke(app, ["catalog", "import", str(tmp_path / "无.xlsx"), "--year", "2024"])
    assert (result.exit_code, result.stderr.strip()) == (2, f"错误：文件 {tmp_path / '无.xlsx'}：文件不存在")
    (tmp_path / "a.csv").write_text("科目编码,科目名称\n201,一般公共服务支出\n", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "import", str(tmp_path / "a.csv"), "--year", "2024"])
    assert result.stderr.strip() == f"错误：文件 {tmp_path / 'a.csv'}：科目目录应是 Excel 工作簿（.xlsx 或 .xls）"


# ------------------------------------------------------------------------------------------ learned


def test_the_corpus_learns_a_code_seen_in_enough_documents(home, tmp_path):
    from yusuan.store import open_store
    from yusuan.store.ingest import ingest

    base = seed_text("001")
    folder = tmp_path / "docs"
    folder.mkdir()
    for area in ("甲", "乙", "丙"):  # three departments print 2014005 信访接待, which no catalog lists
        text = base.replace("鹿泉区", f"{area}城区").replace("2014004\t信访业务", "2014005\t信访接待")
        (folder / f"{area}.txt").write_text(text, encoding="utf-8")
    (folder / "丁.txt").write_text(base.replace("鹿泉区", "丁城区").replace("2014004\t信访业务", "2014006\t来访接待"),
                                  encoding="utf-8")
    db = tmp_path / "c.duckdb"
    store = open_store(db)
    ingest(store, [folder])
    store.close()
    variant = tmp_path / "check"
    variant.mkdir()
    before = check_text(base.replace("2014004\t信访业务", "2014005\t信访接待"), variant, select=["K001"])
    assert [f.severity for f in before.findings] == ["提示"]
    result = runner.invoke(app, ["catalog", "learn", "--db", str(db)])
    assert result.stdout == f"已学到：2024年支出功能分类科目 1 个。保存在 {home / 'catalogs'}\n"
    assert cat.learned("func", 2024)["2014005"].source == f"文件库 {db}：3 份2024年文件如此印（文件编号 2、3、4）"  # 丁 is read first
    assert "2014006" not in cat.learned("func", 2024)  # one document only
    after = check_text(base.replace("2014004\t信访业务", "2014005\t信访接待"), variant, select=["K001"])
    assert after.findings == []
    # printed under another name than the corpus knows: a 警告 on its row, not a note
    other = check_text(replace_once(base, "2014004\t信访业务", "2014005\t来访登记"), variant, select=["K001"])
    assert [(f.severity, f.row_code) for f in other.findings] == [("警告", "2014005")]
    assert other.findings[0].message.endswith("；文件库中2024年的文件把 2014005 印作“信访接待”。")
    # four documents are too few at -n 4: nothing learned, the old learned codes of the year forgotten
    assert runner.invoke(app, ["catalog", "learn", "--db", str(db), "-n", "4"]).stdout == (
        "文件库中没有至少 4 份同一年度的文件以同一名称印出、而目录中没有的编码\n")
    assert cat.learned("func", 2024) == {}
