"""CZML export (czml3) parses back to the same epochs, frame and positions.

References
- CZML Guide and Packet/Position wiki, AnalyticalGraphicsInc/czml-writer: samples are
  [time, x, y, z, ...] with time in seconds after ``epoch``; referenceFrame INERTIAL or FIXED.
- IERS Bulletin C 52 (2016-07-06): a leap second was inserted at 2016-12-31T23:59:60 UTC, so
  2016-12-31T23:59:00 to 2017-01-01T00:01:00 UTC lasts 121 SI seconds.
"""

from __future__ import annotations

import json

import astropy.units as u
import numpy as np
import pytest
from astropy.time import Time
from czml3 import Document

from lupex.errors import InputError
from lupex.export import write_czml


def circular_orbit(n=50):
    """A circular 7,000 km Earth orbit (two-body, analytic), positions and velocities in m, m/s."""
    mu = 3.986004418e14  # Earth GM [m^3/s^2], IERS Conventions (2010) Table 1.1
    r = 7.0e6
    w = np.sqrt(mu / r**3)
    t = Time("2028-06-15T00:00:00", scale="utc") + np.linspace(0, 6000, n) * u.s
    s = (t - t[0]).to_value(u.s)
    pos = np.column_stack([r * np.cos(w * s), r * np.sin(w * s), np.zeros(n)])
    vel = np.column_stack([-r * w * np.sin(w * s), r * w * np.cos(w * s), np.zeros(n)])
    return t, pos, vel


def test_round_trip_positions(tmp_path):
    t, pos, _ = circular_orbit()
    p = write_czml(tmp_path / "traj.czml", t, pos, "INERTIAL", name="LUPEX <stack>",
                   description="test orbit <b>")
    raw = json.loads(p.read_text(encoding="utf-8"))
    doc = Document.model_validate_json(p.read_text(encoding="utf-8"))  # czml3 validates it
    assert doc.packets[0].id == "document"
    assert raw[0]["version"] == "1.0"
    ent = raw[1]
    assert ent["name"] == "LUPEX <stack>"
    assert "<b>" not in ent["description"]  # Cesium shows descriptions as HTML: escaped
    posd = ent["position"]
    assert posd["referenceFrame"] == "INERTIAL"
    samples = np.array(posd["cartesian"]).reshape(-1, 4)
    back = Time(posd["epoch"].rstrip("Z"), scale="utc") + samples[:, 0] * u.s
    assert np.max(np.abs((back - t).to_value(u.s))) < 1e-5
    np.testing.assert_array_equal(samples[:, 1:], pos)
    assert ent["availability"].split("/")[0].startswith("2028-06-15T00:00:00")
    assert raw[0]["clock"]["interval"] == ent["availability"]


def test_velocity_samples_and_fixed_frame(tmp_path):
    t, pos, vel = circular_orbit(10)
    p = write_czml(tmp_path / "v.czml", t.isot, pos, "FIXED", velocities_m_s=vel)
    posd = json.loads(p.read_text())[1]["position"]
    assert posd["referenceFrame"] == "FIXED"
    assert posd["interpolationAlgorithm"] == "HERMITE"
    samples = np.array(posd["cartesianVelocity"]).reshape(-1, 7)
    np.testing.assert_array_equal(samples[:, 4:], vel)


def test_sample_times_count_the_leap_second(tmp_path):
    t = Time(["2016-12-31T23:59:00", "2017-01-01T00:01:00"], scale="utc")
    p = write_czml(tmp_path / "leap.czml", t, np.zeros((2, 3)) + 7e6)
    samples = np.array(json.loads(p.read_text())[1]["position"]["cartesian"]).reshape(-1, 4)
    assert samples[1, 0] == pytest.approx(121.0, abs=1e-6)


@pytest.mark.parametrize(
    "args, kwargs, where",
    [
        ((["2028-06-15", "2028-06-16"], np.zeros((2, 3)), "MOON_ME"), {}, "frame"),
        ((["2028-06-15", "2028-06-16"], np.zeros((3, 3))), {}, "positions_m"),
        ((["2028-06-16", "2028-06-15"], np.zeros((2, 3))), {}, "epochs"),
        ((["yesterday", "2028-06-15"], np.zeros((2, 3))), {}, "epochs"),
        ((["2028-06-15", "2028-06-16"], np.full((2, 3), np.nan)), {}, "positions_m"),
        ((["2028-06-15", "2028-06-16"], np.zeros((2, 3))), {"velocities_m_s": np.zeros(3)},
         "velocities_m_s"),
    ],
)
def test_bad_input(tmp_path, args, kwargs, where):
    with pytest.raises(InputError) as e:
        write_czml(tmp_path / "bad.czml", *args, **kwargs)
    assert e.value.where == where


def test_mission_document_round_trip(tmp_path):
    """The whole-mission document: Earth- and Moon-centred segments, the site and stations.
    Reloaded with czml3 (schema), then checked packet by packet: ids, epochs, intervals, frames,
    and the Moon-centred segment shifted by DE421's Moon (an independent skyfield call)."""
    from lupex.constants import MOON_RADIUS_M
    from lupex.ephemeris import position_icrf
    from lupex.export import write_mission_czml
    from lupex.operations import load_stations
    from lupex.transfer.oem import OemSegment

    t, pos, vel = circular_orbit(20)
    lunar_t = t[-1] + np.linspace(0, 7200, 15) * u.s
    lunar = np.column_stack([np.full(15, 1.8374e6), np.zeros(15), np.zeros(15),
                             np.zeros(15), np.full(15, 1633.0), np.zeros(15)])
    segs = [OemSegment({"CENTER_NAME": "EARTH", "COMMENT": "phase: parking orbit"}, t,
                       np.hstack([pos, vel])),
            OemSegment({"CENTER_NAME": "MOON", "COMMENT": "phase: lunar orbit"}, lunar_t, lunar)]
    st = [s for s in load_stations() if s.id in ("MDSS", "DSS-43")]
    p = write_mission_czml(tmp_path / "mission.czml", segs, site=(-89.45, 222.69),
                           surface_stop="2028-06-20T00:00:00Z", stations=st)
    doc = Document.model_validate_json(p.read_text(encoding="utf-8"))
    ids = [q.id for q in doc.packets]
    assert ids == ["document", "trajectory-0", "trajectory-1", "landing-site", "station-MDSS",
                   "station-DSS-43"]
    raw = json.loads(p.read_text(encoding="utf-8"))
    assert raw[0]["clock"]["interval"].startswith("2028-06-15T00:00:00")
    assert raw[0]["clock"]["interval"].split("/")[1].startswith("2028-06-20T00:00:00")
    moon_seg = raw[2]
    assert moon_seg["position"]["referenceFrame"] == "INERTIAL"
    assert "lunar orbit" in moon_seg["name"]
    start, stop = moon_seg["availability"].split("/")
    assert abs((Time(start.rstrip("Z"), scale="utc") - lunar_t[0]).to_value("s")) < 1e-3
    smp = np.array(moon_seg["position"]["cartesianVelocity"]).reshape(-1, 7)
    back = Time(moon_seg["position"]["epoch"].rstrip("Z"), scale="utc") + smp[:, 0] * u.s
    assert np.max(np.abs((back - lunar_t).to_value("s"))) < 1e-5
    moon = position_icrf("moon", "earth", lunar_t)
    np.testing.assert_allclose(smp[:, 1:4] - moon, lunar[:, :3], atol=1e-3)
    # the Moon's geocentric velocity (~1 km/s) is added to the lunar-orbit velocity
    dv = np.linalg.norm(smp[:, 4:] - lunar[:, 3:], axis=1)
    assert np.all((900.0 < dv) & (dv < 1100.0))
    site = raw[3]["position"]
    s = np.array(site["cartesian"]).reshape(-1, 4)
    ts = Time(site["epoch"].rstrip("Z"), scale="utc") + s[:, 0] * u.s
    r = np.linalg.norm(s[:, 1:] - position_icrf("moon", "earth", ts), axis=1)
    np.testing.assert_allclose(r, MOON_RADIUS_M, atol=1.0)  # on the sphere, with the Moon
    assert abs((ts[0] - lunar_t[-1]).to_value("s")) < 1e-3
    mdss = raw[4]["position"]["cartographicDegrees"]
    assert mdss == pytest.approx([st[0].lon_deg, st[0].lat_deg, st[0].height_m])
    with pytest.raises(InputError, match="CENTER_NAME"):
        write_mission_czml(tmp_path / "x.czml", [OemSegment({"CENTER_NAME": "MARS"}, t,
                                                            np.hstack([pos, vel]))])
    with pytest.raises(InputError, match="segments"):
        write_mission_czml(tmp_path / "x.czml", [])
