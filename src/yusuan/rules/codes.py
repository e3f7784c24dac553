"""科目编码 (K): classification codes and names against that year's 政府收支分类科目.

The catalogs are data (:mod:`yusuan.catalogs`): one file per year and kind, each row citing where
it was taken from, and a manifest saying whether a year's file is the complete official catalog
or a partial one. How strictly a finding is put follows from that:

* a code missing from a complete catalog is 错误, and so is a code the manifest records as withdrawn
  before the document's year (a 2023 code in a 2024 document);
* a code missing from a partial catalog is 警告 on its row only when something contradicts it (another
  year's catalog names it otherwise, the catalog gives its printed name to a sibling code, the
  document's other codes under the same head disagree with the catalog, or its class is no class);
  a code another year's catalog lists under the same name is known; every other missing code is
  listed once per document in one 提示 (the catalog may simply not list it);
* rows listing budget units (6-digit 预算单位编码 such as 113001 under the department's 113) are not
  classification rows and are not checked;
* a code a year's catalog lacks but an earlier and a later year's catalogs both list under the same
  name is taken to have that name in between too;
* a printed name that differs from the catalog name is 错误, a known older name of the code gets
  its own message, and a mere wording variant (one name is the other with at most two characters
  left out) is 警告;
* a document whose year has no catalog is checked against the nearest earlier year's catalog, every
  finding then says so and is at most 警告 (codes may have been added or renamed since); a document
  older than every catalog (or with no year) gives 数据不足.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yusuan import catalogs as cat
from yusuan.model import Row, Table
from yusuan.rules.context import Context
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule

FUNC_TABLES = ("income_summary", "expenditure_summary", "general_budget_expenditure",
               "general_budget_basic_function_expenditure", "government_fund_expenditure", "state_capital_expenditure",
               # the 决算 tables by function: their codes are the year's as well
               "final_income", "final_expenditure", "final_general_budget_expenditure", "final_fiscal_expenditure",
               "final_government_fund", "final_state_capital")
ECON_TABLES = ("general_budget_basic_expenditure", "final_general_budget_basic_expenditure")
LENGTHS = {"func": (3, 5, 7), "econ": (3, 5)}
LEVEL = {3: "类", 5: "款", 7: "项"}

_REG = "财政部《政府收支分类科目》（逐年印发）：预算公开表格的科目编码和名称按当年科目填列"
_REG_FUNC = _REG + "；支出功能分类设类、款、项三级，编码分别为3、5、7位"
_REG_ECON = _REG + "；支出经济分类设类、款两级，编码分别为3、5位"
_ORDINAL = re.compile(r"^\s*[一二三四五六七八九十廿百]+\s*[、.．]\s*")


@dataclass
class Basis:
    """The catalog a document is checked against, and how that choice tempers findings."""

    catalog: cat.Catalog
    year: int  # the document's budget year

    @property
    def fallback(self) -> bool:
        return self.catalog.year != self.year

    @property
    def note(self) -> str:
        return f"（未随附{self.year}年目录，按{self.catalog.year}年目录核对）" if self.fallback else ""

    def severity(self, wanted: str) -> str | None:
        """The severity to put on an Issue (None keeps the rule's default 错误)."""
        if wanted == "错误" and self.fallback:
            return "警告"
        return None if wanted == "错误" else wanted


def _basis(ctx: Context, kind: str) -> Basis:
    year = ctx.disclosure.year
    if year is None:
        raise MissingData("未识别预算年度，无法选用当年的政府收支分类科目")
    c = cat.nearest(kind, year)
    if c is None:
        have = cat.years(kind)
        since = f"（随附目录自{have[0]}年起）" if have else ""
        raise MissingData(f"没有{year}年及以前的{cat.KIND_NAMES[kind]}目录{since}")
    return Basis(c, year)


def _coded_tables(ctx: Context, ids: tuple[str, ...], what: str) -> list[Table]:
    tables = [t for t in ctx.disclosure.tables if t.id in ids]
    if not tables:
        raise MissingData(f"未找到按{what}列示的表")
    coded = [t for t in tables if any(r.code for r in t.rows)]
    if not coded:
        raise NotApplicable(f"按{what}列示的表中没有科目编码")
    return coded


def _econ_kind(code: str) -> str:
    return "gov_econ" if code.startswith("5") else "dept_econ"


def _label(code: str | None, name: str) -> str:
    return f"{code} {name.strip()}" if code else f"“{name.strip()}”"


def _plausible_class(family: str, code: str) -> bool:
    """A 3-digit code that can head codes of ``family``: a class some shipped catalog lists, or for the
    functional classification any 2xx (all its classes are 201–239)."""
    kinds = ("func",) if family == "func" else ("dept_econ", "gov_econ")
    if any(code in cat.structure(k, 0) for k in kinds):
        return True
    return family == "func" and code.startswith("2")


def _names_class(family: str, code: str, name: str) -> bool:
    """Whether ``name`` is the name (current or former) of class ``code`` in any shipped catalog."""
    kinds = ("func",) if family == "func" else ("dept_econ", "gov_econ")
    n = cat.normalize(_ORDINAL.sub("", name))
    for k in kinds:
        hit = cat.structure(k, 0).get(code)
        if hit is not None and cat.normalize(hit[1].name) == n:
            return True
        if any(cat.normalize(f.name) == n for f in cat.former_names(k, code)):
            return True
    return False


def unit_rows(table: Table, family: str) -> set[int]:
    """Rows that list budget units rather than classification codes: a 6-digit 预算单位编码 (the
    department's 3 digits and the unit's 3) whose head is no class of ``family``, or whose head row in
    the table names something other than that class; and those department rows themselves."""
    rows = table.rows
    codes = [r.code for r in rows]  # read off the models once: a model's field costs more than a list item
    by_code = {c: r for c, r in zip(codes, rows) if c}
    heads: set[str] = set()
    out: set[int] = set()
    for i, code in enumerate(codes):
        if not code or len(code) != 6 or not code.isdigit():
            continue
        head = code[:3]
        above = by_code.get(head)
        if not _plausible_class(family, head) or (above is not None and not _names_class(family, head, above.name)):
            out.add(i)
            heads.add(head)
    for i, code in enumerate(codes):
        if code in heads and not _names_class(family, code, rows[i].name):
            out.add(i)
    return out


def shape_problems(table: Table, family: str, units: set[int] | None = None) -> dict[int, str]:
    """Rows whose code cannot be a code of ``family`` (func/econ): wrong length or non-digits, or
    a 款/项 placed under a parent row whose code is not its prefix (its own parent absent). Rows that
    list budget units (:func:`unit_rows`, or ``units`` where the caller has them) are no classification
    rows and are left out."""
    out: dict[int, str] = {}
    rows = table.rows
    if units is None:
        units = unit_rows(table, family)
    printed = [r.code for r in rows]  # read off the models once
    codes = {c for i, c in enumerate(printed) if c and i not in units}
    for i, code in enumerate(printed):
        if not code or i in units:
            continue
        r = rows[i]
        if family == "econ" and code.isdigit() and len(code) == 7 and code[:5] in codes:
            continue  # a region's own 细目 under an economic 款 it lists (30102 → 3010201 规范性津补贴)
        if not code.isdigit() or len(code) not in LENGTHS[family]:
            want = "、".join(f"{n}位" for n in LENGTHS[family])
            out[i] = f"{_label(code, r.name)}：编码应为{want}数字，印的是“{code}”（{len(code)}位）"
            continue
        if len(code) == 3 or code[:-2] in codes:
            continue
        above = next((rows[j] for j in range(i - 1, -1, -1)
                      if printed[j] and len(printed[j]) < len(code)), None)
        if above is not None and not code.startswith(above.code):
            out[i] = (f"{_label(code, r.name)} 排在{LEVEL.get(len(above.code), '')} {_label(above.code, above.name)} 之下，"
                      f"但编码不以 {above.code} 开头，表中也没有它的上级 {code[:-2]}")
    return out


def _suggest(basis: Basis, row: Row, prefix: str | None) -> str:
    """A catalog code carrying the printed name (under ``prefix`` when given), as a hint."""
    hits = [e for e in basis.catalog.by_name(row.name) if e.code != row.code
            and (prefix is None or e.code.startswith(prefix))]
    if len(hits) == 1:
        return f"；按名称应为 {hits[0].code}"
    return ""


def _others(kind: str, year: int, code: str) -> str:
    seen = cat.elsewhere(kind, year, code)
    if not seen:
        return ""
    return "；" + "，".join(f"{y}年目录中 {code} 为“{e.name}”" for y, e in seen[:2])


def _name_hint(basis: Basis, row: Row) -> str:
    hits = [e for e in basis.catalog.by_name(row.name) if e.code != row.code]
    if hits:
        return "；目录中“" + row.name.strip() + "”的编码是 " + "、".join(e.code for e in hits[:3])
    return ""


def _block(code: str) -> str:
    """The head a code stands under: its 款 for a 项, else its 类."""
    return code[:5] if len(code) == 7 else code[:3]


def _contradicts(kind: str, basis: Basis, row: Row) -> bool:
    """Whether the catalog names ``row``'s code otherwise than the row does (a wording variant aside)."""
    entry = basis.catalog.get(row.code)
    if entry is None:
        b = cat.bracketed(kind, basis.year, row.code)
        entry = b[0] if b else None
    return entry is not None and not cat.wording_variant(row.name, entry.name)


def _sibling_named(kind: str, basis: Basis, row: Row) -> bool:
    """Whether the printed name is, in the catalog, the name of another code under the same head."""
    head = row.code[:-2]
    return any(e.code != row.code and e.code[:-2] == head for e in basis.catalog.by_name(row.name))


def _unknowns(ctx: Context, pairs: list[tuple[Table, Row, str, Basis]]):
    """Findings on codes the catalog of the document's year does not list.

    A withdrawn code, and any code missing from a complete catalog, is a finding on its row. Against a
    partial catalog a missing code is only suspect when something contradicts it: another year's
    catalog names the code otherwise, the catalog gives the printed name to a sibling code, the
    document's other codes under the same head disagree with the catalog, or its class is no class at
    all. Such a code is a 警告 on its row; a code known under the same name in another year's catalog
    is known; every other missing code (under a known head, nothing against it) is listed once, as
    one 提示 for the document."""
    contradicted: set[tuple[str, str]] | None = None  # worked out for the first code that needs it: few do
    listed: dict[str, list] = {}
    for t, r, kind, basis in pairs:
        code = r.code
        if basis.catalog.get(code) is not None or cat.bracketed(kind, basis.year, code) is not None:
            continue
        gone = cat.withdrawn(kind, code, basis.year)
        kname = cat.KIND_NAMES[kind]
        if gone is not None:
            msg = (f"{_label(code, r.name)}：这是{gone.last_year}年及以前的科目，{gone.last_year + 1}年起不再设置")
            if gone.replaced_by:
                msg += f"，{gone.replaced_by_name or gone.name}改列 {gone.replaced_by}"
                if len(gone.replaced_by) in LEVEL:
                    msg += f"（{LEVEL[len(gone.replaced_by)]}）"
            yield ctx.at(t, r, msg + "。" + basis.note, severity=basis.severity("错误"),
                         expected=gone.replaced_by, actual=code)
            continue
        if basis.catalog.complete:
            msg = f"{_label(code, r.name)}：{basis.catalog.year}年{kname}中没有这个编码"
            msg += _others(kind, basis.catalog.year, code) + _name_hint(basis, r)
            yield ctx.at(t, r, msg + "。" + basis.note, severity=basis.severity("错误"), actual=code)
            continue
        if cat.known_elsewhere(kind, basis.catalog.year, code, r.name) is not None:
            continue
        corpus = cat.learned(kind, basis.year).get(code)
        if corpus is not None and cat.wording_variant(corpus.name, r.name):
            continue  # printed so in enough documents of the year (yusuan catalog learn)
        family = "func" if kind == "func" else "econ"
        if contradicted is None:
            contradicted = {(k, _block(p.code)) for _, p, k, b in pairs if _contradicts(k, b, p)}
        suspect = (cat.elsewhere(kind, basis.catalog.year, code) or _sibling_named(kind, basis, r)
                   or (kind, _block(code)) in contradicted or not _plausible_class(family, code[:3])
                   or corpus is not None)
        if suspect:
            msg = (f"{_label(code, r.name)}：随附的{basis.catalog.year}年{kname}（不完整，只收录已公开文件用过的科目）"
                   f"中没有这个编码，请核对")
            msg += _others(kind, basis.catalog.year, code) + _name_hint(basis, r)
            if corpus is not None:
                msg += f"；文件库中{basis.year}年的文件把 {code} 印作“{corpus.name}”"
            yield ctx.at(t, r, msg + "。" + basis.note, severity="警告", actual=code)
            continue
        listed.setdefault(code, [t, r, kind, basis, []])[4].append(r.source.page)
    if not listed:
        return
    first_t, first_r, kind, basis = next(iter(listed.values()))[:4]
    items = "、".join(f"{code} {r.name.strip()}" for code, (t, r, *_rest) in listed.items())
    msg = (f"{len(listed)} 个编码未收录在随附的{basis.catalog.year}年{cat.KIND_NAMES[kind]}中（随附目录不完整，"
           f"只收录已公开文件用过的科目）：{items}。上述编码位数和上下级无误，与随附目录也没有矛盾（其他年度目录没有"
           f"别的名称，同级科目没有同名的，同一款下的其他编码与目录一致），名称未能逐一核对，请对照当年"
           f"《政府收支分类科目》。")
    if basis.fallback:
        msg += f"（未随附{basis.year}年目录，按{basis.catalog.year}年目录核对类、款结构）"
    yield Issue(msg, table="document", page=first_r.source.page, line=first_r.source.line,
                severity="提示", file=first_r.source.file)


def _mismatch(ctx: Context, t: Table, r: Row, kind: str, basis: Basis) -> Issue | None:
    code = r.code
    entry = basis.catalog.get(code)
    where = f"{basis.catalog.year}年目录"
    if entry is None:
        b = cat.bracketed(kind, basis.year, code)
        if b is None:
            return None
        entry, before, after = b
        where = f"{before}年、{after}年目录（{basis.year}年目录未收录此编码）"
    printed = r.name.strip()
    if cat.normalize(printed) == cat.normalize(entry.name):
        return None
    old = next((f for f in cat.former_names(kind, code) if cat.normalize(f.name) == cat.normalize(printed)), None)
    if old is not None:
        until = f"（用至{old.used_until}年）" if old.used_until else ""
        msg = f"{_label(code, printed)}：“{printed}”是 {code} 的旧名称{until}，{where}中为“{entry.name}”"
        wanted = "错误"
    elif cat.wording_variant(printed, entry.name):
        msg = f"{_label(code, printed)}：名称与{where}的“{entry.name}”措辞不同"
        wanted = "警告"
    else:
        msg = f"{_label(code, printed)}：{where}中 {code} 是“{entry.name}”，不是“{printed}”"
        msg += _name_hint(basis, r)
        wanted = "错误"
    return ctx.at(t, r, msg + "。" + basis.note, severity=basis.severity(wanted),
                  expected=entry.name, actual=printed)


def _shapes(ctx: Context, table: Table, family: str) -> tuple[dict[int, str], set[int]]:
    """The table's :func:`shape_problems` and :func:`unit_rows`, worked out once per check: K001 to K005
    all ask for them (the rows and the catalogs do not change while a document is checked)."""
    def work() -> tuple[dict[int, str], set[int]]:
        units = unit_rows(table, family)
        return shape_problems(table, family, units), units

    return ctx.memo(("code_shapes", id(table), family), work)


def _rows(ctx: Context, tables: list[Table], family: str):
    """(table, row) for each coded row whose shape is sound (bad shapes are K005's)."""
    for t in tables:
        for r in _sound_rows(ctx, t, family):
            yield t, r


def _sound_rows(ctx: Context, t: Table, family: str) -> list[Row]:
    """The table's coded rows whose shape is sound, found once per check for K001 to K004."""
    def work() -> list[Row]:
        bad, units = _shapes(ctx, t, family)
        return [r for i, r in enumerate(t.rows) if r.code and i not in bad and i not in units]

    return ctx.memo(("sound_rows", id(t), family), work)


@rule(
    "K001", "错误", "功能分类科目编码不在当年科目目录中",
    bad="2024年部门预算支出总表：2010308 信访事务 156.00（2024年起信访事务为款级科目 20140）",
    good="20140 信访事务；2014004 信访业务 156.00",
    regulation=_REG_FUNC,
)
def func_code_unknown(ctx: Context):
    """收入总表、支出总表和三张财政拨款支出功能分类表中的每个科目编码，都应是预算年度《政府收支分类科目》
    支出功能分类中的编码。某编码在较早年度使用、随后被撤并的（如 2023 年的 2010308 信访事务，2024 年起改为
    20140 信访事务款），报错误并指出替代科目。当年目录为完整目录时，查不到的编码报错误；随附目录只是取自已公开
    文件的部分目录时报警告，并列出其他年度目录中该编码的名称和目录中与印出名称同名的编码，供核对。编码位数或
    上下级不对的行由 K005 报告，这里不重复。

    随附目录只是部分目录时，查不到的编码分两种：与目录有矛盾的（其他年度目录中该编码是别的名称；目录把印出的
    名称给了同一上级下的另一个编码；本文件同一款下的其他编码与目录不符；所属的类不是功能分类的类），逐行报警告；
    没有矛盾的（其他年度目录以同一名称收录的除外，那是已知编码），全文件合成一条提示，列出这些编码，不逐格报警告。
    用户导入的官方目录（yusuan catalog import）是当年的完整目录；文件库学到的编码（yusuan catalog learn：同一年度
    足够多的文件以同一名称印出的编码）算已知编码，印出的名称与文件库不同的报警告。
    预算年度没有随附目录时按最近年度的目录核对，并加以说明。表中列示预算单位的行（6 位预算单位编码，如部门 113
    之下的 113001、113002）不是科目行，不核对。"""
    tables = _coded_tables(ctx, FUNC_TABLES, "支出功能分类")
    basis = _basis(ctx, "func")
    yield from _unknowns(ctx, [(t, r, "func", basis) for t, r in _rows(ctx, tables, "func")])


@rule(
    "K002", "错误", "功能分类科目名称与目录不符",
    bad="2024年支出总表：210 医疗卫生与计划生育支出 503,724（210 类现名卫生健康支出）",
    good="210 卫生健康支出 503,724",
    regulation=_REG_FUNC,
)
def func_name_mismatch(ctx: Context):
    """每个功能分类科目印出的名称应与当年目录中该编码的名称一致（比较前去掉空格、统一全角半角）。印出的名称
    是该编码的旧名称时（如 210 医疗卫生与计划生育支出），单独说明应改用现名；只是措辞差异（一方比另一方少一两个
    字）报警告；其余不符报错误，并指出目录中与印出名称同名的编码（往往是编码印错了）。当年目录未收录、而前后
    两个年度目录都以同一名称收录的编码，按该名称核对。"""
    tables = _coded_tables(ctx, FUNC_TABLES, "支出功能分类")
    basis = _basis(ctx, "func")
    for t, r in _rows(ctx, tables, "func"):
        issue = _mismatch(ctx, t, r, "func", basis)
        if issue is not None:
            yield issue


@rule(
    "K003", "错误", "经济分类科目编码不在当年科目目录中",
    bad="基本支出表：30210 车辆运行费 64,000（部门预算支出经济分类没有 30210）",
    good="30231 公务用车运行维护费 64,000",
    regulation=_REG_ECON,
)
def econ_code_unknown(ctx: Context):
    """基本支出表按经济分类列示的每个编码，都应是当年部门预算支出经济分类（301、302、303、310……）或政府预算
    支出经济分类（501、502……）中的编码，按编码首位选用目录。判定和严重程度同 K001：完整目录中查不到报错误，
    部分目录中查不到、又与目录有矛盾的（其他年度的名称不同、同类下另有同名编码、同类其他编码与目录不符）报警告
    并列出其他年度该编码的名称及同名科目的编码；没有矛盾的全文件合成一条提示。"""
    yield from _unknowns(ctx, list(_econ_pairs(ctx)))


def _econ_pairs(ctx: Context):
    """(table, row, kind, basis) for every coded row of the basic-expenditure tables, each against
    the catalog its first digit chooses (3xx 部门预算, 5xx 政府预算)."""
    tables = _coded_tables(ctx, ECON_TABLES, "支出经济分类")
    bases: dict[str, Basis] = {}
    for t, r in _rows(ctx, tables, "econ"):
        kind = _econ_kind(r.code)
        if kind not in bases:
            bases[kind] = _basis(ctx, kind)
        yield t, r, kind, bases[kind]


def _econ_rows(ctx: Context, judge):
    """``judge`` on every coded row of the basic-expenditure tables."""
    for t, r, kind, basis in _econ_pairs(ctx):
        issue = judge(ctx, t, r, kind, basis)
        if issue is not None:
            yield issue


@rule(
    "K004", "错误", "经济分类科目名称与目录不符",
    bad="基本支出表：30204 电费 320,000（30204 是手续费，电费是 30206）",
    good="30206 电费 320,000",
    regulation=_REG_ECON,
)
def econ_name_mismatch(ctx: Context):
    """基本支出表中每个经济分类编码印出的名称应与当年目录中该编码的名称一致。判定同 K002：旧名称单独说明，
    措辞差异（如“机关事业单位基本养老保险费”与“机关事业单位基本养老保险缴费”）报警告，其余不符报错误，并指出
    目录中与印出名称同名的编码。"""
    yield from _econ_rows(ctx, _mismatch)


@rule(
    "K005", "错误", "科目编码位数或上下级不对",
    bad="支出总表：210 卫生健康支出；21011 行政事业单位医疗；“7 11 02” 事业单位医疗（类印成了 7）",
    good="210 卫生健康支出；21011 行政事业单位医疗；2101102 事业单位医疗",
    regulation=_REG_FUNC,
)
def code_shape(ctx: Context):
    """功能分类编码只能是3位（类）、5位（款）或7位（项）数字，经济分类编码只能是3位（类）或5位（款）数字；
    表中的款、项编码应以所在上级科目的编码开头。某行的上级科目不在表中、而它紧接着的上级行编码又不是它的前缀
    时（如 210 之下印出 71102），报告这一行，并按名称在目录中找出应有的编码。表中本就省略了上级行、但排在正确
    的类之下的，不算错误。列示预算单位的行（6 位预算单位编码及其部门编码，如 113、113001）不是科目行，不核对；
    有的地区在经济分类款下再列7位细目（30102 之下的 3010201 规范性津补贴），上级款在表中时不算错误。"""
    func = [t for t in ctx.disclosure.tables if t.id in FUNC_TABLES and any(r.code for r in t.rows)]
    econ = [t for t in ctx.disclosure.tables if t.id in ECON_TABLES and any(r.code for r in t.rows)]
    if not func and not econ:
        if not any(t.id in FUNC_TABLES + ECON_TABLES for t in ctx.disclosure.tables):
            raise MissingData("未找到按功能分类或经济分类列示的表")
        raise NotApplicable("表中没有科目编码")
    year = ctx.disclosure.year
    for family, tables in (("func", func), ("econ", econ)):
        for t in tables:
            for i, msg in sorted(_shapes(ctx, t, family)[0].items()):
                r = t.rows[i]
                hint = ""
                if year is not None:
                    kind = family if family == "func" else _econ_kind(r.code or "3")
                    c = cat.nearest(kind, year)
                    if c is not None:
                        above = next((t.rows[j].code for j in range(i - 1, -1, -1)
                                      if t.rows[j].code and len(t.rows[j].code) < len(r.code or "")), None)
                        hint = _suggest(Basis(c, year), r, above)
                yield ctx.at(t, r, msg + hint + "。", actual=r.code)


def _class_names(basis: Basis) -> dict[str, cat.Entry]:
    """The names (normalized) K006 accepts for a class: the catalog's classes; for a partial catalog also
    the classes any shipped year lists, under their current names. Worked out once for the same catalogs
    (the same objects: the catalogs module makes new ones when the user's catalogs change) rather than
    per document: it sorts the whole catalog."""
    structure = None if basis.catalog.complete else cat.structure("func", basis.year)
    manifest = cat.manifest()
    known = _CLASS_NAMES.get(basis.year)
    if known is not None and known[0] is basis.catalog and known[1] is structure and known[2] is manifest:
        return known[3]
    classes = {cat.normalize(e.name): e for e in basis.catalog.classes()}
    if structure is not None:  # a partial catalog: the classes any shipped year lists, under their names
        for code, (_y, e) in structure.items():
            if len(code) == 3 and cat.normalize(e.name) not in classes and cat.former_name("func", e.name) is None:
                classes[cat.normalize(e.name)] = e
    _CLASS_NAMES[basis.year] = (basis.catalog, structure, manifest, classes)
    return classes


# By document year: the catalog, structure and manifest the names were worked out from (kept, so that
# they are the same objects while cached), and the names.
_CLASS_NAMES: dict[int, tuple] = {}


def _printed_classes(ctx: Context, basis: Basis) -> set[str]:
    """Names (normalized) the document's function-classified tables print beside a 3-digit 2xx code that
    no catalog of any year gives another name: the document's own classes, which a partial catalog may
    not list (222 粮油物资储备支出)."""
    out = set()
    for t in ctx.disclosure.tables:
        if t.id not in FUNC_TABLES:
            continue
        for r in t.rows:
            code = r.code or ""
            if not (len(code) == 3 and code.startswith("2") and code.isdigit()) or _contradicts("func", basis, r):
                continue
            if all(cat.wording_variant(e.name, r.name) for _y, e in cat.elsewhere("func", basis.year, code)):
                out.add(cat.normalize(_ORDINAL.sub("", r.name).strip()))
    return out


@rule(
    "K006", "错误", "收支总表的支出类名称不是当年功能分类的类",
    bad="收支总表支出栏：三、医疗卫生与计划生育支出 503,724",
    good="三、卫生健康支出 503,724",
    regulation=_REG_FUNC,
)
def summary_class_names(ctx: Context):
    """收支总表支出栏按功能分类的类列示（“八、社会保障和就业支出”），去掉序号后的名称应是当年目录中某一类的
    名称。印出的是某类的旧名称时（如 210 类现名卫生健康支出，仍印“医疗卫生与计划生育支出”）报错误并给出
    现名。当年目录为完整目录时，其他不认识的名称报错误（金额为空的模板行只报警告）；随附目录不完整时，
    任一年度随附目录中的类名都认可，本文件按功能分类列示的表中以 2 开头的 3 位编码印出的类名
    （如 222 粮油物资储备支出，编码由 K001 核对）也认可，
    仍不认识的名称有金额的行报警告，金额为空的模板行（各地模板列出的全部类，如“人行科目”）不核对。"""
    t = ctx.table("income_expenditure_summary")
    if t is None:
        raise MissingData("未找到收支总表")
    rows = [r for r in t.rows if r.side == "expenditure" and r.block != "use" and _ORDINAL.match(r.name)]
    if not rows:
        raise NotApplicable("收支总表支出栏没有按类列示")
    basis = _basis(ctx, "func")
    classes = _class_names(basis)
    printed = None  # worked out for the first name the catalog does not know: most documents print none
    for r in rows:
        name = _ORDINAL.sub("", r.name).strip()
        n = cat.normalize(name)
        if n in classes:
            continue
        old = cat.former_name("func", name)
        if old is not None:
            until = f"（用至{old.used_until}年）" if old.used_until else ""
            yield ctx.at(t, r, f"收支总表“{r.name.strip()}”：“{name}”是 {old.code} 类的旧名称{until}，"
                               f"{basis.catalog.year}年目录中 {old.code} 类为“{old.current}”。" + basis.note,
                         expected=old.current, actual=name, severity=basis.severity("错误"))
            continue
        if not basis.catalog.complete:
            if printed is None:
                printed = _printed_classes(ctx, basis)
            if n in printed:
                continue  # the document's coded tables print this class (its code is K001's to judge)
        blank = not any(v for v in r.values.values() if v is not None)
        if basis.catalog.complete:
            # a blank template line (各地模板列出的全部类) states no spending under the name: 警告 at most
            yield ctx.at(t, r, f"收支总表“{r.name.strip()}”：{basis.catalog.year}年功能分类中没有名为“{name}”的类"
                               + ("（此行没有金额）" if blank else "") + "。" + basis.note, actual=name,
                         severity="警告" if blank else basis.severity("错误"))
        elif not blank:
            yield ctx.at(t, r, f"收支总表“{r.name.strip()}”：随附的{basis.catalog.year}年功能分类目录（不完整）中没有"
                               f"名为“{name}”的类，请核对。" + basis.note, actual=name, severity="警告")
