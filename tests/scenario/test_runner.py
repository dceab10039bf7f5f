"""The runner: atomic result writing and feasibility bookkeeping (in-process)."""

import pytest

from lupex.errors import InputError
from lupex.scenario import parse_scenario_text, run_scenario, write_results
from lupex.stage import StageResult


@pytest.fixture(scope="module")
def result():
    return run_scenario(parse_scenario_text('[mission]\nname = "t"'), source="t.toml")


def test_interrupted_write_leaves_no_half_result(tmp_path, result, monkeypatch):
    out = tmp_path / "out"

    def boom(directory):
        (directory / "partial.bin").write_bytes(b"x")
        raise KeyboardInterrupt

    broken = StageResult(stage="surface", summary=None, write_products=boom)
    res = type(result)(result.scenario, result.summary, result.events, result.work_split,
                       result.stages + (broken,))
    with pytest.raises(KeyboardInterrupt):
        write_results(res, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary directory left behind either


def test_force_replaces_previous_results_atomically(tmp_path, result):
    out = tmp_path / "out"
    write_results(result, out)
    (out / "stale.txt").write_text("old")
    with pytest.raises(InputError, match="--force"):
        write_results(result, out)
    write_results(result, out, force=True)
    assert (out / "stale.txt").read_text() == "old"  # not lupex's: --force never deletes it
    assert (out / "summary.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_out_path_that_is_a_file_is_refused(tmp_path, result):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(InputError, match="directory"):
        write_results(result, f)
    assert f.read_text() == "x"


def test_infeasible_stack_is_reported_not_raised():
    r = run_scenario(parse_scenario_text("[spacecraft]\nlander_dry_mass_kg = 3500.0"))
    assert r.summary["feasible"] is False
    inf = r.summary["infeasibilities"][0]
    assert inf["unit"] == "kg" and inf["shortfall"] > 0
