"""numba kernels of the route planners (plain float arrays, no Python objects).

Grid convention: ``cost[i, j]`` with row i along grid +y and column j along grid +x; node id
``n = i * nx + j``; 8-connected moves; the edge cost of a move of length L (cell or cell·√2) is
L · (c_u + c_v) / 2, the convention of scikit-image's ``MCP_Geometric`` (van der Walt et al. 2014).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from lupex.rover._sky_kernels import _sky_ok

DI = np.array([-1, -1, -1, 0, 0, 1, 1, 1], dtype=np.int64)
DJ = np.array([-1, 0, 1, -1, 1, -1, 0, 1], dtype=np.int64)
DL = np.array([math.sqrt(2.0), 1.0, math.sqrt(2.0), 1.0, 1.0, math.sqrt(2.0), 1.0, math.sqrt(2.0)])


@njit(cache=True)
def _grown(a, n, m):
    """A copy of ``a`` with room for ``m`` entries, its first ``n`` kept."""
    b = np.empty(m, dtype=a.dtype)
    b[:n] = a[:n]
    return b


@njit(cache=True)
def _heap_push(hk, hv, size, key, val):
    if size >= hk.shape[0]:  # grow
        hk = _grown(hk, size, hk.shape[0] * 2)
        hv = _grown(hv, size, hv.shape[0] * 2)
    i = size
    hk[i] = key
    hv[i] = val
    while i > 0:
        p = (i - 1) >> 1
        if hk[p] <= hk[i]:
            break
        hk[p], hk[i] = hk[i], hk[p]
        hv[p], hv[i] = hv[i], hv[p]
        i = p
    return hk, hv, size + 1


@njit(cache=True)
def _heap_pop(hk, hv, size):
    key = hk[0]
    val = hv[0]
    size -= 1
    hk[0] = hk[size]
    hv[0] = hv[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        c = left
        if left + 1 < size and hk[left + 1] < hk[left]:
            c = left + 1
        if hk[i] <= hk[c]:
            break
        hk[c], hk[i] = hk[i], hk[c]
        hv[c], hv[i] = hv[i], hv[c]
        i = c
    return key, val, size


@njit(cache=True, inline="always")
def _octile(di, dj):
    """Length (cells) of the shortest 8-connected path over an empty grid: a lower bound of any
    8-connected route, so straight-line costs built on it stay admissible and consistent."""
    a = abs(di)
    b = abs(dj)
    if a < b:
        a, b = b, a
    return a + (math.sqrt(2.0) - 1.0) * b


@njit(cache=True)
def astar_static(cost, heights, cell_m, max_grade, si, sj, gi, gj, use_heuristic):
    """Least-cost 8-connected route from (si, sj) to (gi, gj).

    cost: (ny, nx) cost per metre (inf = impassable). heights: (ny, nx) m, used only to forbid
    steps whose grade |Δh|/L exceeds ``max_grade`` (pass inf to disable). Heuristic: octile
    distance × the smallest finite cost (admissible and consistent on an 8-connected grid), if
    ``use_heuristic``.
    Returns (total cost, predecessor array, number of expanded nodes); cost inf if unreachable.
    """
    ny, nx = cost.shape
    n = ny * nx
    g = np.full(n, np.inf)
    pred = np.full(n, -1, dtype=np.int64)
    closed = np.zeros(n, dtype=np.bool_)
    cmin = np.inf
    for i in range(ny):
        for j in range(nx):
            if cost[i, j] < cmin:
                cmin = cost[i, j]
    if not use_heuristic or not np.isfinite(cmin):
        cmin = 0.0
    start = si * nx + sj
    goal = gi * nx + gj
    if not np.isfinite(cost[si, sj]) or not np.isfinite(cost[gi, gj]):
        return np.inf, pred, 0
    g[start] = 0.0
    hk = np.empty(max(1024, n // 4), dtype=np.float64)
    hv = np.empty(max(1024, n // 4), dtype=np.int64)
    size = 0
    h0 = cmin * cell_m * _octile(si - gi, sj - gj)
    hk, hv, size = _heap_push(hk, hv, size, h0, start)
    expanded = 0
    while size > 0:
        key, u, size = _heap_pop(hk, hv, size)
        if closed[u]:
            continue
        closed[u] = True
        expanded += 1
        if u == goal:
            break
        ui = u // nx
        uj = u - ui * nx
        cu = cost[ui, uj]
        gu = g[u]
        for k in range(8):
            vi = ui + DI[k]
            vj = uj + DJ[k]
            if vi < 0 or vi >= ny or vj < 0 or vj >= nx:
                continue
            v = vi * nx + vj
            if closed[v]:
                continue
            cv = cost[vi, vj]
            if not np.isfinite(cv):
                continue
            length = DL[k] * cell_m
            if abs(heights[vi, vj] - heights[ui, uj]) > max_grade * length:
                continue
            nd = gu + 0.5 * (cu + cv) * length
            if nd < g[v]:
                g[v] = nd
                pred[v] = u
                h = cmin * cell_m * _octile(vi - gi, vj - gj)
                hk, hv, size = _heap_push(hk, hv, size, nd + h, v)
    return g[goal], pred, expanded


@njit(cache=True)
def reachable_static(cost, heights, cell_m, max_grade, si, sj):
    """Cells connected to (si, sj) by 8-connected moves between finite-cost cells whose grade
    |Δh|/L between cell centres is at most ``max_grade`` (the moves :func:`astar_static`
    allows); boolean (ny, nx). Breadth-first flood fill."""
    ny, nx = cost.shape
    seen = np.zeros((ny, nx), dtype=np.bool_)
    if not np.isfinite(cost[si, sj]):
        return seen
    qi = np.empty(ny * nx, dtype=np.int64)
    qj = np.empty(ny * nx, dtype=np.int64)
    seen[si, sj] = True
    qi[0] = si
    qj[0] = sj
    head = 0
    tail = 1
    while head < tail:
        ui = qi[head]
        uj = qj[head]
        head += 1
        for k in range(8):
            vi = ui + DI[k]
            vj = uj + DJ[k]
            if vi < 0 or vi >= ny or vj < 0 or vj >= nx or seen[vi, vj]:
                continue
            if not np.isfinite(cost[vi, vj]):
                continue
            if abs(heights[vi, vj] - heights[ui, uj]) > max_grade * DL[k] * cell_m:
                continue
            seen[vi, vj] = True
            qi[tail] = vi
            qj[tail] = vj
            tail += 1
    return seen


@njit(cache=True, inline="always")
def _wait_interval(c, k, ptr, lo, hi, nt):
    """The waiting interval [a, b) (samples) of cell c that contains sample k: the stretch between
    long darknesses. Inside a long darkness: (k, k) — no waiting possible."""
    a = 0
    for q in range(ptr[c], ptr[c + 1]):
        if k >= hi[q]:
            a = hi[q]
            continue
        if k >= lo[q]:
            return k, k
        return a, lo[q]
    return a, nt


@njit(cache=True)
def astar_time_intervals(cost, heights, cell_m, max_grade, si, sj, goals, t0, dt, vmax_cost,
                         sun_el, sun_ux, sun_uy, sun_bin, sun_hor, sun_far,
                         earth_el, earth_ux, earth_uy, earth_bin, earth_hor, earth_far,
                         xoff, yoff, inv_r, thr_sun, thr_earth, need_sun, need_earth,
                         ptr, lo, hi, start_free):
    """Earliest arrival with waiting allowed except through long darknesses (exact on the
    sampled sky).

    A search state is (cell, waiting interval): the rover may wait at a cell anywhere between two
    of its long darknesses ([lo, hi) sample ranges in CSR ``ptr/lo/hi``, see
    :func:`long_darkness`), never through one. Within one interval an earlier arrival dominates
    (it can wait for the later one), so the label-setting search (A* on arrival time with the
    octile heuristic) over states is exact; from a state, each neighbour is tried at the first
    drivable departure that reaches it in each of its own waiting intervals. A move u→v departing
    at t and lasting τ = L (c_u + c_v)/2 needs u drivable at t and v at t + τ (Sun and/or Earth
    up as required). ``start_free``: the start cell may be waited at any time.

    ``goals``: (m, 2) cells; the search stops at the first goal reached (earliest arrival among
    them), with the heuristic the smallest octile bound over the goals.

    Returns (arrival at the goal reached or inf, state cell, state arrival, state parent, state
    departure from parent, goal state id, states expanded).
    """
    ny, nx = cost.shape
    nt = sun_el.shape[0]
    start = si * nx + sj
    n_goals = goals.shape[0]
    is_goal = np.zeros(ny * nx, dtype=np.bool_)
    for q in range(n_goals):
        if np.isfinite(cost[goals[q, 0], goals[q, 1]]):
            is_goal[goals[q, 0] * nx + goals[q, 1]] = True
    cap = 1 << 16
    s_cell = np.empty(cap, dtype=np.int64)
    s_arr = np.empty(cap)
    s_par = np.empty(cap, dtype=np.int64)
    s_dep = np.empty(cap)
    ns = 0
    n = ny * nx
    last_b = np.full(n, -1, dtype=np.int64)  # end sample of the last expanded interval
    best_a = np.full(n, -1, dtype=np.int64)  # interval start of the best pending label
    best_t = np.full(n, np.inf)
    if not np.isfinite(cost[si, sj]) or not is_goal.any():
        return np.inf, s_cell[:0], s_arr[:0], s_par[:0], s_dep[:0], -1, 0
    hk = np.empty(4096, dtype=np.float64)
    hv = np.empty(4096, dtype=np.int64)
    size = 0
    s_cell[0] = start
    s_arr[0] = t0
    s_par[0] = -1
    s_dep[0] = np.nan
    ns = 1
    hk, hv, size = _heap_push(hk, hv, size, t0, 0)
    expanded = 0
    pend_next = np.empty(8, dtype=np.int64)  # next sample at which v must be reached, per k
    while size > 0:
        key, s, size = _heap_pop(hk, hv, size)
        u = s_cell[s]
        tu = s_arr[s]
        ku = int(tu // dt)
        if ku >= nt:
            continue
        if ku < last_b[u]:
            continue  # dominated: this interval of u was already expanded
        if start_free and u == start:
            a_u, b_u = 0, nt
        else:
            a_u, b_u = _wait_interval(u, ku, ptr, lo, hi, nt)
        last_b[u] = max(b_u, ku + 1)
        expanded += 1
        if is_goal[u]:
            return tu, s_cell[:ns], s_arr[:ns], s_par[:ns], s_dep[:ns], s, expanded
        ui = u // nx
        uj = u - ui * nx
        cu = cost[ui, uj]
        npend = 0
        for k in range(8):
            pend_next[k] = -1
            vi = ui + DI[k]
            vj = uj + DJ[k]
            if vi < 0 or vi >= ny or vj < 0 or vj >= nx:
                continue
            if not np.isfinite(cost[vi, vj]):
                continue
            if abs(heights[vi, vj] - heights[ui, uj]) > max_grade * DL[k] * cell_m:
                continue
            pend_next[k] = 0
            npend += 1
        kk = ku
        tdep = tu
        last_dep_sample = b_u if b_u > ku else ku + 1  # may depart up to the interval end
        while npend > 0 and kk < last_dep_sample and kk < nt:
            ok_u = True
            if need_sun and not _sky_ok(u, kk, sun_el, sun_ux, sun_uy, xoff, yoff, inv_r,
                                        sun_bin, sun_hor, sun_far, thr_sun):
                ok_u = False
            if ok_u and need_earth and not _sky_ok(u, kk, earth_el, earth_ux, earth_uy, xoff,
                                                   yoff, inv_r, earth_bin, earth_hor, earth_far,
                                                   thr_earth):
                ok_u = False
            if ok_u:
                for k in range(8):
                    if pend_next[k] < 0:
                        continue
                    vi = ui + DI[k]
                    vj = uj + DJ[k]
                    v = vi * nx + vj
                    tau = DL[k] * cell_m * 0.5 * (cu + cost[vi, vj])
                    ta = tdep + tau
                    k2 = int(ta // dt)
                    if k2 >= nt:
                        pend_next[k] = -1
                        npend -= 1
                        continue
                    if k2 < pend_next[k]:
                        continue  # this v-interval is already served by an earlier departure
                    ok_v = True
                    if need_sun and not _sky_ok(v, k2, sun_el, sun_ux, sun_uy, xoff, yoff, inv_r,
                                                sun_bin, sun_hor, sun_far, thr_sun):
                        ok_v = False
                    if ok_v and need_earth and not _sky_ok(v, k2, earth_el, earth_ux, earth_uy,
                                                           xoff, yoff, inv_r, earth_bin,
                                                           earth_hor, earth_far, thr_earth):
                        ok_v = False
                    if not ok_v:
                        continue
                    if start_free and v == start:
                        a_v, b_v = 0, nt
                    else:
                        a_v, b_v = _wait_interval(v, k2, ptr, lo, hi, nt)
                    # the next useful arrival at v is after the long darkness that ends (or
                    # contains) the waiting interval of this arrival
                    nxt = nt
                    if not (start_free and v == start):
                        for q in range(ptr[v], ptr[v + 1]):
                            if hi[q] > k2:
                                nxt = hi[q]
                                break
                    if nxt >= nt:
                        pend_next[k] = -1
                        npend -= 1
                    else:
                        pend_next[k] = nxt
                    if k2 < last_b[v]:
                        continue  # dominated at v
                    if best_a[v] == a_v and best_t[v] <= ta:
                        continue
                    best_a[v] = a_v
                    best_t[v] = ta
                    if ns >= s_cell.shape[0]:
                        m = s_cell.shape[0] * 2
                        s_cell = _grown(s_cell, ns, m)
                        s_arr = _grown(s_arr, ns, m)
                        s_par = _grown(s_par, ns, m)
                        s_dep = _grown(s_dep, ns, m)
                    s_cell[ns] = v
                    s_arr[ns] = ta
                    s_par[ns] = s
                    s_dep[ns] = tdep
                    hd = np.inf
                    for q in range(n_goals):
                        oq = _octile(vi - goals[q, 0], vj - goals[q, 1])
                        if oq < hd:
                            hd = oq
                    hd *= vmax_cost * cell_m
                    hk, hv, size = _heap_push(hk, hv, size, ta + hd, ns)
                    ns += 1
            if npend == 0:
                break
            # next departure sample: the earliest any pending neighbour could use
            nk = kk + 1
            mn = nt
            for k in range(8):
                if pend_next[k] > 0:
                    vi = ui + DI[k]
                    vj = uj + DJ[k]
                    tau = DL[k] * cell_m * 0.5 * (cu + cost[vi, vj])
                    need = int((pend_next[k] * dt - tau) // dt)
                    if need < mn:
                        mn = need
                elif pend_next[k] == 0:
                    mn = nk
            if mn > nk:
                nk = mn
            kk = nk
            tdep = kk * dt
    return np.inf, s_cell[:ns], s_arr[:ns], s_par[:ns], s_dep[:ns], -1, expanded
