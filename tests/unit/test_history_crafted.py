"""Histories made by hand: values hiptimer never writes are named with their row by every
reader, and versions no hiptimer writes are moved aside like a damaged file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hiptimer.store.rows import NOTICE_LIMIT
from hiptimer.store.sessions import check_history, load_overview, open_history
from tests.badhistories import (
    CRAFTED,
    Crafted,
    add_row,
    crafted_history,
    history_with_version,
    new_history,
)

TODAY = date(2026, 3, 4)


@pytest.mark.parametrize("case", CRAFTED, ids=[c.name for c in CRAFTED])
def test_every_reader_names_the_row_and_goes_on(tmp_path: Path, case: Crafted) -> None:
    path = tmp_path / "history.sqlite3"
    crafted_history(path, case)
    overview = load_overview(path, 3, today=TODAY)
    assert overview.readable
    assert case.says in overview.notices
    assert len(overview.recent) == case.shown
    for session in overview.recent:
        data = session.as_json()  # what --json and --csv print
        assert data["started_at"].startswith("2023-11-")
        assert isinstance(data["active_seconds"], int | float)
    reason = check_history(path)
    assert reason is not None
    assert case.says.removeprefix("history: ") in reason
    history, _ = open_history(path)
    assert history is not None
    assert len(list(history.all_sessions())) == case.shown
    assert case.says in history.problems.notices()


def test_many_odd_rows_are_named_up_to_a_limit(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = new_history(path)
    for n in range(2, 30):
        add_row(conn, n, started="yesterday")
    conn.close()
    notices = load_overview(path, 3, limit=100, today=TODAY).notices
    assert len(notices) == NOTICE_LIMIT + 1
    assert (
        notices[-1] == f"history: {28 - NOTICE_LIMIT} more values hiptimer does not write were read"
    )


@pytest.mark.parametrize(
    ("version", "says"),
    [
        (-1, "has a schema version no hiptimer writes (-1)"),
        (-2147483648, "has a schema version no hiptimer writes (-2147483648)"),
        (0, "holds tables but no schema version: it is not a hiptimer history"),
    ],
    ids=["minus-one", "most-negative", "zero-with-tables"],
)
def test_a_version_no_hiptimer_writes_is_moved_aside(
    tmp_path: Path, version: int, says: str
) -> None:
    path = tmp_path / "history.sqlite3"
    before = history_with_version(path, version)
    assert check_history(path) == f"{says} (it will be moved aside)"
    history, notices = open_history(path)
    assert history is not None and history.count() == 0
    (aside,) = tmp_path.glob(f"history.sqlite3.unknown-v{version}-*")
    assert aside.read_bytes() == before
    assert notices == (f"history: {path} {says}; moved it to {aside.name} and started a new one",)
    assert check_history(path) is None


def test_hand_made_starts_never_push_the_real_sessions_out_of_the_newest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    conn = new_history(path)
    for n in range(2, 32):  # the new history holds session 1 already
        add_row(conn, n)
    for n, started in enumerate(("yesterday", 1e300, "9999", 4e10), start=40):
        add_row(conn, n, started=started)  # each sorts above every real start
    conn.close()
    history, _ = open_history(path)
    assert history is not None
    assert [s.started_at for s in history.recent(20)] == [
        1_700_000_000.0 + n * 3600 for n in range(31, 11, -1)
    ]
    assert len(history.recent(100)) >= 30  # the odd rows read last, and named
    assert history.problems.notices()
