"""The report's summary sections as plain values: per-stage figure rows and tables, stage
status, the Δv budget, the work split and the scenario inputs."""

from __future__ import annotations

import re

from lupex.plotstyle import AGENCY_COLORS
from lupex.report.captions import humanise
from lupex.report.formatting import fmt_number, fmt_utc, fmt_value, phase_label, split_unit

#: Mission stages (summary.json sections and output subdirectories) in flight order, with titles.
STAGE_TITLES = {
    "launch": "Launch",
    "transfer": "Earth–Moon transfer",
    "landing": "Landing site",
    "surface": "Rover traverse and surface operations",
    "communications": "Communications: direct-to-Earth contact by agency",
}


#: Background data each stage's figures rest on (shown once per stage section).
STAGE_SOURCES = {
    "launch": "Vehicle data: JAXA's published H3 figures, cited in lupex's vehicle data file.",
    "transfer": "Ephemeris: JPL DE421 (Earth, Moon, Sun), from the PyPI package skyfield-data.",
    "landing": (
        "Terrain: NASA PDS LRO LOLA GDR (public domain; Smith et al. 2010). Sun and Earth: JPL "
        "DE421 with the DE421 lunar principal-axes kernel (MOON_ME frame)."
    ),
    "surface": (
        "Terrain: NASA PDS LRO LOLA GDR (public domain), with any modelled small-scale detail "
        "labelled. Sun and Earth: JPL DE421 with the DE421 lunar principal-axes kernel."
    ),
    "communications": (
        "Ground stations: lupex's station table (agency pages, DSN 810-005, ESA Estrack), each "
        "cited; Moon and Earth: JPL DE421; the rover's link parameters are labelled assumptions."
    ),
}


_STAGE_WORDS = {
    "launch": "launch",
    "transfer": "Earth–Moon transfer",
    "landing": "landing-site",
    "surface": "rover and surface-operations",
    "communications": "communications",
}


#: longest list of plain values shown inline in a stage's figures table
_MAX_LIST = 12


#: stage-summary keys the page shows in their own section (the Δv budget)
_SHOWN_ELSEWHERE = ("dv_budget",)


def _label_unit(key: str, parent_unit: str = "") -> tuple[str, str]:
    """Label and unit of a summary key; keys that are names, not identifiers ("SRB-3 burnout"),
    are kept as written and take their parent's unit (``events_s`` -> s)."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", key):
        return key, parent_unit
    label, unit = split_unit(key)
    return label, unit or parent_unit


def figure_rows(section: dict, prefix: str = "", depth: int = 0,
                parent_unit: str = "") -> tuple[list, list]:
    """Flatten a stage summary into (label, value-text) rows, and (title, table) sub-tables.

    Nested mappings become "parent · child" rows (two levels); lists of mappings become tables.
    """
    rows: list[tuple[str, str]] = []
    tables: list[dict] = []
    for key, value in section.items():
        if depth == 0 and key in _SHOWN_ELSEWHERE:
            continue
        label, unit = _label_unit(str(key), parent_unit)
        full = f"{prefix}{label}"
        if isinstance(value, dict):
            if depth < 2:
                r, t = figure_rows(value, prefix=f"{full} · ", depth=depth + 1, parent_unit=unit)
                rows.extend(r)
                tables.extend(t)
            else:
                rows.append((full, ", ".join(f"{k}: {v}" for k, v in value.items())))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            tables.append(table_from_records(full, value))
        elif isinstance(value, list) and (
            len(value) > _MAX_LIST or any(isinstance(x, (list, dict)) for x in value)
        ):
            rows.append((full, f"{len(value):,} values (in summary.json)"))
        elif (str(key).endswith("_fraction") and isinstance(value, float)
              and 0.0 <= value <= 1.0):
            rows.append((full, f"{fmt_number(value)} ({100 * value:.1f} %)"))
        else:
            rows.append((full, fmt_value(value, unit)))
    return rows, tables


def table_from_records(title: str, records: list[dict], max_rows: int = 60) -> dict:
    cols: list[str] = []
    for r in records:
        for k in r:
            if k not in cols:
                cols.append(k)
    heads = []
    units = []
    for c in cols:
        label, unit = split_unit(str(c))
        heads.append(f"{label} [{unit}]" if unit and unit != "UTC" else
                     f"{label} (UTC)" if unit == "UTC" else label)
        units.append(unit)
    body = []
    for r in records[:max_rows]:
        cells = []
        for c, unit in zip(cols, units):
            v = r.get(c)
            if isinstance(v, (dict, list)):
                text = str(v)
                cells.append(text if len(text) <= 80 else f"{len(v)} values (in summary.json)")
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(fmt_number(v))
            elif isinstance(v, str) and unit == "UTC":
                cells.append(fmt_utc(v))
            else:
                cells.append("" if v is None else fmt_value(v))
        body.append(cells)
    return {
        "title": title,
        "heads": heads,
        "rows": body,
        "more": max(0, len(records) - max_rows),
    }


def _stage_status(summary: dict, stage: str, not_modelled: list[str]) -> dict:
    section = summary.get(stage)
    infeas = [i for i in summary.get("infeasibilities", []) if i.get("stage") == stage]
    parts = [
        n for n in not_modelled if n != stage and (n.startswith(stage) or n.split(".")[0] == stage)
    ]
    if section is None:
        status = "not modelled"
        words = (
            f"The {_STAGE_WORDS.get(stage, humanise(stage).lower())} stage is not modelled in this "
            "version of lupex: this report gives no figures for it."
        )
    elif infeas:
        status = "infeasible"
        words = f"{len(infeas)} infeasibilit{'y' if len(infeas) == 1 else 'ies'} reported."
    else:
        status = "modelled"
        words = "Modelled; no infeasibility found."
    if parts and section is not None:
        words += " Not modelled in this version: " + ", ".join(parts) + "."
    return {"stage": stage, "title": STAGE_TITLES.get(stage, humanise(stage)), "status": status,
            "words": words, "parts": parts, "infeasibilities": infeas}


def dv_budget(summary: dict) -> dict | None:
    """Δv rows from ``summary['transfer']['dv_budget']``, in flight order as the transfer stage
    writes them (rows ``item``, ``dv_m_s`` and further ``*_unit`` details; its one producer is
    ``lupex.scenario.stages.transfer_plan.plan_summary``), then the total lander Δv; None if the
    transfer stage is not modelled."""
    tr = summary.get("transfer")
    if not isinstance(tr, dict):
        return None
    rows: list[dict] = []
    for r in tr.get("dv_budget") or []:
        detail = ", ".join(f"{split_unit(k)[0]}: {fmt_value(v, split_unit(k)[1])}"
                           for k, v in r.items() if k not in ("item", "dv_m_s"))
        rows.append({"label": str(r.get("item", "")), "dv": r.get("dv_m_s"), "detail": detail})
    total = tr.get("total_lander_dv_m_s")
    if rows and isinstance(total, (int, float)) and not isinstance(total, bool):
        rows.append({"label": split_unit("total_lander_dv_m_s")[0], "dv": total, "detail": ""})
    if not rows:
        return {"rows": [], "note": "The transfer stage gives no Δv figures."}
    finite = [abs(r["dv"]) for r in rows if isinstance(r["dv"], (int, float))]
    top = max(finite) if finite else 0.0
    for r in rows:
        dv = r["dv"]
        r["text"] = fmt_value(dv, "m/s") if isinstance(dv, (int, float)) else "—"
        r["bar_pct"] = (100.0 * abs(dv) / top) if top and isinstance(dv, (int, float)) else 0.0
        r["is_total"] = "total" in r["label"].lower()
    tli_by_us = tr.get("tli_by_upper_stage")
    if tli_by_us is None:
        inputs = (summary.get("scenario") or {}).get("inputs") or {}
        tli_by_us = (inputs.get("launch") or {}).get("tli_by_upper_stage")
    note = ""
    if tli_by_us is True:
        note = ("TLI is performed by the launcher's upper stage (launch.tli_by_upper_stage = "
                "true): its Δv is counted against the launcher, not the lander's propellant.")
    elif tli_by_us is False:
        note = ("TLI is performed by the lander (launch.tli_by_upper_stage = false): its Δv is "
                "paid from the lander's propellant.")
    extra = []
    for k in ("propellant_loaded_kg", "propellant_used_kg", "propellant_reserve_kg",
              "propellant_margin_kg", "propellant_offloadable_kg", "propellant_required_kg",
              "dv_margin_m_s", "propellant_kg", "propellant_capacity_kg"):
        if isinstance(tr.get(k), (int, float)):
            label, unit = split_unit(k)
            extra.append((label, fmt_value(tr[k], unit)))
    return {"rows": rows, "note": note, "extra": extra}


def _agencies(summary: dict) -> list[str]:
    present = set(summary.get("work_split", {}))
    for row in summary.get("responsibility_matrix", {}).values():
        present.update(row)
    for e in summary.get("work_split_elements", []):
        if e.get("owner"):
            present.add(e["owner"])
    for r in summary.get("timeline", []):
        if r.get("owner"):
            present.add(r["owner"])
    ordered = [a for a in AGENCY_COLORS if a in present]
    return ordered + sorted(present - set(ordered))


def work_split_tables(summary: dict, agencies: list[str]) -> dict:
    ws = summary.get("work_split", {}) or {}
    elements = summary.get("work_split_elements", []) or []
    labels = {e.get("name"): e.get("label") or e.get("name") for e in elements}
    total = sum(float(v.get("mass_kg", 0.0) or 0.0) for v in ws.values())
    mass_rows = []
    for a in agencies:
        if a not in ws:
            continue
        v = ws[a]
        m = float(v.get("mass_kg", 0.0) or 0.0)
        mass_rows.append({
            "agency": a,
            "mass": fmt_value(m, "kg"),
            "share": f"{100 * m / total:.1f} %" if total > 0 else "—",
            "lv": fmt_value(v["launch_vehicle_kg"], "kg") if v.get("launch_vehicle_kg") else "—",
            "elements": ", ".join(str(labels.get(e, e)) for e in v.get("elements", [])),
        })
    elem_rows = []
    any_estimate = False
    for e in elements:
        basis = str(e.get("basis", ""))
        est = basis.strip().lower() == "estimate"
        any_estimate |= est
        elem_rows.append({
            "name": e.get("name", ""),
            "label": e.get("label", ""),
            "owner": e.get("owner", ""),
            "category": humanise(str(e.get("category", ""))),
            "mass": fmt_value(e.get("mass_kg"), "kg"),
            "own_mass": fmt_value(e.get("own_mass_kg"), "kg"),
            "carried_by": str(labels.get(e.get("carried_by"), e.get("carried_by")) or "—"),
            "basis": basis,
            "estimate": est,
        })
    matrix = []
    for phase, row in (summary.get("responsibility_matrix", {}) or {}).items():
        matrix.append({"phase": phase_label(phase),
                       "cells": [(a, str(row.get(a, "") or "")) for a in agencies]})
    return {"mass_rows": mass_rows, "total": fmt_value(total, "kg"), "elements": elem_rows,
            "any_estimate": any_estimate, "matrix": matrix}


def scenario_inputs(summary: dict) -> list[tuple[str, str]]:
    inputs = summary.get("scenario", {}).get("inputs", {}) or {}
    rows = []

    def walk(obj, path):
        if isinstance(obj, dict):
            if not obj:
                rows.append((path, "(none)"))
            for k, v in obj.items():
                walk(v, f"{path}.{k}" if path else str(k))
        else:
            rows.append((path, fmt_value(obj) if not isinstance(obj, float) else repr(obj)))

    walk(inputs, "")
    return rows
