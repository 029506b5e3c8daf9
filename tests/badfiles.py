"""The corpus of bad user files (``tests/corpus/``) and what hiptimer must say about each:
shared by the loader's unit tests and the runs of the installed ``hiptimer``."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
"""The bad files kept in the repository (a big one is made by :func:`big_file`)."""
BIG = 5 * 1024 * 1024
"""How big the file of :func:`big_file` is, in bytes."""

SETTINGS_EXPECT = {
    "binary.toml": "is not UTF-8 text",
    "bom_bad_value.toml": "key 'sets': must be a whole number of sets from 1 to 10, not 99",
    "control_char_in_string.toml": "line 1, column 14: not valid TOML: Control characters",
    "deep_nesting.toml": "nested more than 100 levels deep",
    "goal_zero.toml": "key 'weekly_goal': must be a whole number of sessions from 1 to 14, not 0",
    "huge.toml": (
        "key 'work': must be a whole number of seconds from 1 to 3600, not 99999999999999999999999"
    ),
    "infinity.toml": (
        "key 'exercise_rest': must be a whole number of seconds from 1 to 3600, not inf"
    ),
    "latin1.toml": "is not UTF-8 text (byte 0xe9 at offset 12)",
    "level_out_of_range.toml": (
        "key 'levels.glute-bridge': must be a whole number of levels from 1 to 10, not 11"
    ),
    "levels_not_table.toml": "key 'levels': must be a table",
    "markup_key.toml": "key '[/b]': unknown key",
    "misspelt_dashed_key.toml": "did you mean 'exercise_rest'?",
    "misspelt_key.toml": "key 'wrok': unknown key, ignored; did you mean 'work'?",
    "nan.toml": "key 'switch': must be a whole number of seconds from 1 to 3600, not NaN",
    "negative.toml": "key 'work': must be a whole number of seconds from 1 to 3600, not -30",
    "nul_bytes.toml": "line 1, column 12: not valid TOML",
    "syntax_bad_table.toml": "line 1, column 8: not valid TOML",
    "syntax_duplicate_key.toml": 'line 2, column 1: not valid TOML: Key "work" already exists',
    "syntax_missing_value.toml": "line 2, column 8: not valid TOML",
    "syntax_unclosed_string.toml": "a closing quote missing?",
    "theme_empty.toml": "key 'theme': must not be empty",
    "unknown_key.toml": "key 'colour': unknown key, ignored",
    "voice_as_text.toml": "key 'voice': must be true or false, not text 'yes'",
    "wrong_type_array.toml": (
        "key 'prepare': must be a whole number of seconds from 1 to 3600, not a list"
    ),
    "wrong_type_bool.toml": "key 'sets': must be a whole number of sets from 1 to 10, not true",
    "wrong_type_float.toml": (
        "key 'rest': must be a whole number of seconds from 1 to 3600, not 12.5"
    ),
    "wrong_type_string.toml": (
        "key 'work': must be a whole number of seconds from 1 to 3600, not text"
    ),
    "zero.toml": "key 'sets': must be a whole number of sets from 1 to 10, not 0",
    "five_megabytes.toml": "the file is too large (5.2 MB; the limit is 1 MB)",
}
"""Each bad settings file and a part of the message it must give."""

ROUTINE_EXPECT = {
    "binary.toml": "is not UTF-8 text (byte 0x89 at offset 0)",
    "bom_no_exercises.toml": "has no exercises",
    "control_chars.toml": "key 'exercises[1].cues[1]': must be one line without control characters",
    "empty.toml": "has no exercises",
    "exercise_without_name.toml": "key 'exercises[1]': has no name",
    "exercises_empty_list.toml": "key 'exercises': must be a non-empty list of tables",
    "exercises_not_tables.toml": "key 'exercises': must be a non-empty list of tables",
    "huge_values.toml": (
        "key 'exercises[1].rest': must be a whole number of seconds from 1 to 3600, "
        "not 1000000000000"
    ),
    "markup_names.toml": "key 'exercises[1].sets': must be a whole number of sets",
    "misspelt_exercises.toml": "key 'exersises': unknown key, ignored; did you mean 'exercises'?",
    "misspelt_keys.toml": (
        "key 'exercises[1].per-side': unknown key, ignored; did you mean 'per_side'?"
    ),
    "name_wrong_type.toml": "key 'name': must be text in quotes, not 42",
    "nan_and_inf.toml": (
        "key 'exercises[1].work': must be a whole number of seconds from 1 to 3600, not NaN"
    ),
    "no_exercises.toml": "has no exercises",
    "runners-hips.toml": "has the id of a built-in routine",
    "syntax_error.toml": "line 2, column 12: not valid TOML: Expected ']]'",
    "wrong_types.toml": "key 'exercises[1].per_side': must be true or false, not text 'yes'",
    "five_megabytes.toml": "the file is too large",
}
"""Each bad routine file and a part of the message it must give."""


def big_file(folder: Path) -> Path:
    """A 5 MB file, made in the test rather than kept in the repository."""
    path = folder / "five_megabytes.toml"
    line = b'name = "padding"  # ' + b"x" * 80 + b"\n"
    path.write_bytes(line * (BIG // len(line) + 1))
    return path


def corpus_file(kind: str, name: str, folder: Path) -> Path:
    """The corpus file ``name`` of ``kind`` (settings or routines); the big one is made in
    ``folder``."""
    if name == "five_megabytes.toml":
        return big_file(folder)
    return CORPUS / kind / name
