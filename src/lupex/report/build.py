"""Build the one-page, self-contained HTML mission report from summary.json and the run's plots.

Everything the page needs is inside it: figures are embedded as base64 ``data:`` URIs, the style
sheet is inline, there is no script, no web font and no network access. All text that comes from
the scenario or the stages is HTML-escaped (Jinja2 with autoescaping).

The page is assembled here from :mod:`lupex.report.figures` (the run's figures and files),
:mod:`lupex.report.sections` (summary sections) and :mod:`lupex.report.formatting` (text);
their public names are re-exported.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lupex.plotstyle import NEUTRAL, agency_color
from lupex.report.captions import humanise
from lupex.report.figures import (  # noqa: F401 - re-exported
    Figure,
    REPORT_NAME,
    _MISSION_FIGURES,
    collect_figures,
    collect_products,
)
from lupex.report.formatting import (  # noqa: F401 - re-exported
    fmt_duration,
    fmt_number,
    fmt_utc,
    fmt_value,
    phase_label,
    split_unit,
    text_color_on,
)
from lupex.report.sections import (  # noqa: F401 - re-exported
    STAGE_SOURCES,
    STAGE_TITLES,
    _agencies,
    _stage_status,
    contract_notice,
    dv_budget,
    figure_rows,
    read_section,
    scenario_inputs,
    table_from_records,
    terrain_words,
    work_split_tables,
)


def report_context(summary: dict, out_dir: Path) -> dict:
    """Everything the template needs, as plain values (all text escaped later by Jinja2)."""
    out_dir = Path(out_dir)
    figures, bad_images = collect_figures(out_dir)
    not_modelled = [str(n) for n in summary.get("not_modelled", []) or []]
    stage_names = [s for s in STAGE_TITLES if s in summary or (Path(out_dir) / s).is_dir()]
    stages = []
    for s in stage_names:
        st = _stage_status(summary, s, not_modelled)
        model, mismatch = read_section(summary, s)
        section = model.to_json() if model is not None else summary.get(s)
        rows, tables = figure_rows(section) if isinstance(section, dict) else ([], [])
        st.update(rows=rows, tables=tables, figures=figures.pop(s, []),
                  sources=STAGE_SOURCES.get(s, ""), terrain=terrain_words(model),
                  contract=contract_notice(mismatch))
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
