"""Region ice maps against Diviner at the south pole: the LCROSS impact site in Cabeus.

Paige et al. (2010, Science 330, 479, abstract): the LCROSS impact "struck one of the coldest of
these regions, where subsurface temperatures are estimated to be 38 kelvin". Centaur impact point:
84.6796°S, 48.7093°W (Marshall et al. 2012, Icarus 220, 1, "Locating the LCROSS impact craters").

The region maps are run on the real 1.6 km south-polar layer, 7 x 7 cells around the impact point,
one year hourly. The maps carry no scattered sunlight or infrared from the surrounding terrain, so a
permanently shadowed cell holds only the geothermal flux (about 24 K at the surface) and is colder
than Diviner measures: a known disagreement (xfail row ``ice.diviner_lcross_subsurface``). What is
checked and can fail: that the map finds the impact cell in permanent shadow, that it is colder
than the published figure (the model is a lower bound there), and that the absorbed flux from the
terrain needed to raise it to 38 K lies within the bound the thermal model states for it
(0-0.32 W/m², Diviner's 25-50 K shadowed floors; :func:`lupex.ice.run_thermal`).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference import check_reference

START, STOP, STEP = "2018-10-22", "2019-10-22", 1.0
LCROSS_LAT, LCROSS_LON = -84.6796, 360.0 - 48.7093
DEPTH_M = 0.5  # "subsurface": below the annual thermal wave of a shadowed floor


@pytest.fixture(scope="module")
def cabeus(lola_dir):
    from lupex.ice.maps import region_ice_map
    from lupex.site import analyze_region
    from lupex.site.illumination import time_grid

    reg = analyze_region(LCROSS_LAT, LCROSS_LON, 4800.0, 1600.0, 2.0, START, STOP, STEP)
    im = region_ice_map(reg.terrain, reg.horizons, time_grid(START, STOP, STEP), STEP)
    i, j = (int(round(float(v))) for v in reg.terrain.latlon_to_ij(LCROSS_LAT, LCROSS_LON))
    return reg, im, i, j


def test_lcross_site_is_a_shadowed_cold_trap_colder_than_diviner_by_the_missing_terrain_heat(
        cabeus):
    from scipy.optimize import brentq

    from lupex.ice import run_thermal

    reg, im, i, j = cabeus
    assert "LDEM_256_SPS_1600M" in reg.terrain.products
    assert im.converged[i, j]
    # permanent shadow at this resolution (maps' and illumination's Sun fraction) and stable ice
    # at the surface, as Diviner's cold-trap map has it
    assert im.sun_fraction[i, j] == 0.0 and reg.maps.sun_fraction[i, j] == 0.0
    assert im.ice_depth_m[i, j] < 1e-9
    t_sub = float(np.interp(DEPTH_M, im.depth_m, im.t_mean_profile_k[i, j]))
    assert t_sub < 38.0

    # the terrain flux that would bring the column to 38 K at that depth
    def t_at(q):
        r = run_thermal(np.zeros(24), 365.25 * 3600.0, external_flux_w_m2=q, tolerance_k=0.001)
        return float(np.interp(DEPTH_M, r.depth_m, r.mean_temperature_k))

    assert t_at(0.0) == pytest.approx(t_sub, abs=0.5)  # the map cell is that dark column
    q_needed = brentq(lambda q: t_at(q) - 38.0, 0.0, 1.0, xtol=1e-4)
    assert 0.0 < q_needed < 0.32
    check_reference("ice.diviner_lcross_subsurface", t_sub)
