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
- :func:`moon_visible` -- the station half of the rule (any of the stations sees the target);
- :func:`contact_fraction`, :func:`passes`, :func:`longest_gap_hours`.
Plots (:mod:`lupex.operations.plots`): :func:`lupex.operations.plots.plot_contact` -- passes by
agency with the Sun and Earth visibility bands.
Link budget (:mod:`lupex.operations.link`):
- :func:`free_space_loss_db`, :func:`dish_gain_dbi`, :func:`station_g_over_t_db_k`,
  :func:`cn0_dbhz`, :func:`data_rate_bps`, :func:`volume_bits`, :func:`pass_volumes_bits`,
  :func:`agency_rate_bps`; :class:`LinkParameters` with the labelled-assumption presets
  :data:`ROVER_HGA` and :data:`ROVER_LGA`.
"""

from lupex.operations.link import (
    ROVER_HGA,
    ROVER_LGA,
    X_BAND_DOWNLINK_HZ,
    LinkParameters,
    agency_rate_bps,
    cn0_dbhz,
    data_rate_bps,
    dish_gain_dbi,
    free_space_loss_db,
    pass_volumes_bits,
    station_g_over_t_db_k,
    volume_bits,
)
from lupex.operations.stations import GroundStation, load_stations, select_stations
from lupex.operations.visibility import (
    Pass,
    StationView,
    agency_union,
    contact_fraction,
    dte_contact,
    longest_gap_hours,
    moon_visible,
    passes,
    station_contacts,
    station_view,
)

__all__ = [
    "ROVER_HGA", "ROVER_LGA", "X_BAND_DOWNLINK_HZ", "GroundStation", "LinkParameters", "Pass",
    "StationView", "agency_rate_bps", "agency_union", "cn0_dbhz", "contact_fraction",
    "data_rate_bps", "dish_gain_dbi", "dte_contact", "free_space_loss_db", "load_stations",
    "longest_gap_hours", "moon_visible", "pass_volumes_bits", "passes", "select_stations",
    "station_contacts",
    "station_g_over_t_db_k", "station_view", "volume_bits",
]
