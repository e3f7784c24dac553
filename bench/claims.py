"""How many numbers of each explanation yusuan reads as claims, resolves to a subject and checks.

Run as ``python3 bench/claims.py`` (with ``PYTHONPATH=src``). Options: ``--docs`` restricts the documents
(prefixes: ``001``, ``04_``), ``--examples N`` prints N sentences of each unresolved group (default 2),
``--cache DIR`` keeps each document's reading (the lines of cells) there, so that a second run only
recognises.

For every seed and real PDF in tests/data (the two files of 23 and 24 read as one disclosure), it prints:

* numbers — every run of digits in the explanation's paragraphs (years, dates, list numbers included);
* claims — the numbers read as a claim: an amount, change, share, growth rate, other percentage or count
  with the unit it prints (see :mod:`yusuan.recognize.claims`);
* checkable — the claims a table or the sentence itself can decide: every amount and change of money,
  every share and growth rate, a percentage in a sentence that speaks of money (万元/元 or
  预算/经费/支出/收入), and a count of 车辆/设备/资产/项目/单位 (the tables list them); not a count of people or
  meetings, not a percentage of a target (完成率、满意度);
* resolved — checkable claims with a subject: a table row (by code or by its 类/款/项 names), an income
  line of the 收支总表 (by its name), a figure of the document (收入合计, “三公”经费 …), or a part of a 其中 whose total is resolved;
* checked — resolved claims a rule compares: a row amount (N009), a row change (N006 with its rate), an
  income line whose cell is not blank (N013), a document figure
  (N001 for the statement the explanation reader keeps, N012 for
  another statement whose clause names the figure and no other amount), a change with its growth rate
  after a figure's amount ("X万元，比上年增加Y万元，增长z%", N006 recomputes the rate), a 其中 part or total (N011).

Then the unresolved checkable claims, grouped by the words before the number (the group is the first of
the phrase patterns below that the clause before the number matches).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(ROOT / "src"))

from yusuan.model import Claim, Disclosure  # noqa: E402
from yusuan.read import read_document  # noqa: E402
from yusuan.recognize import recognize  # noqa: E402
from yusuan.rules.claims import first_statement, names_figure  # noqa: E402
from yusuan.rules.narrative import LABELS, in_tables  # noqa: E402

# figures a rule compares with other statements or with the target forms rather than with a table cell
_BY_RULE = {"procurement_goods", "procurement_works", "procurement_services", "procurement_sme",
            "procurement_small_micro", "planned_fixed_assets", "target_projects", "target_amount", "target_overall"}

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_MONEY_WORDS = re.compile(r"万元|元|预算|经费|支出|收入|拨款|资金")
_NOT_MONEY_PERCENT = re.compile(r"完成率|满意度|达标率|覆盖率|合格率|及时率|准确率|到位率|执行率|知晓率|利用率|通过率|办结率")
_COUNTED = re.compile(r"车|设备|资产|项目|单位|机构|台|套")
_UNCOUNTED_UNITS = ("人", "人次", "名", "次", "件", "家", "所", "处")

# Phrase patterns of the clause before a number, in the order they are tried.
GROUPS = [
    ("三公经费", re.compile(r"三公|因公出国|出国（境）|出国\(境\)|公务接待|公务用车|公务车")),
    ("机关运行经费", re.compile(r"机关运行|运行经费")),
    ("政府采购", re.compile(r"采购")),
    ("国有资产", re.compile(r"资产|车辆|设备|房屋|土地")),
    ("绩效目标", re.compile(r"绩效")),
    ("类款项科目", re.compile(r"[（(][类款项][)）]|(?<!\d)2\d{2}(?:\d{2}){0,2}[-－—]|支出[-－—]")),
    ("项目支出", re.compile(r"项目")),
    ("比上年增减", re.compile(r"增加|减少|增长|下降|上升|降低|持平")),
    ("其中", re.compile(r"其中|包括")),
    ("收入", re.compile(r"收入|拨款|结转|结余")),
    ("基本/人员/公用", re.compile(r"基本支出|人员经费|公用经费|工资|福利|商品和服务")),
    ("支出", re.compile(r"支出|经费|安排|预算")),
]


def numbers(d: Disclosure) -> int:
    return sum(len(_DIGITS.findall(p.text)) for p in d.explanation)


def checkable(c: Claim) -> bool:
    if c.qualifier is not None:
        return False  # "单价100万元以上", "约30万元": not stated exactly
    clause = re.split(r"[，,；;。]", c.text[:c.offset])[-1]
    if c.measure in ("amount", "change"):
        return c.unit in ("万元", "万", "元", "亿元")
    if c.measure in ("share", "growth_rate"):
        return not _NOT_MONEY_PERCENT.search(clause)
    if c.measure == "percent":
        return bool(_MONEY_WORDS.search(c.text)) and not _NOT_MONEY_PERCENT.search(clause)
    if c.measure == "count":
        return c.unit not in _UNCOUNTED_UNITS and bool(_COUNTED.search(clause))
    return False


def resolved(d: Disclosure, i: int, parts: set[int]) -> bool:
    c = d.claims[i]
    return c.resolved or i in parts or bool(c.total_of) or _share(d, c) or _rate(d, c) or _rated(d, i)


def _rated(d: Disclosure, i: int) -> bool:
    """A change after an amount whose rate follows it: the rate recomputes from it."""
    c = d.claims[i]
    return c.measure == "change" and any(r.of == i and _rate(d, r) for r in d.claims[i + 1:i + 2])


def _share(d: Disclosure, c: Claim) -> bool:
    """A share (or completion rate) of a stated amount, with the totals it may be of (N015, N006)."""
    return c.measure in ("share", "percent") and c.of is not None and bool(c.bases)


def _rate(d: Disclosure, c: Claim) -> bool:
    """A growth rate after a change after an amount: it recomputes from the two (N014, N006)."""
    if c.measure != "growth_rate" or c.of is None:
        return False
    ch = d.claims[c.of]
    return ch.measure == "change" and ch.of is not None and d.claims[ch.of].measure == "amount"


def checked(d: Disclosure, i: int, parts: set[int]) -> bool:
    c = d.claims[i]
    if i in parts or c.total_of or _share(d, c) or _rate(d, c) or _rated(d, i):
        return True
    if not c.resolved or c.subject is None:
        return False
    if c.subject.kind == "table_row":
        t = next((t for t in d.tables if t.id == c.subject.table), None)
        row = t and next((r for r in t.rows if r.name == c.subject.names.get("行") and r.side == "income"), None)
        return row is not None and row.values.get("total") is not None  # N013; a blank cell is not compared
    if c.measure in ("change", "growth_rate"):
        # "X万元，比上年增加Y万元，增长z%": N006 recomputes z from X and Y
        pair = (i, i + 1) if c.measure == "change" else (i - 1, i)
        if 0 <= pair[0] and pair[1] < len(d.claims) and _triple(d.claims[pair[0]], d.claims[pair[1]]):
            return True
    if c.subject.kind == "figure":
        fig = d.narrative.get(c.subject.figure)
        if fig is not None and first_statement(c, fig):
            return c.subject.figure in LABELS  # N001 (and N002-N006 for the changes it reads)
        if c.subject.figure in _BY_RULE:
            return c.measure in ("amount", "count")  # N019, N022, N023 compare it with the other statements or forms
        # N012: a figure the tables print; the rest (vehicles, quarterly plans, carry-overs by fund …) is
        # resolved but has nothing to be compared with
        return c.measure == "amount" and names_figure(c) and c.period != "prior" and in_tables(c.subject.figure)
    if c.measure == "amount":
        return c.subject.direct or c.period == "current"  # N009
    # a row's rate after its two years' amounts: N006 ("2023年执行数A万元，2024年安排B万元，比上年增加P%")
    return c.measure == "growth_rate"


def _triple(change: Claim, rate: Claim) -> bool:
    return (change.measure == "change" and rate.measure == "growth_rate" and change.text == rate.text
            and change.subject is not None and change.subject == rate.subject)


def group(c: Claim) -> str:
    clause = re.split(r"[，,；;。]", c.text[:c.offset])[-1]
    for name, pattern in GROUPS:
        if pattern.search(clause):
            return name
    return "其他"


def documents(only: list[str] | None) -> list[tuple[str, list[Path]]]:
    files = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "real").glob("*.pdf"))
    out = []
    for f in files:
        if f.stem.endswith("_tables"):
            continue
        paths = [f]
        if f.stem.endswith("_explanation"):
            paths.append(f.with_name(f.name.replace("_explanation", "_tables")))
        name = f.stem.split("_")[0]
        if only and not any(f.name.startswith(o) or name == o.rstrip("_") for o in only):
            continue
        out.append((name, paths))
    return out


def load(paths: list[Path], cache: Path | None) -> Disclosure:
    raws = []
    for p in paths:
        kept = cache / (p.name + ".pickle") if cache else None
        if kept is not None and kept.exists():
            raws.append(pickle.loads(kept.read_bytes()))
            continue
        raw = read_document(p)
        if kept is not None:
            kept.write_bytes(pickle.dumps(raw))
        raws.append(raw)
    if len(raws) == 1:
        return recognize(raws[0])
    from yusuan import extract_together

    return extract_together(paths)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", nargs="*")
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    totals = Counter()
    groups: dict[str, list[tuple[str, Claim]]] = defaultdict(list)
    print(f"{'文件':<6}{'数字':>6}{'claims':>8}{'可核对':>8}{'已解析':>8}{'已核对':>8}{'解析率':>8}{'核对率':>8}")
    for name, paths in documents(args.docs):
        d = load(paths, args.cache)
        parts = {i for c in d.claims for i in c.total_of}
        idx = [i for i, c in enumerate(d.claims) if checkable(c)]
        res = [i for i in idx if resolved(d, i, parts)]
        chk = [i for i in idx if checked(d, i, parts)]
        row = Counter(numbers=numbers(d), claims=len(d.claims), checkable=len(idx), resolved=len(res), checked=len(chk))
        totals.update(row)
        for i in idx:
            if i not in res:
                groups[group(d.claims[i])].append((name, d.claims[i]))
        print(_line(name, row))
    print(_line("合计", totals))
    print()
    print("未解析的可核对数字，按数字前的词分组：")
    for g, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        by_doc = Counter(n for n, _ in items)
        print(f"  {g}: {len(items)}  （{'、'.join(f'{n} {k}' for n, k in by_doc.most_common(6))}）")
        for n, c in items[:args.examples]:
            start = max(0, c.offset - 30)
            print(f"      {n} p{c.source.page or ''}L{c.source.line or ''}: …{c.text[start:c.offset + len(c.printed)]}")
    return 0


def _line(name: str, row: Counter) -> str:
    rate = (lambda a: f"{100 * row[a] / row['checkable']:.0f}%" if row["checkable"] else "-")
    return (f"{name:<6}{row['numbers']:>6}{row['claims']:>8}{row['checkable']:>8}{row['resolved']:>8}{row['checked']:>8}"
            f"{rate('resolved'):>8}{rate('checked'):>8}")


if __name__ == "__main__":
    raise SystemExit(main())
