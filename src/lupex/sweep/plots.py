"""Plots of a sweep: chosen figures against the varied keys, and Monte Carlo distributions.

Produced from the case table only (never inside the computation), with :mod:`lupex.plotstyle`
and ``matplotlib.figure.Figure`` (no pyplot global state). Files are written atomically.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from lupex.plotstyle import SEQUENTIAL_CMAP, new_figure
from lupex.sweep.cache import atomic_write_bytes

MAX_SERIES = 8


def _save(fig, path: Path) -> Path:
    import matplotlib as mpl

    from lupex.plotstyle import RC

    buf = io.BytesIO()
    with mpl.rc_context(RC):
        fig.savefig(buf, format="png")
    atomic_write_bytes(path, buf.getvalue())
    return path


def numeric_figures(df, exclude_prefixes=("input.", "dispersion.", "case", "hash", "sample",
                                          "elapsed_s", "run_id", "schema_version")) -> list[str]:
    """Numeric summary columns that vary across cases (candidates to plot by default)."""
    import pandas as pd

    out = []
    for c in df.columns:
        if c.startswith(exclude_prefixes):
            continue
        s = df[c]
        if s.dtype == bool or not pd.api.types.is_numeric_dtype(s):
            continue
        if s.dropna().nunique() > 1:
            out.append(c)
    return out


def _x_values(series):
    import pandas as pd

    name = series.name
    if name.endswith(".date") or series.astype(str).str.match(r"^\d{4}-\d{2}-\d{2}").all():
        try:
            return pd.to_datetime(series), True
        except (ValueError, TypeError):
            pass
    if pd.api.types.is_numeric_dtype(series):
        return series, True
    return series.astype(str), False


def plot_sweep(df, varied: list[str], figures: list[str], out_dir: Path) -> list[Path]:
    """One PNG per figure: the figure against the first varied key, one line per combination of
    the other varied keys (up to 8, else points). Nominal cases only (sample 0 or none)."""
    paths: list[Path] = []
    if not varied or not figures:
        return paths
    out_dir.mkdir(parents=True, exist_ok=True)
    if "sample" in df.columns and df["sample"].notna().any():
        df = df[df["sample"] == 0]
    xkey = f"input.{varied[0]}"
    others = [f"input.{k}" for k in varied[1:]]
    for fig_name in figures:
        if fig_name not in df.columns:
            continue
        fig = new_figure(figsize=(6.4, 3.8), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        groups = list(df.groupby(others, sort=False)) if others else [((), df)]
        import matplotlib as mpl
        import pandas as pd

        cmap = mpl.colormaps[SEQUENTIAL_CMAP]
        for i, (label, g) in enumerate(groups[:MAX_SERIES]):
            x, ordered = _x_values(g[xkey])
            y = g[fig_name]
            colour = cmap(i / max(1, min(len(groups), MAX_SERIES) - 1) * 0.9)
            lab = ", ".join(f"{k.removeprefix('input.')}={v}" for k, v in zip(
                others, label if isinstance(label, tuple) else (label,))) or None
            if ordered:
                order = x.argsort()
                ax.plot(x.iloc[order], y.iloc[order], marker="o", ms=3, color=colour, label=lab)
            else:
                ax.plot(x, y, marker="o", ls="none", color=colour, label=lab)
        if len(groups) > MAX_SERIES:
            ax.set_title(f"first {MAX_SERIES} of {len(groups)} combinations shown", fontsize=8)
        ax.set_xlabel(varied[0])
        ax.set_ylabel(fig_name)
        if others:
            ax.legend(fontsize=7)
        if any(pd.api.types.is_datetime64_any_dtype(_x_values(g[xkey])[0])
               for _, g in groups[:1]):
            import matplotlib.dates as mdates

            locator = mdates.AutoDateLocator(maxticks=7)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        safe = fig_name.replace("/", "_").replace("[", "_").replace("]", "")
        paths.append(_save(fig, out_dir / f"sweep_{safe}.png"))
    return paths


def plot_montecarlo(df, out_dir: Path, safe_radius_m: float | None = None) -> list[Path]:
    """Histogram of propellant margin and correction Δv, and landing scatter with the 99 % ellipse
    (for the first varied case), when those figures were evaluated."""
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    from lupex.sweep.montecarlo import landing_ellipse

    paths: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    first = df[df["case"] < df["case"].min() + (df["sample"].max() + 1)]
    for col, label in (("mc.propellant_margin_kg", "propellant margin (kg)"),
                       ("mc.correction_dv_m_s", "correction Δv (m/s)")):
        if col not in first.columns or first[col].isna().any():
            continue
        fig = new_figure(figsize=(5.5, 3.5), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        vals = first[col].to_numpy(dtype=float)
        ax.hist(vals, bins=max(5, int(math.sqrt(len(vals)))), color="#0072B2")
        ax.axvline(np.percentile(vals, 99 if "dv" in col else 1), color="#E69F00",
                   label="99th pct" if "dv" in col else "1st pct")
        ax.set_xlabel(label)
        ax.set_ylabel("samples")
        ax.legend(fontsize=7)
        paths.append(_save(fig, out_dir / f"mc_{col.removeprefix('mc.')}.png"))
    ce, cn = "mc.landing_east_m", "mc.landing_north_m"
    if ce in first.columns and cn in first.columns and first[[ce, cn]].notna().all().all() \
            and len(first) >= 3:
        e = first[ce].to_numpy(dtype=float)
        n = first[cn].to_numpy(dtype=float)
        el = landing_ellipse(e, n, safe_radius_m)
        fig = new_figure(figsize=(4.8, 4.8), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.plot(e, n, ".", ms=2, color="#999999")
        t = np.linspace(0, 2 * np.pi, 200)
        az = math.radians(el["major_axis_azimuth_deg"])
        a, b = el["semi_major_99_m"], el["semi_minor_99_m"]
        ue, un = math.sin(az), math.cos(az)  # major-axis unit vector (east, north)
        xs = el["centre_east_m"] + a * np.cos(t) * ue - b * np.sin(t) * un
        ys = el["centre_north_m"] + a * np.cos(t) * un + b * np.sin(t) * ue
        ax.plot(xs, ys, color="#E69F00", label="99 % ellipse")
        if safe_radius_m:
            ax.plot(safe_radius_m * np.cos(t), safe_radius_m * np.sin(t), color="#009E73",
                    label="safe area")
        ax.set_aspect("equal")
        ax.set_xlabel("east of target (m)")
        ax.set_ylabel("north of target (m)")
        ax.legend(fontsize=7)
        paths.append(_save(fig, out_dir / "mc_landing_ellipse.png"))
    return paths
