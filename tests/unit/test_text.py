"""The one rule for text from outside: what :func:`why_bad_text` refuses, what :func:`escape`
makes of it."""

from __future__ import annotations

import pytest

from hiptimer.core.text import csv_cell, escape, json_escape, unsafe_char, why_bad_text

REFUSED = [
    pytest.param("\x1b]0;TITLE\x07", "control character U+001B at character 1", id="osc-title"),
    pytest.param("a\x1b[2J", "control character U+001B at character 2", id="clear-screen"),
    pytest.param("tab\there", "control character U+0009", id="tab"),
    pytest.param("two\nlines", "control character U+000A", id="newline"),
    pytest.param("nul\x00", "control character U+0000", id="nul"),
    pytest.param("del\x7f", "control character U+007F", id="del"),
    pytest.param("\x9b31mred", "control character U+009B", id="c1-csi"),
    pytest.param("\x9d0;T", "control character U+009D", id="c1-osc"),
    pytest.param("next\x85line", "control character U+0085", id="nel"),
    pytest.param("abc\u202egnp.exe", "bidirectional control (U+202E)", id="rlo"),
    pytest.param("\u2066x\u2069", "bidirectional control (U+2066)", id="isolate"),
    pytest.param("x\u200f", "bidirectional control (U+200F)", id="rlm"),
    pytest.param("x\u061c", "bidirectional control (U+061C)", id="arabic-mark"),
    pytest.param("one\u2028two", "a line separator (U+2028)", id="line-separator"),
    pytest.param("one\u2029two", "a line separator (U+2029)", id="paragraph-separator"),
    pytest.param("bad\udcffbytes", "bytes that are not UTF-8", id="surrogate"),
    pytest.param("", "must not be empty", id="empty"),
    pytest.param("   ", "must not be empty", id="spaces"),
    pytest.param("\u200b\u200b", "must have a visible character", id="zero-width-space"),
    pytest.param("\u200d\ufeff\u2060", "must have a visible character", id="joiners"),
    pytest.param("\u3164", "must have a visible character", id="hangul-filler"),
    pytest.param("x" * 81, "must be at most 80 characters, not 81", id="too-long"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_what_is_refused_and_the_reason_names_it(text: str, reason: str) -> None:
    why = why_bad_text(text, 80)
    assert why is not None and reason in why


ACCEPTED = [
    pytest.param("Glute bridge", id="plain"),
    pytest.param("Pont fessier · côté gauche — lent", id="accents-and-dots"),
    pytest.param("[@click=app.quit]x[/]", id="markup-is-just-text"),
    pytest.param("[/]", id="closing-tag"),
    pytest.param("Hüftbrücke 🏃\u200d♀️", id="emoji-with-joiner"),
    pytest.param("שלום", id="right-to-left-letters"),
    pytest.param("x" * 80, id="at-the-limit"),
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_text_is_accepted(text: str) -> None:
    assert why_bad_text(text, 80) is None
    assert escape(text) == text
    assert unsafe_char(text) is None


def test_blank_text_may_be_allowed_but_controls_never() -> None:
    assert why_bad_text("  ", 10, empty_ok=True) is None
    assert why_bad_text("", 10, empty_ok=True) is None
    assert why_bad_text("\x1b", 10, empty_ok=True) is not None


ESCAPED = [
    pytest.param("\x1b]0;TITLE\x07 red", "\\x1b]0;TITLE\\x07 red", id="osc-title"),
    pytest.param("\x1b[2J\x1b[31m", "\\x1b[2J\\x1b[31m", id="csi"),
    pytest.param("\x9b31m\x9d", "\\x9b31m\\x9d", id="c1"),
    pytest.param("a\tb\nc\r", "a\\x09b\\x0ac\\x0d", id="tab-newline-cr"),
    pytest.param("abc\u202egnp", "abc\\u202egnp", id="rlo"),
    pytest.param("one\u2028two\x85", "one\\u2028two\\x85", id="separators"),
    pytest.param("bad\udcff", "bad\\udcff", id="surrogate"),
    pytest.param("C:\\routines", "C:\\routines", id="backslash-kept"),
]


@pytest.mark.parametrize(("raw", "shown"), ESCAPED)
def test_escape_makes_every_refused_character_visible(raw: str, shown: str) -> None:
    assert escape(raw) == shown
    assert escape(shown) == shown  # escaping twice changes nothing more
    assert why_bad_text(shown, 80) is None
    shown.encode("utf-8")  # writable to any UTF-8 stream, surrogates included


def test_every_refused_character_is_escaped() -> None:
    for code in range(0x3000):
        ch = chr(code)
        refused = unsafe_char(ch) is not None
        assert (escape(ch) != ch) == refused, f"U+{code:04X}"
        if refused:
            assert why_bad_text(f"a{ch}b", 10) is not None, f"U+{code:04X}"


def test_json_escape_keeps_the_data_and_writes_no_refused_character() -> None:
    import json

    every = "".join(chr(code) for code in range(0x3000))
    text = json_escape(json.dumps({"name": every}, ensure_ascii=False))
    assert unsafe_char(text) is None
    assert json.loads(text) == {"name": every}
    assert json_escape('["plain é · —"]') == '["plain é · —"]'


CELLS = [
    pytest.param("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", id="equals"),
    pytest.param("+SUM(1)", "'+SUM(1)", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@A1", "'@A1", id="at"),
    pytest.param("\t=1", "'\\x09=1", id="tab"),
    pytest.param("\r=1", "'\\x0d=1", id="carriage-return"),
    pytest.param("a=1", "a=1", id="not-at-the-start"),
    pytest.param("\x1b[2J", "\\x1b[2J", id="escaped"),
    pytest.param(-30, -30, id="a-number-stays-a-number"),
    pytest.param(2.5, 2.5, id="float"),
]


@pytest.mark.parametrize(("value", "cell"), CELLS)
def test_a_csv_cell_never_starts_a_formula(value: object, cell: object) -> None:
    assert csv_cell(value) == cell
