"""The Chongqing set (33, 34): the 情况说明 first, then "表一" … on a line of its own above each title
("2026年部门收支总体情况表", "单位收支总体情况表" in a 部门预算), "单位名称：" and "单位：万元" lines, totals
headed 总计, and the procurement split by every source of income. In 33 the digits and punctuation are set
in a font whose glyph boxes sit most of a line below their baseline: read by the baseline they are
printed on, they stay in their words. 表十–表十二 of 33 are performance target forms, not standard tables.

Every expected figure was read off the document's own pages.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from realcheck import expected, hierarchy, part_sums, printed, row_of


DOCS = ["33", "34"]

TABLES = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund_expenditure",
    "three_public_expenses", "government_procurement",
]

ROW_COUNTS = {
    "33": {"income_expenditure_summary": 20, "income_summary": 58, "expenditure_summary": 58,
           "fiscal_appropriation_summary": 21, "general_budget_expenditure": 62,
           "general_budget_basic_expenditure": 50, "government_fund_expenditure": 0, "three_public_expenses": 6,
           "government_procurement": 4},
    "34": {"income_expenditure_summary": 18, "income_summary": 45, "expenditure_summary": 45,
           "fiscal_appropriation_summary": 19, "general_budget_expenditure": 38,
           "general_budget_basic_expenditure": 44, "government_fund_expenditure": 8, "three_public_expenses": 6,
           "government_procurement": 3},
}

PINNED = {
    "33": {
        ("income_expenditure_summary", "合计", "income"): {"total": "244895.02"},
        ("income_expenditure_summary", "合计", "expenditure"): {"total": "244895.02"},
        ("income_expenditure_summary", "九、其他收入资金", "income"): {"total": "10404.66"},
        ("income_expenditure_summary", "七、资源勘探工业信息等支出", "expenditure"): {"total": "110344.65"},
        ("income_summary", "合计", None): {"total": "244895.02", "general_budget": "192446.79",
                                         "fiscal_special_account": "13486.02", "business_income": "18308.57",
                                         "operating_income": "10248.98", "other_income": "10404.66"},
        ("income_summary", "201", None): {"total": "190.63", "general_budget": "190.63"},
        ("income_summary", "211", None): {"total": "6063.39", "general_budget": "241.87",
                                          "operating_income": "5819.03", "other_income": "2.50"},
        ("income_summary", "2220509", None): {"total": "684.00", "general_budget": "684.00"},
        ("expenditure_summary", "合计", None): {"total": "244895.02", "basic": "83783.94", "project": "161111.08"},
        ("expenditure_summary", "211", None): {"total": "6063.39", "basic": "3398.73", "project": "2664.66"},
        ("expenditure_summary", "2220509", None): {"total": "684.00", "project": "684.00"},
        ("fiscal_appropriation_summary", "一、本年收入", "income"): {"total": "181184.15"},
        ("fiscal_appropriation_summary", "二、上年结转", "income"): {"total": "11262.64"},
        ("fiscal_appropriation_summary", "收入合计", "income"): {"total": "192446.79"},
        ("fiscal_appropriation_summary", "支出合计", "expenditure"): {"total": "192446.79",
                                                                 "general_budget": "192446.79"},
        ("fiscal_appropriation_summary", "(九)粮油物资储备支出", "expenditure"): {"total": "22684.00",
                                                                          "general_budget": "22684.00"},
        # "192,446.79": the two 4s are a full advance apart, not one digit drawn twice to look bold.
        ("general_budget_expenditure", "合计", None): {"total": "192446.79", "basic": "43908.70",
                                                     "personnel": "30347.83", "public": "13560.87",
                                                     "project": "148538.09"},
        ("general_budget_expenditure", "201", None): {"total": "190.63", "project": "190.63"},
        ("general_budget_expenditure", "211", None): {"total": "241.87", "basic": "217.22", "personnel": "153.62",
                                                      "public": "63.60", "project": "24.65"},
        ("general_budget_expenditure", "20132", None): {},  # printed with every cell blank
        ("general_budget_basic_expenditure", "合计", None): {"total": "43908.70", "personnel": "30347.83",
                                                           "public": "13560.87"},
        ("general_budget_basic_expenditure", "3010201", None): {"total": "1205.76", "personnel": "1205.76"},
        ("general_budget_basic_expenditure", "30209", None): {"total": "1173.40", "public": "1173.40"},
        ("general_budget_basic_expenditure", "31002", None): {"total": "459.50", "public": "459.50"},
        ("three_public_expenses", "three_public_total", None): {"total": "858.78"},
        ("three_public_expenses", "overseas", None): {"total": "207.50"},
        ("three_public_expenses", "vehicle", None): {"total": "447.63"},
        ("three_public_expenses", "vehicle_purchase", None): {},
        ("three_public_expenses", "vehicle_operation", None): {"total": "447.63"},
        ("three_public_expenses", "reception", None): {"total": "203.65"},
        ("government_procurement", "合计", None): {"total": "17641.87", "general_budget": "16325.37",
                                                 "business_income": "1206.50", "operating_income": "110.00"},
        # Rows named by their 项目编号 (A 货物, B 工程, C 服务), the first cell that is not an amount.
        ("government_procurement", "C", None): {"total": "14784.49", "general_budget": "14784.49"},
    },
    "34": {
        ("income_expenditure_summary", "合计", "income"): {"total": "45369.18"},
        ("income_expenditure_summary", "合计", "expenditure"): {"total": "45369.18"},
        ("income_expenditure_summary", "二、政府性基金预算资金", "income"): {"total": "4066.60"},
        ("income_expenditure_summary", "三、文化旅游体育与传媒支出", "expenditure"): {"total": "19527.61"},
        ("income_summary", "合计", None): {"total": "45369.18", "general_budget": "37891.58",
                                         "government_fund": "4066.60", "business_income": "2898.00",
                                         "other_income": "513.00"},
        ("income_summary", "201", None): {"total": "22022.92", "general_budget": "22006.16",
                                          "business_income": "16.75"},
        ("income_summary", "20709", None): {"total": "30.00", "government_fund": "30.00"},
        ("income_summary", "2210201", None): {"total": "662.86", "general_budget": "661.86",
                                              "business_income": "1.00"},
        ("expenditure_summary", "合计", None): {"total": "45369.18", "basic": "13236.18", "project": "32133.00"},
        ("expenditure_summary", "201", None): {"total": "22022.92", "basic": "3973.70", "project": "18049.22"},
        ("expenditure_summary", "2210201", None): {"total": "662.86", "basic": "662.86"},
        ("fiscal_appropriation_summary", "一、本年收入", "income"): {"total": "39238.43"},
        ("fiscal_appropriation_summary", "二、上年结转", "income"): {"total": "2719.75"},
        ("fiscal_appropriation_summary", "收入合计", "income"): {"total": "41958.18"},
        ("fiscal_appropriation_summary", "支出合计", "expenditure"): {
            "total": "41958.18", "general_budget": "37891.58", "government_fund": "4066.60"},
        ("fiscal_appropriation_summary", "（三）文化旅游体育与传媒支出", "expenditure"): {
            "total": "16211.66", "general_budget": "12145.06", "government_fund": "4066.60"},
        ("general_budget_expenditure", "合计", None): {"total": "37891.58", "basic": "12899.62",
                                                     "personnel": "11105.08", "public": "1794.53",
                                                     "project": "24991.96"},
        ("general_budget_expenditure", "201", None): {"total": "22006.16", "basic": "3956.94", "personnel": "2983.94",
                                                      "public": "973.00", "project": "18049.22"},
        ("general_budget_expenditure", "2013304", None): {"total": "121.56", "basic": "2.54", "public": "2.54",
                                                          "project": "119.03"},
        ("general_budget_basic_expenditure", "合计", None): {"total": "12899.62", "personnel": "11105.08",
                                                           "public": "1794.53"},
        ("general_budget_basic_expenditure", "3010201", None): {"total": "503.79", "personnel": "503.79"},
        ("general_budget_basic_expenditure", "30207", None): {"total": "75.10", "public": "75.10"},
        ("government_fund_expenditure", "合计", None): {"total": "4066.60", "project": "4066.60"},
        ("government_fund_expenditure", "2070702", None): {"total": "1035.60", "project": "1035.60"},
        ("government_fund_expenditure", "2070904", None): {"total": "30.00", "project": "30.00"},
        ("three_public_expenses", "three_public_total", None): {"total": "275.80"},
        ("three_public_expenses", "overseas", None): {"total": "100.00"},
        ("three_public_expenses", "vehicle", None): {"total": "112.00"},
        ("three_public_expenses", "vehicle_purchase", None): {},
        ("three_public_expenses", "vehicle_operation", None): {"total": "112.00"},
        ("three_public_expenses", "reception", None): {"total": "63.80"},
        ("government_procurement", "合计", None): {"total": "712.49", "general_budget": "504.98",
                                                 "business_income": "6.00", "other_income": "201.51"},
    },
}


@pytest.mark.parametrize("name", DOCS)
def test_every_table_in_print_order(real_doc, name):
    d = real_doc(name)
    # 33 prints its 部门整体绩效目标表 (表十), the 市级重点专项资金绩效目标表 (表十一) and the 一般性项目绩效目标表
    # (表十二) after the tables of money.
    targets = ["overall_performance_targets", "special_fund_performance_targets", "project_performance_targets"] \
        if name == "33" else []
    assert [t.id for t in d.tables] == TABLES + targets
    assert all(t.money_unit == "万元" for t in d.tables)
    assert {t.id: len(t.rows) for t in d.tables if t.id not in targets} == ROW_COUNTS[name]


@pytest.mark.parametrize("name", DOCS)
def test_pinned_rows(real_doc, name):
    d = real_doc(name)
    for (table, ident, side), values in PINNED[name].items():
        assert printed(row_of(d.table(table), ident, side)) == expected(values), (table, ident, side)


def test_titles_and_labels_keep_their_digits_and_punctuation(real_doc):
    d = real_doc("33")
    assert [t.title for t in d.tables][:2] == ["2026年部门收支总体情况表", "2026年部门收入总体情况表"]
    assert (d.department.name, d.year) == ("重庆市经济和信息化委员会", 2026)
    assert [r.name for r in d.table("income_expenditure_summary").rows if r.side == "income"][1] == \
        "一、一般公共预算资金"
    texts = [p.text for p in d.explanation]
    assert "部门预算公开联系人:仲勇、田颖" in texts
    assert d.narrative["income_total"].value == Decimal("244895.02")


# The documents note that parts may not add up to the cent ("由于四舍五入因素，部分分项加和与合计可能略有
# 差异"): a cent or two either way, never more.
ROUNDING = Decimal("0.02")


@pytest.mark.parametrize("name", DOCS)
def test_tables_add_up(real_doc, name):
    d = real_doc(name)
    for tid in ("expenditure_summary", "general_budget_expenditure", "government_fund_expenditure"):
        t = d.table(tid)
        assert part_sums(t, "total", ("basic", "project"), ROUNDING) == [], tid
        assert part_sums(t, "basic", ("personnel", "public"), ROUNDING) == [], tid
        assert hierarchy(t, tol=ROUNDING) == [], tid
    t = d.table("general_budget_basic_expenditure")
    assert part_sums(t, "total", ("personnel", "public"), ROUNDING) == []
    t = d.table("income_summary")
    assert part_sums(t, "total", ("general_budget", "government_fund", "state_capital", "fiscal_special_account",
                                  "business_income", "operating_income", "superior_subsidy",
                                  "affiliated_remittance", "other_income"), ROUNDING) == []
    assert hierarchy(t, tol=ROUNDING) == []


def test_empty_fund_table_keeps_its_note(real_doc):
    t = real_doc("33").table("government_fund_expenditure")
    assert not t.rows and "此表无数据" in t.empty_note


def test_a_font_whose_boxes_sit_below_their_baseline_is_moved_back():
    from yusuan.read.pdf import _font_shifts
    from yusuan.read.pdfium import Glyph

    def ch(font, top, baseline, size=10.0):
        return Glyph("字", 0, size, top, top + size, size, font, baseline)

    # Chinese text ends 0.25 of its size below the baseline, the digits' font a whole size below it.
    chars = [ch("song", 100, 107.5), ch("song", 100, 107.5), ch("digits", 107.5, 107.5)]
    shifts = _font_shifts(chars)
    assert set(shifts) == {"digits"} and abs(shifts["digits"] - 0.75) < 1e-9
    assert _font_shifts(chars[:2]) == {}
