"""Δv budget and propellant by the rocket equation; feasibility against the tank capacity.

Propellant for a sequence of burns is found backwards from the lander's dry mass (everything but
usable propellant, rover and payloads included): m_before = m_after × exp(Δv / (Isp g0))
(Tsiolkovsky; Wertz & Larson 1999, SMAD §17.3). Margins are Δv percentages on the deterministic
burns (the usual 5 % practice for preliminary design; e.g. ESA ECSS-E-HB-10-02A and
SMAD table 10-15 "Δv margin"), plus a fixed trajectory-correction allowance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import Infeasibility, InputError
from lupex.transfer.lunar_orbit import G0


@dataclass(frozen=True)
class BudgetLine:
    """One row of the Δv budget: item, Δv (m/s), who performs it ("launcher" or "lander"),
    and the propellant it uses (kg; 0 for launcher items)."""

    item: str
    dv_m_s: float
    by: str
    propellant_kg: float = 0.0


@dataclass(frozen=True)
class Budget:
    """The lander Δv budget and propellant.

    lines: rows in flight order (margin row last). total_lander_dv_m_s: sum of lander rows.
    propellant_required_kg / propellant_loaded_kg / propellant_margin_kg (loaded - required).
    initial_mass_kg: dry + required propellant. feasible: margin >= 0. infeasibility when not.
    """

    lines: tuple[BudgetLine, ...]
    total_lander_dv_m_s: float
    propellant_required_kg: float
    propellant_loaded_kg: float
    propellant_margin_kg: float
    initial_mass_kg: float
    feasible: bool
    infeasibility: Infeasibility | None

    def table(self) -> list[dict]:
        """JSON-ready rows."""
        return [{"item": ln.item, "dv_m_s": round(ln.dv_m_s, 2), "by": ln.by,
                 "propellant_kg": round(ln.propellant_kg, 1)} for ln in self.lines]


def delta_v_budget(
    items: list[tuple[str, float, str]],
    dry_mass_kg: float,
    propellant_loaded_kg: float,
    isp_s: float,
    margin_percent: float = 5.0,
) -> Budget:
    """Build the budget from (item, Δv m/s, by) rows.

    dry_mass_kg: lander after the last burn (no usable propellant), kg. propellant_loaded_kg:
    usable propellant in the tanks at separation, kg. isp_s: lander engine specific impulse, s.
    margin_percent: Δv margin on the lander's deterministic Δv, %.
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
    lander_dv = sum(dv for _, dv, by in rows if by == "lander")
    rows.append((f"Margin ({margin_percent:g} % of lander Δv)", lander_dv * margin_percent / 100,
                 "lander"))
    ve = isp_s * G0
    # backwards from dry mass: the margin is burnt last (reserve), then the burns in reverse
    m = dry_mass_kg
    props = [0.0] * len(rows)
    for k in range(len(rows) - 1, -1, -1):
        n, dv, by = rows[k]
        if by == "lander":
            m0 = m * np.exp(dv / ve)
            props[k] = m0 - m
            m = m0
    required = m - dry_mass_kg
    total = sum(dv for _, dv, by in rows if by == "lander")
    margin = propellant_loaded_kg - required
    inf = None
    if margin < 0:
        inf = Infeasibility(
            stage="transfer", quantity="lander propellant", shortfall=round(-margin, 1),
            unit="kg",
            detail=(f"the lander needs {required:,.0f} kg of propellant for {total:,.0f} m/s "
                    f"(Isp {isp_s:g} s, dry {dry_mass_kg:,.0f} kg) but carries "
                    f"{propellant_loaded_kg:,.0f} kg"),
        )
    lines = tuple(BudgetLine(n, dv, by, p) for (n, dv, by), p in zip(rows, props))
    return Budget(lines=lines, total_lander_dv_m_s=float(total),
                  propellant_required_kg=float(required),
                  propellant_loaded_kg=float(propellant_loaded_kg),
                  propellant_margin_kg=float(margin), initial_mass_kg=float(m),
                  feasible=margin >= 0, infeasibility=inf)
