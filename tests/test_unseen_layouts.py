"""Synthetic disclosures in layouts the seeds do not use (tests/fixtures/unseen/README.md): each is read
into the expected tables and figures, checks clean of 错误, and each single injected mistake is found at
its place."""

from __future__ import annotations

from decimal import Decimal

import pytest
from mutate import check_text, replace_once
from unseen_fixtures import errors, extracted, text

from yusuan.recognize.tables import _code_in_name
from yusuan.recognize.titles import match_title
from yusuan.rules import check

SICHUAN = "sichuan_county_education_2024.txt"
WATER = "district_water_bureau_yuan_2024.txt"
AGRI = "county_agri_centre_unit_cellline_2025.txt"
CULTURE = "city_culture_bureau_lanci_2024.txt"
STANDARD = ["income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
            "general_budget_expenditure", "general_budget_basic_expenditure"]
D = Decimal


@pytest.mark.parametrize("name, tables", [
    # 表3-2 一般公共预算项目支出预算表 is printed too (read since the table catalogue knows it).
    (SICHUAN, [*STANDARD, "general_budget_project_expenditure", "three_public_expenses", "government_fund_expenditure",
               "state_capital_expenditure"]),
    (WATER, [*STANDARD, "government_fund_expenditure", "state_capital_expenditure", "three_public_expenses"]),
    (AGRI, [*STANDARD, "three_public_expenses", "government_fund_expenditure", "state_capital_expenditure"]),
    (CULTURE, [*STANDARD, "government_fund_expenditure", "state_capital_expenditure", "three_public_expenses"]),
])
def test_fixture_reads_every_table_and_checks_clean(name, tables):
    d = extracted(name)
    assert [t.id for t in d.tables] == tables
    assert errors(check(d)) == []


def test_sichuan_split_codes_and_columns_out_of_standard_order():
    d = extracted(SICHUAN)
    assert (d.department.name, d.year, d.kind, d.money_unit) == ("云溪县教育局", 2024, "部门预算", "万元")
    income = d.table("income_summary")
    # 上年结转 is printed before 本年收入: read by its position, not by the standard's order.
    assert income.rows[0].name == "合计"
    assert income.rows[0].values["carryover"] == D("12.00")
    assert income.rows[0].values["general_budget"] == D("739.30")
    assert income.row(code="2050201").values["business_income"] == D("45.60")
    gb = d.table("general_budget_expenditure")
    # 基本支出 is only a group label over 人员经费 / 公用经费.
    assert [c.id for c in gb.columns] == ["total", "personnel", "public", "project"]
    assert gb.row(code="2050201").values == {"total": D("198.24"), "personnel": D("132.96"), "public": D("35.28"),
                                            "project": D("30.00")}
    basic = d.table("general_budget_basic_expenditure")
    assert basic.row(code="30199").values == {"total": D("12.12"), "personnel": D("12.12"), "public": None}


def test_sichuan_three_public_by_unit_is_read_from_its_total_row():
    rows = extracted(SICHUAN).table("three_public_expenses").rows
    assert [(r.name, r.values["total"]) for r in rows] == [
        ("合计", D("6.00")), ("因公出国（境）费", None), ("公务用车购置及运行费", D("4.80")),
        ("公务用车购置费", None), ("公务用车运行费", D("4.80")), ("公务接待费", D("1.20"))]


def test_sichuan_fiscal_summary_with_totals_first_and_narrative():
    d = extracted(SICHUAN)
    fs = d.table("fiscal_appropriation_summary")
    assert fs.row(name="一、本年收入").values["total"] == D("739.30")
    assert fs.row(name="（五）教育支出").values["general_budget"] == D("579.10")
    n = {k: f.value for k, f in d.narrative.items()}
    assert n["yoy_change_total"] == D("38.60")
    assert n["three_public_change"] == D("-0.50")
    assert (n["vehicle_purchase_and_operation_change"], n["reception_change"]) == (D("-0.30"), D("-0.20"))
    assert n["operation_cost"] == D("45.30") and n["operation_cost_change"] == D("-1.20")


def test_water_tables_in_yuan_with_codes_in_the_name_cell():
    d = extracted(WATER)
    assert d.money_unit == "万元" and d.department.nature == "行政"
    assert {t.money_unit for t in d.tables} == {"元"}
    exp = d.table("expenditure_summary")
    assert exp.rows[-1].name == "合计"
    assert exp.rows[-1].values == {"total": D("8692170.00"), "basic": D("4992170.00"), "project": D("3700000.00")}
    row = exp.row(code="2130301")
    assert (row.name, row.values["total"]) == ("行政运行", D("3856420.00"))
    assert d.table("income_summary").rows[-1].values["government_fund"] == D("1250000.00")
    fund = d.table("government_fund_expenditure")
    assert [(r.code, r.values["project"]) for r in fund.rows] == [
        ("213", D("1250000.00")), ("21366", D("1250000.00")), ("2136601", D("1250000.00")), (None, D("1250000.00"))]
    three = d.table("three_public_expenses")
    assert three.row(name="合计").values["total"] == D("87000.00")
    assert d.narrative["public"].value == D("59.00")


def test_agri_centre_cell_per_line_unit_budget():
    d = extracted(AGRI)
    assert (d.department.name, d.year, d.kind) == ("青禾县农业技术推广中心", 2025, "单位预算")
    income = d.table("income_summary")
    assert income.rows[-1].name == "合计"
    assert income.rows[-1].values["business_income"] == D("24.00")
    assert income.row(code="2130104").values["total"] == D("310.54")
    assert d.table("three_public_expenses").row(name="（2）公务用车运行维护费").values["total"] == D("3.20")
    n = {k: f.value for k, f in d.narrative.items()}
    assert (n["yoy_change_total"], n["yoy_change_basic"], n["yoy_change_project"]) == (
        D("22.20"), D("10.70"), D("11.50"))
    assert n["three_public_change"] == 0


def test_culture_bureau_lanci_and_grouped_basic_columns():
    d = extracted(CULTURE)
    summary = d.table("income_expenditure_summary")
    assert summary.row(name="二、政府性基金预算拨款收入").seq == 2
    income = d.table("income_summary")
    assert (income.rows[0].seq, income.rows[0].name, income.rows[0].values["total"]) == (1, "总计", D("632.80"))
    gb = d.table("general_budget_expenditure")
    assert [c.id for c in gb.columns] == ["total", "basic", "personnel", "public", "project"]
    assert gb.rows[0].values == {"total": D("612.80"), "basic": D("514.80"), "personnel": D("449.40"),
                                 "public": D("65.40"), "project": D("98.00")}
    assert d.table("state_capital_expenditure").empty_note == "（本部门2024年没有国有资本经营预算财政拨款支出，本表无数据）"


def test_title_number_does_not_take_the_yi_of_yiban():
    assert match_title("表五 一般公共预算财政拨款支出表").id == "general_budget_expenditure"
    assert match_title("表一一般公共预算基本支出表").id == "general_budget_basic_expenditure"


@pytest.mark.parametrize("cell, expected", [
    ("[2130301]行政运行", ("2130301", "行政运行")),
    ("【213】农林水支出", ("213", "农林水支出")),
    ("2130301 行政运行", ("2130301", "行政运行")),
    ("30101-基本工资", ("30101", "基本工资")),
    ("2024年新增项目", (None, "2024年新增项目")),
    ("行政运行", (None, "行政运行")),
])
def test_code_in_name_cell(cell, expected):
    assert _code_in_name(cell) == expected


# --- injected mistakes ------------------------------------------------------------------------------


def _shift_values_down(doc: str, title: str, first_name: str, name_cells: int) -> str:
    """Move every row's amounts, from the row named ``first_name`` to the end of the table, one row down."""
    lines = doc.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip().endswith(title))
    top = next(i for i in range(start, len(lines)) if f"\t{first_name}\t" in lines[i])
    end = top
    while end + 1 < len(lines) and "\t" in lines[end + 1]:
        end += 1
    cells = [ln.split("\t") for ln in lines[top:end + 1]]
    amounts = [c[name_cells:] for c in cells]
    amounts = [[""] * len(amounts[0]), *amounts[:-1]]
    lines[top:end + 1] = ["\t".join(c[:name_cells] + a) for c, a in zip(cells, amounts)]
    return "\n".join(lines)


def _one(report, rule):
    found = [f for f in errors(report) if f.rule == rule]
    assert found, [f"{f.rule} {f.message}" for f in errors(report)]
    return found[0]


def test_changed_amount_breaks_row_hierarchy_and_income_table(tmp_path):
    doc = replace_once(text(SICHUAN), "学前教育\t243.84", "学前教育\t253.84", after="部门支出总表")
    report = check_text(doc, tmp_path)
    s002 = _one(report, "S002")
    assert (s002.table, s002.row_code, s002.column, s002.expected, s002.actual) == (
        "expenditure_summary", "2050201", "total", D("243.84"), D("253.84"))
    s003 = _one(report, "S003")
    assert (s003.row_code, s003.expected, s003.actual) == ("20502", D("373.84"), D("363.84"))
    x002 = _one(report, "X002")
    assert (x002.table, x002.row_code, x002.expected) == ("expenditure_summary", "2050201", D("243.84"))


def test_fiscal_income_that_disagrees_with_the_summary(tmp_path):
    doc = replace_once(text(SICHUAN), "（一）一般公共预算拨款\t739.30", "（一）一般公共预算拨款\t793.30")
    f = _one(check_text(doc, tmp_path), "X008")
    assert (f.table, f.row_name, f.expected, f.actual) == (
        "fiscal_appropriation_summary", "（一）一般公共预算拨款", D("739.30"), D("793.30"))


def test_values_shifted_by_one_row(tmp_path):
    doc = _shift_values_down(text(SICHUAN), "一般公共预算支出预算表", "卫生健康支出", 4)
    f = _one(check_text(doc, tmp_path), "S001")
    assert (f.table, f.row_code) == ("general_budget_expenditure", "210")


def test_wan_yuan_written_as_yuan_in_a_document_whose_tables_are_in_yuan(tmp_path):
    doc = replace_once(text(WATER), "公用经费59.00万元", "公用经费59.00元")
    f = _one(check_text(doc, tmp_path), "N004")
    assert (f.table, f.column, f.expected, f.actual) == ("narrative", "public", "万元", "元")


def test_total_row_that_is_not_the_sum(tmp_path):
    doc = replace_once(text(WATER), "合计\t7,442,170.00", "合计\t7,442,710.00", after="附表5")
    report = check_text(doc, tmp_path)
    s004 = _one(report, "S004")
    assert (s004.table, s004.row_name, s004.column, s004.expected, s004.actual) == (
        "general_budget_expenditure", "合计", "total", D("7442170.00"), D("7442710.00"))
    assert _one(report, "X003").expected == D("7442170.00")


def test_narrative_figure_that_contradicts_the_table(tmp_path):
    doc = replace_once(text(AGRI), "人员经费340.96万元", "人员经费304.96万元")
    f = _one(check_text(doc, tmp_path), "N001")
    assert (f.table, f.column, f.expected, f.actual) == ("narrative", "personnel", D("340.96"), D("304.96"))


def test_missing_three_public_table(tmp_path):
    doc = text(CULTURE)
    doc = doc[:doc.index("表九 财政拨款")]
    report = check_text(doc, tmp_path)
    assert [(f.rule, f.table) for f in errors(report)] == [("C001", "three_public_expenses")]


def test_empty_note_on_a_table_with_figures(tmp_path):
    doc = replace_once(text(CULTURE), "表九 财政拨款“三公”经费支出表", "表九 财政拨款“三公”经费支出表\n注：本部门无“三公”经费预算，本表为空表。")
    f = _one(check_text(doc, tmp_path), "C002")
    assert f.table == "three_public_expenses"
