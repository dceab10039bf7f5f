"""The ``communications`` section of ``summary.json``."""

from __future__ import annotations

from lupex.scenario.summaries._base import (COUNT, DATA_GBIT, DURATION_H, ELEVATION, FRACTION,
                                            LENGTH_M, SummarySection, _f)


class Station(SummarySection):
    """A ground station used for direct-to-Earth contact."""

    id: str = _f("station id")
    name: str = _f("station name")
    agency: str = _f("agency operating it")
    dish_m: float = _f("dish diameter, m", LENGTH_M)
    mask_deg: float = _f("elevation mask, deg", ELEVATION)
    status: str = _f("station status")
    g_over_t_db_k: float = _f("receive figure of merit G/T, dB/K")
    g_over_t_source: str = _f("source of G/T")


class CommunicationsSummary(SummarySection):
    """The ``communications`` section (:mod:`lupex.scenario.stages.communications`)."""

    period_start_utc: str = _f("start of the surface mission, UTC")
    period_stop_utc: str = _f("end of the surface mission, UTC")
    step_h: float = _f("time step, h", DURATION_H)
    stations: list[Station] = _f("the stations used")
    earth_above_horizon_fraction: float = _f("fraction of time the Earth is above the site's "
                                             "terrain horizon", FRACTION)
    contact_fraction: dict[str, float] = _f("agency -> fraction of time with contact", FRACTION)
    contact_fraction_any: float = _f("fraction of time with contact through any agency", FRACTION)
    longest_gap_hours: dict[str, float] = _f("agency -> longest gap in contact, h", DURATION_H)
    downlink_capacity_gbit: dict[str, float] = _f("agency -> downlink capacity, Gbit", DATA_GBIT)
    lander_operator: str = _f("[operations] lander_operator")
    rover_operator: str = _f("[operations] rover_operator")
    cross_support: bool = _f("[operations] cross_support")
    rover_antenna: str = _f("rover antenna used")
    rover_downlink_capacity_gbit: float = _f(
        "downlink through the rover's stations, Gbit", DATA_GBIT)
    science_data_gbit: float = _f("science data of the drill sites, Gbit", DATA_GBIT)
    drill_sites: int = _f("drill sites counted for the science data", COUNT)
    downlink_feasible: bool = _f("whether the capacity covers the science data")
    note: str = _f("the contact and link models and their limits, in words")
