"""A PDF page's characters and ruling lines read through PDFium, in pdfplumber's coordinates.

pdfminer interprets a page's content in Python, which is most of the time a PDF takes to read;
PDFium does the same work natively. What the PDF reader needs from a page is the same either way —
every drawn character with its box and type size, and the straight edges of the paths that rule
tables — so both are given here exactly as pdfplumber gives them: top-down coordinates, the page's
/Rotate applied, a character's box spanning its advance width and the font's descent to a full type
size above it, and every straight piece of a path as an edge for pdfplumber's table finder.

PDFium does not report the space characters a PDF draws as they are: it replaces each by a space
of its own (and adds more where it judges words apart, which are not drawn and are dropped here).
A replaced space is given back as a space character filling the gap between its neighbours, which
is where the drawn one stood.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

_SPACE, _CR, _LF = 0x20, 0x0D, 0x0A



@dataclass(slots=True)
class Glyph:
    """One drawn character, as pdfplumber's ``page.chars`` describes it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    baseline: float | None  # top-down, None where the character is not upright and unskewed


class PdfiumPages:
    """The document opened in PDFium; ``page(i, …)`` reads one page."""

    def __init__(self, path) -> None:
        import pypdfium2
        import pypdfium2.raw as raw

        self._raw = raw
        self.pdf = pypdfium2.PdfDocument(str(path))
        self._fonts: dict[int, tuple[str, float]] = {}

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        self.pdf.close()

    def page(self, index: int, rotation: int, mediabox, height: float, offset: tuple[float, float]):
        """Characters and edges of page ``index``; ``mediabox`` (raw, as in the file), ``rotation``,
        ``height`` and ``offset`` (the MediaBox's normalized x0 and top) are pdfplumber's for the page.
        (None, None) when a drawn space PDFium cannot tell would change the page's text."""
        page = self.pdf[index]
        try:
            to_device = _device_transform(rotation, mediabox, height, offset)
            glyphs = self._glyphs(page, to_device)
            edges = None if glyphs is None else _edges(self._raw, page, to_device)
        finally:
            page.close()
        return glyphs, edges

    def _font(self, font) -> tuple[str, float]:
        """A font's name and descent (a fraction of the type size, negative as pdfminer makes it)."""
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        known = self._fonts.get(key)
        if known is None:
            raw = self._raw
            size = raw.FPDFFont_GetBaseFontName(font, None, 0)
            name = ""
            if size > 1:
                buf = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buf, size)
                name = buf.value.decode("utf-8", "replace")
            descent = ctypes.c_float(0.0)
            raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent)
            d = descent.value / 1000.0
            known = self._fonts[key] = (name or f"font{key}", -abs(d))
        return known

    def _glyphs(self, page, to_device) -> list[Glyph] | None:
        raw = self._raw
        textpage = page.get_textpage()
        try:
            tp = textpage.raw
            n = raw.FPDFText_CountChars(tp)
            out: list[Glyph] = []
            ox, oy = ctypes.c_double(), ctypes.c_double()
            box = raw.FS_RECTF()
            m = raw.FS_MATRIX()
            objects: dict[int, tuple] = {}
            spaces: list[int] = []  # the glyphs PDFium reports a space after
            (ta, tb, tc, td, te, tf), H = to_device
            for k in range(n):
                code = raw.FPDFText_GetUnicode(tp, k)
                if code in (_SPACE, _CR, _LF) and raw.FPDFText_IsGenerated(tp, k) == 1:
                    if code == _SPACE and out:
                        spaces.append(len(out) - 1)
                    continue
                obj = raw.FPDFText_GetTextObject(tp, k)
                key = ctypes.cast(obj, ctypes.c_void_p).value or 0
                state = objects.get(key)
                if state is None:
                    raw.FPDFText_GetMatrix(tp, k, m)
                    if abs(m.a) < 1e-6:
                        return None  # text turned a quarter: PDFium gives no advance width for it
                    fs = raw.FPDFText_GetFontSize(tp, k)
                    name, descent = self._font(raw.FPDFTextObj_GetFont(obj)) if key else ("", 0.0)
                    # The character matrix and the page's turn combined, as pdfminer's text matrix.
                    a = m.a * ta + m.b * tc
                    b = m.a * tb + m.b * td
                    c = m.c * ta + m.d * tc
                    d = m.c * tb + m.d * td
                    upright = 0 < a * d and b * c <= 0
                    plain = abs(b) <= 1e-3 and abs(c) <= 1e-3
                    state = objects[key] = (m.a, fs, name, descent * fs, a, b, c, d, upright and plain)
                ma, fs, name, desc, a, b, c, d, plain = state
                raw.FPDFText_GetCharOrigin(tp, k, ox, oy)
                raw.FPDFText_GetLooseCharBox(tp, k, box)
                # The loose box spans the advance width along x (scaled by the matrix's a).
                adv = (box.right - box.left) / ma
                x, y = ox.value, oy.value
                ex = ta * x + tc * y + te
                ey = tb * x + td * y + tf
                x0 = ex + c * desc
                y0 = ey + d * desc
                x1 = ex + a * adv + c * (desc + fs)
                y1 = ey + b * adv + d * (desc + fs)
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                if code == 0:
                    text = ""
                elif raw.FPDFText_HasUnicodeMapError(tp, k):
                    text = f"(cid:{code})"
                else:
                    text = chr(code)
                out.append(Glyph(text, x0, x1, H - y1, H - y0, y1 - y0, name, H - ey if plain else None))
            for i in spaces:
                if i + 1 < len(out) and _space_matters(out[i], out[i + 1]):
                    return None
            return out
        finally:
            textpage.close()


def _is_wide(text: str) -> bool:
    return bool(text) and ord(text[0]) >= 0x2E80


def _space_matters(prev: Glyph, nxt: Glyph) -> bool:
    """Whether the PDF's own space characters between two neighbours would change the line's text.

    PDFium reports spaces it infers from gaps and drops or replaces the drawn ones, so whether a
    space was drawn between two characters is not known. The line reader writes a space between two
    characters wider apart than a third of the type size anyway, unless both are Chinese; only the
    other cases depend on a drawn space, and the page is then read by pdfminer."""
    if abs(prev.top - nxt.top) >= 1 or not prev.text or not nxt.text:
        return False
    gap = nxt.x0 - prev.x1
    if gap < prev.size * _NO_ROOM:
        return False  # no drawn space fits between them: PDFium inferred this one
    if gap > 4 * max(prev.size, nxt.size):
        return False  # so wide a gap parts the line into two paragraphs anyway
    return (_is_wide(prev.text) and _is_wide(nxt.text)) or gap <= prev.size * 0.3


# A drawn space is at least this wide (in type sizes) in the fonts of published documents.
_NO_ROOM = 0.15


def _device_transform(rotation: int, mediabox, height: float, offset: tuple[float, float]):
    """pdfminer's page matrix for the page's /Rotate, folded with pdfplumber's shift to the MediaBox:
    the returned matrix takes PDF user space to pdfplumber's x and bottom-up y (``height - top``)."""
    x0, y0, x1, y1 = (float(v) for v in mediabox)
    if rotation == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
    elif rotation == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rotation == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    mb_x0, mb_top = offset
    a, b, c, d, e, f = ctm
    # pdfplumber adds the MediaBox's x0 back and measures top as height - y + its top.
    return (a, b, c, d, e + mb_x0, f - mb_top), height


_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_PATH, _FORM = 2, 5


def _edges(raw, page, to_device) -> list[dict]:
    (ta, tb, tc, td, te, tf), H = to_device
    edges: list[dict] = []
    m = raw.FS_MATRIX()
    fx, fy = ctypes.c_float(), ctypes.c_float()

    def walk(count, get, outer):
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (_PATH, _FORM):
                continue
            raw.FPDFPageObj_GetMatrix(obj, m)
            # The object's matrix, then the enclosing form's, then the page's.
            oa, ob, oc, od, oe, of = outer
            cur = (m.a * oa + m.b * oc, m.a * ob + m.b * od, m.c * oa + m.d * oc, m.c * ob + m.d * od,
                   m.e * oa + m.f * oc + oe, m.e * ob + m.f * od + of)
            if kind == _FORM:
                walk(raw.FPDFFormObj_CountObjects(obj), lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), cur)
                continue
            a, b, c, d, e, f = cur
            subpath: list[tuple[float, float]] = []
            closed = False
            bezier = 0
            for s in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, s)
                t = raw.FPDFPathSegment_GetType(seg)
                raw.FPDFPathSegment_GetPoint(seg, fx, fy)
                px, py = fx.value, fy.value
                pt = (a * px + c * py + e, b * px + d * py + f)
                if t == _MOVETO:
                    _subpath_edges(subpath, closed, H, edges)
                    subpath, closed, bezier = [pt], False, 0
                    continue
                if t == _BEZIERTO:
                    bezier += 1
                    if bezier % 3:  # the two control points: pdfminer keeps only where a curve ends
                        continue
                if not subpath:
                    subpath = [pt]
                    continue
                subpath.append(pt)
                if raw.FPDFPathSegment_GetClose(seg):
                    closed = True
                    _subpath_edges(subpath, closed, H, edges)
                    subpath, closed, bezier = [subpath[0]], False, 0
            _subpath_edges(subpath, closed, H, edges)

    walk(raw.FPDFPage_CountObjects(page.raw), lambda j: raw.FPDFPage_GetObject(page.raw, j), (ta, tb, tc, td, te, tf))
    return edges


def _subpath_edges(pts: list[tuple[float, float]], closed: bool, H: float, edges: list[dict]) -> None:
    """pdfplumber's edges of one subpath: a single segment is a line (whose edge is vertical unless it
    is horizontal); otherwise each horizontal or vertical piece, the closing one included."""
    if len(pts) < 2:
        return
    if closed and pts[-1] != pts[0]:
        pts = [*pts, pts[0]]
    if len(pts) == 2 or (len(pts) == 3 and closed and pts[2] == pts[0]):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        edges.append(_edge(xa, ya, xb, yb, H, "h" if ya == yb else "v"))
        return
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if xa == xb:
            edges.append(_edge(xa, ya, xb, yb, H, "v"))
        elif ya == yb:
            edges.append(_edge(xa, ya, xb, yb, H, "h"))


def _edge(xa: float, ya: float, xb: float, yb: float, H: float, orientation: str) -> dict:
    x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
    top, bottom = (H - ya, H - yb) if ya >= yb else (H - yb, H - ya)
    return {"object_type": "edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}
