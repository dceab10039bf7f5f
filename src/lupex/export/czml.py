"""CZML export of a trajectory for CesiumJS, written with czml3.

CZML (https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/CZML-Guide) places Cartesian
positions in one of two Earth-centred frames: ``INERTIAL`` (Cesium's ICRF axes centred on the
Earth) and ``FIXED`` (Earth-fixed, ITRF-like). A Moon-centred trajectory must therefore be shifted
to the Earth's centre (add the Moon's geocentric ICRF position from DE421, e.g.
``lupex.ephemeris.position_icrf("moon", "earth", t)``) before it is written as ``INERTIAL``.
"""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path

import numpy as np

from lupex.errors import InputError

#: Reference frames CZML supports for Cartesian positions.
CZML_FRAMES = ("INERTIAL", "FIXED")


def _epochs(epochs):
    """astropy Time (UTC) array from Time, ISO strings or datetimes; InputError otherwise."""
    from astropy.time import Time

    try:
        if isinstance(epochs, Time):
            t = epochs.utc
        else:
            vals = list(epochs)
            if vals and isinstance(vals[0], str):
                vals = [v.strip().rstrip("Z") for v in vals]
            elif vals and isinstance(vals[0], _dt.datetime):
                vals = [
                    v.astimezone(_dt.timezone.utc).replace(tzinfo=None) if v.tzinfo else v
                    for v in vals
                ]
            t = Time(vals, scale="utc")
    except (ValueError, TypeError) as exc:
        raise InputError(
            "epochs", epochs, f"UTC epochs: astropy Time, ISO 8601 strings or datetimes ({exc})"
        ) from None
    return t.reshape(-1) if t.ndim else t.reshape(1)


def write_czml(
    path,
    epochs,
    positions_m,
    frame: str = "INERTIAL",
    name: str = "LUPEX",
    *,
    velocities_m_s=None,
    description: str = "",
    color_rgba=(0, 114, 178, 255),
    interpolation_degree: int = 5,
    entity_id: str = "spacecraft",
) -> Path:
    """Write a trajectory as a CZML document (one clock, one entity with a path) for Cesium.

    Parameters
    ----------
    path : output file (``.czml``).
    epochs : N UTC epochs (astropy Time, ISO 8601 strings or datetimes), strictly increasing.
    positions_m : (N, 3) Cartesian positions [m], Earth-centred, in ``frame``.
    frame : "INERTIAL" (Earth-centred ICRF axes) or "FIXED" (Earth-fixed); see module docstring.
    name : entity name shown by Cesium (plain text; the document is named after it too).
    velocities_m_s : optional (N, 3) velocities [m/s] in ``frame``; written as cartesianVelocity
        so Cesium's Hermite interpolation uses them.
    description : plain text shown in Cesium's info box (HTML-escaped here).
    color_rgba : path colour, 0–255 (default JAXA blue from :mod:`lupex.plotstyle`).
    interpolation_degree : Lagrange (positions) or Hermite (with velocities) degree.
    entity_id : CZML packet id of the trajectory.

    Sample times are written as seconds since the first epoch, measured in SI seconds (astropy
    takes leap seconds into account, as Cesium's JulianDate does).
    """
    from czml3 import Clock, Color, Document, Packet, Path as CzPath, Position, TimeInterval
    from czml3.properties import PolylineMaterial, SolidColorMaterial

    if frame not in CZML_FRAMES:
        raise InputError("frame", frame, f"one of {', '.join(CZML_FRAMES)}")
    t = _epochs(epochs)
    pos = np.asarray(positions_m, dtype=float)
    if pos.ndim != 2 or pos.shape[1] != 3 or pos.shape[0] != len(t):
        raise InputError(
            "positions_m",
            f"array of shape {pos.shape}",
            f"an (N, 3) array with N = {len(t)} epochs",
        )
    if len(t) < 2:
        raise InputError("epochs", f"{len(t)} epoch(s)", "at least 2 epochs")
    if not np.all(np.isfinite(pos)):
        raise InputError("positions_m", "non-finite values", "finite positions in metres")
    dt_s = (t - t[0]).to_value("s")
    if np.any(np.diff(dt_s) <= 0):
        raise InputError("epochs", "not strictly increasing", "strictly increasing epochs")
    vel = None
    if velocities_m_s is not None:
        vel = np.asarray(velocities_m_s, dtype=float)
        if vel.shape != pos.shape or not np.all(np.isfinite(vel)):
            raise InputError(
                "velocities_m_s",
                f"array of shape {vel.shape}",
                f"a finite array of shape {pos.shape}",
            )
    if not (isinstance(interpolation_degree, int) and interpolation_degree >= 1):
        raise InputError("interpolation_degree", interpolation_degree, "an integer ≥ 1")
    rgba = [int(c) for c in color_rgba]
    if len(rgba) != 4 or any(not 0 <= c <= 255 for c in rgba):
        raise InputError("color_rgba", color_rgba, "four integers 0–255")

    start = t[0].to_datetime(timezone=_dt.timezone.utc)
    stop = t[-1].to_datetime(timezone=_dt.timezone.utc)
    interval = TimeInterval(start=start, end=stop)
    degree = min(interpolation_degree, len(t) - 1)
    if vel is None:
        samples = np.column_stack([dt_s, pos]).ravel().tolist()
        position = Position(
            epoch=start,
            referenceFrame=frame,
            cartesian=samples,
            interpolationAlgorithm="LAGRANGE",
            interpolationDegree=degree,
        )
    else:
        samples = np.column_stack([dt_s, pos, vel]).ravel().tolist()
        position = Position(
            epoch=start,
            referenceFrame=frame,
            cartesianVelocity=samples,
            interpolationAlgorithm="HERMITE",
            interpolationDegree=min(degree, 2),
        )
    doc = Document(
        packets=[
            Packet(
                id="document",
                name=str(name),
                version="1.0",
                clock=Clock(interval=interval, currentTime=start, multiplier=600.0),
            ),
            Packet(
                id=str(entity_id),
                name=str(name),
                description=html.escape(description) if description else None,
                availability=interval,
                position=position,
                path=CzPath(
                    width=2.0,
                    material=PolylineMaterial(
                        solidColor=SolidColorMaterial(color=Color(rgba=rgba))
                    ),
                ),
            ),
        ]
    )
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing directory")
    path.write_text(doc.dumps(), encoding="utf-8")
    return path


def _lunar_point_icrf(lat_deg: float, lon_deg: float, height_m: float, t) -> np.ndarray:
    """Geocentric ICRF positions (N, 3), m, of a point fixed on the Moon (MOON_ME_DE421, on the
    1,737.4 km sphere + ``height_m``): DE421 Moon centre + the lunar orientation kernel."""
    from lupex.constants import MOON_RADIUS_M
    from lupex.ephemeris import position_icrf
    from lupex.ephemeris.core import moon_me_rotation

    la, lo = np.radians(lat_deg), np.radians(lon_deg)
    p_me = (MOON_RADIUS_M + height_m) * np.array([np.cos(la) * np.cos(lo),
                                                  np.cos(la) * np.sin(lo), np.sin(la)])
    rot = moon_me_rotation(t).reshape(-1, 3, 3)  # v_ME = R v_ICRF
    return position_icrf("moon", "earth", t).reshape(-1, 3) + np.einsum("nji,j->ni", rot, p_me)


def write_mission_czml(path, segments, *, site=None, surface_stop=None, stations=(),
                       name: str = "LUPEX", site_step_s: float = 3600.0) -> Path:
    """Write the whole mission as one CZML document for Cesium (czml3).

    segments : the flight's trajectory as OEM segments (:class:`lupex.transfer.oem.OemSegment`:
        ``meta["CENTER_NAME"]`` EARTH or MOON, ICRF axes, epochs, (N, 6) states in m, m/s), in
        flight order; Moon-centred segments are shifted to the Earth's centre with DE421 (CZML
        has only Earth-centred frames). One packet ``trajectory-<k>`` per segment, available over
        its own interval, INERTIAL positions with velocities (Hermite interpolation).
    site : (latitude, east longitude) of the landing site, degrees; written as a point moving
        with the Moon (geocentric ICRF samples every ``site_step_s`` from the last segment's end
        to ``surface_stop``, or for one day), id ``landing-site``.
    stations : ground stations (objects with id, name, agency, lat_deg, lon_deg, height_m,
        diameter_m); each a fixed point (``cartographicDegrees`` on the WGS-84 ellipsoid,
        Cesium's Earth), id ``station-<id>``.

    The document clock runs from the first segment's start to the end of the site's samples.
    """
    from astropy import units as u
    from astropy.time import Time
    from czml3 import Clock, Color, Document, Packet, Path as CzPath, Position, TimeInterval
    from czml3.properties import Label, Point, PolylineMaterial, SolidColorMaterial

    from lupex.ephemeris import position_icrf

    segs = list(segments)
    if not segs:
        raise InputError("segments", 0, "at least one trajectory segment")
    colours = {"EARTH": [0, 114, 178, 255], "MOON": [213, 94, 0, 255]}

    def utc(t):
        return t.to_datetime(timezone=_dt.timezone.utc)

    packets = []
    for k, seg in enumerate(segs):
        centre = str(seg.meta.get("CENTER_NAME", "EARTH")).upper()
        if centre not in colours:
            raise InputError(f"segments[{k}] CENTER_NAME", centre, "EARTH or MOON")
        t = _epochs(seg.epochs)
        st = np.asarray(seg.states, dtype=float)
        if st.ndim != 2 or st.shape != (len(t), 6) or len(t) < 2:
            raise InputError(f"segments[{k}] states", st.shape, f"an ({len(t)}, 6) array, N >= 2")
        if centre == "MOON":
            dt_s = 60.0
            moon = position_icrf("moon", "earth", t).reshape(-1, 3)
            moon_v = (position_icrf("moon", "earth", t + dt_s * u.s).reshape(-1, 3)
                      - position_icrf("moon", "earth", t - dt_s * u.s).reshape(-1, 3)) / (2 * dt_s)
            st = st + np.hstack([moon, moon_v])
        rel = (t - t[0]).to_value("s")
        if np.any(np.diff(rel) <= 0):
            raise InputError(f"segments[{k}] epochs", "not strictly increasing",
                             "strictly increasing epochs")
        interval = TimeInterval(start=utc(t[0]), end=utc(t[-1]))
        phase = str(seg.meta.get("COMMENT", "")).removeprefix("phase: ")
        packets.append(Packet(
            id=f"trajectory-{k}", name=f"{name}: {phase}" if phase else name,
            description=html.escape(f"{phase} ({centre.lower()}-centred in the source "
                                    "ephemeris)") if phase else None,
            availability=interval,
            position=Position(epoch=utc(t[0]), referenceFrame="INERTIAL",
                              cartesianVelocity=np.column_stack([rel, st]).ravel().tolist(),
                              interpolationAlgorithm="HERMITE", interpolationDegree=2),
            path=CzPath(width=2.0, material=PolylineMaterial(
                solidColor=SolidColorMaterial(color=Color(rgba=colours[centre]))))))
    t_start = _epochs(segs[0].epochs)[0]
    t_end = _epochs(segs[-1].epochs)[-1]
    if site is not None:
        lat, lon = (float(v) for v in site)
        if not (-90.0 <= lat <= 90.0 and np.isfinite(lon)):
            raise InputError("site", site, "(latitude -90..90, east longitude) in degrees")
        stop = t_end + 1 * u.day if surface_stop is None else _epochs([surface_stop])[0]
        if stop <= t_end:
            raise InputError("surface_stop", surface_stop, "an epoch after touchdown")
        n = max(2, int(np.ceil((stop - t_end).to_value("s") / site_step_s)) + 1)
        ts = t_end + np.linspace(0.0, (stop - t_end).to_value("s"), n) * u.s
        p = _lunar_point_icrf(lat, lon, 0.0, ts)
        rel = (ts - ts[0]).to_value("s")
        packets.append(Packet(
            id="landing-site", name=f"Landing site {abs(lat):.2f}°{'S' if lat < 0 else 'N'}, "
                                   f"{lon % 360:.2f}°E",
            availability=TimeInterval(start=utc(ts[0]), end=utc(ts[-1])),
            position=Position(epoch=utc(ts[0]), referenceFrame="INERTIAL",
                              cartesian=np.column_stack([rel, p]).ravel().tolist(),
                              interpolationAlgorithm="LAGRANGE",
                              interpolationDegree=min(5, n - 1)),
            point=Point(pixelSize=8, color=Color(rgba=[0, 158, 115, 255])),
            label=Label(text="LUPEX site")))
        t_end = ts[-1]
    for s in stations:
        packets.append(Packet(
            id=f"station-{s.id}", name=f"{s.name} ({s.agency}, {s.diameter_m:g} m)",
            position=Position(cartographicDegrees=[float(s.lon_deg), float(s.lat_deg),
                                                   float(s.height_m)]),
            point=Point(pixelSize=6, color=Color(rgba=[230, 159, 0, 255])),
            label=Label(text=str(s.id))))
    clock = TimeInterval(start=utc(t_start), end=utc(t_end))
    doc = Document(packets=[Packet(id="document", name=str(name), version="1.0",
                                   clock=Clock(interval=clock, currentTime=utc(t_start),
                                               multiplier=600.0))] + packets)
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing directory")
    path.write_text(doc.dumps(), encoding="utf-8")
    return path
