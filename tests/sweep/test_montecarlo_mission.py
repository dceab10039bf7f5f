"""Monte Carlo on the whole mission (slow: one full scenario run, ~1–4 min on 2 cores)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from lupex.sweep import DispersionSpec, run_sweep
from lupex.sweep.montecarlo import G0_M_S2

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"


@pytest.mark.slow
def test_isp_dispersion_on_the_mission_budget(tmp_path):
    sigma = 0.005
    res = run_sweep(BASELINE, [], tmp_path / "mc", samples=200, seed=1, workers=1,
                    dispersion=DispersionSpec(lander_isp_frac=sigma))
    assert res.montecarlo["applied"] == ["lander_isp_frac"]
    nominal = next(r for r in res.records.values() if r.get("summary"))
    t = nominal["summary"]["transfer"]
    sc = nominal["summary"]["scenario"]["inputs"]["spacecraft"]
    st = res.montecarlo["groups"][0]["stats"]["propellant_margin_kg"]
    # Linearised rocket equation (independent check): d(required)/d(ln Isp) = -m_dry e^x x,
    # x = Δv/(g0 Isp); margin sigma = m_dry e^x x sigma. 200 samples: ~5 % standard error.
    x = t["total_lander_dv_m_s"] / (G0_M_S2 * sc["lander_isp_s"])
    expected_sd = sc["lander_dry_mass_kg"] * math.exp(x) * x * sigma
    assert st["std"] == pytest.approx(expected_sd, rel=0.2)
    assert st["p50"] == pytest.approx(t["propellant_margin_kg"], abs=0.5 * expected_sd)
