"""The shortcuts recognition takes for speed give the same answers as the full tests."""

from decimal import Decimal

import pytest

from yusuan.recognize import narrative
from yusuan.recognize.cells import department_in, is_meta, parse_money


def test_needed_words_of_a_pattern():
    assert narrative._needed(r"基本支出" + narrative._CHANGE + r"\s*" + narrative._NUM) == "基本支出"
    assert narrative._needed(r"(?:预算收入|收入预算)" + narrative._GAP + narrative._NUM) == ""
    assert narrative._needed(r"公务用?车购置(?:费|经费)") == "车购置"


def test_every_needed_word_is_written_in_its_pattern():
    for compiled in (narrative._COMPILED, narrative._COMPILED_CHANGE):
        for _key, rx, needed in compiled:
            assert needed in rx.pattern


def test_sentence_without_yuan_states_no_figure():
    found: dict = {}
    narrative.scan_sentence("基本支出增加40.92", "基本支出增加40.92", None, "other", found, "基本支出增加40.92")
    assert found == {}


def test_sentence_with_needed_word_is_read():
    found: dict = {}
    from yusuan.read.grid import Cell, Line

    line = Line([Cell("基本支出增加40.92万元。", 0, line=3)], is_row=False)
    narrative.scan_sentence("基本支出增加40.92万元。", "基本支出增加40.92万元。", line, "other", found,
                            "基本支出增加40.92万元。")
    assert found["yoy_change_basic"].value == Decimal("40.92")
    assert found["yoy_change_basic"].unit == "万元"


def test_cached_amounts_parse_and_refuse_as_before():
    assert parse_money(" 1,234.50 ") == Decimal("1234.50")
    assert parse_money("(12.00)") == Decimal("-12.00")
    assert parse_money("—") is None
    # Equal amounts stay separate objects (the YAML export would write a shared one as an alias).
    assert parse_money("38.598") == parse_money("38.598")
    assert parse_money("38.598") is not parse_money("38.598")
    for _ in range(2):  # the second time from the cache
        with pytest.raises(ValueError):
            parse_money("合计")


def test_cached_cell_tests():
    for _ in range(2):
        assert department_in("542 石家庄市鹿泉区信访局") == ("542", "石家庄市鹿泉区信访局")
        assert is_meta("单位：万元") is True
        assert is_meta("基本支出") is False
        # A page number as OCR reads it off a scan, its dashes as other marks; a numbering is none.
        assert [is_meta(t) for t in ("- 11 -", "-11·", "一11一", "~11_", "·11·", "11·", "一、", "1.")] == [
            True, True, True, True, True, False, False, False]


def test_untitled_headers_hold_the_word_looked_for():
    from yusuan.recognize.tables import _UNTITLED, _untitled_spec

    assert sorted(k for k in _UNTITLED if "购" in k) == ["政府采购目录序号", "采购物品名称"]
    assert _untitled_spec(["序号", "采购物品 名称", "数量"]).id == "government_procurement"
    assert _untitled_spec(["序号", "1,200.00"]) is None
