"""Compose the mission stages for one scenario and write its results atomically.

The runner is the only place that knows every stage: it calls the adapters in
:mod:`lupex.scenario.stages` in flight order, passing each the handoff of the ones before,
assigns each event's owner from the work split, and assembles ``summary.json``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import astropy.units as u

import lupex
from lupex.ephemeris import to_time
from lupex.errors import InputError
from lupex.report import write_report_into
from lupex.scenario.schema import Scenario
from lupex.scenario.stages import STAGES
from lupex.scenario.work_split import WorkSplit, build_work_split
from lupex.stage import StageResult
from lupex.timeline import Event

SUMMARY_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class MissionResult:
    """Everything one run produced. ``summary`` is the JSON contract documented in README.md."""

    scenario: Scenario
    summary: dict
    events: tuple[Event, ...]
    work_split: WorkSplit
    stages: tuple[StageResult, ...]


def work_split_for(scenario: Scenario) -> WorkSplit:
    ws = scenario.work_split
    return build_work_split(
        stack_mass_kg=scenario.spacecraft.stack_mass_kg,
        rover_mass_kg=scenario.rover.mass_kg,
        tli_by_upper_stage=scenario.launch.tli_by_upper_stage,
        element_overrides={k: v.model_dump() for k, v in ws.elements.items()},
        phase_overrides={k: v.model_dump() for k, v in ws.phases.items()},
    )


def _scenario_events(scenario: Scenario, handoff: dict) -> list[Event]:
    """Events that follow from scenario inputs alone, when no stage has given them."""
    events = []
    if "launch_epoch" not in handoff:
        epoch = to_time(scenario.launch.date, "launch.date")
        events.append(
            Event(
                "Launch date (scenario input; launch window not computed)",
                epoch,
                "launch",
                detail=f"{scenario.launch.vehicle} from {scenario.launch.site_name}",
            )
        )
    landing = handoff.get("landing_epoch")
    if landing is not None and not handoff.get("surface_events_given"):
        end = landing + scenario.surface.duration_days * u.day
        events.append(
            Event(
                "End of surface mission (planned duration)",
                end,
                "end_of_mission",
                detail=f"{scenario.surface.duration_days:g} days after landing",
            )
        )
    return events


def run_scenario(scenario: Scenario, source: str | None = None, progress=None) -> MissionResult:
    """Run every stage for ``scenario``; infeasibilities are reported in the result, not raised.

    progress: optional callable(stage_name) called before each stage (for progress display).
    """
    from lupex.scenario.stages.surface import check_site_terrain

    check_site_terrain(scenario)  # fails at once, before any stage computes
    work_split = work_split_for(scenario)
    handoff: dict = {}
    results: list[StageResult] = []
    for name, adapter in STAGES:
        if progress is not None:
            progress(name)
        res = adapter.run(scenario, handoff)
        results.append(res)
        handoff.update(res.handoff)

    events: list[Event] = []
    for res in results:
        events.extend(res.events)
    events.extend(_scenario_events(scenario, handoff))
    events.sort(key=lambda e: e.epoch.utc.jd)

    infeasible = list(work_split.infeasibilities)
    for res in results:
        infeasible.extend(res.infeasibilities)
    not_modelled: list[str] = []
    for res in results:
        not_modelled.extend(res.not_modelled)
    if infeasible:
        feasible = False
    elif any(r.summary is None for r in results):
        feasible = None  # nothing infeasible found, but not every stage is modelled
    else:
        feasible = True

    timeline = [
        {
            "event": e.name,
            "epoch_utc": e.epoch_utc,
            "owner": work_split.owner_of_phase(e.phase),
            "phase": e.phase,
            "duration_s": float(e.duration_s),
            "detail": e.detail,
        }
        for e in events
    ]
    ws = work_split.to_dict()
    summary = {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "lupex_version": lupex.__version__,
        "scenario": {
            "name": scenario.mission.name,
            "file": source,
            "inputs": scenario.model_dump(mode="json"),
        },
        "feasible": feasible,
        "infeasibilities": [i.to_dict() for i in infeasible],
        "timeline": timeline,
        "work_split": ws["agencies"],
        "work_split_elements": ws["elements"],
        "responsibility_matrix": ws["responsibility_matrix"],
    }
    for res in results:
        summary[res.stage] = res.summary
    summary["not_modelled"] = not_modelled
    from lupex.scenario.invariants import check_summary

    check_summary(summary)  # a figure outside its physical range is a defect, never a result
    return MissionResult(scenario, summary, tuple(events), work_split, tuple(results))


#: Files every ``lupex run`` writes at the top of its directory (checked before computing).
RUN_FILES = ("summary.json", "timeline.csv", "report.html")


def check_out_dir(out_dir: str | Path, force: bool) -> Path:
    """Refuse what can never be an output directory, and an existing non-empty one unless
    ``force``; return the resolved path (see :mod:`lupex.output`)."""
    from lupex.output import check_target

    out = check_target(out_dir)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError(
            "--out",
            str(out_dir),
            "an empty or new directory; it exists and is not empty: pass --force to replace "
            "lupex's earlier results in it, or choose another --out",
        )
    return out


def write_results(result: MissionResult, out_dir, force: bool = False) -> list[Path]:
    """Write summary.json, timeline.csv, plots and stage products into ``out_dir`` atomically.

    ``out_dir`` is a path or an open :class:`lupex.output.OutputDir` (checked and locked before
    the computation). Everything is written into a temporary sibling directory first and moved
    into place when complete, so an interrupted or failed run leaves the previous results (and
    never touches files lupex did not write). Returns the written paths.
    """
    from lupex.output import OutputDir

    if isinstance(out_dir, OutputDir):
        return _write_into(result, out_dir)
    with OutputDir(out_dir, force, command="run", expected=RUN_FILES) as od:
        return _write_into(result, od)


def write_mission_czml_into(out: Path, summary: dict) -> Path | None:
    """``mission.czml`` (Cesium) from the run's products: the flight from ``transfer/transfer.oem``
    (parking orbit to touchdown), the landing site over the surface mission and the ground stations
    of the communications section. None when the transfer wrote no OEM."""
    oem = out / "transfer" / "transfer.oem"
    if not oem.is_file():
        return None
    from lupex.export import write_mission_czml
    from lupex.operations import load_stations
    from lupex.transfer import read_oem

    land = summary.get("landing") or {}
    site = (land["lat_deg"], land["lon_deg"]) if "lat_deg" in land and "lon_deg" in land else None
    comm = summary.get("communications") or {}
    ids = {s["id"] for s in comm.get("stations", [])}
    stations = [s for s in load_stations() if s.id in ids]
    stop = comm.get("period_stop_utc")
    return write_mission_czml(out / "mission.czml", read_oem(oem), site=site,
                              surface_stop=stop, stations=stations,
                              name=str((summary.get("scenario") or {}).get("name") or "LUPEX"))


def _write_into(result: MissionResult, od) -> list[Path]:
    with od.staging() as tmp:
        (tmp / "summary.json").write_text(
            json.dumps(result.summary, indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )
        with open(tmp / "timeline.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["event", "epoch_utc", "owner", "phase", "duration_s", "detail"])
            for r in result.summary["timeline"]:
                w.writerow([r["event"], r["epoch_utc"], r["owner"], r["phase"],
                            r["duration_s"], r["detail"]])
        from lupex.scenario.plots import write_mission_plots

        write_mission_plots(result.summary, tmp)
        for res in result.stages:
            if res.write_products is not None:
                stage_dir = tmp / res.stage
                stage_dir.mkdir(exist_ok=True)
                res.write_products(stage_dir)
        write_mission_czml_into(tmp, result.summary)
        write_report_into(tmp, result.summary)
    return list(od.paths)
