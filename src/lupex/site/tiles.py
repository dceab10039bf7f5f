"""Tiled illumination maps: a large grid cut into tiles, each with a halo of the horizon reach,
run one after another or on a dask.distributed cluster.

:func:`tiled_illumination_map` cuts the analysed region into square tiles of ``tile_cells``
cells. Each tile is computed by :func:`lupex.site.illumination.illumination_statistics` on the
block of terrain made of the tile and a halo of ceil(reach / cell) + 2 cells around it (clipped to
the grid), with the horizon limited to ``reach_m`` and the sweep lines anchored to the whole grid:
every cell then sees exactly the terrain, along exactly the same lines, as in a single run on the
whole grid with the same reach, so the stitched maps equal that run (to float rounding;
tests/site/test_tiles.py compares them on a real dask ``LocalCluster``). Memory per tile: the
halo block (8 bytes per cell, twice) and the tile's streaming state.

On a cluster (``scheduler``: the address of a running dask scheduler, or a
``distributed.Client``), each tile is one task keyed by its position; when a worker dies, the
scheduler runs its tiles again on the remaining workers (dask's
``distributed.scheduler.allowed-failures``, 3 deaths per task by default), so a killed worker
loses no tile. ``progress(done, total, tile)`` is called as each tile completes. dask.distributed
is the optional extra ``lupex[cluster]``; it is imported only when a scheduler is given.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.site.illumination import IlluminationMap, grid_region, illumination_statistics
from lupex.site.terrain import Terrain

_MAP_FIELDS = ("sun_fraction", "sun_any_fraction", "earth_fraction", "sun_and_earth_fraction",
               "longest_dark_hours", "psr", "worst_year_sun_fraction",
               "worst_year_earth_fraction", "worst_year_index")


@dataclass(frozen=True)
class Tile:
    """One tile: analysed cells rows i0..i1-1, columns j0..j1-1 of the grid, computed on the
    terrain block rows b_i0..b_i1-1, columns b_j0..b_j1-1 (the tile and its halo)."""

    i0: int
    i1: int
    j0: int
    j1: int
    b_i0: int
    b_i1: int
    b_j0: int
    b_j1: int

    @property
    def key(self) -> str:
        return f"{self.i0}-{self.j0}"


def halo_cells(reach_m: float, cell_m: float) -> int:
    """Halo around a tile, cells: the reach plus two cells (the sweep interpolates between the
    two cells of a column and the observer may sit up to one cell off its line)."""
    return int(math.ceil(reach_m / cell_m)) + 2


def plan_tiles(shape: tuple[int, int], region: tuple[int, int, int, int], tile_cells: int,
               halo: int) -> list[Tile]:
    """The tiles covering ``region`` of a grid of ``shape``, row-major."""
    ny, nx = shape
    i0, i1, j0, j1 = region
    out = []
    for a in range(i0, i1, tile_cells):
        for b in range(j0, j1, tile_cells):
            a1, b1 = min(i1, a + tile_cells), min(j1, b + tile_cells)
            out.append(Tile(a, a1, b, b1, max(0, a - halo), min(ny, a1 + halo),
                            max(0, b - halo), min(nx, b1 + halo)))
    return out


def _run_tile(block: Terrain, tile: Tile, times, step_h, height_m, near_field_m, reach_m, n_az,
              lines_per_cell, sector_az, state_mb, n_threads) -> dict:
    """One tile (runs on a worker): the tile's arrays and PSR area."""
    m = illumination_statistics(
        block, times, step_h, height_m, near_field_m,
        region=(tile.i0 - tile.b_i0, tile.i1 - tile.b_i0, tile.j0 - tile.b_j0, tile.j1 - tile.b_j0),
        n_az=n_az, lines_per_cell=lines_per_cell, sector_az=sector_az, state_mb=state_mb,
        n_threads=n_threads, reach_m=reach_m, grid_offset=(tile.b_i0, tile.b_j0))
    out = {f: getattr(m, f) for f in _MAP_FIELDS}
    out.update(psr_area_km2=m.psr_area_km2, n_epochs=m.n_epochs, year_starts_utc=m.year_starts_utc)
    return out


def _client(scheduler):
    """A distributed.Client for an address (InputError naming it when unusable), or the
    Client given."""
    if not isinstance(scheduler, str):
        return scheduler, False
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", scheduler,
                         "a tiled map on a dask cluster needs dask.distributed: install it with "
                         "pip install 'lupex[cluster]' (without --scheduler the tiles run here)"
                         ) from None
    from lupex.sweep.handshake import check_dask_handshake

    check_dask_handshake(scheduler)
    try:
        return Client(scheduler, timeout="10s", set_as_default=False), True
    except Exception as exc:  # any failure to connect is the address's fault
        raise InputError("--scheduler", scheduler,
                         f"the address of a running dask scheduler, e.g. tcp://127.0.0.1:8786 "
                         f"({exc})") from None


def tiled_illumination_map(terrain: Terrain, times, step_h: float, height_m: float,
                           near_field_m: float, reach_m: float,
                           region: tuple[int, int, int, int] | None = None,
                           tile_cells: int = 256, scheduler=None, n_az: int = 360,
                           lines_per_cell: int | None = None, sector_az: int = 24,
                           state_mb: float = 256.0, n_threads: int | None = None,
                           progress=None) -> IlluminationMap:
    """Illumination maps of ``region`` of ``terrain`` computed tile by tile (see module docstring).

    Parameters as :func:`lupex.site.illumination.illumination_statistics`, plus
    reach_m : horizon reach, m (terrain farther than this from a cell is not seen; the halo);
    tile_cells : tile side, cells; scheduler : None (tiles run here, one after another), the
        address of a dask scheduler (``tcp://host:port``) or a ``distributed.Client``;
    progress : callable(done, total, tile) called as each tile completes.
    The result equals ``illumination_statistics(terrain, ..., region=region, reach_m=reach_m)``.
    """
    region = grid_region(terrain.shape, region)
    i0, i1, j0, j1 = region
    if not (isinstance(tile_cells, (int, np.integer)) and tile_cells >= 8):
        raise InputError("tile_cells", tile_cells, "an integer of at least 8 cells")
    min_reach = near_field_m + 2.0 * terrain.cell_m
    if not (reach_m is not None and np.isfinite(reach_m) and reach_m >= min_reach):
        raise InputError("reach_m", reach_m,
                         f"a distance of at least the near field + 2 cells ({min_reach:.0f} m)")
    tiles = plan_tiles(terrain.shape, region, int(tile_cells), halo_cells(reach_m, terrain.cell_m))
    args = (times, float(step_h), float(height_m), float(near_field_m), float(reach_m), n_az,
            lines_per_cell, sector_az, state_mb, n_threads)

    def block(t: Tile) -> Terrain:
        return terrain.subgrid(t.b_i0, t.b_i1, t.b_j0, t.b_j1)

    results: dict[str, dict] = {}
    if scheduler is None:
        for n, t in enumerate(tiles):
            results[t.key] = _run_tile(block(t), t, *args)
            if progress is not None:
                progress(n + 1, len(tiles), t)
    else:
        client, own = _client(scheduler)
        from distributed import as_completed

        try:
            token = f"{id(terrain):x}-{abs(hash((region, float(reach_m), int(tile_cells)))):x}"
            # Tiles go out a few at a time: the client holds only the tiles in flight (each
            # carries its own cut-out, so a tile whose worker dies is recomputed elsewhere).
            window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
            futures = {}
            pending = as_completed(loop=client.loop)

            def submit(t: Tile) -> None:
                with warnings.catch_warnings():
                    # the cut-out is in the task on purpose (see above), so dask's advice to
                    # scatter large arguments does not apply
                    warnings.filterwarnings("ignore", message=".*[Ll]arge graph.*")
                    warnings.filterwarnings("ignore", message=".*[Ss]ending large.*")
                    f = client.submit(_run_tile, block(t), t, *args,
                                      key=f"lupex-tile-{token}-{t.key}", pure=False)
                futures[f] = t
                pending.add(f)

            queue = list(tiles)
            for t in queue[:window]:
                submit(t)
            queue = queue[window:]
            for n, f in enumerate(pending):
                t = futures.pop(f)
                results[t.key] = f.result()
                f.release()
                if queue:
                    submit(queue.pop(0))
                if progress is not None:
                    progress(n + 1, len(tiles), t)
        finally:
            if own:
                client.close()
    sub = terrain.subgrid(i0, i1, j0, j1)
    shape = sub.shape
    first = results[tiles[0].key]
    maps = {f: np.empty(shape, dtype=np.asarray(first[f]).dtype) for f in _MAP_FIELDS}
    area = 0.0
    for t in tiles:
        r = results[t.key]
        for f in _MAP_FIELDS:
            maps[f][t.i0 - i0:t.i1 - i0, t.j0 - j0:t.j1 - j0] = r[f]
        area += r["psr_area_km2"]
    return IlluminationMap(sub, maps["sun_fraction"], maps["sun_any_fraction"],
                           maps["earth_fraction"], maps["sun_and_earth_fraction"],
                           maps["longest_dark_hours"], maps["psr"], area, float(height_m),
                           float(near_field_m), int(first["n_epochs"]), float(step_h),
                           worst_year_sun_fraction=maps["worst_year_sun_fraction"],
                           worst_year_earth_fraction=maps["worst_year_earth_fraction"],
                           worst_year_index=maps["worst_year_index"],
                           year_starts_utc=first["year_starts_utc"])


__all__ = ["Tile", "halo_cells", "plan_tiles", "tiled_illumination_map"]
