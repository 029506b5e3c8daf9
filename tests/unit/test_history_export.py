"""``hiptimer history --json`` and ``--csv`` as programs read them: ``--limit`` applies, and
JSON carries text as stored (JSON-escaped), never a terminal's escapes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.core.text import unsafe_char
from tests.badhistories import add_row, new_history
from tests.home import IsolatedHome
from tests.samples import make_history

HOSTILE = "\x1b]0;TITLE\x07 \x9b31m \u202eevil \u2028 \x7f"
"""A routine id and exercise no hiptimer writes: an OSC title, C1 CSI, a bidi override, a
line separator and DEL."""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


@pytest.fixture
def sample(home: IsolatedHome, monkeypatch: pytest.MonkeyPatch) -> IsolatedHome:
    home.enter(monkeypatch)
    make_history(home.history_file)
    return home


def test_json_gives_every_session_unless_limited(
    sample: IsolatedHome, capsys: pytest.CaptureFixture[str]
) -> None:
    every = json.loads(run(["history", "--json"], capsys))
    assert len(every) == 18
    newest = json.loads(run(["history", "--json", "--limit", "2"], capsys))
    assert newest == every[:2]
    assert json.loads(run(["history", "--json", "--limit", "1000"], capsys)) == every


def test_csv_gives_the_sets_of_the_newest_sessions_when_limited(
    sample: IsolatedHome, capsys: pytest.CaptureFixture[str]
) -> None:
    every = list(csv.DictReader(io.StringIO(run(["history", "--csv"], capsys))))
    one = list(csv.DictReader(io.StringIO(run(["history", "--csv", "--limit", "1"], capsys))))
    assert len({row["started_at"] for row in every}) == 18
    first = every[0]["started_at"]
    assert one == [row for row in every if row["started_at"] == first]


def test_the_table_shows_twenty_unless_limited(
    sample: IsolatedHome, capsys: pytest.CaptureFixture[str]
) -> None:
    table = run(["history"], capsys)
    assert "newest of" not in table  # all 18 fit in the default 20
    limited = run(["history", "--limit", "3"], capsys)
    assert "3 newest of 18 sessions" in limited


def hostile_history(home: IsolatedHome) -> None:
    conn = new_history(home.history_file)
    add_row(conn, 2)
    conn.execute("UPDATE sessions SET routine = ?, routine_name = ? WHERE id = 2", (HOSTILE,) * 2)
    conn.execute(
        "UPDATE sets SET exercise = ?, progression = ? WHERE session_id = 2", (HOSTILE,) * 2
    )
    conn.close()


def test_json_carries_the_text_as_stored_and_nothing_raw_reaches_the_terminal(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.enter(monkeypatch)
    hostile_history(home)
    out = run(["history", "--json"], capsys)
    newest = json.loads(out)[0]
    assert newest["routine"] == HOSTILE
    assert newest["sets"][0]["exercise"] == HOSTILE
    assert newest["sets"][0]["progression"] == HOSTILE
    assert all(unsafe_char(line) is None for line in out.splitlines())
    assert "\\u001b]0;TITLE\\u0007 \\u009b31m \\u202eevil \\u2028 \\u007f" in out
    assert "\\\\x1b" not in out  # the terminal's escape, which a program would read literally


def test_table_and_csv_still_escape_it(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.enter(monkeypatch)
    hostile_history(home)
    shown = "\\x1b]0;TITLE\\x07 \\x9b31m \\u202eevil \\u2028 \\x7f"
    table = run(["history"], capsys)
    assert "\\x1b]0;TITLE\\x07 \\x9b31m" in table  # clipped to the column
    assert all(unsafe_char(line) is None for line in table.splitlines())
    rows = list(csv.DictReader(io.StringIO(run(["history", "--csv"], capsys))))
    assert rows[0]["routine"] == shown
    assert rows[0]["exercise"] == shown


def test_json_of_no_history_is_an_empty_list(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.enter(monkeypatch)
    assert json.loads(run(["history", "--json", "--limit", "5"], capsys)) == []
    assert not Path(home.history_file).exists()
