"""The functional core imports no UI and no audio library (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["hiptimer.catalog", "hiptimer.plan", "hiptimer.engine", "hiptimer.settings"]
FORBIDDEN = ["textual", "rich", "simpleaudio", "miniaudio"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_or_audio(module: str) -> None:
    probe = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"
