"""End to end: the article's reset in the installed ``hiptimer``, in a real terminal (tmux), with
sound at its default and a real history file."""

from __future__ import annotations

from tests.e2e.tmux import Terminal, band, countdown
from tests.e2e.userfiles import hiptimer_path

WORDS = "Hips down, reset, squeeze the glutes, go again"


def marked(screen: str, mark: str) -> bool:
    """Whether the band (the first rows) starts a line with ``mark``."""
    return any(line.strip().startswith(mark) for line in screen.splitlines()[:4])


def test_h_in_a_bridge_set_shows_the_reset_and_the_history_says_so(terminal: Terminal) -> None:
    # Sound as a user has it: no --mute, whatever backend this machine offers.
    args = ["--work", "30", "--sets", "1", "--prepare", "2", "--rest", "2"]
    terminal.start(hiptimer_path(), *args, "--exercise-rest", "2", "--switch", "1")
    terminal.wait_for(lambda s: "Start" in s)
    terminal.keys("Enter")
    work = terminal.wait_for(lambda s: band(s) == "WORK" and "h Reset" in s)
    assert "Glute bridge" in work
    first = countdown(work)
    terminal.wait_for(lambda s: countdown(s) not in ([], first), 5)
    before = countdown(terminal.screen())
    terminal.keys("h")
    # The mark is at the band's left; the sound's note may be on the row above it.
    shown = terminal.wait_for(lambda s: marked(s, "RESET") and WORDS in s, 5)
    assert band(shown) == "WORK"
    # The set starts again: the countdown shows what it showed before the key a second time
    # (it only ever counts down, so only a restart brings it back).
    terminal.wait_for(lambda s: countdown(s) != before, 5)
    terminal.wait_for(lambda s: countdown(s) == before, 10)
    terminal.keys("n", "n")  # on to the clams: there the key only says when it works
    terminal.wait_for(lambda s: band(s) == "WORK" and "Hip clam" in s, 5)
    assert "h Reset" not in terminal.screen()
    terminal.keys("h")
    terminal.wait_for(lambda s: "h: reset is for a bridge set" in s, 5)
    terminal.keys("q")
    terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
    terminal.keys("y")
    assert terminal.wait_exit() == "130"
    assert "Traceback" not in terminal.screen()

    (session,) = terminal.home.history()
    bridge = session["sets"][0]
    assert (bridge["exercise_id"], bridge["reset"]) == ("glute-bridge", True)
    assert not any(s["reset"] for s in session["sets"][1:])
