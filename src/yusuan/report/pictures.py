"""Pictures of places in a scanned document: the region of a page OCR read a figure from, for a
reader to compare with what was read."""

from __future__ import annotations

import io
import math
from pathlib import Path

MARGIN = 6.0  # points of the page shown around the cell: its rules, so that the cell is seen as a cell
DPI = 150


def region_png(path: Path, page: int, box: list[float] | tuple[float, ...], *, dpi: int = DPI) -> bytes:
    """A PNG of ``box`` (x0, top, x1, bottom, in points from the top left of the page as shown) on page
    ``page`` (1-based) of the PDF at ``path``, with a little of the page around it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise ValueError(f"第 {page} 页不存在")
        scale = dpi / 72
        image = pdf[page - 1].render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()
    x0, top, x1, bottom = box
    region = (max(0, math.floor((x0 - MARGIN) * scale)), max(0, math.floor((top - MARGIN) * scale)),
              min(image.width, math.ceil((x1 + MARGIN) * scale)), min(image.height, math.ceil((bottom + MARGIN) * scale)))
    if region[2] <= region[0] or region[3] <= region[1]:
        raise ValueError("区域不在页面上")
    out = io.BytesIO()
    image.crop(region).save(out, "PNG")
    return out.getvalue()
