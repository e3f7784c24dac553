"""The reviewer's 检查表 (``yusuan check --format checklist``): rows from the declared form, 是/否/不适用, problems in words."""

from __future__ import annotations

import json

import pytest
from conftest import seed
from mutate import replace_once, seed_text
from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.report.checklist import fill, load_form

runner = CliRunner()

ROWS = ["及时性", "目录", "主要职能", "机构设置", "预算编制说明", "项目经费情况说明", "其他相关说明", "收支总表", "收入总表",
        "支出总表", "财政拨款收支总表", "一般公共预算支出功能分类预算表", "一般公共预算基本支出经济分类预算表",
        "政府性基金预算支出功能分类预算表", "国有资本经营预算支出功能分类预算表", "“三公”经费和机关运行经费预算表",
        "政府采购预算表", "国有资产占有使用情况表", "名词解释"]

# 001 states the 三公 change as +0.20 while its items add up to −0.8 (N003): the one genuine mistake.
FIX_001 = ("与2023年相比增加0.20万元", "与2023年相比减少0.8万元")


def _filled(text, tmp_path, name="x.txt"):
    import yusuan
    from yusuan.rules import check

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    d = yusuan.extract(path)
    return {fr.row.item: (fr.verdict, fr.problems) for fr in fill(load_form(), check(d), d)}


def test_bundled_form_rows_in_order():
    assert [r.item for r in load_form().rows] == ROWS


def test_clean_document_is_yes_on_every_checked_row(tmp_path):
    rows = _filled(replace_once(seed_text("001"), *FIX_001), tmp_path)
    assert rows.pop("及时性") == ("不适用", ["文件中没有公开日期，yusuan 不核对此项，请人工核对"])
    assert rows == {item: ("是", []) for item in ROWS[1:]}


def test_known_findings_are_no_in_their_rows(tmp_path):
    text = replace_once(seed_text("001"), "注：无国有资本经营预算财政拨款预算，空表列示。", "注：无政府基金预算财政拨款预算，空表列示。")
    text = replace_once(text, "起草本区信访工作相关规定。", "起草本区信访工作相关规定。。")
    rows = _filled(text, tmp_path)
    no = {item: problems for item, (verdict, problems) in rows.items() if verdict == "否"}
    assert no == {
        "主要职能": ["第370行：标点重复“。。”：“…作思路，起草本区信访工作相关规定。。”，应只保留一个。"],
        "预算编制说明": ["第417行：说明称“三公”经费比上年增加0.20万元，但逐项为因公出国（境）费持平、公务用车购置及运行维护费持平、"
                   "公务接待费减少0.8万元，合计减少0.8万元。"],
        "国有资本经营预算支出功能分类预算表": [
            "第325行 国有资本经营预算财政拨款支出表：部门预算国有资本经营预算财政拨款支出表是空表，说明却写“注：无政府基金预算"
            "财政拨款预算，空表列示。”，讲的是政府性基金，应说明没有国有资本经营的原因。"],
    }


def test_missing_part_is_no(tmp_path):
    text = seed_text("001").replace("十、名词解释", "十、术语")
    rows = _filled(replace_once(text, *FIX_001), tmp_path)
    assert rows["名词解释"] == ("否", ["预算说明中没有找到“名词解释”部分。"])  # C003's finding, in its row


def test_cli_writes_one_sheet_per_document_and_a_summary(tmp_path):
    import openpyxl

    out = tmp_path / "检查表.xlsx"
    result = runner.invoke(app, ["check", str(seed("001")), str(seed("002")), "--format", "checklist", "-o", str(out)])
    assert result.exit_code == 1  # the seeds have errors, as with every other format
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "石家庄市鹿泉区信访局", "阜平县信访局"]
    summary = [list(r) for r in wb["汇总"].iter_rows(values_only=True)]
    assert summary[0] == ["文件", "标题", "“否”的项数", "错误", "警告", "提示", "透明度得分", "工作表"]
    # seed 002's 警告 is N011: its income sentence's parts (one of them the misprinted 152.80) exceed the total
    assert [r[2:] for r in summary[1:]] == [[1, 1, 0, 0, 96.8, "石家庄市鹿泉区信访局"], [3, 4, 1, 0, 92.6, "阜平县信访局"]]
    ws = wb["石家庄市鹿泉区信访局"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[2]) == ["检查项目", "检查内容", "符合要求", "问题"]
    assert [r[0] for r in rows[3:3 + len(ROWS)]] == ROWS
    assert [(r[0], r[2]) for r in rows[3:] if r[2] == "否"] == [("预算编制说明", "否")]
    # after the form, a blank row and the transparency score with its parts
    blank, score = rows[3 + len(ROWS):]
    assert blank == (None, None, None, None)
    assert score[:3] == ("透明度得分", "按 docs/transparency.md 的方法，依据公开了什么、是否完整", 96.8)
    assert score[3].splitlines()[-2:] == ["绩效目标 › 部门整体绩效目标：0/3　没有公开部门整体绩效目标表",
                                          "及时性 › 批复后 20 日内公开：不评　不知道公开日期、批复日期，不评此项"]


def test_cli_single_document_has_no_summary_and_needs_output(tmp_path):
    import openpyxl

    result = runner.invoke(app, ["check", str(seed("001")), "--format", "checklist"])
    assert result.exit_code == 2 and "-o" in result.output
    out = tmp_path / "one.xlsx"
    runner.invoke(app, ["check", str(seed("001")), "--format", "checklist", "-o", str(out)])
    assert openpyxl.load_workbook(out).sheetnames == ["石家庄市鹿泉区信访局"]


def test_a_bureau_supplies_its_own_form(tmp_path):
    import openpyxl

    form = tmp_path / "form.json"
    form.write_text(json.dumps({"name": "某区检查表", "rows": [
        {"item": "三公经费说明", "content": "说明增减原因", "rules": ["N003", "C004"]},
        {"item": "表格", "content": "各表", "tables": ["income_expenditure_summary", "expenditure_summary"]},
        {"item": "附件说明", "content": "附件", "sections": ["附件"], "require": "section"},
    ]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "k.xlsx"
    result = runner.invoke(app, ["check", str(seed("001")), "--format", "checklist", "--checklist-form", str(form),
                                 "-o", str(out)])
    assert result.exit_code == 1
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "某区检查表"
    assert [(r[0], r[2], r[3]) for r in rows[3:-2]] == [
        ("三公经费说明", "否", "第417行：说明称“三公”经费比上年增加0.20万元，但逐项为因公出国（境）费持平、"
                        "公务用车购置及运行维护费持平、公务接待费减少0.8万元，合计减少0.8万元。"),
        ("表格", "是", None), ("附件说明", "否", "未找到“附件说明”部分。")]


@pytest.mark.parametrize("content, message", [
    ({"rows": []}, "应有 rows"),
    ({"rows": [{"content": "x"}]}, "第 1 行缺少 item"),
    ({"rows": [{"item": "x", "table": ["a"]}]}, "不认识的键：table"),
])
def test_a_bad_form_is_refused_before_checking(tmp_path, content, message):
    form = tmp_path / "bad.json"
    form.write_text(json.dumps(content), encoding="utf-8")
    result = runner.invoke(app, ["check", str(seed("001")), "--format", "checklist", "--checklist-form", str(form),
                                 "-o", str(tmp_path / "k.xlsx")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "k.xlsx").exists()
