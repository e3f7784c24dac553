"""Where yusuan keeps a user's own data between runs (the catalogs they imported or learned).

``$YUSUAN_HOME`` when set, else ``$XDG_DATA_HOME/yusuan``, else ``~/.local/share/yusuan``. Nothing is
created by asking; writers create what they need.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    home = os.environ.get("YUSUAN_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "yusuan"
