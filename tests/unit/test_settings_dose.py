"""``[dose.<id>]`` in a real ``config.toml``: read back, bad values named (file, key, reason)
while the rest runs, and an accepted offer saved with the user's comments and keys kept."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from hiptimer.commands.doctor import dose_text
from hiptimer.config.settings import HEADER, SaveError, load_settings, save_settings
from hiptimer.core.catalog import BUILTIN_ROUTINE, GLUTE_BRIDGE, HIP_CLAM
from hiptimer.core.offers import accept
from hiptimer.core.plan import build_plan
from hiptimer.core.progression import ExerciseSession, suggest
from hiptimer.core.settings import ExerciseDose, Settings

USER_FILE = """\
# my hip routine: two sessions a week
work = 35  # longer holds since March

[levels]
# the bridge walk hurt my knee in March
glute-bridge = 1

[dose.lateral-lunge]
sets = 2  # the lunge stays short
work = 30
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dose_table_is_read_back_and_used_by_the_plan(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE + "\n[dose.hip-clam]\nsets = 3\nwork = 40\n")
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert dict(loaded.settings.doses) == {
        "lateral-lunge": ExerciseDose(2, 30),
        "hip-clam": ExerciseDose(3, 40),
    }
    plan = build_plan(BUILTIN_ROUTINE, loaded.settings)
    clam = [p.duration for p in plan.phases if p.is_work and p.exercise is HIP_CLAM]
    bridge = [p.duration for p in plan.phases if p.is_work and p.exercise is GLUTE_BRIDGE]
    assert clam == [40] * 6  # 3 sets, each side
    assert bridge == [35, 35]  # the global work and sets
    assert dose_text(loaded.settings) == "hip-clam 3 × 40 s, lateral-lunge 2 × 30 s"


BAD = [
    pytest.param(
        "[dose.hip-clam]\nsets = 0\nwork = 40\n",
        "key 'dose.hip-clam.sets': must be a whole number of sets from 1 to 10, not 0;"
        " using the global sets",
        ExerciseDose(None, 40),
        id="sets out of range",
    ),
    pytest.param(
        '[dose.hip-clam]\nsets = 3\nwork = "40"\n',
        "key 'dose.hip-clam.work': must be a whole number of seconds from 1 to 3600,"
        " not text '40'; using the global work",
        ExerciseDose(3, None),
        id="work as text",
    ),
    pytest.param(
        "[dose.hip-clam]\nsets = 3\nwork = 4000\n",
        "key 'dose.hip-clam.work': must be a whole number of seconds from 1 to 3600,"
        " not 4000; using the global work",
        ExerciseDose(3, None),
        id="work out of range",
    ),
    pytest.param(
        "[dose.hip-clam]\nsets = 3\nwrok = 40\n",
        "key 'dose.hip-clam.wrok': unknown key, ignored; did you mean 'work'?",
        ExerciseDose(3, None),
        id="a misspelt key",
    ),
    pytest.param(
        "[dose]\nhip-clam = 3\n",
        "key 'dose.hip-clam': must be a table such as sets = 3, work = 40;"
        " using the global sets and work",
        None,
        id="not a table",
    ),
    pytest.param(
        "dose = 3\n",
        "key 'dose': must hold tables of sets and work per exercise id, such as"
        " [dose.hip-clam] sets = 3, work = 40; using the global sets and work",
        None,
        id="dose not a table",
    ),
]


@pytest.mark.parametrize(("text", "problem", "dose"), BAD)
def test_a_bad_dose_is_named_and_the_rest_runs(
    tmp_path: Path, text: str, problem: str, dose: ExerciseDose | None
) -> None:
    path = write(tmp_path, "work = 35\n" + text)
    loaded = load_settings(path)
    assert [str(p) for p in loaded.problems] == [f"{path}: {problem}"]
    assert loaded.settings.work == 35  # the rest of the file is used
    assert loaded.settings.doses.get("hip-clam") == dose
    build_plan(BUILTIN_ROUTINE, loaded.settings)  # and the workout still runs


def clean(exercise_id: str, dose: str, times: int) -> list[ExerciseSession]:
    sets, work = (int(n) for n in dose.split("x"))
    return [
        ExerciseSession(exercise_id, 1, sets, work, True, 1_800_000_000.0 - age * 86400)
        for age in range(times)
    ]


def test_a_dose_offer_taken_is_saved_keeping_comments_and_keys(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    before = load_settings(path).settings
    offer = suggest(HIP_CLAM, clean("hip-clam", "3x35", 1))
    assert offer is not None
    save_settings(path, accept(before, offer), since=before)
    text = path.read_text(encoding="utf-8")
    assert text == USER_FILE + "\n[dose.hip-clam]\nsets = 3\nwork = 40\n"
    assert load_settings(path).settings == accept(before, offer)


def test_a_progression_taken_sets_the_level_and_the_dose_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE + "\n[dose.glute-bridge]\n# was 3 x 45\nsets = 3\nwork = 45\n")
    before = load_settings(path).settings
    offer = suggest(GLUTE_BRIDGE, clean("glute-bridge", "3x45", 2))
    assert offer is not None and offer.to_level == 2
    save_settings(path, accept(before, offer), since=before)
    text = path.read_text(encoding="utf-8")
    assert text == (
        USER_FILE.replace("glute-bridge = 1", "glute-bridge = 2")
        + "\n[dose.glute-bridge]\n# was 3 x 45\nsets = 2\nwork = 30\n"
    )
    assert tomllib.loads(text)["levels"] == {"glute-bridge": 2}


def test_a_new_file_gets_the_header_and_the_dose(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    offer = suggest(HIP_CLAM, clean("hip-clam", "3x35", 1))
    assert offer is not None
    save_settings(path, accept(Settings(), offer), since=Settings())
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert "#   [dose.<id>]" in HEADER
    assert tomllib.loads(text) == {"dose": {"hip-clam": {"sets": 3, "work": 40}}}


def test_another_change_leaves_the_dose_tables_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    before = load_settings(path).settings
    save_settings(path, replace(before, mute=True), since=before)
    expected = USER_FILE.replace("March\n\n[levels]", "March\nmute = true\n\n[levels]")
    assert path.read_text(encoding="utf-8") == expected


def without(settings: Settings, exercise_id: str) -> Settings:
    """The settings with one exercise's own dose cleared (back to the global sets and work)."""
    doses = {k: v for k, v in settings.doses.items() if k != exercise_id}
    return replace(settings, doses=doses)


def test_a_cleared_dose_removes_its_table_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE + "\n[dose.hip-clam]\nsets = 3\nwork = 40\n")
    before = load_settings(path).settings
    save_settings(path, without(before, "lateral-lunge"), since=before)
    text = path.read_text(encoding="utf-8")
    # The lunge's table and its key comment go; every other comment and table stays.
    assert text == USER_FILE.replace(
        "\n[dose.lateral-lunge]\nsets = 2  # the lunge stays short\nwork = 30\n", ""
    ) + ("\n[dose.hip-clam]\nsets = 3\nwork = 40\n")
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert dict(loaded.settings.doses) == {"hip-clam": ExerciseDose(3, 40)}
    assert loaded.settings.sets_for("lateral-lunge") == 2  # the global sets again
    assert loaded.settings.work_for("lateral-lunge") == 35  # and the global work


def test_clearing_the_last_dose_removes_the_dose_key(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    before = load_settings(path).settings
    save_settings(path, without(before, "lateral-lunge"), since=before)
    text = path.read_text(encoding="utf-8")
    assert text == USER_FILE.replace(
        "\n[dose.lateral-lunge]\nsets = 2  # the lunge stays short\nwork = 30\n", ""
    )
    assert "dose" not in tomllib.loads(text)


def test_a_cleared_dose_keeps_the_users_comment_and_unknown_key_in_its_table(
    tmp_path: Path,
) -> None:
    table = "\n[dose.glute-bridge]\n# from moving up in May\nsets = 2\nwork = 30\nnote = 'x'\n"
    path = write(tmp_path, USER_FILE + table)
    before = load_settings(path).settings
    assert before.doses["glute-bridge"] == ExerciseDose(2, 30)
    save_settings(path, without(before, "glute-bridge"), since=before)
    text = path.read_text(encoding="utf-8")
    assert text == USER_FILE + "\n[dose.glute-bridge]\n# from moving up in May\nnote = 'x'\n"
    assert "glute-bridge" not in load_settings(path).settings.doses


def test_a_cleared_inline_dose_is_removed(tmp_path: Path) -> None:
    text = "work = 35\n\n[dose]\nglute-bridge = {sets = 2, work = 30}\nhip-clam = {sets = 3}\n"
    path = write(tmp_path, text)
    before = load_settings(path).settings
    save_settings(path, without(before, "glute-bridge"), since=before)
    assert path.read_text(encoding="utf-8") == "work = 35\n\n[dose]\nhip-clam = {sets = 3}\n"


def test_a_dose_tomlkit_cannot_edit_is_not_saved_and_the_file_is_untouched(
    tmp_path: Path,
) -> None:
    text = "work = 35\ndose.glute-bridge.sets = 2\ndose.glute-bridge.work = 30\nmute = true\n"
    path = write(tmp_path, text)
    before = load_settings(path).settings
    assert before.doses["glute-bridge"] == ExerciseDose(2, 30)
    with pytest.raises(SaveError, match=r"could not remove dose\.glute-bridge"):
        save_settings(path, without(before, "glute-bridge"), since=before)
    assert path.read_text(encoding="utf-8") == text


def test_an_edited_dose_changes_only_its_numbers_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    before = load_settings(path).settings
    edited = replace(before, doses={"lateral-lunge": ExerciseDose(3, 40)})
    save_settings(path, edited, since=before)
    assert path.read_text(encoding="utf-8") == USER_FILE.replace(
        "sets = 2  # the lunge stays short\nwork = 30",
        "sets = 3  # the lunge stays short\nwork = 40",
    )
