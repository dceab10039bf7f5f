"""Plot modules produce files from a case table (synthetic tables, named as such)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PIL import Image

from lupex.sweep.plots import numeric_figures, plot_montecarlo, plot_sweep


def _synthetic_mc_table(n=200):
    rng = np.random.default_rng(1)
    return pd.DataFrame({
        "case": np.arange(n), "sample": np.arange(n),
        "mc.propellant_margin_kg": 120 + 15 * rng.standard_normal(n),
        "mc.correction_dv_m_s": np.abs(3 * rng.standard_normal(n)),
        "mc.landing_east_m": 200 * rng.standard_normal(n),
        "mc.landing_north_m": 80 * rng.standard_normal(n),
    })


def test_montecarlo_plots(tmp_path):
    paths = plot_montecarlo(_synthetic_mc_table(), tmp_path, safe_radius_m=1000.0)
    names = sorted(p.name for p in paths)
    assert names == ["mc_correction_dv_m_s.png", "mc_landing_ellipse.png",
                     "mc_propellant_margin_kg.png"]
    for p in paths:
        with Image.open(p) as im:
            assert im.size[0] > 200 and im.size[1] > 200


def test_sweep_plot_against_dates_with_series(tmp_path):
    dates = pd.date_range("2028-06-01", periods=5).strftime("%Y-%m-%d")
    rows = [{"input.launch.date": d, "input.rover.mass_kg": m, "sample": None,
             "launch.margin_kg": 100.0 + i - m / 10, "feasible": True}
            for i, d in enumerate(dates) for m in (250, 350)]
    df = pd.DataFrame(rows)
    assert numeric_figures(df) == ["launch.margin_kg"]
    paths = plot_sweep(df, ["launch.date", "rover.mass_kg"], ["launch.margin_kg"], tmp_path)
    assert [p.name for p in paths] == ["sweep_launch.margin_kg.png"]
