"""The horizon sweep of :func:`lupex.site.horizon.horizon_map`: one azimuth at a time, azimuths
in parallel (numba ``prange``), over plain float64 height grids.

Private to :mod:`lupex.site.horizon`, where the method, its accuracy and its validation are
described; the hull primitives and the finite-reach line sweep are in :mod:`lupex.site._hull`.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numba
import numpy as np
from numba import njit, prange

from lupex.constants import MOON_RADIUS_M
from lupex.errors import InputError
from lupex.site._hull import (_hull_push, _observer, _tangent, _tangent_vertex,
                              _window_sweep)
from lupex.site.terrain import Terrain


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
                          lg_w, acc, wacc, ms, me, m_hi, c, tt, a_start, sgn, near_m,
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
            # the cut-off point, pushed as the nearest vertex (in line, as in _hull._window_sweep:
            # as a helper it cost ~15 ns per cell-azimuth)
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
                # weight: 1 on the cell centre, 0 at the next line (1/q_lines away); the two
                # bracketing lines are interpolated linearly
                wt = 1.0 - abs(bb - b) * q_lines
                if wt <= 1e-12:
                    continue
                if math.isnan(z_line):
                    ok, so, w0 = _observer(G, bb, a, b, s0, z_line, dfac, height_m, inv2r)
                    if not ok:
                        continue
                    if hs[top] <= so:
                        continue  # a near field below 1 cell: the nearest vertex is behind
                    tan_el = _tangent(hs, hw, top, kt, w0, so) + so / radius_m
                else:
                    if math.isnan(G[bb, a]):
                        continue
                    if math.isnan(slope_line):  # one tangent per line step, for both cells
                        w0 = z_line + height_m - s0 * s0 * inv2r
                        kt = _tangent_vertex(hs, hw, top, kt, w0, s0)
                        slope_line = (hw[kt] - w0) / (hs[kt] - s0) + s0 / radius_m
                    tan_el = slope_line
                # accumulate tan(elevation) (the slope plus the observer's tilt so / R); atan
                # once per cell below (averaging tangents instead of angles of two adjacent
                # lines differs by < 0.002°)
                acc[bb - b_lo, a - a_lo] += wt * tan_el
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
                    # cleared while in cache: the buffers serve the thread's next azimuth
                    acc[ib, ia] = 0.0
                    wacc[ib, ia] = 0.0


@njit(cache=True, parallel=True)
def _horizon_map_kernel(H, HT, cell_m, az_rad, height_m, near_m, radius_m, q_lines, ri0, ri1,
                        rj0, rj1, reach_m, oi, oj, n_chunks):
    ny, nx = H.shape
    n_az = az_rad.shape[0]
    out = np.empty((n_az, ri1 - ri0, rj1 - rj0), dtype=np.float32)
    nmax = max(nx, ny) + 2
    nw = nmax if reach_m > 0.0 else 1
    nr = ri1 - ri0
    nc = rj1 - rj0
    # n_chunks interleaved chunks of azimuths (a few per thread), each with its own work buffers, allocated
    # (and page-faulted) once per chunk rather than once per azimuth; the sweep leaves the
    # accumulators cleared
    for ch in prange(n_chunks):
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
        acc_buf = np.zeros(nr * nc)
        wacc_buf = np.zeros(nr * nc, dtype=np.float32)
        for k in range(ch, n_az, n_chunks):
            transpose = abs(math.cos(az_rad[k])) > abs(math.sin(az_rad[k]))
            if transpose:  # march along rows: the transposed grid, minor axis = columns
                G, oa, ob = HT, oi, oj
                acc = acc_buf.reshape((nc, nr))
                wacc = wacc_buf.reshape((nc, nr))
            else:
                G, oa, ob = H, oj, oi
                acc = acc_buf.reshape((nr, nc))
                wacc = wacc_buf.reshape((nr, nc))
            _sweep_one_azimuth(G, transpose, cell_m, az_rad[k], height_m, near_m, out, k,
                               radius_m, tmp_s, tmp_w, tmp_q, hs, hw, acc, wacc, q_lines, ri0,
                               ri1, rj0, rj1, reach_m, oa, ob, ps, pw, lg_p, lg_top, lg_pos,
                               lg_s, lg_w)
    return out


def _sweep_grids(terrain: Terrain) -> tuple[np.ndarray, np.ndarray]:
    """The heights as float64, C-contiguous, and their transpose (the two march layouts)."""
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    return H, np.ascontiguousarray(H.T)


def check_threads(n_threads) -> None:
    """An :class:`InputError` unless ``n_threads`` is None or 1 <= n_threads <= the threads
    numba started with (NUMBA_NUM_THREADS, by default the machine's cores)."""
    top = numba.config.NUMBA_NUM_THREADS
    if n_threads is not None and not (isinstance(n_threads, (int, np.integer))
                                      and not isinstance(n_threads, bool)
                                      and 1 <= n_threads <= top):
        raise InputError("n_threads", n_threads, f"an integer from 1 to {top} (or None: all)")


@contextmanager
def numba_threads(n_threads: int | None):
    """Run the numba parallel kernels inside with ``n_threads`` threads (None: unchanged), and
    restore the previous count after (:func:`check_threads` first)."""
    check_threads(n_threads)
    if n_threads is None:
        yield
        return
    old = numba.get_num_threads()
    numba.set_num_threads(int(n_threads))
    try:
        yield
    finally:
        numba.set_num_threads(old)


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
    with numba_threads(n_threads):
        out = _horizon_map_kernel(H, HT, float(cell_m), np.radians(np.asarray(az_deg, float)),
                                  float(height_m), float(near_field_m), MOON_RADIUS_M,
                                  int(lines_per_cell), int(i0), int(i1), int(j0), int(j1),
                                  float(reach_m), int(offset[0]), int(offset[1]),
                                  min(len(az_deg), 4 * numba.get_num_threads()))
    # tan -> degrees one azimuth at a time (cache-sized blocks; numpy's float32 arctan is
    # SIMD-vectorised, ~10x faster than a scalar atan in the kernel); -inf -> -90 (no terrain).
    # numpy releases the GIL in ufuncs, so the azimuths are shared among the kernel's threads.
    def _to_degrees(ks):
        for k in ks:
            np.arctan(out[k], out=out[k])
            np.multiply(out[k], np.float32(180.0 / np.pi), out=out[k])

    n_conv = int(n_threads) if n_threads is not None else numba.get_num_threads()
    if n_conv > 1 and out.shape[0] > 1:
        with ThreadPoolExecutor(n_conv) as pool:
            list(pool.map(_to_degrees, [range(t, out.shape[0], n_conv) for t in range(n_conv)]))
    else:
        _to_degrees(range(out.shape[0]))
    return out
