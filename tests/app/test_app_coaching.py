"""Pilot tests of what keeps coaching when sound cannot: one-line notices that cover nothing
the workout needs, and the HALFWAY and LAST SET marks, timed by the driver's clock."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from hiptimer.core.settings import Settings
from hiptimer.sound.player import AudioPlayer
from hiptimer.testing import (
    FakeBackend,
    FakeClock,
    RecordingPlayer,
    RecordingSettings,
    memory_sounds,
)
from hiptimer.ui import soundnote
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.soundnote import SoundNote
from tests.app.pilot import SHORT, advance, make_app, start

PCM_ERROR = "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
"""What simpleaudio says on a machine with no sound card."""


def toast_texts(app: HipTimerApp) -> list[str]:
    """The text of every toast on the current screen."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def no_device_player() -> AudioPlayer:
    """A real player whose every backend fails to open a device, as on a machine with no
    sound card (a laptop over SSH, a container)."""
    backends = [
        FakeBackend("simpleaudio", start_error=PCM_ERROR),
        FakeBackend("miniaudio", start_error="failed to init device -401"),
        FakeBackend("aplay", play_error="aplay exited with status 1"),
    ]
    return AudioPlayer(memory_sounds(), backends, on_bell=None)


NO_DEVICE = "No sound device: using the terminal bell · hiptimer doctor explains"

NEEDED = ("#exercise", "#time", "#sets", "#phase-meter", "#reminder", "KeyBar")
"""What the workout needs on screen at its start: the note may cover none of it."""


@pytest.mark.parametrize(
    ("size", "row", "said"),
    [
        ((80, 24), 0, NO_DEVICE),
        ((120, 40), 0, NO_DEVICE),
        # The fact first: the pointer to doctor goes before anything is cut.
        ((50, 15), 0, "No sound device: using the terminal bell"),
        ((60, 18), 0, "No sound device: using the terminal bell"),
        ((80, 15), 0, NO_DEVICE),  # the digits' trims leave the band three rows
    ],
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else None,
)
async def test_no_sound_device_is_one_line_on_the_bands_blank_top_row(
    clock: FakeClock, size: tuple[int, int], row: int, said: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(soundnote, "LEAST_SECONDS", 0)  # read at once: it goes with its phase
    player = no_device_player()
    app = HipTimerApp(player=player, clock=clock, overrides=SHORT)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await start(pilot)
        assert player.wait_idle(5)
        await pilot.pause()
        await pilot.pause()
        assert list(screen.query(Toast)) == []  # not over the key bar
        note = screen.query_one(SoundNote)
        assert str(note.render()).strip() == said
        region = note.region
        assert (region.y, region.height, region.width) == (row, 1, size[0])
        band = screen.query_one("#band").region
        assert band.y == row and band.height == 3  # its top row...
        word = screen.query_one("#phase-word")
        assert word.region.y + word.region.height // 2 == row + 1  # ...above the phase word
        for selector in NEEDED:
            assert not screen.query_one(selector).region.overlaps(region), selector
        await pilot.press("space")  # a pause is not a new phase
        await pilot.pause()
        assert screen.query(SoundNote)
        await pilot.press("space")
        await advance(pilot, clock, 3)
        assert screen.phase_word == "GET READY" and screen.query(SoundNote)
        await advance(pilot, clock, 1)  # getting ready ends: the note goes with it
        assert screen.phase_word == "WORK" and not screen.query(SoundNote)


async def test_the_sound_note_outlives_a_short_get_ready(clock: FakeClock):
    # Getting ready for 4 s (real seconds would be 6 before the note may go): the note stays
    # into the first set rather than flash past.
    player = no_device_player()
    app = HipTimerApp(player=player, clock=clock, overrides=SHORT)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        assert player.wait_idle(5)
        await advance(pilot, clock, 4)
        assert screen.phase_word == "WORK" and screen.query(SoundNote)


@pytest.mark.parametrize(
    ("size", "above_the_keys"),
    [((40, 12), 1), ((30, 10), 1), ((80, 12), 1), ((49, 20), 1), ((24, 8), 0), ((60, 9), 0)],
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else None,
)
async def test_with_a_one_row_band_the_sound_note_takes_the_row_that_covers_least(
    clock: FakeClock, size: tuple[int, int], above_the_keys: int
):
    # Compact: the blank row above the keys. Tiny has no blank row: the note lies over the
    # keys, as the other notices do.
    player = no_device_player()
    app = HipTimerApp(player=player, clock=clock, overrides=SHORT)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await start(pilot)
        assert player.wait_idle(5)
        await pilot.pause()
        await pilot.pause()
        note = screen.query_one(SoundNote)
        keys = screen.query_one("KeyBar").region
        assert note.region == keys.translate((0, -above_the_keys))
        assert str(note.render()).strip().startswith("No sound device")
        others = ("#phase-word", "#exercise", "#time-compact", "#time", "#sets", "#reminder")
        if above_the_keys:
            others += ("#routine-row", "#phase-meter")
        for selector in others:
            widget = screen.query_one(selector)
            assert not widget.display or not widget.region.overlaps(note.region), selector


async def test_halfway_and_last_set_show_for_three_seconds_when_muted(clock: FakeClock):
    player = RecordingPlayer()
    app = make_app(clock, player, settings_store=RecordingSettings(Settings(mute=True)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        mark = screen.query_one("#cue-mark")
        assert screen.mark_shown == "" and not mark.display
        await advance(pilot, clock, 4 + 9)  # set 1 of the bridge, 1 s before halfway
        assert screen.phase_word == "WORK" and screen.mark_shown == ""
        await advance(pilot, clock, 1)
        assert screen.mark_shown == "HALFWAY" and mark.display
        await advance(pilot, clock, 2)
        assert screen.mark_shown == "HALFWAY"
        await advance(pilot, clock, 1)
        assert screen.mark_shown == "" and not mark.display
        await advance(pilot, clock, 7 + 6)  # the rest of set 1, the rest, then set 2 of 2
        assert screen.phase_word == "WORK" and screen.mark_shown == "LAST SET" and mark.display
        await pilot.press("space")  # paused, the mark stays: no time passes
        await advance(pilot, clock, 30)
        assert screen.mark_shown == "LAST SET"
        await pilot.press("space")
        await advance(pilot, clock, 3)
        assert screen.mark_shown == ""
        assert player.played == []  # muted all along: the marks were the only cue


async def test_a_new_phase_takes_the_mark_away(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 10)
        assert screen.mark_shown == "HALFWAY"
        await pilot.press("n")  # on to the rest before the last set
        assert screen.phase_word == "REST" and screen.mark_shown == ""
        await pilot.press("n")
        assert screen.mark_shown == "LAST SET"
        assert player.tones[-1] == "last_set"  # the same moment the sound marks
