"""Exports a user loads elsewhere: GeoTIFF maps (QGIS/GDAL), CZML trajectories (Cesium), CSV tables.

Public API
----------
- :func:`write_geotiff` — a 2-D (or banded) map in the Moon's polar stereographic projection
  (default: south pole, sphere of 1,737.4 km, :data:`MOON_SOUTH_POLAR_STEREO_PROJ`).
- :func:`moon_polar_stereographic_crs` — that CRS as a :class:`pyproj.CRS` (south or north).
- :func:`write_czml` — a time-tagged trajectory as a CZML document for CesiumJS (czml3);
  :func:`write_mission_czml` — the whole flight, the landing site and the ground stations.
- :func:`write_csv_table` — rows (mappings) as a UTF-8 CSV file with a header.

The CCSDS OEM trajectory export lives with the transfer stage (:mod:`lupex.transfer`).
Stage packages call these from their ``write_products``; nothing here imports a stage.
"""

from lupex.export.csv_table import write_csv_table
from lupex.export.czml import CZML_FRAMES, write_czml, write_mission_czml
from lupex.export.geotiff import (
    MOON_NORTH_POLAR_STEREO_PROJ,
    MOON_SOUTH_POLAR_STEREO_PROJ,
    moon_polar_stereographic_crs,
    write_geotiff,
)

__all__ = [
    "CZML_FRAMES",
    "MOON_NORTH_POLAR_STEREO_PROJ",
    "MOON_SOUTH_POLAR_STEREO_PROJ",
    "moon_polar_stereographic_crs",
    "write_csv_table",
    "write_czml",
    "write_mission_czml",
    "write_geotiff",
]
