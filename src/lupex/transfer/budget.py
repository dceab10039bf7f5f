"""Δv budget and the lander's mass ledger; feasibility against the loaded propellant.

The ledger is flown forward, in flight order, from the separated mass (lander dry mass, which
includes the rover and payloads, plus the loaded propellant): every lander burn takes
m_after = m_before × exp(−Δv / (Isp g0)) (Tsiolkovsky; Wertz & Larson 1999, SMAD §17.3). The
integrated burns (finite LOI, powered descent) report their Δv as Isp g0 ln(m_before/m_after),
so the same rows reproduce the masses those integrations use. After the last burn a Δv reserve
is held back: a percentage of the deterministic lander Δv (the usual 5 % practice for
preliminary design; ESA ECSS-E-HB-10-02A, SMAD table 10-15 "Δv margin"), on top of the fixed
trajectory-correction allowance that is one of the burns.

Three labelled figures come out of the ledger:

* ``propellant_margin_kg``: the propellant still in the tanks at touchdown, beyond the reserve,
  when the tanks are loaded as given (forward ledger);
* ``propellant_offloadable_kg``: how much of the loaded propellant could be left on the ground and
  the same burns and reserve still be flown (the lighter lander needs less: backward from the dry
  mass);
* ``dv_margin_m_s``: the Δv the lander could still give beyond the budget and reserve,
  Isp g0 ln(m_separated / m_dry) − Σ Δv.

All three are negative exactly when the budget cannot be flown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import Infeasibility, InputError
from lupex.transfer.lunar_orbit import G0
import lupex.display as _display


@dataclass(frozen=True)
class BudgetLine:
    """One row of the Δv budget: item, Δv (m/s), who performs it ("launcher" or "lander"), the
    propellant it uses (kg; 0 for launcher items), the lander's mass before and after it (kg; for
    launcher items the separated mass), and ``kind``: "burn" or "reserve"."""

    item: str
    dv_m_s: float
    by: str
    propellant_kg: float = 0.0
    mass_before_kg: float = float("nan")
    mass_after_kg: float = float("nan")
    kind: str = "burn"


@_display.result(table=("records", ("lines",)))
@dataclass(frozen=True)
class Budget:
    """The lander Δv budget and mass ledger (kg, m/s).

    lines: rows in flight order, the reserve row last. total_lander_dv_m_s: lander burns plus
    reserve. propellant_used_kg: what the burns use (separated mass − touchdown mass).
    propellant_reserve_kg: the reserve's propellant at the touchdown mass. propellant_required_kg:
    propellant the burns and reserve need when only that much is loaded (backward from dry).
    propellant_loaded_kg: in the tanks at separation. propellant_margin_kg: left at touchdown
    beyond the reserve. propellant_offloadable_kg: loaded − required. dv_margin_m_s: Δv beyond the
    budget and reserve. initial_mass_kg: separated mass (dry + loaded). touchdown_mass_kg: after
    the last burn. feasible: margin >= 0; infeasibility when not.
    """

    lines: tuple[BudgetLine, ...]
    total_lander_dv_m_s: float
    propellant_used_kg: float
    propellant_reserve_kg: float
    propellant_required_kg: float
    propellant_loaded_kg: float
    propellant_margin_kg: float
    propellant_offloadable_kg: float
    dv_margin_m_s: float
    initial_mass_kg: float
    touchdown_mass_kg: float
    dry_mass_kg: float
    feasible: bool
    infeasibility: Infeasibility | None

    def table(self) -> list[dict]:
        """JSON-ready rows."""
        return [{"item": ln.item, "dv_m_s": round(ln.dv_m_s, 2), "by": ln.by,
                 "propellant_kg": round(ln.propellant_kg, 1),
                 "mass_before_kg": round(ln.mass_before_kg, 1),
                 "mass_after_kg": round(ln.mass_after_kg, 1), "kind": ln.kind}
                for ln in self.lines]


def delta_v_budget(
    items: list[tuple[str, float, str]],
    dry_mass_kg: float,
    propellant_loaded_kg: float,
    isp_s: float,
    margin_percent: float = 5.0,
) -> Budget:
    """Fly the mass ledger forward through (item, Δv m/s, by) rows given in flight order.

    dry_mass_kg: lander without usable propellant (rover and payloads included), kg.
    propellant_loaded_kg: usable propellant in the tanks at separation, kg (separated mass =
    dry + loaded). isp_s: lander engine specific impulse, s. margin_percent: Δv reserve as a
    percentage of the lander's deterministic Δv, %.
    """
    for name, val, lo in (("dry_mass_kg", dry_mass_kg, 1e-9), ("isp_s", isp_s, 1e-9),
                          ("propellant_loaded_kg", propellant_loaded_kg, 0.0),
                          ("margin_percent", margin_percent, 0.0)):
        if not (np.isfinite(val) and val >= lo):
            raise InputError(name, val, f"a finite number >= {lo:g}")
    rows = [(n, float(dv), by) for n, dv, by in items]
    for n, dv, by in rows:
        if not np.isfinite(dv) or dv < 0:
            raise InputError(f"Δv of {n}", dv, "a finite Δv >= 0 m/s")
        if by not in ("launcher", "lander"):
            raise InputError(f"performer of {n}", by, "'launcher' or 'lander'")
    ve = isp_s * G0
    dry = float(dry_mass_kg)
    m0 = dry + float(propellant_loaded_kg)
    lines = []
    m = m0
    burn_dv = 0.0
    for n, dv, by in rows:
        if by == "lander":
            m1 = m * np.exp(-dv / ve)
            lines.append(BudgetLine(n, dv, by, m - m1, m, m1))
            m = m1
            burn_dv += dv
        else:
            lines.append(BudgetLine(n, dv, by, 0.0, m, m))
    touchdown = m
    reserve_dv = burn_dv * margin_percent / 100.0
    m_res = touchdown * np.exp(-reserve_dv / ve)
    lines.append(BudgetLine(f"Reserve ({margin_percent:g} % of lander Δv)", reserve_dv, "lander",
                            touchdown - m_res, touchdown, m_res, kind="reserve"))
    total = burn_dv + reserve_dv
    required = dry * np.expm1(total / ve)
    margin = m_res - dry
    offloadable = float(propellant_loaded_kg) - required
    dv_margin = ve * np.log(m0 / dry) - total
    inf = None
    if margin < 0:
        inf = Infeasibility(
            stage="transfer", quantity="lander propellant", shortfall=round(-offloadable, 1),
            unit="kg",
            detail=(f"the lander needs {required:,.0f} kg of propellant for {total:,.0f} m/s "
                    f"including the reserve (Isp {isp_s:g} s, dry {dry:,.0f} kg) but carries "
                    f"{propellant_loaded_kg:,.0f} kg: {-dv_margin:,.0f} m/s short"),
        )
    return Budget(lines=tuple(lines), total_lander_dv_m_s=float(total),
                  propellant_used_kg=float(m0 - touchdown),
                  propellant_reserve_kg=float(touchdown - m_res),
                  propellant_required_kg=float(required),
                  propellant_loaded_kg=float(propellant_loaded_kg),
                  propellant_margin_kg=float(margin), propellant_offloadable_kg=float(offloadable),
                  dv_margin_m_s=float(dv_margin), initial_mass_kg=float(m0),
                  touchdown_mass_kg=float(touchdown), dry_mass_kg=dry,
                  feasible=bool(margin >= 0), infeasibility=inf)
