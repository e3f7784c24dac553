"""A department's other documents in the store, for the rules that compare documents (:mod:`yusuan.rules.across`).

Documents are the same department only for certain: the same ``department_key`` (the printed name,
spaces removed) that names a place (a name like 档案馆 alone could be any county's), and no conflicting
department codes. The ingest workers check each document alone; when the writer has stored one, the
cross-document rules are run again here for it and for the stored documents that compare themselves with
it (next year's budget and 决算, this year's 决算), and their findings and outcomes replace those the
worker gave. ``yusuan check --db`` asks the same questions of a store without writing to it.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.budget_final import BUDGET_OF, FINAL_OF
from yusuan.rules.across import Other
from yusuan.store.records import _text, clean_name, fits, region_of

# The documents row as Store.document gives it (this module is called by the store, so it does not import it).
_COLUMNS = ["id", "source", "year", "kind", "department_key", "department_code", "department_name"]

# The rules that read the store, and the documents whose outcome for them a stored document can change.
ACROSS = ("F006", "F007")
_FINALS = tuple(BUDGET_OF)


class StoreRelated:
    """The stored documents of one department, as :class:`~yusuan.rules.across.Related` gives them: read
    with one query, each disclosure parsed once however many rules and documents ask for it."""

    def __init__(self, store, department_key: str | None, department_code: str | None):
        self.store = store
        self.key = department_key if department_key and region_of(department_key) else None
        self.code = department_code
        self._docs: list[dict] | None = None
        self._parsed: dict[int, object] = {}

    @classmethod
    def of(cls, store, disclosure) -> StoreRelated:
        """For a document checked outside the store (``yusuan check --db``)."""
        return cls(store, clean_name(disclosure.department.name), (disclosure.department.code or "").strip() or None)

    def docs(self) -> list[dict]:
        if self._docs is None:
            self._docs = _latest_of(self.store, [self.key]).get(self.key, []) if self.key is not None else []
        return self._docs

    def find(self, kind: str, year: int) -> dict | None:
        for doc in self.docs():
            if doc["kind"] != kind or doc["year"] != year:
                continue
            if self.code and doc["department_code"] and doc["department_code"] != self.code:
                continue  # the same name with another code: not certainly the same body
            return doc
        return None

    def disclosure(self, doc_id: int):
        if doc_id not in self._parsed:
            self._parsed[doc_id] = self.store.disclosure(doc_id)
        return self._parsed[doc_id]

    def document(self, kind: str, year: int) -> Other | None:
        doc = self.find(kind, year)
        if doc is None:
            return None
        label = f"文件库文件 {doc['id']}（{doc['year']}年{doc['kind']}，{Path(doc['source']).name}）"
        return Other(self.disclosure(doc["id"]), label)


def _asks(kind: str, year: int) -> list[tuple[str, int]]:
    """The documents the cross-document rules of a ``kind`` document of ``year`` read."""
    final_kind = FINAL_OF.get(kind, kind)
    asks = [(final_kind, year - 1)]  # F006: last year's 决算
    if kind in BUDGET_OF:
        asks.append((BUDGET_OF[kind], year))  # F007: this year's budget
    return asks


def _latest_of(store, keys: list[str]) -> dict[str, list[dict]]:
    """The newest version of each document of the departments ``keys``, newest id first. Asked of the
    documents table directly (not the latest_documents view, which ranks every series of the corpus), so
    that it costs the same in a corpus of a million documents as in one of a hundred."""
    out: dict[str, list[dict]] = {}
    for start in range(0, len(keys), 200):
        chunk = keys[start:start + 200]
        rows = store.backend.fetchall(
            f"SELECT {', '.join('d.' + c for c in _COLUMNS)} FROM documents d "
            f"WHERE d.department_key IN ({', '.join('?' * len(chunk))}) AND d.version = "
            "(SELECT max(x.version) FROM documents x WHERE x.series_key = d.series_key) ORDER BY d.id DESC", chunk)
        for r in rows:
            doc = dict(zip(_COLUMNS, r))
            out.setdefault(doc["department_key"], []).append(doc)
    return out


def refresh(store, doc_id: int) -> None:
    """Run the cross-document rules again for a newly stored document and those that compare with it."""
    refresh_many(store, [doc_id])


def refresh_many(store, doc_ids: list[int]) -> None:
    """:func:`refresh` for documents stored together (a batch): each department's documents read once."""
    if not doc_ids:
        return
    marks = ", ".join("?" * len(doc_ids))
    by_id = {r[0]: dict(zip(_COLUMNS, r)) for r in store.backend.fetchall(
        f"SELECT {', '.join(_COLUMNS)} FROM documents WHERE id IN ({marks})", doc_ids)}
    docs = [by_id[i] for i in doc_ids if i in by_id and by_id[i]["kind"] in (*FINAL_OF, *BUDGET_OF)
            and by_id[i]["year"] is not None and region_of(by_id[i]["department_key"])]
    if not docs:
        return
    latest = _latest_of(store, sorted({d["department_key"] for d in docs}))
    # A department at a time, its disclosures parsed once and let go before the next department's: a
    # parsed disclosure is about a megabyte, and a batch holding all of its departments' at once made
    # the writer's memory jump with each batch.
    by_department: dict[str, list[dict]] = {}
    for doc in docs:
        by_department.setdefault(doc["department_key"], []).append(doc)
    for key, group in by_department.items():
        parsed: dict[int, object] = {}
        for doc in group:
            related = StoreRelated(store, key, doc["department_code"])
            related._docs = latest.get(related.key, [])
            related._parsed = parsed
            _refresh(store, doc, related)


def _refresh(store, doc: dict, related: StoreRelated) -> None:
    doc_id = doc["id"]
    # the department's documents whose rules read this one (next year's budget and 决算, this year's 决算)
    dependants = [d for d in related.docs() if d["year"] is not None and d["id"] != doc_id
                  and (doc["kind"], doc["year"]) in _asks(d["kind"], d["year"]) and related.find(d["kind"], d["year"]) is d]
    reads = any(related.find(k, y) is not None for k, y in _asks(doc["kind"], doc["year"]))
    for target in ([doc] if reads else []) + dependants:
        _recheck(store, target, related)


def _recheck(store, doc: dict, related: StoreRelated) -> None:
    from yusuan.rules import check
    from yusuan.rules.engine import Report

    fresh = check(related.disclosure(doc["id"]), select=ACROSS, related=related)
    old = store.report(doc["id"])
    findings = [f for f in old.findings if f.rule not in ACROSS] + list(fresh.findings)
    new_outcomes = {o.rule: o for o in fresh.outcomes}
    if ([f for f in old.findings if f.rule in ACROSS] == list(fresh.findings)
            and [o for o in old.outcomes if o.rule in ACROSS] == list(fresh.outcomes)):
        return  # nothing changed: no write
    outcomes = [new_outcomes.pop(o.rule, o) for o in old.outcomes]
    outcomes += new_outcomes.values()  # a document stored before these rules existed
    counts = {"错误": 0, "警告": 0, "提示": 0}
    for f in findings:
        counts[f.severity] += 1
    tally: dict[str, int] = {}
    for o in outcomes:
        tally[o.outcome] = tally.get(o.outcome, 0) + 1
    report = Report.model_validate({
        **old.model_dump(mode="python"), "findings": [f.model_dump(mode="python") for f in findings],
        "outcomes": [o.model_dump(mode="python") for o in outcomes],
        "summary": {"errors": counts["错误"], "warnings": counts["警告"], "notes": counts["提示"], "outcomes": tally}})
    _write(store, doc["id"], report)


def _write(store, doc_id: int, report) -> None:
    from yusuan.report.json import dumps_exact
    from yusuan.store.packed import pack

    rows = [(doc_id, i, f.rule, f.severity, f.title, f.table, f.row_code, f.row_name, f.column, _text(f.expected),
             _text(f.actual), fits(f.difference), f.message, f.source.line, f.source.page, f.source.cell)
            for i, f in enumerate(report.findings)]
    s = report.summary
    with store.backend.write_lock, store.backend.transaction() as tx:
        tx.execute("DELETE FROM findings WHERE document_id = ?", (doc_id,))
        tx.insert_many("findings", ["document_id", "finding_index", "rule", "severity", "title", "table_id",
                                    "row_code", "row_name", "column_id", "expected", "actual", "difference",
                                    "message", "line", "page", "cell"], rows)
        tx.execute(f"DELETE FROM rule_outcomes WHERE document_id = ? AND rule IN ({', '.join('?' * len(ACROSS))})",
                   (doc_id, *ACROSS))
        tx.insert_many("rule_outcomes", ["document_id", "rule", "outcome"],
                       [(doc_id, o.rule, o.outcome) for o in report.outcomes if o.rule in ACROSS])
        packed = pack(dumps_exact(report.model_dump(mode="python"), indent=None))
        tx.execute("UPDATE documents SET report = ?, n_findings = ?, n_errors = ?, n_warnings = ?, n_notes = ? "
                   "WHERE id = ?", (packed, len(report.findings), s.errors, s.warnings, s.notes, doc_id))

