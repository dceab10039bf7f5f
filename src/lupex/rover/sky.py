"""Sun and Earth over the local grid on a time grid: who is above which cell's horizon, when.

A :class:`Sky` holds, for the Sun and for the Earth, per time sample k (step ``dt_s``):
elevation at the grid's reference point, the body's horizontal direction in grid coordinates, an
azimuth-bin index into per-cell local horizons, and the far-field horizon toward the body. A cell
c sees the body at sample k when

    el_ref[k] + deg((x_c u_x[k] + y_c u_y[k]) / R)  >  max(local[bin[k], c], far[k]) + threshold

where (x_c, y_c) is the cell's offset (m) from the reference point: the second term is the tilt of
the local vertical across the grid on the 1,737.4 km sphere (exact to first order in offset/R).
The Sun counts as "up" when its centre is above the horizon (half the disc visible); the solar
array's output uses the exact visible fraction of the disc (:func:`lupex.rover.model.disc_visible_fraction`).

Two constructors: :func:`sky_from_masks` (explicit per-cell boolean arrays on a time grid, for
tests and for callers who computed illumination elsewhere, e.g. ``lupex.site``) and
:func:`sky_from_ephemeris` (JPL DE421 through :mod:`lupex.ephemeris` + local horizons computed on
the grid by lupex's horizon engine, :func:`local_horizons` via
:func:`lupex.site.horizon.horizon_map`, + a far-field horizon profile).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.constants import AU_M, MOON_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import grid_azimuth_offset_deg
from lupex.rover import _sky_kernels as K
from lupex.rover.grid import LocalGrid
import lupex.display as _display
from lupex.units import accepts


@dataclass(frozen=True)
class BodySky:
    """One body's sky on the time grid (see module docstring). Angles in degrees."""

    el_deg: np.ndarray  # (nt,)
    ux: np.ndarray  # (nt,) grid-frame unit horizontal direction toward the body
    uy: np.ndarray
    az_bin: np.ndarray  # (nt,) float64 fractional index into horizon_deg (bin b at b·360/n°)
    horizon_deg: np.ndarray  # (n_bins, ncell) float32 local horizons
    far_deg: np.ndarray  # (nt,) far-field horizon toward the body
    threshold_deg: float = 0.0

    def args(self):
        return (self.el_deg, self.ux, self.uy, self.az_bin, self.horizon_deg, self.far_deg)


@_display.result()
@dataclass(frozen=True)
class Sky:
    """Sun and Earth visibility over a grid of ``shape`` on times t_k = k·dt_s from ``start``.

    start: astropy Time of sample 0 (None for synthetic skies). xoff_m/yoff_m: (ncell,) offsets of
    the cells from the reference point. sun_distance_au: (nt,). description: where it came from.
    """

    shape: tuple[int, int]
    dt_s: float
    sun: BodySky
    earth: BodySky
    xoff_m: np.ndarray
    yoff_m: np.ndarray
    sun_distance_au: np.ndarray
    start: object = None
    description: str = ""

    @property
    def nt(self) -> int:
        return int(self.sun.el_deg.shape[0])

    @property
    def duration_s(self) -> float:
        return self.nt * self.dt_s

    def visible(self, body: str, k: int) -> np.ndarray:
        """Boolean (ny, nx) map of cells that see ``body`` ("sun"/"earth") at sample k."""
        b = self.sun if body == "sun" else self.earth
        el = b.el_deg[k] + np.degrees((self.xoff_m * b.ux[k] + self.yoff_m * b.uy[k]) / MOON_RADIUS_M)
        nb = b.horizon_deg.shape[0]
        b0 = int(np.floor(b.az_bin[k]))
        f = b.az_bin[k] - b0
        loc = b.horizon_deg[b0 % nb] if f == 0 else \
            (1 - f) * b.horizon_deg[b0 % nb] + f * b.horizon_deg[(b0 + 1) % nb]
        h = np.maximum(loc, b.far_deg[k])
        return (el > h + b.threshold_deg).reshape(self.shape)

    def series(self, body: str, cells: np.ndarray, times_s: np.ndarray):
        """(elevation, horizon) in degrees of ``body`` for each (cell id, time) pair."""
        b = self.sun if body == "sun" else self.earth
        return K.sky_series(np.asarray(cells, np.int64), np.asarray(times_s, float), self.dt_s,
                            b.el_deg, b.ux, b.uy, self.xoff_m, self.yoff_m, 1.0 / MOON_RADIUS_M,
                            b.az_bin, b.horizon_deg, b.far_deg)

    def sun_azimuth_grid_deg(self, times_s) -> np.ndarray:
        """Sun azimuth clockwise from grid +y (deg) at the given times (sample values)."""
        k = np.clip((np.asarray(times_s) // self.dt_s).astype(int), 0, self.nt - 1)
        return np.degrees(np.arctan2(self.sun.ux[k], self.sun.uy[k])) % 360.0


def _mask_body(mask: np.ndarray, el_deg) -> BodySky:
    nt = mask.shape[0]
    hor = np.where(mask.reshape(nt, -1), -90.0, 90.0).astype(np.float32)
    el = np.full(nt, 0.0) if el_deg is None else np.asarray(el_deg, float)
    return BodySky(el_deg=np.where(np.isfinite(el), el, 0.0), ux=np.zeros(nt), uy=np.zeros(nt),
                   az_bin=np.arange(nt, dtype=np.float64), horizon_deg=hor,
                   far_deg=np.full(nt, -90.0), threshold_deg=-89.0)


def sky_from_masks(sun_lit: np.ndarray, dt_s: float, earth_visible: np.ndarray | None = None,
                   sun_el_deg=None, sun_az_grid_deg=None, description="explicit masks") -> Sky:
    """A :class:`Sky` from explicit boolean arrays (nt, ny, nx): True where the cell sees the body.

    sun_el_deg, sun_az_grid_deg (nt,): the Sun's elevation and grid azimuth used by the energy
    model (defaults 1° and 0°). Cells marked lit get the full disc, unlit cells none (a mask
    carries no horizon heights): internally horizons of −90°/+90° with a −89° threshold.
    """
    sun_lit = np.asarray(sun_lit, dtype=bool)
    if sun_lit.ndim != 3:
        raise InputError("sun_lit", sun_lit.shape, "a boolean array of shape (nt, ny, nx)")
    if not dt_s > 0:
        raise InputError("dt_s", dt_s, "a positive time step in seconds")
    nt, ny, nx = sun_lit.shape
    if earth_visible is None:
        earth_visible = np.ones_like(sun_lit)
    earth_visible = np.asarray(earth_visible, dtype=bool)
    if earth_visible.shape != sun_lit.shape:
        raise InputError("earth_visible", earth_visible.shape, f"the shape of sun_lit {sun_lit.shape}")
    el = np.full(nt, 1.0) if sun_el_deg is None else np.asarray(sun_el_deg, float)
    sun = _mask_body(sun_lit, el)
    # keep the real elevation for the energy model but decide visibility by the mask alone
    sun = BodySky(el_deg=el, ux=sun.ux, uy=sun.uy, az_bin=sun.az_bin,
                  horizon_deg=np.where(sun_lit.reshape(nt, -1), -90.0, 90.0).astype(np.float32),
                  far_deg=sun.far_deg, threshold_deg=0.0)
    if sun_az_grid_deg is not None:
        # the grid direction is used by the energy model only; curvature terms stay zero because
        # xoff = yoff = 0 for mask skies
        a = np.radians(np.asarray(sun_az_grid_deg, float))
        sun = BodySky(el_deg=sun.el_deg, ux=np.sin(a), uy=np.cos(a), az_bin=sun.az_bin,
                      horizon_deg=sun.horizon_deg, far_deg=sun.far_deg, threshold_deg=0.0)
    earth = _mask_body(earth_visible, None)
    zeros = np.zeros(ny * nx)
    return Sky(shape=(ny, nx), dt_s=float(dt_s), sun=sun, earth=earth, xoff_m=zeros,
               yoff_m=zeros.copy(), sun_distance_au=np.ones(nt), description=description)


def local_horizons(grid: LocalGrid, heights: np.ndarray | None = None, n_bins: int = 72,
                   observer_height_m: float = 1.0, reach_m: float | None = None,
                   pole: int = -1) -> np.ndarray:
    """Horizon elevation (deg) of every cell of ``grid`` toward ``n_bins`` grid azimuths
    (bin b at b·360/n_bins°, clockwise from grid +y): (n_bins, ny·nx) float32, cell id
    i·nx + j; −90 where no terrain lies ahead on the grid.

    Computed by lupex's horizon engine, :func:`lupex.site.horizon.horizon_map` (the sweep the
    landing stage's region maps use: terrain linear between cells, curvature drop d²/2R, no
    near field: ``heights`` are already what the near-field policy admits, see
    :func:`lupex.rover.terrain.horizon_heights`), on ``heights`` (default ``grid.heights``).

    reach_m: terrain within ``reach_m`` of a cell always counts. When the grid ((n − 1) cells
    across) is wider than 2 × reach_m the observers are taken in square blocks of side
    ``reach_m``, each seeing the terrain of its block widened by ``reach_m`` on every side: terrain farther than
    2√2 × reach_m is never seen, terrain between reach_m and that may be (a square window, not
    a circle). None: the whole grid.
    """
    from lupex.site.horizon import horizon_map
    from lupex.site.terrain import Terrain

    z = grid.heights if heights is None else np.asarray(heights, float)
    if z.shape != grid.shape:
        raise InputError("horizon heights", z.shape, f"an array of the grid's shape {grid.shape}")
    ny, nx = z.shape
    cell = float(grid.cell_m)
    # the site package's grids have row i along -y: flip the rows (rover convention: along +y)
    t = Terrain(np.ascontiguousarray(z[::-1], dtype=np.float32), float(grid.x0_m),
                float(grid.y0_m + (ny - 1) * cell), cell, ("rover grid",), (cell,),
                np.zeros((ny, nx), dtype=np.int8), int(pole))
    out = np.empty((n_bins, ny, nx), dtype=np.float32)
    r = None if reach_m is None else max(1, int(np.ceil(float(reach_m) / cell)))
    if r is None or (ny - 1 <= 2 * r and nx - 1 <= 2 * r):
        blocks = [(0, ny, 0, nx)]
    else:
        blocks = [(i0, min(i0 + r, ny), j0, min(j0 + r, nx))
                  for i0 in range(0, ny, r) for j0 in range(0, nx, r)]
    pad = 0 if len(blocks) == 1 else r
    for i0, i1, j0, j1 in blocks:  # rows of t (along -y)
        a0, a1 = max(0, i0 - pad), min(ny, i1 + pad)
        b0, b1 = max(0, j0 - pad), min(nx, j1 + pad)
        sub = t.subgrid(a0, a1, b0, b1)
        h = horizon_map(sub, observer_height_m, n_bins, 0.0,
                        region=(i0 - a0, i1 - a0, j0 - b0, j1 - b0))
        out[:, i0:i1, j0:j1] = np.moveaxis(h, -1, 0)
    # back to the rover's row order, flattened per bin
    return np.ascontiguousarray(out[:, ::-1, :].reshape(n_bins, ny * nx))


@accepts(epochs=("start",))
def sky_from_ephemeris(grid: LocalGrid, lat_deg: float, lon_deg: float, start, days: float,
                       dt_s: float = 3600.0, far_horizon=None, n_bins: int = 72,
                       observer_height_m: float = 1.0, local_reach_m: float = 1500.0,
                       horizon_heights: np.ndarray | None = None,
                       sun_threshold_deg: float = 0.0, earth_threshold_deg: float = 0.0,
                       description: str = "") -> Sky:
    """Sun and Earth from JPL DE421 over ``grid`` for ``days`` from ``start`` every ``dt_s``.

    lat_deg, lon_deg: selenographic position of the grid's reference point (the grid centre).
    far_horizon: callable(grid_azimuth_deg array) -> horizon elevation (deg) of the distant
        terrain seen from the reference point, or None for a bare sphere (0° minus nothing).
    horizon_heights: heights (m) used for the local horizons (default ``grid.heights``); pass the
        part of the terrain that the near-field policy admits (see lupex.rover.terrain).
    observer_height_m: height of the solar array / antenna above the ground (m), default 1 m.
    Elevations are topocentric at the reference point (Earth parallax included); azimuths are
    turned into grid directions with the projection's local Jacobian.
    """
    from astropy import units as u

    from lupex.ephemeris import azimuth_elevation, to_time

    t0 = to_time(start, "surface start epoch")
    nt = int(np.ceil(days * 86400.0 / dt_s))
    if nt < 1:
        raise InputError("days", days, "a positive duration")
    t = t0 + (np.arange(nt) * dt_s) * u.s
    ny, nx = grid.shape
    i, j = np.mgrid[0:ny, 0:nx]
    ic, jc = (ny - 1) / 2.0, (nx - 1) / 2.0
    xoff = ((j - jc) * grid.cell_m).ravel().astype(float)
    yoff = ((i - ic) * grid.cell_m).ravel().astype(float)
    rot = grid_azimuth_offset_deg(lat_deg, lon_deg)
    z = grid.heights if horizon_heights is None else np.asarray(horizon_heights, float)
    hor = local_horizons(grid, z, n_bins, observer_height_m, local_reach_m,
                         pole=-1 if lat_deg < 0 else 1)
    bodies = {}
    dist_au = None
    for body, thr in (("sun", sun_threshold_deg), ("earth", earth_threshold_deg)):
        h_obs = max(float(grid.heights[int(ic), int(jc)]) + observer_height_m, 0.0)
        ae = azimuth_elevation(body, lat_deg, lon_deg, h_obs, t)
        az_grid = (np.asarray(ae.azimuth_deg) + rot) % 360.0
        a = np.radians(az_grid)
        far = np.zeros(nt) - 90.0 if far_horizon is None else np.asarray(far_horizon(az_grid), float)
        bins = (az_grid / (360.0 / n_bins)) % n_bins
        bodies[body] = BodySky(el_deg=np.asarray(ae.elevation_deg, float), ux=np.sin(a),
                               uy=np.cos(a), az_bin=bins, horizon_deg=hor, far_deg=far,
                               threshold_deg=thr)
        if body == "sun":
            dist_au = np.asarray(ae.distance_m, float) / AU_M
    return Sky(shape=(ny, nx), dt_s=float(dt_s), sun=bodies["sun"], earth=bodies["earth"],
               xoff_m=xoff, yoff_m=yoff, sun_distance_au=dist_au, start=t0,
               description=description)


def sky_statistics(sky: Sky, k0: int = 0, k1: int | None = None,
                   dark_threshold_deg: float | None = None) -> dict:
    """Per-cell maps (ny, nx) over samples k0..k1: fractions of time with the Sun, the Earth,
    both, and the longest run without the Sun (hours).

    dark_threshold_deg: if given, also ``longest_below_threshold_h``, the longest run with the
    Sun's centre below the cell's horizon + this offset (deg; negative = below the horizon), e.g.
    :func:`lupex.rover.havens.survival_sun_offset_deg` for darkness in the energy sense."""
    k1 = sky.nt if k1 is None else min(k1, sky.nt)
    n = sky.shape[0] * sky.shape[1]
    s, e = sky.sun, sky.earth
    thr_dark = s.threshold_deg if dark_threshold_deg is None else float(dark_threshold_deg)
    sn, en, bn, longest, longest2 = K.sky_stats(
        n, sky.nt, k0, k1, s.el_deg, s.ux, s.uy, s.az_bin, s.horizon_deg, s.far_deg,
        s.threshold_deg, e.el_deg, e.ux, e.uy, e.az_bin, e.horizon_deg, e.far_deg,
        e.threshold_deg, sky.xoff_m, sky.yoff_m, 1.0 / MOON_RADIUS_M, thr_dark)
    m = max(k1 - k0, 1)
    out = {"sun": (sn / m).reshape(sky.shape), "earth": (en / m).reshape(sky.shape),
           "both": (bn / m).reshape(sky.shape),
           "longest_dark_h": (longest * sky.dt_s / 3600.0).reshape(sky.shape)}
    if dark_threshold_deg is not None:
        out["longest_below_threshold_h"] = (longest2 * sky.dt_s / 3600.0).reshape(sky.shape)
    return out


def illumination_stats(sky: Sky, body: str = "sun", k0: int = 0, k1: int | None = None):
    """Fraction of samples each cell sees ``body`` and (Sun only) its longest run without it
    (hours), over samples k0..k1; both (ny, nx)."""
    st = sky_statistics(sky, k0, k1)
    return st[body], st["longest_dark_h"]


def joint_fraction(sky: Sky, k0: int = 0, k1: int | None = None) -> np.ndarray:
    """Fraction of samples k0..k1 each cell sees both the Sun and the Earth, (ny, nx)."""
    return sky_statistics(sky, k0, k1)["both"]
