"""A document's whole extraction and check report as the store keeps them: JSON text compressed.

The two texts are most of what a document weighs in the store (tens of kilobytes each, a few kilobytes
compressed). DuckDB holds what was written since its last checkpoint in memory, uncompressed; texts
this long made the writer's memory rise and fall by hundreds of megabytes between checkpoints, and
their compression at each checkpoint cost the writer more than the inserts. Compressed by the reader
that made them, they cross the pipe small, and the database only stores bytes.

The extraction is written as pydantic's own JSON of the model (:func:`pack_model`), its amounts as
strings of their exact digits: pydantic writes and reads that JSON in a fraction of the time the
standard library takes to write amounts as bare numbers (``yusuan.report.json``), in the readers that
are the ingest's limit and in the writer, which reads stored extractions back for the cross-document
rules. Such a text opens with a byte of its own (:data:`MODEL_JSON`); a zlib stream opens with 0x78.
The report stays in the standard library's JSON: its expected and actual values are an amount or a
text, and a text of digits read back from pydantic's JSON would turn into an amount.
"""

from __future__ import annotations

import json
import zlib
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

# zlib's fastest level: a fifth of the size for about 0.3 ms per document; the higher levels save a
# few more percent for several times the time, in the readers that are the ingest's limit.
_LEVEL = 1

MODEL_JSON = b"M"  # the first byte of a model packed as pydantic's JSON

M = TypeVar("M", bound=BaseModel)


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def pack_model(model: BaseModel) -> bytes:
    """A model as pydantic's JSON, compressed: read back with :func:`unpack_model`, amounts exact."""
    return MODEL_JSON + zlib.compress(type(model).__pydantic_serializer__.to_json(model), _LEVEL)


def unpack(stored: bytes | memoryview | str) -> str:
    """The JSON text of a stored column; a text column (a store before migration 7) is the text itself."""
    if isinstance(stored, str):
        return stored
    stored = bytes(stored)
    if stored[:1] == MODEL_JSON:
        stored = stored[1:]
    return zlib.decompress(stored).decode("utf-8")


def unpack_model(stored: bytes | memoryview | str, cls: type[M]) -> M:
    """A stored model, packed by :func:`pack_model` or written as the standard library's JSON (amounts
    as bare numbers, read as Decimal) by :func:`pack` or before texts were compressed."""
    if not isinstance(stored, str):
        stored = bytes(stored)
        if stored[:1] == MODEL_JSON:
            return cls.model_validate_json(zlib.decompress(stored[1:]))
    return cls.model_validate(json.loads(unpack(stored), parse_float=Decimal))
