"""Saving merges: only the keys edited in this session change, everything else in
``config.toml`` stays byte for byte, and two hiptimers saving at once both keep their change."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import tomlkit

from hiptimer.config.settings import (
    SaveError,
    changed_keys,
    load_settings,
    save_mute,
    save_settings,
)
from hiptimer.core.settings import Settings

HAND_WRITTEN = """\
# my settings
work = "45"   # quoted by mistake: hiptimer cannot use it, and must not lose it
sets = 2

[[levels]]
glute-bridge = 2

[[levels]]
hip-clam = 3
"""
"""A file with a value and tables hiptimer cannot validate (it runs on defaults for them)."""


def test_only_the_edited_key_changes_and_values_hiptimer_cannot_use_stay(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    opened, problems = load_settings(path)
    assert opened.work == 30 and len(problems) == 2  # work and levels fell back
    save_settings(path, replace(opened, sets=3), since=opened)
    assert path.read_text() == HAND_WRITTEN.replace("sets = 2", "sets = 3")
    assert save_mute(path, True) is None
    # A new key goes above the tables (below them it would belong to the last one).
    assert path.read_text() == HAND_WRITTEN.replace("sets = 2", "sets = 3\nmute = true")


def test_a_save_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    before = path.stat().st_mtime_ns, path.stat().st_ino
    opened, _ = load_settings(path)
    save_settings(path, opened, since=opened)
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    save_settings(tmp_path / "new.toml", Settings(), since=Settings())
    assert not (tmp_path / "new.toml").exists()
    # A file that could not be saved to is still said so, changes or not.
    broken = tmp_path / "broken.toml"
    broken.write_text('sets = "3\n')
    with pytest.raises(SaveError, match="not saved.*left as it is"):
        save_settings(broken, Settings(), since=Settings())


def test_an_instance_started_earlier_does_not_undo_anothers_save(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# shared\nwork = 30\nsets = 2\n")
    a, _ = load_settings(path)
    b, _ = load_settings(path)  # B started before A saved
    save_settings(path, replace(a, work=45), since=a)
    save_settings(path, replace(b, sets=3, levels={"hip-clam": 2}), since=b)
    assert path.read_text() == "# shared\nwork = 45\nsets = 3\n\n[levels]\nhip-clam = 2\n"
    assert load_settings(path).settings == Settings(work=45, sets=3, levels={"hip-clam": 2})


def test_changed_keys_holds_only_what_differs() -> None:
    since = Settings(work=40, levels={"hip-clam": 2})
    edited = replace(since, mute=True, levels={"hip-clam": 2, "glute-bridge": 3})
    assert changed_keys(since, edited) == {"mute": True, "levels": {"glute-bridge": 3}}
    assert changed_keys(since, since) == {}


SAVER = """
import sys
from dataclasses import replace
from pathlib import Path
from hiptimer.config.settings import save_settings
from hiptimer.core.settings import Settings

path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
settings = Settings()
for number in range(count):
    # Each save adds one new level: a save that undid the other's would lose a key for good.
    edited = replace(settings, levels={**settings.levels, f"{prefix}-{number}": 2})
    save_settings(path, edited, since=settings)
    settings = edited
"""


def test_two_processes_saving_at_once_keep_both_changes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# two hiptimers\nwork = 30\n")
    count = 40
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(SAVER), str(path), prefix, str(count)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    for saver in savers:
        _, errors = saver.communicate(timeout=120)
        assert saver.returncode == 0, errors
    levels = tomlkit.parse(path.read_text()).unwrap()["levels"]
    expected = {f"{prefix}-{n}" for prefix in ("a", "b") for n in range(count)}
    assert set(levels) == expected
    assert path.read_text().startswith("# two hiptimers\nwork = 30\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no temp left
