"""The cycle collector held off while one document is read.

Reading a document builds tens of thousands of objects that live only as long as the reading (lines,
cells, row dictionaries, models) and almost no reference cycles: reference counting frees them as they go.
Yet the collector walks the young objects every 700 allocations, and every so often the whole heap
(catalogues, compiled patterns, caches, the documents a caller keeps); the lines and cells of a document,
alive through the whole reading, are walked again and again and moved up to the oldest generation, which
brings on the full walks. On the text seeds that was about a sixth of the time ``yusuan.extract`` takes.
Held off for the reading, the collector next runs after it, over what is left.

Only the main thread holds the collector off (the command line, a worker process of ``--jobs`` or of the
corpus ingest): the collector is one for the whole process, and a thread of a server could otherwise keep
it off for as long as requests overlap. A caller that turned it off itself keeps it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_held() -> Iterator[None]:
    if not gc.isenabled() or threading.current_thread() is not threading.main_thread():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
