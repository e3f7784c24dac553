"""Where the files of an ingest come from: local paths, or fsspec URLs (``s3://bucket/2024/``,
``file:///data/预算/``, ``memory://…``, ``https://…`` and every protocol fsspec knows).

A URL of a folder stands for every supported file under it, as a local folder does; a URL is read
through fsspec, by the writer (for its content hash) and by the reader of the document (a worker
process, or a Dask worker), which puts it in a temporary file of the same name, so that every reader
reads it as it reads a local file. The document keeps the URL as its source: its provenance names where
it was read from. fsspec is an optional dependency (``pip install 'yusuan[cloud]'``); a protocol needs
its own package besides (s3fs for ``s3://``, gcsfs for ``gs://``, adlfs for ``az://``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from yusuan.read import SUPPORTED_SUFFIXES, walk as walk_local

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
# fsspec's protocols and the packages that bring them, for the message when one is missing
_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs",
             "abfss": "adlfs", "http": "aiohttp", "https": "aiohttp", "sftp": "paramiko", "ssh": "paramiko",
             "hdfs": "pyarrow", "webdav": "webdav4"}


class SourceError(Exception):
    """A URL cannot be read at all (fsspec or its protocol's package missing): no document's fault."""


def is_url(item: str | Path) -> bool:
    return isinstance(item, str) and bool(_URL.match(item))


def as_item(text: str) -> str | Path:
    """A path or URL as given on the command line or in a list file."""
    text = text.strip()
    return text if is_url(text) else Path(text)


def filesystem(url: str):
    """(fsspec filesystem, path within it) for ``url``; SourceError in Chinese when it cannot be had."""
    try:
        import fsspec
        from fsspec.core import url_to_fs
    except ImportError:
        raise SourceError(f"要读取 {url} 这样的地址需要 fsspec：请安装 yusuan 的 cloud 可选依赖"
                          "（pip install 'yusuan[cloud]'）") from None
    protocol = url.split("://", 1)[0].lower()
    if protocol not in fsspec.available_protocols():
        raise SourceError(f"不支持的地址 {url}：fsspec 不认识协议 {protocol}://")
    try:
        return url_to_fs(url)
    except ImportError:
        package = _PACKAGES.get(protocol, f"fsspec 的 {protocol} 协议所需的包")
        raise SourceError(f"要读取 {protocol}:// 地址还需要安装 {package}（pip install {package}）") from None
    except Exception as exc:  # credentials, a bad bucket name: the protocol's own words
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SourceError(f"无法打开地址 {url}（{first}）") from None


def _supported(name: str) -> bool:
    base = PurePosixPath(name).name
    return not base.startswith((".", "~$")) and base.lower().endswith(SUPPORTED_SUFFIXES)


def walk(items: Iterable[str | Path]) -> Iterator[str | Path]:
    """Every file to ingest, in a stable order: local paths as :func:`yusuan.read.walk` gives them, and
    for a URL of a folder the URLs of its supported files (a URL of a file, or of nothing, as given)."""
    for item in items:
        if not is_url(item):
            yield from walk_local([item])
            continue
        fs, path = filesystem(item)
        try:
            folder = fs.isdir(path)
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise SourceError(f"无法列出地址 {item}（{first}）") from None
        if not folder:
            yield item
            continue
        names = sorted(p for p in fs.find(path) if _supported(p))
        for name in names:
            yield fs.unstrip_protocol(name)


def read_bytes(item: str | Path) -> bytes:
    """The content of a file or URL; FileNotFoundError when there is none, OSError when it cannot be read."""
    if not is_url(item):
        return Path(item).read_bytes()
    fs, path = filesystem(item)
    try:
        return fs.cat_file(path)
    except (FileNotFoundError, OSError):
        raise
    except Exception as exc:  # the protocol's own errors (network, permissions)
        raise OSError(f"{type(exc).__name__}: {exc}") from None


def exists(item: str | Path) -> bool:
    if not is_url(item):
        return Path(item).is_file()
    fs, path = filesystem(item)
    return bool(fs.isfile(path))


class Local:
    """The files of a job as local paths: URLs copied into a temporary folder (each under its own name,
    so that readers that go by the suffix read it as they would), removed when the block ends."""

    def __init__(self, items: Iterable[str]):
        self.items = list(items)
        self.folder: str | None = None

    def __enter__(self) -> list[Path]:
        out = []
        for i, item in enumerate(self.items):
            if not is_url(item):
                out.append(Path(item))
                continue
            if self.folder is None:
                self.folder = tempfile.mkdtemp(prefix="yusuan-url-")
            target = Path(self.folder) / str(i) / PurePosixPath(item.split("://", 1)[1]).name
            target.parent.mkdir()
            target.write_bytes(read_bytes(item))
            out.append(target)
        return out

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
