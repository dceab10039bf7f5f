"""Descent-orbit insertion and powered descent to touchdown, with gravity losses.

Phases (the Chandrayaan-3 sequence, ISRO 2023 press releases: deboost to 25 × 134 km, powered
descent from about 30 km, rough braking, attitude hold, fine braking, hover near 150 m for hazard
detection, vertical terminal descent):

1. DOI: impulsive burn at the circular orbit lowering the opposite point to the powered-descent
   initiation (PDI) altitude (vis-viva).
2. Braking: planar motion over a spherical Moon (point mass, GM_MOON) at full thrust (throttled
   down to at most ``max_thrust_to_weight`` lunar weights), mass flow F/(Isp g0). The thrust is split between a vertical part that tracks a commanded sink rate
   (an altitude schedule h(v_h) = h_gate + (h_PDI - h_gate)(v_h / v_PDI)², whose sink rate falls to
   zero with the horizontal speed, flown by a proportional loop on the sink rate, gain 0.3 s⁻¹,
   an altitude-error term, 0.02 s⁻¹, and the effective gravity g - v_h²/r) and a horizontal part
   opposing the horizontal velocity — a guided
   descent that brakes at full thrust, i.e. close to fuel-optimal for a fixed-thrust engine
   (a bang-bang thrust profile is optimal for a Mayer-type landing problem: Meditch 1964,
   IEEE TAC 9(4):477). It ends at the hover gate (h_gate, near zero speed).
3. Terminal: hover for ``hover_s`` and a vertical descent at ``terminal_rate_m_s`` to
   touchdown, both at thrust = weight (Δv = g_moon × time). Braking ends when the horizontal
   speed is below 0.5 m/s and the default descent rate is 2 m/s: the Chandrayaan-3 touchdown
   limits (horizontal < 0.5 m/s, vertical < 2 m/s; ISRO LVM3-M4 launch brochure, 2023).

Approximations: the steering law is a guided full-thrust braking, not the solution of an
optimal-control problem (expect a few per cent more Δv than a true fuel-optimal descent); the
Moon is a sphere with a point-mass field; the surface's rotation (≤ 4.6 m/s at the equator,
≈ 0.04 m/s at 89.5°S) is neglected; no throttling margin is held back.

The gravity loss is the total Δv minus the ideal (impulsive) Δv of the same phase: the horizontal
speed at PDI for braking, zero for the terminal phase (all of it is loss).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from lupex.errors import InputError
from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M
from lupex.transfer.lunar_orbit import G0, vis_viva
import lupex.display as _display
from lupex.units import accepts

#: Lunar surface gravity at the 1,737.4 km sphere, m/s² (GM_MOON / R²).
G_MOON = GM_MOON / MOON_RADIUS_M**2


@_display.result()
@dataclass(frozen=True)
class DescentResult:
    """Descent from a circular orbit to touchdown.

    doi_dv_m_s, braking_dv_m_s, terminal_dv_m_s, total_dv_m_s (m/s); gravity_loss_m_s (total Δv
    minus the impulsive ideal); braking_duration_s, terminal_duration_s; downrange_km (PDI to the
    hover gate, along the surface); masses (kg) at DOI start, PDI and touchdown; the braking
    trajectory samples (t_s, altitude_m, downrange_m, v_horizontal_m_s, v_vertical_m_s, mass_kg);
    feasible False with ``reason`` if the thrust cannot hold the descent.
    """

    doi_dv_m_s: float
    braking_dv_m_s: float
    terminal_dv_m_s: float
    total_dv_m_s: float
    gravity_loss_m_s: float
    braking_duration_s: float
    terminal_duration_s: float
    doi_to_pdi_s: float
    downrange_km: float
    mass_start_kg: float
    mass_pdi_kg: float
    mass_touchdown_kg: float
    pdi_altitude_km: float
    samples: dict
    feasible: bool
    reason: str = ""
    hover_s: float = 20.0
    terminal_rate_m_s: float = 2.0


@accepts()
def descent(
    circular_altitude_km: float = 100.0,
    pdi_altitude_km: float = 30.0,
    mass_kg: float = 4000.0,
    thrust_n: float = 8800.0,
    isp_s: float = 313.0,
    gate_altitude_m: float = 150.0,
    hover_s: float = 20.0,
    terminal_rate_m_s: float = 2.0,
    max_thrust_to_weight: float = 3.0,
) -> DescentResult:
    """Δv and propellant of DOI + powered descent + terminal descent (see module docstring).

    Parameters
    ----------
    circular_altitude_km : circular lunar orbit before DOI, km.
    pdi_altitude_km : perilune of the descent orbit = powered-descent initiation altitude, km.
    mass_kg : lander mass before DOI, kg. thrust_n : total engine thrust, N. isp_s : s.
    gate_altitude_m : altitude where braking ends and the hover/vertical phase starts, m.
    hover_s : hover time for hazard detection, s. terminal_rate_m_s : vertical descent rate, m/s.
    max_thrust_to_weight : throttle cap, in lunar weights (the Chandrayaan-3 800 N engines are
        throttleable, NASA NSSDCA 2023-098A; the Apollo LM descent engine throttled between about
        1,000 and 10,000 lbf, Smithsonian NASM); a lander with
        more thrust than this brakes at the cap.
    """
    checks = {"circular_altitude_km": (circular_altitude_km, 5.0, 5000.0),
              "pdi_altitude_km": (pdi_altitude_km, 1.0, circular_altitude_km),
              "mass_kg": (mass_kg, 1.0, 1e6), "thrust_n": (thrust_n, 1.0, 1e7),
              "isp_s": (isp_s, 50.0, 1000.0), "gate_altitude_m": (gate_altitude_m, 1.0, 5000.0),
              "hover_s": (hover_s, 0.0, 3600.0),
              "terminal_rate_m_s": (terminal_rate_m_s, 0.1, 50.0),
              "max_thrust_to_weight": (max_thrust_to_weight, 1.05, 20.0)}
    for name, (val, lo, hi) in checks.items():
        if not (np.isfinite(val) and lo <= val <= hi):
            raise InputError(name, val, f"a value between {lo:g} and {hi:g}")
    ve = isp_s * G0
    rc = MOON_RADIUS_M + 1e3 * circular_altitude_km
    rpd = MOON_RADIUS_M + 1e3 * pdi_altitude_km
    a = 0.5 * (rc + rpd)
    doi = vis_viva(rc, rc) - vis_viva(rc, a)
    t_half = np.pi * np.sqrt(a**3 / GM_MOON)
    m_pdi = mass_kg * np.exp(-doi / ve)
    v_pdi = vis_viva(rpd, a)
    k_v = 0.3
    k_h = 0.02
    dh_total = 1e3 * pdi_altitude_km - gate_altitude_m

    a_cap = max_thrust_to_weight * G_MOON

    def rhs(t, y):
        r, th, vr, vt, m = y  # polar coordinates in the descent plane; vt = horizontal speed
        g_eff = GM_MOON / r**2 - vt * vt / r
        a_max = min(thrust_n / m, a_cap)  # throttled down to the thrust-to-weight cap
        h = r - MOON_RADIUS_M
        a_h = max(np.sqrt(max(a_max**2 - g_eff**2, 0.0)), 1e-3)
        # altitude schedule h_cmd(v_t) = h_gate + (h_pdi - h_gate) (v_t / v_pdi)²: the sink rate
        # goes to zero as the horizontal speed does; plus an altitude-error term
        x = max(vt, 0.0) / v_pdi
        h_cmd = gate_altitude_m + dh_total * x * x
        vz_cmd = -2.0 * dh_total * x * a_h / v_pdi + k_h * (h_cmd - h)
        # never sink faster than the engine can stop above the gate with 30 % of its spare
        # vertical acceleration (keeps high thrust-to-weight landers from diving)
        v_lim = np.sqrt(2.0 * 0.3 * max(a_max - g_eff, 0.05) * max(h - gate_altitude_m, 0.0))
        vz_cmd = max(vz_cmd, -v_lim)
        az = g_eff + k_v * (vz_cmd - vr)  # required vertical thrust acceleration
        az = min(max(az, -a_max), a_max)
        ah = np.sqrt(max(a_max**2 - az**2, 0.0))
        if vt <= 0.0:
            ah = 0.0
        dvr = az - g_eff + 0.0
        # in polar form: r'' = vr' ; vr' = -GM/r² + vt²/r + az ; vt' = -vr vt / r - ah
        dvr = -GM_MOON / r**2 + vt * vt / r + az
        dvt = -vr * vt / r - ah
        return [vr, vt / r, dvr, dvt, -m * a_max / ve]

    def stopped(t, y):
        return y[3] - 0.5  # horizontal speed below 0.5 m/s

    stopped.terminal = True
    stopped.direction = -1

    def crashed(t, y):
        return y[0] - MOON_RADIUS_M

    crashed.terminal = True
    crashed.direction = -1

    def empty(t, y):
        return y[4] - 0.05 * mass_kg

    empty.terminal = True
    empty.direction = -1
    y0 = [rpd, 0.0, 0.0, v_pdi, m_pdi]
    sol = solve_ivp(rhs, (0.0, 7200.0), y0, method="DOP853", rtol=1e-9, atol=1e-6,
                    events=[stopped, crashed, empty], max_step=5.0)
    yf = sol.y[:, -1]
    feasible = bool(sol.status == 1 and len(sol.t_events[0]) > 0)
    reason = ""
    if not feasible:
        reason = ("the lander reaches the surface before cancelling its horizontal speed: "
                  "thrust too low for this mass" if len(sol.t_events[1]) else
                  "propellant exhausted or braking did not finish within 2 h")
    m_gate = yf[4]
    dv_brake = ve * np.log(m_pdi / m_gate)
    # terminal: descend from the gate altitude reached, hover, vertical at fixed rate; also null
    # the residual vertical speed
    h_gate = max(yf[0] - MOON_RADIUS_M, 0.0)
    t_term = hover_s + h_gate / terminal_rate_m_s
    dv_term = G_MOON * t_term + abs(yf[2])
    m_td = m_gate * np.exp(-dv_term / ve)
    if thrust_n < m_gate * G_MOON:
        feasible = False
        reason = reason or "thrust below the lander's lunar weight at the hover gate"
    total = doi + dv_brake + dv_term
    ideal = doi + v_pdi
    return DescentResult(
        doi_dv_m_s=float(doi), braking_dv_m_s=float(dv_brake), terminal_dv_m_s=float(dv_term),
        total_dv_m_s=float(total), gravity_loss_m_s=float(total - ideal),
        braking_duration_s=float(sol.t[-1]), terminal_duration_s=float(t_term),
        doi_to_pdi_s=float(t_half), downrange_km=float(yf[1] * MOON_RADIUS_M / 1e3),
        mass_start_kg=float(mass_kg), mass_pdi_kg=float(m_pdi), mass_touchdown_kg=float(m_td),
        pdi_altitude_km=float(pdi_altitude_km),
        samples={"t_s": sol.t, "altitude_m": sol.y[0] - MOON_RADIUS_M,
                 "downrange_m": sol.y[1] * MOON_RADIUS_M, "v_horizontal_m_s": sol.y[3],
                 "v_vertical_m_s": sol.y[2], "mass_kg": sol.y[4]},
        feasible=feasible, reason=reason, hover_s=float(hover_s),
        terminal_rate_m_s=float(terminal_rate_m_s),
    )
