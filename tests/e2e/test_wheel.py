"""The wheel: built from this checkout, it carries every cue, and the installed package finds
its own copy of them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from hiptimer.core.cues import TONES, VOICE_PHRASES
from hiptimer.sound.clips import load_sounds

ROOT = Path(__file__).resolve().parents[2]
SOUNDS_DIR = ROOT / "sounds"


def test_the_wheel_carries_every_cue_and_the_package_finds_them(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("hiptimer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    shipped = sorted(p.relative_to(SOUNDS_DIR).as_posix() for p in SOUNDS_DIR.rglob("*.wav"))
    assert len(shipped) >= len(TONES) + len(VOICE_PHRASES)
    missing = [n for n in shipped if f"hiptimer/sounds/{n}" not in names]
    assert missing == []
    # Installed from the wheel, the package finds its own copy (not the checkout's).
    code = (
        "from hiptimer.sound.clips import load_sounds, sounds_dir\n"
        "s = load_sounds()\n"
        "print(sounds_dir())\n"
        "print(len(s.tones), len(s.voice), len(s.problems))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    where, counts = found.stdout.splitlines()
    assert Path(where) == tmp_path / "site" / "hiptimer" / "sounds"
    checkout = load_sounds()  # every cue the unit tests check is here, with no problem
    assert checkout.problems == ()
    assert counts == f"{len(checkout.tones)} {len(checkout.voice)} 0"
