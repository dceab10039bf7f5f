"""Ground stations as data: the shipped table ``lupex/operations/data/stations.toml``.

Each station is one antenna (an agency may own several at one complex) with its WGS-84 geodetic
position, dish diameter, bands, planning elevation mask, status and the sources of those values
(see the header of the TOML file for the keys and the general sources: JPL DSN ITRF2005
coordinates, DSN 810-005, JAXA, ISRO/ISTRAC and ESA ESTRACK pages). Values that are not public
carry an ``assumption`` naming the analogue they come from.

:func:`load_stations` reads and validates a station file (the shipped one by default) and returns
frozen :class:`GroundStation` records; :func:`select_stations` filters them by agency and status.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lupex.errors import InputError

#: Agencies the station table may name.
AGENCIES = ("JAXA", "ISRO", "NASA", "ESA")
#: Allowed station states.
STATUSES = ("active", "retired", "planned")
#: Frequency-band names (IEEE 521 letter bands) allowed in ``bands``.
BANDS = ("S", "X", "K", "Ka")

_REQUIRED = ("id", "name", "agency", "lat_deg", "lon_deg", "height_m", "diameter_m", "bands",
             "elevation_mask_deg", "status", "source", "mask_source")
_OPTIONAL = ("complex", "g_over_t_x_db_k", "g_over_t_source", "status_source", "assumption")


@dataclass(frozen=True)
class GroundStation:
    """One ground antenna.

    lat_deg, lon_deg: WGS-84 geodetic latitude (north) and east longitude, degrees; height_m:
    height above the WGS-84 ellipsoid, m (the station's position in the ITRS Earth-fixed frame).
    diameter_m: dish diameter, m. elevation_mask_deg: lowest elevation used for contacts, deg.
    g_over_t_x_db_k: published X-band G/T in dB/K, or None (derived by
    :func:`lupex.operations.link.station_g_over_t_db_k`). ``source``/``mask_source``/... cite the
    values; ``assumption`` says what is assumed where a value is not public.
    """

    id: str
    name: str
    agency: str
    lat_deg: float
    lon_deg: float
    height_m: float
    diameter_m: float
    bands: tuple[str, ...]
    elevation_mask_deg: float
    status: str
    source: str
    mask_source: str
    complex: str = ""
    g_over_t_x_db_k: float | None = None
    g_over_t_source: str = ""
    status_source: str = ""
    assumption: str = ""


def default_station_file() -> Path:
    """Path of the station table shipped in the package."""
    return Path(str(resources.files("lupex.operations") / "data" / "stations.toml"))


def _number(entry: dict, key: str, where: str, lo: float, hi: float, src: str) -> float:
    v = entry[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
            or not lo <= v <= hi:
        raise InputError(f"{where}.{key}", v, f"a number between {lo:g} and {hi:g}", source=src)
    return float(v)


def _text(entry: dict, key: str, where: str, src: str, required: bool = True) -> str:
    v = entry.get(key, "")
    if not isinstance(v, str) or (required and not v.strip()):
        raise InputError(f"{where}.{key}", v, "a non-empty text", source=src)
    return v.strip()


def _station(entry: object, index: int, src: str) -> GroundStation:
    where = f"station[{index}]"
    if not isinstance(entry, dict):
        raise InputError(where, entry, "a [[station]] table", source=src)
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        where = f"station '{entry['id'].strip()}'"
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise InputError(f"{where}.{missing[0]}", None,
                         f"a value (required keys: {', '.join(_REQUIRED)})", source=src)
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise InputError(f"{where}.{unknown[0]}", entry[unknown[0]],
                         f"one of the known keys {', '.join(_REQUIRED + _OPTIONAL)}", source=src)
    agency = _text(entry, "agency", where, src)
    if agency not in AGENCIES:
        raise InputError(f"{where}.agency", agency, f"one of {', '.join(AGENCIES)}", source=src)
    status = _text(entry, "status", where, src)
    if status not in STATUSES:
        raise InputError(f"{where}.status", status, f"one of {', '.join(STATUSES)}", source=src)
    bands = entry["bands"]
    if not isinstance(bands, list) or not bands or any(b not in BANDS for b in bands):
        raise InputError(f"{where}.bands", bands, f"a non-empty list of {', '.join(BANDS)}",
                         source=src)
    gt = entry.get("g_over_t_x_db_k")
    gt_source = _text(entry, "g_over_t_source", where, src, required=False)
    if gt is not None:
        gt = _number(entry, "g_over_t_x_db_k", where, 0.0, 80.0, src)
        if not gt_source:
            raise InputError(f"{where}.g_over_t_source", None,
                             "a source for the published G/T", source=src)
    return GroundStation(
        id=_text(entry, "id", where, src),
        name=_text(entry, "name", where, src),
        agency=agency,
        lat_deg=_number(entry, "lat_deg", where, -90.0, 90.0, src),
        lon_deg=_number(entry, "lon_deg", where, -180.0, 360.0, src),
        height_m=_number(entry, "height_m", where, -500.0, 9000.0, src),
        diameter_m=_number(entry, "diameter_m", where, 1.0, 120.0, src),
        bands=tuple(bands),
        elevation_mask_deg=_number(entry, "elevation_mask_deg", where, 0.0, 45.0, src),
        status=status,
        source=_text(entry, "source", where, src),
        mask_source=_text(entry, "mask_source", where, src),
        complex=_text(entry, "complex", where, src, required=False),
        g_over_t_x_db_k=gt,
        g_over_t_source=gt_source,
        status_source=_text(entry, "status_source", where, src, required=False),
        assumption=_text(entry, "assumption", where, src, required=False),
    )


def load_stations(path: str | Path | None = None) -> tuple[GroundStation, ...]:
    """Read and check a station table (TOML, ``[[station]]`` tables; default: the shipped one).

    Raises InputError naming the file, the station and the key for: unreadable TOML, a missing
    or unknown key, an empty source, coordinates out of range (latitude -90..90, east longitude
    -180..360), an unknown agency/status/band, a published G/T without its source, or a
    duplicate station id.
    """
    p = Path(path) if path is not None else default_station_file()
    src = p.name if path is None else str(p)
    try:
        with open(p, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise InputError("station file", str(p), "an existing TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("station file", str(p), f"valid TOML ({exc})") from None
    entries = data.get("station")
    if not isinstance(entries, list) or not entries:
        raise InputError("station", entries, "one or more [[station]] tables", source=src)
    stations = tuple(_station(e, i, src) for i, e in enumerate(entries))
    seen: set[str] = set()
    for s in stations:
        if s.id in seen:
            raise InputError(f"station '{s.id}'.id", s.id, "an id used once", source=src)
        seen.add(s.id)
    return stations


def select_stations(stations=None, agency: str | tuple[str, ...] | None = None,
                    status: str | tuple[str, ...] | None = "active") -> tuple[GroundStation, ...]:
    """Stations of the given agency (or agencies) and status (default: active only; None: all).

    ``stations`` defaults to :func:`load_stations` (the shipped table).
    """
    st = load_stations() if stations is None else tuple(stations)
    agencies = (agency,) if isinstance(agency, str) else agency
    statuses = (status,) if isinstance(status, str) else status
    for a in agencies or ():
        if a not in AGENCIES:
            raise InputError("agency", a, f"one of {', '.join(AGENCIES)}")
    for s in statuses or ():
        if s not in STATUSES:
            raise InputError("status", s, f"one of {', '.join(STATUSES)}")
    return tuple(s for s in st if (agencies is None or s.agency in agencies)
                 and (statuses is None or s.status in statuses))
