"""A PDF page's characters and ruling lines read through PDFium, in pdfplumber's coordinates.

pdfminer interprets a page's content in Python, which is most of the time a PDF takes to read;
PDFium does the same work natively. What the PDF reader needs from a page is the same either way —
every drawn character with its box and type size, and the straight edges of the paths that rule
tables — so both are given here exactly as pdfplumber gives them: top-down coordinates, the page's
/Rotate applied, a character's box spanning its advance width and the font's descent to a full type
size above it, and every straight piece of a path as an edge for pdfplumber's table finder.

PDFium leaves out of its character list a text object whose glyphs have no extent — in the
published documents, a space drawn on its own — and puts spaces of its own where it judges words
apart. Its own spaces are dropped here and each object it left out is given back as a space
character where the object is drawn, which is what pdfminer reports.

Where PDFium's characters cannot be taken for pdfminer's — a ligature or a multi-character mapping
split into several characters, text replaced by its marked ActualText, a hyphen turned into a
control code, a character without any code, text turned a quarter — the page is left to pdfminer.
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
        (None, None) when PDFium's characters are not pdfminer's (see above)."""
        try:
            page = self.pdf[index]
        except Exception:  # noqa: BLE001 - PdfiumError: pdfminer reads the page, or says what is wrong with it
            return None, None
        try:
            to_device = _device_transform(rotation, mediabox, height, offset)
            glyphs = self._glyphs(page, to_device)
            objects = None if glyphs is None else self._objects(page, to_device)
        except Exception:  # noqa: BLE001 - as above
            return None, None
        finally:
            page.close()
        if objects is None:
            return None, None
        edges, blanks = objects
        glyphs += blanks
        if _near_tie(glyphs):
            return None, None
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
            if n < 0:
                return None
            out: list[Glyph] = []
            ox, oy = ctypes.c_double(), ctypes.c_double()
            box = raw.FS_RECTF()
            m = raw.FS_MATRIX()
            objects: dict[int, tuple] = {}
            (ta, tb, tc, td, te, tf), H = to_device
            last = (0, 0.0, 0.0)  # the previous character's text object and origin
            for k in range(n):
                code = raw.FPDFText_GetUnicode(tp, k)
                if code in _UNSURE:
                    if code in (_SPACE, _CR, _LF) and raw.FPDFText_IsGenerated(tp, k) == 1:
                        continue  # PDFium's own: nothing is drawn there
                    if code not in (_SPACE, _CR, _LF):
                        return None
                obj = raw.FPDFText_GetTextObject(tp, k)
                key = ctypes.cast(obj, ctypes.c_void_p).value or 0
                if not key:
                    return None
                state = objects.get(key)
                if state is None:
                    raw.FPDFText_GetMatrix(tp, k, m)
                    if abs(m.a) < 1e-6:
                        return None  # text turned a quarter: PDFium gives no advance width for it
                    state = objects[key] = self._text_state(m.a, m.b, m.c, m.d,
                                                            raw.FPDFText_GetFontSize(tp, k),
                                                            raw.FPDFTextObj_GetFont(obj), to_device)
                ma, fs, name, desc, a, b, c, d, plain = state
                raw.FPDFText_GetCharOrigin(tp, k, ox, oy)
                x, y = ox.value, oy.value
                if last == (key, x, y):
                    return None  # one code read as several characters (a ligature, ActualText)
                last = (key, x, y)
                raw.FPDFText_GetLooseCharBox(tp, k, box)
                # The loose box spans the advance width along x (scaled by the matrix's a).
                adv = (box.right - box.left) / ma
                ex = ta * x + tc * y + te
                ey = tb * x + td * y + tf
                text = f"(cid:{code})" if raw.FPDFText_HasUnicodeMapError(tp, k) else chr(code)
                out.append(_glyph(text, ex, ey, adv, fs, desc, a, b, c, d, name, plain, H))
            return out
        finally:
            textpage.close()

    def _text_state(self, ma, mb, mc, md, fs, font, to_device) -> tuple:
        """What the characters of one text object share: the matrix (the page's turn applied, as
        pdfminer's text matrix), the type size, the font's name and descent."""
        (ta, tb, tc, td, _, _), _ = to_device
        name, descent = self._font(font)
        a = ma * ta + mb * tc
        b = ma * tb + mb * td
        c = mc * ta + md * tc
        d = mc * tb + md * td
        plain = 0 < a * d and b * c <= 0 and abs(b) <= 1e-3 and abs(c) <= 1e-3
        return (ma, fs, name, descent * fs, a, b, c, d, plain)

    def _objects(self, page, to_device) -> tuple[list[dict], list[Glyph]] | None:
        """The edges of the page's paths, and a space for each text object PDFium's character list
        leaves out; None when an object's text is replaced by ActualText."""
        raw = self._raw
        (ta, tb, tc, td, te, tf), H = to_device
        edges: list[dict] = []
        blanks: list[Glyph] = []
        m = raw.FS_MATRIX()
        fx, fy = ctypes.c_float(), ctypes.c_float()
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        size = ctypes.c_float()

        def walk(count, get, outer) -> bool:
            for i in range(count):
                obj = get(i)
                kind = raw.FPDFPageObj_GetType(obj)
                if kind not in (_TEXT, _PATH, _FORM):
                    continue
                if kind == _TEXT and not self._plain_text(obj):
                    return False
                raw.FPDFPageObj_GetMatrix(obj, m)
                # The object's matrix, then the enclosing form's, then the page's.
                oa, ob, oc, od, oe, of = outer
                cur = (m.a * oa + m.b * oc, m.a * ob + m.b * od, m.c * oa + m.d * oc, m.c * ob + m.d * od,
                       m.e * oa + m.f * oc + oe, m.e * ob + m.f * od + of)
                if kind == _FORM:
                    if not walk(raw.FPDFFormObj_CountObjects(obj),
                                lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), cur):
                        return False
                    continue
                if kind == _TEXT:
                    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                    if abs(right.value - left.value) >= _NO_EXTENT:
                        continue  # in PDFium's character list
                    raw.FPDFTextObj_GetFontSize(obj, size)
                    if size.value <= 0 or abs(m.a) < 1e-6:
                        return False  # text drawn at size 0 or turned: not a plain space
                    ma, fs, name, desc, a, b, c, d, plain = self._text_state(
                        m.a, m.b, m.c, m.d, size.value, raw.FPDFTextObj_GetFont(obj),
                        ((oa, ob, oc, od, oe, of), H))
                    # The space's own width is not known; a quarter of the type size stands for it.
                    blanks.append(_glyph(" ", cur[4], cur[5], fs * 0.25, fs, desc, a, b, c, d, name, plain, H))
                    continue
                _path_edges(raw, obj, cur, H, edges, fx, fy)
            return True

        if not walk(raw.FPDFPage_CountObjects(page.raw), lambda j: raw.FPDFPage_GetObject(page.raw, j),
                    (ta, tb, tc, td, te, tf)):
            return None
        return edges, blanks

    def _plain_text(self, obj) -> bool:
        """No ActualText replaces what the object draws (PDFium would report that text instead)."""
        raw = self._raw
        for i in range(raw.FPDFPageObj_CountMarks(obj)):
            mark = raw.FPDFPageObj_GetMark(obj, i)
            if raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != _UNKNOWN:
                return False
        return True


def _glyph(text, ex, ey, adv, fs, desc, a, b, c, d, font, plain, H) -> Glyph:
    """pdfminer's box of a character: from its origin, the advance along the baseline and the type
    size upwards from the font's descent, both corners through the text matrix."""
    x0 = ex + c * desc
    y0 = ey + d * desc
    x1 = ex + a * adv + c * (desc + fs)
    y1 = ey + b * adv + d * (desc + fs)
    if x1 < x0:
        x0, x1 = x1, x0
    if y1 < y0:
        y0, y1 = y1, y0
    return Glyph(text, x0, x1, H - y1, H - y0, y1 - y0, font, H - ey if plain else None)


def _near_tie(glyphs: list[Glyph]) -> bool:
    """Whether two neighbours on a line stand as far apart as one of the distances at which the line
    reader decides (a word space at 0.3 type sizes, a new paragraph at 4), to within what PDFium's
    single precision may be off: pdfminer, which computes in double precision, may decide otherwise."""
    ordered = sorted((g for g in glyphs if g.text and not g.text.isspace()), key=lambda g: (round(g.top), g.x0))
    for a, b in zip(ordered, ordered[1:]):
        if abs(a.top - b.top) >= 1:
            continue
        gap = b.x0 - a.x1
        if abs(gap - a.size * 0.3) < _TIE or abs(gap - 4 * max(a.size, b.size)) < _TIE:
            return True
    return False


_TIE = 1e-3  # points; PDFium's coordinates are single precision (about 1e-4 off at 1000 pt)


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
_TEXT, _PATH, _FORM = 1, 2, 5
_UNKNOWN = 0  # FPDF_OBJECT_UNKNOWN: no such parameter
_NO_EXTENT = 0.01  # PDFium leaves a text object narrower than this out of its characters
# Codes PDFium reports for what is not a character: its own spaces and line ends, a line-end hyphen
# (2), a code without any Unicode (0, 0xFFFE).
_UNSURE = frozenset({_SPACE, _CR, _LF, 0, 2, 0xFFFE})


def _path_edges(raw, obj, matrix, H: float, edges: list[dict], fx, fy) -> None:
    a, b, c, d, e, f = matrix
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
