"""The communications stage: DTE contact by agency over the surface mission, the rover's
downlink against its science need, and the [operations] choices (cross-support, antenna)."""

from __future__ import annotations

import pytest

from lupex.errors import InputError
from lupex.scenario.loader import parse_scenario
from lupex.scenario.stages import communications

#: Touchdown of the baseline (transfer stage) and the connecting-ridge site.
HANDOFF = {"landing_epoch": "2028-07-09T06:30:00", "landing_site": (-89.45, 222.69),
           "drill_sites_visited": 10}


def _run(**operations):
    sc = parse_scenario({"surface": {"duration_days": 12.0}, "operations": operations})
    return communications.run(sc, dict(HANDOFF))


@pytest.fixture(scope="module")
def baseline(lola_dir):
    return _run()


def test_contact_is_bounded_by_the_earth_above_the_site_horizon(baseline):
    s = baseline.summary
    earth = s["earth_above_horizon_fraction"]
    assert 0.0 < s["contact_fraction_any"] <= earth
    for agency in ("ISRO", "JAXA", "NASA", "ESA"):
        assert 0.0 <= s["contact_fraction"][agency] <= s["contact_fraction_any"]
        assert 0.0 <= s["longest_gap_hours"][agency] <= 12 * 24
    # a single-site network loses the Moon below its horizon every day for about half a day
    assert s["longest_gap_hours"]["ISRO"] >= 8.0 and s["longest_gap_hours"]["JAXA"] >= 8.0
    # three DSN complexes 120° apart see the Moon whenever it is up somewhere on Earth: NASA's
    # contact is (nearly) every hour the Earth is above the site's horizon
    assert s["contact_fraction"]["NASA"] >= 0.95 * earth
    # one-site agencies see the Moon for roughly half of each day at most
    assert s["contact_fraction"]["ISRO"] <= 0.6 * earth + 0.05
    ids = {st["id"] for st in s["stations"]}
    assert {"IDSN32", "MDSS", "DSS-14", "DSA-1"} <= ids and "UDSC64" not in ids  # retired
    assert all(st["g_over_t_db_k"] > 30 for st in s["stations"])


def test_downlink_need_capacity_and_passes_on_the_timeline(baseline):
    s = baseline.summary
    assert s["science_data_gbit"] == pytest.approx(10 * 2.0)
    assert s["downlink_feasible"] == (s["rover_downlink_capacity_gbit"] >= s["science_data_gbit"])
    assert s["rover_downlink_capacity_gbit"] == pytest.approx(s["downlink_capacity_gbit"]["JAXA"])
    assert baseline.events and all(e.phase == "surface_operations" for e in baseline.events)
    hours = sum(e.duration_s for e in baseline.events if "JAXA" in e.name) / 3600.0
    assert hours == pytest.approx(s["contact_fraction"]["JAXA"] * 12 * 24, abs=1.0)


def test_cross_support_and_antenna_choices(baseline):
    cross = _run(cross_support=True).summary
    assert cross["rover_downlink_capacity_gbit"] >= baseline.summary["rover_downlink_capacity_gbit"]
    lga = _run(rover_antenna="lga", science_data_gbit_per_site=1000.0)
    assert lga.summary["rover_downlink_capacity_gbit"] < \
        baseline.summary["rover_downlink_capacity_gbit"]
    assert lga.summary["downlink_feasible"] is False
    (inf,) = lga.infeasibilities
    assert inf.stage == "communications" and inf.unit == "Gbit" and inf.shortfall > 0


def test_chosen_stations_and_bad_station_ids():
    sc = parse_scenario({"operations": {"stations": {"JAXA": ["USC34"]}}})
    jaxa = [s.id for s in communications.chosen_stations(sc) if s.agency == "JAXA"]
    assert jaxa == ["USC34"]
    with pytest.raises(InputError, match="did you mean 'MDSS'"):
        parse_scenario({"operations": {"stations": {"JAXA": ["MDSSS"]}}})
    with pytest.raises(InputError, match="is ISRO's"):
        parse_scenario({"operations": {"stations": {"JAXA": ["IDSN32"]}}})


def test_not_modelled_without_a_landing_epoch():
    r = communications.run(parse_scenario({}), {})
    assert r.summary is None and r.not_modelled


def test_rover_waits_for_its_operator_stations_and_cross_support_removes_the_wait(lola_dir):
    """Real site and stations, a short surface mission: JAXA's stations alone (Misasa, Usuda,
    Uchinoura, all in Japan) lose the Moon for part of every day, so the rover waits for contact;
    with cross-support some station of the four networks sees the Moon at every step (the DSN's
    three complexes alone cover every longitude), so no wait is due to the stations."""
    from lupex.scenario.stages import surface

    def plan(cross):
        sc = parse_scenario({"surface": {"duration_days": 12.0, "waypoints_n": 3},
                             "operations": {"cross_support": cross}})
        return surface.run(sc, dict(HANDOFF)).summary

    alone, cross = plan(False), plan(True)
    assert alone["contact_agencies"] == ["JAXA"] and len(cross["contact_agencies"]) == 4
    assert 0.2 < alone["station_contact_fraction"] < 0.8
    assert cross["station_contact_fraction"] == pytest.approx(1.0)
    assert cross["time_waiting_for_contact_h"] == pytest.approx(0.0)
    assert alone["time_waiting_for_contact_h"] > cross["time_waiting_for_contact_h"]
    assert alone["time_waiting_for_contact_h"] <= alone["time_waiting_h"]
    assert "ground station" in alone["driving_rule"]


def test_contact_plot_shows_every_pass_and_the_visibility_bands(baseline, tmp_path):
    """The stage writes communications/contact.png (the report's contact plot); on a named
    SYNTHETIC series the rows are the agencies' passes over the Sun and Earth bands, one bar per
    run of contact."""
    import numpy as np

    from lupex.operations.plots import _runs, plot_contact
    from tests.plotcheck import layout_problems

    paths = baseline.write_products(tmp_path)
    assert [p.name for p in paths] == ["contact.png"] and paths[0].stat().st_size > 5000
    assert _runs(np.array([True, False, True, True]), 2.0) == [(0.0, 2.0 / 24.0),
                                                               (4.0 / 24.0, 4.0 / 24.0)]
    synth = {"JAXA": np.array([1, 1, 0, 0, 1, 0], bool), "NASA": np.ones(6, bool)}
    fig = plot_contact(1.0, np.ones(6, bool), np.array([1, 1, 1, 0, 1, 1], bool), synth,
                       "2028-07-09 06:30 UTC", ("JAXA",))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "NASA passes", "JAXA passes (rover)", "Earth above horizon", "Sun above horizon"]
    bars = [len(c.get_paths()) for c in ax.collections]
    assert bars == [1, 2, 2, 1]  # Sun, Earth, JAXA, NASA in drawing order
    assert layout_problems(fig) == []
