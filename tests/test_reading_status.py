"""Honest checking: what yusuan could not read is said once, a blank is not 0, and a table read with
doubts never yields 错误.

The documents are seed 001 with one reading problem made at a time: a column read from the wrong
place (every row's 项目支出 holding its 合计), a blank 合计 cell, a table whose title no standard
table has.
"""

from __future__ import annotations

import re
from decimal import Decimal

from mutate import check_text, findings, outcome, replace_once, seed_text

import yusuan

GB = "## 部门预算一般公共预算财政拨款支出表"
EXPENDITURE = "## 部门预算支出总表"
INCOME = "## 部门预算收入总表"


def _misread_project_column(text: str) -> str:
    """Every row of the general-budget table that prints no 项目支出 gets its 合计 there, as when a
    reader takes the 合计 column twice."""
    a = text.index(GB)
    b = text.index("\n## ", a + 1)
    section = re.sub(r"^(\d+\t\d*\t[^\t\n]+\t)([\d.]+)\t([\d.]+)\t$", r"\1\2\t\3\t\2", text[a:b], flags=re.M)
    return text[:a] + section + text[b:]


def test_a_misread_table_is_doubtful_and_its_findings_are_warnings(tmp_path):
    path = tmp_path / "misread.txt"
    path.write_text(_misread_project_column(seed_text("001")), encoding="utf-8")
    d = yusuan.extract(path)
    t = d.table("general_budget_expenditure")
    assert t.reading == "doubtful"
    assert t.doubts == ["19 行中有 10 行的“合计”不等于其各组成栏之和，栏目可能没有读对",
                        "11 处上下级科目中有 3 处不相加，行或栏目可能没有读对"]
    assert all(other.reading == "read" and other.doubts == [] for other in d.tables if other is not t)

    from yusuan.rules import check

    report = check(d)
    [r001] = findings(report, "R001")
    assert (r001.severity, r001.table, r001.source.line) == ("警告", "general_budget_expenditure", t.source.line)
    assert r001.message == ("部门预算一般公共预算财政拨款支出表读取存疑：19 行中有 10 行的“合计”不等于其各组成栏之和，"
                            "栏目可能没有读对；11 处上下级科目中有 3 处不相加，行或栏目可能没有读对。"
                            "依据这张表的核对结果只作警告，请对照原表核实。")
    on_table = [f for f in report.findings if f.table == "general_budget_expenditure" and f.rule != "R001"]
    assert [(f.rule, f.row_code) for f in on_table] == [
        ("S002", "2014001"), ("S002", "20805"), ("S002", "2080501"), ("S002", "2080505"), ("S002", "210"),
        ("S002", "21011"), ("S002", "2101101"), ("S002", "221"), ("S002", "22102"), ("S002", "2210201"),
        ("S003", "20140"), ("S003", "208"), ("S004", None)]
    assert {f.severity for f in on_table} == {"警告"}
    assert all(f.message.endswith("（部门预算一般公共预算财政拨款支出表读取存疑（19 行中有 10 行的“合计”不等于其各组成栏"
                                  "之和，栏目可能没有读对），本条只作警告，请对照原表核实。）") for f in on_table)
    # The one 错误 left is the seed's own mistake (its 三公 change against its items).
    assert [(f.rule, f.severity) for f in report.findings if f.severity == "错误"] == [("N003", "错误")]


def test_a_real_mistake_in_one_row_leaves_the_table_read(tmp_path):
    text = replace_once(seed_text("001"), "506.10\t308.10\t198.00", "506.10\t308.10\t190.00", after=GB)
    path = tmp_path / "one-row.txt"
    path.write_text(text, encoding="utf-8")
    d = yusuan.extract(path)
    assert d.table("general_budget_expenditure").reading == "read"
    report = check_text(text, tmp_path, select=["S002", "R001"])
    assert [(f.rule, f.severity, f.row_code) for f in report.findings] == [("S002", "错误", "201")]


def test_a_blank_total_is_not_zero(tmp_path):
    # The 支出总表's 合计 cell left blank: no table says 0, so X001 has nothing to compare it with.
    text = replace_once(seed_text("001"), "1\t\t合计\t647.23\t425.52\t221.71", "1\t\t合计\t\t425.52\t221.71",
                        after=EXPENDITURE)
    report = check_text(text, tmp_path, select=["X001", "S002", "S004", "N001"])
    assert findings(report, "X001") == []
    assert outcome(report, "X001") == "通过"  # the income side still compares
    assert [f.column for f in findings(report, "S004")] == []
    assert findings(report, "N001") == []


def test_an_unrecognised_table_is_named_once_and_the_missing_table_is_not_an_error(tmp_path):
    text = replace_once(seed_text("001"), INCOME, "## 部门预算收入情况明细")
    path = tmp_path / "unplaced.txt"
    path.write_text(text, encoding="utf-8")
    d = yusuan.extract(path)
    assert d.table("income_summary") is None
    assert [(u.title, u.source.line) for u in d.unplaced_tables] == [("部门预算收入情况明细", 88)]

    from yusuan.rules import check

    report = check(d, select=["C001", "R002"])
    [r002] = findings(report, "R002")
    assert (r002.severity, r002.source.line) == ("警告", 88)
    assert r002.message == "以下表格未能识别为标准表，没有核对：“部门预算收入情况明细”（第 88 行），共 1 张。请对照原文核实。"
    [c001] = findings(report, "C001")
    assert c001.severity == "警告"
    assert c001.message == ("没有认出这些必须公开的表：收入总表。文件中有 1 张表未能识别（见 R002），它们可能就在其中，"
                            "请对照原文核实；确未公开的，按规定必须公开。")


def test_a_missing_table_with_nothing_unplaced_is_an_error(tmp_path):
    text = seed_text("001")
    start, end = text.index(INCOME), text.index(EXPENDITURE)
    report = check_text(text[:start] + text[end:], tmp_path, select=["C001", "R002"])
    assert [(f.rule, f.severity, f.table) for f in report.findings] == [("C001", "错误", "income_summary")]
    assert outcome(report, "R002") == "通过"


def test_unplaced_tables_are_in_the_extraction_json(tmp_path):
    from yusuan.export import to_json

    path = tmp_path / "unplaced.txt"
    path.write_text(replace_once(seed_text("001"), INCOME, "## 部门预算收入情况明细"), encoding="utf-8")
    text = to_json(yusuan.extract(path))
    assert '"unplaced_tables": [\n    {\n      "title": "部门预算收入情况明细"' in text
    assert '"reading": "read"' in text and '"doubts": []' in text


def test_a_figure_printed_coarser_carries_its_own_rounding(tmp_path):
    # 201 printed in whole 万元 over parts printed to the cent: 506 may stand for 506.10 (±0.5) …
    text = replace_once(seed_text("001"), "506.10\t308.10\t198.00", "506\t308.10\t198.00", after=GB)
    assert findings(check_text(text, tmp_path, select=["S002", "S003", "S004"]), "S002") == []
    # … but not for anything more than half a unit away from what its parts add up to.
    text = replace_once(seed_text("001"), "506.10\t308.10\t198.00", "507\t308.10\t198.00", after=GB)
    report = check_text(text, tmp_path, select=["S002"])
    assert [(f.rule, f.row_code, f.expected, f.actual) for f in report.findings] == [
        ("S002", "201", Decimal("506.10"), Decimal("507"))]


def test_tolerance_follows_each_figures_precision():
    from yusuan.rules.rounding import tolerance

    assert tolerance([Decimal("308.10"), Decimal("198.00")], Decimal("506.10")) == Decimal("0.010")
    assert tolerance([Decimal("308.10"), Decimal("0.00")], Decimal("308.10")) == Decimal("0.005")
    assert tolerance([Decimal("22118000.34"), Decimal("861.00")], Decimal("22118861")) == Decimal("0.505")
    assert tolerance([], Decimal("12")) == Decimal("0.5")


def test_a_flat_list_of_items_leaves_no_class_unlisted(tmp_path):
    # The 支出总表 printed as a flat list of 项 (no 类 and 款 rows, as some regions print it): the other
    # tables' 类 and 款 rows are not "missing" from it — they were 20 false 错误 (X002, X009).
    text = seed_text("001")
    a = text.index(EXPENDITURE)
    b = text.index("\n## ", a + 1)
    flat = "\n".join(ln for ln in text[a:b].split("\n") if not re.match(r"^\d+\t(\d{3}|\d{5})\t", ln))
    report = check_text(text[:a] + flat + text[b:], tmp_path, select=["S", "X"])
    assert report.findings == []
    assert outcome(report, "X002") == "通过" and outcome(report, "X009") == "通过"


def test_an_income_table_with_fund_offset_beside_carryover(tmp_path):
    # A 事业单位's 收入总表: 合计 = 本年收入小计 + 用事业基金弥补收支差额 + 上年结转, each in its own column.
    from conftest import ROOT

    path = ROOT / "tests" / "fixtures" / "layouts" / "unit_income_with_fund_offset.txt"
    d = yusuan.extract(path)
    t = d.table("income_summary")
    assert [c.id for c in t.columns] == ["total", "subtotal", "fiscal_appropriation", "business_income",
                                         "carryover", "fund_offset"]
    assert t.reading == "read"
    assert {k: v for k, v in t.rows[0].values.items() if v is not None} == {
        "total": Decimal("150.00"), "subtotal": Decimal("120.00"), "fiscal_appropriation": Decimal("100.00"),
        "business_income": Decimal("20.00"), "carryover": Decimal("20.00"), "fund_offset": Decimal("10.00")}
    from yusuan.rules import check

    assert findings(check(d, select=["S002"]), "S002") == []
    broken = path.read_text(encoding="utf-8").replace("150.00\t120.00\t100.00\t20.00\t10.00\t20.00\n213",
                                                      "160.00\t120.00\t100.00\t20.00\t10.00\t20.00\n213", 1)
    report = check_text(broken, tmp_path, select=["S002"])
    assert [(f.row_name, f.column, f.expected, f.actual) for f in report.findings] == [
        ("合计", "total", Decimal("150.00"), Decimal("160.00"))]


SUMMARY = "## 部门预算收支总表"


def test_rows_without_a_single_figure_are_read_with_doubts(tmp_path):
    # Seed 001's 收支总表 with every figure gone (as when a reader finds the names of a grid and misses the
    # columns of its amounts). Not "a table without figures and without an empty note" (C002): a reading in
    # doubt, reported once.
    text = seed_text("001")
    a = text.index(SUMMARY)
    b = text.index("\n## ", a + 1)
    section = re.sub(r"\t[\d,]+\.\d{2}(?=\t|$)", "\t", text[a:b], flags=re.M)
    path = tmp_path / "no-figures.txt"
    path.write_text(text[:a] + section + text[b:], encoding="utf-8")
    d = yusuan.extract(path)
    t = d.table("income_expenditure_summary")
    assert (t.reading, t.doubts) == ("doubtful", ["列有 42 行，却没有读出任何数字，栏目可能没有读对"])  # the 42 rows it has with its figures
    from yusuan.rules import check

    report = check(d, select=["C002", "R001"])
    assert [f.rule for f in report.findings if f.table == "income_expenditure_summary"] == ["R001"]
