"""From the parking orbit to the transfer: where the ascent must put the parking plane and how
long to coast before TLI, so that launch and transfer share one TLI epoch and one plane.

- :func:`parking_orbit` -- the parking orbit at injection as a boinor ``Orbit`` (GCRS).
- :func:`raan_deg`, :func:`arg_lat_deg` -- node (right ascension) and argument of latitude of a
  state, deg (GCRS, two-body).
- :func:`coast_to_departure_s` -- coast from injection to the parking-orbit point opposite the
  Moon at arrival (two-body circular estimate, the departure of a direct transfer).
- :func:`aim_at_transfer_plane` -- the lift-off time and coast that put the node and burn point
  on the transfer's (:class:`TransferPlaneAim`).

Frames: GCRS (≈ ICRF axes, geocentric) for states and nodes; epochs are astropy Time (UTC).
Units: m, m/s, s, deg. Earth: :data:`lupex.constants.GM_EARTH` (two-body mean motion) and
:data:`lupex.constants.OMEGA_EARTH_DEG_S` (the rate at which a fixed-azimuth parking orbit's
node moves with the lift-off time). Vallado (2013), *Fundamentals of Astrodynamics and
Applications*, 4th ed., §2.5 (elements from vectors) and §6.4 (plane geometry).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.constants import GM_EARTH, OMEGA_EARTH_DEG_S
import lupex.display as _display


def _wrap180(x: float) -> float:
    return (x + 180.0) % 360.0 - 180.0


def raan_deg(r, v) -> float:
    """Right ascension of the ascending node (deg, 0..360) of the orbit of (r, v) (GCRS)."""
    h = np.cross(r, v)
    return math.degrees(math.atan2(h[0], -h[1])) % 360.0


def arg_lat_deg(r, v) -> float:
    """Argument of latitude (deg) of position ``r`` in the orbit of (r, v)."""
    h = np.cross(r, v)
    node = np.cross([0.0, 0.0, 1.0], h)
    node = node / np.linalg.norm(node)
    hn = h / np.linalg.norm(h)
    return math.degrees(math.atan2(np.cross(node, r) @ hn, node @ r)) % 360.0


def parking_orbit(r_g, v_g, t_ins):
    """The parking orbit at injection as a boinor Orbit (GCRS, m and m/s in)."""
    from boinor.bodies import Earth
    from boinor.twobody import Orbit

    return Orbit.from_vectors(Earth, r_g * u.m, v_g * u.m / u.s, epoch=t_ins.tdb)


def coast_to_departure_s(r, v, t_ins, tof_days) -> float:
    """Coast time (s) from insertion to the point of the parking orbit closest to the direction
    opposite the Moon at arrival (two-body circular estimate). r, v: GCRS state at insertion
    (m, m/s); t_ins: insertion epoch; tof_days: time of flight to the Moon."""
    from lupex.ephemeris import position_icrf

    moon = np.asarray(position_icrf("moon", "earth", t_ins + tof_days * u.day), float).reshape(3)
    d = -moon / np.linalg.norm(moon)
    h = np.cross(r, v)
    hn = h / np.linalg.norm(h)
    dp = d - (d @ hn) * hn
    rn = r / np.linalg.norm(r)
    ang = math.atan2(np.cross(rn, dp) @ hn, rn @ dp) % (2 * math.pi)
    n = math.sqrt(GM_EARTH / np.linalg.norm(r) ** 3)
    return ang / n


@_display.result()
@dataclass(frozen=True)
class TransferPlaneAim:
    """Result of :func:`aim_at_transfer_plane` (unrounded).

    launch_epoch, tli_epoch: astropy Time. liftoff_shift_s: lift-off moved by, s.
    parking_raan_deg: node of the flown parking orbit. transfer_parking_raans_deg: the node(s)
    the transfer wants. parking_raan_residual_deg: node left to correct (deg, signed).
    tli_arg_lat_residual_deg: burn point left (deg). parking_coast_s: insertion to TLI, s.
    """

    launch_epoch: Time
    tli_epoch: Time
    liftoff_shift_s: float
    parking_raan_deg: float
    transfer_parking_raans_deg: list
    parking_raan_residual_deg: float
    tli_arg_lat_residual_deg: float
    parking_coast_s: float


def aim_at_transfer_plane(ascent, t0, windows, liftoff_fixed: bool, transfer_type: str,
                          time_of_flight_days: float, perilune_altitude_km: float,
                          lunar_inclination_deg: float, parking_altitude_km: float
                          ) -> TransferPlaneAim:
    """Aim the lift-off time and the parking coast at the transfer the transfer stage will fly,
    so that launch and transfer share one TLI epoch and one parking plane.

    ascent: the flown :class:`lupex.launch.AscentResult` (launch frame, time-invariant in the
    Earth-fixed frame). t0: first-guess lift-off epoch. windows: the day's
    :class:`lupex.launch.windows.LaunchWindow` list (the lift-off stays inside the one holding
    t0). liftoff_fixed: the lift-off instant is given (the node cannot move).

    For a direct transfer the target is the DE421-targeted TLI node and burn point of
    :func:`lupex.transfer.direct_departure` (the same targeting the transfer stage runs); for a
    phasing transfer the patched-conic nodes of :func:`lupex.transfer.parking_plane_nodes`. The
    azimuth (hence inclination and the flown ascent) is kept: the node moves with the lift-off
    time at the Earth's sidereal rate, the burn point with the coast time at the parking orbit's
    mean motion (two-body coast; J2 regression over the coast, ≈ 0.3° per hour at 200 km and
    30°, is not modelled on either side). Fixed-point iterations until the node is within
    0.005° and the burn point within 0.01°. A fixed lift-off, or the edge of the day's window,
    stops the node from moving: the residual is then returned for the plane change budget.
    """
    from lupex.launch.ascent import launch_frame_to_gcrs
    from lupex.transfer import direct_departure, parking_elements, parking_plane_nodes

    win = None
    for w in windows:
        if w.open <= t0 <= w.close:
            win = w
    tof_days = time_of_flight_days
    t = t0
    r_g, v_g = launch_frame_to_gcrs(ascent.final_state, t)
    coast = coast_to_departure_s(r_g, v_g, t + ascent.cutoff_time_s * u.s, tof_days)
    n_park = math.sqrt(GM_EARTH / np.linalg.norm(r_g) ** 3)
    period = 2 * math.pi / n_park
    nodes, raan, d, d_u = [], float("nan"), float("nan"), float("nan")
    for _ in range(6):
        r_g, v_g = launch_frame_to_gcrs(ascent.final_state, t)
        t_ins = t + ascent.cutoff_time_s * u.s
        t_tli = t_ins + coast * u.s
        # the parking orbit exactly as the transfer stage will receive it (GCRS elements)
        alt, apo, inc_gcrs, raan = parking_elements(parking_orbit(r_g, v_g, t_ins))
        if transfer_type == "direct":
            sol = direct_departure(t_tli, alt, apo, inc_gcrs, tof_days,
                                   perilune_altitude_km, lunar_inclination_deg,
                                   raan_hint_deg=raan)
            nodes = [sol.raan_deg]
            u_ins = arg_lat_deg(r_g, v_g)
            d_u = _wrap180(sol.arg_lat_deg - (u_ins + math.degrees(n_park * coast)))
        else:
            nodes = parking_plane_nodes(t_tli, parking_altitude_km, inc_gcrs, tof_days)
            d_u = 0.0
        d = min((_wrap180(n - raan) for n in nodes), key=abs)
        moved = False
        if not liftoff_fixed and abs(d) >= 0.005:
            t_new = t + (d / OMEGA_EARTH_DEG_S) * u.s
            if win is not None:  # stay in the day's window
                t_new = min(max(t_new, win.open), win.close)
            moved = abs((t_new - t).to_value("s")) >= 0.5
            t = t_new
        if abs(d_u) >= 0.01:
            coast = (coast + math.radians(d_u) / n_park) % period
            moved = True
        if not moved:
            break
    t_tli = t + ascent.cutoff_time_s * u.s + coast * u.s
    return TransferPlaneAim(
        launch_epoch=t, tli_epoch=t_tli, liftoff_shift_s=float((t - t0).to_value("s")),
        parking_raan_deg=raan, transfer_parking_raans_deg=list(nodes),
        parking_raan_residual_deg=float(d), tli_arg_lat_residual_deg=float(d_u),
        parking_coast_s=float(coast))


__all__ = ["TransferPlaneAim", "aim_at_transfer_plane", "arg_lat_deg", "coast_to_departure_s",
           "parking_orbit", "raan_deg"]
