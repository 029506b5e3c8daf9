"""Hostile text from outside: routine files named with escape sequences, control characters and
markup in every text field, a crafted history. Each case has its expected outcome, checked
through the loader and through the installed ``hiptimer``; nothing that could steer a terminal
(ESC, C1 controls, bidirectional controls, line separators) ever reaches stdout or stderr."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from hiptimer.commands.doctor import DoctorOptions, files_section, run_doctor
from hiptimer.config.routines import load_routines
from hiptimer.config.settings import load_settings
from hiptimer.core.text import unsafe_char
from tests.e2e.userfiles import FAST, FORMULA, Home, crafted_history, make_home

STEERING = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
"""What must never be written to a terminal (TAB and newline are the output's own)."""

NAMELESS = '[[exercises]]\nname = "Bridge"\nsets = 1\nwork = 1\n'
"""A routine without a name: its name would fall back to the file's stem."""

HOSTILE_STEMS = {
    # id: (file stem, part of the reason, the stem as every message shows it)
    "title-clear-red": (
        "\x1b]0;TITLE\x07\x1b[2J\x1b[31m red",
        "the file name must be one line without control characters: it holds the control "
        "character U+001B at character 1",
        "\\x1b]0;TITLE\\x07\\x1b[2J\\x1b[31m red",
    ),
    "osc-title": ("\x1b]0;TITLE\x07", "U+001B", "\\x1b]0;TITLE\\x07"),
    "clear-screen": ("\x1b[2J", "U+001B", "\\x1b[2J"),
    "sgr-red": ("\x1b[31mred", "U+001B", "\\x1b[31mred"),
    "osc52-clipboard": ("\x1b]52;c;aGk=\x07", "U+001B", "\\x1b]52;c;aGk=\\x07"),
    "c1-csi": ("\x9b31mred", "control character U+009B", "\\x9b31mred"),
    "c1-osc": ("\x9d0;T\x9c", "control character U+009D", "\\x9d0;T\\x9c"),
    "bidi-override": ("abc\u202egnp", "bidirectional control (U+202E)", "abc\\u202egnp"),
    "line-separator": ("one\u2028two", "a line separator (U+2028)", "one\\u2028two"),
    "next-line": ("one\x85two", "control character U+0085", "one\\x85two"),
    "zero-width-only": ("\u200b\u200b", "must have a visible character", "\u200b\u200b"),
}
"""Routine files whose names must not become routine ids: each is skipped, named escaped."""

MARKUP = ("[@click=app.quit]x[/]", "[/]", "[0]")

MARKUP_ROUTINE = """\
name = "[@click=app.quit]x[/]"
description = "[/]"

[[exercises]]
name = "[0]"
sets = 1
work = 1
cues = ["[@click=app.quit]x[/]", "[/]", "[0]"]
progressions = [{ name = "[/]", description = "[@click=app.quit]x[/]" }]

[[exercises]]
name = "[/]"
sets = 1
work = 1
per_side = true
cues = ["[0]"]
"""
"""Markup in every text field: plain text, shown exactly as written."""

BAD_VALUES = {
    "escape": ("\\u001b[31m", "control character U+001B"),
    "c1": ("\\u009b31m", "control character U+009B"),
    "bidi": ("abc\\u202egnp", "bidirectional control (U+202E)"),
    "line-separator": ("a\\u2028b", "a line separator (U+2028)"),
    "zero-width": ("\\u200b", "must have a visible character"),
}
"""Values written as TOML escapes (valid TOML), each refused with its reason."""

FIELDS = {
    "routine-name": ('name = "{}"\n' + NAMELESS, "key 'name'"),
    "exercise-name": (
        'name = "R"\n[[exercises]]\nname = "{}"\n' + NAMELESS,
        "key 'exercises[1].name'",
    ),
    "cue": (
        'name = "R"\n[[exercises]]\nname = "Clam"\ncues = ["{}"]\n',
        "key 'exercises[1].cues[1]'",
    ),
}
"""Where a bad value goes in a routine file, and the key its problem names."""


def steering(text: str) -> list[str]:
    """The characters of ``text`` that must not reach a terminal."""
    return STEERING.findall(text)


# --- through the loader ------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(HOSTILE_STEMS))
def test_a_hostile_file_name_is_skipped_and_named_escaped(case: str, tmp_path: Path) -> None:
    stem, reason, shown = HOSTILE_STEMS[case]
    (tmp_path / f"{stem}.toml").write_text(NAMELESS, encoding="utf-8")
    (tmp_path / "good.toml").write_text('name = "Good"\n' + NAMELESS, encoding="utf-8")
    loaded = load_routines(tmp_path)
    assert [r.id for r in loaded.routines][1:] == ["good"]
    assert len(loaded.problems) == 1
    message = str(loaded.problems[0])
    assert message.startswith(f"{tmp_path}/{shown}.toml: the file name ")
    assert reason in message and "routine not loaded" in message
    assert steering(message) == []


def test_markup_in_every_text_field_is_kept_as_plain_text(tmp_path: Path) -> None:
    (tmp_path / "markup.toml").write_text(MARKUP_ROUTINE, encoding="utf-8")
    loaded = load_routines(tmp_path)
    assert loaded.problems == ()
    routine = loaded.routines[-1]
    assert (routine.id, routine.name, routine.description) == ("markup", MARKUP[0], "[/]")
    first, second = (item.exercise for item in routine.items)
    assert (first.name, first.cues) == ("[0]", MARKUP)
    assert (first.progressions[0].name, first.progressions[0].description) == ("[/]", MARKUP[0])
    assert (second.name, second.cues) == ("[/]", ("[0]",))


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("value", sorted(BAD_VALUES))
def test_a_bad_value_is_refused_with_the_file_and_key(
    field: str, value: str, tmp_path: Path
) -> None:
    template, where = FIELDS[field]
    raw, reason = BAD_VALUES[value]
    path = tmp_path / "r.toml"
    path.write_text(template.format(raw), encoding="utf-8")
    loaded = load_routines(tmp_path)
    messages = [str(p) for p in loaded.problems]
    assert any(m.startswith(f"{path}: {where}: ") and reason in m for m in messages), messages
    assert all(steering(m) == [] for m in messages)
    routine = next(r for r in loaded.routines if r.id == "r")
    texts = [routine.name] + [t for i in routine.items for t in (i.exercise.name, *i.exercise.cues)]
    assert all(steering(t) == [] and t.strip("\u200b") for t in texts), texts


@pytest.mark.parametrize("value", sorted(BAD_VALUES))
def test_a_bad_theme_is_refused_with_the_file_and_key(value: str, tmp_path: Path) -> None:
    raw, reason = BAD_VALUES[value]
    path = tmp_path / "config.toml"
    path.write_text(f'theme = "{raw}"\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.theme == "textual-dark"
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}: key 'theme': ")
    assert reason in str(problems[0])


@pytest.mark.parametrize("theme", [*MARKUP, "nord-dark"])
def test_doctor_names_a_theme_that_is_not_textuals(
    theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "config.toml"
    path.write_text(f"theme = {json.dumps(theme)}\n", encoding="utf-8")
    out = io.StringIO()
    options = DoctorOptions(load_settings(path).settings, play=False, settings_file=path)
    assert run_doctor(options, out, [files_section]) == 1
    report = out.getvalue()
    assert f"settings  {path}  INVALID (1 problem)" in report
    assert f"problem: {path}: key 'theme': unknown theme {theme!r}; using 'textual-dark'" in report
    assert "Themes: ansi-dark, ansi-light, " in report and "textual-dark" in report


# --- through the installed hiptimer -------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A home with every hostile file name and the markup routine."""
    home = make_home(tmp_path_factory.mktemp("hostile"))
    for stem, _reason, _shown in HOSTILE_STEMS.values():
        (home.routines_dir / f"{stem}.toml").write_text(NAMELESS, encoding="utf-8")
    (home.routines_dir / "markup.toml").write_text(MARKUP_ROUTINE, encoding="utf-8")
    return home


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert steering(result.stdout) == [], result.stdout
    assert steering(result.stderr) == [], result.stderr


def assert_each_hostile_file_named(home: Home, text: str) -> None:
    for _stem, reason, shown in HOSTILE_STEMS.values():
        assert f"{home.routines_dir}/{shown}.toml: the file name " in text, text
        assert reason in text


@pytest.mark.e2e
def test_routines_lists_markup_as_written_and_hostile_files_escaped(hostile_home: Home) -> None:
    result = hostile_home.run("routines")
    assert_clean(result)
    assert result.returncode == 0
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == ["runners-hips", "markup", "tiny"]
    assert "markup\t[@click=app.quit]x[/]\t[0], [/]\t" in result.stdout
    assert_each_hostile_file_named(hostile_home, result.stderr)


@pytest.mark.e2e
def test_doctor_reports_hostile_files_escaped(hostile_home: Home) -> None:
    result = hostile_home.run("--mute", "doctor")
    assert_clean(result)
    assert result.returncode == 1
    assert_each_hostile_file_named(hostile_home, result.stdout)
    assert f"routine   {hostile_home.routines_dir}/markup.toml  ok" in result.stdout


@pytest.mark.e2e
def test_line_mode_prints_markup_as_written_and_notices_escaped(hostile_home: Home) -> None:
    result = hostile_home.run(
        "--plain", "--prepare", "1", "--work", "1", "--sets", "1", "--no-history",
        "--routine", "markup", *FAST,
    )  # fmt: skip
    assert_clean(result)
    assert result.returncode == 0
    assert "WORK [0] · set 1 of 1 · 1 s · [@click=app.quit]x[/]" in result.stdout
    assert "WORK [/] · left side · set 1 of 1 · 1 s · [0]" in result.stdout
    assert " DONE " in result.stdout.splitlines()[-1]
    assert_each_hostile_file_named(hostile_home, result.stderr)


@pytest.mark.e2e
def test_an_unknown_routine_lists_only_clean_ids(hostile_home: Home) -> None:
    result = hostile_home.run("--plain", "--no-history", "--routine", "nosuch")
    assert_clean(result)
    assert result.returncode == 2
    assert "hiptimer: unknown routine 'nosuch'; known: runners-hips, markup, tiny" in result.stderr


@pytest.mark.e2e
def test_a_hostile_routine_id_on_the_command_line_is_escaped(hostile_home: Home) -> None:
    stem = HOSTILE_STEMS["title-clear-red"][0]
    result = hostile_home.run("--plain", "--no-history", "--routine", stem, "--sets", "1", *FAST)
    assert_clean(result)
    assert result.returncode == 0
    assert "could not be loaded (see above); running 'runners-hips' instead" in result.stderr


@pytest.mark.e2e
def test_doctor_names_an_unknown_theme_and_exits_one(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    home.settings_file.write_text('theme = "nord-dark"\n', encoding="utf-8")
    result = home.run("--mute", "doctor")
    assert_clean(result)
    assert result.returncode == 1
    assert (
        f"problem: {home.settings_file}: key 'theme': unknown theme 'nord-dark'; "
        "using 'textual-dark'. Themes: ansi-dark, " in result.stdout
    )


# --- a history from somewhere else --------------------------------------------------------


@pytest.fixture(scope="module")
def history_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = make_home(tmp_path_factory.mktemp("history"))
    crafted_history(home.history_file)
    return home


@pytest.mark.e2e
@pytest.mark.parametrize("form", ["table", "--json", "--csv"])
def test_history_escapes_hostile_names(form: str, history_home: Home) -> None:
    result = history_home.run("history", *([] if form == "table" else [form]))
    assert_clean(result)
    assert result.returncode == 0
    if form == "table":  # the routine's name
        assert "\\x1b[2J\\x9b31m\\u202eevil" in result.stdout
        return
    # The routine's id and the exercise.
    if form == "--json":
        # JSON is data for programs: the text as stored, JSON-escaped (\u001b), so nothing
        # raw reaches a terminal and a program reads back the original.
        assert all(unsafe_char(line) is None for line in result.stdout.splitlines())
        sessions = json.loads(result.stdout)
        routines = {s["routine"] for s in sessions}
        exercises = {s["sets"][0]["exercise"] for s in sessions}
        progressions = {s["sets"][0]["progression"] for s in sessions}
        assert "\x1b]0;TITLE\x07" in routines
        assert "\x1b]52;c;aGk=\x07 bridge" in exercises
        assert "\x1b]52;c;aGk=\x07 bridge" in progressions
        return
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    routines, exercises = {r["routine"] for r in rows}, {r["exercise"] for r in rows}
    progressions = {r["progression"] for r in rows}
    assert "\\x1b]0;TITLE\\x07" in routines
    assert "\\x1b]52;c;aGk=\\x07 bridge" in exercises
    assert "\\x1b]52;c;aGk=\\x07 bridge" in progressions


@pytest.mark.e2e
def test_history_csv_cells_never_start_a_formula(history_home: Home) -> None:
    result = history_home.run("history", "--csv")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = {row[key] for row in rows for key in ("routine", "exercise", "progression")}
    assert {"'" + FORMULA, "'@A1", "'+SUM(1)", "'-2+3"} <= cells
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells
