"""How far each figure's fastest joint moves between frames, in braille dots, per frame rate.

Run: ``python benchmarks/figure_fps.py [COLUMNS ROWS]`` (default 40 × 10 cells, the
exercises screen's figure at 100 × 30). A movement looks smooth when each frame moves it by
about one dot: fewer frames make it jump, more only repeat the same picture (the widget
skips repainting those). :data:`hiptimer.ui.widgets.figure.FPS` is chosen from this table.
"""

from __future__ import annotations

import math
import sys

from hiptimer.core.figures import FIGURES

RATES = (4, 6, 8, 10, 12, 15, 20, 30)


def worst_step(figure_id: str, fps: float, columns: int, rows: int) -> float:
    """The largest move of any joint from one frame to the next, in dots."""
    figure = FIGURES[figure_id]
    left, bottom, right, top = figure.box()
    scale = min((columns * 2 - 1) / (right - left), (rows * 4 - 1) / (top - bottom))
    frames = figure.frames(fps)
    frames.append(frames[0])
    return max(
        math.dist(a.joints[j][:2], b.joints[j][:2]) * scale
        for a, b in zip(frames, frames[1:], strict=False)
        for j in a.joints
    )


def main() -> None:
    columns, rows = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (40, 10)
    print(f"dots a frame at {columns} x {rows} cells; fps: " + " ".join(f"{r:>5}" for r in RATES))
    for figure_id in FIGURES:
        steps = " ".join(f"{worst_step(figure_id, r, columns, rows):5.1f}" for r in RATES)
        print(f"{figure_id:>34}: {steps}")


if __name__ == "__main__":
    main()
