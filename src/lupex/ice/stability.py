"""Water-ice stability against sublimation from a regolith temperature history.

Criterion (default, ``criterion="sublimation"``): ice at depth z is stable over geological time
when the time-averaged free-sublimation (Hertz-Knudsen) loss rate at that depth's temperature
history is below a threshold,

    <E> = < p_sv(T(z,t)) sqrt(m / (2 pi k_B T(z,t))) >_t  <=  E_max = 1 kg m^-2 Gyr^-1,

- p_sv: vapour pressure of hexagonal ice of Murphy & Koop (2005), Eq. 7,
  ln p = 9.550426 - 5723.265/T + 3.53068 ln T - 0.00728332 T  (Pa, K; fitted above 110 K and
  used down to 40 K by Andreas 2007 for lunar cold traps -- below 110 K an extrapolation);
- m: mass of one H2O molecule (18.01528 u);
- E_max = 1 kg m^-2 Gyr^-1 ~ 1.1 mm of ice per Gyr: the "1 mm Gyr^-1" ice-stability-depth
  definition of Siegler et al. (2016, Nature 531, 480, Extended Data Fig. 3); the time average
  (rather than the peak rate) follows Schorghofer & Williams (2020, Planet. Sci. J. 1, 54).
  For a constant temperature the threshold is reached at ~101 K.

Why this one: it uses the whole temperature history at each depth (a peak-temperature rule
ignores how briefly a layer is warm) and has a physical unit the caller can change. It is
conservative for buried ice: the free-sublimation rate ignores the diffusion barrier of the
overlying regolith, which lowers the real loss by orders of magnitude (Schorghofer & Taylor 2007,
J. Geophys. Res. 112, E02010; Schorghofer & Williams 2020), so the depth returned is an upper
bound on the depth of the ice table for the given temperatures.

Alternative (``criterion="max_temperature"``): stable where the peak temperature over the cycle
is at most 110 K, the cold-trap criterion of Paige et al. (2010, Science 330, 479).

Both evaluate the temperatures of the converged cycle of :func:`lupex.ice.run_thermal`; when that
cycle is one year, longer cycles (the 18.6-year precession of the lunar spin axis relative to the
ecliptic, orbital evolution: Siegler et al. 2011) are not represented.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.constants import Julian_year, atomic_mass
from scipy.constants import k as BOLTZMANN

from lupex.errors import InputError

#: Mass of one water molecule, kg (molar mass 18.01528 g/mol, IUPAC standard atomic weights).
WATER_MOLECULE_MASS_KG = 18.01528 * atomic_mass

#: Seconds in 10^9 Julian years.
GYR_S = 1e9 * Julian_year

#: Default loss-rate threshold, kg m^-2 Gyr^-1 (Siegler et al. 2016: 1 mm of ice per Gyr).
DEFAULT_LOSS_THRESHOLD_KG_M2_GYR = 1.0

#: Peak-temperature cold-trap criterion, K (Paige et al. 2010).
PAIGE2010_MAX_TEMPERATURE_K = 110.0


#: Murphy & Koop (2005) Eq. 7: ln p_sv = a - b/T + c ln T - d T (Pa, K) -> (a, b, c, d).
MURPHY_KOOP_2005 = (9.550426, 5723.265, 3.53068, 0.00728332)


def log_saturation_vapour_pressure(t_k):
    """ln of the vapour pressure of hexagonal ice (ln Pa), Murphy & Koop (2005) Eq. 7."""
    t = np.asarray(t_k, dtype=float)
    a, b, c, d = MURPHY_KOOP_2005
    return a - b / t + c * np.log(t) - d * t


def saturation_vapour_pressure(t_k):
    """Vapour pressure of hexagonal ice, Pa (Murphy & Koop 2005 Eq. 7; below 110 K extrapolated,
    as in Andreas 2007)."""
    return np.exp(log_saturation_vapour_pressure(t_k))


def sublimation_rate(t_k):
    """Free-sublimation (Hertz-Knudsen) mass loss rate of exposed ice into vacuum, kg m^-2 s^-1:
    E = p_sv(T) sqrt(m / (2 pi k_B T))."""
    t = np.asarray(t_k, dtype=float)
    return saturation_vapour_pressure(t) * np.sqrt(
        WATER_MOLECULE_MASS_KG / (2 * math.pi * BOLTZMANN * t))


def mean_loss_rate_profile(result) -> np.ndarray:
    """Time-averaged free-sublimation rate at each depth of ``result.depth_m``, kg m^-2 Gyr^-1."""
    return sublimation_rate(result.temperature_k).mean(axis=0) * GYR_S


def _crossing(z, v, limit, log=False):
    """Shallowest depth where v <= limit (v sampled at depths z), linear between samples
    (in log v if ``log``); None if never."""
    ok = v <= limit
    if not ok.any():
        return None
    j = int(np.argmax(ok))
    if j == 0:
        return 0.0
    a, b = (np.log(v[j - 1]), np.log(v[j])) if log else (v[j - 1], v[j])
    lim = math.log(limit) if log else limit
    w = (a - lim) / (a - b) if a != b else 1.0
    return float(z[j - 1] + w * (z[j] - z[j - 1]))


def ice_stable_depth(result, max_depth_m: float = 2.0, criterion: str = "sublimation",
                     loss_threshold_kg_m2_gyr: float = DEFAULT_LOSS_THRESHOLD_KG_M2_GYR,
                     max_temperature_k: float = PAIGE2010_MAX_TEMPERATURE_K) -> float | None:
    """Depth of the top of stable water ice, m (0.0 = at the surface), or None if ice is stable
    nowhere within ``max_depth_m`` ("none within 2 m").

    Parameters
    ----------
    result : :class:`lupex.ice.ThermalResult` (its converged cycle's temperatures).
    max_depth_m : deepest depth searched, m (<= the model domain).
    criterion : "sublimation" (time-mean free-sublimation rate <= ``loss_threshold_kg_m2_gyr``,
        kg m^-2 Gyr^-1) or "max_temperature" (peak temperature <= ``max_temperature_k``, K);
        see the module docstring for sources and why.

    The returned depth is the shallowest where the criterion holds, interpolated between model
    nodes (in log loss rate, or in temperature).
    """
    z = np.asarray(result.depth_m)
    if not (math.isfinite(max_depth_m) and 0.0 <= max_depth_m <= z[-1] + 1e-9):
        raise InputError("max_depth_m", max_depth_m,
                         f"a depth from 0 to {z[-1]:.3f} m (the model domain)")
    keep = z <= max_depth_m + 1e-12
    if criterion == "sublimation":
        if not (math.isfinite(loss_threshold_kg_m2_gyr) and loss_threshold_kg_m2_gyr > 0):
            raise InputError("loss_threshold_kg_m2_gyr", loss_threshold_kg_m2_gyr,
                             "a positive rate")
        rate = mean_loss_rate_profile(result)
        zc = _crossing(z[keep], np.maximum(rate[keep], 1e-300), loss_threshold_kg_m2_gyr, log=True)
    elif criterion == "max_temperature":
        if not (math.isfinite(max_temperature_k) and max_temperature_k > 0):
            raise InputError("max_temperature_k", max_temperature_k, "a positive temperature, K")
        zc = _crossing(z[keep], np.asarray(result.max_temperature_k)[keep], max_temperature_k)
    else:
        raise InputError("criterion", criterion, "'sublimation' or 'max_temperature'")
    return zc
