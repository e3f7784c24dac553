"""The transparency score of one disclosure: what it discloses, and how completely.

The parts, their points and how each is judged are data (``transparency.yaml`` beside this module;
the method and the reason for every weight are in docs/transparency.md). Each part is judged from the
extraction alone and says why it earned what it did (the evidence, in Chinese, with pages where known).
A part that does not apply to a document (项目绩效目标 on a 决算, timeliness when the publication
date is not known) is left out of the possible points, and the score is the points earned per hundred
points possible, so that documents that could be judged on different parts stay comparable.

Points are ``Decimal``: a score is printed and stored exactly as it was computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources

from yusuan.model import Disclosure, Table

BUDGET_KINDS = ("部门预算", "单位预算")
FINAL_KINDS = ("部门决算", "单位决算")
KIND_NAMES = {"budget": "预算", "final": "决算"}
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PartSpec:
    id: str
    group: str
    name: str
    kind: str
    points: Decimal
    basis: str
    applies: tuple[str, ...] = ("budget", "final")
    options: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Method:
    name: str
    parts: tuple[PartSpec, ...]


@dataclass
class PartScore:
    id: str
    group: str
    name: str
    points: Decimal
    earned: Decimal | None  # None: not judged for this document (left out of the possible points)
    evidence: list[str]
    basis: str

    @property
    def shown(self) -> str:
        """``2.5/4``, or 不评."""
        return "不评" if self.earned is None else f"{_plain(self.earned)}/{_plain(self.points)}"

    def to_dict(self) -> dict:
        return {"id": self.id, "group": self.group, "name": self.name, "points": self.points,
                "earned": self.earned, "evidence": list(self.evidence), "basis": self.basis}


@dataclass
class Transparency:
    kind: str | None  # budget / final; None when the document is neither and is not scored
    score: Decimal | None  # per hundred points possible, one decimal
    earned: Decimal
    possible: Decimal
    parts: list[PartScore]
    note: str | None = None

    def to_dict(self) -> dict:
        return {"score": self.score, "earned": self.earned, "possible": self.possible, "kind": self.kind,
                "note": self.note, "parts": [p.to_dict() for p in self.parts]}

    @classmethod
    def from_dict(cls, data: dict) -> Transparency:
        def dec(v):
            return None if v is None else Decimal(str(v))

        parts = [PartScore(p["id"], p["group"], p["name"], dec(p["points"]), dec(p["earned"]), list(p["evidence"]),
                           p["basis"]) for p in data.get("parts", [])]
        return cls(data.get("kind"), dec(data.get("score")), dec(data["earned"]), dec(data["possible"]), parts,
                   data.get("note"))

    @property
    def earned_text(self) -> str:
        return _plain(self.earned)

    @property
    def possible_text(self) -> str:
        return _plain(self.possible)

    def headline(self) -> str:
        """``透明度得分 86.5（可评 95 分，得 82.2 分）``, or why the document was not scored."""
        if self.score is None:
            return f"透明度得分：未评分（{self.note}）"
        return f"透明度得分 {self.score}（满分 100；可评部分 {_plain(self.possible)} 分，得 {_plain(self.earned)} 分）"


def _plain(v: Decimal) -> str:
    """A number of points without trailing zeros (4, 2.5, 3.56)."""
    text = format(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_KNOWN_KINDS = {"tables", "detail", "section", "three_public_reason", "project_targets", "overall_targets",
                "timeliness"}


@lru_cache(maxsize=1)
def method() -> Method:
    """The bundled method (transparency.yaml)."""
    import yaml

    data = yaml.safe_load(resources.files(__package__).joinpath("transparency.yaml").read_text(encoding="utf-8"))
    parts = []
    for p in data["parts"]:
        if p["kind"] not in _KNOWN_KINDS:
            raise ValueError(f"transparency.yaml: unknown kind {p['kind']!r} in part {p['id']}")
        options = {k: v for k, v in p.items() if k not in ("id", "group", "name", "kind", "points", "basis", "applies")}
        parts.append(PartSpec(p["id"], p["group"], p["name"], p["kind"], Decimal(str(p["points"])), p["basis"],
                              tuple(p.get("applies", ("budget", "final"))), options))
    return Method(data["name"], tuple(parts))


def document_kind(d: Disclosure) -> str | None:
    """budget or final; a document of no stated kind with three standard tables or more is taken as a
    budget (as the completeness rules take it); anything else (a 绩效自评, a lone target table) is None."""
    if d.kind in BUDGET_KINDS:
        return "budget"
    if d.kind in FINAL_KINDS:
        return "final"
    if d.kind is None and len(d.tables) >= 3:
        return "budget"
    return None


def score(d: Disclosure, *, published: date | None = None, approved: date | None = None,
          using: Method | None = None, outcomes: Iterable | None = None) -> Transparency:
    """Score ``d``. ``published`` and ``approved`` (the date the budget was approved by the finance
    department) are used for timeliness when known; the document's own text is searched for them otherwise.
    ``outcomes`` are the rule outcomes of a check of ``d`` already made (a report's): a part judged by a
    rule takes the rule's outcome from them instead of running the rule again."""
    ran = {o.rule: o for o in outcomes} if outcomes is not None else {}
    m = using or method()
    kind = document_kind(d)
    if kind is None:
        return Transparency(None, None, Decimal(0), Decimal(0), [],
                            note=f"这不是部门（单位）预算或决算公开文件（{d.kind or '类型不明'}），不评透明度")
    parts = []
    for spec in m.parts:
        if kind not in spec.applies:
            parts.append(PartScore(spec.id, spec.group, spec.name, spec.points, None,
                                   [f"{KIND_NAMES[kind]}公开文件不评此项"], spec.basis))
            continue
        earned, evidence = _JUDGES[spec.kind](d, spec, kind, published=published, approved=approved, ran=ran)
        if earned is not None:
            earned = min(spec.points, earned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        parts.append(PartScore(spec.id, spec.group, spec.name, spec.points, earned, evidence, spec.basis))
    judged = [p for p in parts if p.earned is not None]
    possible = sum((p.points for p in judged), Decimal(0))
    earned = sum((p.earned for p in judged), Decimal(0))
    value = (earned * HUNDRED / possible).quantize(TENTH, rounding=ROUND_HALF_UP) if possible else None
    return Transparency(kind, value, earned, possible, parts)


# ------------------------------------------------------------------------------------------ judges


def _where(t: Table) -> str:
    return f"（第 {t.source.page} 页）" if t.source.page is not None else (
        f"（第 {t.source.line} 行）" if t.source.line is not None else "")


def _has_values(t: Table) -> bool:
    return any(v is not None for r in t.rows for v in r.values.values())


def _spec_names() -> dict[str, str]:
    from yusuan.recognize.titles import SPECS

    return {s.id: s.name for s in SPECS}


def _table_set(d, options: dict, kind: str) -> list[str]:
    """The standard's tables, or a central-level unit's four (its whole set, as C001 holds it)."""
    from yusuan.recognize.titles import CENTRAL_SETS, is_central_set

    if is_central_set({t.id for t in d.tables}, kind):
        return list(CENTRAL_SETS[kind])
    return options[kind]


def _tables(d, spec, kind, **_):
    ids = _table_set(d, spec.options["tables"], kind)
    names = _spec_names()
    each = spec.points / len(ids)
    filled_share = Decimal(str(spec.options.get("filled_share", "0.25")))
    earned = Decimal(0)
    evidence = []
    printed = _printed_titles(d, ids)
    for tid in ids:
        t = d.table(tid)
        if t is None and tid in printed:
            # C001 says as much: the title is printed but its grid was not read (a picture, an odd layout)
            earned += each * (1 - filled_share)
            evidence.append(f"{names.get(tid, tid)}：印有标题“{printed[tid][:30]}”，但未能读出表格，按已公开计，"
                            f"不计是否有数字")
            continue
        if t is None:
            evidence.append(f"{names.get(tid, tid)}：未公开")
            continue
        if _has_values(t):
            earned += each
            evidence.append(f"{names.get(tid, tid)}：已公开，有数字{_where(t)}")
        elif t.empty_note:
            earned += each
            evidence.append(f"{names.get(tid, tid)}：已公开，空表并说明“{t.empty_note.strip()[:30]}”{_where(t)}")
        else:
            earned += each * (1 - filled_share)
            evidence.append(f"{names.get(tid, tid)}：已公开，但没有数字也没有空表说明{_where(t)}")
    return earned, evidence


def _printed_titles(d: Disclosure, ids: list[str]) -> dict[str, str]:
    from yusuan.recognize.titles import match_title

    out: dict[str, str] = {}
    missing = {tid for tid in ids if d.table(tid) is None}
    for p in d.explanation if missing else ():
        spec = match_title(p.text)
        if spec is not None and spec.id in missing and spec.id not in out:
            out[spec.id] = p.text.strip()
    # A table the reader saw but could not place, under a standard table's title (收入预算总表 for 收入总表):
    # the same table.
    for u in d.unplaced_tables:
        spec = match_title(u.title)
        if spec is not None and spec.id in missing and spec.id not in out:
            out[spec.id] = u.title.strip()
    return out


def _detail(d, spec, kind, **_):
    length = int(spec.options["length"])
    level = {7: "项", 5: "款"}[length]
    names = _spec_names()
    for tid in spec.options["tables"][kind]:
        t = d.table(tid)
        name = names.get(tid, tid)
        if t is None:
            return Decimal(0), [f"未公开{name}"]
        codes = [r.code for r in t.rows if r.code and r.code.isdigit()]
        if not codes:
            if not _has_values(t):
                return None, [f"{name}是空表，不评此项"]
            if len(t.rows) <= 1 or t.reading == "doubtful":
                # only a total was read: the codes may be printed in a form the reader does not take
                return None, [f"{name}只读出合计行（或读取存疑），未能判定科目列到哪一级，不评此项{_where(t)}"]
            return Decimal(0), [f"{name}没有列出科目编码{_where(t)}"]
        deepest = max(len(c) for c in codes)
        at_level = sum(1 for c in codes if len(c) >= length)
        if deepest >= length:
            return spec.points, [f"{name}列到{level}级科目（{at_level} 个{level}级编码）{_where(t)}"]
        shown = {3: "类", 5: "款", 7: "项"}.get(deepest, f"{deepest}位")
        return Decimal(0), [f"{name}只列到{shown}级科目{_where(t)}"]
    return Decimal(0), ["未公开相应的表"]


def _section(d, spec, kind, **_):
    from yusuan.rules.completeness import SECTIONS, headings
    from yusuan.rules.narrative import LABELS

    wanted = spec.options["section"]
    name, words, figures, table_ids = next(s for s in SECTIONS if s[0] == wanted)
    heading = next((s for s in headings(d) if re.search(words, s)), None)
    if heading is not None:
        return spec.points, [f"说明中有“{heading.strip()[:40]}”部分"]
    for key in figures:
        f = d.narrative.get(key)
        if f is not None:
            where = f"（第 {f.source.page} 页）" if f.source.page is not None else ""
            return spec.points, [f"说明陈述了{LABELS.get(key, key)} {f.value}{f.unit or ''}{where}"]
    for tid in table_ids:
        t = d.table(tid)
        if t is not None:
            return spec.points, [f"公开了{_spec_names().get(tid, tid)}{_where(t)}"]
    if wanted == "绩效目标" and (d.projects or d.overall_targets):
        return spec.points, [f"公开了绩效目标表（项目 {len(d.projects)} 个，整体绩效目标 {len(d.overall_targets)} 张）"]
    return Decimal(0), [f"说明中没有“{name}”部分"]


def _three_public_reason(d, spec, kind, *, ran, **_):
    outcome = ran.get("C004")
    if outcome is None:
        from yusuan.rules import check

        outcome = check(d, select=["C004"]).outcomes[0]
    change = d.narrative.get("three_public_change")
    if outcome.outcome == "通过":
        return spec.points, [f"说明了增减变化的原因：“{change.text.strip()[:60]}”"]
    if outcome.outcome == "不通过":
        return Decimal(0), [f"写了增减变化，没有说明原因：“{change.text.strip()[:60]}”"]
    if change is not None and change.value == 0:
        return spec.points, ["“三公”经费与上年持平，无增减变化需要说明"]
    return Decimal(0), ["说明中没有陈述“三公”经费比上年的增减变化及其原因"]


def _project_amount(d) -> Decimal | None:
    t = d.table("expenditure_summary")
    if t is None:
        return None
    row = next((r for r in t.rows if r.name.replace(" ", "") in ("合计", "总计", "支出合计")), None)
    return None if row is None else row.values.get("project")


# A target table's own title (not “详见…绩效目标表”), “(一级项目)” after it as 重庆 prints it.
_PROJECT_TABLE = re.compile(r"[^。，；：]{2,60}(?:项目|专项资金)绩效目标表(?:\s*[（(][^（）()]{1,12}[)）])?")


def _project_targets(d, spec, kind, **_):
    with_indicators = [p for p in d.projects if p.indicators]
    if with_indicators:
        share = Decimal(len(with_indicators)) / Decimal(len(d.projects))
        text = f"公开了 {len(d.projects)} 个项目的绩效目标表，其中 {len(with_indicators)} 个列有绩效指标"
        return spec.points * share, [text]
    titles = [p.text.strip() for p in d.explanation if _PROJECT_TABLE.fullmatch(p.text.strip()) and "见" not in p.text]
    if titles:  # printed, but no indicator was read from them: the reader's limit, not the document's
        return None, [f"说明中印有 {len(titles)} 张项目绩效目标表（如“{titles[0][:40]}”），未能读出其中的指标，"
                      f"不评此项"]
    if d.projects:
        return Decimal(0), [f"公开了 {len(d.projects)} 个项目的绩效目标表，但都没有列出绩效指标"]
    amount = _project_amount(d)
    if amount is not None and amount == 0:
        return None, ["支出总表中项目支出为 0，不评此项"]
    if amount is not None:
        return Decimal(0), [f"支出总表列项目支出 {amount}，没有公开项目绩效目标表"]
    return Decimal(0), ["没有公开项目绩效目标表"]


def _overall_targets(d, spec, kind, **_):
    if d.overall_targets:
        return spec.points, [f"公开了部门整体绩效目标表（{len(d.overall_targets)} 张）"]
    return Decimal(0), ["没有公开部门整体绩效目标表"]


_DATE = r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_PUBLISHED = re.compile(r"(?:公开|发布|公布)(?:日期|时间)\s*[:：]?\s*" + _DATE)
_APPROVED = re.compile(_DATE + r"[^。；]{0,20}批复|批复[^。；]{0,12}?(?:于|日期|时间)\s*[:：]?\s*" + _DATE)


def _date(groups) -> date | None:
    try:
        return date(int(groups[0]), int(groups[1]), int(groups[2]))
    except ValueError:
        return None


def dates_in_text(d: Disclosure) -> tuple[date | None, date | None]:
    """(publication date, approval date) as the explanation prints them (“公开日期：2024年2月5日”,
    “2024年1月20日区财政局批复…”), each None when not printed."""
    published = approved = None
    for p in d.explanation:
        if published is None and (m := _PUBLISHED.search(p.text)):
            published = _date(m.groups())
        if approved is None and (m := _APPROVED.search(p.text)):
            g = m.groups()
            approved = _date(g[:3] if g[0] else g[3:])
    return published, approved


def _timeliness(d, spec, kind, *, published=None, approved=None, **_):
    text_published, text_approved = dates_in_text(d)
    published = published or text_published
    approved = approved or text_approved
    if published is None or approved is None:
        missing = "、".join(w for w, v in (("公开日期", published), ("批复日期", approved)) if v is None)
        return None, [f"不知道{missing}，不评此项"]
    days = (published - approved).days
    limit = int(spec.options.get("days", 20))
    said = f"{approved:%Y-%m-%d} 批复，{published:%Y-%m-%d} 公开，相隔 {days} 天"
    if 0 <= days <= limit:
        return spec.points, [f"{said}，在 {limit} 日内"]
    return Decimal(0), [f"{said}，超过 {limit} 日" if days > limit else f"{said}，公开日期早于批复日期，请核对"]


_JUDGES = {"tables": _tables, "detail": _detail, "section": _section, "three_public_reason": _three_public_reason,
           "project_targets": _project_targets, "overall_targets": _overall_targets, "timeliness": _timeliness}
