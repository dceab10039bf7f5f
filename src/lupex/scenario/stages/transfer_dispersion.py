"""Monte Carlo hook of the transfer stage: one dispersed case of a scenario's transfer.

:func:`evaluate_dispersion` fulfils the contract of :mod:`lupex.sweep.montecarlo` (plain data in,
plain data out): it rebuilds the scenario's nominal plan, prepares it with
:func:`lupex.transfer.dispersion_nominal` and evaluates the sample with
:func:`lupex.transfer.evaluate_plan_dispersion` (the models are documented in
:mod:`lupex.transfer.dispersion`).

Nominal plan
------------
Rebuilt with :func:`lupex.scenario.stages.transfer_plan.plan_for_sections`, the function the
transfer stage adapter also uses, and cached in-process (keyed by the scenario's JSON and the
departure taken from the nominal summary). The departure (TLI epoch, parking orbit
perigee/apogee, inclination, the launch stage's node) is read from the nominal run's
``summary["transfer"]`` (``tli_epoch_utc``, ``parking_orbit_km``, ``departure_inclination_deg``,
``parking_orbit_raan_from_launch_deg``), because that is where the launch stage's handoff ends up;
without it, the adapter's no-launch-stage rule is applied to the scenario (circular orbit at
``launch.parking_orbit_altitude_km``, inclination |``launch.site_lat_deg``|, TLI at 00:15 UTC of
``launch.date`` + ``transfer.parking_coast_min``). The summary's epoch is rounded to the
millisecond, so the rebuilt TLI Δv can differ from the summary's by the targeting tolerance
(reported as ``nominal_tli_dv_difference_m_s``).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping

from lupex.errors import InputError

_CACHE_SIZE = 4
#: Cached (prepared nominal, TLI Δv difference from the summary or None), by scenario+departure.
_CACHE: OrderedDict[str, tuple] = OrderedDict()


def _departure(scenario, nominal_summary):
    """(tli_epoch, (perigee_km, apogee_km), inclination_deg, tli_by_upper_stage, raan0 or None,
    the summary's TLI Δv or None) — the summary's departure, else the adapter's scenario rule."""
    from lupex.ephemeris import to_time

    tr = (nominal_summary or {}).get("transfer") if isinstance(nominal_summary, Mapping) else None
    if isinstance(tr, Mapping) and tr.get("tli_epoch_utc") and tr.get("parking_orbit_km"):
        alt, apo = (float(x) for x in tr["parking_orbit_km"])
        raan0 = tr.get("parking_orbit_raan_from_launch_deg")
        return (to_time(tr["tli_epoch_utc"], "nominal_summary.transfer.tli_epoch_utc"),
                (alt, apo), float(tr["departure_inclination_deg"]),
                bool(tr.get("tli_by_upper_stage", scenario.launch.tli_by_upper_stage)),
                None if raan0 is None else float(raan0), float(tr["tli_dv_m_s"]))
    # the adapter's rule without a launch stage
    from lupex.scenario.stages.transfer import _departure as adapter_departure

    t_tli, (alt, apo), inc, by_us, _, _ = adapter_departure(scenario, {})
    return (t_tli, (alt, apo), inc, by_us, None, None)


def _key(scenario, dep) -> str:
    try:
        sj = scenario.model_dump_json()
    except AttributeError:  # not a pydantic object: fall back on its repr
        sj = repr(scenario)
    t, (a, b), inc, by_us, raan0, _ = dep
    return json.dumps([sj, t.utc.isot, a, b, inc, by_us, raan0])


def _cached(scenario, nominal_summary) -> tuple:
    from lupex.scenario.stages.transfer_plan import plan_for_sections
    from lupex.transfer.dispersion import dispersion_nominal

    dep = _departure(scenario, nominal_summary)
    key = _key(scenario, dep)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    t_tli, (alt, apo), inc, by_us, raan0, dv_summary = dep
    tr = scenario.transfer
    plan, lander = plan_for_sections(t_tli, alt, apo, inc, raan0, by_us, scenario.spacecraft,
                                     tr, scenario.landing)
    nom = dispersion_nominal(plan, lander, tr.dv_margin_percent)
    diff = None if dv_summary is None else float(plan.solution.tli_dv_m_s - dv_summary)
    _CACHE[key] = (nom, diff)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return nom, diff


def nominal_for(scenario, nominal_summary=None):
    """The prepared nominal (:class:`lupex.transfer.DispersionNominal`) of a scenario's transfer,
    cached in-process (see module docstring)."""
    return _cached(scenario, nominal_summary)[0]


def evaluate_dispersion(scenario, dispersion: Mapping, nominal_summary: Mapping | None = None
                        ) -> dict:
    """Evaluate one dispersed sample of the transfer (models: :mod:`lupex.transfer.dispersion`).

    scenario: validated scenario (read duck-typed: ``.launch``, ``.spacecraft``, ``.transfer``,
    ``.landing``). dispersion: dict from :func:`lupex.sweep.montecarlo.draw_dispersions`
    (``tli_dv_scale``, ``tli_pointing_rad`` [2], ``nav_position_m`` [R, T, N],
    ``nav_velocity_m_s`` [R, T, N], ``lander_isp_scale``, ``lander_thrust_scale``; each optional).
    nominal_summary: the nominal run's summary.json dict (its ``transfer`` section gives the
    departure). Returns floats ``correction_dv_m_s`` (m/s), ``propellant_margin_kg`` (kg),
    ``landing_east_m``, ``landing_north_m`` (m, local ENU at the site), ``applied`` and
    diagnostics (with ``nominal_tli_dv_difference_m_s``).
    """
    from lupex.transfer.dispersion import TCM_DELAY_S, evaluate_plan_dispersion

    if not isinstance(dispersion, Mapping):
        raise InputError("dispersion", dispersion, "a mapping of drawn dispersion values")
    tr = nominal_summary.get("transfer") if isinstance(nominal_summary, Mapping) else None
    if isinstance(nominal_summary, Mapping) and "transfer" in nominal_summary and (
            not isinstance(tr, Mapping) or tr.get("tli_epoch_utc") is None):
        # the nominal transfer failed or was not run: nothing to disperse
        why = ("the transfer is not modelled in the nominal run (summary.transfer is null or "
               "its targeting failed): no nominal plan to disperse")
        names = {"tli_dv_scale": "tli_dv_frac", "tli_pointing_rad": "tli_pointing_deg",
                 "nav_position_m": "nav_position_m", "nav_velocity_m_s": "nav_velocity_m_s",
                 "lander_isp_scale": "lander_isp_frac",
                 "lander_thrust_scale": "lander_thrust_frac"}
        return {"applied": [], "note": why,
                "not_dispersed": {n: why for k, n in names.items() if k in dispersion}}
    nom, diff = _cached(scenario, nominal_summary)
    out = {"tcm_epoch_offset_s": TCM_DELAY_S, "nominal_tli_dv_difference_m_s": diff}
    out.update(evaluate_plan_dispersion(nom, dispersion))
    return out


def clear_cache() -> None:
    """Forget the cached nominal plans (tests)."""
    _CACHE.clear()


__all__ = ["clear_cache", "evaluate_dispersion", "nominal_for"]
