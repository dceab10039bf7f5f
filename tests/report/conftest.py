"""Fixtures for the report tests: a synthetic run directory (every branch of the page) and a real
baseline run (what `lupex run scenarios/baseline.toml` writes today)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]

#: Scenario text that must come out escaped (user input reaches the page through several fields).
HOSTILE_NAME = "LUPEX <script>console.error('xss-name')</script> & \"quotes\""
HOSTILE_TEXT = "<img src=x onerror=\"console.error('xss-img')\"><b>bold?</b>"


def _png(path: Path, title: str) -> None:
    """A small real PNG drawn with lupex's plot style (synthetic test figure, no data)."""
    from lupex.plotstyle import new_figure, savefig

    fig = new_figure(figsize=(3, 2))
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 20)
    ax.plot(x, x**2)
    ax.set_xlabel("x [synthetic]")
    ax.set_ylabel("y [synthetic]")
    ax.set_title(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    savefig(fig, path)


def synthetic_section(model, **values) -> dict:
    """A JSON section of ``model`` (a :mod:`lupex.scenario.summaries` model) with SYNTHETIC TEST
    VALUES (not results): every required field a placeholder of its type, then ``values``."""
    import types
    import typing

    from pydantic import BaseModel

    def placeholder(ann):
        origin, args = typing.get_origin(ann), typing.get_args(ann)
        if origin in (typing.Union, types.UnionType):
            return None if type(None) in args else placeholder(args[0])
        if origin is typing.Literal:
            return args[0]
        if origin in (list, dict):
            return origin()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return synthetic_section(ann)
        return {bool: False, int: 0, float: 0.0, str: "synthetic"}[ann]

    out = {name: placeholder(f.annotation) for name, f in model.model_fields.items()
           if f.is_required()}
    out.update(values)
    return model(**out).to_json()


def synthetic_summary(base: dict) -> dict:
    """The real baseline summary with every stage filled by SYNTHETIC TEST VALUES (not results)."""
    s = copy.deepcopy(base)
    s["scenario"]["name"] = HOSTILE_NAME
    s["scenario"]["inputs"]["mission"]["name"] = HOSTILE_NAME
    s["scenario"]["inputs"]["mission"]["description"] = HOSTILE_TEXT
    from lupex.scenario.summaries import DvRow, SurfaceSummary, SurfaceTerrain, TransferSummary

    # a section that does not follow the contract (another version's keys): shown as written
    s["launch"] = {"vehicle": "H3-24L", "capacity_kg": 6100.0, "margin_kg": 100.0,
                   "burns": [{"name": "LOI", "dv_m_s": 850.0}, {"name": HOSTILE_TEXT,
                                                                 "dv_m_s": 1.0}]}
    s["transfer"] = synthetic_section(
        TransferSummary,
        dv_budget=[synthetic_section(DvRow, item="TLI", dv_m_s=3135.0, by="launcher"),
                   synthetic_section(DvRow, item="LOI", dv_m_s=850.0, by="lander"),
                   synthetic_section(DvRow, item="Descent", dv_m_s=2100.0, by="lander")],
        total_lander_dv_m_s=3050.0,
        time_of_flight_days=4.5,
        landing_epoch_utc="2028-06-25T00:00:00.000Z",
        propellant_margin_kg=-120.0,
        tli_by_upper_stage=True,
        notes=[HOSTILE_TEXT],
    )
    s["landing"] = None
    s["surface"] = synthetic_section(
        SurfaceSummary, distance_km=1.2, waypoints_visited=3, driving_rule=HOSTILE_TEXT,
        terrain=synthetic_section(SurfaceTerrain, source="synthetic test surface"))
    s["not_modelled"] = ["landing", "transfer.low_energy"]
    s["infeasibilities"] = [
        {"stage": "transfer", "quantity": "propellant", "shortfall": 120.0, "unit": "kg",
         "detail": "not enough propellant " + HOSTILE_TEXT}
    ]
    s["feasible"] = False
    s["timeline"] = s["timeline"] + [
        {"event": HOSTILE_TEXT, "epoch_utc": "2028-06-20T00:00:00.000Z", "owner": "ISRO",
         "phase": "loi", "duration_s": 1800.0, "detail": "synthetic"}
    ]
    s["work_split_elements"][3]["label"] = HOSTILE_TEXT
    return s


@pytest.fixture(scope="session")
def baseline_summary() -> dict:
    """summary.json of the baseline scenario as the real runner assembles it, with every stage
    adapter replaced by a "not modelled" stub (fast: the report tests check the page, not the
    stages; the real run is `baseline_run`)."""
    import lupex.scenario.runner as runner
    from lupex.scenario import load_scenario
    from lupex.stage import StageResult

    class _Stub:
        def __init__(self, name):
            self.name = name

        def run(self, scenario, handoff):
            return StageResult(stage=self.name, summary=None, not_modelled=(self.name,))

    stubs = tuple((name, _Stub(name)) for name, _ in runner.STAGES)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "STAGES", stubs)
        scen = load_scenario(REPO / "scenarios" / "baseline.toml")
        return runner.run_scenario(scen, source="scenarios/baseline.toml").summary


@pytest.fixture(scope="session")
def baseline_run(shared_baseline_run) -> Path:
    """The session's one real `lupex run scenarios/baseline.toml --out DIR`, with its report
    (tests/conftest.py; read-only)."""
    proc, out = shared_baseline_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (out / "report.html").is_file()
    return out


@pytest.fixture(scope="session")
def synthetic_run(tmp_path_factory, baseline_summary) -> tuple[Path, dict]:
    """A run directory with synthetic figures in every stage, unknown names, a captions.json,
    a corrupt PNG and non-image products; the report is NOT built yet."""
    from lupex.scenario.plots import write_mission_plots

    out = tmp_path_factory.mktemp("synthetic") / "run"
    out.mkdir()
    summary = synthetic_summary(baseline_summary)
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    write_mission_plots(summary, out)
    _png(out / "launch" / "ascent_profile.png", "synthetic ascent")
    _png(out / "transfer" / "trajectory_earth_inertial.png", "synthetic transfer")
    _png(out / "transfer" / "mystery_plot-v2.png", "synthetic unknown")
    _png(out / "surface" / "route_map.png", "synthetic route")
    _png(out / "surface" / "custom.png", "synthetic custom")
    (out / "surface" / "captions.json").write_text(
        json.dumps({"custom.png": "Custom caption from the stage " + HOSTILE_TEXT}),
        encoding="utf-8")
    _png(out / "sweep" / "dv_by_day.png", "synthetic sweep")
    (out / "transfer" / "broken.png").write_bytes(b"not a png at all")
    (out / "transfer" / "trajectory.oem").write_text("CCSDS_OEM_VERS = 2.0\n", encoding="utf-8")
    (out / "surface" / "traverse.csv").write_text("t_s,x_m\n0,0\n", encoding="utf-8")
    return out, summary
