"""Any disclosure laid out as a publishable package: re-publishing a document that was read.

The layout is the published one: the title and the 目录, the standard tables in their standard
order, then the explanation as it was read (its headings recognised by their numbering), with each
performance target form at the place it was read from where the sources allow, else at the end.
Lines the explanation holds only because they sat beside a table or a form (unit lines, the forms'
titles and fund-use lines, the old 目录) are left out: the tables and forms print them again.
"""

from __future__ import annotations

import re

from yusuan.model import Disclosure, Passage, Source
from yusuan.package import Block, Package
from yusuan.recognize.cells import is_meta, key
from yusuan.recognize.titles import TARGET_IDS, match_title
from yusuan.render.layout import STANDARD_ORDER

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_LEVEL2 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL3 = re.compile(r"^(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_SENTENCE = re.compile(r"[，。；,;]")


def package_of(disclosure: Disclosure) -> Package:
    """A package that prints ``disclosure``: every table, the explanation and the target forms."""
    return Package(disclosure=disclosure, blocks=default_blocks(disclosure))


def document_title(d: Disclosure) -> str:
    forms = {key(x.title) for x in [*d.projects, *d.overall_targets] if x.title}
    # A document that is only a target form is titled by it; printed above the form again, the
    # title would read as a second, empty form.
    if d.title and key(d.title) not in forms:
        return d.title
    kind = d.kind or "部门预算"
    year = f"{d.year}年" if d.year else ""
    return f"{d.department.name or ''}{year}{kind}"


def default_blocks(d: Disclosure) -> list[Block]:
    kind = d.kind or "部门预算"
    title = document_title(d)
    blocks = [Block(kind="heading", level=1, text=title), Block(kind="toc"), Block(kind="page_break")]
    # The target forms are rendered from the projects and overall targets, below.
    tables = sorted((t for t in d.tables if t.id not in TARGET_IDS),
                    key=lambda t: STANDARD_ORDER.index(t.id) if t.id in STANDARD_ORDER else 99)
    part_one = f"{kind}公开表"
    if tables:
        blocks.append(Block(kind="heading", level=1, text=part_one))
        blocks += [Block(kind="table", ref=t.id) for t in tables]
        blocks.append(Block(kind="page_break"))
    skip = {key(title), key(part_one)}
    for p in d.projects:
        skip.update(key(t) for t in (p.title, p.fund_use, p.goal, p.long_term_goal) if t)
    for o in d.overall_targets:
        skip.update(key(t) for t in (o.title, o.duties) if t)
    passages = [p for p in d.explanation if _keep(p.text, skip)]
    forms = [(p.source, Block(kind="project", ref=str(i))) for i, p in enumerate(d.projects)]
    forms += [(o.source, Block(kind="overall_targets", ref=str(i))) for i, o in enumerate(d.overall_targets)]
    placed = _place(passages, forms)
    sections = {key(s) for s in d.sections}
    for item in placed:
        if isinstance(item, Block):
            blocks.append(item)
            continue
        level = _heading_level(item.text, sections)
        if level:
            blocks.append(Block(kind="heading", level=level, text=item.text))
        else:
            blocks.append(Block(kind="paragraph", text=item.text))
        if level and "机构设置情况" in item.text and d.department.nature and not _nature_shown(blocks):
            # The 机构设置 table itself is not kept by reading; what it said of the unit is.
            blocks.append(Block(kind="grid", rows=[["单位名称", "单位性质"],
                                                   [d.department.name or "", d.department.nature]]))
    return blocks


def _nature_shown(blocks: list[Block]) -> bool:
    return any(b.kind == "grid" and b.rows and "单位性质" in b.rows[0] for b in blocks)


def _keep(text: str, skip: set[str]) -> bool:
    k = key(text)
    if not k or k in skip:
        return False
    if "目录" in k and len(k) < 40:
        return False
    # A unit line or a table title would be read as part of (or the start of) a table.
    return not (is_meta(text) or match_title(text) is not None)


def _where(source: Source) -> tuple[int, int] | None:
    if source.line is not None:
        return (0, source.line)
    if source.page is not None:
        return (source.page, 0)
    return None


def _place(passages: list[Passage], forms: list[tuple[Source, Block]]) -> list[Passage | Block]:
    """Passages in order, each form before the first passage read after it; forms whose place is
    unknown (or not comparable with the passages') go at the end, under their own heading."""
    placed: list[Passage | Block] = list(passages)
    keys = [_where(p.source) for p in passages]
    comparable = bool(keys) and all(k is not None for k in keys)
    tail: list[Block] = []
    for source, block in forms:
        at = _where(source)
        if not comparable or at is None:
            tail.append(block)
            continue
        # Insert after everything read at or before the form's place (page-only sources keep the
        # form after the text of its page).
        pos = next((i for i, p in enumerate(placed) if isinstance(p, Passage) and _where(p.source) > at), None)
        if at[1] == 0:  # page only
            pos = next((i for i, p in enumerate(placed) if isinstance(p, Passage) and _where(p.source)[0] > at[0]),
                       None)
        if pos is None:
            placed.append(block)
        else:
            # Keep forms read at one place in their order.
            placed.insert(pos, block)
    if tail:
        placed.append(Block(kind="heading", level=2, text="项目支出绩效目标"))
        placed += tail
    return placed


def _heading_level(text: str, sections: set[str]) -> int | None:
    k = key(text)
    if len(k) > 40 or _SENTENCE.search(k) or k.endswith("。"):
        return None
    if _PART.match(k) or k.endswith(("情况说明", "公开表")):
        return 1
    if _LEVEL2.match(k):
        return 2
    if _LEVEL3.match(k) or k in sections:
        return 3
    return None
