"""X-band DTE link budget: hand values of the link equation.

Free-space loss L = 20 log10(4 pi d f / c) at d = 384,400 km (mean Earth-Moon distance) and
f = 8.4 GHz: 4 pi x 3.844e8 x 8.4e9 / 299,792,458 = 1.3535e11, 20 log10 = 222.63 dB (hand value,
task reference 222.6 dB).

Documented example (labelled assumptions of lupex.operations.link): rover LGA, 10 W (10 dBW),
3 dBi, 1 dB circuit loss -> EIRP 12 dBW; f = 8.475 GHz -> L = 222.63 + 20 log10(8.475/8.4)
= 222.71 dB; other losses 0.5 dB; IDSN 32 m published G/T 51.0 dB/K; k = -228.60 dBW/K/Hz:
C/N0 = 12 - 222.71 - 0.5 + 51.0 + 228.60 = 68.39 dB-Hz; with Eb/N0 2.5 dB and margin 3 dB the
rate is 10^(6.289) = 1.946e6 bit/s. The HGA (24 dBi, 1 dB other losses) gives
C/N0 = 88.89 dB-Hz, i.e. 2.2e8 bit/s from the link equation, capped at 10 Mbit/s.
"""

from __future__ import annotations

from dataclasses import replace

import astropy.units as u
import numpy as np
import pytest
from astropy.time import Time

from lupex.errors import InputError
from lupex.operations import (
    ROVER_HGA,
    ROVER_LGA,
    LinkParameters,
    agency_rate_bps,
    cn0_dbhz,
    data_rate_bps,
    dish_gain_dbi,
    free_space_loss_db,
    load_stations,
    pass_volumes_bits,
    passes,
    station_g_over_t_db_k,
    station_view,
    volume_bits,
)
from lupex.operations.link import BOLTZMANN_DBW

MEAN_EARTH_MOON_M = 384_400e3


def _station(sid):
    return next(s for s in load_stations() if s.id == sid)


def test_free_space_loss_hand_value():
    assert free_space_loss_db(MEAN_EARTH_MOON_M, 8.4e9) == pytest.approx(222.6, abs=0.05)
    assert free_space_loss_db(MEAN_EARTH_MOON_M, 8.4e9) == pytest.approx(222.629, abs=0.002)
    # doubling the distance adds 20 log10(2) = 6.02 dB
    d = np.array([1.0, 2.0]) * MEAN_EARTH_MOON_M
    assert np.diff(free_space_loss_db(d, 8.4e9))[0] == pytest.approx(6.0206, abs=1e-4)
    assert BOLTZMANN_DBW == pytest.approx(-228.599, abs=1e-3)


def test_dish_gain_and_station_g_over_t():
    # 34 m at 8.475 GHz, eta 0.70: 10 log10(0.7 (pi 34 / 0.035374)^2) = 68.05 dBi; T 35 K -> 52.61
    assert dish_gain_dbi(34.0, 8.475e9, 0.70) == pytest.approx(68.05, abs=0.01)
    gt, how = station_g_over_t_db_k(_station("DSS-34"))
    assert gt == pytest.approx(52.61, abs=0.01) and how.startswith("derived")
    gt, how = station_g_over_t_db_k(_station("IDSN32"))
    assert gt == pytest.approx(51.0, abs=1e-9) and how.startswith("published")
    # the derivation is consistent with the published IDSN 32 m value within 2 dB
    derived = dish_gain_dbi(32.0, 8.475e9) - 10 * np.log10(35.0)
    assert abs(derived - 51.0) < 2.0


def test_documented_example_cn0_and_rate():
    gt = station_g_over_t_db_k(_station("IDSN32"))[0]
    assert ROVER_LGA.eirp_dbw == pytest.approx(12.0, abs=1e-9)
    assert cn0_dbhz(ROVER_LGA, MEAN_EARTH_MOON_M, gt) == pytest.approx(68.39, abs=0.01)
    assert data_rate_bps(ROVER_LGA, MEAN_EARTH_MOON_M, gt) == pytest.approx(1.946e6, rel=0.005)
    assert cn0_dbhz(ROVER_HGA, MEAN_EARTH_MOON_M, gt) == pytest.approx(88.89, abs=0.01)
    uncapped = LinkParameters(max_rate_bps=None)
    assert data_rate_bps(uncapped, MEAN_EARTH_MOON_M, gt) == pytest.approx(2.18e8, rel=0.01)
    assert data_rate_bps(ROVER_HGA, MEAN_EARTH_MOON_M, gt) == pytest.approx(1e7, rel=1e-9)
    # 18 m IDSN (G/T 39.5): 11.5 dB less -> 1.946e6 / 10^1.15 = 1.377e5 bit/s
    gt18 = station_g_over_t_db_k(_station("IDSN18"))[0]
    assert data_rate_bps(ROVER_LGA, MEAN_EARTH_MOON_M, gt18) == pytest.approx(1.377e5, rel=0.005)


def test_volume_is_rate_times_pass_duration():
    times = Time("2028-06-15T00:00:00") + np.arange(10) * u.hour
    contact = np.array([0, 1, 1, 1, 0, 0, 1, 1, 0, 0], bool)
    gt = station_g_over_t_db_k(_station("IDSN32"))[0]
    rate = data_rate_bps(ROVER_LGA, np.full(10, MEAN_EARTH_MOON_M), gt, contact)
    assert np.all(rate[~contact] == 0.0)
    ps = passes(times, contact, 1.0)
    vols = pass_volumes_bits(rate, ps, 1.0)
    r0 = data_rate_bps(ROVER_LGA, MEAN_EARTH_MOON_M, gt)
    assert vols == pytest.approx([r0 * 3 * 3600.0, r0 * 2 * 3600.0], rel=1e-12)
    assert volume_bits(rate, 1.0) == pytest.approx(sum(vols), rel=1e-12)
    # agency rate: the best station at each epoch
    other = rate / 2
    st = [_station("IDSN32"), _station("IDSN18")]
    best = agency_rate_bps({"IDSN32": rate, "IDSN18": other}, st, "ISRO")
    np.testing.assert_allclose(best, rate)


def test_rate_with_real_ranges_and_input_checks():
    st = _station("DSS-43")
    t = Time("2028-06-23T00:00:00") + np.arange(3) * 8 * u.hour
    view = station_view(st, t, site=(-89.45, 222.69, 0.0))
    loss = free_space_loss_db(view.range_m, ROVER_LGA.frequency_hz)
    assert np.all((221.9 < loss) & (loss < 223.5))  # perigee 356,000 km .. apogee 406,700 km
    gt = station_g_over_t_db_k(st)[0]
    rate = data_rate_bps(ROVER_LGA, view.range_m, gt, view.visible)
    assert np.all(rate[view.visible] > 1e6) and np.all(rate[~view.visible] == 0)
    with pytest.raises(InputError, match="tx_power_w"):
        cn0_dbhz(LinkParameters(tx_power_w=0.0), MEAN_EARTH_MOON_M, gt)
    with pytest.raises(InputError, match="margin_db"):
        cn0_dbhz(LinkParameters(margin_db=-1.0), MEAN_EARTH_MOON_M, gt)
    with pytest.raises(InputError, match="X band"):
        station_g_over_t_db_k(replace(_station("DSA-3"), bands=("Ka",)))
