"""Physical ranges every figure of summary.json must respect: a figure outside its range is an
internal error (a defect of lupex, reported as such), never a result.

The rules match dotted key paths of the summary (``fnmatch`` patterns, ``landing.sun_fraction``);
lists (Δv rows, rankings) and the echoed scenario inputs are not checked here, booleans and
``None`` (not modelled) are skipped. A NaN or an infinity where a rule applies is out of range.
"""

from __future__ import annotations

import math
from fnmatch import fnmatchcase

from lupex.errors import InternalError

#: (pattern, lowest, highest, what the range means). Fractions of time or of the Sun's disc and
#: states of charge are in [0, 1]; angles in their geometric ranges; durations, distances and
#: Δv magnitudes are not negative; each agency's delivered mass is not negative.
RULES: tuple[tuple[str, float, float, str], ...] = (
    ("*fraction", 0.0, 1.0, "a fraction, 0 to 1"),
    ("*state_of_charge", 0.0, 1.0, "a state of charge, 0 to 1"),
    ("*arg_lat_deg", -360.0, 360.0, "an argument of latitude, -360 to 360°"),
    ("*lat_deg", -90.0, 90.0, "a latitude, -90 to 90°"),
    ("*slope_deg", 0.0, 90.0, "a slope, 0 to 90°"),
    ("*elevation_deg", -90.0, 90.0, "an elevation, -90 to 90°"),
    ("*inclination_deg", 0.0, 180.0, "an inclination, 0 to 180°"),
    ("*_dv_m_s", 0.0, math.inf, "a Δv magnitude, 0 m/s or more"),
    ("*time_of_flight_days", 0.0, math.inf, "a duration, 0 or more"),
    ("*_hours", 0.0, math.inf, "a duration, 0 h or more"),
    ("*_h", 0.0, math.inf, "a duration, 0 h or more"),
    ("*_days", 0.0, math.inf, "a duration, 0 days or more"),
    ("*distance_km", 0.0, math.inf, "a distance, 0 km or more"),
    ("*distance_to_psr_km", 0.0, math.inf, "a distance, 0 km or more"),
    ("work_split.*.mass_kg", 0.0, math.inf, "a mass, 0 kg or more"),
)
#: Top-level entries not checked: the scenario's own inputs (validated at load) and lists.
SKIP = {"scenario", "timeline", "work_split_elements", "responsibility_matrix", "infeasibilities"}


def _leaves(d: dict, prefix: str = ""):
    for k, v in d.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _leaves(v, path + ".")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            yield path, float(v)


def out_of_range(summary: dict) -> list[str]:
    """Every figure of ``summary`` outside its physical range, as 'path = value (expected ...)'."""
    problems = []
    for top, section in summary.items():
        if top in SKIP or not isinstance(section, dict):
            continue
        for path, value in _leaves(section, top + "."):
            for pattern, lo, hi, what in RULES:
                if fnmatchcase(path, pattern):
                    if not (math.isfinite(value) and lo <= value <= hi):
                        problems.append(f"{path} = {value!r} (expected {what})")
                    break
    return problems


def check_summary(summary: dict) -> None:
    """Raise InternalError when any figure of ``summary`` is outside its physical range."""
    problems = out_of_range(summary)
    if problems:
        raise InternalError("a computed figure is outside its physical range: "
                            + "; ".join(problems))
