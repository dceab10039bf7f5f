"""CCSDS OEM (502.0-B-3, KVN) export and parse-back."""

from __future__ import annotations

import numpy as np
import pytest
from astropy.time import Time, TimeDelta
from hypothesis import given, settings
from hypothesis import strategies as st

from lupex.errors import InputError
from lupex.transfer import read_oem, trajectory_samples, write_oem


def test_transfer_round_trip(tmp_path, baseline_solution):
    ts, ys = trajectory_samples(baseline_solution, n=200)
    epochs = baseline_solution.force.table.epoch(ts)
    p = write_oem(tmp_path / "t.oem", epochs, ys)
    text = p.read_text()
    # mandatory keywords of CCSDS 502.0-B-3 §5.2
    for kw in ("CCSDS_OEM_VERS", "CREATION_DATE", "ORIGINATOR", "META_START", "OBJECT_NAME",
               "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "START_TIME", "STOP_TIME",
               "META_STOP"):
        assert kw in text
    seg = read_oem(p)[0]
    assert seg.meta["CENTER_NAME"] == "EARTH" and seg.meta["REF_FRAME"] == "ICRF"
    assert len(seg.states) == len(ys)
    assert np.max(np.abs(seg.states[:, :3] - ys[:, :3])) < 1.0  # m (10 significant digits)
    assert np.max(np.abs(seg.states[:, 3:] - ys[:, 3:])) < 1e-4  # m/s
    assert np.max(np.abs((seg.epochs - epochs).to_value("s"))) < 1e-3


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(*[st.floats(-1e9, 1e9, allow_nan=False)] * 6), min_size=2,
                max_size=8))
def test_round_trip_property(tmp_path_factory, rows):
    d = tmp_path_factory.mktemp("oem")
    t0 = Time("2028-06-15T00:00:00", scale="utc")
    epochs = t0 + TimeDelta(60.0 * np.arange(len(rows)), format="sec")
    st_ = np.array(rows)
    seg = read_oem(write_oem(d / "p.oem", epochs, st_))[0]
    assert np.allclose(seg.states, st_, rtol=1e-9, atol=1e-6)


def test_malformed_files_are_input_errors(tmp_path):
    p = tmp_path / "bad.oem"
    p.write_text("hello\n")
    with pytest.raises(InputError, match="CCSDS_OEM_VERS"):
        read_oem(p)
    p.write_text("CCSDS_OEM_VERS = 2.0\nMETA_START\nOBJECT_NAME = X\nMETA_STOP\n"
                 "2028-01-01T00:00:00 1 2 3\n")
    with pytest.raises(InputError, match="data line"):
        read_oem(p)
    t = Time(["2028-01-01T00:00:00", "2028-01-01T00:00:00"], scale="utc")
    with pytest.raises(InputError, match="increasing"):
        write_oem(tmp_path / "x.oem", t, np.zeros((2, 6)))


def test_strict_grammar_checker_accepts_lupex_files_and_rejects_bad_ones(tmp_path):
    """The independent CCSDS grammar checker (tests/transfer/oem_grammar.py) used on the
    whole-mission file: it must pass a well-formed file and fail each kind of defect."""
    from lupex.transfer.oem import OemSegment, write_oem_segments
    from tests.transfer.oem_grammar import OemGrammarError, check_oem_kvn

    t0 = Time("2028-06-15T00:00:00", scale="utc")
    ep = t0 + TimeDelta([0.0, 60.0, 120.0], format="sec")
    good = write_oem_segments(tmp_path / "g.oem", [
        OemSegment({"CENTER_NAME": "EARTH", "COMMENT": "phase: a"}, ep, np.ones((3, 6))),
        OemSegment({"CENTER_NAME": "MOON"}, ep + TimeDelta(180.0, format="sec"), np.ones((3, 6)))])
    text = good.read_text()
    segs = check_oem_kvn(text)
    assert [m["CENTER_NAME"] for m, _, _ in segs] == ["EARTH", "MOON"]
    assert read_oem(good)[0].meta["COMMENT"] == "phase: a"
    bad = {
        "version": text.replace("CCSDS_OEM_VERS = 2.0", "CCSDS_OEM_VERS = 1.0"),
        "no META_STOP": text.replace("META_STOP", "", 1),
        "missing keyword": text.replace("TIME_SYSTEM = UTC\n", "", 1),
        "bad epoch": text.replace("2028-06-15T00:01:00.000", "2028-06-15 00:01:00", 1),
        "five numbers": text.replace(" 1.000000000e-03\n", "\n", 1),
        "outside STOP_TIME": text.replace("STOP_TIME = 2028-06-15T00:02:00.000",
                                          "STOP_TIME = 2028-06-15T00:01:00.000", 1),
        "comment in data": text.replace("2028-06-15T00:01:00.000",
                                        "COMMENT x\n2028-06-15T00:01:00.000", 1),
    }
    for why, t in bad.items():
        assert t != text, why
        with pytest.raises(OemGrammarError):
            check_oem_kvn(t)
