"""Physical constants lupex uses, each defined once, in SI units, with its source.

Every package imports its constants from here (numba kernels take them as module-level floats).
Where astropy or boinor publish the same value it is named below, and
``tests/test_constants.py`` checks the agreement, so a change in either library is noticed
instead of silently mixing two values.

Moon
----
MOON_RADIUS_M
    Radius of the LOLA reference sphere, m: the sphere the LOLA gridded products are referred to
    (``A_AXIS_RADIUS`` = ``B_AXIS_RADIUS`` = ``C_AXIS_RADIUS`` in the LDEM labels; the IAU mean
    lunar radius, Archinal et al. 2018). Same value as ``boinor.bodies.Moon.R``.
GM_MOON
    Lunar gravitational parameter, m³/s² (JPL DE-series value as published by
    ``boinor.bodies.Moon.k``; DE421 header: 4902.800 km³/s², Folkner et al. 2009).

Earth
-----
GM_EARTH
    Geocentric gravitational constant, m³/s² (IERS Conventions 2010, table 1.1; the WGS-84 /
    EGM96 value, NIMA TR8350.2). Same value as ``boinor.bodies.Earth.k``. Not astropy's
    ``GM_earth``, the IAU 2015 nominal value (0.4 ppm smaller).
OMEGA_EARTH_RAD_S
    Earth's nominal mean angular velocity, rad/s (WGS-84, NIMA TR8350.2 §3.2; IERS Conventions
    2010, table 1.1). ``OMEGA_EARTH_DEG_S`` is the same rate in degrees per second.
R_EARTH_IERS_M, J2_EARTH_IERS
    Earth equatorial radius, m, and dynamic form factor (IERS Conventions 2010, table 1.1; the
    values of ``boinor.bodies.Earth.R`` and ``.J2``): the transfer force model's.
WGS84_A_M, WGS84_F, EGM96_J2
    WGS-84 semi-major axis, m, and flattening (NIMA TR8350.2, table 3.1), and the EGM96 J2
    (= −√5 C̄20, Lemoine et al. 1998): the launch ascent's Earth.

Sun
---
GM_SUN
    Heliocentric gravitational constant, m³/s² (IAU 2009 system of astronomical constants;
    ``boinor.bodies.Sun.k``).
SUN_RADIUS_M
    Nominal solar radius, m (IAU 2015 Resolution B3; astropy ``R_sun``).
SUN_ANGULAR_RADIUS_DEG
    Angular radius of the solar disc seen from 1 au, deg, as the rover power model uses it
    (asin(SUN_RADIUS_M / AU_M) = 0.2665°; the 4-decimal value is kept so figures do not move).
AU_M
    Astronomical unit, m (IAU 2012 Resolution B2; astropy ``au``).
SOLAR_CONSTANT_W_M2
    Total solar irradiance at 1 au, W/m² (Kopp & Lean 2011).

Other
-----
G0_M_S2
    Standard acceleration of gravity, m/s² (3rd CGPM 1901; ISO 80000-3:2019). Same value as
    ``astropy.constants.g0``. Converts specific impulse in seconds to exhaust velocity.

References
----------
.. [1] Archinal, B. A. et al. (2018), "Report of the IAU Working Group on Cartographic
   Coordinates and Rotational Elements: 2015", Celest. Mech. Dyn. Astr. 130:22.
.. [2] Smith, D. E. et al., LRO LOLA gridded data records (LDEM), PDS labels, NASA PDS
   Geosciences Node.
.. [3] Folkner, W. M., Williams, J. G., Boggs, D. H. (2009), "The Planetary and Lunar Ephemeris
   DE 421", JPL IOM 343R-08-003 (header constants).
.. [4] Petit, G., Luzum, B. (eds.) (2010), IERS Conventions (2010), IERS Technical Note 36,
   table 1.1.
.. [5] NIMA (2000), "Department of Defense World Geodetic System 1984", TR8350.2, 3rd ed.
.. [6] Lemoine, F. G. et al. (1998), "The Development of the Joint NASA GSFC and NIMA
   Geopotential Model EGM96", NASA/TP-1998-206861.
.. [7] IAU (2015), Resolution B3 on recommended nominal conversion constants.
.. [8] IAU (2012), Resolution B2 on the re-definition of the astronomical unit.
.. [9] Kopp, G., Lean, J. L. (2011), "A new, lower value of total solar irradiance", Geophys.
   Res. Lett. 38, L01706.
.. [10] ISO 80000-3:2019, Quantities and units, Part 3: Space and time (standard acceleration
   of free fall); 3rd CGPM (1901).
"""

from __future__ import annotations

import math

# Moon
MOON_RADIUS_M = 1737.4e3
GM_MOON = 4.90279981e12

# Earth
GM_EARTH = 3.986004418e14
OMEGA_EARTH_RAD_S = 7.292115e-5
OMEGA_EARTH_DEG_S = math.degrees(OMEGA_EARTH_RAD_S)
R_EARTH_IERS_M = 6_378_136.6
J2_EARTH_IERS = 1.08263e-3
WGS84_A_M = 6_378_137.0
WGS84_F = 1.0 / 298.257223563
EGM96_J2 = 1.08262982e-3

# Sun
GM_SUN = 1.32712442099e20
SUN_RADIUS_M = 695_700_000.0
SUN_ANGULAR_RADIUS_DEG = 0.2666
AU_M = 149_597_870_700.0
SOLAR_CONSTANT_W_M2 = 1361.0

# Other
G0_M_S2 = 9.80665

__all__ = [
    "AU_M",
    "EGM96_J2",
    "G0_M_S2",
    "GM_EARTH",
    "GM_MOON",
    "GM_SUN",
    "J2_EARTH_IERS",
    "MOON_RADIUS_M",
    "OMEGA_EARTH_DEG_S",
    "OMEGA_EARTH_RAD_S",
    "R_EARTH_IERS_M",
    "SOLAR_CONSTANT_W_M2",
    "SUN_ANGULAR_RADIUS_DEG",
    "SUN_RADIUS_M",
    "WGS84_A_M",
    "WGS84_F",
]
