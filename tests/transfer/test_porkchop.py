"""The launch-period ("porkchop") grid and plot of `lupex transfer sweep`: two departure days x
two targeted times of flight of the baseline scenario (four full plans)."""

from __future__ import annotations

import datetime as dt

import pytest

from lupex.errors import InputError
from lupex.scenario import parse_scenario_text
from lupex.transfer import sweep_month
from tests.plotcheck import layout_problems


@pytest.fixture(scope="module")
def grid():
    from lupex.cli.transfer import _plan_kwargs

    kw = _plan_kwargs(parse_scenario_text(""))
    return sweep_month("2028-06", "06:00:00", 1, days=[15, 16], tofs_days=[4.5, 5.5], **kw)


def _t(iso):
    return dt.datetime.fromisoformat(iso.rstrip("Z"))


def test_grid_rows_are_departure_by_time_of_flight(grid):
    assert [(r["date"], r["target_time_of_flight_days"]) for r in grid] == [
        ("2028-06-15", 4.5), ("2028-06-15", 5.5), ("2028-06-16", 4.5), ("2028-06-16", 5.5)]
    for r in grid:
        assert r["error"] is None, r["error"]
        # arrival at the Moon (LOI) = TLI + the flown time of flight, which meets the target
        tof = (_t(r["arrival_epoch_utc"]) - _t(r["tli_epoch_utc"])).total_seconds() / 86400
        assert tof == pytest.approx(r["time_of_flight_days"], abs=2e-4)
        assert r["time_of_flight_days"] == pytest.approx(r["target_time_of_flight_days"], abs=0.05)
        assert r["total_dv_m_s"] == pytest.approx(r["tli_dv_m_s"] + r["total_lander_dv_m_s"],
                                                  abs=0.02)
        assert 3000.0 < r["tli_dv_m_s"] < 3300.0  # LEO to the Moon: ~3.1 km/s (Vallado 2013)
    # a slower transfer needs a (slightly) smaller TLI burn from the same parking orbit
    assert grid[1]["tli_dv_m_s"] < grid[0]["tli_dv_m_s"]
    with pytest.raises(InputError, match="tofs_days"):
        sweep_month("2028-06", days=[15], tofs_days=[9.0])


def test_porkchop_plot_marks_the_baseline_and_is_laid_out(grid, tmp_path):
    from lupex.plotstyle import savefig
    from lupex.transfer.plots import plot_porkchop

    fig = plot_porkchop(grid, ("2028-06-15", 4.5))
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert any(lab.startswith("baseline") for lab in labels)
    assert ax.get_xlabel().startswith("departure") and ax.get_ylabel().startswith("arrival")
    assert len(fig.axes) == 2  # the plot and its Δv colour bar
    assert layout_problems(fig) == []
    savefig(fig, tmp_path / "porkchop.png")
    # failed days: crosses, no colour bar needed, still a clean figure
    fig2 = plot_porkchop([{"date": "2028-06-01", "tli_epoch_utc": "2028-06-01T06:00:00Z",
                           "error": "RuntimeError: no transfer"}])
    assert layout_problems(fig2) == []
