"""Water-ice stability: sublimation law, cold floors keep ice at the surface, warm ground none."""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.ice import (
    ice_stable_depth,
    mean_loss_rate_profile,
    run_thermal,
    saturation_vapour_pressure,
    sublimation_rate,
)
from lupex.ice.stability import GYR_S

from .conftest import equatorial_flux


def test_vapour_pressure_and_sublimation_rate_reference_values():
    # the triple point, 611.657 Pa at 273.16 K (Guildner et al. 1976; IAPWS), within 0.1 %;
    # the laboratory measurements of Marti & Mauersberger (1993, GRL 20, 363),
    # log10 p[Pa] = -2663.5 / T + 12.537 (170-250 K): 0.166 Pa at 200 K, within 3 %.
    assert saturation_vapour_pressure(273.16) == pytest.approx(611.657, rel=1e-3)
    assert saturation_vapour_pressure(200.0) == pytest.approx(10 ** (-2663.5 / 200 + 12.537),
                                                              rel=0.03)
    # Elphic et al. (2010), "The evolution of remnant ice at the lunar south pole from Diviner
    # surface temperature results" (abstract): below 100 K the sublimation rate is well below
    # 1 mm per Gyr; at 120 K more than 1 m in that time (ice ~930 kg/m³).
    assert sublimation_rate(100.0) * GYR_S / 930.0 < 1e-3
    assert sublimation_rate(120.0) * GYR_S / 930.0 > 1.0
    # monotonic in T
    t = np.linspace(40.0, 200.0, 50)
    assert np.all(np.diff(sublimation_rate(t)) > 0)


def test_psr_floor_keeps_ice_at_the_surface():
    # dark floor at ~38 K (scattered/IR 0.1 W/m², see test_thermal): stable at the surface by
    # both criteria
    r = run_thermal(np.zeros(100), 3600.0, external_flux_w_m2=0.1)
    assert ice_stable_depth(r) == 0.0
    assert ice_stable_depth(r, criterion="max_temperature") == 0.0


def test_ground_never_below_110_k_has_no_ice_within_2_m():
    # constant absorbed 20 W/m²: surface ~ 136 K at all times, warmer below (geothermal)
    r = run_thermal(np.full(100, 20.0), 3600.0)
    assert r.surface_temperature_k.min() > 110.0
    assert ice_stable_depth(r) is None
    assert ice_stable_depth(r, criterion="max_temperature") is None


def test_equatorial_regolith_has_no_stable_ice(equator_1h):
    # the equatorial regolith is ~250 K below the diurnal layer (Apollo 15/17 heat flow probes)
    assert ice_stable_depth(equator_1h) is None


def test_buried_ice_under_a_warm_surface_is_found_at_depth():
    # A surface that peaks at ~136 K for part of each lunation but is cold on average: ice is
    # unstable at the surface, stable below the depth where the warm pulse has decayed.
    n = 709
    h = 2 * np.pi * np.arange(n) / n
    flux = np.clip(np.cos(h), 0.0, None) * 20.0  # low-Sun pulse, W/m²
    r = run_thermal(flux, 29.530589 * 86400 / n)
    assert r.surface_temperature_k.max() > 130.0
    z = ice_stable_depth(r)
    assert z is not None and 0.02 < z < 0.3
    # at the returned depth the time-mean loss rate equals the 1 kg m^-2 Gyr^-1 threshold
    rate = mean_loss_rate_profile(r)
    assert np.exp(np.interp(z, r.depth_m, np.log(rate))) == pytest.approx(1.0, rel=0.01)
    # the 110 K peak-temperature rule (Paige et al. 2010) is less strict here: shallower ice
    z110 = ice_stable_depth(r, criterion="max_temperature")
    assert z110 is not None and z110 <= z


def test_bad_criterion_and_depth_refused(equator_1h):
    with pytest.raises(InputError):
        ice_stable_depth(equator_1h, criterion="mean")
    with pytest.raises(InputError):
        ice_stable_depth(equator_1h, max_depth_m=10.0)
    with pytest.raises(InputError):
        ice_stable_depth(equator_1h, loss_threshold_kg_m2_gyr=0.0)
