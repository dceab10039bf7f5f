"""Shared fixtures for the transfer tests: one ephemeris table and one baseline solution."""

from __future__ import annotations

import astropy.units as u
import pytest
from astropy.time import Time

from lupex.transfer import DepartureOrbit, ForceModel, build_ephemeris_table, target_transfer

#: Baseline TLI epoch used by the tests (a LUPEX-like June 2028 date).
T_TLI = Time("2028-06-15T06:00:00", scale="utc")


@pytest.fixture(scope="session")
def force_2028():
    table = build_ephemeris_table(T_TLI, T_TLI + 9 * u.day, step_s=3600.0)
    return ForceModel(table)


@pytest.fixture(scope="session")
def baseline_solution(force_2028):
    """Direct transfer from a 200 km, 30.4° parking orbit (Tanegashima latitude), 4.5 days."""
    return target_transfer(force_2028, T_TLI, DepartureOrbit(200.0, 200.0, 30.4), 4.5, 100.0,
                           90.0)
