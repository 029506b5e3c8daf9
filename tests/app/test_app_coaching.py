"""Pilot tests of what keeps coaching when sound cannot: one-line notices that cover nothing
the workout needs, and the HALFWAY and LAST SET marks, timed by the driver's clock."""

from __future__ import annotations

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
from hiptimer.ui.app import HipTimerApp
from tests.app.pilot import SHORT, advance, make_app, start

PCM_ERROR = "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
"""What simpleaudio says on a machine with no sound card."""


def toast_texts(app: HipTimerApp) -> list[str]:
    """The text of every toast on the current screen."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_no_sound_device_is_one_line_over_the_key_bar(clock: FakeClock):
    # A real player whose every backend fails to open a device, as on a machine with no
    # sound card: the app must say so in one line that covers only the key bar.
    backends = [
        FakeBackend("simpleaudio", start_error=PCM_ERROR),
        FakeBackend("miniaudio", start_error="failed to init device -401"),
        FakeBackend("aplay", play_error="aplay exited with status 1"),
    ]
    player = AudioPlayer(memory_sounds(), backends, on_bell=None)
    app = HipTimerApp(player=player, clock=clock, overrides=SHORT)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        assert player.wait_idle(5)
        await pilot.pause()
        await pilot.pause()
        toasts = list(screen.query(Toast))
        assert len(toasts) == 1
        text = str(toasts[0].render())
        assert text == "No sound device: using the terminal bell · hiptimer doctor explains"
        region = toasts[0].region
        key_bar = screen.query_one("KeyBar").region
        assert (region.y, region.height) == (key_bar.y, 1)
        # The digits, the set, both bars and the form reminder are all above it.
        for selector in ("#time", "#sets", "#phase-meter", "#reminder", "#routine-row"):
            assert screen.query_one(selector).region.bottom <= region.y, selector


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
