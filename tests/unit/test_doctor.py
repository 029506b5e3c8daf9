"""``hiptimer doctor``: the report's sections, its exit code, and the sound section."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.commands import doctor
from hiptimer.commands.doctor import DoctorOptions, Section, run_doctor
from hiptimer.core.settings import FIELDS, Settings
from hiptimer.sound import clips, ladder
from hiptimer.sound.clips import GAP
from hiptimer.sound.ladder import Rung
from hiptimer.testing import FakeBackend
from tests.home import IsolatedHome

OPTIONS = DoctorOptions(Settings())


def test_sections_print_in_order_with_their_lines_and_problems() -> None:
    out = io.StringIO()
    code = run_doctor(
        OPTIONS,
        out,
        [
            lambda o: Section("First", ("one", "two")),
            lambda o: Section("Second", ("three",), ("it is broken",)),
        ],
    )
    assert out.getvalue() == ("First\n  one\n  two\n\nSecond\n  three\n  problem: it is broken\n")
    assert code == 1


def test_no_problem_exits_zero() -> None:
    assert run_doctor(OPTIONS, io.StringIO(), [lambda o: Section("Fine", ("ok",))]) == 0


def test_the_sound_section_is_in_the_report() -> None:
    assert doctor.audio_section in doctor.SECTIONS


@pytest.fixture
def fake_ladder(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    backend = FakeBackend("fake")
    rungs = [Rung("simpleaudio", None, "not installed"), Rung("fake", backend, "for tests")]
    monkeypatch.setattr(ladder, "find_rungs", lambda: rungs)
    return backend


def test_the_sound_section_names_the_backend_and_plays_the_test_cue(
    fake_ladder: FakeBackend,
) -> None:
    section = doctor.audio_section(OPTIONS)
    assert section.title == "Sound"
    assert section.problems == ()
    assert section.lines[0] == "backend: fake (for tests)"
    assert "  simpleaudio  skipped  not installed" in section.lines
    assert "test cue: played through fake (tone and voice)" in section.lines
    sounds = clips.load_sounds()
    assert fake_ladder.played == [sounds.tones["go"] + GAP + sounds.voice["go"]]


def test_the_sound_section_reports_a_failing_backend_and_the_bell() -> None:
    backend = FakeBackend("fake", start_error="no device")
    rungs = [Rung("fake", backend, "for tests")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ladder, "find_rungs", lambda: rungs)
        section = doctor.audio_section(OPTIONS)
    assert "notice: sound: fake failed (no device); now using the terminal bell" in section.lines
    assert "test cue: rang the terminal bell (no backend could play it)" in section.lines
    assert section.lines[0] == "backend: the terminal bell (fake, tried first, failed here)"


def test_muted_doctor_plays_nothing(fake_ladder: FakeBackend) -> None:
    section = doctor.audio_section(DoctorOptions(Settings(), play=False))
    assert "test cue: not played (--mute)" in section.lines
    assert not fake_ladder.entered.is_set()


def test_broken_sound_files_are_problems_and_exit_one(
    fake_ladder: FakeBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clips, "sounds_dir", lambda: tmp_path)
    out = io.StringIO()
    assert run_doctor(OPTIONS, out, [doctor.audio_section]) == 1
    assert f"problem: {tmp_path}: tick.wav is missing" in out.getvalue()


@pytest.fixture
def user_dirs(home: IsolatedHome, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make this process live in an isolated home; return its config folder."""
    home.enter(monkeypatch)
    return home.config_dir


def test_the_doctor_subcommand_runs_the_report(
    fake_ladder: FakeBackend, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Files\n  settings ")
    assert "\nSound\n  backend: fake (for tests)\n" in out
    assert fake_ladder.played


def test_the_doctor_lists_every_file_and_exits_one_on_a_bad_one(
    fake_ladder: FakeBackend, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = user_dirs / "config.toml"
    settings.write_text("# mine\nwork = 40\n")
    good = user_dirs / "routines" / "good.toml"
    good.write_text('name = "Good"\n[[exercises]]\nname = "Plank"\nsets = 1\nwork = 20\n')
    bad = user_dirs / "routines" / "bad.toml"
    bad.write_text('name = "Bad"\n[[exercises]]\nname = "Plank"\nwork = -3\n')
    before = {p: p.read_bytes() for p in (settings, good, bad)}
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"settings  {settings}  ok" in out
    assert f"routine   {good}  ok" in out
    assert f"routine   {bad}  INVALID" in out
    assert f"problem: {bad}: " in out and "work" in out
    assert "not created yet" in out  # no history yet
    assert {p: p.read_bytes() for p in before} == before  # the doctor only reads


def test_the_settings_section_lists_every_setting_with_its_default_and_limits() -> None:
    settings = Settings(work=45, voice=False)
    section = doctor.settings_section(DoctorOptions(settings, play=False))
    names = [line.split(" = ")[0] for line in section.lines if " = " in line]
    assert names == [f.name for f in FIELDS]
    assert "work = 45  (default 30; 1-3600 seconds; article 30-45 seconds)" in section.lines
    assert "voice = false  (default true; true or false)" in section.lines
    assert section.problems == ()
