"""yusuan report --corpus: a figure that jumps out of its department's own history and out of its peers' year
(same region, largest expenditure in the same 功能分类 类) is an alert with both comparisons; a jump the
whole region made is not."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner
from variants import make_variant, seed_texts

from yusuan.cli import app
from yusuan.store import open_store
from yusuan.store.anomalies import anomalies
from yusuan.store.ingest import ingest

runner = CliRunner()
AGENCIES = ["信访局", "财政局", "教育局", "民政局", "司法局"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Two regions of five departments over 2021–2023, every figure growing 5% a year; in 桥西区 the
    财政局 doubles in 2023, in 新华区 every department does."""
    folder = tmp_path_factory.mktemp("anomalies")
    text = seed_texts()["001"]
    for region, who in (("石家庄市桥西区", {"财政局"}), ("石家庄市新华区", set(AGENCIES))):
        for d, agency in enumerate(AGENCIES):
            for t, year in enumerate((2021, 2022, 2023)):
                factor = Decimal("1.05") ** t * (1 + Decimal(d) / 10) * (2 if agency in who and year == 2023 else 1)
                (folder / f"{region}{agency}{year}.txt").write_text(
                    make_variant(text, "石家庄市鹿泉区信访局", 2024, region + agency, year, factor), encoding="utf-8")
    path = folder / "库.duckdb"
    store = open_store(path)
    try:
        assert ingest(store, [folder], workers=2).added == 30
    finally:
        store.close()
    return path


def test_a_department_out_of_its_history_and_its_region_is_an_alert(db):
    store = open_store(db, read_only=True)
    try:
        result = anomalies(store)
    finally:
        store.close()
    assert [(r["department"], r["figure"], r["year"], r["change_percent"], r["own_median_percent"],
             r["peer_median_percent"], r["peers"]) for r in result.records()] == [
        ("石家庄市桥西区财政局", "reception", 2023, Decimal("113.04"), Decimal("4.55"), Decimal("5.83"), 4),
        ("石家庄市桥西区财政局", "basic", 2023, Decimal("110.00"), Decimal("5.00"), Decimal("5.00"), 4),
        ("石家庄市桥西区财政局", "expenditure_total", 2023, Decimal("110.00"), Decimal("5.00"), Decimal("5.00"), 4),
        ("石家庄市桥西区财政局", "project", 2023, Decimal("110.00"), Decimal("5.00"), Decimal("5.00"), 4),
        ("石家庄市桥西区财政局", "operation_cost", 2023, Decimal("110.00"), Decimal("5.01"), Decimal("5.00"), 4),
        ("石家庄市桥西区财政局", "vehicle_purchase_and_operation", 2023, Decimal("109.94"), Decimal("5.05"),
         Decimal("4.96"), 4),
        ("石家庄市桥西区财政局", "three_public_total", 2023, Decimal("109.85"), Decimal("5.02"), Decimal("5.10"), 4),
    ]
    total = result.records()[2]
    assert (total["value"], total["previous"], total["explanation"]) == (
        Decimal("1569.86"), Decimal("747.55"),
        "2023年支出合计 1569.86 万元，比上年 747.55 万元 +110.00%；本部门其他年度的增减（2022年 +5.00%）中位数 +5.00%；"
        "石家庄市桥西区其他 4 个部门（最大支出同为 201 一般公共服务支出）同年增减的中位数 +5.00%")


def test_report_corpus_on_the_command_line(db):
    out = runner.invoke(app, ["report", "--corpus", "--db", str(db), "--figure", "支出合计", "-f", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["rows"]
    assert [(r["department"], r["year"], r["change_percent"]) for r in rows] == [("石家庄市桥西区财政局", 2023, 110.0)]
    assert runner.invoke(app, ["report", "--corpus", "--db", str(db), "--year", "2022", "-f", "json"]).stdout.count(
        "石家庄") == 0
    bare = runner.invoke(app, ["report", "--db", str(db)])
    assert bare.exit_code == 2
    assert bare.stderr == "错误：yusuan report 目前只有文件库报告：请加 --corpus（单个文件的核对报告用 yusuan check 文件）\n"
