"""Second implementation for tests: the IAU WGCCRE rotation model of the Moon.

Archinal, B. A., et al. (2011), Report of the IAU Working Group on Cartographic Coordinates and
Rotational Elements: 2009, Celest. Mech. Dyn. Astr. 109:101-135, Table 2 (Moon, with the periodic
terms E1..E13). The IAU_MOON frame it defines is an approximation of the mean-Earth/polar-axis
frame (differences of order 0.01°), adequate to check lupex's DE421 PA-kernel frame to 0.05°.
"""

import numpy as np

_E = [  # (constant deg, rate deg/day)
    (125.045, -0.0529921), (250.089, -0.1059842), (260.008, 13.0120009), (176.625, 13.3407154),
    (357.529, 0.9856003), (311.589, 26.4057084), (134.963, 13.0649930), (276.617, 0.3287146),
    (34.226, 1.7484877), (15.134, -0.1589763), (119.743, 0.0036096), (239.961, 0.1643573),
    (25.053, 12.9590088),
]
_A = [-3.8787, -0.1204, 0.0700, -0.0172, 0.0, 0.0072, 0.0, 0.0, 0.0, -0.0052, 0.0, 0.0, 0.0043]
_D = [1.5419, 0.0239, -0.0278, 0.0068, 0.0, -0.0029, 0.0009, 0.0, 0.0, 0.0008, 0.0, 0.0, -0.0009]
_W = [3.5610, 0.1208, -0.0642, 0.0158, 0.0252, -0.0066, -0.0047, -0.0046, 0.0028, 0.0052, 0.0040,
      0.0019, -0.0044]


def rotation_icrf_to_iau_moon(d_tdb: np.ndarray) -> np.ndarray:
    """Matrices (N, 3, 3) with v_IAU_MOON = R @ v_ICRF; d_tdb = days since J2000 TDB."""
    d = np.atleast_1d(np.asarray(d_tdb, float))
    T = d / 36525.0
    E = np.radians(np.array([c + r * d for c, r in _E]))  # (13, N)
    a0 = 269.9949 + 0.0031 * T + np.dot(_A, np.sin(E))
    d0 = 66.5392 + 0.0130 * T + np.dot(_D, np.cos(E))
    W = 38.3213 + 13.17635815 * d - 1.4e-12 * d**2 + np.dot(_W, np.sin(E))
    a0, d0, W = np.radians(a0), np.radians(d0), np.radians(W)

    def rz(a):
        c, s = np.cos(a), np.sin(a)
        z, o = np.zeros_like(a), np.ones_like(a)
        return np.stack([np.stack([c, s, z], -1), np.stack([-s, c, z], -1), np.stack([z, z, o], -1)], -2)

    def rx(a):
        c, s = np.cos(a), np.sin(a)
        z, o = np.zeros_like(a), np.ones_like(a)
        return np.stack([np.stack([o, z, z], -1), np.stack([z, c, s], -1), np.stack([z, -s, c], -1)], -2)

    return rz(W) @ rx(np.pi / 2 - d0) @ rz(a0 + np.pi / 2)
