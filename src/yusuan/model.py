"""The typed disclosure: what a published budget document says, as printed.

Money is ``Decimal`` in the unit the table (or sentence) prints. Nothing here is
ever corrected: a wrong total stays wrong, so that checking can point at it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MoneyUnit = Literal["元", "万元"]


class Source(BaseModel):
    """Where a value was read: file-relative page/line and the cell reference; ``file`` names the file
    where a disclosure was read from several (:attr:`Disclosure.files`), and is None otherwise."""

    model_config = ConfigDict(extra="forbid")
    file: str | None = None
    page: int | None = None
    line: int | None = None
    cell: str | None = None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seq: int | None = None
    side: Literal["income", "expenditure"] | None = None
    block: Literal["function", "use"] | None = Field(
        default=None, description="the expenditure block of a 收支总表 printed in three blocks (收入 | 支出功能分类 | "
                                  "支出经济分类/用途): function or use; None elsewhere and on the totals of both")
    code: str | None = None
    unit_code: str | None = Field(default=None, description="a budget unit's code where rows list units (121001)")
    item: str | None = Field(default=None, description="the standard item a row stands for where a table's rows are "
                                                       "fixed items (三公: overseas, reception, meeting …)")
    name: str
    values: dict[str, Decimal | None] = Field(default_factory=dict)
    text: dict[str, str] = Field(default_factory=dict, description="non-numeric cells as printed")
    source: Source = Field(default_factory=Source)



class Column(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: str


Reading = Literal["read", "doubtful"]


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    money_unit: MoneyUnit | None = None
    empty_note: str | None = None
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)
    pages: int = 1
    stated_year: int | None = Field(default=None, description="the year the table's header or title prints "
                                                               "(“预算年度：2024”, “2024年部门收支总表”)")
    as_of: str | None = Field(default=None, description="the date a 截止时间/截止日期 line of the header prints, as printed")
    printed_unit: MoneyUnit | None = Field(
        default=None, description="the unit the header prints where the figures are in the other one (money_unit): "
                                  "“单位：元” over figures other tables print in 万元")
    reading: Reading = Field(default="read", description="read, or read with doubts (see doubts)")
    doubts: list[str] = Field(default_factory=list, description="why the reading is in doubt, in Chinese")

    def row(self, code: str | None = None, name: str | None = None, side: str | None = None) -> Row | None:
        for r in self.rows:
            if side is not None and r.side != side:
                continue
            if code is not None and r.code == code:
                return r
            if name is not None and r.name.replace(" ", "") == name:
                return r
        return None


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    description: str | None = None
    value: str | None = None
    basis: str | None = None
    note: str | None = None
    weight: str | None = Field(default=None, description="指标权重(%) as printed (10)")
    core: bool | None = Field(default=None, description="是否核心: 是 True, 否 False, not printed None")
    source: Source = Field(default_factory=Source)


class SpendingStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str
    percent: Decimal | None
    text: str = Field(default="", description="the cell as printed (50%)")



class Project(BaseModel):
    """A 项目/专项资金 performance target table."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["project", "special_fund"] = "project"
    code: str | None = None
    name: str
    title: str | None = None
    amount: Decimal | None = None
    fiscal_amount: Decimal | None = None
    other_amount: Decimal | None = None
    money_unit: MoneyUnit | None = None
    fund_use: str | None = None
    period: str | None = None
    long_term_goal: str | None = None
    goal: str | None = None
    spending_plan: list[SpendingStep] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)



class OverallTargets(BaseModel):
    """部门整体支出绩效目标表."""

    model_config = ConfigDict(extra="forbid")
    title: str
    unit_name: str | None = None
    amounts: dict[str, Decimal | None] = Field(default_factory=dict)
    money_unit: MoneyUnit | None = None
    duties: str | None = None
    goal: str | None = Field(default=None, description="总体目标")
    sub_goals: list[str] = Field(default_factory=list, description="分项目标")
    key_work: list[dict[str, str]] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)



class StatedFigure(BaseModel):
    """A figure the explanation text states, with the sentence it came from."""

    model_config = ConfigDict(extra="forbid")
    value: Decimal
    unit: MoneyUnit | Literal["%"] | None = None
    text: str
    source: Source = Field(default_factory=Source)



ClaimMeasure = Literal["amount", "change", "share", "growth_rate", "percent", "count"]


class ClaimSubject(BaseModel):
    """What a claim is about: a row of the function-classified tables (``code``, with the 类/款/项 names as
    the sentence prints them and, where they differ, as the table prints them), a figure of the whole
    document (``figure``, a key of :attr:`Disclosure.narrative`), or an income line of the 收支总表
    (``table_row``: ``table`` and the row's name as the table prints it in ``names["行"]``)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["row", "figure", "table_row"]
    table: str | None = Field(default=None, description="the table id of a table_row subject")
    code: str | None = None
    level: Literal["类", "款", "项"] | None = None
    names: dict[str, str] = Field(default_factory=dict, description="level → name as the sentence prints it")
    table_names: dict[str, str] = Field(default_factory=dict,
                                        description="level → the table's name for the same code, where it differs")
    by: Literal["code", "name", "name_order", "figure", "figure_name", "table_name"] | None = Field(
        default=None, description="how it was resolved: a printed code, exact names, the same characters in another "
                                  "order under the named 款, a figure the explanation reader recognises, a figure "
                                  "the clause before the amount names and nothing else, or a table row by its name")
    figure: str | None = None
    direct: bool = Field(default=False, description="the amount follows the subject's name directly "
                                                    "(“…（项）支出5804.83万元”), so it states the subject's own amount")


class Claim(BaseModel):
    """One number of the explanation, with the sentence it stands in and what it is about where that could
    be resolved; ``resolved`` is False when no subject could be found (such a claim is never checked)."""

    model_config = ConfigDict(extra="forbid")
    measure: ClaimMeasure
    value: Decimal = Field(description="the number as printed (a decrease is positive, see direction)")
    unit: str | None = Field(default=None, description="as printed: 万元, 万, 元, %, 个, 辆 …")
    printed: str = Field(description="the number and unit exactly as printed (1,202.95万元)")
    direction: Literal["increase", "decrease"] | None = None
    period: Literal["current", "prior"] | None = Field(
        default=None, description="the year the amount is labelled with: the budget year, or the year before")
    subject: ClaimSubject | None = None
    resolved: bool = False
    total_of: list[int] = Field(default_factory=list,
                                description="indexes (in Disclosure.claims) of the 其中 parts this amount is the total of")
    of: int | None = Field(default=None, description="index of the claim a change, growth rate or share is of: the "
                                                     "amount it follows (“X万元，比上年增加Y万元，增长z%”, “X万元，占z%”)")
    bases: list[int] = Field(default_factory=list,
                             description="indexes of the stated totals a share may be a share of (the one its phrase "
                                         "names, or the totals stated before it in the same part of the explanation)")
    qualifier: Literal["threshold", "approximate"] | None = Field(
        default=None, description="a number not stated exactly: a threshold or bound (“单价100万元以上”, “不低于5%”), "
                                  "or an approximation (“约30万元”); such a claim is never checked")
    text: str = Field(description="the sentence")
    offset: int = Field(default=0, description="where the number starts in the sentence")
    source: Source = Field(default_factory=Source)


class Passage(BaseModel):
    """A paragraph of the explanation text as printed (outside the tables), where it was read."""

    model_config = ConfigDict(extra="forbid")
    text: str
    source: Source = Field(default_factory=Source)


class UnplacedTable(BaseModel):
    """A table the document prints that yusuan saw but could not map to a standard table."""

    model_config = ConfigDict(extra="forbid")
    title: str
    source: Source = Field(default_factory=Source)


class PageNote(BaseModel):
    """A PDF page as a reader sees it: ``blank`` (nothing on it), ``empty_frame`` (only ruling lines), both
    after the 目录; ``outside_text``: text of the text layer placed outside the visible page box that no
    page shows (``text``)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["blank", "empty_frame", "outside_text"]
    text: str = ""
    source: Source = Field(default_factory=Source)


class Department(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str | None = None
    name: str | None = None
    nature: str | None = Field(default=None, description="单位性质 as printed: 行政, 参公, 事业 …")


class OcrFigure(BaseModel):
    """A figure of a scanned page that the OCR recognizer was unsure of."""

    model_config = ConfigDict(extra="forbid")
    text: str
    confidence: float = Field(description="the recognizer's lowest probability among the figure's digits")
    table: str | None = Field(default=None, description="the id of the recognised table the figure is in")
    source: Source = Field(default_factory=Source)
    box: list[float] | None = Field(default=None, description="the cell on its page picture, in points from the "
                                    "page's top left: x0, top, x1, bottom (where a reader sees what was read)")


class OcrReading(BaseModel):
    """Where the document was read from pictures (scanned pages) by OCR."""

    model_config = ConfigDict(extra="forbid")
    pages: list[int] = Field(description="the pages read by OCR")
    threshold: float = Field(description="figures with a digit read with less confidence are listed as doubtful")
    doubtful: list[OcrFigure] = Field(default_factory=list)
    unread: list[OcrFigure] = Field(default_factory=list, description="cells of a table's column of figures that hold "
                                    "ink read as nothing (text empty, confidence 0) or as a figure with a digit "
                                    "lost (758,48): no number was taken from them")


class Disclosure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int = 1
    source: str
    files: list[str] = Field(default_factory=list, description="the files one disclosure was read from, when several")
    joined_because: str | None = Field(default=None, description="why the files were read as one disclosure")
    format: str
    title: str | None = None
    department: Department = Field(default_factory=Department)
    year: int | None = None
    kind: str | None = None
    money_unit: MoneyUnit | None = None
    tables: list[Table] = Field(default_factory=list)
    unplaced_tables: list[UnplacedTable] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    overall_targets: list[OverallTargets] = Field(default_factory=list)
    narrative: dict[str, StatedFigure] = Field(default_factory=dict)
    claims: list[Claim] = Field(default_factory=list, description="every number of the explanation, see Claim")
    sections: list[str] = Field(default_factory=list, description="headings of the explanation, in order")
    contents: list[Passage] = Field(default_factory=list,
                                    description="entries of the 目录, in order, without leaders and page numbers")
    explanation: list[Passage] = Field(default_factory=list, description="paragraphs of the explanation, in order")
    page_notes: list[PageNote] = Field(default_factory=list, description="blank pages and hidden text of a PDF")
    ocr: OcrReading | None = Field(default=None, description="pages read by OCR, None where every page has text")

    def table(self, table_id: str) -> Table | None:
        for t in self.tables:
            if t.id == table_id:
                return t
        return None
