"""GeoTIFF export of lunar maps in the Moon's polar stereographic projection (rasterio/GDAL).

The default CRS is the polar stereographic projection on the IAU lunar sphere of radius
1,737,400 m (IAU WGCCRE 2015 report, Archinal et al. 2018, Celest. Mech. Dyn. Astr. 130:22), the
projection of the LOLA polar products (NASA PDS LRO LOLA GDR, ``LDEM_875S_*`` labels), given as the
PROJ string :data:`MOON_SOUTH_POLAR_STEREO_PROJ`. PROJ's database knows the same CRS as
``IAU_2015:30135`` ("Moon (2015) - Sphere / Ocentric / South Polar"). QGIS and GDAL read the files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import ps_proj4

#: Moon south polar stereographic, true scale at the pole, on the LOLA / IAU 2015 sphere
#: (:data:`lupex.constants.MOON_RADIUS_M`).
MOON_SOUTH_POLAR_STEREO_PROJ = ps_proj4(-1)
#: Moon north polar stereographic, same sphere.
MOON_NORTH_POLAR_STEREO_PROJ = ps_proj4(1)


#: PROJ database codes of the same CRSs, used for their names when PROJ knows them.
_IAU_CODES = {True: "IAU_2015:30135", False: "IAU_2015:30130"}


def moon_polar_stereographic_crs(south: bool = True):
    """The Moon's polar stereographic CRS (metres, sphere of 1,737,400 m) as a :class:`pyproj.CRS`.

    Defined by :data:`MOON_SOUTH_POLAR_STEREO_PROJ` (or the north one). When PROJ's database holds
    the identical IAU 2015 CRS (``IAU_2015:30135`` south, ``IAU_2015:30130`` north; PROJ >= 8.2)
    that entry is returned instead, so GIS software shows its name; its parameters are checked to
    be the PROJ string's.
    """
    from pyproj import CRS

    base = CRS.from_proj4(MOON_SOUTH_POLAR_STEREO_PROJ if south else MOON_NORTH_POLAR_STEREO_PROJ)
    try:
        named = CRS.from_user_input(_IAU_CODES[south])
    except Exception:  # older PROJ without the IAU database: the unnamed CRS is the same
        return base
    import warnings

    with warnings.catch_warnings():  # to_dict warns that names are lost: only parameters matter
        warnings.simplefilter("ignore", UserWarning)
        same = named.to_dict() == base.to_dict()
    return named if same else base


def _regular_axis(values, name: str) -> tuple[float, float]:
    """(first cell centre, step) of a regularly spaced 1-D axis; InputError otherwise."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise InputError(
            name, f"array of shape {v.shape}", "a 1-D array of at least 2 cell centres"
        )
    if not np.all(np.isfinite(v)):
        raise InputError(name, "non-finite values", "finite cell-centre coordinates in metres")
    d = np.diff(v)
    step = (v[-1] - v[0]) / (v.size - 1)
    if step == 0 or not np.allclose(d, step, rtol=1e-6, atol=1e-9 * max(1.0, abs(step))):
        raise InputError(
            name, f"steps from {d.min():g} to {d.max():g} m", "regularly spaced cell centres"
        )
    return float(v[0]), float(step)


def _to_rasterio_crs(crs):
    from pyproj import CRS
    from rasterio.crs import CRS as RioCRS

    if crs is None:
        crs = moon_polar_stereographic_crs(south=True)
    if isinstance(crs, RioCRS):
        return crs
    try:
        pcrs = CRS.from_user_input(crs)
    except Exception as exc:  # pyproj raises CRSError on anything it cannot read
        raise InputError("crs", crs, f"a pyproj CRS, a PROJ string or WKT ({exc})") from None
    return RioCRS.from_wkt(pcrs.to_wkt())


def write_geotiff(
    path,
    array,
    x_m=None,
    y_m=None,
    *,
    transform=None,
    crs=None,
    nodata=None,
    description: str = "",
    band_descriptions=None,
    units: str | None = None,
    tags: dict | None = None,
) -> Path:
    """Write ``array`` as a GeoTIFF (DEFLATE-compressed) and return the path.

    Parameters
    ----------
    path : output file (``.tif``); its directory must exist.
    array : 2-D array (rows = y, columns = x) or 3-D (bands, rows, columns). bool becomes uint8.
    x_m, y_m : 1-D projected coordinates of the cell centres [m] along the columns and rows,
        regularly spaced. Rows may run south-to-north (y increasing): they are flipped so the file
        is north-up. Give these or ``transform``, not both.
    transform : :class:`affine.Affine` mapping (column, row) of the top-left *corner* to x, y [m]
        (rasterio convention; a 6-sequence a, b, c, d, e, f is accepted).
    crs : pyproj CRS, PROJ string or WKT; default the Moon south polar stereographic CRS.
    nodata : value marking missing cells; default NaN for float arrays holding NaN, else none.
    description : text stored as the TIFF image description and the ``DESCRIPTION`` tag
        (say what the map is, its units and its data source).
    band_descriptions : one text per band (default: ``description`` for a single band).
    units : unit of the values (e.g. "deg", "fraction", "m"), stored per band.
    tags : extra metadata key/values stored as GDAL dataset tags.

    Raises
    ------
    InputError on a wrong shape, irregular coordinates, both/neither of coordinates and transform,
    an unsupported data type, or a nodata value the data type cannot hold.
    """
    import rasterio
    from affine import Affine
    from rasterio.dtypes import check_dtype

    arr = np.asarray(array)
    if arr.dtype == bool:
        arr = arr.astype(np.uint8)
    elif arr.dtype == np.float16:
        arr = arr.astype(np.float32)
    if arr.ndim == 2:
        arr = arr[np.newaxis]
    if arr.ndim != 3 or arr.shape[1] < 1 or arr.shape[2] < 1:
        raise InputError(
            "array",
            f"shape {np.shape(array)}",
            "a 2-D (rows, cols) or 3-D (bands, rows, cols) array",
        )
    if not check_dtype(arr.dtype):
        raise InputError(
            "array", f"dtype {arr.dtype}", "a numeric dtype GDAL supports (uint8 … float64)"
        )
    nb, nrows, ncols = arr.shape

    have_coords = x_m is not None or y_m is not None
    if have_coords and transform is not None:
        raise InputError("transform", transform, "either x_m/y_m or transform, not both")
    if have_coords:
        if x_m is None or y_m is None:
            raise InputError("x_m/y_m", "only one given", "both x_m and y_m (cell centres, m)")
        x0, dx = _regular_axis(x_m, "x_m")
        y0, dy = _regular_axis(y_m, "y_m")
        if np.size(x_m) != ncols or np.size(y_m) != nrows:
            raise InputError(
                "x_m/y_m",
                f"lengths {np.size(x_m)}, {np.size(y_m)}",
                f"lengths equal to the array's columns ({ncols}) and rows ({nrows})",
            )
        if dx < 0:
            arr = arr[:, :, ::-1]
            x0, dx = x0 + dx * (ncols - 1), -dx
        if dy > 0:  # south-to-north rows: flip to north-up
            arr = arr[:, ::-1, :]
            y0, dy = y0 + dy * (nrows - 1), -dy
        affine = Affine(dx, 0.0, x0 - dx / 2.0, 0.0, dy, y0 - dy / 2.0)
    elif transform is not None:
        if isinstance(transform, Affine):
            affine = transform
        else:
            try:
                vals = [float(v) for v in transform]
                if len(vals) not in (6, 9):
                    raise ValueError
                affine = Affine(*vals[:6])
            except (TypeError, ValueError):
                raise InputError(
                    "transform", transform, "an affine.Affine or 6 numbers a, b, c, d, e, f"
                ) from None
        if affine.is_degenerate:
            raise InputError("transform", transform, "a non-degenerate affine transform")
    else:
        raise InputError("x_m/y_m", None, "cell-centre coordinates x_m and y_m, or a transform")

    if nodata is None and np.issubdtype(arr.dtype, np.floating) and np.isnan(arr).any():
        nodata = float("nan")
    if nodata is not None:
        try:
            nd = float(nodata)
        except (TypeError, ValueError):
            raise InputError("nodata", nodata, "a number (or NaN for float arrays)") from None
        if np.issubdtype(arr.dtype, np.integer):
            info = np.iinfo(arr.dtype)
            if not np.isfinite(nd) or nd != round(nd) or not info.min <= nd <= info.max:
                raise InputError(
                    "nodata", nodata, f"a value the array's dtype {arr.dtype} can hold"
                )
    if band_descriptions is None and nb == 1 and description:
        band_descriptions = [description]
    if band_descriptions is not None and len(band_descriptions) != nb:
        raise InputError("band_descriptions", band_descriptions, f"{nb} texts, one per band")

    rio_crs = _to_rasterio_crs(crs)
    profile = {
        "driver": "GTiff",
        "height": nrows,
        "width": ncols,
        "count": nb,
        "dtype": arr.dtype.name,
        "crs": rio_crs,
        "transform": affine,
        "nodata": nodata,
        "compress": "deflate",
    }
    if nrows >= 256 and ncols >= 256:
        profile.update(tiled=True, blockxsize=256, blockysize=256)
    if np.issubdtype(arr.dtype, np.floating):
        profile["predictor"] = 3
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing directory")
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(np.ascontiguousarray(arr))
        all_tags = {"DESCRIPTION": description}
        if tags:
            all_tags.update({str(k): str(v) for k, v in tags.items()})
        ds.update_tags(**all_tags)
        if description:
            ds.update_tags(TIFFTAG_IMAGEDESCRIPTION=description)
        if band_descriptions is not None:
            for i, text in enumerate(band_descriptions, start=1):
                ds.set_band_description(i, str(text))
        if units is not None:
            ds.units = tuple([str(units)] * nb)
    return path
