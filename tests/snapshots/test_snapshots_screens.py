"""SVG snapshots of the settings and history screens, reviewed by eye before they were committed.

Update with ``pytest tests/snapshots/test_snapshots_screens.py --snapshot-update`` and look at every
changed file (render it to PNG with cairosvg or ``rsvg-convert``) before committing it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from hiptimer.config.settings import load_settings
from hiptimer.config.store import SettingsFile
from hiptimer.store.sessions import load_overview
from hiptimer.store.trends import load_trends
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from tests.samples import BROKEN_FILE, TODAY, USER_FILE, make_climb_history, make_history


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in a temporary folder (paths show as ``config.toml``) on UTC (times are fixed)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


def settings_app(content: bytes | None) -> HipTimerApp:
    path = Path("config.toml")
    if content is not None:
        path.write_bytes(content)
    return HipTimerApp(
        settings_store=SettingsFile(path, load_settings(path).settings),
        player=RecordingPlayer(),
        clock=FakeClock(),
    )


def history_app(on: bool = True) -> HipTimerApp:
    path = Path("history.sqlite3")
    make_history(path)
    return HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(lambda: load_overview(path, 2, today=TODAY)) if on else None,
    )


def climb_app() -> HipTimerApp:
    """The history of an exercise climb, with each exercise's chart."""
    path = Path("history.sqlite3")
    make_climb_history(path, custom="Single-leg balance")
    return HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(
            lambda: load_overview(path, 2, today=TODAY),
            trends=lambda: load_trends(path, today=TODAY),
        ),
    )


def saved(screen: object) -> bool:
    """Whether the settings screen has answered a save (its status line says so)."""
    from textual.css.query import NoMatches
    from textual.widgets import Static

    try:
        status = screen.query_one("#settings-status", Static)  # type: ignore[attr-defined]
    except NoMatches:  # the screen closed after a good save
        return True
    text = str(status.content)
    return "run only" in text or "Not saved" in text


def keys(*pressed: str, charts: bool = False) -> Callable[[Pilot[object]], object]:
    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        # The History screen reads each exercise's weeks after it opens: wait for them.
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # A save writes in a thread and then says how it went: wait for its words (a busy
        # machine can take longer than one pause), for at most 10 s.
        for _ in range(200):
            if "ctrl+s" not in pressed or saved(pilot.app.screen):
                break
            await pilot.pause(0.05)
        if charts:
            pilot.app.screen.query_one("#history-trends").scroll_visible(animate=False, top=True)
            await pilot.pause()

    return run_before


DOSES = "\n[dose.glute-bridge]\nsets = 2\nwork = 30\n\n[dose.hip-clam]\nsets = 3\nwork = 40\n"
"""What two accepted offers to move up leave in the settings file."""


async def edit_doses(pilot: Pilot[object]) -> None:
    """Press the Full preset, clear the bridge's own dose and type 12 sets for the clam."""
    await pilot.click("#settings-preset-full")
    await pilot.click("#dose-clear-0")
    sets = pilot.app.screen.query_one("#dose-sets-1", Input)
    sets.focus()
    await pilot.pause()
    sets.select_all()
    await pilot.press("1", "2")
    await pilot.pause()


CASES: dict[str, tuple[str, tuple[int, int], tuple[str, ...]]] = {
    "settings": ("user", (80, 24), ("s",)),
    # Sets set to 12 (out of range) and a save attempted.
    "settings_invalid": ("user", (80, 24), ("s", "tab", "1", "2", "ctrl+s")),
    "settings_unparseable": ("broken", (80, 24), ("s", "ctrl+s")),
    "settings_narrow": ("user", (40, 12), ("s",)),
    # Own doses (from moving up): the note by Work and Sets, a row under each level.
    "settings_doses": ("doses", (80, 24), ("s",)),
    # The Full preset pressed, the bridge's dose cleared and the clam's sets typed wrong.
    "settings_doses_edited": ("doses_edited", (80, 24), ("s",)),
    # Tabbed down to the bridge's own sets (the form scrolls to it).
    "settings_doses_narrow": ("doses", (40, 12), ("s", *("tab",) * 10)),
    "history": ("history", (80, 24), ("h",)),
    "history_narrow": ("history", (40, 12), ("h",)),
    "history_off": ("off", (80, 24), ("h",)),
    "history_climb": ("climb", (100, 30), ("h",)),
    "history_climb_charts": ("charts", (100, 30), ("h",)),
    "history_climb_charts_80": ("charts", (80, 24), ("h",)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen_snapshot(name: str, here: Path, snap_compare: Callable[..., bool]) -> None:
    kind, size, pressed = CASES[name]
    if kind == "user":
        app = settings_app(USER_FILE.encode())
    elif kind.startswith("doses"):
        app = settings_app((USER_FILE + DOSES).encode())
    elif kind == "broken":
        app = settings_app(BROKEN_FILE)
    elif kind in ("climb", "charts"):
        app = climb_app()
    else:
        app = history_app(on=kind == "history")
    run_before = keys(*pressed, charts=kind == "charts")
    if kind == "doses_edited":
        opened = run_before

        async def run_before(pilot: Pilot[object]) -> None:
            await opened(pilot)
            await edit_doses(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
