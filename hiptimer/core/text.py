"""One rule for text from outside: what a name or line may hold, and how to print any text safely.

Text from files, file names, the history and the environment is checked where it enters
(:func:`why_bad_text`) and escaped where it leaves for a terminal (:func:`escape`). The
characters refused and escaped are those that can change what a terminal does or shows
beyond the text itself: C0 and C1 controls and DEL (escape sequences: a new window title,
a cleared screen, the clipboard written through OSC 52), bidirectional controls (they reorder
what is shown, so a name can read as something else), line and paragraph separators (they
start a new line inside one line), and lone surrogates (undecodable bytes of a file name,
which a UTF-8 stream cannot encode at all).
"""

from __future__ import annotations

import re
import unicodedata

_CONTROLS = "\x00-\x1f\x7f-\x9f"
"""C0 controls (TAB and newline too: every value this rule covers is one line), DEL, C1."""
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Arabic letter mark, LRM/RLM, embeddings and overrides (LRE..RLO), isolates (LRI..PDI)."""
_SEPARATORS = "\u2028\u2029"
"""Line and paragraph separator (NEL, U+0085, is a C1 control above)."""
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_SEPARATORS}{_SURROGATES}]")

_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters that draw nothing (Hangul fillers, the blank braille pattern)."""


def unsafe_char(text: str) -> tuple[int, str] | None:
    """Return the position and the first character that :func:`escape` would replace, or None."""
    found = _UNSAFE.search(text)
    return None if found is None else (found.start(), found.group())


def _invisible(ch: str) -> bool:
    return ch.isspace() or ch in _FILLERS or unicodedata.category(ch) in ("Cf", "Mn", "Me")


def _describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "bytes that are not UTF-8"
    label = f"U+{code:04X}"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"the control character {label}"
    if ch in _SEPARATORS:
        return f"a line separator ({label})"
    return f"a bidirectional control ({label}), which reorders what is shown"


def why_bad_text(text: str, max_len: int, *, empty_ok: bool = False) -> str | None:
    """Return why ``text`` is not one line of plain text to show, or None when it is.

    Refused: more than ``max_len`` characters; any character :func:`escape` would replace
    (controls, DEL, bidirectional controls, line separators, undecodable bytes); and, unless
    ``empty_ok``, text with nothing visible in it (empty, spaces only, zero-width only).

    Args:
        text: The text as read (a value in a file, a file name).
        max_len: The most characters allowed.
        empty_ok: Empty or blank text is allowed (an optional description).

    Returns:
        A reason that completes "<key> ...", such as ``must not be empty``, or None.
    """
    if len(text) > max_len:
        return f"must be at most {max_len} characters, not {len(text)}"
    bad = unsafe_char(text)
    if bad is not None:
        position, ch = bad
        return (
            "must be one line without control characters: it holds "
            f"{_describe(ch)} at character {position + 1}"
        )
    if not text.strip():
        return None if empty_ok else "must not be empty"
    if all(_invisible(ch) for ch in text):
        return "must have a visible character (it holds only spaces or zero-width characters)"
    return None


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: str) -> str:
    """Return ``text`` safe to write to a terminal: every character refused by
    :func:`why_bad_text` becomes a visible escape (``\\x1b``, ``\\u202e``).

    Everything else is kept as it is (``·``, ``é``, ``—``, emoji); text with nothing to
    escape comes back unchanged, so escaping twice changes nothing more.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def json_escape(json_text: str) -> str:
    """Return JSON text (as ``json.dumps`` writes it) safe to write to a terminal and still the
    same data: every character :func:`escape` would replace is written as a JSON escape
    (``\\u009b``), so a program reading it gets the original text back.

    ``json.dumps`` already escapes C0 controls; this adds DEL, C1 controls, bidirectional
    controls, line separators and lone surrogates, which it passes through as they are.
    Such characters appear only inside JSON strings, where an escape means the same.
    """
    if _UNSAFE.search(json_text) is None:
        return json_text
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", json_text)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell that starts with one of these as a formula (CSV injection)."""


def csv_cell(value: object) -> object:
    """Return a CSV cell that a spreadsheet shows as text and never runs as a formula: text is
    escaped and, when it starts like a formula, gets a leading ``'``; numbers pass as they are.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return escape(value)
