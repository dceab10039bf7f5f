"""Thermal runs driven by lupex.site on real LOLA terrain (1.6 km polar + LDEM_4), one year hourly.

Slow (two one-year horizon + ephemeris analyses, ~2 s each): run with ``-m slow``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.constants import sigma

from lupex.ice import ice_stable_depth, run_site_thermal

pytestmark = pytest.mark.slow

PERIOD = {"start": "2018-10-22", "stop": "2019-10-22", "step_h": 1.0}


def test_shackleton_floor_is_dark_and_cold_trap(lola_dir):
    # Shackleton crater floor (89.67°S, 129.78°E, IAU gazetteer centre): the LOLA horizon hides
    # the Sun all year, so only the external flux heats the floor. With Q_ext = 0.1 W/m² (the
    # labelled approximation of run_thermal, inside its 0-0.32 W/m² bound for 25-50 K floors)
    # the floor sits at ((Q_ext + Q_b) / eps sigma)^1/4 ~ 38 K and ice is stable at the surface.
    from lupex.site import analyze_site

    il = analyze_site(-89.67, 129.78, height_m=0.0, **PERIOD)
    assert il.sun_any_fraction == 0.0
    r = run_site_thermal(il, external_flux_w_m2=0.1)
    p = r.params
    t_eq = ((0.1 + p.geothermal_flux_w_m2) / (p.emissivity * sigma)) ** 0.25
    assert np.allclose(r.surface_temperature_k, t_eq, atol=0.2)
    assert ice_stable_depth(r) == 0.0


def test_sunlit_ridge_flat_ground_year(lola_dir):
    # The connecting ridge near Shackleton (89.45°S, 222.69°E; lit ~90 % of the year on LOLA):
    # flat ground at grazing Sun warms to ~120 K at most; the yearly cycle converges; ice is not
    # stable at the surface (peak > 110 K) but is within the top decimetre (the annual wave
    # decays: Paige et al. 2010 map such "subsurface cold traps" around the pole).
    from lupex.site import analyze_site

    il = analyze_site(-89.45, 222.69, height_m=0.0, **PERIOD)
    assert il.sun_fraction > 0.8
    r = run_site_thermal(il)
    assert r.converged
    assert 100.0 < r.surface_temperature_k.max() < 140.0
    z = ice_stable_depth(r)
    assert z is not None and 0.0 < z < 0.1
    assert ice_stable_depth(r, criterion="max_temperature") <= z
