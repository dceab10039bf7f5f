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
