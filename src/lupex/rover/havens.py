"""Safe havens: the cells where the rover can wait out the mission's darkness on its battery.

Darkness is in the energy sense (:func:`survival_sun_offset_deg`: panel output below the
hibernation load, which a grazing Sun with its centre just hidden need not be);
:func:`survival_hours` is how long the battery carries the hibernation load, and
:func:`safe_havens` the cells whose longest darkness within the mission is shorter (the VIPER
safe-haven concept).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from lupex.rover.model import SUN_ANGULAR_RADIUS_DEG, Rover, disc_visible_fraction
from lupex.rover.sky import Sky, sky_statistics


def survival_hours(rover: Rover) -> float:
    """Hours the usable battery (capacity × (1 − minimum SOC)) lasts at the hibernation load."""
    if rover.power_hibernate_w <= 0:
        return math.inf
    return rover.battery_capacity_wh * (1.0 - rover.min_state_of_charge) / rover.power_hibernate_w


def survival_sun_offset_deg(rover: Rover, sky: Sky) -> float:
    """Darkness in the energy sense: the offset (deg) of the Sun's centre above a cell's horizon
    below which the parked rover's panels deliver less than its hibernation load.

    A Sun grazing the horizon — the rule, not the exception, at the best-lit polar sites — can
    have its centre hidden while part of its disc still charges the rover; the energy model
    (:mod:`lupex.rover.energy`) counts that partial disc, so survival darkness must too. From
    :meth:`Rover.solar_power_w` with the best parked faces at the sky's largest Sun distance and
    0° elevation (polar sites see the Sun within a few degrees of the horizontal, where cos(el)
    differs from 1 by < 1 %), the disc fraction f = P_hibernate / P_full_disc is inverted through
    :func:`disc_visible_fraction` (straight-horizon segment). Negative: below the horizon. +inf
    if even the full disc cannot carry the hibernation load; −inf if that load is zero."""
    if rover.power_hibernate_w <= 0:
        return -math.inf
    d_max = float(np.max(sky.sun_distance_au)) if len(sky.sun_distance_au) else 1.0
    full = float(rover.solar_power_w(0.0, 1.0, rover.best_faces_factor(), d_max))
    if full <= rover.power_hibernate_w:
        return math.inf
    f = rover.power_hibernate_w / full
    x = brentq(lambda x: float(disc_visible_fraction(x, 0.0, 1.0)) - f, -1.0, 1.0, xtol=1e-10)
    return x * SUN_ANGULAR_RADIUS_DEG


def safe_havens(sky: Sky, rover: Rover, k0: int = 0, k1: int | None = None):
    """(haven map, sun fraction, longest dark hours) over samples k0..k1: a haven's longest
    darkness in the energy sense (:func:`survival_sun_offset_deg`) is no longer than
    :func:`survival_hours` and it is lit in that sense at least once. The sun fraction and the
    longest dark hours returned are those of the Sun's centre (the site analysis's definition)."""
    st = sky_statistics(sky, k0, k1, dark_threshold_deg=survival_sun_offset_deg(rover, sky))
    span_h = (min(sky.nt if k1 is None else k1, sky.nt) - k0) * sky.dt_s / 3600.0
    dark = st["longest_below_threshold_h"]
    ok = (dark <= survival_hours(rover)) & (dark < span_h)  # and lit (energy sense) at least once
    return ok, st["sun"], st["longest_dark_h"]
