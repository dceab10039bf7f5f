"""Implementation of :mod:`lupex.ephemeris` (see the package docstring for sources)."""

from __future__ import annotations

import datetime as _dt
import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from astropy.time import Time

from lupex.errors import EphemerisRangeError, InputError

try:  # UTC after the last known leap second is "dubious" to ERFA: lupex assumes no new leap seconds.
    from erfa import ErfaWarning

    warnings.filterwarnings("ignore", category=ErfaWarning, message=".*dubious year.*")
except ImportError:  # pragma: no cover
    pass

from lupex.constants import MOON_RADIUS_M  # LOLA reference sphere, m (re-exported)
import lupex.display as _display
from lupex.units import accepts

#: First and last epochs covered by both DE421 (1899-07-29 .. 2053-10-09) and the lunar PA
#: kernel moon_pa_de421_1900-2050.bpc (1900-01-01 .. 2051-01-01 TDB), with a day of margin.
SPAN_START = Time("1900-01-02T00:00:00", scale="utc")
SPAN_STOP = Time("2050-12-31T00:00:00", scale="utc")

_BODIES = {"sun": "sun", "earth": "earth", "moon": "moon"}

# One-line text kernel giving the LOLA sphere as the Moon's shape (IAU body 301). skyfield's
# build_latlon_degrees needs BODY301_RADII; the value is the LOLA reference sphere, not an ellipsoid.
_R_KM = f"{MOON_RADIUS_M / 1e3:.4f}"
_RADII_TPC = f"""KPL/PCK
\\begindata
BODY301_RADII = ( {_R_KM} {_R_KM} {_R_KM} )
\\begintext
""".encode("ascii")


def _kernel_paths() -> tuple[Path, Path, Path]:
    """Paths of de421.bsp (skyfield-data), the lunar PA binary PCK and frame kernel (lunarsky)."""
    with warnings.catch_warnings():
        # skyfield-data warns about its bundled Earth-orientation table; lupex does not use it.
        warnings.simplefilter("ignore")
        import skyfield_data

        bsp = Path(skyfield_data.get_skyfield_data_path()) / "de421.bsp"
    lunarsky_data = resources.files("lunarsky") / "data"
    bpc = Path(str(lunarsky_data / "pck" / "moon_pa_de421_1900-2050.bpc"))
    tf = Path(str(lunarsky_data / "fk" / "satellites" / "moon_080317.tf"))
    for p in (bsp, bpc, tf):
        if not p.is_file():
            raise FileNotFoundError(
                f"ephemeris kernel {p} is missing: reinstall the packages skyfield-data and lunarsky"
            )
    return bsp, bpc, tf


@dataclass(frozen=True)
class _Kernels:
    ts: object
    planets: object
    pc: object
    frame: object


@lru_cache(maxsize=1)
def _kernels() -> _Kernels:
    from skyfield.api import load_file
    from skyfield.api import Loader
    from skyfield.planetarylib import PlanetaryConstants

    bsp, bpc, tf = _kernel_paths()
    # builtin=True: leap seconds and UT1 from tables inside skyfield, never a download.
    ts = Loader(str(Path.home() / ".cache" / "lupex-skyfield-unused"), verbose=False).timescale(
        builtin=True
    )
    planets = load_file(str(bsp))
    pc = PlanetaryConstants()
    with open(tf, "rb") as f:
        pc.read_text(f)
    pc.read_text(io.BytesIO(_RADII_TPC))
    pc.read_binary(open(bpc, "rb"))
    frame = pc.build_frame_named("MOON_ME_DE421")
    return _Kernels(ts=ts, planets=planets, pc=pc, frame=frame)


def to_time(value, where: str = "epoch") -> Time:
    """Convert a user epoch to astropy Time (UTC) and check it against the kernels' span.

    Parameters
    ----------
    value : str (ISO 8601, e.g. "2028-06-15" or "2028-06-15T03:00:00"), datetime.date,
        datetime.datetime (naive = UTC), astropy Time (scalar or array).
    where : name of the field, used in error messages.

    Raises
    ------
    InputError if the value cannot be read as an epoch; EphemerisRangeError if outside
    SPAN_START .. SPAN_STOP.
    """
    try:
        if isinstance(value, Time):
            t = value.utc
        elif isinstance(value, _dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
            t = Time(value, scale="utc")
        elif isinstance(value, _dt.date):
            t = Time(value.isoformat(), scale="utc")
        elif isinstance(value, str):
            t = Time(value.strip().rstrip("Z"), scale="utc")
        else:
            t = Time(value, scale="utc")
    except (ValueError, TypeError) as exc:
        raise InputError(
            where, value, "an ISO 8601 UTC date or date-time such as 2028-06-15T00:00:00"
        ) from None
    check_span(t, where)
    return t


def check_span(t: Time, where: str = "epoch") -> None:
    """Raise EphemerisRangeError if any epoch of ``t`` is outside the kernels' span."""
    jd = np.atleast_1d(t.utc.jd)
    if jd.size == 0:
        return
    bad = (jd < SPAN_START.jd) | (jd > SPAN_STOP.jd) | ~np.isfinite(jd)
    if np.any(bad):
        first = Time(jd[bad][0], format="jd", scale="utc").isot
        raise EphemerisRangeError(
            where,
            first,
            f"epochs between {SPAN_START.isot[:10]} and {SPAN_STOP.isot[:10]} (UTC), the span of "
            "JPL DE421 and the DE421 lunar orientation kernel shipped with lupex",
        )


def _sf_time(t: Time, where: str = "epoch"):
    check_span(t, where)
    k = _kernels()
    tt = t.tt
    return k.ts.tt_jd(tt.jd1, tt.jd2)


@accepts(epochs=("t",), bodies={"target": ("sun", "earth", "moon"), "center": ("sun", "earth", "moon")})
def position_icrf(target: str, center: str, t: Time) -> np.ndarray:
    """Geometric position of ``target`` relative to ``center`` in ICRF, metres.

    target, center: "sun", "earth" or "moon". t: astropy Time (scalar or array).
    Returns an array of shape (3,) or (N, 3). No light-time correction (use for dynamics).
    """
    k = _kernels()
    tsf = _sf_time(t)
    p = (k.planets[_BODIES[target]] - k.planets[_BODIES[center]]).at(tsf).position.m
    return np.asarray(p).T


@accepts(epochs=("t",))
def moon_me_rotation(t: Time) -> np.ndarray:
    """Rotation matrices R with v_ME = R @ v_ICRF for the MOON_ME_DE421 frame.

    Returns shape (3, 3) for a scalar time, (N, 3, 3) for an array.
    """
    k = _kernels()
    tsf = _sf_time(t)
    r = np.asarray(k.frame.rotation_at(tsf))
    if r.ndim == 3:
        r = np.moveaxis(r, -1, 0)
    return r


@accepts(epochs=("t",), bodies={"body": ("sun", "earth")})
def direction_moon_me(body: str, t: Time) -> tuple[np.ndarray, np.ndarray]:
    """Direction and distance of the Sun or Earth from the Moon's centre, in MOON_ME_DE421.

    Light-time corrected (astrometric), as the light arriving at the Moon at ``t``.
    Returns (unit vectors of shape (N, 3) or (3,), distances in m of shape (N,) or ()).
    Seen from any point of the polar region the Sun direction differs from this by < 0.0002°
    (parallax of 300 km at 1 au); the Earth's by up to ~0.05° (use :func:`azimuth_elevation`
    for a specific site when that matters).
    """
    k = _kernels()
    tsf = _sf_time(t)
    astrometric = k.planets["moon"].at(tsf).observe(k.planets[_BODIES[body]])
    p_icrf = np.asarray(astrometric.position.m)  # (3,) or (3, N)
    r = np.asarray(k.frame.rotation_at(tsf))
    if p_icrf.ndim == 1:
        v = r @ p_icrf
        d = np.linalg.norm(v)
        return v / d, d
    v = np.einsum("ijn,jn->ni", r, p_icrf)
    d = np.linalg.norm(v, axis=1)
    return v / d[:, None], d


@accepts()
def enu_basis(lat_deg: float, lon_deg: float) -> np.ndarray:
    """Local east, north, up unit vectors (rows) at a selenographic point, in MOON_ME.

    lat_deg: latitude, -90..90; lon_deg: east longitude. For the pole itself the east/north
    directions are those of the limit along the given meridian.
    """
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    north = np.array([-np.sin(lat) * np.cos(lon), -np.sin(lat) * np.sin(lon), np.cos(lat)])
    up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    return np.vstack([east, north, up])


@_display.result(table=(None, ("azimuth_deg", "elevation_deg", "distance_m")))
@dataclass(frozen=True)
class AzEl:
    """Topocentric direction of a body from a lunar surface point.

    azimuth_deg: clockwise from local north (east = 90°), 0..360.
    elevation_deg: above the local horizontal plane (normal of the 1,737.4 km sphere).
    distance_m: observer-body distance.
    """

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    distance_m: np.ndarray


def _check_site(lat_deg, lon_deg, height_m):
    if not np.isfinite(lat_deg) or not -90.0 <= lat_deg <= 90.0:
        raise InputError("latitude (lat_deg)", lat_deg, "a latitude between -90 and 90 degrees")
    if not (np.isfinite(lon_deg) and -180.0 <= lon_deg <= 360.0):
        raise InputError("longitude (lon_deg)", lon_deg,
                         "an east longitude between -180 and 360 degrees")
    if not np.isfinite(height_m) or height_m < 0.0:
        raise InputError("height above ground (height_m)", height_m, "a height of 0 m or more")


@accepts(epochs=("t",), bodies={"body": ("sun", "earth")})
def azimuth_elevation(body: str, lat_deg: float, lon_deg: float, height_m: float, t: Time) -> AzEl:
    """Azimuth/elevation of the Sun or Earth from a point on the Moon, vectorised over ``t``.

    Parameters
    ----------
    body : "sun" or "earth".
    lat_deg, lon_deg : selenographic latitude and east longitude in MOON_ME_DE421, degrees.
    height_m : height above the 1,737.4 km reference sphere, m (terrain height + mast height).
    t : astropy Time, scalar or array.

    Light-time corrected (astrometric) positions; no refraction (the Moon has no atmosphere).
    """
    if body not in ("sun", "earth"):
        raise InputError("body", body, "'sun' or 'earth'")
    _check_site(lat_deg, lon_deg, height_m)
    k = _kernels()
    tsf = _sf_time(t)
    place = k.planets["moon"] + k.pc.build_latlon_degrees(
        k.frame, float(lat_deg), float(lon_deg), float(height_m)
    )
    astrometric = place.at(tsf).observe(k.planets[body])
    p_icrf = np.asarray(astrometric.position.m)
    r = np.asarray(k.frame.rotation_at(tsf))
    basis = enu_basis(lat_deg, lon_deg)
    if p_icrf.ndim == 1:
        v = basis @ (r @ p_icrf)
        e, n, u = v
    else:
        v_me = np.einsum("ijn,jn->ni", r, p_icrf)
        e, n, u = (v_me @ basis.T).T
    d = np.sqrt(e * e + n * n + u * u)
    az = np.degrees(np.arctan2(e, n)) % 360.0
    el = np.degrees(np.arcsin(u / d))
    return AzEl(azimuth_deg=az, elevation_deg=el, distance_m=d)


@accepts(epochs=("t",), bodies={"body": ("sun", "earth")})
def subpoint(body: str, t: Time) -> tuple[np.ndarray, np.ndarray]:
    """Selenographic (MOON_ME) latitude and east longitude (0..360) of the sub-body point, degrees."""
    u, _ = direction_moon_me(body, t)
    u = np.atleast_2d(u)
    lat = np.degrees(np.arcsin(np.clip(u[:, 2], -1, 1)))
    lon = np.degrees(np.arctan2(u[:, 1], u[:, 0])) % 360.0
    if np.ndim(t.jd) == 0:
        return lat[0], lon[0]
    return lat, lon
