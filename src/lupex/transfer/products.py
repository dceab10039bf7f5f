"""Files written for a plan: the three trajectory views, the descent profile and the OEM."""

from __future__ import annotations

from pathlib import Path

from lupex.plotstyle import savefig
from lupex.transfer import plots
from lupex.transfer.oem import OemSegment, write_oem_segments
from lupex.transfer.targeting import trajectory_samples


def write_plan_products(plan, out_dir, n_samples: int = 800, parking_start=None) -> list[Path]:
    """Write earth_inertial.png, moon_arrival.png, rotating_frame.png, descent.png and
    transfer.oem (parking orbit to touchdown: :func:`mission_oem_segments`) into ``out_dir``;
    return the paths. ``parking_start``: parking-orbit insertion epoch (the launch stage's
    injection), else one parking orbit before TLI."""
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
    segs = mission_oem_segments(plan, parking_start, coast=(ts, ys))
    paths.append(write_oem_segments(out / "transfer.oem", segs))
    return paths


def _two_body(gm, t0, span_s, state0, step_s):
    """Epochs and states (N, 6) of point-mass motion about ``gm`` from ``state0`` at ``t0`` over
    ``span_s`` seconds (negative: backwards), every ``step_s`` s plus the end; scipy DOP853."""
    import numpy as np
    from astropy.time import TimeDelta
    from scipy.integrate import solve_ivp

    n = max(2, int(np.ceil(abs(span_s) / step_s)) + 1)
    tt = np.linspace(0.0, span_s, n)
    sol = solve_ivp(lambda t, y: np.concatenate([y[3:], -gm * y[:3] / np.linalg.norm(y[:3]) ** 3]),
                    (0.0, span_s), np.asarray(state0, float), method="DOP853", rtol=1e-10,
                    atol=1e-4, t_eval=tt)
    st = sol.y.T
    if span_s < 0:
        tt, st = tt[::-1], st[::-1]
    return t0 + TimeDelta(tt, format="sec"), st


def _segment(phase, center, epochs, states):
    return OemSegment({"CENTER_NAME": center, "REF_FRAME": "ICRF", "COMMENT": f"phase: {phase}"},
                      epochs, states)


def mission_oem_segments(plan, parking_start=None, coast=None, step_s: float = 600.0) -> list:
    """OEM segments of the whole flight, parking-orbit insertion to touchdown, in flight order.

    Earth-centred ICRF: (1) the parking orbit, from ``parking_start`` (else one orbit before TLI;
    after the last phasing burn if any) to TLI, Earth point mass propagated backwards from the
    pre-burn state at TLI (J2 neglected: the node drifts < 0.1° over an hour); (2) the TLI coast
    to the Moon, the targeting's DE421 force model (``coast``: its (times, states), default 800
    samples). Moon-centred ICRF: (3) the capture orbit from LOI, (4) each orbit between the
    lowering burns, (5) the circular orbit to descent-orbit insertion (DOI), (6) the coast from
    DOI to powered-descent initiation (PDI), (7) the powered descent (braking to the hover gate,
    hover, vertical descent) to touchdown on the 1,737.4 km sphere. Lunar segments: Moon point
    mass, impulsive burns at an apsis in the arrival's orbit plane, each orbit starting where the
    one before ended (its nearer apsis); the descent in that plane with the descent model's own
    approximations (no lunar rotation during its minutes). DOI is placed so that touchdown falls
    on the landing site projected on the orbit plane (the site's cross-range from the plane,
    a few km, is left); the circular orbit is propagated back from DOI, so the orbital phase is
    exact at DOI and, at circularisation, as good as the plan's timing of the landing pass (its
    first state continues the orbit before it to 0.3 km in the baseline; tested to 1 km). Every
    segment's meta carries its phase as COMMENT.
    """
    import numpy as np
    from astropy.time import TimeDelta

    from lupex.ephemeris import to_time
    from lupex.ephemeris.core import moon_me_rotation
    from lupex.transfer.forces import GM_EARTH, GM_MOON, MOON_RADIUS_M
    from lupex.transfer.lunar_orbit import vis_viva
    from lupex.transfer.targeting import departure_state

    sol = plan.solution
    segs = []
    dep = sol.departure
    park = departure_state(dep, np.radians(sol.raan_deg), np.radians(sol.arg_lat_deg), 0.0)
    a_park = 0.5 * (dep.rp_m + dep.ra_m)
    span = 2 * np.pi * np.sqrt(a_park ** 3 / GM_EARTH)
    if parking_start is not None:
        span = (plan.tli_epoch - to_time(parking_start, "parking_start")).to_value("s")
    if plan.phasing_burns:
        span = min(span, min(s for _, _, s in plan.phasing_burns))
    if span > 60.0:
        ep, st = _two_body(GM_EARTH, plan.tli_epoch, -span, park, 60.0)
        segs.append(_segment("parking orbit, insertion to trans-lunar injection (TLI)", "EARTH",
                             ep, st))
    ts, ys = coast if coast is not None else trajectory_samples(sol, n=800)
    segs.append(_segment("TLI coast to the Moon (DE421 Sun, Earth, Moon; Earth J2)", "EARTH",
                         sol.force.table.epoch(ts), ys))

    rel = sol.arrival.state_moon
    h = np.cross(rel[:3], rel[3:])
    h /= np.linalg.norm(h)

    def orbit(phase, t0, t1, rdir, r, peri_apo_km, step):
        rp, ra = (MOON_RADIUS_M + 1e3 * x for x in peri_apo_km)
        v = vis_viva(r, 0.5 * (rp + ra))
        state = np.concatenate([r * rdir, v * np.cross(h, rdir)])
        span_s = (t1 - t0).to_value("s")
        if span_s <= 1.0:
            return state
        ep, st = _two_body(GM_MOON, t0, span_s, state, step)
        segs.append(_segment(phase, "MOON", ep, st))
        return st[-1]

    def apsis(peri_apo_km, r_prev):
        rp, ra = (MOON_RADIUS_M + 1e3 * x for x in peri_apo_km)
        return rp if abs(rp - r_prev) <= abs(ra - r_prev) else ra

    rdir = rel[:3] / np.linalg.norm(rel[:3])
    cap = tuple(plan.capture_orbit_km)
    t_next = plan.lowering[0].epoch if plan.lowering else plan.doi_epoch
    end = orbit("capture orbit after lunar orbit insertion (LOI)", plan.loi_epoch, t_next, rdir,
                MOON_RADIUS_M + 1e3 * cap[0], cap, step_s)
    d = plan.descent
    rc = MOON_RADIUS_M + 1e3 * plan.circular_altitude_km
    # DOI placed so that the descent ends over the landing site: the site's direction at
    # touchdown (DE421 lunar orientation) projected on the orbit plane, less the descent's
    # downrange angle; DOI is half a descent orbit before PDI, at the opposite point
    theta_end = float(np.asarray(d.samples["downrange_m"], float)[-1]) / MOON_RADIUS_M
    la, lo = (np.radians(float(x)) for x in plan.landing_site)
    site_me = np.array([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
    site = moon_me_rotation(plan.landing_epoch).T @ site_me
    site -= np.dot(site, h) * h
    site /= np.linalg.norm(site)
    pdi_dir = np.cos(theta_end) * site - np.sin(theta_end) * np.cross(h, site)
    doi_state = np.concatenate([-rc * pdi_dir, np.sqrt(GM_MOON / rc) * np.cross(h, -pdi_dir)])
    burns = list(plan.lowering)
    for q, b in enumerate(burns):
        r_prev = np.linalg.norm(end[:3])
        if q + 1 < len(burns):
            end = orbit(f"lunar orbit after {b.name}", b.epoch, burns[q + 1].epoch,
                        end[:3] / r_prev, apsis(b.orbit_after_km, r_prev), b.orbit_after_km,
                        step_s)
            continue
        # the last (circular) orbit, propagated back from DOI (phase exact at DOI)
        span_s = (plan.doi_epoch - b.epoch).to_value("s")
        if span_s > 1.0:
            ep, st = _two_body(GM_MOON, plan.doi_epoch, -span_s, doi_state, step_s)
            segs.append(_segment(f"lunar orbit after {b.name}", "MOON", ep, st))
        end = doi_state
    rdir = -pdi_dir
    end = orbit("descent orbit, DOI to powered-descent initiation (PDI)", plan.doi_epoch,
                plan.pdi_epoch, rdir, rc, (d.pdi_altitude_km, plan.circular_altitude_km), 60.0)
    e1 = end[:3] / np.linalg.norm(end[:3])
    e2 = np.cross(h, e1)
    smp = d.samples
    t_s = np.asarray(smp["t_s"], float)
    keep = np.concatenate([[True], np.diff(t_s) > 1e-3])
    t_s = t_s[keep]
    alt = np.asarray(smp["altitude_m"], float)[keep]
    theta = np.asarray(smp["downrange_m"], float)[keep] / MOON_RADIUS_M
    vh = np.asarray(smp["v_horizontal_m_s"], float)[keep]
    vv = np.asarray(smp["v_vertical_m_s"], float)[keep]
    # terminal phase: hover at the gate, then a vertical descent at a constant rate
    h_gate = float(alt[-1])
    t_b = float(d.braking_duration_s)
    t_hover_end = t_b + d.hover_s
    t_td = t_b + d.terminal_duration_s
    tt = np.unique(np.concatenate([np.linspace(t_b, t_hover_end, 5),
                                   np.linspace(t_hover_end, t_td, 20)]))
    tt = tt[tt > t_s[-1] + 1e-3]
    falling = tt > t_hover_end
    t_s = np.concatenate([t_s, tt])
    alt = np.concatenate([alt, np.where(falling, np.maximum(
        h_gate - d.terminal_rate_m_s * (tt - t_hover_end), 0.0), h_gate)])
    theta = np.concatenate([theta, np.full(tt.size, theta[-1])])
    vh = np.concatenate([vh, np.zeros(tt.size)])
    vv = np.concatenate([vv, np.where(falling, -d.terminal_rate_m_s, 0.0)])
    vv[-1] = -d.terminal_rate_m_s if d.hover_s < d.terminal_duration_s else 0.0
    rhat = np.cos(theta)[:, None] * e1 + np.sin(theta)[:, None] * e2
    that = -np.sin(theta)[:, None] * e1 + np.cos(theta)[:, None] * e2
    r = (MOON_RADIUS_M + alt)[:, None] * rhat
    v = vh[:, None] * that + vv[:, None] * rhat
    segs.append(_segment("powered descent, PDI to touchdown (braking, hover, vertical descent)",
                         "MOON", plan.pdi_epoch + TimeDelta(t_s, format="sec"),
                         np.hstack([r, v])))
    return segs


def lunar_orbit_segments(plan, step_s: float = 600.0) -> list:
    """The Moon-centred segments of :func:`mission_oem_segments` (LOI to touchdown)."""
    return [s for s in mission_oem_segments(plan, step_s=step_s) if s.meta["CENTER_NAME"] == "MOON"]
