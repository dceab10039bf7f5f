"""Sun and Earth visibility against the terrain horizon: site time series and maps.

Sun: the visible fraction of the solar disk above a locally straight horizon,
f = 1 - (acos(d) - d sqrt(1 - d^2)) / pi with d = (elevation - horizon) / r_sun clipped to [-1, 1]
(area of a circular segment, :func:`lupex.moon_geometry.disc_visible_fraction`), r_sun = asin(R_sun / distance), R_sun = 695,700 km (IAU 2015
Resolution B3 nominal solar radius) -- about 0.265°, the 0.53° disk.
Earth: visible (direct-to-Earth contact possible) when the centre of the Earth is above the horizon.

Figures (all over the sampled epochs, equally weighted):
- ``sun_fraction``: mean visible fraction of the solar disk (the "illumination" of Gläser et al.
  2014 and Mazarico et al. 2011 is the fraction of time lit, counting partial disks by the visible
  fraction);
- ``sun_any_fraction``: fraction of epochs with any part of the disk visible;
- ``earth_fraction``: fraction of epochs with the Earth's centre above the horizon;
- ``sun_and_earth_fraction``: mean of (visible Sun fraction) x (Earth visible);
- ``longest_dark_hours``: longest run of consecutive epochs with no part of the Sun visible,
  x step (an interval with the Sun fully hidden);
- PSR (maps): cells where no part of the Sun is visible at any epoch of the period. A one-year
  period finds the cells dark for that year; permanent shadow proper needs the 18.6-year cycle
  (pass a longer period).

Maps: :func:`illumination_map` reduces a horizon cube (every cell x every azimuth) against the
epochs; :func:`illumination_statistics` gives the same figures without the cube (azimuth blocks
streamed, memory proportional to the grid), over any period, with the worst year and the longest
darkness over the whole period (published polar studies, e.g. Mazarico et al. 2011, cover the
18.6-year nodal precession cycle of the lunar orbit, because a single year misleads).

Ephemeris: :func:`lupex.ephemeris.azimuth_elevation` for a site (topocentric, light-time corrected);
:func:`lupex.ephemeris.direction_moon_me` for maps (one Sun direction set for all cells; the
parallax across a polar map is < 0.0002° for the Sun, < 0.05° for the Earth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.constants import SUN_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import true_to_grid_azimuth
from lupex.site._illum_kernels import (_grid_az_index, _join_passes, _map_kernel, _stream_kernel,
                                       small_elevations)
from lupex.site.horizon import HORIZON_NODATA_I16, HORIZON_QUANTUM_DEG, grid_azimuths
from lupex.site.single_site import SiteIllumination, disk_fraction, longest_run, site_illumination
from lupex.site.terrain import Terrain
from lupex.site.years import YEAR_DAYS, year_of_epochs, year_starts_utc
import lupex.display as _display
from lupex.units import accepts

#: Most epochs in one illumination series (bounds memory and time).
MAX_EPOCHS = 2_000_000


@accepts(epochs=("start", "stop"))
def time_grid(start, stop, step_h: float) -> Time:
    """Epochs from ``start`` to ``stop`` (inclusive of start, exclusive of stop) every ``step_h`` h.

    Raises InputError for stop <= start, a non-positive step, more than 2,000,000 epochs, or
    (EphemerisRangeError) epochs outside DE421.
    """
    from lupex.ephemeris import to_time

    t0 = to_time(start, "start")
    t1 = to_time(stop, "stop")
    if not (np.isfinite(step_h) and step_h > 0):
        raise InputError("step_h (hours)", step_h, "a positive number of hours")
    span_h = (t1 - t0).to_value("hour")
    if span_h <= 0:
        raise InputError("stop", t1.isot, f"an epoch after start ({t0.isot})")
    n = int(math.ceil(span_h / step_h - 1e-9))
    if n > MAX_EPOCHS:
        raise InputError("step_h (hours)", step_h,
                         f"a step giving at most {MAX_EPOCHS:,} epochs ({n} asked)")
    return t0 + np.arange(n) * step_h / 24.0 * u.day


@_display.result()
@dataclass(frozen=True)
class IlluminationMap:
    """Map figures over a period (see module docstring). Arrays (ny, nx) on ``terrain``'s grid.

    sun_fraction, sun_and_earth_fraction: mean fractions; sun_any_fraction, earth_fraction: time
    fractions; longest_dark_hours; psr: bool mask (no Sun at any epoch); psr_area_km2 (true area,
    projection scale factor removed); height_m, near_field_m: the observer height and near field.
    """

    terrain: Terrain
    sun_fraction: np.ndarray
    sun_any_fraction: np.ndarray
    earth_fraction: np.ndarray
    sun_and_earth_fraction: np.ndarray
    longest_dark_hours: np.ndarray
    psr: np.ndarray
    psr_area_km2: float
    height_m: float
    near_field_m: float
    n_epochs: int
    step_h: float
    #: Multi-year figures (:func:`illumination_statistics`; None from :func:`illumination_map`):
    #: per cell, the lowest annual mean Sun fraction and Earth fraction over the complete years
    #: of the period, and the index of the year with the lowest Sun fraction (0 = the year from
    #: the period start); ``year_starts_utc`` lists the years (Julian years of 365.25 days).
    worst_year_sun_fraction: np.ndarray | None = None
    worst_year_earth_fraction: np.ndarray | None = None
    worst_year_index: np.ndarray | None = None
    year_starts_utc: tuple = ()


def _sun_earth_bins(times: Time, n_az: int, pole: int):
    """Moon-fixed unit vectors to the Sun and the Earth (DE421, :func:`lupex.ephemeris.
    direction_moon_me`), their grid-azimuth bins and weights (:func:`_grid_az_index`), and the
    Sun's angular radius (deg): (su, sk, sw, sr, eu, ek, ew)."""
    from lupex.ephemeris import direction_moon_me

    su, sd = direction_moon_me("sun", times)
    eu, _ = direction_moon_me("earth", times)
    su, eu = np.atleast_2d(su), np.atleast_2d(eu)
    sk, sw = _grid_az_index(su, n_az, pole)
    ek, ew = _grid_az_index(eu, n_az, pole)
    return su, sk, sw, np.degrees(np.arcsin(SUN_RADIUS_M / np.atleast_1d(sd))), eu, ek, ew


@accepts(epochs=("times",))
def illumination_map(terrain: Terrain, horizons: np.ndarray, times: Time, step_h: float,
                     height_m: float, near_field_m: float) -> IlluminationMap:
    """Illumination, Earth visibility, longest darkness and PSR of every cell of ``terrain``.

    ``horizons`` from :func:`lupex.site.horizon.horizon_map` on the same grid (GRID azimuths),
    float32 degrees or int16 codes of :func:`lupex.site.horizon.quantize_horizons`.
    Memory: the horizon cube (4 or 2 bytes per cell and azimuth); :func:`illumination_statistics`
    computes the same figures without it.
    One Sun/Earth direction set (:func:`lupex.ephemeris.direction_moon_me`) serves every cell;
    each cell's elevation uses its own local vertical.
    """
    ny, nx, n_az = horizons.shape
    if (ny, nx) != terrain.shape:
        raise InputError("horizons shape", horizons.shape, f"the terrain grid {terrain.shape} x n_az")
    lat, lon = terrain.cell_latlon()
    la, lo = np.radians(lat), np.radians(lon)
    up = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)
    su, sk, sw, sr, eu, ek, ew = _sun_earth_bins(times, n_az, terrain.pole)
    if horizons.dtype == np.int16:  # quantised (lupex.site.horizon.quantize_horizons)
        hz_azmajor = np.ascontiguousarray(np.moveaxis(horizons, -1, 0))
        hscale = HORIZON_QUANTUM_DEG
        nodata = hz_azmajor[0] == HORIZON_NODATA_I16
    else:
        hz_azmajor = np.ascontiguousarray(np.moveaxis(horizons, -1, 0), dtype=np.float32)
        hscale = 1.0
        nodata = np.isnan(hz_azmajor[0])
    s_sum, s_any, e_n, joint, dark = _map_kernel(hz_azmajor, hscale, nodata,
                                                 np.ascontiguousarray(up), su, sk, sw,
                                                 sr, eu, ek, ew, n_az,
                                                 small_elevations(up, su, eu))
    nt = su.shape[0]
    valid = np.isfinite(s_sum)
    psr = (s_any == 0) & valid
    k = terrain.scale_factor()
    area = float(np.sum((terrain.cell_m / k[psr]) ** 2) / 1e6)
    return IlluminationMap(terrain, s_sum, np.where(valid, s_any / nt, np.nan),
                           np.where(valid, e_n / nt, np.nan), joint,
                           np.where(valid, dark * float(step_h), np.nan), psr, area,
                           float(height_m), float(near_field_m), nt, float(step_h))


def grid_region(shape: tuple[int, int],
                region: tuple[int, int, int, int] | None) -> tuple[int, int, int, int]:
    """``region`` (i0, i1, j0, j1; rows then columns, end exclusive) as ints, the whole grid when
    None; an :class:`InputError` unless it is a non-empty box inside a grid of ``shape``."""
    ny, nx = shape
    region = tuple(int(v) for v in region) if region is not None else (0, ny, 0, nx)
    i0, i1, j0, j1 = region
    if not (0 <= i0 < i1 <= ny and 0 <= j0 < j1 <= nx):
        raise InputError("region (i0, i1, j0, j1)", region,
                         f"a non-empty box inside the grid {ny} x {nx}")
    return region


def illumination_statistics(terrain: Terrain, times: Time, step_h: float, height_m: float,
                            near_field_m: float, region: tuple[int, int, int, int] | None = None,
                            n_az: int = 360, lines_per_cell: int | None = None,
                            sector_az: int = 24, state_mb: float = 256.0,
                            n_threads: int | None = None, reach_m: float | None = None,
                            grid_offset: tuple[int, int] = (0, 0)) -> IlluminationMap:
    """The figures of :func:`illumination_map` for the cells of ``region`` of ``terrain``, and
    multi-year figures, without holding the horizon cube: memory grows with the grid, not with
    grid x azimuths.

    Method. Horizons are computed by the sweep of :func:`lupex.site.horizon.horizon_map` (same
    kernel, same values) one block of ``sector_az`` + 1 azimuths at a time. Each epoch needs the
    horizon at the two grid azimuths bracketing the Sun's (one bin per epoch for every cell, as in
    :func:`illumination_map`), so it is evaluated while its block is in memory; the Earth's
    azimuths (a narrow band near grid azimuth 0 seen from a pole: libration, +-8°) are computed
    once and kept. The Sun's grid azimuth turns monotonically (once per synodic month), so the
    epochs split into passes within which the blocks are visited in order; per pass and cell two
    small integers (the dark run at its end and at its start) carry the longest darkness across
    blocks and passes exactly. The per-epoch arithmetic is that of :func:`illumination_map`, so
    the two agree to float rounding (tests/site/test_scale.py).

    Multi-year: the period is cut into Julian years (365.25 d) from its start. Besides the
    period means, ``worst_year_sun_fraction`` / ``worst_year_earth_fraction`` are each cell's
    lowest annual mean over the complete years (the whole period when it is shorter than one
    year) and ``longest_dark_hours`` is the longest darkness over the whole period, across year
    boundaries. Long periods are processed in chunks of whole years, as many as fit in
    ``state_mb`` of darkness-run state; each chunk sweeps the horizons again (the cost of a
    horizon map per chunk).

    Parameters
    ----------
    terrain : the horizon grid (reach included); region : (i0, i1, j0, j1), the analysed cells
        (default the whole grid). The maps' terrain is ``terrain.subgrid(*region)``.
    times, step_h : epochs (:func:`time_grid`) and their spacing, h.
    height_m, near_field_m, n_az, lines_per_cell : as :func:`lupex.site.horizon.horizon_map`.
    sector_az : azimuths per block (memory: (sector_az + 1 + Earth band) x 4 bytes per cell).
    state_mb : memory for the darkness-run state of one chunk of years, MB.
    n_threads : numba threads of the horizon sweep and of the map kernels (default all cores).
    reach_m : farthest terrain seen from a cell, m (default None: everything to the grid edge,
        as :func:`lupex.site.horizon.horizon_map`). With a reach, the sweep lines are anchored to
        the grid of which ``terrain`` is the block at ``grid_offset`` (rows, columns), so that a
        block with a halo of the reach around ``region`` gives the values of the whole grid (the
        tiles of :func:`lupex.site.tiles.tiled_illumination_map`); the anchoring moves the lines
        by a fraction of a cell against the default, within the lateral interpolation error
        tabulated in :func:`lupex.site.horizon.horizon_map`.
    """
    from lupex.site._sweep import check_threads, numba_threads
    from lupex.site.horizon import (_check_height, _horizon_block, _sweep_grids,
                                    auto_lines_per_cell)

    _check_height(height_m)
    if not (isinstance(n_az, (int, np.integer)) and 4 <= n_az <= 7200):
        raise InputError("number of azimuths (n_az)", n_az, "an integer between 4 and 7200")
    if not (np.isfinite(near_field_m) and near_field_m >= 0):
        raise InputError("near_field_m", near_field_m, "a distance of 0 m or more")
    if not (isinstance(sector_az, (int, np.integer)) and 1 <= sector_az <= n_az):
        raise InputError("sector_az", sector_az, f"an integer from 1 to n_az ({n_az})")
    if not (np.isfinite(state_mb) and state_mb > 0):
        raise InputError("state_mb", state_mb, "a positive memory size, MB")
    if not (np.isfinite(step_h) and step_h > 0):
        raise InputError("step_h (hours)", step_h, "a positive number of hours")
    check_threads(n_threads)
    if lines_per_cell is None:
        lines_per_cell = auto_lines_per_cell(near_field_m, terrain.cell_m)
    if not (isinstance(lines_per_cell, (int, np.integer)) and 1 <= lines_per_cell <= 64):
        raise InputError("lines_per_cell", lines_per_cell, "an integer from 1 to 64 (or None: automatic)")
    min_reach = near_field_m + 2.0 * terrain.cell_m
    if reach_m is not None and not (np.isfinite(reach_m) and reach_m >= min_reach):
        raise InputError("reach_m", reach_m, f"a distance of at least the near field + 2 cells "
                                             f"({min_reach:.0f} m), or None (the whole grid)")
    ny0, nx0 = terrain.shape
    region = grid_region(terrain.shape, region)
    i0, i1, j0, j1 = region
    sub = terrain.subgrid(i0, i1, j0, j1)
    ny, nx = sub.shape
    lat, lon = sub.cell_latlon()
    la, lo = np.radians(lat), np.radians(lon)
    up = np.ascontiguousarray(np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo),
                                        np.sin(la)], axis=-1))
    del lat, lon, la, lo
    su, sk, sw, sr, eu, ek, ew = _sun_earth_bins(times, n_az, terrain.pole)
    nt = su.shape[0]
    small = small_elevations(up, su, eu)
    grids = _sweep_grids(terrain)
    cell_m = float(terrain.cell_m)
    az_step = 360.0 / n_az

    def block(idx):
        return _horizon_block(grids, cell_m, (np.asarray(idx) % n_az) * az_step, height_m,
                              near_field_m, int(lines_per_cell), region, n_threads,
                              reach_m=float(reach_m or 0.0), offset=grid_offset)

    # the Earth's band of azimuths, computed once
    e_bins = np.unique(np.concatenate([ek, (ek + 1) % n_az]))
    emap = np.full(n_az, -1, dtype=np.int64)
    emap[e_bins] = np.arange(e_bins.size)
    hz_e = block(e_bins)

    # years, sectors, chunks
    t_days = (times - times[0]).to_value("day")
    year, full_year = year_of_epochs(times, step_h)  # the one year rule (lupex.site.years)
    n_years = full_year.size
    sector = sk // sector_az
    n_sec = -(-n_az // sector_az)
    # processing order of the sectors: the direction the Sun's azimuth mostly turns in
    ds = np.diff(sector)
    descending = np.count_nonzero(ds < 0) >= np.count_nonzero(ds > 0)
    order = list(range(n_sec - 1, -1, -1)) if descending else list(range(n_sec))
    rank = np.empty(n_sec, dtype=np.int64)
    rank[order] = np.arange(n_sec)
    r_t = rank[sector]
    # a new pass where the sector order would be broken (the Sun's azimuth wraps around)
    new_pass = np.concatenate([[True], np.diff(r_t) < 0])
    epochs_per_pass = np.diff(np.concatenate([np.flatnonzero(new_pass), [nt]])).max()
    run_dtype = np.int16 if epochs_per_pass < 32000 else np.int32
    isz = np.dtype(run_dtype).itemsize
    passes_per_year = max(1.0, new_pass.sum() / max(t_days[-1] / YEAR_DAYS, 1e-9))
    per_year_b = (passes_per_year + 2) * 2 * isz * ny * nx + 12 * ny * nx
    years_per_chunk = max(1, int(state_mb * 1e6 // per_year_b))

    sun_sum = np.zeros((ny, nx))
    joint = np.zeros((ny, nx))
    sun_any = np.zeros((ny, nx), dtype=np.int32)
    earth_n = np.zeros((ny, nx), dtype=np.int32)
    best = np.zeros((ny, nx), dtype=np.int32)
    carry = np.zeros((ny, nx), dtype=np.int64)
    worst_s = np.full((ny, nx), np.inf)
    worst_e = np.full((ny, nx), np.inf)
    worst_i = np.zeros((ny, nx), dtype=np.int32)
    year_n = np.bincount(year, minlength=n_years)
    with numba_threads(n_threads):  # the sweep's and the map kernels' threads
        for y0 in range(0, n_years, years_per_chunk):
            y1 = min(n_years, y0 + years_per_chunk)
            c0 = int(np.searchsorted(year, y0))
            c1 = int(np.searchsorted(year, y1))
            # passes of the chunk (a chunk starts a pass), and segments: constant sector, pass, year
            npass = new_pass[c0:c1].copy()
            npass[0] = True
            pid = np.cumsum(npass) - 1
            pass_start = np.flatnonzero(npass) + c0
            pass_n = np.diff(np.concatenate([pass_start, [c1]])).astype(np.int64)
            brk = np.ones(c1 - c0, dtype=bool)
            brk[1:] = ((sector[c0 + 1:c1] != sector[c0:c1 - 1]) | npass[1:]
                       | (year[c0 + 1:c1] != year[c0:c1 - 1]))
            g0 = np.flatnonzero(brk) + c0
            g1 = np.concatenate([g0[1:], [c1]])
            g_pass = pid[g0 - c0]
            g_done = g0 - pass_start[g_pass]
            g_year = year[g0] - y0
            g_sec = sector[g0]
            cur = np.zeros((pass_n.size, ny, nx), dtype=run_dtype)
            pre = np.zeros((pass_n.size, ny, nx), dtype=run_dtype)
            ysun = np.zeros((y1 - y0, ny, nx))
            yearth = np.zeros((y1 - y0, ny, nx), dtype=np.int32)
            for s in order:
                sel = np.flatnonzero(g_sec == s)
                if sel.size == 0:
                    continue
                k_base = s * sector_az
                hz = block(np.arange(k_base, min(k_base + sector_az, n_az) + 1))
                _stream_kernel(hz, k_base, hz_e, emap, n_az, up, su, sk, sw, sr, eu, ek, ew, small,
                               g0[sel], g1[sel], g_pass[sel], g_done[sel], g_year[sel],
                               sun_any, joint, best, cur, pre, ysun, yearth)
                del hz
            _join_passes(cur, pre, pass_n, carry, best)
            del cur, pre
            sun_sum += ysun.sum(axis=0)
            earth_n += yearth.sum(axis=0, dtype=np.int32)
            for y in range(y0, y1):
                if not full_year[y]:
                    continue
                fs = ysun[y - y0] / year_n[y]
                worse = fs < worst_s
                worst_i[worse] = y
                np.minimum(worst_s, fs, out=worst_s)
                np.minimum(worst_e, yearth[y - y0] / year_n[y], out=worst_e)
            del ysun, yearth
    np.maximum(best, carry.astype(np.int32), out=best)

    valid = np.isfinite(sub.heights_m)
    psr = (sun_any == 0) & valid
    kf = sub.scale_factor()
    area = float(np.sum((sub.cell_m / kf[psr]) ** 2) / 1e6)
    nan = np.nan
    starts = year_starts_utc(times, n_years)
    return IlluminationMap(
        sub, np.where(valid, sun_sum / nt, nan), np.where(valid, sun_any / nt, nan),
        np.where(valid, earth_n / nt, nan), np.where(valid, joint / nt, nan),
        np.where(valid, best * float(step_h), nan), psr, area, float(height_m),
        float(near_field_m), nt, float(step_h),
        worst_year_sun_fraction=np.where(valid, worst_s, nan),
        worst_year_earth_fraction=np.where(valid, worst_e, nan),
        worst_year_index=np.where(valid, worst_i, -1), year_starts_utc=starts)



def distance_to_mask_km(terrain: Terrain, mask: np.ndarray, lat_deg: float, lon_deg: float
                        ) -> float | None:
    """True distance (km) from a point to the nearest True cell of ``mask`` (None if none)."""
    if not mask.any():
        return None
    from lupex.moon_geometry import ps_scale_factor

    i, j = terrain.latlon_to_ij(lat_deg, lon_deg)
    ii, jj = np.nonzero(mask)
    d = np.hypot(ii - float(i), jj - float(j)).min() * terrain.cell_m
    return float(d / ps_scale_factor(lat_deg, terrain.pole) / 1000.0)


__all__ = ["IlluminationMap", "SiteIllumination", "SUN_RADIUS_M", "disk_fraction",
           "distance_to_mask_km", "illumination_map", "illumination_statistics", "longest_run", "site_illumination",
           "time_grid", "grid_azimuths", "true_to_grid_azimuth"]
