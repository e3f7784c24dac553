"""The fonts a PDF will be drawn with, asked of fontconfig before WeasyPrint lays anything out.

WeasyPrint looks fonts up only while it lays out pages (Pango asks fontconfig): a machine without a
Chinese font gets a PDF of empty boxes and exit code 0, and a fontconfig without any font crashes
Pango with a segmentation fault, which no ``except`` can catch. So the same question is put to the
same library first: for each ``font-family`` list of the stylesheet, the fonts fontconfig sorts for it
(Pango falls back along that list, so a character is drawn if any of them has it), and which of the
families named there are installed.

libfontconfig is called through ctypes rather than through the ``fc-match`` program, which Debian
ships in a package of its own that Pango does not need, and rather than through WeasyPrint, whose
import already warns about a fontconfig without fonts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji",
                     "fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded"})
# The names WeasyPrint itself tries, for Linux, macOS and Windows builds of fontconfig.
_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll", "fontconfig-1")
# Drawn without a glyph of their own: line breaks, tabs, joiners, variation selectors.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp"})


class FontconfigMissing(OSError):
    """libfontconfig (which Pango needs anyway) cannot be loaded."""


@dataclass(frozen=True)
class Coverage:
    """What fontconfig offers for a text in the given font-family lists."""

    font_count: int  # fonts fontconfig knows at all; 0 when its configuration lists no font folder
    installed: tuple[str, ...]  # the families named in the lists that are installed, in the lists' order
    missing: str  # the characters no font in any list has, each once, in the order the text has them


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _library():
    names = [ctypes.util.find_library("fontconfig"), *_LIBRARIES]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        break
    else:
        raise FontconfigMissing("libfontconfig")
    p, s = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "FcInitLoadConfigAndFonts": ([], p),
        "FcConfigDestroy": ([p], None),
        "FcConfigGetFonts": ([p, ctypes.c_int], ctypes.POINTER(_FcFontSet)),
        "FcPatternCreate": ([], p),
        "FcPatternDestroy": ([p], None),
        "FcPatternAddString": ([p, s, s], ctypes.c_int),
        "FcPatternGetString": ([p, s, ctypes.c_int, ctypes.POINTER(s)], ctypes.c_int),
        "FcPatternGetCharSet": ([p, s, ctypes.c_int, ctypes.POINTER(p)], ctypes.c_int),
        "FcCharSetHasChar": ([p, ctypes.c_uint32], ctypes.c_int),
        "FcConfigSubstitute": ([p, p, ctypes.c_int], ctypes.c_int),
        "FcDefaultSubstitute": ([p], None),
        "FcFontSort": ([p, p, ctypes.c_int, p, ctypes.POINTER(ctypes.c_int)], ctypes.POINTER(_FcFontSet)),
        "FcFontSetDestroy": ([ctypes.POINTER(_FcFontSet)], None),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result
    return lib


def coverage(stacks: list[tuple[str, ...]], text: str, lang: str = "zh-cn") -> Coverage:
    """Which of ``text``'s drawn characters no font in any of the ``font-family`` lists has.

    Raises :class:`FontconfigMissing` when libfontconfig cannot be loaded."""
    lib = _library()
    chars = drawn_characters(text)
    config = lib.FcInitLoadConfigAndFonts()
    if not config:
        return Coverage(0, (), chars)
    try:
        system = lib.FcConfigGetFonts(config, 0)  # FcSetSystem
        font_count = system.contents.nfont if system else 0
        missing = chars
        installed: list[str] = []
        for stack in stacks:
            wanted = {f.casefold(): f for f in stack if f.casefold() not in GENERIC}
            for families, has in _sorted_fonts(lib, config, stack, lang, missing):
                installed += [wanted[f.casefold()] for f in families if f.casefold() in wanted]
                missing = "".join(c for c in missing if not has[c])
    finally:
        lib.FcConfigDestroy(config)
    named = [f for stack in stacks for f in stack if f in installed]
    return Coverage(font_count, tuple(dict.fromkeys(named)), missing)


def _sorted_fonts(lib, config, stack: tuple[str, ...], lang: str, chars: str):
    """(family names, {char: has it}) of each font fontconfig sorts for ``stack``, dropping (as Pango
    does) fonts that add no character to those before them."""
    pattern = lib.FcPatternCreate()
    try:
        for family in stack:
            lib.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
        lib.FcPatternAddString(pattern, b"lang", lang.encode("ascii"))
        lib.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern: the aliases (serif → …) of the config
        lib.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        fonts = lib.FcFontSort(config, pattern, 1, None, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(pattern)
    if not fonts:
        return []
    out = []
    try:
        for i in range(fonts.contents.nfont):
            font = fonts.contents.fonts[i]
            families, n = [], 0
            value = ctypes.c_char_p()
            while lib.FcPatternGetString(font, b"family", n, ctypes.byref(value)) == 0:  # FcResultMatch
                families.append(value.value.decode("utf-8", "replace"))
                n += 1
            charset = ctypes.c_void_p()
            if lib.FcPatternGetCharSet(font, b"charset", 0, ctypes.byref(charset)) == 0:
                has = {c: bool(lib.FcCharSetHasChar(charset, ord(c))) for c in chars}
            else:
                has = dict.fromkeys(chars, False)
            out.append((families, has))
    finally:
        lib.FcFontSetDestroy(fonts)
    return out


def drawn_characters(text: str) -> str:
    """Each character of ``text`` that needs a glyph, once, in order; spaces and control characters
    need none (a missing space is not a box)."""
    return "".join(c for c in dict.fromkeys(text)
                   if not c.isspace() and unicodedata.category(c) not in _NOT_DRAWN
                   and not ("\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"))


class _Text(HTMLParser):
    """The text an HTML page shows, and the stylesheets it carries."""

    _HIDDEN = {"style", "script", "title", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.css: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if not self._open:
            self.text.append(data)
        elif self._open[-1] == "style":
            self.css.append(data)


_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.I)
_CONTENT = re.compile(r"content\s*:\s*([^;}]+)", re.I)
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")


def page_text(html: str) -> tuple[str, list[tuple[str, ...]]]:
    """The text a PDF of ``html`` draws (the page's text and the stylesheet's generated content: page
    numbers, leaders) and the stylesheet's ``font-family`` lists, each once."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    css = "\n".join(parser.css)
    generated = []
    for value in _CONTENT.findall(css):
        generated += [a or b for a, b in _QUOTED.findall(value)]
        if "counter(" in value:
            generated.append("0123456789")
    stacks = []
    for value in _FAMILY.findall(css):
        names = [n.strip().strip("\"'").strip() for n in value.split(",")]
        stacks.append(tuple(n for n in names if n))
    # Without a font-family anywhere, the root element gets the user agent's default, serif.
    return "".join(parser.text) + "".join(generated), list(dict.fromkeys(stacks)) or [("serif",)]
