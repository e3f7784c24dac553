"""The Fujian set (39, 40): ten tables, each under a section heading ("三、支出预算总表") and a second title
line ("2026年度支出预算总表"), amounts without thousands separators, empty cells printed 0.00, and the
支出预算总表's total column headed 小计 with no group above it.

Every expected figure was read off the document's own pages. Not yet read right (and so not pinned): the
合计 rows of the two economic-class tables (八、九).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from realcheck import part_sums, printed, row_of


TEN = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure",
    "general_budget_economic_expenditure", "general_budget_basic_expenditure", "three_public_expenses",
]


@pytest.mark.parametrize("name", ["39", "40"])
def test_ten_tables(real_doc, name):
    assert [t.id for t in real_doc(name).tables] == TEN


def test_total_column_headed_subtotal(real_doc):
    t = real_doc("39").table("expenditure_summary")
    zero = Decimal("0.00")
    assert printed(row_of(t, "合计")) == {"total": Decimal("15184.81"), "basic": Decimal("5915.38"),
                                         "project": Decimal("9269.43"), "operating_expenditure": zero,
                                         "remit_to_superior": zero, "subsidy_to_affiliates": zero}
    assert printed(row_of(t, "2010302")) == {"total": Decimal("1126.82"), "basic": zero,
                                            "project": Decimal("1126.82"), "operating_expenditure": zero,
                                            "remit_to_superior": zero, "subsidy_to_affiliates": zero}
    assert part_sums(t, "total", ("basic", "project")) == []
