"""Chandrayaan-3 check: from its published post-TLI orbit the model reaches the Moon in 4.5-5 days
and the finite LOI gives a capture orbit near 164 × 18,074 km.

Published facts used (ISRO mission updates, July-August 2023, as reported e.g. by The Hindu and
ANI): integrated module 3,900 kg at launch (propulsion module 2,148 kg + lander 1,752 kg); the
last Earth-bound orbit 236 × 127,603 km (25 Jul 2023); trans-lunar injection on the night of
31 Jul / 1 Aug 2023 (IST) into a 288 × 369,328 km orbit; lunar orbit insertion on 5 Aug 2023
(≈ 19:00 IST = 13:30 UTC) into a 164 × 18,074 km orbit; propulsion module main engine 440 N.

Assumptions (not published, labelled): TLI at 2023-07-31T18:45 UTC (00:15 IST); Earth-orbit
inclination 21.3° (LVM3-M4 elliptic parking orbit, as reported); mass at LOI 3,200 kg (3,900 kg
less ≈ 600 m/s of Earth-bound burns at Isp 310 s); Isp 310 s; the lunar inclination is left free
(only the perilune altitude, 164 km, is targeted).
"""

from __future__ import annotations

import astropy.units as u
import numpy as np
import pytest

from tests.reference import check_reference
from lupex.ephemeris import to_time
from lupex.transfer import (
    DepartureOrbit,
    ForceModel,
    build_ephemeris_table,
    finite_loi,
    target_transfer,
)
from lupex.transfer.forces import GM_EARTH, R_EARTH

T_TLI = "2023-07-31T18:45:00"
LOI_UTC = "2023-08-05T13:30:00"


@pytest.fixture(scope="module")
def ch3():
    t = to_time(T_TLI)
    rp = R_EARTH + 288e3
    v_pre = np.sqrt(GM_EARTH * (2 / rp - 2 / (rp + R_EARTH + 127_603e3)))
    v_post = np.sqrt(GM_EARTH * (2 / rp - 2 / (rp + R_EARTH + 369_328e3)))
    force = ForceModel(build_ephemeris_table(t, t + 9 * u.day))
    sol = target_transfer(force, t, DepartureOrbit(288.0, 127_603.0, 21.3), None, 164.0, None,
                          fixed_dv_m_s=v_post - v_pre)
    return sol


def test_ch3_reaches_moon_in_4_5_to_5_days(ch3):
    assert ch3.converged
    assert ch3.arrival.perilune_altitude_km == pytest.approx(164.0, abs=1.0)
    assert 4.5 <= ch3.time_of_flight_days <= 5.0
    # and within 6 h of the reported LOI epoch (independent of the 4.5-5 d band)
    dt_h = (ch3.arrival.epoch - to_time(LOI_UTC)).to_value(u.h)
    check_reference("transfer.ch3_arrival_epoch", dt_h)


def test_ch3_loi_capture_orbit_near_164_by_18074_km(ch3):
    """Finite 440 N burn centred on perilune, cut off at the published 18,074 km apolune (so the
    apolune matches by construction); the perilune it leaves (a model output, lowered by the
    finite burn) must be within 50 km of the published 164 km, and the Δv plausible for a capture
    from a ≈ 0.7 km/s v∞ into an 18,000 km apolune ellipse (0.2-0.4 km/s)."""
    f = finite_loi(ch3.arrival.state_moon, 3200.0, 440.0, 310.0, 18_074.0)
    assert f.apolune_altitude_km == pytest.approx(18_074.0, abs=5.0)
    check_reference("transfer.ch3_capture_perilune", f.perilune_altitude_km)
    assert 200.0 < f.dv_m_s < 400.0
    assert f.gravity_loss_m_s > 0.0
    # burn of roughly half an hour (440 N on ≈ 3 t)
    assert 1000.0 < f.duration_s < 3000.0
