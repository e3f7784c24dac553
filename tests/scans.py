"""Scanned copies of text PDFs, for the OCR tests and bench/ocr.py: pages rendered to pictures, clean or
made to look printed and scanned again.

``printed`` gives a page what a scan of a printout has: the paper's tint, light falling unevenly
across it, the sheet turned a little on the glass, the blur of the scanner's optics, and JPEG
compression of the result. Deterministic for a given seed.
"""

from __future__ import annotations

from pathlib import Path


def printed(image, seed: int = 0, angle: float = 0.6):
    """A grey page picture (PIL, mode L) as a scan of its printout."""
    import cv2
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    a = np.asarray(image).astype(np.float32) / 255.0
    h, w = a.shape
    # Ink is not black on a printout, and the paper is not white.
    paper = 232 + rng.uniform(-6, 6)
    a = 38 + a * (paper - 38)
    # Light falling off toward one corner of the glass: up to a sixth darker.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a *= 1.0 - 0.16 * ((xx / w) * 0.6 + (yy / h) * 0.4)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=float(paper))
    a = cv2.GaussianBlur(a, (3, 3), 0.8)
    a += rng.normal(0, 4, a.shape)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    ok, jpeg = cv2.imencode(".jpg", np.asarray(img), [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return Image.fromarray(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE))


def scan_of(src: Path, pages: list[int], out: Path, dpi: int, look: str = "printed") -> None:
    """A PDF of pictures only (no text layer) of ``src``'s ``pages``, as a scanner makes them: ``look``
    is ``printed`` (see :func:`printed`) or ``clean``."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(src))
    images = []
    for k, n in enumerate(pages):
        img = doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        images.append(printed(img, seed=k, angle=(0.6, -0.4, 0.3)[k % 3]) if look == "printed" else img)
    doc.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def text_of(src: Path, pages: list[int], out: Path) -> None:
    """``src``'s ``pages`` alone, with their text layer: what the scan of them should read as."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(src))
    part = pypdfium2.PdfDocument.new()
    part.import_pages(doc, [n - 1 for n in pages])
    part.save(str(out))
    part.close()
    doc.close()
