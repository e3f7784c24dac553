"""Every 错误 `yusuan check` prints on the published PDFs, each judged a real mistake of the document.

A false 错误 is the worst thing yusuan can print, so this pins the whole list: a new 错误 on any of these
documents fails here until it is judged (and listed in docs/seed-findings.md) or fixed. The explanation
and the tables of 23 and 24, published as two files, are checked as one disclosure.
"""

from __future__ import annotations

import pytest
from conftest import REAL, real

import yusuan
from yusuan.rules import check

# (rule, table, row code, page) of each 错误, with why it is real.
ERRORS = {
    "01": [
        ("N002", "narrative", None, 6),   # 政府性基金 0 万元 "比2022年预算增加1421.25万元"
        ("N006", "narrative", None, 6),   # 11.67 → 45.41 万元 printed "增加314.82%" (289.12%)
        ("N006", "narrative", None, 7),   # 132.59 → 441.25 万元 printed "增加60.54%" (both copied from above)
        ("N009", "narrative", "2080506", 7),  # the same item's 2023 amount 441.25 where the table has 220.63
        ("P009", "projects", None, 35),   # project total 10,903,043.00 元 below its 财政拨款 11,419,043.00 元
    ],
    "02": [
        ("C002", "three_public_expenses", None, 31),  # "本表为空表" over a table that prints 47.91
        ("N006", "narrative", None, 9),   # 348.52 → 352.67 万元 printed "增加0.53%" (1.19%)
        ("N009", "narrative", "2210201", 9),  # 2024 住房公积金 352.67 where the table has 350.35
    ],
    "04": [], "06": [],
    "08": [("N009", "narrative", "2080506", 7), ("N009", "narrative", "2080506", 8)],  # 887.36 for 87.36 (page printed twice)
    "10": [  # the 302 block numbered 01, 02, 03 …, 类 "7" for 210, 210's old name, 738.66 for 696.48
        ("K004", "general_budget_basic_expenditure", "30202", 14),
        ("K004", "general_budget_basic_expenditure", "30204", 14),
        ("K004", "general_budget_basic_expenditure", "30205", 14),
        ("K004", "general_budget_basic_expenditure", "30206", 14),
        ("K004", "general_budget_basic_expenditure", "30207", 14),
        ("K004", "general_budget_basic_expenditure", "30208", 14),
        ("K004", "general_budget_basic_expenditure", "30211", 14),
        ("K004", "general_budget_basic_expenditure", "30213", 14),
        ("K004", "general_budget_basic_expenditure", "303", 14),
        ("K005", "expenditure_summary", "71102", 9),
        ("K005", "general_budget_expenditure", "71102", 11),
        ("K006", "income_expenditure_summary", None, 7),
        ("N009", "narrative", "2081005", 6),
    ],
    # a 决算 (budget-only comparisons do not apply): "财政拨款收入支出总计0.3万元" where its
    # 财政拨款收入支出决算总表 prints 总计 2,961.68
    "13": [("F005", "narrative", None, 21)],
    "21": [],
    "22": [("N006", "narrative", None, 25), ("N006", "narrative", None, 29)],  # 10.06% for 10.09%, 34.38% for 34.36%
    "23": [], "24": [],
    "31": [], "32": [],
    # 33's "一般公共服务支出190.62万元" for the tables' 190.63 is one unit of the last digit: a 警告 (see
    # test_one_unit_of_the_last_digit_is_a_warning)
    "33": [],
    "34": [],  # no target tables, but its explanation has a part "（三）绩效目标设置情况"
    "35": [],
    # 36 prints 222 粮油物资储备支出 388.25 (and 22201) in its 一般公共预算支出表, left out of the table's
    # 合计 9,078.52 and of the 支出总表: one slip, found by the 合计 row (two columns) and by code.
    "36": [("S004", "general_budget_expenditure", None, 20), ("S004", "general_budget_expenditure", None, 20),
           ("X009", "expenditure_summary", "222", 13), ("X009", "expenditure_summary", "22201", 13)],
    "37": [], "38": [],
    # 39's 部门整体支出绩效目标表 (page 37) states 资金总额 8200.95 = 基本支出 5915.38 + 项目支出 2285.57; its tables
    # and its explanation (page 24) spend 15184.81, of it 项目支出 9269.43. The 基本支出 agrees; the project figure
    # matches no table figure (not the 一般公共预算 5069.43, nor the 6493.50 of its eight project forms).
    "39": [("P008", "overall_targets", None, 37), ("P008", "overall_targets", None, 37)],
    "40": [], "41": [],
}


def _disclosure(prefix: str):
    parts = sorted(REAL.glob(f"{prefix}_*_explanation.pdf")) + sorted(REAL.glob(f"{prefix}_*_tables.pdf"))
    if parts:
        return yusuan.extract_together(parts, because="说明和表格分两个文件发布")
    return yusuan.extract(real(prefix))


@pytest.mark.parametrize("prefix", sorted(ERRORS))
def test_every_error_is_a_real_mistake(prefix):
    report = check(_disclosure(prefix))
    got = [(f.rule, f.table, f.row_code, f.source.page) for f in report.findings if f.severity == "错误"]
    assert got == ERRORS[prefix]



# Warnings of the rules over the explanation's claims that are real mistakes of the document, each judged:
# (rule, page, expected, actual).
CLAIM_WARNINGS = {
    # "本年支出合计2940.05万元……一般公共服务支出（类）2106.66万元，占71.73%": 2106.66 ÷ 2940.05 is 71.65%
    # (the other three shares, 11.11%, 2.07%, 15.16%, recompute from the same total; 71.73 is off)
    "13": [("N015", 21, "71.65", "71.73")],
    # "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%": 1237.7 ÷ 5573.0 is 22.21%;
    # 13.22% is the rate of 基本支出 in the sentence before, copied
    "22": [("N014", 26, "22.21", "13.22")],
}


@pytest.mark.parametrize("prefix", sorted(CLAIM_WARNINGS))
def test_claim_rule_warnings_are_real_mistakes(prefix):
    report = check(_disclosure(prefix), select=["N011", "N012", "N013", "N014", "N015", "N016", "N017", "N018"])
    got = [(f.rule, f.source.page, str(f.expected), str(f.actual)) for f in report.findings]
    assert got == CLAIM_WARNINGS[prefix]


def test_one_unit_of_the_last_digit_is_a_warning():
    # "按支出功能分类,包括一般公共服务支出190.62万元,……" where both tables print 201 as 190.63: the explanation's
    # nine 类 add up to its total 244,895.02 only with 190.62. A nudged last digit, not a different amount.
    report = check(_disclosure("33"), select=["N009"])
    assert [(f.rule, f.severity, f.source.page, f.row_code, str(f.expected), str(f.actual))
            for f in report.findings] == [("N009", "警告", 2, "201", "190.63", "190.62")]
