"""The shipped ground-station table: it loads, cites a source for every station, keeps
coordinates in range, and a broken file gives a clear error naming the station and key.

References: the DSN positions in the table are the JPL ITRF2005 coordinates (IAU Commission 4
"DSN station coordinates", 2008) converted to WGS-84; DSS-14 is checked here against its
published Cartesian coordinates (x, y, z = -2353621.3873, -4641341.4492, 3677052.2629 m).
"""

from __future__ import annotations

import erfa
import numpy as np
import pytest

from lupex.errors import InputError
from lupex.operations.stations import (
    AGENCIES,
    default_station_file,
    load_stations,
    select_stations,
)


def test_shipped_table_loads_with_sources_and_ranges():
    st = load_stations()
    ids = {s.id for s in st}
    # the stations the LUPEX operations study needs (task list)
    for need in ("MDSS", "UDSC64", "USC34", "IDSN32", "IDSN18", "DSS-14", "DSS-24", "DSS-43",
                 "DSS-34", "DSS-63", "DSS-54", "DSA-1", "DSA-2", "DSA-3"):
        assert need in ids
    assert {s.agency for s in st} == set(AGENCIES)
    for s in st:
        assert s.source and s.mask_source, s.id
        assert -90 <= s.lat_deg <= 90 and -180 <= s.lon_deg <= 360, s.id
        assert -500 <= s.height_m <= 9000 and s.diameter_m > 0, s.id
        assert 0 <= s.elevation_mask_deg <= 45, s.id
        if s.g_over_t_x_db_k is not None:
            assert s.g_over_t_source, s.id
    usuda = next(s for s in st if s.id == "UDSC64")
    assert usuda.status == "retired" and usuda.status_source
    assert str(default_station_file()).endswith("operations/data/stations.toml")


def test_dss14_position_matches_published_itrf_coordinates():
    s = next(s for s in load_stations() if s.id == "DSS-14")
    xyz = erfa.gd2gc(1, np.radians(s.lon_deg), np.radians(s.lat_deg), s.height_m)
    np.testing.assert_allclose(xyz, [-2353621.3873, -4641341.4492, 3677052.2629], atol=0.5)


def test_select_by_agency_and_status():
    st = load_stations()
    jaxa = select_stations(st, "JAXA")
    assert {s.id for s in jaxa} == {"MDSS", "USC34"}  # Usuda 64 m is retired
    assert {s.id for s in select_stations(st, "JAXA", status=None)} == {"MDSS", "USC34", "UDSC64"}
    assert {s.id for s in select_stations(st, "JAXA", status="retired")} == {"UDSC64"}
    assert all(s.agency in ("ESA", "ISRO") for s in select_stations(st, ("ESA", "ISRO")))
    with pytest.raises(InputError, match="agency"):
        select_stations(st, "CNSA")


_GOOD = """
[[station]]
id = "T1"
name = "test"
agency = "ESA"
lat_deg = 10.0
lon_deg = 20.0
height_m = 100.0
diameter_m = 35.0
bands = ["X"]
elevation_mask_deg = 10.0
status = "active"
source = "synthetic test entry"
mask_source = "synthetic"
"""


@pytest.mark.parametrize("edit, match", [
    (("lat_deg = 10.0", "lat_deg = 95.0"), r"station 'T1'\.lat_deg = 95\.0 is not allowed"),
    (("lon_deg = 20.0", 'lon_deg = "20E"'), r"station 'T1'\.lon_deg"),
    (('source = "synthetic test entry"\n', ""), r"station 'T1'\.source"),
    (('source = "synthetic test entry"', 'source = "  "'), r"station 'T1'\.source"),
    (('agency = "ESA"', 'agency = "XYZ"'), r"station 'T1'\.agency"),
    (('status = "active"', 'status = "mothballed"'), r"station 'T1'\.status"),
    (('bands = ["X"]', 'bands = ["L"]'), r"station 'T1'\.bands"),
    (("height_m = 100.0", "height_m = 100.0\nfoo = 1"), r"station 'T1'\.foo"),
    (("height_m = 100.0", "height_m = 100.0\ng_over_t_x_db_k = 50.0"),
     r"station 'T1'\.g_over_t_source"),
])
def test_broken_file_names_station_and_key(tmp_path, edit, match):
    p = tmp_path / "stations.toml"
    p.write_text(_GOOD.replace(*edit))
    with pytest.raises(InputError, match=match) as exc:
        load_stations(p)
    assert str(p) in str(exc.value)


def test_broken_toml_duplicate_and_empty(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text("[[station]\nid=")
    with pytest.raises(InputError, match="valid TOML"):
        load_stations(p)
    p.write_text(_GOOD + _GOOD)
    with pytest.raises(InputError, match=r"station 'T1'\.id .*used once"):
        load_stations(p)
    p.write_text("title = 'no stations'\n")
    with pytest.raises(InputError, match=r"\[\[station\]\]"):
        load_stations(p)
    with pytest.raises(InputError, match="existing TOML file"):
        load_stations(tmp_path / "missing.toml")
    ok = tmp_path / "ok.toml"
    ok.write_text(_GOOD)
    assert len(load_stations(ok)) == 1
