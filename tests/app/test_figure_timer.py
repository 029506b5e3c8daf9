"""The figure's timer wakes it only when the picture it draws changes: a held pose or a
move of less than a dot wakes nothing, and no change goes unseen between two wake-ups."""

from __future__ import annotations

from textual.app import App, ComposeResult

from hiptimer.core.figures import FIGURES
from hiptimer.ui.widgets.figure import WAKE_LATE, FigureView
from tests.app.screen_reader import render

SAMPLES = 25
"""Moments looked at between two wake-ups."""


class OneFigure(App[None]):
    """A figure alone in a room of the workout's size at 80x24 (19 x 7 cells)."""

    CSS = "FigureView { width: 19; height: 7; }"

    def __init__(self, view: FigureView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view


async def test_the_timer_wakes_only_when_the_drawn_frame_changes() -> None:
    now = [100.0]
    view = FigureView(FIGURES["basic-bridge"], clock=lambda: now[0])
    async with OneFigure(view).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        frames = view.frames
        assert view.animating and frames is not None and frames.rate == 6
        start, repetition = now[0], FIGURES["basic-bridge"].tempo.seconds
        wakes = 0
        while True:
            shown = view.frame_lines()
            delay = view.next_change()
            assert delay is not None and delay > 0
            if now[0] + delay >= start + repetition:
                break  # into the next repetition
            # Nothing changes before the timer wakes...
            before = now[0]
            for n in range(SAMPLES):
                now[0] = before + delay * n / SAMPLES
                assert view.frame_lines() == shown
            # ...and every wake-up finds a new picture.
            now[0] = before + delay + WAKE_LATE
            assert view.frame_lines() != shown
            wakes += 1
        # The changes of one repetition: fewer than its frames, far fewer than the 55
        # wake-ups a fixed ten a second took.
        pictures = [frames.lines(step) for step in range(frames.count)]
        changes = sum(pictures[n] != pictures[n - 1] for n in range(frames.count))
        assert wakes == changes < frames.count
        assert wakes / repetition < 4


async def test_a_wake_up_repaints_only_the_cells_that_changed() -> None:
    now = [0.0]
    view = FigureView(FIGURES["basic-bridge"], clock=lambda: now[0])
    async with OneFigure(view).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        asked = []
        original = view.refresh

        def spy(*regions: object, **kwargs: object) -> object:
            asked.append(regions)
            return original(*regions, **kwargs)  # type: ignore[arg-type]

        view.refresh = spy  # type: ignore[method-assign]
        delay = view.next_change()
        assert delay is not None
        now[0] += delay + WAKE_LATE
        view.tick()
        ((region,),) = asked
        assert 0 < region.area < view.size.area
        await pilot.pause()
        await pilot.pause()
        lines = render(pilot.app).lines[: view.size.height]
        assert [line[: view.size.width] for line in lines] == view.frame_lines()


async def test_a_still_figure_sets_no_timer() -> None:
    view = FigureView(FIGURES["basic-bridge"], at=2.5, paused=True)
    async with OneFigure(view).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert not view.animating and view._timer is None
        view.paused = False
        await pilot.pause()
        assert view.animating and view._timer is not None
        view.paused = True
        await pilot.pause()
        assert view._timer is None and view.seconds * view.frames.rate == round(
            view.seconds * view.frames.rate
        )  # stopped on the frame shown
