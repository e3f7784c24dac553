"""政府收支分类科目 catalogs shipped as data: one CSV per year and kind, described by manifest.json.

Kinds: ``func`` (支出功能分类: 类 3 digits, 款 5, 项 7), ``dept_econ`` (部门预算支出经济分类, 301/302/303/
310…: 类 3, 款 5) and ``gov_econ`` (政府预算支出经济分类, 501/502…). Each CSV has ``code,name,source``;
every row names where it was taken from. The manifest says per file whether it is the complete
official catalog or a partial one (and from which documents), which older names a code once had,
and which codes were withdrawn in a later year (and what replaced them).

A user's own catalogs (:mod:`yusuan.catalogs.user`) join the shipped ones: an official workbook they
imported is that year's catalog (complete, it replaces the shipped partial one; marked partial, its
entries are added to it), and the codes a corpus learned are known codes (:func:`learned`), never a
catalog to hold names to. Everything cached here is cached per state of the user's catalog folder.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

KINDS = ("func", "dept_econ", "gov_econ")
KIND_NAMES = {"func": "支出功能分类科目", "dept_econ": "部门预算支出经济分类科目", "gov_econ": "政府预算支出经济分类科目"}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    source: str


@dataclass(frozen=True)
class Catalog:
    kind: str
    year: int
    complete: bool
    file: str
    note: str
    taken_from: tuple[str, ...]
    entries: dict[str, Entry]

    def get(self, code: str) -> Entry | None:
        return self.entries.get(code)

    def by_name(self, name: str) -> list[Entry]:
        """Entries whose normalized name equals ``name`` (normalized too)."""
        return list(self._names.get(normalize(name), ()))

    @cached_property
    def _names(self) -> dict[str, list[Entry]]:
        """Entries by normalized name, in catalog order: built once, not searched through per name."""
        index: dict[str, list[Entry]] = {}
        for e in self.entries.values():
            index.setdefault(normalize(e.name), []).append(e)
        return index

    def classes(self) -> list[Entry]:
        return [e for c, e in sorted(self.entries.items()) if len(c) == 3]


@dataclass(frozen=True)
class FormerName:
    kind: str
    code: str
    name: str
    current: str
    used_until: int | None
    source: str


@dataclass(frozen=True)
class Withdrawn:
    kind: str
    code: str
    name: str
    last_year: int
    replaced_by: str | None
    replaced_by_name: str | None
    source: str


def _text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


_held: ContextVar[tuple | None] = ContextVar("catalog_state", default=None)


def _state():
    held = _held.get()
    if held is not None:
        return held
    from yusuan.catalogs.user import state

    return state()


@contextmanager
def held_steady():
    """The user's catalog folder looked at once for everything done inside (one check of a document
    asks the catalogs hundreds of times, and each look is a ``stat`` of the manifest); a folder changed
    meanwhile is seen by the next check."""
    if _held.get() is not None:
        yield
        return
    from yusuan.catalogs.user import state

    token = _held.set(state())
    try:
        yield
    finally:
        _held.reset(token)


def manifest() -> dict:
    """The shipped manifest with the user's imported catalogs in ``catalogs`` (an imported entry has
    ``origin: imported``) and their learned ones under ``learned``."""
    return _manifest(_state())


@lru_cache(maxsize=4)
def _manifest(_state_key) -> dict:
    from yusuan.catalogs.user import read_manifest

    shipped = json.loads(_text("manifest.json"))
    user = read_manifest()
    imported = [dict(e, origin="imported") for e in user if e["origin"] == "imported"]
    replaced = {(e["kind"], e["year"]) for e in imported if e["complete"]}
    catalogs = [dict(c, origin="shipped") for c in shipped["catalogs"] if (c["kind"], c["year"]) not in replaced]
    catalogs += [e for e in imported if e["complete"] or
                 not any((c["kind"], c["year"]) == (e["kind"], e["year"]) for c in catalogs)]
    partial = [e for e in imported if not e["complete"] and (e["kind"], e["year"]) not in
               {(c["kind"], c["year"]) for c in catalogs if c.get("origin") == "imported"}]
    return {**shipped, "catalogs": catalogs, "added": partial,
            "learned": [e for e in user if e["origin"] == "learned"]}


def _rows(c: dict) -> list[dict]:
    if c.get("origin") in ("imported", "learned"):
        from yusuan.catalogs.user import read_entries

        return read_entries(c)
    return list(csv.DictReader(_text(c["file"]).splitlines()))


def catalog(kind: str, year: int) -> Catalog | None:
    """The catalog of exactly ``year``, or None when there is none."""
    return _catalog(kind, year, _state())


@lru_cache(maxsize=None)
def _catalog(kind: str, year: int, _state_key) -> Catalog | None:
    m = manifest()
    for c in m["catalogs"]:
        if c["kind"] == kind and c["year"] == year:
            entries = {r["code"]: Entry(r["code"], r["name"], r["source"]) for r in _rows(c)}
            for extra in m["added"]:  # an imported partial catalog adds to the shipped one (its names win)
                if extra["kind"] == kind and extra["year"] == year:
                    entries.update({r["code"]: Entry(r["code"], r["name"], r["source"]) for r in _rows(extra)})
            note = c.get("note", "") or f"导入的官方目录：{c.get('from', '')}"
            return Catalog(kind, year, bool(c["complete"]), c["file"], note,
                           tuple(c.get("taken_from", ())) or (c.get("from", ""),), entries)
    return None


def learned(kind: str, year: int) -> dict[str, Entry]:
    """Codes a corpus learned for ``year`` (``yusuan catalog learn``): code → entry, empty when none."""
    return _learned(kind, year, _state())


@lru_cache(maxsize=None)
def _learned(kind: str, year: int, _state_key) -> dict[str, Entry]:
    for c in manifest()["learned"]:
        if c["kind"] == kind and c["year"] == year:
            return {r["code"]: Entry(r["code"], r["name"], r["source"]) for r in _rows(c)}
    return {}


def years(kind: str) -> list[int]:
    return list(_years(kind, _state()))


# The lookups below are asked for every coded row of every table by several rules; their answers
# depend only on their arguments and the state of the catalogs, and are remembered per that state.
@lru_cache(maxsize=64)
def _years(kind: str, _state_key) -> tuple[int, ...]:
    return tuple(sorted(c["year"] for c in manifest()["catalogs"] if c["kind"] == kind))


def nearest(kind: str, year: int) -> Catalog | None:
    """The catalog of ``year``, else of the nearest earlier year, else None."""
    earlier = [y for y in years(kind) if y <= year]
    return catalog(kind, max(earlier)) if earlier else None


def lookup(kind: str, year: int, code: str) -> Entry | None:
    c = catalog(kind, year)
    return c.get(code) if c else None


def bracketed(kind: str, year: int, code: str) -> tuple[Entry, int, int] | None:
    """An entry absent from ``year``'s catalog that an earlier and a later year's catalogs both
    carry under the same name: (entry of the earlier year, earlier year, later year)."""
    return _bracketed(kind, year, code, _state())


@lru_cache(maxsize=65536)
def _bracketed(kind: str, year: int, code: str, _state_key) -> tuple[Entry, int, int] | None:
    before = [y for y in years(kind) if y < year]
    after = [y for y in years(kind) if y > year]
    for b in sorted(before, reverse=True):
        eb = lookup(kind, b, code)
        if eb is None:
            continue
        for a in after:
            ea = lookup(kind, a, code)
            if ea is not None and normalize(ea.name) == normalize(eb.name):
                return eb, b, a
        break
    return None


def elsewhere(kind: str, year: int, code: str) -> list[tuple[int, Entry]]:
    """The entries for ``code`` in the other years' catalogs, nearest year first."""
    return list(_elsewhere(kind, year, code, _state()))


@lru_cache(maxsize=65536)
def _elsewhere(kind: str, year: int, code: str, _state_key) -> tuple[tuple[int, Entry], ...]:
    out = [(y, lookup(kind, y, code)) for y in years(kind) if y != year]
    return tuple(sorted(((y, e) for y, e in out if e is not None), key=lambda p: (abs(p[0] - year), p[0])))


def former_names(kind: str, code: str) -> list[FormerName]:
    return [FormerName(f["kind"], f["code"], f["name"], f["current"], f.get("used_until"), f["source"])
            for f in manifest().get("former_names", []) if f["kind"] == kind and f["code"] == code]


def former_name(kind: str, name: str) -> FormerName | None:
    """The record of an older name (any code) equal to ``name`` once normalized."""
    n = normalize(name)
    for f in manifest().get("former_names", []):
        if f["kind"] == kind and normalize(f["name"]) == n:
            return FormerName(f["kind"], f["code"], f["name"], f["current"], f.get("used_until"), f["source"])
    return None


def withdrawn(kind: str, code: str, year: int) -> Withdrawn | None:
    """The record of ``code`` withdrawn before ``year`` (its last year is earlier), if any."""
    for w in manifest().get("withdrawn", []):
        if w["kind"] == kind and w["code"] == code and w["last_year"] < year:
            return Withdrawn(w["kind"], w["code"], w["name"], w["last_year"], w.get("replaced_by"),
                             w.get("replaced_by_name"), w["source"])
    return None


_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"—": "-", "－": "-", "–": "-", "·": "", "・": "", "•": ""})


@lru_cache(maxsize=8192)
def normalize(name: str) -> str:
    """A name for comparison: no spaces, full-width forms folded (（）→(), ＡＢ→AB), dots dropped."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _SPACE.sub("", s).translate(_DASHES)
    s = s.replace("\u3000", "")
    return s


def wording_variant(a: str, b: str) -> bool:
    """Two names that differ only in wording: one is the other with at most two characters left
    out (机关事业单位基本养老保险费 / 机关事业单位基本养老保险缴费)."""
    a, b = normalize(a), normalize(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if not short or len(long_) - len(short) > 2:
        return False
    it = iter(long_)
    return all(ch in it for ch in short)


def structure(kind: str, year: int) -> dict[str, tuple[int, Entry]]:
    """The 类 and 款 (codes of 3 and 5 digits) every catalog of ``kind`` knows, each from the
    catalog nearest ``year`` that lists it: (that catalog's year, entry). The partial catalogs list
    different codes; their classes and 款 together say under which heads a code may stand."""
    return _structure(kind, year, _state())


@lru_cache(maxsize=None)
def _structure(kind: str, year: int, _state_key) -> dict[str, tuple[int, Entry]]:
    out: dict[str, tuple[int, Entry]] = {}
    for y in sorted(years(kind), key=lambda y: (abs(y - year), -y)):
        for code, e in catalog(kind, y).entries.items():
            if len(code) in (3, 5) and code not in out:
                out[code] = (y, e)
    return out


def known_elsewhere(kind: str, year: int, code: str, name: str) -> tuple[int, Entry] | None:
    """Another year's entry for ``code`` under ``name`` (or a wording variant of it), nearest first."""
    for y, e in elsewhere(kind, year, code):
        if wording_variant(e.name, name):
            return y, e
    return None
