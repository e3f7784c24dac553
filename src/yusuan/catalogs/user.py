"""The user's own catalogs: official 政府收支分类科目 workbooks they imported, and the codes a corpus
learned. Kept in ``<data dir>/catalogs/`` (:func:`yusuan.userdata.data_dir`): one CSV per year and kind
(``code,name,source``, like the shipped ones) and ``manifest.json`` listing them.

Manifest entries are ``{"kind", "year", "file", "complete", "origin", "from", "at"}``; ``origin`` is
``imported`` (an official workbook: the year's catalog) or ``learned`` (codes seen in enough documents of
a corpus: known, never authoritative).
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from yusuan.userdata import data_dir


def folder() -> Path:
    return data_dir() / "catalogs"


def _manifest_path() -> Path:
    return _manifest_in(data_dir())


@lru_cache(maxsize=16)
def _manifest_in(base: Path) -> Path:
    # Asked at every check of a document (see state): building the path anew costs more than the stat.
    return base / "catalogs" / "manifest.json"


def state() -> tuple[str, int | None]:
    """What the cached catalogs depend on: the folder, and when its manifest last changed."""
    path = _manifest_path()
    text = str(path)  # (a Path keeps its text once made)
    try:
        return text, os.stat(text).st_mtime_ns
    except OSError:
        return text, None


class UserCatalogError(Exception):
    """The user's catalog folder cannot be read or written (message in Chinese)."""


def read_manifest() -> list[dict]:
    path = _manifest_path()
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["catalogs"]
        assert isinstance(entries, list)
    except (OSError, ValueError, KeyError, AssertionError, TypeError):
        raise UserCatalogError(f"科目目录清单 {path} 无法读取（不是 yusuan 写出的清单？可以删除这个文件夹后重新导入）") from None
    return entries


def read_entries(entry: dict) -> list[dict]:
    path = folder() / entry["file"]
    try:
        return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    except OSError as exc:
        raise UserCatalogError(f"科目目录 {path} 无法读取（{exc.strerror or exc}）") from None


def save(kind: str, year: int, rows: list[tuple[str, str, str]], *, origin: str, complete: bool, source: str) -> Path:
    """Write one year's catalog of ``kind`` (replacing the same year, kind and origin) and list it."""
    base = folder()
    base.mkdir(parents=True, exist_ok=True)
    name = f"{'learned_' if origin == 'learned' else ''}{kind}_{year}.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "source"])
    w.writerows(rows)
    target = base / name
    tmp = target.with_suffix(".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    os.replace(tmp, target)
    entries = [e for e in read_manifest() if not (e["kind"] == kind and e["year"] == year and e["origin"] == origin)]
    entries.append({"kind": kind, "year": year, "file": name, "complete": complete, "origin": origin, "from": source,
                    "at": datetime.now().isoformat(timespec="seconds"), "count": len(rows)})
    _write_manifest(entries)
    return target


def remove(year: int, kind: str | None = None, origin: str | None = None) -> list[dict]:
    """Forget the catalogs of ``year`` (of one kind / origin when given); returns what was removed."""
    entries = read_manifest()
    gone = [e for e in entries if e["year"] == year and kind in (None, e["kind"]) and origin in (None, e["origin"])]
    if gone:
        _write_manifest([e for e in entries if e not in gone])
        for e in gone:
            (folder() / e["file"]).unlink(missing_ok=True)
    return gone


def _write_manifest(entries: list[dict]) -> None:
    path = _manifest_path()
    entries = sorted(entries, key=lambda e: (e["origin"], e["kind"], e["year"]))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"catalogs": entries}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
