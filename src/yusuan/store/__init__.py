"""The corpus store: every document, its rows and figures, and its findings, in DuckDB or PostgreSQL."""

from __future__ import annotations

from yusuan.store.backend import StoreError, StoreLocked
from yusuan.store.store import Added, NoCorpus, Store, open_store

__all__ = ["Added", "NoCorpus", "Store", "StoreError", "StoreLocked", "open_store"]
