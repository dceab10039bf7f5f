"""Shared forcings for the ice tests: an equatorial lunation on flat ground at 1 au.

Synthetic Sun geometry (unit tests only): the Sun crosses the zenith at noon (zero obliquity),
elevation = asin(cos h), hour angle h = 2 pi t / P from noon, P = one synodic month.
"""

from __future__ import annotations

import numpy as np
import pytest

#: Mean synodic month, s (29.530589 d; Meeus 1998, Astronomical Algorithms, ch. 49).
SYNODIC_MONTH_S = 29.530589 * 86400.0


def equatorial_flux(n_steps: int):
    """(absorbed flux W/m², dt s) of an equatorial lunation at 1 au, sample 0 at local noon."""
    from lupex.ice import absorbed_solar_flux

    dt = SYNODIC_MONTH_S / n_steps
    h = 2.0 * np.pi * np.arange(n_steps) / n_steps
    el = np.degrees(np.arcsin(np.cos(h)))
    return absorbed_solar_flux(el), dt


@pytest.fixture(scope="module")
def equator_1h():
    """Converged equatorial run, dt = P/709 ~ 1 h (3598 s)."""
    from lupex.ice import run_thermal

    f, dt = equatorial_flux(709)
    return run_thermal(f, dt)
