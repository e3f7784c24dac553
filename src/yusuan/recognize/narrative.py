"""Figures stated in the explanation text, each with the sentence it came from.

Sentences are matched against phrasing patterns ("预算收入647.23万元", "基本支出增加
40.92万元", "较2023年预算减少14.05万元" …). Years are masked first so that "2024年"
is never read as an amount. A decrease is stored as a negative number.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.read.grid import Line
from yusuan.model import StatedFigure

_NUM = r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|元)"
_GAP = r"[^0-9。；增减较比]{0,14}?"  # words between a term and its amount, never crossing a change word
_CHANGE = r"(?P<dir>增加|减少|增长|下降|上升|降低|持平)了?"

# A term must start a phrase: "接访劝访人员经费4万元" is a project, not 人员经费.
_TERM_START = r"(?:(?<![\u4e00-\u9fff])|(?<=包括)|(?<=其中)|(?<=含)|(?<=和))"

# (key, pattern). Order matters only within a key: the first pattern that matches a sentence wins.
PATTERNS: list[tuple[str, str]] = [
    ("income_total", r"(?:预算收入|收入预算(?:总额|合计)?|收入总计|收入合计|总收入)" + _GAP + _NUM),
    ("income_total", r"(?:^|[（(]一[)）])收入预算[：:]" + _GAP + _NUM),
    ("general_budget_income", r"一般公共预算(?:拨款)?收入" + _GAP + _NUM),
    ("general_budget_income", r"(?:其中|包括)[，,：:]?\s*一般公共预算(?:拨款|财政拨款)(?:收入)?" + _GAP + _NUM),
    ("government_fund_income", r"(?:政府性)?基金预算(?:拨款)?收入" + _GAP + _NUM),
    ("state_capital_income", r"国有资本经营预算(?:拨款)?收入" + _GAP + _NUM),
    ("fiscal_special_account_income", r"财政专户(?:核拨|管理资金)?收入" + _GAP + _NUM),
    ("unit_funds_income", r"单位资金(?:其他)?收入" + _GAP + _NUM),
    ("business_income", r"事业收入" + _GAP + _NUM),
    ("carryover", r"上年结转(?:结余)?(?:收入|资金)?" + _GAP + _NUM),
    # A 决算's "财政拨款收入支出总计2961.68万元": the amount must follow the words, nothing between.
    ("fiscal_appropriation_total", r"财政拨款收(?:入)?支(?:出)?总计(?:为|是)?\s*" + _NUM),
    ("expenditure_total", r"(?:预算支出|支出预算(?:总额|合计)?|支出总计|支出合计|总支出)" + _GAP + _NUM),
    ("basic", r"基本支出(?:预算)?" + _GAP + _NUM),
    ("personnel", _TERM_START + r"人员经费(?:支出)?" + _GAP + _NUM),
    ("public", _TERM_START + r"(?:日常|正常)?公用经费(?:支出)?" + _GAP + _NUM),
    ("project", r"项目支出(?:预算)?" + _GAP + _NUM),
    # The gap may not name a part: "“三公”经费预算支出中，因公出国（境）费支出160万元" states the part.
    ("three_public_total", r"三公[”\"]?经费(?:预算)?(?:安排|数为|总额|合计|为|共计)?"
     r"(?:(?!因公出国|公务用?车|公务接待|会议费|培训费)[^0-9。；增减较比]){0,14}?" + _NUM),
    ("overseas", r"因公出国[（(]境[)）](?:费用|经费|费)?" + _GAP + _NUM),
    ("vehicle_purchase_and_operation", r"公务用?车购置及运(?:行|维)(?:维护)?(?:费|经费)?" + _GAP + _NUM),
    ("vehicle_purchase", r"公务用?车购置(?:费|经费)(?:为)?" + _GAP + _NUM),
    ("vehicle_operation", r"公务用?车运(?:行|维)(?:维护|及维护)?(?:费|经费)" + _GAP + _NUM),
    ("reception", r"公务接待(?:费|经费)?" + _GAP + _NUM),
    ("operation_cost", r"(?:机关)?运行经费" + r"[^0-9。；增减较比]{0,20}?" + _NUM),
    ("fixed_assets_total", r"固定资产(?:金额|总额|原值|价值)?(?:为|合计|共计)?" + _GAP + _NUM),
    ("planned_fixed_assets", r"拟购置固定资产(?:总额)?(?:为)?" + _GAP + _NUM),
    ("procurement_total", r"政府采购预算(?:总额)?(?:为|安排)?" + _GAP + _NUM),
]

# What the previous year's figure is called between the year and the change word: "比2023年收支总预算增加",
# "较上年年初预算数减少", "较2023年年初预算的1278万元减少40万元" (the earlier amount, then the change).
_PRIOR = r"(?:度)?(?:年初|收支总|部门|同期)?(?:预算数?)?(?:的?\d+(?:,\d{3})*(?:\.\d+)?\s*万?元)?"

CHANGE_PATTERNS: list[tuple[str, str]] = [
    ("yoy_change_total", r"(?:较|比|与)(?:YYYY年|上年|上一年)" + _PRIOR + r"(?:[（(][^)）]*[)）])?(?:相比)?[，,]?(?:预算)?"
     + _CHANGE + r"\s*" + _NUM),
    ("yoy_change_basic", r"基本支出" + _CHANGE + r"\s*" + _NUM),
    ("yoy_change_project", r"项目支出" + _CHANGE + r"\s*" + _NUM),
    ("three_public_change", r"(?:与|较|比)(?:YYYY年|上年)" + _PRIOR + r"(?:相比|预算)?[，,]?" + _CHANGE + r"\s*" + _NUM),
    ("operation_cost_change", r"(?:与|较|比|于)(?:YYYY年|上年)" + _PRIOR + r"(?:相比|预算)?[，,]?" + _CHANGE + r"\s*"
     + _NUM),
]
_DECREASE = ("减少", "下降", "降低")



def _needed(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` contains ("" when none): a
    sentence without it is not searched (most sentences name few of the terms)."""
    best = run = ""
    for op, arg in re._parser.parse(pattern):
        if op is re._constants.LITERAL:
            run += chr(arg)
        else:
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


_COMPILED = [(k, re.compile(p), _needed(p)) for k, p in PATTERNS]
_COMPILED_CHANGE = [(k, re.compile(p), _needed(p)) for k, p in CHANGE_PATTERNS]
YEAR = re.compile(r"(?:19|20)\d\d(?=\s*年)")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")

# The parts of the 三公 money, for reading each part's own change ("公务接待费比上年减少0.8万元",
# "因公出国（境）费、公务用车购置及运维费与上年持平"). Longer names first, so that 公务用车购置及运维费 is
# not read as 公务用车购置费.
_THREE_PUBLIC_TERMS = re.compile(
    r"(?P<vehicle_purchase_and_operation>公务用?车(?:辆)?购置及运(?:行|维)(?:维护)?(?:费|经费)?)"
    r"|(?P<vehicle_purchase>公务用?车购置(?:费|经费)?)"
    r"|(?P<vehicle_operation>公务用?车(?:用车)?运(?:行|维)(?:维护|及维护)?(?:费|经费)?)"
    r"|(?P<overseas>因公出国[（(]境[)）](?:费用|经费|费)?)"
    r"|(?P<reception>公务接待(?:费|经费)?)"
    r"|(?P<three_public>三公[”\"」]?经费)"
)
_ANCHOR = (r"(?:较|比|与|同)(?:YYYY年度?|上年度?|上一年度?|去年)(?:年初)?(?:预算(?:执行数)?数?)?(?:相比|比较)?[，,]?"
           r"(?:预算)?")
_PART_CHANGE = re.compile(_ANCHOR + r"(?:(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*" + _NUM
                          + r"|(?:保持|均|基本)?(?P<flat>持平|无变化|无增减变化|没有变化|一致|相同))")
PART_CHANGE_KEYS = ("overseas_change", "vehicle_purchase_and_operation_change", "vehicle_purchase_change",
                    "vehicle_operation_change", "reception_change")

NARRATIVE_KEYS = tuple(dict.fromkeys([k for k, _ in PATTERNS] + [k for k, _ in CHANGE_PATTERNS]
                                     + list(PART_CHANGE_KEYS)))

# Which explanation section a figure belongs to: the three-public change must not be read as the
# total change, and the operation-cost change lives in its own section.
_SECTION_OF = {
    "three_public_total": "three_public", "overseas": "three_public", "vehicle_purchase_and_operation": "three_public",
    "vehicle_purchase": "three_public", "vehicle_operation": "three_public", "reception": "three_public",
    "three_public_change": "three_public", "operation_cost": "operation_cost",
    "operation_cost_change": "operation_cost",
}


_SECTION_START = re.compile(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]|^第[一二三四五]部分|^\d+[．.]")
_THREE_PUBLIC_ITEM = re.compile(r"因公出国|公务用?车|公务接待")


def section_of(text: str, current: str) -> str:
    if _SECTION_START.match(text):
        # "（三）公务接待费1.35万元。" is an item of the 三公 section, not a new section.
        if current == "three_public" and _THREE_PUBLIC_ITEM.search(text[:16]):
            return current
        if "三公" in text and len(text) < 40:
            return "three_public"
        if "运行经费" in text and len(text) < 40:
            return "operation_cost"
        if len(text) < 40:
            return "other"
    return current


def _figure(m: re.Match, sentence: str, line: Line, negative: bool = False) -> StatedFigure:
    value = Decimal(m.group("num").replace(",", ""))
    return StatedFigure(value=-value if negative else value, unit=m.group("unit"), text=sentence.strip(),
                        source=line.where())


def extract_narrative(lines: list[Line]) -> dict[str, StatedFigure]:
    found: dict[str, StatedFigure] = {}
    section = "other"
    parts = _PartChanges()
    for line in lines:
        if line.is_row:
            texts = line.filled
            if len(texts) != 1:
                continue
            text = texts[0]
        else:
            text = line.text
        section = section_of(text, section)
        # The section heading may share a line with its first sentence ("三、机关运行经费…2024年…").
        if "元" in text:  # a figure is an amount in 元 or 万元; masking years cannot add one
            for sm in _SENTENCE.finditer(text):
                sentence = sm.group(0)
                masked = YEAR.sub("YYYY", sentence)
                scan_sentence(masked, sentence, line, section, found, text)
        if section == "three_public" or "三公" in text:
            parts.read(text, line, found)
    if "three_public_change" not in found and parts.total_flat is not None:
        found["three_public_change"] = parts.total_flat
    return found


class _PartChanges:
    """Each 三公 part's change, read with the subject it is said of.

    A change phrase ("比2023年减少0.8万元", "与上年持平") belongs to the part names written before
    it in the same sentence — the last one, or a run joined by 、/和 ("因公出国（境）费、公务用车购置及
    运维费与上年持平") — leaving out names inside a parenthesis closed before it. A sentence that
    opens with the change ("（三）公务接待费1.35万元。比2023年预算持平") speaks of the part the previous
    sentence was about. 持平/无变化 is a change of 0.
    """

    def __init__(self):
        self.lead: str | None = None
        self.total_flat: StatedFigure | None = None

    def read(self, text: str, line: Line, found: dict[str, StatedFigure]) -> None:
        for sm in re.finditer(r"[^。！？!?]+[。！？!?]?", text):
            sentence = sm.group(0)
            masked = YEAR.sub("YYYY", sentence)
            terms = [(m.start(), m.end(), m.lastgroup) for m in _THREE_PUBLIC_TERMS.finditer(masked)]
            start, subjects = 0, [self.lead] if self.lead else []
            for m in _PART_CHANGE.finditer(masked):
                cand = [t for t in terms if t[0] >= start and t[1] <= m.start() and not _closed(masked, t[1], m.start())]
                if cand:
                    group = [cand[-1]]
                    for prev in reversed(cand[:-1]):
                        if masked[prev[1]:group[0][0]].strip() in ("、", "和", "及", "与", ","):
                            group.insert(0, prev)
                        else:
                            break
                    subjects = [t[2] for t in group]
                start = m.end()
                flat = m.group("flat") is not None
                value = Decimal(0) if flat else Decimal(m.group("num").replace(",", ""))
                if not flat and m.group("dir") in _DECREASE:
                    value = -value
                fig = StatedFigure(value=value, unit=None if flat else m.group("unit"), text=sentence.strip(),
                                   source=line.where())
                for subj in subjects:
                    if subj == "three_public":
                        if flat and self.total_flat is None:
                            self.total_flat = fig
                    elif f"{subj}_change" not in found:
                        found[f"{subj}_change"] = fig
            if terms:
                self.lead = terms[0][2]


# Spending a 三公 section also speaks of (the Jiangsu layout adds 会议费 and 培训费 to it).
_BESIDE_THREE_PUBLIC = re.compile(r"会议费|培训费")


def _names_a_part(before: str) -> bool:
    """Whether the words before a change name a 三公 part, or spending beside the 三公 money, after the
    last mention of the whole."""
    at = before.rfind("三公")
    words = before[at + 2:] if at >= 0 else before
    return _THREE_PUBLIC_TERMS.search(words) is not None or _BESIDE_THREE_PUBLIC.search(words) is not None


def _closed(text: str, a: int, b: int) -> bool:
    """Whether a parenthesis open at ``a`` closes before ``b`` (the name at ``a`` is inside it)."""
    depth = 0
    for ch in text[a:b]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return True
            depth -= 1
    return False


def _allowed(key: str, section: str, masked: str) -> bool:
    home = _SECTION_OF.get(key)
    if home == "three_public":
        return section == "three_public" or "三公" in masked
    if home == "operation_cost":
        return section == "operation_cost" or "运行经费" in masked
    if key in ("yoy_change_total", "yoy_change_basic", "yoy_change_project"):
        return section not in ("three_public", "operation_cost") and "三公" not in masked
    return True


def scan_sentence(masked: str, sentence: str, line: Line, section: str, found: dict[str, StatedFigure],
          paragraph: str, figure=None) -> None:
    """The figures of one sentence of ``paragraph`` (whose words tell whose change a bare change is).
    ``figure`` makes what is stored for a match (as :func:`_figure` is called; by default a
    :class:`StatedFigure`)."""
    make = figure or _figure
    if "元" not in masked:
        return  # every pattern ends in an amount in 元 or 万元: most sentences state none
    for key, rx, needed in _COMPILED_CHANGE:
        if key in found or needed not in masked or not _allowed(key, section, masked):
            continue
        m = rx.search(masked)
        if m and key == "three_public_change" and ("三公" not in paragraph or _names_a_part(masked[:m.start()])):
            # "1．因公出国（境）费…160万元，比上年预算减少10万元" is the part's change, and so is a change in a
            # paragraph under a part's own heading ("（一）因公出国（境）经费" / "2026年预算安排0.00万元，比上年…")
            continue
        if m:
            found[key] = make(m, sentence, line, negative=m.group("dir") in _DECREASE)
    for key, rx, needed in _COMPILED:
        if key in found or needed not in masked or not _allowed(key, section, masked):
            continue
        for m in rx.finditer(masked):
            # "比上年增加0.20万元" style change amounts are not levels.
            before = masked[max(0, m.start("num") - 3):m.start("num")]
            if any(w in before for w in ("增加", "减少", "增长", "下降")):
                continue
            found[key] = make(m, sentence, line)
            break
