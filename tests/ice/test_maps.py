"""Region ice maps on real LOLA terrain (Shackleton-de Gerlache connecting ridge, one year).

The map runs the 1-D model in every cell at map settings (6 h step, coarser depth grid, coarse
pre-spin-up, parallel over cells); each check compares it with an independent path: the
single-site model at its default settings on the same cell's hourly flux, the region
illumination maps' own Sun visibility kernel, and the energy budget.
"""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError

START, STOP, STEP = "2018-10-22", "2019-10-22", 1.0


@pytest.fixture(scope="module")
def ridge(lola_dir):
    from lupex.ice.maps import cell_absorbed_flux, region_ice_map
    from lupex.site import analyze_region
    from lupex.site.illumination import time_grid
    from lupex.site.slope import slope_aspect

    reg = analyze_region(-89.45, 222.69, 2000.0, 400.0, 2.0, START, STOP, STEP)
    times = time_grid(START, STOP, STEP)
    slope, aspect = slope_aspect(reg.terrain)
    im = region_ice_map(reg.terrain, reg.horizons, times, STEP, slope_deg=slope,
                        aspect_deg=aspect, drill_depth_m=1.5)
    hourly, _ = cell_absorbed_flux(reg.terrain, reg.horizons, times, slope, aspect, 1)
    return reg, im, hourly


def test_map_cells_match_the_single_site_model_at_full_resolution(ridge):
    # Same cell flux, run hourly on the 2 mm / 10 % grid by run_thermal: peak and mean surface
    # temperatures within 0.5 K, stable-ice depth within 1 cm (both none, or both found).
    from lupex.ice import ice_stable_depth, run_thermal

    reg, im, hourly = ridge
    tmax = im.t_surface_max_k.ravel()
    picks = {int(np.nanargmax(tmax)), int(np.nanargmin(tmax)), tmax.size // 2}
    iced = np.flatnonzero(np.isfinite(im.ice_depth_m.ravel()))
    if iced.size:
        picks.add(int(iced[iced.size // 2]))
    assert len(picks) >= 3
    for c in picks:
        r = run_thermal(hourly[c].astype(float), 3600.0)
        assert r.converged
        assert abs(r.surface_temperature_k.max() - tmax[c]) < 0.5
        assert abs(r.surface_temperature_k.mean() - im.t_surface_mean_k.ravel()[c]) < 0.5
        d_ref, d_map = ice_stable_depth(r), im.ice_depth_m.ravel()[c]
        if d_ref is None:
            assert np.isnan(d_map)
        else:
            assert abs(d_ref - d_map) < 0.01


def test_sun_fraction_matches_the_illumination_maps(ridge):
    # Two kernels over the same horizons and epochs: the illumination maps' and the ice map's.
    reg, im, _ = ridge
    assert np.nanmax(np.abs(im.sun_fraction - reg.maps.sun_fraction)) < 1e-3


def test_every_cell_converges_and_conserves_energy(ridge):
    # absorbed + basal = emitted + stored change over the last cycle, per cell.
    _, im, _ = ridge
    assert im.converged.all()
    assert np.nanmax(np.abs(im.energy_residual)) < 1e-6


def test_region_has_a_range_of_temperatures_and_ice_where_it_is_cold(ridge):
    # Lit ridge slopes peak far above 110 K, shadowed cells stay colder; wherever stable ice is
    # found the mean surface temperature is below that of every ice-free cell's median, and
    # deeper ice goes with warmer peaks (rank correlation).
    from scipy.stats import spearmanr

    _, im, _ = ridge
    tmax = im.t_surface_max_k
    assert np.nanmax(tmax) > 200.0 and np.nanmin(tmax) < 150.0
    has = np.isfinite(im.ice_depth_m)
    assert has.any() and (~has).any()
    assert np.median(im.t_surface_mean_k[has]) < np.median(im.t_surface_mean_k[~has])
    rho = spearmanr(tmax[has], im.ice_depth_m[has]).statistic
    assert rho > 0.8
    assert (im.ice_within_reach == (has & (np.nan_to_num(im.ice_depth_m, nan=9) <= 1.5))).all()


def test_nearest_ice_cells_are_sorted_and_within_reach(ridge):
    from lupex.ice.maps import nearest_ice_cells

    _, im, _ = ridge
    near = nearest_ice_cells(im, -89.45, 222.69, 4)
    assert 1 <= len(near) <= 4
    d = [c["distance_km"] for c in near]
    assert d == sorted(d) and d[0] < 3.0
    assert all(0.0 <= c["ice_depth_m"] <= 1.5 for c in near)
    assert all(0.0 <= c["sun_fraction"] <= 1.0 for c in near)


@pytest.mark.parametrize("kwargs, field", [
    ({"thermal_step_h": 2.5}, "thermal_step_h"),
    ({"drill_depth_m": 3.0}, "drill_depth_m"),
    ({"drill_depth_m": float("nan")}, "drill_depth_m"),
    ({"tolerance_k": 0.0}, "tolerance_k"),
    ({"depth_m": 1.0}, "depth_m"),
    ({"max_cycles": 1}, "max_cycles"),
    ({"coarse_steps": 0}, "coarse_steps"),
    ({"spin_up_skin_depths": 0.0}, "spin_up_skin_depths"),
    ({"newton_tol_k": 1.0}, "newton_tol_k"),
])
def test_bad_map_settings_are_refused(ridge, kwargs, field):
    from lupex.ice.maps import region_ice_map
    from lupex.site.illumination import time_grid

    reg, _, _ = ridge
    with pytest.raises(InputError) as e:
        region_ice_map(reg.terrain, reg.horizons, time_grid(START, "2018-10-23", STEP), STEP,
                       **kwargs)
    assert field in str(e.value)


def test_spin_up_route_does_not_change_the_periodic_state(ridge):
    # The map's spin-up (coarse pre-cycles, deep shift below half an annual skin depth, recorded
    # converged cycle, Newton predictor at 1e-3 K) against the single-site route (no coarse
    # pre-cycles, shift below two skin depths, Newton to 1e-6 K) on the same cells, both
    # converged to 0.01 K: the same periodic state within 0.05 K and the same ice depth
    # within 1 cm.
    from lupex.ice.maps import region_ice_map
    from lupex.site.illumination import time_grid

    reg, _, _ = ridge
    t, hz = reg.terrain.subgrid(3, 7, 3, 7), reg.horizons[3:7, 3:7]
    times = time_grid(START, STOP, STEP)
    fast = region_ice_map(t, hz, times, STEP, tolerance_k=0.01)
    slow = region_ice_map(t, hz, times, STEP, tolerance_k=0.01, coarse_steps=1,
                          spin_up_skin_depths=2.0, newton_tol_k=1e-6)
    assert fast.converged.all() and slow.converged.all()
    assert np.nanmax(np.abs(fast.t_surface_max_k - slow.t_surface_max_k)) < 0.05
    assert np.nanmax(np.abs(fast.t_mean_profile_k - slow.t_mean_profile_k)) < 0.05
    assert (np.isnan(fast.ice_depth_m) == np.isnan(slow.ice_depth_m)).all()
    both = np.isfinite(fast.ice_depth_m)
    assert np.all(np.abs(fast.ice_depth_m[both] - slow.ice_depth_m[both]) < 0.01)
    assert fast.cycles.mean() < slow.cycles.mean()


def test_never_lit_cells_sit_at_geothermal_radiative_equilibrium(ridge):
    # Horizons at 90 deg: no direct sunlight in any cell, every flux series identical (run
    # once). The column then carries the geothermal flux alone: eps sigma T_s^4 = Q_b
    # (Q_b = 0.018 W/m², emissivity 0.95: about 24 K), constant in time; converged to 2 mK per
    # year (the deep layers approach it slowly), it is within 0.01 K.
    from scipy.constants import sigma

    from lupex.ice.maps import region_ice_map
    from lupex.ice.regolith import RegolithParameters
    from lupex.site.illumination import time_grid

    reg, _, _ = ridge
    t = reg.terrain.subgrid(0, 3, 0, 3)
    hz = np.full(reg.horizons[:3, :3].shape, 90.0)
    im = region_ice_map(t, hz, time_grid(START, STOP, STEP), STEP, tolerance_k=0.002)
    p = RegolithParameters()
    t_eq = (p.geothermal_flux_w_m2 / (p.emissivity * sigma)) ** 0.25
    assert np.all(np.abs(im.t_surface_max_k - t_eq) < 0.01)
    assert np.all(np.abs(im.t_surface_mean_k - t_eq) < 0.01)
    assert np.all(im.ice_depth_m < 1e-9) and im.converged.all()
    assert np.all(np.abs(im.energy_residual) < 1e-6)
