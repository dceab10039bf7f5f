"""The launch site is two keywords, ``site_lat_deg`` and ``site_lon_deg`` (geodetic deg north,
deg east; default Tanegashima LP-2) in every public launch function. The old pair keyword
``site_deg=(lat, lon)`` still works, gives the same numbers and warns naming the new keywords;
giving it with a new keyword, or the pair by position, raises TypeError."""

import inspect
import math

import numpy as np
import pytest
from astropy.time import Time

from lupex.launch import (
    TANEGASHIMA_LP2, Guidance, Target, capacity, get_vehicle, guidance, performance, plots,
    simulate, time_histories, windows,
)
from lupex.launch.ascent import guidance_array

#: Guiana Space Centre ELA-4 (approximate): far enough from Tanegashima that the site matters
KOUROU = (5.2, -52.8)

PUBLIC = {
    "guidance_array": guidance_array,
    "simulate": simulate,
    "time_histories": time_histories,
    "initial_kick_deg": guidance.initial_kick_deg,
    "solve_ascent": guidance.solve_ascent,
    "solve_max_payload": guidance.solve_max_payload,
    "capacity_to_orbit": capacity.capacity_to_orbit,
    "payload_capacity": performance.payload_capacity,
    "parking_orbit_residual_curve": performance.parking_orbit_residual_curve,
    "payload_vs_c3": performance.payload_vs_c3,
    "required_azimuth_deg": windows.required_azimuth_deg,
    "daily_windows": windows.daily_windows,
    "ground_track_figure": plots.ground_track_figure,
}

_T0 = Time("2028-06-15T03:00:00", scale="utc")


def _new(site):
    return {"site_lat_deg": site[0], "site_lon_deg": site[1]}


def _old_call(func, *args, **kwargs):
    """func(..., site_deg=...) checked to warn once with a DeprecationWarning naming both new
    keywords; returns its result."""
    with pytest.warns(DeprecationWarning) as caught:
        out = func(*args, **kwargs)
    ours = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    msgs = [str(w.message) for w in ours]
    assert len(msgs) == 1 and "site_lat_deg" in msgs[0] and "site_lon_deg" in msgs[0], msgs
    assert ours[0].filename == __file__  # the warning points at the caller
    return out


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_site_is_two_keyword_only_arguments_defaulting_to_lp2(name):
    params = inspect.signature(PUBLIC[name]).parameters
    assert "site_deg" not in params
    for key, default in zip(("site_lat_deg", "site_lon_deg"), TANEGASHIMA_LP2):
        assert params[key].kind is inspect.Parameter.KEYWORD_ONLY, key
        assert params[key].default == default
    assert "geodetic" in PUBLIC[name].__doc__ and "site_lat_deg" in PUBLIC[name].__doc__


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_old_and_new_keyword_together_is_refused(name):
    # refused before any work: no argument but the site is needed
    with pytest.raises(TypeError, match="both 'site_deg'.*'site_lat_deg'"):
        PUBLIC[name](site_deg=KOUROU, site_lat_deg=KOUROU[0])
    with pytest.raises(TypeError, match="both 'site_deg'.*'site_lon_deg'"):
        PUBLIC[name](site_deg=KOUROU, site_lon_deg=KOUROU[1])


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_a_site_pair_given_by_position_names_the_new_keywords(name):
    func = PUBLIC[name]
    params = inspect.signature(func).parameters.values()
    n_pos = sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    with pytest.raises(TypeError, match="site_lat_deg=, site_lon_deg= are keyword-only"):
        func(*([None] * n_pos), KOUROU)


def test_the_old_pair_must_be_a_pair():
    with pytest.warns(DeprecationWarning), pytest.raises(TypeError, match="takes a pair"):
        windows.required_azimuth_deg(_T0, 4.5, site_deg=(30.4, 130.97, 0.0))


def test_guidance_array_old_and_new_are_identical():
    g = Guidance(math.radians(95.0), math.radians(4.0), 0.6, -0.0015)
    tg = Target.orbit(200.0, 200.0, 30.4)
    new = guidance_array(g, tg, **_new(KOUROU), dt_atm_s=0.25)
    old = _old_call(guidance_array, g, tg, site_deg=KOUROU, dt_atm_s=0.25)
    assert np.array_equal(new, old)
    assert not np.array_equal(new, guidance_array(g, tg, dt_atm_s=0.25))  # the site is used
    assert np.array_equal(guidance_array(g, tg), guidance_array(g, tg, **_new(TANEGASHIMA_LP2)))


@pytest.fixture(scope="module")
def flights():
    """One fixed-guidance ascent from Kourou by the new keywords, by the old pair, and from the
    default site."""
    import warnings

    v = get_vehicle("H3-24L")
    g = Guidance(math.radians(95.0), math.radians(4.0), 0.6, -0.0015)
    tg = Target.orbit(200.0, 200.0, 30.4)
    new = simulate(v, 6_000.0, tg, g, **_new(KOUROU), record=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = simulate(v, 6_000.0, tg, g, site_deg=KOUROU, record=True)
    assert any(issubclass(w.category, DeprecationWarning) and "site_lat_deg" in str(w.message)
               for w in caught)
    return new, old, simulate(v, 6_000.0, tg, g, record=True)


def test_simulate_old_and_new_are_bit_identical(flights):
    new, old, default = flights
    assert np.array_equal(new.final_state, old.final_state)
    assert np.array_equal(new.history, old.history)
    assert new.cutoff_time_s == old.cutoff_time_s and new.events == old.events
    assert not np.array_equal(new.final_state, default.final_state)  # the site is used


def test_time_histories_old_and_new_are_bit_identical(flights):
    res = flights[0]
    new = time_histories(res, **_new(KOUROU))
    old = _old_call(time_histories, res, site_deg=KOUROU)
    assert new.keys() == old.keys()
    assert all(np.array_equal(new[k], old[k]) for k in new)
    assert new["downrange_m"][0] == pytest.approx(0.0, abs=50.0)  # starts at the given site


def test_initial_kick_old_and_new_agree():
    v = get_vehicle("H3-24L")
    tg = Target.orbit(200.0, 200.0, 30.4)
    new = guidance.initial_kick_deg(v, 6_000.0, tg, 95.0, **_new(KOUROU))
    assert _old_call(guidance.initial_kick_deg, v, 6_000.0, tg, 95.0, site_deg=KOUROU) == new


def test_required_azimuth_and_windows_old_and_new_are_bit_identical():
    new = windows.required_azimuth_deg(_T0, 4.5, **_new(KOUROU))
    old = _old_call(windows.required_azimuth_deg, _T0, 4.5, site_deg=KOUROU)
    assert np.array_equal(new, old)
    assert not np.array_equal(new, windows.required_azimuth_deg(_T0, 4.5))
    w_new = windows.daily_windows("2028-06-15", 4.5, **_new(KOUROU), step_s=600.0)
    w_old = _old_call(windows.daily_windows, "2028-06-15", 4.5, site_deg=KOUROU, step_s=600.0)
    assert [w.to_dict() for w in w_new] == [w.to_dict() for w in w_old]


def test_ground_track_old_keyword_marks_the_same_site(tmp_path):
    t = np.linspace(0.0, 1.0, 20)
    hist = {"lon_deg": KOUROU[1] + 20.0 * t, "lat_deg": KOUROU[0] + 2.0 * t}
    new = plots.ground_track_figure(hist, **_new(KOUROU), title="x")
    old = _old_call(plots.ground_track_figure, hist, site_deg=KOUROU, title="x")
    for fig in (new, old):
        site = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "^"]
        assert [tuple(ln.get_xydata()[0]) for ln in site] == [(KOUROU[1], KOUROU[0])]
    assert new.axes[0].get_xlim() == old.axes[0].get_xlim()


def test_solvers_take_the_old_keyword():
    """The expensive solvers: the old keyword reaches them (warning, then their own input check
    fails fast); their numbers through the new keywords are pinned by the golden scenario."""
    from lupex.errors import InputError

    v = get_vehicle("H3-24L")
    tg = Target.orbit(200.0, 200.0, 30.4)
    with pytest.raises(InputError, match="payload_kg"):
        _old_call(guidance.solve_ascent, v, -1.0, tg, 95.0, site_deg=KOUROU,
                  x0=(3.0, 0.6, -0.15, 0.0))
    with pytest.raises(InputError, match="target"):
        _old_call(performance.payload_capacity, "H3-30S", "c3=90", site_deg=KOUROU)
    with pytest.raises(InputError, match="profile"):
        _old_call(performance.payload_vs_c3, v, [0.0], "nonsense", site_deg=KOUROU)
