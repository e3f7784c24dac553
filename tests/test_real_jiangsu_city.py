"""The Jiangsu city table set (35–38): thirteen tables "公开01表 收支总表" … "公开13表 政府采购支出表",
printed before the explanation, each under its number on a line of its own, a "部门：…" line and a
"单位：万元" line; the 收入总表 lists budget units by code; 05/06表 are the 财政拨款 tables of all funds, 09表
adds 会议费 and 培训费 to the 三公, 12表 is the 机关运行经费 by economic code.

Every expected figure was read off the document's own pages.
"""

from __future__ import annotations

import pytest
from realcheck import expected, hierarchy, part_sums, printed, row_of, v


DOCS = ["35", "36", "37", "38"]

TABLES = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "fiscal_appropriation_expenditure", "fiscal_appropriation_basic_expenditure", "general_budget_expenditure",
    "general_budget_basic_expenditure", "three_public_expenses", "government_fund_expenditure",
    "state_capital_expenditure", "operation_cost", "government_procurement",
]

ROW_COUNTS = {
    "35": {"income_expenditure_summary": 45, "income_summary": 8, "expenditure_summary": 24,
           "fiscal_appropriation_summary": 42, "fiscal_appropriation_expenditure": 24,
           "fiscal_appropriation_basic_expenditure": 37, "general_budget_expenditure": 17,
           "general_budget_basic_expenditure": 37, "three_public_expenses": 8, "government_fund_expenditure": 8,
           "state_capital_expenditure": 0, "operation_cost": 15},
    "36": {"income_expenditure_summary": 45, "income_summary": 2, "expenditure_summary": 18,
           "fiscal_appropriation_summary": 42, "fiscal_appropriation_expenditure": 18,
           "fiscal_appropriation_basic_expenditure": 29, "general_budget_expenditure": 18,
           "general_budget_basic_expenditure": 29, "three_public_expenses": 8, "government_fund_expenditure": 4,
           "state_capital_expenditure": 0, "operation_cost": 13},
    "37": {"income_expenditure_summary": 45, "income_summary": 44, "expenditure_summary": 44,
           "fiscal_appropriation_summary": 42, "fiscal_appropriation_expenditure": 41,
           "fiscal_appropriation_basic_expenditure": 30, "general_budget_expenditure": 41,
           "general_budget_basic_expenditure": 30, "three_public_expenses": 8, "government_fund_expenditure": 0,
           "state_capital_expenditure": 0, "operation_cost": 9},
    "38": {"income_expenditure_summary": 45, "income_summary": 4, "expenditure_summary": 19,
           "fiscal_appropriation_summary": 42, "fiscal_appropriation_expenditure": 19,
           "fiscal_appropriation_basic_expenditure": 22, "general_budget_expenditure": 19,
           "general_budget_basic_expenditure": 22, "three_public_expenses": 8, "government_fund_expenditure": 0,
           "state_capital_expenditure": 0, "operation_cost": 9},
}

# (table, code / unit code / item / name, side) -> the figures printed in the row (blank cells absent).
PINNED: dict[str, dict] = {}
PINNED["35"] = {
    ("income_expenditure_summary", "收入总计", "income"): {"total": "86999.14"},
    ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "86999.14"},
    ("income_summary", "合计", None): {"total": "86999.14", "subtotal": "86999.14", "general_budget": "20832.97", "government_fund": "66107.38", "other_income": "58.79"},
    ("income_summary", "114", None): {"total": "86999.14", "subtotal": "86999.14", "general_budget": "20832.97", "government_fund": "66107.38", "other_income": "58.79"},
    ("income_summary", "114005", None): {"total": "713.12", "subtotal": "713.12", "general_budget": "713.12"},
    ("income_summary", "114008", None): {"total": "4000.74", "subtotal": "4000.74", "general_budget": "4000.74"},
    ("expenditure_summary", "合计", None): {"total": "86999.14", "basic": "12947.96", "project": "74051.18"},
    ("expenditure_summary", "208", None): {"total": "1289.58", "basic": "1289.58"},
    ("expenditure_summary", "220", None): {"total": "15797.79", "basic": "7853.99", "project": "7943.80"},
    ("expenditure_summary", "2210203", None): {"total": "1227.73", "basic": "1227.73"},
    ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "86940.35"},
    ("fiscal_appropriation_summary", "支出总计", "expenditure"): {"total": "86940.35"},
    ("fiscal_appropriation_expenditure", "合计", None): {"total": "86940.35", "basic": "12889.17", "personnel": "11577.73", "public": "1311.44", "project": "74051.18"},
    ("fiscal_appropriation_expenditure", "208", None): {"total": "1284.76", "basic": "1284.76", "personnel": "1284.76"},
    ("fiscal_appropriation_expenditure", "220", None): {"total": "15782.36", "basic": "7838.56", "personnel": "6527.12", "public": "1311.44", "project": "7943.80"},
    ("fiscal_appropriation_expenditure", "2210203", None): {"total": "1212.07", "basic": "1212.07", "personnel": "1212.07"},
    ("fiscal_appropriation_basic_expenditure", "合计", None): {"total": "12889.17", "personnel": "11577.73", "public": "1311.44"},
    ("fiscal_appropriation_basic_expenditure", "301", None): {"total": "10728.72", "personnel": "10728.72"},
    ("fiscal_appropriation_basic_expenditure", "30211", None): {"total": "197.35", "public": "197.35"},
    ("fiscal_appropriation_basic_expenditure", "30399", None): {"total": "21.41", "personnel": "21.41"},
    ("general_budget_expenditure", "合计", None): {"total": "20832.97", "basic": "12889.17", "personnel": "11577.73", "public": "1311.44", "project": "7943.80"},
    ("general_budget_expenditure", "208", None): {"total": "1284.76", "basic": "1284.76", "personnel": "1284.76"},
    ("general_budget_expenditure", "2200112", None): {"total": "3278.03", "basic": "2344.39", "personnel": "1922.04", "public": "422.35", "project": "933.64"},
    ("general_budget_expenditure", "2210203", None): {"total": "1212.07", "basic": "1212.07", "personnel": "1212.07"},
    ("general_budget_basic_expenditure", "合计", None): {"total": "12889.17", "personnel": "11577.73", "public": "1311.44"},
    ("general_budget_basic_expenditure", "301", None): {"total": "10728.72", "personnel": "10728.72"},
    ("general_budget_basic_expenditure", "30211", None): {"total": "197.35", "public": "197.35"},
    ("general_budget_basic_expenditure", "30399", None): {"total": "21.41", "personnel": "21.41"},
    ("three_public_expenses", "three_public_total", None): {"total": "43.80"},
    ("three_public_expenses", "overseas", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle", None): {"total": "7.80"},
    ("three_public_expenses", "vehicle_purchase", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle_operation", None): {"total": "7.80"},
    ("three_public_expenses", "reception", None): {"total": "36.00"},
    ("three_public_expenses", "meeting", None): {"total": "26.60"},
    ("three_public_expenses", "training", None): {"total": "56.05"},
    ("government_fund_expenditure", "合计", None): {"total": "66107.38", "project": "66107.38"},
    ("government_fund_expenditure", "212", None): {"total": "66107.38", "project": "66107.38"},
    ("government_fund_expenditure", "2120802", None): {"total": "9600.92", "project": "9600.92"},
    ("government_fund_expenditure", "2120899", None): {"total": "418.50", "project": "418.50"},
    ("operation_cost", "合计", None): {"total": "923.68"},
    ("operation_cost", "302", None): {"total": "923.68"},
    ("operation_cost", "30216", None): {"total": "43.07"},
    ("operation_cost", "30299", None): {"total": "332.40"},
    ("government_procurement", "合计", None): {"total": "10095.43", "general_budget": "4931.43", "government_fund": "5164.00"},
}
PINNED["36"] = {
    ("income_expenditure_summary", "收入总计", "income"): {"total": "10022.32"},
    ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "10022.32"},
    ("income_summary", "合计", None): {"total": "10022.32", "subtotal": "10022.32", "general_budget": "9078.52", "government_fund": "943.80"},
    ("income_summary", "114001", None): {"total": "10022.32", "subtotal": "10022.32", "general_budget": "9078.52", "government_fund": "943.80"},
    ("expenditure_summary", "合计", None): {"total": "10022.32", "basic": "4822.22", "project": "5200.10"},
    ("expenditure_summary", "208", None): {"total": "465.60", "basic": "465.60"},
    ("expenditure_summary", "22001", None): {"total": "7095.13", "basic": "2838.83", "project": "4256.30"},
    ("expenditure_summary", "2210203", None): {"total": "365.04", "basic": "365.04"},
    ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "10022.32"},
    ("fiscal_appropriation_summary", "支出总计", "expenditure"): {"total": "10022.32"},
    ("fiscal_appropriation_expenditure", "合计", None): {"total": "10022.32", "basic": "4822.22", "personnel": "4320.89", "public": "501.33", "project": "5200.10"},
    ("fiscal_appropriation_expenditure", "208", None): {"total": "465.60", "basic": "465.60", "personnel": "465.60"},
    ("fiscal_appropriation_expenditure", "22001", None): {"total": "7095.13", "basic": "2838.83", "personnel": "2337.50", "public": "501.33", "project": "4256.30"},
    ("fiscal_appropriation_expenditure", "2210203", None): {"total": "365.04", "basic": "365.04", "personnel": "365.04"},
    ("fiscal_appropriation_basic_expenditure", "合计", None): {"total": "4822.22", "personnel": "4320.89", "public": "501.33"},
    ("fiscal_appropriation_basic_expenditure", "301", None): {"total": "3810.48", "personnel": "3810.48"},
    ("fiscal_appropriation_basic_expenditure", "30207", None): {"total": "24.00", "public": "24.00"},
    ("fiscal_appropriation_basic_expenditure", "30399", None): {"total": "6.00", "personnel": "6.00"},
    ("general_budget_expenditure", "合计", None): {"total": "9078.52", "basic": "4822.22", "personnel": "4320.89", "public": "501.33", "project": "4256.30"},
    ("general_budget_expenditure", "208", None): {"total": "465.60", "basic": "465.60", "personnel": "465.60"},
    ("general_budget_expenditure", "2200199", None): {"total": "3859.76", "project": "3859.76"},
    ("general_budget_expenditure", "2220102", None): {"total": "388.25", "project": "388.25"},
    ("general_budget_basic_expenditure", "合计", None): {"total": "4822.22", "personnel": "4320.89", "public": "501.33"},
    ("general_budget_basic_expenditure", "301", None): {"total": "3810.48", "personnel": "3810.48"},
    ("general_budget_basic_expenditure", "30207", None): {"total": "24.00", "public": "24.00"},
    ("general_budget_basic_expenditure", "30399", None): {"total": "6.00", "personnel": "6.00"},
    ("three_public_expenses", "three_public_total", None): {"total": "32.00"},
    ("three_public_expenses", "overseas", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle_purchase", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle_operation", None): {"total": "0.00"},
    ("three_public_expenses", "reception", None): {"total": "32.00"},
    ("three_public_expenses", "meeting", None): {"total": "20.60"},
    ("three_public_expenses", "training", None): {"total": "29.32"},
    ("government_fund_expenditure", "合计", None): {"total": "943.80", "project": "943.80"},
    ("government_fund_expenditure", "212", None): {"total": "943.80", "project": "943.80"},
    ("government_fund_expenditure", "21208", None): {"total": "943.80", "project": "943.80"},
    ("government_fund_expenditure", "2120806", None): {"total": "943.80", "project": "943.80"},
    ("operation_cost", "合计", None): {"total": "501.33"},
    ("operation_cost", "302", None): {"total": "501.33"},
    ("operation_cost", "30216", None): {"total": "29.32"},
    ("operation_cost", "30299", None): {"total": "170.15"},
    ("government_procurement", "合计", None): {"total": "3369.46", "general_budget": "2959.46", "government_fund": "410.00"},
}
PINNED["37"] = {
    ("income_expenditure_summary", "收入总计", "income"): {"total": "512434.34"},
    ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "512434.34"},
    ("income_summary", "合计", None): {"total": "512434.34", "subtotal": "512434.34", "general_budget": "475631.69", "fiscal_special_account": "243.00", "business_income": "6577.00", "operating_income": "4397.65", "other_income": "25585.00"},
    ("income_summary", "305", None): {"total": "512434.34", "subtotal": "512434.34", "general_budget": "475631.69", "fiscal_special_account": "243.00", "business_income": "6577.00", "operating_income": "4397.65", "other_income": "25585.00"},
    ("income_summary", "305024", None): {"total": "36866.10", "subtotal": "36866.10", "general_budget": "36866.10"},
    ("income_summary", "305054", None): {"total": "756.76", "subtotal": "756.76", "general_budget": "756.76"},
    ("expenditure_summary", "合计", None): {"total": "512434.34", "basic": "280524.94", "project": "231909.40"},
    ("expenditure_summary", "205", None): {"total": "366490.44", "basic": "185108.04", "project": "181382.40"},
    ("expenditure_summary", "20509", None): {"total": "27899.98", "project": "27899.98"},
    ("expenditure_summary", "2210203", None): {"total": "29038.48", "basic": "29038.48"},
    ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "475631.69"},
    ("fiscal_appropriation_summary", "支出总计", "expenditure"): {"total": "475631.69"},
    ("fiscal_appropriation_expenditure", "合计", None): {"total": "475631.69", "basic": "279627.29", "personnel": "262303.68", "public": "17323.61", "project": "196004.40"},
    ("fiscal_appropriation_expenditure", "205", None): {"total": "336653.50", "basic": "184599.10", "personnel": "167275.49", "public": "17323.61", "project": "152054.40"},
    ("fiscal_appropriation_expenditure", "20509", None): {"total": "9164.98", "project": "9164.98"},
    ("fiscal_appropriation_expenditure", "2210203", None): {"total": "28945.45", "basic": "28945.45", "personnel": "28945.45"},
    ("fiscal_appropriation_basic_expenditure", "合计", None): {"total": "279627.29", "personnel": "262303.68", "public": "17323.61"},
    ("fiscal_appropriation_basic_expenditure", "301", None): {"total": "246622.47", "personnel": "246622.47"},
    ("fiscal_appropriation_basic_expenditure", "30201", None): {"total": "12603.56", "public": "12603.56"},
    ("fiscal_appropriation_basic_expenditure", "30399", None): {"total": "114.24", "personnel": "114.24"},
    ("general_budget_expenditure", "合计", None): {"total": "475631.69", "basic": "279627.29", "personnel": "262303.68", "public": "17323.61", "project": "196004.40"},
    ("general_budget_expenditure", "205", None): {"total": "336653.50", "basic": "184599.10", "personnel": "167275.49", "public": "17323.61", "project": "152054.40"},
    ("general_budget_expenditure", "20509", None): {"total": "9164.98", "project": "9164.98"},
    ("general_budget_expenditure", "2210203", None): {"total": "28945.45", "basic": "28945.45", "personnel": "28945.45"},
    ("general_budget_basic_expenditure", "合计", None): {"total": "279627.29", "personnel": "262303.68", "public": "17323.61"},
    ("general_budget_basic_expenditure", "301", None): {"total": "246622.47", "personnel": "246622.47"},
    ("general_budget_basic_expenditure", "30201", None): {"total": "12603.56", "public": "12603.56"},
    ("general_budget_basic_expenditure", "30399", None): {"total": "114.24", "personnel": "114.24"},
    ("three_public_expenses", "three_public_total", None): {"total": "241.17"},
    ("three_public_expenses", "overseas", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle", None): {"total": "140.80"},
    ("three_public_expenses", "vehicle_purchase", None): {"total": "36.00"},
    ("three_public_expenses", "vehicle_operation", None): {"total": "104.80"},
    ("three_public_expenses", "reception", None): {"total": "100.37"},
    ("three_public_expenses", "meeting", None): {"total": "37.97"},
    ("three_public_expenses", "training", None): {"total": "925.46"},
    ("operation_cost", "合计", None): {"total": "135.29"},
    ("operation_cost", "302", None): {"total": "135.29"},
    ("operation_cost", "30217", None): {"total": "2.00"},
    ("operation_cost", "30299", None): {"total": "10.55"},
    ("government_procurement", "合计", None): {"total": "14549.77", "general_budget": "14353.67", "unit_funds": "196.10"},
}
PINNED["38"] = {
    ("income_expenditure_summary", "收入总计", "income"): {"total": "2867.94"},
    ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "2867.94"},
    ("income_summary", "合计", None): {"total": "2867.94", "subtotal": "2867.94", "general_budget": "2723.94", "other_income": "144.00"},
    ("income_summary", "113", None): {"total": "2867.94", "subtotal": "2867.94", "general_budget": "2723.94", "other_income": "144.00"},
    ("income_summary", "113001", None): {"total": "2304.79", "subtotal": "2304.79", "general_budget": "2160.79", "other_income": "144.00"},
    ("income_summary", "113002", None): {"total": "563.15", "subtotal": "563.15", "general_budget": "563.15"},
    ("expenditure_summary", "合计", None): {"total": "2867.94", "basic": "1692.29", "project": "1175.65"},
    ("expenditure_summary", "201", None): {"total": "2259.79", "basic": "1084.14", "project": "1175.65"},
    ("expenditure_summary", "2080506", None): {"total": "61.62", "basic": "61.62"},
    ("expenditure_summary", "2210203", None): {"total": "130.02", "basic": "130.02"},
    ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "2723.94"},
    ("fiscal_appropriation_summary", "支出总计", "expenditure"): {"total": "2723.94"},
    ("fiscal_appropriation_expenditure", "合计", None): {"total": "2723.94", "basic": "1692.29", "personnel": "1593.76", "public": "98.53", "project": "1031.65"},
    ("fiscal_appropriation_expenditure", "201", None): {"total": "2115.79", "basic": "1084.14", "personnel": "985.61", "public": "98.53", "project": "1031.65"},
    ("fiscal_appropriation_expenditure", "2080506", None): {"total": "61.62", "basic": "61.62", "personnel": "61.62"},
    ("fiscal_appropriation_expenditure", "2210203", None): {"total": "130.02", "basic": "130.02", "personnel": "130.02"},
    ("fiscal_appropriation_basic_expenditure", "合计", None): {"total": "1692.29", "personnel": "1593.76", "public": "98.53"},
    ("fiscal_appropriation_basic_expenditure", "301", None): {"total": "1515.38", "personnel": "1515.38"},
    ("fiscal_appropriation_basic_expenditure", "30199", None): {"total": "88.20", "personnel": "88.20"},
    ("fiscal_appropriation_basic_expenditure", "30302", None): {"total": "78.38", "personnel": "78.38"},
    ("general_budget_expenditure", "合计", None): {"total": "2723.94", "basic": "1692.29", "personnel": "1593.76", "public": "98.53", "project": "1031.65"},
    ("general_budget_expenditure", "201", None): {"total": "2115.79", "basic": "1084.14", "personnel": "985.61", "public": "98.53", "project": "1031.65"},
    ("general_budget_expenditure", "2080506", None): {"total": "61.62", "basic": "61.62", "personnel": "61.62"},
    ("general_budget_expenditure", "2210203", None): {"total": "130.02", "basic": "130.02", "personnel": "130.02"},
    ("general_budget_basic_expenditure", "合计", None): {"total": "1692.29", "personnel": "1593.76", "public": "98.53"},
    ("general_budget_basic_expenditure", "301", None): {"total": "1515.38", "personnel": "1515.38"},
    ("general_budget_basic_expenditure", "30199", None): {"total": "88.20", "personnel": "88.20"},
    ("general_budget_basic_expenditure", "30302", None): {"total": "78.38", "personnel": "78.38"},
    ("three_public_expenses", "three_public_total", None): {"total": "1.50"},
    ("three_public_expenses", "overseas", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle_purchase", None): {"total": "0.00"},
    ("three_public_expenses", "vehicle_operation", None): {"total": "0.00"},
    ("three_public_expenses", "reception", None): {"total": "1.50"},
    ("three_public_expenses", "meeting", None): {"total": "0.44"},
    ("three_public_expenses", "training", None): {"total": "16.20"},
    ("operation_cost", "合计", None): {"total": "98.53"},
    ("operation_cost", "302", None): {"total": "98.53"},
    ("operation_cost", "30228", None): {"total": "13.85"},
    ("operation_cost", "30299", None): {"total": "3.42"},
    ("government_procurement", "合计", None): {"total": "225.52", "general_budget": "225.52"},
}

@pytest.mark.parametrize("name", DOCS)
def test_all_thirteen_tables_in_print_order(real_doc, name):
    d = real_doc(name)
    assert [t.id for t in d.tables] == TABLES
    assert all(t.money_unit == "万元" for t in d.tables)


@pytest.mark.parametrize("name", DOCS)
def test_row_counts(real_doc, name):
    d = real_doc(name)
    assert {t.id: len(t.rows) for t in d.tables if t.id in ROW_COUNTS[name]} == ROW_COUNTS[name]


@pytest.mark.parametrize("name", DOCS)
def test_pinned_rows(real_doc, name):
    d = real_doc(name)
    for (table, ident, side), values in PINNED[name].items():
        assert printed(row_of(d.table(table), ident, side)) == expected(values), (table, ident, side)


@pytest.mark.parametrize("name", DOCS)
def test_next_tables_number_is_not_a_row(real_doc, name):
    # "公开02表" printed in the first row of the 收入总表's grid, right under the 收支总表.
    d = real_doc(name)
    assert not [r.name for t in d.tables for r in t.rows if "公开" in r.name and r.name.endswith("表")]


@pytest.mark.parametrize("name, units", [("35", 6), ("36", 1), ("37", 42), ("38", 2)])
def test_income_by_unit_reads_unit_codes(real_doc, name, units):
    t = real_doc(name).table("income_summary")
    total, *rest = t.rows
    assert total.name == "合计" and total.unit_code is None
    assert all(r.code is None and r.unit_code for r in rest)  # never a 科目编码
    # The department's own line (3 digits) and its units (6 digits) under it, which add up to it.
    dept = [r for r in rest if len(r.unit_code) == 3]
    own = [r for r in rest if len(r.unit_code) == 6]
    assert len(own) == units and len(dept) == (0 if name == "36" else 1)
    for col in ("total", "subtotal", "general_budget", "government_fund", "other_income"):
        assert v(total, col) == sum(v(r, col) for r in own)
        assert not dept or v(dept[0], col) == v(total, col)
    assert part_sums(t, "subtotal", ("general_budget", "government_fund", "state_capital", "fiscal_special_account",
                                     "business_income", "operating_income", "superior_subsidy",
                                     "affiliated_remittance", "other_income")) == []


@pytest.mark.parametrize("name", DOCS)
def test_function_tables_add_up(real_doc, name):
    d = real_doc(name)
    for tid in ("expenditure_summary", "fiscal_appropriation_expenditure", "general_budget_expenditure",
                "government_fund_expenditure"):
        t = d.table(tid)
        assert part_sums(t, "total", ("basic", "project")) == [], tid
        assert part_sums(t, "basic", ("personnel", "public")) == [], tid
        broken = hierarchy(t)
        if name == "36" and tid == "general_budget_expenditure":
            # The document prints class 222 (388.25, all 项目支出) under the 一般公共预算 but leaves it out
            # of the 合计: read as printed, so that checking can point at it.
            assert broken == ["合计 9078.52 != classes 9466.77"]
        else:
            assert broken == [], tid
    for tid in ("fiscal_appropriation_basic_expenditure", "general_budget_basic_expenditure"):
        t = d.table(tid)
        assert part_sums(t, "total", ("personnel", "public")) == [], tid
        assert hierarchy(t) == [], tid
    assert hierarchy(d.table("operation_cost")) == []


@pytest.mark.parametrize("name", DOCS)
def test_meeting_and_training_kept_out_of_three_public(real_doc, name):
    t = real_doc(name).table("three_public_expenses")
    items = {r.item: r.values["total"] for r in t.rows}
    assert list(items) == ["three_public_total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation",
                           "reception", "meeting", "training"]
    assert items["three_public_total"] == items["overseas"] + items["vehicle"] + items["reception"]
    assert items["vehicle"] == items["vehicle_purchase"] + items["vehicle_operation"]


@pytest.mark.parametrize("name, tables", [("35", ["state_capital_expenditure"]),
                                          ("37", ["government_fund_expenditure", "state_capital_expenditure"])])
def test_empty_tables_keep_their_note(real_doc, name, tables):
    d = real_doc(name)
    for tid in tables:
        t = d.table(tid)
        assert not t.rows and "本表无数据" in t.empty_note
