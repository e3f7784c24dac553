"""Completeness of a budget disclosure per 《地方预决算公开操作规程》(财预〔2016〕143号).

Only budget disclosures (部门预算 / 单位预算) are held to the list of tables and sections; a
performance self-evaluation or a stand-alone target table is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.model import Disclosure
from yusuan.recognize.titles import CENTRAL_SETS, SPEC_BY_ID, SPECS, TARGET_IDS, is_central_set, match_title
from yusuan.rules.context import Context
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule
from yusuan.rules.narrative import paragraphs

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）第十一条"
_BUDGET_KINDS = ("部门预算", "单位预算")


def _budget(d: Disclosure) -> None:
    if d.kind not in _BUDGET_KINDS and not (d.kind is None and len(d.tables) >= 3):
        raise NotApplicable(f"这不是部门（单位）预算公开文件（{d.kind or '类型不明'}）")


def _has_values(t) -> bool:
    return any(v is not None for r in t.rows for v in r.values.values())


@rule(
    "C001", "错误", "缺少必须公开的预算表",
    bad="预算公开文件只有政府采购预算表和固定资产占用情况表",
    good="收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算财政拨款支出表、一般公共预算财政拨款基本支出表、"
         "政府性基金预算财政拨款支出表、国有资本经营预算财政拨款支出表、“三公”经费支出表、政府采购预算表都已公开"
         "（没有数据的表以空表列示并说明）",
    regulation=_REG + "：部门预算公开的表格至少包括收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                      "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表等；没有数据的表格应当列示空表并说明",
)
def required_tables(ctx: Context):
    """部门（单位）预算公开必须包括标准的各张预算表；某张表没有数据时，要以空表列示并加以说明，而不是不公开。
    每缺一张表报告一次。文件中另有未能识别的表（R002）时，缺少的表可能就在其中：这时把没有认出的表合为一条
    警告。中央部门所属单位（如高校）按中央部门预算公开的格式只公开四张表——收支预算总表、收入预算表、支出预算表、
    财政拨款支出预算表：印有财政拨款支出预算表、却没有地方格式特有的表（财政拨款收支总表、一般公共预算各表、
    政府性基金预算表、“三公”经费表）的文件，按这四张表核对。只有预算说明、一张表也没有的文件（表格另行发布的），
    只作一条警告，提示与表格文件一并核对。"""
    d = ctx.disclosure
    _budget(d)
    present = {t.id for t in d.tables}
    missing = [spec for spec in _required(present) if spec.id not in present]
    printed = _titles_in_text(d, missing)
    if missing and not d.tables and not d.unplaced_tables and (d.sections or d.narrative):
        # A file of explanation only: the tables are published beside it, often as a file of their own
        # (the counterpart of C005's tables-only file). Their absence from this file is no proof that
        # they were not published.
        names = "、".join(spec.name for spec in missing)
        yield Issue(message=f"本文件只有预算说明，没有任何预算表（{names}）；表格如另行公开，请与本文件一并核对"
                            f"（yusuan check 说明文件 表格文件 --together）。", severity="警告")
        return
    if missing and d.unplaced_tables:
        names = "、".join(spec.name for spec in missing)
        yield Issue(message=f"没有认出这些必须公开的表：{names}。文件中有 {len(d.unplaced_tables)} 张表未能识别"
                            f"（见 R002），它们可能就在其中，请对照原文核实；确未公开的，按规定必须公开。",
                    severity="警告")
        return
    for spec in missing:
        where = printed.get(spec.id)
        if where is not None:
            yield Issue(message=f"文件中印有{spec.name}的标题（“{where.text[:40]}”），但没有读出这张表（版式特殊，"
                                f"或表格是图片），没有核对；请对照原文核实。",
                        table=spec.id, severity="警告", page=where.source.page, line=where.source.line,
                        cell=where.source.cell, file=where.source.file)
            continue
        yield Issue(message=f"没有找到{spec.name}。按规定该表必须公开，没有数据时也应空表列示并说明。",
                    table=spec.id)


def _required(present: set[str]) -> list:
    if is_central_set(present, "budget"):
        return [SPEC_BY_ID[i] for i in CENTRAL_SETS["budget"]]
    return [spec for spec in SPECS if spec.required]


def _titles_in_text(d: Disclosure, specs) -> dict:
    """The passage printed as the title of each of ``specs`` (a line of its own, not a mention in a
    sentence), for tables whose grid was not read (a picture under its title, or a list of the tables
    published in another file): such a table is not shown to be absent."""
    found: dict = {}
    wanted = {spec.id for spec in specs}
    for p in d.explanation if wanted else ():
        spec = match_title(p.text)
        if spec is not None and spec.id in wanted and spec.id not in found:
            found[spec.id] = p
    return found


_EMPTY_WORDS = re.compile(r"空表|无发生额|无[^，。]*(预算|经费|支出|收入|安排)|没有[^，。]*(预算|经费|安排)")


@rule(
    "C002", "错误", "空表说明与表中数字矛盾，或空表没有说明",
    bad="“三公”经费表写着“本部门无‘三公’经费预算，故本表为空表”，表中却列出合计 47.91",
    good="没有数据的表只印表头并写明“无……预算，空表列示”；有数字的表不写空表说明",
    regulation=_REG + "：没有数据的表格应当列示空表并说明",
)
def empty_tables(ctx: Context):
    """一张表注明“空表”（或“无……预算”）却列出了非零金额，是说明与数字矛盾（错误）；一张表没有任何数字却没有
    空表说明，读者无法分辨是没有预算还是漏填（警告）。预算说明中已写明这项资金为 0 或没有的（“政府性基金拨款支出
    预算为0”“本单位无国有资本经营预算拨款”），算作有说明。"""
    d = ctx.disclosure
    tables = [t for t in d.tables if t.id not in TARGET_IDS]  # the target forms hold words, not money
    if not tables:
        raise MissingData("没有找到预算表")
    for t in tables:
        # the amounts are looked for only in a table with a note: most have none
        if t.empty_note and any(v for r in t.rows for v in r.values.values()) and _EMPTY_WORDS.search(t.empty_note):
            first = next(r for r in t.rows if any(r.values.values()))
            yield ctx.at(t, first, f"{t.title.strip()}注明“{t.empty_note.strip()}”，但表中列有金额"
                                   f"（如“{first.name.strip()}” {next(v for v in first.values.values() if v)}），说明与数字矛盾。")
        elif not t.empty_note and not _has_values(t) and t.id != "fixed_assets" and t.reading != "doubtful" \
                and not _said_to_be_none(d, t.id):
            # Not a table read with doubts: R001 reports it once, its figures may be where the reading did
            # not look.
            yield ctx.at(t, None, f"{t.title.strip()}没有任何数字，也没有“空表列示”的说明。", severity="警告")


# The money an empty table would show, as the explanation names it; and a statement that there is none
# ("政府性基金拨款支出预算为0", "本单位无国有资本经营预算拨款收支").
_FUND_WORDS = {"government_fund_expenditure": "政府性基金", "state_capital_expenditure": "国有资本经营",
               "three_public_expenses": "三公"}
_NONE_STATED = re.compile(r"(?:为|是)\s*(?:0|零)(?:\.0+)?\s*(?:万?元)?(?![\d.])|无|没有|未安排")


def _said_to_be_none(d: Disclosure, table_id: str) -> bool:
    """The explanation says the table's money is none: the empty table is explained there."""
    word = _FUND_WORDS.get(table_id)
    if word is None:
        return False
    for p in d.explanation:
        if word not in p.text:  # nor then in any of its sentences
            continue
        for sentence in re.split(r"[。；;]", p.text):
            at = sentence.find(word)
            if at >= 0 and _NONE_STATED.search(sentence, at):
                return True
    return False


# The sections an explanation must have, each with the heading words that name it and the stated
# figures or tables that show it is there even when its heading was not recognised.
SECTIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("职责", r"职责|职能|基本情况|部门概况|单位概况", (), ()),
    ("机构设置", r"机构|单位构成|基本情况|部门概况|单位概况", (), ()),
    ("收支预算总体情况", r"总体情况|收支概况|编制说明|收支预算|预算安排|收入预算|支出预算",
     ("income_total", "expenditure_total"), ()),
    ("机关运行经费", r"运行经费", ("operation_cost",), ()),
    ("“三公”经费", r"三公", ("three_public_total",), ()),
    ("绩效目标", r"绩效", (), ()),
    ("政府采购", r"政府采购", ("procurement_total",), ("government_procurement",)),
    ("国有资产", r"国有资产|资产占有|固定资产", ("fixed_assets_total",), ("fixed_assets",)),
    ("名词解释", r"名词解释", (), ()),
)


# A numbered paragraph whose heading runs into its first sentence: “(四)国有资产占有使用情况。截至…”. Only a
# full stop ends such a heading (a glossary entry “（八）机关运行经费：指…” is no heading).
_RUN_IN = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*([^。；：:，,]{2,20})。")


@lru_cache(maxsize=32)
def _compiled(words: str) -> re.Pattern:
    return re.compile(words)


def headings(d: Disclosure) -> list[str]:
    """The explanation's headings, then the headings numbered paragraphs run into their first sentence."""
    return [*d.sections, *(h for p in d.explanation if (h := _run_in(p.text)) is not None)]


@lru_cache(maxsize=16384)  # a pure function of the text: paragraphs recur in documents of one template
def _run_in(text: str) -> str | None:
    """The heading a numbered paragraph runs into its first sentence, if it does."""
    m = _RUN_IN.match(text)
    return m.group(1) if m else None


@rule(
    "C003", "警告", "预算说明缺少规定的内容",
    bad="预算说明只有收支总体情况，没有机关运行经费、“三公”经费、政府采购、国有资产和名词解释",
    good="说明包括部门职责及机构设置、收支预算总体情况、机关运行经费、“三公”经费、绩效目标、政府采购、国有资产、名词解释",
    regulation=_REG + "：部门预算公开应当对部门职责、机构设置、机关运行经费、“三公”经费、政府采购、国有资产占有使用、"
                      "预算绩效等重要事项作出说明，并对专业性较强的名词进行解释",
)
def required_sections(ctx: Context):
    """预算说明应当包括：部门职责、机构设置、收支预算总体情况、机关运行经费、“三公”经费、绩效目标、政府采购、
    国有资产占有使用情况和名词解释。按说明的标题认定（标题与正文同在一段的也算，如“（四）国有资产占有使用情况。
    截至……”）；标题没认出时，说明中陈述了该部分的数字（如机关运行经费金额）或公开了对应的表，也算已说明。"""
    d = ctx.disclosure
    _budget(d)
    found = "\n".join(headings(d))
    if not found and not d.narrative:
        raise MissingData("没有找到预算说明的标题或文字")
    tables = {t.id for t in d.tables}
    for name, words, figures, table_ids in SECTIONS:
        if _compiled(words).search(found):
            continue
        if any(k in d.narrative for k in figures) or any(t in tables for t in table_ids):
            continue
        if name == "绩效目标" and (d.projects or d.overall_targets):
            continue
        yield Issue(message=f"预算说明中没有找到“{name}”部分。", table="document")


_REASON = re.compile(r"原因|主要是|由于|因为|为了|落实|压减|节约|过紧日子|调整|新增|取消|按照|根据")
_THREE_PUBLIC_KEYS = ("three_public_total", "overseas", "vehicle_purchase_and_operation", "vehicle_purchase",
                      "vehicle_operation", "reception")


@rule(
    "C004", "错误", "“三公”经费增减变化没有说明原因",
    bad="与2022年相比，减少3万元。",
    good="与2022年相比减少3万元，主要原因是落实过紧日子要求，压减公务接待费。",
    regulation=_REG + "：“三公”经费预算应当公开增减变化情况并说明原因",
)
def three_public_reason(ctx: Context):
    """“三公”经费比上年增加或减少时，说明中要写明增减变化的原因；只写“减少3万元”而不说为什么，不符合公开要求。
    原因写在增减数的同一句里，或写在同一段随后的句子里（“…减少0.80万元。增减变化的主要原因是…”），都算说明了。"""
    d = ctx.disclosure
    change = d.narrative.get("three_public_change")
    if change is None:
        raise NotApplicable("说明中没有陈述“三公”经费的增减变化")
    if change.value == 0:
        raise NotApplicable("“三公”经费与上年持平")
    text = change.text
    number = str(abs(change.value))
    tail = text[text.find(number) + len(number):] if number in text else text
    # The reason may follow the total or be given item by item ("公务用车购置费…增加25万元，主要原因是购置公务用车").
    others = [d.narrative[k].text for k in _THREE_PUBLIC_KEYS if k in d.narrative]
    # ...or in the sentences that follow it in the same paragraph ("…减少0.80万元。主要原因是…").
    stem = text.strip()
    after = [p.text[p.text.find(stem) + len(stem):] for p in paragraphs(ctx) if stem and stem in p.text]
    if not _REASON.search(tail) and not any(_REASON.search(t) for t in others + after):
        yield Issue(message=f"说明写“{text.strip()}”，“三公”经费{'减少' if change.value < 0 else '增加'}"
                            f"{abs(change.value)}{change.unit or ''}，但没有说明增减变化的原因。",
                    table="narrative", column="three_public_change", actual=change.value,
                    line=change.source.line, page=change.source.page, file=change.source.file)


@rule(
    "C005", "错误", "没有公开绩效目标",
    bad="部门预算安排项目支出 221.71 万元，公开文件中没有任何绩效目标",
    good="公开部门整体绩效目标和项目绩效目标表（一级、二级、三级指标及指标值）",
    regulation="《中共中央 国务院关于全面实施预算绩效管理的意见》（2018年）：绩效目标与预算同步批复下达，并随同预算向社会公开；"
               + _REG,
)
def performance_disclosed(ctx: Context):
    """部门（单位）预算应当随同公开绩效目标：整体绩效目标，或项目绩效目标表，或至少在说明中有“绩效目标”部分
    （一个标题，或标题与正文同在一段，如“（三）绩效目标设置情况。2026年项目支出均实行了绩效目标管理……”）。
    只有预算表、没有说明文字的文件（表格与说明、绩效目标分开发布的），只作警告，提示与其他文件一并核对。"""
    d = ctx.disclosure
    _budget(d)
    if d.projects or d.overall_targets:
        return
    if any("绩效" in s for s in d.sections) or any("绩效目标" in p.text for p in d.explanation):
        return
    if not d.sections and not d.narrative:
        # A file of tables only: the explanation and the targets are published beside it, often as files
        # of their own. Their absence from this file is no proof that they were not published.
        yield Issue(message="本文件只有预算表，没有预算说明，也没有绩效目标；绩效目标如另行公开，请与本文件一并核对"
                            "（yusuan check 表格文件 说明文件 --together）。", table="projects", severity="警告")
        return
    yield Issue(message="公开文件中没有找到绩效目标（整体绩效目标、项目绩效目标表或说明中的绩效目标部分）。",
                table="projects")
