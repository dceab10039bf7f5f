"""Monte Carlo: reproducible draws, the rocket-equation budget, the 99 % landing ellipse."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.sweep.montecarlo import (
    G0_M_S2,
    K99_2D,
    DispersionSpec,
    draw_dispersions,
    evaluate_dispersion,
    landing_ellipse,
    statistics,
)
from tests.rocket_reference import isp_on_budget

SPEC = DispersionSpec(tli_dv_frac=0.002, tli_pointing_deg=0.1, nav_position_m=500.0,
                      nav_velocity_m_s=0.5, lander_isp_frac=0.01, lander_thrust_frac=0.02)


def test_draws_reproducible_and_independent_of_sample_count():
    a = draw_dispersions(SPEC, 50, seed=12345)
    b = draw_dispersions(SPEC, 50, seed=12345)
    assert a == b  # bit for bit (Python float equality on every component)
    c = draw_dispersions(SPEC, 10, seed=12345)
    assert a[:10] == c
    assert draw_dispersions(SPEC, 10, seed=12346) != c


def test_draws_follow_numpy_seedsequence_spawn():
    # Second implementation: the documented stream is SeedSequence(seed).spawn(n)[i].
    n, seed = 8, 2026
    draws = draw_dispersions(SPEC, n, seed)
    for i, child in enumerate(np.random.SeedSequence(seed).spawn(n)):
        z = np.random.default_rng(child).standard_normal(11)
        assert draws[i]["tli_dv_scale"] == 1.0 + 0.002 * z[0]
        assert draws[i]["tli_pointing_rad"] == [math.radians(0.1) * z[1], math.radians(0.1) * z[2]]
        assert draws[i]["nav_position_m"] == [500.0 * x for x in z[3:6]]
        assert draws[i]["lander_thrust_scale"] == 1.0 + 0.02 * z[10]


def test_enabling_a_dispersion_does_not_change_the_others():
    only_isp = draw_dispersions(DispersionSpec(lander_isp_frac=0.01), 20, seed=3)
    full = draw_dispersions(SPEC, 20, seed=3)
    assert [d["lander_isp_scale"] for d in only_isp] == [d["lander_isp_scale"] for d in full]


def test_draw_moments_match_sigma():
    d = draw_dispersions(DispersionSpec(lander_isp_frac=0.01, nav_position_m=100.0), 4000, 1)
    isp = np.array([x["lander_isp_scale"] for x in d])
    pos = np.array([x["nav_position_m"] for x in d])
    # 4000 samples: standard error of the std is sigma/sqrt(2N) ≈ 1.1 %; allow 5 %.
    assert abs(isp.std(ddof=1) / 0.01 - 1) < 0.05
    assert abs(isp.mean() - 1.0) < 5 * 0.01 / math.sqrt(4000)
    assert np.allclose(pos.std(axis=0, ddof=1) / 100.0, 1.0, atol=0.05)


def test_no_invented_defaults_and_bad_options():
    with pytest.raises(InputError, match="no dispersion is assumed by default"):
        draw_dispersions(DispersionSpec(), 10, 1)
    with pytest.raises(InputError, match="NAME one of: tli_dv_frac"):
        DispersionSpec.from_options(["isp=0.01"])
    with pytest.raises(InputError, match="from 0 to 0.2"):
        DispersionSpec.from_options(["lander_isp_frac=0.5"])
    with pytest.raises(InputError, match="a number"):
        DispersionSpec.from_options(["lander_isp_frac=abc"])
    with pytest.raises(InputError, match="--samples"):
        draw_dispersions(SPEC, 0, 1)


def test_isp_on_budget_is_tsiolkovsky():
    # Synthetic budget (not a LUPEX figure): dry 1900 kg, Δv 3000 m/s, Isp 313 s.
    # Second implementation: burn forward from the separated mass dry + loaded with a dispersed
    # Isp; what is left at touchdown beyond the dry mass is the margin.
    sc = SimpleNamespace(lander_dry_mass_kg=1900.0, lander_isp_s=313.0)
    need0 = 1900.0 * (math.exp(3000.0 / (G0_M_S2 * 313.0)) - 1.0)
    t = {"total_lander_dv_m_s": 3000.0, "propellant_loaded_kg": 4100.0,
         "propellant_required_kg": round(need0, 1)}
    for scale in (1.0, 0.99, 1.02):
        margin, _ = isp_on_budget(t, sc, scale)
        m_end = 6000.0 * math.exp(-3000.0 / (G0_M_S2 * 313.0 * scale))
        assert margin == pytest.approx(m_end - 1900.0, rel=1e-12)
    # Lower Isp needs more propellant: the margin falls.
    assert isp_on_budget(t, sc, 0.99)[0] < isp_on_budget(t, sc, 1.0)[0] < isp_on_budget(
        t, sc, 1.01)[0]
    margin, why = isp_on_budget({"total_lander_dv_m_s": 2500.0}, sc, 1.0)
    assert margin is None and "propellant_loaded_kg" in why
    # A budget the rocket equation does not reproduce is refused, not mis-evaluated.
    margin, why = isp_on_budget(dict(t, propellant_required_kg=need0 + 50), sc, 1.0)
    assert margin is None and "formulation differs" in why


def test_unmodelled_transfer_is_reported_not_invented():
    draw = draw_dispersions(SPEC, 1, 5)[0]
    res = evaluate_dispersion(None, {"transfer": None}, draw)
    assert res["applied"] == []
    assert all(res[k] is None for k in ("correction_dv_m_s", "propellant_margin_kg",
                                        "landing_east_m", "landing_north_m"))
    assert set(res["not_dispersed"]) == set(SPEC.enabled())
    assert "not modelled" in res["not_dispersed"]["lander_isp_frac"]


def test_landing_ellipse_of_a_known_gaussian():
    # Synthetic 2-D Gaussian (named as such): sigmas 300 m along azimuth 30°, 100 m across.
    rng = np.random.default_rng(0)
    n = 20000
    a, b, az = 300.0, 100.0, math.radians(30.0)
    u = rng.standard_normal((n, 2)) * [a, b]
    major = np.array([math.sin(az), math.cos(az)])  # (east, north)
    minor = np.array([math.cos(az), -math.sin(az)])
    pts = u[:, :1] * major + u[:, 1:] * minor + [50.0, -20.0]
    el = landing_ellipse(pts[:, 0], pts[:, 1], safe_radius_m=1500.0)
    assert el["sigma_major_m"] == pytest.approx(300.0, rel=0.02)
    assert el["sigma_minor_m"] == pytest.approx(100.0, rel=0.02)
    assert el["major_axis_azimuth_deg"] == pytest.approx(30.0, abs=1.0)
    assert el["semi_major_99_m"] == pytest.approx(K99_2D * 300.0, rel=0.02)
    assert K99_2D == pytest.approx(3.0349, abs=1e-4)  # sqrt(chi2.ppf(0.99, 2))
    # 54 m + 3.03 * 300 m ≈ 965 m < 1500 m: inside; and ~all samples inside the circle.
    assert el["ellipse_inside_safe_area"] is True
    assert el["fraction_inside_safe_area"] > 0.99
    # Fraction of samples inside the 99 % ellipse is 0.99 (Mahalanobis distance test).
    d2 = (u[:, 0] / a) ** 2 + (u[:, 1] / b) ** 2
    assert np.mean(d2 <= K99_2D**2) == pytest.approx(0.99, abs=0.003)
    assert landing_ellipse(pts[:, 0], pts[:, 1], 500.0)["ellipse_inside_safe_area"] is False


def test_statistics_percentiles():
    recs = [{"correction_dv_m_s": float(i), "propellant_margin_kg": float(i) - 10.0,
             "landing_east_m": None, "landing_north_m": None} for i in range(101)]
    st = statistics(recs)
    assert st["correction_dv_m_s"]["p99"] == 99.0  # linear interpolation on 0..100
    assert st["propellant_margin_kg"]["probability_negative"] == pytest.approx(10 / 101)
    assert st["landing_ellipse"] is None
    assert "note" not in st


def test_isp_dispersion_agrees_with_the_transfer_budget():
    # Second implementation: lupex.transfer.delta_v_budget (the transfer stage's own budget) with
    # the dispersed Isp. The Δv rows are the Chandrayaan-3-like split used only as test input.
    transfer = pytest.importorskip("lupex.transfer")
    items = [("LOI", 900.0, "lander"), ("Lowering", 150.0, "lander"),
             ("Descent", 2000.0, "lander"), ("TLI", 3150.0, "launcher")]
    sc = SimpleNamespace(lander_dry_mass_kg=1900.0, lander_isp_s=313.0)
    b = transfer.delta_v_budget(items, 1900.0, 4100.0, 313.0)
    summary = {"total_lander_dv_m_s": round(b.total_lander_dv_m_s, 2),
               "propellant_loaded_kg": round(b.propellant_loaded_kg, 1),
               "propellant_required_kg": round(b.propellant_required_kg, 1)}
    for scale in (1.0, 0.98, 1.015):
        margin, why = isp_on_budget(summary, sc, scale)
        ref = transfer.delta_v_budget(items, 1900.0, 4100.0, 313.0 * scale).propellant_margin_kg
        assert why == ""
        # the summary rounds Δv to 0.01 m/s: ≤ 0.1 kg here
        assert margin == pytest.approx(ref, abs=0.1)


def test_transfer_hook_contract(monkeypatch):
    # A stand-in for the transfer stage's hook (synthetic numbers, named as such):
    # checks the call signature and how its answer is recorded.
    import lupex.scenario.stages.transfer_dispersion as hook_module

    seen = {}

    def fake(scenario, dispersion, nominal_summary=None):
        seen.update(scenario=scenario, dispersion=dispersion, nominal=nominal_summary)
        return {"correction_dv_m_s": 4.5, "landing_east_m": -12.0, "landing_north_m": 30.0,
                "applied": ["tli_dv_frac", "nav_position_m"]}

    monkeypatch.setattr(hook_module, "evaluate_dispersion", fake)
    draw = draw_dispersions(SPEC, 1, 9)[0]
    res = evaluate_dispersion("SCENARIO", {"transfer": {"x": 1}}, draw)
    assert seen == {"scenario": "SCENARIO", "dispersion": draw, "nominal": {"transfer": {"x": 1}}}
    assert (res["correction_dv_m_s"], res["landing_east_m"], res["landing_north_m"]) == (
        4.5, -12.0, 30.0)
    assert res["propellant_margin_kg"] is None
    assert res["applied"] == ["tli_dv_frac", "nav_position_m"]
    assert set(res["not_dispersed"]) == set(SPEC.enabled()) - {"tli_dv_frac", "nav_position_m"}
    assert res["evaluator"] == "lupex.scenario.stages.transfer_dispersion.evaluate_dispersion"
