"""决算 explanations on budget execution: each item's 年初预算 against its 决算, its reason and its percentages.

A 决算 explains, item by item (功能分类的项), what the year's budget was and what was spent: “行政运行（项）。
年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：……”, often with “完成年初预算的
96.91%”. F008 asks that an item whose 决算 differs much from its 年初预算 says why; F009 recomputes the
percentages such a sentence states, each against the denominator its own words name.

Only amounts printed directly after their words are read (“年初预算为 … 万元”): a PDF text layer that
moved a number away from its words (“年初预算为万元，支出决算为万元”) gives nothing to compare.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.budget_final import name_key
from yusuan.model import Table
from yusuan.rules.context import Context, convert
from yusuan.rules.engine import FINAL_KINDS, MissingData, NotApplicable, rule
from yusuan.rules.narrative import _CHANGE_PCT, _DOWN, _NUM, _PCT, _mask, _pct_tolerance, paragraphs, sentence_issue
from yusuan.rules.rounding import half_unit

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门决算应当对本部门收支决算等情况作出说明，与预算相对照"

_AMOUNT = r"\s*(?P<num>" + _NUM + r")\s*(?P<unit>万元|元)"
_BUDGET = re.compile(r"(?P<which>年初预算|全年预算|调整后预算|调整预算|预算)(?:数)?(?:为|是)" + _AMOUNT)
_FINAL = re.compile(r"(?:支出)?决算(?:数)?(?:为|是)" + _AMOUNT)
_DONE = re.compile(r"完成(?:了)?(?P<which>年初预算|全年预算|调整后预算|调整预算|预算)(?:数)?(?:的)?\s*" + _PCT)
_REASON = re.compile(r"原因|由于|因为|主要是|主要系|系因")

# An item whose 决算 is off its budget by more than this share of the budget must say why.
THRESHOLD = Decimal("0.10")


def _which(word: str) -> str:
    return {"年初预算": "initial", "预算": "plain"}.get(word, "annual")


def _finals_only(ctx: Context) -> None:
    if ctx.disclosure.kind not in FINAL_KINDS:
        raise NotApplicable(f"这不是决算文件（{ctx.disclosure.kind or '类型不明'}）")


def _beyond(budget: Decimal, final: Decimal) -> bool:
    if budget == 0:
        return final != 0
    return abs(final - budget) > abs(budget) * THRESHOLD


def _share(a: Decimal, b: Decimal) -> str:
    return f"{(b * 100 / a).quantize(Decimal('0.01'))}%" if a else "—"


# ----------------------------------------------------------------------------------------------
# F008: an item far off its budget says why


@rule(
    "F008", "警告", "决算数与年初预算数差别较大的项目没有说明原因",
    bad="信访业务（项）。年初预算为156.00万元，支出决算为120.00万元。（没有原因）",
    good="信访业务（项）。年初预算为156.00万元，支出决算为120.00万元。决算数小于预算数的主要原因：部分业务延至下年。",
    regulation=_REG,
)
def item_reasons(ctx: Context):
    """决算说明中写出“年初预算为 A 万元，支出决算为 B 万元”的段落，B 与 A 相差超过 A 的 10%（或 A 为 0 而 B
    不为 0）时，这一段（或紧接的下一段）要写明原因（“原因”“由于”“因为”“主要是”等）；一般公共预算财政拨款
    支出决算表（财政拨款支出决算表）印有“年初预算数”栏的，其中相差同样大的“项”也要在说明中有写明原因的一段
    提到它的名称。金额须紧跟在“年初预算为”“决算为”之后；没有说明或没有这些数字的不核对。"""
    _finals_only(ctx)
    paras = paragraphs(ctx)
    if not paras:
        raise MissingData("没有读到决算说明")
    checked = False
    for i, p in enumerate(paras):
        # a paragraph may state several items: each budget figure up to the next one is one item's part
        budgets = list(_BUDGET.finditer(p.text))
        for j, b in enumerate(budgets):
            end = budgets[j + 1].start() if j + 1 < len(budgets) else len(p.text)
            finals = list(_FINAL.finditer(p.text, b.end(), end))
            if len(finals) != 1 or b.group("unit") != finals[0].group("unit"):
                continue  # none, or several (基本支出决算为…，项目支出决算为…): which is the item's is not certain
            f = finals[0]
            checked = True
            a, v = Decimal(b.group("num").replace(",", "")), Decimal(f.group("num").replace(",", ""))
            if not _beyond(a, v):
                continue
            last = j + 1 == len(budgets)
            following = paras[i + 1].text if last and i + 1 < len(paras) and not _BUDGET.search(paras[i + 1].text) else ""
            if _REASON.search(p.text, f.end(), end) or _REASON.search(following):
                continue
            item = _item(p.text[:b.start()])
            what = f"“{item}（项）”" if item else "这一段"
            yield sentence_issue(p, f"{what}{b.group('which')}{a}{b.group('unit')}，决算{v}{f.group('unit')}，"
                                    f"为预算的 {_share(a, v)}，相差超过 10%，但没有写明原因。",
                                 column="reason", expected=a, actual=v)
    for t in _initial_tables(ctx):
        for r in t.rows:
            a, v = r.values.get("initial_budget"), r.values.get("total")
            if not (r.code and len(r.code) == 7) or a is None or v is None:
                continue
            checked = True
            if not _beyond(a, v) or ctx.shifted(t, r):
                continue
            name = name_key(r.name)
            if any(name in p.text and _REASON.search(p.text) for p in paras):
                continue
            yield ctx.at(t, r, f"{r.code} {r.name.strip()} 年初预算数 {a}{t.money_unit or ''}，决算数 {v}"
                               f"{t.money_unit or ''}，为预算的 {_share(a, v)}，相差超过 10%，但说明中没有写明原因"
                               "的一段提到这一项。", column="total", expected=a, actual=v)
    if not checked:
        raise NotApplicable("说明和决算表中没有逐项的年初预算数和决算数")


def _item(text: str) -> str | None:
    """The 项 a paragraph is about: “…（款）行政运行（项）” gives 行政运行 (names may hold brackets of their own:
    其他政府办公厅（室）及相关机构事务支出)."""
    end = max(text.rfind("（项）"), text.rfind("(项)"))
    if end < 0:
        return None
    head = text[:end]
    cuts = [head.rfind(m) + len(m) for m in ("（款）", "(款)", "、", "。", "：", ":", "；", ";", "，", ",") if head.rfind(m) >= 0]
    name = head[max(cuts, default=0):].strip()
    return name or None


def _initial_tables(ctx: Context) -> list[Table]:
    out = []
    for table_id in ("final_general_budget_expenditure", "final_fiscal_expenditure"):
        t = ctx.table(table_id)
        if t is not None and any(c.id == "initial_budget" for c in t.columns):
            out.append(t)
    return out


# ----------------------------------------------------------------------------------------------
# F009: the percentages of an execution sentence

_OF_TOTAL = re.compile(r"(?P<num>" + _NUM + r")\s*(?P<unit>万元|元)[，,]?\s*占(?P<what>本年支出合计|本年收入合计)(?:的)?"
                       r"(?:比重|比例)?(?:为)?\s*" + _PCT)
_TOTAL_SIDE = {"本年支出合计": "expenditure", "本年收入合计": "income"}


@rule(
    "F009", "错误", "决算说明中的完成预算百分比、占比算不出来",
    bad="年初预算为42.00万元，支出决算为40.00万元，完成年初预算的92.24%",
    good="年初预算为42.00万元，支出决算为40.00万元，完成年初预算的95.24%",
    regulation=_REG,
)
def execution_percentages(ctx: Context):
    """决算说明中的百分比按句中写明的基数重算：“年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 P%”中
    P ＝ B ÷ A × 100，“完成全年预算（调整预算）的 P%”用同一句写出的全年（调整）预算，只写“完成预算”的用句中唯一
    的预算数——句中没有写出所说的那个基数就不算；“X 万元，占本年支出合计（本年收入合计）的 P%”用收入支出决算
    总表的本年支出合计（本年收入合计）。允许百分比末位一个单位和金额四舍五入带来的误差。年初预算为 0 却写
    “完成年初预算的 P%”、上年为 0 却写“增长 P%”的，基数为 0、百分比无从算起，作警告。"""
    _finals_only(ctx)
    found = False
    for p in paragraphs(ctx):
        text = p.text
        if "%" not in text and "％" not in text:
            continue
        start = 0
        for m in _DONE.finditer(text):
            segment = text[start:m.start()]
            start = m.end()
            budgets: dict[str, list] = {}
            for b in _BUDGET.finditer(segment):
                budgets.setdefault(_which(b.group("which")), []).append(b)
            finals = list(_FINAL.finditer(segment))
            named = _which(m.group("which"))
            if named == "plain":
                bases = next(iter(budgets.values())) if len(budgets) == 1 else []
            else:
                bases = budgets.get(named, [])
            # one base and one 决算 in the clause, or it is not certain which the percentage divides
            if len(bases) != 1 or len(finals) != 1:
                continue
            base, fin = bases[0], finals[0]
            a = Decimal(base.group("num").replace(",", ""))
            v = convert(Decimal(fin.group("num").replace(",", "")), fin.group("unit"), base.group("unit"))
            pct = Decimal(m.group("pct"))
            found = True
            label = f"{base.group('which')}{base.group('num')}{base.group('unit')}"
            if a == 0:
                yield sentence_issue(p, f"说明称“完成{m.group('which')}的{pct}%”，但{label}：基数为 0，完成比例无从算起。",
                                     column="percent", expected=None, actual=pct, severity="警告")
                continue
            real = v * 100 / a
            tol = _pct_tolerance(pct, a, half_unit([a]), v, half_unit([Decimal(fin.group("num").replace(",", ""))]))
            if abs(real - pct) <= tol:
                continue
            shown = real.quantize(Decimal("0.01"))
            yield sentence_issue(p, f"说明称“完成{m.group('which')}的{pct}%”，但{fin.group(0).strip('，, ')} ÷ {label} "
                                    f"为 {shown}%。", column="percent", expected=shown, actual=pct)
        for m in _OF_TOTAL.finditer(text):
            t = ctx.table("final_income_expenditure_summary")
            row = None
            if t is not None and t.money_unit:
                rows = [r for r in t.rows if r.side == _TOTAL_SIDE[m.group("what")]
                        and name_key(r.name) == m.group("what")]
                row = rows[0] if len(rows) == 1 else None
            total = row.values.get("total") if row is not None else None
            if total is None or total <= 0:
                continue
            found = True
            part, pct = Decimal(m.group("num").replace(",", "")), Decimal(m.group("pct"))
            base = convert(total, t.money_unit, m.group("unit"))
            real = part * 100 / base
            tol = _pct_tolerance(pct, base, convert(half_unit([total]), t.money_unit, m.group("unit")), part,
                                 half_unit([part]))
            if abs(real - pct) <= tol:
                continue
            shown = real.quantize(Decimal("0.01"))
            doubt = "doubtful" == t.reading
            yield sentence_issue(p, f"说明称{m.group('num')}{m.group('unit')}占{m.group('what')}的{pct}%，但"
                                    f"{t.title.strip()}“{row.name.strip()}”为 {total}{t.money_unit}，占比应为 {shown}%"
                                    + ("（该表读取存疑，请对照原表）。" if doubt else "。"),
                                 column="percent", expected=shown, actual=pct, severity="警告" if doubt else None)
        for m in _CHANGE_PCT.finditer(_mask(text)):
            if m.group("lu") != m.group("cu") or m.group("dir") in _DOWN:
                continue
            lvl, chg = Decimal(m.group("lvl").replace(",", "")), Decimal(m.group("chg").replace(",", ""))
            if lvl - chg != 0:
                continue  # a growth on a base above 0 is recomputed by N006
            found = True
            yield sentence_issue(p, f"说明称{m.group('lvl')}{m.group('lu')}比上年{m.group('dir')}{m.group('chg')}"
                                    f"{m.group('cu')}、增长{m.group('pct')}%，但由此上年为 0：基数为 0，增长百分比"
                                    "无从算起。", column="percent", expected=None, actual=Decimal(m.group("pct")),
                                 severity="警告")
    if not found:
        raise NotApplicable("说明中没有可复算的完成预算百分比或占本年收支合计的比例")
