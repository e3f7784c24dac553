"""How the DuckDB store inserts many rows at once: every value comes back exactly as it went in."""

from __future__ import annotations

from decimal import Decimal

from conftest import SEEDS

from yusuan.store import open_store
from yusuan.store.ingest import ingest

ROWS = [
    (1, "合计", Decimal("1234.56"), None),
    (2, "", Decimal("-0.50"), "引号\"、反斜杠\\、换行\n、制表\t"),
    (3, None, Decimal("1E+3"), "长" * 5000),  # a text as long as a document's JSON goes in as a list
    (None, "\u0001控制字符\u001f", None, "😀 与 \u00a0"),
    (2**40, "[1, 2]", Decimal("0.000001"), "null"),
]


def _table(store) -> None:
    with store.backend.transaction() as tx:
        tx.execute("CREATE TABLE probe (n BIGINT, name TEXT, amount DECIMAL(24, 6), note TEXT)")


def test_duckdb_batch_insert_keeps_every_value(tmp_path):
    store = open_store(tmp_path / "s.duckdb")
    try:
        _table(store)
        with store.backend.transaction() as tx:
            tx.insert_many("probe", ["n", "name", "amount", "note"], ROWS)
        got = store.backend.fetchall("SELECT n, name, amount, note FROM probe ORDER BY n NULLS LAST")
    finally:
        store.close()
    assert got == [
        (1, "合计", Decimal("1234.560000"), None),
        (2, "", Decimal("-0.500000"), "引号\"、反斜杠\\、换行\n、制表\t"),
        (3, None, Decimal("1000.000000"), "长" * 5000),
        (2**40, "[1, 2]", Decimal("0.000001"), "null"),
        (None, "\u0001控制字符\u001f", None, "😀 与 \u00a0"),
    ]


def test_duckdb_batch_insert_takes_values_json_would_change(tmp_path):
    """A number in a text column, or a float, is not written as JSON would give it back."""
    store = open_store(tmp_path / "s.duckdb")
    try:
        _table(store)
        with store.backend.transaction() as tx:
            tx.insert_many("probe", ["n", "name", "amount", "note"], [(1, 7, Decimal("2"), "x"), (2, "八", None, None)])
        got = store.backend.fetchall("SELECT n, name, amount, note FROM probe ORDER BY n")
    finally:
        store.close()
    assert got == [(1, "7", Decimal("2.000000"), "x"), (2, "八", None, None)]


def test_bulk_writing_uses_one_thread_and_restores_the_settings(tmp_path):
    store = open_store(tmp_path / "s.duckdb")
    try:
        setting = ("SELECT current_setting('threads'), current_setting('checkpoint_threshold'), "
                   "current_setting('memory_limit')")
        before = store.backend.fetchall(setting)[0]
        with store.backend.bulk_writing():
            # checkpoints as often as DuckDB's default: what was written since the last one is in memory
            assert store.backend.fetchall(setting)[0] == (1, "16.0 MiB", "122.0 MiB")
        assert store.backend.fetchall(setting)[0] == before
        assert before[0] > 1 and before[2] != "122.0 MiB"
    finally:
        store.close()


def test_an_ingest_leaves_duckdb_no_more_cached_than_it_keeps_after_a_batch(tmp_path):
    """Blocks read before or during an ingest (the cross-document checks read stored documents) are let go
    after each batch down to 16 MB, however many fit under the ingest's memory limit."""
    store = open_store(tmp_path / "s.duckdb")
    try:
        store.backend.fetchall("CREATE TABLE probe AS SELECT i, md5(i::VARCHAR) || md5((-i)::VARCHAR) AS t "
                               "FROM range(1500000) r(i)")
        store.backend.fetchall("CHECKPOINT")
    finally:
        store.close()
    store = open_store(tmp_path / "s.duckdb")
    cached = "SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"
    try:
        limit = store.backend.fetchall("SELECT current_setting('memory_limit')")
        assert store.backend.fetchall("SELECT count(DISTINCT t) FROM probe") == [(1500000,)]
        assert store.backend.fetchall(cached)[0][0] > 40_000_000  # well under the ingest's 128 MB
        stats = ingest(store, [SEEDS], workers=1)
        assert (stats.added, stats.failed) == (5, 0)
        assert store.backend.fetchall(cached)[0][0] <= 16_000_000
        assert store.backend.fetchall("SELECT current_setting('memory_limit')") == limit
    finally:
        store.close()


def test_a_batch_goes_in_as_scanned_arrays_unless_a_column_mixes_types():
    from yusuan.store.backend import _scannable

    types = {"n": "BIGINT", "name": "VARCHAR", "amount": "DECIMAL(24,6)", "note": "VARCHAR", "blob": "BLOB"}
    arrays = _scannable(types, ["n", "amount", "blob"], [(1, Decimal("1E+3"), b"\x00"), (None, None, None)])
    assert {k: list(v) for k, v in arrays.items()} == {"c0": [1, None], "c1": ["1E+3", None], "c2": [b"\x00", None]}
    assert _scannable(types, ["name"], [(7,), ("八",)]) is None  # an int in a text column
    assert _scannable(types, ["n"], [(True,)]) is None  # a bool is not an int here
    assert _scannable({"t": "TIMESTAMP"}, ["t"], [("2026-01-01",)]) is None  # no scanned type


def test_duckdb_batch_insert_keeps_blobs_and_long_texts(tmp_path):
    store = open_store(tmp_path / "s.duckdb")
    try:
        with store.backend.transaction() as tx:
            tx.execute("CREATE TABLE probe (n BIGINT, body BLOB, note TEXT)")
            tx.insert_many("probe", ["n", "body", "note"],
                           [(1, bytes(range(256)) * 100, "长" * 50000), (2, None, "\u0000后")])
        got = store.backend.fetchall("SELECT n, body, note FROM probe ORDER BY n")
    finally:
        store.close()
    assert got == [(1, bytes(range(256)) * 100, "长" * 50000), (2, None, "\u0000后")]
