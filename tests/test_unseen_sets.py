"""Synthetic disclosures of table sets and attachments the seeds do not use (tests/fixtures/unseen/README.md):
the central-level four-table set, a Hunan-style county set, a Shaanxi-style 部门综合预算 set, tables listing
units by code, a 绩效目标 attachment published alone, a 目录 with dotted leaders. Each is read by its structure into exact tables and
figures, checks clean of 错误, and one injected mistake is found at its place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from mutate import check_text, replace_once
from unseen_fixtures import errors, extracted, text

import yusuan
from yusuan.rules import check

CENTRAL = "central_university_four_tables_2024.txt"
TARGETS = "county_project_targets_list_2024.txt"
D = Decimal


def _one(report, rule):
    found = [f for f in errors(report) if f.rule == rule]
    assert found, [f"{f.rule} {f.message}" for f in errors(report)]
    return found[0]


# --- the central-level four-table set ---------------------------------------------------------------


def test_central_four_table_set_is_read_into_the_standard_tables():
    d = extracted(CENTRAL)
    assert (d.department.name, d.year, d.kind, d.money_unit) == ("华岳大学", 2024, "部门预算", "万元")
    assert [t.id for t in d.tables] == ["income_expenditure_summary", "income_summary", "expenditure_summary",
                                        "fiscal_appropriation_expenditure"]
    assert [t.reading for t in d.tables] == ["read"] * 4
    assert d.unplaced_tables == []
    income = d.table("income_summary")
    assert [c.id for c in income.columns] == ["total", "fiscal_appropriation", "business_income", "operating_income",
                                              "other_income", "carryover", "fund_offset"]
    assert income.rows[0].name == "合计"
    assert income.rows[0].values == {"total": D("64000.00"), "fiscal_appropriation": D("38200.00"),
                                     "business_income": D("18800.00"), "operating_income": D("500.00"),
                                     "other_income": D("2100.00"), "carryover": D("3400.00"),
                                     "fund_offset": D("1000.00")}
    assert [r.code for r in income.rows[1:]] == ["205", "20502", "2050205", "206", "20602", "2060203", "208", "20805",
                                                 "2080505", "221", "22102", "2210201"]
    spending = d.table("expenditure_summary")
    # Columns in the standard's order, each read at its printed place.
    assert [c.id for c in spending.columns] == ["total", "basic", "project", "operating_expenditure",
                                                "remit_to_superior", "subsidy_to_affiliates"]
    assert spending.row(code="2050205").values == {"total": D("53000.00"), "basic": D("38000.00"),
                                                   "project": D("14000.00"), "remit_to_superior": None,
                                                   "operating_expenditure": D("500.00"),
                                                   "subsidy_to_affiliates": D("500.00")}
    fiscal = d.table("fiscal_appropriation_expenditure")
    assert fiscal.rows[0].values == {"total": D("38200.00"), "basic": D("30200.00"), "project": D("8000.00")}
    summary = d.table("income_expenditure_summary")
    assert [(r.name, r.values["total"]) for r in summary.rows if r.side == "income"] == [
        ("一、财政拨款", D("38200.00")), ("二、事业收入", D("18800.00")), ("三、事业单位经营收入", D("500.00")),
        ("四、其他收入", D("2100.00")), ("本年收入合计", D("59600.00")), ("五、使用非财政拨款结余", D("1000.00")),
        ("六、上年结转", D("3400.00")), ("收入总计", D("64000.00"))]


def test_central_four_table_set_checks_clean_and_is_complete():
    report = check(extracted(CENTRAL))
    assert errors(report) == []
    assert [f for f in report.findings if f.rule == "C001"] == []


def test_central_set_missing_its_fiscal_table_is_held_to_the_local_list(tmp_path):
    # Without its 财政拨款支出预算表 the set is not evidently the central one: the local list applies.
    doc = text(CENTRAL)
    doc = doc[:doc.index("财政拨款支出预算表")] + doc[doc.index("三、2024年部门预算情况说明"):]
    c001 = [f.table for f in errors(check_text(doc, tmp_path)) if f.rule == "C001"]
    assert c001 == ["fiscal_appropriation_summary", "general_budget_basic_expenditure", "general_budget_expenditure",
                    "government_fund_expenditure", "three_public_expenses"]


def test_central_income_source_that_breaks_its_row(tmp_path):
    doc = replace_once(text(CENTRAL), "2050205\t高等教育\t53,000.00\t30,000.00\t18,000.00",
                       "2050205\t高等教育\t53,000.00\t30,000.00\t18,600.00")
    report = check_text(doc, tmp_path)
    s002 = _one(report, "S002")
    assert (s002.table, s002.row_code, s002.column, s002.expected, s002.actual) == (
        "income_summary", "2050205", "total", D("53600.00"), D("53000.00"))
    s003 = _one(report, "S003")
    assert (s003.table, s003.row_code, s003.column, s003.expected, s003.actual) == (
        "income_summary", "20502", "business_income", D("18600.00"), D("18000.00"))
    assert sorted(f.rule for f in errors(report)) == ["S002", "S003"]


# --- a 绩效目标 attachment published alone -------------------------------------------------------------


def test_project_targets_list_alone_is_a_performance_target_document():
    d = extracted(TARGETS)
    assert (d.kind, d.department.name, d.year, [t.id for t in d.tables], d.unplaced_tables) == (
        "绩效目标", "湘溪县农业农村局", 2024, ["project_performance_targets"], [])
    assert d.tables[0].rows == []  # the forms' content is in d.projects
    assert [(p.name, p.amount, p.money_unit, p.goal) for p in d.projects] == [
        ("病虫害防治项目", D("60.00"), "万元", "完成全县主要农作物病虫害统防统治"),
        ("农技推广项目", D("20.00"), "万元", "培训基层农技人员，推广主推技术")]
    first = d.projects[0].indicators
    assert [(i.level1, i.level2, i.level3, i.value) for i in first] == [
        ("产出指标", "数量指标", "统防统治面积", "≥12万亩"), ("产出指标", "质量指标", "监测点正常运行率", "100%"),
        ("产出指标", "成本指标", "防治物资采购成本", "≤45万元"), ("效益指标", "经济效益指标", "挽回粮食损失", "≥3000吨"),
        ("满意度指标", "服务对象满意度指标", "种植户满意度", "≥90%")]
    assert [i.level3 for i in d.projects[1].indicators] == ["培训农技人员人数", "示范户平均增产", "参训人员满意度"]
    report = check(d)
    assert report.findings == []
    assert {o.rule: o.outcome for o in report.outcomes}["C001"] == "不适用"


def test_project_target_cost_above_the_project_amount(tmp_path):
    doc = replace_once(text(TARGETS), "≤45万元", "≤65万元")
    report = check_text(doc, tmp_path)
    f = _one(report, "P004")
    assert (f.expected, f.actual) == (D("60.00"), D("65"))
    assert "病虫害防治项目" in f.message
    assert [e.rule for e in errors(report)] == ["P004"]


# --- a Hunan-style county set: numbered titles, sub-tables, units listed by code, a 目录 with leaders ---------

HUNAN = "hunan_county_agriculture_set_2024.txt"


def test_hunan_set_places_every_table_or_names_it():
    d = extracted(HUNAN)
    assert (d.department.name, d.year, d.kind, d.money_unit) == ("湘溪县农业农村局", 2024, "部门预算", "万元")
    assert [(t.id, t.title) for t in d.tables] == [
        ("income_expenditure_summary", "一、部门收支总表"), ("income_summary", "二、部门收入总表"),
        ("expenditure_summary", "三、部门支出总表(按功能科目)"), ("fiscal_appropriation_summary", "六、财政拨款收支总表"),
        ("general_budget_expenditure", "七、一般公共预算支出表"), ("general_budget_basic_expenditure", "八、一般公共预算基本支出表"),
        ("three_public_expenses", "十二、一般公共预算“三公”经费支出表"), ("government_fund_expenditure", "十三、政府性基金预算支出表"),
        ("state_capital_expenditure", "十五、国有资本经营预算支出表"),
        ("project_expenditure_by_source", "十六、部门项目支出预算表"),
        ("project_performance_targets", "项目支出绩效目标表")]
    assert [t.reading for t in d.tables] == ["read"] * 11
    # The sub-tables "…基本支出表--人员经费(…)" are parts of the 基本支出表, not the table itself: named, not placed.
    assert [u.title for u in d.unplaced_tables] == [
        "四、部门支出预算分类汇总表(按政府预算经济分类)", "五、部门支出预算分类汇总表(按部门预算经济分类)",
        "九、一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)",
        "十、一般公共预算基本支出表--人员经费(工资福利支出)(按部门预算经济分类)",
        "十一、一般公共预算基本支出表--公用经费(商品和服务支出)(按政府预算经济分类)"]
    projects = d.table("project_expenditure_by_source")
    assert [(r.name, r.values) for r in projects.rows] == [
        ("合计", {"total": D("80.00"), "general_budget": D("60.00"), "business_income": D("20.00")}),
        ("病虫害防治项目", {"total": D("60.00"), "general_budget": D("60.00"), "business_income": None}),
        ("农技推广项目", {"total": D("20.00"), "general_budget": None, "business_income": D("20.00")})]
    basic = d.table("general_budget_basic_expenditure")
    assert [(r.code, r.values["total"]) for r in basic.rows] == [
        (None, D("390.00")), ("301", D("340.00")), ("30101", D("250.00")), ("30108", D("50.00")), ("30113", D("40.00")),
        ("302", D("50.00")), ("30201", D("30.00")), ("30211", D("20.00"))]
    assert [(p.name, len(p.indicators)) for p in d.projects] == [("病虫害防治项目", 3), ("农技推广项目", 3)]


def test_hunan_units_listed_by_code_are_not_subjects():
    income = extracted(HUNAN).table("income_summary")
    assert [(r.code, r.unit_code, r.name, r.values["total"]) for r in income.rows] == [
        (None, None, "合计", D("470.00")), (None, "801", "湘溪县农业农村局", D("470.00")),
        (None, "801001", "湘溪县农业农村局本级", D("300.00")), (None, "801002", "湘溪县农业技术推广站", D("170.00"))]


def test_hunan_set_checks_clean():
    report = check(extracted(HUNAN))
    assert errors(report) == []
    assert [(f.rule, f.severity) for f in report.findings] == [("K001", "提示"), ("R002", "警告")]


def test_units_in_a_code_column_not_headed_as_units(tmp_path):
    # The code in a column of its own under 编码 / 名称: three- and six-digit codes are a department and its units.
    doc = text(HUNAN).replace("单位名称\t合计\t一般公共预算", "编码\t名称\t合计\t一般公共预算")
    for unit in ("801 ", "801001 ", "801002 "):
        doc = doc.replace(f"\n{unit}湘溪县", f"\n{unit.strip()}\t湘溪县")
    doc = doc.replace("\n合计\t470.00\t450.00", "\n\t合计\t470.00\t450.00")
    path = tmp_path / "units.txt"
    path.write_text(doc, encoding="utf-8")
    d = yusuan.extract(path)
    assert [(r.code, r.unit_code) for r in d.table("income_summary").rows] == [
        (None, None), (None, "801"), (None, "801001"), (None, "801002")]
    assert errors(check(d)) == []


def test_a_six_digit_code_among_subjects_is_still_a_subject_code(tmp_path):
    doc = replace_once(text(HUNAN), "2130104\t事业运行\t120.00", "213010\t事业运行\t120.00", after="三、部门支出总表")
    report = check_text(doc, tmp_path)
    assert ("K005", "213010") in [(f.rule, f.row_code) for f in errors(report)]


def test_hunan_contents_with_dotted_leaders_reads_as_if_absent(tmp_path):
    doc = text(HUNAN)
    without = doc[:doc.index("目  录")] + doc[doc.index("第一部分 部门概况"):]
    path = tmp_path / "no-contents.txt"
    path.write_text(without, encoding="utf-8")
    a, b = extracted(HUNAN), yusuan.extract(path)
    assert [(t.id, t.title, len(t.rows)) for t in a.tables] == [(t.id, t.title, len(t.rows)) for t in b.tables]
    assert [u.title for u in a.unplaced_tables] == [u.title for u in b.unplaced_tables]
    assert (a.sections, [p.text for p in a.explanation]) == (b.sections, [p.text for p in b.explanation])
    assert a.narrative == {k: v.model_copy(update={"source": a.narrative[k].source}) for k, v in b.narrative.items()}


def test_hunan_personnel_figure_that_breaks_its_row(tmp_path):
    doc = replace_once(text(HUNAN), "2130104\t事业运行\t100.00\t90.00\t10.00", "2130104\t事业运行\t100.00\t95.00\t10.00")
    report = check_text(doc, tmp_path)
    s002 = _one(report, "S002")
    assert (s002.table, s002.row_code, s002.column, s002.expected, s002.actual) == (
        "general_budget_expenditure", "2130104", "total", D("105.00"), D("100.00"))
    assert sorted(f.rule for f in errors(report)) == ["S002", "S003"]


def test_hunan_unit_row_that_is_not_its_sum(tmp_path):
    doc = replace_once(text(HUNAN), "801002 湘溪县农业技术推广站\t170.00", "801002 湘溪县农业技术推广站\t175.00")
    report = check_text(doc, tmp_path)
    s002 = _one(report, "S002")
    assert (s002.table, s002.row_name, s002.row_code, s002.expected, s002.actual) == (
        "income_summary", "湘溪县农业技术推广站", None, D("170.00"), D("175.00"))
    assert [f.rule for f in errors(report)] == ["S002"]


# --- a spreadsheet whose table is followed by explanation in ruled cells -------------------------------------


def _assets_sheet(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "国有资产"
    side = Side(style="thin")
    ruled = Border(left=side, right=side, top=side, bottom=side)
    ws["A1"] = "湘溪县农业农村局2024年固定资产占用情况表"
    ws["A2"] = "单位：万元"
    rows = [["项目", "数量", "价值"], ["合计", None, "186.50"], ["房屋（平方米）", "1200", "150.00"],
            ["车辆（辆）", "1", "22.50"], ["其中：一般公务用车", "1", "22.50"], ["办公设备（台/套）", "35", "14.00"]]
    for i, row in enumerate(rows, start=3):
        for j, v in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=v).border = ruled
    ws["A10"] = "（一）国有资产占用情况说明"
    ws["A11"] = "2024年部门预算未安排购置车辆，固定资产价值合计186.50万元。"
    for ref in ("A10", "A11"):
        ws[ref].border = ruled
        ws.merge_cells(f"{ref}:C{ref[1:]}")
    wb.save(path)
    return path


def test_sheet_table_keeps_its_rows_and_the_sentence_under_it_is_explanation(tmp_path):
    d = yusuan.extract(_assets_sheet(tmp_path / "assets.xlsx"))
    t = d.table("fixed_assets")
    assert [(r.name, r.values["quantity"], r.values["value"]) for r in t.rows] == [
        ("合计", None, D("186.50")), ("房屋（平方米）", D("1200"), D("150.00")), ("车辆（辆）", D("1"), D("22.50")),
        ("其中：一般公务用车", D("1"), D("22.50")), ("办公设备（台/套）", D("35"), D("14.00"))]
    assert [p.text for p in d.explanation] == ["（一）国有资产占用情况说明",
                                               "2024年部门预算未安排购置车辆，固定资产价值合计186.50万元。"]
    assert d.narrative["fixed_assets_total"].value == D("186.50")


# --- a 收支总表 printed in three blocks: 收入 | 支出功能分类 | 支出经济分类 ------------------------------------------

_THREE_BLOCKS = """收支预算总表
单位名称：华岳大学
单位：万元
收入\t\t支出\t\t\t
\t\t功能分类\t\t经济分类\t
项目\t预算数\t项目\t预算数\t项目\t预算数
一、财政拨款\t38,200.00\t一、教育支出\t53,000.00\t一、基本支出\t43,000.00
二、事业收入\t18,800.00\t二、科学技术支出\t6,000.00\t二、项目支出\t20,000.00
三、事业单位经营收入\t500.00\t三、社会保障和就业支出\t3,000.00\t三、事业单位经营支出\t500.00
四、其他收入\t2,100.00\t四、住房保障支出\t2,000.00\t四、对附属单位补助支出\t500.00
本年收入合计\t59,600.00\t本年支出合计\t\t\t64,000.00
五、使用非财政拨款结余\t1,000.00\t结转下年\t\t\t
六、上年结转\t3,400.00\t\t\t\t
收入总计\t64,000.00\t支出总计\t\t\t64,000.00

"""


def _three_blocks() -> str:
    doc = text(CENTRAL)
    return doc[:doc.index("收支预算总表\n")] + _THREE_BLOCKS + doc[doc.index("收入预算表\n"):]


def test_summary_in_three_blocks_reads_each_block(tmp_path):
    path = tmp_path / "three.txt"
    path.write_text(_three_blocks(), encoding="utf-8")
    d = yusuan.extract(path)
    t = d.table("income_expenditure_summary")
    assert t.reading == "read"
    assert [(r.block, r.name, r.values["total"]) for r in t.rows if r.side == "expenditure"] == [
        ("function", "一、教育支出", D("53000.00")), ("use", "一、基本支出", D("43000.00")),
        ("function", "二、科学技术支出", D("6000.00")), ("use", "二、项目支出", D("20000.00")),
        ("function", "三、社会保障和就业支出", D("3000.00")), ("use", "三、事业单位经营支出", D("500.00")),
        ("function", "四、住房保障支出", D("2000.00")), ("use", "四、对附属单位补助支出", D("500.00")),
        (None, "本年支出合计", D("64000.00")), ("function", "结转下年", None), (None, "支出总计", D("64000.00"))]
    assert errors(check(d)) == []


def test_summary_in_three_blocks_use_item_that_breaks_the_total(tmp_path):
    doc = replace_once(_three_blocks(), "二、项目支出\t20,000.00", "二、项目支出\t21,000.00")
    report = check_text(doc, tmp_path)
    f = _one(report, "S005")
    assert (f.table, f.row_name, f.expected, f.actual) == ("income_expenditure_summary", "本年支出合计",
                                                           D("65000.00"), D("64000.00"))
    assert "按用途（经济分类）列示的各项" in f.message
    assert [e.rule for e in errors(report)] == ["S005"]


def test_sub_table_titles_are_not_the_standard_table():
    from yusuan.recognize.titles import match_title

    assert match_title("九、一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)") is None
    assert match_title("一般公共预算基本支出表—公用经费(商品和服务支出)") is None
    # A table label joined to its title by a dash is still the title.
    assert match_title("公开01表—收支总表").id == "income_expenditure_summary"
    assert match_title("收入预算表").id == "income_summary"
    assert match_title("2024年支出预算表").id == "expenditure_summary"
    assert match_title("财政拨款支出预算表").id == "fiscal_appropriation_expenditure"
    assert match_title("一般公共预算支出预算表").id == "general_budget_expenditure"


# --- a Shaanxi-style 部门综合预算 set ------------------------------------------------------------------

SHAANXI = "shaanxi_city_comprehensive_set_2025.txt"


def test_shaanxi_comprehensive_set_is_read_into_the_standard_tables():
    d = extracted(SHAANXI)
    assert (d.department.name, d.year, d.kind, d.money_unit) == ("西岭市信访局", 2025, "部门预算", "万元")
    # Titles with a classification and a scope in brackets ("（按支出功能分类科目）（不含上年结转）"), a bracket
    # inside the name ("政府采购（资产配置、购买服务）预算表"), the 基本支出 printed by function and by economic
    # class, the fund tables as "收支表".
    assert [t.id for t in d.tables] == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
        "general_budget_expenditure", "general_budget_economic_expenditure", "general_budget_basic_function_expenditure",
        "general_budget_basic_expenditure", "government_fund_expenditure", "project_expenditure_by_source",
        "government_procurement", "three_public_expenses", "state_capital_expenditure"]
    assert [t.reading for t in d.tables] == ["read"] * 13
    assert d.unplaced_tables == []
    basic_by_function = d.table("general_budget_basic_function_expenditure")
    assert [(r.code, r.values) for r in basic_by_function.rows[:3]] == [
        (None, {"total": D("520.00"), "personnel": D("450.00"), "public": D("70.00")}),
        ("201", {"total": D("400.00"), "personnel": D("330.00"), "public": D("70.00")}),
        ("20103", {"total": D("400.00"), "personnel": D("330.00"), "public": D("70.00")})]
    assert d.table("general_budget_basic_expenditure").row(code="302").values == {
        "total": D("70.00"), "personnel": None, "public": D("70.00")}
    assert d.table("general_budget_economic_expenditure").row(code="30227").values == {
        "total": D("100.00"), "basic": None, "project": D("100.00")}
    # Units by code in 收入总表 and 支出总表.
    assert [(r.unit_code, r.name, r.values["total"]) for r in d.table("expenditure_summary").rows] == [
        (None, "合计", D("620.00")), ("121001", "西岭市信访局", D("480.00")),
        ("121002", "西岭市信访接待服务中心", D("140.00"))]
    # The 专项业务经费支出表: one 项目金额 column beside the words of 项目简介.
    projects = d.table("project_expenditure_by_source")
    assert [c.id for c in projects.columns] == ["total"]
    assert [(r.unit_code, r.name, r.values["total"]) for r in projects.rows] == [
        (None, "合计", D("100.00")), ("121001", "西岭市信访局", D("100.00")),
        (None, "信访事项复查复核及网上信访工作经费", D("100.00"))]
    # The 三公 table by unit code, with 会议费 and 培训费 beside the three items.
    items = {r.item: r.values["total"] for r in d.table("three_public_expenses").rows}
    assert items == {"three_public_total": D("12.00"), "overseas": None, "reception": D("2.00"),
                     "vehicle": D("10.00"), "vehicle_purchase": None, "vehicle_operation": D("10.00"),
                     "meeting": D("3.00"), "training": D("4.00")}
    assert (d.table("government_fund_expenditure").empty_note, d.table("state_capital_expenditure").empty_note) == (
        "注：本部门没有政府性基金收支，此表为空表。", "注：本部门没有国有资本经营预算收支，此表为空表。")


def test_shaanxi_comprehensive_set_checks_clean():
    report = check(extracted(SHAANXI))
    assert [f"{f.rule} {f.severity} {f.message}" for f in report.findings] == []


def test_shaanxi_basic_by_function_item_that_breaks_its_class(tmp_path):
    doc = replace_once(text(SHAANXI), "2080506\t机关事业单位职业年金缴费支出\t20.00\t20.00\t",
                       "2080506\t机关事业单位职业年金缴费支出\t25.00\t25.00\t", after="基本支出明细表（按支出功能")
    report = check_text(doc, tmp_path)
    got = sorted((f.rule, f.table, f.row_code, f.column, f.expected, f.actual) for f in errors(report))
    assert got == [
        ("S003", "general_budget_basic_function_expenditure", "20805", "personnel", D("75.00"), D("70.00")),
        ("S003", "general_budget_basic_function_expenditure", "20805", "total", D("75.00"), D("70.00"))]


def test_a_standard_table_printed_twice_is_named_not_merged(tmp_path):
    # The 一般公共预算基本支出表 by government and by department economic class, one after the other under the
    # same standard name: the first is the table, the second is named among the unplaced tables (R002), its
    # rows not appended to the first.
    doc = text(HUNAN)
    for n, kind in (("四", "政府"), ("五", "部门")):
        doc = doc.replace(f"{n}、部门支出预算分类汇总表(按{kind}预算经济分类)", f"{n}、一般公共预算基本支出表(按{kind}预算经济分类)")
    path = tmp_path / "twice.txt"
    path.write_text(doc, encoding="utf-8")
    d = yusuan.extract(path)
    basic = d.table("general_budget_basic_expenditure")
    assert (basic.title, basic.rows[0].name, [r.code for r in basic.rows[1:]]) == (
        "四、一般公共预算基本支出表(按政府预算经济分类)", "合计",
        ["501", "50101", "50102", "50103", "502", "50201", "50209", "505", "50501", "50502"])
    named = [(u.title, u.source.line) for u in d.unplaced_tables if "--" not in u.title]
    assert named == [("五、一般公共预算基本支出表(按部门预算经济分类)", 108), ("八、一般公共预算基本支出表", 152)]


def test_an_empty_fund_table_explained_in_the_explanation(tmp_path):
    # The note under the empty 政府性基金收支表 removed: C002 warns that nothing explains the empty table;
    # the explanation saying so instead ("政府性基金预算拨款支出为0") explains it.
    bare = text(SHAANXI).replace("注：本部门没有政府性基金收支，此表为空表。\n", "")
    [f] = [f for f in check_text(bare, tmp_path, select=["C002"]).findings]
    assert (f.severity, f.table, f.message) == (
        "警告", "government_fund_expenditure",
        "部门综合预算政府性基金收支表（不含上年结转）没有任何数字，也没有“空表列示”的说明。")
    said = bare.replace("全部为一般公共预算拨款收入；", "全部为一般公共预算拨款收入，政府性基金预算拨款支出为0；")
    assert check_text(said, tmp_path, select=["C002"]).findings == []
