"""Headings of the explanation: numbered ones ("一、部门职责及机构设置情况") and the centred,
un-numbered titles some regions use ("上海市普陀区人民政府办公室主要职能", "名词解释")."""

from __future__ import annotations

import re

from yusuan.read.grid import Line
from yusuan.model import Passage
from yusuan.recognize.cells import is_toc_entry, toc_entries

_NUMBERED = re.compile(r"^(?:#+\s*)?(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
# Words that make a short standalone line a heading of a standard section.
_TOPIC = re.compile(r"(主要职能|职责|机构设置|名词解释|总体情况|编制说明|收支概况|三公|运行经费|政府采购|国有资产|"
                    r"资产占有|绩效目标|绩效信息|其他.*说明|单位构成)")
_SENTENCE_MARK = re.compile(r"[，。；：:,;！？]")
# What every table-of-contents leader holds (:func:`yusuan.recognize.cells.is_toc_entry`): a line without it
# holds no entry, and its cells need not be tried one by one.
# (written to start with a set of characters, which the regex engine skips to: an alternation of repeats
# is tried at every position)
_LEADER_PART = re.compile(r"[…\.·．\-—](?:(?<=…)|[\.·．\-—]{2})")


def extract_sections(paragraphs: list[Line]) -> list[str]:
    out = []
    for ln in paragraphs:
        text = ln.text.strip()
        if not text or len(text) >= 60 or is_toc_entry(text):
            continue
        if _NUMBERED.match(text):
            out.append(text)
        elif (len(text) <= 40 and _TOPIC.search(text) and not _SENTENCE_MARK.search(text)
              and not text.endswith("表")):
            out.append(text.lstrip("# "))
    return out


def extract_contents(lines: list[Line]) -> list[Passage]:
    """The entries of the 目录: lines (or cells) of titles with leaders and page numbers."""
    out = []
    for ln in lines:
        if not _LEADER_PART.search(ln.text):
            continue
        for text in (t for t in ln.texts if t.strip()):
            if is_toc_entry(text):
                out.extend(Passage(text=title, source=ln.where()) for title, _page in toc_entries(text))
    return out
