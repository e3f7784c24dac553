"""yusuan build: the package computed from a build input, checked and compared with the published seed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from yusuan.compose import load_input, load_package, package
from yusuan.compose.text import to_text
from yusuan.errors import YusuanError
from yusuan.rules import check

ROOT = Path(__file__).resolve().parents[1]
LUQUAN = ROOT / "examples" / "luquan-2024.yaml"
from conftest import SEEDS  # noqa: E402

SEED_001 = SEEDS / "001_192a1d2ea51993fa.txt"


def rows(table, side=None):
    return [(r.code, r.name.replace(" ", ""), {k: v for k, v in r.values.items() if v is not None})
            for r in table.rows if side is None or r.side == side]


@pytest.fixture(scope="module")
def luquan():
    return load_package(LUQUAN)


@pytest.fixture(scope="module")
def luquan_read(luquan, tmp_path_factory):
    """The package as its text version, read back by the text reader."""
    path = tmp_path_factory.mktemp("luquan") / "luquan.txt"
    path.write_text(to_text(luquan), encoding="utf-8")
    return yusuan.extract(path)


def test_luquan_tables_equal_seed_001_figure_for_figure(luquan):
    seed = yusuan.extract(SEED_001)
    assert [t.id for t in seed.tables] == [t.id for t in luquan.disclosure.tables]
    for t in seed.tables:
        built = luquan.disclosure.table(t.id)
        for side in ("income", "expenditure", None):
            assert rows(built, side) == rows(t, side), (t.id, side)
        assert (built.empty_note is None) == (t.empty_note is None), t.id


def test_printed_totals_are_rounded_from_exact_sums(luquan):
    basic = luquan.disclosure.table("general_budget_basic_expenditure")
    # 30101…30113 print 287.42 when added, but the exact amounts add up to 2,874,380 元 = 287.44 万元.
    parts = [r.values["total"] for r in basic.rows if r.code and r.code.startswith("301") and len(r.code) == 5]
    assert sum(parts) == Decimal("287.42")
    assert basic.row(code="301").values["total"] == Decimal("287.44")
    assert basic.rows[0].values == {"total": Decimal("425.52"), "personnel": Decimal("331.80"),
                                    "public": Decimal("93.72")}


def test_luquan_explanation_states_the_tables_figures(luquan_read):
    n = {k: (v.value, v.unit) for k, v in luquan_read.narrative.items()}
    assert n["income_total"] == (Decimal("647.23"), "万元")
    assert n["general_budget_income"] == (Decimal("605.23"), "万元")
    assert n["carryover"] == (Decimal("42.00"), "万元")
    assert n["basic"] == (Decimal("425.52"), "万元")
    assert n["personnel"] == (Decimal("331.80"), "万元")
    assert n["public"] == (Decimal("93.72"), "万元")
    assert n["project"] == (Decimal("221.71"), "万元")
    assert n["yoy_change_total"] == (Decimal("56.83"), "万元")
    assert n["yoy_change_basic"] == (Decimal("40.92"), "万元")
    assert n["yoy_change_project"] == (Decimal("15.91"), "万元")
    assert n["operation_cost"] == (Decimal("93.72"), "万元")
    # The seed says 增加0.20 for the total while 公务接待费 fell by 0.80; built from the data it is 减少0.80.
    assert n["three_public_total"] == (Decimal("2.90"), "万元")
    assert n["three_public_change"] == (Decimal("-0.80"), "万元")
    assert n["fixed_assets_total"] == (Decimal("163.59"), "万元")


def test_luquan_text_reads_back_and_checks_clean(luquan, luquan_read):
    for t in luquan.disclosure.tables:
        back = luquan_read.table(t.id)
        for side in ("income", "expenditure", None if not any(r.side for r in t.rows) else "x"):
            if side != "x":
                assert rows(back, side) == rows(t, side), (t.id, side)
    assert [(p.name, p.amount) for p in luquan_read.projects] == [(p.name, p.amount) for p in luquan.disclosure.projects]
    report = check(luquan_read)
    assert [(f.rule, f.severity) for f in report.findings] == []


def test_sections_one_to_eleven(luquan):
    level2 = [b.text for b in luquan.blocks if b.kind == "heading" and b.level == 2]
    assert [h.split("、")[0] for h in level2] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]


def test_change_words_follow_the_sign(tmp_path):
    data = load_input(LUQUAN)
    data.last_year.total = Decimal("7000000")  # more than this year's 6,472,280 元
    data.last_year.basic = Decimal("4255180")  # the same as this year's
    text = to_text(package(data))
    assert "较2023年预算减少52.77万元" in text
    assert "基本支出与2023年持平" in text


def _bad(tmp_path: Path, old: str, new: str) -> str:
    text = LUQUAN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(YusuanError) as exc:
        load_package(path)
    return exc.value.describe()


def test_missing_required_field_names_the_field(tmp_path):
    msg = _bad(tmp_path, "  name: 石家庄市鹿泉区信访局\n", "")
    assert msg == f"文件 {tmp_path / 'bad.yaml'}，unit name（单位名称）：必填项没有填写"


def test_unknown_code_names_the_row(tmp_path):
    msg = _bad(tmp_path, '{code: "2014004", project: 1560000.00}', '{code: "2014077", project: 1560000.00}')
    assert msg == ("expenditure 第 3 行（2014077）：功能分类科目编码 2014077 不在 2024 年科目目录中，"
                   "请核对编码，或在该行填写科目名称（name）")


def test_negative_amount_names_the_row(tmp_path):
    msg = _bad(tmp_path, '{code: "2014001", basic: 3081040.00}', '{code: "2014001", basic: -3081040.00}')
    assert msg.endswith("expenditure 第 2 行 basic（基本支出）：金额不能为负数")


def test_typed_total_that_disagrees_with_its_parts(tmp_path):
    msg = _bad(tmp_path, "three_public:\n", "income:\n  general_budget: 6052280.00\ncarryover: 430000\nthree_public:\n")
    assert msg == "carryover：填写的上年结转 430000元 与支出行中标为上年结转的合计 420000.00元 不一致"


SOURCES_IN_CHINESE = ("一般公共预算、政府性基金预算、国有资本经营预算、财政专户管理资金、事业收入、事业单位经营收入、"
                      "上级补助收入、附属单位上缴收入、其他收入")


def test_errors_name_fields_and_sources_in_chinese(tmp_path):
    """Field ids (general_budget, operating_income …) never stand alone in a message: the Chinese name says
    what the field is, beside the key the YAML spells."""
    msg = _bad(tmp_path, '{code: "2014001", basic: 3081040.00}', '{code: "2014001", basic: 3081040.00, source: 一般}')
    assert msg == (f"文件 {tmp_path / 'bad.yaml'}，expenditure 第 2 行 source（资金来源）：取值不在允许范围内"
                   f"（可选：{SOURCES_IN_CHINESE}；也可以写英文键，见 docs/build-input.md）")
    msg = _bad(tmp_path, "three_public:\n", "income:\n  一般公共预算: 1\nthree_public:\n")
    assert msg == "income.general_budget：填写的本年收入“一般公共预算” 1元 与各支出行该来源的合计 6052280.00元 不一致"
    msg = _bad(tmp_path, "kind: 部门预算\n", "kind: 决算\n")
    assert msg == f"文件 {tmp_path / 'bad.yaml'}，kind（公开类型）：取值不在允许范围内（可选：部门预算、单位预算）"
    msg = _bad(tmp_path, "three_public:\n", "income:\n  一般预算: 6052280.00\nthree_public:\n")
    assert msg.startswith(f"文件 {tmp_path / 'bad.yaml'}，income 一般预算：取值不在允许范围内（可选：一般公共预算、")
    assert "general_budget" not in msg and "'" not in msg


def test_income_accepts_sources_by_their_chinese_names(tmp_path):
    text = LUQUAN.read_text(encoding="utf-8").replace("three_public:\n", "income:\n  一般公共预算: 6052280.00\n"
                                                      "three_public:\n", 1)
    path = tmp_path / "中文来源.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_input(path).income == {"general_budget": Decimal("6052280.00")}


def test_economic_lines_must_match_the_basic_expenditure(tmp_path):
    msg = _bad(tmp_path, '{code: "30101", amount: 706320.00}', '{code: "30101", amount: 716320.00}')
    assert msg == ("basic_by_economic：按经济分类填写的基本支出合计 426.52万元，与按功能分类填写的一般公共预算基本支出 "
                   "425.52万元 不一致（精确值 4265180.00 与 4255180.00元）")


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("year: 2024\nunit: [\n", encoding="utf-8")
    with pytest.raises(YusuanError) as exc:
        load_input(path)
    assert exc.value.describe().startswith(f"文件 {path}，第 3 行第 1 列：YAML 格式错误")


# ----------------------------------------------------------------------------------------------
# the Excel template

LUQUAN_XLSX = ROOT / "examples" / "luquan-2024.xlsx"


def test_filled_template_builds_the_same_package_as_the_yaml(luquan):
    from yusuan.compose.template import read_template

    assert to_text(package(read_template(LUQUAN_XLSX))) == to_text(luquan)


def test_empty_template_has_every_sheet_and_validations(tmp_path):
    from openpyxl import load_workbook

    from yusuan.compose.template import SHEETS, write_template

    path = write_template(tmp_path / "模板.xlsx", year=2024)
    wb = load_workbook(path)
    assert wb.sheetnames == ["单位信息", *SHEETS, "科目目录"]
    exp = wb["支出（功能分类）"]
    assert [c.value for c in exp[1]] == ["科目编码（项）", "科目名称（可不填）", "基本支出", "项目支出", "资金来源",
                                         "上年结转（是/否）"]
    rules = {str(dv.sqref): dv for dv in exp.data_validations.dataValidation}
    assert rules["E2:E500"].formula1 == ('"一般公共预算,政府性基金预算,国有资本经营预算,财政专户管理资金,事业收入,'
                                         '事业单位经营收入,上级补助收入,附属单位上缴收入,其他收入"')
    assert rules["F2:F500"].formula1 == '"是,否"'
    assert rules["A2:A500"].formula1.startswith("'科目目录'!$A$2:$A$")
    assert wb["科目目录"]["A2"].value == "2010399"


def _edit(tmp_path, edit) -> str:
    from openpyxl import load_workbook

    from yusuan.compose.template import read_template

    wb = load_workbook(LUQUAN_XLSX)
    edit(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    with pytest.raises(YusuanError) as exc:
        read_template(path)
    return exc.value.describe()


def test_renamed_sheet_is_named(tmp_path):
    def rename(wb):
        wb["支出（功能分类）"].title = "支出"

    msg = _edit(tmp_path, rename)
    assert msg.startswith(f"文件 {tmp_path / 'edited.xlsx'}：缺少工作表“支出（功能分类）”：模板的工作表名称不能修改")


def test_text_in_an_amount_cell_names_sheet_row_and_column(tmp_path):
    def typo(wb):
        wb["支出（功能分类）"]["C3"] = "三十万"

    msg = _edit(tmp_path, typo)
    assert msg == f"文件 {tmp_path / 'edited.xlsx'}，工作表“支出（功能分类）”第 3 行“基本支出”栏：应为数字，而不是“三十万”"


def test_unknown_source_in_template_lists_the_sources_in_chinese(tmp_path):
    def typo(wb):
        wb["支出（功能分类）"]["E3"] = "一般预算"

    msg = _edit(tmp_path, typo)
    assert msg == (f"文件 {tmp_path / 'edited.xlsx'}，工作表“支出（功能分类）”第 3 行“资金来源”栏：取值不在允许范围内"
                   f"（可选：{SOURCES_IN_CHINESE}；也可以写英文键，见 docs/build-input.md）")


def test_negative_amount_in_template_names_the_row(tmp_path):
    def negative(wb):
        wb["基本支出（经济分类）"]["C4"] = -5

    msg = _edit(tmp_path, negative)
    assert msg == f"文件 {tmp_path / 'edited.xlsx'}，工作表“基本支出（经济分类）”第 4 行“金额”栏：金额不能为负数"


# ----------------------------------------------------------------------------------------------
# 阜平县 2023: seed 002 re-entered, its mistakes corrected

FUPING = ROOT / "examples" / "fuping-2023.yaml"


@pytest.fixture(scope="module")
def fuping():
    return load_package(FUPING)


def test_fuping_rows_stand_against_their_codes(fuping):
    exp = fuping.disclosure.table("expenditure_summary")
    assert exp.title == "单位预算支出总表"
    # In the seed these rows print the figures of the row below them, and 合计 prints 152.80.
    assert exp.rows[0].values == {"total": Decimal("185.62"), "basic": Decimal("107.97"), "project": Decimal("77.65"),
                                  "operating_expenditure": None, "remit_to_superior": None,
                                  "subsidy_to_affiliates": None}
    assert exp.row(code="2010308").values["total"] == Decimal("152.80")
    assert exp.row(code="2080501").values["total"] == Decimal("2.59")
    assert exp.row(code="2101103").values["total"] == Decimal("1.66")
    # 107.97 is the rounded exact sum; the printed parts add up to 107.98, as in the seed.
    leaves = [r.values["basic"] for r in exp.rows if r.code and len(r.code) == 7]
    assert sum(leaves) == Decimal("107.98")


def test_fuping_explanation_and_check(fuping):
    from yusuan.compose import read_back, verify

    d = read_back(fuping)
    assert d.narrative["general_budget_income"].value == Decimal("185.62")  # the seed says 152.80
    assert d.narrative["three_public_change"].value == Decimal("-3.00")
    assert [(p.name, p.amount) for p in d.projects] == [("劳务派遣人员专项经费", Decimal("55.00")),
                                                        ("群众工作中心整合资源联合办公", Decimal("22.65"))]
    report = verify(fuping)
    assert [f.rule for f in report.findings] == []


# ----------------------------------------------------------------------------------------------
# the commands

def _cli(*args):
    from typer.testing import CliRunner

    from yusuan.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def test_build_command_writes_the_text_version(tmp_path):
    result = _cli("build", LUQUAN, "-o", tmp_path, "--format", "txt")
    assert result.exit_code == 0, result.output
    written = tmp_path / "石家庄市鹿泉区信访局2024年部门预算.txt"
    assert "2024年预算收入647.23万元，其中：一般公共预算收入605.23万元" in written.read_text(encoding="utf-8")


def test_build_stops_on_an_error_unless_forced(tmp_path):
    text = LUQUAN.read_text(encoding="utf-8").replace("  three_public: 我部门落实中央过紧日子要求，厉行节约，公务接待费减少\n", "")
    source = tmp_path / "no-reason.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = _cli("build", source, "-o", out, "--format", "txt")
    assert result.exit_code == 1
    assert "C004" in result.output and "未写出文件" in result.output
    assert not out.exists()
    forced = _cli("build", source, "-o", out, "--format", "txt", "--force")
    assert forced.exit_code == 0
    assert "按 --force 仍然写出" in forced.output
    assert len(list(out.iterdir())) == 1


def test_build_bad_input_exits_2(tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text("year: 2024\n", encoding="utf-8")
    result = _cli("build", source, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "unit：必填项没有填写" in result.output
    assert "Traceback" not in result.output
    assert _cli("build", LUQUAN, "-o", tmp_path, "--format", "pptx").exit_code == 2


def test_template_command(tmp_path):
    result = _cli("template", "-o", tmp_path / "模板.xlsx", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "模板.xlsx").exists()


def test_template_refuses_a_name_that_is_not_xlsx(tmp_path):
    for name in ("模板.docx", "模板.xls", "模板"):
        result = _cli("template", "-o", tmp_path / name)
        assert result.exit_code == 2, result.output
        assert f"错误：-o {tmp_path / name}：模板是 Excel 工作簿，文件名应以 .xlsx 结尾，如 -o {tmp_path / '模板.xlsx'}" \
            in result.stderr
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    result = _cli("template", "--evaluation", LUQUAN, "-o", tmp_path / "自评.docx")
    assert result.exit_code == 2 and "文件名应以 .xlsx 结尾" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_build_output_that_is_a_file_is_refused(tmp_path):
    taken = tmp_path / "输出"
    taken.write_text("已有的文件", encoding="utf-8")
    result = _cli("build", LUQUAN, "-o", taken, "--format", "txt")
    assert result.exit_code == 2, result.output
    assert f"错误：-o {taken} 是一个已有的文件，不是文件夹；请给出输出文件夹，如 -o {tmp_path / '输出-文件夹'}" in result.stderr
    assert "Traceback" not in result.output
    assert taken.read_text(encoding="utf-8") == "已有的文件"


def test_evaluation_template_and_evaluate_from_the_build_input(tmp_path):
    from openpyxl import load_workbook

    result = _cli("template", "--evaluation", LUQUAN, "-o", tmp_path / "自评.xlsx")
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "自评.xlsx")["预算执行"]
    assert [ws.cell(r, 2).value for r in range(2, 4)] == ["13011024P000024100228", "13011024P000024100201"]
    result = _cli("evaluate", LUQUAN, ROOT / "examples" / "luquan-2024-actuals.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "2024 年信访专项救助资金：95.39 分，优" in result.output


def test_procurement_items_fill_the_table_by_source():
    from yusuan.compose.input import ProcurementItem

    data = load_input(LUQUAN)
    data.procurement = [
        ProcurementItem(project="2024 年信访专项业务经费", item="台式计算机", catalog_no="A02010104", measure="台",
                        quantity=Decimal(4), unit_price=Decimal("5000.00"), amount=Decimal("20000.00")),
        ProcurementItem(project="单位资金", item="复印纸", measure="箱", quantity=Decimal(30),
                        unit_price=Decimal("150.00"), amount=Decimal("4500.00"), source="其他收入"),
    ]
    t = package(data).disclosure.table("government_procurement")
    assert t.empty_note is None
    assert [(r.name, {k: v for k, v in r.values.items() if v is not None}, r.text) for r in t.rows] == [
        ("合计", {"total": Decimal("2.45"), "general_budget": Decimal("2.00"), "unit_funds": Decimal("0.45")}, {}),
        ("台式计算机", {"quantity": Decimal(4), "unit_price": Decimal("0.50"), "total": Decimal("2.00"),
                        "general_budget": Decimal("2.00")},
         {"project": "2024 年信访专项业务经费", "catalog_no": "A02010104", "measure": "台"}),
        ("复印纸", {"quantity": Decimal(30), "unit_price": Decimal("0.02"), "total": Decimal("0.45"),
                    "unit_funds": Decimal("0.45")}, {"project": "单位资金", "measure": "箱"}),
    ]
