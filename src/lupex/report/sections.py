"""The report's summary sections as plain values: per-stage figure rows and tables, stage
status, the Δv budget, the work split and the scenario inputs.

Stage sections are read through their models (:mod:`lupex.scenario.summaries`,
:func:`read_section`). A section that does not follow this version's contract (a summary.json
written by another version of lupex, or edited by hand) is still shown, as written, under a
notice that names the first mismatch; nothing typed (terrain line, Δv budget) is read from it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lupex.plotstyle import AGENCY_COLORS
from lupex.report.captions import humanise
from lupex.report.formatting import fmt_number, fmt_utc, fmt_value, phase_label, split_unit

if TYPE_CHECKING:  # imported where used: lupex.scenario's package imports the report
    from lupex.scenario.summaries import SummarySection

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


def read_section(summary: dict, stage: str) -> tuple[SummarySection | None, str | None]:
    """A stage section of ``summary`` validated into its model: (model, None). (None, why) when
    the section is there but does not follow this version's contract, why naming the first
    mismatch by key path (an unknown key before a missing one); (None, None) when the section
    is null, absent or has no model."""
    from pydantic import ValidationError

    from lupex.scenario.summaries import SECTION_MODELS, section_model

    section = summary.get(stage)
    if section is None or stage not in SECTION_MODELS:
        return None, None
    if not isinstance(section, dict):
        return None, f"{stage}: an object is expected, found {type(section).__name__}"
    try:
        return section_model(stage, section), None
    except ValidationError as exc:
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        e = errors[0]  # an unknown key first: the surest sign of another version
        where = ".".join([stage, *(str(p) for p in e["loc"])])
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return None, f"{where}: {e['msg'].lower()}{more}"


def contract_notice(mismatch: str | None) -> str | None:
    """The page's words for a section that does not follow this version's contract."""
    if mismatch is None:
        return None
    return ("This section does not follow the summary.json contract of this version of lupex "
            f"({mismatch}); it was written by another version or edited, and its figures are "
            "shown as written.")


def terrain_words(model: SummarySection | None) -> list[str] | None:
    """The section's terrain line (``terrain.source``) and its words, if its model has them."""
    t = getattr(model, "terrain", None)
    parts = [getattr(t, k, None) for k in ("source", "words")]
    return [str(p) for p in parts if p] or None


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
    """Δv rows of the transfer section's ``dv_budget`` (:class:`lupex.scenario.summaries.DvRow`),
    in flight order as the transfer stage writes them, each with its further details, then the
    total lander Δv; None if the transfer stage is not modelled."""
    from lupex.scenario.summaries import TransferSummary

    if not isinstance(summary.get("transfer"), dict):
        return None
    tr, mismatch = read_section(summary, "transfer")
    if mismatch is not None:
        return {"rows": [], "note": "The transfer section does not follow the summary.json "
                "contract of this version of lupex: its Δv budget is not shown (the section's "
                "figures are shown as written below)."}
    if not isinstance(tr, TransferSummary) or not tr.dv_budget:
        return {"rows": [], "note": "The transfer stage gives no Δv figures."}
    rows: list[dict] = []
    for r in tr.dv_budget:
        detail = ", ".join(f"{split_unit(k)[0]}: {fmt_value(v, split_unit(k)[1])}"
                           for k, v in r.to_json().items() if k not in ("item", "dv_m_s"))
        rows.append({"label": r.item, "dv": r.dv_m_s, "detail": detail})
    rows.append({"label": split_unit("total_lander_dv_m_s")[0], "dv": tr.total_lander_dv_m_s,
                 "detail": ""})
    top = max(abs(r["dv"]) for r in rows)
    for r in rows:
        dv = r["dv"]
        r["text"] = fmt_value(dv, "m/s")
        r["bar_pct"] = (100.0 * abs(dv) / top) if top else 0.0
        r["is_total"] = "total" in r["label"].lower()
    if tr.tli_by_upper_stage:
        note = ("TLI is performed by the launcher's upper stage (launch.tli_by_upper_stage = "
                "true): its Δv is counted against the launcher, not the lander's propellant.")
    else:
        note = ("TLI is performed by the lander (launch.tli_by_upper_stage = false): its Δv is "
                "paid from the lander's propellant.")
    extra = []
    for k in ("propellant_loaded_kg", "propellant_used_kg", "propellant_reserve_kg",
              "propellant_margin_kg", "propellant_offloadable_kg", "propellant_required_kg",
              "dv_margin_m_s"):
        label, unit = split_unit(k)
        extra.append((label, fmt_value(getattr(tr, k), unit)))
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
