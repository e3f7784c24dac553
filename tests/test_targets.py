"""Targets: an indicator's printed value read as a target; the targets of seeds 001 and 004 through YAML and back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.errors import YusuanError
from yusuan.model import Indicator
from yusuan.performance.indicators import category, parse_target
from yusuan.performance.targets import TargetSet, dump_targets, load_targets, targets_from, targets_from_yaml

D = Decimal


@pytest.mark.parametrize("text, operator, number, unit, note", [
    # forms printed in the seeds
    ("≥100人", "≥", D("100"), "人", None),
    ("≥100 人", "≥", D("100"), "人", None),
    ("100%", "=", D("100"), "%", None),
    ("≤5 万元", "≤", D("5"), "万元", None),
    ("≥1 个", "≥", D("1"), "个", None),
    ("≤3 人", "≤", D("3"), "人", None),
    ("6 人", "=", D("6"), "人", None),
    ("≥95", "≥", D("95"), None, None),
    ("≤38.598万元", "≤", D("38.598"), "万元", None),
    ("≥90是否按照劳务派遣人员到岗情况保证工资保险发放人数", "≥", D("90"), None, "是否按照劳务派遣人员到岗情况保证工资保险发放人数"),
    ("95.00 百分比", "=", D("95.00"), "%", None),
    ("≥ 90.00 信访办理满意度", "≥", D("90.00"), None, "信访办理满意度"),
    # forms of the Shanghai PDFs
    ("=100.00(%)", "=", D("100.00"), "%", None),
    ("≥13459.00(平方米)", "≥", D("13459.00"), "平方米", None),
    (">150.00(家)", "≥", D("150.00"), "家", None),
    ("=5.00(万人次)", "=", D("5.00"), "万人次", None),
    ("补贴对象生活改善度不低于80%", "≥", D("80"), "%", "补贴对象生活改善度"),
    ("不低于50人次的个体心理咨询辅导", "≥", D("50"), "人次", "的个体心理咨询辅导"),
    ("满意率100%", "=", D("100"), "%", "满意率"),
    # other spellings
    ("≥ 95 ％", "≥", D("95"), "%", None),
    (">=95%", "≥", D("95"), "%", None),
    ("10个工作日内", "≤", D("10"), "个工作日", None),
    ("100%以上", "≥", D("100"), "%", None),
    ("20,000份", "=", D("20000"), "份", None),
    ("612元/人/月", "=", D("612"), "元/人/月", None),
])
def test_quantitative_values(text, operator, number, unit, note):
    t = parse_target(text)
    assert (t.operator, t.number, t.unit, t.note, t.text) == (operator, number, unit, note, text)
    assert t.quantitative


@pytest.mark.parametrize("text", [
    "按规定执行", "按规定执行。", "良好", "正常运行", "及时保障", "按照统一规定执行", "无直接经济\n效益",
    "获知信息，并在第一时间赶赴现场接劝，未引发任何负面影响", "文字描述 年度督办案件数量", "12月底前完成",
    "2024年完成", "鹿办文【2017】31 号", "慰问人数不少于100人,宣传用品不少于20000份", "", None,
])
def test_qualitative_values(text):
    t = parse_target(text)
    assert (t.operator, t.number, t.unit, t.quantitative) == ("定性", None, None, False)
    assert t.text == (text or "")


def test_show():
    assert parse_target("≥100 人").show() == "≥100人"
    assert parse_target("100%").show() == "100%"
    assert parse_target("无直接经济\n效益").show() == "无直接经济效益"


def test_categories():
    def cat(l1, l2):
        return category(Indicator(level1=l1, level2=l2))

    assert cat("产出指标", "数量指标") == "output"
    assert cat("成本指标", "经济成本指标") == "output"
    assert cat("效益指标", "可持续影响指标") == "benefit"
    assert cat("满意度指标", "服务对象满意度指标") == "satisfaction"
    # seed 004 prints 满意度 as a 二级 under 效益指标
    assert cat("效益指标", "社会公众及服务对象满意度") == "satisfaction"
    assert cat("其他", None) is None


def test_seed_001_targets(extracted):
    ts = targets_from(extracted("001"))
    assert len(ts.projects) == 8
    first = ts.projects[0]
    assert [(i.level3, parse_target(i.value).show()) for i in first.indicators] == [
        ("保障办公人数", "≥100人"), ("运转保障率", "正常运行"), ("经费保障及时性", "及时保障"),
        ("水电费等办公费", "按照统一规定执行"), ("保障日常办公需要", "维持中心正常运转"),
        ("多元化解中心人员满意率", "≥95%")]
    assert [category(i) for i in first.indicators] == ["output"] * 4 + ["benefit", "satisfaction"]


@pytest.mark.parametrize("prefix", ["001", "004"])
@pytest.mark.parametrize("sources", [True, False])
def test_targets_round_trip_through_yaml(extracted, prefix, sources):
    d = extracted(prefix)
    ts = targets_from(d)
    text = dump_targets(ts, sources=sources)
    back = targets_from_yaml(text, "back.yaml")
    if not sources:
        ts = TargetSet(source=ts.source, title=ts.title, department=ts.department, year=ts.year,
                       money_unit=ts.money_unit,
                       projects=[p.model_copy(update={"source": type(p.source)(), "indicators": [
                           i.model_copy(update={"source": type(i.source)()}) for i in p.indicators]})
                           for p in ts.projects],
                       overall_targets=[o.model_copy(update={"source": type(o.source)(), "indicators": [
                           i.model_copy(update={"source": type(i.source)()}) for i in o.indicators]})
                           for o in ts.overall_targets])
    assert back.projects == ts.projects
    assert back.overall_targets == ts.overall_targets
    assert (back.department, back.year, back.money_unit, back.title) == (
        ts.department, ts.year, ts.money_unit, ts.title)
    # exact as printed, not merely equal in value
    assert [str(p.amount) for p in back.projects] == [str(p.amount) for p in ts.projects]
    assert dump_targets(back, sources=sources) == text


def test_seed_004_yaml_keeps_printed_decimals(extracted):
    text = dump_targets(targets_from(extracted("004")), sources=False)
    assert "amount: 1.878\n" in text
    assert "    total: 173.4271\n" in text
    back = targets_from_yaml(text)
    assert str(back.overall_targets[0].amounts["government_fund"]) == "0"
    assert back.projects[1].indicators[3].value == "≤36.72万元"
    assert parse_target(back.projects[1].indicators[3].value).number == D("36.72")


def test_load_targets_from_yaml_file(tmp_path, extracted):
    path = tmp_path / "targets.yaml"
    path.write_text(dump_targets(targets_from(extracted("001"))), encoding="utf-8")
    ts = load_targets(path)
    assert ts.projects == extracted("001").projects
    assert ts.source == str(path)


def test_yaml_errors_name_the_place(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("projects:\n  - name: 甲\n    indicators:\n      - level1: 产出指标\n        valeu: 1\n",
                    encoding="utf-8")
    with pytest.raises(YusuanError) as exc:
        load_targets(path)
    assert exc.value.describe() == f"文件 {path}：projects[0].indicators[0].valeu 是未知的字段"
    path.write_text("projects: [\n", encoding="utf-8")
    with pytest.raises(YusuanError) as exc:
        load_targets(path)
    assert "YAML 格式错误" in exc.value.message and exc.value.place == "第 2 行第 1 列"
    path.write_text("title: 无\n", encoding="utf-8")
    with pytest.raises(YusuanError, match="没有 projects"):
        load_targets(path)


# ---------------------------------------------------------------------------------------------
# P010: a quantitative 产出 indicator


def test_p010_silent_on_the_seeds(checked):
    from mutate import outcome

    for prefix in ("000", "001", "002", "004"):
        assert outcome(checked(prefix), "P010") == "通过", prefix
    assert outcome(checked("003"), "P010") == "不适用"


def test_p010_all_outputs_qualitative(tmp_path):
    from mutate import check_text, findings, replace_once, seed_text

    # 多元化解中心保障经费 has one quantitative 产出 indicator, "≥100人": make it words.
    text = replace_once(seed_text("001"), "保障办公人数\t≥100人", "保障办公人数\t满足办公需要",
                        after="2024年多元化解中心保障经费")
    [f] = findings(check_text(text, tmp_path, select=["P010"]), "P010")
    assert (f.severity, f.row_name, f.row_code, f.expected, f.actual) == (
        "警告", "2024年多元化解中心保障经费", "13011024P000024100228", "至少一条定量指标", "全部定性")
    assert f.message == ("项目“2024年多元化解中心保障经费”的 4 条产出指标都是定性指标（保障办公人数 满足办公需要；运转保障率 "
                         "正常运行；经费保障及时性 及时保障；水电费等办公费 按照统一规定执行），没有一条写明数量。")
    assert f.source.line == 497  # the 项目编码 row of the form


def test_p010_number_running_into_text_is_quantitative(tmp_path):
    from mutate import check_text, outcome, replace_once, seed_text

    text = replace_once(seed_text("001"), "保障办公人数\t≥100人", "保障办公人数\t≥90是否保障全部办公人员",
                        after="2024年多元化解中心保障经费")
    assert outcome(check_text(text, tmp_path, select=["P010"]), "P010") == "通过"


def test_overall_goal_and_sub_goals_round_trip(tmp_path):
    import yusuan
    from mutate import replace_once, seed_text

    text = replace_once(seed_text("004"), "\t年度重点", "\t年度总体目标\n\t化解信访积案，维护社会稳定。\n\n"
                        "\t分项目标\n\t1.信访事项及时受理率100%\n\t2.积案化解率≥90%\n\n\t年度重点")
    path = tmp_path / "004.txt"
    path.write_text(text, encoding="utf-8")
    d = yusuan.extract(path)
    [o] = d.overall_targets
    assert o.goal == "化解信访积案，维护社会稳定。"
    assert o.sub_goals == ["1.信访事项及时受理率100%", "2.积案化解率≥90%"]
    assert [w["item"] for w in o.key_work] == ["强化责任担当", "抓好源头治理", "着力攻坚克难"]
    back = targets_from_yaml(dump_targets(targets_from(d)))
    assert back.overall_targets == d.overall_targets

