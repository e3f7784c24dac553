"""A thin interface over the two databases the store runs on: DuckDB (a file) and PostgreSQL (a URL).

Everything above this module writes SQL with ``?`` placeholders in the dialect both share; a backend
translates placeholders, runs one transaction at a time per thread and inserts many rows at once
(DuckDB: arrays unnested in one statement; PostgreSQL: COPY).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from importlib import resources
from pathlib import Path

from yusuan.errors import YusuanError


class StoreError(YusuanError):
    """The database cannot be opened or used (message in Chinese, names the database)."""


class StoreLocked(StoreError):
    """Another process holds the DuckDB file (DuckDB lets one writing process, or only readers, open it)."""

    def __init__(self, message: str, *, pid: int | None = None):
        self.pid = pid
        super().__init__(message)


class Conflict(Exception):
    """A unique constraint refused a row: another writer got there first."""


def migrations() -> list[tuple[int, str, str]]:
    """The versioned migration scripts shipped in the package: (version, name, sql), in order."""
    out = []
    for item in resources.files("yusuan.store").joinpath("migrations").iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    return sorted(out)


def statements(sql: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside literals in our scripts)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


_TYPE_CAST = {  # information_schema type name -> DuckDB array element type for unnest inserts
    "BIGINT": "BIGINT", "INTEGER": "INTEGER", "VARCHAR": "VARCHAR", "TIMESTAMP": "TIMESTAMP", "BLOB": "BLOB",
}


class Tx:
    """One open transaction: run statements and bulk inserts inside it."""

    def __init__(self, backend: Backend, conn):
        self.backend = backend
        self.conn = conn

    def execute(self, sql: str, params: Sequence = ()) -> None:
        self.backend._execute(self.conn, sql, params)

    def fetchall(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.backend._fetchall(self.conn, sql, params)

    def fetchone(self, sql: str, params: Sequence = ()) -> tuple | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def insert_many(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if rows:
            self.backend._insert_many(self.conn, table, columns, rows)


class Backend:
    kind = "?"
    location = ""
    # Whether an ingest rebuilds the summaries after each batch (so that queries stay fast while it runs),
    # or once at its end (summaries.refresh_pending).
    summaries_each_batch = True

    def __init__(self) -> None:
        self._local = threading.local()
        self.write_lock = threading.RLock()
        self._types: dict[str, dict[str, str]] = {}
        self._all: list = []

    # -- to be provided by each database
    def _connect(self):  # a new connection for this thread
        raise NotImplementedError

    def _execute(self, conn, sql: str, params: Sequence) -> None:
        raise NotImplementedError

    def _fetchall(self, conn, sql: str, params: Sequence) -> list[tuple]:
        raise NotImplementedError

    def _insert_many(self, conn, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        raise NotImplementedError

    def _begin(self, conn) -> None:
        self._execute(conn, "BEGIN TRANSACTION", ())

    def _commit(self, conn) -> None:
        self._execute(conn, "COMMIT", ())

    def _rollback(self, conn) -> None:
        self._execute(conn, "ROLLBACK", ())

    def _lock_migrations(self, tx: Tx) -> None:
        pass

    def lock_summaries(self, tx: Tx) -> None:
        """Writers rebuild summaries one at a time (a rebuild deletes and inserts a department's rows)."""

    def next_ids(self, tx: Tx, sequence: str, n: int) -> list[int]:
        """``n`` new values of ``sequence`` in one round trip."""
        if n <= 0:
            return []
        return sorted(int(r[0]) for r in tx.fetchall(f"SELECT nextval('{sequence}') FROM range(?)", (n,)))

    # -- shared
    def conn(self):
        c = getattr(self._local, "conn", None)
        if c is None:
            c = self._local.conn = self._connect()
            self._all.append(c)
        return c

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """All or nothing: commits when the block ends, rolls back on any exception (Ctrl-C included)."""
        conn = self.conn()
        self._begin(conn)
        try:
            yield Tx(self, conn)
        except BaseException:
            try:
                self._rollback(conn)
            except Exception:  # the connection itself is gone; nothing was committed
                pass
            raise
        self._commit(conn)

    def fetchall(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._fetchall(self.conn(), sql, params)

    def columns(self, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:
        raise NotImplementedError

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """While many documents are written one after another (and worker processes share the CPU)."""
        yield

    def after_batch(self) -> None:
        """A batch of an ingest (inside :meth:`bulk_writing`) is written and checked."""

    def applied_migrations(self) -> set[int] | None:
        """The migration versions this database has seen; None when it was never set up as a store."""
        try:
            return {int(r[0]) for r in self.fetchall("SELECT version FROM schema_migrations")}
        except Exception:  # no such table: each database names the error its own way
            return None

    def migrate(self, after: dict | None = None) -> list[int]:
        """Apply the package's migrations that this database has not seen; return the versions applied.
        ``after[version](tx)`` runs in the same transaction, for data a script cannot move by itself."""
        applied: list[int] = []
        with self.write_lock:
            with self.transaction() as tx:
                self._lock_migrations(tx)
                tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                           "name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
                done = {r[0] for r in tx.fetchall("SELECT version FROM schema_migrations")}
            # One transaction per migration: DuckDB makes no index in a transaction that has updated the
            # table (migration 7 fills a column, 8 makes the table's indexes again). A store stopped
            # between two is at the first one's version, and the next opening goes on from there.
            for version, name, sql in migrations():
                if version in done:
                    continue
                with self.transaction() as tx:
                    self._lock_migrations(tx)
                    if tx.fetchall("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)):
                        continue  # another process applied it meanwhile
                    for stmt in statements(sql):
                        tx.execute(stmt)
                    if after and version in after:
                        after[version](tx)
                    tx.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name))
                applied.append(version)
        return applied

    def close(self) -> None:
        for c in self._all:
            try:
                c.close()
            except Exception:
                pass
        self._all.clear()
        self._local = threading.local()


class DuckDBBackend(Backend):
    kind = "duckdb"
    # While an ingest writes a DuckDB file no other process can open it, so nobody asks a question before
    # the end; and a rebuild reads whole columns (DuckDB's indexes serve single values), so a rebuild per
    # batch would cost more the larger the corpus.
    summaries_each_batch = False

    def __init__(self, path: str | Path, *, read_only: bool = False):
        super().__init__()
        import duckdb

        self.location = str(path)
        self.read_only = read_only
        try:
            if not read_only:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._root = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                import re

                pid = re.search(r"\(PID (\d+)\)", text)
                who = f"进程 {pid.group(1)} " if pid else "另一个进程"
                raise StoreLocked(f"数据库 {path} 正被{who}使用：DuckDB 文件有一个进程写入时，其他进程都不能打开它",
                                  pid=int(pid.group(1)) if pid else None) from None
            raise StoreError(f"无法打开数据库 {path}（{text.splitlines()[0]}）") from None
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"无法打开数据库 {path}（{str(exc).splitlines()[0]}）") from None
        self._all.append(self._root)
        self._duckdb = duckdb
        self._bulk = False

    def _connect(self):
        return self._root.cursor()

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        # Small inserts gain nothing from DuckDB's thread pool, and its threads fight the workers for the
        # cores: one thread while ingesting, the previous setting after. Checkpoints stay at DuckDB's
        # default (every 16 MiB of log, about every 1,000 documents): what was written since the last one
        # is held in memory, so the writer's memory stays flat only if they come often; they are cheap
        # since the child tables have no indexes and the long texts arrive compressed (migrations 7, 8).
        # DuckDB keeps the blocks it has read and written cached up to its memory limit (by default 80% of
        # the machine): over an ingest of ten thousand documents the writer grew by about 10 MB per thousand
        # with nothing evicted. A limit of its own while ingesting keeps the writer flat; what a query needs
        # beyond it DuckDB writes to its temporary files.
        (threads,) = self.fetchall("SELECT current_setting('threads')")[0]
        self.fetchall("SET threads TO 1")
        self.fetchall(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")
        self._bulk = True
        try:
            yield
        finally:
            self._bulk = False
            self.fetchall(f"SET threads TO {int(threads)}")
            self.fetchall("RESET memory_limit")  # its printed value is rounded: set again, it would shrink

    def after_batch(self) -> None:
        # The cross-document checks after each batch read stored documents of any department, and DuckDB
        # keeps every block it read cached up to its limit: the larger the store, the more blocks, and the
        # writer grew through the whole ingest. Lowering the limit for a moment makes DuckDB evict the
        # unpinned blocks down to it (and give their memory back); the next batch reads what it needs again.
        if not self._bulk:
            return
        try:
            self.fetchall(f"SET memory_limit = '{INGEST_CACHE_KEPT}'")
        except self._duckdb.OutOfMemoryException:
            pass  # more than that is pinned now: the limit stays as it was, the next batch tries again
        self.fetchall(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")

    def _execute(self, conn, sql, params):
        try:
            conn.execute(sql, list(params))
        except self._duckdb.ConstraintException as exc:
            raise Conflict(str(exc)) from None
        except (RuntimeError, self._duckdb.InterruptException) as exc:
            _interrupted(exc)
            raise

    def _fetchall(self, conn, sql, params):
        try:
            return conn.execute(sql, list(params)).fetchall()
        except (RuntimeError, self._duckdb.InterruptException) as exc:
            _interrupted(exc)
            raise

    def columns(self, sql, params=()):
        cur = self.conn().execute(sql, list(params))
        rows = cur.fetchall()
        return [d[0] for d in cur.description], rows

    def _column_types(self, conn, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = ?", [table]).fetchall()
            self._types[table] = {name: typ for name, typ in rows}
        return self._types[table]

    def _insert_many(self, conn, table, columns, rows):
        # The columns go in as NumPy arrays of the Python values, which DuckDB scans as a table: each
        # value is converted once, natively, where a parameter list costs a DuckDB value per element and
        # JSON an escape and a parse again. Figures go in as their exact text and are cast by the insert.
        # A column DuckDB would have to guess the type of (values of several Python types) goes in the
        # slower way below, with the whole statement.
        types = self._column_types(conn, table)
        arrays = _scannable(types, columns, rows)
        if arrays is None:
            self._insert_unnested(conn, table, columns, rows, types)
            return
        name = "yusuan_insert_batch"
        select = ", ".join(f"c{i}::{types[col]}" for i, col in enumerate(columns))
        conn.register(name, arrays)
        try:
            self._execute(conn, f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {name}", ())
        finally:
            conn.unregister(name)

    def _insert_unnested(self, conn, table, columns, rows, types):
        # Each column goes in as one JSON text that DuckDB unnests: a Python list as a parameter becomes a
        # DuckDB value per element, which costs more than the insert itself. A column whose values JSON would
        # not carry exactly as they are (neither text nor whole numbers) goes in as a list, as before; so does
        # one of long texts (a document's extraction and report), which escaping and parsing again cost more.
        exprs, params = [], []
        for col, column in zip(columns, zip(*rows)):  # the rows turned into columns
            typ = types[col]
            values = list(column)
            if typ.startswith("DECIMAL"):
                exprs.append(f"unnest(from_json(?, '[\"VARCHAR\"]'))::{typ}")
                values = _json([None if v is None else str(v) for v in values])
            elif _json_carries(typ, values):
                exprs.append(f"unnest(from_json(?, '[\"{typ}\"]'))")
                values = _json(values)
            else:
                exprs.append(f"unnest(?::{_TYPE_CAST.get(typ, 'VARCHAR')}[])")
            params.append(values)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)}"
        self._execute(conn, sql, params)


# The column types whose values go into DuckDB as a scanned array, and the one Python type each takes so.
_SCANNED_TYPES = {"BIGINT": int, "INTEGER": int, "VARCHAR": str, "BLOB": bytes}


def _scannable(types: dict[str, str], columns: list[str], rows: list) -> dict | None:
    """The rows as one NumPy array of Python values per column (``c0``, ``c1``, …; figures as their exact
    text), or None when a column holds values of another Python type than its SQL type takes (a bool is
    not an int here)."""
    import numpy

    arrays = {}
    for i, (col, column) in enumerate(zip(columns, zip(*rows))):
        typ = types[col]
        if typ.startswith("DECIMAL"):
            values = [None if v is None else str(v) for v in column]
        else:
            want = _SCANNED_TYPES.get(typ)
            kinds = set(map(type, column))
            kinds.discard(type(None))
            if want is None or not kinds <= {want}:
                return None
            values = column
        array = numpy.empty(len(values), dtype=object)
        array[:] = values
        arrays[f"c{i}"] = array
    return arrays


# DuckDB's memory while ingesting (see DuckDBBackend.bulk_writing): batches of a hundred documents, the
# cross-document checks of their departments and the checkpoints fit in a fraction of it.
INGEST_MEMORY_LIMIT = "128MB"
# What DuckDB keeps cached after each batch of an ingest (see DuckDBBackend.after_batch).
INGEST_CACHE_KEPT = "16MB"

# The column types whose values go into DuckDB as JSON, and the one Python type each takes so.
_JSON_TYPES = {"BIGINT": int, "INTEGER": int, "VARCHAR": str}
_LONG = 2000  # characters


def _json_carries(typ: str, values: list) -> bool:
    """Whether JSON carries the column's values exactly: all of the one Python type, or None; texts short.
    Tested over whole columns at once (a batch of a hundred documents has about 50,000 values)."""
    want = _JSON_TYPES.get(typ)
    if want is None:
        return False
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if not kinds <= {want}:  # a bool is not an int here, as before
        return False
    return typ != "VARCHAR" or max(map(len, filter(None, values)), default=0) < _LONG


def _json(values: list) -> str:
    import json

    return json.dumps(values, ensure_ascii=False, check_circular=False)


class PostgresBackend(Backend):
    kind = "postgresql"

    def __init__(self, url: str):
        super().__init__()
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.location = _redact(url)
        self.conn()  # fail now, with a clear message, if the server cannot be reached

    def _connect(self):
        try:
            return self._psycopg.connect(self.url, autocommit=True)
        except self._psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError(f"无法连接数据库 {self.location}（{first}）") from None

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _execute(self, conn, sql, params):
        try:
            conn.execute(self._sql(sql), tuple(params))
        except self._psycopg.errors.UniqueViolation as exc:
            raise Conflict(str(exc)) from None

    def _fetchall(self, conn, sql, params):
        return conn.execute(self._sql(sql), tuple(params)).fetchall()

    def columns(self, sql, params=()):
        cur = self.conn().execute(self._sql(sql), tuple(params))
        rows = cur.fetchall()
        return [d.name for d in cur.description], rows

    def _lock_migrations(self, tx: Tx) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(7361001)")

    def lock_summaries(self, tx: Tx) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(7361002)")

    def next_ids(self, tx: Tx, sequence: str, n: int) -> list[int]:
        if n <= 0:
            return []
        return sorted(int(r[0]) for r in tx.fetchall(f"SELECT nextval('{sequence}') FROM generate_series(1, ?)",
                                                     (n,)))

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        yield
        # fresh statistics after many rows, so the planner picks good joins for the queries at once
        self._execute(self.conn(), "ANALYZE", ())

    def _insert_many(self, conn, table, columns, rows):
        with conn.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)


def _interrupted(exc: BaseException) -> None:
    """DuckDB turns Ctrl-C during a statement into an error: make it the KeyboardInterrupt it was."""
    if "interrupt" in str(exc).lower():
        raise KeyboardInterrupt from None


def _redact(url: str) -> str:
    """A database URL without its password, for messages."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def is_url(db: str | Path) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def open_backend(db: str | Path | None, *, read_only: bool = False) -> Backend:
    """``read_only`` matters to DuckDB only: readers of one file may be many, a writer must be alone."""
    text = str(db) if db is not None else "yusuan.duckdb"
    if is_url(text):
        return PostgresBackend(text)
    return DuckDBBackend(text, read_only=read_only)


def as_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))
