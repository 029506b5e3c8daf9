"""The installed full-screen app with no sound device at all, in a real terminal (tmux)."""

from __future__ import annotations

import time
import tomllib

from hiptimer.sound.clips import load_sounds
from tests.e2e.alsa_capture import MISSING_DEVICE_CONFIG, capture_home, captures
from tests.e2e.tmux import Terminal, band, short_run
from tests.e2e.userfiles import hiptimer_path


def test_no_device_no_alsa_text_and_one_notice_then_the_bell(terminal: Terminal) -> None:
    # A default ALSA device that does not exist: libasound would print "ALSA lib ..." on the
    # terminal the moment anything opened it, over the full-screen UI.
    (terminal.home.root / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    terminal.start(hiptimer_path(), *short_run(mute=False))
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    terminal.keys("Enter")
    screens: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        screen = terminal.screen()
        screens.append(screen)
        if band(screen) == "DONE" and "Workout complete" in screen:
            break
        time.sleep(0.1)
    seen = "\n".join(screens)
    assert "ALSA lib" not in seen
    # The fallback is announced once (the notice stays up for a while, so it shows on many
    # screens, but never twice on one), and the workout runs to the end on the bell.
    notices = [s.count("terminal bell") for s in screens]
    assert max(notices) == 1, seen
    assert band(screens[-1]) == "DONE"
    # One short line on the band's top row, blank without it: the phase word below it, and
    # the set, the bars, the form reminder and the keys all stay in sight.
    with_notice = [s.splitlines() for s in screens if "terminal bell" in s]
    assert with_notice
    for lines in with_notice:
        rows = [i for i, line in enumerate(lines) if "terminal bell" in line]
        assert rows == [0], "\n".join(lines)
        assert "No sound device: using the terminal bell · hiptimer doctor explains" in lines[0]
        assert "failed" not in "\n".join(lines)
        assert band("\n".join(lines)) is not None, "\n".join(lines)
        assert any("routine" in line for line in lines), "\n".join(lines)
        assert "space" in lines[-1] and "? Help" in lines[-1], "\n".join(lines)


def test_the_mute_key_is_remembered_in_the_settings_file(terminal: Terminal) -> None:
    config = terminal.home.settings_file
    config.parent.mkdir(parents=True)
    config.write_text("# my settings\nwork = 3\n")
    terminal.start(hiptimer_path(), "--no-history")
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    terminal.keys("m")
    deadline = time.monotonic() + 10
    while "mute" not in tomllib.loads(config.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
    text = config.read_text()
    assert text.startswith("# my settings\nwork = 3\n")  # the user's lines are kept
    assert tomllib.loads(text) == {"work": 3, "mute": True}


def test_started_muted_the_sounds_load_and_play_once_unmuted(terminal: Terminal) -> None:
    # Started muted, the app loads no sounds; the m key loads them and the workout is heard.
    target = capture_home(terminal.home.root)
    terminal.start(hiptimer_path(), *short_run(work=2))
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    terminal.keys("m")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "DONE", timeout=60)
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
    heard = b"".join(captures(target))
    tones = load_sounds().tones
    for name in ("go", "switch", "done"):
        assert tones[name] in heard, f"the {name} tone was not played"
