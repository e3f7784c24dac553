"""Reading single cells: numbers as printed, codes, and the meta lines around tables."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_MONEY = re.compile(r"^[-−]?\(?[-−]?\d{1,3}(,\d{3})+(\.\d+)?\)?$|^[-−]?\(?\d+(\.\d+)?\)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元)")
_YEAR = re.compile(r"预算年度[：:]\s*(\d{4})")
_DEPT_CODE_NAME = re.compile(r"^\[?(\d{3,9})\s*([\u4e00-\u9fff（）()][^\]\s]*?)\]?(?:\s+.*)?$")
_DEPT_LABELLED = re.compile(r"^(?:编制部门|编制单位|预算主管部门|预算单位|填报单位|部门名称|单位名称|项目主管部门|部门)[：:]\s*\[?(\d{3,9})?\s*([^\]\s]+)")
_NEXT_META = re.compile(r"(?:金额)?单位[：:]|预算年度[：:]|截止(?:时间|日期)[：:]")
NIL_MARKS = {"", "-", "—", "——", "－", "/", "／", "　"}


@lru_cache(maxsize=16384)
def key(text: str) -> str:
    """Text with all whitespace removed: how labels are compared."""
    return "".join(text.split())  # (str.split drops what \s matches, faster than the pattern)


# The tests below are pure functions of a cell's text, asked of the same texts again and again (every
# cell of every table line is tried as a meta line, a department, an amount): they are cached.
@lru_cache(maxsize=16384)
def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=16384)
def is_money(text: str) -> bool:
    t = text.strip().replace(" ", "")
    return bool(t) and bool(_MONEY.match(t))


def parse_money(text: str) -> Decimal | None:
    """A printed amount as Decimal; None for a blank or a dash. Raises ValueError on text."""
    form = _amount_form(text)
    if form is None:
        return None
    if form is False:
        raise ValueError(_printed_amount(text))
    digits, negative = form
    try:
        # A new Decimal every time, never one shared from a cache: the YAML export writes an object met
        # twice as an anchor and an alias.
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(digits) from exc
    return -value if negative else value


def _printed_amount(text: str) -> str:
    return text.strip().replace(" ", "").replace("−", "-")


@lru_cache(maxsize=16384)  # (the same amounts and blanks recur from table to table)
def _amount_form(text: str) -> tuple[str, bool] | bool | None:
    """What parse_money makes of a cell's text: the digits and whether they are in brackets (negative),
    None for a blank or a dash, False for text that is no amount."""
    t = _printed_amount(text)
    if t in NIL_MARKS:
        return None
    if not _money_form(t):
        return False
    return t.strip("()").replace(",", ""), t.startswith("(") and t.endswith(")")


@lru_cache(maxsize=16384)
def _money_form(t: str) -> bool:
    return bool(_MONEY.match(t))


@lru_cache(maxsize=16384)
def is_code(text: str) -> bool:
    t = key(text)
    return t.isdigit() and 2 <= len(t) <= 9


@lru_cache(maxsize=16384)
def money_unit_in(text: str) -> str | None:
    m = _UNIT.search(key(text))
    if m:
        return m.group(1)
    k = key(text)
    if "金额单位：万元" in k or "（万元）" in k or "(万元)" in k:
        return "万元"
    if "（元）" in k or "(元)" in k:
        return "元"
    return None


@lru_cache(maxsize=16384)
def year_in(text: str) -> int | None:
    m = _YEAR.search(key(text))
    return int(m.group(1)) if m else None


@lru_cache(maxsize=16384)
def department_in(text: str) -> tuple[str | None, str] | None:
    """(code, name) from a line like '542 石家庄市鹿泉区信访局' or '编制部门：[455…]'."""
    t = text.strip()
    if not has_cjk(t):
        return None  # both forms name the department in Chinese (most table cells are amounts)
    m = _DEPT_LABELLED.match(key(t))
    if m:
        # "编制部门：… 单位：元" in one cell: the name ends where the next meta label begins.
        name = _NEXT_META.split(m.group(2), maxsplit=1)[0]
        return m.group(1), _strip_note(name)
    m = _DEPT_CODE_NAME.match(t)
    if m and has_cjk(m.group(2)) and not is_money(t):
        name = _strip_note(m.group(2))
        if name.endswith(("局", "委", "办", "院", "处", "会", "部", "厅", "室", "中心", "站", "所", "队", "本级", "校", "馆", "社")):
            return m.group(1), name
    return None


def _strip_note(name: str) -> str:
    return re.sub(r"[（(]此表为空[)）]$", "", name).strip()


_META_PREFIX = ("预算年度", "单位：", "单位:", "金额单位", "编制部门", "部门：", "部门:", "编制单位", "截止时间", "截止日期", "填报单位",
                "预算主管部门", "项目主管部门", "预算单位")


# A page number "- 11 -" as OCR reads it off a scan: its dashes as other marks ("-11·", "一11一", "~11_").
# Left unknown it ends the table above it, and a table running on to the next page loses its rest.
_FOLIO_AS_READ = re.compile(r"[-—–－_~～·•・一]{1,2}\d{1,3}[-—–－_~～·•・一]{1,2}")


@lru_cache(maxsize=16384)
def is_meta(text: str) -> bool:
    """Lines printed around a table that are not part of it: unit, year, department, date."""
    k = key(text)
    if not k:
        return True
    if k.startswith(_META_PREFIX):
        return True
    if money_unit_in(k) and len(k) <= 12:
        return True
    if department_in(text) is not None:
        return True
    if re.fullmatch(r"[-—第]*\d+[-—页]*|第\d+页(共\d+页)?", k) or _FOLIO_AS_READ.fullmatch(k):
        return True  # page numbers
    return False


# A table-of-contents entry: a title, a leader (…, ……, ....., ·····, ．．．, ———) and its page number.
_TOC_LEADER = re.compile(r"…|\.{4,}|·{3,}|．{3,}|[-—]{4,}\s*\d+$")


@lru_cache(maxsize=16384)
def is_toc_entry(text: str) -> bool:
    return bool(_TOC_LEADER.search(text))


# One entry: its title, the leader, the page number (several entries may share one line or cell).
_TOC_ITEM = re.compile(r"(?P<title>.+?)\s*(?:…+|\.{4,}|·{3,}|．{3,}|[-—]{4,})\s*(?P<page>\d{1,3})?(?!\d)")


def toc_entries(text: str) -> list[tuple[str, int | None]]:
    """The (title, page) entries of a table-of-contents line."""
    out = []
    for m in _TOC_ITEM.finditer(text):
        title = m.group("title").strip().strip(".").strip()
        if title:
            out.append((title, int(m.group("page")) if m.group("page") else None))
    return out
