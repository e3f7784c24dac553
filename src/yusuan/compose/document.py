"""The document in reading order: tables, and the explanation with every figure taken from them.

The explanation follows the sections of 《地方预决算公开操作规程》 as the 河北省 template prints them (一 to
十一, as in seeds/001_192a1d2ea51993fa.txt). Figures are the printed figures of the computed tables;
增加/减少 is chosen by the sign of the change; the reasons are the user's own words.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

from yusuan.compose.input import BuildInput, ThreePublic
from yusuan.compose.tables import CENT, Computed
from yusuan.model import Department, Disclosure
from yusuan.package import Block, Package
from yusuan.recognize.titles import target_tables

ZERO = Decimal(0)


def _h(text: str, level: int) -> Block:
    return Block(kind="heading", text=text, level=level)


def _p(text: str) -> Block:
    return Block(kind="paragraph", text=text)


def _glossary() -> list[str]:
    text = resources.files("yusuan.compose").joinpath("glossary.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


class Writer:
    def __init__(self, data: BuildInput, c: Computed):
        self.d, self.c = data, c
        self.u = data.print_unit
        self.year = data.year
        self.prev = data.year - 1
        self.org = "单位" if data.kind == "单位预算" else "部门"  # 部门预算 speaks of 部门, 单位预算 of 单位
        self.we = f"我{self.org}"

    def fig(self, exact: Decimal | None) -> str:
        return f"{self.c.money.figure(exact)}{self.u}"

    def change(self, now: Decimal | None, before: Decimal | None) -> tuple[str, Decimal] | None:
        """(增加/减少/持平, printed size) from the printed figures, as a reader would compute it."""
        if now is None or before is None:
            return None
        diff = self.c.money.figure(now) - self.c.money.figure(before)
        word = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
        return word, abs(diff)

    def phrase(self, what: str, now, before) -> str | None:
        ch = self.change(now, before)
        if ch is None:
            return None
        word, size = ch
        return f"{what}与{self.prev}年持平" if word == "持平" else f"{what}{word}{size}{self.u}"

    # --- sections --------------------------------------------------------------------------------

    def blocks(self) -> list[Block]:
        d = self.d
        name = d.unit.name
        kind = d.kind
        out = [_h(f"{name}{self.year}年{kind}信息公开", 1), Block(kind="toc"), Block(kind="page_break"),
               _h(f"{kind}公开表", 1)]
        for t in self.c.tables():
            if t.id in ("government_procurement", "fixed_assets"):
                continue  # printed with their sections of the explanation
            out.append(Block(kind="table", ref=t.id))
        out += [Block(kind="page_break"), _h(f"{name}{self.year}年{kind}信息公开情况说明", 1),
                _p(f"按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，"
                   f"现将{name}{self.year}年{kind}公开如下：")]
        out += self.duties() + self.overall() + self.operation_cost() + self.three_public()
        out += self.performance() + self.special_funds() + self.projects() + self.procurement()
        out += self.assets() + self.glossary() + self.other()
        return out

    def duties(self) -> list[Block]:
        d = self.d
        out = [_h(f"一、{self.org}职责及机构设置情况", 2), _h(f"{self.org}职责：", 3)]
        out += [_p(x) for x in d.duties] or [_p("（未填写）")]
        rows = [["单位名称", "单位性质", "单位规格", "经费保障形式"]]
        if d.unit.units:
            rows += [[u.name, u.nature, u.level or "", u.funding or ""] for u in d.unit.units]
        else:
            rows.append([f"{d.unit.name}本级", d.unit.nature, d.unit.level or "", d.unit.funding or ""])
        out += [_h("机构设置：", 3), _h(f"{self.org}机构设置情况", 4), Block(kind="grid", rows=rows)]
        return out

    def overall(self) -> list[Block]:
        d, c = self.d, self.c
        inc = c.income
        unit_funds = sum((inc[s] for s in ("business_income", "operating_income", "superior_subsidy",
                                            "affiliated_remittance", "other_income")), ZERO)
        out = [_h(f"二、{self.org}预算安排的总体情况", 2),
               _p(f"按照预算管理有关规定，目前{self.org}预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。"
                  f"{d.unit.name}机关及所属事业单位的收支包含在{self.org}预算中。"),
               _h("1、收入说明", 3),
               _p(f"反映本{self.org}当年全部收入。{self.year}年预算收入{self.fig(c.income_total + c.carryover)}，其中："
                  f"一般公共预算收入{self.fig(inc['general_budget'])}，基金预算收入{self.fig(inc['government_fund'])}，"
                  f"国有资本经营预算收入{self.fig(inc['state_capital'])}，"
                  f"财政专户核拨收入{self.fig(inc['fiscal_special_account'])}，单位资金收入{self.fig(unit_funds)}，"
                  f"上年结转结余{self.fig(c.carryover)}。"),
               _h("2、支出说明", 3)]
        uses = f"，主要是{d.project_uses}" if d.project_uses else ""
        basic = f"基本支出{self.fig(c.basic)}"
        if d.basic_by_economic:
            basic += f"，包括人员经费{self.fig(c.personnel)}和日常公用经费{self.fig(c.public)}"
        out.append(_p(f"收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映{d.unit.name}"
                      f"年度{self.org}预算中支出预算的总体情况。{self.year}年支出预算{self.fig(c.total)}，其中{basic}；"
                      f"项目支出{self.fig(c.project)}{uses}。"))
        ly = d.last_year
        total = self.change(c.total, ly.total)
        if total is not None:
            out.append(_h("3、比上年增减情况", 3))
            word, size = total
            if word == "持平":
                text = f"{self.year}年预算收支安排{self.fig(c.total)}，与{self.prev}年预算持平"
            else:
                text = f"{self.year}年预算收支安排{self.fig(c.total)}，较{self.prev}年预算{word}{size}{self.u}"
            parts = []
            for what, now, before, reason in (("基本支出", c.basic, ly.basic, d.reasons.basic),
                                              ("项目支出", c.project, ly.project, d.reasons.project)):
                p = self.phrase(what, now, before)
                if p is None:
                    continue
                if reason and not p.endswith("持平"):
                    p += f"，主要是{reason.rstrip('。')}"
                parts.append(p)
            if parts:
                text += "，其中：" + "；".join(parts)
            out.append(_p(text + "。"))
        return out

    def operation_cost(self) -> list[Block]:
        d, c = self.d, self.c
        out = [_h("三、机关运行经费安排情况", 2)]
        if c.operation_cost is None:
            out.append(_p(f"{d.unit.name}为{d.unit.nature}单位，不安排机关运行经费。"))
            return out
        text = f"{self.year}年，{self.we}机关运行经费共计安排{self.fig(c.operation_cost)}"
        if d.operation_cost_uses:
            text += f"，主要用于{d.operation_cost_uses.rstrip('。')}"
        ch = self.change(c.operation_cost, d.last_year.operation_cost)
        if ch is not None:
            word, size = ch
            text += (f"，与{self.prev}年持平" if word == "持平" else f"，较{self.prev}年{word}{size}{self.u}")
            if d.reasons.operation_cost and word != "持平":
                text += f"，主要原因是{d.reasons.operation_cost.rstrip('。')}"
        out.append(_p(text + "。"))
        return out

    def three_public(self) -> list[Block]:
        d, t = self.d, self.d.three_public
        out = [_h("四、财政拨款“三公”经费预算情况及增减变化原因", 2)]
        text = (f"{self.year}年，{self.we}财政拨款“三公”经费预算安排{self.fig(t.total)}，其中因公出国（境）费"
                f"{self.fig(t.overseas)}；公务用车购置及运维费{self.fig(t.vehicle_purchase + t.vehicle_operation)}"
                f"（其中：公务用车购置费为{self.fig(t.vehicle_purchase)}，公务用车运维费{self.fig(t.vehicle_operation)}）；"
                f"公务接待费{self.fig(t.reception)}。")
        last: ThreePublic | None = d.last_year.three_public
        if last is None and d.last_year.three_public_total is not None:
            word, size = self.change(t.total, d.last_year.three_public_total)  # type: ignore[misc]
            text += f"与{self.prev}年持平。" if word == "持平" else f"与{self.prev}年相比{word}{size}{self.u}。"
            if d.reasons.three_public and word != "持平":
                text += f"增减变化的主要原因是{d.reasons.three_public.rstrip('。')}。"
        if last is not None:
            word, size = self.change(t.total, last.total)  # type: ignore[misc]
            if word == "持平":
                text += f"与{self.prev}年持平。"
            else:
                text += f"与{self.prev}年相比{word}{size}{self.u}"
                moved, flat = [], []
                for what, now, before in (("因公出国（境）费", t.overseas, last.overseas),
                                          ("公务用车购置及运维费", t.vehicle_purchase + t.vehicle_operation,
                                           last.vehicle_purchase + last.vehicle_operation),
                                          ("公务接待费", t.reception, last.reception)):
                    w, s = self.change(now, before)  # type: ignore[misc]
                    (flat if w == "持平" else moved).append(what if w == "持平" else f"{what}{w}{s}{self.u}")
                text += "，其中：" + "，".join(moved)
                if flat:
                    text += "，" + "、".join(flat) + "与上年持平"
                text += "。"
                if d.reasons.three_public:
                    text += f"增减变化的主要原因是{d.reasons.three_public.rstrip('。')}。"
        out.append(_p(text))
        return out

    def performance(self) -> list[Block]:
        p = self.d.performance
        out = [_h(f"五、{self.org}整体绩效目标", 2)]
        if p.overall:
            out.append(_h("（一）总体绩效目标", 3))
            out += [_p(x) for x in p.overall]
        if p.items:
            out.append(_h("（二）分项绩效目标", 3))
            for i, item in enumerate(p.items, 1):
                out += [_h(f"{i}、{item.name}", 4), _p(f"绩效目标：{item.goal}")]
                if item.indicator:
                    out.append(_p(f"绩效指标：{item.indicator}"))
        if p.safeguards:
            out.append(_h("（三）工作保障措施", 3))
            out += [_p(x) for x in p.safeguards]
        for i in range(len(self.d.overall_targets)):
            out.append(Block(kind="overall_targets", ref=str(i)))
        if len(out) == 1:
            out.append(_p("无"))
        return out

    def special_funds(self) -> list[Block]:
        out = [_h(f"六、{self.org}主管专项资金预算安排情况及绩效目标", 2)]
        n = len(self.d.projects)
        for i, p in enumerate(self.d.special_funds):
            out += [_h(f"{i + 1}、{p.name}绩效目标表", 3), Block(kind="project", ref=str(n + i))]
        return out if len(out) > 1 else out + [_p("无")]

    def projects(self) -> list[Block]:
        out = [_h(f"七、{self.org}项目预算安排情况及绩效目标", 2)]
        for i, p in enumerate(self.d.projects):
            out += [_h(f"{i + 1}、{p.name}绩效目标表", 3), Block(kind="project", ref=str(i))]
        return out if len(out) > 1 else out + [_p("无")]

    def procurement(self) -> list[Block]:
        total = sum((x.amount for x in self.d.procurement), ZERO)
        text = f"{self.year}年，{self.we}政府采购预算总额{self.fig(total)}。"
        if not self.d.procurement:
            text = f"{self.year}年，{self.we}无政府采购预算，政府采购预算总额{self.fig(total)}。"
        return [_h("八、政府采购预算情况", 2), _p(text), Block(kind="table", ref="government_procurement")]

    def assets(self) -> list[Block]:
        a = self.d.fixed_assets
        out = [_h("九、国有资产信息", 2)]
        if a is None:
            return out + [_p("无")]
        out.append(_p(f"{self.d.unit.name}（含所属单位）上年末固定资产金额为{self.fig(self.c.assets_total)}（详见下表）。"
                      f"本年度拟购置固定资产总额为{self.fig(a.purchase_planned)}，已按要求列入政府采购预算，详见政府采购预算表。"))
        out.append(Block(kind="table", ref="fixed_assets"))
        return out

    def glossary(self) -> list[Block]:
        return [_h("十、名词解释", 2)] + [_p(x) for x in (self.d.glossary or _glossary())]

    def other(self) -> list[Block]:
        text = self.d.other_matters.strip() or "无"
        if text == "无":
            text = f"{self.we}无其他需要说明的事项。"
        return [_h("十一、其他需要说明的事项", 2), _p(text)]


def package(data: BuildInput) -> Package:
    """The whole disclosure package of a build input: tables computed, text written from them."""
    c = Computed(data)
    d = data
    disclosure = Disclosure(
        source=f"{d.unit.name}{d.year}年{d.kind}", format="build",
        title=f"{d.unit.name}{d.year}年{d.kind}信息公开情况说明",
        department=Department(code=d.unit.code, name=d.unit.name, nature=d.unit.nature),
        year=d.year, kind=d.kind, money_unit=d.print_unit, tables=c.tables(),
        projects=[_printed(p, c) for p in [*d.projects, *d.special_funds]],
        overall_targets=list(d.overall_targets),
    )
    disclosure.tables += target_tables(disclosure.projects, disclosure.overall_targets)
    blocks = Writer(d, c).blocks()
    disclosure.sections = [b.text for b in blocks if b.kind == "heading" and (b.level or 1) >= 2 and b.text]
    return Package(disclosure=disclosure, blocks=blocks,
                   assets_as_of=d.fixed_assets.as_of if d.fixed_assets else None)


def _printed(p, c: Computed):
    """A project as printed: amounts in the print unit, spending-plan cells as text."""
    q = p.model_copy(deep=True)
    for f in ("amount", "fiscal_amount", "other_amount"):
        v = getattr(p, f)
        if v is None:
            continue
        if p.money_unit is None or p.money_unit == c.data.amount_unit:
            setattr(q, f, c.money.figure(v))
        else:
            setattr(q, f, v.quantize(CENT) if v == v.quantize(CENT) else v)
    q.money_unit = c.data.print_unit if p.money_unit is None else p.money_unit
    for step in q.spending_plan:
        if not step.text and step.percent is not None:
            step.text = f"{step.percent.normalize():f}%"
    return q
