"""A 部门决算 in the national 财政部 format (tests/fixtures/finals/national_format_final_2024.txt, invented
figures): every table carries its number under its title ("公开01表"), a 栏次 row under the header, and the
two-sided tables a 行次 column beside each side's names ("本年收入合计 | 9 | 1,240.00 | 本年支出合计 | 40 |
1,220.00"). The line numbers must not be read as amounts; every identity holds as printed, and one injected
mistake at a time is found at its place."""

from __future__ import annotations

from decimal import Decimal

from conftest import ROOT
from mutate import check_text, replace_once

import yusuan
from yusuan.rules import check

FIXTURE = ROOT / "tests" / "fixtures" / "finals" / "national_format_final_2024.txt"
D = Decimal


def _doc():
    return yusuan.extract(FIXTURE)


def _side(table, side):
    return [(r.name, r.values.get("total")) for r in table.rows if r.side == side]


def test_five_tables_each_under_its_number():
    d = _doc()
    assert (d.kind, d.department.name, d.year) == ("部门决算", "临江市审计局", 2024)
    assert [t.id for t in d.tables] == ["final_income_expenditure_summary", "final_income", "final_expenditure",
                                        "final_fiscal_summary", "final_general_budget_expenditure"]
    assert [t.reading for t in d.tables] == ["read"] * 5
    assert d.unplaced_tables == []


def test_line_numbers_are_not_amounts():
    t = _doc().table("final_income_expenditure_summary")
    assert [c.id for c in t.columns] == ["total"]
    assert _side(t, "income") == [
        ("一、一般公共预算财政拨款收入", D("1234.56")), ("二、政府性基金预算财政拨款收入", None),
        ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", None), ("六、经营收入", None),
        ("七、附属单位上缴收入", None), ("八、其他收入", D("5.44")), ("本年收入合计", D("1240.00")),
        ("使用非财政拨款结余", None), ("年初结转和结余", D("60.00")), ("总计", D("1300.00"))]
    assert _side(t, "expenditure") == [
        ("一、一般公共服务支出", D("900.00")), ("二、外交支出", None), ("三、国防支出", None), ("四、公共安全支出", None),
        ("五、社会保障和就业支出", D("200.00")), ("六、卫生健康支出", D("50.00")), ("七、住房保障支出", D("70.00")),
        ("本年支出合计", D("1220.00")), ("结余分配", None), ("年末结转和结余", D("80.00")), ("总计", D("1300.00"))]


def test_fiscal_summary_columns_after_the_line_numbers():
    t = _doc().table("final_fiscal_summary")
    assert [c.id for c in t.columns] == ["total", "general_budget", "government_fund"]
    carry = t.row(name="年末财政拨款结转和结余", side="expenditure")
    assert carry.values == {"total": D("64.56"), "general_budget": D("64.56"), "government_fund": None}
    assert t.row(name="总计", side="income").values == {"total": D("1284.56")}


def test_one_sided_tables_under_a_lanci_row():
    d = _doc()
    income = d.table("final_income")
    assert income.row(name="合计").values["total"] == D("1240.00")
    assert income.row(code="2010804").values == {
        "total": D("205.44"), "fiscal_appropriation": D("200.00"), "superior_subsidy": None, "business_income": None,
        "operating_income": None, "affiliated_remittance": None, "other_income": D("5.44")}
    spending = d.table("final_general_budget_expenditure")
    assert [c.label for c in spending.columns] == ["小计", "基本支出", "项目支出"]
    assert spending.row(code="2210201").values == {"total": D("70.00"), "basic": D("50.00"), "project": D("20.00")}


def test_clean_as_printed():
    report = check(_doc())
    assert [f.rule for f in report.findings if f.severity in ("错误", "警告")] == []
    assert {o.rule: o.outcome for o in report.outcomes if o.rule in ("F001", "F002", "F005")} == {
        "F001": "通过", "F002": "通过", "F005": "通过"}


def test_a_total_that_does_not_add_up_is_found_on_its_line(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = replace_once(text, "本年支出合计\t40\t1,220.00", "本年支出合计\t40\t1,230.00")
    report = check_text(text, tmp_path)
    # Both identities through the changed figure break: the items' sum, and 总计 = 本年支出合计 + 年末结转.
    assert [(f.rule, f.table, f.row_name, f.expected, f.actual) for f in report.findings if f.severity == "错误"] == [
        ("F001", "final_income_expenditure_summary", "本年支出合计", D("1220.00"), D("1230.00")),
        ("F001", "final_income_expenditure_summary", "总计", D("1310.00"), D("1300.00"))]


def test_a_row_whose_parts_do_not_add_up(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = replace_once(text, "2210201\t住房公积金\t70.00\t50.00\t20.00", "2210201\t住房公积金\t70.00\t50.00\t25.00",
                        after="公开03表")
    report = check_text(text, tmp_path)
    # The row's own sum, and its 款 22102 whose 项目支出 no longer equals its one 项.
    assert [(f.rule, f.table, f.row_code, f.column, f.expected, f.actual)
            for f in report.findings if f.severity == "错误"] == [
        ("F002", "final_expenditure", "2210201", "total", D("75.00"), D("70.00")),
        ("S003", "final_expenditure", "22102", "project", D("25.00"), D("20.00"))]


def test_a_name_wrapped_around_its_code_line_is_rejoined(tmp_path):
    # A narrow name column prints "社会保障和就业支出" in two pieces, above and below the line that
    # carries the code and the figures (as a PDF's text layer gives it).
    text = FIXTURE.read_text(encoding="utf-8")
    text = replace_once(text, "208\t社会保障和就业支出\t200.00\t200.00", "\t社会保障和就\n208\t\t200.00\t200.00",
                        after="公开03表")
    text = replace_once(text, "\n20805\t行政事业单位养老支出", "\n\t业支出\n20805\t行政事业单位养老支出", after="公开03表")
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    t = yusuan.extract(path).table("final_expenditure")
    assert [(r.code, r.name) for r in t.rows[5:7]] == [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出")]
    assert t.row(code="208").values["total"] == D("200.00")
    assert len(t.rows) == 15 and t.reading == "read"
    assert [f for f in check(yusuan.extract(path)).findings if f.severity == "错误"] == []


# --- the four-table set of a central-level unit (a university), in 元 -----------------------------------

UNIVERSITY = ROOT / "tests" / "fixtures" / "finals" / "university_final_2024_yuan.txt"


def test_university_four_tables_in_yuan():
    d = yusuan.extract(UNIVERSITY)
    assert (d.kind, d.department.name, d.year) == ("单位决算", "临江大学", 2024)
    assert [(t.id, t.money_unit, t.reading) for t in d.tables] == [
        ("final_income_expenditure_summary", "元", "read"), ("final_income", "元", "read"),
        ("final_expenditure", "元", "read"), ("final_fiscal_expenditure", "元", "read")]
    summary = d.table("final_income_expenditure_summary")
    assert summary.row(name="本年收入合计", side="income").values == {"total": D("110000000.00")}
    assert summary.row(name="总计", side="expenditure").values == {"total": D("115000000.00")}
    income = d.table("final_income")
    assert income.row(code="2060203").values == {
        "total": D("6000000.00"), "fiscal_appropriation": D("5632100.55"), "business_income": None,
        "operating_income": None, "other_income": D("367899.45")}
    fiscal = d.table("final_fiscal_expenditure")
    assert fiscal.row(name="合计").values == {"total": D("86000000.00"), "basic": D("69800000.00"),
                                             "project": D("16200000.00")}
    report = check(d)
    assert [f.rule for f in report.findings if f.severity in ("错误", "警告")] == []
    assert {o.rule: o.outcome for o in report.outcomes if o.rule in ("F001", "F002", "F005")} == {
        "F001": "通过", "F002": "通过", "F005": "通过"}


def test_university_mistakes_found_in_yuan_and_in_wan_yuan(tmp_path):
    text = UNIVERSITY.read_text(encoding="utf-8")
    # A year-end balance that breaks 总计 = 本年支出合计 + 结余分配 + 年末结转和结余 (in 元).
    report = check_text(replace_once(text, "年末结转和结余\t3,200,000.00", "年末结转和结余\t3,300,000.00"), tmp_path)
    assert [(f.rule, f.row_name) for f in report.findings if f.severity == "错误"] == [("F001", "总计")]
    # The explanation's total in 万元 against the table's in 元.
    report = check_text(replace_once(text, "总计均为11,500.00万元", "总计均为11,600.00万元"), tmp_path, name="b.txt")
    assert [f.rule for f in report.findings if f.severity == "错误"] == ["F005"]
