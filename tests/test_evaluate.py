"""Self-evaluation (绩效自评): a hand-worked example scored to the cent, the errors of a mismatched actuals file,
the workbook template round trip, and seed 001's eight projects with examples/luquan-2024-actuals.yaml."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.errors import YusuanError
from yusuan.model import Indicator, Project
from yusuan.performance.actuals import load_actuals, read_evaluation_workbook, write_evaluation_template
from yusuan.performance.scoring import cents, evaluate, rating
from yusuan.performance.targets import TargetSet

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TARGETS = ROOT / "examples" / "luquan-xinfang-2024.txt"
EXAMPLE_ACTUALS = ROOT / "examples" / "luquan-2024-actuals.yaml"


def _ind(l1, l2, l3, value):
    return Indicator(level1=l1, level2=l2, level3=l3, value=value)


def _targets() -> TargetSet:
    training = Project(code="P-A", name="干部培训项目", amount=D("20.00"), money_unit="万元", indicators=[
        _ind("产出指标", "数量指标", "培训人数", "≥100人"),
        _ind("产出指标", "质量指标", "验收合格率", "100%"),
        _ind("产出指标", "成本指标", "培训成本", "≤5 万元"),
        _ind("效益指标", "社会效益指标", "群众知晓度", "明显提高"),
        _ind("效益指标", "可持续影响指标", "长效机制", "建立"),
        _ind("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥95%"),
    ])
    visits = Project(code="P-B", name="入户走访项目", amount=D("10.00"), money_unit="万元", indicators=[
        _ind("产出指标", "数量指标", "走访户数", "200户"),
        _ind("产出指标", "时效指标", "办结时限", "10个工作日内"),
        _ind("效益指标", "社会效益指标", "社会效益", "矛盾纠纷有效化解"),
        _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ])
    return TargetSet(source="targets.yaml", projects=[training, visits], department="某局", year=2024,
                     money_unit="万元")


ACTUALS = """\
projects:
  - code: P-A
    name: 干部培训项目
    budget: 20.00
    spent: 21.00
    indicators:
      - name: 培训人数
        actual: 80人
        reason: 部分学员因疫情未能参训
        measures: 下年度补训
      - name: 验收合格率
        actual: 100%
      - name: 培训成本
        actual: 6万元
      - name: 群众知晓度
        actual: 知晓度有所提高
        grade: 部分达成
        reason: 宣传覆盖面不足
      - name: 长效机制
        actual: 已建立培训制度
        grade: 达成
      - name: 参训人员满意度
        actual: 96%
  - code: P-B
    spent: 9.50
    reason: 结余资金
    measures: 下年度统筹使用
    indicators:
      - name: 走访户数
        actual: 250
        reason: 新增走访任务
        measures: 按实际需要调整指标值
      - name: 办结时限
        actual: 8个工作日
      - name: 社会效益
        grade: 部分达成
        percent: 75
        reason: 个别纠纷未化解
        measures: 加强跟踪
      - name: 群众满意度
        actual: 99%
"""


def _actuals(tmp_path: Path, text: str = ACTUALS, name: str = "actuals.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_actuals(path)


def _rows(form):
    return [(i.name, i.points, i.score) for i in form.indicators]


def test_hand_worked_example(tmp_path):
    ev = evaluate(_targets(), _actuals(tmp_path))
    a, b = ev.projects

    # Project A, default weights 10/50/30/10.
    # 产出 50 over 3 indicators in cents: 16.67, 16.67, 16.66 (the first take the odd cent).
    # 培训人数 ≥100人, actual 80人: 80/100 = 0.8; 16.67 × 0.8 = 13.336 → 13.34
    # 验收合格率 100%, actual 100%: met → 16.67
    # 培训成本 ≤5 万元, actual 6万元: 5/6; 16.66 × 5/6 = 13.8833… → 13.88
    # 效益 30 over 2: 15.00 each. 群众知晓度 定性, 部分达成 at the default 70%: 15 × 0.70 = 10.50
    # 长效机制 定性, 达成 at the default 100%: 15.00
    # 满意度 10: 参训人员满意度 ≥95%, actual 96%: met → 10.00
    assert _rows(a) == [
        ("培训人数", D("16.67"), D("13.34")), ("验收合格率", D("16.67"), D("16.67")),
        ("培训成本", D("16.66"), D("13.88")), ("群众知晓度", D("15.00"), D("10.50")),
        ("长效机制", D("15.00"), D("15.00")), ("参训人员满意度", D("10.00"), D("10.00"))]
    assert [i.completion for i in a.indicators] == [D("80.00"), D("100.00"), D("83.33"), None, None, D("100.00")]
    assert [(i.grade, i.share) for i in a.indicators if i.grade] == [("部分达成", D(70)), ("达成", D(100))]
    # 预算执行率: 21.00 / 20.00 = 105.00% → 10 × 1.05 = 10.5, capped at 10.00
    assert (a.budget.budget, a.budget.spent, a.budget.rate, a.budget.points, a.budget.score) == (
        D("20.00"), D("21.00"), D("105.00"), D("10.00"), D("10.00"))
    # total 10.00 + 13.34 + 16.67 + 13.88 + 10.50 + 15.00 + 10.00 = 89.39 → 良 (80 ≤ 89.39 < 90)
    assert (a.total, a.rating) == (D("89.39"), "良")
    assert (a.part_points("output"), a.part_score("output")) == (D("50.00"), D("43.89"))

    # Project B: budget from the target table (10.00), spent 9.50.
    # 产出 50 over 2: 25.00 each. 走访户数 = 200户, actual 250 (over an "=" target): 200/250 = 0.8 → 20.00
    # 办结时限 10个工作日内 (≤ 10), actual 8: met → 25.00
    # 社会效益 定性, 部分达成 at 75% (inside 60–80%): 30 × 0.75 = 22.50
    # 群众满意度 ≥90%, actual 99%: 10.00
    # 预算执行率 9.50 / 10.00 = 95.00% → 9.50
    # total 9.50 + 20.00 + 25.00 + 22.50 + 10.00 = 87.00 → 良
    assert _rows(b) == [("走访户数", D("25.00"), D("20.00")), ("办结时限", D("25.00"), D("25.00")),
                        ("社会效益", D("30.00"), D("22.50")), ("群众满意度", D("10.00"), D("10.00"))]
    assert (b.budget.initial, b.budget.budget, b.budget.rate, b.budget.score) == (
        D("10.00"), D("10.00"), D("95.00"), D("9.50"))
    assert (b.total, b.rating) == (D("87.00"), "良")

    # the department: 30.00 budgeted, 30.50 spent (101.67%); scores weighted by budget:
    # (89.39 × 20 + 87.00 × 10) / 30 = 2657.80 / 30 = 88.5933… → 88.59
    assert ev.totals() == (D("30.00"), D("30.50"), D("101.67"))
    assert ev.average() == D("88.59")

    # 培训成本 missed without 偏差原因 or 改进措施; 群众知晓度 without 改进措施; A spent more than its budget.
    assert [(p.severity, p.indicator) for p in ev.problems] == [
        ("错误", "培训成本"), ("错误", "群众知晓度"), ("警告", "预算执行率")]
    cost, known, over = ev.problems
    assert cost.message == "项目“干部培训项目”的指标“培训成本”没有完全达成（得分 13.88，分值 16.66），缺少偏差原因和改进措施"
    assert cost.place == "第 13 行（projects[0].indicators[2]）"
    assert known.message.endswith("缺少改进措施")
    assert over.message == "项目“干部培训项目”的全年执行数 21.00 超过全年预算数 20.00（执行率 105.00%，按满分计）"


def test_missed_target_with_its_reason_is_no_error(tmp_path):
    text = ACTUALS.replace("      - name: 培训成本\n        actual: 6万元\n",
                           "      - name: 培训成本\n        actual: 6万元\n        reason: 场地涨价\n        measures: 压缩开支\n")
    text = text.replace("        reason: 宣传覆盖面不足\n", "        reason: 宣传覆盖面不足\n        measures: 扩大宣传\n")
    ev = evaluate(_targets(), _actuals(tmp_path, text))
    assert [(p.severity, p.indicator) for p in ev.problems] == [("警告", "预算执行率")]
    assert ev.errors == []
    assert ev.projects[0].indicators[2].reason == "场地涨价"


def test_rating_boundaries():
    assert [rating(D(x)) for x in ("100", "90.00", "89.99", "80.00", "79.99", "60.00", "59.99", "0")] == [
        "优", "优", "良", "良", "中", "中", "差", "差"]
    assert cents(D("13.335")) == D("13.34")  # half up, exactly
    assert cents(D("13.3349")) == D("13.33")


def test_weights_and_points(tmp_path):
    # budget 20, 产出 40, 效益 30, 满意度 10; 培训人数 given 20 points, the other two 产出 share 40 − 20 = 20.
    text = "weights: {budget: 20, output: 40, benefit: 30, satisfaction: 10}\n" + ACTUALS.replace(
        "        actual: 80人\n", "        actual: 80人\n        points: 20\n")
    a = evaluate(_targets(), _actuals(tmp_path, text)).projects[0]
    # 培训人数 20 × 0.8 = 16.00; 验收合格率 10.00; 培训成本 10 × 5/6 = 8.33; budget 20 (capped)
    assert _rows(a)[:3] == [("培训人数", D("20.00"), D("16.00")), ("验收合格率", D("10.00"), D("10.00")),
                            ("培训成本", D("10.00"), D("8.33"))]
    assert (a.budget.points, a.budget.score) == (D("20.00"), D("20.00"))
    # 20 + 16 + 10 + 8.33 + 10.50 + 15 + 10 = 89.83
    assert a.total == D("89.83")


def test_low_lying_scores_rate_poor(tmp_path):
    text = ACTUALS.replace("    spent: 9.50\n", "    spent: 2.00\n").replace("actual: 250\n", "actual: 1000\n")
    text = text.replace("        percent: 75\n", "        percent: 60\n")
    b = evaluate(_targets(), _actuals(tmp_path, text)).projects[1]
    # 2.00/10.00 = 20% → 2.00; 走访户数 200/1000 → 25 × 0.2 = 5.00; 社会效益 30 × 0.60 = 18.00
    # 2.00 + 5.00 + 25.00 + 18.00 + 10.00 = 60.00 → 中
    assert (b.budget.score, b.indicators[0].score, b.indicators[2].score) == (D("2.00"), D("5.00"), D("18.00"))
    assert (b.total, b.rating) == (D("60.00"), "中")


@pytest.mark.parametrize("change, message, place", [
    (("      - name: 长效机制\n", "      - name: 长效制度\n"),
     "项目“干部培训项目”的绩效目标中没有指标“长效制度”；它的指标有：培训人数、验收合格率、培训成本、群众知晓度、长效机制、"
     "参训人员满意度", "第 19 行（projects[0].indicators[4]）"),
    (("      - name: 参训人员满意度\n        actual: 96%\n", ""),
     "项目“干部培训项目”的指标“参训人员满意度”没有实际完成值", "第 2 行（projects[0]）"),
    (("  - code: P-B\n", "  - code: P-C\n"),
     "绩效目标中没有项目“”（编码 P-C）；绩效目标中的项目有：干部培训项目（P-A）、入户走访项目（P-B）",
     "第 24 行（projects[1]）"),
    (("    name: 干部培训项目\n", "    name: 干部培训\n"),
     "编码 P-A 在绩效目标中是项目“干部培训项目”，不是“干部培训”", "第 2 行（projects[0]）"),
    (("        grade: 达成\n", ""),
     "项目“干部培训项目”的指标“长效机制”是定性指标（指标值 建立），请填写完成等级（grade）：达成、部分达成 或 未达成",
     "第 19 行（projects[0].indicators[4]）"),
    (("        percent: 75\n", "        percent: 85\n"),
     "项目“入户走访项目”的指标“社会效益”完成等级为部分达成，等级得分比例应在 60%–80% 之间，而不是 85%",
     "第 35 行（projects[1].indicators[2]）"),
    (("        actual: 96%\n", "        actual: 96%\n        grade: 达成\n"),
     "项目“干部培训项目”的指标“参训人员满意度”是定量指标（指标值 ≥95%），按实际完成值计分，不填完成等级（grade）和"
     "等级得分比例（percent）", "第 22 行（projects[0].indicators[5]）"),
    (("        actual: 80人\n", "        actual: 很多\n"),
     "项目“干部培训项目”的定量指标“培训人数”的实际完成值“很多”不是数字", "第 7 行（projects[0].indicators[0]）"),
    (("        actual: 6万元\n", "        actual: 6个\n"),
     "项目“干部培训项目”的指标“培训成本”实际完成值的单位“个”与指标值的单位“万元”不同",
     "第 13 行（projects[0].indicators[2]）"),
    (("        grade: 部分达成\n        reason", "        grade: 差不多\n        reason"),
     "“差不多” 不是有效的完成等级，应为 达成、部分达成 或 未达成", "第 15 行（projects[0].indicators[3].grade）"),
    (("    spent: 21.00\n", ""), "项目“干部培训项目”没有填写全年执行数（spent）", "第 2 行（projects[0]）"),
    (("    spent: 21.00\n", "    spent: 很多\n"), "执行数（spent）应是数字，而不是 “很多”", "第 2 行（projects[0].spent）"),
    (("    spent: 21.00\n", "    spent: 21.00\n    weights: {output: 五十}\n"),
     "产出指标的分值（output）应是数字，而不是 “五十”", "第 6 行（projects[0].weights.output）"),
    (("        actual: 100%\n", "        actual: 100%\n        note: 无\n"),
     "“note” 是未知的字段", "第 11 行（projects[0].indicators[1].note）"),
])
def test_actuals_that_do_not_fit_the_targets(tmp_path, change, message, place):
    old, new = change
    assert old in ACTUALS
    with pytest.raises(YusuanError) as exc:
        evaluate(_targets(), _actuals(tmp_path, ACTUALS.replace(old, new, 1)))
    assert (exc.value.message, exc.value.place) == (message, place)
    assert exc.value.source == str(tmp_path / "actuals.yaml")


def test_a_project_missing_from_the_actuals(tmp_path):
    text = ACTUALS[:ACTUALS.index("  - code: P-B")]
    with pytest.raises(YusuanError) as exc:
        evaluate(_targets(), _actuals(tmp_path, text))
    assert exc.value.message == "绩效目标中的项目“入户走访项目”（编码 P-B）没有实际完成值"


def test_weights_must_add_up_and_every_part_needs_indicators(tmp_path):
    with pytest.raises(YusuanError, match=r"分值合计 110（预算执行率 10＋产出 60＋效益 30＋满意度 10），应为 100"):
        evaluate(_targets(), _actuals(tmp_path, "weights: {output: 60}\n" + ACTUALS))
    targets = _targets()
    targets.projects[1].indicators.pop()  # 入户走访项目 loses its only 满意度 indicator
    text = ACTUALS.replace("      - name: 群众满意度\n        actual: 99%\n", "")
    with pytest.raises(YusuanError, match="项目“入户走访项目”没有满意度指标，满意度指标的 10 分无处分配"):
        evaluate(targets, _actuals(tmp_path, text))
    text = text.replace("    spent: 9.50\n", "    spent: 9.50\n    weights: {output: 60, satisfaction: 0}\n")
    b = evaluate(targets, _actuals(tmp_path, text)).projects[1]
    assert [i.points for i in b.indicators] == [D("30.00"), D("30.00"), D("30.00")]


def test_yaml_syntax_error_names_the_line(tmp_path):
    with pytest.raises(YusuanError) as exc:
        _actuals(tmp_path, "projects:\n  - code: [P-A\n")
    assert exc.value.place == "第 3 行第 1 列" and "YAML 格式错误" in exc.value.message


def test_workbook_template_round_trip(tmp_path):
    from openpyxl import load_workbook

    path = write_evaluation_template(_targets(), tmp_path / "自评.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["填写说明", "预算执行", "绩效指标", "分值"]
    ws = wb["绩效指标"]
    assert [c.value for c in ws[2]][:8] == ["项目", "P-A", "干部培训项目", "产出指标", "数量指标", "培训人数", "≥100人", "定量"]
    assert [c.value for c in ws[5]][:8] == ["项目", "P-A", "干部培训项目", "效益指标", "社会效益指标", "群众知晓度",
                                           "明显提高", "定性"]
    budget = wb["预算执行"]
    assert [c.value for c in budget[2]][:7] == ["项目", "P-A", "干部培训项目", "万元", 20, 20, None]

    # the officer fills it in as the YAML above
    budget["F2"], budget["G2"] = 20, 21
    budget["G3"], budget["H3"], budget["I3"] = 9.5, "结余资金", "下年度统筹使用"
    fill = {
        2: {"J": "80人", "M": "部分学员因疫情未能参训", "N": "下年度补训"}, 3: {"J": "100%"}, 4: {"J": 6},
        5: {"J": "知晓度有所提高", "K": "部分达成", "M": "宣传覆盖面不足"}, 6: {"K": "达成"}, 7: {"J": 0.96},
        8: {"J": 250, "M": "新增走访任务", "N": "按实际需要调整指标值"}, 9: {"J": "8个工作日"},
        10: {"K": "部分达成", "L": 75, "M": "个别纠纷未化解", "N": "加强跟踪"}, 11: {"J": "99%"},
    }
    for r, cells in fill.items():
        for col, v in cells.items():
            ws[f"{col}{r}"] = v
    ws["J7"].number_format = "0%"  # "96%" typed into Excel is 0.96 shown as a percentage
    wb.save(path)

    from_xlsx = evaluate(_targets(), load_actuals(path))
    from_yaml = evaluate(_targets(), _actuals(tmp_path))
    assert [(f.total, f.rating, _rows(f)) for f in from_xlsx.projects] == \
        [(f.total, f.rating, _rows(f)) for f in from_yaml.projects]
    assert [(p.severity, p.indicator, p.place) for p in from_xlsx.problems] == [
        ("错误", "培训成本", "工作表“绩效指标”第 4 行"), ("错误", "群众知晓度", "工作表“绩效指标”第 5 行"),
        ("警告", "预算执行率", "工作表“预算执行”第 2 行")]


def test_workbook_errors_name_sheet_and_row(tmp_path):
    from openpyxl import load_workbook

    path = write_evaluation_template(_targets(), tmp_path / "自评.xlsx")
    wb = load_workbook(path)
    wb["预算执行"]["G2"] = 21
    wb["预算执行"]["G3"] = 9.5
    wb["绩效指标"]["K5"] = "基本达成"
    wb.save(path)
    with pytest.raises(YusuanError) as exc:
        read_evaluation_workbook(path)
    assert (exc.value.place, exc.value.message) == (
        "工作表“绩效指标”第 5 行", "指标“群众知晓度”的完成等级“基本达成”无效，应为 达成、部分达成 或 未达成")
    wb["绩效指标"]["K5"] = "部分达成"
    wb["预算执行"]["G3"] = "九块五"
    wb.save(path)
    with pytest.raises(YusuanError) as exc:
        read_evaluation_workbook(path)
    assert (exc.value.place, exc.value.message) == ("工作表“预算执行”第 3 行", "全年执行数应是数字，而不是“九块五”")
    wb["预算执行"]["G3"] = 9.5
    wb["绩效指标"]["F6"] = "长效制度"
    wb.save(path)
    with pytest.raises(YusuanError) as exc:
        evaluate(_targets(), load_actuals(path))
    assert exc.value.place == "工作表“绩效指标”第 6 行"
    assert exc.value.message.startswith("项目“干部培训项目”的绩效目标中没有指标“长效制度”")


def test_seed_001_with_the_example_actuals():
    from yusuan.performance.targets import load_targets

    ev = evaluate(load_targets(EXAMPLE_TARGETS), load_actuals(EXAMPLE_ACTUALS))
    assert [(f.code, f.budget.rate, f.budget.score, f.total, f.rating) for f in ev.projects] == [
        ("13011024P000024100228", D("100.00"), D("10.00"), D("100.00"), "优"),
        # 4.62 / 5.00 = 92.40% → 9.24
        ("13011024P000024100201", D("92.40"), D("9.24"), D("99.24"), "优"),
        # 信访工作采纳法律顾问意见 ≥90%, actual 88%: 10 × 88/90 = 9.777… → 9.78
        ("13011024P00002410019M", D("100.00"), D("10.00"), D("99.78"), "优"),
        # 12.80 / 13.00 = 98.4615…% → 9.846… → 9.85
        ("13011024P00002410021L", D("98.46"), D("9.85"), D("99.85"), "优"),
        ("13011024P00002410026N", D("100.00"), D("10.00"), D("100.00"), "优"),
        # 36.50/40.00 → 9.125 → 9.13; 产出 50/4 = 12.50 each: 信访救助完成率 95/100 → 11.875 → 11.88,
        # 信访专项救助及时率 部分达成 75% → 9.375 → 9.38; 9.13 + 11.88 + 12.50 + 9.38 + 12.50 + 30 + 10 = 95.39
        ("13011024P000024100182", D("91.25"), D("9.13"), D("95.39"), "优"),
        ("13011024P000024100253", D("100.00"), D("10.00"), D("100.00"), "优"),
        # 驻京信访补助人数 ≤3 人, actual 4人: 12.50 × 3/4 = 9.375 → 9.38; 100 − 12.50 + 9.38 = 96.88
        ("13011024P00002410027A", D("100.00"), D("10.00"), D("96.88"), "优"),
    ]
    assert [len(f.indicators) for f in ev.projects] == [6] * 8
    assert ev.problems == []
    assert ev.totals() == (D("179.71"), D("175.63"), D("97.73"))


# ---------------------------------------------------------------------------------------------
# seed 004: the 部门整体支出绩效目标表 evaluated with the two 专项资金 tables

OVERALL_004 = """\
overall:
  budget: 173.4271
  spent: 170.0000
  reason: 年底部分公用经费未支付
  measures: 加快支出进度
  indicators:
    - name: 社区（村）治安巡逻防控费
      actual: 48人
      reason: 两名巡逻队员年中离职
      measures: 及时补充队员
    - name: 信访工作人员岗位津贴
      actual: 8人
    - name: 预算资金使用率
      actual: 98.5%
      reason: 结余
      measures: 统筹使用
    - name: 工作及时完成率
      actual: 100%
    - name: 不超过预算
      actual: 38.598万元
    - name: 无直接经济效益
      grade: 达成
    - name: 做好重点群体人员稳控，提升信访工作人员业务水平，维护社会大局和谐稳定
      grade: 达成
      percent: 90
      reason: 个别重点人员仍有越级上访
      measures: 落实包案责任
    - name: 无直接生态效益
      grade: 达成
    - name: 持续强化居民通过合法途径提出诉求的意识，切实解决老百姓的急事难事
      grade: 部分达成
      reason: 宣传不够深入
      measures: 开展普法宣传
    - name: 提高社会公众对信访工作的认可度和满意度
      grade: 达成
"""


def _all_met(projects) -> str:
    """Actuals meeting every target of ``projects`` exactly (qualitative ones 达成)."""
    from yusuan.performance.indicators import indicator_name, parse_target
    from yusuan.performance.targets import dump_yaml

    entries = []
    for p in projects:
        inds = []
        for i in p.indicators:
            t = parse_target(i.value)
            inds.append({"name": indicator_name(i)} | (
                {"actual": f"{t.number}{t.unit or ''}"} if t.quantitative else {"grade": "达成"}))
        entries.append({"name": p.name, "spent": p.amount, "indicators": inds})
    return dump_yaml({"projects": entries})


def test_seed_004_overall_targets(tmp_path, extracted):
    from yusuan.performance.targets import targets_from

    targets = targets_from(extracted("004"))
    ev = evaluate(targets, _actuals(tmp_path, _all_met(targets.projects) + OVERALL_004))
    assert [(f.name, f.total, f.rating) for f in ev.projects] == [
        ("信访岗位津贴", D("100.00"), "优"), ("社区（村）治安巡逻防控费", D("100.00"), "优")]
    [o] = ev.overall
    assert o.name == "信访局本级"
    # 产出 50 over 5 indicators: 10.00 each; 效益 30 over 4 (满意度 printed under 效益 is 满意度): 7.50 each
    # 社区（村）治安巡逻防控费 50人, actual 48人: 10 × 48/50 = 9.60
    # 预算资金使用率 100%, actual 98.5%: 10 × 0.985 = 9.85
    # 社会效益 达成 at 90%: 7.50 × 0.9 = 6.75; 可持续影响 部分达成 at 70%: 7.50 × 0.7 = 5.25
    # 预算执行率 170.0000 / 173.4271 = 98.0239…% → 10 × 0.980239… = 9.80
    assert [(i.part, i.points, i.score) for i in o.indicators] == [
        ("output", D("10.00"), D("9.60")), ("output", D("10.00"), D("10.00")), ("output", D("10.00"), D("9.85")),
        ("output", D("10.00"), D("10.00")), ("output", D("10.00"), D("10.00")),
        ("benefit", D("7.50"), D("7.50")), ("benefit", D("7.50"), D("6.75")), ("benefit", D("7.50"), D("7.50")),
        ("benefit", D("7.50"), D("5.25")), ("satisfaction", D("10.00"), D("10.00"))]
    assert (o.budget.rate, o.budget.score) == (D("98.02"), D("9.80"))
    # 9.80 + 9.60 + 10 + 9.85 + 10 + 10 + 7.50 + 6.75 + 7.50 + 5.25 + 10 = 96.25
    assert (o.total, o.rating) == (D("96.25"), "优")
    assert ev.problems == []


def test_seed_004_overall_actuals_are_required(tmp_path, extracted):
    from yusuan.performance.targets import targets_from

    targets = targets_from(extracted("004"))
    with pytest.raises(YusuanError) as exc:
        evaluate(targets, _actuals(tmp_path, _all_met(targets.projects)))
    assert exc.value.message == "绩效目标中的部门整体支出绩效目标表“信访局本级”没有实际完成值（overall）"


# ---------------------------------------------------------------------------------------------
# the tables and the command


def test_tables_in_three_formats(tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from yusuan.performance.evaluation_docx import write_evaluation_docx
    from yusuan.performance.evaluation_html import write_evaluation_html
    from yusuan.performance.evaluation_xlsx import write_evaluation_xlsx

    ev = evaluate(_targets(), _actuals(tmp_path))
    wb = load_workbook(write_evaluation_xlsx(ev, tmp_path / "a.xlsx"))
    assert wb.sheetnames == ["汇总", "1.干部培训项目", "2.入户走访项目"]
    def value(c):
        return Decimal(repr(c.value)) if isinstance(c.value, float) else c.value

    summary = [[value(c) for c in row] for row in wb["汇总"].iter_rows(min_row=4, max_row=6)]
    assert summary == [
        ["1", "P-A", "干部培训项目", D("20.00"), D("21.00"), "105.00%", D("89.39"), "良"],
        ["2", "P-B", "入户走访项目", D("10.00"), D("9.50"), "95.00%", D("87.00"), "良"],
        ["合计", None, None, D("30.00"), D("30.50"), "101.67%", D("88.59"), "良"]]
    ws = wb["1.干部培训项目"]
    rows = {r[3]: r for r in ([value(c) for c in row] for row in ws.iter_rows(min_row=9, max_row=14))}
    assert rows["培训成本"][4:9] == ["≤5 万元", "6万元（完成 83.33%）", D("16.66"), D("13.88"), None]
    assert rows["培训人数"][8] == "偏差原因：部分学员因疫情未能参训\n改进措施：下年度补训"
    assert rows["群众知晓度"][5] == "知晓度有所提高（部分达成）"
    total = [value(c) for c in ws[15]]
    assert (total[0], total[6], total[7], total[8]) == ("总分", D("100.00"), D("89.39"), "自评等级：良")

    text = "\n".join(c.text for t in Document(write_evaluation_docx(ev, tmp_path / "a.docx")).tables
                     for row in t.rows for c in row.cells)
    assert "干部培训项目" in text and "89.39" in text and "自评等级：良" in text and "13.88" in text

    html = write_evaluation_html(ev, tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<th colspan=\"6\">总分</th>" in html and ">89.39</td>" in html
    assert "错误：项目“干部培训项目”的指标“培训成本”没有完全达成" in html


def test_command(tmp_path):
    from typer.testing import CliRunner

    from yusuan.cli import app

    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["evaluate", str(EXAMPLE_TARGETS), str(EXAMPLE_ACTUALS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["绩效自评表.docx", "绩效自评表.html", "绩效自评表.xlsx"]
    assert "2024 年驻京信访工作专项经费：96.88 分，优" in result.output

    # a missed target without its reason: the tables are written, the exit code is 1
    yaml_targets = tmp_path / "targets.yaml"
    from yusuan.performance.targets import dump_targets

    yaml_targets.write_text(dump_targets(_targets()), encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(yaml_targets), str(tmp_path / "actuals.yaml"), "-o", str(out),
                                 "--format", "html"])
    assert result.exit_code == 1
    assert "缺少偏差原因和改进措施" in result.output and "Traceback" not in result.output

    # an indicator the targets do not have: exit 2, the file and the place named, no traceback
    (tmp_path / "bad.yaml").write_text(ACTUALS.replace("- name: 长效机制", "- name: 长效制度"), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(yaml_targets), str(tmp_path / "bad.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    assert f"文件 {tmp_path / 'bad.yaml'}，第 19 行（projects[0].indicators[4]）：项目“干部培训项目”的绩效目标中没有指标“长效制度”" \
        in result.output.replace("\n", "")
    assert "Traceback" not in result.output

    result = runner.invoke(app, ["evaluate", str(EXAMPLE_TARGETS), str(EXAMPLE_TARGETS), "-o", str(out)])
    assert result.exit_code == 2 and "实际完成值应是 YAML 文件" in result.output
    result = runner.invoke(app, ["evaluate", str(EXAMPLE_TARGETS), str(EXAMPLE_ACTUALS), "-o", str(out), "-f", "pdf"])
    assert result.exit_code == 2 and "未知的输出格式：pdf" in result.output


def test_workbook_for_seed_001_and_a_foreign_workbook(tmp_path, extracted):
    from openpyxl import Workbook, load_workbook

    path = write_evaluation_template(extracted("001"), tmp_path / "001.xlsx")  # a Disclosure is accepted too
    wb = load_workbook(path)
    assert wb["绩效指标"].max_row == 1 + 48
    assert [c.value for c in wb["预算执行"][9]][:6] == ["项目", "13011024P00002410027A", "2024 年驻京信访工作专项经费",
                                                      "万元", 70, 70]
    assert wb["预算执行"]["E9"].number_format == "0.00"

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(YusuanError) as exc:
        load_actuals(other)
    assert exc.value.message == "没有工作表“预算执行”（请使用预填了绩效目标的自评填报工作簿）"
