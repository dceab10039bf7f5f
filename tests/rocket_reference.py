"""A second implementation of the lander's propellant margin under an Isp dispersion: the
rocket equation (Tsiolkovsky) on the transfer stage's Δv budget, independent of the transfer
stage's own ledger and finite-burn re-run. Used by the sweep and transfer dispersion tests."""

from __future__ import annotations

import math

from lupex.constants import G0_M_S2

#: Transfer-summary keys the Isp-on-budget evaluation needs (``lupex.scenario.stages.transfer_plan.plan_summary``).
BUDGET_KEYS = ("total_lander_dv_m_s", "propellant_loaded_kg", "propellant_required_kg")


def isp_on_budget(transfer: dict | None, spacecraft, isp_scale: float) -> tuple[float | None, str]:
    """Propellant margin with a dispersed Isp, from the transfer stage's Δv budget.

    The budget (``lupex.transfer.delta_v_budget``) flies the lander's Δv items forward from the
    separated mass, so the propellant left at touchdown beyond the reserve is
    (m_dry + loaded)·exp(−Δv_total / (g0·Isp)) − m_dry (Tsiolkovsky), and the propellant the
    budget needs is m_dry·(exp(Δv_total / (g0·Isp)) − 1). The nominal (scale 1) value is first checked against the summary's
    ``propellant_required_kg`` (agreement within 0.1 % + 1 kg, allowing for the summary's
    rounding), so a change in the budget's formulation is detected instead of silently
    mis-evaluated. Not included: the small change of finite-burn gravity losses with mass flow.

    spacecraft: the scenario's [spacecraft] section (``lander_dry_mass_kg``, ``lander_isp_s``).
    """
    if transfer is None:
        return None, ("the transfer stage is not modelled yet (summary.transfer is null): no "
                      "lander Δv budget to apply the Isp dispersion to")
    missing = [k for k in BUDGET_KEYS if not isinstance(transfer.get(k), (int, float))]
    dry = getattr(spacecraft, "lander_dry_mass_kg", None)
    isp0 = getattr(spacecraft, "lander_isp_s", None)
    if dry is None or isp0 is None:
        missing += ["scenario spacecraft.lander_dry_mass_kg / lander_isp_s"]
    if missing:
        return None, ("needs " + ", ".join(missing) + " to apply the Isp dispersion to the "
                      "propellant budget")
    dv = float(transfer["total_lander_dv_m_s"])
    loaded = float(transfer["propellant_loaded_kg"])
    nominal = float(dry) * math.expm1(dv / (G0_M_S2 * float(isp0)))
    reported = float(transfer["propellant_required_kg"])
    if abs(nominal - reported) > 1.0 + 1e-3 * abs(reported):
        return None, (f"the rocket equation on the summary's budget gives {nominal:.1f} kg, the "
                      f"transfer stage reports {reported:.1f} kg: budget formulation differs")
    # the margin is the forward ledger's: what is left at touchdown beyond the reserve
    left = (float(dry) + loaded) * math.exp(-dv / (G0_M_S2 * float(isp0) * float(isp_scale)))
    return left - float(dry), ""
