"""The README's settings table is the settings table: a new or changed setting shows there."""

from __future__ import annotations

from pathlib import Path

from hiptimer.core.settings import settings_table

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_rows() -> list[tuple[str, ...]]:
    """The rows between the settings-table markers, cells without their backticks."""
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- settings-table", 1)[1].split("<!-- end of settings-table", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("| ")][1:]  # no header
    return [tuple(cell.strip().strip("`") for cell in row.strip("|").split("|")) for row in rows]


def test_the_readme_lists_every_setting_as_the_table_says() -> None:
    assert readme_rows() == [tuple(row) for row in settings_table()]
