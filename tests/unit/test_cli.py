"""Command-line parsing: every option validated, exit code 2 with a clear message."""

from __future__ import annotations

import pytest

from hiptimer import __version__
from hiptimer.cli import build_parser, main
from hiptimer.commands.run import overrides_from


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--work", "0"],
            "--work: must be a whole number of seconds from 1 to 3600, not 0",
        ),
        (
            ["--work", "3601"],
            "--work: must be a whole number of seconds from 1 to 3600, not 3601",
        ),
        (["--work", "abc"], "argument --work: must be a whole number of seconds"),
        (["--work", "1.5"], "argument --work: must be a whole number of seconds"),
        (["--sets", "11"], "argument --sets: must be a whole number of sets from 1 to 10, not 11"),
        (
            ["--rest", "-5"],
            "--rest: must be a whole number of seconds from 1 to 3600, not -5",
        ),
        (["--exercise-rest", "x"], "argument --exercise-rest: must be a whole number"),
        (["--switch", "0"], "argument --switch: must be a whole number of seconds from 1 to 3600"),
        (["--prepare", ""], "argument --prepare: must be a whole number"),
        (
            ["--level", "0"],
            "--level: must be a whole number of levels from 1 to 10, not 0",
        ),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_bad_values_exit_2_with_a_clear_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_good_overrides_are_collected_for_one_run() -> None:
    args = build_parser().parse_args(
        ["--work", "45", "--sets", "3", "--exercise-rest", "20", "--level", "2"]
    )
    assert overrides_from(args) == {"work": 45, "sets": 3, "exercise_rest": 20, "level": 2}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"hiptimer {__version__}"


def test_routines_lists_the_builtin_routine_with_its_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["routines"]) == 0
    out = capsys.readouterr().out
    assert "runners-hips" in out and "7:15" in out


def test_unknown_routine_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--plain", "--routine", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown routine 'nope'" in err and "runners-hips" in err
