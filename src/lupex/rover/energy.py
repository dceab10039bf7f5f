"""Battery state of charge along a plan, with exact energy bookkeeping.

The plan is a sequence of :class:`Step` records (constant load over [t, t + dt) at one cell or one
move). For each step the solar array's output is evaluated at the step's midpoint from the Sun's
elevation above the cell's horizon (visible fraction of the disc), the panel tilt and faces, and
the heading (driving) or the best heading (parked); the load comes from the rover model. The
battery then integrates

    charge:     E += η_c (P_solar − P_load) dt           (net inflow, η_c = charge efficiency)
    discharge:  E −= (P_load − P_solar) dt
    full:       anything above the capacity is spilled (the array is curtailed)
    empty:      a battery at zero cannot supply the load: the rest of the step's demand is
                unserved (the rover browns out) and the charge stays at zero

and books every joule: Σ solar − Σ load − Σ charge losses − Σ spilled + Σ unserved = E_end −
E_start, which the tests check. The state of charge stays within [0, 1]; a plan whose charge falls
below the minimum state of charge (or reaches zero) is reported infeasible with the first time
and cell where it happens, and the unserved energy is reported, never a negative charge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.rover.model import Rover, disc_visible_fraction
from lupex.rover.sky import Sky
import lupex.display as _display

KIND_CODES = {"drive": 0, "wait": 1, "hibernate": 2, "drill": 3, "charge": 4, "idle": 5}


@dataclass(frozen=True)
class Steps:
    """Plan steps as arrays: t_s (start), dt_s, cell id (row·nx + col), kind (KIND_CODES),
    heading_deg (grid azimuth; NaN parked), grade (signed rise/run while driving)."""

    t_s: np.ndarray
    dt_s: np.ndarray
    cell: np.ndarray
    kind: np.ndarray
    heading_deg: np.ndarray
    grade: np.ndarray


@_display.result()
@dataclass(frozen=True)
class EnergyResult:
    """Battery history. times_s (n+1,), energy_wh (n+1,), soc (n+1,) in [0, 1]; per-step
    solar_w, load_w; totals in Wh (unserved_wh: load the empty battery could not supply); min_soc
    and when/where; feasible False if soc < rover.min_state_of_charge."""

    times_s: np.ndarray
    energy_wh: np.ndarray
    soc: np.ndarray
    solar_w: np.ndarray
    load_w: np.ndarray
    solar_in_wh: float
    load_out_wh: float
    charge_loss_wh: float
    spilled_wh: float
    min_soc: float
    min_soc_time_s: float
    min_soc_cell: int
    feasible: bool
    violation_time_s: float | None
    violation_cell: int | None
    unserved_wh: float = 0.0

    @property
    def balance_error_wh(self) -> float:
        """(Σ in − Σ out − losses − spilled + unserved) − (E_end − E_start): zero up to rounding."""
        return (self.solar_in_wh - self.load_out_wh - self.charge_loss_wh - self.spilled_wh
                + self.unserved_wh) - (self.energy_wh[-1] - self.energy_wh[0])


def step_powers(steps: Steps, sky: Sky, rover: Rover) -> tuple[np.ndarray, np.ndarray]:
    """Solar output and load (W) of every step (see module docstring)."""
    mid = steps.t_s + 0.5 * steps.dt_s
    el, hor = sky.series("sun", steps.cell, mid)
    frac = disc_visible_fraction(el, hor)
    sun_az = sky.sun_azimuth_grid_deg(mid)
    parked = ~np.isfinite(steps.heading_deg)
    faces = np.where(parked, rover.best_faces_factor(),
                     rover.faces_factor(sun_az - np.nan_to_num(steps.heading_deg)))
    k = np.clip((mid // sky.dt_s).astype(int), 0, sky.nt - 1)
    solar = rover.solar_power_w(el, frac, faces, sky.sun_distance_au[k])
    load = np.empty_like(solar)
    kind = steps.kind
    load[kind == KIND_CODES["drive"]] = rover.drive_power_w(steps.grade[kind == KIND_CODES["drive"]])
    load[kind == KIND_CODES["wait"]] = rover.power_idle_w
    load[kind == KIND_CODES["charge"]] = rover.power_idle_w
    load[kind == KIND_CODES["idle"]] = rover.power_idle_w
    load[kind == KIND_CODES["hibernate"]] = rover.power_hibernate_w
    load[kind == KIND_CODES["drill"]] = rover.power_drill_w
    return solar, load


def integrate_battery(solar_w, load_w, dt_s, capacity_wh, e0_wh, charge_efficiency):
    """Integrate the battery over steps; returns (energy_wh (n+1,), loss_wh, spilled_wh,
    unserved_wh), the last three per step. The charge stays within [0, capacity_wh].

    Pure bookkeeping, shared by :func:`simulate` and usable with any power series."""
    n = len(dt_s)
    e = np.empty(n + 1)
    e[0] = e0_wh
    loss = np.zeros(n)
    spill = np.zeros(n)
    unserved = np.zeros(n)
    net_wh = (np.asarray(solar_w) - np.asarray(load_w)) * np.asarray(dt_s) / 3600.0
    cur = float(e0_wh)
    for q in range(n):
        x = net_wh[q]
        if x > 0:
            stored = charge_efficiency * x
            loss[q] = x - stored
            room = capacity_wh - cur
            if stored > room:
                spill[q] = stored - max(room, 0.0)
                stored = max(room, 0.0)
            cur += stored
        else:
            cur += x
            if cur < 0.0:  # empty: the battery cannot deliver the rest of the load
                unserved[q] = -cur
                cur = 0.0
        e[q + 1] = cur
    return e, loss, spill, unserved


def simulate(steps: Steps, sky: Sky, rover: Rover) -> EnergyResult:
    """Battery history along ``steps`` (see module docstring)."""
    solar, load = step_powers(steps, sky, rover)
    cap = rover.battery_capacity_wh
    e, loss, spill, unserved = integrate_battery(solar, load, steps.dt_s, cap,
                                                 rover.initial_state_of_charge * cap,
                                                 rover.charge_efficiency)
    soc = e / cap
    times = np.concatenate([steps.t_s, [steps.t_s[-1] + steps.dt_s[-1]]]) if len(steps.t_s) else \
        np.zeros(1)
    q = int(np.argmin(soc))
    cells_after = np.concatenate([[steps.cell[0]], steps.cell]) if len(steps.cell) else np.zeros(1, int)
    bad = np.nonzero((soc < rover.min_state_of_charge - 1e-12) | (soc <= 0.0))[0]
    vt = float(times[bad[0]]) if bad.size else None
    vc = int(cells_after[bad[0]]) if bad.size else None
    wh = steps.dt_s / 3600.0
    return EnergyResult(times, e, soc, solar, load, float(np.sum(solar * wh)),
                        float(np.sum(load * wh)), float(loss.sum()), float(spill.sum()),
                        float(soc[q]), float(times[q]), int(cells_after[q]), bad.size == 0, vt, vc,
                        float(unserved.sum()))
