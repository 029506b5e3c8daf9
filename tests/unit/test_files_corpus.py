"""Bad files never cost a workout or a byte: every file of ``tests/corpus/`` through the loader
(``tests/e2e/test_files_corpus.py`` runs them through the installed ``hiptimer``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hiptimer.config.routines import load_routine_file, load_routines
from hiptimer.config.settings import load_settings
from hiptimer.core.settings import Settings
from tests.badfiles import CORPUS, ROUTINE_EXPECT, SETTINGS_EXPECT, corpus_file


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in (CORPUS / "settings").iterdir()}
    assert on_disk == set(SETTINGS_EXPECT) - {"five_megabytes.toml"}
    assert {p.name for p in (CORPUS / "routines").iterdir()} == set(ROUTINE_EXPECT) - {
        "five_megabytes.toml"
    }
    assert len(SETTINGS_EXPECT) + len(ROUTINE_EXPECT) >= 30


# --- through the loader ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SETTINGS_EXPECT))
def test_bad_settings_through_the_loader(name: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    shutil.copyfile(corpus_file("settings", name, tmp_path), path)
    before = path.read_bytes()
    settings, problems = load_settings(path)
    messages = [str(p) for p in problems]
    assert messages, "no problem reported"
    assert all(m.startswith(f"{path}: ") for m in messages)
    assert any(SETTINGS_EXPECT[name] in m for m in messages), messages
    assert not any("\x1b" in m or "\x00" in m for m in messages)
    assert isinstance(settings, Settings)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(ROUTINE_EXPECT))
def test_bad_routines_through_the_loader(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    path = folder / name
    shutil.copyfile(corpus_file("routines", name, tmp_path), path)
    (folder / "good.toml").write_text('name = "Good"\n[[exercises]]\nname = "Clam"\n')
    before = path.read_bytes()
    result = load_routine_file(path)
    messages = [str(p) for p in result.problems]
    assert messages, "no problem reported"
    assert all(m.startswith(f"{path}: ") for m in messages)
    assert any(ROUTINE_EXPECT[name] in m for m in messages), messages
    assert not any("\x1b" in m or "\x00" in m for m in messages)
    # The other routines still load beside it.
    assert "good" in [r.id for r in load_routines(folder).routines]
    assert path.read_bytes() == before
