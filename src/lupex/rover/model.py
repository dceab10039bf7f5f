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
from dataclasses import dataclass, field, fields

import numpy as np

from lupex.constants import SOLAR_CONSTANT_W_M2, SUN_ANGULAR_RADIUS_DEG
from lupex.errors import InputError
from lupex.moon_geometry import disc_visible_fraction  # noqa: F401 - public name, re-exported
from lupex.units import convert_fields

LUNAR_GRAVITY_M_S2 = 1.625  # DE421 GM_moon / R_moon², rounded


def _cited(default, description: str, unit: str, source: str):
    """A Rover field whose default carries its description, unit and source (the one copy the
    scenario schema's ``[rover]`` section and ``lupex check --explain`` read)."""
    return field(default=default,
                 metadata={"description": description, "unit": unit, "source": source})


@dataclass(frozen=True)
class Rover:
    """Rover parameters (SI units). Every default is cited or labelled as an assumption; each
    field's description, unit and source are in its metadata (``dataclasses.fields(Rover)``) and
    listed below."""

    mass_kg: float = _cited(
        350.0, "Rover mass, kg: LUPEX rover ≈ 350 kg (JAXA/MHI LUPEX overview, 2023). ISRO's "
        "chairman quoted 250 kg in 2025 (a variant scenario).",
        "kg", "JAXA/MHI LUPEX rover ≈ 350 kg")
    top_speed_m_s: float = _cited(
        0.22, "Top speed, m/s: VIPER's 0.22 m/s (0.8 km/h; Colaprete et al., NASA VIPER "
        "overview), an analogue, not a LUPEX figure.",
        "m / s", "analogue: VIPER 0.22 m/s (Colaprete et al., NASA VIPER overview)")
    drive_speed_m_s: float = _cited(
        0.10, "Average traverse speed on flat ground, m/s. ASSUMPTION: about half VIPER's top "
        "speed, for stop-and-go, ground-in-the-loop driving.",
        "m / s", "assumption")
    speed_at_max_slope_fraction: float = _cited(
        0.5, "Speed at the slope limit as a fraction of the flat-ground speed (linear in "
        "between). ASSUMPTION.",
        "", "assumption")
    max_slope_deg: float = _cited(
        20.0, "Steepest slope the rover drives, deg: a planning default of 20° (the LUPEX "
        "capability is quoted unofficially as 25°).",
        "deg", "assumption (LUPEX capability quoted unofficially as 25°)")
    panel_area_m2: float = _cited(
        1.2, "Area of one vertical panel face, m²: 1.2 m² at 0.28 efficiency gives 457 W in "
        "full Sun at normal incidence at 1 au, VIPER's ≈ 450 W peak (Colaprete et al.) -- "
        "analogue.",
        "m2", "analogue: VIPER ≈ 450 W peak (Colaprete et al., NASA VIPER overview)")
    panel_efficiency: float = _cited(
        0.28, "Efficiency of the solar cells (triple-junction GaAs), fraction; with one 1.2 m² "
        "face it matches VIPER's ≈ 450 W peak -- analogue.",
        "", "analogue: triple-junction GaAs; VIPER ≈ 450 W peak (Colaprete et al.)")
    panel_tilt_deg: float = _cited(
        90.0, "Panel tilt from horizontal, deg; 90 = vertical, as VIPER's, because the polar Sun "
        "stays within ±1.6° of the horizon (lunar obliquity 1.54°).",
        "deg", "analogue: VIPER's vertical panels")
    panel_faces: int = _cited(
        3, "Number of panel faces on the rover's sides, evenly spaced in azimuth (VIPER: three; "
        "1 = a single face). Parked, the rover turns to face the Sun; driving, incidence "
        "follows the heading.",
        "count", "analogue: VIPER, three sides")
    panel_height_m: float = _cited(
        1.5, "Height of the panels and antenna above the ground for Sun and Earth visibility, m. "
        "ASSUMPTION (body-mounted panels of a ≈ 1.5 m-tall rover).",
        "m", "assumption")
    battery_capacity_wh: float = _cited(
        4000.0, "Battery capacity, Wh. ASSUMPTION (no LUPEX figure published).",
        "W h", "assumption")
    min_state_of_charge: float = _cited(
        0.2, "Lowest state of charge the battery may reach, fraction of capacity (a common "
        "Li-ion depth-of-discharge limit). ASSUMPTION.",
        "", "assumption")
    initial_state_of_charge: float = _cited(
        1.0, "State of charge at egress from the lander, fraction of capacity (1 = full). "
        "ASSUMPTION.",
        "", "assumption")
    charge_efficiency: float = _cited(
        0.95, "Charge-path efficiency, fraction (Li-ion coulombic × charger). ASSUMPTION.",
        "", "assumption")
    power_hibernate_w: float = _cited(
        40.0, "Hibernation load, W: survival heaters and receiver. ASSUMPTION scaled to a "
        "≈ 450 W-peak rover.",
        "W", "assumption")
    power_idle_w: float = _cited(
        150.0, "Load awake and stationary, W: avionics, communications and heaters. ASSUMPTION "
        "scaled to a ≈ 450 W-peak rover.",
        "W", "assumption")
    power_drive_w: float = _cited(
        200.0, "Load driving on flat ground at speed, W: awake load and motor controllers; the "
        "traction power m g (C_rr cos θ + sin θ) v / η is added on top (0 when negative). "
        "ASSUMPTION.",
        "W", "assumption")
    rolling_resistance: float = _cited(
        0.15, "Rolling resistance coefficient C_rr in regolith: 0.15, within the 0.1–0.2 of "
        "Bekker (1969) and Apollo LRV data (Lunar Sourcebook ch. 9).",
        "", "Bekker 1969; Apollo LRV, Lunar Sourcebook ch. 9")
    drive_efficiency: float = _cited(
        0.5, "Electrical-to-traction efficiency η of motors and gears, fraction. ASSUMPTION.",
        "", "assumption")
    power_drill_w: float = _cited(
        300.0, "Load while drilling, W. ASSUMPTION scaled to a ≈ 450 W-peak rover.",
        "W", "assumption")
    drill_hours: float = _cited(
        6.0, "Hours of drilling per site: a 1.5 m core (JAXA's drill) taken in steps, with "
        "imaging; the duration is an ASSUMPTION.",
        "h", "1.5 m drill (JAXA); duration an assumption")
    drive_requires_sun: bool = _cited(
        True, "Driving rule: drive only while the Sun is up at the rover, as VIPER planned.",
        "", "analogue: VIPER's planned driving rule")
    drive_requires_earth: bool = _cited(
        True, "Driving rule: drive only in direct-to-Earth contact, as VIPER planned.",
        "", "analogue: VIPER's planned driving rule")

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


def _attributes_doc() -> str:
    """The Attributes section of :class:`Rover`'s docstring, written from its fields' metadata."""
    import textwrap

    out = ["", "", "    Attributes", "    ----------"]
    for f in fields(Rover):
        out.append(f"    {f.name} : default {f.default!r}")
        out += textwrap.wrap(f"{f.metadata['description']} Source: {f.metadata['source']}.",
                             width=96, initial_indent="        ", subsequent_indent="        ")
    return "\n".join(out) + "\n    "


Rover.__doc__ += _attributes_doc()
