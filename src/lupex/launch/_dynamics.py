"""Numba kernels of the ascent's equations of motion (private; see :mod:`lupex.launch._core`).

Altitude above the WGS-84 ellipsoid, J2 gravity, solid-booster thrust, the steering law, the
forces (gravity, US76 drag with a generic Cd(M) on the Earth-relative velocity, thrust corrected
for ambient pressure), one classical RK4 step, orbital energy, the heat flux ½ρv³ on the
Earth-relative velocity (the fairing jettison criterion) and the normal of the target plane;
frames and units as in :mod:`lupex.launch._core`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from lupex.constants import EGM96_J2 as J2_E  # EGM96 J2 (= -sqrt(5) C20bar; Lemoine et al. 1998)
from lupex.constants import G0_M_S2 as G0  # standard gravity, m/s²
from lupex.constants import GM_EARTH as MU_E  # m³/s², WGS-84 / IERS 2010
from lupex.constants import OMEGA_EARTH_RAD_S as OMEGA_E  # rad/s, WGS-84 rotation rate
from lupex.constants import WGS84_A_M as R_E  # m, WGS-84 equatorial radius
from lupex.constants import WGS84_F as F_E  # WGS-84 flattening
from lupex.launch.atmosphere import drag_coefficient, us76
from lupex.launch._layout import (
    G_A, G_AZ, G_B, G_B2, G_DLT0, G_DLYAW, G_KICK, G_KICKDUR, G_TVERT, G_YAW, MODE_GTURN,
    MODE_PITCH, MODE_PROGRADE, MODE_VERT, V_A_CORE, V_A_SRB, V_NSRB, V_S1_AE, V_S1_F, V_S1_MDOT,
    V_S1_THROTTLE, V_S2_F, V_S2_MDOT, V_SRB_AE, V_SRB_ISP, V_SRB_SEP, V_SRB_TB, V_T_MECO,
)


@njit(cache=True)
def geocentric_altitude(x, y, z):
    """Height above the WGS-84 ellipsoid (m), approximated as |r| − a(1 − f sin²φc) (±20 m)."""
    r = np.sqrt(x * x + y * y + z * z)
    s = z / r
    return r - R_E * (1.0 - F_E * s * s)


@njit(cache=True)
def gravity_j2(x, y, z):
    r2 = x * x + y * y + z * z
    r = np.sqrt(r2)
    k = -MU_E / (r2 * r)
    zr2 = z * z / r2
    c = 1.5 * J2_E * (R_E * R_E) / r2
    ax = k * x * (1.0 + c * (1.0 - 5.0 * zr2))
    ay = k * y * (1.0 + c * (1.0 - 5.0 * zr2))
    az = k * z * (1.0 + c * (3.0 - 5.0 * zr2))
    return ax, ay, az


@njit(cache=True)
def srb_thrust(t, V, srb_t, srb_f):
    """Total vacuum thrust (N) of all boosters at time t."""
    if V[V_NSRB] <= 0.0 or t >= V[V_SRB_TB] or t < 0.0:
        return 0.0
    n = srb_t.size
    for k in range(n - 1):
        if t < srb_t[k + 1]:
            f = (t - srb_t[k]) / (srb_t[k + 1] - srb_t[k])
            return V[V_NSRB] * (srb_f[k] + f * (srb_f[k + 1] - srb_f[k]))
    return 0.0


@njit(cache=True)
def _unit(x, y, z):
    n = np.sqrt(x * x + y * y + z * z)
    return x / n, y / n, z / n


@njit(cache=True)
def thrust_direction(t, y, mode, G, hx, hy, hz, t_ign):
    x, yy, z = y[0], y[1], y[2]
    ux, uy, uz = _unit(x, yy, z)
    if mode == MODE_VERT:
        return ux, uy, uz
    if mode == MODE_PITCH:
        # east = z × up, north = up × east (local frame, same directions in both frames)
        ex, ey, ez = _unit(-uy, ux, 0.0)
        nx, ny, nz = uy * ez - uz * ey, uz * ex - ux * ez, ux * ey - uy * ex
        frac = (t - G[G_TVERT]) / G[G_KICKDUR]
        if frac > 1.0:
            frac = 1.0
        th = G[G_KICK] * frac
        ca, sa = np.cos(G[G_AZ]), np.sin(G[G_AZ])
        hxx, hyy, hzz = ca * nx + sa * ex, ca * ny + sa * ey, ca * nz + sa * ez
        c, s = np.cos(th), np.sin(th)
        px, py, pz = c * ux + s * hxx, c * uy + s * hyy, c * uz + s * hzz
        # after the ramp, blend linearly into the Earth-relative velocity direction over a
        # second kick duration (fixed times: the trajectory stays smooth in the parameters)
        w = (t - G[G_TVERT] - G[G_KICKDUR]) / G[G_KICKDUR]
        if w <= 0.0:
            return px, py, pz
        if w > 1.0:
            w = 1.0
        vx, vy, vz = _unit(y[3] + OMEGA_E * yy, y[4] - OMEGA_E * x, y[5])
        return _unit((1.0 - w) * px + w * vx, (1.0 - w) * py + w * vy, (1.0 - w) * pz + w * vz)
    if mode == MODE_GTURN:
        vx = y[3] + OMEGA_E * yy
        vy = y[4] - OMEGA_E * x
        if G[G_DLYAW] != 0.0 and t >= G[G_DLT0]:
            # dog-leg: thrust yawed by G_DLYAW to the right of the Earth-relative velocity
            # (about the local vertical), turning the ground track (positive = clockwise seen
            # from above, e.g. from east-south-east towards south)
            vhx, vhy, vhz = _unit(vx, vy, y[5])
            sx, sy, sz = _unit(vhy * uz - vhz * uy, vhz * ux - vhx * uz, vhx * uy - vhy * ux)
            c, s = np.cos(G[G_DLYAW]), np.sin(G[G_DLYAW])
            return _unit(c * vhx + s * sx, c * vhy + s * sy, c * vhz + s * sz)
        return _unit(vx, vy, y[5])
    if mode == MODE_PROGRADE:
        return _unit(y[3], y[4], y[5])
    # MODE_LTS: linear-tangent pitch above the local horizontal in the target plane, yaw bias
    tau = t - t_ign
    tanth = G[G_A] + G[G_B] * tau + G[G_B2] * tau * tau
    th = np.arctan(tanth)
    ax_, ay_, az_ = hy * uz - hz * uy, hz * ux - hx * uz, hx * uy - hy * ux
    ax_, ay_, az_ = _unit(ax_, ay_, az_)
    c, s = np.cos(th), np.sin(th)
    cy, sy = np.cos(G[G_YAW]), np.sin(G[G_YAW])
    return (c * (cy * ax_ + sy * hx) + s * ux, c * (cy * ay_ + sy * hy) + s * uy,
            c * (cy * az_ + sy * hz) + s * uz)


@njit(cache=True)
def forces(t, y, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz, t_ign, out):
    """Derivative of y into ``out``; returns (thrust N, drag N, dynamic pressure Pa, mach)."""
    x, yy, z = y[0], y[1], y[2]
    m = y[6]
    gx, gy, gz = gravity_j2(x, yy, z)
    h = geocentric_altitude(x, yy, z)
    temp, p, rho, a_snd = us76(h)
    # thrust
    fvac = 0.0
    mdot = 0.0
    ae = 0.0
    if t < V[V_T_MECO]:
        fvac += V[V_S1_F] * V[V_S1_THROTTLE]
        mdot += V[V_S1_MDOT] * V[V_S1_THROTTLE]
        ae += V[V_S1_AE]
        fs = srb_thrust(t, V, srb_t, srb_f)
        if fs > 0.0:
            fvac += fs
            mdot += fs / (V[V_SRB_ISP] * G0)
            ae += V[V_NSRB] * V[V_SRB_AE]
    elif burning_s2:
        fvac += V[V_S2_F]
        mdot += V[V_S2_MDOT]
    thrust = fvac - p * ae
    if thrust < 0.0:
        thrust = 0.0
    dx, dy, dz = thrust_direction(t, y, mode, G, hx, hy, hz, t_ign)
    # drag on the Earth-relative velocity
    vrx = y[3] + OMEGA_E * yy
    vry = y[4] - OMEGA_E * x
    vrz = y[5]
    vr = np.sqrt(vrx * vrx + vry * vry + vrz * vrz)
    q = 0.5 * rho * vr * vr
    mach = vr / a_snd
    area = V[V_A_CORE]
    if t < V[V_SRB_SEP]:
        area += V[V_NSRB] * V[V_A_SRB]
    drag = q * drag_coefficient(mach) * area
    out[0] = y[3]
    out[1] = y[4]
    out[2] = y[5]
    if vr > 1e-9:
        out[3] = gx + (thrust * dx - drag * vrx / vr) / m
        out[4] = gy + (thrust * dy - drag * vry / vr) / m
        out[5] = gz + (thrust * dz - drag * vrz / vr) / m
    else:
        out[3] = gx + thrust * dx / m
        out[4] = gy + thrust * dy / m
        out[5] = gz + thrust * dz / m
    out[6] = -mdot
    return thrust, drag, q, mach


@njit(cache=True)
def rk4(t, y, dt, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz, t_ign):
    k1 = np.empty(7)
    k2 = np.empty(7)
    k3 = np.empty(7)
    k4 = np.empty(7)
    forces(t, y, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz, t_ign, k1)
    forces(t + 0.5 * dt, y + 0.5 * dt * k1, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz,
           t_ign, k2)
    forces(t + 0.5 * dt, y + 0.5 * dt * k2, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz,
           t_ign, k3)
    forces(t + dt, y + dt * k3, mode, burning_s2, V, G, srb_t, srb_f, hx, hy, hz, t_ign, k4)
    return y + dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)


@njit(cache=True)
def energy(y):
    r = np.sqrt(y[0] ** 2 + y[1] ** 2 + y[2] ** 2)
    return 0.5 * (y[3] ** 2 + y[4] ** 2 + y[5] ** 2) - MU_E / r


@njit(cache=True)
def heat_flux(y):
    h = geocentric_altitude(y[0], y[1], y[2])
    temp, p, rho, a = us76(h)
    vrx = y[3] + OMEGA_E * y[1]
    vry = y[4] - OMEGA_E * y[0]
    v2 = vrx * vrx + vry * vry + y[5] * y[5]
    return 0.5 * rho * v2 * np.sqrt(v2)


@njit(cache=True)
def target_normal(y, inc):
    """Unit normal of the plane containing r with inclination ``inc`` nearest the current plane.

    If ``inc`` is below the current geocentric latitude the least-inclined plane is returned.
    """
    ux, uy, uz = _unit(y[0], y[1], y[2])
    hcx = y[1] * y[5] - y[2] * y[4]
    hcy = y[2] * y[3] - y[0] * y[5]
    hcz = y[0] * y[4] - y[1] * y[3]
    hcx, hcy, hcz = _unit(hcx, hcy, hcz)
    zpx, zpy, zpz = -uz * ux, -uz * uy, 1.0 - uz * uz
    zn = np.sqrt(zpx * zpx + zpy * zpy + zpz * zpz)
    e1x, e1y, e1z = zpx / zn, zpy / zn, zpz / zn
    e2x, e2y, e2z = uy * e1z - uz * e1y, uz * e1x - ux * e1z, ux * e1y - uy * e1x
    ca = np.cos(inc) / zn
    if ca > 1.0:
        ca = 1.0
    if ca < -1.0:
        ca = -1.0
    sa = np.sqrt(1.0 - ca * ca)
    best = -2.0
    bx, by, bz = 0.0, 0.0, 1.0
    for sgn in (-1.0, 1.0):
        nx = ca * e1x + sgn * sa * e2x
        ny = ca * e1y + sgn * sa * e2y
        nz = ca * e1z + sgn * sa * e2z
        d = nx * hcx + ny * hcy + nz * hcz
        if d > best:
            best = d
            bx, by, bz = nx, ny, nz
    return bx, by, bz
