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
below ``tol_k``.
"""

from __future__ import annotations

import numpy as np
from numba import njit


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
    inv350 = 1.0 / 350.0
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
        for i in range(nc):
            hold[i] = _enthalpy(t[i + 1], c0, c1, c2, c3, c4)
        it = 0
        converged = False
        while it < max_iter:
            it += 1
            for i in range(nc):
                x = t[i + 1] * inv350
                k[i] = kc[i] * (1.0 + chi * x * x * x)
            g[0] = 2.0 * k[0] / dz[0]
            for i in range(1, nc):
                g[i] = 1.0 / (0.5 * dz[i - 1] / k[i - 1] + 0.5 * dz[i] / k[i])
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
                cap = rho_dz[i] / dt
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
                den = b[j] - a[j] * cp_[j - 1]
                cp_[j] = cu[j] / den
                dp[j] = (r[j] - a[j] * dp[j - 1]) / den
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
