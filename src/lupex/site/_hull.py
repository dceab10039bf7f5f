"""Upper-hull primitives of the horizon sweep, and the sweep of one line with a finite reach.

Private to :mod:`lupex.site.horizon` (method and validation described there). Along a line the
samples are (s, w) with s the distance from the line's start and w = z - s^2 / (2R) the height
less the curvature drop; the horizon of an observer at (so, w0) is the steepest slope
(w - w0) / (s - so) to a sample ahead, i.e. the tangent from the observer to the upper convex
hull of those samples (plus so / R for the observer's own tilt, added by the caller).
All kernels work on plain float64 arrays (numba, no Python objects).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


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
def _line_cells(c, m, tt, q_lines):
    """Where line c is at step m (minor position b) and the cells it feeds, bb0 .. bb0 + nbb - 1:
    the two cells bracketing it at 1 line per cell, else the one cell centre within
    1/q_lines < 1/2 of it."""
    b = c + m * tt
    if q_lines == 1:
        return b, int(math.floor(b)), 2
    return b, int(math.floor(b + 0.5)), 1


@njit(cache=True)
def _observer(G, bb, a, b, s0, z_line, dfac, height_m, inv2r):
    """The observer of cell (bb, a) on a line at minor position b, step position s0.

    The observer is put ON the line, at the crossing, with the line's own (interpolated) ground
    height z_line: each line then gives the exact horizon of a real point < 1/q_lines cell from
    the cell centre (exact on a tilted plane). Where the line has no sample (grid edge) the
    cell's own height and along-line position are used (the near-field cut-off is then off by
    < 1 cell). Returns (ok, so, w0): ok False when the cell has no data."""
    if math.isnan(z_line):
        z = G[bb, a]
        so = s0 + (bb - b) * dfac
    else:
        z = np.nan if math.isnan(G[bb, a]) else z_line
        so = s0
    return not math.isnan(z), so, z + height_m - so * so * inv2r



@njit(cache=True)
def _window_sweep(G, tmp_s, tmp_w, tmp_q, hs, hw, ps, pw, lg_p, lg_top, lg_pos, lg_s, lg_w,
                  acc, wacc, ms, me, m_hi, c, tt, a_start, sgn, near_m, n_cut, g_cut,
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
        # the cut-off point (terrain at exactly near_m, between samples m + n_cut, + 1); in line
        # here and in lupex.site._sweep on purpose: as a helper it cost ~15 ns per cell-azimuth
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
        b, bb0, nbb = _line_cells(c, m, tt, q_lines)
        a = a_start + sgn * m
        s0 = tmp_s[m]
        z_line = tmp_w[m] + tmp_q[m]
        for bb in range(bb0, bb0 + nbb):
            if bb < b_lo or bb > b_hi:
                continue
            wt = 1.0 - abs(bb - b) * q_lines
            if wt <= 1e-12:
                continue
            ok, so, w0 = _observer(G, bb, a, b, s0, z_line, dfac, height_m, inv2r)
            if not ok:
                continue
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
