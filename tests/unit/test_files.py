"""check_files(): every file hiptimer reads, valid or not and why, without changing any."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hiptimer.commands.checks import check_files
from hiptimer.store.sessions import open_history


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, except SQLite's WAL sidecars, which any reader may create."""
    return {
        str(p): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def test_a_fresh_install_has_nothing_wrong(tmp_path: Path) -> None:
    checks = check_files(tmp_path / "config.toml", tmp_path / "history.sqlite3")
    assert [(c.kind, c.exists, c.valid) for c in checks] == [
        ("settings", False, True),
        ("history", False, True),
    ]
    assert checks[0].describe().endswith("not created yet (defaults in use)")
    assert list(tmp_path.iterdir()) == []


def test_every_file_is_listed_with_its_state(tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text("wrok = 3\n")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "good.toml").write_text('name = "Good"\n[[exercises]]\nname = "Clam"\n')
    (routines / "bad.toml").write_text("name = \n")
    (routines / "half.toml").write_text('name = "Half"\n[[exercises]]\nname = "A"\nsets = 0\n')
    history_file = tmp_path / "history.sqlite3"
    history, _ = open_history(history_file)
    assert history is not None
    history.close()
    before = snapshot(tmp_path)
    checks = check_files(settings, history_file)
    assert [(c.kind, c.path.name, c.valid) for c in checks] == [
        ("settings", "config.toml", False),
        ("routine", "bad.toml", False),
        ("routine", "good.toml", True),
        ("routine", "half.toml", False),
        ("history", "history.sqlite3", True),
    ]
    assert "did you mean 'work'?" in checks[0].problems[0]
    assert checks[1].problems[0].startswith(f"{routines / 'bad.toml'}: line 1, column 8")
    assert checks[2].describe().endswith("  ok")
    assert "INVALID (1 problem)" in checks[3].describe()
    assert snapshot(tmp_path) == before


def test_a_file_whose_only_fault_is_an_unknown_key_is_read_not_invalid(tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text("wrok = 3\nsets = 3\n")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "typo.toml").write_text('name = "T"\ncolour = 1\n[[exercises]]\nname = "A"\n')
    checks = check_files(settings, tmp_path / "history.sqlite3")
    assert checks[0].describe().endswith("read, 1 unknown key ignored")
    assert checks[1].describe().endswith("read, 1 unknown key ignored")
    assert not checks[0].valid  # still listed as a problem to fix: it is probably a typo
    settings.write_text("wrok = 3\nsets = 0\n")  # a bad value as well: invalid
    assert "INVALID (2 problems)" in check_files(settings, tmp_path / "h.sqlite3")[0].describe()


def test_a_damaged_or_newer_history_is_reported_but_left_in_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 50)
    (check,) = [c for c in check_files(tmp_path / "c.toml", broken) if c.kind == "history"]
    assert not check.valid
    assert "cannot be read" in check.problems[0] or "damaged" in check.problems[0]
    assert broken.read_bytes() == b"not a database at all" * 50

    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    (check,) = [c for c in check_files(tmp_path / "c.toml", newer) if c.kind == "history"]
    assert not check.valid
    assert "newer hiptimer (schema 5" in check.problems[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.sqlite3", "newer.sqlite3"]


def test_a_file_with_more_problems_than_are_listed_counts_them_all(tmp_path: Path) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    bad = "\n".join(f'[[exercises]]\nname = "E{i}"\nsets = 0' for i in range(13))
    (routines / "many.toml").write_text(f'name = "Many"\n{bad}\n', encoding="utf-8")
    checks = check_files(tmp_path / "config.toml", tmp_path / "history.sqlite3")
    (check,) = [c for c in checks if c.kind == "routine"]
    assert len(check.problems) == 10  # nine listed and "and 4 more problems"
    assert check.problems[-1].endswith("and 4 more problems")
    assert check.describe().endswith("INVALID (13 problems)")
