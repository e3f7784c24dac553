"""The corpus store: every document, its rows and figures, and its findings, in DuckDB or PostgreSQL."""

from __future__ import annotations

from yusuan.store.backend import StoreError
from yusuan.store.store import Added, Store, open_store

__all__ = ["Added", "Store", "StoreError", "open_store"]
