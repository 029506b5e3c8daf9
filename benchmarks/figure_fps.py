"""How far each figure's fastest joint moves between frames, in braille dots, per frame rate.

Run: ``python benchmarks/figure_fps.py [COLUMNS ROWS]`` (default 40 × 10 cells, the
exercises screen's figure at 100 × 30; the workout's is 19 × 7 at 80 × 24 and 29 × 7 at
100 × 30). A movement looks smooth when each frame moves it by about one dot: fewer frames
make it jump, more only repeat the same picture. The last column is the rate the figure is
drawn at in that room (:func:`hiptimer.core.figures.frame_rate`: the slowest of
:data:`~hiptimer.core.figures.FRAME_RATES` within
:data:`~hiptimer.core.figures.SMOOTH_STEP` dots a frame).
"""

from __future__ import annotations

import sys

from hiptimer.core.braille import dots_per_unit
from hiptimer.core.figures import FIGURES, frame_rate, largest_step

RATES = (4, 6, 8, 10, 12, 15, 20, 30)


def worst_step(figure_id: str, fps: float, columns: int, rows: int) -> float:
    """The largest move of any joint from one frame to the next, in dots."""
    figure = FIGURES[figure_id]
    return largest_step(figure, fps) * dots_per_unit(figure.box(), columns, rows)


def main() -> None:
    columns, rows = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (40, 10)
    rates = " ".join(f"{r:>5}" for r in RATES)
    print(f"dots a frame at {columns} x {rows} cells; fps: {rates}  drawn at")
    for figure_id, figure in FIGURES.items():
        steps = " ".join(f"{worst_step(figure_id, r, columns, rows):5.1f}" for r in RATES)
        chosen = frame_rate(figure, dots_per_unit(figure.box(), columns, rows))
        print(f"{figure_id:>34}: {steps}  {chosen:5g}")


if __name__ == "__main__":
    main()
