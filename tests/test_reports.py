"""The report writers on hand-built reports: text, JSON, HTML and SARIF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.report import grouped, place, table_name
from yusuan.report.html import to_html
from yusuan.report.json import dumps_exact, report_dict, to_json
from yusuan.report.sarif import to_sarif
from yusuan.report.text import to_text
from yusuan.rules import catalog
from yusuan.rules.engine import Finding, FindingSource, Outcome, Report, Summary


def _finding(rule="S001", severity="错误", table="expenditure_summary", **kw) -> Finding:
    source = kw.pop("source", None) or FindingSource(file=kw.pop("file", "/data/样例.txt"), line=kw.pop("line", None),
                                                     page=kw.pop("page", None), cell=kw.pop("cell", None))
    expected, actual = kw.pop("expected", None), kw.pop("actual", None)
    diff = actual - expected if isinstance(actual, Decimal) and isinstance(expected, Decimal) else None
    return Finding(rule=rule, severity=severity, title=kw.pop("title", "标题"), table=table, expected=expected,
                   actual=actual, difference=diff, message=kw.pop("message", "说明"), source=source, **kw)


@pytest.fixture
def report() -> Report:
    findings = [
        _finding("X001", "错误", "document", message="两表合计不一致 <b>&</b>", title="合计不一致"),
        _finding("S001", "错误", "expenditure_summary", row_code="2010308", row_name="信访事务", column="total",
                 expected=Decimal("185.63"), actual=Decimal("152.80"), line=511, message="错开一行"),
        _finding("N001", "警告", "narrative", column="income_total", expected=Decimal("647.23"),
                 actual=Decimal("647.32"), line=12, message="说明中的收入合计与收支总表不一致"),
        _finding("C001", "提示", "projects", row_name="多元化解中心保障经费", expected="有", actual="无", page=7,
                 cell="B3", message="缺少满意度指标"),
        _finding("S002", "错误", "general_budget_basic_expenditure", row_code="30239", row_name="其他交通费用",
                 column="public", expected=Decimal("1E+2"), actual=Decimal("7.74"), page=3,
                 message="<script>alert(1)</script>"),
    ]
    outcomes = [Outcome(rule="S001", outcome="不通过", findings=1),
                Outcome(rule="S002", outcome="不通过", findings=1),
                Outcome(rule="S006", outcome="不适用", reason="“三公”经费表为空表列示"),
                Outcome(rule="X003", outcome="数据不足", reason="未找到财政拨款收支总表"),
                Outcome(rule="X008", outcome="通过")]
    summary = Summary(errors=3, warnings=1, notes=1, outcomes={"不通过": 2, "不适用": 1, "数据不足": 1, "通过": 1})
    return Report(source="/data/样例.txt", title="某局2024年部门预算", department="某局", year=2024,
                  findings=findings, outcomes=outcomes, summary=summary)


def test_table_names_and_grouping_order(report):
    assert table_name("expenditure_summary") == "支出总表"
    assert table_name("narrative") == "预算说明"
    assert table_name("projects") == "绩效目标"
    assert table_name("document") == "整体"
    assert table_name("made_up") == "made_up"
    assert [t for t, _ in grouped(report.findings)] == [
        "expenditure_summary", "general_budget_basic_expenditure", "narrative", "projects", "document"]
    f = report.findings[1]
    assert place(f) == "支出总表 › 2010308 信访事务 › 合计 › 第 511 行"
    assert place(report.findings[3]) == "绩效目标 › 多元化解中心保障经费 › 第 7 页，单元格 B3"
    assert place(report.findings[2]) == "预算说明 › 收入预算合计 › 第 12 行"


def test_json_contract_and_exact_numbers(report):
    text = to_json([report], single=True)
    assert '"actual": 152.80' in text and '"expected": 185.63' in text and '"difference": -32.83' in text
    assert '"expected": 100,' in text  # an exponent is written out, never left as a marked string
    assert '"expected": "有"' in text
    data = json.loads(text, parse_float=Decimal)
    assert list(data) == ["schema_version", "source", "files", "joined_because", "ocr_pages", "title", "department",
                          "year", "findings", "outcomes", "summary", "transparency"]
    assert data["schema_version"] == 1
    assert data["transparency"] is None  # computed by the caller (yusuan check), not by the rules
    assert data["findings"][1] == {
        "rule": "S001", "severity": "错误", "title": "标题", "table": "expenditure_summary", "row_code": "2010308",
        "row_name": "信访事务", "column": "total", "expected": Decimal("185.63"), "actual": Decimal("152.80"),
        "difference": Decimal("-32.83"), "message": "错开一行",
        "source": {"file": "/data/样例.txt", "page": None, "line": 511, "cell": None}}
    assert data["outcomes"][2] == {"rule": "S006", "outcome": "不适用", "findings": 0,
                                   "reason": "“三公”经费表为空表列示"}
    assert data["summary"] == {"errors": 3, "warnings": 1, "notes": 1, "rules": 5,
                               "outcomes": {"通过": 1, "不通过": 2, "不适用": 1, "数据不足": 1}}
    array = json.loads(to_json([report, report], single=False))
    assert isinstance(array, list) and len(array) == 2
    with pytest.raises(ValueError):
        to_json([report, report], single=True)


def test_dumps_exact_keeps_strings_that_look_like_marks():
    tricky = ["\x000.10", 'a"\x001', "\\u00001"]
    text = dumps_exact({"a": Decimal("0.10"), "b": tricky, "c": [Decimal("-2.50")], "d": Decimal("-0.00"),
                        "\x002": Decimal("3")})
    assert json.loads(text) == {"a": 0.1, "b": tricky, "c": [-2.5], "d": -0.0, "\x002": 3}
    assert '"a": 0.10' in text and '"c": [\n    -2.50\n  ]' in text


def test_text_report(report):
    out = to_text([report], verbose=False)
    lines = out.splitlines()
    heads = [line for line in lines if line.rstrip().endswith(" 1 处")]
    assert heads == ["支出总表  1 处", "一般公共预算财政拨款基本支出表  1 处", "预算说明  1 处", "绩效目标  1 处",
                     "整体  1 处"]
    assert "  S001 错误 标题" in lines
    assert "    位置：2010308 信访事务 › 合计 › 第 511 行" in lines
    assert "    发现：152.80    应为：185.63    差额：-32.83" in lines
    assert "    发现：无    应为：有" in lines
    assert "    位置：整表" in lines
    assert "    说明：<script>alert(1)</script>" in lines  # text is printed as it is
    assert "小结：错误 3，警告 1，提示 1" in lines
    assert "规则 5 条：通过 1，不通过 2，不适用 1，数据不足 1" in lines
    assert "各规则结果" not in out
    verbose = to_text([report], verbose=True)
    assert "各规则结果" in verbose and "未找到财政拨款收支总表" in verbose
    both = to_text([report, report])
    assert "共核对 2 个文件，2 个有错误；错误 6，警告 2，提示 2" in both


def test_html_is_standalone_escaped_and_well_formed(report):
    page = to_html([report], generated=datetime(2024, 5, 1, 9, 30))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    root = ET.fromstring(page.split("\n", 1)[1])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "两表合计不一致 &lt;b&gt;&amp;&lt;/b&gt;" in page
    assert not root.findall(".//link") and not root.findall(".//script") and not root.findall(".//img")
    assert root.find("head/style") is not None
    assert root.find("head/title").text == "核对报告：某局2024年部门预算"
    body = root.find("body")
    assert body.find("section/h1").text == "某局2024年部门预算"
    meta = "".join(body.find("section/p").itertext())
    assert "部门：某局" in meta and "年度：2024" in meta and "文件：/data/样例.txt" in meta
    groups = [("".join(h.itertext())) for h in body.findall(".//div[@class='group']/h4")]
    assert groups == ["支出总表 1 处", "一般公共预算财政拨款基本支出表 1 处", "预算说明 1 处", "绩效目标 1 处",
                      "整体 1 处"]
    text = "".join(root.itertext())
    for f in report.findings:
        assert f.message in text
    assert "152.80" in text and "185.63" in text and "-32.83" in text
    rows = body.findall(".//table[@class='outcomes']/tbody/tr")
    assert [[("".join(td.itertext())) for td in tr][:1] + [("".join(tr[4].itertext()))] for tr in rows] == [
        ["S001", "不通过"], ["S002", "不通过"], ["S006", "不适用"], ["X003", "数据不足"], ["X008", "通过"]]
    assert "2024-05-01 09:30" in text


def test_html_several_files_and_unreadable_ones(report):
    page = to_html([report, report], failures=["文件 坏.pdf：文件已损坏"])
    root = ET.fromstring(page.split("\n", 1)[1])
    assert root.find("body/h1").text == "预算公开文件核对报告"
    assert len(root.findall("body/section")) == 2
    links = root.findall("body/table/tbody/tr/td/a")
    assert [(a.get("href"), a.text) for a in links] == [("#file-1", "某局2024年部门预算"),
                                                        ("#file-2", "某局2024年部门预算")]
    assert [s.get("id") for s in root.findall("body/section")] == ["file-1", "file-2"]
    assert "文件 坏.pdf：文件已损坏" in "".join(root.itertext())
    no_findings = report.model_copy(update={"findings": [], "summary": Summary()})
    assert "没有发现问题。" in to_html([no_findings])


def _check_sarif(log: dict) -> None:
    """The structure SARIF 2.1.0 requires (and what viewers rely on)."""
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "yusuan" and isinstance(driver["version"], str)
    for r in driver["rules"]:
        assert set(r) >= {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"}
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert " " not in r["name"]
    ids = [r["id"] for r in driver["rules"]]
    for res in run["results"]:
        assert set(res) >= {"ruleId", "level", "message", "locations"}
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        if "ruleIndex" in res:
            assert ids[res["ruleIndex"]] == res["ruleId"]
        for loc in res["locations"]:
            phys = loc["physicalLocation"]
            art = phys["artifactLocation"]
            assert art["uri"] and run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
            if "region" in phys:
                assert isinstance(phys["region"]["startLine"], int) and phys["region"]["startLine"] >= 1
    for inv in run["invocations"]:
        assert isinstance(inv["executionSuccessful"], bool)


def test_sarif(report, tmp_path):
    log = to_sarif([report], root=tmp_path)
    _check_sarif(log)
    json.loads(dumps_exact(log))  # serialisable with its Decimals
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in catalog()]
    s001 = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "S001")
    rule = next(r for r in catalog() if r.id == "S001")
    assert s001["shortDescription"]["text"] == rule.title
    assert s001["fullDescription"]["text"] == rule.doc
    assert rule.bad in s001["help"]["text"] and rule.good in s001["help"]["text"]
    assert s001["properties"]["category"] == "表内求和"
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [("X001", "error"), ("S001", "error"), ("N001", "warning"), ("C001", "note"),
                      ("S002", "error")]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["S001"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 511}
    assert by_rule["S001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        Path("/data/样例.txt").as_uri()
    assert "region" not in by_rule["S002"]["locations"][0]["physicalLocation"]
    assert by_rule["S002"]["locations"][0]["physicalLocation"]["properties"] == {"page": 3}
    assert by_rule["C001"]["locations"][0]["physicalLocation"]["properties"] == {"page": 7, "cell": "B3"}
    assert "错开一行" in by_rule["S001"]["message"]["text"] and "支出总表 2010308 信访事务" in \
        by_rule["S001"]["message"]["text"]
    assert "ruleIndex" not in by_rule["N001"] or run["tool"]["driver"]["rules"][by_rule["N001"]["ruleIndex"]][
        "id"] == "N001"
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert "originalUriBaseIds" not in run


def test_sarif_relative_uri_under_the_root_and_failures(report, tmp_path):
    inside = report.model_copy(update={"source": str(tmp_path / "公开" / "某局.txt")})
    log = to_sarif([inside], failures=["文件 坏.pdf：文件已损坏"], root=tmp_path)
    _check_sarif(log)
    run = log["runs"][0]
    art = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uriBaseId"] == "%SRCROOT%" and art["uri"] == "%E5%85%AC%E5%BC%80/%E6%9F%90%E5%B1%80.txt"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == "文件 坏.pdf：文件已损坏"


def test_report_dict_on_a_real_check(checked):
    data = report_dict(checked("002"))
    assert data["source"].endswith(".txt")
    assert any(f["rule"] == "S001" and f["table"] == "expenditure_summary" and f["row_code"] == "2010308"
               for f in data["findings"])
