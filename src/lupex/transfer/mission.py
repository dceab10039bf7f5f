"""One Earth-to-surface plan: TLI targeting, LOI, lowering, wait for a site pass in Earth contact,
descent, budget.

:func:`plan_transfer` composes :mod:`targeting`, :mod:`lunar_orbit`, :mod:`descent` and
:mod:`budget` for plain inputs (SI or the units in the argument names) and returns a frozen
:class:`TransferPlan`. Mapping a scenario onto these arguments, and the plan onto summary keys
and timeline events, is the scenario adapter's job (``lupex.scenario.stages.transfer_plan``).
How a parking orbit leaves for the Moon (:func:`direct_departure`, :func:`parking_plane_nodes`)
lives in :mod:`lupex.transfer.departure`; those names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from astropy.time import Time, TimeDelta

from lupex.ephemeris import azimuth_elevation, to_time
from lupex.errors import Infeasibility, InputError
from lupex.transfer.budget import Budget, delta_v_budget
from lupex.transfer.departure import (  # noqa: F401 - re-exported
    PLANE_MATCH_TOLERANCE_DEG, _target, direct_departure, parking_elements, parking_plane_nodes,
    plane_change_angle_deg,
)
from lupex.transfer.descent import DescentResult, descent
from lupex.transfer.forces import GM_EARTH, GM_MOON, MOON_RADIUS_M, R_EARTH
from lupex.transfer.lunar_orbit import (
    Burn,
    FiniteBurnResult,
    SITE_PASS_SEARCH_DAYS,
    SitePass,
    finite_loi,
    impulsive_loi,
    lowering_burns,
    mass_after,
    next_site_pass,
)
from lupex.transfer.targeting import DepartureOrbit, TransferSolution
import lupex.display as _display
from lupex.units import accepts, convert_fields

#: Chandrayaan-3 Earth-bound apogee-raising sequence, apogee altitudes in km (ISRO press releases
#: 15, 17, 18, 20 and 25 July 2023: 41,762; 41,603; 51,400; 71,351; 127,603 km). Used as the
#: default loops of a ``phasing`` transfer (the first, 41,603 km, repeats a perigee raise).
CH3_APOGEES_KM = (41_762.0, 51_400.0, 71_351.0, 127_603.0)

#: Rounding allowed when a stack's masses are checked to add up (separated = dry + propellant), kg.
PROPELLANT_COMPOSITION_TOLERANCE_KG = 0.5

#: A cross-range plane change below this Δv (m/s) is not flown as a separate burn.
PLANE_CHANGE_MIN_DV_M_S = 0.5


@dataclass(frozen=True)
class LanderParams:
    """Lander propulsion and masses (see scenario [spacecraft] for cited defaults).

    separated_mass_kg: lander + rover + payloads + propellant at separation from the launcher.
    dry_mass_kg: the same without usable propellant. propellant_capacity_kg: tank capacity.
    isp_s: specific impulse, s. thrust_n: total thrust of the engines used for LOI and descent, N.
    """

    separated_mass_kg: float = 6000.0
    dry_mass_kg: float = 1900.0
    propellant_capacity_kg: float = 4200.0
    isp_s: float = 313.0
    thrust_n: float = 8800.0

    def __post_init__(self):
        convert_fields(self)  # Quantities -> the unit of each field's name
        for name in ("separated_mass_kg", "dry_mass_kg", "propellant_capacity_kg", "isp_s",
                     "thrust_n"):
            v = getattr(self, name)
            if not (np.isfinite(v) and v > 0):
                raise InputError(name, v, "a positive number")
        loaded = self.separated_mass_kg - self.dry_mass_kg
        if loaded <= 0.0:
            raise InputError(
                "separated_mass_kg", self.separated_mass_kg,
                f"more than the lander dry mass {self.dry_mass_kg:,.1f} kg (dry_mass_kg, which "
                "includes the rover and payloads): separated = dry + loaded propellant")
        if loaded > self.propellant_capacity_kg + PROPELLANT_COMPOSITION_TOLERANCE_KG:
            raise InputError(
                "separated_mass_kg", self.separated_mass_kg,
                f"at most dry_mass_kg + propellant_capacity_kg = {self.dry_mass_kg:,.1f} + "
                f"{self.propellant_capacity_kg:,.1f} kg: separated = dry + loaded propellant, "
                f"and {loaded:,.1f} kg of propellant does not fit the tanks")

    @property
    def propellant_loaded_kg(self) -> float:
        """Usable propellant loaded at separation: separated mass minus dry mass, kg."""
        return min(self.separated_mass_kg - self.dry_mass_kg, self.propellant_capacity_kg)


@_display.result(headline=("tli_epoch", "landing_epoch", "landing_site"),
                 table=("records", ("budget.lines",)))
@dataclass(frozen=True)
class TransferPlan:
    """Everything :func:`plan_transfer` computed (SI unless the name says otherwise)."""

    transfer_type: str
    solution: TransferSolution
    phasing_burns: tuple[tuple[str, float, float], ...]  # (name, Δv, seconds before TLI)
    loi_impulsive_dv_m_s: float
    loi_finite: FiniteBurnResult
    lowering: tuple[Burn, ...]
    capture_orbit_km: tuple[float, float]
    circular_altitude_km: float
    site_pass: SitePass
    descent: DescentResult
    budget: Budget
    tli_epoch: Time
    loi_epoch: Time
    doi_epoch: Time
    pdi_epoch: Time
    landing_epoch: Time
    landing_site: tuple[float, float]
    sun_elevation_at_landing_deg: float
    tli_by_upper_stage: bool
    tca_allowance_m_s: float
    infeasibilities: tuple[Infeasibility, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    departure_plane_change_deg: float = 0.0  # launch parking plane to the targeted plane
    departure_plane_change_dv_m_s: float = 0.0
    earth_elevation_at_landing_deg: float = float("nan")
    earth_contact_at_landing: bool | None = None

    @property
    def feasible(self) -> bool:
        return not self.infeasibilities


#: Sampling of the Earth's elevation for the landing-contact condition, s (it moves < 0.1°/h).
_EARTH_GRID_S = 3600.0


def _earth_contact_condition(t_ref: Time, lat_deg: float, lon_deg: float, earliest_s: float,
                             min_elevation_deg: float, days: float,
                             search_days: float = SITE_PASS_SEARCH_DAYS):
    """Condition on landing-pass epochs (s after ``t_ref``): the Earth's centre stays at least
    ``min_elevation_deg`` above the site's local horizontal (topocentric, DE421; terrain is not
    known at this stage: the landing stage checks it against the site's horizon) from the pass
    to ``days`` after it, sampled hourly."""
    n = int(np.ceil((search_days + days) * 86400.0 / _EARTH_GRID_S)) + 2
    grid = earliest_s + np.arange(n) * _EARTH_GRID_S
    el = np.asarray(azimuth_elevation("earth", lat_deg, lon_deg, 0.0,
                                      t_ref + TimeDelta(grid, format="sec")).elevation_deg)
    ok = el >= min_elevation_deg
    span = max(1, int(round(days * 86400.0 / _EARTH_GRID_S)))
    # ok_all[i]: every sample from i to i + span is ok (cumulative count of failures)
    bad = np.concatenate([[0], np.cumsum(~ok)])
    idx = np.arange(n)
    end = np.minimum(idx + span + 1, n)
    ok_all = (bad[end] - bad[idx]) == 0

    def accept(ts):
        i = np.clip(np.ceil((np.asarray(ts) - earliest_s) / _EARTH_GRID_S).astype(int), 0, n - 1)
        return ok_all[i] & (np.asarray(ts) + days * 86400.0 <= grid[-1] + 1.0)

    return accept


@accepts(epochs=("tli_epoch",))
def plan_transfer(
    tli_epoch,
    parking_altitude_km: float = 200.0,
    parking_inclination_deg: float = 30.4,
    *,
    transfer_type: str = "direct",
    time_of_flight_days: float = 4.5,
    perilune_altitude_km: float = 100.0,
    lunar_inclination_deg: float = 90.0,
    site_lat_deg: float = -89.45,
    site_lon_deg: float = 222.69,
    lander: LanderParams | None = None,
    tli_by_upper_stage: bool = True,
    capture_apolune_altitude_km: float = 18_074.0,
    circular_altitude_km: float = 100.0,
    lowering_days: float = 2.0,
    min_circular_days: float = 1.0,
    pdi_altitude_km: float = 30.0,
    tca_allowance_m_s: float = 50.0,
    margin_percent: float = 5.0,
    phasing_apogees_km: tuple[float, ...] = CH3_APOGEES_KM,
    parking_apogee_km: float | None = None,
    parking_raan_deg: float | None = None,
    landing_min_earth_elevation_deg: float | None = 2.0,
    landing_earth_contact_days: float = 3.0,
    rtol: float = 1e-11,
) -> TransferPlan:
    """Plan TLI to touchdown.

    tli_epoch: UTC epoch of the TLI burn (str or Time). parking orbit: circular, altitude (km) and
    inclination to the equator (deg). transfer_type: "direct" or "phasing" (perigee-raising loops
    with ``phasing_apogees_km`` before TLI from the last loop's perigee). Lunar targets: perilune
    altitude (km), inclination in MOON_ME (deg). Site: selenographic lat/lon (deg, east).
    capture_apolune_altitude_km: LOI capture ellipse apolune (km); circular_altitude_km: the
    lowered orbit. lowering_days: time spent in the capture orbit before lowering.
    min_circular_days: minimum time in the circular orbit before descent. pdi_altitude_km:
    powered-descent initiation altitude. tca_allowance_m_s: trajectory-correction allowance.
    parking_apogee_km: apogee altitude when the parking orbit is not circular (TLI at perigee).
    parking_raan_deg: node of the parking orbit from the launch stage: the transfer plane with
    the closer node is chosen (the node itself is re-targeted; the difference is reported).
    landing_min_earth_elevation_deg, landing_earth_contact_days: the landing pass is the first
    (within :data:`~lupex.transfer.lunar_orbit.SITE_PASS_SEARCH_DAYS`) at which the Earth's
    centre stays at least this high above the site's local horizontal for that many days -- direct-to-Earth contact for touchdown, egress
    and checkout (Chandrayaan-3 and SLIM landed in contact with Earth); the plane change of a
    pass off the orbit's crossing of the site is in the Δv budget. None: first pass only.
    """
    if transfer_type not in ("direct", "phasing"):
        raise InputError("transfer type", transfer_type, "'direct' or 'phasing'")
    lander = lander or LanderParams()
    checks = (("site_lat_deg", site_lat_deg, -90.0, 90.0), ("site_lon_deg", site_lon_deg,
              -180.0, 360.0), ("parking_altitude_km", parking_altitude_km, 100.0, 100_000.0),
              ("tca_allowance_m_s", tca_allowance_m_s, 0.0, 1000.0),
              ("margin_percent", margin_percent, 0.0, 100.0),
              ("lowering_days", lowering_days, 0.0, 60.0),
              ("min_circular_days", min_circular_days, 0.0, 60.0))
    for name, val, lo, hi in checks:
        if not (np.isfinite(val) and lo <= val <= hi):
            raise InputError(name, val, f"a value between {lo:g} and {hi:g}")
    t_tli = to_time(tli_epoch, "tli_epoch")
    tof = float(time_of_flight_days)
    notes = []
    # Departure orbit
    phasing = []
    if transfer_type == "phasing":
        if not phasing_apogees_km:
            raise InputError("phasing_apogees_km", phasing_apogees_km, "at least one apogee")
        dep = DepartureOrbit(parking_altitude_km, max(phasing_apogees_km[-1],
                                                       parking_altitude_km),
                             parking_inclination_deg)
        rp = R_EARTH + 1e3 * parking_altitude_km
        prev_a = rp
        seq = [R_EARTH + 1e3 * a for a in phasing_apogees_km]
        dvs = []
        for ra in seq:
            a_new = 0.5 * (rp + ra)
            dv = (np.sqrt(GM_EARTH * (2 / rp - 1 / a_new))
                  - np.sqrt(GM_EARTH * (2 / rp - 1 / prev_a)))
            dvs.append((f"Apogee raising to {(ra - R_EARTH) / 1e3:,.0f} km", float(dv)))
            prev_a = a_new
        # one revolution of each intermediate orbit between burns (the last one ends at TLI)
        t_before = 0.0
        periods = [2 * np.pi * np.sqrt((0.5 * (rp + ra)) ** 3 / GM_EARTH) for ra in seq]
        for k in range(len(seq) - 1, -1, -1):
            t_before += periods[k]
            phasing.append((dvs[k][0], dvs[k][1], float(t_before)))
        phasing.reverse()
        notes.append("phasing loops: one revolution in each intermediate orbit (CH3 flew several)")
    else:
        apo = parking_altitude_km if parking_apogee_km is None else parking_apogee_km
        dep = DepartureOrbit(parking_altitude_km, max(apo, parking_altitude_km),
                             parking_inclination_deg)

    sol = _target(t_tli, dep, tof, perilune_altitude_km, lunar_inclination_deg,
                  parking_raan_deg, rtol)
    table = sol.force.table
    arr = sol.arrival
    infeas = []
    if not sol.converged:
        notes.append("TLI targeting did not meet its tolerances; arrival values are best effort")
        infeas.append(Infeasibility(
            "transfer", "arrival perilune altitude",
            round(abs(arr.perilune_altitude_km - perilune_altitude_km), 3), "km",
            f"TLI targeting did not converge: perilune {arr.perilune_altitude_km:,.1f} km, "
            f"inclination {arr.inclination_deg:.2f}° for targets {perilune_altitude_km:g} km, "
            f"{lunar_inclination_deg:g}°"))

    # ---- the launch's parking plane against the targeted departure plane
    theta_plane, dv_plane = 0.0, 0.0
    if parking_raan_deg is not None:
        theta_plane = plane_change_angle_deg(parking_inclination_deg, parking_raan_deg,
                                             sol.raan_deg)
        if theta_plane > PLANE_MATCH_TOLERANCE_DEG:
            # not the same plane: an impulsive plane change in the parking orbit before TLI,
            # 2 v sin(θ/2) (Vallado 2013, §6.4.2)
            v_park = np.sqrt(GM_EARTH / (R_EARTH + 1e3 * parking_altitude_km))
            dv_plane = float(2.0 * v_park * np.sin(np.radians(theta_plane) / 2.0))
            notes.append(f"the parking orbit from the launch is {theta_plane:.3f}° from the "
                         f"targeted transfer plane: {dv_plane:,.1f} m/s of plane change budgeted")
    # ---- LOI
    m = lander.separated_mass_kg
    if not tli_by_upper_stage:
        m = mass_after(m, dv_plane, lander.isp_s)
        for _, dv, _ in phasing:
            m = mass_after(m, dv, lander.isp_s)
        m = mass_after(m, sol.tli_dv_m_s, lander.isp_s)
    m = mass_after(m, tca_allowance_m_s, lander.isp_s)
    loi_imp = impulsive_loi(arr.v_perilune_m_s, arr.perilune_altitude_km,
                            capture_apolune_altitude_km)
    fin = finite_loi(arr.state_moon, m, lander.thrust_n, lander.isp_s,
                     capture_apolune_altitude_km)
    m = fin.mass_after_kg
    loi_epoch = arr.epoch
    cap = (fin.perilune_altitude_km, fin.apolune_altitude_km)
    # ---- lowering (impulsive burns at perilune after ``lowering_days`` in the capture orbit)
    a_cap = MOON_RADIUS_M + 0.5e3 * (cap[0] + cap[1])
    p_cap = 2 * np.pi * np.sqrt(a_cap**3 / GM_MOON)
    n_rev = max(1, int(np.ceil(lowering_days * 86400.0 / p_cap)))
    t_burn = loi_epoch + TimeDelta(n_rev * p_cap, format="sec")
    burns = []
    cur = cap
    for name, dv, orb in lowering_burns(cap[0], cap[1], circular_altitude_km):
        m1 = mass_after(m, dv, lander.isp_s)
        burns.append(Burn(name, t_burn, dv, 0.0, m, m1, orb))
        m = m1
        a_now = MOON_RADIUS_M + 0.5e3 * (orb[0] + orb[1])
        t_burn = t_burn + TimeDelta(0.5 * 2 * np.pi * np.sqrt(a_now**3 / GM_MOON), format="sec")
        cur = orb
    t_circ = burns[-1].epoch if burns else loi_epoch
    # circular orbit state at t_circ: same plane as the arrival, at the arrival perilune direction
    rel = arr.state_moon
    rc = MOON_RADIUS_M + 1e3 * circular_altitude_km
    rhat = rel[:3] / np.linalg.norm(rel[:3])
    hhat = np.cross(rel[:3], rel[3:])
    hhat /= np.linalg.norm(hhat)
    circ_state = np.concatenate([rc * rhat, np.sqrt(GM_MOON / rc) * np.cross(hhat, rhat)])
    t_circ_s = float(table.seconds(t_circ))
    earliest = t_circ_s + min_circular_days * 86400.0
    accept = None
    if landing_min_earth_elevation_deg is not None:
        accept = _earth_contact_condition(table.t_ref, site_lat_deg, site_lon_deg, earliest,
                                          landing_min_earth_elevation_deg,
                                          landing_earth_contact_days)
    sp = next_site_pass(circ_state, t_circ_s, table.t_ref, site_lat_deg, site_lon_deg,
                        earliest_s=earliest, accept=accept)
    if not sp.constraint_met:
        notes.append(f"no site pass in the {SITE_PASS_SEARCH_DAYS:g} days searched has the Earth "
                     f">= {landing_min_earth_elevation_deg:g}° above the site's horizontal for "
                     f"{landing_earth_contact_days:g} days: landing at the first pass instead")
    # ---- plane change toward the pass (before DOI), then descent from the mass left
    if sp.plane_change_dv_m_s > PLANE_CHANGE_MIN_DV_M_S:
        m = mass_after(m, sp.plane_change_dv_m_s, lander.isp_s)
    dsc = descent(circular_altitude_km, pdi_altitude_km, m, lander.thrust_n, lander.isp_s)
    n_c = np.sqrt(GM_MOON / rc**3)
    theta_b = dsc.downrange_km * 1e3 / MOON_RADIUS_M
    doi_epoch = sp.epoch - TimeDelta((theta_b + np.pi) / n_c, format="sec")
    pdi_epoch = doi_epoch + TimeDelta(dsc.doi_to_pdi_s, format="sec")
    landing = pdi_epoch + TimeDelta(dsc.braking_duration_s + dsc.terminal_duration_s,
                                    format="sec")
    if not dsc.feasible:
        infeas.append(Infeasibility("transfer", "lander thrust", 0.0, "N",
                                    f"powered descent not possible: {dsc.reason}"))
    earth_el = float(azimuth_elevation("earth", site_lat_deg, site_lon_deg, 0.0,
                                       landing).elevation_deg)
    sun_el = float(azimuth_elevation("sun", site_lat_deg, site_lon_deg, 0.0,
                                     landing).elevation_deg)
    # ---- budget (flight order)
    items = []
    if dv_plane > 0.0:
        items.append((f"Parking-orbit plane change ({theta_plane:.3f}° to the transfer plane)",
                      dv_plane, "launcher" if tli_by_upper_stage else "lander"))
    for name, dv, _ in phasing:
        items.append((name, dv, "launcher" if tli_by_upper_stage else "lander"))
    items.append(("TLI", sol.tli_dv_m_s, "launcher" if tli_by_upper_stage else "lander"))
    items.append(("Trajectory-correction allowance", tca_allowance_m_s, "lander"))
    items.append(("LOI (finite burn, capture)", fin.dv_m_s, "lander"))
    for b in burns:
        items.append((b.name, b.dv_m_s, "lander"))
    if sp.plane_change_dv_m_s > PLANE_CHANGE_MIN_DV_M_S:
        items.append(("Cross-range plane change", sp.plane_change_dv_m_s, "lander"))
    items.append(("Descent-orbit insertion", dsc.doi_dv_m_s, "lander"))
    items.append(("Powered descent, braking (incl. gravity loss)", dsc.braking_dv_m_s, "lander"))
    items.append(("Hover and vertical descent", dsc.terminal_dv_m_s, "lander"))
    bud = delta_v_budget(items, lander.dry_mass_kg, lander.propellant_loaded_kg, lander.isp_s,
                         margin_percent)
    # the ledger and the integrated burns are one: the budget's touchdown mass is the descent's
    if abs(bud.touchdown_mass_kg - dsc.mass_touchdown_kg) > 1.0:
        raise RuntimeError(f"mass ledger ({bud.touchdown_mass_kg:.1f} kg at touchdown) and "
                           f"integrated burns ({dsc.mass_touchdown_kg:.1f} kg) disagree")
    if bud.infeasibility is not None:
        infeas.append(bud.infeasibility)
    return TransferPlan(
        transfer_type=transfer_type, solution=sol, phasing_burns=tuple(phasing),
        loi_impulsive_dv_m_s=loi_imp, loi_finite=fin, lowering=tuple(burns),
        capture_orbit_km=cap, circular_altitude_km=circular_altitude_km, site_pass=sp,
        descent=dsc, budget=bud, tli_epoch=sol.tli_epoch, loi_epoch=loi_epoch,
        doi_epoch=doi_epoch, pdi_epoch=pdi_epoch, landing_epoch=landing,
        landing_site=(float(site_lat_deg), float(site_lon_deg)),
        sun_elevation_at_landing_deg=sun_el, tli_by_upper_stage=tli_by_upper_stage,
        earth_elevation_at_landing_deg=earth_el,
        earth_contact_at_landing=(None if landing_min_earth_elevation_deg is None
                                  else bool(sp.constraint_met)),
        tca_allowance_m_s=tca_allowance_m_s, infeasibilities=tuple(infeas), notes=tuple(notes),
        departure_plane_change_deg=theta_plane, departure_plane_change_dv_m_s=dv_plane,
    )
