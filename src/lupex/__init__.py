"""lupex: mission-planning simulator for LUPEX (Chandrayaan-5), the ISRO/JAXA lunar polar mission.

Subpackages, in the order data flows: :mod:`lupex.launch` (H3 ascent and performance),
:mod:`lupex.transfer` (Earth-Moon transfer, LOI, descent), :mod:`lupex.site` (south-pole terrain,
illumination), :mod:`lupex.rover` (traverse planning), and :mod:`lupex.scenario` (scenario files,
work split, timeline, the runner). :mod:`lupex.ephemeris` gives DE421 geometry to all of them.
"""

__version__ = "0.1.0"
