"""Where a paragraph of the explanation goes on: a line a PDF wrapped mid-sentence, on the same page or at
the top of the next one, belongs to the paragraph before it."""

from __future__ import annotations

import re

# what ends a sentence or a paragraph's lead-in ("其中：")
END = "。！？!?；;：:”"
# a numbered item or heading starts a paragraph of its own ("二、", "（3）", "4.", "第一部分"); "1.5万元" does not
ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+部分)")
# a page's number printed on a line of its own: "- 54 -", "—5—", "第 3 页", "3"
PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3})$")
# ... or glued to the end of the page's last line ("其中业—5—")
PAGE_NUMBER_AT_END = re.compile(r"\s*[-—–－]\s*\d{1,3}\s*[-—–－]$")


def continues(prev_text: str, prev_page: int | None, prev_file: str | None, text: str, page: int | None,
              file: str | None) -> bool:
    """Whether ``text`` goes on with the paragraph ``prev_text`` ends: the same file, the same page or the
    next, no sentence end before it and no numbered item starting it."""
    if not prev_text or prev_text[-1] in END or ITEM_START.match(text) or prev_file != file:
        return False
    if prev_page is None or page is None:
        return False
    return page == prev_page or page == prev_page + 1
