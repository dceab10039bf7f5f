"""Horizon elevation angles on a polar-stereographic terrain grid.

Two computations:

- :func:`horizon_map` -- the horizon of every cell of a grid at N grid azimuths (default 360), by a
  sweep per azimuth (numba, azimuths in parallel with ``prange``). Along each of the parallel
  lines of one azimuth the terrain is sampled where the line crosses grid columns (or rows),
  linearly between the two cells of that column; an upper convex hull of the samples ahead of the
  observer (transformed for curvature, below) gives each observer's horizon as the tangent from
  the observer to the hull (found by walking from the previous observer's tangent vertex), so a
  line of n samples costs about O(n) instead of O(n^2). Each cell takes the horizons of
  the points where the two lines bracketing it cross its column (observer on the line, at the
  line's interpolated ground height), weighted by distance; ``lines_per_cell`` sets the line
  spacing (by default from the near-field distance, :func:`auto_lines_per_cell`). The near-field
  cut-off point rides on the hull as its nearest vertex, so each step costs two hull pushes and
  one tangent walk. Cost: O(N_az x N_cells x lines_per_cell); measured on 2 cores for
  1001 x 1001 cells x 360 azimuths (benchmarks/bench_site.py): ~9 s at 1 line per cell, ~22 s
  at 4.
- Finite reach (used by :func:`lupex.site.illumination.illumination_statistics` with ``reach_m``
  and the tiles of :mod:`lupex.site.tiles`): each observer sees only the samples within the reach
  along its line, a window sliding along the line. The window is split at fixed blocks of its own
  length into a suffix of one block (a hull grown by pushing nearer samples) and a prefix of the
  next (a hull built once per block and shrunk by undoing its pushes from a log), so a line still
  costs O(n); the horizon is the steepest tangent to either hull or to the near-field cut-off
  point, so it depends only on the samples in the window. The lines are then anchored to the
  whole grid (a block of it, with a halo >= the reach, gives the same values).
- :func:`quantize_horizons` / :func:`dequantize_horizons` -- a kept horizon cube as int16 in
  0.01° steps (error <= 0.005°), half the memory of float32.
- :func:`site_horizon` -- one site, brute-force ray-march with fine steps and exact spherical
  geometry (3-D positions of observer and terrain on the 1,737.4 km sphere), over one terrain or
  several nested ones (finest near the site). It is also the independent reference the map
  kernel is tested against (tests/site/test_horizon.py).

Curvature: a target at distance d appears lower by d^2 / (2R) (R = 1,737.4 km). With
w(s) = z(s) - s^2/(2R) along a line, the tangent of the elevation angle from an observer at s0 is
(w(s) - w(s0)) / (s - s0) + s0 / R, so the maximum over targets is a planar convex-hull problem on
w (exact for the parabolic drop). Against exact spherical geometry the sweep's planar model
(grid distances, which the projection stretches by 0.2 % at 150 km from the pole; horizontal
distance not scaled by (R + z)/R) differs by < 0.02° (tests/site/test_horizon.py).
Near-field policy in maps: one exclusion distance for every cell (k x the native pixel of the
product under the site); :func:`site_horizon` applies it per product band.

Near-field policy: terrain closer than ``near_field_m`` to the observer is excluded (see
:class:`lupex.site.terrain.NearFieldPolicy`). Reach: everything on the grid beyond the near field;
callers make the grid reach >= 150 km beyond the cells they analyse.

Azimuth conventions (pinned by tests/site/test_horizon.py::test_azimuth_convention_grid and
::test_site_horizon_true_azimuth):
- :func:`horizon_map` uses GRID azimuths: clockwise from grid +y (from the south pole, +y points to
  longitude 0 and +x to 90°E), azimuth k at k * 360/N degrees. Convert with
  :func:`lupex.site.terrain.grid_to_true_azimuth` (true = grid - lon near the south pole).
- :func:`site_horizon` returns TRUE azimuths (clockwise from local north, east = 90°), like
  :func:`lupex.ephemeris.azimuth_elevation`.
Elevation angles are in degrees above the local horizontal plane (normal of the sphere at the
observer); "no terrain in that direction inside the grid" is -90.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
from numba import njit, prange

from lupex.constants import MOON_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import grid_to_true_azimuth, true_to_grid_azimuth
from lupex.site.terrain import Terrain
import lupex.display as _display
from lupex.units import accepts

NO_TERRAIN_DEG = -90.0


# ------------------------------------------------------------------------------------------------
# Sweep kernel


@njit(cache=True, inline="always")
def _hull_push(hs, hw, top, s, w):
    """Push (s, w) (nearer than every hull point) on the upper hull hs/hw[0..top]; new top."""
    while top >= 1:
        # pop the top if it lies on/below the segment (s, w) -> hull[top-1]
        if (hw[top] - w) * (hs[top - 1] - s) <= (hw[top - 1] - w) * (hs[top] - s):
            top -= 1
        else:
            break
    top += 1
    hs[top] = s
    hw[top] = w
    return top


@njit(cache=True, inline="always")
def _tangent_vertex(hs, hw, top, kt, w0, so):
    """Hull vertex of steepest slope from the observer (so, w0), climbing from the hint kt.

    The slope from the observer is unimodal along the hull, so a local maximum is the maximum;
    hull indices count from the far end and are stable under pushes/pops at the near end, so
    the previous observer's vertex is a good start: O(1) amortised in practice, O(h) worst case.
    """
    kk = kt if kt <= top else top
    while kk < top and ((hw[kk + 1] - w0) * (hs[kk] - so) >= (hw[kk] - w0) * (hs[kk + 1] - so)):
        kk += 1
    while kk > 0 and ((hw[kk - 1] - w0) * (hs[kk] - so) > (hw[kk] - w0) * (hs[kk - 1] - so)):
        kk -= 1
    return kk


@njit(cache=True, inline="always")
def _tangent(hs, hw, top, kt, w0, so):
    kk = _tangent_vertex(hs, hw, top, kt, w0, so)
    return (hw[kk] - w0) / (hs[kk] - so)


@njit(cache=True, inline="always")
def _hull_push_far(hs, hw, top, s, w):
    """Push (s, w) (farther than every hull point) on the upper hull hs/hw[0..top] (index 0
    nearest); returns (new top, slot written)."""
    while top >= 1:
        # pop the top if it lies on/below the segment hull[top-1] -> (s, w)
        if (hw[top] - hw[top - 1]) * (s - hs[top - 1]) <= (w - hw[top - 1]) * (hs[top] - hs[top - 1]):
            top -= 1
        else:
            break
    return top + 1


@njit(cache=True)
def _window_sweep(G, tmp_s, tmp_w, tmp_q, hs, hw, ps, pw, lg_p, lg_top, lg_pos, lg_s, lg_w,
                  acc, wacc, ms, me, m_hi, c, tt, a_start, sgn, step_len, near_m, n_cut, g_cut,
                  n_reach, height_m, inv2r, radius_m, q_lines, dfac, b_lo, b_hi, a_lo):
    """One line of the sweep with a finite reach: observer m sees the samples p with
    m + n_cut < p <= m + n_reach (and the near-field cut-off point), a window of W = n_reach -
    n_cut samples sliding towards the start of the line. The samples are cut into blocks of W:
    the window is a suffix of one block (upper hull S, built by pushing nearer points as the
    window moves) plus a prefix of the next (hull P, built once per block by pushing farther
    points, then shrunk by undoing its last pushes from a log). Each sample is pushed and
    undone at most once: O(n) per line plus the tangent walks. The horizon is the steepest of
    the tangents to S and P and the slope to the cut-off point: it depends only on the samples
    in the window, not on where the blocks fall."""
    W = n_reach - n_cut
    top = -1  # S: hs/hw, index 0 farthest
    ptop = -1  # P: ps/pw, index 0 nearest
    nlog = 0
    kt = 0
    kp = 0
    blk = -1
    for m in range(me, ms - 1, -1):
        lo = m + n_cut + 1
        hi = lo + W - 1
        kb = lo // W
        if kb != blk:
            blk = kb
            # S: the samples [lo, end of block] (only at the first observer is it more than lo)
            top = -1
            for p in range(min(kb * W + W - 1, me), lo - 1, -1):
                w = tmp_w[p]
                if not math.isnan(w):
                    top = _hull_push(hs, hw, top, tmp_s[p], w)
            # P: the samples [start of next block, hi], logged for undoing
            ptop = -1
            nlog = 0
            for p in range(kb * W + W, min(hi, me) + 1):
                w = tmp_w[p]
                lg_p[nlog] = p
                lg_top[nlog] = ptop
                if math.isnan(w):
                    lg_pos[nlog] = -1
                else:
                    pos = _hull_push_far(ps, pw, ptop, tmp_s[p], w)
                    lg_pos[nlog] = pos
                    lg_s[nlog] = ps[pos]
                    lg_w[nlog] = pw[pos]
                    ps[pos] = tmp_s[p]
                    pw[pos] = w
                    ptop = pos
                nlog += 1
        else:
            if lo <= me:
                w = tmp_w[lo]
                if not math.isnan(w):
                    top = _hull_push(hs, hw, top, tmp_s[lo], w)
            while nlog > 0 and lg_p[nlog - 1] > hi:
                nlog -= 1
                pos = lg_pos[nlog]
                if pos >= 0:
                    ps[pos] = lg_s[nlog]
                    pw[pos] = lg_w[nlog]
                ptop = lg_top[nlog]
        # the cut-off point (terrain at exactly near_m, between samples m + n_cut, + 1)
        cut_ok = False
        sc = 0.0
        wc = 0.0
        if near_m > 0.0:
            p0 = m + n_cut
            if p0 + 1 <= me:
                za = tmp_w[p0] + tmp_q[p0]
                zb = tmp_w[p0 + 1] + tmp_q[p0 + 1]
                if not (math.isnan(za) or math.isnan(zb)):
                    sc = tmp_s[m] + near_m
                    wc = za + g_cut * (zb - za) - sc * sc * inv2r
                    cut_ok = True
        if m > m_hi or (top < 0 and ptop < 0 and not cut_ok):
            continue
        b = c + m * tt
        if q_lines == 1:
            bb0 = int(math.floor(b))
            nbb = 2
        else:
            bb0 = int(math.floor(b + 0.5))
            nbb = 1
        a = a_start + sgn * m
        s0 = tmp_s[m]
        z_line = tmp_w[m] + tmp_q[m]
        for bb in range(bb0, bb0 + nbb):
            if bb < b_lo or bb > b_hi:
                continue
            wt = 1.0 - abs(bb - b) * q_lines
            if wt <= 1e-12:
                continue
            if math.isnan(z_line):
                z_cell = G[bb, a]
                if math.isnan(z_cell):
                    continue
                so = s0 + (bb - b) * dfac
                w0 = z_cell + height_m - so * so * inv2r
            else:
                if math.isnan(G[bb, a]):
                    continue
                so = s0
                w0 = z_line + height_m - so * so * inv2r
            sl = -np.inf
            if top >= 0 and hs[top] > so:
                kt = _tangent_vertex(hs, hw, top, kt, w0, so)
                sl = (hw[kt] - w0) / (hs[kt] - so)
            if ptop >= 0 and ps[0] > so:
                kp = _tangent_vertex(ps, pw, ptop, kp, w0, so)
                sl = max(sl, (pw[kp] - w0) / (ps[kp] - so))
            if cut_ok and sc > so:
                sl = max(sl, (wc - w0) / (sc - so))
            if sl == -np.inf:
                continue
            acc[bb - b_lo, a - a_lo] += wt * (sl + so / radius_m)
            wacc[bb - b_lo, a - a_lo] += wt


@njit(cache=True)
def _sweep_one_azimuth(G, transpose, cell_m, az_rad, height_m, near_m, out, k_az, radius_m,
                       tmp_s, tmp_w, tmp_q, hs, hw, acc, wacc, q_lines, ri0, ri1, rj0, rj1,
                       reach_m, off_a, off_b, ps, pw, lg_p, lg_top, lg_pos, lg_s, lg_w):
    """One azimuth. G is the height grid indexed [minor, major] (H, or H transposed when the
    azimuth is closer to the row axis), C-contiguous along the major (march) axis.

    reach_m > 0: only terrain within reach_m (along the line) of the observer is seen, and the
    lines are anchored to a global grid of which G is the block at (off_a, off_b) (major, minor
    offsets, cells), so that a block with a halo >= the reach gives the values of the whole
    grid (see :func:`_window_sweep`). reach_m <= 0: everything to the grid edge."""
    nb, na = G.shape
    dj = math.sin(az_rad)  # column step per unit length (grid +x)
    di = -math.cos(az_rad)  # row step (rows increase towards -y)
    if transpose:
        dmaj, dmin = di, dj
    else:
        dmaj, dmin = dj, di
    t = dmin / dmaj  # minor-index change per major step
    sgn = 1 if dmaj > 0 else -1
    step_len = cell_m * math.sqrt(1.0 + t * t)
    inv2r = 0.5 / radius_m
    a_start = 0 if sgn > 0 else na - 1  # ray step m -> major index a_start + sgn*m
    tt = t * sgn  # minor change per ray step
    lo = 0.0 if tt > 0 else tt * (na - 1)
    hi = tt * (na - 1) if tt > 0 else 0.0
    c_min = (int(math.floor(-1.0 - hi)) - 1) * q_lines
    c_max = (int(math.ceil(nb - lo)) + 1) * q_lines
    inv_q = 1.0 / q_lines
    # observers sit off their line by |bb - b| < 1/q_lines cell: along-line offset (bb - b)*dfac
    dfac = tt / math.sqrt(1.0 + tt * tt) * cell_m
    n_cut = int(math.floor(near_m / step_len))  # cut-off between samples n_cut, n_cut + 1 ahead
    g_cut = near_m / step_len - n_cut
    if transpose:
        a_lo, a_hi, b_lo, b_hi = ri0, ri1 - 1, rj0, rj1 - 1
    else:
        a_lo, a_hi, b_lo, b_hi = rj0, rj1 - 1, ri0, ri1 - 1
    if sgn > 0:
        m_lo, m_hi = a_lo - a_start, a_hi - a_start
    else:
        m_lo, m_hi = a_start - a_hi, a_start - a_lo
    for m in range(na):
        tmp_s[m] = m * step_len
        tmp_q[m] = tmp_s[m] * tmp_s[m] * inv2r  # curvature drop s^2 / 2R
    c_off = 0.0
    if reach_m > 0.0:
        # lines at b = c_g + a_glob * t in the global grid, c_g in (1/q) Z
        c_off = (a_start + off_a) * (dmin / dmaj) - off_b
        c_off -= math.floor(c_off * q_lines) * inv_q
        c_min -= q_lines
    for cq in range(c_min, c_max + 1):
        c = cq * inv_q + c_off  # lines are 1/q_lines of a cell apart
        bm1 = c + m_lo * tt
        bm2 = c + m_hi * tt
        if max(bm1, bm2) <= b_lo - 1 or min(bm1, bm2) >= b_hi + 1:
            continue  # the line misses the region of observers
        # valid steps: where the line is inside the grid's minor extent, b in [-1, nb)
        # (one step of slack each side; the per-sample tests below are exact)
        if tt > 1e-12:
            m_a = int(math.ceil((-1.0 - c) / tt)) - 1
            m_b = int(math.ceil((nb - c) / tt))
        elif tt < -1e-12:
            m_a = int(math.floor((nb - c) / tt))
            m_b = int(math.floor((-1.0 - c) / tt)) + 1
        elif -1.0 <= c < nb:
            m_a = 0
            m_b = na - 1
        else:
            continue
        ms = max(m_lo, m_a, 0)
        me = min(na - 1, m_b)
        if me < ms:
            continue
        # 1) samples along the line (w = z - s^2/2R), linear between the two cells of a column
        any_in = False
        for m in range(ms, me + 1):
            a = a_start + sgn * m
            b = c + m * tt
            b0 = int(math.floor(b))
            f = b - b0
            z = np.nan
            if b0 >= 0 and b0 + 1 <= nb - 1:
                z0 = G[b0, a]
                z = z0 + f * (G[b0 + 1, a] - z0)
                any_in = True
            elif b0 == nb - 1 and f < 1e-9:
                z = G[b0, a]
                any_in = True
            elif b0 == -1 and f > 1.0 - 1e-9:
                z = G[0, a]
                any_in = True
            elif b0 == -1 or b0 == nb - 1:
                any_in = True
            tmp_w[m] = z - tmp_q[m]
        if not any_in:
            continue
        if reach_m > 0.0:
            _window_sweep(G, tmp_s, tmp_w, tmp_q, hs, hw, ps, pw, lg_p, lg_top, lg_pos, lg_s,
                          lg_w, acc, wacc, ms, me, m_hi, c, tt, a_start, sgn, step_len, near_m,
                          n_cut, g_cut, int(math.floor(reach_m / step_len)), height_m, inv2r,
                          radius_m, q_lines, dfac, b_lo, b_hi, a_lo)
            continue
        # 2) sweep from the far end towards the start of the ray. The hull holds, for
        # observer m, the samples beyond the near-field cut-off (index >= m + n_cut + 1) and the
        # cut-off point itself (terrain at exactly near_m, linear between samples m + n_cut and
        # m + n_cut + 1, pushed as the nearest vertex). Cut-off points of earlier observers stay
        # on the hull: they lie on the terrain between samples, beyond this observer's cut-off.
        top = -1  # hull stack hs/hw[0..top]; top = nearest point (smallest s)
        kt = 0  # tangent vertex of the previous observer (search hint)
        p = me  # next sample to add
        for m in range(me, ms - 1, -1):
            while p >= m + n_cut + 1:
                w = tmp_w[p]
                if not math.isnan(w):
                    top = _hull_push(hs, hw, top, tmp_s[p], w)
                p -= 1
            if near_m > 0.0:
                p0 = m + n_cut
                if p0 + 1 <= me:
                    za = tmp_w[p0] + tmp_q[p0]
                    zb = tmp_w[p0 + 1] + tmp_q[p0 + 1]
                    if not (math.isnan(za) or math.isnan(zb)):
                        sc = tmp_s[m] + near_m
                        top = _hull_push(hs, hw, top, sc, za + g_cut * (zb - za) - sc * sc * inv2r)
            if m > m_hi or top < 0:
                continue
            b = c + m * tt
            if q_lines == 1:
                bb0 = int(math.floor(b))
                nbb = 2
            else:
                bb0 = int(math.floor(b + 0.5))  # the one cell centre within 1/q_lines < 1/2
                nbb = 1
            a = a_start + sgn * m
            s0 = tmp_s[m]
            z_line = tmp_w[m] + tmp_q[m]
            slope_line = np.nan
            for bb in range(bb0, bb0 + nbb):
                if bb < b_lo or bb > b_hi:
                    continue
                # weight: 1 on the cell centre, 0 at the next line (1/q_lines away)
                wt = 1.0 - abs(bb - b) * q_lines
                if wt <= 1e-12:
                    continue
                if math.isnan(z_line):
                    # no line sample here (grid edge): the cell's own height and along-line
                    # position (the near-field cut-off is then off by < 1 cell)
                    z_cell = G[bb, a]
                    if math.isnan(z_cell):
                        continue
                    so = s0 + (bb - b) * dfac
                    if hs[top] <= so:
                        continue  # a near field below 1 cell: the nearest vertex is behind
                    sl = _tangent(hs, hw, top, kt, z_cell + height_m - so * so * inv2r, so)
                else:
                    # the observer is put ON the line, at the crossing, with the line's own
                    # (interpolated) ground height: each line then gives the exact horizon of
                    # a real point < 1/q_lines cell from the cell centre (exact on a tilted
                    # plane), and the two bracketing lines are interpolated linearly
                    if math.isnan(G[bb, a]):
                        continue
                    so = s0
                    if math.isnan(slope_line):
                        w0 = z_line + height_m - so * so * inv2r
                        kt = _tangent_vertex(hs, hw, top, kt, w0, so)
                        slope_line = (hw[kt] - w0) / (hs[kt] - so)
                    sl = slope_line
                # accumulate tan(elevation); atan once per cell below (averaging tangents
                # instead of angles of two adjacent lines differs by < 0.002°)
                acc[bb - b_lo, a - a_lo] += wt * (sl + so / radius_m)
                wacc[bb - b_lo, a - a_lo] += wt
    # 3) cells: weighted mean of the bracketing lines that saw terrain, as tan(elevation)
    # (-inf: no terrain ahead; the caller converts to degrees with numpy's vectorised arctan),
    # in 32 x 32 tiles so that the transposed case does not write one cache line per cell
    nB = b_hi - b_lo + 1
    nA = a_hi - a_lo + 1
    for tb in range(0, nB, 32):
        for ta in range(0, nA, 32):
            for ib in range(tb, min(tb + 32, nB)):
                for ia in range(ta, min(ta + 32, nA)):
                    if transpose:
                        i = ia
                        j = ib
                    else:
                        i = ib
                        j = ia
                    if wacc[ib, ia] > 0.0:
                        out[k_az, i, j] = acc[ib, ia] / wacc[ib, ia]
                    elif math.isnan(G[ib + b_lo, ia + a_lo]):
                        out[k_az, i, j] = np.nan
                    else:
                        out[k_az, i, j] = -np.inf


@njit(cache=True, parallel=True)
def _horizon_map_kernel(H, HT, cell_m, az_rad, height_m, near_m, radius_m, q_lines, ri0, ri1,
                        rj0, rj1, reach_m, oi, oj):
    ny, nx = H.shape
    n_az = az_rad.shape[0]
    out = np.empty((n_az, ri1 - ri0, rj1 - rj0), dtype=np.float32)
    nmax = max(nx, ny) + 2
    nw = nmax if reach_m > 0.0 else 1
    for k in prange(n_az):
        tmp_s = np.empty(nmax)
        tmp_w = np.empty(nmax)
        tmp_q = np.empty(nmax)
        hs = np.empty(nmax)
        hw = np.empty(nmax)
        ps = np.empty(nw)
        pw = np.empty(nw)
        lg_p = np.empty(nw, dtype=np.int64)
        lg_top = np.empty(nw, dtype=np.int64)
        lg_pos = np.empty(nw, dtype=np.int64)
        lg_s = np.empty(nw)
        lg_w = np.empty(nw)
        transpose = abs(math.cos(az_rad[k])) > abs(math.sin(az_rad[k]))
        if transpose:
            acc = np.zeros((rj1 - rj0, ri1 - ri0))
            wacc = np.zeros((rj1 - rj0, ri1 - ri0), dtype=np.float32)
            _sweep_one_azimuth(HT, True, cell_m, az_rad[k], height_m, near_m, out, k, radius_m,
                               tmp_s, tmp_w, tmp_q, hs, hw, acc, wacc, q_lines, ri0, ri1, rj0, rj1,
                               reach_m, oi, oj, ps, pw, lg_p, lg_top, lg_pos, lg_s, lg_w)
        else:
            acc = np.zeros((ri1 - ri0, rj1 - rj0))
            wacc = np.zeros((ri1 - ri0, rj1 - rj0), dtype=np.float32)
            _sweep_one_azimuth(H, False, cell_m, az_rad[k], height_m, near_m, out, k, radius_m,
                               tmp_s, tmp_w, tmp_q, hs, hw, acc, wacc, q_lines, ri0, ri1, rj0, rj1,
                               reach_m, oj, oi, ps, pw, lg_p, lg_top, lg_pos, lg_s, lg_w)
    return out


def grid_azimuths(n_az: int = 360) -> np.ndarray:
    """The azimuths (deg) of :func:`horizon_map`: k * 360 / n_az, k = 0..n_az-1."""
    return np.arange(n_az) * (360.0 / n_az)


def auto_lines_per_cell(near_field_m: float, cell_m: float) -> int:
    """Default sweep lines per cell for :func:`horizon_map`: 1 when the near field spans
    >= 32 cells, 2 for >= 16 cells, else 4 (accuracy table in :func:`horizon_map`: the 99th
    percentile of the difference to a ray through the cell centre stays <= 0.03° for a near
    field of 4 cells or more, <= 0.05° from 2 cells; on the 1 km test tile with its 15-cell
    near field, 4 lines give 0.029°, 2 lines 0.060°, 1 line 0.14°)."""
    n = float(near_field_m) / float(cell_m)
    return 1 if n >= 32.0 else (2 if n >= 16.0 else 4)


@accepts()
def horizon_map(terrain: Terrain, height_m: float = 2.0, n_az: int = 360,
                near_field_m: float = 0.0, lines_per_cell: int | None = None,
                region: tuple[int, int, int, int] | None = None,
                n_threads: int | None = None) -> np.ndarray:
    """Horizon elevation angles (deg) of every cell of ``terrain`` at ``n_az`` GRID azimuths.

    Parameters
    ----------
    terrain : the grid (every cell is an observer; terrain beyond the grid is not seen).
    height_m : observer height above the ground, m (>= 0; 2 m and 10 m are the published cases).
    n_az : number of azimuths, evenly spaced from grid azimuth 0 (clockwise from grid +y).
    near_field_m : terrain closer than this along the ray is excluded (near-field policy), m.
    lines_per_cell : sweep lines per cell width (>= 1), or None (default) for
        :func:`auto_lines_per_cell` (4, 2 or 1 as the near field spans < 16, 16-32, >= 32 cells).
        Each cell takes the distance-weighted horizon of the two lines bracketing it (observers
        < 1/lines_per_cell cell off the cell centre, on the line at its interpolated ground
        height -- exact on a tilted plane). The error of that lateral interpolation falls with
        both the line density and the near-field distance (the nearest terrain seen). Measured
        against :func:`ray_horizon_crossings` (one ray through the cell centre, same terrain
        model), LDEM_4 at 400 m around the connecting ridge (grid of benchmarks/bench_site.py),
        80 random cells x 360 azimuths, |difference| 99th percentile / max, deg:

        ============  ==============  ==============  ==============
        near field    1 line/cell     2 lines/cell    4 lines/cell
        ============  ==============  ==============  ==============
        0-1 cell      0.29 / 1.37     0.16 / 0.67     0.079 / 0.50
        2 cells       0.21 / 1.14     0.10 / 0.67     0.047 / 0.50
        4 cells       0.13 / 0.83     0.058 / 0.42    0.027 / 0.24
        8 cells       0.075 / 0.30    0.033 / 0.18    0.017 / 0.10
        16 cells      0.049 / 0.30    0.021 / 0.10    0.012 / 0.04
        38 cells      0.023 / 0.16    0.011 / 0.07    0.006 / 0.03
        ============  ==============  ==============  ==============

        (medians 0.001-0.003°; the 38-cell row is the 2 x 7.58 km policy for LDEM_4 of the
        benchmark, 60 cells). Steep terrain just beyond the near field raises these (1 km test
        tile, 15-cell near field, Shackleton's inner wall: 1/2/4 lines give 0.14/0.060/0.029°). Cost grows about linearly with the lines
        (benchmarks/bench_site.py). Cells within the near-field distance of the grid edge can
        differ from the ray in whether any terrain is seen at all (the lines pass up to
        1/lines_per_cell cell off the centre; where a line has no sample the cell's own height
        is used and the near-field cut-off is off by < 1 cell); callers keep analysed cells
        well inside the grid.
    region : (i0, i1, j0, j1) -- compute only observers in rows i0..i1-1, columns j0..j1-1 (the
        whole grid still provides terrain); default the whole grid.
    n_threads : numba threads (default: numba's default, all cores).

    Returns float32 array (rows, cols, n_az) over the region (a view of an azimuth-major array;
    4 bytes per cell and azimuth: 1.44 GB for 1001 x 1001 x 360, most of the ~1.6 GB peak RSS);
    NaN where the cell has no data; -90 where no terrain lies ahead within the grid.
    """
    _check_height(height_m)
    if not (isinstance(n_az, (int, np.integer)) and 4 <= n_az <= 7200):
        raise InputError("number of azimuths (n_az)", n_az, "an integer between 4 and 7200")
    if not (np.isfinite(near_field_m) and near_field_m >= 0):
        raise InputError("near_field_m", near_field_m, "a distance of 0 m or more")
    if lines_per_cell is None:
        lines_per_cell = auto_lines_per_cell(near_field_m, terrain.cell_m)
    if not (isinstance(lines_per_cell, (int, np.integer)) and 1 <= lines_per_cell <= 64):
        raise InputError("lines_per_cell", lines_per_cell, "an integer from 1 to 64 (or None: automatic)")
    ny, nx = terrain.shape
    i0, i1, j0, j1 = region if region is not None else (0, ny, 0, nx)
    if not (0 <= i0 < i1 <= ny and 0 <= j0 < j1 <= nx):
        raise InputError("region (i0, i1, j0, j1)", region, f"a non-empty box inside the grid {ny} x {nx}")
    grids = _sweep_grids(terrain)
    out = _horizon_block(grids, float(terrain.cell_m), grid_azimuths(n_az), height_m,
                         near_field_m, int(lines_per_cell), (i0, i1, j0, j1), n_threads)
    # (n_az, rows, cols) in memory -- contiguous per azimuth for the sweep and for
    # illumination_map -- returned as a (rows, cols, n_az) view
    return np.moveaxis(out, 0, -1)


def _sweep_grids(terrain: Terrain) -> tuple[np.ndarray, np.ndarray]:
    """The heights as float64, C-contiguous, and their transpose (the two march layouts)."""
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    return H, np.ascontiguousarray(H.T)


def _horizon_block(grids, cell_m: float, az_deg: np.ndarray, height_m: float, near_field_m: float,
                   lines_per_cell: int, region, n_threads=None, reach_m: float = 0.0,
                   offset=(0, 0)) -> np.ndarray:
    """Horizons (deg, float32, azimuth-major (len(az_deg), rows, cols)) of the region's cells at
    the given grid azimuths: the sweep of :func:`horizon_map` for any subset of its azimuths
    (each azimuth is swept independently, so a subset gives the same values as the full set).

    reach_m > 0: terrain farther than reach_m along the ray is not seen, and the sweep lines are
    anchored to a global grid of which this grid is the block at ``offset`` (rows, columns):
    a block whose halo around the region is at least the reach (+ 2 cells) then gives the same
    horizons as the global grid (the basis of :mod:`lupex.site.tiles`)."""
    H, HT = grids
    i0, i1, j0, j1 = region
    if n_threads is not None:
        old = numba.get_num_threads()
        numba.set_num_threads(int(n_threads))
    try:
        out = _horizon_map_kernel(H, HT, float(cell_m), np.radians(np.asarray(az_deg, float)),
                                  float(height_m), float(near_field_m), MOON_RADIUS_M,
                                  int(lines_per_cell), int(i0), int(i1), int(j0), int(j1),
                                  float(reach_m), int(offset[0]), int(offset[1]))
    finally:
        if n_threads is not None:
            numba.set_num_threads(old)
    # tan -> degrees one azimuth at a time (cache-sized blocks; numpy's float32 arctan is
    # SIMD-vectorised, ~10x faster than a scalar atan in the kernel); -inf -> -90 (no terrain)
    for k in range(out.shape[0]):
        np.arctan(out[k], out=out[k])
        np.multiply(out[k], np.float32(180.0 / np.pi), out=out[k])
    return out


#: Quantum of :func:`quantize_horizons`, degrees (int16 steps).
HORIZON_QUANTUM_DEG = 0.01
#: int16 code of a cell without data in :func:`quantize_horizons`.
HORIZON_NODATA_I16 = -32768


def quantize_horizons(horizons: np.ndarray) -> np.ndarray:
    """Horizon angles (deg) stored as int16 in steps of 0.01° (half the memory of float32).

    Rounded to the nearest step, so the stored angle is within 0.005° of the input (horizons lie
    in [-90, 90], i.e. codes -9000..9000); NaN (no data) is stored as -32768. Inverse:
    :func:`dequantize_horizons`.
    """
    h = np.asarray(horizons)
    q = np.rint(np.nan_to_num(h, nan=0.0) / HORIZON_QUANTUM_DEG)
    q = np.clip(q, -9000, 9000).astype(np.int16)
    q[np.isnan(h)] = HORIZON_NODATA_I16
    return q


def dequantize_horizons(q: np.ndarray) -> np.ndarray:
    """float32 degrees from :func:`quantize_horizons` codes (NaN where no data)."""
    q = np.asarray(q)
    out = q.astype(np.float32) * np.float32(HORIZON_QUANTUM_DEG)
    out[q == HORIZON_NODATA_I16] = np.nan
    return out


def _check_height(height_m):
    if not (np.isfinite(height_m) and height_m >= 0):
        raise InputError("observer height above ground (height_m)", height_m,
                         "a height of 0 m or more")


# ------------------------------------------------------------------------------------------------
# Brute-force ray-march with exact spherical geometry


@njit(cache=True)
def _bilinear(H, i, j):
    ny, nx = H.shape
    if i < 0.0 or j < 0.0 or i > ny - 1 or j > nx - 1:
        return np.nan
    i0 = min(int(i), ny - 2)
    j0 = min(int(j), nx - 2)
    fi = i - i0
    fj = j - j0
    return ((1 - fi) * ((1 - fj) * H[i0, j0] + fj * H[i0, j0 + 1])
            + fi * ((1 - fj) * H[i0 + 1, j0] + fj * H[i0 + 1, j0 + 1]))


@njit(cache=True)
def _xyz(x, y, z, radius_m, pole):
    rho = math.hypot(x, y)
    colat = 2.0 * math.atan(0.5 * rho / radius_m)  # angle from the pole
    if pole < 0:
        lat = -0.5 * math.pi + colat
        lon = math.atan2(x, y)
    else:
        lat = 0.5 * math.pi - colat
        lon = math.atan2(x, -y)
    r = radius_m + z
    return r * math.cos(lat) * math.cos(lon), r * math.cos(lat) * math.sin(lon), r * math.sin(lat)


@njit(cache=True)
def _ray_kernel(H, x0, y0, cell_m, xo, yo, zo, az_grid_rad, d_min, d_max, step, radius_m, pole,
                out, excl):
    ox, oy, oz = _xyz(xo, yo, zo, radius_m, pole)
    on = math.sqrt(ox * ox + oy * oy + oz * oz)
    ux, uy, uz = ox / on, oy / on, oz / on
    for k in range(az_grid_rad.shape[0]):
        sa = math.sin(az_grid_rad[k])
        ca = math.cos(az_grid_rad[k])
        best = out[k]
        d = d_min
        while d <= d_max + 1e-9:
            x = xo + d * sa
            y = yo + d * ca
            z = _bilinear(H, (y0 - y) / cell_m, (x - x0) / cell_m)
            if math.isnan(z):
                if (y0 - y) / cell_m < 0 or (x - x0) / cell_m < 0 or (y0 - y) / cell_m > H.shape[0] - 1 \
                        or (x - x0) / cell_m > H.shape[1] - 1:
                    break
            elif d >= excl[int(round((y0 - y) / cell_m)), int(round((x - x0) / cell_m))]:
                # (excl: per-cell exclusion distance -- k x native pixel of the product there)
                px, py, pz = _xyz(x, y, z, radius_m, pole)
                vx, vy, vz = px - ox, py - oy, pz - oz
                el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                            / math.sqrt(vx * vx + vy * vy + vz * vz)))
                if el > best:
                    best = el
            d += step
        out[k] = best


@njit(cache=True)
def _ray_crossings_kernel(H, x0, y0, cell_m, io, jo, zo, az_grid_rad, d_min, radius_m, pole, out):
    """Ray from cell (io, jo) sampled where it crosses grid lines of the major axis (exact sphere)."""
    ny, nx = H.shape
    xo = x0 + jo * cell_m
    yo = y0 - io * cell_m
    ox, oy, oz = _xyz(xo, yo, zo, radius_m, pole)
    on = math.sqrt(ox * ox + oy * oy + oz * oz)
    ux, uy, uz = ox / on, oy / on, oz / on
    for k in range(az_grid_rad.shape[0]):
        dj = math.sin(az_grid_rad[k])
        di = -math.cos(az_grid_rad[k])
        if abs(di) > abs(dj):
            step_i = 1.0 if di > 0 else -1.0
            step_j = dj / abs(di)
        else:
            step_j = 1.0 if dj > 0 else -1.0
            step_i = di / abs(dj)
        step_len = cell_m * math.sqrt(step_i * step_i + step_j * step_j)
        best = out[k]
        m0 = max(1, int(math.floor(d_min / step_len)))
        zprev = np.nan
        m = m0
        while True:
            ii = io + m * step_i
            jj = jo + m * step_j
            if ii < -1e-9 or jj < -1e-9 or ii > ny - 1 + 1e-9 or jj > nx - 1 + 1e-9:
                break
            z = _bilinear(H, min(max(ii, 0.0), ny - 1.0), min(max(jj, 0.0), nx - 1.0))
            s = m * step_len
            if s >= d_min - 1e-9:
                cand_s = s
                cand_z = z
                if not math.isnan(zprev) and (m - 1) * step_len < d_min and d_min > 0:
                    # the cut-off point, linear between the two crossings
                    g = (d_min - (m - 1) * step_len) / step_len
                    zc = zprev + g * (z - zprev)
                    for (sv, zv) in ((d_min, zc), (cand_s, cand_z)):
                        if not math.isnan(zv):
                            f = sv / s
                            px, py, pz = _xyz(xo + (jj - jo) * f * cell_m, yo - (ii - io) * f * cell_m,
                                              zv, radius_m, pole)
                            vx, vy, vz = px - ox, py - oy, pz - oz
                            el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                                        / math.sqrt(vx * vx + vy * vy + vz * vz)))
                            if el > best:
                                best = el
                elif not math.isnan(z):
                    px, py, pz = _xyz(x0 + jj * cell_m, y0 - ii * cell_m, z, radius_m, pole)
                    vx, vy, vz = px - ox, py - oy, pz - oz
                    el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                                / math.sqrt(vx * vx + vy * vy + vz * vz)))
                    if el > best:
                        best = el
            zprev = z
            m += 1
        out[k] = best


def ray_horizon_crossings(terrain: Terrain, i: int, j: int, height_m: float,
                          grid_az_deg: np.ndarray, near_field_m: float = 0.0) -> np.ndarray:
    """Brute-force horizon of cell (i, j): one ray per azimuth, exact sphere geometry.

    The terrain model is the one :func:`horizon_map` uses -- samples where the ray crosses the
    grid lines of its major axis, linear along those lines, linear between crossings -- but the
    ray passes exactly through the cell centre and every sample is tested (no hull, no shared
    lines, no parabolic curvature). This is the brute-force reference of the sweep's algorithm.
    """
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    z0 = float(H[int(i), int(j)]) + float(height_m)
    out = np.full(np.size(grid_az_deg), NO_TERRAIN_DEG)
    _ray_crossings_kernel(H, terrain.x0_m, terrain.y0_m, terrain.cell_m, float(i), float(j), z0,
                          np.radians(np.atleast_1d(grid_az_deg)).astype(float), float(near_field_m),
                          MOON_RADIUS_M, int(terrain.pole), out)
    return out


def ray_horizon(terrain: Terrain, i: float, j: float, height_m: float, grid_az_deg: np.ndarray,
                d_min_m: float, d_max_m: float, step_m: float,
                z_obs_m: float | None = None, k_near: float = 0.0) -> np.ndarray:
    """Brute-force horizon at fractional cell (i, j) along GRID azimuths (deg), exact sphere.

    Samples the bilinear surface every ``step_m`` from ``d_min_m`` to ``d_max_m`` (grid distance)
    or the grid edge. ``z_obs_m``: ground height of the observer (default: bilinear at (i, j)).
    ``k_near``: also skip samples closer than k_near x (native pixel of the product supplying
    that cell) -- the near-field policy applied per distance band when products are combined.
    Returns elevation angles (deg); -90 where nothing was sampled.
    """
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    xo, yo = terrain.xy(i, j)
    if z_obs_m is None:
        z_obs_m = float(_bilinear(H, float(i), float(j)))
    out = np.full(np.size(grid_az_deg), NO_TERRAIN_DEG)
    _ray_kernel(H, terrain.x0_m, terrain.y0_m, terrain.cell_m, float(xo), float(yo),
                float(z_obs_m) + float(height_m), np.radians(np.atleast_1d(grid_az_deg)).astype(float),
                float(max(d_min_m, step_m)), float(d_max_m), float(step_m), MOON_RADIUS_M,
                int(terrain.pole), out, _exclusion_grid(terrain, k_near))
    return out


def _exclusion_grid(terrain: Terrain, k_near: float) -> np.ndarray:
    px = np.asarray(terrain.product_pixel_m, dtype=float)
    src = np.asarray(terrain.source_index)
    if k_near <= 0 or px.size == 0:
        return np.zeros(terrain.shape)
    return np.where(src >= 0, k_near * px[np.clip(src, 0, px.size - 1)], 0.0)


@_display.result(headline=("lat_deg", "lon_deg", "height_m"), table=("azimuth_deg", ("elevation_deg",)))
@dataclass(frozen=True)
class SiteHorizon:
    """The horizon of one site.

    azimuth_deg: TRUE azimuths, clockwise from local north (0..360, evenly spaced).
    elevation_deg: horizon elevation angle at each azimuth, deg above the local horizontal.
    lat_deg, lon_deg, ground_m, height_m: the site, its terrain height and the observer height.
    near_field_m: excluded near field; reach_m: farthest terrain considered.
    terrain: JSON-ready description (products, grid cells, distance bands, policy).
    """

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    lat_deg: float
    lon_deg: float
    ground_m: float
    height_m: float
    near_field_m: float
    reach_m: float
    terrain: dict

    def at(self, true_az_deg) -> np.ndarray:
        """Horizon elevation (deg) at any true azimuth, linear between samples (periodic)."""
        az = np.asarray(true_az_deg, dtype=float) % 360.0
        a = np.concatenate([self.azimuth_deg, [360.0]])
        e = np.concatenate([self.elevation_deg, self.elevation_deg[:1]])
        return np.interp(az, a, e)


@accepts()
def site_horizon(terrains: Terrain | list[Terrain], lat_deg: float, lon_deg: float,
                 height_m: float = 2.0, n_az: int = 360, near_field_m: float | None = None,
                 policy=None, reach_m: float | None = None, step_fraction: float = 0.25,
                 ) -> SiteHorizon:
    """Horizon of one site by ray-marching nested terrains (finest first), exact sphere geometry.

    Parameters
    ----------
    terrains : a Terrain or a list ordered finest first; terrain k is used from where terrain k-1
        stops (its half-width less two cells) out to its own edge.
    lat_deg, lon_deg : site, degrees (east longitude).
    height_m : observer height above ground, m.
    n_az : number of TRUE azimuths (clockwise from north) from 0.
    near_field_m : explicit exclusion distance, m; default from ``policy``
        (:class:`~lupex.site.terrain.NearFieldPolicy`, k = 2) and the native pixel of the product
        under the site in the finest terrain.
    reach_m : farthest distance considered (default: the coarsest grid's edge).
    step_fraction : ray step as a fraction of each terrain's cell.
    """
    from lupex.site.terrain import NearFieldPolicy

    _check_height(height_m)
    ts = [terrains] if isinstance(terrains, Terrain) else list(terrains)
    if not ts:
        raise InputError("terrains", terrains, "at least one Terrain")
    if not ts[0].contains(lat_deg, lon_deg, margin_cells=1.0):
        raise InputError("site (lat_deg, lon_deg)", (lat_deg, lon_deg),
                         "a point inside the terrain grid (site off the DEM)")
    pol = policy or NearFieldPolicy()
    pixel = ts[0].pixel_of_source_at(lat_deg, lon_deg)
    if near_field_m is None:
        near_field_m = pol.exclusion_m(pixel)
        policy_text = pol.describe(pixel)
        if len(ts) > 1 or len(set(ts[0].product_pixel_m)) > 1:
            policy_text += ("; beyond it, terrain from a coarser product is used only farther "
                            f"than {pol.k:g} x its own pixel")
        k_band = float(pol.k)
    else:
        policy_text = f"terrain closer than {near_field_m:.0f} m excluded (explicit)"
        k_band = 0.0
    ground = float(ts[0].height_at(lat_deg, lon_deg))
    if not np.isfinite(ground):
        raise InputError("site (lat_deg, lon_deg)", (lat_deg, lon_deg), "a point with terrain data")
    true_az = np.arange(n_az) * (360.0 / n_az)
    grid_az = true_to_grid_azimuth(true_az, lon_deg, ts[0].pole)
    elev = np.full(n_az, NO_TERRAIN_DEG)
    d_start = float(near_field_m)
    bands = []
    for k, t in enumerate(ts):
        i, j = t.latlon_to_ij(lat_deg, lon_deg)
        ny, nx = t.shape
        edge = min(float(i), float(j), ny - 1 - float(i), nx - 1 - float(j)) * t.cell_m
        d_end = edge if k == len(ts) - 1 else edge - 2 * t.cell_m
        if reach_m is not None:
            d_end = min(d_end, reach_m)
        if d_end <= d_start:
            continue
        step = t.cell_m * step_fraction
        e = ray_horizon(t, float(i), float(j), height_m, grid_az, d_start, d_end, step,
                        z_obs_m=ground, k_near=k_band)
        elev = np.maximum(elev, e)
        bands.append({"product_grid_cell_m": t.cell_m, "from_km": d_start / 1e3, "to_km": d_end / 1e3,
                      "products": t.describe()["products"],
                      "product_ranges": _product_ranges(t, float(i), float(j), d_start, d_end,
                                                        k_band)})
        d_start = d_end
    desc = ts[-1].describe()
    used = _used_products_finest_first(ts)
    desc["files"] = [f for t in ts for f in t.describe()["files"]]
    desc["files"] = [f for k, f in enumerate(desc["files"])
                     if f["product"] not in {g["product"] for g in desc["files"][:k]}]
    desc.update({"near_field_policy": policy_text, "near_field_m": float(near_field_m),
                 "near_field_pixel_m": pixel, "distance_bands": bands,
                 "reach_km": d_start / 1e3, "curvature": f"exact sphere R = {MOON_RADIUS_M / 1e3:g} km",
                 "products": [n for n, _ in used], "product_pixel_m": [p for _, p in used]})
    return SiteHorizon(true_az, elev, float(lat_deg), float(lon_deg), ground, float(height_m),
                       float(near_field_m), d_start, desc)


def _used_products_finest_first(ts: list[Terrain]) -> list[tuple[str, float]]:
    """(name, native pixel m) of the products the terrains use, finest first."""
    px: dict[str, float] = {}
    for t in ts:
        d = t.describe()
        px.update(zip(d["products"], d["product_pixel_m"]))
    return sorted(px.items(), key=lambda kv: (kv[1], kv[0]))


def _product_ranges(t: Terrain, i: float, j: float, d_from_m: float, d_to_m: float,
                    k_near: float = 0.0) -> list[dict]:
    """Which product supplies the cells of ``t`` at grid distances d_from_m..d_to_m of (i, j)
    that the horizon uses (cells closer than ``k_near`` x their own product's pixel are excluded,
    as :func:`ray_horizon` does): one entry per product, finest first, with the nearest and
    farthest such cell (km) and the share of the band's used cells it supplies. Each cell comes from the finest product with data
    there (:func:`lupex.site.terrain.build_terrain`), so a finer product's range lies inside the
    coarser ones' where it covers the ground."""
    ny, nx = t.shape
    ii, jj = np.ogrid[:ny, :nx]
    d = np.hypot(ii - i, jj - j) * t.cell_m
    inside = (d >= d_from_m) & (d <= d_to_m)
    src = np.asarray(t.source_index)
    inside &= d >= _exclusion_grid(t, k_near)
    n = int(np.count_nonzero(inside & (src >= 0)))
    out = []
    for k in sorted(set(int(v) for v in np.unique(src[inside])) - {-1}):
        m = inside & (src == k)
        out.append({"product": t.products[k], "pixel_m": float(t.product_pixel_m[k]),
                    "from_km": round(float(d[m].min()) / 1e3, 3),
                    "to_km": round(float(d[m].max()) / 1e3, 3),
                    "cell_share": round(float(np.count_nonzero(m)) / max(n, 1), 6)})
    return out


def map_horizon_true(horizons: np.ndarray, terrain: Terrain, i: int, j: int,
                     true_az_deg) -> np.ndarray:
    """Horizon of map cell (i, j) at TRUE azimuths (deg), from a :func:`horizon_map` result."""
    n_az = horizons.shape[2]
    _, lon = terrain.ij_to_latlon(i, j)
    g = true_to_grid_azimuth(true_az_deg, lon, terrain.pole)
    a = np.concatenate([grid_azimuths(n_az), [360.0]])
    e = np.concatenate([horizons[i, j], horizons[i, j, :1]])
    return np.interp(np.asarray(g) % 360.0, a, e)


__all__ = ["HORIZON_NODATA_I16", "HORIZON_QUANTUM_DEG", "SiteHorizon", "auto_lines_per_cell",
           "dequantize_horizons", "grid_azimuths", "horizon_map", "map_horizon_true",
           "quantize_horizons", "ray_horizon",
           "ray_horizon_crossings",
           "site_horizon", "grid_to_true_azimuth", "true_to_grid_azimuth"]
