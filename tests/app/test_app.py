"""Pilot tests of the full-screen app, with a fake clock and a recording cue player."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from textual.content import Content
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Static

from hiptimer.core.catalog import GLUTE_BRIDGE, HIP_CLAM, Exercise, Routine, RoutineItem
from hiptimer.core.cues import Cue
from hiptimer.core.events import Finished, PhaseStarted
from hiptimer.core.plan import PhaseKind
from hiptimer.core.ports import RunOnlySettings
from hiptimer.core.settings import Settings
from hiptimer.testing import EventLog, FakeClock, FixedHistory, RecordingPlayer, RecordingSettings
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.confirm import ConfirmQuitScreen
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.help import HelpScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.workout import WorkoutScreen
from hiptimer.ui.widgets.bigdigits import BigDigits
from hiptimer.ui.widgets.bigword import BigWord
from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.setdots import SetDots
from tests.app.pilot import advance, make_app, start


def text_of(widget: Widget) -> str:
    """The plain text a Static or Label shows."""
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def shown(screen: WorkoutScreen) -> tuple[str, str, str, str]:
    """The phase word, the countdown, the side and the set counter, as shown."""
    return (
        screen.phase_word,
        screen.query_one("#time", BigDigits).value,
        screen.query_one("#side", BigWord).word,
        screen.query_one("#sets", SetDots).text,
    )


async def test_home_shows_the_routine_at_a_glance(clock: FakeClock, player: RecordingPlayer):
    app = HipTimerApp(player=player, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        items = app.screen.overview_text
        assert "Glute bridge · 2 × 30 s · article: 2–3 × 30–45 s" in items
        assert "Hip clam · 2 × 30 s each side · article: 2–3 × 30–45 s" in items
        assert "Basic bridge" in items and "Side-lying clam" in items
        assert GLUTE_BRIDGE.why in items
        title = text_of(app.screen.query_one("#routine-title"))
        assert "total 7:15" in title
        assert "Why hips" in text_of(app.screen.query_one("#why"))

        await pilot.press("2")  # the standard preset: 3 × 40 s
        items = app.screen.overview_text
        assert "Glute bridge · 3 × 40 s" in items
        assert "standard preset" in text_of(app.screen.query_one("#routine-title"))
        screen = await start(pilot)
        assert screen.plan.phases[1].duration == 40
        assert screen.plan.phases[1].sets == 3


async def test_phases_run_in_order_with_words_classes_digits_and_cues(
    clock: FakeClock, player: RecordingPlayer
):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert shown(screen) == ("GET READY", "0:04", "", "set 1 of 2  ◉ ○")
        assert phase_is(screen, "-prepare")
        assert [c.voice for c in player.played] == ["get-ready", "next-glute-bridge"]
        assert "Next up: Glute bridge · set 1 of 2" in text_of(screen.query_one("#exercise"))

        await advance(pilot, clock, 1)
        assert shown(screen)[1] == "0:03"
        await advance(pilot, clock, 3)
        assert shown(screen) == ("WORK", "0:20", "", "set 1 of 2  ◉ ○")
        assert phase_is(screen, "-work") and not phase_is(screen, "-prepare")
        assert player.tones == ["tick", "tick", "tick", "go"]
        assert text_of(screen.query_one("#reminder")) == GLUTE_BRIDGE.cues[0]

        await advance(pilot, clock, 12)  # form reminders rotate every 12 s
        assert text_of(screen.query_one("#reminder")) == GLUTE_BRIDGE.cues[1]
        assert shown(screen)[1] == "0:08"

        await advance(pilot, clock, 8)
        assert shown(screen)[0] == "REST" and phase_is(screen, "-rest")
        assert "halfway" in player.tones and player.tones[-1] == "rest"
        assert text_of(screen.query_one("#exercise")) == "Next up: Glute bridge · set 2 of 2"
        # Set 1 showed reminders 0 and 1; set 2 opens with the next one.
        assert text_of(screen.query_one("#reminder")) == GLUTE_BRIDGE.cues[2]

        await advance(pilot, clock, 6)
        assert shown(screen) == ("WORK", "0:20", "", "set 2 of 2  ● ◉")
        assert player.tones[-1] == "last_set"
        await advance(pilot, clock, 20)
        assert shown(screen)[0] == "REST"
        assert text_of(screen.query_one("#exercise")) == (
            "Next up: Hip clam · set 1 of 2 · left side"
        )
        await advance(pilot, clock, 8)
        assert shown(screen) == ("WORK", "0:20", "LEFT", "set 1 of 2  ◉ ○")
        assert text_of(screen.query_one("#reminder")) == HIP_CLAM.cues[0]
        await advance(pilot, clock, 20)
        assert shown(screen) == ("SWITCH SIDES", "0:03", "RIGHT", "set 1 of 2  ◉ ○")
        assert phase_is(screen, "-switch")
        assert player.played[-1].voice == "switch-sides"
        await advance(pilot, clock, 3)
        assert shown(screen) == ("WORK", "0:20", "RIGHT", "set 1 of 2  ◉ ○")


async def test_pause_freezes_everything(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 5.5)
        before = shown(screen)
        assert before[:2] == ("WORK", "0:15")
        cues_before = list(player.played)

        await pilot.press("space")
        assert screen.has_class("-paused")
        assert screen.phase_word == "PAUSED · WORK"
        assert screen.query_one("#paused-note").display
        await advance(pilot, clock, 120)
        assert shown(screen)[1:] == before[1:]
        assert player.played == cues_before
        assert screen.engine.remaining(clock.now()) == pytest.approx(14.5)

        await pilot.press("space")
        assert not screen.has_class("-paused")
        assert screen.phase_word == "WORK"
        assert not screen.query_one("#paused-note").display
        await advance(pilot, clock, 0.5)
        assert shown(screen)[1] == "0:14"


async def test_next_previous_restart_and_adjust(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("n")
        assert shown(screen)[:2] == ("WORK", "0:20")
        await pilot.press("right")
        assert shown(screen)[0] == "REST"
        await pilot.press("p")
        assert shown(screen)[:2] == ("WORK", "0:20")
        await pilot.press("left")
        assert shown(screen)[:2] == ("GET READY", "0:04")
        await pilot.press("n")

        await advance(pilot, clock, 7)
        assert shown(screen)[1] == "0:13"
        await pilot.press("r")
        assert shown(screen)[1] == "0:20"
        await pilot.press("plus")
        assert shown(screen)[1] == "0:30"
        await advance(pilot, clock, 2)
        assert shown(screen)[1] == "0:28"
        await pilot.press("minus")
        assert shown(screen)[1] == "0:18"
        await pilot.press("minus", "minus")  # never shorter than one second from now
        assert shown(screen)[1] == "0:01"
        await advance(pilot, clock, 1)
        assert shown(screen)[0] == "REST"


async def test_mute_toggles_the_badge_and_stops_cues(clock: FakeClock, player: RecordingPlayer):
    store = RecordingSettings()
    changes = store.mutes
    app = make_app(clock, player, settings_store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        badge = screen.query_one("#muted-badge")
        assert not badge.display
        await pilot.press("m")
        assert badge.display and text_of(badge) == "MUTED"
        assert player.muted and changes == [True]
        played = len(player.played)
        await advance(pilot, clock, 4 + 20)  # ticks, go, halfway, rest: all silent
        assert len(player.played) == played
        assert shown(screen)[0] == "REST"  # the screen carries on
        await pilot.press("m")
        assert not badge.display
        assert not player.muted and changes == [True, False]
        await advance(pilot, clock, 6)
        assert player.tones[-1] == "last_set"


async def test_starts_muted_from_settings(clock: FakeClock, player: RecordingPlayer):
    from hiptimer.core.settings import Settings

    app = make_app(clock, player, settings_store=RecordingSettings(Settings(mute=True)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert player.muted and screen.query_one("#muted-badge").display
        assert player.played == []
        await advance(pilot, clock, 500)  # to the end: the done screen says it too
        assert isinstance(app.screen, DoneScreen)
        assert app.screen.query_one("#muted-badge").display


async def test_quit_asks_then_stops_through_the_engine(clock: FakeClock, player: RecordingPlayer):
    log = EventLog()
    app = make_app(clock, player, sinks=[log])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 10)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert screen.engine.state.name == "PAUSED"  # the clock does not run while asking
        await pilot.press("n")
        assert app.screen is screen
        assert screen.engine.state.name == "RUNNING"
        assert not any(isinstance(e, Finished) for e in log.events)

        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
    finished = [e for e in log.events if isinstance(e, Finished)]
    assert len(finished) == 1 and not finished[0].completed
    assert finished[0].clock == pytest.approx(14.0)
    assert app.return_code == 130  # stopped early, as line mode's Ctrl+C


async def test_quit_button_click_and_ctrl_c(clock: FakeClock, player: RecordingPlayer):
    log = EventLog()
    app = make_app(clock, player, sinks=[log])
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("q")
        await pilot.click("#stay")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("ctrl+c")  # no question: Ctrl+C ends it at once
        await pilot.pause()
    assert [e.completed for e in log.events if isinstance(e, Finished)] == [False]
    assert app.return_code == 130


async def test_quitting_when_no_workout_runs_exits_0(clock: FakeClock, player: RecordingPlayer):
    app = make_app(
        clock,
        player,
        overrides={"prepare": 1, "work": 1, "sets": 1, "rest": 1, "exercise_rest": 1, "switch": 1},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 60)
        assert isinstance(app.screen, DoneScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_done_screen_after_the_last_set(clock: FakeClock, player: RecordingPlayer):
    log = EventLog()
    app = make_app(
        clock, player, sinks=[log], history=FixedHistory(week="2nd of 3 this week"), overrides={}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 500)
        assert isinstance(app.screen, DoneScreen)
        assert app.screen.has_class("-done")
        assert text_of(app.screen.query_one("#done-stats")) == "6 sets completed · 7:15 active"
        assert text_of(app.screen.query_one("#week-summary")) == "2nd of 3 this week"
        assert player.tones[-1] == "done"
        assert [e.phase.kind for e in log.events if isinstance(e, PhaseStarted)][-1] == (
            PhaseKind.DONE
        )
        await pilot.click("#home")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_start_with_a_click_and_help_screen(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app.screen.query_one("#help-keys"))
        for words in ("Pause or resume", "Skip to the next phase", "Turn the sound off"):
            assert words in keys
        assert keys.count("\nq ") + keys.startswith("q ") == 1
        assert keys.count("space") == 1 and keys.count("\nm ") == 1
        await pilot.press("escape")
        assert isinstance(app.screen, WorkoutScreen)
        # Muted, the one line for m says what m does now.
        await pilot.press("m", "question_mark")
        keys = text_of(app.screen.query_one("#help-keys"))
        assert "Turn the sound back on" in keys and "Turn the sound off" not in keys
        assert keys.count("\nm ") == 1


async def test_help_lists_only_the_keys_that_work_here(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app.screen.query_one("#help-keys"))
        assert "Turn the sound off" in keys
        for words in ("Pause or resume", "Skip to the next phase", "Restart this phase"):
            assert words not in keys


def phase_is(screen: Screen[object], css_class: str) -> bool:
    """Whether the phase band and bar wear ``css_class`` (the colour of the phase)."""
    band = screen.query_one("#band")
    return band.has_class(css_class) and screen.query_one("#phase-meter").has_class(css_class)


def footer_keys(screen: WorkoutScreen) -> dict[str, str]:
    """What the footer offers: key to description, for the bindings shown and enabled."""
    return {
        key: active.binding.description
        for key, active in screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


async def test_footer_says_resume_while_paused(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert footer_keys(screen)["space"] == "Pause"
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(screen)["space"] == "Resume"
        footer_text = screen.query_one(KeyBar).text
        assert "space Resume" in footer_text and "Pause" not in footer_text
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(screen)["space"] == "Pause"
        assert "space Pause" in screen.query_one(KeyBar).text
        assert screen.engine.state.name == "RUNNING"


async def test_clicking_a_key_on_the_bar_presses_it(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        bar = screen.query_one(KeyBar)
        text = bar.text
        assert text.startswith(" space Pause  p/← n/→ Back/Next  r Restart")
        await pilot.click(KeyBar, offset=(text.index("Pause"), 0))
        await pilot.pause()
        assert screen.engine.state.name == "PAUSED"
        assert "space Resume" in bar.text
        # A group shows two keys: each one presses its own.
        index = screen.engine.index
        await pilot.click(KeyBar, offset=(bar.text.index("n/→"), 0))
        await pilot.pause()
        assert screen.engine.index == index + 1
        await pilot.click(KeyBar, offset=(bar.text.index("p/←"), 0))
        await pilot.pause()
        assert screen.engine.index == index
        # The gaps between keys press nothing.
        await pilot.click(KeyBar, offset=(bar.text.index("  r Restart") + 1, 0))
        await pilot.pause()
        assert screen.engine.index == index and screen.engine.state.name == "PAUSED"


async def test_the_bar_squeezes_its_gaps_before_it_crops(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        roomy = app.screen.query_one(KeyBar).text
        assert roomy.startswith(" ⏎ Start  1 2 3 Presets  s Settings")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        tight = app.screen.query_one(KeyBar).text
        assert tight.startswith("⏎ Start 1 2 3 Presets") and tight.endswith("? Help")
        assert "e Exercises" in tight


async def test_command_palette_offers_the_main_actions(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        home_titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Start workout" in home_titles
        screen = await start(pilot)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        for title in ("Pause / resume", "Next phase", "Previous phase", "Mute"):
            assert title in commands
        assert "Unmute" not in commands
        commands["Next phase"].callback()
        await pilot.pause()
        assert screen.phase_word == "WORK"
        commands["Add 10 seconds"].callback()
        await pilot.pause()
        assert shown(screen)[1] == "0:30"
        commands["Mute"].callback()
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert app.muted and "Unmute" in commands and "Mute" not in commands
        commands["Unmute"].callback()
        await pilot.pause()
        assert not app.muted


async def test_routine_picker_when_there_are_several(clock: FakeClock, player: RecordingPlayer):
    short = Routine(id="clams", name="Just clams", items=(RoutineItem(HIP_CLAM, sets=1),))
    app = make_app(
        clock, player, routines=[short, Routine("b", "Bridges", (RoutineItem(GLUTE_BRIDGE),))]
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Just clams" in text_of(app.screen.query_one("#routine-title"))
        await pilot.press("down")
        assert "Bridges" in text_of(app.screen.query_one("#routine-title"))
        screen = await start(pilot)
        assert screen.plan.routine.name == "Bridges"


TRICKY = ("[/b]", "[0]", "[bold red]not bold[/]", "[@click=app.quit]x[/]")


async def test_text_from_routine_files_is_never_markup(clock: FakeClock, player: RecordingPlayer):
    odd = Exercise(
        id="odd",
        name="[/b]",
        per_side=True,
        targets="[0]",
        why="[bold red]not bold[/]",
        cues=TRICKY,
    )
    routine = Routine(id="odd", name="[0] routine [/]", items=(RoutineItem(odd),))
    app = make_app(clock, player, routines=[routine], notices=["bad file: [/b] at [0]"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[0] routine [/]" in text_of(app.screen.query_one("#routine-title"))
        assert "[bold red]not bold[/]" in app.screen.overview_text
        screen = await start(pilot)
        assert "Next up: [/b]" in text_of(screen.query_one("#exercise"))
        await advance(pilot, clock, 4)
        assert text_of(screen.query_one("#exercise")).startswith("[/b]")
        assert text_of(screen.query_one("#reminder")) == "[/b]"
        await advance(pilot, clock, 12)
        assert text_of(screen.query_one("#reminder")) == "[0]"
        await pilot.pause()
        assert app.is_running


async def test_any_size_and_resize_mid_workout(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 5)
        assert screen.query_one("#middle").display
        assert not screen.query_one("#time-compact").display
        for size in ((40, 12), (20, 6), (49, 30), (120, 40), (10, 3), (80, 14)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            compact = size[0] < 50 or size[1] < 15
            assert screen.has_class("-narrow" if size[0] < 50 else "-wide")
            assert screen.query_one("#middle").display is not compact
            assert screen.query_one("#time-compact").display is compact
            await advance(pilot, clock, 1)
        assert text_of(screen.query_one("#time-compact", Label)).startswith("0:")
        await pilot.resize_terminal(20, 6)
        await pilot.press("question_mark")
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 130


@pytest.mark.parametrize("figures", [True, False], ids=["figures", "figures-off"])
async def test_no_timers_while_counting(
    clock: FakeClock, player: RecordingPlayer, monkeypatch: pytest.MonkeyPatch, figures: bool
):
    """The screen repaints from engine events only: nothing on it starts a timer through
    Textual's ``set_interval`` or ``set_timer`` (``auto_refresh`` goes through them too),
    not even the moving figure, which wakes itself only when its picture changes. A timer
    created paused is Textual's own repaint timer, resumed only when a widget asks for a
    refresh, so it is left out."""
    started: list[tuple[MessagePump, str, float]] = []

    def spy_on(name: str) -> None:
        original = getattr(MessagePump, name)

        def spy(self: MessagePump, delay: float, *args: Any, **kwargs: Any) -> Any:
            if not kwargs.get("pause", False):
                started.append((self, name, delay))
            return original(self, delay, *args, **kwargs)

        monkeypatch.setattr(MessagePump, name, spy)

    spy_on("set_interval")
    spy_on("set_timer")
    settings = RunOnlySettings(Settings(figures=figures))
    app = make_app(clock, player, settings_store=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 6)
        assert screen.time_shown == "0:18"  # counting, on engine events alone
        on_screen = set(screen.walk_children(with_self=True))
        assert [t for t in started if t[0] in on_screen] == []
        assert screen.query_one(FigureView).animating is figures


async def test_clock_jump_pauses_and_says_why(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await clock.settle()
        # Move the time with nobody waiting on it: the driver finds a deadline long gone.
        screen.driver._wake.set()
        clock._now += 60
        await pilot.pause()
        await clock.settle()
        await pilot.pause()
        assert screen.has_class("-paused")
        messages = [n.message for n in app._notifications]
        assert any("clock jumped" in m for m in messages)


async def test_compact_time_counts_and_catches_up_after_a_resize(
    clock: FakeClock, player: RecordingPlayer
):
    app = make_app(clock, player)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await start(pilot)
        compact = screen.query_one("#time-compact", Label)
        await advance(pilot, clock, 4 + 20 + 6 + 20 + 8 + 2)  # clam, left side
        assert text_of(compact) == "0:18 · LEFT"
        await advance(pilot, clock, 1)
        assert text_of(compact) == "0:17 · LEFT"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await advance(pilot, clock, 5)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert text_of(compact) == "0:12 · LEFT"


async def test_a_cue_goes_out_before_the_screen_is_updated(clock: FakeClock):
    # The sound is due at the deadline; redrawing the band for the new phase must not
    # delay it. When "go" is played, the band still says GET READY.
    seen: list[tuple[str, str]] = []

    class Watching(RecordingPlayer):
        def play(self, cues: Sequence[Cue]) -> None:
            super().play(cues)
            screen = app.screen
            if isinstance(screen, WorkoutScreen):
                seen.extend((cue.tone or "", screen.phase_word) for cue in cues)

    app = make_app(clock, Watching())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 4)
        assert ("go", "GET READY") in seen
        assert shown(app.screen)[0] == "WORK"  # type: ignore[arg-type]


async def test_the_program_freezes_start_up_after_the_first_frame_and_the_rest_at_a_workout(
    clock: FakeClock, player: RecordingPlayer
):
    import gc

    # Some Pythons freeze objects of their own at start-up (3.12.1 begins at 375): count
    # from what is frozen before the app runs. The program turns the collector off for
    # start-up (commands.run); the app turns it on after the first frame.
    before = gc.get_freeze_count()
    gc.disable()
    app = make_app(clock, player, freeze_gc=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            at_first_frame = gc.get_freeze_count()
            assert at_first_frame - before > 10_000  # Textual, the app, the home screen
            await start(pilot)
            frozen = gc.get_freeze_count()  # and what came since, after a collection
            assert frozen - before > 10_000
            await advance(pilot, clock, 500)  # to the end
            assert isinstance(app.screen, DoneScreen)
            await pilot.press("enter")  # home
            await start(pilot)  # a second workout freezes nothing more
            assert gc.get_freeze_count() <= frozen
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_not_told_to_leaves_the_collector_alone(
    clock: FakeClock, player: RecordingPlayer
):
    import gc

    before = gc.get_freeze_count()
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await start(pilot)
        assert gc.get_freeze_count() == before


async def test_two_starts_queued_on_home_open_one_workout() -> None:
    # Two Enters read together reach home before the first start is handled.
    app = HipTimerApp(player=RecordingPlayer(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.action_start()
        home.action_start()
        await pilot.pause()
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [HomeScreen, WorkoutScreen]
