"""Mission operations: ground stations, direct-to-Earth contact windows and the X-band link.

Public API
----------
Stations (:mod:`lupex.operations.stations`, data ``lupex/operations/data/stations.toml``):
- :func:`load_stations` -> tuple of :class:`GroundStation` (validated; cited sources);
- :func:`select_stations` -- by agency (JAXA, ISRO, NASA, ESA) and status.
"""

from lupex.operations.stations import GroundStation, load_stations, select_stations

__all__ = ["GroundStation", "load_stations", "select_stations"]
