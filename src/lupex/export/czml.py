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
