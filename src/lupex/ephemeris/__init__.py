"""Sun, Earth and Moon geometry from JPL DE421, and the Moon's orientation in the LOLA frame.

Public API (all offline; nothing is ever downloaded):

- :func:`to_time` -- user epochs (str, datetime, astropy Time) to astropy Time, checked against
  the kernels' span (:data:`SPAN_START` .. :data:`SPAN_STOP`), else :class:`EphemerisRangeError`.
- :func:`position_icrf` -- geometric position of Sun/Earth/Moon relative to Earth or Moon, ICRF, m.
- :func:`moon_me_rotation` -- rotation matrices ICRF -> MOON_ME_DE421 (the LOLA mean-Earth frame).
- :func:`direction_moon_me` -- light-time corrected direction of the Sun or Earth seen from the
  Moon's centre, unit vectors in MOON_ME_DE421 (for maps: one set of vectors for every cell).
- :func:`azimuth_elevation` -- azimuth/elevation/distance of the Sun or Earth from a lunar surface
  point (selenographic lat, lon east, height above the 1,737.4 km sphere), vectorised over time.
- :func:`subpoint` -- selenographic latitude/longitude of the sub-solar or sub-Earth point.

Sources
-------
- Folkner, W. M., Williams, J. G., Boggs, D. H. (2009), The Planetary and Lunar Ephemeris DE 421,
  JPL IOM 343R-08-003 (file ``de421.bsp`` shipped in PyPI ``skyfield-data``).
- Lunar orientation: ``moon_pa_de421_1900-2050.bpc`` and frame kernel ``moon_080317.tf``
  (NAIF; shipped in PyPI ``lunarsky``), which defines MOON_ME_DE421 as a fixed rotation of
  MOON_PA_DE421 (67.92", 78.56", 0.30" about axes 3, 2, 1). LOLA products are in this ME frame
  (LDEM label: COORDINATE_SYSTEM_NAME = "MEAN EARTH/POLAR AXIS OF DE421").
- Reference sphere radius 1,737.4 km: LOLA GDR labels (A_AXIS_RADIUS).
- Computations through skyfield (Rhodes 2019, ascl:1907.024): light-time corrected astrometric
  positions and its ``PlanetaryConstants`` frame machinery.
"""

from lupex.ephemeris.core import (
    MOON_RADIUS_M,
    SPAN_START,
    SPAN_STOP,
    AzEl,
    azimuth_elevation,
    direction_moon_me,
    enu_basis,
    moon_me_rotation,
    position_icrf,
    subpoint,
    to_time,
)
from lupex.errors import EphemerisRangeError

__all__ = [
    "MOON_RADIUS_M",
    "SPAN_START",
    "SPAN_STOP",
    "AzEl",
    "EphemerisRangeError",
    "azimuth_elevation",
    "direction_moon_me",
    "enu_basis",
    "moon_me_rotation",
    "position_icrf",
    "subpoint",
    "to_time",
]
