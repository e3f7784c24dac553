"""The publishable document: a disclosure's figures and its text, in reading order.

``yusuan build`` computes a :class:`Package` from the data a finance officer enters; the writers in
``yusuan.render`` lay the same package out as XLSX, DOCX, HTML and PDF. Every figure lives once, in
``disclosure`` (the same typed model that reading a published document gives), and the blocks only
point at it, so the tables and the text printed from one package can never disagree.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from yusuan.model import Disclosure

BlockKind = Literal["heading", "paragraph", "table", "project", "overall_targets", "grid", "toc", "page_break"]


class Block(BaseModel):
    """One piece of the document.

    - ``heading``: ``text`` at ``level`` 1 (part: 第一部分, 部门预算公开表), 2 (一、…), 3 ((一)、1、…).
    - ``paragraph``: ``text``.
    - ``table``: the standard table ``ref`` (a table id, see ``yusuan tables``) of ``disclosure``.
    - ``project`` / ``overall_targets``: ``disclosure.projects[int(ref)]`` / ``disclosure.overall_targets[int(ref)]``.
    - ``grid``: a small text table (``rows``, the first one its header), such as 部门机构设置情况.
    - ``toc``: the directory (目录), listing the level-1/level-2 headings and the tables after it.
    - ``page_break``: start a new page (PDF, DOCX).
    """

    model_config = ConfigDict(extra="forbid")
    kind: BlockKind
    text: str | None = None
    level: int | None = None
    ref: str | None = None
    rows: list[list[str]] | None = None


class Package(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disclosure: Disclosure
    blocks: list[Block] = Field(default_factory=list)
    assets_as_of: str | None = Field(default=None, description="截止时间 of the fixed-assets table, e.g. 2023-12-31")

    @property
    def unit_line(self) -> str:
        """The line printed above each table: 单位编码 and 单位名称 (542 石家庄市鹿泉区信访局)."""
        d = self.disclosure.department
        return " ".join(x for x in (d.code, d.name) if x)
