"""The corpus store: documents, their rows, figures and findings, in DuckDB or PostgreSQL.

Each document is written whole or not at all: alone in a transaction (``add``), or with the others of a
batch in one (``add_many``, what ingest uses: a transaction costs milliseconds, a document's rows far
less). A file whose content is already stored is a no-op; a different file for the same department,
year and kind becomes the next version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from yusuan.store import summaries
from yusuan.store.amounts import money
from yusuan.store.backend import Backend, Conflict, StoreError, open_backend
from yusuan.store.packed import pack, unpack, unpack_model
from yusuan.store.records import Failed, Prepared

DOCUMENT_COLUMNS = [
    "content_hash", "source", "format", "title", "department_key", "department_code", "department_name",
    "region", "year", "kind", "money_unit", "series_key", "size_bytes", "n_tables", "n_rows", "n_narrative",
    "n_projects", "n_findings", "n_errors", "n_warnings", "n_notes", "n_ocr_pages",
]
LIST_COLUMNS = ["id", "source", "format", "title", "department_key", "department_code", "department_name",
                "region", "year", "kind", "money_unit", "version", "n_tables", "n_rows", "n_findings",
                "n_errors", "n_warnings", "n_notes", "n_ocr_pages", "ingested_at"]


@dataclass
class Added:
    status: str  # "added", "duplicate" or "failed"
    document_id: int | None = None
    version: int | None = None
    findings: int = 0
    error: str | None = None


class NotWritten(Exception):
    """``item`` could not be written (``cause``); ``done`` are the results of the batch's items before it,
    which were."""

    def __init__(self, item: Prepared | Failed, cause: BaseException, done: list[Added]):
        super().__init__(str(cause))
        self.item, self.cause, self.done = item, cause, done


class Store:
    def __init__(self, backend: Backend):
        self.backend = backend

    @property
    def kind(self) -> str:
        return self.backend.kind

    @property
    def location(self) -> str:
        return self.backend.location

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing
    def known(self, content_hash: str) -> str | None:
        """'document' or 'failure' when this content is already stored, else None."""
        if self.backend.fetchall("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)):
            return "document"
        if self.backend.fetchall("SELECT 1 FROM failures WHERE content_hash = ?", (content_hash,)):
            return "failure"
        return None

    def known_many(self, hashes: list[str]) -> dict[str, tuple[str, str | None]]:
        """For each of ``hashes`` already stored: ('document', None) or ('failure', the recorded reason)."""
        out: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for (h,) in self.backend.fetchall(f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})",
                                              chunk):
                out[h] = ("document", None)
            for h, error in self.backend.fetchall(
                    f"SELECT content_hash, error FROM failures WHERE content_hash IN ({marks})", chunk):
                out.setdefault(h, ("failure", error))
        return out

    def add_many(self, items: list[Prepared | Failed], *, retried: frozenset[str] | set[str] = frozenset()
                 ) -> list[Added]:
        """Write ``items`` in one transaction, each document whole; the result of each, in order.

        ``retried`` holds the content hashes of recorded failures read again: a document read this time
        replaces its failure record, a failure again updates it. When the batch cannot be written as one
        (another writer stored one of its documents or took a version number meanwhile, or the database
        refused a row), the documents are written one at a time, so that each gets its own outcome and
        an error names the document it belongs to."""
        if not items:
            return []
        try:
            results = self._add_batch(items, retried)
        except (KeyboardInterrupt, StoreError):
            raise
        except Exception:  # Conflict, or an error to be pinned on one document
            results = None
        if results is None:
            results = []
            for item in items:
                try:
                    if item.content_hash in retried:
                        self.settle_retry(item)
                    results.append(self.add(item))
                except (KeyboardInterrupt, StoreError):
                    raise
                except Exception as exc:
                    raise NotWritten(item, exc, results) from None
            return results
        from yusuan.store.related import refresh_many

        # the rules that compare each document with the department's other documents
        refresh_many(self, [r.document_id for r in results if r.status == "added"])
        if self.backend.summaries_each_batch:
            summaries.refresh(self, {i.document["department_key"] for i, r in zip(items, results)
                                     if r.status == "added" and isinstance(i, Prepared)})
        return results

    def settle_retry(self, item: Prepared | Failed, tx=None) -> None:
        """A recorded failure read again: its record goes when it was read, and says the new reason when
        not (the store keeps one failure per content)."""
        if tx is None:
            with self.backend.write_lock, self.backend.transaction() as tx:
                return self.settle_retry(item, tx)
        if isinstance(item, Failed):
            tx.execute("UPDATE failures SET source = ?, error = ?, failed_at = current_timestamp "
                       "WHERE content_hash = ?", (item.source, item.error, item.content_hash))
        else:
            tx.execute("DELETE FROM failures WHERE content_hash = ?", (item.content_hash,))

    def _add_batch(self, items: list[Prepared | Failed], retried) -> list[Added]:
        prepared = [i for i in items if isinstance(i, Prepared)]
        failed = [i for i in items if isinstance(i, Failed)]
        out: dict[int, Added] = {}
        with self.backend.write_lock, self.backend.transaction() as tx:
            stored = _in(tx, "SELECT content_hash FROM documents WHERE content_hash IN", [p.content_hash for p in prepared])
            recorded = _in(tx, "SELECT content_hash FROM failures WHERE content_hash IN", [f.content_hash for f in failed])
            series = sorted({p.document["series_key"] for p in prepared})
            newest = dict(_in(tx, "SELECT series_key, max(version) FROM documents WHERE series_key IN", series,
                              group="GROUP BY series_key", pairs=True))
            fresh, seen = [], set(stored)
            for p in prepared:
                if p.content_hash in retried:
                    self.settle_retry(p, tx)
                if p.content_hash in seen:
                    out[id(p)] = Added("duplicate")
                    continue
                seen.add(p.content_hash)
                version = newest.get(p.document["series_key"], 0) + 1
                newest[p.document["series_key"]] = version
                fresh.append((p, version))
            ids = self.backend.next_ids(tx, "document_id_seq", len(fresh))
            documents, children = [], {name: [] for name, _cols, _attr in _CHILDREN}
            for (p, version), doc_id in zip(fresh, ids):
                documents.append((doc_id, version, *(p.document[c] for c in DOCUMENT_COLUMNS),
                                  p.disclosure_packed, p.report_packed))
                for name, _cols, attr in _CHILDREN:
                    rows = getattr(p, attr)
                    if attr == "transparency":
                        rows = [] if rows is None else [rows]
                    children[name].extend([(doc_id, *r) for r in rows])
                out[id(p)] = Added("added", doc_id, version, findings=len(p.findings))
            tx.insert_many("documents", ["id", "version", *DOCUMENT_COLUMNS, "disclosure", "report"], documents)
            for name, cols, _attr in _CHILDREN:
                tx.insert_many(name, cols, children[name])
            new_failures = []
            for f in failed:
                if f.content_hash in retried:
                    self.settle_retry(f, tx)
                    out[id(f)] = Added("failed", error=f.error)
                elif f.content_hash in recorded:
                    out[id(f)] = Added("duplicate", error=f.error)
                else:
                    recorded.add(f.content_hash)
                    new_failures.append((f.content_hash, f.source, f.error))
                    out[id(f)] = Added("failed", error=f.error)
            tx.insert_many("failures", ["content_hash", "source", "error"], new_failures)
            summaries.mark(tx, [p.document["department_key"] for p, _version in fresh])
        return [out[id(i)] for i in items]

    def add(self, item: Prepared | Failed) -> Added:
        if isinstance(item, Failed):
            return self.add_failure(item)
        for _attempt in range(20):
            try:
                added = self._add(item)
            except Conflict:
                if self.known(item.content_hash):
                    return Added("duplicate")
                continue  # another writer took this version number for the same series: take the next one
            if added.status == "added":
                from yusuan.store.related import refresh

                refresh(self, added.document_id)  # the rules that compare it with the department's other documents
                summaries.refresh(self, [item.document["department_key"]])
            return added
        raise StoreError(f"文件 {item.source}：多次尝试仍无法写入（版本号冲突）")

    def _add(self, p: Prepared) -> Added:
        with self.backend.write_lock, self.backend.transaction() as tx:
            # one round trip: is this content stored, the next version of its series, a new id (gaps are harmless)
            seen, version, doc_id = tx.fetchone(
                "SELECT (SELECT count(*) FROM documents WHERE content_hash = ?), "
                "(SELECT coalesce(max(version), 0) + 1 FROM documents WHERE series_key = ?), "
                "nextval('document_id_seq')", (p.content_hash, p.document["series_key"]))
            if seen:
                return Added("duplicate")
            values = [p.document[c] for c in DOCUMENT_COLUMNS]
            cols = ["id", "version", *DOCUMENT_COLUMNS, "disclosure", "report"]
            tx.execute(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                       (doc_id, version, *values, p.disclosure_packed, p.report_packed))
            tx.insert_many("document_tables", ["document_id", "position", "table_id", "title", "money_unit",
                                               "empty_note", "n_rows"], [(doc_id, *r) for r in p.tables])
            tx.insert_many("table_rows", ["document_id", "table_id", "row_index", "seq", "side", "code", "name",
                                          "money_unit", "line", "page", "cell"], [(doc_id, *r) for r in p.rows])
            tx.insert_many("row_values", ["document_id", "table_id", "row_index", "column_id", "value",
                                          "value_wan"], [(doc_id, *r) for r in p.values])
            tx.insert_many("narrative_figures", ["document_id", "key", "value", "unit", "text", "line", "page"],
                           [(doc_id, *r) for r in p.narrative])
            tx.insert_many("findings", ["document_id", "finding_index", "rule", "severity", "title", "table_id",
                                        "row_code", "row_name", "column_id", "expected", "actual", "difference",
                                        "message", "line", "page", "cell"], [(doc_id, *r) for r in p.findings])
            tx.insert_many("figures", ["document_id", "key", "value_wan", "origin"],
                           [(doc_id, *r) for r in p.figures])
            tx.insert_many("rule_outcomes", ["document_id", "rule", "outcome"], [(doc_id, *r) for r in p.outcomes])
            if p.transparency is not None:
                tx.insert_many("transparency_scores", ["document_id", "score", "earned", "possible", "parts"],
                               [(doc_id, *p.transparency)])
            summaries.mark(tx, [p.document["department_key"]])
        return Added("added", doc_id, version, findings=len(p.findings))

    def add_failure(self, f: Failed) -> Added:
        try:
            with self.backend.write_lock, self.backend.transaction() as tx:
                if tx.fetchone("SELECT 1 FROM failures WHERE content_hash = ?", (f.content_hash,)):
                    return Added("duplicate", error=f.error)
                tx.execute("INSERT INTO failures (content_hash, source, error) VALUES (?, ?, ?)",
                           (f.content_hash, f.source, f.error))
        except Conflict:
            return Added("duplicate", error=f.error)
        return Added("failed", error=f.error)

    # -- reading
    def count(self) -> dict[str, int]:
        row = self.backend.fetchall(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM latest_documents), "
            "(SELECT count(*) FROM failures), (SELECT count(*) FROM findings), "
            "(SELECT count(*) FROM table_rows), (SELECT count(*) FROM narrative_figures)")[0]
        return dict(zip(["documents", "latest", "failures", "findings", "rows", "narrative"], map(int, row)))

    def overview(self) -> dict[str, int]:
        """What the corpus page heads with, from the documents row of each (one scan, however many table
        rows the corpus holds): documents, newest versions, findings, unreadable files."""
        row = self.backend.fetchall(
            "SELECT count(*), count(DISTINCT series_key), coalesce(sum(n_findings), 0), "
            "(SELECT count(*) FROM failures) FROM documents")[0]
        return dict(zip(["documents", "latest", "findings", "failures"], map(int, row)))

    def documents(self, *, department: str | None = None, year: int | None = None, kind: str | None = None,
                  region: str | None = None, with_findings: bool | None = None, latest: bool = False,
                  limit: int = 500, offset: int = 0) -> list[dict]:
        where, params = [], []
        if department:
            where.append("(department_name LIKE ? OR department_key LIKE ? OR source LIKE ?)")
            params += [f"%{department}%"] * 3
        if year is not None:
            where.append("year = ?")
            params.append(year)
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if region:
            where.append("region LIKE ?")
            params.append(f"%{region}%")
        if with_findings is True:
            where.append("n_findings > 0")
        elif with_findings is False:
            where.append("n_findings = 0")
        sql = (f"SELECT {', '.join(LIST_COLUMNS)} FROM {'latest_documents' if latest else 'documents'}"
               + (f" WHERE {' AND '.join(where)}" if where else "")
               + f" ORDER BY id DESC LIMIT {int(limit)} OFFSET {int(offset)}")
        return [dict(zip(LIST_COLUMNS, r)) for r in self.backend.fetchall(sql, params)]

    def document(self, doc_id: int) -> dict | None:
        rows = self.backend.fetchall(f"SELECT {', '.join(LIST_COLUMNS)} FROM documents WHERE id = ?", (doc_id,))
        return dict(zip(LIST_COLUMNS, rows[0])) if rows else None

    def versions(self, doc_id: int) -> list[dict]:
        rows = self.backend.fetchall(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM documents WHERE series_key = "
            "(SELECT series_key FROM documents WHERE id = ?) ORDER BY version", (doc_id,))
        return [dict(zip(LIST_COLUMNS, r)) for r in rows]

    def disclosure(self, doc_id: int):
        from yusuan.model import Disclosure

        rows = self.backend.fetchall("SELECT disclosure FROM documents WHERE id = ?", (doc_id,))
        return unpack_model(rows[0][0], Disclosure) if rows else None

    def report(self, doc_id: int):
        from yusuan.rules.engine import Report

        rows = self.backend.fetchall("SELECT report FROM documents WHERE id = ?", (doc_id,))
        return unpack_model(rows[0][0], Report) if rows else None

    def transparency(self, doc_id: int):
        """The document's stored transparency score (:class:`yusuan.score.transparency.Transparency`), or None."""
        rows = self.backend.fetchall("SELECT parts FROM transparency_scores WHERE document_id = ?", (doc_id,))
        if not rows:
            return None
        from yusuan.score.transparency import Transparency

        return Transparency.from_dict(json.loads(rows[0][0], parse_float=Decimal))

    def findings(self, doc_id: int) -> list[dict]:
        cols = ["finding_index", "rule", "severity", "title", "table_id", "row_code", "row_name", "column_id",
                "expected", "actual", "difference", "message", "line", "page", "cell"]
        rows = self.backend.fetchall(f"SELECT {', '.join(cols)} FROM findings WHERE document_id = ? "
                                     "ORDER BY finding_index", (doc_id,))
        return [dict(zip(cols, r)) for r in rows]

    def figures(self, doc_id: int) -> dict[str, Decimal]:
        rows = self.backend.fetchall("SELECT key, value_wan FROM figures WHERE document_id = ?", (doc_id,))
        return {k: money(v) for k, v in rows}

    def failures(self, limit: int = 500) -> list[dict]:
        cols = ["id", "content_hash", "source", "error", "failed_at"]
        rows = self.backend.fetchall(f"SELECT {', '.join(cols)} FROM failures ORDER BY id DESC LIMIT {int(limit)}")
        return [dict(zip(cols, r)) for r in rows]

    def facets(self) -> dict[str, list]:
        """The values the corpus list can be filtered by."""
        years = [r[0] for r in self.backend.fetchall(
            "SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY year")]
        kinds = sorted(r[0] for r in self.backend.fetchall("SELECT DISTINCT kind FROM documents WHERE kind IS NOT NULL"))
        regions = sorted(r[0] for r in self.backend.fetchall(
            "SELECT DISTINCT region FROM documents WHERE region IS NOT NULL"))
        return {"years": years, "kinds": kinds, "regions": regions}


# The tables a document's rows go to: (table, columns after document_id, the Prepared attribute).
_CHILDREN = [
    ("document_tables", ["document_id", "position", "table_id", "title", "money_unit", "empty_note", "n_rows"],
     "tables"),
    ("table_rows", ["document_id", "table_id", "row_index", "seq", "side", "code", "name", "money_unit", "line",
                    "page", "cell"], "rows"),
    ("row_values", ["document_id", "table_id", "row_index", "column_id", "value", "value_wan"], "values"),
    ("narrative_figures", ["document_id", "key", "value", "unit", "text", "line", "page"], "narrative"),
    ("findings", ["document_id", "finding_index", "rule", "severity", "title", "table_id", "row_code", "row_name",
                  "column_id", "expected", "actual", "difference", "message", "line", "page", "cell"], "findings"),
    ("figures", ["document_id", "key", "value_wan", "origin"], "figures"),
    ("rule_outcomes", ["document_id", "rule", "outcome"], "outcomes"),
    ("transparency_scores", ["document_id", "score", "earned", "possible", "parts"], "transparency"),
]


def _in(tx, sql: str, values: list, *, group: str = "", pairs: bool = False):
    """``sql IN (values)`` a few hundred values at a time: the first column as a set, or (pairs) the rows."""
    out: list | set = [] if pairs else set()
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        rows = tx.fetchall(f"{sql} ({', '.join('?' * len(chunk))}) {group}", chunk)
        if pairs:
            out.extend(rows)
        else:
            out.update(r[0] for r in rows)
    return out


def _fill_outcomes(tx) -> None:
    """Documents stored before rule_outcomes existed: their outcomes, read from their stored reports
    a few hundred at a time (a report is tens of kilobytes)."""
    ids = [r[0] for r in tx.fetchall("SELECT id FROM documents ORDER BY id")]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = tx.fetchall("SELECT id, report FROM documents WHERE id BETWEEN ? AND ?", (chunk[0], chunk[-1]))
        tx.insert_many("rule_outcomes", ["document_id", "rule", "outcome"],
                       [(doc_id, o["rule"], o["outcome"]) for doc_id, report in rows
                        for o in json.loads(unpack(report))["outcomes"]])


def _fill_transparency(tx) -> None:
    """Documents stored before transparency_scores existed: scored from their stored extractions."""
    from yusuan.model import Disclosure
    from yusuan.score.transparency import score
    from yusuan.store.records import transparency_row

    ids = [r[0] for r in tx.fetchall("SELECT id FROM documents ORDER BY id")]
    for start in range(0, len(ids), 200):
        chunk = ids[start:start + 200]
        rows = tx.fetchall("SELECT id, disclosure FROM documents WHERE id BETWEEN ? AND ?", (chunk[0], chunk[-1]))
        out = []
        for doc_id, text in rows:
            d = unpack_model(text, Disclosure)
            out.append((doc_id, *transparency_row(score(d).to_dict())))
        tx.insert_many("transparency_scores", ["document_id", "score", "earned", "possible", "parts"], out)


def _fill_ocr_pages(tx) -> None:
    """Documents stored before n_ocr_pages existed: counted from their stored reports. A report of a
    document with text on every page says so in its own words (``"ocr_pages": []``), and only the
    others (scans, few) are read."""
    for doc_id, report in tx.fetchall("SELECT id, report FROM documents WHERE n_ocr_pages IS NULL"):
        text = unpack(report)
        pages = 0 if '"ocr_pages": []' in text else len(json.loads(text).get("ocr_pages") or [])
        tx.execute("UPDATE documents SET n_ocr_pages = ? WHERE id = ?", (pages, doc_id))


def _fill_summaries(tx) -> None:
    from yusuan.store.summaries import rebuild_all

    rebuild_all(tx)


def _fill_packed(tx) -> None:
    """Documents stored before their texts were compressed: compressed, a few hundred at a time."""
    ids = [r[0] for r in tx.fetchall("SELECT id FROM documents ORDER BY id")]
    for start in range(0, len(ids), 200):
        chunk = ids[start:start + 200]
        for doc_id, disclosure, report in tx.fetchall("SELECT id, disclosure, report FROM documents "
                                                      "WHERE id BETWEEN ? AND ?", (chunk[0], chunk[-1])):
            tx.execute("UPDATE documents SET disclosure_packed = ?, report_packed = ? WHERE id = ?",
                       (pack(disclosure), pack(report), doc_id))


# DuckDB finds a document's rows in the child tables by the ranges of document ids each block of rows
# holds (ids only grow, so a document's rows lie together), as fast as by an index; its indexes are held
# in memory whole and written again at every checkpoint, which made an ingest slow down as it went.
# PostgreSQL keeps them: its tables are not stored in id order.
_DUCKDB_UNINDEXED = ("table_rows_document", "row_values_document", "findings_document", "figures_document",
                     "narrative_document", "rule_outcomes_document", "transparency_document")


def _drop_child_indexes(tx) -> None:
    if tx.backend.kind == "duckdb":
        for name in _DUCKDB_UNINDEXED:
            tx.execute(f"DROP INDEX IF EXISTS {name}")


AFTER_MIGRATION = {2: _fill_outcomes, 3: _fill_transparency, 5: _fill_summaries, 6: _fill_ocr_pages,
                   7: _fill_packed, 8: _drop_child_indexes}


def open_store(db: str | Path | None = None, *, migrate: bool = True, read_only: bool = False) -> Store:
    """Open (and bring up to date) the store: a DuckDB file path, or a ``postgresql://`` URL.

    ``read_only`` is for queries: a store that does not exist is an error (nothing is created), and a
    DuckDB file is opened for reading, which other readers may do at the same time."""
    if read_only:
        return _open_reading(db)
    backend = open_backend(db)
    try:
        if migrate:
            backend.migrate(after=AFTER_MIGRATION)
    except StoreError:
        backend.close()
        raise
    except Exception as exc:
        backend.close()
        raise StoreError(f"数据库 {backend.location} 无法初始化（{str(exc).splitlines()[0]}）") from None
    return Store(backend)


class NoCorpus(StoreError):
    """The database holds no store: never ingested into (nothing is created by looking)."""


def _open_reading(db: str | Path | None) -> Store:
    from yusuan.store.backend import is_url, migrations

    location = str(db) if db is not None else "yusuan.duckdb"
    if not is_url(location) and not Path(location).is_file():
        what = "是一个文件夹" if Path(location).is_dir() else "不存在"
        raise NoCorpus(f"没有这个文件库：{location} {what}")
    backend = open_backend(location, read_only=True)
    applied = backend.applied_migrations()
    if applied is None:
        backend.close()
        raise NoCorpus(f"没有这个文件库：数据库 {backend.location} 中没有 yusuan 文件库的表")
    if any(version not in applied for version, _name, _sql in migrations()):
        # Made by an older yusuan: brought up to date once, by a short writing connection.
        backend.close()
        open_store(location).close()
        backend = open_backend(location, read_only=True)
    return Store(backend)
