"""The public stage functions take plain numbers or astropy Quantities (any compatible unit),
epochs as astropy Time, ISO text or datetime, and body names in any case (lupex.units); their
results display briefly (lupex.display).

Each call with Quantities and text epochs is checked against the same call with plain numbers in
the unit of the argument's name and astropy Time epochs (a second path through the same physics:
the conversion must not change the answer), on real DE421 and real LOLA terrain.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect

import astropy.units as u
import numpy as np
import pytest
from astropy.time import Time

from lupex.errors import InputError

#: Every public stage function, by subpackage: each takes Quantities and text epochs.
STAGE_FUNCTIONS = {
    "lupex.ephemeris": ["azimuth_elevation", "subpoint", "position_icrf", "direction_moon_me",
                        "moon_me_rotation", "enu_basis"],
    "lupex.site": ["analyze_site", "analyze_region", "site_terrains", "site_horizon",
                   "horizon_map", "site_illumination", "illumination_map", "time_grid",
                   "build_terrain"],
    "lupex.launch": ["payload_capacity", "payload_vs_c3", "simulate", "solve_ascent",
                     "solve_max_payload", "daily_windows", "required_azimuth_deg",
                     "launch_azimuth_for_inclination", "inclination_for_azimuth"],
    "lupex.transfer": ["plan_transfer", "parking_plane_nodes", "direct_departure",
                       "target_transfer", "descent"],
    "lupex.rover": ["plan_traverse", "rover_grid", "sky_from_ephemeris"],
    "lupex.ice": ["absorbed_solar_flux", "run_thermal", "run_site_thermal"],
    "lupex.operations": ["station_view", "station_contacts"],
}

LAT, LON = -89.45, 222.69  # the baseline's connecting-ridge site
EPOCH = "2028-06-20T06:00:00"


def _functions():
    out = []
    for module, names in STAGE_FUNCTIONS.items():
        mod = importlib.import_module(module)
        out += [(f"{module}.{n}", getattr(mod, n)) for n in names]
    from lupex.launch import Target

    out += [("lupex.launch.Target.orbit", Target.orbit), ("lupex.launch.Target.escape", Target.escape)]
    return out


FUNCTIONS = _functions()


def _dummy_call(func, override: dict):
    """Call ``func`` with None for every required argument (a body argument gets "sun") and
    ``override``: the decorator converts the arguments before the function runs."""
    sig = inspect.signature(func)
    kwargs = {}
    for name, p in sig.parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        kwargs[name] = "sun" if name in ("body", "target", "center") else None
    kwargs.update(override)
    return func(**kwargs)


@pytest.mark.parametrize("name,func", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_every_stage_function_is_units_aware(name, func):
    assert getattr(func, "__lupex_accepts__", False), f"{name} does not take Quantities"


@pytest.mark.parametrize("name,func", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_wrong_unit_or_epoch_is_an_input_error_naming_the_argument(name, func):
    from lupex.units import unit_for

    sig = inspect.signature(func)
    united = [p for p in sig.parameters if unit_for(p)]
    epochs = [p for p in sig.parameters
              if p in ("t", "times", "start", "stop", "date", "tli_epoch", "landing_epoch")]
    assert united or epochs, f"{name} has no argument with a unit or an epoch"
    for arg in united[:1] + epochs:
        with pytest.raises(InputError, match=rf"{func.__qualname__}\({arg}\)"):
            _dummy_call(func, {arg: 3.0 * u.Pa})  # a pressure is no angle, length, mass, time
    for epoch in epochs:
        with pytest.raises(InputError, match=rf"\({epoch}\).*ISO 8601"):
            _dummy_call(func, {epoch: "not a date"})


def test_body_names_ignore_case_and_unknown_bodies_are_refused():
    from lupex.ephemeris import azimuth_elevation, position_icrf

    t = Time(EPOCH)
    a = azimuth_elevation("Sun", LAT, LON, 2.0, t)
    b = azimuth_elevation("sun", LAT, LON, 2.0, t)
    np.testing.assert_allclose(a.elevation_deg, b.elevation_deg, rtol=0, atol=1e-12)
    np.testing.assert_allclose(position_icrf("MOON", "Earth", t), position_icrf("moon", "earth", t),
                               rtol=1e-14)
    with pytest.raises(InputError, match=r"azimuth_elevation\(body\).*'sun', 'earth'"):
        azimuth_elevation("Mars", LAT, LON, 2.0, t)


def test_ephemeris_with_quantities_and_text_epochs():
    from lupex import ephemeris as eph

    t = Time(EPOCH)
    for epoch in (EPOCH, dt.datetime(2028, 6, 20, 6), np.datetime64("2028-06-20T06:00:00")):
        q = eph.azimuth_elevation("Earth", -0.78 * u.rad, 3.887 * u.rad, 0.2 * u.cm, epoch)
        f = eph.azimuth_elevation("earth", np.degrees(-0.78), np.degrees(3.887), 0.002, t)
        np.testing.assert_allclose([q.azimuth_deg, q.elevation_deg, q.distance_m],
                                   [f.azimuth_deg, f.elevation_deg, f.distance_m], rtol=1e-12)
    series = [EPOCH, "2028-06-21T06:00:00"]
    np.testing.assert_allclose(eph.subpoint("Sun", series), eph.subpoint("sun", Time(series)),
                               rtol=1e-12)
    np.testing.assert_allclose(eph.direction_moon_me("Earth", EPOCH)[1],
                               eph.direction_moon_me("earth", t)[1], rtol=1e-12)
    np.testing.assert_allclose(eph.moon_me_rotation(EPOCH), eph.moon_me_rotation(t), atol=1e-15)
    np.testing.assert_allclose(eph.enu_basis(LAT * u.deg, LON * u.deg), eph.enu_basis(LAT, LON))
    # a Time in another scale is the same instant
    np.testing.assert_allclose(eph.position_icrf("Moon", "Earth", t.tdb),
                               eph.position_icrf("moon", "earth", EPOCH), rtol=1e-12)


@pytest.fixture(scope="module")
def terrains():
    from lupex.site import site_terrains

    return site_terrains(LAT * u.deg, LON * u.deg)


@pytest.fixture(scope="module")
def ridge(terrains):
    """analyze_site with Quantities and a text/datetime period, and the same with plain numbers."""
    from lupex.site import analyze_site

    q = analyze_site(LAT * u.deg, LON * u.deg, 200 * u.cm, "2028-06-20", dt.date(2028, 6, 25),
                     6 * u.h, terrains=terrains)
    f = analyze_site(LAT, LON, 2.0, Time("2028-06-20"), Time("2028-06-25"), 6.0, terrains=terrains)
    return q, f


def test_site_analysis_with_quantities_and_text_epochs(ridge, terrains):
    from lupex import site

    q, f = ridge
    assert len(q.times) == len(f.times) == 20  # stop excluded
    np.testing.assert_allclose(q.sun_visible_fraction, f.sun_visible_fraction, atol=1e-12)
    np.testing.assert_array_equal(q.earth_visible, f.earth_visible)
    hq = site.site_horizon(terrains, LAT * u.deg, LON * u.deg, 2 * u.m, n_az=90)
    hf = site.site_horizon(terrains, LAT, LON, 2.0, n_az=90)
    np.testing.assert_allclose(hq.elevation_deg, hf.elevation_deg, atol=1e-12)
    times = site.time_grid(dt.datetime(2028, 6, 20), "2028-06-21", 360 * u.min)
    assert len(times) == 4
    il = site.site_illumination(hf, ["2028-06-20T00:00", "2028-06-20T06:00"], 6 * u.h)
    assert il.step_h == pytest.approx(6.0)
    tq = site.build_terrain(LAT * u.deg, LON * u.deg, 4 * u.km, 0.4 * u.km)
    tf = site.build_terrain(LAT, LON, 4000.0, 400.0)
    np.testing.assert_allclose(tq.heights_m, tf.heights_m, equal_nan=True)
    hm = site.horizon_map(tq, 2 * u.m, 8)
    np.testing.assert_allclose(hm, site.horizon_map(tf, 2.0, 8), equal_nan=True)
    with pytest.raises(InputError, match="start"):
        site.analyze_site(LAT, LON, 2.0)  # no hidden default period


def test_region_analysis_with_quantities_and_text_epochs():
    from lupex.site import analyze_region

    kw = dict(n_az=36, reach_m=20_000.0)
    q = analyze_region(LAT * u.deg, LON * u.deg, 1.2 * u.km, 400 * u.m, 2 * u.m, "2028-06-20",
                       "2028-06-22", 12 * u.h, **kw)
    f = analyze_region(LAT, LON, 1200.0, 400.0, 2.0, Time("2028-06-20"), Time("2028-06-22"),
                       12.0, **kw)
    np.testing.assert_allclose(q.maps.sun_fraction, f.maps.sun_fraction, atol=1e-12)
    assert q.maps.n_epochs == 4


def test_launch_with_quantities_and_text_epochs():
    from lupex import launch

    v = launch.get_vehicle("H3-24L")
    tq = launch.Target.orbit(200 * u.km, 300_000 * u.m, 30.4 * u.deg)
    tf = launch.Target.orbit(200.0, 300.0, 30.4)
    assert tq == tf
    assert launch.Target.escape(-2 * u.km**2 / u.s**2, 200 * u.km, 30.4 * u.deg) == \
        launch.Target.escape(-2.0, 200.0, 30.4)
    az = launch.launch_azimuth_for_inclination(0.5306 * u.rad)
    assert az == pytest.approx(launch.launch_azimuth_for_inclination(np.degrees(0.5306)))
    assert launch.inclination_for_azimuth(az * u.deg) == pytest.approx(np.degrees(0.5306), abs=1e-6)
    g = launch.Guidance(np.radians(95.0), np.radians(2.0), 0.3, -0.001)
    sq = launch.simulate(v, 6 * u.t, tf, g, record=False)
    sf = launch.simulate(v, 6000.0, tf, g, record=False)
    np.testing.assert_allclose(sq.final_state, sf.final_state, rtol=1e-12)
    wq = launch.daily_windows(dt.date(2028, 6, 15), 108 * u.h)
    wf = launch.daily_windows(Time("2028-06-15"), 4.5)
    assert [w.best_epoch.isot for w in wq] == [w.best_epoch.isot for w in wf]
    assert launch.required_azimuth_deg("2028-06-15T03:00", 4.5 * u.day) == pytest.approx(
        launch.required_azimuth_deg(Time("2028-06-15T03:00"), 4.5))


def test_transfer_with_quantities_and_text_epochs():
    from lupex import transfer

    dq = transfer.descent(100 * u.km, 30 * u.km, 4 * u.t, 8.8 * u.kN, 313 * u.s)
    df = transfer.descent(100.0, 30.0, 4000.0, 8800.0, 313.0)
    assert dq.total_dv_m_s == pytest.approx(df.total_dv_m_s, rel=1e-12)
    nq = transfer.parking_plane_nodes("2028-06-15T06:00", 200 * u.km, 30.4 * u.deg, 4.5 * u.day)
    nf = transfer.parking_plane_nodes(Time("2028-06-15T06:00"), 200.0, 30.4, 4.5)
    np.testing.assert_allclose(nq, nf, rtol=1e-12)


def test_plan_transfer_with_quantities_and_text_epoch():
    from lupex.transfer import plan_transfer

    p = plan_transfer(dt.datetime(2028, 6, 15, 6), 2e5 * u.m, 30.4 * u.deg,
                      time_of_flight_days=108 * u.h, site_lat_deg=LAT * u.deg,
                      site_lon_deg=LON * u.deg, circular_altitude_km=1e5 * u.m)
    assert abs((p.tli_epoch - Time("2028-06-15T06:00:00")).to_value(u.s)) < 1e-3
    assert p.landing_site == pytest.approx((LAT, LON))
    assert p.circular_altitude_km == pytest.approx(100.0)
    for part in (p, p.solution, p.solution.arrival, p.loi_finite, p.site_pass, p.descent,
                 p.budget):
        assert len(repr(part)) <= 300 and "<table>" in part._repr_html_()
    budget = p.to_pandas()  # one row per Δv budget line
    assert list(budget["item"]) == [line.item for line in p.budget.lines]
    burns = budget[budget["kind"] == "burn"]
    lander = burns[burns["by"] == "lander"]
    # mass bookkeeping: each lander burn starts where the previous one ended
    np.testing.assert_allclose(lander["mass_before_kg"].to_numpy()[1:],
                               lander["mass_after_kg"].to_numpy()[:-1], rtol=1e-9)


def test_rover_with_quantities_and_text_epochs():
    from lupex import rover

    gq = rover.rover_grid(LAT * u.deg, LON * u.deg, 0.3 * u.km, 10 * u.m, detail=None)
    gf = rover.rover_grid(LAT, LON, 300.0, 10.0, detail=None)
    np.testing.assert_allclose(gq.heights, gf.heights)
    sq = rover.sky_from_ephemeris(gf, LAT * u.deg, LON * u.deg, "2028-07-09T07:00", 1 * u.day,
                                  dt_s=2 * u.h, n_bins=72)
    sf = rover.sky_from_ephemeris(gf, LAT, LON, Time("2028-07-09T07:00"), 1.0, dt_s=7200.0,
                                  n_bins=72)
    assert sq.dt_s == pytest.approx(7200.0)
    np.testing.assert_allclose(sq.sun_distance_au, sf.sun_distance_au, rtol=1e-12)


def test_plan_traverse_with_quantities_and_text_epoch():
    from lupex.rover import Rover, TraverseConfig, plan_traverse

    cfg = TraverseConfig(duration_days=3, grid_half_width_m=400, waypoints_n=2,
                         drill_field_m=300, far_horizon_reach_m=20_000)
    r = plan_traverse(LAT * u.deg, LON * u.deg, "2028-07-09T07:12:33", Rover(), cfg,
                      landing_slope_limit_deg=0.2094 * u.rad)
    assert r.sky.start is not None and abs((Time(r.sky.start) - Time("2028-07-09T07:12:33"))
                                           .to_value(u.s)) < 1e-3
    assert r.plan is not None
    for part in (r, r.plan, r.grid, r.sky, r.plan.energy):
        assert len(repr(part)) <= 300 and "<table>" in part._repr_html_()
    acts = r.plan.to_pandas()  # one row per activity, back to back in time
    assert len(acts) == len(r.plan.activities) > 0
    np.testing.assert_allclose(acts["t_start_s"].to_numpy()[1:], acts["t_end_s"].to_numpy()[:-1])


def test_ice_with_quantities(ridge):
    from lupex import ice

    q, f = ridge
    a = ice.absorbed_solar_flux(np.array([5.0]) * u.deg, 0.5 * u.rad, 1.0, 1 * u.AU,
                                slope_deg=6 * u.deg)
    b = ice.absorbed_solar_flux(np.array([5.0]), np.degrees(0.5), 1.0, 1.0, slope_deg=6.0)
    np.testing.assert_allclose(a, b, rtol=1e-12)
    flux = np.clip(np.sin(np.linspace(0, 2 * np.pi, 48, endpoint=False)), 0, None) * 100.0
    rq = ice.run_thermal(flux, 0.5 * u.h, depth_m=50 * u.cm)
    rf = ice.run_thermal(flux, 1800.0, depth_m=0.5)
    np.testing.assert_allclose(rq.surface_temperature_k, rf.surface_temperature_k, rtol=1e-12)
    sq = ice.run_site_thermal(f, slope_deg=0.1 * u.rad, aspect_deg=180 * u.deg, depth_m=0.5 * u.m)
    sf = ice.run_site_thermal(f, slope_deg=np.degrees(0.1), aspect_deg=180.0, depth_m=0.5)
    np.testing.assert_allclose(sq.mean_temperature_k, sf.mean_temperature_k, rtol=1e-12)


def test_operations_with_text_epochs(ridge):
    from lupex.operations import load_stations, station_contacts, station_view

    q, f = ridge
    st = next(s for s in load_stations() if s.id == "DSS-43")
    series = ["2028-06-20T00:00", "2028-06-20T06:00", "2028-06-20T12:00"]
    vq = station_view(st, series)
    vf = station_view(st, Time(series))
    np.testing.assert_allclose(vq.elevation_deg, vf.elevation_deg, rtol=1e-12)
    cq = station_contacts([st], series, np.ones(3, bool))
    cf = station_contacts([st], Time(series), np.ones(3, bool))
    np.testing.assert_array_equal(cq["DSS-43"], cf["DSS-43"])


def test_results_have_short_repr_html_table_and_pandas(ridge):
    q, _ = ridge
    for obj in (q, q.horizon):
        text = repr(obj)
        assert len(text) <= 300 and type(obj).__name__ in text
        assert "array[" in text  # arrays are summarised, never printed
        html = obj._repr_html_()
        assert html.startswith("<table>") and html.count("<tr>") >= 5
    assert "2028-06-20T00:00:00..2028-06-24T18:00:00" in repr(q)  # the result states its period
    df = q.to_pandas()
    assert len(df) == len(q.times) and "sun_visible_fraction" in df.columns
    assert df.index[0] == np.datetime64("2028-06-20T00:00:00")
    np.testing.assert_allclose(df["sun_visible_fraction"].mean(), q.sun_fraction)
    assert len(q.horizon.to_pandas()) == q.horizon.azimuth_deg.size


@pytest.mark.slow
def test_launch_solves_with_quantities():
    """The capacity and steering solves (about a minute each on two cores)."""
    from lupex import launch

    v = launch.get_vehicle("H3-24L")
    tg = launch.Target.orbit(200.0, 200.0, 30.4)
    pq = launch.payload_capacity("H3-24L", "gto1500", reserve_kg=0.1 * u.t)
    pf = launch.payload_capacity("H3-24L", "gto1500", reserve_kg=100.0)
    assert pq.payload_kg == pytest.approx(pf.payload_kg, rel=1e-9)
    mq = launch.solve_max_payload(v, tg, azimuth_deg=95 * u.deg, payload_guess_kg=10 * u.t)
    mf = launch.solve_max_payload(v, tg, azimuth_deg=95.0, payload_guess_kg=10_000.0)
    assert mq.payload_kg == pytest.approx(mf.payload_kg, rel=1e-9)
    aq = launch.solve_ascent(v, 8 * u.t, tg, azimuth_deg=95 * u.deg)
    af = launch.solve_ascent(v, 8000.0, tg, azimuth_deg=95.0)
    np.testing.assert_allclose(aq.result.final_state, af.result.final_state, rtol=1e-9)
    cq = launch.payload_vs_c3(v, [-2.0] * u.km**2 / u.s**2)
    cf = launch.payload_vs_c3(v, [-2.0])
    np.testing.assert_allclose(cq, cf, rtol=1e-9)


@pytest.mark.slow
def test_targeting_with_quantities_and_text_epoch():
    from lupex.transfer import (DepartureOrbit, ForceModel, build_ephemeris_table,
                                direct_departure, target_transfer)

    t = Time("2028-06-15T06:00:00")
    force = ForceModel(build_ephemeris_table(t, t + 9 * u.day, step_s=3600.0))
    sq = target_transfer(force, "2028-06-15T06:00:00", DepartureOrbit(200.0, 200.0, 30.4),
                         108 * u.h, 100 * u.km, 90 * u.deg)
    sf = target_transfer(force, t, DepartureOrbit(200.0, 200.0, 30.4), 4.5, 100.0, 90.0)
    assert sq.tli_dv_m_s == pytest.approx(sf.tli_dv_m_s, rel=1e-9)
    dq = direct_departure("2028-06-15T06:00:00", 200 * u.km, 200 * u.km, 30.4 * u.deg, 108 * u.h)
    df = direct_departure(t, 200.0, 200.0, 30.4, 4.5)
    assert dq.tli_dv_m_s == pytest.approx(df.tli_dv_m_s, rel=1e-9)


def test_input_dataclasses_take_quantities():
    """Rover, lander and departure parameters: Quantities become the unit of the field's name."""
    from lupex.rover import Rover
    from lupex.transfer import DepartureOrbit, LanderParams

    assert Rover(mass_kg=0.25 * u.t) == Rover(mass_kg=250.0)
    assert Rover(max_slope_deg=np.pi / 9 * u.rad).max_slope_deg == pytest.approx(20.0)
    assert DepartureOrbit(2e5 * u.m, 200 * u.km, 30.4 * u.deg) == DepartureOrbit(200.0, 200.0, 30.4)
    a = LanderParams(separated_mass_kg=6 * u.t, dry_mass_kg=1900 * u.kg,
                     propellant_capacity_kg=4.2 * u.t, isp_s=313 * u.s, thrust_n=8.8 * u.kN)
    b = LanderParams(separated_mass_kg=6000.0, dry_mass_kg=1900.0, propellant_capacity_kg=4200.0,
                     isp_s=313.0, thrust_n=8800.0)
    assert a == b
    with pytest.raises(InputError, match=r"Rover\(mass_kg\).*a mass"):
        Rover(mass_kg=3 * u.m)


def test_renamed_launch_keyword_still_works_with_a_deprecation_warning():
    """``parking_alt_km`` became ``parking_altitude_km`` (the transfer's name); the old keyword
    reaches the new one with a DeprecationWarning, and giving both is refused."""
    import warnings

    from lupex.launch.targets import required_delta_v_bound_m_s

    new = required_delta_v_bound_m_s(-2.0, parking_altitude_km=300.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = required_delta_v_bound_m_s(-2.0, parking_alt_km=300.0)
    assert old == pytest.approx(new, rel=1e-12)
    assert new != pytest.approx(required_delta_v_bound_m_s(-2.0), rel=1e-6)  # the value is used
    assert any(issubclass(w.category, DeprecationWarning) and "parking_altitude_km" in str(w.message)
               for w in caught)
    with pytest.raises(TypeError, match="both"):
        required_delta_v_bound_m_s(-2.0, parking_alt_km=300.0, parking_altitude_km=300.0)
