"""Where yusuan keeps a user's own data between runs (the catalogs they imported or learned).

``$YUSUAN_HOME`` when set, else ``$XDG_DATA_HOME/yusuan``, else ``~/.local/share/yusuan``. Nothing is
created by asking; writers create what they need.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def data_dir() -> Path:
    env = os.environ
    return _data_dir(env.get("YUSUAN_HOME"), env.get("XDG_DATA_HOME"), env.get("HOME"))


@lru_cache(maxsize=16)
def _data_dir(home: str | None, xdg: str | None, _user_home: str | None) -> Path:
    # Asked at every catalog lookup; the answer changes only with the variables it is keyed on.
    if home:
        return Path(home).expanduser()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "yusuan"
