"""The Jiangsu 2019 provincial set (21–24): twelve tables "公开01表 收支预算总表" … "公开12表 政府采购支出预算表";
in 23/24 the tables are a separate PDF exported from a spreadsheet, the title, "部门：" and "单位：万元" in
one merged top cell. Spending is in three parts, 基本支出 + 项目支出 + 单位预留机动经费 (``reserve``); the
支出预算总表 is one row of amounts under its labels, with no row name; the 三公 table adds 会议费 and
培训费 beside the three 三公 items, under a 合计 of all five.

Every expected figure was read off the document's own pages. The spreadsheet behind these PDFs paints every
cell's background as a white rectangle: their edges are not rules (a white fill draws nothing), and without them
each table reads on its printed grid — the three-block 收支预算总表 (收入 | 功能分类 | 支出用途) with each 支出 row in
its block, the function tables with one 金额 column, the 基本支出 tables whose one amount column is headed
"基本支出". Every table of the four documents is read without doubts, and its 合计 rows are pinned.
"""

from __future__ import annotations

import pytest
from realcheck import expected, printed, row_of


TWELVE = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "fiscal_appropriation_expenditure", "fiscal_appropriation_basic_expenditure", "general_budget_expenditure",
    "general_budget_basic_expenditure", "three_public_expenses", "government_fund_expenditure", "operation_cost",
    "government_procurement",
]

EXPENDITURE = {  # the 支出预算总表's one row
    "21": {"total": "37188.34", "basic": "21968.00", "project": "10208.94", "reserve": "5011.40"},
    "22": {"total": "24169.74", "basic": "15844.04", "project": "4335.30", "reserve": "3990.4"},
    "23_*tables": {"total": "27664.22", "basic": "11700.63", "project": "13025.38", "reserve": "2938.21"},
    "24_*tables": {"total": "13377.11", "basic": "6522.75", "project": "4968.34", "reserve": "1886.02"},
}

THREE_PUBLIC = {  # item -> amount; "total" is the 合计 over the 三公 and 会议费, 培训费
    "21": {"total": "2382.02", "three_public_total": "513.75", "overseas": "160.00", "vehicle": "266.80",
           "vehicle_purchase": None, "vehicle_operation": "266.80", "reception": "86.95", "meeting": "271.02",
           "training": "1597.25"},
    "22": {"total": "1276.7", "three_public_total": "418.26", "overseas": "80", "vehicle": "237",
           "vehicle_purchase": None, "vehicle_operation": "237", "reception": "101.26", "meeting": "158.44",
           "training": "700"},
    "24_*tables": {"total": "2224.43", "three_public_total": "660.10", "overseas": "106.00", "vehicle": "156.60",
                   "vehicle_purchase": None, "vehicle_operation": "156.60", "reception": "397.50",
                   "meeting": "1282.56", "training": "281.77"},
}

PINNED = {
    "21": {
        ("fiscal_appropriation_expenditure", "20405"): {"total": "27488.23"},
        ("general_budget_expenditure", "2040502"): {"total": "5804.83"},
        ("general_budget_expenditure", "2210202"): {"total": "5465.10"},
        ("general_budget_basic_expenditure", "302"): {"total": "3580.05"},
        ("general_budget_basic_expenditure", "30309"): {"total": "1.97"},
        ("income_summary", "一般公共预算资金"): {"total": "37188.34"},
    },
    "22": {
        ("fiscal_appropriation_expenditure", "合计"): {"total": "24169.74"},
        ("fiscal_appropriation_expenditure", "20404"): {"total": "16593.12"},
        ("general_budget_expenditure", "204"): {"total": "16593.12"},
        ("general_budget_expenditure", "2210202"): {"total": "4243.61"},
        ("operation_cost", "302"): {"total": "2391.92"},
        ("operation_cost", "30299"): {"total": "603.56"},
    },
    "23_*tables": {
        ("fiscal_appropriation_expenditure", "201"): {"total": "22395.50"},
        ("fiscal_appropriation_expenditure", "2210202"): {"total": "2928.22"},
        ("general_budget_expenditure", "2013101"): {"total": "9370.12"},
        ("operation_cost", "302"): {"total": "2232.91"},
        ("operation_cost", "30201"): {"total": "450.00"},
    },
    "24_*tables": {
        ("fiscal_appropriation_expenditure", "合计"): {"total": "13297.11"},
        ("fiscal_appropriation_expenditure", "20102"): {"total": "10191.56"},
        ("general_budget_expenditure", "合计"): {"total": "13297.11"},
        ("general_budget_expenditure", "2210202"): {"total": "1754.17"},
        ("operation_cost", "合计"): {"total": "1130.74"},
        ("operation_cost", "30299"): {"total": "175.50"},
    },
}


@pytest.mark.parametrize("name", ["21", "22", "23_*tables", "24_*tables"])
def test_twelve_tables(real_doc, name):
    assert [t.id for t in real_doc(name).tables] == TWELVE


def test_title_cells_holding_the_meta_lines_are_titles(real_doc):
    d = real_doc("23_*tables")
    assert d.tables[0].title == "收支预算总表"
    assert d.unplaced_tables == []


def test_cell_backgrounds_are_not_rules(real_doc):
    d = real_doc("23_*tables")
    # 收入预算总表: a group's label in a merged cell beside its 小计 and items, one 金额 column.
    income = d.table("income_summary")
    assert (income.reading, [c.label for c in income.columns]) == ("read", ["金额"])
    assert [(r.name, printed(r)) for r in income.rows] == [
        ("收入总计", expected({"total": "27664.22"})), ("一般公共预算资金", expected({"total": "27664.22"})),
        ("公共财政拨款(补助)资金", expected({"total": "27664.22"})), ("专项收入", {}), ("政府性基金", {}),
        ("财政专户管理资金", {}), ("专户管理教育收费", {}), ("其他非税收入", {}), ("其他资金", {}), ("事业收入", {}),
        ("经营收入", {}), ("其他收入", {}), ("上年结转和结余资金", {}), ("其中：动用上年结转和结余资金", {})]
    # 财政拨款收支预算总表: both sides on each printed row.
    fiscal = d.table("fiscal_appropriation_summary")
    assert (fiscal.reading, fiscal.doubts) == ("read", [])
    assert [(r.side, r.name, printed(r)) for r in fiscal.rows] == [
        ("income", "一、一般公共预算", expected({"total": "27664.22"})),
        ("expenditure", "一、基本支出", expected({"total": "11700.63"})),
        ("income", "二、政府性基金预算", {}),
        ("expenditure", "二、项目支出", expected({"total": "13025.38"})),
        ("expenditure", "三、单位预留机动经费", expected({"total": "2938.21"})),
        ("income", "收入合计", expected({"total": "27664.22"})),
        ("expenditure", "支出合计", expected({"total": "27664.22"}))]
    # 财政拨款政府性基金支出预算表: only its header and an empty 合计, and the note under it.
    fund = d.table("government_fund_expenditure")
    assert (fund.rows, fund.empty_note) == ([], "注：本部门无相关收支项目")


TOTALS = {  # table -> {合计 row: 合计 figure}; the 支出预算总表's 合计 row is pinned in EXPENDITURE
    "21": {"income_expenditure_summary": {"收入合计": "37188.34", "支出合计": "37188.34"},
           "income_summary": {"收入总计": "37188.34"},
           "fiscal_appropriation_summary": {"收入合计": "37188.34", "支出合计": "37188.34"},
           "fiscal_appropriation_expenditure": {"合计": "37188.34"},
           "fiscal_appropriation_basic_expenditure": {"合计": "21968.00"},
           "general_budget_expenditure": {"合计": "37188.34"}, "general_budget_basic_expenditure": {"合计": "21968.00"},
           "three_public_expenses": {"合计": "2382.02"}, "government_fund_expenditure": {"合计": "0"},
           "operation_cost": {"合计": "3580.05"}, "government_procurement": {"合计": "5227.59"}},
    "22": {"income_expenditure_summary": {"收入合计": "24169.74", "支出合计": "24169.74"},
           "income_summary": {"收入总计": "24169.74"},
           "fiscal_appropriation_summary": {"收入合计": "24169.74", "支出合计": "24169.74"},
           "fiscal_appropriation_expenditure": {"合计": "24169.74"},
           "fiscal_appropriation_basic_expenditure": {"合计": "15844.04"},
           "general_budget_expenditure": {"合计": "24169.74"}, "general_budget_basic_expenditure": {"合计": "15844.04"},
           "three_public_expenses": {"合计": "1276.7"}, "operation_cost": {"合计": "2391.92"},
           "government_procurement": {"合计": "2744.84"}},
    "23_*tables": {"income_expenditure_summary": {"收入合计": "27664.22", "支出合计": "27664.22"},
                   "income_summary": {"收入总计": "27664.22"},
                   "fiscal_appropriation_summary": {"收入合计": "27664.22", "支出合计": "27664.22"},
                   "fiscal_appropriation_expenditure": {"合计": "27664.22"},
                   "fiscal_appropriation_basic_expenditure": {"合计": "11700.63"},
                   "general_budget_expenditure": {"合计": "27664.22"},
                   "general_budget_basic_expenditure": {"合计": "11700.63"},
                   "three_public_expenses": {"合计": "1471.70"}, "operation_cost": {"合计": "2232.91"},
                   "government_procurement": {"合计": "1422.50"}},
    "24_*tables": {"income_expenditure_summary": {"收入合计": "13377.11", "支出合计": "13377.11"},
                   "income_summary": {"收入总计": "13377.11"},
                   "fiscal_appropriation_summary": {"收入合计": "13297.11", "支出合计": "13297.11"},
                   "fiscal_appropriation_expenditure": {"合计": "13297.11"},
                   "fiscal_appropriation_basic_expenditure": {"合计": "6442.75"},
                   "general_budget_expenditure": {"合计": "13297.11"},
                   "general_budget_basic_expenditure": {"合计": "6442.75"},
                   "three_public_expenses": {"合计": "2224.43"}, "operation_cost": {"合计": "1130.74"},
                   "government_procurement": {"合计": "1624.42"}},
}


@pytest.mark.parametrize("name", list(TOTALS))
def test_every_table_read_and_its_totals(real_doc, name):
    d = real_doc(name)
    assert [(t.id, t.doubts) for t in d.tables if t.reading != "read"] == []
    found = {}
    for t in d.tables:
        rows = {r.name.replace(" ", ""): r.values["total"] for r in t.rows
                if r.name and r.name.replace(" ", "") in ("合计", "收入总计", "收入合计", "支出合计")}
        if rows:
            found[t.id] = {k: str(v) for k, v in rows.items()}
    found.pop("expenditure_summary")
    assert found == TOTALS[name]


@pytest.mark.parametrize("name", list(EXPENDITURE))
def test_expenditure_in_three_parts(real_doc, name):
    t = real_doc(name).table("expenditure_summary")
    assert [r.name for r in t.rows] == ["合计"]
    assert printed(t.rows[0]) == expected(EXPENDITURE[name])
    r = t.rows[0].values
    assert r["total"] == r["basic"] + r["project"] + r["reserve"]


@pytest.mark.parametrize("name", list(THREE_PUBLIC))
def test_meeting_and_training_beside_the_three_public(real_doc, name):
    t = real_doc(name).table("three_public_expenses")
    items = {r.item: r.values["total"] for r in t.rows}
    assert {k: (str(v) if v is not None else None) for k, v in items.items()} == THREE_PUBLIC[name]
    zero = items["vehicle_purchase"] or 0
    assert items["three_public_total"] == items["overseas"] + items["vehicle"] + items["reception"]
    assert items["vehicle"] == zero + items["vehicle_operation"]
    assert items["total"] == items["three_public_total"] + items["meeting"] + items["training"]


@pytest.mark.parametrize("name", list(PINNED))
def test_pinned_rows(real_doc, name):
    d = real_doc(name)
    for (table, ident), values in PINNED[name].items():
        assert printed(row_of(d.table(table), ident)) == expected(values), (table, ident)


def test_summary_in_three_blocks(real_doc):
    t = real_doc("24_*tables").table("income_expenditure_summary")
    assert t.reading == "read"
    spent = [(r.block, r.name, str(r.values["total"])) for r in t.rows
             if r.side == "expenditure" and r.values["total"] is not None]
    assert spent == [
        ("function", "一、一般公共服务支出", "10271.56"), ("use", "一、基本支出", "6522.75"),
        ("use", "二、项目支出", "4968.34"), ("use", "三、单位预留机动经费", "1886.02"),
        ("function", "八、社会保障和就业支出", "858.51"), ("function", "十八、住房保障支出", "2247.04"),
        (None, "当年支出小计", "13377.11"), (None, "支出合计", "13377.11")]
