"""Table cells of low-resolution scans that used to be misread, read cell by cell as a scanned page's are.

Each picture in tests/data/ocr/ is the inside of one table cell (rules left out) of a page of a real
disclosure turned into a 150 dpi picture by bench/ocr.py (the noisy or the printed-and-scanned look),
as the reader holds it after flattening and straightening the page (tests/data/SOURCES.md). The page's
ink threshold is given with it: a cell alone has too little paper for the page's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CELLS = Path(__file__).resolve().parent / "data" / "ocr"


@pytest.fixture(scope="module")
def scanner():
    from yusuan.read import scan

    s = scan.Scanner(None)
    s._load()
    return s


def _read(scanner, name: str, threshold: int) -> list[tuple[str, float]]:
    """Each printed line of the cell as read, with its least sure character's probability."""
    import cv2
    import numpy as np

    from yusuan.read import scan

    gray = cv2.imread(str(CELLS / name), cv2.IMREAD_GRAYSCALE)
    ink = ((gray < threshold) * 255).astype(np.uint8)
    faint = ((gray < (threshold + 255) / 2) * 255).astype(np.uint8)
    crops = scan._cell_lines(ink, faint, 0, 0, gray.shape[1], gray.shape[0], scan._speck_area(200 / 72))
    results = scanner._recognize([scan._framed(gray[c.top:c.bottom, c.x0:c.x1]) for c in crops])
    out = []
    for text, probs in scan._wrapped_lookalikes(scanner._again(gray, crops, results, threshold), [(0, len(crops))]):
        chars = scan._normalize(text, probs)
        out.append(("".join(ch for ch, _ in chars), min(p for _, p in chars)))
    return out


def test_specks_beside_a_name_are_not_read(scanner):
    # Specks of a noisy scan a few pixels apart after 培训支出: taken into the line, they were read as
    # "培训支出#".
    [(text, sure)] = _read(scanner, "specks-after-name.png", 169)
    assert (text, round(sure, 3)) == ("培训支出", 0.998)


def test_a_numbering_mark_beside_a_light_stroke_is_no_speck(scanner):
    # 一、 of a noisy 150 dpi scan: the 一 too light for the ink but for a speck-sized piece, the 、 a
    # dot of ink far from the text. Taken for specks, both were left out: "一般公共服务支出".
    [(text, _)] = _read(scanner, "numbering-one-light.png", 153)
    assert text == "一、一般公共服务支出"


def test_a_blurred_numbering_mark_is_no_speck(scanner):
    # 二、 of a 150 dpi printed-and-scanned page: the strokes blurred to twice a clean stroke's width,
    # the 、 a blot of 24 pixels. Specks measured by the stroke width took it for one: "政府性基金".
    [(text, _)] = _read(scanner, "numbering-printed-dot.png", 163)
    assert text == "二、政府性基金"


def test_a_numbering_too_light_for_the_ink_threshold_is_in_the_line(scanner):
    # 二's two thin strokes are lighter than the page's threshold: the line was cut after them and
    # read "、事业收入", which became "一、事业收入".
    [(text, _)] = _read(scanner, "numbering-faint.png", 160)
    assert text == "二、事业收入"


@pytest.mark.parametrize(("name", "threshold", "printed"), [
    # The 、 after a numeral, a grey blot of a 150 dpi print, dropped with certainty: "六科学技术支出".
    ("numbering-mark-lost.png", 158, "六、科学技术支出"),
    # 一、 in front of 一般 lost whole ("一般公共预算拨款收入"), smoothed or not.
    ("numbering-lost-before-yiban.png", 160, "一、一般公共预算拨款收入"),
    # The 、 between 一 and 一般 lost: "一一般公共预算拨款".
    ("numbering-one-doubled.png", 157, "一、一般公共预算拨款"),
    # 一 and 、 run together into 二 ("二因公出国（境）费"); smoothed, "二、" is read, less surely.
    ("numbering-read-as-two.png", 164, "一、因公出国（境）费"),
])
def test_a_numbering_lost_in_grey_is_read_darkened(scanner, name, threshold, printed):
    # Pages 3, 6, 7 and 12 of a document written by yusuan build, 150 dpi printed and scanned.
    [(text, _)] = _read(scanner, name, threshold)
    assert text == printed


def test_a_lookalike_is_put_right_across_a_wrapped_line(scanner):
    # 事业收入 wrapped in a narrow header cell, its 入 alone on the second line read 人: the column was
    # no 事业收入 and lost its figures.
    assert [text for text, _ in _read(scanner, "income-wrapped.png", 165)] == ["事业收", "入"]


def test_a_digit_broken_by_a_light_row_is_one_line(scanner):
    # The bar of the 7 and its stem, a row of light ink between them, were two lines: "亨" and "7".
    [(text, sure)] = _read(scanner, "seven-split.png", 166)
    assert text == "7" and sure > 0.9


def test_a_speck_beside_a_code_is_left_out(scanner):
    # A dot of the scan's noise a character's width after "06" was read with it: "06元".
    assert [t for t, _ in _read(scanner, "speck-after-code.png", 157)] == ["06"]


def test_a_speck_before_a_figure_is_left_out(scanner):
    # " O": the speck read as a space, the 0 as the letter O.
    assert [t for t, _ in _read(scanner, "speck-before-zero.png", 157)] == ["0"]


def test_a_stop_read_as_a_colon_is_a_doubtful_stop(scanner):
    # "1,097,073:43" was no number at all; the stop it must be is marked as read with little certainty.
    assert _read(scanner, "colon-for-stop.png", 150) == [("1,097,073.43", 0.5)]


def test_a_code_read_as_letters_is_read_again_and_stays_doubtful(scanner):
    # A blurred 11 reads "Ⅱ" (probability 0.27); the reduced picture reads 11, as unsure as the first.
    [(text, sure)] = _read(scanner, "eleven-blurred.png", 167)
    assert text == "11"
    assert sure < 0.3


def test_a_speck_read_as_an_odd_stop_is_read_again_and_stays_doubtful(scanner):
    # Code 05 with a speck of noise under the gap read "0.5" (the stop 0.68): no amount has one decimal.
    # The other pictures agree on 05, taken no surer than the first reading.
    [(text, sure)] = _read(scanner, "speck-as-stop.png", 147)
    assert text == "05"
    assert sure < 0.7


@pytest.mark.parametrize(("name", "printed"), [
    ("tui-xiu-1.png", "机关事业单位退休人员活动费"),
    ("tui-xiu-2.png", "离退休人员经费"),
    ("tui-xiu-3.png", "退休费"),
])
def test_a_second_choice_that_makes_a_word_is_taken(scanner, name, printed):
    # 休 read as 体 (one stroke more), the recognizer's second choice 休.
    [(text, sure)] = _read(scanner, name, 167)
    assert text == printed
    assert sure < 0.5  # the character taken keeps its own, lower probability


# --- the pieces, without the recognizer ------------------------------------------------------------


def test_a_second_choice_replaces_only_a_character_that_makes_no_word():
    from yusuan.read.scan import _by_words

    assert _by_words("退体费", [1.0, 0.6, 1.0], [None, ("休", 0.3), None]) == ("退休费", [1.0, 0.3, 1.0])
    # 体育 is a word of the catalogs: the character read stays.
    assert _by_words("体育", [0.6, 1.0], [("休", 0.3), None]) == ("体育", [0.6, 1.0])
    # A second choice less likely than 0.05 is not one.
    assert _by_words("退体费", [0.96, 0.96, 1.0], [None, ("休", 0.04), None]) == ("退体费", [0.96, 0.96, 1.0])
    # Digits and marks are never replaced.
    assert _by_words("退1", [1.0, 0.5], [None, ("休", 0.4)]) == ("退1", [1.0, 0.5])


@pytest.mark.parametrize(("read", "printed"), [
    ("1,097,073:43", "1,097,073.43"),
    ("1,097;073.43", "1,097,073.43"),
    ("1：097,073", "1,097,073"),
    ("12:5", "12:5"),  # neither a stop nor a comma: left as read, a figure not well formed
])
def test_a_colon_in_a_figure_is_its_stop_or_comma(read, printed):
    from yusuan.read.scan import _normalize, _unusable

    tidied = _normalize(read, [0.9] * len(read))
    assert "".join(ch for ch, _ in tidied) == printed
    assert min(p for _, p in tidied) == (0.5 if printed != read else 0.9)
    assert _unusable(read)


@pytest.mark.parametrize(("text", "letters"), [
    ("Ⅱ", True), ("O", True), ("l1", True), ("1,234", False), ("GDP核算", False), ("-", False), ("", False),
])
def test_letters_for_digits(text, letters):
    from yusuan.read.scan import _letters_for_digits

    assert _letters_for_digits(text) is letters


@pytest.mark.parametrize(("text", "probs", "doubtful"), [
    ("0.5", [0.9, 0.68, 1.0], True),
    ("0.5", [0.9, 0.95, 1.0], False),  # a stop read surely
    ("12.50", [1.0, 1.0, 0.5, 1.0, 1.0], False),  # two decimals: an amount
    ("1,234.5", [1.0] * 5 + [0.5, 1.0], True),
    ("05", [0.5, 0.5], False),
])
def test_an_odd_stop_read_in_doubt(text, probs, doubtful):
    from yusuan.read.scan import _doubtful_stop

    assert _doubtful_stop(text, probs) is doubtful


def test_a_figure_is_replaced_only_by_one_two_pictures_agree_on():
    import numpy as np

    from yusuan.read import scan

    crops = [scan._Crop(0, 0, 40, 20, True)]
    scanner = scan.Scanner.__new__(scan.Scanner)
    scanner._recognize = lambda images: [("05", [0.99, 0.99]), ("0.5", [0.9, 0.9, 0.9]), ("05", [0.98, 0.97])]
    blank = np.full((20, 40), 255, np.uint8)
    assert scanner._again(blank, crops, [("0.5", [0.9, 0.68, 1.0])]) == [("05", [0.68, 0.68])]
    scanner._recognize = lambda images: [("05", [0.99, 0.99]), ("0.5", [0.9, 0.9, 0.9]), ("06", [0.98, 0.97])]
    assert scanner._again(blank, crops, [("0.5", [0.9, 0.68, 1.0])]) == [("0.5", [0.9, 0.68, 1.0])]


def test_a_reading_taken_in_place_of_another_is_no_surer_than_it():
    import numpy as np

    from yusuan.read import scan

    scanner = scan.Scanner.__new__(scan.Scanner)
    scanner._recognize = lambda images: [("758,448", [0.99] * 7)] * len(images)
    crops = [scan._Crop(0, 0, 40, 20, True), scan._Crop(0, 0, 40, 20, True), scan._Crop(0, 0, 40, 20, True)]
    first = [("758,48", [0.95, 0.7, 0.99, 0.99, 0.99, 0.99]), ("", []), ("Ⅱ", [0.27])]
    again = scanner._again(np.full((20, 40), 255, np.uint8), crops, first)
    assert again == [("758,448", [0.7] * 7), ("758,448", [0.99] * 7), ("758,448", [0.27] * 7)]


def test_a_line_keeps_its_light_ends_and_drops_a_far_dot():
    import numpy as np

    from yusuan.read.scan import _text_span

    band = np.zeros((20, 200), np.uint8)
    band[2:18, 60:100] = 255  # the text
    band[8:12, 130:134] = 255  # a dot 30 columns (a line and a half) away
    assert _text_span(band) == (60, 100)
    light = band.copy()
    light[8:12, 50:60] = 255  # a light stroke right before the text
    light[8:12, 10:20] = 255  # … and one too far away to be the line's
    assert _text_span(band, light) == (50, 100)
    # A dot alone is what the line holds: kept.
    lone = np.zeros((20, 200), np.uint8)
    lone[5:15, 100:104] = 255
    assert _text_span(lone) == (100, 104)


def test_rules_cut_by_white_specks_still_make_their_cells():
    # Three rows of a name column, a 200 dpi picture with noise, black on white as the ink threshold
    # leaves it: white specks cut the one-pixel rules between the rows, two of them close together
    # (the run between them is shorter than a rule). Read as they are, the rows ran together into one
    # cell and the table was lost.
    import cv2

    from yusuan.read import scan

    bw = 255 - cv2.imread(str(CELLS / "rules-cut-by-specks.png"), cv2.IMREAD_GRAYSCALE)
    scale = 200 / 72
    h, v = scan._rules(bw, scale)
    edges = scan._segments(h, "h", scale, 0, 0) + scan._segments(v, "v", scale, 0, 0)
    assert scan._tables(edges, bw.shape, scale, 0, 0) == [[(20, 17, 563, 59), (20, 58, 563, 100), (20, 99, 563, 141)]]
    # Each rule across is one edge from side to side.
    assert sorted(round(e["top"]) for e in edges if e["orientation"] == "h") == [6, 21, 36, 51]


def test_a_gap_wider_than_a_speck_is_not_closed():
    # Closing along a rule never joins strokes farther apart than a speck is wide (two pixels at 200
    # dpi): the strokes of two characters side by side (十一) stay two runs, neither long enough for a rule.
    import numpy as np

    from yusuan.read import scan

    bw = np.zeros((40, 200), np.uint8)
    bw[20, 10:40] = 255
    bw[20, 46:76] = 255
    bw[30, 10:150] = 255
    bw[30, 80:82] = 0  # a speck's cut
    h, _ = scan._rules(bw, 200 / 72)
    assert np.count_nonzero(h[20]) == 0
    assert np.count_nonzero(h[30]) == 140
