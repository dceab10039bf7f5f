"""lupex.launch — H3 launch: vehicle family, ascent simulation, payload performance, windows.

Public API
----------
Vehicles (:mod:`.vehicles`, data in ``data/h3.toml``, every number sourced or marked ESTIMATED)
    ``get_vehicle(name) -> Vehicle``, ``vehicle_names()``
Ascent (:mod:`.ascent`; 3-DOF, J2 rotating WGS-84 Earth, US76 + Cd(M), SRB-3 profile, staging)
    ``Target.orbit(perigee_alt_km, apogee_alt_km, inclination_deg)``, ``Target.escape(c3, ...)``,
    ``Guidance``, ``simulate(vehicle, payload_kg, target, guidance) -> AscentResult``,
    ``time_histories(result)``, ``orbit_elements(state)``, ``launch_frame_to_gcrs(state, t0)``,
    ``launch_azimuth_for_inclination``, ``inclination_for_azimuth``, ``check_azimuth``,
    ``TANEGASHIMA_LP2``, ``AZIMUTH_SECTOR_DEG``
Guidance (:mod:`.guidance`; linear-tangent second-stage steering solved with scipy SLSQP)
    ``solve_ascent(vehicle, payload_kg, target, azimuth_deg=None) -> AscentSolution``,
    ``solve_max_payload(vehicle, target, azimuth_deg=None) -> PayloadSolution`` (one SLSQP
    over payload and steering)
Performance (:mod:`.performance`)
    ``parse_target('gto1500' | 'sso500' | 'leo200' | 'c3=<km2/s2>[:direct]')``,
    ``payload_capacity(vehicle, target) -> Performance``, ``payload_vs_c3(vehicle, c3s, profile)``,
    ``post_parking_propellant_kg``
Windows (:mod:`.windows`)
    ``daily_windows(date, time_of_flight_days) -> list[LaunchWindow]``, ``required_azimuth_deg``
Departure (:mod:`.departure`; parking orbit to transfer)
    ``aim_at_transfer_plane(...) -> TransferPlaneAim`` (lift-off time and coast that put the
    parking node and TLI point on the transfer's), ``coast_to_departure_s``, ``parking_orbit``
Plots (:mod:`.plots`)
    ``ascent_profile_figure``, ``ground_track_figure``, ``payload_c3_figure``

Calibration (:mod:`.calibration`)
    ``calibrate_stage2_dead_mass()``: the second stage's dead mass at injection is calibrated on
    one published figure, H3-24 to a lunar transfer orbit (C3 = −2 km²/s²) = 6,000 kg, the
    binding one of JAXA's published minimums; everything else is a hold-out

Validation status: every reference the launch tests use is a row of the validation table
(``lupex/data/validation.toml``, stage "launch"; ``docs/validation.md``) with its source,
tolerance and status. Capacities converge from three starting payloads or raise
:class:`lupex.errors.SolverError`. Sun-synchronous targets are flown with the Tanegashima
dog-leg (east-south-east start, first-stage yaw).

Units: SI (m, m/s, kg, s) unless a name says otherwise (``_km``, ``_deg``, ``_km2_s2``).
The launch site is given by the keywords ``site_lat_deg``, ``site_lon_deg`` (geodetic latitude
deg north, east longitude deg, WGS-84; default ``TANEGASHIMA_LP2``); the old pair keyword
``site_deg=(lat, lon)`` still works with a DeprecationWarning.
"""

from lupex.launch.ascent import (
    AZIMUTH_SECTOR_DEG,
    TANEGASHIMA_LP2,
    AscentResult,
    Guidance,
    Target,
    check_azimuth,
    inclination_for_azimuth,
    launch_azimuth_for_inclination,
    launch_frame_to_gcrs,
    orbit_elements,
    simulate,
    time_histories,
)
from lupex.launch.departure import (
    TransferPlaneAim,
    aim_at_transfer_plane,
    coast_to_departure_s,
    parking_orbit,
)
from lupex.launch.guidance import AscentSolution, PayloadSolution, solve_ascent, solve_max_payload
from lupex.launch.performance import (
    Performance,
    parse_target,
    payload_capacity,
    payload_vs_c3,
    post_parking_propellant_kg,
)
from lupex.launch.plots import ascent_profile_figure, ground_track_figure, payload_c3_figure
from lupex.launch.vehicles import (
    PublishedCapacity,
    Vehicle,
    get_vehicle,
    published_capacity,
    vehicle_names,
)
from lupex.launch.windows import LaunchWindow, daily_windows, required_azimuth_deg

__all__ = [
    "AZIMUTH_SECTOR_DEG", "TANEGASHIMA_LP2", "AscentResult", "AscentSolution", "Guidance",
    "LaunchWindow", "PayloadSolution", "Performance", "PublishedCapacity", "Target",
    "TransferPlaneAim", "Vehicle", "aim_at_transfer_plane", "ascent_profile_figure",
    "check_azimuth", "coast_to_departure_s", "parking_orbit",
    "daily_windows", "get_vehicle", "ground_track_figure", "inclination_for_azimuth",
    "launch_azimuth_for_inclination", "launch_frame_to_gcrs", "orbit_elements", "parse_target",
    "payload_c3_figure", "payload_capacity", "payload_vs_c3", "post_parking_propellant_kg",
    "published_capacity",
    "required_azimuth_deg", "simulate", "solve_ascent", "solve_max_payload", "time_histories", "vehicle_names",
]
