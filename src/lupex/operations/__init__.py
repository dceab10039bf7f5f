"""Mission operations: ground stations, direct-to-Earth contact windows and the X-band link.

Public API
----------
Stations (:mod:`lupex.operations.stations`, data ``lupex/operations/data/stations.toml``):
- :func:`load_stations` -> tuple of :class:`GroundStation` (validated; cited sources);
- :func:`select_stations` -- by agency (JAXA, ISRO, NASA, ESA) and status.
Visibility (:mod:`lupex.operations.visibility`):
- :func:`station_view` -- azimuth/elevation/range of the Moon's centre or of a lunar surface
  point from a station, DE421, vectorised over epochs;
- :func:`dte_contact`, :func:`station_contacts`, :func:`agency_union` -- contact possible when
  the Earth is above the site's terrain horizon AND the Moon above the station mask;
- :func:`contact_fraction`, :func:`passes`, :func:`longest_gap_hours`.
"""

from lupex.operations.stations import GroundStation, load_stations, select_stations
from lupex.operations.visibility import (
    Pass,
    StationView,
    agency_union,
    contact_fraction,
    dte_contact,
    longest_gap_hours,
    passes,
    station_contacts,
    station_view,
)

__all__ = [
    "GroundStation", "Pass", "StationView", "agency_union", "contact_fraction", "dte_contact",
    "load_stations", "longest_gap_hours", "passes", "select_stations", "station_contacts",
    "station_view",
]
