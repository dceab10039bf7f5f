"""Monte Carlo dispersions: what is drawn, how a dispersed case is evaluated, and the statistics.

Dispersions (all 1-sigma, Gaussian, independent; ``None`` = not dispersed). No default values
are built in: the analyst gives every sigma (``--disperse NAME=SIGMA``), because a number here
that is not the project's own published requirement would be invented.

- ``tli_dv_frac``: TLI Δv magnitude error, fraction of the nominal Δv (draw: scale = 1 + σ·z).
- ``tli_pointing_deg``: TLI thrust direction error, degrees per axis, about the two axes
  perpendicular to the burn direction (in-plane, out-of-plane); drawn in radians.
- ``nav_position_m``: navigation (orbit determination) position error at lunar arrival, metres per
  axis (radial, along-track, cross-track).
- ``nav_velocity_m_s``: navigation velocity error at lunar arrival, m/s per axis (same axes).
- ``lander_isp_frac``: lander main-engine specific impulse error, fraction of nominal.
- ``lander_thrust_frac``: lander main-engine thrust error, fraction of nominal.

Reproducibility: sample ``i`` of seed ``S`` draws from ``numpy.random.Generator(PCG64(
SeedSequence(S, spawn_key=(i,))))`` — the same stream as ``SeedSequence(S).spawn(N)[i]`` — and
always draws the same 11 standard normals in the same order, whatever is enabled. Draws are made
once, in the parent, before any case runs, and stored (as JSON floats, which round-trip exactly)
in each case's inputs; so results are bit-for-bit identical for any worker count, order, or
restart. The same sample draws are used for every varied case (common random numbers), so
differences between varied cases are not masked by sampling noise.

Evaluation contract for the transfer stage
------------------------------------------
The scenario of each varied case is run once (nominal); then, for every sample, the sweep calls
the transfer stage's hook :data:`HOOK_NAME`, ``evaluate_dispersion(scenario, dispersion,
nominal_summary=summary) -> Mapping``: ``scenario`` is the validated scenario, ``dispersion`` the
plain dict drawn here (keys as documented in :func:`draw_dispersions`), ``nominal_summary`` the
nominal run's summary.json dict (the hook may cache its own nominal plan per scenario in-process;
samples of one varied case are sent to workers in order). It returns any of :data:`OUTPUTS`
(floats: ``correction_dv_m_s`` the trajectory-correction Δv that re-targets the arrival,
``propellant_margin_kg`` after that correction and the dispersed lander burns,
``landing_east_m`` / ``landing_north_m`` the touchdown offset from the target in the local ENU
frame at the site) and ``"applied"``: the dispersion names it used. The stage package never
imports :mod:`lupex.sweep`; the contract is plain data.

A drawn dispersion the hook does not apply is listed, with the reason, under ``not_dispersed``
in every record and in ``montecarlo.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import numpy as np

from lupex.constants import G0_M_S2  # standard gravity for Isp in s (public name kept here)
from lupex.errors import InputError

#: Figures a dispersed evaluation can return.
OUTPUTS = ("correction_dv_m_s", "propellant_margin_kg", "landing_east_m", "landing_north_m")

#: Draw layout: name -> (slice into the 11 standard normals, allowed sigma range, unit text).
_LAYOUT = {
    "tli_dv_frac": (slice(0, 1), (0.0, 0.2), "fraction of the nominal TLI Δv"),
    "tli_pointing_deg": (slice(1, 3), (0.0, 10.0), "degrees per axis"),
    "nav_position_m": (slice(3, 6), (0.0, 1.0e6), "metres per axis"),
    "nav_velocity_m_s": (slice(6, 9), (0.0, 1.0e3), "m/s per axis"),
    "lander_isp_frac": (slice(9, 10), (0.0, 0.2), "fraction of the nominal Isp"),
    "lander_thrust_frac": (slice(10, 11), (0.0, 0.2), "fraction of the nominal thrust"),
}
N_NORMALS = 11

#: chi-square quantile with 2 degrees of freedom at 0.99: -2 ln(0.01); its root scales the
#: 1-sigma covariance ellipse to the 99 % ellipse of a 2-D Gaussian.
K99_2D = math.sqrt(-2.0 * math.log(0.01))


@dataclass(frozen=True)
class DispersionSpec:
    """1-sigma dispersions (``None`` = not dispersed); units in the module docstring."""

    tli_dv_frac: float | None = None
    tli_pointing_deg: float | None = None
    nav_position_m: float | None = None
    nav_velocity_m_s: float | None = None
    lander_isp_frac: float | None = None
    lander_thrust_frac: float | None = None

    def __post_init__(self):
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None:
                continue
            lo, hi = _LAYOUT[f.name][1]
            if not isinstance(v, (int, float)) or not (lo <= v <= hi) or math.isnan(v):
                raise InputError(f"--disperse {f.name}", v,
                                 f"a 1-sigma value from {lo:g} to {hi:g} ({_LAYOUT[f.name][2]})")

    def enabled(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_options(cls, options: list[str]) -> DispersionSpec:
        """Parse ``NAME=SIGMA`` options (``--disperse``); InputError on unknown names or values."""
        allowed = ", ".join(f"{n} ({_LAYOUT[n][2]})" for n in _LAYOUT)
        values: dict[str, float] = {}
        for opt in options:
            name, sep, text = str(opt).partition("=")
            name = name.strip()
            if not sep or name not in _LAYOUT:
                raise InputError("--disperse", opt, f"NAME=SIGMA with NAME one of: {allowed}")
            if name in values:
                raise InputError("--disperse", opt, f"{name} given once")
            try:
                values[name] = float(text)
            except ValueError:
                raise InputError(f"--disperse {name}", text, "a number (1-sigma)") from None
        return cls(**values)


def draw_dispersions(spec: DispersionSpec, samples: int, seed: int) -> list[dict]:
    """One dispersion dict per sample (plain floats, JSON-ready), reproducible bit for bit.

    Keys: ``sample`` (int), and for each enabled dispersion: ``tli_dv_scale`` (1 + σ z),
    ``tli_pointing_rad`` [in-plane, out-of-plane], ``nav_position_m`` [R, T, N],
    ``nav_velocity_m_s`` [R, T, N], ``lander_isp_scale``, ``lander_thrust_scale``.
    """
    if not isinstance(samples, int) or samples < 1:
        raise InputError("--samples", samples, "a whole number of samples, at least 1")
    if not isinstance(seed, int) or seed < 0:
        raise InputError("--seed", seed, "a non-negative whole number")
    if not spec.enabled():
        raise InputError(
            "--disperse", None,
            "at least one NAME=SIGMA with --samples (no dispersion is assumed by default); "
            "NAME one of: " + ", ".join(_LAYOUT),
        )
    out = []
    for i in range(samples):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(i,))))
        z = rng.standard_normal(N_NORMALS)
        d: dict = {"sample": i}
        for name in spec.enabled():
            sigma = float(getattr(spec, name))
            part = z[_LAYOUT[name][0]]
            if name == "tli_dv_frac":
                d["tli_dv_scale"] = float(1.0 + sigma * part[0])
            elif name == "tli_pointing_deg":
                d["tli_pointing_rad"] = [float(math.radians(sigma) * x) for x in part]
            elif name == "nav_position_m":
                d["nav_position_m"] = [float(sigma * x) for x in part]
            elif name == "nav_velocity_m_s":
                d["nav_velocity_m_s"] = [float(sigma * x) for x in part]
            elif name == "lander_isp_frac":
                d["lander_isp_scale"] = float(1.0 + sigma * part[0])
            elif name == "lander_thrust_frac":
                d["lander_thrust_scale"] = float(1.0 + sigma * part[0])
        out.append(d)
    return out


_DRAW_KEY = {
    "tli_dv_scale": "tli_dv_frac",
    "tli_pointing_rad": "tli_pointing_deg",
    "nav_position_m": "nav_position_m",
    "nav_velocity_m_s": "nav_velocity_m_s",
    "lander_isp_scale": "lander_isp_frac",
    "lander_thrust_scale": "lander_thrust_frac",
}


def drawn_names(dispersion: Mapping) -> list[str]:
    """The dispersion names (``DispersionSpec`` fields) present in one draw."""
    return [_DRAW_KEY[k] for k in dispersion if k in _DRAW_KEY]


#: Where the transfer stage's Monte Carlo hook lives (module, function).
HOOK = ("lupex.scenario.stages.transfer_dispersion", "evaluate_dispersion")
#: Its dotted name, as reported in ``evaluator``.
HOOK_NAME = ".".join(HOOK)


def evaluate_dispersion(scenario, summary: dict, dispersion: Mapping) -> dict:
    """Evaluate one dispersed case after its nominal run. Returns a JSON-ready dict.

    The physics is the transfer stage's hook (:data:`HOOK_NAME`: TCM differential correction,
    dispersed finite burns, arrival geometry); this function records its answer in the sweep's
    plain-data form. Keys: each of :data:`OUTPUTS` (float or None), ``applied`` (dispersion
    names used), ``not_dispersed`` ({name: reason} for drawn dispersions that had no effect,
    e.g. every one when the nominal run has no transfer), ``evaluator``.
    """
    from lupex.scenario.stages.transfer_dispersion import evaluate_dispersion as hook

    wanted = drawn_names(dispersion)
    out: dict = {k: None for k in OUTPUTS}
    res = dict(hook(scenario, dict(dispersion), nominal_summary=summary))
    for k in OUTPUTS:
        if res.get(k) is not None:
            out[k] = float(res[k])
    applied = [str(a) for a in res.get("applied", [])]
    out["applied"] = applied
    hook_why = res.get("not_dispersed") or {}
    out["not_dispersed"] = {
        n: str(hook_why.get(n, f"{HOOK_NAME} does not apply it"))
        for n in wanted if n not in applied
    }
    out["evaluator"] = HOOK_NAME
    return out


# ---------------------------------------------------------------------------------- statistics


def _pct(x: np.ndarray, q: float) -> float:
    return float(np.percentile(x, q, method="linear"))


def statistics(records: list[dict], safe_radius_m: float | None = None) -> dict:
    """Statistics over the samples of one varied case.

    records: the ``mc`` dicts of its samples (as returned by :func:`evaluate_dispersion`).
    Percentiles use linear interpolation between order statistics (numpy's default); with fewer
    than 100 samples the 99th percentile lies between the two largest values — the output says so.
    The landing ellipse is the sample covariance of (east, north) offsets scaled to 99 %
    (chi-square, 2 dof: k = 3.035); it is compared with a circular safe area of ``safe_radius_m``.
    """
    n = len(records)
    out: dict = {"samples": n}
    if n < 100:
        out["note"] = f"{n} samples: the 99th percentile is poorly resolved below 100 samples"

    def col(name):
        vals = [r.get(name) for r in records]
        if any(v is None for v in vals):
            return None
        return np.asarray(vals, dtype=float)

    dv = col("correction_dv_m_s")
    out["correction_dv_m_s"] = None if dv is None else {
        "p50": _pct(dv, 50), "p99": _pct(dv, 99), "max": float(dv.max()), "mean": float(dv.mean())}
    pm = col("propellant_margin_kg")
    out["propellant_margin_kg"] = None if pm is None else {
        "mean": float(pm.mean()), "std": float(pm.std(ddof=1)) if n > 1 else 0.0,
        "min": float(pm.min()), "p1": _pct(pm, 1), "p5": _pct(pm, 5), "p50": _pct(pm, 50),
        "probability_negative": float(np.mean(pm < 0.0)),
    }
    e, nn = col("landing_east_m"), col("landing_north_m")
    if e is None or nn is None or n < 3:
        out["landing_ellipse"] = None
    else:
        out["landing_ellipse"] = landing_ellipse(e, nn, safe_radius_m)
    return out


def landing_ellipse(east_m: np.ndarray, north_m: np.ndarray, safe_radius_m: float | None) -> dict:
    """99 % dispersion ellipse of landing offsets (east, north, metres) and its fit in a safe circle.

    Returns centre, 1-sigma and 99 % semi-axes (m), azimuth of the major axis (degrees from north
    towards east, 0–180), and — when ``safe_radius_m`` is given — whether the whole 99 % ellipse
    lies inside the circle (|centre| + major semi-axis ≤ radius) and the fraction of samples inside.
    """
    pts = np.column_stack([east_m, north_m])
    centre = pts.mean(axis=0)
    cov = np.cov(pts, rowvar=False, ddof=1)
    w, v = np.linalg.eigh(cov)
    w = np.clip(w, 0.0, None)
    major = v[:, 1]
    az = math.degrees(math.atan2(major[0], major[1])) % 180.0
    res = {
        "centre_east_m": float(centre[0]),
        "centre_north_m": float(centre[1]),
        "sigma_major_m": float(math.sqrt(w[1])),
        "sigma_minor_m": float(math.sqrt(w[0])),
        "semi_major_99_m": float(K99_2D * math.sqrt(w[1])),
        "semi_minor_99_m": float(K99_2D * math.sqrt(w[0])),
        "major_axis_azimuth_deg": float(az),
        "safe_radius_m": safe_radius_m,
        "ellipse_inside_safe_area": None,
        "fraction_inside_safe_area": None,
    }
    if safe_radius_m is not None:
        reach = float(np.hypot(*centre)) + res["semi_major_99_m"]
        res["ellipse_inside_safe_area"] = bool(reach <= safe_radius_m)
        res["fraction_inside_safe_area"] = float(np.mean(np.hypot(east_m, north_m) <= safe_radius_m))
    return res
