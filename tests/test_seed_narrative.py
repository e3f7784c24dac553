"""Figures stated in the explanation text of seeds 000–003, as printed (a decrease is negative)."""

from __future__ import annotations

from decimal import Decimal

import pytest

# value as printed; a suffix 元 marks a figure the text states in 元 rather than 万元
EXPECTED = {
    "000": {
        "income_total": "431.21", "general_budget_income": "431.21", "expenditure_total": "431.21",
        "personnel": "343.65", "public": "27.56", "project": "60", "yoy_change_total": "7.31",
        "yoy_change_basic": "68.03", "yoy_change_project": "-60.72元", "operation_cost": "4.26",
        "three_public_total": "2.5", "overseas": "0", "vehicle_operation": "2.5", "reception": "0元", "three_public_change": "0",
        "procurement_total": "0", "fixed_assets_total": "111.62",
    },
    "001": {
        "income_total": "647.23", "general_budget_income": "605.23", "government_fund_income": "0.00",
        "state_capital_income": "0.00", "fiscal_special_account_income": "0.00", "unit_funds_income": "0.00",
        "carryover": "42.00", "expenditure_total": "647.23", "basic": "425.52", "personnel": "331.80",
        "public": "93.72", "project": "221.71", "yoy_change_total": "56.83", "yoy_change_basic": "40.92",
        "yoy_change_project": "15.91", "operation_cost": "93.72", "three_public_total": "2.90", "overseas": "0.00",
        "vehicle_purchase_and_operation": "2.70", "vehicle_purchase": "0.00", "vehicle_operation": "2.70",
        "reception": "0.20", "three_public_change": "0.20", "reception_change": "-0.8", "overseas_change": "0",
        "vehicle_purchase_and_operation_change": "0", "fixed_assets_total": "163.59",
        "planned_fixed_assets": "0.00",
    },
    "002": {
        "income_total": "185.62", "general_budget_income": "152.80", "government_fund_income": "0",
        "state_capital_income": "0", "fiscal_special_account_income": "0", "unit_funds_income": "0",
        "carryover": "0", "expenditure_total": "185.62", "basic": "107.97", "personnel": "93.19", "public": "14.78",
        "project": "77.65", "yoy_change_total": "-14.05", "yoy_change_basic": "-13.15", "yoy_change_project": "-0.9",
        "operation_cost": "14.78", "three_public_total": "0", "overseas": "0", "vehicle_purchase_and_operation": "0",
        "vehicle_purchase": "0", "vehicle_operation": "0", "reception": "0", "three_public_change": "-3",
        "procurement_total": "0", "fixed_assets_total": "550.96",
    },
    "003": {
        "income_total": "230.06", "general_budget_income": "228.39", "yoy_change_total": "15.02",
        "expenditure_total": "230.06", "basic": "126.39", "project": "102", "operation_cost": "17.92",
        "operation_cost_change": "12.92", "three_public_total": "0", "overseas": "0", "vehicle_purchase": "0",
        "vehicle_operation": "0", "reception": "0", "procurement_total": "0",
    },
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_narrative_figures(extracted, prefix):
    got = {k: str(f.value) + ("元" if f.unit == "元" else "") for k, f in extracted(prefix).narrative.items()}
    assert got == EXPECTED[prefix]


def test_figure_keeps_sentence_and_line(extracted):
    f = extracted("001").narrative["yoy_change_basic"]
    assert f.value == Decimal("40.92")
    assert f.text.startswith("2024年预算收支安排647.23万元，较2023年预算增加56.83万元")
    assert f.source.line == 409


def test_decrease_is_negative_with_its_sentence(extracted):
    f = extracted("002").narrative["yoy_change_total"]
    assert f.value == Decimal("-14.05")
    assert "较2022年（199.67万元）预算减少14.05万元" in f.text


def test_year_is_never_read_as_an_amount(extracted):
    # "2020年年初预算数为126.39万元": the year must not be taken for the amount
    assert extracted("003").narrative["basic"].value == Decimal("126.39")


def test_project_named_like_a_term_is_not_that_term(extracted):
    # "接访劝访人员经费4万元" is a project line, not the 人员经费 of the basic expenditure
    assert "personnel" not in extracted("003").narrative
