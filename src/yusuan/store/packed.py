"""A document's whole extraction and check report as the store keeps them: JSON text compressed.

The two texts are most of what a document weighs in the store (tens of kilobytes each, a few kilobytes
compressed). DuckDB holds what was written since its last checkpoint in memory, uncompressed; texts
this long made the writer's memory rise and fall by hundreds of megabytes between checkpoints, and
their compression at each checkpoint cost the writer more than the inserts. Compressed by the reader
that made them, they cross the pipe small, and the database only stores bytes.
"""

from __future__ import annotations

import zlib

# zlib's fastest level: a fifth of the size for about 0.3 ms per document; the higher levels save a
# few more percent for several times the time, in the readers that are the ingest's limit.
_LEVEL = 1


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def unpack(stored: bytes | memoryview | str) -> str:
    """The JSON text of a stored column; a text column (a store before migration 7) is the text itself."""
    if isinstance(stored, str):
        return stored
    return zlib.decompress(stored).decode("utf-8")
