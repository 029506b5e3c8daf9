"""``hiptimer doctor``: the report's sections, its exit code, and the sound section."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hiptimer import audio, doctor
from hiptimer.audio import GAP, Rung
from hiptimer.cli import main
from hiptimer.doctor import DoctorOptions, Section, run_doctor
from hiptimer.settings import Settings
from tests.test_audio import FakeBackend

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
    monkeypatch.setattr(audio, "find_rungs", lambda: rungs)
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
    sounds = audio.load_sounds()
    assert fake_ladder.played == [sounds.tones["go"] + GAP + sounds.voice["go"]]


def test_the_sound_section_reports_a_failing_backend_and_the_bell() -> None:
    backend = FakeBackend("fake", start_error="no device")
    rungs = [Rung("fake", backend, "for tests")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audio, "find_rungs", lambda: rungs)
        section = doctor.audio_section(OPTIONS)
    assert "notice: sound: fake failed (no device); now using the terminal bell" in section.lines
    assert "test cue: rang the terminal bell (no backend could play it)" in section.lines


def test_muted_doctor_plays_nothing(fake_ladder: FakeBackend) -> None:
    section = doctor.audio_section(DoctorOptions(Settings(), play=False))
    assert "test cue: not played (--mute)" in section.lines
    assert not fake_ladder.entered.is_set()


def test_broken_sound_files_are_problems_and_exit_one(
    fake_ladder: FakeBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "sounds_dir", lambda: tmp_path)
    out = io.StringIO()
    assert run_doctor(OPTIONS, out, [doctor.audio_section]) == 1
    assert f"problem: {tmp_path}: tick.wav is missing" in out.getvalue()


def test_the_doctor_subcommand_runs_the_report(
    fake_ladder: FakeBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sound\n  backend: fake (for tests)\n")
    assert fake_ladder.played
