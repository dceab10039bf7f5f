"""Regolith temperatures and water-ice stability at a site (1-D thermal model, SI units).

Public API
----------
Properties (:mod:`lupex.ice.regolith`):
- :class:`RegolithParameters` -- density, conductivity, heat capacity, albedo, emissivity and
  geothermal flux of the upper regolith; defaults from Hayne et al. (2017), Appendix A, Table A1.
Thermal model (:mod:`lupex.ice.thermal`):
- :func:`absorbed_solar_flux` -- absorbed direct solar flux (W/m²) on a flat or tilted surface
  from the Sun's elevation/azimuth, visible disc fraction and distance.
- :func:`run_thermal` -> :class:`ThermalResult` -- the periodic temperature profile under one
  period of an absorbed-flux series (backward Euler + Newton, accelerated spin-up).
- :func:`run_site_thermal` -- the same driven by a :class:`lupex.site.SiteIllumination`.
- :func:`make_grid` -- the geometric depth grid.
Ice stability (:mod:`lupex.ice.stability`):
- :func:`ice_stable_depth` -- depth of the top of stable water ice within 2 m, or None.
- :func:`sublimation_rate`, :func:`saturation_vapour_pressure`, :func:`mean_loss_rate_profile`.

Depth is positive down from the surface; time series are sampled every ``dt_s`` seconds from
the start of the forcing period; azimuths are true (clockwise from local north).

References
----------
- Hayne, P. O., et al. (2017), J. Geophys. Res. Planets 122, 2371-2400 (regolith model).
- Vasavada, A. R., et al. (2012), J. Geophys. Res. 117, E00H18 (equatorial temperatures).
- Murphy, D. M., Koop, T. (2005), Q. J. R. Meteorol. Soc. 131, 1539-1565 (ice vapour pressure).
- Siegler, M. A., et al. (2016), Nature 531, 480-484 (ice-stability depth, 1 mm/Gyr).
- Paige, D. A., et al. (2010), Science 330, 479-482 (110 K cold-trap criterion).
"""

from lupex.ice.regolith import HAYNE2017_HEAT_CAPACITY, RegolithParameters
from lupex.ice.stability import (
    ice_stable_depth,
    mean_loss_rate_profile,
    saturation_vapour_pressure,
    sublimation_rate,
)
from lupex.ice.thermal import (
    ThermalResult,
    absorbed_solar_flux,
    make_grid,
    run_site_thermal,
    run_thermal,
)

__all__ = [
    "HAYNE2017_HEAT_CAPACITY",
    "RegolithParameters",
    "ThermalResult",
    "absorbed_solar_flux",
    "ice_stable_depth",
    "make_grid",
    "mean_loss_rate_profile",
    "run_site_thermal",
    "run_thermal",
    "saturation_vapour_pressure",
    "sublimation_rate",
]
