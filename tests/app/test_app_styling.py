"""What a mute toggle or the bell's flash restyles and what opening a screen re-parses: all run
on the event loop that plays the cues, so each is kept to the widgets and the file concerned."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.screens.confirm import ConfirmQuitScreen
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.exercises import ExercisesScreen
from hiptimer.ui.screens.help import HelpScreen
from hiptimer.ui.screens.history import HistoryScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from hiptimer.ui.stylesheets import set_flash
from hiptimer.ui.widgets.mutedbadge import MutedBadge
from tests.app.pilot import advance, make_app, start


@contextmanager
def restyled(app: App[object]) -> Iterator[list[DOMNode]]:
    """Collect every node the app's stylesheet is applied to while the block runs."""
    stylesheet = app.stylesheet
    nodes: list[DOMNode] = []
    original = stylesheet.apply

    def apply(node: DOMNode, **kwargs: object) -> None:
        nodes.append(node)
        original(node, **kwargs)  # type: ignore[arg-type]

    stylesheet.apply = apply  # type: ignore[method-assign]
    try:
        yield nodes
    finally:
        del stylesheet.apply


async def test_a_mute_toggle_restyles_only_the_muted_badges(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        badge = screen.query_one("#muted-badge", MutedBadge)
        with restyled(app) as nodes:
            await pilot.press("m")
        # A class on the app restyled the whole screen, about 40 nodes, at every press. Now
        # the badges alone: this one, and home's under the workout.
        assert badge.display and badge in nodes
        assert all(isinstance(node, MutedBadge) for node in nodes), nodes
        with restyled(app) as nodes:
            await pilot.press("m")
        assert not badge.display and badge in nodes
        assert all(isinstance(node, MutedBadge) for node in nodes), nodes


async def test_mute_reaches_the_screen_under_the_workout(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("m")
        await advance(pilot, clock, 500)
        await pilot.press("enter")  # from the done screen, back home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#home-muted").display


async def test_muted_on_the_done_screen(clock: FakeClock, player: RecordingPlayer) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 500)
        done = app.screen
        assert isinstance(done, DoneScreen) and not done.query_one("#muted-badge").display
        await pilot.press("m")
        assert done.query_one("#muted-badge").display


async def test_screens_open_without_re_parsing_every_stylesheet(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    # Textual re-parses all it holds when a screen brings a stylesheet: 20 to 80 ms at the
    # workout's start and again at its end. The app reads the screen's file first.
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reparses: list[None] = []
        stylesheet = app.stylesheet
        original = stylesheet.reparse

        def reparse() -> None:
            reparses.append(None)
            original()

        stylesheet.reparse = reparse  # type: ignore[method-assign]
        screen = await start(pilot)
        # The workout's own rules apply from its first frame: the band is three rows high.
        assert screen.query_one("#band").region.height == 3
        await advance(pilot, clock, 500)
        assert isinstance(app.screen, DoneScreen)
        assert app.screen.query_one("#done-buttons").region.height == 1
        assert reparses == []


async def test_the_flash_restyles_its_screen_alone_and_looks_as_a_full_restyle(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        for on in (True, False):
            with restyled(app) as nodes:
                set_flash(screen, on)
            # A class change on the screen restyled its 20 widgets, twice for every cue.
            assert [node for node in nodes if isinstance(node, Widget)] == [screen]
            assert screen.has_class("-flash") is on
            await pilot.pause()
            shown = app.export_screenshot()
            app.update_styles(screen)  # what restyling every widget would draw
            await pilot.pause()
            assert app.export_screenshot() == shown


@pytest.mark.parametrize(
    ("keys", "screen_type", "styled", "rule"),
    [
        (["s"], SettingsScreen, "#settings-title", "background"),
        (["h"], HistoryScreen, "#history-title", "background"),
        (["e"], ExercisesScreen, "#exercises-list", "width"),
        (["question_mark"], HelpScreen, "#help-dialog", "max_width"),
        (["enter", "q"], ConfirmQuitScreen, "#dialog", "max_width"),
    ],
    ids=["settings", "history", "exercises", "help", "quit-dialog"],
)
async def test_the_other_screens_open_without_re_parsing_every_stylesheet(
    clock: FakeClock,
    player: RecordingPlayer,
    keys: list[str],
    screen_type: type[Screen[object]],
    styled: str,
    rule: str,
) -> None:
    # Each first opening re-parsed every stylesheet: about 10 ms of the loop's CPU.
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reparses: list[None] = []
        stylesheet = app.stylesheet
        original = stylesheet.reparse

        def reparse() -> None:
            reparses.append(None)
            original()

        stylesheet.reparse = reparse  # type: ignore[method-assign]
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        # The screen's own file styles it from its first frame.
        assert app.screen.query_one(styled).styles.has_rule(rule)
        assert reparses == []
