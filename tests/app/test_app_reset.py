"""Pilot tests of the article's reset: ``h`` in a bridge set shows the RESET mark and the reset's
words, plays its own cue and starts the set again; elsewhere it says when it works."""

from __future__ import annotations

from textual.widgets._toast import Toast

from hiptimer.core.catalog import BASIC_BRIDGE
from hiptimer.core.cues import Cue
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.help import HelpScreen
from hiptimer.ui.screens.workout import WorkoutScreen
from hiptimer.ui.widgets.keybar import KeyBar
from tests.app.pilot import advance, make_app, start

WORDS = BASIC_BRIDGE.reset_cue
assert WORDS is not None


def toast_texts(app: HipTimerApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def reminder(screen: WorkoutScreen) -> str:
    return str(screen.query_one("#reminder").render())


def bar(screen: WorkoutScreen) -> str:
    return screen.query_one(KeyBar).text


async def test_h_in_a_bridge_set_shows_the_reset_and_starts_the_set_again(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        assert "h Reset" not in bar(screen)  # not while getting ready
        await advance(pilot, clock, 4 + 12)  # 12 s into the first bridge set of 20
        assert screen.time_shown == "0:08"
        assert "h Reset" in bar(screen)
        player.played.clear()
        await pilot.press("h")
        await pilot.pause()
        assert screen.engine.index == 1 and screen.time_shown == "0:20"  # the set again
        assert screen.mark_shown == "RESET" and screen.query_one("#cue-mark").display
        assert reminder(screen) == WORDS
        assert player.played == [Cue("reset", "reset-basic-bridge", WORDS)]  # no "go" on top
        assert toast_texts(app) == []
        await advance(pilot, clock, 3)
        assert screen.mark_shown == ""  # the mark goes after three seconds...
        assert reminder(screen) == WORDS  # ...the words stay until the next reminder
        await advance(pilot, clock, 17)  # the redone set runs its full 20 s
        assert screen.phase_word == "REST"
        assert screen.engine.resets == {1} and screen.engine.work_done[1] == 20.0


async def test_h_in_a_clam_set_says_when_it_works_and_changes_nothing(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        await pilot.press("n", "n", "n", "n", "n")  # bridge, rest, bridge, rest: clam left
        await pilot.pause()
        phase = screen.engine.phase
        assert phase.is_work and phase.exercise is not None and phase.exercise.id == "hip-clam"
        assert "h Reset" not in bar(screen)
        await advance(pilot, clock, 5)
        shown, played = screen.time_shown, list(player.played)
        await pilot.press("h")
        await pilot.pause()
        assert toast_texts(app) == ["h: reset is for a bridge set, when the hamstrings take over"]
        assert screen.time_shown == shown and screen.engine.index == 5
        assert screen.mark_shown == "" and player.played == played
        assert screen.engine.resets == set()


async def test_the_help_lists_the_reset(clock: FakeClock, player: RecordingPlayer) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
        lines = [line.rstrip() for line in text.splitlines()]
        assert (
            "h       Hamstrings took over: start the bridge set again, recorded as reset" in lines
        )
