"""Numba kernels of the illumination maps (:mod:`lupex.site.illumination`): the per-epoch
visibility of every cell against a horizon cube (:func:`_map_kernel`) or against a streamed block
of azimuths (:func:`_stream_kernel`), both through the same per-cell arithmetic
(:func:`_epoch_cell`), and the joining of darkness runs across passes.

Private to :mod:`lupex.site.illumination`, where the model, its sources and its validation are
described.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from lupex.moon_geometry import disc_visible_fraction


_LUT_N = 4096


def _disk_lut() -> np.ndarray:
    """The disc's visible fraction sampled on d = -1 .. 1 (d in units of the disk radius),
    _LUT_N + 1 points."""
    return disc_visible_fraction(np.linspace(-1.0, 1.0, _LUT_N + 1), 0.0, 1.0)


@njit(cache=True, inline="always")
def _asin_deg(x):
    """asin(x) in degrees, branch-free (vectorisable): |x| <= 1/2 directly, otherwise by
    asin x = pi/2 - 2 asin(sqrt((1 - x)/2)); Taylor series to y^13 on |y| <= 1/2, error
    < 5e-7 rad (3e-5°, 1e-4 of the solar disk's radius)."""
    ax = abs(x)
    big = ax > 0.5
    y = math.sqrt(0.5 * (1.0 - ax)) if big else ax
    y2 = y * y
    p = y * (1.0 + y2 * (1.0 / 6.0 + y2 * (3.0 / 40.0 + y2 * (5.0 / 112.0 + y2 * (
        35.0 / 1152.0 + y2 * (63.0 / 2816.0 + y2 * (231.0 / 13312.0)))))))
    r = 1.5707963267948966 - 2.0 * p if big else p
    return math.copysign(r, x) * 57.29577951308232


@njit(cache=True, inline="always")
def _epoch_cell(hrow, j, ux, uy, uz, s0, s1, s2, e0, e1, e2, w, we, scale, half, top, lut):
    """One cell at one epoch: (visible fraction of the Sun's disc, Earth visible 0/1, Sun lit
    0/1). hrow[0..1, j]: the horizon (deg) at the two grid azimuths bracketing the Sun, weight w
    of the second; hrow[2..3, j] likewise for the Earth (we); (ux, uy, uz): the cell's local
    vertical; s, e: unit vectors to the Sun and the Earth. The disc fraction is read linearly
    from the table ``lut`` of :func:`_disk_lut` at d = (elevation - horizon) / r_sun in [-1, 1]
    (``scale`` = half the table per solar radius, ``half``: the table's centre, ``top``: its
    last index)."""
    el_s = _asin_deg(s0 * ux + s1 * uy + s2 * uz)
    el_e = _asin_deg(e0 * ux + e1 * uy + e2 * uz)
    hh = hrow[0, j] + w * (hrow[1, j] - hrow[0, j])
    u = (el_s - hh) * scale + half
    u = min(max(u, 0.0), top)
    iu = int(u)
    f = lut[iu] + (u - iu) * (lut[iu + 1] - lut[iu])
    he = hrow[2, j] + we * (hrow[3, j] - hrow[2, j])
    return f, (1 if el_e > he else 0), (1 if f > 0.0 else 0)


@njit(cache=True, parallel=True, fastmath={"reassoc", "contract", "arcp", "nsz", "afn"})
def _map_kernel(hz, hscale, nodata, up, sun_u, sun_k, sun_w, sun_r, earth_u, earth_k, earth_w, n_az, lut):
    # hz: (n_az, ny, nx) azimuth-major, degrees = stored value x hscale (float32 with hscale 1, or
    # int16 codes of quantize_horizons with hscale 0.01: -32768 -> below -300, no data); rows in
    # parallel, times outer, cells inner (contiguous,
    # branch-free so that LLVM vectorises the inner loops; the fast-math flags exclude
    # "nnan"/"ninf", so the NaN test below is kept: no-data cells are zeroed, masked at the end)
    ny, nx = hz.shape[1], hz.shape[2]
    nt = sun_u.shape[0]
    nl = lut.shape[0] - 1
    half = 0.5 * nl
    top = nl - 1e-9
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
        hrow = np.empty((4, nx), dtype=np.float32)
        for j in range(nx):
            ux[j] = up[i, j, 0]
            uy[j] = up[i, j, 1]
            uz[j] = up[i, j, 2]
        for t in range(nt):
            k = sun_k[t]
            k1 = k + 1 if k + 1 < n_az else 0
            w = sun_w[t]
            ke = earth_k[t]
            ke1 = ke + 1 if ke + 1 < n_az else 0
            we = earth_w[t]
            s0, s1, s2 = sun_u[t, 0], sun_u[t, 1], sun_u[t, 2]
            e0, e1, e2 = earth_u[t, 0], earth_u[t, 1], earth_u[t, 2]
            scale = 0.5 * nl / sun_r[t]
            for j in range(nx):
                # NaN horizons (no data) are replaced by 0 here and masked at the end
                a0 = hz[k, i, j] * hscale
                a1 = hz[k1, i, j] * hscale
                b0 = hz[ke, i, j] * hscale
                b1 = hz[ke1, i, j] * hscale
                hrow[0, j] = a0 if a0 > -300.0 else 0.0
                hrow[1, j] = a1 if a1 > -300.0 else 0.0
                hrow[2, j] = b0 if b0 > -300.0 else 0.0
                hrow[3, j] = b1 if b1 > -300.0 else 0.0
            for j in range(nx):
                f, ev, lit = _epoch_cell(hrow, j, ux[j], uy[j], uz[j], s0, s1, s2, e0, e1, e2, w,
                                         we, scale, half, top, lut)
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
                   earth_w, lut, seg_t0, seg_t1, seg_pass, seg_done, seg_year,
                   sun_sum, sun_any, earth_n, joint, best, cur, pre, ysun, yearth):
    """The per-epoch figures of :func:`_map_kernel` for the epochs of some segments (time ranges
    whose Sun azimuth bins k, k + 1 lie in the block hz = azimuths k_base .. k_base + nb - 1).

    Darkness runs: cur[p] is the current run at the end of what was processed of pass p,
    pre[p] the dark run from the start of pass p (while the pass has been dark throughout);
    seg_done[g] = epochs of the segment's pass processed before it. Runs inside a pass go to
    best; runs across passes are joined by :func:`_join_passes`.
    """
    ny, nx = hz.shape[1], hz.shape[2]
    nl = lut.shape[0] - 1
    half = 0.5 * nl
    top = nl - 1e-9
    nseg = seg_t0.shape[0]
    for i in prange(ny):
        ux = np.empty(nx)
        uy = np.empty(nx)
        uz = np.empty(nx)
        hrow = np.empty((4, nx), dtype=np.float32)
        ss = np.empty(nx)
        jj = np.empty(nx)
        na_ = np.empty(nx, dtype=np.int32)
        ne_ = np.empty(nx, dtype=np.int32)
        bst = np.empty(nx, dtype=np.int32)
        for j in range(nx):
            ux[j] = up[i, j, 0]
            uy[j] = up[i, j, 1]
            uz[j] = up[i, j, 2]
            ss[j] = sun_sum[i, j]
            jj[j] = joint[i, j]
            na_[j] = sun_any[i, j]
            ne_[j] = earth_n[i, j]
            bst[j] = best[i, j]
        for g in range(nseg):
            p = seg_pass[g]
            y = seg_year[g]
            dd = seg_done[g]
            crow = cur[p, i]
            prow = pre[p, i]
            ys = ysun[y, i]
            ye = yearth[y, i]
            for t in range(seg_t0[g], seg_t1[g]):
                kl = sun_k[t] - k_base
                if kl < 0:
                    kl += n_az
                w = sun_w[t]
                ke = earth_k[t]
                kel = emap[ke]
                ke1l = emap[ke + 1 if ke + 1 < n_az else 0]
                we = earth_w[t]
                s0, s1, s2 = sun_u[t, 0], sun_u[t, 1], sun_u[t, 2]
                e0, e1, e2 = earth_u[t, 0], earth_u[t, 1], earth_u[t, 2]
                scale = 0.5 * nl / sun_r[t]
                for j in range(nx):
                    a0 = hz[kl, i, j]
                    a1 = hz[kl + 1, i, j]
                    b0 = hz_e[kel, i, j]
                    b1 = hz_e[ke1l, i, j]
                    hrow[0, j] = a0 if a0 == a0 else 0.0
                    hrow[1, j] = a1 if a1 == a1 else 0.0
                    hrow[2, j] = b0 if b0 == b0 else 0.0
                    hrow[3, j] = b1 if b1 == b1 else 0.0
                for j in range(nx):
                    f, ev, lit = _epoch_cell(hrow, j, ux[j], uy[j], uz[j], s0, s1, s2, e0, e1, e2,
                                             w, we, scale, half, top, lut)
                    ss[j] += f
                    na_[j] += lit
                    ne_[j] += ev
                    jj[j] += f * ev
                    ys[j] += f
                    ye[j] += ev
                    r = crow[j]
                    dark = 1 - lit
                    nr = (r + 1) * dark
                    prow[j] = dd + 1 if (dark == 1 and r == dd) else prow[j]
                    crow[j] = nr
                    bst[j] = max(bst[j], nr)
                dd += 1
        for j in range(nx):
            sun_sum[i, j] = ss[j]
            joint[i, j] = jj[j]
            sun_any[i, j] = na_[j]
            earth_n[i, j] = ne_[j]
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
