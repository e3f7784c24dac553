"""The cycle collector is held off while a document is read, and only then: it is on again afterwards, a
caller that turned it off keeps it off, and a thread other than the main one never touches it."""

from __future__ import annotations

import gc
import threading

import pytest

import yusuan
from conftest import seed
from yusuan.cycles import collector_held
from yusuan.errors import YusuanError


def _seen_during_reading(monkeypatch) -> list[bool]:
    """Whether the collector was on, each time a document's lines were recognised."""
    import yusuan.recognize

    seen: list[bool] = []
    real = yusuan.recognize.recognize

    def recognize(raw):
        seen.append(gc.isenabled())
        return real(raw)

    monkeypatch.setattr(yusuan.recognize, "recognize", recognize)
    return seen


def test_held_while_reading_and_on_again_after(monkeypatch):
    seen = _seen_during_reading(monkeypatch)
    assert gc.isenabled()
    d = yusuan.extract(seed("000"))
    assert seen == [False]
    assert gc.isenabled()
    assert len(d.tables) == 3


def test_on_again_after_a_document_that_cannot_be_read(tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(YusuanError):
        yusuan.extract(empty)
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off(monkeypatch):
    seen = _seen_during_reading(monkeypatch)
    gc.disable()
    try:
        yusuan.extract(seed("000"))
        assert seen == [False]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_another_thread_leaves_it_alone(monkeypatch):
    seen = _seen_during_reading(monkeypatch)
    worker = threading.Thread(target=yusuan.extract, args=(seed("000"),))
    worker.start()
    worker.join()
    assert seen == [True]
    assert gc.isenabled()


def test_nested_holds_end_with_the_outer_one():
    with collector_held():
        with collector_held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
