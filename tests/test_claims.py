"""Claims: every number of the explanation, what it is about where that is certain, and the rules over them
(N009 a named row's amount, N010 its name, N011 其中 parts)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest
from conftest import real as real_path
from mutate import check_text, findings, outcome, replace_once, seed_text

import yusuan
from yusuan.model import Column, Disclosure, Passage, Row, Source, Table
from yusuan.recognize.claims import extract_claims
from yusuan.rules import check

D = Decimal
CLAIM_RULES = ["N009", "N010", "N011"]


@lru_cache(maxsize=None)
def doc(prefix: str):
    from conftest import seed

    return yusuan.extract(seed(prefix) if len(prefix) == 3 else real_path(prefix))


@lru_cache(maxsize=None)
def report(prefix: str):
    return check(doc(prefix), select=CLAIM_RULES)


def row_claims(d):
    """(page or line, code, value) of every amount that names its table row directly."""
    return [(c.source.page or c.source.line, c.subject.code, c.value) for c in d.claims
            if c.resolved and c.subject.kind == "row" and c.subject.direct]


def counts(d):
    return len(d.claims), sum(c.resolved for c in d.claims)


# ---------------------------------------------------------------------------------------------
# what the claims resolve to, per document

ROWS_04 = [(6, "2010301", D("1202.95")), (6, "2010302", D("4614")), (6, "2010350", D("380.73")),
           (6, "2010399", D("2012")), (6, "2080501", D("155.42")), (6, "2080505", D("176.32")),
           (6, "2080506", D("88.16")), (6, "2080599", D("1.48")), (7, "2101101", D("78.29")),
           (7, "2101102", D("31.42")), (7, "2210201", D("174.14")), (7, "2210203", D("186.77"))]
ROWS_06 = [(7, "2011301", D("938.99")), (7, "2011302", D("454.50")), (7, "2011350", D("290.18")),
           (7, "2011399", D("476.50")), (7, "2060503", D("1720.00")), (7, "2080501", D("166.12")),
           (7, "2080502", D("1.73")), (7, "2080505", D("141.09")), (8, "2080506", D("70.54")),
           (8, "2080599", D("1.33")), (8, "2101101", D("63.19")), (8, "2101102", D("24.99")),
           (8, "2150899", D("29381.00")), (8, "2169999", D("3136.40")), (8, "2210201", D("136.10")),
           (8, "2210203", D("148.80"))]
_ITEMS_08 = [("2010601", D("1623.18")), ("2010602", D("10.00")), ("2010607", D("166.66")), ("2010608", D("418.80")),
             ("2080501", D("87.70")), ("2080505", D("174.83")), ("2080506", D("887.36")), ("2080599", D("0.96")),
             ("2101101", D("78.21")), ("2210201", D("204.91")), ("2210203", D("268.77"))]
ROWS_08 = [(7, c, v) for c, v in _ITEMS_08] + [(8, c, v) for c, v in _ITEMS_08]  # the document prints the page twice
# 10's 事业单位医疗 row is printed with its 类 as "7" (code 71102, K005), so its claim stays unresolved
ROWS_10 = [(6, "2080502", D("53.84")), (6, "2080505", D("76.76")), (6, "2080506", D("38.38")),
           (6, "2081005", D("738.66")), (6, "2210201", D("33.58"))]


@pytest.mark.parametrize("prefix,rows,total,resolved", [
    ("001", [], 34, 27),
    # 04, 06, 08 (its page twice), 10: and the 收支总表 lines 财政拨款收入, 事业单位经营收入, 其他收入, the
    # 财政拨款 totals by fund ("财政拨款支出预算", "政府性基金拨款支出预算") and the changes after them
    # and the parts of the procurement budget (货物, 工程, 服务, 面向中小企业预留 …), and the number of projects
    # with performance targets and the money they cover ("编报绩效目标的项目11个，涉及项目预算资金6626万元"), and
    # what the 国有资产 paragraph counts: vehicles by kind, those to buy, equipment above 100万元, the units
    ("04", ROWS_04, 68, 61),
    ("06", ROWS_06, 90, 63),
    # 08 and 10: "一般公共预算拨款支出预算" is not 支出合计, however equal the numbers, but its own figure
    ("08", ROWS_08, 97, 81),
    ("10", ROWS_10, 72, 66),
])
def test_claims_resolved_to_table_rows(prefix, rows, total, resolved):
    d = doc(prefix)
    assert row_claims(d) == rows
    assert counts(d) == (total, resolved)
    # every claim resolved to a row names one the tables print
    printed = {(r.code or "").replace(" ", "") for t in d.tables for r in t.rows}
    assert all(c.subject.code in printed for c in d.claims if c.resolved and c.subject.kind == "row")


def test_seed_001_claims_are_its_figures():
    d = doc("001")
    amounts = [c for c in d.claims if c.measure == "amount"]
    assert (len(amounts), sum(c.resolved for c in amounts)) == (22, 22)
    figures = [(c.subject.figure, c.value) for c in d.claims if c.resolved][:8]
    assert figures == [("income_total", D("647.23")), ("general_budget_income", D("605.23")),
                       ("government_fund_income", D("0.00")), ("state_capital_income", D("0.00")),
                       ("fiscal_special_account_income", D("0.00")), ("unit_funds_income", D("0.00")),
                       ("carryover", D("42.00")), ("expenditure_total", D("647.23"))]
    income = next(c for c in d.claims if c.subject is not None and c.subject.figure == "income_total")
    assert [d.claims[i].value for i in income.total_of] == [D("605.23"), D("0.00"), D("0.00"), D("0.00"), D("0.00"),
                                                            D("42.00")]
    assert (income.source.line, income.printed, income.unit) == (401, "647.23万元", "万元")


def test_claims_of_one_item_keep_their_measures_and_years():
    d = doc("10")
    item = [c for c in d.claims if c.subject is not None and c.subject.code == "2081005"]
    assert [(c.measure, c.value, c.period, c.direction, c.subject.direct) for c in item] == [
        ("amount", D("738.66"), None, None, True),
        ("amount", D("711.34"), "prior", None, False),
        ("amount", D("738.66"), "current", None, False),
        ("growth_rate", D("3.84"), None, "increase", False),
    ]


# ---------------------------------------------------------------------------------------------
# the real mistakes


def test_real_08_pension_annuity_stated_ten_times_the_table():
    got = [(f.rule, f.severity, f.source.page, f.row_code, f.expected, f.actual) for f in report("08").findings]
    assert got == [("N009", "错误", 7, "2080506", D("87.36"), D("887.36")),
                   ("N009", "错误", 8, "2080506", D("87.36"), D("887.36"))]
    assert "873617.00元（即 87.36万元）" in report("08").findings[0].message


def test_real_10_welfare_unit_differs_from_its_row():
    got = [(f.rule, f.severity, f.source.page, f.row_code, f.expected, f.actual) for f in report("10").findings]
    assert got == [("N009", "错误", 6, "2081005", D("696.48"), D("738.66"))]
    assert "6964796元（即 696.48万元）" in report("10").findings[0].message


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004", "04", "06"])
def test_clean_documents_get_no_finding_from_the_claim_rules(prefix):
    assert [(f.rule, f.message) for f in report(prefix).findings] == []


def test_seed_002_income_parts_short_of_the_total_is_the_known_mistake():
    # the same sentence N001 reports: 一般公共预算收入 152.80 where the tables have 185.62
    [f] = report("002").findings
    assert (f.rule, f.severity, f.source.line, f.expected, f.actual) == ("N011", "警告", 1466, D("152.80"), D("185.62"))


def test_rows_stated_and_checked_on_the_clean_pdfs_pass():
    assert [(o.rule, o.outcome) for o in report("04").outcomes] == [("N009", "通过"), ("N010", "通过"),
                                                                   ("N011", "通过")]


# ---------------------------------------------------------------------------------------------
# small documents: how claims are read and resolved


def _row(code, name, total):
    return Row(code=code, name=name, values={"total": None if total is None else D(total)})


TABLE_ROWS = [
    _row("201", "一般公共服务支出", "1000000.00"), _row("20103", "政府办公厅（室）及相关机构事务", "1000000.00"),
    _row("2010301", "行政运行", "877080.00"), _row("2010302", "一般行政管理事务", "122920.00"),
    _row("20105", "发展与改革事务", "0"), _row("2010501", "行政运行", None),
    _row("208", "社会保障和就业支出", "9620.00"), _row("20805", "行政事业单位养老支出", "9620.00"),
    _row("2080599", "其他行政事业单位养老支出", "9620.00"),
    _row("210", "卫生健康支出", "196400.00"), _row("21011", "行政事业单位医疗", "196400.00"),
    _row("2101101", "行政单位医疗", "196400.00"),
]


def small(*sentences: str, rows=TABLE_ROWS, unit="元") -> Disclosure:
    t = Table(id="general_budget_expenditure", title="一般公共预算支出功能分类预算表", money_unit=unit,
              columns=[Column(id="total", label="合计")], rows=rows)
    d = Disclosure(source="t.txt", format="text", year=2025, money_unit="万元", tables=[t],
                   explanation=[Passage(text=s, source=Source(line=i + 1)) for i, s in enumerate(sentences)])
    d.claims = extract_claims(d.explanation, d.tables, d.year)
    return d


def test_a_row_named_by_its_class_section_and_item():
    d = small("9.“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”19.64万元，主要用于医疗保险。")
    [c] = d.claims
    assert (c.measure, c.value, c.unit, c.printed, c.resolved) == ("amount", D("19.64"), "万元", "19.64万元", True)
    assert (c.subject.kind, c.subject.code, c.subject.level, c.subject.by, c.subject.direct) == (
        "row", "2101101", "项", "name", True)
    assert c.subject.names == {"类": "卫生健康支出", "款": "行政事业单位医疗", "项": "行政单位医疗"}
    assert c.subject.table_names == {}
    assert [(f.rule, f.expected, f.actual) for f in check(d, select=CLAIM_RULES).findings] == []


@pytest.mark.parametrize("text,value,unit", [
    ("“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目87.70万元。", "87.70", "万元"),
    ("（一）2010301-行政运行87.71万元。主要用于行政单位。", "87.71", "万元"),
    ("1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”８７．７１万。", "87.71", "万"),
    ("1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”877,080.00元。", "877080.00", "元"),
])
def test_amounts_written_the_way_people_write_them(text, value, unit):
    d = small(text)
    c = d.claims[0]
    assert (c.subject.code, c.value, c.unit) == ("2010301", D(value), unit)
    assert check(d, select=["N009"]).findings == []


def test_an_amount_cut_off_or_rounded_agrees_but_one_beyond_does_not():
    # 877,080.00元 = 87.708万元: printed 87.70 (cut off) or 87.71 (rounded); 87.72 is another amount
    d = small("1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”87.72万元。")
    [f] = check(d, select=["N009"]).findings
    assert (f.severity, f.row_code, f.expected, f.actual, f.source.line) == ("错误", "2010301", D("87.71"), D("87.72"), 1)


def test_the_same_unit_to_the_same_decimal_must_be_equal():
    d = small("“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”877,080.01元。")
    [f] = check(d, select=["N009"]).findings
    assert (f.expected, f.actual) == (D("877080.00"), D("877080.01"))


def test_a_blank_table_cell_is_not_zero():
    d = small("“一般公共服务支出（类）发展与改革事务（款）行政运行（项）”5.00万元。")
    assert d.claims[0].subject.code == "2010501"
    assert outcome(check(d, select=["N009"]), "N009") == "数据不足"


def test_an_ambiguous_name_stays_unresolved_and_unchecked():
    d = small("行政运行（项）99.99万元。", "教育支出（类）普通教育（款）行政运行（项）99.99万元。")
    assert [c.resolved for c in d.claims] == [False, False]
    assert outcome(check(d, select=["N009"]), "N009") == "不适用"


def test_a_name_printed_with_its_words_in_another_order_is_a_warning():
    d = small("政府办公厅（室）及相关机构事务（款）一般行政事务管理（项）支出12.29万元。")
    [c] = d.claims
    assert (c.subject.code, c.subject.by, c.subject.table_names) == ("2010302", "name_order", {"项": "一般行政管理事务"})
    rep = check(d, select=CLAIM_RULES)
    assert [(f.rule, f.severity, f.row_code, f.expected, f.actual) for f in rep.findings] == [
        ("N010", "警告", "2010302", "一般行政管理事务", "一般行政事务管理")]


def test_an_old_class_name_resolves_by_its_section_and_is_a_warning():
    d = small("“医疗卫生与计划生育支出（类）行政事业单位医疗（款）行政单位医疗（项）”19.64万元。")
    [c] = d.claims
    assert (c.subject.code, c.subject.table_names) == ("2101101", {"类": "卫生健康支出"})
    [f] = check(d, select=CLAIM_RULES).findings
    assert (f.rule, f.severity, f.row_code, f.expected, f.actual) == (
        "N010", "警告", "210", "卫生健康支出", "医疗卫生与计划生育支出")


def test_qita_written_either_way_is_the_same_name():
    d = small("“社会保障和就业支出（类）行政事业单位养老支出（款）其它行政事业单位养老支出（项）”0.96万元。")
    assert (d.claims[0].subject.code, d.claims[0].subject.table_names) == ("2080599", {})
    assert check(d, select=CLAIM_RULES).findings == []


def test_a_wrong_section_name_does_not_resolve():
    d = small("“一般公共服务支出（类）财政事务（款）行政运行（项）”87.71万元。")
    assert d.claims[0].resolved is False


def test_a_name_followed_by_a_change_is_not_its_amount():
    d = small("“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”87.71万元，比上年增加3.00万元，增长3.54%。")
    assert [(c.measure, c.value, c.direction, c.subject.direct) for c in d.claims] == [
        ("amount", D("87.71"), None, True), ("change", D("3.00"), "increase", False),
        ("growth_rate", D("3.54"), "increase", False)]
    assert check(d, select=["N009"]).findings == []


def test_an_increase_in_a_name_is_not_a_change():
    d = small("2025年度项目总预算1170.00万，其中支持外贸发展370.00万，支持商销稳增长800.00万。")
    assert [(c.measure, c.value, c.unit) for c in d.claims] == [
        ("amount", D("1170.00"), "万"), ("amount", D("370.00"), "万"), ("amount", D("800.00"), "万")]
    assert d.claims[0].total_of == [1, 2]


# ---------------------------------------------------------------------------------------------
# N011: 其中 parts


def test_parts_exceeding_their_total_are_an_error(tmp_path):
    text = replace_once(seed_text("001"), "上年结转结余42.00万元", "上年结转结余52.00万元")
    [f] = findings(check_text(text, tmp_path, select=["N011"]), "N011")
    assert (f.severity, f.table, f.column, f.expected, f.actual, f.source.line) == (
        "错误", "narrative", "parts", D("657.23"), D("647.23"), 401)


def test_parts_short_of_their_total_are_a_warning(tmp_path):
    text = replace_once(seed_text("001"), "上年结转结余42.00万元", "上年结转结余32.00万元")
    [f] = findings(check_text(text, tmp_path, select=["N011"]), "N011")
    assert (f.severity, f.expected, f.actual) == ("警告", D("637.23"), D("647.23"))


def test_parts_with_a_nested_breakdown_are_not_summed():
    d = small("2024年支出预算647.23万元，其中基本支出425.52万元，包括人员经费331.80万元和日常公用经费93.72万元；"
              "项目支出221.71万元。")
    assert [c.total_of for c in d.claims] == [[], [], [], [], []]


def test_parts_after_another_clause_are_not_of_the_amount_before_it():
    d = small("政府采购预算总额712.49万元：货物预算486.50万元、服务预算225.99万元；其中一般公共预算拨款政府采购504.98万元："
              "货物预算480.50万元、服务预算24.48万元。")
    assert all(c.total_of == [] for c in d.claims)


def test_real_21_item_name_with_its_words_in_another_order():
    # the name differs (a warning); every 项 amount the explanation states equals the table's
    got = [(f.rule, f.severity, f.source.page, f.row_code, f.expected, f.actual) for f in report("21").findings]
    assert got == [("N010", "警告", 20, "2040502", "一般行政管理事务", "一般行政事务管理")]
    assert outcome(report("21"), "N009") == "通过"


@pytest.mark.parametrize("prefix,page,code,expected,actual", [
    ("01", 7, "2080506", D("220.63"), D("441.25")),  # "2023年预算安排441.25万元" under a 220.63 item
    ("02", 9, "2210201", D("350.35"), D("352.67")),  # "2024年预算安排352.67万元" under a 350.35 item
])
def test_real_item_restated_with_another_amount(prefix, page, code, expected, actual):
    got = [(f.rule, f.severity, f.source.page, f.row_code, f.expected, f.actual) for f in report(prefix).findings]
    assert got == [("N009", "错误", page, code, expected, actual)]


# ---------------------------------------------------------------------------------------------
# N012: a figure stated again later in the explanation

_THREE_PUBLIC_END = "无增减变化。"


def test_restated_three_public_total_against_the_table(tmp_path):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    again = replace_once(clean, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n全年“三公”经费预算安排29.00万元。")
    report = check_text(again, tmp_path, select=["N001", "N012"])
    assert [(f.rule, f.severity, f.column, f.expected, f.actual) for f in report.findings] == [
        ("N012", "警告", "three_public_total", D("2.90"), D("29.00"))]
    assert report.findings[0].message == (
        "说明再次称“三公”经费“全年“三公”经费预算安排29.00万元”，但部门预算财政拨款“三公”经费支出表““三公”经费小计”为 2.90万元。")
    same = replace_once(clean, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n全年“三公”经费预算安排2.90万元。")
    assert outcome(check_text(same, tmp_path, select=["N012"]), "N012") == "通过"


def test_restatement_of_another_year_or_part_is_not_compared(tmp_path):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    for sentence in ("2023年“三公”经费预算安排3.70万元。", "上年“三公”经费预算安排3.70万元。",
                     "其中政府采购货物预算29.00万元。"):
        report = check_text(replace_once(clean, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n" + sentence), tmp_path,
                            select=["N012"])
        assert findings(report, "N012") == [], sentence


def test_a_figure_restated_is_resolved_only_by_its_own_name():
    # "公务接待费预算支出36万元" reads as 预算支出 (支出合计) to the explanation reader's patterns: a claim
    # takes the figure only where its clause names it and nothing else
    d = doc("38")
    by = {(c.text[:c.offset], c.printed): c.subject.figure for c in d.claims
          if c.resolved and c.subject.kind == "figure" and c.printed in ("1.5万元", "2,723.94万元", "98.53万元")}
    assert [f for (before, printed), f in by.items() if before.endswith("3．公务接待费预算支出")] == ["reception"]
    assert [f for (before, printed), f in by.items() if before.endswith("机关运行经费预算支出")] == ["operation_cost"]
    assert all(c.subject is None or c.subject.figure != "expenditure_total" for c in d.claims
               if c.text[:c.offset].endswith("公务用车购置预算支出"))
    # 2,723.94万元 is also "整体支出纳入绩效目标管理，涉及财政性资金2,723.94万元" (target_overall)
    assert sorted(set(by.values())) == ["fiscal_total", "general_budget_expenditure", "general_budget_income",
                                        "operation_cost", "public", "reception", "target_overall",
                                        "three_public_total"]


def test_a_change_after_a_figure_is_that_figures_change():
    # 04 states 2,389.52 three times, each after another amount: the 收支总表's 财政拨款收入 line, the
    # 财政拨款 total ("财政拨款支出预算9,101.68万元"), and the 一般公共预算 spending ("一般公共预算拨款支出预算
    # 9,101.68万元，比2024年预算减少2,389.52万元", which the explanation reader keeps as 支出合计: the name the
    # clause prints wins); each change is of its own amount
    d = doc("04")
    stated = [(c.measure, c.direction, c.subject.kind, c.subject.figure or c.subject.names["行"], d.claims[c.of].printed)
              for c in d.claims if c.printed == "2,389.52万元"]
    assert stated == [("change", "decrease", "table_row", "一、财政拨款收入", "9,101.68万元"),
                      ("change", "decrease", "figure", "fiscal_total", "9,101.68万元"),
                      ("change", "decrease", "figure", "general_budget_expenditure", "9,101.68万元")]
    # 35: "……一般公共预算拨款收入20,832.97万元，与上年相比减少3,792.54万元，减少15.4%": change and rate
    d = doc("35")
    linked = [(c.measure, c.value, c.subject.figure) for c in d.claims if c.resolved and c.subject.kind == "figure"
              and c.printed in ("3,792.54万元", "15.4%")]
    # and again after "一般公共预算财政拨款支出预算20,832.97万元": that figure's change and rate
    assert linked == [("change", D("3792.54"), "general_budget_income"),
                      ("growth_rate", D("15.4"), "general_budget_income"),
                      ("change", D("3792.54"), "general_budget_expenditure"),
                      ("growth_rate", D("15.4"), "general_budget_expenditure")]


def test_vehicle_counts_are_parts_of_their_total():
    d = doc("35")
    [total] = [c for c in d.claims if c.total_of and c.measure == "count"]
    assert (total.printed, [d.claims[i].printed for i in total.total_of]) == (
        "11辆", ["0辆", "0辆", "0辆", "0辆", "5辆", "0辆", "0辆", "6辆"])
    assert (outcome(report("35"), "N011"), findings(report("35"), "N011")) == ("通过", [])


@pytest.mark.parametrize("sentence,severity,expected,actual", [
    ("本部门共有车辆3辆，其中：一般公务用车1辆、执法执勤用车3辆；单价100万元以上设备0台（套）。", "错误", D(4), D(3)),
    ("本部门共有车辆5辆，其中：一般公务用车1辆、执法执勤用车3辆。", "警告", D(4), D(5)),
])
def test_vehicle_parts_must_add_up_exactly(tmp_path, sentence, severity, expected, actual):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    text = replace_once(clean, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n" + sentence)
    [f] = [f for f in findings(check_text(text, tmp_path, select=["N011"]), "N011") if "辆" in f.message]
    assert (f.severity, f.expected, f.actual) == (severity, expected, actual)


def test_vehicle_parts_that_add_up_are_not_reported(tmp_path):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    text = replace_once(clean, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n本部门共有车辆4辆，其中：主要领导干部用车1辆、"
                                                                    "执法执勤用车3辆。")
    path = tmp_path / "vehicles.txt"
    path.write_text(text, encoding="utf-8")
    d = yusuan.extract(path)
    [total] = [c for c in d.claims if c.total_of and c.measure == "count"]
    assert (total.value, [d.claims[i].value for i in total.total_of]) == (D(4), [D(1), D(3)])
    assert [f for f in findings(check(d, select=["N011"]), "N011") if "辆" in f.message] == []


# ---------------------------------------------------------------------------------------------
# N013: an income line of the 收支总表 named in the explanation

_UNIT_FUNDS_ROW = "5\t五、单位资金\t\t五、教育支出"


@pytest.mark.parametrize("cell,sentence,result,found", [
    ("0.00", "（5）其他收入3.00万元。", "不通过", [("警告", "income", D("0.00"), D("3.00"))]),
    ("0.00", "（5）其他收入0.00万元。", "通过", []),
    ("", "本年其他收入3.00万元。", "数据不足", []),  # a blank cell is not 0
    ("0.00", "上年其他收入3.00万元。", "不适用", []),  # another year's amount is not the line's
])
def test_income_line_against_the_summary(tmp_path, cell, sentence, result, found):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    text = replace_once(clean, _UNIT_FUNDS_ROW, f"5\t五、其他收入\t{cell}\t五、教育支出")
    text = replace_once(text, _THREE_PUBLIC_END, _THREE_PUBLIC_END + "\n\n" + sentence)
    report_ = check_text(text, tmp_path, select=["N013"])
    assert outcome(report_, "N013") == result
    assert [(f.severity, f.column, f.expected, f.actual) for f in findings(report_, "N013")] == found
    if found:
        assert findings(report_, "N013")[0].row_name == "五、其他收入"


def test_income_lines_of_a_real_summary():
    d = doc("10")
    lines = [(c.subject.names["行"], c.measure, c.value) for c in d.claims
             if c.resolved and c.subject.kind == "table_row"]
    assert lines == [("一、财政拨款收入", "amount", D("950.12")), ("一、财政拨款收入", "change", D("0.46")),
                     ("三、事业单位经营收入", "amount", D("0.00")), ("四、其他收入", "amount", D("0.00"))]
    assert outcome(check(d, select=["N013"]), "N013") == "通过"


# ---------------------------------------------------------------------------------------------
# links between claims: a change, rate or share to the amount it is of; thresholds; 类 names


def test_a_class_printed_without_its_zhichu_resolves():
    d = small("1．卫生健康（类）支出 19.64 万元，主要用于医疗保险。与上年相比增加1.64万元，增长9.11%。")
    amount, change, rate = d.claims
    assert (amount.subject.code, amount.subject.table_names, change.of, rate.of) == ("210", {}, 0, 1)
    assert (change.subject.code, rate.subject.code) == ("210", "210")
    assert check(d, select=["N009", "N010", "N014"]).findings == []


def test_a_rate_across_sentences_is_recomputed():
    d = small("1．卫生健康（类）支出 19.64 万元，主要用于医疗保险。与上年相比增加1.64万元，增长19.11%。")
    [f] = check(d, select=["N014"]).findings
    assert (f.rule, f.severity, f.expected, f.actual, f.source.line) == ("N014", "警告", D("9.11"), D("19.11"), 1)


def test_thresholds_and_approximations_are_recorded_and_not_resolved():
    d = small("单价100万元（含）以上设备0台（套）；全年支出约30万元；力争不低于5%。")
    assert [(c.printed, c.qualifier, c.resolved) for c in d.claims] == [
        ("100万元", "threshold", False), ("0台（套）", None, True), ("30万元", "approximate", False),
        ("5%", "threshold", False)]
    # the count after the threshold is of the equipment it bounds
    assert (d.claims[1].subject.figure, d.claims[1].subject.names) == ("equipment", {"类别": "单价100万元（含）以上设备"})


def _shares_doc(share: str) -> Disclosure:
    return small("二、收入预算情况说明", "本部门收入预算合计86,999.14万元。", "其中：",
                 f"本年一般公共预算收入20,832.97万元，占{share}%；", "本年政府性基金预算收入66,107.38万元，占75.99%；",
                 "三、支出预算情况说明", "基本支出12,947.96万元，占14.88%；")


def test_a_share_is_of_the_total_before_it_in_the_same_part():
    d = _shares_doc("23.94")
    shares = [(c.printed, d.claims[c.of].printed, [d.claims[j].printed for j in c.bases]) for c in d.claims
              if c.measure == "share"]
    # the expenditure part states no total before its share: no base, not checked
    assert shares == [("23.94%", "20,832.97万元", ["86,999.14万元"]), ("75.99%", "66,107.38万元", ["86,999.14万元"]),
                      ("14.88%", "12,947.96万元", [])]
    assert outcome(check(d, select=["N015"]), "N015") == "通过"


def test_a_share_that_does_not_recompute_is_a_warning():
    [f] = check(_shares_doc("33.94"), select=["N015"]).findings
    assert (f.severity, f.expected, f.actual, f.source.line) == ("警告", D("23.95"), D("33.94"), 4)


def test_changes_of_a_change_add_up():
    # seed 002: "较2022年（199.67万元）预算减少14.05万元，其中：基本支出减少13.15万元，主要是……；项目支出减少0.9万元"
    d = doc("002")
    [total] = [c for c in d.claims if c.total_of and c.measure == "change"]
    assert (total.printed, [d.claims[i].printed for i in total.total_of]) == ("14.05万元", ["13.15万元", "0.9万元"])
    assert [f for f in report("002").findings if f.column == "parts" and f.actual == D("-14.05")] == []
    changed = small("较2024年预算减少14.05万元，其中：基本支出减少13.15万元，主要是人员退休；项目支出增加0.9万元。")
    [f] = check(changed, select=["N011"]).findings
    assert (f.severity, f.expected, f.actual) == ("警告", D("-12.25"), D("-14.05"))


def test_three_public_items_against_the_total_stated():
    text = ("2025年“三公”经费预算数为1.00万元，与2024年预算持平。其中：", "（一）因公出国（境）费0万元，与2024年预算持平。",
            "（二）公务用车购置及运行费0万元，与2024年预算持平。", "（三）公务接待费{}万元。与2024年预算持平。")
    assert outcome(check(small(*text[:3], text[3].format("1.00")), select=["N017"]), "N017") == "通过"
    [f] = check(small(*text[:3], text[3].format("10.00")), select=["N017"]).findings
    assert (f.severity, f.column, f.expected, f.actual, f.source.line) == (
        "警告", "three_public_total", D("10.00"), D("1.00"), 1)


def test_the_same_change_stated_twice_must_agree():
    same = small("与上年相比，财政拨款收、支总计各增加4016.19万元，增长12.11%。",
                 "与上年相比，财政拨款支出增加4016.19万元，增长12.11%。")
    assert outcome(check(same, select=["N018"]), "N018") == "通过"
    other = small("与上年相比，财政拨款收、支总计各增加4016.19万元，增长12.11%。",
                  "与上年相比，财政拨款支出增加4061.19万元，增长12.11%。")
    [f] = check(other, select=["N018"]).findings
    assert (f.severity, f.expected, f.actual, f.source.line) == ("警告", D("4016.19"), D("4061.19"), 2)


@pytest.mark.parametrize("sentence,found", [
    ("2026年预算收入647.23万元。", [("警告", D(2025), D(2026))]),  # a 2025 budget stating 2026
    ("2024年预算收支安排647.23万元。", [("警告", D(2025), D(2024))]),
    ("2025年预算收支安排647.23万元，较2024年预算增加56.83万元。", []),
    ("力争到2027年底前完成。", []),
    ("2024年预算执行数为44.17万元。", []),
])
def test_years_of_the_explanation(sentence, found):
    d = small(sentence)
    assert [(f.severity, f.expected, f.actual) for f in check(d, select=["N016"]).findings] == found


def test_procurement_parts_against_the_total():
    ok = small("2025年本部门政府采购预算34万元。", "面向中小企业预留政府采购项目预算金额34万元，"
                                          "其中，预留给小型和微型企业的政府采购项目预算为34万元。")
    assert [c.subject.figure for c in ok.claims] == ["procurement_total", "procurement_sme", "procurement_small_micro"]
    assert outcome(check(ok, select=["N019"]), "N019") == "通过"
    over = small("2025年本部门政府采购预算34万元。", "面向中小企业预留政府采购项目预算金额43万元。")
    [f] = check(over, select=["N019"]).findings
    assert (f.severity, f.column, f.expected, f.actual, f.source.line) == ("警告", "procurement_sme", D(34), D(43), 2)


def test_a_restated_figure_in_yuan_is_a_unit_slip(tmp_path):
    clean = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    text = replace_once(clean, "2024年预算收支安排647.23万元", "2024年预算收支安排647.23元")
    [f] = findings(check_text(text, tmp_path, select=["N012"]), "N012")
    assert (f.severity, f.column, f.actual) == ("警告", "income_total", D("647.23"))
    assert findings(check_text(clean, tmp_path, select=["N012"]), "N012") == []


def test_vehicle_counts_in_a_parenthesis_are_parts():
    d = small("本部门共有车辆7辆（一般公务用车3辆，执法执勤用车4辆，特种专业技术用车0辆，其他用车0辆）；单价50万元以上通用设备0台。")
    [total] = [c for c in d.claims if c.total_of]
    assert (total.printed, [d.claims[i].printed for i in total.total_of]) == ("7辆", ["3辆", "4辆", "0辆", "0辆"])
    assert [(c.printed, c.qualifier) for c in d.claims[5:]] == [("50万元", "threshold"), ("0台", None)]
    assert check(d, select=["N011"]).findings == []
    wrong = small("本部门共有车辆7辆（一般公务用车3辆，执法执勤用车5辆）。")
    [f] = check(wrong, select=["N011"]).findings
    assert (f.severity, f.expected, f.actual) == ("错误", D(8), D(7))


def test_changes_listed_after_zhuyao_are_parts():
    # 34: "收入比2025年增加2,734.52万元，主要是一般公共预算拨款增加800.94万元，政府性基金预算拨款增加1,066.60万元，
    # 事业收入资金增加353.98万元，其他收入资金增加513.00万元"; the 其中 before it, up to its "；", is a list too
    d = doc("34")
    linked = [(c.printed, [d.claims[i].printed for i in c.total_of]) for c in d.claims if c.total_of][:3]
    assert linked == [("45,369.18万元", ["37,891.58万元", "4,066.60万元", "2,898.00万元", "513.00万元"]),
                      ("2,734.52万元", ["800.94万元", "1,066.60万元", "353.98万元", "513.00万元"]),
                      ("2,734.52万元", ["659.75万元", "2,074.77万元"])]
    assert findings(check(d, select=["N011"]), "N011") == []
    wrong = small("收入比2024年增加100.00万元，主要是一般公共预算拨款增加80.00万元，事业收入资金增加30.00万元。")
    [f] = check(wrong, select=["N011"]).findings
    assert (f.severity, f.expected, f.actual) == ("警告", D("110.00"), D("100.00"))
