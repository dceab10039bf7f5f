"""The scenarios shipped inside the package: listed, copied and run by name from any directory."""

from __future__ import annotations

import json

from lupex.scenario import load_scenario
from lupex.scenario.library import packaged_scenario, packaged_scenarios


def test_every_repository_scenario_is_shipped_in_the_package(repo_root):
    in_repo = sorted(p.stem for p in (repo_root / "scenarios").glob("*.toml"))
    assert in_repo and sorted(packaged_scenarios()) == in_repo
    for name, path in packaged_scenarios().items():
        assert path.read_bytes() == (repo_root / "scenarios" / f"{name}.toml").read_bytes()


def test_a_shipped_scenario_loads_by_name_and_a_file_wins_over_a_name(tmp_path, monkeypatch):
    assert packaged_scenario("baseline.toml") == packaged_scenario("baseline")
    assert packaged_scenario("../baseline") is None
    assert load_scenario("baseline").mission.name == "LUPEX baseline"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline").write_text('[mission]\nname = "mine"\n')
    assert load_scenario("baseline").mission.name == "mine"  # the user's file, not the shipped one


def test_list_and_copy_from_outside_the_repository(lupex_cli, tmp_path):
    listed = lupex_cli("scenarios", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {r["name"] for r in rows} == set(packaged_scenarios())
    assert all(r["description"] for r in rows)
    copied = lupex_cli("scenarios", "copy", "stack_6500kg", cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    mine = tmp_path / "stack_6500kg.toml"
    assert mine.read_bytes() == packaged_scenario("stack_6500kg").read_bytes()
    # an edited copy is never overwritten
    mine.write_text(mine.read_text() + "\n# my edit\n")
    again = lupex_cli("scenarios", "copy", "stack_6500kg", ".", cwd=tmp_path)
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert mine.read_text().endswith("# my edit\n")
    check = lupex_cli("check", "rover_250kg", cwd=tmp_path)
    assert check.returncode == 0 and "rover_250kg: valid" in check.stderr
    unknown = lupex_cli("scenarios", "copy", "nosuch", cwd=tmp_path)
    assert unknown.returncode == 2 and "baseline" in unknown.stderr
    assert "Traceback" not in unknown.stderr + again.stderr
