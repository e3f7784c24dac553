"""The PDF's fonts, checked before WeasyPrint lays anything out: on a machine without a Chinese font,
or without any font, `yusuan build` stops with the font to install (exit code 2, no file written)
instead of a PDF of empty boxes (exit code 0) or a segmentation fault (exit code 139).

Each machine is made with a fonts.conf of its own (FONTCONFIG_FILE): one without any font folder,
and one whose only font is generated here and has Latin letters and nothing else. fontconfig reads
FONTCONFIG_FILE each time a configuration is loaded, so the checks run in this process; `yusuan
build` and WeasyPrint, which load theirs once, run in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from yusuan.errors import MissingFont, RenderError
from yusuan.render.fonts import Coverage, coverage, drawn_characters, page_text
from yusuan.render.html import SANS, SERIF
from yusuan.render.pdf import INSTALL_FONT, check_fonts

ROOT = Path(__file__).resolve().parents[1]
LUQUAN = ROOT / "examples" / "luquan-2024.yaml"
STACKS = [tuple(f.strip().strip('"') for f in stack.split(",")) for stack in (SERIF, SANS)]
LATIN = "Yusuan Test Latin"
WANTED = "Noto Serif CJK SC、Noto Sans CJK SC"
# The examples of missing characters the messages quote: the title's first eight.
TITLE_EXAMPLES = "“石”“家”“庄”“市”“鹿”“泉”“区”“信”"


def _latin_font(path: Path) -> Path:
    """A TrueType font with a square for each printable ASCII character and nothing else."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = {code: f"g{code:02x}" for code in range(0x21, 0x7f)}
    names = [".notdef", "space", *chars.values()]

    def square():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((500, 700))
        pen.lineTo((500, 0))
        pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", **chars})
    builder.setupGlyf({name: TTGlyphPen(None).glyph() if name == "space" else square() for name in names})
    builder.setupHorizontalMetrics({name: (600, 0 if name == "space" else 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": LATIN, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def _fonts_conf(folder: Path, font_dirs: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dirs = "".join(f"<dir>{escape(str(d))}</dir>" for d in font_dirs)
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig>{dirs}<cachedir>{escape(str(folder / 'cache'))}</cachedir></fontconfig>\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def no_fonts(tmp_path_factory) -> Path:
    return _fonts_conf(tmp_path_factory.mktemp("no-fonts"), [])


@pytest.fixture(scope="module")
def latin_only(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("latin-only")
    (folder / "fonts").mkdir()
    _latin_font(folder / "fonts" / "latin.ttf")
    return _fonts_conf(folder, [folder / "fonts"])


def _page(body: str) -> str:
    """A page asking for fonts as the package's does: Noto Serif CJK SC, and Noto Sans CJK SC for headings."""
    return (f"<html><head><title>标题不画</title><style>html {{ font-family: {SERIF}; }} "
            f"h1 {{ font-family: {SANS}; }}</style></head><body>{body}</body></html>")


# --- what the PDF draws ----------------------------------------------------------------------------


def test_page_text_is_what_the_pdf_draws_and_the_families_it_asks_for():
    html = ("<html><head><title>不画</title><style>\n"
            "@page { @bottom-center { content: \"第 \" counter(page) ' 页'; font-family: \"Noto Serif CJK SC\", serif; } }\n"
            "h1 { font-family: 'Noto Sans CJK SC', sans-serif }\n"
            ".toc a::after { content: leader(\".\") }\n"
            "p { font-family: \"Noto Serif CJK SC\", serif; }\n"
            "</style></head><body><h1>预算 &amp; 决算</h1><script>var x = '脚本';</script><p>收入&lt;支出</p></body></html>")
    text, stacks = page_text(html)
    assert text == "预算 & 决算收入<支出第  页0123456789."  # "第 " counter(page) " 页"
    assert stacks == [("Noto Serif CJK SC", "serif"), ("Noto Sans CJK SC", "sans-serif")]
    assert page_text("<p>无样式</p>") == ("无样式", [("serif",)])
    # Spaces, line breaks, a zero-width joiner and a variation selector need no glyph of their own.
    assert drawn_characters("预 算\u3000预\n\u200d\ufe0f,\t,") == "预算,"


# --- the fonts fontconfig offers -------------------------------------------------------------------


def test_noto_cjk_draws_the_whole_example(monkeypatch):
    """The machine the tests run on has fonts-noto-cjk (CI installs it): the check passes and finds
    both families the stylesheet asks for first; a code point no font has is still found."""
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    from yusuan.compose import load_package
    from yusuan.render.html import render_html

    text, stacks = page_text(render_html(load_package(LUQUAN)))
    found = coverage(stacks, text)
    assert (found.installed, found.missing) == (("Noto Serif CJK SC", "Noto Sans CJK SC"), "")
    assert found.font_count > 0
    assert coverage(STACKS, "预算\u0378ABC").missing == "\u0378"  # U+0378: unassigned, in no font


def test_coverage_without_any_font(monkeypatch, no_fonts):
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_fonts))
    assert coverage(STACKS, "预算 AB") == Coverage(font_count=0, installed=(), missing="预算AB")


def test_coverage_with_a_latin_font_only(monkeypatch, latin_only):
    monkeypatch.setenv("FONTCONFIG_FILE", str(latin_only))
    assert coverage(STACKS, "预算 A，B") == Coverage(font_count=1, installed=(), missing="预算，")
    assert coverage([(LATIN, "serif")], "预A").installed == (LATIN,)


# --- the messages ----------------------------------------------------------------------------------


def test_no_font_at_all_names_the_fonts_and_how_to_install_them(monkeypatch, no_fonts):
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_fonts))
    with pytest.raises(MissingFont) as info:
        check_fonts(_page("<h1>部门预算</h1>"))
    assert info.value.describe() == (
        "没有找到任何字体（fontconfig 的配置里没有字体），无法排版 PDF：“部”“门”“预”“算”这些字符没有字体能显示，"
        f"PDF 中会是方框。请先安装 {WANTED} 字体（{INSTALL_FONT}）")
    assert INSTALL_FONT == (
        "Debian/Ubuntu：apt-get install fonts-noto-cjk；Fedora：dnf install google-noto-sans-cjk-fonts "
        "google-noto-serif-cjk-fonts；macOS、Windows：从 https://github.com/notofonts/noto-cjk/releases 下载 "
        "Noto Sans CJK SC 和 Noto Serif CJK SC 安装")
    assert isinstance(info.value, RenderError)


def test_no_chinese_font_names_the_fonts_and_counts_the_characters(monkeypatch, latin_only):
    monkeypatch.setenv("FONTCONFIG_FILE", str(latin_only))
    with pytest.raises(MissingFont) as info:
        check_fonts(_page("<h1>石家庄市鹿泉区信访局2024年</h1><p>部门预算 (ABC)</p>"))
    assert info.value.describe() == (
        f"没有找到 PDF 使用的中文字体 {WANTED}：{TITLE_EXAMPLES}等 15 个字符没有字体能显示，"
        f"PDF 中会是方框。请先安装 {WANTED} 字体（{INSTALL_FONT}）")
    check_fonts(_page("<p>2024 (ABC)</p>"))  # what the font has is enough


def test_a_character_no_installed_font_has_is_named_with_its_code_point(monkeypatch):
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    with pytest.raises(MissingFont) as info:
        check_fonts(_page("<p>部门预算\u0378</p>"))
    assert info.value.describe() == (
        f"已安装的字体（{WANTED}）和本机其他字体都没有“\u0378”这个字符（U+0378）的字形，"
        "PDF 中会显示为方框；请改写这些字符，或安装含有它们的字体后再生成 PDF")
    check_fonts(_page("<p>部门预算</p>"))


# --- yusuan build on such machines -----------------------------------------------------------------


def _build(conf: Path, out: Path, *formats: str) -> subprocess.CompletedProcess:
    env = os.environ | {"FONTCONFIG_FILE": str(conf),
                        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "yusuan", "build", str(LUQUAN), "-o", str(out)]
    if formats:
        args += ["--format", ",".join(formats)]
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_build_without_any_font_stops_before_weasyprint(tmp_path, no_fonts):
    """Without the check Pango crashes here (exit code 139) after WeasyPrint's warning."""
    out = tmp_path / "输出"
    result = _build(no_fonts, out, "pdf")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"错误：没有找到任何字体（fontconfig 的配置里没有字体），无法排版 PDF：{TITLE_EXAMPLES}等 679 个字符没有字体能显示，"
        f"PDF 中会是方框。请先安装 {WANTED} 字体（{INSTALL_FONT}）\n没有写出任何文件\n")
    assert not out.exists()


def test_build_without_a_chinese_font_writes_nothing(tmp_path, latin_only):
    """Without the check this build exits 0 with a PDF of boxes; with it, the other formats asked
    for are not written either, and the message says how to get them without a PDF."""
    out = tmp_path / "输出"
    result = _build(latin_only, out)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"错误：没有找到 PDF 使用的中文字体 {WANTED}：{TITLE_EXAMPLES}等 659 个字符没有字体能显示，"
        f"PDF 中会是方框。请先安装 {WANTED} 字体（{INSTALL_FONT}）\n"
        "没有写出任何文件；不需要 PDF 时可以用 --format xlsx,docx,html 写出其他格式\n")
    assert not out.exists()


def test_the_glyph_reader_sees_boxes(tmp_path, latin_only):
    """The PDF the check now prevents, made by WeasyPrint itself with the Latin font only: its text
    layer still says 部门预算, and tests/pdfglyphs.py, which test_render uses to pass yusuan's
    PDFs, finds glyph 0 drawn for each Chinese character."""
    from pdfglyphs import drawn_glyphs

    pdf = tmp_path / "boxes.pdf"
    code = f"import weasyprint; weasyprint.HTML(string={_page('<p>部门预算 AB</p>')!r}).write_pdf({str(pdf)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=300,
                   env=os.environ | {"FONTCONFIG_FILE": str(latin_only)})
    font = LATIN.replace(" ", "-")
    glyphs = drawn_glyphs(pdf)
    assert [(g.page, g.font, g.char, g.gid == 0, g.drawn) for g in glyphs] == [
        (1, font, "部", True, False), (1, font, "门", True, False), (1, font, "预", True, False),
        (1, font, "算", True, False), (1, font, " ", False, False), (1, font, "A", False, True),
        (1, font, "B", False, True)]
