"""Statements of the explanation checked beyond their own figure: a year, a blank cell, the procurement budget,
the performance target forms, a part in another unit (N011, N016, N020–N023), on seed 001 with one mistake put
in, and on the real PDFs that state them."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest
from conftest import real as real_path
from mutate import check_text, findings, outcome, replace_once, seed_text

import yusuan
from yusuan.rules import check

D = Decimal
# seed 001 with its known narrative mistake corrected: it checks clean
CLEAN = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
NEW_RULES = ["N011", "N016", "N020", "N021", "N022", "N023"]


@lru_cache(maxsize=None)
def real(prefix: str):
    return yusuan.extract(real_path(prefix))


def _seen(report, rule):
    return [(f.severity, f.column, f.expected, f.actual, f.source.line) for f in findings(report, rule)]


def test_the_clean_seed_passes_the_new_rules(tmp_path):
    r = check_text(CLEAN, tmp_path, select=NEW_RULES)
    assert [f.rule for f in r.findings] == []
    assert {o.rule: o.outcome for o in r.outcomes} == {
        "N011": "通过", "N016": "通过", "N020": "不适用", "N021": "不适用", "N022": "通过", "N023": "不适用"}


# ---------------------------------------------------------------------------------------------
# N020: this year's amount under last year's label


@pytest.mark.parametrize("old,new,line,column,value", [
    # the topic year of the sentence, set off by a comma ("与上年持平" later in the sentence is of other items)
    ("2024年，我部门财政拨款“三公”经费预算安排2.90万元", "2023年，我部门财政拨款“三公”经费预算安排2.90万元", 417, "year",
     D("2.90")),
])
def test_an_amount_of_this_year_labelled_last_year(tmp_path, old, new, line, column, value):
    r = check_text(replace_once(CLEAN, old, new), tmp_path, select=["N020"])
    [f] = findings(r, "N020")
    assert (f.severity, f.column, f.expected, f.actual, f.source.line) == ("警告", column, D(2024), D(2023), line)
    assert f"{new[-12:]}”：金额是本年表格中的数" in f.message


def test_last_years_budget_named_as_such_is_reported_once_by_n016(tmp_path):
    text = replace_once(CLEAN, "2024年支出预算647.23万元", "2023年支出预算647.23万元")
    r = check_text(text, tmp_path, select=["N016", "N020"])
    assert [(f.rule, f.severity, f.expected, f.actual, f.source.line) for f in r.findings] == [
        ("N016", "警告", D(2024), D(2023), 405)]


def test_last_year_compared_with_or_stated_equal_is_not_reported(tmp_path):
    # "与2023年相比" is a comparison; a sentence saying both years are equal may print last year's amount
    text = replace_once(CLEAN, "2024年，我部门机关运行经费共计安排93.72万元，",
                        "2023年，我部门机关运行经费共计安排93.72万元，与上年持平，")
    assert outcome(check_text(text, tmp_path, select=["N020"]), "N020") == "不适用"


# ---------------------------------------------------------------------------------------------
# N021: an amount stated where the table leaves the cell blank


@pytest.mark.parametrize("old,new,column,value", [
    ("基金预算收入0.00万元", "基金预算收入0.01万元", "government_fund_income", D("0.01")),
    ("其中因公出国（境）费0.00万元", "其中因公出国（境）费0.50万元", "overseas", D("0.50")),
])
def test_an_amount_over_a_blank_cell_is_a_warning(tmp_path, old, new, column, value):
    r = check_text(replace_once(CLEAN, old, new), tmp_path, select=["N001", "N021"])
    assert findings(r, "N001") == []  # a blank is no figure to compare with
    [f] = findings(r, "N021")
    assert (f.severity, f.column, f.actual) == ("警告", column, value)
    assert "是空白" in f.message


# ---------------------------------------------------------------------------------------------
# N022: planned fixed assets said to be in the procurement budget


def test_planned_assets_beyond_the_procurement_budget(tmp_path):
    text = replace_once(CLEAN, "本年度拟购置固定资产总额为 0.00 万元", "本年度拟购置固定资产总额为 10.00 万元")
    [f] = findings(check_text(text, tmp_path, select=["N022"]), "N022")
    assert (f.severity, f.column, f.expected, f.actual, f.source.line) == (
        "警告", "planned_fixed_assets", D(0), D("10.00"), 660)
    assert "部门政府采购预算（空表）" in f.message


# ---------------------------------------------------------------------------------------------
# N016: the years of target forms, of statements of this budget, of the assets' date


@pytest.mark.parametrize("old,new,expected,actual", [
    ("### 1、2024年多元化解中心", "### 1、2023年多元化解中心", D(2024), D(2023)),  # a target form of last year
    ("2024年，我部门机关运行经费", "2024年，我部门机关运行经费", None, None),
])
def test_a_target_form_of_last_year(tmp_path, old, new, expected, actual):
    r = check_text(replace_once(CLEAN, old, new), tmp_path, select=["N016"])
    assert [(f.severity, f.expected, f.actual) for f in findings(r, "N016")] == (
        [("警告", expected, actual)] if expected else [])


def test_real_06_statements_of_this_budget_dated_last_year():
    assert outcome(check(real("06"), select=["N016"]), "N016") == "通过"
    d = real("06").model_copy(deep=True)
    for p in d.explanation:
        if "2025年度，本部门编报绩效目标的项目共25个" in p.text:
            p.text = p.text.replace("2025年度，本部门编报", "2024年度，本部门编报")
        if "截至2024年8月31日" in p.text:
            p.text = p.text.replace("截至2024年8月31日", "截至2025年8月31日")
    r = check(d, select=["N016"])
    assert [(f.expected, f.actual) for f in r.findings] == [(D(2025), D(2024)), (D(2024), D(2025))]


# ---------------------------------------------------------------------------------------------
# N023: the projects with targets against the target forms


def test_real_01_target_forms_add_up_to_more_than_the_explanation_says():
    # five 项目支出绩效目标表: 410.00 + 635.10 + 456.38 + 759.55 + 1090.3043 万元 = 3351.33 万元
    d = real("01")
    claims = [(c.subject.figure, c.value) for c in d.claims if c.resolved and c.subject.kind == "figure"
              and c.subject.figure.startswith("target_")]
    assert claims == [("target_projects", D(5)), ("target_amount", D("3328.13"))]
    [f] = check(d, select=["N023"]).findings
    assert (f.severity, f.column, f.expected.quantize(D("0.0001")), f.actual, f.source.page) == (
        "警告", "target_amount", D("3351.3343"), D("3328.13"), 29)


def test_the_overall_target_money_is_a_total_of_the_document():
    d = real("35")
    [(key, value)] = [(c.subject.figure, c.value) for c in d.claims if c.resolved and c.subject.kind == "figure"
                      and c.subject.figure == "target_overall"]
    assert (key, value) == ("target_overall", D("86999.14"))
    assert outcome(check(d, select=["N023"]), "N023") == "通过"


# ---------------------------------------------------------------------------------------------
# N011: a part in another unit than its total


def test_a_part_printed_in_yuan_among_parts_in_wanyuan(tmp_path):
    d = real("06").model_copy(deep=True)
    for p in d.explanation:
        p.text = p.text.replace("政府采购服务预算30.40万元", "政府采购服务预算30.40元")
    d.claims = yusuan.recognize.claims.extract_claims(d.explanation, d.tables, d.year, d.narrative)
    [f] = check(d, select=["N011"]).findings
    assert (f.severity, f.column, f.actual) == ("警告", "parts", D("30.40"))
    assert "应是30.40万元" in f.message


# ---------------------------------------------------------------------------------------------
# what the 国有资产 and 机构设置 paragraphs count, the kinds of spending, the carry-overs


def _figures(d, *keys):
    return [(c.subject.figure, c.subject.names.get("类别"), c.printed) for c in d.claims
            if c.resolved and c.subject.kind == "figure" and c.subject.figure in keys]


def test_real_34_vehicles_by_kind_across_a_page_break():
    # "共有车辆16辆，其中业" | "—5—" (the page's number) | "务用车6辆，……": one sentence again
    assert _figures(real("34"), "vehicles") == [
        ("vehicles", None, "16辆"), ("vehicles", "业务用车", "6辆"), ("vehicles", "机要通信用车", "3辆"),
        ("vehicles", "应急保障用车", "7辆")]


def test_real_31_vehicles_and_equipment_held_and_to_buy():
    assert _figures(real("31"), "vehicles", "planned_vehicles", "equipment", "planned_equipment") == [
        ("vehicles", None, "0辆"), ("equipment", "单价100万元（含）以上设备", "0台（套）"),
        ("planned_vehicles", None, "0辆"), ("planned_equipment", "单价100万元（含）以上设备", "0台（套）")]


def test_real_37_a_row_continued_on_the_next_page():
    # "10.职业教育（款）高等职业教育（项）支出 23,300.12 万" | "- 54 -" | "元，与上年相比增加1,170.36万元，增长5.29%。"
    d = real("37")
    [c] = [c for c in d.claims if c.printed == "1,170.36万元"]
    assert (c.measure, c.subject.code, d.claims[c.of].printed) == ("change", "2050305", "23,300.12万元")
    assert not any(p.text in ("- 54 -", "- 55 -") for p in d.explanation)


def test_real_39_kinds_of_spending_and_income_lines_listed():
    d = real("39")
    assert _figures(d, "operating_expenditure", "remit_to_superior", "subsidy_to_affiliates") == [
        ("operating_expenditure", None, "0.00万元"), ("remit_to_superior", None, "0.00万元"),
        ("subsidy_to_affiliates", None, "0.00万元")]
    # "其中：一般公共预算拨款收入10984.81万元、政府性基金预算财政拨款收入0.00万元、……、其他收入4200.00万元":
    # each line after the one before it (the first two are figures of their own)
    income = [c.subject.names["行"] for c in d.claims if c.resolved and c.subject.kind == "table_row"]
    assert income == ["三、国有资本经营预算拨款收入", "五、事业收入", "六、事业单位经营收入", "七、上级补助收入",
                      "八、附属单位上缴收入", "九、其他收入"]
    assert outcome(check(d, select=["N001", "N012", "N013"]), "N012") == "通过"


def test_real_35_carryovers_by_fund_and_the_year_end_balance():
    assert _figures(real("35"), "year_end_carryover", "carryover_general_budget", "carryover_government_fund",
                    "carryover_state_capital", "carryover_special_account", "carryover_unit_funds") == [
        ("year_end_carryover", None, "0万元"), ("carryover_general_budget", None, "0万元"),
        ("carryover_government_fund", None, "0万元"), ("carryover_state_capital", None, "0万元"),
        ("carryover_special_account", None, "0万元"), ("carryover_unit_funds", None, "0万元")]


# ---------------------------------------------------------------------------------------------
# N024: vehicles to buy against the money to buy them


def test_real_vehicles_to_buy_agree_with_the_purchase_fee():
    for prefix in ("02", "04", "39"):  # 1 辆 / 25 万元, 0 辆 / 0, 13 辆 / 261.90 万元
        assert outcome(check(real(prefix), select=["N024"]), "N024") == "通过"


def test_a_vehicle_to_buy_without_purchase_money():
    d = real("04").model_copy(deep=True)
    for p in d.explanation:
        p.text = p.text.replace("部门预算安排购置车辆0辆", "部门预算安排购置车辆1辆")
    d.claims = yusuan.recognize.claims.extract_claims(d.explanation, d.tables, d.year, d.narrative)
    [f] = check(d, select=["N024"]).findings
    assert (f.severity, f.column, f.actual) == ("警告", "planned_vehicles", D(1))
    assert "公务用车购置费为 0万元" in f.message


# ---------------------------------------------------------------------------------------------
# N025: the change of the 财政拨款 spending against the changes of its three funds


@pytest.mark.parametrize("prefix,old,new,expected,actual", [
    # the 一般公共预算 part changed: the other two are "比2024年预算持平"
    ("04", "一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元",
     "一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,398.52万元", D("-2398.52"), D("-2389.52")),
    # the total changed
    ("06", "财政拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元",
     "财政拨款支出预算37,151.47万元，比2024年预算增加24,591.71万元", D("24491.71"), D("24591.71")),
])
def test_the_fiscal_change_is_the_sum_of_the_funds_changes(prefix, old, new, expected, actual):
    d = real(prefix)
    assert outcome(check(d, select=["N025"]), "N025") == "通过"
    d = d.model_copy(deep=True)
    for p in d.explanation:
        p.text = p.text.replace(old, new)
    d.claims = yusuan.recognize.claims.extract_claims(d.explanation, d.tables, d.year, d.narrative)
    [f] = check(d, select=["N025"]).findings
    assert (f.severity, f.column, f.expected, f.actual) == ("警告", "fiscal_total", expected, actual)


def test_a_fund_increased_from_nothing_is_left_to_n002():
    # 01: "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元" (a real mistake N002 reports)
    assert outcome(check(real("01"), select=["N025"]), "N025") == "不适用"


# ---------------------------------------------------------------------------------------------
# 人员经费 and 公用经费 from a 基本支出 table that lists the economic classes only


def test_personnel_and_public_are_the_classes_added_up():
    # 40: 301 工资福利支出 3446.94 + 303 对个人和家庭的补助 668.90 = 4115.84; 302 商品和服务支出 692.81
    d = real("40")
    assert (d.narrative["personnel"].value, d.narrative["public"].value) == (D("4115.84"), D("692.81"))
    r = check(d, select=["N001"])
    assert outcome(r, "N001") == "通过" and r.findings == []
    wrong = d.model_copy(deep=True)
    wrong.narrative["personnel"].value = D("4116.84")
    [f] = check(wrong, select=["N001"]).findings
    assert (f.severity, f.column, f.expected, f.actual) == ("警告", "personnel", D("4115.84"), D("4116.84"))
    assert "301工资福利支出＋303对个人和家庭的补助" in f.message and "口径可能不同" in f.message


# ---------------------------------------------------------------------------------------------
# N014: nothing changed, so nothing grew


def test_a_rate_after_a_change_of_nothing_is_zero():
    d = real("41").model_copy(deep=True)
    assert outcome(check(d, select=["N014"]), "N014") == "通过"
    for p in d.explanation:
        p.text = p.text.replace("公务接待费0万元，比上年增加0万元，增长0%", "公务接待费0万元，比上年增加0万元，增长1%")
    d.claims = yusuan.recognize.claims.extract_claims(d.explanation, d.tables, d.year, d.narrative)
    [f] = check(d, select=["N014"]).findings
    assert (f.severity, f.expected, f.actual) == ("警告", D(0), D(1))


def test_target_forms_published_alone_take_the_year_most_titles_print(tmp_path):
    # seed 004: four forms titled "2021年……绩效目标表"; the first one's title printed with 2020 is that form's
    # slip (N016 names it), not the document's year
    text = replace_once(seed_text("004"), "2021年部门整体支出绩效目标表", "2020年部门整体支出绩效目标表")
    r = check_text(text, tmp_path, select=["N016"])
    assert r.year == 2021
    [f] = findings(r, "N016")
    assert (f.severity, f.expected, f.actual, f.source.line) == ("警告", D(2021), D(2020), 1)


def test_a_total_printed_in_yuan_over_parts_in_wanyuan():
    from test_claims import small

    d = small("2025年本部门政府采购预算38.20元，其中：政府采购货物预算7.80万元、政府采购工程预算0万元、"
              "政府采购服务预算30.40万元。")
    [f] = check(d, select=["N011"]).findings
    assert (f.severity, f.column, f.actual, f.source.line) == ("警告", "parts", D("38.20"), 1)
    assert "应是38.20万元" in f.message
    # the same parts in 元 that do add up in 万元 terms agree: nothing to report
    ok = small("2025年本部门政府采购预算0.55万元，其中：政府采购货物预算5000元、政府采购服务预算500元。")
    assert check(ok, select=["N011"]).findings == []


# ---------------------------------------------------------------------------------------------
# E010: the year a table's header states, and the date the 固定资产 table stands at


def test_a_table_header_of_last_year_and_an_asset_date_after_the_budget_began(tmp_path):
    assert outcome(check_text(CLEAN, tmp_path, select=["E010"]), "E010") == "通过"
    text = replace_once(CLEAN, "预算年度：2024", "预算年度：2023", after="## 部门预算收支总表")
    text = replace_once(text, "截止时间：2023-12-31", "截止时间：2024-12-31")
    r = check_text(text, tmp_path, select=["E010"])
    assert [(f.severity, f.table, f.column, f.expected, f.actual) for f in r.findings] == [
        ("警告", "income_expenditure_summary", "year", D(2024), D(2023)),
        ("警告", "fixed_assets", "as_of", D(2024), D(2024))]
    assert "应截至2023 年或 2024 年上半年" in r.findings[1].message


def test_real_tables_state_the_year_of_their_document():
    # 04: "2025年部门财务收支预算总表" …; 39: "预算年度：2026"-style titles of Quanzhou
    for prefix, year in (("04", 2025), ("39", 2026)):
        d = real(prefix)
        assert {t.stated_year for t in d.tables if t.id in ("income_expenditure_summary", "income_summary")} == {year}
        assert outcome(check(d, select=["E010"]), "E010") == "通过"


def test_a_table_headed_in_yuan_whose_figures_are_the_other_tables_wanyuan(tmp_path):
    # the 收支总表 of seed 001 headed "单位：元" while it prints 647.23, 605.23 … as the other tables do in 万元:
    # one finding for the header, the table read in 万元 — not nine cross-table 错误 ten thousand times apart
    text = replace_once(CLEAN, "单位：万元", "单位：元", after="## 部门预算收支总表")
    r = check_text(text, tmp_path)
    assert [(f.rule, f.severity, f.table, f.expected, f.actual) for f in r.findings] == [
        ("E011", "警告", "income_expenditure_summary", "万元", "元")]


def test_tables_legitimately_in_two_units_keep_their_units():
    # Shanghai: every table in 元, the “三公” table in 万元
    d = real("04")
    assert {(t.id, t.money_unit, t.printed_unit) for t in d.tables if t.id in (
        "income_expenditure_summary", "three_public_expenses")} == {
        ("income_expenditure_summary", "元", None), ("three_public_expenses", "万元", None)}
    assert outcome(check(d, select=["E011"]), "E011") == "通过"
