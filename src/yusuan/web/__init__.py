"""The web UI and JSON API over a corpus store: ``create_app(store, data_dir)``."""

from __future__ import annotations

from yusuan.web.app import Limits, create_app

__all__ = ["Limits", "create_app"]
