"""End to end: the installed ``hiptimer`` offers the next progression on home from a real
history, and a yes in a real terminal writes config.toml with the user's comments kept."""

from __future__ import annotations

import time
import tomllib

from hiptimer.core.settings import Settings
from tests.clean_sessions import clean_history
from tests.e2e.tmux import Terminal
from tests.e2e.userfiles import hiptimer_path

CONFIG = """\
# my settings, kept by hand
work = 30

[levels]
# the clam stays easy for now
hip-clam = 1
"""


def test_yes_on_home_writes_the_level_and_dose_keeping_the_comments(terminal: Terminal) -> None:
    home = terminal.home
    home.settings_file.parent.mkdir(parents=True, exist_ok=True)
    home.settings_file.write_text(CONFIG, encoding="utf-8")
    # Two clean sessions at 3 × 45 s, recorded through the store as the app records them.
    clean_history(home.history_file, Settings(sets=3, work=45), 2, time.time() - 3600)

    terminal.start(hiptimer_path(), "--mute")
    terminal.wait_for(lambda s: "Glute bridge: ready for the bridge walk? u to move up" in s)
    terminal.keys("u")
    screen = terminal.wait_for(lambda s: "Glute bridge: move up to the bridge walk?" in s)
    assert "Glute bridge at level 2 (Bridge walk), 2 × 30 s." in screen
    assert "Earned by 2 clean sessions in a row at 3 × 45 s." in screen
    assert home.settings_file.read_text(encoding="utf-8") == CONFIG  # nothing before the yes
    terminal.keys("y")
    terminal.wait_for(lambda s: "Hip clam: ready for the side-plank clam? u to move up" in s)
    screen = terminal.wait_for(lambda s: "Bridge walk" in s and "Glute bridge · 2 × 30 s" in s)

    text = home.settings_file.read_text(encoding="utf-8")
    assert text.startswith("# my settings, kept by hand\nwork = 30\n")
    assert "[levels]\n# the clam stays easy for now\nhip-clam = 1\nglute-bridge = 2\n" in text
    assert tomllib.loads(text) == {
        "work": 30,
        "levels": {"hip-clam": 1, "glute-bridge": 2},
        "dose": {"glute-bridge": {"sets": 2, "work": 30}},
    }
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
