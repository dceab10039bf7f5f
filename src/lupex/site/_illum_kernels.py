"""Numba kernels of the illumination maps (:mod:`lupex.site.illumination`): the per-epoch
visibility of every cell against a horizon cube (:func:`_map_kernel`) or against a streamed block
of azimuths (:func:`_stream_kernel`), both through the same per-row arithmetic
(:func:`_epoch_row`, vectorised over the cells; the disc fraction :func:`_disc_fraction` also
serves the ice maps' absorbed flux), and the joining of darkness runs across passes.

Private to :mod:`lupex.site.illumination`, where the model, its sources and its validation are
described.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _asin_series(y2):
    """asin(y)/y as its Taylor series in y2 = y^2, terms to y^20 (coefficients
    (2n)! / (4^n (n!)^2 (2n + 1)), Abramowitz & Stegun 4.4.40); truncation error of asin
    < 1.2e-9 rad for |y| <= 1/2."""
    return 1.0 + y2 * (1.0 / 6.0 + y2 * (3.0 / 40.0 + y2 * (5.0 / 112.0 + y2 * (
        35.0 / 1152.0 + y2 * (63.0 / 2816.0 + y2 * (231.0 / 13312.0 + y2 * (
            143.0 / 10240.0 + y2 * (6435.0 / 557056.0 + y2 * (12155.0 / 1245184.0 + y2 * (
                46189.0 / 5505024.0))))))))))


@njit(cache=True, inline="always")
def _asin_rad(x):
    """asin(x) in radians, branch-free (vectorisable): |x| <= 1/2 directly, otherwise by
    asin x = pi/2 - 2 asin(sqrt((1 - x)/2)); series of :func:`_asin_series`, error < 2.3e-9 rad
    (1e-7°). Exact at x = +-1."""
    ax = abs(x)
    big = ax > 0.5
    y = math.sqrt(0.5 * (1.0 - ax)) if big else ax
    p = y * _asin_series(y * y)
    r = 1.5707963267948966 - 2.0 * p if big else p
    return math.copysign(r, x)


@njit(cache=True, inline="always")
def _asin_deg(x):
    """:func:`_asin_rad` in degrees."""
    return _asin_rad(x) * 57.29577951308232


@njit(cache=True, inline="always")
def _asin_small_deg(x):
    """asin(x) in degrees for |x| <= 1/2 only: the series branch of :func:`_asin_rad` alone
    (same values there, no square root)."""
    return x * _asin_series(x * x) * 57.29577951308232


@njit(cache=True, inline="always")
def _disc_fraction(el, hh, inv_r):
    """Visible fraction of the Sun's disc (centre at elevation ``el``, deg; radius 1/inv_r,
    deg) above a straight horizon at ``hh`` (deg): with x = (el - hh)/r clipped to [-1, 1],
    1 - (acos x - x sqrt(1 - x^2))/pi, as :func:`lupex.moon_geometry.disc_visible_fraction`
    (asin by :func:`_asin_rad`: error < 1e-9). Exactly 0 when the disc is hidden (x <= -1),
    at least 1e-300 when any part shows, exactly 1 when all of it shows."""
    x = min(max((el - hh) * inv_r, -1.0), 1.0)
    f = 0.5 + (_asin_rad(x) + x * math.sqrt(1.0 - x * x)) * 0.3183098861837907
    f = min(max(f, 1e-300), 1.0)
    f = 1.0 if x >= 1.0 else f
    return f if x > -1.0 else 0.0


@njit(cache=True, inline="always")
def _cell_figures(a0, a1, b0, b1, hscale, el_s, el_e, w, we, inv_r):
    """One cell of :func:`_epoch_row` given its Sun and Earth elevations (deg): (disc fraction,
    Earth visible 0/1). Stored horizon values x hscale = deg; below -300° (int16 no-data codes)
    or NaN (no data) count as 0."""
    a0 = a0 * hscale
    a1 = a1 * hscale
    b0 = b0 * hscale
    b1 = b1 * hscale
    a0 = a0 if a0 > -300.0 else 0.0
    a1 = a1 if a1 > -300.0 else 0.0
    b0 = b0 if b0 > -300.0 else 0.0
    b1 = b1 if b1 > -300.0 else 0.0
    return (_disc_fraction(el_s, a0 + w * (a1 - a0), inv_r),
            1 if el_e > b0 + we * (b1 - b0) else 0)


@njit(cache=True, inline="always")
def _epoch_row(a0r, a1r, b0r, b1r, hscale, ux, uy, uz, s0, s1, s2, e0, e1, e2, w, we, inv_r,
               small, f_out, ev_out):
    """One row of cells at one epoch (vectorised over the cells): f_out, the visible fraction
    of the Sun's disc (:func:`_disc_fraction`, > 0 exactly when any part shows); ev_out, 1
    where the Earth's centre is above the horizon.

    a0r, a1r: the horizon rows (stored value x hscale = deg) at the two grid azimuths
    bracketing the Sun, weight w of the second; b0r, b1r, we likewise for the Earth. Values
    below -300° (int16 no-data codes) and NaN (no data) count as 0 here; such cells are masked
    by the caller. (ux, uy, uz): the cells' local verticals; s, e: unit vectors to the Sun and
    the Earth (Moon-fixed). ``small``: every |s.u| and |e.u| is <= 1/2 (elevations within 30°,
    always so near a pole), so the series asin serves without a square root. The two loops
    differ only in the asin: each stays branch-free, so that each vectorises.
    """
    n = f_out.shape[0]
    if small:
        for j in range(n):
            f_out[j], ev_out[j] = _cell_figures(
                a0r[j], a1r[j], b0r[j], b1r[j], hscale,
                _asin_small_deg(s0 * ux[j] + s1 * uy[j] + s2 * uz[j]),
                _asin_small_deg(e0 * ux[j] + e1 * uy[j] + e2 * uz[j]), w, we, inv_r)
    else:
        for j in range(n):
            f_out[j], ev_out[j] = _cell_figures(
                a0r[j], a1r[j], b0r[j], b1r[j], hscale,
                _asin_deg(s0 * ux[j] + s1 * uy[j] + s2 * uz[j]),
                _asin_deg(e0 * ux[j] + e1 * uy[j] + e2 * uz[j]), w, we, inv_r)


def small_elevations(up: np.ndarray, sun_u: np.ndarray, earth_u: np.ndarray) -> bool:
    """True when |s.u| <= 1/2 for every cell vertical u and every Sun and Earth direction s
    (the condition of the fast path of :func:`_epoch_row`), by the bound
    |s.u| <= |s.p| + |u - p| with p the pole (0, 0, +-1) nearest the cells."""
    u = up.reshape(-1, 3)
    pz = 1.0 if np.mean(u[:, 2]) >= 0 else -1.0
    du = float(np.sqrt(np.max(u[:, 0] ** 2 + u[:, 1] ** 2 + (u[:, 2] - pz) ** 2)))
    sz = max(float(np.max(np.abs(sun_u[:, 2]))), float(np.max(np.abs(earth_u[:, 2]))))
    return sz + du <= 0.5


@njit(cache=True, parallel=True, fastmath={"reassoc", "contract", "arcp", "nsz", "afn"})
def _map_kernel(hz, hscale, nodata, up, sun_u, sun_k, sun_w, sun_r, earth_u, earth_k, earth_w,
                n_az, small):
    # hz: (n_az, ny, nx) azimuth-major, degrees = stored value x hscale (float32 with hscale 1, or
    # int16 codes of quantize_horizons with hscale 0.01: -32768 -> below -300, no data); rows in
    # parallel, times outer, cells inner (contiguous). Per row and epoch, one vectorised pass
    # computes the figures (_epoch_row) and a second accumulates them; no-data cells are
    # computed with a zero horizon and masked at the end.
    ny, nx = hz.shape[1], hz.shape[2]
    nt = sun_u.shape[0]
    sun_sum = np.zeros((ny, nx))
    sun_any = np.zeros((ny, nx), dtype=np.int32)
    earth_n = np.zeros((ny, nx), dtype=np.int32)
    joint = np.zeros((ny, nx))
    dark = np.zeros((ny, nx), dtype=np.int32)
    for i in prange(ny):
        run = np.zeros(nx, dtype=np.int32)
        best = np.zeros(nx, dtype=np.int32)
        ss = np.zeros(nx)
        jj = np.zeros(nx)
        na_ = np.zeros(nx, dtype=np.int32)
        ne_ = np.zeros(nx, dtype=np.int32)
        ux = np.empty(nx)
        uy = np.empty(nx)
        uz = np.empty(nx)
        fb = np.empty(nx)
        eb = np.empty(nx, dtype=np.int32)
        for j in range(nx):
            ux[j] = up[i, j, 0]
            uy[j] = up[i, j, 1]
            uz[j] = up[i, j, 2]
        for t in range(nt):
            k = sun_k[t]
            k1 = k + 1 if k + 1 < n_az else 0
            ke = earth_k[t]
            ke1 = ke + 1 if ke + 1 < n_az else 0
            _epoch_row(hz[k, i], hz[k1, i], hz[ke, i], hz[ke1, i], hscale, ux, uy, uz,
                       sun_u[t, 0], sun_u[t, 1], sun_u[t, 2], earth_u[t, 0], earth_u[t, 1],
                       earth_u[t, 2], sun_w[t], earth_w[t], 1.0 / sun_r[t], small, fb, eb)
            for j in range(nx):
                f = fb[j]
                ev = eb[j]
                lit = 1 if f > 0.0 else 0
                ss[j] += f
                na_[j] += lit
                ne_[j] += ev
                jj[j] += f * ev
                r = (run[j] + 1) * (1 - lit)
                run[j] = r
                best[j] = max(best[j], r)
        for j in range(nx):
            if nodata[i, j]:
                sun_sum[i, j] = np.nan
                joint[i, j] = np.nan
            else:
                sun_sum[i, j] = ss[j] / nt
                joint[i, j] = jj[j] / nt
            sun_any[i, j] = na_[j]
            earth_n[i, j] = ne_[j]
            dark[i, j] = best[j]
    return sun_sum, sun_any, earth_n, joint, dark


def _grid_az_index(u: np.ndarray, n_az: int, pole: int):
    """Grid azimuth bin and weight of Moon-fixed unit vectors, seen in the pole's tangent frame.

    South pole: grid +y is ME +X (towards longitude 0), grid +x is ME +Y, so the grid azimuth
    (clockwise from +y) is atan2(u_Y, u_X). North pole: +y is ME -X: atan2(u_Y, -u_X).
    Across a polar map the cell's own grid azimuth of a distant body differs from this by a
    second-order term (colatitude x body elevation, < 0.2° within 5° of the pole).
    """
    if pole < 0:
        az = np.degrees(np.arctan2(u[:, 1], u[:, 0])) % 360.0
    else:
        az = np.degrees(np.arctan2(u[:, 1], -u[:, 0])) % 360.0
    pos = az / (360.0 / n_az)
    k = np.floor(pos).astype(np.int64) % n_az
    return k, (pos - np.floor(pos))


@njit(cache=True, parallel=True, fastmath={"reassoc", "contract", "arcp", "nsz", "afn"})
def _stream_kernel(hz, k_base, hz_e, emap, n_az, up, sun_u, sun_k, sun_w, sun_r, earth_u, earth_k,
                   earth_w, small, seg_t0, seg_t1, seg_pass, seg_done, seg_year,
                   sun_any, joint, best, cur, pre, ysun, yearth):
    """The per-epoch figures of :func:`_map_kernel` for the epochs of some segments (time ranges
    whose Sun azimuth bins k, k + 1 lie in the block hz = azimuths k_base .. k_base + nb - 1).
    The Sun and Earth sums go to the segment's year only (ysun, yearth; the period's sums are
    the sums over years).

    Darkness runs: cur[p] is the current run at the end of what was processed of pass p,
    pre[p] the dark run from the start of pass p (while the pass has been dark throughout);
    seg_done[g] = epochs of the segment's pass processed before it. Runs inside a pass go to
    best; runs across passes are joined by :func:`_join_passes`.
    """
    ny, nx = hz.shape[1], hz.shape[2]
    nseg = seg_t0.shape[0]
    for i in prange(ny):
        ux = np.empty(nx)
        uy = np.empty(nx)
        uz = np.empty(nx)
        fb = np.empty(nx)
        eb = np.empty(nx, dtype=np.int32)
        jj = np.empty(nx)
        na_ = np.empty(nx, dtype=np.int32)
        bst = np.empty(nx, dtype=np.int32)
        c32 = np.empty(nx, dtype=np.int32)
        p32 = np.empty(nx, dtype=np.int32)
        for j in range(nx):
            ux[j] = up[i, j, 0]
            uy[j] = up[i, j, 1]
            uz[j] = up[i, j, 2]
            jj[j] = joint[i, j]
            na_[j] = sun_any[i, j]
            bst[j] = best[i, j]
        for g in range(nseg):
            p = seg_pass[g]
            y = seg_year[g]
            dd = seg_done[g]
            crow = cur[p, i]
            prow = pre[p, i]
            for j in range(nx):  # the runs in int32 while in use (the loop below vectorises)
                c32[j] = crow[j]
                p32[j] = prow[j]
            ys = ysun[y, i]
            ye = yearth[y, i]
            for t in range(seg_t0[g], seg_t1[g]):
                kl = sun_k[t] - k_base
                if kl < 0:
                    kl += n_az
                ke = earth_k[t]
                kel = emap[ke]
                ke1l = emap[ke + 1 if ke + 1 < n_az else 0]
                _epoch_row(hz[kl, i], hz[kl + 1, i], hz_e[kel, i], hz_e[ke1l, i], 1.0, ux, uy,
                           uz, sun_u[t, 0], sun_u[t, 1], sun_u[t, 2], earth_u[t, 0],
                           earth_u[t, 1], earth_u[t, 2], sun_w[t], earth_w[t], 1.0 / sun_r[t],
                           small, fb, eb)
                for j in range(nx):
                    f = fb[j]
                    ev = eb[j]
                    lit = 1 if f > 0.0 else 0
                    na_[j] += lit
                    jj[j] += f * ev
                    ys[j] += f
                    ye[j] += ev
                    r = c32[j]
                    dark = 1 - lit
                    nr = (r + 1) * dark
                    p32[j] = dd + 1 if (dark == 1 and r == dd) else p32[j]
                    c32[j] = nr
                    bst[j] = max(bst[j], nr)
                dd += 1
            for j in range(nx):
                crow[j] = c32[j]
                prow[j] = p32[j]
        for j in range(nx):
            joint[i, j] = jj[j]
            sun_any[i, j] = na_[j]
            best[i, j] = bst[j]


@njit(cache=True, parallel=True)
def _join_passes(cur, pre, pass_n, carry, best):
    """Join darkness runs across consecutive passes (time order): carry is the dark run at the
    end of everything before the first pass; updated to the run at the end of the last."""
    ny, nx = best.shape
    for i in prange(ny):
        for j in range(nx):
            c = carry[i, j]
            b = best[i, j]
            for p in range(pass_n.shape[0]):
                n = pass_n[p]
                if pre[p, i, j] == n:
                    c += n
                else:
                    b = max(b, c + pre[p, i, j])
                    c = cur[p, i, j]
            carry[i, j] = c
            best[i, j] = b
