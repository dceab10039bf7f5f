"""Build the one-page, self-contained HTML mission report from summary.json and the run's plots.

Everything the page needs is inside it: figures are embedded as base64 ``data:`` URIs, the style
sheet is inline, there is no script, no web font and no network access. All text that comes from
the scenario or the stages is HTML-escaped (Jinja2 with autoescaping).
"""

from __future__ import annotations

import base64
import functools
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lupex.plotstyle import AGENCY_COLORS, NEUTRAL, agency_color
from lupex.report.captions import CAPTIONS, caption_for, humanise, registry_index

REPORT_NAME = "report.html"

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
_ABBREVIATIONS = ("tli", "loi", "doi", "tcm", "psr", "dte", "soc", "utc", "lv", "c3", "gto", "leo",
                  "eci", "oem", "czml", "raan", "meco", "seco", "srb", "pdi", "dem", "gnss",
                  "viper", "lola", "ldem")
#: longest list of plain values shown inline in a stage's figures table
_MAX_LIST = 12
#: stage-summary keys the page shows in their own section (the Δv budget)
_SHOWN_ELSEWHERE = ("dv_budget", "delta_v_budget")
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
_MISSION_FIGURES = ("timeline_gantt.png", "mass_budget.png")  # placed in their own sections
_PRODUCT_KINDS = {
    ".csv": "CSV table",
    ".oem": "CCSDS OEM trajectory (GMAT, STK, Orekit)",
    ".czml": "CZML trajectory (Cesium)",
    ".tif": "GeoTIFF map (QGIS, GDAL)",
    ".tiff": "GeoTIFF map (QGIS, GDAL)",
    ".json": "JSON",
    ".png": "figure (PNG)",
    ".svg": "figure (SVG)",
    ".txt": "text",
}

# unit suffixes of summary keys (longest first) -> display unit
_UNITS = (
    ("_km2_s2", "km²/s²"),
    ("_m3_s2", "m³/s²"),
    ("_m_s2", "m/s²"),
    ("_km_s", "km/s"),
    ("_m_s", "m/s"),
    ("_kg_s", "kg/s"),
    ("_km2", "km²"),
    ("_m2", "m²"),
    ("_kn", "kN"),
    ("_n", "N"),
    ("_kg", "kg"),
    ("_km", "km"),
    ("_m", "m"),
    ("_deg", "°"),
    ("_rad", "rad"),
    ("_days", "d"),
    ("_day", "d"),
    ("_hours", "h"),
    ("_h", "h"),
    ("_min", "min"),
    ("_s", "s"),
    ("_wh", "Wh"),
    ("_kwh", "kWh"),
    ("_w", "W"),
    ("_pa", "Pa"),
    ("_kpa", "kPa"),
    ("_percent", "%"),
    ("_pct", "%"),
    ("_utc", "UTC"),
)


@dataclass(frozen=True)
class Figure:
    """One embedded figure."""

    rel_path: str
    caption: str
    caption_origin: str
    data_uri: str
    width: int | None
    height: int | None


# ----------------------------------------------------------------------------- formatting


def split_unit(key: str) -> tuple[str, str]:
    """('tli_dv_m_s') -> ('TLI dv', 'm/s'): a label and the unit its suffix names."""
    low = key.lower()
    unit = ""
    stem = key
    for suffix, u in _UNITS:
        if low.endswith(suffix) and len(low) > len(suffix):
            unit, stem = u, key[: -len(suffix)]
            break
    label = _abbreviate(humanise(stem))
    label = label.replace(" dv", " Δv").replace("Dv ", "Δv ").replace(" dv ", " Δv ")
    if label.lower() == "dv":
        label = "Δv"
    return label, unit


def _abbreviate(text: str) -> str:
    """Upper-case known abbreviations word by word ('tli' -> 'TLI')."""
    return " ".join(w.upper() if w.lower() in _ABBREVIATIONS else w for w in text.split(" "))


def phase_label(phase: str) -> str:
    """'lunar_orbit' -> 'lunar orbit', 'tli' -> 'TLI'."""
    return _abbreviate(str(phase).replace("_", " "))


def fmt_number(v: float) -> str:
    """Readable number: 4 significant figures but at least 2 decimals below 1,000 (222.69°),
    whole units from 1,000 up with thousands separators, no trailing zeros."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1e9 or a < 1e-3:
        return f"{v:.3e}"
    if a >= 1000:
        return f"{round(v):,}"
    digits = max(3 - math.floor(math.log10(a)), 2)  # 0.01 at least: coordinates in degrees
    text = f"{round(v, digits):.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_value(v, unit: str = "") -> str:
    """A summary value as text with its unit; None is said in words."""
    if v is None:
        return "not given"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        text = fmt_number(v)
        if unit in ("", "UTC"):
            return text
        return f"{text}{unit}" if unit in ("°", "%") else f"{text} {unit}"
    if isinstance(v, (list, tuple)) and all(not isinstance(x, (dict, list)) for x in v):
        sep = "; " if any(isinstance(x, str) for x in v) else ", "
        return sep.join(fmt_value(x, unit) for x in v)
    if isinstance(v, str) and unit == "UTC":
        return fmt_utc(v) + " UTC"
    return str(v)


def fmt_utc(text: str) -> str:
    """'2028-06-15T22:49:00.000Z' -> '2028-06-15 22:49:00' (ISO 8601 UTC strings only)."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(\.\d+)?Z?", text.strip())
    return f"{m.group(1)} {m.group(2)}" if m else text


def fmt_duration(seconds) -> str:
    """Seconds as '—', '45 s', '12.5 min', '3.2 h' or '4.50 d'."""
    try:
        s = float(seconds)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(s) or s <= 0:
        return "—"
    if s < 120:
        return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.2f} d"


def text_color_on(hex_color: str) -> str:
    """Black or white text, whichever reads better on ``hex_color`` (WCAG relative luminance)."""
    h = hex_color.lstrip("#")
    try:
        r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, IndexError):
        return "#000000"

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


# ----------------------------------------------------------------------------- figures


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk, or None if ``data`` is not a PNG."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        w, h = struct.unpack(">II", data[16:24])
        return (w, h) if w > 0 and h > 0 else None
    return None


def _image_ok(path: Path, data: bytes) -> tuple[bool, tuple[int, int] | None]:
    ext = path.suffix.lower()
    if ext == ".png":
        size = _png_size(data)
        return size is not None, size
    if ext in (".jpg", ".jpeg"):
        return data[:3] == b"\xff\xd8\xff", None
    if ext == ".svg":
        head = data[:2048].lstrip().lower()
        return head.startswith(b"<svg") or head.startswith(b"<?xml"), None
    return False, None


def collect_figures(out_dir: Path) -> tuple[dict[str, list[Figure]], list[str]]:
    """Every figure under ``out_dir`` grouped by its top-level subdirectory ("" = out_dir itself).

    Within a group figures come in the caption registry's order, then by name. Files that are
    not valid images are not embedded; their relative paths are returned as the second item.
    """
    groups: dict[str, list[tuple[tuple, Figure]]] = {}
    bad: list[str] = []
    files = sorted(p for p in out_dir.rglob("*") if p.is_file() and p.suffix.lower() in _MIME)
    for p in files:
        rel = p.relative_to(out_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        data = p.read_bytes()
        ok, size = _image_ok(p, data)
        if not ok:
            bad.append(rel.as_posix())
            continue
        group = rel.parts[0] if len(rel.parts) > 1 else ""
        caption, origin = caption_for(p, out_dir)
        idx = registry_index(group, p.name)
        key = (idx if idx is not None else len(CAPTIONS), rel.as_posix())
        uri = f"data:{_MIME[p.suffix.lower()]};base64," + base64.b64encode(data).decode("ascii")
        fig = Figure(rel.as_posix(), caption, origin, uri, *(size or (None, None)))
        groups.setdefault(group, []).append((key, fig))
    return {g: [f for _, f in sorted(v, key=lambda kv: kv[0])] for g, v in groups.items()}, bad


def collect_products(out_dir: Path) -> list[dict]:
    """Every file of the run (except the report) with its size and kind, for the file list."""
    rows = []
    for p in sorted(out_dir.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out_dir)
        if (
            rel.as_posix() in (REPORT_NAME, REPORT_NAME + ".partial")
            or any(part.startswith(".") for part in rel.parts)
        ):
            continue
        size = p.stat().st_size
        rows.append(
            {
                "path": rel.as_posix(),
                "href": quote(rel.as_posix()),
                "kind": _PRODUCT_KINDS.get(p.suffix.lower(), p.suffix.lstrip(".") or "file"),
                "size": f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB",
            }
        )
    return rows


# ----------------------------------------------------------------------------- summary sections


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
    """Δv rows from ``summary['transfer']``: an explicit ``dv_budget`` (list or mapping) if the
    stage gives one, else every top-level ``*_dv_m_s`` figure, in flight order; None if the
    transfer stage is not modelled."""
    tr = summary.get("transfer")
    if not isinstance(tr, dict):
        return None
    rows: list[dict] = []
    explicit = tr.get("dv_budget") or tr.get("delta_v_budget")
    if isinstance(explicit, list) and all(isinstance(r, dict) for r in explicit):
        for r in explicit:
            name = r.get("item") or r.get("name") or r.get("manoeuvre") or r.get("maneuver") or ""
            dv = next((r[k] for k in ("dv_m_s", "delta_v_m_s", "value_m_s") if k in r), None)
            detail = ", ".join(
                f"{split_unit(k)[0]}: {fmt_value(v, split_unit(k)[1])}"
                for k, v in r.items()
                if k not in ("item", "name", "manoeuvre", "maneuver", "dv_m_s", "delta_v_m_s",
                             "value_m_s")
            )
            rows.append({"label": str(name), "dv": dv, "detail": detail})
    elif isinstance(explicit, dict):
        for k, v in explicit.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                label, unit = split_unit(k)
                rows.append({"label": label, "dv": v if unit in ("m/s", "") else None,
                             "detail": "" if unit in ("m/s", "") else fmt_value(v, unit)})
            elif isinstance(v, dict):
                dv = next((v[x] for x in ("dv_m_s", "delta_v_m_s", "value_m_s") if x in v), None)
                rows.append({"label": humanise(k), "dv": dv, "detail": ""})
    if rows and not any("total" in r["label"].lower() for r in rows):
        for k in ("total_lander_dv_m_s", "total_dv_m_s"):
            if isinstance(tr.get(k), (int, float)) and not isinstance(tr.get(k), bool):
                rows.append({"label": split_unit(k)[0], "dv": tr[k], "detail": ""})
                break
    if not rows:
        order = ("tli", "tcm", "correction", "loi", "lowering", "doi", "descent", "landing",
                 "margin", "total")

        def rank(key):
            low = key.lower()
            return next((i for i, w in enumerate(order) if w in low), len(order) - 1)

        keys = [k for k, v in tr.items()
                if k.lower().endswith("_dv_m_s") and isinstance(v, (int, float))
                and not isinstance(v, bool)]
        for k in sorted(keys, key=lambda k: (rank(k), keys.index(k))):
            rows.append({"label": split_unit(k)[0], "dv": tr[k], "detail": ""})
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


# ----------------------------------------------------------------------------- page


def report_context(summary: dict, out_dir: Path) -> dict:
    """Everything the template needs, as plain values (all text escaped later by Jinja2)."""
    out_dir = Path(out_dir)
    figures, bad_images = collect_figures(out_dir)
    not_modelled = [str(n) for n in summary.get("not_modelled", []) or []]
    stage_names = [s for s in STAGE_TITLES if s in summary or (Path(out_dir) / s).is_dir()]
    stages = []
    for s in stage_names:
        st = _stage_status(summary, s, not_modelled)
        section = summary.get(s)
        rows, tables = figure_rows(section) if isinstance(section, dict) else ([], [])
        terrain = None
        if isinstance(section, dict) and isinstance(section.get("terrain"), dict):
            t = section["terrain"]
            terrain = [str(t[k]) for k in ("source", "words") if t.get(k)] or None
        st.update(rows=rows, tables=tables, figures=figures.pop(s, []),
                  sources=STAGE_SOURCES.get(s, ""), terrain=terrain)
        stages.append(st)
    mission_figs = figures.pop("", [])
    placed = {f.rel_path: f for f in mission_figs if f.rel_path in _MISSION_FIGURES}
    other_mission = [f for f in mission_figs if f.rel_path not in _MISSION_FIGURES]
    other_groups = [(humanise(g), figs) for g, figs in sorted(figures.items())]
    if other_mission:
        other_groups.insert(0, ("Mission", other_mission))

    feasible = summary.get("feasible")
    infeasibilities = summary.get("infeasibilities", []) or []
    if feasible is True:
        verdict, verdict_class = "Feasible", "ok"
        verdict_words = "Every stage is modelled and no infeasibility was found."
    elif feasible is False:
        n = len(infeasibilities)
        verdict, verdict_class = "Not feasible", "bad"
        verdict_words = (f"{n} infeasibilit{'y' if n == 1 else 'ies'} found: the scenario cannot "
                         "be flown as specified (see below).")
    else:
        verdict, verdict_class = "Feasibility not determined", "unknown"
        missing = [STAGE_TITLES[s] for s in STAGE_TITLES
                   if s in summary and summary.get(s) is None]
        what = ", ".join(missing) if missing else "see the list below"
        verdict_words = ("Nothing infeasible was found, but not every stage is modelled in this "
                         f"version ({what}), so feasibility cannot be confirmed.")
    agencies = _agencies(summary)
    timeline = []
    for r in summary.get("timeline", []) or []:
        timeline.append({
            "epoch": str(r.get("epoch_utc", "")).replace("T", " ").rstrip("Z")[:19],
            "event": r.get("event", ""),
            "phase": phase_label(r.get("phase", "")),
            "owner": r.get("owner", "") or "",
            "duration": fmt_duration(r.get("duration_s", 0.0)),
            "detail": r.get("detail", "") or "",
        })
    scen = summary.get("scenario", {}) or {}
    desc = (scen.get("inputs", {}) or {}).get("mission", {}) or {}
    colors = {a: agency_color(a) for a in agencies}
    return {
        "name": scen.get("name") or "lupex scenario",
        "description": desc.get("description", "") if isinstance(desc, dict) else "",
        "scenario_file": scen.get("file"),
        "lupex_version": summary.get("lupex_version", ""),
        "schema_version": summary.get("schema_version", ""),
        "verdict": verdict,
        "verdict_class": verdict_class,
        "verdict_words": verdict_words,
        "infeasibilities": [
            {
                "stage": i.get("stage", ""),
                "quantity": i.get("quantity", ""),
                "unit": i.get("unit", ""),
                "detail": i.get("detail", ""),
                "shortfall_text": fmt_number(i["shortfall"])
                if isinstance(i.get("shortfall"), (int, float))
                else str(i.get("shortfall", "")),
            }
            for i in infeasibilities
        ],
        "not_modelled": [
            STAGE_TITLES.get(n, n) + (" stage" if n in STAGE_TITLES else "") for n in not_modelled
        ],
        "stages": stages,
        "timeline": timeline,
        "gantt": placed.get("timeline_gantt.png"),
        "mass_fig": placed.get("mass_budget.png"),
        "dv": dv_budget(summary),
        "transfer_modelled": isinstance(summary.get("transfer"), dict),
        "agencies": agencies,
        "colors": colors,
        "text_on": {a: text_color_on(c) for a, c in colors.items()},
        "neutral": NEUTRAL,
        "ws": work_split_tables(summary, agencies),
        "other_groups": other_groups,
        "bad_images": bad_images,
        "products": collect_products(out_dir),
        "inputs": scenario_inputs(summary),
    }


@functools.lru_cache(maxsize=1)
def _template():
    import jinja2

    from lupex.report.template import TEMPLATE

    env = jinja2.Environment(
        autoescape=True,  # every value from the scenario or the stages is HTML-escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.from_string(TEMPLATE)


def render(context: dict) -> str:
    """The page's HTML for a :func:`report_context`."""
    return _template().render(**context)


def build_report(summary: dict, out_dir: Path) -> Path:
    """Write ``out_dir/report.html`` for a run whose plots and products are in ``out_dir``.

    summary: the summary.json dict (contract in README.md). Every PNG/JPEG/SVG under out_dir is
    embedded, grouped by stage subdirectory, with a caption from :mod:`lupex.report.captions`.
    Returns the path of the report.
    """
    out_dir = Path(out_dir)
    html = render(report_context(summary, out_dir))
    path = out_dir / REPORT_NAME
    tmp = out_dir / (REPORT_NAME + ".partial")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def write_report_into(tmp_dir, summary: dict) -> list[Path]:
    """Runner hook: build the report inside the run's temporary directory; returns [its path].

    Call after the mission plots and every stage's products are written, before the rename.
    """
    return [build_report(summary, Path(tmp_dir))]
