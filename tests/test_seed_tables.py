"""Every row of every table of seeds 001 and 002, pinned by reviewed golden files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from snapshot import snapshot

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_tables_match_golden(extracted, prefix):
    expected = json.loads((GOLDEN / f"seed-{prefix}.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(snapshot(extracted(prefix)), ensure_ascii=False))
    assert actual["department"] == expected["department"]
    assert [t["id"] for t in actual["tables"]] == [t["id"] for t in expected["tables"]]
    for got, want in zip(actual["tables"], expected["tables"]):
        assert got == want, f"table {want['id']} differs"
    assert actual == expected


def test_seed_001_document_facts(extracted):
    d = extracted("001")
    assert (d.department.code, d.department.name, d.year, d.kind, d.money_unit) == (
        "542", "石家庄市鹿泉区信访局", 2024, "部门预算", "万元")
    assert [t.id for t in d.tables] == [
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
        "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund_expenditure",
        "state_capital_expenditure", "three_public_expenses", "government_procurement", "fixed_assets",
        "project_performance_targets"]


def test_seed_001_page_split_tables_merge(extracted):
    d = extracted("001")
    summary = d.table("income_expenditure_summary")
    assert summary.pages == 2
    assert summary.row(name="二十、住房保障支出").values["total"] == Decimal("26.31")
    basic = d.table("general_budget_basic_expenditure")
    assert [r.seq for r in basic.rows] == list(range(1, 28))
    assert basic.row(code="30231").values == {"total": Decimal("2.70"), "personnel": None, "public": Decimal("2.70")}


def test_seed_001_income_summary_carryover_column(extracted):
    # The header prints 上年结转 and 其他收入 in swapped cells; columns follow the standard's order (栏次 12 = 上年结转).
    total = extracted("001").table("income_summary").rows[0]
    assert total.name == "合计"
    assert total.values["total"] == Decimal("647.23")
    assert total.values["subtotal"] == Decimal("605.23")
    assert total.values["carryover"] == Decimal("42.00")
    assert total.values["other_income"] is None


def test_seed_001_empty_tables_keep_their_note(extracted):
    d = extracted("001")
    assert d.table("government_fund_expenditure").empty_note == "注：无政府基金预算财政拨款预算，空表列示。"
    assert d.table("government_fund_expenditure").rows == []
    assert d.table("government_procurement").empty_note == "注：无政府采购预算，空表列示。"


def test_seed_002_shifted_rows_are_recorded_as_printed(extracted):
    # The document's own mistake: from row 4 the figures sit one row too high. Extraction never fixes data.
    t = extracted("002").table("general_budget_expenditure")
    assert t.row(code="2010308").values["total"] == Decimal("15.88")
    assert t.row(code="2210201").values["total"] == Decimal("9.97")
    assert t.rows[0].values == {"total": Decimal("152.80"), "basic": Decimal("75.15"), "project": Decimal("77.65")}


def test_seed_002_untitled_procurement_table_is_found_by_its_header(extracted):
    t = extracted("002").table("government_procurement")
    assert t.empty_note == "注：无政府采购预算，空表列示。"


def test_row_provenance_points_at_the_line(extracted):
    row = extracted("001").table("expenditure_summary").row(code="2014004")
    assert row.source.line == 146
    src = Path(extracted("001").source).read_text(encoding="utf-8").splitlines()[145]
    assert "2014004" in src and "156.00" in src
