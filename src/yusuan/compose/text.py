"""A package as plain text in the layout published text versions use (one tab-separated line per table
row, ``#`` headings): what a reader sees, read back by the text reader so that ``yusuan build`` can
check the package with the same rules as ``yusuan check`` before writing anything.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Project, Table
from yusuan.package import Package


def _cell(v: Decimal | None) -> str:
    return "" if v is None else f"{v:f}"


def _flat(text: str | None) -> str:
    """A cell's text on one line: a line break inside a cell would end the table row."""
    return " ".join((text or "").split("\n"))


def _header(t: Table) -> list[list[str]]:
    labels = [c.label for c in t.columns]
    n = len(labels)
    if t.id == "income_expenditure_summary":
        return [["序号", "收入", "", "支出", ""], ["", "项 目", "预算数", "项 目", "预算数"]]
    if t.id == "fiscal_appropriation_summary":
        return [["序号", "收入", "", "支出"] + [""] * (n - 1), ["", "项目", "金额", "项目"] + labels]
    if t.id == "three_public_expenses":
        return [["序号", "项 目"] + labels]
    if t.id == "fixed_assets":
        return [["项 目"] + labels]
    if t.id == "government_procurement":
        return [["项目名称", "采购物品名称", "政府采购目录序号", "计量单位"] + labels]
    if t.id == "general_budget_basic_expenditure":
        return [["序号", "支出部门经济分类科目", "", ""] + [""] * (n - 1), ["", "科目编码", "科目名称"] + labels]
    return [["序号", "功能分类科目", ""] + labels, ["", "科目编码", "科目名称"] + [""] * n]


def _lines(t: Table) -> list[list[str]]:
    cols = [c.id for c in t.columns]
    if t.id in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        inc = [r for r in t.rows if r.side == "income"]
        exp = [r for r in t.rows if r.side == "expenditure"]
        # The closing rows (合计, 结转, 总计) of both sides stand on the same lines at the bottom.
        tail_i = next(i for i, r in enumerate(inc) if "合计" in r.name)
        tail_e = next(i for i, r in enumerate(exp) if "合计" in r.name)
        top = max(tail_i, tail_e)
        inc = inc[:tail_i] + [None] * (top - tail_i) + inc[tail_i:]
        exp = exp[:tail_e] + [None] * (top - tail_e) + exp[tail_e:]
        out = []
        for k in range(max(len(inc), len(exp))):
            a = inc[k] if k < len(inc) else None
            b = exp[k] if k < len(exp) else None
            line = [str(k + 1)]
            line += [a.name, _cell(a.values.get("total"))] if a else ["", ""]
            if b:
                line += [b.name] + [_cell(b.values.get(c)) for c in cols]
            out.append(line)
        return out
    out = []
    for k, r in enumerate(t.rows, 1):
        values = [_cell(r.values.get(c)) for c in cols]
        if t.id == "fixed_assets":
            out.append([r.name] + values)
        elif t.id == "government_procurement":
            out.append([r.text.get("project", ""), r.name, r.text.get("catalog_no", ""), r.text.get("measure", "")] + values)
        elif t.id == "three_public_expenses":
            out.append([str(k), r.name] + values)
        else:
            out.append([str(k), r.code or "", r.name] + values)
    return out


def table_text(t: Table, pkg: Package) -> list[str]:
    lines = [f"## {t.title}", "", pkg.unit_line, ""]
    if t.id == "fixed_assets":
        if pkg.assets_as_of:
            lines += [f"截止时间：{pkg.assets_as_of}", ""]
    else:
        lines += [f"预算年度：{pkg.disclosure.year}", ""]
    lines += [f"单位：{t.money_unit}", ""]
    lines += ["\t".join(h) for h in _header(t)]
    if t.id not in ("fixed_assets", "government_procurement"):
        width = len(_header(t)[-1])
        lines.append("\t".join(["栏次"] + [str(i) for i in range(1, width)]))
    lines += ["\t".join(x) for x in _lines(t)]
    if t.empty_note:
        lines += ["", t.empty_note]
    return lines + [""]


def project_text(p: Project) -> list[str]:
    unit = p.money_unit or "万元"
    lines = [f"单位：{unit}", "",
             "\t".join(["项目编码", p.code or "", "", "项目名称", p.name, ""]),
             "\t".join(["预算规模及 资金用途", "预算数", _cell(p.amount), "其中：财政资金", _cell(p.fiscal_amount),
                        "其他资金", _cell(p.other_amount)]),
             "\t".join(["", _flat(p.fund_use)])]
    if p.spending_plan:
        lines.append("\t".join(["资金支出计 划（%）"] + [s.period for s in p.spending_plan]))
        lines.append("\t".join([""] + [s.text or f"{s.percent}%" for s in p.spending_plan]))
    lines.append("\t".join(["绩效目标", _flat(p.goal)]))
    lines.append("\t".join(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]))
    for i in p.indicators:
        lines.append("\t".join(_flat(x) for x in (i.level1, i.level2, i.level3, i.description, i.value, i.basis)))
    return lines + [""]


def to_text(pkg: Package) -> str:
    d = pkg.disclosure
    out: list[str] = []
    for b in pkg.blocks:
        if b.kind == "heading":
            out += ["#" * min(b.level or 1, 4) + " " + (b.text or ""), ""]
        elif b.kind == "paragraph":
            out += [b.text or "", ""]
        elif b.kind == "table":
            t = d.table(b.ref or "")
            if t is not None:
                out += table_text(t, pkg)
        elif b.kind == "project":
            out += project_text(d.projects[int(b.ref or 0)])
        elif b.kind == "grid":
            out += ["\t".join(r) for r in b.rows or []] + [""]
        elif b.kind == "toc":
            out += ["目录", ""]
    return "\n".join(out) + "\n"

