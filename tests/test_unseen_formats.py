"""Workbooks and Word documents in the layouts departments publish (tests/unseen_office.py builds
them at test time from the figures of the synthetic text disclosures in tests/fixtures/unseen): each
is read into the expected tables and figures, checks clean of 错误, and an injected mistake is found
at its place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner
from unseen_office import (
    build_culture_docx,
    build_culture_sheets,
    build_sichuan_one_sheet,
    build_water_text_amounts,
    set_cell,
)

import yusuan
from yusuan.cli import app
from yusuan.errors import UnreadableDocument
from yusuan.rules import check

D = Decimal
STANDARD = ["income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
            "general_budget_expenditure", "general_budget_basic_expenditure"]
BUILDERS = {
    "culture_sheets.xlsx": build_culture_sheets,
    "water_text_amounts.xlsx": build_water_text_amounts,
    "culture_tables.docx": build_culture_docx,
    "sichuan_one_sheet.xlsx": build_sichuan_one_sheet,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen_office")
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = yusuan.extract(BUILDERS[name](out / name))
        return cache[name]

    return get


def errors(report):
    return [f for f in report.findings if f.severity == "错误"]


def _one(report, rule):
    found = [f for f in errors(report) if f.rule == rule]
    assert found, [f"{f.rule} {f.message}" for f in errors(report)]
    return found[0]


@pytest.mark.parametrize("name, tables", [
    ("culture_sheets.xlsx", [*STANDARD, "government_fund_expenditure", "state_capital_expenditure",
                             "three_public_expenses"]),
    ("water_text_amounts.xlsx", [*STANDARD, "government_fund_expenditure", "state_capital_expenditure",
                                 "three_public_expenses"]),
    ("culture_tables.docx", [*STANDARD, "government_fund_expenditure", "state_capital_expenditure",
                             "three_public_expenses"]),
    # The sheet prints 一般公共预算项目支出预算表 too (read since the table catalogue knows it).
    ("sichuan_one_sheet.xlsx", [*STANDARD, "general_budget_project_expenditure", "three_public_expenses",
                                "government_fund_expenditure", "state_capital_expenditure"]),
])
def test_file_reads_every_table_and_checks_clean(built, name, tables):
    d = built(name)
    assert [t.id for t in d.tables] == tables
    assert errors(check(d)) == []


# --- (a) one sheet per table, merged multi-row headers ----------------------------------------------------


def test_sheets_fund_columns_under_a_fiscal_group(built):
    d = built("culture_sheets.xlsx")
    assert (d.department.name, d.year, d.kind, d.money_unit) == ("江屿市文化广电旅游局", 2024, "部门预算", "万元")
    income = d.table("income_summary")
    assert [c.id for c in income.columns] == ["total", "general_budget", "government_fund", "business_income",
                                              "other_income"]
    assert (income.rows[0].name, income.rows[0].values["general_budget"], income.rows[0].values["government_fund"]) \
        == ("总计", D("612.80"), D("20.00"))
    assert income.row(code="2296002").values["government_fund"] == D("20.00")
    three = d.table("three_public_expenses")
    assert [c.id for c in three.columns] == ["total", "general_budget", "government_fund"]
    assert three.row(name="（2）公务用车运行维护费").values["general_budget"] == D("2.40")


def test_sheets_personnel_and_public_under_basic_in_the_expenditure_table(built):
    exp = built("culture_sheets.xlsx").table("expenditure_summary")
    assert [c.id for c in exp.columns] == ["total", "basic", "personnel", "public", "project"]
    assert exp.row(code="2070104").values == {"total": D("214.80"), "basic": D("154.80"), "personnel": D("131.60"),
                                              "public": D("23.20"), "project": D("60.00")}
    assert exp.row(code="2070104").source.cell == "表3-支出总表!D9"


def test_sheets_hidden_rows_and_columns_are_not_read(built):
    d = built("culture_sheets.xlsx")
    assert d.table("income_summary").row(code="2070199") is None
    assert all(set(r.values) <= {"total", "basic", "personnel", "public", "project"}
               for r in d.table("expenditure_summary").rows)


def test_sheets_code_columns_and_basic_table(built):
    d = built("culture_sheets.xlsx")
    basic = d.table("general_budget_basic_expenditure")
    assert basic.rows[0].values == {"total": D("514.80"), "personnel": D("449.40"), "public": D("65.40")}
    assert basic.row(code="30231").values["public"] == D("2.40")
    assert d.table("state_capital_expenditure").empty_note == "注：本部门2024年没有国有资本经营预算财政拨款支出，本表为空表。"


# --- (b) text amounts with thousands separators, formulas ------------------------------------------------


def test_text_amounts_and_cached_formula_results(built):
    d = built("water_text_amounts.xlsx")
    assert d.money_unit == "万元" and {t.money_unit for t in d.tables} == {"元"}
    assert d.department.nature == "行政"
    income = d.table("income_summary")
    assert income.row(code="2130301").values["general_budget"] == D("3856420.00")
    assert income.rows[-1].values["government_fund"] == D("1250000.00")
    exp = d.table("expenditure_summary")
    # 合计, 类 and 款 rows are SUM formulas: their cached results are read.
    assert exp.rows[-1].name == "合计"
    assert exp.rows[-1].values == {"total": D("8692170.00"), "basic": D("4992170.00"), "project": D("3700000.00")}
    assert exp.row(code="21303").values["project"] == D("2450000.00")
    assert d.table("state_capital_expenditure").empty_note == "注：本部门没有国有资本经营预算财政拨款安排的支出，故本表无数据。"
    three = d.table("three_public_expenses")
    assert three.row(name="合计").values["total"] == D("87000.00")


def test_formulas_without_results_are_refused_in_chinese(tmp_path):
    path = build_water_text_amounts(tmp_path / "uncalculated.xlsx", cached=False)
    with pytest.raises(UnreadableDocument) as info:
        yusuan.extract(path)
    assert info.value.place == "工作表“附表3 支出总表”"
    assert "没有保存计算结果" in info.value.message and "C4" in info.value.message
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "不能当作 0" in result.output


# --- (c) DOCX: paragraphs, merged header cells, a table continued on the next page -------------------------


@pytest.mark.parametrize("continued", ["续表", None])
def test_docx_table_continued_across_a_page(tmp_path, continued):
    d = yusuan.extract(build_culture_docx(tmp_path / "c.docx", continued=continued))
    income = d.table("income_summary")
    assert income.pages == 2 and len(income.rows) == 15
    assert [r.code for r in income.rows[7:9]] == ["20805", "2080505"]
    assert income.row(code="2210201").values["general_budget"] == D("39.30")
    assert income.row(code="2210201").source.cell == "表3第6行第4列"
    assert errors(check(d)) == []


def test_docx_explanation_and_grouped_headers(built):
    d = built("culture_tables.docx")
    n = {k: f.value for k, f in d.narrative.items()}
    assert (n["income_total"], n["personnel"], n["operation_cost"]) == (D("632.80"), D("449.40"), D("42.20"))
    gb = d.table("general_budget_expenditure")
    assert gb.rows[0].values == {"total": D("612.80"), "basic": D("514.80"), "personnel": D("449.40"),
                                 "public": D("65.40"), "project": D("98.00")}
    assert d.table("fiscal_appropriation_summary").row(name="四、其他支出", side="expenditure").values[
        "government_fund"] == D("20.00")


# --- (d) several tables on one sheet ---------------------------------------------------------------------


def test_one_sheet_tables_each_on_their_own_columns(built):
    d = built("sichuan_one_sheet.xlsx")
    assert (d.department.name, d.year) == ("云溪县教育局", 2024)
    income = d.table("income_summary")
    # 栏次 under the code columns: the 类 code is not taken for a 序号.
    assert income.row(code="205").seq is None
    assert income.rows[0].values["carryover"] == D("12.00")
    three = d.table("three_public_expenses")
    assert [(r.name, r.values["total"]) for r in three.rows] == [
        ("合计", D("6.00")), ("因公出国（境）费", None), ("公务用车购置及运行费", D("4.80")),
        ("公务用车购置费", None), ("公务用车运行费", D("4.80")), ("公务接待费", D("1.20"))]
    gb = d.table("general_budget_expenditure")
    assert gb.row(code="2050201").values == {"total": D("198.24"), "personnel": D("132.96"), "public": D("35.28"),
                                            "project": D("30.00")}
    assert d.table("government_fund_expenditure").empty_note == "注：本部门2024年无政府性基金预算支出，本表为空表。"
    assert d.table("general_budget_basic_expenditure").row(code="30302").values["personnel"] == D("50.40")


# --- injected mistakes ------------------------------------------------------------------------------------


def test_sheets_personnel_figure_that_breaks_basic(tmp_path):
    path = build_culture_sheets(tmp_path / "a.xlsx", lambda g: set_cell(g, "部门支出总表", "2070104", 6, "131.60", "113.60"))
    f = _one(check(yusuan.extract(path)), "S002")
    assert (f.table, f.row_code, f.column, f.expected, f.actual) == (
        "expenditure_summary", "2070104", "basic", D("136.80"), D("154.80"))


def test_text_amount_that_breaks_the_row_and_hierarchy(tmp_path):
    path = build_water_text_amounts(
        tmp_path / "b.xlsx", lambda g: set_cell(g, "部门收入总表", "2130306", 2, "1,480,000.00", "1,408,000.00"))
    report = check(yusuan.extract(path))
    f = _one(report, "S002")
    assert (f.table, f.row_code, f.column, f.expected, f.actual) == (
        "income_summary", "2130306", "total", D("1480000.00"), D("1408000.00"))
    f = _one(report, "S003")
    assert (f.table, f.row_code, f.column) == ("income_summary", "21303", "total")


def test_docx_mistake_on_the_continued_page(tmp_path):
    path = build_culture_docx(tmp_path / "c.docx", lambda g: set_cell(g, "部门收入总表", "221", 4, "39.30", "39.03"))
    report = check(yusuan.extract(path))
    f = _one(report, "S002")
    assert (f.table, f.row_code, f.column, f.expected, f.actual) == (
        "income_summary", "221", "total", D("39.30"), D("39.03"))
    assert f.source.cell.startswith("表3")


def test_one_sheet_personnel_figure_that_breaks_the_row(tmp_path):
    path = build_sichuan_one_sheet(
        tmp_path / "d.xlsx", lambda g: set_cell(g, "一般公共预算支出预算表", "2050201", 5, "132.96", "123.96"))
    f = _one(check(yusuan.extract(path)), "S002")
    assert (f.table, f.row_code, f.column, f.expected, f.actual) == (
        "general_budget_expenditure", "2050201", "total", D("189.24"), D("198.24"))


def test_builders_write_the_files(tmp_path):
    for name, build in BUILDERS.items():
        assert Path(build(tmp_path / name)).stat().st_size > 0


# --- 单位性质 stated in prose --------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, nature", [
    ("本单位为县农业农村局所属公益一类事业单位，内设3个股室。", "公益一类事业单位"),
    ("本局是参照公务员法管理的事业单位。", "参照公务员法管理的事业单位"),
    ("本部门属于行政单位，无下属单位。", "行政单位"),
    ("本部门由局机关和所属图书馆组成，其中行政单位1个，事业单位1个。", None),
    ("机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。", None),
])
def test_unit_nature_stated_in_prose(tmp_path, sentence, nature):
    text = (Path(__file__).parent / "fixtures" / "unseen" / "city_culture_bureau_lanci_2024.txt").read_text(
        encoding="utf-8").replace("（二）机构设置：本部门由局机关和所属江屿市图书馆组成，其中行政单位1个，事业单位1个。",
                                  f"（二）机构设置：{sentence}")
    path = tmp_path / "nature.txt"
    path.write_text(text, encoding="utf-8")
    assert yusuan.extract(path).department.nature == nature


def test_agri_centre_nature_and_operation_cost_rule():
    d = yusuan.extract(Path(__file__).parent / "fixtures" / "unseen" / "county_agri_centre_unit_cellline_2025.txt")
    assert d.department.nature == "公益一类事业单位"
    # N008 compares 机关运行经费 with 公用经费 only for 行政 and 参公 units.
    outcome = next(o for o in check(d).outcomes if o.rule == "N008")
    assert (outcome.outcome, outcome.reason) == ("不适用", "单位性质为公益一类事业单位，不是行政或参公单位")
