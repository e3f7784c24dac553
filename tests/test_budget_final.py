"""Budget against 决算 across the corpus: the query, its CLI and API, and the web page.

The budget is the bundled example (examples/luquan-2024.yaml, 石家庄市鹿泉区信访局 2024 部门预算) built to
text; the 决算 is the invented fixture tests/fixtures/finals/luquan_dept_final_2024.txt of the same
department and year (its 2023 决算 beside it), whose figures differ from the budget's on purpose.
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import yusuan
from yusuan.budget_final import compare, execution_rate
from yusuan.cli import app
from yusuan.compose import load_package
from yusuan.compose.text import to_text
from yusuan.store import open_store
from yusuan.store.execution import budget_final, for_document
from yusuan.store.ingest import ingest
from yusuan.store.queries import QueryError

FINALS = ROOT / "tests" / "fixtures" / "finals"
LUQUAN = ROOT / "examples" / "luquan-2024.yaml"
DEPT = "石家庄市鹿泉区信访局"
runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("execution")
    budget = root / "鹿泉区信访局2024年部门预算.txt"
    budget.write_text(to_text(load_package(LUQUAN)), encoding="utf-8")
    return {"budget": budget, "final": FINALS / "luquan_dept_final_2024.txt",
            "final_2023": FINALS / "luquan_dept_final_2023.txt"}


@pytest.fixture(scope="module")
def db(files, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "corpus.duckdb"
    store = open_store(path)
    try:
        stats = ingest(store, [files["budget"], files["final"], files["final_2023"]], workers=1)
        assert (stats.added, stats.failed) == (3, 0)
    finally:
        store.close()
    return path


@pytest.fixture()
def store(db):
    s = open_store(db, read_only=True)
    yield s
    s.close()


def _ids(store) -> dict[tuple[int, str], int]:
    return {(d["year"], d["kind"]): d["id"] for d in store.documents(department=DEPT)}


def test_rows_both_documents_print(files):
    lines = compare(yusuan.extract(files["budget"]), yusuan.extract(files["final"]))
    by_table: dict[str, int] = {}
    for ln in lines:
        by_table[ln.pairing.name] = by_table.get(ln.pairing.name, 0) + 1
    # 支出 and 一般公共预算 tables: 19 rows each (合计 by name, the rest by code), the columns either fills;
    # the basic table by 经济分类 code (the 决算 prints no 合计 row and no 会议费, 培训费); 三公 by item
    assert by_table == {"支出": 43, "一般公共预算财政拨款支出": 43, "一般公共预算财政拨款基本支出": 24, "“三公”经费": 4}
    got = {(ln.pairing.name, ln.code, ln.name, ln.column): (ln.budget, ln.final, ln.difference, ln.rate)
           for ln in lines}
    assert got[("支出", None, "合计", "合计")] == (D("647.23"), D("646.95"), D("-0.28"), D("99.96"))
    assert got[("支出", "2014004", "信访业务", "项目支出")] == (D("156.00"), D("155.00"), D("-1.00"), D("99.36"))
    # the budget leaves 行政运行's 项目支出 blank, the 决算 prints 5.00: a blank is not 0, so no difference or rate
    assert got[("支出", "2014001", "行政运行", "项目支出")] == (None, D("5.00"), None, None)
    assert got[("一般公共预算财政拨款基本支出", "30112", "其他社会保障缴费", "合计")] == (
        D("5.89"), D("3.47"), D("-2.42"), D("58.91"))
    assert got[("“三公”经费", None, "“三公”经费合计", "合计")] == (D("2.90"), D("2.65"), D("-0.25"), D("91.38"))
    assert got[("“三公”经费", None, "公务接待费", "合计")] == (D("0.20"), D("0.15"), D("-0.05"), D("75.00"))
    # a row only one document prints (the 决算's 人员经费合计) is not compared
    assert not any(ln.name == "人员经费合计" for ln in lines)


def test_no_division_by_zero_and_a_blank_is_not_zero():
    assert execution_rate(D("0"), D("5.00")) is None
    assert execution_rate(D("0.00"), D("0.00")) is None
    assert execution_rate(None, D("5.00")) is None
    assert execution_rate(D("5.00"), None) is None
    assert execution_rate(D("3"), D("1")) == D("33.33")


def test_a_budget_printed_in_yuan_is_compared_in_wan(files):
    budget = yusuan.extract(files["budget"])
    t = budget.table("expenditure_summary")
    t.money_unit = "元"
    for r in t.rows:
        r.values = {k: None if v is None else v * 10000 for k, v in r.values.items()}
    got = {(ln.code, ln.column): (ln.budget, ln.final) for ln in compare(budget, yusuan.extract(files["final"]))
           if ln.pairing.name == "支出"}
    assert got[(None, "合计")] == (D("647.23"), D("646.95"))
    assert got[("2014004", "项目支出")] == (D("156.00"), D("155.00"))


def test_query_cites_both_documents(store):
    ids = _ids(store)
    result = budget_final(store, DEPT)
    assert result.title == (f"{DEPT} 预算与决算对照：2024年部门预算（文件 {ids[(2024, '部门预算')]}）与部门决算（文件 "
                            f"{ids[(2024, '部门决算')]}）")
    records = result.records()
    assert len(records) == 114
    assert records[0] == {
        "year": 2024, "table": "支出", "code": None, "name": "合计", "column": "合计",
        "budget": D("647.23"), "final": D("646.95"), "difference": D("-0.28"), "execution_rate": D("99.96"),
        "budget_document": ids[(2024, "部门预算")], "budget_place": "部门预算支出总表 第 95 行",
        "final_document": ids[(2024, "部门决算")], "final_place": "表三 支出决算表 第 45 行", "note": None}
    blank = next(r for r in records if r["code"] == "2014001" and r["column"] == "项目支出")
    assert (blank["budget"], blank["final"], blank["difference"], blank["execution_rate"]) == (None, D("5.00"), None, None)
    assert budget_final(store, DEPT, 2024).rows == result.rows


def test_query_refuses_what_it_cannot_pair(store):
    with pytest.raises(QueryError) as no_year:
        budget_final(store, DEPT, 2023)
    assert str(no_year.value) == (f"部门“{DEPT}”没有2023年的预算和决算可以对照（库中有：2023年部门决算、2024年部门预算、"
                                  "2024年部门决算）")
    with pytest.raises(QueryError) as partial:
        budget_final(store, "鹿泉区信访局")
    assert str(partial.value) == f"文件库中没有部门“鹿泉区信访局”的文件（部门名称须完整）；名称中含“鹿泉区信访局”的部门：{DEPT}"


def test_a_unit_final_is_not_paired_with_a_department_budget(files, tmp_path):
    unit = tmp_path / "单位决算.txt"
    unit.write_text(files["final"].read_text(encoding="utf-8").replace("2024年度部门决算", "2024年度单位决算"),
                    encoding="utf-8")
    store = open_store(tmp_path / "unit.duckdb")
    try:
        ingest(store, [files["budget"], unit], workers=1)
        with pytest.raises(QueryError) as exc:
            budget_final(store, DEPT, 2024)
        assert "没有2024年的预算和决算可以对照（库中有：2024年部门预算、2024年单位决算）" in str(exc.value)
        doc = next(d for d in store.documents(department=DEPT) if d["kind"] == "单位决算")
        assert for_document(store, doc["id"]) == (None, None)
    finally:
        store.close()


def test_cli_query(db):
    out = runner.invoke(app, ["query", "budget-final", "--department", DEPT, "--year", "2024", "--db", str(db),
                              "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout, parse_float=D)
    assert data["columns"]["execution_rate"] == "执行率%"
    assert len(data["rows"]) == 114
    row = next(r for r in data["rows"] if r["table"] == "“三公”经费" and r["name"] == "公务接待费")
    assert (row["budget"], row["final"], row["difference"], row["execution_rate"]) == (D("0.20"), D("0.15"), D("-0.05"), D("75.00"))
    csv = runner.invoke(app, ["query", "budget-final", "--department", DEPT, "--db", str(db), "-f", "csv"])
    assert csv.stdout.splitlines()[1].startswith("2024,支出,,合计,合计,647.23,646.95,-0.28,99.96,")
    bad = runner.invoke(app, ["query", "budget-final", "--department", DEPT, "--year", "2023", "--db", str(db)])
    assert bad.exit_code == 2
    assert f"部门“{DEPT}”没有2023年的预算和决算可以对照" in bad.output
    assert "Traceback" not in bad.output


def test_api_and_page(db, tmp_path):
    from yusuan.web import create_app

    store = open_store(db, read_only=True)
    try:
        client = TestClient(create_app(store, tmp_path / "data"))
        ids = _ids(store)
        r = client.get("/api/query/budget_final", params={"department": DEPT, "year": 2024})
        assert r.status_code == 200
        rows = r.json()["rows"]
        assert len(rows) == 114 and rows[0]["final_document"] == ids[(2024, "部门决算")]
        assert client.get("/api/query/budget_final", params={"department": "无此部门"}).json() == {
            "error": "文件库中没有部门“无此部门”的文件（部门名称须完整）"}
        final_id = ids[(2024, "部门决算")]
        doc_page = client.get(f"/documents/{final_id}").text
        assert f'href="/documents/{final_id}/budget-final">预算与决算对照</a>' in doc_page
        page = client.get(f"/documents/{final_id}/budget-final")
        assert page.status_code == 200
        assert f'预算：<a href="/documents/{ids[(2024, "部门预算")]}">' in page.text
        assert ("<tr><td>支出</td><td>2014001</td><td>行政运行</td><td>项目支出</td><td class=\"num\">—</td>"
                "<td class=\"num\">5.00</td><td class=\"num\">—</td><td class=\"num\">—</td>") in page.text
        # the budget's page shows the same table; a 决算 with no budget says so
        assert client.get(f"/documents/{ids[(2024, '部门预算')]}/budget-final").text.count("<tr><td>") == 114
        lone = client.get(f"/documents/{ids[(2023, '部门决算')]}/budget-final").text
        assert 'id="no-pair"' in lone and "部门预算和部门决算" in lone
        assert client.get("/documents/999/budget-final").status_code == 404
    finally:
        store.close()


def test_a_name_without_a_place_is_never_paired(files, tmp_path):
    budget = tmp_path / "预算.txt"
    final = tmp_path / "决算.txt"
    budget.write_text(files["budget"].read_text(encoding="utf-8").replace(DEPT, "信访局"), encoding="utf-8")
    final.write_text(files["final"].read_text(encoding="utf-8").replace(DEPT, "信访局"), encoding="utf-8")
    store = open_store(tmp_path / "noplace.duckdb")
    try:
        ingest(store, [budget, final], workers=1)
        assert {(d["department_key"], d["region"]) for d in store.documents()} == {("信访局", None)}
        with pytest.raises(QueryError) as exc:
            budget_final(store, "信访局", 2024)
        assert str(exc.value) == "部门名称“信访局”中没有地名，无法确定库中的预算和决算是同一单位的，不作对照"
        assert all(for_document(store, d["id"]) == (None, None) for d in store.documents())
    finally:
        store.close()
