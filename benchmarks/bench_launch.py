"""Benchmark lupex.launch: one ascent simulation, one ascent optimisation, two capacity solves and
a 20-point payload-versus-C3 curve (restart and direct profiles). Wall-clock seconds after a
warm-up call (numba compilation excluded; it is cached on disk)."""

from __future__ import annotations

import time

import numpy as np


def _best_of(fn, n):
    best = np.inf
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run() -> dict:
    import math

    from lupex.launch import Guidance, Target, get_vehicle, payload_capacity, payload_vs_c3
    from lupex.launch import simulate, solve_ascent

    v = get_vehicle("H3-24L")
    tg = Target.orbit(200, 200, 30.4)
    g = Guidance(math.radians(90.0), math.radians(20.0), -1.0, 0.0056)
    simulate(v, 6000.0, tg, g, record=False)  # warm-up (numba)
    t_sim = _best_of(lambda: simulate(v, 6000.0, tg, g, record=False), 20)
    t_opt = _best_of(lambda: solve_ascent(v, 6000.0, tg), 3)
    t0 = time.perf_counter()
    perf = payload_capacity(v, "gto1500")
    t_cap = time.perf_counter() - t0
    t0 = time.perf_counter()
    leo = payload_capacity(v, "leo200")
    t_leo = time.perf_counter() - t0
    c3 = np.linspace(-2.0, 10.0, 20)
    t0, c0 = time.perf_counter(), time.process_time()
    restart = payload_vs_c3(v, c3, "restart")
    t_restart, c_restart = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    direct = payload_vs_c3(v, c3, "direct")
    t_direct, c_direct = time.perf_counter() - t0, time.process_time() - c0
    return {
        "ascent_simulation": {"value": round(t_sim * 1e3, 3), "unit": "ms",
                              "target": "fast enough for optimisation (< 10 ms)"},
        "ascent_optimisation": {"value": round(t_opt, 3), "unit": "s",
                                "target": "one SLSQP ascent solve, H3-24L to 200 km"},
        "gto1500_capacity": {"value": round(t_cap, 3), "unit": "s",
                             "target": "multi-start capacity solve incl. restart burns",
                             "payload_kg": round(perf.payload_kg, 1),
                             "converged_starts": sum(s["converged"]
                                                     for s in perf.detail["starts"])},
        "leo200_capacity": {"value": round(t_leo, 3), "unit": "s",
                            "target": "multi-start capacity solve, three starts",
                            "payload_kg": round(leo.payload_kg, 1),
                            "converged_starts": sum(s["converged"] for s in leo.detail["starts"])},
        "payload_vs_c3_restart_20pts": {"value": round(t_restart, 3), "unit": "s",
                                        "target": "< 30 s on 2 cores",
                                        "payload_at_c3_-2_kg": round(float(restart[0, 1]), 1),
                                        "cpu_s": round(c_restart, 3)},
        "payload_vs_c3_direct_20pts": {"value": round(t_direct, 3), "unit": "s",
                                       "target": "< 30 s on 2 cores",
                                       "payload_at_c3_-2_kg": round(float(direct[0, 1]), 1),
                                       "n_failed": int(np.sum(~np.isfinite(direct[:, 1]))),
                                       "cpu_s": round(c_direct, 3)},
        "load_average_1min": {"value": round(__import__("os").getloadavg()[0], 2), "unit": "",
                              "target": "context: the machine is shared (2 cores)"},
    }
