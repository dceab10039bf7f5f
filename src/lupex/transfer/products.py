"""Files written for a plan: the three trajectory views, the descent profile and the OEM."""

from __future__ import annotations

from pathlib import Path

from lupex.plotstyle import savefig
from lupex.transfer import plots
from lupex.transfer.oem import OemSegment, write_oem_segments
from lupex.transfer.targeting import trajectory_samples


def write_plan_products(plan, out_dir, n_samples: int = 800) -> list[Path]:
    """Write earth_inertial.png, moon_arrival.png, rotating_frame.png, descent.png and
    transfer.oem (TLI to perilune, geocentric ICRF, UTC) into ``out_dir``; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ts, ys = trajectory_samples(plan.solution, n=n_samples)
    paths = []
    for name, fn in (("earth_inertial.png", plots.plot_earth_inertial),
                     ("moon_arrival.png", plots.plot_moon_arrival),
                     ("rotating_frame.png", plots.plot_rotating)):
        fig = fn(plan, ts, ys)
        savefig(fig, out / name)
        paths.append(out / name)
    fig = plots.plot_descent(plan)
    savefig(fig, out / "descent.png")
    paths.append(out / "descent.png")
    epochs = plan.solution.force.table.epoch(ts)
    segs = [OemSegment({"CENTER_NAME": "EARTH", "REF_FRAME": "ICRF"}, epochs, ys)]
    segs += lunar_orbit_segments(plan)
    paths.append(write_oem_segments(out / "transfer.oem", segs))
    return paths


def lunar_orbit_segments(plan, step_s: float = 600.0) -> list:
    """Moon-centred ICRF OEM segments of the capture orbit (LOI to the first lowering burn) and
    the circular orbit (to descent-orbit insertion): Moon point-mass two-body motion integrated
    with scipy's DOP853 (boinor's Farnocchia sampler gives the same states but costs ~30 s of
    numba compilation per process). Impulsive burns at perilune; the lunar field beyond the
    point mass is not modelled."""
    import astropy.units as u
    import numpy as np
    from astropy.time import TimeDelta
    from scipy.integrate import solve_ivp

    from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M

    rel = plan.solution.arrival.state_moon
    rhat = rel[:3] / np.linalg.norm(rel[:3])
    vhat = rel[3:] / np.linalg.norm(rel[3:])
    rp = MOON_RADIUS_M + 1e3 * plan.capture_orbit_km[0]
    ra = MOON_RADIUS_M + 1e3 * plan.capture_orbit_km[1]
    rc = MOON_RADIUS_M + 1e3 * plan.circular_altitude_km
    t_low = plan.lowering[0].epoch if plan.lowering else plan.loi_epoch
    t_circ = plan.lowering[-1].epoch if plan.lowering else plan.loi_epoch
    out = []
    for t0, t1, r, v in (
        (plan.loi_epoch, t_low, rp, np.sqrt(GM_MOON * (2 / rp - 2 / (rp + ra)))),
        (t_circ, plan.doi_epoch, rc, np.sqrt(GM_MOON / rc)),
    ):
        span = (t1 - t0).to_value(u.s)
        if span <= step_s:
            continue
        tt = np.arange(0.0, span, step_s)
        eps = t0 + TimeDelta(tt, format="sec")
        sol = solve_ivp(lambda t, y: np.concatenate([y[3:], -GM_MOON * y[:3]
                                                     / np.linalg.norm(y[:3]) ** 3]),
                        (0.0, tt[-1]), np.concatenate([r * rhat, v * vhat]), method="DOP853",
                        rtol=1e-10, atol=1e-4, t_eval=tt)
        st = sol.y.T
        out.append(OemSegment({"CENTER_NAME": "MOON", "REF_FRAME": "ICRF"}, eps, st))
    return out
