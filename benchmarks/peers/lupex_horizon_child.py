"""Time ``lupex.site.horizon.horizon_map`` in a fresh process (clean peak-memory figure).

Usage: python lupex_horizon_child.py SPEC.json
SPEC: {"heights_npy", "cell_m", "n_az", "height_m", "near_field_m", "lines_per_cell",
       "keep_every" (save every k-th azimuth), "out_npy", "result_json"}
Writes the kept azimuths (ny, nx, n_keep) float32 to out_npy and the timing to result_json:
wall_s and cpu_s of the horizon_map call alone (after a JIT warm-up on a small grid),
peak RSS of the whole process (ru_maxrss), numba threads, output array size.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np


def main(spec_path: str) -> int:
    spec = json.loads(open(spec_path).read())
    import numba

    from lupex.site.horizon import horizon_map
    from lupex.site.terrain import Terrain

    H = np.load(spec["heights_npy"]).astype(np.float32)
    cell = float(spec["cell_m"])
    ny, nx = H.shape
    T = Terrain(H, -cell * (nx - 1) / 2, cell * (ny - 1) / 2, cell, ("grid",), (cell,),
                np.zeros(H.shape, np.int8), -1)
    kw = dict(near_field_m=float(spec["near_field_m"]), lines_per_cell=int(spec["lines_per_cell"]))
    horizon_map(T.subgrid(0, 40, 0, 40), float(spec["height_m"]), 8, **kw)  # JIT warm-up / cache
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    out = horizon_map(T, float(spec["height_m"]), int(spec["n_az"]), **kw)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    keep = int(spec.get("keep_every", 1))
    np.save(spec["out_npy"], np.ascontiguousarray(out[:, :, ::keep]))
    res = {
        "wall_s": wall,
        "cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
        "maxrss_mb": r1.ru_maxrss / 1024.0,
        "maxrss_before_call_mb": rss_before / 1024.0,
        "output_mb": out.nbytes / 2**20,
        "numba_threads": numba.get_num_threads(),
        "shape": list(out.shape),
    }
    open(spec["result_json"], "w").write(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
