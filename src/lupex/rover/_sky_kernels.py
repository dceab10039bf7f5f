"""numba kernels of the rover's sky: is the Sun or the Earth above a cell's horizon (plain arrays).

A body at time sample k stands at its elevation at the grid centre plus the curvature term
(offset · û)/R, against the larger of the cell's local horizon (azimuth bins, interpolated) and the
far-field horizon. Used by :mod:`lupex.rover.sky`, :mod:`lupex.rover.planner` and the
time-dependent route search in :mod:`lupex.rover._kernels`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def _sky_ok(cell, k, el0, ux, uy, xoff, yoff, inv_r, az_bin, hor, far, thr):
    """True if the body (Sun or Earth) at time sample k stands ``thr`` degrees above the horizon
    of ``cell``: its elevation at the grid centre plus the curvature term (offset · û)/R, against
    the larger of the cell's local horizon (interpolated between the two azimuth bins nearest the
    body's fractional bin ``az_bin[k]``) and the far-field one."""
    el = el0[k] + math.degrees((xoff[cell] * ux[k] + yoff[cell] * uy[k]) * inv_r)
    h = _hor(hor, az_bin[k], cell)
    if far[k] > h:
        h = far[k]
    return el > h + thr


@njit(cache=True)
def _hor(hor, fbin, cell):
    """Local horizon at a fractional azimuth bin: linear between the two nearest bins."""
    nb = hor.shape[0]
    b0 = int(math.floor(fbin))
    f = fbin - b0
    b0 = b0 % nb
    if f == 0.0:
        return hor[b0, cell]
    b1 = (b0 + 1) % nb
    return (1.0 - f) * hor[b0, cell] + f * hor[b1, cell]


@njit(cache=True)
def sky_series(cells, times, dt, el0, ux, uy, xoff, yoff, inv_r, az_bin, hor, far):
    """Elevation of a body and its horizon at each (cell, time) pair (degrees), for the energy
    simulation: el = el0[k] + curvature term, horizon = max(local[bin[k], cell], far[k])."""
    m = cells.shape[0]
    el = np.empty(m)
    h = np.empty(m)
    nt = el0.shape[0]
    for q in range(m):
        k = int(times[q] // dt)
        if k >= nt:
            k = nt - 1
        if k < 0:
            k = 0
        c = cells[q]
        el[q] = el0[k] + math.degrees((xoff[c] * ux[k] + yoff[c] * uy[k]) * inv_r)
        hh = _hor(hor, az_bin[k], c)
        if far[k] > hh:
            hh = far[k]
        h[q] = hh
    return el, h


@njit(cache=True)
def _visible_row(k, n_cells, el0, ux, uy, az_bin, hor, far, xoff, yoff, inv_r, thr, out):
    """out[c] = body visible from cell c at sample k (contiguous pass over the cells)."""
    nb = hor.shape[0]
    fb = az_bin[k]
    b0 = int(math.floor(fb))
    f = fb - b0
    b0 = b0 % nb
    b1 = (b0 + 1) % nb
    e0 = el0[k]
    fk = far[k]
    cx = ux[k] * inv_r
    cy = uy[k] * inv_r
    for c in range(n_cells):
        h = hor[b0, c] if f == 0.0 else (1.0 - f) * hor[b0, c] + f * hor[b1, c]
        if fk > h:
            h = fk
        out[c] = e0 + math.degrees(xoff[c] * cx + yoff[c] * cy) > h + thr


@njit(cache=True)
def sky_stats(n_cells, nt, k0, k1, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, thr_sun,
              earth_el, earth_ux, earth_uy, earth_bin, earth_hor, earth_far, thr_earth,
              xoff, yoff, inv_r, thr_dark):
    """Per cell over samples k0..k1: counts of Sun, Earth, both visible, the longest run without
    the Sun (centre below horizon + ``thr_sun``) and the longest run with the Sun's centre below
    horizon + ``thr_dark`` (a second darkness definition, e.g. the rover's survival threshold;
    equal to the first when thr_dark == thr_sun)."""
    sun_n = np.zeros(n_cells, dtype=np.int64)
    earth_n = np.zeros(n_cells, dtype=np.int64)
    both_n = np.zeros(n_cells, dtype=np.int64)
    run = np.zeros(n_cells, dtype=np.int64)
    longest = np.zeros(n_cells, dtype=np.int64)
    run2 = np.zeros(n_cells, dtype=np.int64)
    longest2 = np.zeros(n_cells, dtype=np.int64)
    second = thr_dark != thr_sun
    vs = np.empty(n_cells, dtype=np.bool_)
    ve = np.empty(n_cells, dtype=np.bool_)
    vd = np.empty(n_cells, dtype=np.bool_)
    for k in range(k0, k1):
        _visible_row(k, n_cells, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff, yoff,
                     inv_r, thr_sun, vs)
        _visible_row(k, n_cells, earth_el, earth_ux, earth_uy, earth_bin, earth_hor, earth_far,
                     xoff, yoff, inv_r, thr_earth, ve)
        if second:
            _visible_row(k, n_cells, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff,
                         yoff, inv_r, thr_dark, vd)
        for c in range(n_cells):
            if vs[c]:
                sun_n[c] += 1
                run[c] = 0
                if ve[c]:
                    both_n[c] += 1
            else:
                run[c] += 1
                if run[c] > longest[c]:
                    longest[c] = run[c]
            if ve[c]:
                earth_n[c] += 1
            if second:
                if vd[c]:
                    run2[c] = 0
                else:
                    run2[c] += 1
                    if run2[c] > longest2[c]:
                        longest2[c] = run2[c]
    if not second:
        longest2[:] = longest
    return sun_n, earth_n, both_n, longest, longest2


@njit(cache=True)
def _darkness_pass(fill, n_cells, nt, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff,
                   yoff, inv_r, thr_sun, limit_samples, haven, count, lo, hi, wp):
    """One pass over the samples, contiguous over the cells, through the darknesses (Sun below
    the cell's horizon) longer than ``limit_samples`` outside havens: count them
    (``count[c + 1] += 1``) or, with ``fill``, write their [lo, hi) at the pointers ``wp``."""
    run = np.zeros(n_cells, dtype=np.int64)
    vs = np.empty(n_cells, dtype=np.bool_)
    for k in range(nt + 1):
        if k < nt:
            _visible_row(k, n_cells, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff,
                         yoff, inv_r, thr_sun, vs)
        for c in range(n_cells):
            if k < nt and not vs[c]:
                run[c] += 1
            else:
                if run[c] > limit_samples and not haven[c]:
                    if fill:
                        lo[wp[c]] = k - run[c]
                        hi[wp[c]] = k
                        wp[c] += 1
                    else:
                        count[c + 1] += 1
                run[c] = 0


@njit(cache=True)
def long_darkness(n_cells, nt, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff, yoff,
                  inv_r, thr_sun, limit_samples, haven):
    """Per cell, the sample ranges [lo, hi) of darknesses (Sun below the cell's horizon) longer
    than ``limit_samples``, in CSR form (ptr, lo, hi). Havens get none. Two passes over the
    samples (count, then fill), each contiguous over the cells."""
    count = np.zeros(n_cells + 1, dtype=np.int64)
    none = np.empty(0, dtype=np.int64)
    _darkness_pass(False, n_cells, nt, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff,
                   yoff, inv_r, thr_sun, limit_samples, haven, count, none, none, none)
    ptr = np.cumsum(count)
    lo = np.empty(ptr[-1], dtype=np.int64)
    hi = np.empty(ptr[-1], dtype=np.int64)
    wp = ptr[:-1].copy()
    _darkness_pass(True, n_cells, nt, sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far, xoff,
                   yoff, inv_r, thr_sun, limit_samples, haven, count, lo, hi, wp)
    return ptr, lo, hi
