"""Which glyph a PDF draws for each character, read from the PDF itself: fonts, encodings, font programs.

A character drawn as an empty box leaves its text layer intact (the ToUnicode map still says "预"),
so reading the text back proves nothing about what a reader sees. The box is the font's glyph 0,
``.notdef``: WeasyPrint maps a character its font lacks to CID 0 through an embedded CMap instead of
``/Identity-H``. So each shown string is decoded here through its font's encoding, the CID taken to
a glyph id (``/CIDToGIDMap /Identity``, the only mapping WeasyPrint writes), and that glyph looked up
in the embedded font program: glyph 0, or a glyph without an outline, is not a drawn character.
pdfminer walks the content streams (forms included) but its own decoding drops strings in a font
with an embedded CMap, so decoding is done here from the raw bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Glyph:
    page: int
    font: str  # BaseFont without its subset tag: "Noto-Serif-CJK-SC"
    char: str  # from the font's ToUnicode map ("" when it has none for this code)
    gid: int
    drawn: bool  # a glyph other than .notdef, with an outline


_CIDCHAR = re.compile(rb"begincidchar(.*?)endcidchar", re.S)
_CIDRANGE = re.compile(rb"begincidrange(.*?)endcidrange", re.S)


def _cmap(data: bytes) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for block in _CIDCHAR.findall(data):
        for code, cid in re.findall(rb"<([0-9a-fA-F]+)>\s*(\d+)", block):
            mapping[int(code, 16)] = int(cid)
    for block in _CIDRANGE.findall(data):
        for lo, hi, cid in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", block):
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = int(cid) + offset
    return mapping


class _Font:
    def __init__(self, spec):
        from fontTools.ttLib import TTFont
        from pdfminer.psparser import PSLiteral
        from pdfminer.pdftypes import resolve1

        assert resolve1(spec["Subtype"]).name == "Type0", spec
        self.name = resolve1(spec["BaseFont"]).name.split("+", 1)[-1]
        encoding = resolve1(spec["Encoding"])
        # None: /Identity-H, every code is its CID; else the embedded CMap, where an unlisted code is CID 0.
        self.cmap = None if isinstance(encoding, PSLiteral) and encoding.name == "Identity-H" else _cmap(
            encoding.get_data())
        (descendant,) = resolve1(spec["DescendantFonts"])
        descendant = resolve1(descendant)
        assert resolve1(descendant["CIDToGIDMap"]).name == "Identity", descendant
        descriptor = resolve1(descendant["FontDescriptor"])
        program = resolve1(descriptor.get("FontFile3") or descriptor.get("FontFile2"))
        self.font = TTFont(io.BytesIO(program.get_data()))
        self.order = self.font.getGlyphOrder()
        self.glyphs = self.font.getGlyphSet()
        unicode_map = resolve1(spec.get("ToUnicode"))
        self.unicode = _to_unicode(unicode_map.get_data()) if unicode_map is not None else {}
        self._outlined: dict[int, bool] = {}

    def outlined(self, gid: int) -> bool:
        if gid not in self._outlined:
            from fontTools.pens.boundsPen import BoundsPen

            ok = 0 < gid < len(self.order)
            if ok:
                pen = BoundsPen(self.glyphs)
                self.glyphs[self.order[gid]].draw(pen)
                ok = pen.bounds is not None
            self._outlined[gid] = ok
        return self._outlined[gid]


def _to_unicode(data: bytes) -> dict[int, str]:
    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be")

    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[int(code, 16)] = text(uni)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(uni, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + offset)
    return out


def drawn_glyphs(pdf: Path) -> list[Glyph]:
    """Every character shown in ``pdf``, in content-stream order, with the glyph drawn for it."""
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    fonts: dict[int, _Font] = {}  # by the id of pdfminer's font object (cached: one per font dictionary)
    specs: dict[str, dict] = {}
    glyphs: list[Glyph] = []
    page_no = 0

    class Recorder(PDFDevice):
        def render_string(self, textstate, seq, ncs, graphicstate):
            font = fonts.get(id(textstate.font))
            if font is None:
                font = fonts[id(textstate.font)] = _Font(specs[textstate.font.basefont])
            for item in seq:
                if not isinstance(item, bytes):
                    continue
                for i in range(0, len(item) - 1, 2):  # both encodings WeasyPrint writes use 2-byte codes
                    code = int.from_bytes(item[i:i + 2], "big")
                    gid = code if font.cmap is None else font.cmap.get(code, 0)
                    glyphs.append(Glyph(page_no, font.name, font.unicode.get(code, ""), gid, font.outlined(gid)))

    with open(pdf, "rb") as f:
        document = PDFDocument(PDFParser(f))
        manager = PDFResourceManager(caching=True)
        device = Recorder(manager)
        interpreter = PDFPageInterpreter(manager, device)
        for page_no, page in enumerate(PDFPage.create_pages(document), start=1):
            specs.update(_font_specs(page.resources))
            interpreter.process_page(page)
    return glyphs


def _font_specs(resources) -> dict[str, dict]:
    """The font dictionaries of a page and of the forms it draws, by BaseFont (WeasyPrint tags each
    subset with its own prefix, so the name is unique in a document)."""
    from pdfminer.pdftypes import resolve1

    out: dict[str, dict] = {}
    resources = resolve1(resources) or {}
    for spec in (resolve1(resources.get("Font")) or {}).values():
        spec = resolve1(spec)
        out[resolve1(spec["BaseFont"]).name] = spec
    for xobject in (resolve1(resources.get("XObject")) or {}).values():
        xobject = resolve1(xobject)
        if resolve1(xobject.attrs.get("Subtype")).name == "Form" and "Resources" in xobject.attrs:
            out.update(_font_specs(xobject.attrs["Resources"]))
    return out
