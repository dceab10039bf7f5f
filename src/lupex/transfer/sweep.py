"""Launch-date sweep: one full plan per day of a month, in parallel processes.

Each day runs :func:`lupex.transfer.mission.plan_transfer` with TLI at the same time of day and
records the TLI Δv, time of flight, total lander Δv, landing epoch and the Sun's elevation at the
landing site then (:func:`lupex.ephemeris.azimuth_elevation`). Days run in a
``concurrent.futures.ProcessPoolExecutor``; every process loads DE421 once.
"""

from __future__ import annotations

import calendar
import csv
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lupex.errors import InputError

COLUMNS = ("date", "tli_epoch_utc", "target_time_of_flight_days", "tli_dv_m_s",
           "time_of_flight_days", "arrival_epoch_utc", "total_lander_dv_m_s", "total_dv_m_s",
           "landing_epoch_utc", "wait_in_lunar_orbit_days", "sun_elevation_at_landing_deg",
           "earth_elevation_at_landing_deg", "propellant_margin_kg", "feasible", "error")


def month_days(month: str) -> list[str]:
    """ISO dates of every day of ``month`` ("YYYY-MM")."""
    try:
        y, m = (int(x) for x in str(month).split("-"))
        n = calendar.monthrange(y, m)[1]
    except (ValueError, calendar.IllegalMonthError):
        raise InputError("--month", month, "a month as YYYY-MM, e.g. 2028-06") from None
    return [f"{y:04d}-{m:02d}-{d:02d}" for d in range(1, n + 1)]


def _one_day(args) -> dict:
    date, tli_time, kwargs = args
    from lupex.transfer.mission import plan_transfer

    row = {"date": date, "tli_epoch_utc": f"{date}T{tli_time}Z", "error": None,
           "target_time_of_flight_days": kwargs.get("time_of_flight_days")}
    try:
        p = plan_transfer(f"{date}T{tli_time}", **kwargs)
        s = p.solution
        row.update(
            tli_dv_m_s=round(s.tli_dv_m_s, 2),
            time_of_flight_days=round(s.time_of_flight_days, 4),
            total_lander_dv_m_s=round(p.budget.total_lander_dv_m_s, 2),
            total_dv_m_s=round(s.tli_dv_m_s + p.budget.total_lander_dv_m_s, 2),
            arrival_epoch_utc=p.loi_epoch.utc.isot[:19] + "Z",
            landing_epoch_utc=p.landing_epoch.utc.isot[:19] + "Z",
            wait_in_lunar_orbit_days=round(p.site_pass.wait_days, 3),
            sun_elevation_at_landing_deg=round(p.sun_elevation_at_landing_deg, 3),
            earth_elevation_at_landing_deg=round(p.earth_elevation_at_landing_deg, 3),
            propellant_margin_kg=round(p.budget.propellant_margin_kg, 1),
            feasible=p.feasible and s.converged,
        )
    except (RuntimeError, ValueError) as exc:  # a day that cannot be targeted is reported
        row["error"] = f"{type(exc).__name__}: {exc}"
        row["feasible"] = False
    return row


def sweep_month(month: str, tli_time: str = "06:00:00", processes: int = 2,
                days: list[int] | None = None, tofs_days: list[float] | None = None,
                **plan_kwargs) -> list[dict]:
    """Plan every day of ``month`` ("YYYY-MM"); returns one row per day (see :data:`COLUMNS`),
    or, with ``tofs_days``, one row per day and targeted time of flight (the launch-period grid
    of a "porkchop" plot: departure against arrival, :func:`lupex.transfer.plots.plot_porkchop`).

    tli_time: TLI time of day (UTC, HH:MM:SS). processes: worker processes (1 = in-process).
    days: day numbers to run (default: every day of the month).
    plan_kwargs: passed to :func:`plan_transfer` (parking orbit, targets, lander, ...).
    """
    all_days = month_days(month)
    if days is not None:
        bad = [d for d in days if not (isinstance(d, int) and 1 <= d <= len(all_days))]
        if bad:
            raise InputError("days", bad, f"day numbers 1 .. {len(all_days)}")
        all_days = [all_days[d - 1] for d in days]
    days = all_days
    if not isinstance(processes, int) or processes < 1:
        raise InputError("processes", processes, "a whole number of processes >= 1")
    if tofs_days is not None:
        bad = [x for x in tofs_days if not (isinstance(x, (int, float)) and 2.5 <= x <= 8.0)]
        if bad or not tofs_days or len(set(tofs_days)) != len(tofs_days):
            raise InputError("tofs_days", tofs_days, "distinct times of flight, 2.5 .. 8 days")
        jobs = [(d, tli_time, {**plan_kwargs, "time_of_flight_days": float(x)})
                for d in days for x in tofs_days]
    else:
        jobs = [(d, tli_time, plan_kwargs) for d in days]
    if processes == 1:
        return [_one_day(j) for j in jobs]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx) as ex:
        return list(ex.map(_one_day, jobs, chunksize=1))


def write_sweep_csv(rows: list[dict], path) -> Path:
    """Write the sweep table as CSV."""
    p = Path(path)
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k) for k in COLUMNS})
    return p
