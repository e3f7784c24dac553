"""The rules that compare a document with the department's other stored documents (F006, F007).

The budget is examples/luquan-2024.yaml built to text (石家庄市鹿泉区信访局 2024 部门预算, 上年结转结余 42.00);
tests/fixtures/finals/luquan_dept_final_2023.txt ends 2023 with 年末结转和结余 42.00, and
luquan_dept_final_2024.txt starts 2024 with 42.00 and prints the budget's figures as its 年初预算数: every
comparison holds, so each mutation below must be found at its place and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT
from mutate import replace_once
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.compose import load_package
from yusuan.compose.text import to_text
from yusuan.rules import check
from yusuan.store import open_store
from yusuan.store.ingest import ingest
from yusuan.store.related import StoreRelated

FINALS = ROOT / "tests" / "fixtures" / "finals"
DEPT = "石家庄市鹿泉区信访局"
runner = CliRunner()


@pytest.fixture(scope="module")
def budget(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("budget") / "鹿泉区信访局2024年部门预算.txt"
    path.write_text(to_text(load_package(ROOT / "examples" / "luquan-2024.yaml")), encoding="utf-8")
    return path


def _final(year: int) -> str:
    return (FINALS / f"luquan_dept_final_{year}.txt").read_text(encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stored(tmp_path: Path, paths: list[Path]):
    """A store holding ``paths``, ingested one at a time in this order."""
    store = open_store(tmp_path / "corpus.duckdb")
    for p in paths:
        stats = ingest(store, [p], workers=1)
        assert stats.added == 1, p
    return store


def _across(store, year: int, kind: str):
    doc = next(d for d in store.documents(department=DEPT) if d["year"] == year and d["kind"] == kind)
    report = store.report(doc["id"])
    outcomes = {o.rule: (o.outcome, o.reason) for o in report.outcomes if o.rule in ("F006", "F007")}
    found = [(f.rule, f.severity, f.table, f.row_code, f.row_name, f.column, f.expected, f.actual, f.message)
             for f in report.findings if f.rule in ("F006", "F007")]
    return doc, outcomes, found


def test_alone_the_rules_cannot_run():
    report = check(yusuan.extract(FINALS / "luquan_dept_final_2024.txt"), select=["F006", "F007"])
    assert [(o.rule, o.outcome, o.reason) for o in report.outcomes] == [
        ("F006", "数据不足", "未找到同一部门2023年的部门决算（跨文件核对在入库时或用 yusuan check --db 核对时进行）"),
        ("F007", "数据不足", "未找到同一部门2024年的部门预算（跨文件核对在入库时或用 yusuan check --db 核对时进行）"),
    ]
    # a document that is neither budget nor 决算 has nothing to compare
    perf = check(yusuan.extract(ROOT / "tests" / "data" / "seeds" / "003_8cdf10fdd254bdd5.txt"), select=["F006", "F007"])
    assert {o.outcome for o in perf.outcomes} == {"不适用"}


def test_clean_documents_pass_whatever_the_order(budget, tmp_path):
    store = _stored(tmp_path, [FINALS / "luquan_dept_final_2024.txt", budget, FINALS / "luquan_dept_final_2023.txt"])
    try:
        doc, outcomes, found = _across(store, 2024, "部门决算")
        assert outcomes == {"F006": ("通过", None), "F007": ("通过", None)} and found == []
        assert doc["n_findings"] == 0
        _doc, outcomes, found = _across(store, 2024, "部门预算")
        assert outcomes == {"F006": ("通过", None), "F007": ("不适用", "不是决算文件，或年度不明")} and found == []
        _doc, outcomes, _found = _across(store, 2023, "部门决算")
        # the store holds nothing it reads: the outcome its check gave stands
        assert outcomes == {"F006": ("数据不足", "未找到同一部门2022年的部门决算（跨文件核对在入库时或用 yusuan check --db "
                                                "核对时进行）"),
                            "F007": ("数据不足", "决算表中没有标明“年初预算数”的栏")}
        assert sorted(store.backend.fetchall(
            "SELECT rule, outcome, count(*) FROM rule_outcomes WHERE rule IN ('F006', 'F007') GROUP BY rule, outcome")) == [
            ("F006", "数据不足", 1), ("F006", "通过", 2), ("F007", "不适用", 1), ("F007", "数据不足", 1), ("F007", "通过", 1)]
    finally:
        store.close()


def test_carry_in_differs_from_last_years_carry_out(budget, tmp_path):
    text = replace_once(_final(2024), "年初结转和结余\t42.00", "年初结转和结余\t40.00")
    final = _write(tmp_path, "鹿泉区信访局2024年度部门决算.txt", text)
    store = _stored(tmp_path, [FINALS / "luquan_dept_final_2023.txt", final])
    try:
        doc, outcomes, found = _across(store, 2024, "部门决算")
        assert outcomes["F006"] == ("不通过", None)
        previous = next(d["id"] for d in store.documents(department=DEPT) if d["year"] == 2023)
        assert found == [(
            "F006", "警告", "final_income_expenditure_summary", None, "年初结转和结余", "total", D("42.00"), D("40.00"),
            f"表一 收入支出决算总表“年初结转和结余” 40.00万元（第 18 行），但文件库文件 {previous}（2023年部门决算，"
            "luquan_dept_final_2023.txt）表一 收入支出决算总表“年末结转和结余” 42.00万元（第 18 行）。"
            "如有以前年度调整，应在说明中写明。")]
        assert doc["n_warnings"] == 1
        assert store.backend.fetchall("SELECT rule, severity, row_name FROM findings WHERE document_id = ? AND rule = 'F006'",
                                      (doc["id"],)) == [("F006", "警告", "年初结转和结余")]
    finally:
        store.close()


def test_budget_carry_in_is_an_estimate(budget, tmp_path):
    text = replace_once(_final(2023), "年末结转和结余\t42.00", "年末结转和结余\t45.00")
    store = _stored(tmp_path, [budget, _write(tmp_path, "鹿泉区信访局2023年度部门决算.txt", text)])
    try:
        _doc, outcomes, found = _across(store, 2024, "部门预算")
        assert outcomes["F006"] == ("不通过", None)
        assert [(f[0], f[1], f[2], f[4], f[6], f[7]) for f in found] == [
            ("F006", "提示", "income_expenditure_summary", "上年结转结余", D("45.00"), D("42.00"))]
        assert found[0][8].endswith("预算编制时上年尚未结束，上年结转是预计数，请核对是否已按决算数说明。")
    finally:
        store.close()


def test_initial_budget_differs_from_the_published_budget(budget, tmp_path):
    text = replace_once(_final(2024), "2014004\t信访业务\t156.00", "2014004\t信访业务\t150.00")
    final = _write(tmp_path, "鹿泉区信访局2024年度部门决算.txt", text)
    store = _stored(tmp_path, [final, budget])  # the budget arrives later: the 决算 is checked again
    try:
        doc, outcomes, found = _across(store, 2024, "部门决算")
        budget_id = next(d["id"] for d in store.documents(department=DEPT) if d["kind"] == "部门预算")
        assert outcomes["F007"] == ("不通过", None)
        assert found == [(
            "F007", "警告", "final_general_budget_expenditure", "2014004", "信访业务", "initial_budget", D("156.00"),
            D("150.00"),
            f"表五 一般公共预算财政拨款支出决算表 2014004 信访业务 年初预算数 150.00万元，但文件库文件 {budget_id}（2024年"
            "部门预算，鹿泉区信访局2024年部门预算.txt）部门预算一般公共预算财政拨款支出表 2014004 信访业务 为 156.00万元"
            "（第 181 行）。请核对决算所依据的预算版本。")]
        # the web page and the API read the stored report, which now holds the finding
        assert store.findings(doc["id"])[-1]["rule"] == "F007"
    finally:
        store.close()


def test_only_the_same_body_is_compared(budget, tmp_path):
    store = _stored(tmp_path, [budget])
    try:
        assert StoreRelated(store, DEPT, None).find("部门预算", 2024)["department_code"] == "542"
        assert StoreRelated(store, DEPT, "542").find("部门预算", 2024) is not None
        assert StoreRelated(store, DEPT, "543").find("部门预算", 2024) is None  # another code: another body
        assert StoreRelated(store, "鹿泉区信访局", None).find("部门预算", 2024) is None  # names must be equal
        assert StoreRelated(store, "信访局", None).key is None  # a name without its place is never matched
    finally:
        store.close()


def test_check_with_db(budget, tmp_path):
    store = _stored(tmp_path, [budget, FINALS / "luquan_dept_final_2023.txt"])
    store.close()
    text = replace_once(_final(2024), "2014004\t信访业务\t156.00", "2014004\t信访业务\t150.00")
    final = _write(tmp_path, "鹿泉区信访局2024年度部门决算.txt", text)
    out = runner.invoke(app, ["check", str(final), "--db", str(tmp_path / "corpus.duckdb"), "--select", "F006,F007",
                              "-f", "json"])
    assert out.exit_code == 0, out.output
    import json

    data = json.loads(out.stdout)
    assert [(o["rule"], o["outcome"]) for o in data["outcomes"]] == [("F006", "通过"), ("F007", "不通过")]
    assert [(f["rule"], f["severity"], f["row_code"]) for f in data["findings"]] == [("F007", "警告", "2014004")]
    missing = runner.invoke(app, ["check", str(final), "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "没有这个文件库" in missing.output
