"""Every number of the explanation as a claim: its sentence and place, what it measures, and — where it
can be resolved — what it is about.

A claim is an amount, a change, a share, a growth rate, another percentage or a count, read with the
unit it prints ("1,202.95万元", "1170.00万", full-width digits). Years, dates, list numbers and bare
numbers without a unit are not claims; neither are approximations ("30万余元", "100多万元").

What a claim is about is resolved only where it is certain:

* a row of the function-classified tables, by the 类/款/项 names the sentence prints right before the
  amount ("“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”19.64万元" → 2101101) or by a
  printed code ("2010301-行政运行3452.35万元"). Names are compared exactly, without spaces (其它 and 其他
  are the same word); a printed 款 must be the 项's own 款; a 类 printed under an old name is recorded
  as printed and does not stop the resolution when the 款 or the 项 settles it. A 项 whose printed name
  has the table's characters in another order (一般行政事务管理 / 一般行政管理事务) under the named 款 is
  resolved, and the table's name is recorded beside the printed one;
* a figure of the whole document (收入合计, 基本支出, “三公”经费 …), where the sentence phrases it the
  way :mod:`yusuan.recognize.narrative` recognises — every statement of it, not only the first.

* a figure the clause before the amount names and nothing else (:data:`FIGURE_NAMES`: the 财政拨款 totals
  by fund, 会议费, the parts of the procurement budget, the other kinds of spending of the 支出总表 …), a 类
  named alone ("2．社会保障和就业支出1890.27万元"), and in a 决算 the 年初预算 and 决算 amounts after a 类/款/项
  named in the sentence before;
* the projects with performance targets and their money ("编报绩效目标的项目11个，涉及项目预算资金6626万元"),
  and what the 国有资产 and 机构设置 paragraphs count: vehicles by kind, vehicles and equipment to buy,
  equipment above a unit price, assets by kind, departments and units.

Everything else is recorded unresolved. "其中" parts are linked to their total (``Claim.total_of``) only
where the sentence leaves no doubt: one total right before the 其中, at least two parts after it in the
same sentence and unit, no nested 包括/其中/主要, no amount of another year and no amount compared with.
A change, growth rate or share is linked to the amount it is of (``Claim.of``), a share to the totals it
may be of (``Claim.bases``); thresholds and approximations ("单价100万元以上", "约30万元") are marked
(``Claim.qualifier``) and never resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from yusuan.model import Claim, ClaimSubject, Passage, Source, Table
from yusuan.recognize import narrative as nar
from yusuan.recognize.paragraphs import continues

# Tables whose rows are the function classification (类/款/项 by code).
FUNCTION_TABLES = ("general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure",
                   "expenditure_summary", "final_general_budget_expenditure", "final_expenditure")

_FULL = str.maketrans("０１２３４５６７８９％", "0123456789%")
_FULL_CHARS = re.compile(r"[０-９％]")  # translating a Chinese text character by character is slow: only where needed


def _compact(text: str) -> str:
    """``text`` without whitespace (splitting on whitespace drops exactly what ``[\\s\\u3000]+`` matches, and
    faster than the pattern)."""
    return "".join(text.split())


# (the mark first and the digit before it looked behind for: the engine then skips to the marks)
_FULL_POINT = re.compile(r"．(?<=\d．)(?=\d)")  # "１９．６４" once the digits are ASCII
_FULL_COMMA = re.compile(r"，(?<=\d，)(?=\d{3}(?:\D|$))")  # "1，202.95"

_COUNT_UNITS = "台（套）|台\\(套\\)|个|辆|台|套|人次|人|家|项|名|次|件|处|所"
# The lookbehind comes after the first digit (the digit before it must not be part of a longer number):
# a pattern that starts with a digit lets the regex engine skip straight to the digits of a sentence. The
# number is taken whole (an atomic group): a shorter part of it is followed by a digit, "," or ".", which
# starts no unit, so trying the shorter parts could find nothing.
_NUMBER = re.compile(
    r"(?P<num>\d(?<![\d.,A-Za-z]\d)(?>\d*(?:,\d{3})*(?:\.\d+)?))"
    r"(?P<unit>亿元|万元|元|万(?![元余多\u4e00-\u9fff])|%|" + _COUNT_UNITS + r")"
    r"(?![余多])")
_COUNT_UNIT_SET = frozenset(u.replace("\\", "") for u in _COUNT_UNITS.split("|"))
_APPROX = re.compile(r"^(?:余|多)")
_CHANGE_BEFORE = re.compile(r"(?P<dir>增加|减少|增长|下降|上升|降低|提高|增幅|降幅|减幅)(?:了|为|约)?[:：]?$")
_UP = ("增加", "增长", "上升", "提高", "增幅")
_YEAR_LABEL = re.compile(r"((?:19|20)\d\d)年")

_MONEY = {"万元": "万元", "万": "万元", "元": "元", "亿元": "亿元"}  # "1170.00万" is 万元
_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}
_LEN_LEVEL = {3: "类", 5: "款", 7: "项"}
# A name may hold a short parenthesis of its own: "政府办公厅（室）及相关机构事务（款）".
_NAMED = re.compile(r"(?P<name>[\u4e00-\u9fff](?:[\u4e00-\u9fff]|[（(](?!(?:类|款|项)[)）])[\u4e00-\u9fff]{1,3}[)）])*)"
                    r"[（(](?P<level>类|款|项)[)）]")
# (the "2" first, for the same reason as :data:`_NUMBER`)
_CODED = re.compile(r"(?P<code>2(?<!\d2)\d{2}(?:\d{2}){0,2})[-－—:：]?(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff（）()、]*?)"
                    r"(?=(?:支出|预算数?|安排|为|共计?|合计|[：:])*\d)")
# "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元": 类-款-项 in quotes.
_DASHED = re.compile(r"[“\"](?P<path>[\u4e00-\u9fff（）()、]+(?:[-－—][\u4e00-\u9fff（）()、]+){1,2})[”\"]")
# What may stand between a subject's name and its amount: "…（项）”1,623.18万元", "…（项）支出5804.83万元".
_GAP = re.compile(r"^[”\"」』]?(?:科目|支出|预算数?|安排|拨款|为|共计?|合计|[：:])*$")
# A change word before an amount makes it a change only where the paragraph compares with another year
# ("比上年增加56.83万元，其中：基本支出增加40.92万元"); "支持商销稳增长30.00万" is a name.
_COMPARING = re.compile(r"比|较|相比|同比|上年|上一年|去年")
_RESTATED = re.compile(r"(?:合计|共计|总计)$")
_NESTED = re.compile(r"包括|其中|主要|含|等")
_COMPARED = re.compile(r"(?:比|较|与|同)(?:上年|上一年|去年|(?:19|20)\d\d年)")


def norm_name(name: str) -> str:
    """A name as compared: no spaces, 其它 = 其他, ASCII parentheses as full-width."""
    return _compact(name).replace("其它", "其他").replace("(", "（").replace(")", "）")


@dataclass(slots=True)
class _Para:
    text: str  # compact: spaces removed, full-width digits made ASCII (what the patterns read)
    printed: str  # compact as printed: the same characters at the same offsets, digits as printed
    pieces: list[tuple[int, Source]]  # (offset in text, where that line was read)
    section: str
    block: int = 0  # which top-level part of the explanation ("二、收入预算情况说明") the paragraph is in

    def source(self, at: int) -> Source:
        src = self.pieces[0][1]
        for off, s in self.pieces:
            if off > at:
                break
            src = s
        return src


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def _paragraphs(passages: list[Passage]) -> list[_Para]:
    """The explanation's paragraphs, a line that a PDF wrapped mid-sentence joined back to the paragraph it
    continues (:func:`yusuan.recognize.paragraphs.continues`)."""
    out: list[_Para] = []
    section = "other"
    block = 0
    prev_src: Source | None = None
    for p in passages:
        raw = p.text.strip()
        if not raw:
            continue
        printed = _compact(raw)
        text = printed.translate(_FULL) if _FULL_CHARS.search(printed) else printed
        if "．" in text:
            text = _FULL_POINT.sub(".", text)
        text = _FULL_COMMA.sub(",", text)
        section = nar.section_of(raw, section)
        if _HEADING.match(text) and len(text) < 40:
            block += 1
        if out and prev_src is not None and continues(out[-1].text, prev_src.page, prev_src.file, text,
                                                      p.source.page, p.source.file):
            para = out[-1]
            para.pieces.append((len(para.text), p.source))
            para.text += text
            para.printed += printed
        else:
            out.append(_Para(text, printed, [(0, p.source)], section, block))
        prev_src = p.source
    return out


_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


class _Rows:
    """The function-classified rows of a document: code → names printed for it."""

    def __init__(self, tables: list[Table]):
        self.names: dict[str, set[str]] = {}
        self.printed: dict[str, str] = {}
        for t in tables:
            if t.id not in FUNCTION_TABLES:
                continue
            for r in t.rows:
                code = (r.code or "").replace(" ", "")
                if len(code) not in _LEN_LEVEL or not code.isdigit():
                    continue
                n = norm_name(r.name)
                if not n:
                    continue
                self.names.setdefault(code, set()).add(n)
                self.printed.setdefault(code, _compact(r.name))

    def named(self, level: str, name: str) -> list[str]:
        size = _LEVEL_LEN[level]
        out = [c for c, ns in self.names.items() if len(c) == size and name in ns]
        if not out and level == "类":
            # "公共安全（类）支出27488.23万元": the 类's own 支出 printed after the level mark
            out = [c for c, ns in self.names.items() if len(c) == size and name + "支出" in ns]
        return out

    def is_named(self, code: str, name: str) -> bool:
        """Whether the row ``code`` is printed with ``name`` (a 类 also without its trailing 支出)."""
        ns = self.names.get(code, ())
        return name in ns or len(code) == 3 and name + "支出" in ns

    def resolve(self, path: list[tuple[str, str]]) -> ClaimSubject | None:
        """The row a printed 类/款/项 path names, or None when it is not certain."""
        levels = dict(path)
        deepest = max(levels, key=lambda lv: _LEVEL_LEN[lv])
        name = norm_name(levels[deepest])
        cands = self.named(deepest, name)
        by = "name"
        parent = {"项": "款", "款": "类"}.get(deepest)
        if deepest == "项" and "款" in levels:
            kuan = norm_name(levels["款"])
            cands = [c for c in cands if kuan in self.names.get(c[:5], ())]
            if not cands:
                # the same characters in another order, under the named 款
                kuans = [k for k in self.named("款", kuan)
                         if "类" not in levels or self.is_named(k[:3], norm_name(levels["类"]))] or \
                    self.named("款", kuan)
                if len(kuans) == 1:
                    cands = [c for c, ns in self.names.items() if len(c) == 7 and c.startswith(kuans[0])
                             and any(sorted(n) == sorted(name) for n in ns)]
                    by = "name_order"
        if len(cands) > 1 and "类" in levels:
            lei = norm_name(levels["类"])
            cands = [c for c in cands if self.is_named(c[:3], lei)]
        if len(cands) > 1 and parent and parent in levels and deepest != "项":
            cands = [c for c in cands if self.is_named(c[:_LEVEL_LEN[parent]], norm_name(levels[parent]))]
        if len(cands) != 1:
            return None
        code = cands[0]
        if deepest != "项" or "款" not in levels:
            # nothing but the deepest name and the 类 settles it: a printed 类 must then be the row's own
            if "类" in levels and deepest != "类" and not self.is_named(code[:3], norm_name(levels["类"])):
                if deepest == "款" or "款" not in levels:
                    return None
        return self._subject(code, deepest, levels, by)

    def has_name(self, code: str, name: str) -> bool:
        return norm_name(name) in self.names.get(code, ())

    def by_code(self, code: str, name: str) -> ClaimSubject | None:
        if code not in self.names:
            return None
        level = _LEN_LEVEL[len(code)]
        return self._subject(code, level, {level: name}, "code")

    def _subject(self, code: str, level: str, levels: dict[str, str], by: str) -> ClaimSubject:
        names = {lv: _compact(n) for lv, n in levels.items()}
        table_names = {}
        for lv, n in names.items():
            own = code[:_LEVEL_LEN[lv]]
            if own in self.names and not self.is_named(own, norm_name(n)):
                table_names[lv] = self.printed[own]
        return ClaimSubject(kind="row", code=code, level=level, names=names, table_names=table_names, by=by)


def _paths(text: str) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """Runs of "名称（类）名称（款）名称（项）" in a sentence, or of "“类-款-项”": (start, end, [(level, name)])."""
    out: list[tuple[int, int, list[tuple[str, str]]]] = []
    # Most sentences name no 类/款/项: each slow pattern runs only on a sentence holding what it must match.
    if ("-" in text or "－" in text or "—" in text) and ("“" in text or '"' in text):
        for m in _DASHED.finditer(text):
            names = re.split(r"[-－—]", m.group("path"))
            out.append((m.start(), m.end(), list(zip(("类", "款", "项"), names))))
    if not any(mark in text for mark in ("类）", "款）", "项）", "类)", "款)", "项)")):
        return out
    for m in _NAMED.finditer(text):
        if out and out[-1][1] == m.start() and m.group("level") not in dict(out[-1][2]) and not _DASHED.match(
                text, out[-1][0]):
            start, _, path = out[-1]
            out[-1] = (start, m.end(), path + [(m.group("level"), m.group("name"))])
        else:
            out.append((m.start(), m.end(), [(m.group("level"), m.group("name"))]))
    return out


def _clause_before(text: str, at: int) -> str:
    """The words before ``at`` back to the last comma, semicolon, full stop or colon."""
    m = _UP_TO_CLAUSE.match(text, 0, at)
    return text[m.end() if m else 0:at]


_UP_TO_CLAUSE = re.compile(r".*[，,；;。：:]", re.S)  # (greedy: up to the last mark)
_PRIOR_YEAR = re.compile(r"(?:上年|上一年|去年)(?!结转|结余)")


def _period(text: str, at: int, year: int | None) -> str | None:
    clause = _clause_before(text, at)
    years = _YEAR_LABEL.findall(clause)
    if years and year is not None:
        y = int(years[-1])
        return "current" if y == year else "prior" if y == year - 1 else None
    if _PRIOR_YEAR.search(clause):  # 上年结转 is this year's income
        return "prior"
    return None


def extract_claims(passages: list[Passage], tables: list[Table], year: int | None = None,
                   narrative: dict | None = None) -> list[Claim]:
    rows = _Rows(tables)
    lines = _income_names(tables)
    claims: list[Claim] = []
    blocks: list[int] = []  # the block of each claim's paragraph
    paras: list[int] = []  # the index of each claim's paragraph's first claim
    for para in _paragraphs(passages):
        para_first = len(claims)
        row_of_para: ClaimSubject | None = None
        named_row: ClaimSubject | None = None  # a row a sentence of its own names ("1、……（类）……（项）。")
        prev_sentence: list[int] = []
        for sm in _SENTENCE.finditer(para.text):
            sentence, base = sm.group(0), sm.start()
            as_printed = para.printed[base:sm.end()]
            if not sentence.strip():
                continue
            first = len(claims)
            paths = _paths(sentence)
            coded = list(_CODED.finditer(sentence))
            row_of_sentence: ClaimSubject | None = None
            if paths or coded:
                row_of_para = None  # a new subject is named: what follows is about it, if it resolves
            for m in _NUMBER.finditer(sentence):
                if _is_year_or_date(sentence, m):
                    continue
                unit = m.group("unit")
                value = Decimal(m.group("num").replace(",", ""))
                before = sentence[:m.start()]
                measure, direction = _measure(before, unit, _COMPARING.search(para.text, 0, base + m.start()) is not None)
                claim = Claim(measure=measure, value=value, unit=as_printed[m.start("unit"):m.end("unit")],
                              printed=as_printed[m.start():m.end()], direction=direction,
                              period=_period(sentence, m.start(), year) if measure == "amount" else None,
                              text=as_printed, offset=m.start(), source=para.source(base + m.start()),
                              qualifier=_qualifier(sentence, m))
                if claim.qualifier is not None:
                    claims.append(claim)  # "单价100万元以上", "不低于5%": not a statement of an amount
                    continue
                subject = None
                if measure == "amount":
                    subject = _direct_subject(sentence, m.start(), paths, coded, rows)
                    if subject is None:
                        subject, final = _budget_or_final(sentence, m.start(), paths, rows, named_row)
                        if final:
                            claim.period = "current"  # the 决算 amount: the final tables' own figure
                if subject is not None and not subject.direct:
                    claim.subject, claim.resolved = subject, True
                    subject = None
                    row_of_sentence = row_of_para = claim.subject.model_copy(update={"direct": True})
                if subject is not None:
                    row_of_sentence = row_of_para = subject
                elif measure in ("change", "growth_rate") and row_of_sentence is not None:
                    # "…（项）支出5804.83万元，与上年相比减少245.14万元，减少4.05%"
                    subject = row_of_sentence.model_copy(update={"direct": False})
                elif row_of_para is not None and not paths and not coded and (
                        measure in ("change", "growth_rate") or claim.period is not None):
                    # the item's later sentences: "2023年当年预算执行数为54.60万元，2024年预算安排53.84万元"
                    subject = row_of_para.model_copy(update={"direct": False})
                if subject is not None:
                    claim.subject = subject
                    claim.resolved = True
                claims.append(claim)
            if paths and first == len(claims):
                named_row = rows.resolve(paths[-1][2])
            if first == len(claims):
                prev_sentence = []
                continue  # (most sentences state no number: nothing below has anything to read)
            if len({claims[i].subject.code for i in range(first, len(claims)) if claims[i].subject is not None
                    and claims[i].subject.kind == "row" and claims[i].subject.direct}) > 1:
                row_of_para = None  # a list of rows, not a paragraph about one: what follows is of none of them
            sentence_claims = [i for i in range(first, len(claims)) if claims[i].qualifier is None]
            if not sentence_claims:
                prev_sentence = sentence_claims
                continue  # what follows reads the sentence's own claims: a sentence without any has none to read
            _figures(sentence, para, base, claims, sentence_claims, narrative)
            _income_lines(sentence, claims, sentence_claims, lines)
            _named_figures(sentence, claims, sentence_claims)
            _target_statements(sentence, claims, sentence_claims)
            _changes_of_figures(sentence, claims, sentence_claims)
            _parts(sentence, claims, sentence_claims, prev_sentence)
            _count_parts(sentence, claims, sentence_claims)
            _paren_count_parts(sentence, claims, sentence_claims)
            _things_counted(sentence, claims, sentence_claims)
            _change_reasons(sentence, claims, sentence_claims)
            prev_sentence = sentence_claims
        _changes_of_rows(claims, para_first)
        blocks.extend([para.block] * (len(claims) - len(blocks)))
        paras.extend([para_first] * (len(claims) - len(paras)))
    _changes_of_amounts(claims, blocks, paras)
    _shares(claims, blocks)
    return claims


_COMPARED_WITH = re.compile(r"^(?:与|比|较|同)(?:上年|上一年|去年|(?:19|20)\d\d年)度?(?:预算(?:执行)?数?)?(?:相比|相较|比较)?[，,]?")
_CHANGED = re.compile(r"(?:各)?(?:增加|减少|增长|下降|上升|降低)(?:了|为)?$")


def _changes_of_amounts(claims: list[Claim], blocks: list[int], paras: list[int]) -> None:
    """A change in a sentence of its own is of the amount the paragraph stated last ("基本支出预算数为
    21968万元。与上年相比增加3397.18万元，增长18.29%。"); one that names a figure of the document ("与上年
    相比，财政拨款收、支总计各增加4016.19万元") is that figure's change, of the last statement of the figure
    in the same part of the explanation. The rate right after the change goes with it."""
    for i, c in enumerate(claims):
        if c.measure != "change" or c.of is not None or c.qualifier is not None:
            continue
        rest = _CHANGED.sub("", _COMPARED_WITH.sub("", _clause_before(c.text, c.offset)))
        if not rest:
            p = claims[i - 1] if i and paras[i - 1] == paras[i] else None
            if p is None or p.measure != "amount" or p.qualifier is not None or p.period == "prior" \
                    or _MONEY.get(p.unit or "") != _MONEY.get(c.unit or "") or p.text == c.text:
                continue
            c.of = i - 1
            subject = p.subject
        else:
            keys = list(figures_named(rest))
            if set(keys) == {"income_total", "expenditure_total"}:
                keys = ["income_total"]
            if len(keys) != 1:
                continue
            j = next((j for j in range(i - 1, -1, -1) if blocks[j] == blocks[i] and claims[j].measure == "amount"
                      and claims[j].subject is not None and claims[j].subject.figure == keys[0]
                      and claims[j].period != "prior" and _MONEY.get(claims[j].unit or "") == _MONEY.get(c.unit or "")),
                     None)
            subject = ClaimSubject(kind="figure", figure=keys[0], by="figure_name")
            if j is not None:
                c.of = j
        if subject is not None and not c.resolved:
            c.subject = subject.model_copy(update={"direct": False})
            c.resolved = True
            r = claims[i + 1] if i + 1 < len(claims) else None
            if r is not None and r.measure == "growth_rate" and r.of == i and not r.resolved:
                r.subject, r.resolved = c.subject, True


# What makes a number a bound or an approximation rather than a statement of it.
_BOUND_AFTER = re.compile(r"(?:[（(]含[)）])?(?:及)?(?:以上|以下|以内|(?P<approx>左右|上下))")
_BOUND_BEFORE = re.compile(r"(?:不低于|不少于|不超过|不高于|不多于|突破|超过|低于|高于|大于|小于|控制在|(?P<approx>(?<![节制契])约|大约|将近|近|逾))$")


def _qualifier(sentence: str, m: re.Match) -> str | None:
    after = _BOUND_AFTER.match(sentence, m.end())
    if after is not None:
        return "approximate" if after.group("approx") else "threshold"
    before = _BOUND_BEFORE.search(sentence[max(0, m.start() - 4):m.start()])
    if before is not None:
        return "approximate" if before.group("approx") else "threshold"
    return None


def _is_year_or_date(sentence: str, m: re.Match) -> bool:
    after = sentence[m.end():m.end() + 1]
    return m.group("unit") in ("个", "人", "次") and after in ("月",) or \
        sentence[m.end("num"):m.end("num") + 1] in ("年", "月", "日")


def _measure(before: str, unit: str, comparing: bool) -> tuple[str, str | None]:
    cm = _CHANGE_BEFORE.search(before[-6:]) if comparing else None
    direction = None if cm is None else ("increase" if cm.group("dir") in _UP else "decrease")
    if unit == "%":
        if direction is not None:
            return "growth_rate", direction
        if "占" in _clause_before(before, len(before)):
            return "share", None
        return "percent", None
    if unit in _COUNT_UNIT_SET:
        return "count", None
    if direction is not None:
        return "change", direction
    return "amount", None


_CLASS_CLAUSE = re.compile(r"^(?:包括|其中)?(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))?[“\"]?"
                           r"(?P<name>[\u4e00-\u9fff]+支出)[”\"]?(?:科目)?(?:预算数?)?(?:为|是)?$")


def _class_by_name(sentence: str, at: int, rows: _Rows) -> ClaimSubject | None:
    """A 类 the clause before the amount is nothing but the name of ("2．社会保障和就业支出1890.27万元",
    "1.“一般公共服务支出”科目13,434万元"), printed once among the tables' 类."""
    clause = _AFTER_AMOUNT.split(_clause_before(sentence, at))[-1].lstrip("、")
    m = _CLASS_CLAUSE.match(clause)
    if m is None:
        return None
    cands = [c for c, ns in rows.names.items() if len(c) == 3 and norm_name(m.group("name")) in ns]
    if len(cands) != 1:
        return None
    return rows._subject(cands[0], "类", {"类": m.group("name")}, "name")


def _direct_subject(sentence: str, at: int, paths, coded, rows: _Rows) -> ClaimSubject | None:
    """The row whose name the amount at ``at`` directly follows."""
    for start, end, path in reversed(paths):
        if end <= at:
            if _GAP.match(sentence[end:at]):
                s = rows.resolve(path)
                if s is not None:
                    return s.model_copy(update={"direct": True})
            return None
    for m in reversed(coded):
        if m.end() <= at:
            if _GAP.match(sentence[m.end():at]):
                # the name may end in a word the gap allows: "2010399-其他……事务支出493.91万元"
                gap = sentence[m.end():at]
                name = m.group("name") + gap if rows.has_name(m.group("code"), m.group("name") + gap) \
                    else m.group("name")
                s = rows.by_code(m.group("code"), name)
                if s is not None:
                    return s.model_copy(update={"direct": True})
            return None
    s = _class_by_name(sentence, at, rows)
    return s.model_copy(update={"direct": True}) if s is not None else None


# "……（项）：年初预算为1560.05万元，支出决算为1511.89万元，完成年初预算的96.91%" (a 决算's explanation)
_BUDGET_GAP = re.compile(r"[”\"]?[：:，,]?(?:年初预算|全年预算|调整预算)数?(?:为|是)?")
_FINAL_GAP = re.compile(_BUDGET_GAP.pattern + r"\d[\d,.]*(?:万元|元)[，,](?:支出)?决算数?(?:为|是)?")


def _budget_or_final(sentence: str, at: int, paths, rows: _Rows,
                     named: ClaimSubject | None) -> tuple[ClaimSubject | None, bool]:
    """The row a 决算's explanation names before its 年初预算 and 决算 amounts (in the sentence, or in a
    sentence of its own before it: ``named``), and whether the amount at ``at`` is the 决算 (the final
    tables' figure) rather than the budget."""
    if not paths and named is not None:
        gap = sentence[:at]
        final = _FINAL_GAP.fullmatch(gap) is not None
        if final or _BUDGET_GAP.fullmatch(gap):
            return named.model_copy(update={"direct": False}), final
        return None, False
    for start, end, path in reversed(paths):
        if end > at:
            continue
        gap = sentence[end:at]
        final = _FINAL_GAP.fullmatch(gap) is not None
        if final or _BUDGET_GAP.fullmatch(gap):
            s = rows.resolve(path)
            if s is not None:
                return s.model_copy(update={"direct": False}), final
        return None, False
    return None, False


class _Stated(NamedTuple):
    """What :func:`_figures` reads of a figure the explanation reader finds: its value and unit (the
    sentence and place a :class:`StatedFigure` also holds are the claim's own)."""

    value: Decimal
    unit: str


def _stated(m: re.Match, sentence: str, line, negative: bool = False) -> _Stated:
    value = Decimal(m.group("num").replace(",", ""))
    return _Stated(-value if negative else value, m.group("unit"))


# What the clause before an amount must print for the amount to be taken as a figure of the whole document
# when it is not the statement the explanation reader keeps (:attr:`Disclosure.narrative`), and what makes it
# another amount: a part, another fund, a neighbouring item ("公务接待费预算支出36万元" is not 支出合计,
# "财政拨款基本支出预算" is not 基本支出).
_OTHER_FUNDS = r"财政拨款|一般公共|基金|国有资本|专户|单位资金|事业|结转|结余|其他|上年|比|较"
_ITEMS = r"费|车|出国|接待|会议|培训|运行|资产|采购|三公|基本|项目|人员|公用"
FIGURE_NAMES = {
    "income_total": (r"收入(?:预算)?(?:总计|合计|总额)|收支(?:预算)?(?:总计|合计|总额|安排)|(?:预算收入|收入预算)(?:为|是)?$",
                     _OTHER_FUNDS + r"|支出|" + _ITEMS),
    "expenditure_total": (r"支出(?:预算)?(?:总计|合计|总额)|收支(?:预算)?(?:总计|合计|总额|安排)|(?:预算支出|支出预算)(?:为|是)?$",
                          _OTHER_FUNDS + r"|收入|" + _ITEMS),
    "general_budget_income": (r"一般公共预算(?:拨款|财政拨款)?收入", r"结转|结余|上年|比|较|支出|基金|国有资本"),
    "government_fund_income": (r"基金(?:预算)?(?:财政)?(?:拨款)?收入", r"结转|结余|上年|比|较|支出|一般公共|国有资本"),
    "fiscal_special_account_income": (r"财政专户(?:核拨|管理资金)?收入|^(?:本年)?财政专户管理资金(?:收入)?(?:预算)?(?:为|是)?$",
                                      r"结转|结余|上年|比|较|支出"),
    "unit_funds_income": (r"单位资金(?:其他)?收入", r"结转|结余|上年|比|较|支出"),
    "carryover": (r"上年结转(?:结余)?(?:收入|资金)?$", r"的|基金|一般公共|国有资本|专户|单位资金|比|较"),
    "state_capital_income": (r"国有资本经营预算(?:拨款)?收入", r"结转|结余|上年|比|较|支出|一般公共|基金"),
    "business_income": (r"事业收入", r"结转|结余|上年|比|较|支出|经营"),
    "three_public_total": (r"三公", r"出国|购置|运行|接待|会议|培训|上年|比|较"),
    "overseas": (r"出国", r"三公|购置|运行|接待"),
    "vehicle_purchase_and_operation": (r"购置(?:及|和|与)运", r"出国|接待"),
    "vehicle_purchase": (r"公务用?车购置费?", r"运行|运维|出国|接待"),
    "vehicle_operation": (r"车运(?:行|维)(?:维护|维持|及维护)?费", r"购置|出国|接待"),
    "reception": (r"公务接待", r"出国|购置|运行"),
    "operation_cost": (r"机关运行经费", r"车|三公"),
    "procurement_total": (r"政府采购", r"货物|工程|服务|中小|小微|授予|预留|面向|其中"),
    "basic": (r"基本支出(?:预算)?数?(?:为|是)?$", _OTHER_FUNDS + r"|人员|公用|其中|的|涉及|用于"),
    "project": (r"项目支出(?:预算)?数?(?:为|是)?$", _OTHER_FUNDS + r"|本级|对下|其中|的|涉及|用于|个"),
    "personnel": (r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?人员经费(?:预算)?数?(?:为|是)?$", r"$^"),
    "public": (r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?(?:日常)?公用经费(?:预算)?数?(?:为|是)?$", r"$^"),
    "reserve": (r"预留机动经费(?:预算)?数?(?:为|是)?$", r"上年|比|较|增加|减少"),
    "fiscal_basic": (r"财政拨款基本支出(?:预算)?数?(?:为|是)?$", r"一般公共|上年|比|较"),
    "meeting": (r"会议费", r"培训|三公|上年|比|较|机关运行"),
    "training": (r"培训费", r"会议|三公|上年|比|较|机关运行"),
    # the parts of the procurement budget ("政府采购货物预算17.00万元", "面向中小企业预留……预算金额34万元")
    "procurement_goods": (r"采购.*货物|货物.*采购", r"工程|服务|中小|小微|小型|上年|比|较"),
    "procurement_works": (r"采购.*工程|工程.*采购", r"货物|服务|中小|小微|小型|上年|比|较"),
    "procurement_services": (r"采购.*服务|服务.*采购", r"货物|工程|中小|小微|小型|上年|比|较"),
    "procurement_sme": (r"中小企业", r"小微|小型|微型|上年|比|较|供应商"),
    "procurement_small_micro": (r"小微|小型和微型|小型、微型", r"上年|比|较|供应商"),
    # the 财政拨款收支总表 and the function tables by fund, named the way the explanations name them
    "fiscal_total": (r"财政拨款(?:收[、,]?支|收入|支出)?总?(?:预算)?(?:支出|收入)?(?:总计|合计|总额)?(?:为|是)?$",
                     r"一般公共|基金|国有资本|基本|项目|人员|公用|结转|结余|上年|比|较|三公|会议|培训|采购|的|涉及|用于"),
    "general_budget_expenditure": (r"一般公共预算(?:财政)?拨款(?:支出)?(?:预算)?(?:支出)?(?:为|是)?$",
                                   r"基本|项目|人员|公用|结转|结余|上年|比|较|三公|会议|培训|采购|安排的|涉及|用于"),
    "government_fund_expenditure": (r"政府性基金(?:预算)?(?:拨款)?(?:支出预算|预算支出|支出)(?:支出)?(?:为|是)?$",
                                    r"基本|项目|结转|结余|上年|比|较|三公|采购"),
    "state_capital_expenditure": (r"国有资本经营预算(?:拨款)?(?:支出预算|预算支出|支出)(?:为|是)?$",
                                  r"基本|项目|结转|结余|上年|比|较|三公|采购"),
    "general_budget_basic": (r"一般公共预算(?:财政)?拨款基本支出(?:预算)?(?:为|是)?$", r"结转|结余|上年|比|较"),
    # the kinds of spending of the 支出总表 beside 基本支出 and 项目支出, and the 收支总表's carry-overs
    "operating_expenditure": (r"经营支出(?:预算)?(?:为|是)?$", r"收入|上年|比|较"),
    "remit_to_superior": (r"上缴上级支出(?:预算)?(?:为|是)?$", r"上年|比|较"),
    "subsidy_to_affiliates": (r"对附属单位补助支出(?:预算)?(?:为|是)?$", r"上年|比|较"),
    "year_end_carryover": (r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]?)?(?:年终结转结余|结转下年(?:资金|支出)?)(?:预算)?(?:为|是)?$",
                           r"比|较"),
    "carryover_general_budget": (r"上年结转结余的一般公共预算", r"基金|国有资本|专户|单位资金"),
    "carryover_government_fund": (r"上年结转结余的政府性基金", r"一般公共|国有资本|专户|单位资金"),
    "carryover_state_capital": (r"上年结转结余的国有资本经营", r"一般公共|基金|专户|单位资金"),
    "carryover_special_account": (r"上年结转结余的财政专户", r"一般公共|基金|国有资本|单位资金"),
    "carryover_unit_funds": (r"上年结转结余的单位资金", r"一般公共|基金|国有资本|专户"),
    # "年度预算安排第一季度用款计划25.88万元，第二季度用款计划180.74万元，……"
    **{f"spending_plan_q{i}": (f"第{q}季度用款计划(?:为|是)?$", r"上年|比|较") for i, q in enumerate("一二三四", 1)},
    # "2026年委托业务费涉及财拨资金19,051.54万元", "委托业务费预算总额961.76万元"
    "entrusted_services": (r"委托业务费", r"上年|比|较|增加|减少"),
}


# (key, the words every name of it holds, its names, what names another amount), compiled once: every
# unresolved amount of an explanation is tried against all of them.
_FIGURE_PATTERNS = [(k, nar._needed(name), re.compile(name), re.compile(other))
                    for k, (name, other) in FIGURE_NAMES.items()]
_FIGURE_BY_KEY = {k: (required, name, other) for k, required, name, other in _FIGURE_PATTERNS}


def names_figure(key: str, clause: str) -> bool:
    """Whether ``clause`` (the words before an amount, back to the last comma) names the figure ``key`` and
    no other amount."""
    found = _FIGURE_BY_KEY.get(key)
    if found is None:
        return False
    required, name, other = found
    clause = _BOTH.sub("收支", clause)  # "收入、支出预算总计", "收、支总预算": the two sides named together
    return required in clause and name.search(clause) is not None and other.search(clause) is None


@lru_cache(maxsize=16384)
def figures_named(clause: str) -> tuple[str, ...]:
    """The figures :func:`names_figure` finds ``clause`` naming, in the order of :data:`FIGURE_NAMES`."""
    clause = _BOTH.sub("收支", clause)
    return tuple(k for k, required, name, other in _FIGURE_PATTERNS
                 if required in clause and name.search(clause) is not None and other.search(clause) is None)


_BOTH = re.compile(r"收入[、和及与]?支出|收[、和]支")


def _figures(sentence: str, para: _Para, base: int, claims: list[Claim], idx: list[int], narrative: dict | None) -> None:
    """Document figures: the keys :mod:`yusuan.recognize.narrative` reads from this sentence alone, taken
    where the amount is the statement the explanation reader keeps for the key, or where the clause before
    it names the figure and nothing else (:data:`FIGURE_NAMES`)."""
    todo = [i for i in idx if not claims[i].resolved and claims[i].unit in ("万元", "元", "亿元", "万")]
    if not todo:
        return
    found: dict = {}
    masked = nar.YEAR.sub("YYYY", sentence)
    nar.scan_sentence(masked, sentence, None, para.section, found, para.text, _stated)
    for key, fig in found.items():
        kept = (narrative or {}).get(key)
        cands = [i for i in todo if not claims[i].resolved and claims[i].value == abs(fig.value)
                 and claims[i].unit == fig.unit and (claims[i].measure == "change") == key.endswith("_change")]
        if len(cands) > 1:
            # the same number stands more than once ("…收入0.00万元、…收入0.00万元"): only the name tells which
            cands = [i for i in cands if key in figures_named(_clause_before(sentence, claims[i].offset))][:1]
        for i in cands[:1]:
            c = claims[i]
            own = kept is not None and kept.value == fig.value and kept.unit == fig.unit and (
                kept.source.page, kept.source.line, kept.source.file) == (c.source.page, c.source.line, c.source.file)
            named = figures_named(_clause_before(sentence, c.offset))
            if key not in named and (not own or key in ("income_total", "expenditure_total") and any(
                    other != key for other in named)):
                # "一般公共预算拨款支出预算9,101.68万元" is that fund's figure, not the total the reader kept
                continue
            c.subject = ClaimSubject(kind="figure", figure=key, by="figure")
            c.resolved = True


# "X万元，比上年增加Y万元，增长z%": the change and the rate that follow a figure's amount are its own.
_TO_CHANGE = re.compile(r"^[，,]?(?:与|比|较|同)(?:上年|上一年|去年|(?:19|20)\d\d年)(?:度|年初)?(?:预算(?:执行)?数?)?"
                        r"(?:相比|相较|比较)?[，,]?(?:增加|减少|增长|下降|上升|降低)(?:了|为)?$")
_TO_RATE = re.compile(r"^[，,](?:增加|减少|增长|下降|上升|降低|增幅|降幅|减幅)(?:了|为)?$")


def _changes_of_figures(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """Link a change (and its rate) to the amount it directly follows ("X万元，比上年增加Y万元，增长z%"):
    ``of`` always, the amount's subject where it has one."""
    for a, b in zip(idx, idx[1:]):
        amount, change = claims[a], claims[b]
        between = sentence[amount.offset + len(amount.printed):change.offset]
        if amount.measure == "amount" and change.measure == "change" and _TO_CHANGE.match(between) \
                and _MONEY.get(amount.unit or "") == _MONEY.get(change.unit or ""):
            pass
        elif amount.measure == "change" and change.measure == "growth_rate" and _TO_RATE.match(between):
            pass
        elif amount.measure == "amount" and change.measure == "growth_rate" and _TO_CHANGE.match(between):
            pass  # "X万元，比上年增长z%"
        else:
            continue
        if change.of is None:
            change.of = a
        if amount.subject is None or change.resolved:
            continue
        change.subject = amount.subject.model_copy(update={"direct": False})
        change.resolved = True


def _changes_of_rows(claims: list[Claim], start: int) -> None:
    """A paragraph about one table row: its change and rate, in a later sentence ("公共安全（类）支出
    27488.23万元，……。与上年相比增加1287.35万元，增长4.91%。"), are of the row's own amount."""
    own: int | None = None
    for i in range(start, len(claims)):
        c = claims[i]
        if c.subject is None or c.subject.kind != "row":
            continue
        if c.measure == "amount" and c.subject.direct:
            own = i
        elif c.of is None and own is not None and claims[own].subject.code == c.subject.code:
            prev = claims[i - 1]
            if c.measure == "change" and _MONEY.get(c.unit or "") == _MONEY.get(claims[own].unit or ""):
                c.of = own
            elif c.measure == "growth_rate" and prev.measure == "change" and prev.of == own:
                c.of = i - 1


_AFTER_AMOUNT = re.compile(r"\d(?:亿元|万元|元|万|%)")


def _named_figures(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """An amount whose clause names one figure of the whole document and nothing else (:data:`FIGURE_NAMES`)
    is that figure, whether or not the explanation reader keeps the sentence ("3．公务接待费预算支出1.5万元",
    "财政拨款收、支总预算37188.34万元")."""
    for i in idx:
        c = claims[i]
        if c.resolved or c.measure != "amount" or _MONEY.get(c.unit or "") is None:
            continue
        # the words after the amount before it: "……收入0.00万元、其他收入4200.00万元" names 其他收入 alone
        clause = _AFTER_AMOUNT.split(_clause_before(sentence, c.offset))[-1]
        keys = list(figures_named(clause))
        if set(keys) == {"income_total", "expenditure_total"}:
            keys = ["income_total"]  # "收支总计", "收支安排": the two totals of a budget are one amount
        if len(keys) != 1:
            continue
        c.subject = ClaimSubject(kind="figure", figure=keys[0], by="figure_name")
        c.resolved = True


# "编报绩效目标的项目共25个，涉及项目预算资金11381.60万元", "本部门整体支出纳入绩效目标管理，涉及财政性资金
# 86,999.14万元；本部门共38个项目纳入绩效目标管理，涉及财政性资金合计74,051.18万元"
_TARGETS_SENTENCE = re.compile(r"绩效目标(?:管理|编报|编制|申报)|编报绩效目标|绩效目标的项目")
_TARGET_NOT = re.compile(r"跟踪|评价|自评|评级|得分|完成|执行|上年|比|较")


def _target_statements(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """The number of projects with performance targets and the money they cover: the projects' count
    (``target_projects``), their budget (``target_amount``), or the whole spending's (``target_overall``)
    where the sentence says 整体支出."""
    if not _TARGETS_SENTENCE.search(sentence):
        return
    for i in idx:
        c = claims[i]
        if c.resolved or c.period == "prior":
            continue
        clause = _clause_before(sentence, c.offset)
        if _TARGET_NOT.search(clause):
            continue
        after = sentence[c.offset + len(c.printed):]
        if c.measure == "count" and c.unit == "个" and (re.search(r"项目(?:共|数)?(?:为|有)?$", clause)
                                                        or re.match(r"项目(?:纳入|实行|编报)", after)):
            key = "target_projects"
        elif c.measure == "amount" and _MONEY.get(c.unit or "") and re.search(
                r"涉及[^，,；;]*(?:资金|预算|金额)|绩效目标的(?:资金|金额)(?:为|是)?$", clause):
            whole = sentence[:c.offset]
            whole = whole[max(whole.rfind("；"), whole.rfind(";")) + 1:]
            key = "target_overall" if "整体支出" in whole else "target_amount"
        else:
            continue
        c.subject = ClaimSubject(kind="figure", figure=key, by="figure_name")
        c.resolved = True


_LINE_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")


def _income_names(tables: list[Table]) -> dict[str, str]:
    """The income lines of the 收支总表 by name without its number ("九、其他收入" → 其他收入), names printed
    once only."""
    seen: dict[str, list[str]] = {}
    for t in tables:
        if t.id != "income_expenditure_summary":
            continue
        for r in t.rows:
            name = _LINE_NUMBER.sub("", _compact(r.name))
            if r.side == "income" and name.endswith("收入") and "合计" not in name and "总计" not in name:
                seen.setdefault(norm_name(name), []).append(r.name)
    return {n: printed[0] for n, printed in seen.items() if len(printed) == 1}


def _income_lines(sentence: str, claims: list[Claim], idx: list[int], lines: dict[str, str]) -> None:
    """An amount whose clause is nothing but an income line's name ("（9）其他收入25,585万元", "本年附属单位
    上缴收入0万元") is that line of the 收支总表."""
    if not lines:
        return
    for i in idx:
        c = claims[i]
        if c.resolved or c.measure != "amount" or _MONEY.get(c.unit or "") is None or c.period == "prior":
            continue
        clause = _LINE_NUMBER.sub("", _AFTER_AMOUNT.split(_clause_before(sentence, c.offset))[-1].lstrip("、"))
        clause = re.sub(r"^本年(?:度)?", "", clause)
        clause = re.sub(r"(?:预算数?)?(?:为|是)?$", "", clause)
        printed = lines.get(norm_name(clause))
        if printed is None:
            continue
        c.subject = ClaimSubject(kind="table_row", table="income_expenditure_summary", names={"行": printed},
                                 by="table_name", direct=True)
        c.resolved = True


def _parts(sentence: str, claims: list[Claim], idx: list[int], prev: list[int]) -> None:
    """Link "其中" parts to their total where the sentence leaves no doubt."""
    at = _outside_parens_find(sentence, "其中")
    if at < 0 or _outside_parens_find(sentence, "其中", at + 2) >= 0:
        return
    before = [i for i in idx if claims[i].offset < at]
    if before:
        total = before[-1]
        t = claims[total]
        if sentence[t.offset + len(t.printed):at] not in ("", "，", ","):
            return  # "…225.99万元；其中一般公共预算拨款…" is not the total of what follows
    elif not sentence[:at].strip("。；;，,：: ") and prev:
        total = prev[-1]
    else:
        return
    t = claims[total]
    if t.measure not in ("amount", "change") or t.unit not in ("万元", "元", "万", "亿元"):
        return
    # a change's parts are changes ("增加56.83万元，其中：基本支出增加40.92万元，项目支出增加15.91万元")
    skip = ("growth_rate", "share", "percent") + (("change",) if t.measure == "amount" else ("amount",))
    parts: list[int] = []
    restated: list[int] = []
    inside = _paren_mask(sentence)
    for i in idx:
        c = claims[i]
        if c.offset <= at or inside[c.offset]:
            continue
        if c.measure in skip:
            if t.measure == "change" and c.measure == "amount":
                return  # an amount among changes: not a plain list of the change's parts
            continue
        if c.measure != t.measure or _MONEY.get(c.unit) is None or c.period == "prior":
            return  # a part in 元 among parts in 万元 stays a part: N011 converts it, or finds the unit slip
        if _RESTATED.search(sentence[:c.offset]):
            restated.append(i)  # "…，合计1170.00万" restates the total: the parts add up to it as well
            continue
        clause = _clause_before(sentence, c.offset)
        if t.measure == "amount" and _COMPARED.search(clause) or re.search(r"一致|持平", clause):
            return
        parts.append(i)
    # "减少0.80万元，其中：公务接待费减少0.80万元，因公出国（境）费……与上年持平": the others changed by nothing
    flat = t.measure == "change" and len(parts) == 1 and re.search(r"持平|无增减|没有增减|未变|不变", sentence[at:])
    if len(parts) < 2 and not flat:
        return
    # what follows the last part ("；收入比2025年增加……，主要是……") is not inside the list, but "等" right after it is
    last = claims[parts[-1]]
    stop = last.offset + len(last.printed) + 2
    plain = "".join(ch for ch, inn in zip(sentence[at + 2:stop], inside[at + 2:stop]) if not inn)
    # after a change's parts "主要是……" gives the reason, not a nested list
    nested = _NESTED if t.measure == "amount" else re.compile(r"包括|其中")
    if len(parts) < 2 and not flat or nested.search(plain) or re.search(r"[：:]", plain.lstrip("：:")):
        return
    t.total_of = parts
    for i in restated:
        if claims[i].offset > claims[parts[-1]].offset:
            claims[i].total_of = list(parts)


# The things the 国有资产 and 机构设置 paragraphs count or value: vehicles by kind, equipment above a unit
# price, assets by kind, internal departments and subordinate units.
_VEHICLE_KIND = re.compile(r"([\u4e00-\u9fff（）()]{2,12}?用车)$")
_ASSET_KIND = re.compile(r"(流动资产|固定资产|在建工程|无形资产|长期投资|对外投资|房屋|土地|构筑物)(?:总额|合计|共计?)?(?:为|是|有)?$")
_UNIT_KIND = re.compile(r"(内设机构|内设股室|内设处室|职能处室|所属事业单位|事业单位|下属单位|所属单位|二级预算单位|预算单位|行政单位|"
                        r"参公单位|下属差额拨款事业单位|机构)")


def _things_counted(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """Vehicles ("共有车辆7辆", "执法执勤用车4辆", "预算安排购置车辆1辆"), equipment ("单价100万元（含）以上设备
    （不含车辆）0台（套）"), assets ("流动资产448.82万元", "无形资产471项"), departments and units ("内设机构40个",
    "本部门包括27个内设机构") as figures of the document: ``vehicles``, ``planned_vehicles``, ``equipment``,
    ``planned_equipment``, ``assets``, ``units``, with the kind in ``names["类别"]``."""
    for i in idx:
        c = claims[i]
        if c.resolved:
            continue
        group = sentence[:c.offset]
        group = group[max(group.rfind("；"), group.rfind(";"), group.rfind("。")) + 1:]
        clause = _clause_before(sentence, c.offset)
        clause = re.sub(r"[（(][^）)]*[)）]$", "", clause)  # "设备（不含车辆）"
        planned = "购置" in group or "购买" in group
        key, kind = None, None
        if c.measure == "count" and c.unit == "辆":
            m = _VEHICLE_KIND.search(clause)
            key = "planned_vehicles" if planned else "vehicles"
            kind = re.sub(r"^(?:其中|包括|含)[：:，,]?", "", m.group(1)) if m else None
            if m is None and not re.search(r"车辆(?:共计?|合计)?(?:为|有)?$", clause):
                continue
        elif c.measure == "count" and c.unit in PART_COUNT_UNITS and "设备" in clause:
            key = "planned_equipment" if planned and "购置" in clause else "equipment"
            kind = re.sub(r"^.*?(?=单价|单位价值|通用设备|专用设备)", "", clause) or None
        elif c.measure in ("amount", "count") and (c.unit == "项" or _MONEY.get(c.unit or "")) and (
                m := _ASSET_KIND.search(re.sub(r"\d+项$", "", clause))):
            key, kind = "assets", m.group(1)
        elif c.measure == "count" and c.unit == "个":
            m = _UNIT_KIND.search(clause) or (_UNIT_KIND.match(sentence, c.offset + len(c.printed)))
            if m is None or "项目" in clause:
                continue
            key, kind = "units", m.group(1)
        else:
            continue
        c.subject = ClaimSubject(kind="figure", figure=key, names={"类别": kind} if kind else {}, by="figure_name")
        c.resolved = True


# What a list of counted parts counts: vehicles and equipment ("共有车辆7辆，其中：一般公务用车3辆、……").
PART_COUNT_UNITS = ("辆", "台（套）", "台(套)", "台", "套")


def _count_parts(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """Link counted "其中" parts to their total, within one clause group (up to "；"): the total right
    before the 其中, at least two parts after it in the same unit, nothing else counted or measured after
    it, no nested list."""
    if "其中" not in sentence:
        return
    inside = _paren_mask(sentence)
    start = 0
    for seg in re.split(r"(?<=[；;])", sentence):
        end = start + len(seg)
        at = _outside_parens_find(sentence, "其中", start, end)
        here = [i for i in idx if start <= claims[i].offset < end]
        start = end
        if at < 0 or _outside_parens_find(sentence, "其中", at + 2, end) >= 0:
            continue
        before = [i for i in here if claims[i].offset < at]
        if not before:
            continue
        t = claims[before[-1]]
        if t.measure != "count" or t.unit not in PART_COUNT_UNITS or t.total_of:
            continue
        if sentence[t.offset + len(t.printed):at] not in ("", "，", ","):
            continue
        after = [i for i in here if claims[i].offset > at and not inside[claims[i].offset]]
        if any(claims[i].measure != "count" or claims[i].unit != t.unit for i in after):
            continue
        plain = "".join(ch for ch, inn in zip(sentence[at + 2:end], inside[at + 2:end]) if not inn)
        if len(after) < 2 or re.search(r"包括|其中", plain) or re.search(r"[：:]", plain.lstrip("：:")):
            continue  # ("主要领导干部用车" is a kind of vehicle, not a nested list)
        t.total_of = after


_REASON_LIST = re.compile(r"[，,]主要(?:是|为|原因是)")
_NEXT_CHANGE = re.compile(r"^[，,、]?[^，,。；;：:\d]*?(?:增加|减少)了?$")


def _change_reasons(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """"收入比2025年减少10,586.36万元,主要是一般公共预算拨款减少8,648.06万元,财政专户管理资金增加519.12万元,
    ……": the changes listed one clause each after "主要是" are the parts of the change before it."""
    for k, i in enumerate(idx):
        t = claims[i]
        if t.measure != "change" or t.total_of or not _REASON_LIST.match(sentence, t.offset + len(t.printed)):
            continue
        parts, prev_end = [], t.offset + len(t.printed) + len(_REASON_LIST.match(sentence, t.offset + len(t.printed))
                                                                .group(0))
        for j in idx[k + 1:]:
            c = claims[j]
            if c.measure != "change" or _MONEY.get(c.unit or "") != _MONEY.get(t.unit or "") \
                    or not _NEXT_CHANGE.match(sentence[prev_end:c.offset]):
                break
            parts.append(j)
            prev_end = c.offset + len(c.printed)
        if len(parts) >= 2 and not re.match(r"[，,、]?[^，,。；;]*?(?:增加|减少)", sentence[prev_end:]):
            t.total_of = parts  # (a list that goes on in another form is not taken)


def _paren_count_parts(sentence: str, claims: list[Claim], idx: list[int]) -> None:
    """"车辆7辆（一般公务用车3辆，执法执勤用车4辆，……）": the counts in the parenthesis right after a count
    are its parts, when every number inside is a count in the same unit."""
    for i in idx:
        t = claims[i]
        end = t.offset + len(t.printed)
        if t.measure != "count" or t.unit not in PART_COUNT_UNITS or t.total_of or sentence[end:end + 1] not in "（(" \
                or end >= len(sentence):
            continue
        close = _close_paren(sentence, end)
        if close < 0:
            continue
        inside = [j for j in idx if end < claims[j].offset < close]
        if len(inside) < 2 or any(claims[j].measure != "count" or claims[j].unit != t.unit for j in inside) \
                or re.search(r"其中|包括|[（(]", sentence[end + 1:close]):
            continue
        t.total_of = inside


def _close_paren(text: str, start: int) -> int:
    depth = 0
    for k in range(start, len(text)):
        if text[k] in "（(":
            depth += 1
        elif text[k] in "）)":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _outside_parens_find(text: str, word: str, start: int = 0, end: int | None = None) -> int:
    """Where ``word`` stands first in ``text[start:end]`` outside parentheses, or -1."""
    i = text.find(word, start, end)
    if i < 0:
        return i  # most sentences lack the word: no mask to build
    inside = _paren_mask(text)
    while i >= 0 and inside[i]:
        i = text.find(word, i + 1, end)
    return i


@lru_cache(maxsize=256)  # (asked of the same sentence by each reading of its parts)
def _paren_mask(text: str) -> tuple[bool, ...]:
    if "（" not in text and "(" not in text:
        return (False,) * len(text)
    out, depth = [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        out.append(depth > 0)
        if ch in "）)" and depth:
            depth -= 1
    return tuple(out)


# What may stand between an amount and its share ("…20,832.97万元，占23.94%", "…160万元，占“三公”经费的31.14%").
_TO_SHARE = re.compile(r"^[，,]?(?:约)?占(?:比)?(?P<what>[^，,。；;：:\d]{0,16}?)(?:的)?(?:比重|比例)?(?:为|是)?$")
_TO_COMPLETION = re.compile(r"^[，,](?:完成|达到|占)(?:年初)?(?:预算|预算数|全年预算)的?(?:为)?$")
_TOTAL_WORDS = re.compile(r"合计|总计|总额|总预算|收支安排|预算总")
_TOTAL_FIGURES = ("income_total", "expenditure_total", "fiscal_total", "three_public_total", "procurement_total",
                  "general_budget_expenditure", "vehicle_purchase_and_operation")
_LIST_AFTER = re.compile(r"^[，,。；;]?(?:其中|包括|主要用于|主要包括|具体|分别)")
# a base the phrase names, and the figures it names
_NAMED_BASES = ((re.compile(r"三公"), "three_public_total"), (re.compile(r"支出"), "expenditure_total"),
                (re.compile(r"收入"), "income_total"), (re.compile(r"采购"), "procurement_total"))


def _shares(claims: list[Claim], blocks: list[int]) -> None:
    """A share after an amount ("X万元，占P%") is of that amount (``of``); what it is a share of is one of
    the totals stated before it in the same part of the explanation (``bases``). A completion rate
    ("年初预算为A万元，支出决算为B万元，完成年初预算的P%") is B of A."""
    for i, c in enumerate(claims):
        if c.measure not in ("share", "percent") or i == 0 or c.qualifier is not None:
            continue
        prev = claims[i - 1]
        if prev.text != c.text or prev.source != c.source or prev.measure != "amount" or prev.qualifier is not None \
                or _MONEY.get(prev.unit or "") is None:
            continue
        between = c.text[prev.offset + len(prev.printed):c.offset]
        unit = _MONEY[prev.unit]
        if c.measure == "percent" and _TO_COMPLETION.match(between):
            budget = [j for j in (i - 2,) if j >= 0 and claims[j].text == c.text and claims[j].source == c.source
                      and claims[j].measure == "amount" and _MONEY.get(claims[j].unit or "") == unit
                      and re.search(r"年初预算|预算数|预算为|预算安排", _clause_before(c.text, claims[j].offset))]
            if budget:
                c.of, c.bases = i - 1, budget[:1]
            continue
        m = _TO_SHARE.match(between)
        if c.measure != "share" or m is None:
            continue
        c.of = i - 1
        named = [key for rx, key in _NAMED_BASES if rx.search(m.group("what"))][:1]
        bases = []
        for j in range(i - 2, -1, -1):
            b = claims[j]
            if named and (b.subject is None or b.subject.figure not in named) or not named and blocks[j] != blocks[i]:
                continue  # a base the phrase names is that figure wherever it is stated
            if b.measure != "amount" or _MONEY.get(b.unit or "") != unit or b.qualifier is not None \
                    or b.value < prev.value or b.period == "prior":
                continue
            after = b.text[b.offset + len(b.printed):]
            if (b.total_of or _TOTAL_WORDS.search(_clause_before(b.text, b.offset)) or _LIST_AFTER.match(after)
                    or b.subject is not None and b.subject.figure in _TOTAL_FIGURES):
                bases.append(j)
        c.bases = bases
        if named and not bases:
            # "占“三公”经费的31.14%" where the explanation states no 三公 total: a share of the tables' figure
            c.subject = ClaimSubject(kind="figure", figure=named[0], by="figure_name")
            c.resolved = True
