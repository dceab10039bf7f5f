"""The rover: mobility, solar array, battery and loads (plain floats, SI units).

JAXA/MHI publish the LUPEX rover's mass (≈ 350 kg), its four tracked crawlers that turn in place
and its 1.5 m drill, but no speed or power figures. Defaults that are not LUPEX figures come from
the closest analogue, NASA's VIPER (a ≈ 430 kg solar-powered polar rover), or from first
principles, and each says so beside its field.

References
----------
- JAXA (2023), Lunar Polar Exploration Mission (LUPEX) overview: rover ≈ 350 kg, crawlers, drill
  reaching 1.5 m.
- Colaprete, A. et al. (2019/2021), VIPER mission overview (NASA ARC / LPSC abstracts): top speed
  0.22 m/s (0.8 km/h), solar arrays ≈ 450 W peak, vertical panels on three sides because the
  polar Sun stays within a few degrees of the horizon; driving only with Sun and
  direct-to-Earth (DTE) contact; "safe havens" to wait out short darknesses.
- Solar constant 1361 W/m² at 1 au: Kopp & Lean (2011), GRL 38, L01706.
- Lunar surface gravity 1.625 m/s²: GM = 4.9028e12 m³/s² (DE421) over the LOLA sphere radius (:mod:`lupex.constants`).
- Rolling resistance of tracked/wheeled vehicles in lunar regolith, coefficient ≈ 0.1–0.2:
  Bekker (1969), Introduction to Terrain-Vehicle Systems; Apollo LRV data (Carrier et al. 1991,
  Lunar Sourcebook ch. 9).
- Sun's angular radius 0.2666° at 1 au (IAU nominal solar radius 695,700 km).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from lupex.constants import SOLAR_CONSTANT_W_M2, SUN_ANGULAR_RADIUS_DEG
from lupex.errors import InputError
from lupex.moon_geometry import disc_visible_fraction  # noqa: F401 - public name, re-exported
from lupex.units import convert_fields

LUNAR_GRAVITY_M_S2 = 1.625  # DE421 GM_moon / R_moon², rounded


@dataclass(frozen=True)
class Rover:
    """Rover parameters (SI units). Every default is cited or labelled as an assumption.

    Attributes
    ----------
    mass_kg : 350 kg, JAXA LUPEX overview (2023).
    top_speed_m_s : 0.22 m/s, VIPER's top speed (Colaprete et al.); analogue, not a LUPEX figure.
    drive_speed_m_s : 0.10 m/s average traverse speed on flat ground, assumption: about half the
        VIPER top speed for stop-and-go, ground-in-the-loop driving.
    speed_at_max_slope_fraction : speed at the slope limit as a fraction of the flat speed (linear
        in between); 0.5, assumption.
    max_slope_deg : 20°, an assumed default (LUPEX capability is quoted unofficially as 25°).
    panel_area_m2, panel_efficiency : one vertical face of the array: 1.2 m² × 0.28 (triple-junction
        GaAs) gives 457 W in full Sun at normal incidence, VIPER's ≈ 450 W peak.
    panel_tilt_deg : tilt of the panels from horizontal; 90° = vertical, as on VIPER, because the
        polar Sun stays within ±1.6° of the horizon (lunar obliquity 1.54°).
    panel_faces : number of panel faces on the rover's sides, evenly spaced in azimuth (VIPER has
        three; 1 = a single face). Parked, the rover turns to face the Sun; driving, incidence
        follows the heading.
    panel_height_m : 1.5 m, height of panels/antenna above ground for Sun/Earth visibility,
        assumption (body-mounted panels of a ≈ 1.5 m-tall rover).
    battery_capacity_wh : 4,000 Wh, assumption (no LUPEX figure published).
    min_state_of_charge : 0.2 (a common Li-ion depth-of-discharge limit), assumption.
    initial_state_of_charge : 1.0 at egress.
    charge_efficiency : 0.95 charge-path efficiency (Li-ion coulombic × charger), assumption.
    power_hibernate_w : 40 W survival heaters and receiver, assumption.
    power_idle_w : 150 W awake, stationary (avionics, comms, heaters), assumption.
    power_drive_w : 200 W awake + motor controllers on flat ground at speed, assumption; the
        traction power m g (C_rr cos θ + sin θ) v / η_drive is added on top (0 when negative).
    rolling_resistance : 0.15 (Bekker 1969; LRV data 0.1–0.2).
    drive_efficiency : 0.5 electrical-to-traction efficiency of motors and gears, assumption.
    power_drill_w : 300 W while drilling, assumption.
    drill_hours : 6 h per drill site (a 1.5 m core in steps, with imaging), assumption.
    drive_requires_sun, drive_requires_earth : the VIPER driving rule, default both True.
    """

    mass_kg: float = 350.0
    top_speed_m_s: float = 0.22
    drive_speed_m_s: float = 0.10
    speed_at_max_slope_fraction: float = 0.5
    max_slope_deg: float = 20.0
    panel_area_m2: float = 1.2
    panel_efficiency: float = 0.28
    panel_tilt_deg: float = 90.0
    panel_faces: int = 3
    panel_height_m: float = 1.5
    battery_capacity_wh: float = 4000.0
    min_state_of_charge: float = 0.2
    initial_state_of_charge: float = 1.0
    charge_efficiency: float = 0.95
    power_hibernate_w: float = 40.0
    power_idle_w: float = 150.0
    power_drive_w: float = 200.0
    rolling_resistance: float = 0.15
    drive_efficiency: float = 0.5
    power_drill_w: float = 300.0
    drill_hours: float = 6.0
    drive_requires_sun: bool = True
    drive_requires_earth: bool = True

    def __post_init__(self):
        convert_fields(self)  # Quantities -> the unit of each field's name
        positive = ("mass_kg", "top_speed_m_s", "drive_speed_m_s", "max_slope_deg", "panel_area_m2",
                    "panel_efficiency", "battery_capacity_wh", "charge_efficiency",
                    "drive_efficiency", "speed_at_max_slope_fraction", "panel_height_m")
        for name in positive:
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise InputError(f"rover.{name}", v, "a positive finite number")
        for name in ("power_hibernate_w", "power_idle_w", "power_drive_w", "power_drill_w",
                     "rolling_resistance", "drill_hours"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
                raise InputError(f"rover.{name}", v, "a finite number ≥ 0")
        for name in ("panel_efficiency", "charge_efficiency", "drive_efficiency",
                     "speed_at_max_slope_fraction"):
            if getattr(self, name) > 1.0:
                raise InputError(f"rover.{name}", getattr(self, name), "a fraction in (0, 1]")
        if not 0.0 <= self.min_state_of_charge < self.initial_state_of_charge <= 1.0:
            raise InputError("rover.min_state_of_charge / initial_state_of_charge",
                             (self.min_state_of_charge, self.initial_state_of_charge),
                             "0 ≤ minimum < initial ≤ 1")
        if not 0.0 < self.max_slope_deg < 60.0:
            raise InputError("rover.max_slope_deg", self.max_slope_deg, "a slope in (0, 60) degrees")
        if self.drive_speed_m_s > self.top_speed_m_s:
            raise InputError("rover.drive_speed_m_s", self.drive_speed_m_s,
                             f"a speed ≤ the top speed {self.top_speed_m_s} m/s")
        if not 0.0 <= self.panel_tilt_deg <= 90.0:
            raise InputError("rover.panel_tilt_deg", self.panel_tilt_deg, "0..90 degrees")
        if not (isinstance(self.panel_faces, int) and 1 <= self.panel_faces <= 8):
            raise InputError("rover.panel_faces", self.panel_faces, "an integer 1..8")

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    # -- mobility -------------------------------------------------------------------------------
    def speed_m_s(self, slope_deg):
        """Traverse speed on a slope (m/s): linear from ``drive_speed_m_s`` on flat ground to
        ``speed_at_max_slope_fraction`` of it at ``max_slope_deg``; NaN above the limit."""
        s = np.asarray(slope_deg, dtype=float)
        frac = 1.0 - (1.0 - self.speed_at_max_slope_fraction) * np.clip(s / self.max_slope_deg, 0, 1)
        v = self.drive_speed_m_s * frac
        return np.where(s <= self.max_slope_deg, v, np.nan)

    def cost_grid(self, slope_deg) -> np.ndarray:
        """Seconds per metre for each cell (1/speed); +inf where the slope exceeds the limit."""
        v = self.speed_m_s(slope_deg)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = 1.0 / v
        return np.where(np.isfinite(c), c, np.inf)

    # -- loads ----------------------------------------------------------------------------------
    def drive_power_w(self, grade, speed_m_s=None):
        """Electrical power while driving (W) on a signed grade (rise/run along the heading).

        P = P_drive + max(0, m g (C_rr cos θ + sin θ) v) / η_drive (no regenerative braking).
        """
        g = np.asarray(grade, dtype=float)
        theta = np.arctan(g)
        v = self.drive_speed_m_s if speed_m_s is None else np.asarray(speed_m_s, dtype=float)
        traction = self.mass_kg * LUNAR_GRAVITY_M_S2 * (
            self.rolling_resistance * np.cos(theta) + np.sin(theta)) * v
        return self.power_drive_w + np.maximum(traction, 0.0) / self.drive_efficiency

    # -- solar array ----------------------------------------------------------------------------
    @property
    def panel_peak_w(self) -> float:
        """Power of one face at normal incidence in full Sun at 1 au (W)."""
        return SOLAR_CONSTANT_W_M2 * self.panel_area_m2 * self.panel_efficiency

    def faces_factor(self, rel_az_deg):
        """Sum over the panel faces of max(0, cos(Δaz)) for the Sun at ``rel_az_deg`` from face 0."""
        rel = np.radians(np.asarray(rel_az_deg, dtype=float))
        total = np.zeros_like(rel)
        for k in range(self.panel_faces):
            total += np.maximum(np.cos(rel - 2 * np.pi * k / self.panel_faces), 0.0)
        return total

    def best_faces_factor(self) -> float:
        """The faces factor with the rover parked at the best heading for charging."""
        rel = np.linspace(0.0, 360.0 / self.panel_faces, 721)
        return float(self.faces_factor(rel).max())

    def solar_power_w(self, sun_el_deg, visible_fraction, faces_factor, distance_au=1.0):
        """Array output (W): S (1 au/d)² A η f_vis [cos(el) sin(tilt) F_faces + sin(el) cos(tilt)].

        sun_el_deg: Sun elevation above the local horizontal; visible_fraction: fraction of the
        solar disc above the terrain horizon (0..1); faces_factor: from :meth:`faces_factor` (or
        :meth:`best_faces_factor` parked).
        """
        el = np.radians(np.asarray(sun_el_deg, dtype=float))
        tilt = math.radians(self.panel_tilt_deg)
        cosi = np.cos(el) * math.sin(tilt) * faces_factor + np.maximum(np.sin(el), 0) * math.cos(tilt)
        s = SOLAR_CONSTANT_W_M2 / np.asarray(distance_au, dtype=float) ** 2
        return s * self.panel_area_m2 * self.panel_efficiency * np.clip(visible_fraction, 0, 1) * \
            np.maximum(cosi, 0.0)
