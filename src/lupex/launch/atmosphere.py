"""U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562, NASA-TM-X-74335) and a drag table.

* ``us76(z_m) -> (T_K, p_Pa, rho_kg_m3, a_m_s)`` at geometric altitude ``z_m``: the seven
  geopotential layers to 86 km are computed exactly from the standard's base temperatures, lapse
  rates and base pressures (Table 4); above 86 km the density is log-interpolated in the
  standard's Table 1 values (86–1,000 km), the pressure taken as rho·R·T with T = 186.87 K below
  91 km and a smooth rise above (Table 1), which is ample for drag and ambient-pressure thrust
  correction (the pressure there is < 0.4 Pa).
* ``drag_coefficient(mach)``: axial drag coefficient of a slender launch vehicle versus Mach
  number. GENERIC curve (no H3 data are public): subsonic 0.30, transonic peak 0.60 at Mach 1.1–1.2,
  falling to 0.25 hypersonic — the shape of published Saturn V / Atlas-class wind-tunnel curves
  (e.g. NASA TN D-4808 for Saturn V; Sutton & Biblarz, Rocket Propulsion Elements, §4.3).
  An approximation: treat drag losses (typically 1–2 % of the ascent Δv) as ±30 % uncertain.

Compiled with numba (``cache=True``); scalar float64 in, tuple out.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from lupex.constants import G0_M_S2 as G0  # US76 uses the standard gravity, m/s²

R_STAR = 8.31432  # J/(mol K), US76
M0 = 28.9644e-3  # kg/mol, US76 sea-level molar mass
R_AIR = R_STAR / M0
GAMMA = 1.4
R0_GEOPOT = 6_356_766.0  # m, US76 effective Earth radius for geopotential altitude

# Table 4 of US76: base geopotential altitude (m), base temperature (K), lapse (K/m), base pressure
_HB = np.array([0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0, 84_852.0])
_TB = np.array([288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65, 186.946])
_LB = np.array([-0.0065, 0.0, 0.001, 0.0028, 0.0, -0.0028, -0.002, 0.0])
_PB = np.array([101_325.0, 22_632.06, 5_474.889, 868.0187, 110.9063, 66.93887, 3.956420,
                0.3733836])
# US76 Table 1 above 86 km: geometric altitude (m), density (kg/m³), kinetic temperature (K)
_ZU = np.array([86e3, 90e3, 100e3, 110e3, 120e3, 150e3, 200e3, 300e3, 400e3, 500e3, 700e3,
                1000e3])
_LNRHO = np.log(np.array([6.958e-6, 3.416e-6, 5.604e-7, 9.708e-8, 2.222e-8, 2.076e-9,
                          2.541e-10, 1.916e-11, 2.803e-12, 5.215e-13, 3.070e-14, 3.561e-15]))
_TU = np.array([186.87, 186.87, 195.08, 240.0, 360.0, 634.39, 854.56, 976.01, 995.83, 999.24,
                999.99, 1000.0])

# Generic slender-launcher axial drag coefficient vs Mach (see module docstring).
MACH_TABLE = np.array([0.0, 0.5, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0])
CD_TABLE = np.array([0.30, 0.29, 0.31, 0.40, 0.55, 0.60, 0.60, 0.52, 0.42, 0.33, 0.29, 0.26, 0.25])


@njit(cache=True)
def us76(z_m):
    """US76 (T K, p Pa, rho kg/m³, speed of sound m/s) at geometric altitude z_m (m)."""
    if z_m < 0.0:
        z_m = 0.0
    if z_m < 86_000.0:
        h = R0_GEOPOT * z_m / (R0_GEOPOT + z_m)
        i = 0
        for k in range(1, 8):
            if h >= _HB[k]:
                i = k
        dh = h - _HB[i]
        tb = _TB[i]
        lb = _LB[i]
        if lb == 0.0:
            t = tb
            p = _PB[i] * np.exp(-G0 * M0 * dh / (R_STAR * tb))
        else:
            t = tb + lb * dh
            p = _PB[i] * (tb / t) ** (G0 * M0 / (R_STAR * lb))
        # below 80 km the molecular weight is constant; 80–86 km differs < 0.04 % (US76 Table 8)
        rho = p / (R_AIR * t)
        return t, p, rho, np.sqrt(GAMMA * R_AIR * t)
    if z_m >= 1_000_000.0:
        return 1000.0, 0.0, 0.0, np.sqrt(GAMMA * R_AIR * 1000.0)
    j = 0
    for k in range(_ZU.size - 1):
        if z_m >= _ZU[k]:
            j = k
    f = (z_m - _ZU[j]) / (_ZU[j + 1] - _ZU[j])
    rho = np.exp(_LNRHO[j] + f * (_LNRHO[j + 1] - _LNRHO[j]))
    t = _TU[j] + f * (_TU[j + 1] - _TU[j])
    p = rho * R_AIR * t
    return t, p, rho, np.sqrt(GAMMA * R_AIR * min(t, 186.87))


@njit(cache=True)
def drag_coefficient(mach):
    """Generic launcher axial Cd at ``mach`` (linear interpolation; clamped at the ends)."""
    if mach <= MACH_TABLE[0]:
        return CD_TABLE[0]
    n = MACH_TABLE.size
    if mach >= MACH_TABLE[n - 1]:
        return CD_TABLE[n - 1]
    for k in range(n - 1):
        if mach < MACH_TABLE[k + 1]:
            f = (mach - MACH_TABLE[k]) / (MACH_TABLE[k + 1] - MACH_TABLE[k])
            return CD_TABLE[k] + f * (CD_TABLE[k + 1] - CD_TABLE[k])
    return CD_TABLE[n - 1]
