"""What the full-screen app's start-up does before its first frame (the app's own run is
stood in for: here the composition root alone)."""

from __future__ import annotations

import gc

import pytest

from hiptimer.cli import build_parser
from hiptimer.commands.run import run_app
from hiptimer.commands.userfiles import load_user_files
from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.ui.app import HipTimerApp
from tests.home import IsolatedHome


def test_the_collector_is_off_while_the_app_starts_and_on_again_after(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.enter(monkeypatch)
    seen: list[bool] = []

    def run(app: HipTimerApp) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(HipTimerApp, "run", run)
    args = build_parser().parse_args(["--no-history", "--mute"])
    assert run_app(args, load_user_files(), BUILTIN_ROUTINE, ()) == 0
    assert seen == [False]  # the app turns it on after its first frame
    assert gc.isenabled()


def test_the_collector_is_on_again_when_the_app_fails(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.enter(monkeypatch)

    def run(app: HipTimerApp) -> int:
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(HipTimerApp, "run", run)
    args = build_parser().parse_args(["--no-history", "--mute"])
    with pytest.raises(RuntimeError):
        run_app(args, load_user_files(), BUILTIN_ROUTINE, ())
    assert gc.isenabled()
