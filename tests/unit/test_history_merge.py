"""``history --import`` into real SQLite files: export then import gives back the same JSON,
a second import changes nothing, a failure half-way leaves the history as it was, a held lock
is one line, and the summary names what was skipped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.commands import history as history_command
from hiptimer.store.exchange import parse_records
from hiptimer.store.merge import merge_sessions
from hiptimer.store.sessions import open_history
from tests.badhistories import LockHolder
from tests.exports import CUSTOM_ID, CUSTOM_NAME, CUSTOM_ROUTINE, rich_history
from tests.home import IsolatedHome


@pytest.fixture
def there(tmp_path: Path) -> IsolatedHome:
    """A home with the rich history (the machine exported from)."""
    home = IsolatedHome(tmp_path / "there").create()
    rich_history(home.history_file)
    return home


@pytest.fixture
def here(tmp_path: Path) -> IsolatedHome:
    """An empty home that knows the custom routine (the machine imported into)."""
    home = IsolatedHome(tmp_path / "here").create()
    (home.routines_dir / f"{CUSTOM_ID}.toml").write_text(CUSTOM_ROUTINE, encoding="utf-8")
    return home


def run(
    home: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str, str]:
    with monkeypatch.context() as local:
        home.enter(local)
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    code, out, err = run(home, monkeypatch, capsys, "history", "--json")
    assert (code, err) == (0, "")
    return out


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_export_then_import_gives_back_the_same_json(
    there: IsolatedHome,
    here: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    exported = export(there, monkeypatch, capsys)
    data = json.loads(exported)
    assert {s["status"] for s in data} == {"completed", "partial", "stopped"}
    assert any(s["reset"] for session in data for s in session["sets"])
    assert {s["level"] for session in data for s in session["sets"]} == {1, 2}
    assert data[0]["routine"] == CUSTOM_ID
    assert data[-1]["started_at"] == data[-2]["started_at"]  # two in the same second
    file = tmp_path / "export.json"
    file.write_text(exported, encoding="utf-8")
    code, out, err = run(here, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, err) == (0, "")
    assert out == f"Imported 5 sessions from {file}\n"
    assert export(here, monkeypatch, capsys) == exported  # byte for byte
    # The custom routine is named as it is here; the export carries only its id.
    code, table, _ = run(here, monkeypatch, capsys, "history")
    assert CUSTOM_NAME in table


def test_importing_the_same_file_twice_changes_nothing(
    there: IsolatedHome,
    here: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    file = tmp_path / "export.json"
    file.write_text(export(there, monkeypatch, capsys), encoding="utf-8")
    assert run(here, monkeypatch, capsys, "history", "--import", str(file))[0] == 0
    before = dump(here.history_file)
    code, out, err = run(here, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out, err) == (0, f"Imported 0 sessions from {file} (5 already there)\n", "")
    assert dump(here.history_file) == before
    # And into the history it came from: every session is already there, to the second.
    code, out, _ = run(there, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (0, f"Imported 0 sessions from {file} (5 already there)\n")


def test_sessions_are_merged_with_those_already_there(
    there: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    data = json.loads(export(there, monkeypatch, capsys))
    # 07:00 UTC: a new session
    new = dict(data[0], started_at="2026-03-01T09:00:00+02:00", ended_at="2026-03-01T07:10:00Z")
    other_routine = dict(data[1], routine="runners-hips-2")  # same start, another routine
    twice = dict(new)
    file = tmp_path / "more.json"
    file.write_text(json.dumps([new, other_routine, data[2], twice]), encoding="utf-8")
    code, out, _ = run(there, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (0, f"Imported 2 sessions from {file} (2 already there)\n")
    after = json.loads(export(there, monkeypatch, capsys))
    assert len(after) == 7
    assert after[0]["started_at"] == "2026-03-01T07:00:00Z"
    # The same second: the one imported later comes first, as a later recording would.
    assert [s["routine"] for s in after if s["started_at"] == data[1]["started_at"]] == [
        "runners-hips-2",
        data[1]["routine"],
    ]


def test_a_failure_half_way_leaves_the_history_as_it_was(there: IsolatedHome) -> None:
    conn = sqlite3.connect(there.history_file)
    conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON sets WHEN NEW.exercise = 'Refused'"
        " BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
    )
    conn.close()
    before = dump(there.history_file)
    history, _ = open_history(there.history_file)
    assert history is not None
    sessions = json.loads(json.dumps([session.as_json() for session in history.all_sessions()]))
    for number, session in enumerate(sessions):
        session["started_at"] = f"2027-01-{number + 1:02d}T07:00:00Z"
        session["ended_at"] = None
    sessions[3]["sets"][0]["exercise"] = "Refused"  # the 4th to go in: three are written first
    read = parse_records(sessions, {})
    assert read.skipped == ()
    with pytest.raises(sqlite3.IntegrityError, match="refused by a trigger"):
        merge_sessions(history, read.sessions)
    assert not history.conn.in_transaction
    history.close()
    assert dump(there.history_file) == before


def test_a_database_error_is_one_line_and_the_history_is_unchanged(
    there: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    conn = sqlite3.connect(there.history_file)
    conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON sessions"
        " BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
    )
    conn.close()
    before = dump(there.history_file)
    file = tmp_path / "export.json"
    file.write_text(
        json.dumps([{**json.loads(export(there, monkeypatch, capsys))[0], "routine": "new"}]),
        encoding="utf-8",
    )
    code, out, err = run(there, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (1, "")
    assert err == (
        f"hiptimer: history --import: {there.history_file}: refused by a trigger;"
        " nothing was imported\n"
    )
    assert dump(there.history_file) == before


def test_a_held_lock_is_a_bounded_wait_then_one_line(
    there: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    data = json.loads(export(there, monkeypatch, capsys))
    file = tmp_path / "export.json"
    file.write_text(json.dumps([dict(data[0], routine="new")]), encoding="utf-8")
    before = dump(there.history_file)
    monkeypatch.setattr(history_command, "IMPORT_WAIT", 0.2)
    with LockHolder(there.history_file):
        code, out, err = run(there, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (1, "")
    assert err == (
        f"hiptimer: history --import: {there.history_file} is busy: another program holds it"
        " (a workout being saved?); nothing was imported, try again in a moment\n"
    )
    assert dump(there.history_file) == before
    code, out, _ = run(there, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (0, f"Imported 1 session from {file}\n")


def test_bad_records_are_named_in_the_summary_and_the_good_ones_go_in(
    here: IsolatedHome,
    there: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    good = json.loads(export(there, monkeypatch, capsys))
    bad = [dict(good[0], status="done"), 5, dict(good[0], sets={})]
    bad += [dict(good[0], routine=f"r{n}", active_seconds=-n) for n in range(1, 5)]
    file = tmp_path / "mixed\x1b[2J.json"  # a file name is outside text too
    file.write_text(json.dumps([good[0], *bad, *good[1:]]), encoding="utf-8")
    code, out, err = run(here, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, err) == (1, "")
    shown = str(file).replace("\x1b", "\\x1b")
    assert out == (
        f"Imported 5 sessions from {shown} (7 skipped: "
        'record 2: "status" must be completed, partial or stopped, not "done"; '
        "record 3: must be an object (a session), not 5; "
        'record 4: "sets" must be a list, not {}; '
        'record 5: "active_seconds" must be seconds from 0 to 10000000, not -1; '
        'record 6: "active_seconds" must be seconds from 0 to 10000000, not -2; '
        "and 2 more)\n"
    )
    assert len(json.loads(export(here, monkeypatch, capsys))) == 5


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "was not found"),
        (b"", "is empty (an export is a JSON list: [] when it holds no sessions)"),
        (b"{}", "holds a JSON object, not a list of sessions (as hiptimer history --json writes)"),
        (b"[1,", "is not JSON: Expecting value at line 1 column 4"),
        (b"\xff[]", "is not UTF-8 text (byte 1)"),
    ],
)
def test_a_file_that_is_not_an_export_is_one_line_and_no_history_is_made(
    here: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes | None,
    why: str,
) -> None:
    file = tmp_path / "export.json"
    if content is not None:
        file.write_bytes(content)
    code, out, err = run(here, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out) == (1, "")
    assert err == f"hiptimer: history --import: {file} {why}; nothing was imported\n"
    assert not here.history_file.exists()


def test_a_folder_and_a_file_too_large_are_refused_unread(
    here: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, _, err = run(here, monkeypatch, capsys, "history", "--import", str(tmp_path))
    assert code == 1
    assert (
        err
        == f"hiptimer: history --import: {tmp_path} is a folder, not a file; nothing was imported\n"
    )
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: nothing is written, nor read
    code, _, err = run(here, monkeypatch, capsys, "history", "--import", str(huge))
    assert code == 1
    assert err == (
        f"hiptimer: history --import: {huge} is larger than 50 MB, more than any history;"
        " nothing was imported\n"
    )


def test_an_export_with_no_sessions_imports_none_and_makes_no_history(
    here: IsolatedHome,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    file = tmp_path / "none.json"
    file.write_text("[]\n", encoding="utf-8")
    code, out, err = run(here, monkeypatch, capsys, "history", "--import", str(file))
    assert (code, out, err) == (0, f"Imported 0 sessions from {file}\n", "")
    assert not here.history_file.exists()


def test_limit_does_not_go_with_import(
    here: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(here, monkeypatch, capsys, "history", "--import", "x.json", "--limit", "3")
    assert exited.value.code == 2
    assert "argument --limit: not allowed with --import" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(here, monkeypatch, capsys, "history", "--import", "x.json", "--json")
    assert "not allowed with argument --import" in capsys.readouterr().err


def test_a_start_stored_with_a_fraction_is_the_same_as_its_export(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    rich_history(path)
    history, _ = open_history(path)
    assert history is not None
    fractions = history.conn.execute(
        "SELECT count(*) FROM sessions WHERE started_at != CAST(started_at AS INTEGER)"
    ).fetchone()[0]
    assert fractions == 2  # as the clock gives them; --json writes the second
    read = parse_records([s.as_json() for s in history.all_sessions()], {})
    assert merge_sessions(history, read.sessions) == (0, 5)
    history.close()
