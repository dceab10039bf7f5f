"""Numba kernels of the ascent simulation (private; see :mod:`lupex.launch.ascent`).

State y = [x, y, z, vx, vy, vz, m] in the *launch inertial frame*: the Earth-fixed WGS-84 axes
frozen at lift-off (non-rotating), metres, m/s, kg. Earth turns about +z at OMEGA_E.
Forces: J2 gravity (WGS-84 / EGM96 GM, J2), US76 drag with a generic Cd(M) on the Earth-relative
velocity, thrust corrected for ambient pressure (F = F_vac − p·A_exit). Fixed-step classical RK4
with steps shortened to land exactly on scheduled events (SRB burnout/separation, MECO, stage
separation, second-stage ignition and depletion) and split at state events (fairing jettison,
cut-off on orbital energy) located by secant iteration, so results are smooth in the guidance
parameters (needed by the optimiser).

This module flies the ascent (:func:`fly`, :func:`burn_prograde`); the equations of motion are in
:mod:`lupex.launch._dynamics` and the layout of the shared parameter arrays in
:mod:`lupex.launch._layout`, both re-exported here.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from lupex.constants import GM_EARTH as MU_E  # m³/s², WGS-84 / IERS 2010
from lupex.constants import OMEGA_EARTH_RAD_S as OMEGA_E  # rad/s, WGS-84 rotation rate
from lupex.constants import WGS84_A_M as R_E  # m, WGS-84 equatorial radius
from lupex.constants import WGS84_F as F_E  # WGS-84 flattening
from lupex.launch.atmosphere import us76
from lupex.launch._layout import (  # noqa: F401 - re-exported
    E_FAIRING, E_GTURN, E_MAXQ, E_MECO, E_S1SEP, E_SECO, E_SEIG, E_SRB_BO, E_SRB_SEP, G_A, G_AZ,
    G_B, G_B2, G_DLT0, G_DLYAW, G_DT_ATM, G_DT_VAC, G_ETARGET, G_INC, G_KICK, G_KICKDUR, G_LAT,
    G_LON, G_TVERT, G_YAW, MODE_GTURN, MODE_LTS, MODE_PITCH, MODE_PROGRADE, MODE_VERT, N_E, N_G,
    N_V, V_A_CORE, V_A_SRB, V_FAIR_FLUX, V_FAIR_KG, V_NSRB, V_PAYLOAD, V_S1_AE, V_S1_DRY, V_S1_F,
    V_S1_MDOT, V_S1_THROTTLE, V_S2_DRY, V_S2_F, V_S2_MDOT, V_S2_PROP, V_SRB_AE, V_SRB_INERT,
    V_SRB_ISP, V_SRB_PROP, V_SRB_SEP, V_SRB_TB, V_T_MECO, V_T_S1SEP, V_T_SEIG,
)
from lupex.launch._dynamics import (  # noqa: F401 - re-exported
    _unit, energy, forces, geocentric_altitude, gravity_j2, heat_flux, rk4, srb_thrust,
    target_normal, thrust_direction,
)


@njit(cache=True)
def fly(V, G, srb_t, srb_f, record, nmax):
    """Fly the ascent from lift-off to second-stage cut-off.

    Returns (y_final, t_final, events[N_E], status, hist[n, 12], n_hist) where status is 0 when
    the target energy was reached, 1 when the second stage ran out of propellant first, 2 when
    the vehicle hit the ground. hist columns: t, x, y, z, vx, vy, vz, m, thrust, drag, q, mach.
    """
    lat, lon = G[G_LAT], G[G_LON]
    # geodetic -> ECEF on the WGS-84 ellipsoid (height 0)
    e2 = F_E * (2.0 - F_E)
    nrad = R_E / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
    y = np.empty(7)
    y[0] = nrad * np.cos(lat) * np.cos(lon)
    y[1] = nrad * np.cos(lat) * np.sin(lon)
    y[2] = nrad * (1.0 - e2) * np.sin(lat)
    y[3] = -OMEGA_E * y[1]
    y[4] = OMEGA_E * y[0]
    y[5] = 0.0
    nsrb = V[V_NSRB]
    y[6] = (nsrb * (V[V_SRB_PROP] + V[V_SRB_INERT]) + V[V_S1_DRY] + V[V_T_MECO] * V[V_S1_MDOT]
            * V[V_S1_THROTTLE] + V[V_S2_DRY] + V[V_S2_PROP] + V[V_FAIR_KG] + V[V_PAYLOAD])
    events = np.full(N_E, np.nan)
    hist = np.zeros((nmax if record else 1, 12))
    nh = 0
    t = 0.0
    mode = MODE_VERT
    s2_on = False
    fairing_on = True
    hx, hy, hz = 0.0, 0.0, 1.0
    t_ign = V[V_T_SEIG]
    t_dep = V[V_T_SEIG] + V[V_S2_PROP] / V[V_S2_MDOT]
    sched = np.array([G[G_TVERT], V[V_SRB_TB], V[V_SRB_SEP], V[V_T_MECO], V[V_T_S1SEP],
                      V[V_T_SEIG], t_dep, G[G_TVERT] + G[G_KICKDUR],
                      G[G_TVERT] + 2.0 * G[G_KICKDUR]])
    if nsrb <= 0.0:
        sched[1] = -1.0
        sched[2] = -1.0
    status = 1
    e_target = G[G_ETARGET]
    tmp = np.empty(7)
    qmax = 0.0
    while True:
        dt = G[G_DT_ATM] if t < V[V_T_SEIG] else G[G_DT_VAC]
        for k in range(sched.size):
            if sched[k] > t + 1e-9 and sched[k] - t < dt:
                dt = sched[k] - t
        ynew = rk4(t, y, dt, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign)
        # state events inside the step: fairing jettison (heat flux), cut-off (energy)
        if fairing_on and t > 30.0:
            g0v = heat_flux(y) - V[V_FAIR_FLUX]
            g1v = heat_flux(ynew) - V[V_FAIR_FLUX]
            if g0v > 0.0 and g1v <= 0.0:
                f = g0v / (g0v - g1v)
                for _ in range(3):
                    yf = rk4(t, y, f * dt, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign)
                    gf = heat_flux(yf) - V[V_FAIR_FLUX]
                    # secant update using the bracket ends
                    if gf > 0.0:
                        f = f + gf / (gf - g1v) * (1.0 - f)
                    else:
                        f = f * g0v / (g0v - gf)
                yf = rk4(t, y, f * dt, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign)
                yf[6] -= V[V_FAIR_KG]
                fairing_on = False
                events[E_FAIRING] = t + f * dt
                t2 = t + f * dt
                ynew = rk4(t2, yf, (1.0 - f) * dt, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz,
                           t_ign)
        if s2_on:
            g0v = energy(y) - e_target
            g1v = energy(ynew) - e_target
            if g1v >= 0.0:
                f = -g0v / (g1v - g0v)
                lo, hi = 0.0, 1.0
                for _ in range(30):
                    yf = rk4(t, y, f * dt, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign)
                    gf = energy(yf) - e_target
                    if abs(gf) < 1e-3:
                        break
                    if gf > 0.0:
                        hi = f
                    else:
                        lo = f
                    # Newton with the local energy rate, safeguarded by bisection
                    forces(t + f * dt, yf, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign,
                           tmp)
                    edot = yf[3] * tmp[3] + yf[4] * tmp[4] + yf[5] * tmp[5]
                    r = np.sqrt(yf[0] ** 2 + yf[1] ** 2 + yf[2] ** 2)
                    edot += MU_E / r ** 3 * (yf[0] * yf[3] + yf[1] * yf[4] + yf[2] * yf[5])
                    fn = f - gf / (edot * dt) if edot > 0.0 else 0.5 * (lo + hi)
                    if fn <= lo or fn >= hi:
                        fn = 0.5 * (lo + hi)
                    f = fn
                y = yf
                t = t + f * dt
                events[E_SECO] = t
                status = 0
                if record and nh < nmax:
                    th, dr, q, mach = forces(t, y, mode, False, V, G, srb_t, srb_f, hx, hy, hz,
                                             t_ign, tmp)
                    hist[nh, 0] = t
                    hist[nh, 1:8] = y
                    hist[nh, 8] = 0.0
                    hist[nh, 9] = dr
                    hist[nh, 10] = q
                    hist[nh, 11] = mach
                    nh += 1
                break
        t = t + dt
        y = ynew
        if geocentric_altitude(y[0], y[1], y[2]) < -100.0:
            status = 2
            break
        # scheduled events at the new time
        if mode == MODE_VERT and t >= G[G_TVERT] - 1e-9:
            mode = MODE_PITCH
        if mode == MODE_PITCH and t >= G[G_TVERT] + 2.0 * G[G_KICKDUR] - 1e-9:
            mode = MODE_GTURN
            events[E_GTURN] = t
        if nsrb > 0.0 and abs(t - V[V_SRB_TB]) < 1e-9:
            events[E_SRB_BO] = t
        if nsrb > 0.0 and abs(t - V[V_SRB_SEP]) < 1e-9:
            y[6] -= nsrb * V[V_SRB_INERT]
            events[E_SRB_SEP] = t
        if abs(t - V[V_T_MECO]) < 1e-9:
            events[E_MECO] = t
        if abs(t - V[V_T_S1SEP]) < 1e-9:
            y[6] -= V[V_S1_DRY]
            events[E_S1SEP] = t
        if abs(t - V[V_T_SEIG]) < 1e-9:
            s2_on = True
            events[E_SEIG] = t
            mode = MODE_LTS
            hx, hy, hz = target_normal(y, G[G_INC])
        if s2_on and t >= t_dep - 1e-9:
            events[E_SECO] = t
            status = 1
            break
        if record and nh < nmax:
            th, dr, q, mach = forces(t, y, mode, s2_on, V, G, srb_t, srb_f, hx, hy, hz, t_ign,
                                     tmp)
            hist[nh, 0] = t
            hist[nh, 1:8] = y
            hist[nh, 8] = th
            hist[nh, 9] = dr
            hist[nh, 10] = q
            hist[nh, 11] = mach
            nh += 1
        qq = 0.0
        if t < 200.0:
            h = geocentric_altitude(y[0], y[1], y[2])
            temp, p, rho, a = us76(h)
            vrx = y[3] + OMEGA_E * y[1]
            vry = y[4] - OMEGA_E * y[0]
            qq = 0.5 * rho * (vrx * vrx + vry * vry + y[5] * y[5])
            if qq > qmax:
                qmax = qq
                events[E_MAXQ] = t
        if t > 20000.0:
            break
    if fairing_on:
        y[6] -= V[V_FAIR_KG]  # jettisoned at cut-off at the latest
    return y, t, events, status, hist, nh


@njit(cache=True)
def burn_prograde(y0, thrust, mdot, e_target, dt):
    """Vacuum burn with thrust along the inertial velocity until the orbital energy reaches
    ``e_target`` (J/kg). J2 gravity. Returns (y_final, burn time s)."""
    y = y0.copy()
    t = 0.0
    k1 = np.empty(7)
    k2 = np.empty(7)
    k3 = np.empty(7)
    k4 = np.empty(7)

    def deriv(yy, out):
        gx, gy, gz = gravity_j2(yy[0], yy[1], yy[2])
        vx, vy, vz = _unit(yy[3], yy[4], yy[5])
        out[0] = yy[3]
        out[1] = yy[4]
        out[2] = yy[5]
        out[3] = gx + thrust * vx / yy[6]
        out[4] = gy + thrust * vy / yy[6]
        out[5] = gz + thrust * vz / yy[6]
        out[6] = -mdot

    while t < 1e5:
        deriv(y, k1)
        deriv(y + 0.5 * dt * k1, k2)
        deriv(y + 0.5 * dt * k2, k3)
        deriv(y + dt * k3, k4)
        yn = y + dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        if energy(yn) >= e_target:
            # finish with Newton on the step fraction (energy rate = thrust·v/m)
            f = (e_target - energy(y)) / (energy(yn) - energy(y))
            for _ in range(4):
                h = f * dt
                deriv(y, k1)
                deriv(y + 0.5 * h * k1, k2)
                deriv(y + 0.5 * h * k2, k3)
                deriv(y + h * k3, k4)
                yf = y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
                v = np.sqrt(yf[3] ** 2 + yf[4] ** 2 + yf[5] ** 2)
                edot = thrust * v / yf[6]
                f = f - (energy(yf) - e_target) / (edot * dt)
            h = f * dt
            deriv(y, k1)
            deriv(y + 0.5 * h * k1, k2)
            deriv(y + 0.5 * h * k2, k3)
            deriv(y + h * k3, k4)
            return y + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4), t + h
        y = yn
        t += dt
    return y, t
