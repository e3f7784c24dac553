"""文字与版式 (E): what a reviewer marks on the wording and layout of the explanation.

These rules read the explanation's paragraphs (``Disclosure.explanation``), its headings and the empty
tables' notes. They never add up a figure; what they find is a 警告 at most, never an 错误: a
PDF's text layer can join or split lines otherwise than the page shows them, so every finding quotes
the text it rests on for the reviewer to see.

A PDF prints a paragraph as several lines; the paragraphs are joined back here (a line continues the
one before it on the same or the next page when that one ends without a sentence end and the line
does not start a numbered item or a heading).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from yusuan.rules.context import Context
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule

_REG = ("《地方预决算公开操作规程》（财预〔2016〕143号）：部门预决算公开内容应当真实、完整、准确，"
        "表述规范，便于社会公众理解和监督")

_END = "。！？!?；;：:"
_CLOSERS = "”’）)》】〕」』"
_ORDINAL_CN = "一二三四五六七八九十"
_ITEM = re.compile(r"^\s*(?:注[:：]|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
                   r"|\d{1,2}\s*[、.．](?!\d)|[①-⑳])")


@dataclass(slots=True)
class Para:
    text: str
    page: int | None
    line: int | None
    file: str | None
    heading: bool = False


_FOOTER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")
_TRAILING_FOOTER = re.compile(r"\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
_DASHES = ("-", "—", "–", "－")
_DASH_CHARS = "".join(_DASHES)


def _is_heading(text: str, headings: set[str]) -> bool:
    """A heading the recognizer found (one with no clause in it: a sentence it took for one is not)."""
    t = text.strip()
    if t.replace(" ", "") in ("目录", "目錄"):
        return True
    return t in headings and not _CLAUSE.search(t) and (numbered(t) is not None or len(t) <= 20)


_CLAUSE = re.compile(r"[，；。]")


def paragraphs(ctx: Context) -> list[Para]:
    """The explanation's paragraphs, wrapped lines joined back (see the module's docstring)."""
    return ctx.memo("editorial_paragraphs", lambda: _paragraphs(ctx))


def _paragraphs(ctx: Context) -> list[Para]:
    d = ctx.disclosure
    headings = {s.strip() for s in d.sections}
    out: list[Para] = []
    prev = None
    for text, page, line, file in ctx.passages():
        if text.endswith(_DASHES):  # _TRAILING_FOOTER ends in one of them, the text stripped of spaces
            text = _TRAILING_FOOTER.sub("", text)
        # a page number is no paragraph and breaks none (it starts with a dash or a digit: the text is stripped)
        if not text or ((first := text[0]).isdigit() or first in _DASH_CHARS) and _FOOTER.match(text):
            continue
        heading = (text in headings or "目" in text) and _is_heading(text, headings)  # the text is stripped
        # (a line without a page, as text files have, never continues one: that test first)
        if (page is not None and prev is not None and not heading and not prev.heading and prev.file == file
                and prev.page is not None and 0 <= page - prev.page <= 1
                and prev.text[-1] not in _END and not (prev.text[-1] in _CLOSERS and len(prev.text) > 1
                                                       and prev.text[-2] in _END)
                and not _ITEM.match(text)):
            prev.text += text
            continue
        prev = Para(text, page, line, file, heading)
        out.append(prev)
    return out


def whole_text(ctx: Context) -> str:
    """The paragraphs in one string, one per line: a substring test on it rules a pattern out for them all."""
    return ctx.memo("editorial_text", lambda: "\n".join(p.text for p in paragraphs(ctx)))


def _need_text(ctx: Context) -> list[Para]:
    paras = paragraphs(ctx)
    if not paras:
        raise MissingData("没有读到说明文字")
    return paras


def _issue(p: Para, message: str, *, actual=None, expected=None) -> Issue:
    return Issue(message=message, table="narrative", page=p.page, line=p.line, file=p.file,
                 actual=actual, expected=expected)


def _quote(text: str, start: int, end: int, width: int = 16) -> str:
    a, b = max(0, start - width), min(len(text), end + 6)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


# ----------------------------------------------------------------------------------------------
# E001: doubled or missing sentence-ending punctuation

# Two marks in a row: one of 。，；、！？ before any of them or ：, or ： before one of 。，；、：. Written with the
# first mark as one set (the second told apart by looking back at it), which the regular-expression engine
# scans for quickly; it matches exactly what "[。，；、！？][。，；、！？：]|[：][。，；、：]" matches.
_DOUBLED = re.compile(r"[。，；、！？：](?:(?<=[。，；、！？])[。，；、！？：]|(?<=：)[。，；、：])")
_MAX_DOUBLED = 5  # more than this in one document is a text layer out of order, not typing


@lru_cache(maxsize=256)  # the text of a whole explanation: hashing it costs less than searching it
def _has_doubled(text: str) -> bool:
    return _DOUBLED.search(text) is not None


@rule(
    "E001", "警告", "标点重复或句末缺少句号",
    bad="财政拨款支出主要用于人员经费和公用经费支出。。",
    good="财政拨款支出主要用于人员经费和公用经费支出。",
    regulation=_REG + "；标点符号用法见 GB/T 15834—2011《标点符号用法》",
)
def punctuation(ctx: Context):
    """说明文字中两个句中或句末点号连用（“支出。。”“，。”“；，”）是录入错误。一段由若干分句组成的文字
    （含逗号或分号、长于 20 字）以汉字或数字结束、后面紧接着另起的编号条目或标题的，是句末漏了句号；只在本文件
    其他同类段落都以句号结束时报告（有的文件条目本来就不加句号）。省略号（……）和破折号（——）不算。
    连用的标点超过 5 处时，多半是 PDF 文字层中标点的位置与页面不符，不逐条报告，结果为“数据不足”。"""
    paras = _need_text(ctx)
    body = [p for p in paras if not p.heading]
    ended = [p for p in body if len(p.text) > 20 and ("，" in p.text or "；" in p.text)]  # of clauses
    closed = sum(1 for p in ended if p.text[-1] in _END or p.text[-1] in _CLOSERS)
    # One search of the whole text first: a doubled mark is rare, and a match never spans two paragraphs.
    doubled = ([(p, m) for p in body for m in _DOUBLED.finditer(p.text)]
               if _has_doubled("\n".join(p.text for p in body)) else [])
    if len(doubled) > _MAX_DOUBLED:
        raise MissingData(f"说明文字中连用的标点有 {len(doubled)} 处，文字层的标点位置不可靠（可能是PDF的文字层与页面"
                          f"不符），不逐条报告，请对照页面核对")
    for p, m in doubled:
        yield _issue(p, f"标点重复“{m.group(0)}”：“{_quote(p.text, m.start(), m.end())}”，应只保留一个。",
                     actual=m.group(0))
    # A paragraph missing its full stop, where the document otherwise closes such paragraphs.
    if not ended or closed < 0.9 * len(ended):
        return
    ended_ids = {id(p) for p in ended}  # paragraphs equal in every field are all in ``ended`` or none is
    for i, p in enumerate(paras):
        if p.heading or id(p) not in ended_ids or p.text[-1] in _END or p.text[-1] in _CLOSERS:
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if nxt is None or not (nxt.heading or _ITEM.match(nxt.text)):
            continue
        last = p.text[-1]
        if not ("\u4e00" <= last <= "\u9fff" or last.isdigit()):
            continue
        yield _issue(p, f"句末缺少句号：“{_quote(p.text, len(p.text), len(p.text), 24)}”，应以“。”结束。",
                     actual=p.text[-12:])


# ----------------------------------------------------------------------------------------------
# E002: unbalanced quotes and brackets

_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕"}
_SAME = {"(": "（", ")": "）"}  # half- and full-width round brackets pair with each other
_MARK_NAMES = {"“": "左引号“", "”": "右引号”", "‘": "左单引号‘", "’": "右单引号’", "（": "左括号（", "）": "右括号）",
               "(": "左括号(", ")": "右括号)", "《": "书名号《", "》": "书名号》", "【": "方括号【", "】": "方括号】",
               "〔": "六角括号〔", "〕": "六角括号〕", '"': '英文直引号"'}


_OPENER_OF = {v: k for k, v in _PAIRS.items()}
# Every character _unbalanced looks at; the others are skipped in one regular-expression scan.
_MARK = re.compile("[" + re.escape("".join(sorted({*_PAIRS, *_PAIRS.values(), *_SAME, '"'}))) + "]")


def _unbalanced(text: str) -> tuple[int, str] | None:
    """The first quote or bracket that has no partner in ``text``: (position, the character)."""
    if _balanced(text):
        return None
    stack: list[tuple[int, str]] = []
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group()
        c = _SAME.get(ch, ch)
        if c in _PAIRS:
            stack.append((i, c))
        elif c in _OPENER_OF:
            if stack and stack[-1][1] == _OPENER_OF[c]:
                stack.pop()
            else:
                return i, ch
        else:  # the straight quote
            return i, ch
    return stack[0] if stack else None


@lru_cache(maxsize=16384)  # a pure function of the text: the same paragraph recurs in documents of one template
def _balanced(text: str) -> bool:
    """Whether every quote and bracket of ``text`` has its partner: the marks alone, in one scan, without
    their places (only an unbalanced text needs them)."""
    stack: list[str] = []
    for ch in _MARK.findall(text):
        c = _SAME.get(ch, ch)
        if c in _PAIRS:
            stack.append(c)
        elif c in _OPENER_OF and stack and stack[-1] == _OPENER_OF[c]:
            stack.pop()
        else:
            return False
    return not stack


@rule(
    "E002", "警告", "引号或括号不成对",
    bad="开展“平安社区\"创建活动。",
    good="开展“平安社区”创建活动。",
    regulation=_REG + "；标点符号用法见 GB/T 15834—2011《标点符号用法》",
)
def unbalanced(ctx: Context):
    """一段文字中的引号（“”‘’）、括号（（）、《》、【】、〔〕）应成对出现：左引号配右引号，左括号配右括号，
    不能只有一半，也不能用英文直引号（"）代替中文引号。一个引号或括号在本段没有配对、而下一段开头恰好补上的
    （页面折行拆开的一段），不报告。"""
    paras = _need_text(ctx)
    for i, p in enumerate(paras):
        bad = _unbalanced(p.text)
        if bad is None:
            continue
        pos, ch = bad
        if ch in _PAIRS or _SAME.get(ch, ch) in _PAIRS:  # an opener left open: does the next paragraph close it?
            nxt = paras[i + 1].text if i + 1 < len(paras) else ""
            if _unbalanced(p.text + nxt) is None:
                continue
        elif i > 0 and _unbalanced(paras[i - 1].text + p.text) is None:
            continue
        yield _issue(p, f"{_MARK_NAMES.get(ch, ch)}没有配对：“{_quote(p.text, pos, pos + 1)}”。", actual=ch)


# ----------------------------------------------------------------------------------------------
# E003: template residue not filled in

_RESIDUE = re.compile(
    r"(?:增加|上升|增长|提高)\s*[（(]\s*(?:减少|下降|降低)\s*[)）]|(?:减少|下降)\s*[（(]\s*(?:增加|上升|增长)\s*[)）]"
    r"|增\s*[（(]\s*减\s*[)）]|[（(]\s*增加\s*[/／]\s*减少\s*[)）]|增加\s*[/／]\s*减少"
    r"|【[^】\d]{1,12}】"
    r"|(?:^|(?<=[，。、：；（“]))\s*年度?(?=(?:部门|单位)(?:预算|决算))")


def _may_hold_residue(text: str) -> bool:
    """What _RESIDUE needs in a text to match anywhere: the paired words all hold 减 or 降 beside a bracket
    or a slash; the prompt a 【; the year-less title 年部门, 年单位 (or 年度…). Most paragraphs hold none,
    and these look-ups cost far less than the pattern's search."""
    return (("减" in text or "降" in text) and ("（" in text or "(" in text or "/" in text or "／" in text)
            or "【" in text or "年部门" in text or "年单位" in text or "年度部门" in text or "年度单位" in text)


@rule(
    "E003", "警告", "说明中留有模板的待选词或待填项",
    bad="财政拨款收入支出增加（减少）的主要原因是人员经费增加。",
    good="财政拨款收入支出增加的主要原因是人员经费增加。",
    regulation=_REG,
)
def template_residue(ctx: Context):
    """公开模板里让填报人选择或填写的地方，印出的文件中应已选定、填好：“增加（减少）”“增（减）”“增加/减少”
    这类并列待选词，【单位名称】这类方括号里的提示语，以及前面没有年份的“年度部门预算”。XX、××、空的【】
    和“主要原因是。”由 N007 报告，这里不重复。"""
    paras = _need_text(ctx)
    if not _may_hold_residue(whole_text(ctx)):  # what no paragraph holds, nor does the whole text
        return
    for p in paras:
        for start, end, found in _residues(p.text):
            token = found.strip() or "年度"
            if token.startswith("年"):
                what = f"“{token}”前面没有年份"
            elif token.startswith("【"):
                what = f"留有模板提示“{token}”"
            else:
                what = f"留有待选词“{token}”，应按实际情况选定一个"
            yield _issue(p, f"{what}：“{_quote(p.text, start, end)}”。", actual=token)


@lru_cache(maxsize=16384)  # a pure function of the text: the same paragraph recurs in documents of one template
def _residues(text: str) -> tuple[tuple[int, int, str], ...]:
    """Where _RESIDUE matches in ``text``: (start, end, the words)."""
    if not _may_hold_residue(text):
        return ()
    return tuple((m.start(), m.end(), m.group(0)) for m in _RESIDUE.finditer(text))


# ----------------------------------------------------------------------------------------------
# E004: 部门/单位 wording against the document's kind

_AS_DEPT = re.compile(r"(?:本|我)部门|(?:19|20)\d\d\s*年度?\s*部门预算(?!支出经济分类|经济分类)(?=安排|中|收入|支出|共|总|数|为|，|。)")
_AS_UNIT = re.compile(r"(?:19|20)\d\d\s*年度?\s*单位预算(?=安排|中|收入|支出|共|总|数|为|，|。)")


@rule(
    "E004", "警告", "说明中的“部门”“单位”与文件类别不符",
    bad="上海市某社会福利院2026年单位预算：“2026年部门预算安排购置车辆0辆”",
    good="“2026年单位预算安排购置车辆0辆”",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：部门预算与单位预算分别公开，各自说明本部门、本单位的情况",
)
def dept_or_unit(ctx: Context):
    """单位预算说明自己的情况时应称“本单位”“××年单位预算”，部门预算应称“本部门”“××年部门预算”。单位预算中
    出现“本部门”“我部门”或“2026年部门预算安排……”，部门预算中出现“2026年单位预算安排……”，多是套用了另一类文件
    的模板。“部门预算支出经济分类”是科目名称，不算。"""
    kind = ctx.disclosure.kind or ""
    if "单位预算" in kind:
        pattern, other, own = _AS_DEPT, "部门", "单位"
    elif "部门预算" in kind:
        pattern, other, own = _AS_UNIT, "单位", "部门"
    else:
        raise NotApplicable("不是部门预算或单位预算文件")
    paras = _need_text(ctx)
    if other not in whole_text(ctx):  # every word the pattern finds holds 部门 (单位)
        return
    for p in paras:
        if other not in p.text:
            continue
        for m in pattern.finditer(p.text):
            word = m.group(0)
            yield _issue(p, f"这是{kind}，说明却称“{word}”：“{_quote(p.text, m.start(), m.end())}”，"
                            f"应为“{word.replace(other, own)}”。", actual=word, expected=word.replace(other, own))


# ----------------------------------------------------------------------------------------------
# E005: headings out of sequence

_CN_DIGITS = {c: i + 1 for i, c in enumerate(_ORDINAL_CN)}


def _cn_number(s: str) -> int | None:
    if not s or any(c not in _CN_DIGITS for c in s):
        return None
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN_DIGITS[s]
    if s.startswith("十") and len(s) == 2:
        return 10 + _CN_DIGITS[s[1]]
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS[s[0]] * 10 + _CN_DIGITS[s[2]]
    return None


_LEVELS = (
    ("part", re.compile(r"^\s*第([一二三四五六七八九十]+)部分")),
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]+)\s*、")),
    ("paren", re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]")),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*[、．.](?!\d)")),
)


@lru_cache(maxsize=16384)  # a pure function of the text, asked again by several rules
def numbered(text: str) -> tuple[int, int] | None:
    """(level, number) of a numbered heading or item: 第一部分 0, 一、 1, （一） 2, 1、 3."""
    for level, (_name, pattern) in enumerate(_LEVELS):
        m = pattern.match(text)
        if m:
            n = int(m.group(1)) if m.group(1).isdigit() else _cn_number(m.group(1))
            return (level, n) if n else None
    return None


@rule(
    "E005", "警告", "标题或条目序号不连续",
    bad="一、部门主要职能 … 二、部门机构设置 … 四、部门预算编制说明",
    good="一、部门主要职能 … 二、部门机构设置 … 三、部门预算编制说明",
    regulation=_REG,
)
def heading_sequence(ctx: Context):
    """说明中同一级的标题和编号条目（第一部分、一、（一）、1.）应从一起按顺序编号，不能跳号（一、二、四）。
    上一级标题出现后下一级重新从一编起；回到一重新编号总是允许的（目录之后正文从一开始、各项目各自编号）。
    只报告恰好跳过一个序号、且跳过的序号在文件别处（识别出的标题、表格标题）也没有出现的：表格所在页上的
    文字、表格的行（收支总表按类的标准序号列示、空的类不列）和目录中的表名不核对，文字层丢失一段造成的大跨度
    跳号也不报告。"""
    paras = _need_text(ctx)
    table_pages = {(t.source.file, t.source.page + k) for t in ctx.disclosure.tables if t.source.page
                   for k in range(max(t.pages, 1))}
    last: dict[int, tuple[int, Para]] = {}
    for p in paras:
        num = numbered(p.text)
        if num is None:
            continue
        level, n = num
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        prev = last.get(level)
        if (prev is not None and n == prev[0] + 2 and (p.file, p.page) not in table_pages
                and not _LISTED_ROW.search(p.text) and not _elsewhere(ctx, level, prev[0] + 1)):
            want = prev[0] + 1
            label = _label(level, want)
            at = prev[1].text.find(label)
            if at > 0:
                yield _issue(prev[1], f"条目“{_head(prev[1].text[at:])}”没有另起一段，接在“{_head(prev[1].text)}”"
                                      f"的末尾。", actual=label, expected=label)
            else:
                yield _issue(p, f"序号不连续：“{_head(p.text)}”排在“{_head(prev[1].text)}”之后，应为“{label}”。",
                             actual=str(n), expected=str(want))
        last[level] = (n, p)


# A numbered line that is a table's row or a table's title in a list (收支总表 numbers the classes it
# prints by the standard order and leaves out the empty ones; a 目录 may list only some tables).
_LISTED_ROW = re.compile(r"^[^，。；：]{0,24}(?:支出|收入|资金)$|^[^，。；：]*表[^，。；：]{0,40}$")


def _elsewhere(ctx: Context, level: int, n: int) -> bool:
    """Whether a heading numbered ``n`` at ``level`` is printed where the explanation's text does not
    hold it: among the recognized headings, or as the title of a table (a 目录's "五、单位预算表" and
    "第二部分 部门预算表" head the tables, which are read as tables, not as text)."""
    titles = [*ctx.disclosure.sections, *(t.title for t in ctx.disclosure.tables),
              *(t.title for t in ctx.disclosure.unplaced_tables)]
    return any(numbered(t.strip()) == (level, n) for t in titles)


def _head(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _label(level: int, n: int) -> str:
    cn = _to_cn(n)
    return (f"第{cn}部分", f"{cn}、", f"（{cn}）", f"{n}.")[level]


def _to_cn(n: int) -> str:
    if n <= 10:
        return "一二三四五六七八九十"[n - 1]
    if n < 20:
        return "十" + "一二三四五六七八九"[n - 11]
    tens, ones = divmod(n, 10)
    return "一二三四五六七八九"[tens - 1] + "十" + ("一二三四五六七八九"[ones - 1] if ones else "")


# ----------------------------------------------------------------------------------------------
# E006: an empty table's note naming another table's fund

_FUNDS = (
    ("government_fund_expenditure", "政府性基金"),
    ("state_capital_expenditure", "国有资本经营"),
    ("three_public_expenses", "“三公”经费"),
    ("government_procurement", "政府采购"),
)
_FUND_WORDS = {"政府性基金": re.compile(r"政府性?基金"), "国有资本经营": re.compile(r"国有资本经营"),
               "“三公”经费": re.compile(r"[“\"]?三公[”\"]?经费"), "政府采购": re.compile(r"政府采购")}


@rule(
    "E006", "警告", "空表说明写的是另一张表的资金",
    bad="国有资本经营预算支出表（空表）注：本部门无政府性基金预算财政拨款安排的预算，故本表为空表。",
    good="注：本部门无国有资本经营预算财政拨款安排的预算，故本表为空表。",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：没有数据的表格应当列出空表并说明",
)
def empty_note_fund(ctx: Context):
    """没有数据的表格列出空表时附的说明，应说明这张表的资金为什么没有：政府性基金预算支出表的说明讲没有政府性
    基金预算拨款，国有资本经营预算支出表的说明讲没有国有资本经营预算拨款。说明只提到另一张表的资金、没提到本表
    资金的，是复制其他表的说明时忘了改。"""
    tables = {t.id: t for t in ctx.disclosure.tables if t.empty_note}
    if not any(tid in tables for tid, _ in _FUNDS):
        raise NotApplicable("没有附说明的空表")
    for tid, own in _FUNDS:
        t = tables.get(tid)
        if t is None:
            continue
        note = t.empty_note
        if _FUND_WORDS[own].search(note):
            continue
        named = [name for other, name in _FUNDS if name != own and _FUND_WORDS[name].search(note)]
        if not named:
            continue
        yield Issue(message=f"{t.title.strip()}是空表，说明却写“{note.strip()}”，讲的是{named[0]}，"
                            f"应说明没有{own}的原因。", table=tid, page=t.source.page, line=t.source.line,
                    file=t.source.file, actual=named[0], expected=own)


# ----------------------------------------------------------------------------------------------
# E007, E008: what a PDF's pages show, beside what its text says


def _pdf(ctx: Context) -> None:
    d = ctx.disclosure
    if "pdf" not in d.format.split("+"):
        raise NotApplicable("不是 PDF 文件，没有页面可查")


@rule(
    "E007", "警告", "PDF 中有空白页或只有空表格框线的页",
    bad="目录之后的第 14 页上只有一行空表格的框线，没有任何文字（上一页的表格溢出到了这一页）",
    good="调整表格的行高或分页，使每张表印在有内容的页面上；不要留空白页",
    regulation=_REG,
)
def blank_pages(ctx: Context):
    """PDF 目录之后（没有目录时第一页之后）的页面上没有任何文字的，是空白页；只有表格框线、没有文字的，多半是
    上一页的表格溢出了一条空行。读者翻到这里不知道是漏印了内容还是排版问题，发布前应删去或重新分页。有图片的
    页（如扫描的印章、图表）不算空白页。"""
    _pdf(ctx)
    for n in ctx.disclosure.page_notes:
        if n.kind == "blank":
            msg = f"第 {n.source.page} 页是空白页（目录之后，页面上没有任何文字）。"
        elif n.kind == "empty_frame":
            msg = f"第 {n.source.page} 页只有表格框线，没有任何文字（多半是上一页的表格溢出的空行）。"
        else:
            continue
        yield Issue(message=msg, table="document", page=n.source.page, file=n.source.file)


@rule(
    "E008", "警告", "PDF 文字层中有页面可见范围之外的文字",
    bad="第 3 页文字层中有一行“13、完成区委、区政府交办的其他任务。”位于页面下边缘之外，打印和屏幕上都看不到，"
        "其他页面上也没有",
    good="文字都在页面之内；分页处的文字移到下一页",
    regulation=_REG,
)
def text_outside_page(ctx: Context):
    """PDF 的文字层里有位于页面可见范围（页面框）之外的文字，而其他页面上又没有显示这段文字的：读者在屏幕上和
    打印稿上都看不到它，检索和复制时却会出现，多半是排版时文字溢出了页面。跨页的文本框在前后两页各留一份
    对方的文字、在另一页上显示的，不是被隐藏的文字，不报告。"""
    _pdf(ctx)
    for n in ctx.disclosure.page_notes:
        if n.kind != "outside_text":
            continue
        shown = n.text if len(n.text) <= 60 else n.text[:60] + "…"
        yield Issue(message=f"第 {n.source.page} 页的文字层中有页面可见范围之外的文字“{shown}”，其他页面上也没有，"
                            f"读者看不到。", table="document", page=n.source.page, file=n.source.file,
                    actual=n.text[:60])


# ----------------------------------------------------------------------------------------------
# E009: the 目录 against the document

# What a title says beyond its wording: its number, the year, whose it is (部门/单位/本…), spaces and marks.
_TITLE_NOISE = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|"
                          r"\d+[.．、]?)\s*|(?:19|20)\d\d年度?|[（(]?(?:部门|单位)[)）]?|本级|[\s“”\"'·、，。：:（）()]")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_MIN_KEY = 4  # shorter keys ("预算表", "概况") name a part of the document, not a heading to look for


@lru_cache(maxsize=16384)  # a pure function of the text, asked again by several rules
def _title_key(text: str) -> str:
    return _TITLE_NOISE.sub("", text)


@rule(
    "E009", "警告", "目录与正文的标题不一致",
    bad="目录列有“七、项目经费情况说明 …… 25”，正文中没有这一部分（标题改了或内容漏印）",
    good="目录的每一项在正文中都有对应的标题或表格",
    regulation=_REG,
)
def contents_against_text(ctx: Context):
    """目录列出的每一项（部分、标题、表格）在正文中都应有对应的标题或表格：目录有而正文没有的，或是内容漏印，
    或是标题改了而目录没有更新，读者按目录找不到。比较时不看序号、年度和“部门”“单位”等字样（“一、部门主要职能”
    与“××局主要职能”相符），也接受正文标题只多出或少了几个字；“第二部分 部门预算表”这类只指一部分文件的短标题
    不比较。反过来，目录按“第一部分”“第二部分”列出各部分的，正文中的每一部分也都应列在目录中。"""
    d = ctx.disclosure
    if len(d.contents) < 3:
        raise NotApplicable("文件没有目录")
    candidates = [_title_key(t) for t in (*d.sections, *(t.title for t in d.tables),
                                          *(u.title for u in d.unplaced_tables), *(x.title for x in d.overall_targets),
                                          *(p.title or "" for p in d.projects),
                                          *(p.text for p in d.explanation if _heading_like(p.text)))]
    candidates = [c for c in candidates if len(c) >= 2]
    # Most entries are part of some candidate: one search of them all joined settles those (a key holding no
    # line break is in the joined text exactly when it is in one of them).
    joined = "\n".join(candidates)
    listed = set()
    for entry in d.contents:
        k = _title_key(entry.text)
        if len(k) < _MIN_KEY or k in listed:
            continue
        listed.add(k)
        if "\n" not in k and k in joined:
            continue
        if any(k in c or (len(c) >= _MIN_KEY and c in k) or _close_titles(k, c) for c in candidates):
            continue
        yield Issue(message=f"目录列有“{entry.text.strip()}”，正文中没有找到这一标题或表格。", table="document",
                    page=entry.source.page, line=entry.source.line, file=entry.source.file, actual=entry.text.strip())
    # The other way, for the parts (第一部分 …) only where the 目录 lists parts: a numbered heading of a lower
    # level may be a sub-item the 目录 leaves out by design.
    if not any(_PART.match(e.text.strip()) for e in d.contents):
        return
    entries = [_title_key(e.text) for e in d.contents]
    for heading in dict.fromkeys(h.strip() for h in d.sections if _PART.match(h.strip())):
        k = _title_key(heading)
        if len(k) < 2 or any(k in e or e in k or _close_titles(k, e) for e in entries if e):
            continue
        yield Issue(message=f"正文有“{heading}”，目录中没有这一部分。", table="document", actual=heading)


def _heading_like(text: str) -> bool:
    """A short line without a sentence's marks: a heading the section reader did not take."""
    t = text.strip()
    return len(t) <= 40 and not _SENTENCE_MARK.search(t)


_SENTENCE_MARK = re.compile(r"[，。；,;]")


@lru_cache(maxsize=16384)
def _close_titles(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    if abs(len(a) - len(b)) > 6:
        return False
    m = SequenceMatcher(None, a, b)
    # The cheap upper bounds of ratio() first: most pairs of titles share too few characters.
    return m.real_quick_ratio() >= 0.8 and m.quick_ratio() >= 0.8 and m.ratio() >= 0.8
