"""Rank candidate landing points of a region by illumination, darkness, Earth view, slope and PSR.

Every cell of the region whose footprint slope is within the limit is a candidate. Each criterion
is scaled to 0..1 over the candidates (min-max), oriented so that 1 is better:
sun_fraction (higher), longest_dark_hours (shorter), earth_fraction (higher),
slope_deg (lower), distance_to_psr_km (shorter: the water-ice target is in the PSRs).
The score is the weighted mean with :data:`DEFAULT_WEIGHTS`. The weights are a planning choice,
not a published model: the table lists every criterion so users can re-rank.
"""

from __future__ import annotations

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import ps_scale_factor

#: Default weights of the ranking criteria (planning choice; illumination first, as for LUPEX's
#: solar-powered lander and rover).
DEFAULT_WEIGHTS = {
    "sun_fraction": 0.35,
    "longest_dark_hours": 0.25,
    "earth_fraction": 0.2,
    "slope_deg": 0.1,
    "distance_to_psr_km": 0.1,
}


def psr_distance_map(terrain, psr: np.ndarray) -> np.ndarray:
    """True distance (km) from every cell to the nearest PSR cell (inf where there is no PSR)."""
    from scipy.ndimage import distance_transform_edt

    if not psr.any():
        return np.full(psr.shape, np.inf)
    d = distance_transform_edt(~psr) * terrain.cell_m
    lat, _ = terrain.cell_latlon()
    return d / ps_scale_factor(lat, terrain.pole) / 1000.0


def psr_distance_on(terrain, psr_terrain, psr: np.ndarray) -> np.ndarray:
    """Distance (km) from every cell of ``terrain`` to the nearest PSR cell of a mask computed on
    another grid of the same polar-stereographic plane (``psr_terrain``, e.g. a larger PSR search
    region): the distance map of that grid (:func:`psr_distance_map`) at the nearest of its
    cells; NaN where ``terrain`` extends beyond ``psr_terrain``. So that one PSR mask (one
    near-field policy) gives every PSR distance of a run."""
    dist = psr_distance_map(psr_terrain, psr)
    ny, nx = terrain.shape
    jj, ii = np.meshgrid(np.arange(nx), np.arange(ny))
    x, y = terrain.xy(ii, jj)
    pi, pj = psr_terrain.ij(x, y)
    pi, pj = np.rint(pi).astype(int), np.rint(pj).astype(int)
    inside = (pi >= 0) & (pj >= 0) & (pi < psr.shape[0]) & (pj < psr.shape[1])
    out = np.full(terrain.shape, np.nan)
    out[inside] = dist[pi[inside], pj[inside]]
    return out


def rank_sites(terrain, maps, slope_deg: np.ndarray, slope_limit_deg: float = 12.0,
               weights: dict | None = None, top: int = 20,
               psr_distance_km: np.ndarray | None = None) -> list[dict]:
    """The ``top`` candidates of the region, best first, as JSON-ready rows.

    terrain: the region's Terrain; maps: :class:`~lupex.site.illumination.IlluminationMap` on it;
    slope_deg: footprint slope per cell. psr_distance_km: distance to the nearest PSR per cell
    (e.g. :func:`psr_distance_on` a PSR search region); default from ``maps.psr``.
    """
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        bad = set(weights) - set(w)
        if bad:
            raise InputError("ranking weights", sorted(bad), f"keys among {sorted(w)}")
        w.update(weights)
    dist = (psr_distance_map(terrain, maps.psr) if psr_distance_km is None
            else np.asarray(psr_distance_km, dtype=float))
    crit = {
        "sun_fraction": maps.sun_fraction,
        "longest_dark_hours": maps.longest_dark_hours,
        "earth_fraction": maps.earth_fraction,
        "slope_deg": slope_deg,
        "distance_to_psr_km": dist,
    }
    cand = np.isfinite(maps.sun_fraction) & np.isfinite(slope_deg) & (slope_deg <= slope_limit_deg)
    if not cand.any():
        return []
    better_high = {"sun_fraction": True, "earth_fraction": True}
    score = np.zeros(cand.sum())
    total_w = 0.0
    for name, arr in crit.items():
        v = np.asarray(arr, dtype=float)[cand]
        if not np.all(np.isfinite(v)):
            continue  # e.g. no PSR in the region: the criterion does not discriminate
        lo, hi = v.min(), v.max()
        s = np.zeros_like(v) if hi <= lo else (v - lo) / (hi - lo)
        if not better_high.get(name, False):
            s = 1.0 - s if hi > lo else s
        score += w[name] * s
        total_w += w[name]
    if total_w > 0:
        score /= total_w
    ii, jj = np.nonzero(cand)
    order = np.argsort(-score)[:top]
    lat, lon = terrain.ij_to_latlon(ii[order], jj[order])
    rows = []
    for r, o in enumerate(order):
        i, j = ii[o], jj[o]
        d = float(dist[i, j])
        rows.append({
            "rank": r + 1,
            "lat_deg": float(lat[r]),
            "lon_deg": float(lon[r]),
            "score": float(score[o]),
            "sun_fraction": float(maps.sun_fraction[i, j]),
            "longest_dark_hours": float(maps.longest_dark_hours[i, j]),
            "earth_fraction": float(maps.earth_fraction[i, j]),
            "sun_and_earth_fraction": float(maps.sun_and_earth_fraction[i, j]),
            "slope_deg": float(slope_deg[i, j]),
            "distance_to_psr_km": d if np.isfinite(d) else None,
            "cell": [int(i), int(j)],
        })
    return rows


def score_map(terrain, maps, slope_deg, slope_limit_deg: float = 12.0, weights=None,
              psr_distance_km: np.ndarray | None = None) -> np.ndarray:
    """Score (0..1) of every candidate cell, NaN elsewhere (for the ranking map)."""
    rows = rank_sites(terrain, maps, slope_deg, slope_limit_deg, weights, top=10**9,
                      psr_distance_km=psr_distance_km)
    out = np.full(terrain.shape, np.nan)
    for r in rows:
        out[r["cell"][0], r["cell"][1]] = r["score"]
    return out


__all__ = ["DEFAULT_WEIGHTS", "psr_distance_map", "psr_distance_on", "rank_sites", "score_map"]
