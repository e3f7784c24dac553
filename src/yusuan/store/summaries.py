"""Summary tables of the newest documents, so that the standard questions stay fast in a corpus of a
hundred thousand documents and more (migration 0005).

What they hold is what the queries over the base tables (:mod:`yusuan.store.queries`) compute, selected
and copied by SQL that both databases run alike, never recomputed: a value, the document it comes from,
the year before's value. Changes, percentages and orderings are still computed by the queries, from
either source, with the same code.

A department's summaries depend on its own documents only (the newest version of each series, the
figures of the document each year is read from, the cross-document rules that compare a department's
documents with each other). So they are rebuilt a department at a time: a batch of documents marks its
departments in ``summary_pending`` in the transaction that writes it, and :func:`refresh` rebuilds them
after the cross-document rules have run (in PostgreSQL after each batch, in DuckDB once at the end of
the ingest), and clears the marks. While any department is pending (a writer in the middle of a batch
or of a DuckDB ingest, or one that was stopped before rebuilding), the queries read the base tables,
and the next ingest rebuilds what is still pending.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal

# When a department publishes more than one kind of document for a year, its figures are read from
# the first kind in this order.
KIND_ORDER = ("部门预算", "单位预算")

_TABLES = ("summary_figures", "summary_departments", "summary_findings", "summary_transparency")
_CHUNK = 200  # departments per statement


def _kind_rank_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KIND_ORDER))
    return f"CASE {column} {whens} ELSE {len(KIND_ORDER)} END"


def _latest(where: str) -> str:
    """The newest version of each document of the departments ``where`` selects (over ``d``): asked of
    the documents table directly, a series at a time by its unique index."""
    return ("SELECT d.id, d.source, d.department_key, d.department_name, d.region, d.year, d.kind FROM documents d "
            f"WHERE {where} AND d.version = (SELECT max(x.version) FROM documents x WHERE x.series_key = d.series_key)")


def _figures_sql(where: str) -> str:
    # One document per department, figure and year (the first kind of KIND_ORDER, then the newest id), as
    # queries.figure_series chooses it; then, over those, the value of the year before (when that year
    # is there): one pass over the rows, no join of the choice with itself.
    best = (f"SELECT l.id, l.department_key, l.department_name, l.region, l.year, l.kind, f.key, f.value_wan, "
            f"row_number() OVER (PARTITION BY l.department_key, f.key, l.year "
            f"ORDER BY {_kind_rank_sql('l.kind')}, l.id DESC) AS n "
            f"FROM ({_latest(where + ' AND d.year IS NOT NULL')}) l JOIN figures f ON f.document_id = l.id")
    after = ("SELECT b.*, lag(b.year) OVER w AS prev_year, lag(b.value_wan) OVER w AS prev_value "
             f"FROM ({best}) b WHERE b.n = 1 WINDOW w AS (PARTITION BY b.department_key, b.key ORDER BY b.year)")
    return ("INSERT INTO summary_figures (department_key, key, year, value_wan, previous_wan, document_id, "
            "department_name, region, kind) "
            "SELECT a.department_key, a.key, a.year, a.value_wan, "
            "CASE WHEN a.prev_year = a.year - 1 THEN a.prev_value END, a.id, a.department_name, a.region, a.kind "
            f"FROM ({after}) a")


def _findings_sql(where: str) -> str:
    return ("INSERT INTO summary_findings (document_id, rule, title, department_key, department_name, region, year, "
            "kind, source, n_findings, n_errors) "
            "SELECT l.id, f.rule, f.title, l.department_key, l.department_name, l.region, l.year, l.kind, l.source, "
            "count(*), sum(CASE WHEN f.severity = '错误' THEN 1 ELSE 0 END) "
            f"FROM ({_latest(where)}) l JOIN findings f ON f.document_id = l.id "
            "GROUP BY l.id, f.rule, f.title, l.department_key, l.department_name, l.region, l.year, l.kind, l.source")


def _departments_sql(where: str) -> str:
    return ("INSERT INTO summary_departments (department_key, region) SELECT DISTINCT department_key, region FROM ("
            f"SELECT department_key, region FROM summary_figures WHERE {where} UNION "
            f"SELECT department_key, region FROM summary_transparency WHERE {where}) s")


def points_dec(v) -> Decimal:
    """Points as the database gives them back (DuckDB and PostgreSQL differ in trailing zeros): a Decimal
    with no more places than it needs, never an exponent (30, not 3E+1)."""
    d = Decimal(str(v))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def points(v) -> str:
    return format(points_dec(v), "f")


def lost_parts(parts: str) -> str:
    """The parts of a stored transparency score that lost points, as the transparency ranking lists them."""
    return "、".join(f"{p['name']}（{points(p['earned'])}/{points(p['points'])}）"
                    for p in json.loads(parts, parse_float=Decimal)["parts"]
                    if p["earned"] is not None and Decimal(str(p["earned"])) < Decimal(str(p["points"])))


def _transparency(tx, where: str, params: list) -> None:
    rows = tx.fetchall(
        "SELECT l.id, l.department_key, l.department_name, l.region, l.year, l.kind, t.score, t.earned, t.possible, "
        f"t.parts FROM ({_latest(where)}) l JOIN transparency_scores t ON t.document_id = l.id "
        "WHERE t.score IS NOT NULL", params)
    tx.insert_many("summary_transparency", ["document_id", "department_key", "department_name", "region", "year",
                                            "kind", "score", "earned", "possible", "lost"],
                   [(*r[:9], lost_parts(r[9])) for r in rows])


def _rebuild(tx, where: str, params: list) -> None:
    tx.execute(_figures_sql(where), params)
    tx.execute(_findings_sql(where), params)
    _transparency(tx, where, params)


def rebuild_all(tx) -> None:
    """Every summary from the base tables (a store made before the summaries, or ``yusuan ingest --rebuild``)."""
    tx.backend.lock_summaries(tx)
    for table in (*_TABLES, "summary_pending"):
        tx.execute(f"DELETE FROM {table}")
    _rebuild(tx, "1 = 1", [])
    tx.execute(_departments_sql("1 = 1"))


def mark(tx, department_keys: Iterable[str]) -> None:
    """In the transaction that writes documents: their departments' summaries are out of date."""
    keys = sorted(set(department_keys))
    tx.insert_many("summary_pending", ["department_key"], [(k,) for k in keys])


def refresh(store, department_keys: Iterable[str]) -> None:
    """Rebuild the summaries of these departments from the base tables, and clear their marks."""
    keys = sorted(set(department_keys))
    if not keys:
        return
    with store.backend.write_lock, store.backend.transaction() as tx:
        tx.backend.lock_summaries(tx)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for table in (*_TABLES, "summary_pending"):
                tx.execute(f"DELETE FROM {table} WHERE department_key IN ({marks})", chunk)
            _rebuild(tx, f"d.department_key IN ({marks})", chunk)
            tx.execute(_departments_sql(f"department_key IN ({marks})"), chunk * 2)


# Departments pending at once beyond which everything is rebuilt in one pass (the same rows, sooner).
_WHOLE = 2000


def refresh_pending(store) -> int:
    """Rebuild the departments left marked (by a DuckDB ingest, which rebuilds at its end, or by a writer
    stopped before its rebuild); the number of departments rebuilt."""
    keys = [r[0] for r in store.backend.fetchall("SELECT DISTINCT department_key FROM summary_pending")]
    if len(keys) >= _WHOLE:
        with store.backend.write_lock, store.backend.transaction() as tx:
            rebuild_all(tx)
    else:
        refresh(store, keys)
    return len(keys)


def current(store) -> bool:
    """Whether the summaries answer for the whole corpus now (no department waits to be rebuilt)."""
    return not store.backend.fetchall("SELECT 1 FROM summary_pending LIMIT 1")
