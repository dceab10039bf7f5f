"""numba kernels of the 1-D regolith heat equation (plain floats and arrays, SI units).

Finite volumes on cells 1..N (thickness dz_i, centre z_i) below a surface node 0 of zero heat
capacity. Backward (implicit) Euler in time on the enthalpy form

    rho_i dz_i [H(T_i^{n+1}) - H(T_i^n)] / dt
        = G_{i-1/2} (T_{i-1} - T_i) - G_{i+1/2} (T_i - T_{i+1})

with H(T) = int c dT (so the scheme stores exactly the energy it exchanges), series conductances
G_{i+1/2} = 1 / (dz_i / 2k_i + dz_{i+1} / 2k_{i+1}), G_{1/2} = 2 k_1 / dz_1, the geothermal flux
into the bottom cell, and the surface energy balance

    F_in = eps sigma T_0^4 + G_{1/2} (T_0 - T_1)

solved together with the cells: Newton on H(T) and T_0^4, the conductances k(T) updated each
iteration (Picard), a tridiagonal (Thomas) solve per iteration, until the largest correction is
below ``tol_k``. (Putting dk/dT in the Jacobian as well saved 10 % of the iterations on a polar
region but diverged on 24 h steps across a sunrise; the Picard update does not.)
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from lupex.site._illum_kernels import _disc_fraction


@njit(cache=True)
def _cp(t, c0, c1, c2, c3, c4):
    return c0 + t * (c1 + t * (c2 + t * (c3 + t * c4)))


@njit(cache=True)
def _enthalpy(t, c0, c1, c2, c3, c4):
    return t * (c0 + t * (c1 / 2.0 + t * (c2 / 3.0 + t * (c3 / 4.0 + t * c4 / 5.0))))


@njit(cache=True)
def column_energy(t, rho_dz, coeffs):
    """Energy stored in the cells, J/m² (sum of rho dz H(T) over cells 1..N)."""
    c0, c1, c2, c3, c4 = coeffs[0], coeffs[1], coeffs[2], coeffs[3], coeffs[4]
    e = 0.0
    for i in range(1, t.shape[0]):
        e += rho_dz[i - 1] * _enthalpy(t[i], c0, c1, c2, c3, c4)
    return e


@njit(cache=True)
def _step(t, f, dt, rho_dz, kc, dz, c0, c1, c2, c3, c4, chi, eps_sigma, qb, tol_k, max_iter,
          hold, g, k, a, b, cu, r, cp_, dp, tp, predict):
    """One backward-Euler step of the column ``t`` (in place) under absorbed flux ``f`` (W/m²).

    Work arrays: hold, g, k (N,); a, b, cu, r, cp_, dp (N+1,). On return ``g`` holds the
    conductances of the new state. ``predict``: the iteration starts from the linear
    extrapolation 2 T^n - T^(n-1) instead of T^n (``tp`` (N+1,) holds T^(n-1) on entry and T^n
    on return); the converged step is the same to ``tol_k``. Returns (iterations, converged).
    """
    m = t.shape[0]
    nc = m - 1
    inv350 = 1.0 / 350.0
    inv_dt = 1.0 / dt
    for i in range(nc):
        hold[i] = _enthalpy(t[i + 1], c0, c1, c2, c3, c4)
    if predict:
        for j in range(m):
            x = t[j]
            y = 2.0 * x - tp[j]
            tp[j] = x
            t[j] = y if y > 2.0 else 2.0
    it = 0
    converged = False
    while it < max_iter:
        it += 1
        for i in range(nc):
            x = t[i + 1] * inv350
            k[i] = 0.5 * dz[i] / (kc[i] * (1.0 + chi * x * x * x))  # half-cell resistance
        g[0] = 1.0 / k[0]
        for i in range(1, nc):
            g[i] = 1.0 / (k[i - 1] + k[i])
        # surface row
        t0 = t[0]
        t03 = t0 * t0 * t0
        a[0] = 0.0
        b[0] = -4.0 * eps_sigma * t03 - g[0]
        cu[0] = g[0]
        r[0] = -(f - eps_sigma * t03 * t0 - g[0] * (t0 - t[1]))
        # cells
        for j in range(1, m):
            i = j - 1  # 0-based cell index
            cap = rho_dz[i] * inv_dt
            res = cap * (_enthalpy(t[j], c0, c1, c2, c3, c4) - hold[i])
            res -= g[i] * (t[j - 1] - t[j])
            diag = cap * _cp(t[j], c0, c1, c2, c3, c4) + g[i]
            a[j] = -g[i]
            if j < nc:
                res += g[j] * (t[j] - t[j + 1])
                diag += g[j]
                cu[j] = -g[j]
            else:
                res -= qb
                cu[j] = 0.0
            b[j] = diag
            r[j] = -res
        # Thomas algorithm
        cp_[0] = cu[0] / b[0]
        dp[0] = r[0] / b[0]
        for j in range(1, m):
            inv = 1.0 / (b[j] - a[j] * cp_[j - 1])
            cp_[j] = cu[j] * inv
            dp[j] = (r[j] - a[j] * dp[j - 1]) * inv
        big = 0.0
        d = dp[m - 1]
        for j in range(m - 1, -1, -1):
            if j < m - 1:
                d = dp[j] - cp_[j] * d
            tn = t[j] + d
            if tn < 2.0:
                tn = 2.0
            if abs(tn - t[j]) > big:
                big = abs(tn - t[j])
            t[j] = tn
        if big < tol_k:
            converged = True
            break
    return it, converged


@njit(cache=True)
def run_cycle(t, flux, dt, rho_dz, kc, dz, coeffs, chi, eps_sigma, qb, hist, tsum, fsum, tol_k,
              max_iter):
    """Advance the column through the flux series once (in place).

    t: (N+1,) temperatures, K (0 = surface node). flux: (n,) absorbed flux at the end of each
    step, W/m². rho_dz, kc, dz: (N,) cell mass per area kg/m², contact conductivity W/m/K,
    thickness m. hist: (n, N+1) receives T after each step; tsum: (N+1,) receives the sum over
    steps; fsum: (N,) the sum of the downward conductive flux across the top of each cell, W/m²
    (interface j between nodes j and j+1). Returns (emitted J/m², absorbed J/m², largest Newton
    iteration count, count of steps whose iteration did not converge).
    """
    n = flux.shape[0]
    m = t.shape[0]
    nc = m - 1
    c0, c1, c2, c3, c4 = coeffs[0], coeffs[1], coeffs[2], coeffs[3], coeffs[4]
    hold = np.empty(nc)
    g = np.empty(nc)  # g[0] = G_{1/2}; g[i] = conductance between cells i and i+1 (1-based)
    k = np.empty(nc)
    a = np.empty(m)  # sub-diagonal
    b = np.empty(m)  # diagonal
    cu = np.empty(m)  # super-diagonal
    r = np.empty(m)  # right-hand side (-residual)
    cp_ = np.empty(m)
    dp = np.empty(m)
    emitted = 0.0
    absorbed = 0.0
    worst = 0
    bad = 0
    for i in range(m):
        tsum[i] = 0.0
    for i in range(nc):
        fsum[i] = 0.0
    for s in range(n):
        f = flux[s]
        it, converged = _step(t, f, dt, rho_dz, kc, dz, c0, c1, c2, c3, c4, chi, eps_sigma, qb,
                              tol_k, max_iter, hold, g, k, a, b, cu, r, cp_, dp, hold,
                              False)  # no predictor (its array argument is unused)
        if it > worst:
            worst = it
        if not converged:
            bad += 1
        t0 = t[0]
        emitted += eps_sigma * t0 * t0 * t0 * t0 * dt
        absorbed += f * dt
        for j in range(m):
            hist[s, j] = t[j]
            tsum[j] += t[j]
        for j in range(nc):
            fsum[j] += g[j] * (t[j] - t[j + 1])
    return emitted, absorbed, worst, bad


@njit(cache=True)
def deep_shift(t, tsum, fsum, n, start, dz, kc, chi, qb):
    """Accelerated spin-up (in place): shift the cycle-mean temperature of nodes start+1..N so
    that the cycle-mean conductive flux across every interface below node ``start`` equals the
    geothermal flux (upward Q_b), linearised in the mean drop across each interface with the
    conductance at the mean temperatures (:mod:`lupex.ice.thermal`, "Accelerated spin-up").

    tsum: (N+1,) sum of the temperatures over the cycle's n steps; fsum: (N,) sum of the downward
    flux across the top of each cell (interface j between nodes j and j+1), W/m².
    """
    nc = dz.shape[0]
    inv = 1.0 / n
    shift = 0.0
    for j in range(start, nc):
        x0 = tsum[j] * inv / 350.0
        x1 = tsum[j + 1] * inv / 350.0
        k0 = kc[j - 1] * (1.0 + chi * x0 * x0 * x0)
        k1 = kc[j] * (1.0 + chi * x1 * x1 * x1)
        g = 1.0 / (0.5 * dz[j - 1] / k0 + 0.5 * dz[j] / k1)
        shift -= (-qb - fsum[j] * inv) / g
        t[j + 1] += shift


# -- many columns at once (region maps) -------------------------------------------------------

@njit(cache=True, parallel=True)
def cell_flux(hz, up, nrm, sun_u, sun_k, sun_w, sun_r, s_r2, n_az, absorb_lut, block):
    """Absorbed direct solar flux of many cells, averaged over blocks of ``block`` epochs, W/m².

    hz: (n_az, n_cells) float32 terrain horizon elevation, deg, at the GRID azimuths (azimuth-
    major; NaN cells give NaN). up, nrm: (n_cells, 3) local vertical and surface normal (Moon-fixed
    unit vectors). sun_u (nt, 3) Sun direction; sun_k, sun_w (nt,) its grid-azimuth bin and weight;
    sun_r (nt,) its angular radius, deg; s_r2 (nt,) solar flux at the Moon, W/m². The disc's
    visible fraction is that of the illumination maps (circular segment,
    :func:`lupex.site._illum_kernels._disc_fraction`); absorb_lut: 1 - A(i) on cos i = 0..1
    (sampled uniformly, linear between samples). Returns (flux (n_cells,
    ceil(nt/block)) float32: the mean over each block (the last block may be shorter); the mean
    visible fraction of the disc over all epochs (n_cells,)).
    """
    nc = up.shape[0]
    nt = sun_u.shape[0]
    nb = (nt + block - 1) // block
    out = np.empty((nc, nb), dtype=np.float32)
    frac = np.full(nc, np.nan)
    na = absorb_lut.shape[0] - 1
    for c in prange(nc):
        if math.isnan(hz[0, c]):
            for q in range(nb):
                out[c, q] = np.nan
            continue
        ux, uy, uz = up[c, 0], up[c, 1], up[c, 2]
        nx, ny, nz = nrm[c, 0], nrm[c, 1], nrm[c, 2]
        acc = 0.0
        cnt = 0
        q = 0
        vsum = 0.0
        for s in range(nt):
            k = sun_k[s]
            k1 = k + 1 if k + 1 < n_az else 0
            hh = hz[k, c] + sun_w[s] * (hz[k1, c] - hz[k, c])
            s0, s1, s2 = sun_u[s, 0], sun_u[s, 1], sun_u[s, 2]
            el = math.degrees(math.asin(min(max(s0 * ux + s1 * uy + s2 * uz, -1.0), 1.0)))
            vis = _disc_fraction(el, hh, 1.0 / sun_r[s])
            vsum += vis
            cosi = s0 * nx + s1 * ny + s2 * nz
            f = 0.0
            if cosi > 0.0 and vis > 0.0:
                v = min(cosi, 1.0) * na
                iv = min(int(v), na - 1)
                ab = absorb_lut[iv] + (v - iv) * (absorb_lut[iv + 1] - absorb_lut[iv])
                f = ab * s_r2[s] * vis * cosi
            acc += f
            cnt += 1
            if cnt == block or s == nt - 1:
                out[c, q] = acc / cnt
                q += 1
                acc = 0.0
                cnt = 0
        frac[c] = vsum / nt
    return out, frac


@njit(cache=True)
def _cycle_stats(t, flux, dt, rho_dz, kc, dz, c0, c1, c2, c3, c4, chi, eps_sigma, qb, tol_k,
                 max_iter, tsum, fsum, tmax, lsum, stats, sub, work1, work2, tp, predict):
    """One cycle of a column (in place) without the history; with ``stats`` also the running
    maximum ``tmax`` and the sum ``lsum`` of the free-sublimation rate exp(ln p_sv(T)) sqrt(1/T)
    (times sub[4], kg m^-2 s^-1) at every node; sub = Murphy & Koop (2005) Eq. 7 coefficients
    (a, b, c, d) and sqrt(m / 2 pi k_B). ``predict``: start each step's Newton iteration from
    the linear extrapolation 2 T^n - T^(n-1) (``tp`` holds T^(n-1) and is updated) instead of
    T^n; the converged step is the same to the Newton tolerance. Returns (emitted J/m², absorbed
    J/m², unconverged steps, Newton iterations).
    """
    n = flux.shape[0]
    m = t.shape[0]
    nc = m - 1
    hold, g, k = work1[0], work1[1], work1[2]
    a, b, cu, r, cp_, dp = work2[0], work2[1], work2[2], work2[3], work2[4], work2[5]
    emitted = 0.0
    absorbed = 0.0
    bad = 0
    its = 0
    for i in range(m):
        tsum[i] = 0.0
        if stats:
            tmax[i] = 0.0
            lsum[i] = 0.0
    for i in range(nc):
        fsum[i] = 0.0
    for s in range(n):
        f = float(flux[s])
        it, ok = _step(t, f, dt, rho_dz, kc, dz, c0, c1, c2, c3, c4, chi, eps_sigma, qb, tol_k,
                       max_iter, hold, g, k, a, b, cu, r, cp_, dp, tp, predict)
        its += it
        if not ok:
            bad += 1
        t0 = t[0]
        emitted += eps_sigma * t0 * t0 * t0 * t0 * dt
        absorbed += f * dt
        for j in range(m):
            tsum[j] += t[j]
        for j in range(nc):
            fsum[j] += g[j] * (t[j] - t[j + 1])
        if stats:
            for j in range(m):
                x = t[j]
                if x > tmax[j]:
                    tmax[j] = x
                lx = math.log(x)
                lsum[j] += math.exp(sub[0] - sub[1] / x + (sub[2] - 0.5) * lx - sub[3] * x)
    if stats:
        for j in range(m):
            lsum[j] *= sub[4]
    return emitted, absorbed, bad, its


@njit(cache=True)
def _spin_up(t, fl, dt, rho_dz, kc, dz, coeffs, chi, eps_sigma, qb, newton_tol_k, tol_k,
             max_cycles, start, accelerate, stats_from, sub, tsum, fsum, tmax, lsum, t_start,
             work1, work2, tp, out):
    """Cycle one column through the series ``fl`` (time step ``dt``) until the largest change of
    any node over a free cycle is below ``tol_k``, or for ``max_cycles``; in place. Between
    cycles that have not converged, the accelerated spin-up of the nodes below ``start``
    (:func:`deep_shift`). From cycle ``stats_from`` on (counted from 1; 0: never) each cycle
    also records the statistics and energy budget of :func:`_cycle_stats`, and the loop ends
    only on such a cycle, so the reported cycle is the one that met the tolerance (or the last).
    out[0..5] receives (emitted, absorbed, stored change J/m², unconverged Newton steps,
    Newton iterations, change K). Returns the cycles run.
    """
    m = t.shape[0]
    nc = m - 1
    n = fl.shape[0]
    c0, c1, c2, c3, c4 = coeffs[0], coeffs[1], coeffs[2], coeffs[3], coeffs[4]
    can = accelerate and start < nc - 1
    cyc = 0
    its = 0
    for j in range(m):
        tp[j] = t[j]
    while cyc < max_cycles:
        for j in range(m):
            t_start[j] = t[j]
        stats = stats_from > 0 and (cyc + 1 >= stats_from or cyc + 1 == max_cycles)
        e0 = column_energy(t, rho_dz, coeffs) if stats else 0.0
        em, ab, bad, it = _cycle_stats(t, fl, dt, rho_dz, kc, dz, c0, c1, c2, c3, c4, chi,
                                       eps_sigma, qb, newton_tol_k, 50, tsum, fsum, tmax, lsum,
                                       stats, sub, work1, work2, tp, True)
        its += it
        cyc += 1
        change = 0.0
        for j in range(m):
            d = abs(t[j] - t_start[j])
            if d > change:
                change = d
        out[5] = change
        if stats:
            out[0] = em
            out[1] = ab
            out[2] = column_energy(t, rho_dz, coeffs) - e0
            out[3] = bad
        if change < tol_k:
            if stats or stats_from == 0:
                break
            continue  # converged before the statistics start: one more (recorded) cycle
        if can and cyc < max_cycles:
            deep_shift(t, tsum, fsum, n, start, dz, kc, chi, qb)
            for j in range(m):
                tp[j] = t[j]  # no extrapolation across the shift
    out[4] = its
    return cyc


@njit(cache=True, parallel=True)
def run_columns(flux, dt, rho_dz, kc, dz, coeffs, chi, eps_sigma, qb, t_init, start, tol_k,
                max_cycles, newton_tol_k, accelerate, sub, coarse, coarse_tol_k):
    """Spin up many independent columns (one per row of ``flux``, (n_cells, n) W/m²) to their
    periodic state, as :func:`lupex.ice.run_thermal` does for one, in parallel over cells.

    t_init: (n_cells, N+1) initial temperatures; start: (n_cells,) node below which the deep
    layers are shifted (accelerated spin-up). Cells whose first flux is NaN are skipped (NaN out).
    coarse > 1: first spin up on the flux averaged over ``coarse`` steps (time step coarse * dt)
    to ``coarse_tol_k``; then the full series (:func:`_spin_up`), whose convergence test to
    ``tol_k`` is on a free cycle of the full series and whose statistics are those of that
    cycle (every cycle from the second on is recorded, so the converged cycle is not run twice).
    Each step's Newton iteration starts from the linear extrapolation 2 T^n - T^(n-1).
    Returns, over that last cycle: tmax, tmean, mean sublimation rate (kg m^-2 s^-1)
    (n_cells, N+1); cycles run on the full series, final change K, absorbed, emitted, basal,
    stored change J/m², unconverged Newton steps, Newton iterations (all phases) (n_cells,).
    """
    ncell, n = flux.shape
    m = t_init.shape[1]
    nc = m - 1
    tmax_o = np.full((ncell, m), np.nan)
    tmean_o = np.full((ncell, m), np.nan)
    loss_o = np.full((ncell, m), np.nan)
    cycles_o = np.zeros(ncell, dtype=np.int64)
    change_o = np.full(ncell, np.nan)
    budget = np.full((ncell, 4), np.nan)
    bad_o = np.zeros(ncell, dtype=np.int64)
    its_o = np.zeros(ncell, dtype=np.int64)
    for c in prange(ncell):
        if math.isnan(flux[c, 0]):
            continue
        t = t_init[c].copy()
        t_start = np.empty(m)
        tp = np.empty(m)
        tsum = np.empty(m)
        fsum = np.empty(nc)
        tmax = np.empty(m)
        lsum = np.empty(m)
        work1 = np.empty((3, nc))
        work2 = np.empty((6, m))
        out = np.zeros(6)
        fl = flux[c].astype(np.float64)
        its = 0
        if coarse > 1:
            nco = (n + coarse - 1) // coarse
            flc = np.zeros(nco)
            for s in range(n):
                flc[s // coarse] += fl[s]
            for q in range(nco):
                flc[q] /= min(coarse, n - q * coarse)
            _spin_up(t, flc, dt * coarse, rho_dz, kc, dz, coeffs, chi, eps_sigma, qb,
                     newton_tol_k, coarse_tol_k, max_cycles, start[c], accelerate, 0, sub,
                     tsum, fsum, tmax, lsum, t_start, work1, work2, tp, out)
            its += int(out[4])
        cyc = _spin_up(t, fl, dt, rho_dz, kc, dz, coeffs, chi, eps_sigma, qb, newton_tol_k,
                       tol_k, max_cycles, start[c], accelerate, 2, sub, tsum, fsum, tmax, lsum,
                       t_start, work1, work2, tp, out)
        its += int(out[4])
        for j in range(m):
            tmax_o[c, j] = tmax[j]
            tmean_o[c, j] = tsum[j] / n
            loss_o[c, j] = lsum[j] / n
        cycles_o[c] = cyc
        change_o[c] = out[5]
        budget[c, 0] = out[1]
        budget[c, 1] = out[0]
        budget[c, 2] = qb * n * dt
        budget[c, 3] = out[2]
        bad_o[c] = int(out[3])
        its_o[c] = its
    return tmax_o, tmean_o, loss_o, cycles_o, change_o, budget, bad_o, its_o
