"""Pictures of places in a scanned document: the region of a page OCR read a figure from, for a
reader to compare with what was read."""

from __future__ import annotations

import io
import math
from pathlib import Path

MARGIN = 6.0  # points of the page shown around the cell: its rules, so that the cell is seen as a cell
DPI = 150


class _Pages:
    """A PDF's pages drawn at :data:`DPI`, each drawn once however many cells are cut from it."""

    def __init__(self, path: Path) -> None:
        import pypdfium2

        self.pdf = pypdfium2.PdfDocument(str(path))
        self.drawn: dict[int, object] = {}

    def close(self) -> None:
        self.pdf.close()

    def region_png(self, page: int, box: list[float] | tuple[float, ...]) -> bytes:
        if page not in self.drawn:
            if not 1 <= page <= len(self.pdf):
                raise ValueError(f"第 {page} 页不存在")
            self.drawn[page] = self.pdf[page - 1].render(scale=DPI / 72, grayscale=True).to_pil()
        image = self.drawn[page]
        scale = DPI / 72
        x0, top, x1, bottom = box
        region = (max(0, math.floor((x0 - MARGIN) * scale)), max(0, math.floor((top - MARGIN) * scale)),
                  min(image.width, math.ceil((x1 + MARGIN) * scale)),
                  min(image.height, math.ceil((bottom + MARGIN) * scale)))
        if region[2] <= region[0] or region[3] <= region[1]:
            raise ValueError("区域不在页面上")
        out = io.BytesIO()
        image.crop(region).save(out, "PNG")
        return out.getvalue()


def region_png(path: Path, page: int, box: list[float] | tuple[float, ...]) -> bytes:
    """A PNG of ``box`` (x0, top, x1, bottom, in points from the top left of the page as shown) on page
    ``page`` (1-based) of the PDF at ``path``, at :data:`DPI` with :data:`MARGIN` of the page around it."""
    pages = _Pages(path)
    try:
        return pages.region_png(page, box)
    finally:
        pages.close()


def ocr_pictures(doc, members: list[Path]) -> list[dict]:
    """Each figure of a scanned document that OCR read nothing from or was unsure of, with the picture
    of its cell (a base64 PNG) for a report to show beside it; the file is ``members[0]`` unless the
    figure names one of several."""
    import base64

    from yusuan.recognize.scanned import read_as
    from yusuan.report import table_name

    if doc.ocr is None:
        return []
    out = []
    opened: dict[Path, _Pages | None] = {}
    unread = len(doc.ocr.unread)
    try:
        for n, f in enumerate([*doc.ocr.unread, *doc.ocr.doubtful]):
            if f.box is None or f.source.page is None:
                continue
            path = next((m for m in members if f.source.file and m.name == Path(f.source.file).name), members[0])
            if path not in opened:
                try:
                    opened[path] = _Pages(path)
                except Exception:  # noqa: BLE001 - gone or broken since it was read: figures listed without pictures
                    opened[path] = None
            png = None
            if opened[path] is not None:
                try:
                    png = opened[path].region_png(f.source.page, f.box)
                except Exception:  # noqa: BLE001 - the file is no longer what was read at this place
                    pass
            out.append({"page": f.source.page, "cell": f.source.cell or "", "text": f.text,
                        "confidence": f"{f.confidence:.2f}", "table": table_name(f.table) if f.table else "表外",
                        "unread": n < unread, "png": base64.b64encode(png).decode("ascii") if png else None,
                        "what": read_as(f, n < unread)})
    finally:
        for pages in opened.values():
            if pages is not None:
                pages.close()
    return out
