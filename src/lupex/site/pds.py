"""Read LOLA gridded elevation products: PDS3 ``.IMG`` + ``.LBL`` and GeoTIFF.

Two map projections are supported, exactly as the LOLA GDR labels define them
(data set LRO-L-LOLA-4-GDR-V1.0; Neumann 2011, LOLA RDR/GDR SIS; catalog files DSMAP.CAT and
DSMAP_POLAR.CAT of the PDS Geosciences Node):

- ``SIMPLE CYLINDRICAL`` (``LDEM_4``, ``LDEM_16``, ...): 0-based row = LINE_PROJECTION_OFFSET -
  lat * MAP_RESOLUTION, col = SAMPLE_PROJECTION_OFFSET + (lon - CENTER_LONGITUDE) *
  MAP_RESOLUTION (pixel centres; lon east 0..360).
- ``POLAR STEREOGRAPHIC`` (``LDEM_875S_5M``, ``LDEM_85S_20M``, ``LDEM_80S_20M``, ...): the LOLA
  reference sphere, true scale at the pole; x = (col - SAMPLE_PROJECTION_OFFSET) * MAP_SCALE,
  y = (LINE_PROJECTION_OFFSET - row) * MAP_SCALE; in the south, longitude 0 points up (+y) and
  90°E to the right (+x) (DSMAP_POLAR.CAT). This is PROJ's ``+proj=stere +lat_0=-90 +lon_0=0
  +k=1`` on that sphere (:func:`lupex.moon_geometry.ps_proj4`, where the projection formulas
  live).

Heights: DN * SCALING_FACTOR in UNIT (METER or KILOMETER) relative to the sphere whose radius the
label gives as OFFSET (:data:`lupex.constants.MOON_RADIUS_M`). The label's OFFSET is the
reference radius and is never added to the heights. MISSING_CONSTANT (if any) and non-finite values become NaN.

The ``.IMG`` is memory-mapped: only the windows actually sampled are read, so multi-GB polar tiles
are usable on a laptop.

The opened grid (:class:`DemProduct`) lives in :mod:`lupex.site.dem` and the GeoTIFF reader and
writer in :mod:`lupex.site.geotiff`; their names are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import (  # noqa: F401 - projection helpers, re-exported public names
    MOON_RADIUS_M,
    latlon_to_ps,
    ps_scale_factor,
    ps_to_latlon,
)
from lupex.moon_geometry import ps_proj4 as ps_crs_proj4  # noqa: F401 - public name
from lupex.site.dem import DemProduct  # noqa: F401 - re-exported
from lupex.site.geotiff import _open_geotiff, write_geotiff  # noqa: F401 - re-exported

_SAMPLE_TYPES = {
    ("LSB_INTEGER", 16): "<i2",
    ("MSB_INTEGER", 16): ">i2",
    ("LSB_UNSIGNED_INTEGER", 16): "<u2",
    ("MSB_UNSIGNED_INTEGER", 16): ">u2",
    ("LSB_INTEGER", 32): "<i4",
    ("MSB_INTEGER", 32): ">i4",
    ("PC_REAL", 32): "<f4",
    ("IEEE_REAL", 32): ">f4",
    ("REAL", 32): ">f4",
    ("PC_REAL", 64): "<f8",
    ("IEEE_REAL", 64): ">f8",
}


# ------------------------------------------------------------------------------------------------
# PDS3 label parser


def _convert(value: str):
    """Convert a PDS3 value string: quoted string, number with optional <unit>, set, or symbol."""
    v = value.strip()
    if v.startswith('"') and v.endswith('"') and len(v) >= 2:
        return " ".join(v[1:-1].split())
    if v.startswith("'") and v.endswith("'"):
        return v[1:-1]
    if v.startswith("{") or v.startswith("("):
        inner = v[1:-1]
        return tuple(_convert(p) for p in inner.split(",") if p.strip())
    m = re.fullmatch(r"([-+0-9.eE]+)\s*(<[^>]*>)?", v)
    if m:
        num = m.group(1)
        try:
            return int(num) if re.fullmatch(r"[-+]?\d+", num) else float(num)
        except ValueError:
            pass
    return v


def parse_label(text: str) -> dict:
    """Parse PDS3 label text into nested dicts (``OBJECT = X`` blocks become ``{"X": {...}}``).

    Handles comments ``/* */``, multi-line quoted strings and sets, ``<unit>`` suffixes (dropped,
    numbers returned as int/float) and pointer keys (``^IMAGE``). Keys are upper-case strings.
    A repeated OBJECT name gets a suffix ``_2``, ``_3``...
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    root: dict = {}
    stack = [root]
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if line == "END":
            break
        if "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().upper()
        value = value.strip()
        # continuation of quoted strings and sets across lines
        while (value.count('"') % 2 == 1 or value.count("{") > value.count("}")
               or value.count("(") > value.count(")")) and i < len(lines):
            value += " " + lines[i].strip()
            i += 1
        if key in ("OBJECT", "GROUP"):
            name = str(_convert(value)).upper()
            node: dict = {}
            parent = stack[-1]
            k, n = name, 1
            while k in parent:
                n += 1
                k = f"{name}_{n}"
            parent[k] = node
            stack.append(node)
        elif key in ("END_OBJECT", "END_GROUP"):
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1][key] = _convert(value)
    return root


def _find(d: dict, key: str, table: bool = False):
    """First value of ``key`` anywhere in a nested label dict (depth-first), else None; with
    ``table``, only a value that is itself an object (a dict) counts."""
    if key in d and (not table or isinstance(d[key], dict)):
        return d[key]
    for v in d.values():
        if isinstance(v, dict):
            r = _find(v, key, table)
            if r is not None:
                return r
    return None


def _find_object(d: dict, name: str) -> dict | None:
    """First object (dict) named ``name`` anywhere in a nested label dict, else None."""
    return _find(d, name, table=True)


# ------------------------------------------------------------------------------------------------
# Opening products


def _label_path_for(path: Path) -> Path | None:
    for suffix in (".LBL", ".lbl"):
        p = path.with_suffix(suffix)
        if p.is_file():
            return p
    return None


def open_product(path: str | Path, where: str = "terrain file") -> DemProduct:
    """Open a LOLA elevation product: ``.IMG`` (+ its ``.LBL``), a ``.LBL``, or a GeoTIFF.

    Raises InputError if the file is missing or its label is not a supported LOLA grid.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(where, str(path), "an existing LOLA .IMG/.LBL or GeoTIFF file")
    if path.suffix.lower() in (".tif", ".tiff"):
        status = _verify_published_file(path)
        prod = _open_geotiff(path, where)
        return replace(prod, checksum=status) if status != prod.checksum else prod
    if path.suffix.lower() == ".lbl":
        lbl = path
        img = None
    else:
        lbl = _label_path_for(path)
        img = path
        if lbl is None:
            raise InputError(where, str(path), "a PDS3 .IMG with its .LBL label beside it")
    status = _verify_published(lbl, img)
    label = parse_label(lbl.read_text(encoding="latin-1"))
    prod = _from_label(label, lbl, img, where)
    return replace(prod, checksum=status) if status != prod.checksum else prod


def _verify_published_file(path: Path) -> str:
    """Check a single-file product (a GeoTIFF) against its published sha256, when the registry
    (lupex.site.products) pins one for this file name; InputError naming the file if corrupt."""
    from lupex.paths import verify_product_file
    from lupex.site.products import known_sha256

    return verify_product_file(path, known_sha256(path.name))


def _verify_published(lbl: Path, img: Path | None) -> str:
    """Check a published product's label and image against their sha256 (lupex.site.products
    registry), once per file version (lupex.paths.verify_product_file); InputError if corrupt."""
    from lupex.paths import verify_product_file
    from lupex.site.products import PRODUCTS

    info = PRODUCTS.get(lbl.stem.upper())
    if info is None or info.img_sha256 is None:
        return "no published checksum"
    verify_product_file(lbl, info.lbl_sha256)
    if img is None:
        img = lbl.with_suffix(".IMG")
        if not img.is_file():
            img = lbl.with_suffix(".img")
    return verify_product_file(img, info.img_sha256)


def _from_label(label: dict, lbl: Path, img: Path | None, where: str) -> DemProduct:
    """The product a PDS3 label describes; a missing, unreadable or impossible key (``LINES =
    abc``, no ``LINE_SAMPLES``, ``MAP_RESOLUTION = 0``) is an InputError naming the label."""
    what = f"{where} label {lbl.name}"
    try:
        return _read_label(label, lbl, img, where)
    except InputError:
        raise  # already names the file, the key and what is allowed
    except KeyError as exc:
        raise InputError(what, f"no {exc.args[0]}", "a LOLA PDS3 label with LINES, LINE_SAMPLES, "
                         "SAMPLE_TYPE, SAMPLE_BITS and the map projection's keys") from None
    except (ValueError, TypeError, OverflowError, ZeroDivisionError) as exc:
        raise InputError(what, str(exc), "a LOLA PDS3 label whose keys hold numbers where "
                         "numbers are expected") from None


def _positive(what: str, key: str, value, integer: bool = False):
    v = int(value) if integer else float(value)
    if not (np.isfinite(v) and v > 0):
        raise InputError(f"{what} {key}", value, f"a positive {'whole ' if integer else ''}number")
    return v


def _read_label(label: dict, lbl: Path, img: Path | None, where: str) -> DemProduct:
    what = f"{where} label {lbl.name}"
    image = _find_object(label, "IMAGE")
    proj = _find_object(label, "IMAGE_MAP_PROJECTION")
    if image is None or proj is None:
        raise InputError(where, str(lbl), "a PDS3 label with IMAGE and IMAGE_MAP_PROJECTION objects")
    if img is None:
        ptr = label.get("^IMAGE") or _find(label, "^IMAGE")
        name = ptr[0] if isinstance(ptr, tuple) else ptr
        cands = [lbl.parent / str(name), lbl.parent / str(name).lower(), lbl.parent / str(name).upper()]
        img = next((c for c in cands if c.is_file()), None)
        if img is None:
            raise InputError(where, str(lbl), f"a label whose data file {name} is beside it")
    lines = _positive(what, "LINES", image["LINES"], integer=True)
    samples = _positive(what, "LINE_SAMPLES", image["LINE_SAMPLES"], integer=True)
    key = (str(image["SAMPLE_TYPE"]).upper(), int(image["SAMPLE_BITS"]))
    if key not in _SAMPLE_TYPES:
        raise InputError(where, key, f"one of the PDS3 sample types {sorted(_SAMPLE_TYPES)}")
    dtype = np.dtype(_SAMPLE_TYPES[key])
    scale = float(image.get("SCALING_FACTOR", 1.0))
    unit = str(image.get("UNIT", "METER")).upper()
    unit_m = 1000.0 if unit.startswith("KILOMETER") or unit == "KM" else 1.0
    skip = 0
    ptr = label.get("^IMAGE")
    if isinstance(ptr, tuple) and len(ptr) > 1 and isinstance(ptr[1], int):
        skip = (ptr[1] - 1) * int(label.get("RECORD_BYTES", 0))
    expected = lines * samples * dtype.itemsize + skip
    if img.stat().st_size < expected:
        raise InputError(where, str(img), f"a data file of at least {expected} bytes as its label says "
                         f"(found {img.stat().st_size}; truncated download?)")
    raw = np.memmap(img, dtype=dtype, mode="r", offset=skip, shape=(lines, samples))
    missing = image.get("MISSING_CONSTANT")
    ptype = str(proj["MAP_PROJECTION_TYPE"]).upper()
    product_id = str(label.get("PRODUCT_ID", img.stem)).upper()
    common = dict(
        name=product_id, path=img, lines=lines, samples=samples,
        line_offset=float(proj["LINE_PROJECTION_OFFSET"]),
        sample_offset=float(proj["SAMPLE_PROJECTION_OFFSET"]),
        _raw=raw, _scale_m=scale * unit_m,
        _missing=float(missing) if isinstance(missing, (int, float)) else None,
    )
    r_km = MOON_RADIUS_M / 1e3
    radius = proj.get("A_AXIS_RADIUS", r_km)
    if abs(float(radius) - r_km) > 1e-6:
        raise InputError(where, radius, f"a product on the LOLA {r_km:g} km reference sphere")
    if "CYLINDRICAL" in ptype:
        res = _positive(what, "MAP_RESOLUTION", proj["MAP_RESOLUTION"])
        scale = float(proj.get("MAP_SCALE", 0.0))
        pixel = _positive(what, "MAP_SCALE", scale) if scale else np.pi * MOON_RADIUS_M / 180 / res
        return DemProduct(projection="simple_cylindrical", pixel_m=pixel, res_ppd=res,
                          center_lon_deg=float(proj.get("CENTER_LONGITUDE", 180.0)), **common)
    if "POLAR" in ptype and "STEREOGRAPHIC" in ptype:
        clat = float(proj.get("CENTER_LATITUDE", -90.0))
        clon = float(proj.get("CENTER_LONGITUDE", 0.0))
        if clon != 0.0:
            raise InputError(where, clon, "polar products centred on longitude 0 (LOLA convention)")
        return DemProduct(projection="polar_stereographic",
                          pixel_m=_positive(what, "MAP_SCALE", proj["MAP_SCALE"]),
                          pole=-1 if clat < 0 else 1, **common)
    raise InputError(where, ptype, "SIMPLE CYLINDRICAL or POLAR STEREOGRAPHIC LOLA products")
