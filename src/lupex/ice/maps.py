"""Regolith temperature and water-ice maps of a region (the 1-D model run in every cell).

:func:`region_ice_map` runs the model of :mod:`lupex.ice.thermal` in every cell of a terrain
grid, driven by that cell's own direct sunlight: the Sun's elevation from the cell's local
vertical, the visible part of the solar disc above the cell's terrain horizon (the horizons of
:func:`lupex.site.analyze_region`, the same grid and azimuths as the region illumination maps),
the incidence on the cell's slope and aspect (:func:`lupex.site.slope.slope_aspect`) and the Sun
distance, all from DE421 at the illumination epochs. The columns are independent and run in
parallel (numba, :func:`lupex.ice._kernels.run_columns`).

Map settings and how they were checked. Over a polar year the thermal step is coarser than the
illumination step: the hourly absorbed flux is averaged over blocks of ``thermal_step_h``
(default 6 h, energy-preserving) and the depth grid starts at 5 mm growing by 30 % per layer
(default; the single-site model uses 1 h, 2 mm and 10 %). Polar days last a lunation and the
Sun moves by less than a degree of elevation in 6 h, so this changes little: the tests compare
map cells with :func:`lupex.ice.run_thermal` at its default settings on the same flux (peak and
mean surface temperature, depth of stable ice).

Spin-up of the map columns (each a numerical route to the same periodic state, which the
convergence test on a free cycle of the full series accepts or not): the column starts in
radiative equilibrium with its mean flux over the geothermal gradient, is cycled first through
the flux averaged over ``coarse_steps`` model steps, then through the full series; the
accelerated spin-up shifts the layers below half an annual skin depth (the single-site model:
two); every cycle from the second on the full series records the statistics, so the cycle that
meets the tolerance is the one reported (not run again); each step's Newton iteration starts
from the linear extrapolation of the two previous steps and stops at 1e-3 K; cells with the
same flux series are run once.

Approximations (as the single-site model, plus):
- the horizons are those of the region maps, at the maps' observer height above the ground
  (a few metres, against terrain cells hundreds of metres across);
- one slope and aspect per cell, the grid-scale slope of the (smoothed) terrain product: sub-cell
  slopes, crater walls and roughness are not resolved;
- no scattered sunlight or thermal infrared from surrounding terrain: shadowed cells are colder
  than Diviner measures (25-50 K floors need up to ~0.3 W/m², :func:`lupex.ice.run_thermal`),
  which overstates stable ice in shadow, not on lit ground;
- the period is taken as one cycle of a periodic forcing (give a whole year).

References: as :mod:`lupex.ice.thermal` and :mod:`lupex.ice.stability`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.constants import k as BOLTZMANN
from scipy.constants import sigma as STEFAN_BOLTZMANN

from lupex.errors import InputError
from lupex.ice import _kernels as K
from lupex.ice.regolith import RegolithParameters
from lupex.ice.stability import (
    DEFAULT_LOSS_THRESHOLD_KG_M2_GYR,
    GYR_S,
    MURPHY_KOOP_2005,
    WATER_MOLECULE_MASS_KG,
    _crossing,
)
from lupex.ice.thermal import make_grid

#: Deepest depth searched for stable ice, m ("none within 2 m").
ICE_SEARCH_DEPTH_M = 2.0


@dataclass(frozen=True)
class IceMap:
    """Temperatures and stable ice of every cell of ``terrain`` (arrays (ny, nx); NaN: no data).

    Attributes
    ----------
    terrain : the :class:`lupex.site.Terrain` grid of the maps.
    t_surface_max_k, t_surface_mean_k : annual peak and mean surface temperature, K.
    ice_depth_m : depth of the top of stable water ice, m (NaN: none within 2 m).
    ice_within_reach : ice at most ``drill_depth_m`` below the surface (bool).
    drill_depth_m : the drill's reach used, m.
    sun_fraction : mean visible fraction of the solar disc over the period (cross-check with the
        illumination maps).
    depth_m : (N+1,) depths of the model nodes, m; t_max_profile_k, t_mean_profile_k:
        (ny, nx, N+1) peak and mean temperature at each node, K.
    cycles : (ny, nx) cycles run on the full flux series (after the spin-up on the averaged
        flux); converged : (ny, nx) bool, change over the reported cycle below the tolerance and
        every Newton step of it converged; energy_residual : (ny, nx) (absorbed + basal - emitted - stored change) /
        absorbed over the last cycle.
    thermal_step_h : the model's time step, h; first_layer_m, growth: its depth grid.
    """

    terrain: object
    t_surface_max_k: np.ndarray
    t_surface_mean_k: np.ndarray
    ice_depth_m: np.ndarray
    ice_within_reach: np.ndarray
    drill_depth_m: float
    sun_fraction: np.ndarray
    depth_m: np.ndarray
    t_max_profile_k: np.ndarray
    t_mean_profile_k: np.ndarray
    cycles: np.ndarray
    converged: np.ndarray
    energy_residual: np.ndarray
    thermal_step_h: float
    first_layer_m: float
    growth: float


def _absorptivity_lut(p: RegolithParameters, n: int = 2000) -> np.ndarray:
    """1 - A(i) sampled on cos i = 0..1 (n + 1 points), from :meth:`RegolithParameters.albedo`."""
    cosi = np.linspace(0.0, 1.0, n + 1)
    return 1.0 - p.albedo(np.degrees(np.arccos(cosi)))


def cell_absorbed_flux(terrain, horizons: np.ndarray, times, slope_deg: np.ndarray,
                       aspect_deg: np.ndarray, block: int = 1,
                       params: RegolithParameters | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Absorbed direct solar flux of every cell, W/m², averaged over blocks of ``block`` epochs.

    horizons: (ny, nx, n_az) terrain horizon elevations at the grid azimuths, deg
    (:func:`lupex.site.horizon.horizon_map`); times: the epochs (astropy Time, (nt,));
    slope_deg, aspect_deg: (ny, nx) surface tilt and true azimuth it faces. Returns
    (flux (ny*nx, ceil(nt/block)) float32, sun visible fraction (ny, nx) averaged over the
    epochs). Same Sun geometry as :func:`lupex.site.illumination.illumination_map`.
    """
    from lupex.ephemeris import direction_moon_me, enu_basis
    from lupex.constants import SOLAR_CONSTANT_W_M2, SUN_RADIUS_M, AU_M
    from lupex.site._illum_kernels import _grid_az_index

    p = params or RegolithParameters()
    ny, nx, n_az = horizons.shape
    if (ny, nx) != tuple(terrain.shape):
        raise InputError("horizons shape", horizons.shape,
                         f"the terrain grid {terrain.shape} x n_az")
    lat, lon = terrain.cell_latlon()
    up = np.empty((ny * nx, 3))
    nrm = np.empty((ny * nx, 3))
    s = np.radians(np.nan_to_num(np.asarray(slope_deg, dtype=float).ravel()))
    a = np.radians(np.nan_to_num(np.asarray(aspect_deg, dtype=float).ravel()))
    for c, (la, lo) in enumerate(zip(lat.ravel(), lon.ravel())):
        e, n_, u_ = enu_basis(float(la), float(lo))
        up[c] = u_
        nrm[c] = np.cos(s[c]) * u_ + np.sin(s[c]) * (np.cos(a[c]) * n_ + np.sin(a[c]) * e)
    su, sd = direction_moon_me("sun", times)
    su, sd = np.atleast_2d(su), np.atleast_1d(sd)
    sk, sw = _grid_az_index(su, n_az, terrain.pole)
    sr = np.degrees(np.arcsin(SUN_RADIUS_M / sd))
    s_r2 = SOLAR_CONSTANT_W_M2 * (AU_M / sd) ** 2
    hz = np.ascontiguousarray(np.moveaxis(horizons, -1, 0).reshape(n_az, ny * nx),
                              dtype=np.float32)
    flux, frac = K.cell_flux(hz, up, nrm, su, sk, sw, sr, s_r2, n_az, _absorptivity_lut(p),
                             int(block))
    return flux, frac.reshape(ny, nx)


def region_ice_map(terrain, horizons: np.ndarray, times, step_h: float, *,
                   slope_deg: np.ndarray | None = None, aspect_deg: np.ndarray | None = None,
                   drill_depth_m: float = 1.5, params: RegolithParameters | None = None,
                   thermal_step_h: float = 6.0, first_layer_m: float = 0.005,
                   growth: float = 1.3, depth_m: float = 3.0, tolerance_k: float = 0.05,
                   max_cycles: int = 200, coarse_steps: int = 4,
                   spin_up_skin_depths: float = 0.5, newton_tol_k: float = 1e-3,
                   loss_threshold_kg_m2_gyr: float = DEFAULT_LOSS_THRESHOLD_KG_M2_GYR) -> IceMap:
    """Annual temperature and stable-ice maps of every cell of ``terrain`` (module docstring).

    Parameters
    ----------
    terrain, horizons : the region grid and its horizons (ny, nx, n_az), deg at the grid
        azimuths -- ``RegionAnalysis.terrain`` and ``.horizons`` of
        :func:`lupex.site.analyze_region`.
    times, step_h : the illumination epochs (one whole year for annual maps) and their step, h.
    slope_deg, aspect_deg : (ny, nx) surface tilt and true azimuth it faces, deg; default from
        :func:`lupex.site.slope.slope_aspect` of ``terrain``.
    drill_depth_m : the drill's reach, m (``ice_within_reach``).
    thermal_step_h : model time step, h, a whole multiple of ``step_h`` (the flux is averaged
        over it). first_layer_m, growth, depth_m : the depth grid (:func:`lupex.ice.make_grid`).
    tolerance_k, max_cycles : spin-up convergence (:func:`lupex.ice.run_thermal`): the maps
        are those of the first free cycle of the full series whose largest change is below
        ``tolerance_k`` (``cycles`` counts the cycles of the full series).
    coarse_steps : the spin-up starts on the flux averaged over this many model steps (a cheap
        first approach to the periodic state, to ``tolerance_k``; 1: none).
    spin_up_skin_depths : the accelerated spin-up shifts the cycle-mean temperature of the
        layers below this many annual skin depths (:mod:`lupex.ice.thermal`; the single-site
        model uses 2). A periodic state is a fixed point of the shift at any depth, so this
        changes the number of cycles, not the answer the convergence test accepts.
    newton_tol_k : Newton convergence of each step, K.
    loss_threshold_kg_m2_gyr : ice-stability criterion (:func:`lupex.ice.ice_stable_depth`).
    """
    p = params or RegolithParameters()
    if not (math.isfinite(drill_depth_m) and 0.0 < drill_depth_m <= ICE_SEARCH_DEPTH_M):
        raise InputError("drill_depth_m", drill_depth_m, f"a depth in (0, {ICE_SEARCH_DEPTH_M}] m")
    if not (math.isfinite(step_h) and step_h > 0):
        raise InputError("step_h", step_h, "a positive step, h")
    block = thermal_step_h / step_h
    if not (math.isfinite(block) and block >= 1 and abs(block - round(block)) < 1e-9):
        raise InputError("thermal_step_h", thermal_step_h,
                         f"a whole multiple of the illumination step ({step_h:g} h)")
    block = int(round(block))
    if depth_m < ICE_SEARCH_DEPTH_M:
        raise InputError("depth_m", depth_m, f"a domain of at least {ICE_SEARCH_DEPTH_M} m")
    if not (math.isfinite(tolerance_k) and tolerance_k > 0):
        raise InputError("tolerance_k", tolerance_k, "a positive temperature change, K")
    if int(max_cycles) < 2:
        raise InputError("max_cycles", max_cycles, "at least 2")
    if not (math.isfinite(spin_up_skin_depths) and spin_up_skin_depths > 0):
        raise InputError("spin_up_skin_depths", spin_up_skin_depths, "a positive number")
    if not (math.isfinite(newton_tol_k) and 0 < newton_tol_k <= 0.01):
        raise InputError("newton_tol_k", newton_tol_k, "a temperature from 0 to 0.01 K")
    if int(coarse_steps) < 1:
        raise InputError("coarse_steps", coarse_steps, "at least 1")
    if slope_deg is None or aspect_deg is None:
        from lupex.site.slope import slope_aspect

        slope_deg, aspect_deg = slope_aspect(terrain)
    ny, nx = terrain.shape
    flux, sun_frac = cell_absorbed_flux(terrain, horizons, times, slope_deg, aspect_deg, block, p)
    n = flux.shape[1]
    if n < 2:
        raise InputError("thermal_step_h", thermal_step_h, "a step giving at least 2 model steps")
    dt = thermal_step_h * 3600.0
    dz, centres = make_grid(depth_m, first_layer_m, growth)
    nc = dz.size
    rho_dz = np.ascontiguousarray(p.density(centres) * dz)
    kc = np.ascontiguousarray(p.contact_conductivity(centres))
    coeffs = np.asarray(p.heat_capacity_coeffs, dtype=float)
    es = p.emissivity * STEFAN_BOLTZMANN
    qb = p.geothermal_flux_w_m2
    # initial state and spin-up depth per cell, as run_thermal
    fmean = np.nan_to_num(flux.astype(float).mean(axis=1))
    t_init0 = ((fmean + qb) / es) ** 0.25
    t_init = t_init0[:, None] + np.concatenate([[0.0], qb * centres / p.k_deep_w_m_k])[None, :]
    z_reset = spin_up_skin_depths * p.skin_depth(n * dt, 1.0, np.maximum(t_init0, 100.0))
    start = np.searchsorted(centres, z_reset) + 1
    a_, b_, c_, d_ = MURPHY_KOOP_2005
    sub = np.array([a_, b_, c_, d_, math.sqrt(WATER_MOLECULE_MASS_KG / (2 * math.pi * BOLTZMANN))])
    # cells with the same flux series (e.g. never-lit ones) have the same column: run each once
    uniq, first, back = np.unique(flux, axis=0, return_index=True, return_inverse=True)
    back = np.asarray(back).ravel()
    tmax, tmean, loss, cycles, change, budget, bad, _its = K.run_columns(
        np.ascontiguousarray(uniq), dt, rho_dz, kc, dz, coeffs, float(p.chi), es, qb,
        np.ascontiguousarray(t_init[first]), start[first].astype(np.int64), float(tolerance_k),
        int(max_cycles), float(newton_tol_k), True, sub, int(coarse_steps), float(tolerance_k))
    tmax, tmean, loss = tmax[back], tmean[back], loss[back]
    cycles, change, budget, bad = cycles[back], change[back], budget[back], bad[back]
    z = np.concatenate([[0.0], centres])
    keep = z <= ICE_SEARCH_DEPTH_M + 1e-12
    depth = np.full(ny * nx, np.nan)
    rate = loss * GYR_S
    for c in range(ny * nx):
        if np.isfinite(rate[c, 0]):
            zc = _crossing(z[keep], np.maximum(rate[c, keep], 1e-300), loss_threshold_kg_m2_gyr,
                           log=True)
            if zc is not None:
                depth[c] = zc
    absorbed, emitted, basal, stored = budget.T
    with np.errstate(invalid="ignore", divide="ignore"):
        resid = (absorbed + basal - emitted - stored) / np.maximum(np.maximum(absorbed, basal),
                                                                   1e-300)
    shape = (ny, nx)
    return IceMap(
        terrain=terrain,
        t_surface_max_k=tmax[:, 0].reshape(shape),
        t_surface_mean_k=tmean[:, 0].reshape(shape),
        ice_depth_m=depth.reshape(shape),
        ice_within_reach=(np.nan_to_num(depth, nan=np.inf) <= drill_depth_m).reshape(shape),
        drill_depth_m=float(drill_depth_m),
        sun_fraction=sun_frac,
        depth_m=z,
        t_max_profile_k=tmax.reshape(ny, nx, -1),
        t_mean_profile_k=tmean.reshape(ny, nx, -1),
        cycles=cycles.reshape(shape),
        converged=((change < tolerance_k) & (bad == 0)).reshape(shape),
        energy_residual=resid.reshape(shape),
        thermal_step_h=float(thermal_step_h),
        first_layer_m=float(first_layer_m),
        growth=float(growth),
    )


def nearest_ice_cells(ice_map: IceMap, lat_deg: float, lon_deg: float, n: int = 5) -> list[dict]:
    """The ``n`` cells nearest to a point with ice within the drill's reach, nearest first:
    distance (km, true distance: projection scale factor removed), cell centre, Sun fraction,
    depth of stable ice and peak surface temperature."""
    from lupex.moon_geometry import ps_scale_factor

    t = ice_map.terrain
    ii, jj = np.nonzero(ice_map.ice_within_reach)
    if ii.size == 0:
        return []
    i0, j0 = t.latlon_to_ij(lat_deg, lon_deg)
    d_km = np.hypot(ii - float(i0), jj - float(j0)) * t.cell_m / ps_scale_factor(
        lat_deg, t.pole) / 1000.0
    order = np.argsort(d_km, kind="stable")[: int(n)]
    lat, lon = t.cell_latlon()
    out = []
    for o in order:
        i, j = int(ii[o]), int(jj[o])
        out.append({
            "distance_km": round(float(d_km[o]), 3),
            "lat_deg": round(float(lat[i, j]), 5),
            "lon_deg": round(float(lon[i, j]), 4),
            "sun_fraction": round(float(ice_map.sun_fraction[i, j]), 4),
            "ice_depth_m": round(float(ice_map.ice_depth_m[i, j]), 3),
            "t_surface_max_k": round(float(ice_map.t_surface_max_k[i, j]), 1),
        })
    return out




def ice_depth_at(ice_map: IceMap, lat_deg, lon_deg) -> np.ndarray:
    """Depth of stable ice (m) at points inside the map, bilinear between map cell centres.

    An interpolation of cell averages: a cell with no ice within 2 m counts as 2 m there (so a
    point between an icy and an ice-free cell gets an intermediate depth); results deeper than
    2 m, and points outside the map, are NaN. Vectorised over ``lat_deg``, ``lon_deg`` (deg).
    """
    from scipy.ndimage import map_coordinates

    lat = np.asarray(lat_deg, dtype=float)
    lon = np.asarray(lon_deg, dtype=float)
    i, j = ice_map.terrain.latlon_to_ij(lat, lon)
    i, j = np.asarray(i, dtype=float), np.asarray(j, dtype=float)
    d = np.where(np.isfinite(ice_map.ice_depth_m), ice_map.ice_depth_m, ICE_SEARCH_DEPTH_M)
    ny, nx = d.shape
    out = map_coordinates(d, [i.ravel(), j.ravel()], order=1, mode="nearest").reshape(i.shape)
    inside = (i >= -0.5) & (i <= ny - 0.5) & (j >= -0.5) & (j <= nx - 0.5)
    return np.where(inside & (out < ICE_SEARCH_DEPTH_M - 1e-9), out, np.nan)


__all__ = ["ICE_SEARCH_DEPTH_M", "IceMap", "cell_absorbed_flux", "ice_depth_at",
           "nearest_ice_cells", "region_ice_map"]
