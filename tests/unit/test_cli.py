"""Command-line parsing: every option validated, exit code 2 with a clear message."""

from __future__ import annotations

import pytest

from hiptimer import __version__
from hiptimer.cli import build_parser, main, unknown_option
from hiptimer.commands.run import level_notice, overrides_from
from hiptimer.commands.userfiles import load_user_files, pick_routine
from hiptimer.core.catalog import BUILTIN_ROUTINE
from tests.home import IsolatedHome


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
        (["--bogus"], "unrecognized option --bogus (--help lists the options)"),
        (["--wrok", "30"], "error: unrecognized option --wrok (did you mean --work?)"),
        (["history", "--limit", "-1"], "--limit: must be a whole number of sessions from 1 to"),
        (
            ["history", "--limit", "99999999999999999999"],
            "--limit: must be a whole number of sessions from 1 to 1000000, not 9999",
        ),
        (["history", "--limit", "0"], "--limit: must be a whole number of sessions from 1"),
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


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--wrok", "30"], "unrecognized option --wrok (did you mean --work?)"),
        (["--wrok=30"], "unrecognized option --wrok (did you mean --work?)"),
        (["-work", "30"], "unrecognized option -work (did you mean --work?)"),
        (["history", "--jsno"], "unrecognized option --jsno (did you mean --json?)"),
        (["history", "--work", "3"], "--work goes before the command: hiptimer --work … history"),
        (["history", "--wrk", "3"], "unrecognized option --wrk (--help lists the options)"),
        (["--work", "30", "--sets", "2"], None),
        (["--work=30", "--plain"], None),
        (["--wo", "30"], None),  # argparse takes an unambiguous prefix
        (["--r", "x"], None),  # ambiguous: argparse says so itself
        (["--routine", "doctor", "--plain"], None),  # a value, not the command
        (["--routine", "--odd-id", "--plain"], None),  # a value, whatever it looks like
        (["--work", "-5"], None),
        (["doctor", "--mute"], None),
        (["history", "--limit", "-1"], None),
        (["--", "--anything"], None),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_unknown_options_are_named(argv: list[str], problem: str | None) -> None:
    assert unknown_option(build_parser(), argv) == problem


@pytest.mark.parametrize(
    ("argv", "mute"),
    [(["doctor", "--mute"], True), (["--mute", "doctor"], True), (["doctor"], False)],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_doctor_takes_mute_before_or_after_the_command(argv: list[str], mute: bool) -> None:
    assert build_parser().parse_args(argv).mute is mute


def test_a_level_above_an_exercise_s_ladder_is_named_with_what_runs() -> None:
    assert level_notice(BUILTIN_ROUTINE, None) is None
    assert level_notice(BUILTIN_ROUTINE, 2) is None
    assert level_notice(BUILTIN_ROUTINE, 3) == (
        "--level 3 is more than some exercises have: "
        "Hip clam runs level 2 (Side-plank clam, its last), "
        "Lateral lunge runs level 2 (Weighted, its last)"
    )
    notice = level_notice(BUILTIN_ROUTINE, 9)
    assert notice is not None
    assert notice.startswith("--level 9 is more than some exercises have: Glute bridge runs")


def test_a_broken_routine_file_names_the_routine_that_runs_instead(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.enter(monkeypatch)
    (home.routines_dir / "mine.toml").write_text("name = \n")
    routine, notice = pick_routine(load_user_files(), "mine")
    assert routine is BUILTIN_ROUTINE
    assert notice == (
        "routine 'mine' could not be loaded (see above); running 'runners-hips' instead"
    )
    assert pick_routine(load_user_files(), "nope") == (None, None)
