"""Pilot tests of the key bar: a group's keys apart, m saying Unmute while muted, and every key
named at every width from 40 columns, descriptions dropped before anything is cut."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from hiptimer.core.catalog import GLUTE_BRIDGE, Routine, RoutineItem
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.widgets.keybar import Key, KeyBar, fit
from tests.app.pilot import advance, make_app, start

BRIDGES = Routine("bridge", "Bridge", (RoutineItem(GLUTE_BRIDGE),))
"""Get ready, bridge sets (where ``h Reset`` shows), done."""

BARS = {
    "home": {
        40: "⏎ Start 1 2 3 Presets s h e q m ?",
        50: "⏎ Start 1 2 3 Presets s Settings h History e q m ?",
        60: "⏎ Start 1 2 3 Presets s Settings h History e Exercises q m ?",
        80: "⏎ Start 1 2 3 Presets s Settings h History e Exercises q Quit m Mute ? Help",
        100: " ⏎ Start  1 2 3 Presets  s Settings  h History  e Exercises  q Quit  m Mute  ? Help",
    },
    "work": {
        40: "space Pause p/← n/→ r h + - m ? q",
        50: "space Pause p/← n/→ r Restart h Reset + - m ? q",
        60: "space Pause p/← n/→ r Restart h Reset + - m Mute ? q",
        80: "space Pause p/← n/→ Back/Next r Restart h Reset + - ±10 s m Mute ? Help q Quit",
        100: " space Pause  p/← n/→ Back/Next  r Restart  h Reset  + - ±10 s  m Mute  ? Help"
        "  q Quit",
    },
    "paused": {
        40: "space Resume p/← n/→ r h + - m ? q",
        50: "space Resume p/← n/→ r Restart h Reset + - m ? q",
        60: "space Resume p/← n/→ r Restart h Reset + - m Mute ? q",
        80: "space Resume p/← n/→ Back/Next r Restart h Reset + - ±10 s m Mute ? Help q Quit",
        100: " space Resume  p/← n/→ Back/Next  r Restart  h Reset  + - ±10 s  m Mute  ? Help"
        "  q Quit",
    },
    "done": {
        40: "esc Home h History q Quit m Mute ? Help",
        50: " esc Home  h History  q Quit  m Mute  ? Help",
        60: " esc Home  h History  q Quit  m Mute  ? Help",
        80: " esc Home  h History  q Quit  m Mute  ? Help",
        100: " esc Home  h History  q Quit  m Mute  ? Help",
    },
}
"""What the bar reads on each screen at each width (bridge work, so ``h Reset`` shows)."""


def bar_line(app: HipTimerApp) -> str:
    """The key bar's line as drawn on the screen, without the blank cells after it."""
    return app.screen.query_one(KeyBar).render_line(0).text.rstrip()


async def reach(pilot: Pilot[int], clock: FakeClock, where: str) -> None:
    """Go from the home screen to ``where``."""
    if where == "home":
        return
    screen = await start(pilot)
    await advance(pilot, clock, 4 + 5)  # 5 s into the bridge set
    assert screen.phase_word == "WORK"
    if where == "paused":
        await pilot.press("space")
    elif where == "done":
        await advance(pilot, clock, 500)  # both sets, the rest between, to the end
        assert isinstance(pilot.app.screen, DoneScreen)
    await pilot.pause()


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100])
@pytest.mark.parametrize("where", list(BARS))
async def test_the_bar_names_every_key_at_every_width(
    where: str, width: int, clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player, routines=[BRIDGES])
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        await reach(pilot, clock, where)
        line = bar_line(app)
        assert line == BARS[where][width]
        assert "…" not in line
        for key in app.screen.query_one(KeyBar).keys:
            for _name, shown in key.keys:
                assert f"{shown} " in f"{line} ", shown


async def test_m_says_unmute_while_muted_on_the_bar_help_and_palette(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "m Mute " in bar_line(app)
        await pilot.press("m")
        await pilot.pause()
        assert app.muted and "m Unmute " in bar_line(app) and "m Mute " not in bar_line(app)
        screen = await start(pilot)
        assert "m Unmute " in bar_line(app)
        titles = {c.title for c in app.get_system_commands(screen)}
        assert "Unmute" in titles and "Mute" not in titles
        await pilot.press("m")
        await pilot.pause()
        assert not app.muted and "m Mute " in bar_line(app)
        assert player.muted is False
        # Muted on the workout, the home screen under it says Unmute when it is back.
        await pilot.press("m")
        await pilot.pause()
        home = app.screen_stack[0]
        assert "m Unmute " in home.query_one(KeyBar).text


async def test_a_groups_keys_are_apart_and_each_presses_its_own(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("space")  # paused: a click that moved on would show
        await pilot.pause()
        bar = screen.query_one(KeyBar)
        text = bar.text
        assert "p/← n/→ Back/Next" in text and "+ - ±10 s" in text
        index = screen.engine.index
        await pilot.click(KeyBar, offset=(text.index("p/← n/→") + 3, 0))  # between the two
        await pilot.pause()
        assert screen.engine.index == index
        await pilot.click(KeyBar, offset=(text.index("n/→"), 0))
        await pilot.pause()
        assert screen.engine.index == index + 1
        assert screen.engine.duration == 20  # the bridge set: the bar now has h Reset
        text = bar.text
        await pilot.click(KeyBar, offset=(text.index("+ -") + 2, 0))  # the minus
        await pilot.pause()
        assert screen.engine.duration == 10


def test_descriptions_of_obvious_keys_go_first_then_from_the_end() -> None:
    keys = [
        Key((("a", "a"),), "Alpha", True),
        Key((("q", "q"),), "Quit", True, obvious=True),
        Key((("b", "b"),), "Beta", True),
    ]
    assert fit(keys, 24).roomy and fit(keys, 24).described == {0, 1, 2}
    assert not fit(keys, 21).roomy and fit(keys, 21).described == {0, 1, 2}
    assert fit(keys, 20).described == {0, 2}  # "a Alpha q b Beta"
    assert fit(keys, 15).described == {0}  # "a Alpha q b"
    assert fit(keys, 10).described == set()  # "a q b"
    assert fit(keys, 3).described == set()  # cut: nothing shorter to show
