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
control code, a character without any code, text turned by other than a quarter (a quarter turn
gives the advance along the page's height) — the page is left to pdfminer.

PDFium's coordinates are single precision, pdfminer's double: where two characters stand as far apart
as a distance the page layout decides on, the two may fall on different sides of it. The PDF reader
watches for that where it decides (:mod:`yusuan.read.pdf`) and then reads the page through pdfminer.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple

_SPACE, _CR, _LF = 0x20, 0x0D, 0x0A


class _Calls:
    """PDFium's functions called once per character or object, declared to take and return plain
    addresses: pypdfium2's typed handles cost a conversion on every call, several times the call."""

    def __init__(self, raw) -> None:
        V, I, U, D = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_double

        def bind(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, V).value)

        self.unicode = bind(raw.FPDFText_GetUnicode, U, V, I)
        self.text = bind(raw.FPDFText_GetText, I, V, I, I, V)
        self.generated = bind(raw.FPDFText_IsGenerated, I, V, I)
        self.text_object = bind(raw.FPDFText_GetTextObject, V, V, I)
        self.char_matrix = bind(raw.FPDFText_GetMatrix, I, V, I, V)
        self.font_size = bind(raw.FPDFText_GetFontSize, D, V, I)
        self.origin = bind(raw.FPDFText_GetCharOrigin, I, V, I, V, V)
        self.loose_box = bind(raw.FPDFText_GetLooseCharBox, I, V, I, V)
        self.no_unicode = bind(raw.FPDFText_HasUnicodeMapError, I, V, I)
        self.object_font = bind(raw.FPDFTextObj_GetFont, V, V)
        self.page_object = bind(raw.FPDFPage_GetObject, V, V, I)
        self.form_object = bind(raw.FPDFFormObj_GetObject, V, V, ctypes.c_ulong)
        self.kind = bind(raw.FPDFPageObj_GetType, I, V)
        self.marks = bind(raw.FPDFPageObj_CountMarks, I, V)
        self.mark = bind(raw.FPDFPageObj_GetMark, V, V, ctypes.c_ulong)
        self.mark_param = bind(raw.FPDFPageObjMark_GetParamValueType, I, V, ctypes.c_char_p)
        self.object_matrix = bind(raw.FPDFPageObj_GetMatrix, I, V, V)
        self.bounds = bind(raw.FPDFPageObj_GetBounds, I, V, V, V, V, V)
        self.object_font_size = bind(raw.FPDFTextObj_GetFontSize, I, V, V)
        self.segments = bind(raw.FPDFPath_CountSegments, I, V)
        self.segment = bind(raw.FPDFPath_GetPathSegment, V, V, I)
        self.segment_kind = bind(raw.FPDFPathSegment_GetType, I, V)
        self.segment_point = bind(raw.FPDFPathSegment_GetPoint, I, V, V, V)
        self.segment_closes = bind(raw.FPDFPathSegment_GetClose, I, V)
        self.form_count = bind(raw.FPDFFormObj_CountObjects, I, V)
        self.font_name = bind(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, V, ctypes.c_char_p, ctypes.c_size_t)
        self.font_descent = bind(raw.FPDFFont_GetDescent, I, V, ctypes.c_float, V)
        self.draw_mode = bind(raw.FPDFPath_GetDrawMode, I, V, V, V)
        self.fill_color = bind(raw.FPDFPageObj_GetFillColor, I, V, V, V, V, V)
        self.stroke_color = bind(raw.FPDFPageObj_GetStrokeColor, I, V, V, V, V, V)


_new = tuple.__new__


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


class Glyph(NamedTuple):
    """One drawn character, as pdfplumber's ``page.chars`` describes it. A tuple: a page's characters
    are made by the ten thousand, and ``_new(Glyph, fields)`` builds one without a Python-level call."""

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
        self._call = _Calls(raw)
        self.pdf = pypdfium2.PdfDocument(str(path))
        self._fonts: dict[int, tuple[str, float]] = {}
        self._listed: dict[int, tuple] = {}  # the text objects of the page last read by _glyphs
        self._states: dict[tuple, tuple] = {}

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        self.pdf.close()

    def page(self, index: int, rotation: int, mediabox, height: float, offset: tuple[float, float]):
        """Characters, edges and the boxes of the pictures (x0, top, x1, bottom) of page ``index``;
        ``mediabox`` (raw, as in the file), ``rotation``, ``height`` and ``offset`` (the MediaBox's
        normalized x0 and top) are pdfplumber's for the page. (None, None, None) when PDFium's characters
        are not pdfminer's (see above)."""
        try:
            page = self.pdf[index]
        except Exception:  # noqa: BLE001 - PdfiumError: pdfminer reads the page, or says what is wrong with it
            return None, None, None
        try:
            to_device = _device_transform(rotation, mediabox, height, offset)
            glyphs = self._glyphs(page, to_device)
            objects = None if glyphs is None else self._objects(page, to_device, self._listed)
        except Exception:  # noqa: BLE001 - as above
            return None, None, None
        finally:
            page.close()
        if objects is None:
            return None, None, None
        edges, blanks, pictures = objects
        glyphs += blanks
        return glyphs, edges, pictures

    def _font(self, font: int) -> tuple[str, float]:
        """A font's name and descent (a fraction of the type size, negative as pdfminer makes it)."""
        known = self._fonts.get(font)
        if known is None and not font:
            known = self._fonts[font] = ("", 0.0)
        if known is None:
            call = self._call
            size = call.font_name(font, None, 0)
            name = ""
            if size > 1:
                buf = ctypes.create_string_buffer(size)
                call.font_name(font, buf, size)
                name = buf.value.decode("utf-8", "replace")
            descent = ctypes.c_float(0.0)
            call.font_descent(font, 1000.0, ctypes.byref(descent))
            known = self._fonts[font] = (name or f"font{font}", -abs(descent.value / 1000.0))
        return known

    def _glyphs(self, page, to_device) -> list[Glyph] | None:
        call = self._call
        textpage = page.get_textpage()
        try:
            tp = _address(textpage.raw)
            n = self._raw.FPDFText_CountChars(textpage.raw)
            if n < 0:
                return None
            out: list[Glyph] = []
            ox, oy = ctypes.c_double(), ctypes.c_double()
            box = self._raw.FS_RECTF()
            m = self._raw.FS_MATRIX()
            pox, poy, pbox, pm = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(box), ctypes.byref(m)
            unicode, generated, text_object, origin = call.unicode, call.generated, call.text_object, call.origin
            loose_box, no_unicode = call.loose_box, call.no_unicode
            state_of = self._states
            objects: dict[int, tuple] = {}
            (ta, tb, tc, td, te, tf), H = to_device
            append = out.append
            last_key, last_x, last_y = 0, 0.0, 0.0  # the previous character's text object and origin
            codes = self._codes(tp, n)
            if codes is None:
                codes = [unicode(tp, k) for k in range(n)]
            for k, code in enumerate(codes):
                if code in _UNSURE:
                    if code in (_SPACE, _CR, _LF) and generated(tp, k) == 1:
                        continue  # PDFium's own: nothing is drawn there
                    if code not in (_SPACE, _CR, _LF):
                        return None
                key = text_object(tp, k)
                if not key:
                    return None
                state = objects.get(key)
                if state is None:
                    call.char_matrix(tp, k, pm)
                    if abs(m.a) < 1e-6 and (abs(m.b) < 1e-6 or abs(m.d) >= 1e-6):
                        return None  # turned other than a quarter: no advance width to be had from the box
                    sk = (m.a, m.b, m.c, m.d, call.font_size(tp, k), call.object_font(key) or 0, to_device)
                    state = state_of.get(sk)
                    if state is None:
                        state = state_of[sk] = self._text_state(*sk)
                    objects[key] = state
                ma, mb, fs, name, desc, a, b, c, d, plain, c_desc, d_desc, c_top, d_top = state
                origin(tp, k, pox, poy)
                x = ox.value
                y = oy.value
                if key == last_key and x == last_x and y == last_y:
                    return None  # one code read as several characters (a ligature, ActualText)
                last_key, last_x, last_y = key, x, y
                loose_box(tp, k, pbox)
                # The loose box spans the advance width along x (scaled by the matrix's a), or along y
                # (scaled by its b) for text turned a quarter.
                adv = (box.right - box.left) / ma if ma else (box.top - box.bottom) / abs(mb)
                ex = ta * x + tc * y + te
                ey = tb * x + td * y + tf
                # pdfminer's box, as in _glyph (the products of the text state computed once per object).
                x0 = ex + c_desc
                y0 = ey + d_desc
                x1 = ex + a * adv + c_top
                y1 = ey + b * adv + d_top
                if x1 < x0:
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                append(_new(Glyph, (f"(cid:{code})" if no_unicode(tp, k) else chr(code), x0, x1, H - y1, H - y0,
                                    y1 - y0, name, H - ey if plain else None)))
            self._listed = objects
            return out
        finally:
            textpage.close()

    def _codes(self, tp: int, n: int) -> list[int] | None:
        """Every character's code in one call (``FPDFText_GetText``) instead of one call per character;
        None unless the text holds exactly one UTF-16 unit for each character, which is when its
        positions are the characters' (a character PDFium keeps out of the text, or one beyond the
        16-bit range, would shift them)."""
        if n <= 0:
            return None
        buf = ctypes.create_string_buffer(2 * (n + 1))
        if self._call.text(tp, 0, n, buf) != n + 1:
            return None
        try:
            text = buf.raw[:2 * n].decode("utf-16-le")
        except UnicodeDecodeError:  # a lone surrogate
            return None
        if len(text) != n:  # a surrogate pair
            return None
        return list(map(ord, text))

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
        desc = descent * fs
        # The products _glyph forms for every character, formed once: the same numbers.
        return (ma if abs(ma) >= 1e-6 else 0.0, mb, fs, name, desc, a, b, c, d, plain, c * desc, d * desc,
                c * (desc + fs), d * (desc + fs))

    def _objects(self, page, to_device, listed) -> tuple[list[dict], list[Glyph], list[tuple]] | None:
        """The edges of the page's paths, a space for each text object PDFium's character list leaves
        out (``listed``: the objects it holds characters of), and each picture's box as pdfplumber's
        ``page.images`` gives it (the unit square its matrix maps onto the page); None when an object's
        text is replaced by ActualText."""
        call = self._call
        (ta, tb, tc, td, te, tf), H = to_device
        edges: list[dict] = []
        blanks: list[Glyph] = []
        pictures: list[tuple] = []
        m = self._raw.FS_MATRIX()
        pm = ctypes.byref(m)
        left, bottom, right, top, size = (ctypes.c_float() for _ in range(5))
        pl, pb, pr, pt, psize = (ctypes.byref(v) for v in (left, bottom, right, top, size))
        fx, fy = ctypes.c_float(), ctypes.c_float()
        point = (ctypes.byref(fx), ctypes.byref(fy), fx, fy)
        kind_of, bounds, marks = call.kind, call.bounds, call.marks
        paint = _Paint(call)

        def walk(count, get, holder, outer) -> bool:
            for i in range(count):
                obj = get(holder, i)
                kind = kind_of(obj)
                if kind == _TEXT:
                    if marks(obj) and not self._plain_text(obj):
                        return False
                    if obj in listed:
                        continue  # has characters in the list: it has extent (PDFium lists no object without)
                    bounds(obj, pl, pb, pr, pt)
                    if abs(right.value - left.value) >= _NO_EXTENT:
                        continue  # in PDFium's character list
                elif kind not in (_PATH, _FORM, _IMAGE):
                    continue
                call.object_matrix(obj, pm)
                # The object's matrix, then the enclosing form's, then the page's.
                oa, ob, oc, od, oe, of = outer
                cur = (m.a * oa + m.b * oc, m.a * ob + m.b * od, m.c * oa + m.d * oc, m.c * ob + m.d * od,
                       m.e * oa + m.f * oc + oe, m.e * ob + m.f * od + of)
                if kind == _FORM:
                    if not walk(call.form_count(obj), call.form_object, obj, cur):
                        return False
                    continue
                if kind == _IMAGE:
                    ca, cb, cc, cd, ce, cf = cur
                    xs = (ce, ca + ce, cc + ce, ca + cc + ce)
                    ys = (cf, cb + cf, cd + cf, cb + cd + cf)
                    pictures.append((min(xs), H - max(ys), max(xs), H - min(ys)))
                    continue
                if kind == _TEXT:
                    call.object_font_size(obj, psize)
                    if size.value <= 0 or abs(m.a) < 1e-6:
                        return False  # text drawn at size 0 or turned: not a plain space
                    _, _, fs, name, desc, a, b, c, d, plain, *_ = self._text_state(
                        m.a, m.b, m.c, m.d, size.value, call.object_font(obj) or 0, ((oa, ob, oc, od, oe, of), H))
                    # The space's own width is not known; a quarter of the type size stands for it.
                    blanks.append(_glyph(" ", cur[4], cur[5], fs * 0.25, fs, desc, a, b, c, d, name, plain, H))
                    continue
                if paint.invisible(obj):
                    continue
                _path_edges(call, obj, cur, H, edges, point)
            return True

        holder = _address(page.raw)
        if not walk(self._raw.FPDFPage_CountObjects(page.raw), call.page_object, holder, (ta, tb, tc, td, te, tf)):
            return None
        return edges, blanks, pictures

    def _plain_text(self, obj: int) -> bool:
        """No ActualText replaces what the object draws (PDFium would report that text instead)."""
        call = self._call
        for i in range(call.marks(obj)):
            if call.mark_param(call.mark(obj, i), b"ActualText") != _UNKNOWN:
                return False
        return True


class _Paint:
    """How a path is painted. A path painted only in white (or fully transparent) draws nothing on a
    page: spreadsheet exports paint every cell's background so, and its edges, taken for rules, would
    cut rows and columns where the printed table has none."""

    def __init__(self, call: _Calls) -> None:
        self._call = call
        self._mode, self._stroke = ctypes.c_int(), ctypes.c_int()
        self._rgba = [ctypes.c_uint() for _ in range(4)]
        self._refs = [ctypes.byref(v) for v in self._rgba]

    def invisible(self, obj: int) -> bool:
        call = self._call
        if not call.draw_mode(obj, ctypes.byref(self._mode), ctypes.byref(self._stroke)):
            return False
        stroked, filled = bool(self._stroke.value), bool(self._mode.value)
        if not (stroked or filled):
            return False  # how it is painted is not told: kept, as pdfminer keeps it
        if stroked and not self._blank(call.stroke_color, obj):
            return False
        return not (filled and not self._blank(call.fill_color, obj))

    def _blank(self, colour, obj: int) -> bool:
        if not colour(obj, *self._refs):
            return False
        r, g, b, a = (v.value for v in self._rgba)
        return a == 0 or (r, g, b) == (255, 255, 255)


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
    return _new(Glyph, (text, x0, x1, H - y1, H - y0, y1 - y0, font, H - ey if plain else None))


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
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
_UNKNOWN = 0  # FPDF_OBJECT_UNKNOWN: no such parameter
_NO_EXTENT = 0.01  # PDFium leaves a text object narrower than this out of its characters
# Codes PDFium reports for what is not a character: its own spaces and line ends, a line-end hyphen
# (2), a code without any Unicode (0, 0xFFFE).
_UNSURE = frozenset({_SPACE, _CR, _LF, 0, 2, 0xFFFE})


def _path_edges(call: _Calls, obj: int, matrix, H: float, edges: list[dict], point) -> None:
    a, b, c, d, e, f = matrix
    px_ref, py_ref, fx, fy = point
    subpath: list[tuple[float, float]] = []
    closed = False
    bezier = 0
    for s in range(call.segments(obj)):
        seg = call.segment(obj, s)
        t = call.segment_kind(seg)
        if t == _BEZIERTO:
            bezier += 1
            if bezier % 3:  # the two control points: pdfminer keeps only where a curve ends
                continue
        call.segment_point(seg, px_ref, py_ref)
        px, py = fx.value, fy.value
        pt = (a * px + c * py + e, b * px + d * py + f)
        if t == _MOVETO:
            _subpath_edges(subpath, closed, H, edges)
            subpath, closed, bezier = [pt], False, 0
            continue
        if not subpath:
            subpath = [pt]
            continue
        subpath.append(pt)
        if call.segment_closes(seg):
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
