"""Illumination year by year: the period cut into years, and a site's figures for each one.

A site's Sun fraction changes from year to year. The Sun's elevation at the pole swings by the
Moon's obliquity to the ecliptic (1.54°) over the draconic year (346.6 d, the Sun's return to the
same lunar node), which does not divide a calendar year: each one-year window holds a
different share of high and low Sun, and over the 18.6-year nodal cycle the windows run through
every phase (Gläser et al. 2014, Icarus 243:78; Mazarico et al. 2011, Icarus 211:1066). A
one-year figure may flatter a site; planners look at the worst year of the span as well as the
mean.

Years are counted from the first epoch in steps of ``YEAR_DAYS`` (a Julian year); a year counts
when it holds at least 99.9% of its epochs (the last, cut short by the period's end, does not,
unless the whole period is shorter than a year: then the period itself is the one "year").
The same rule serves the single-site series here and the region maps
(:func:`lupex.site.illumination.illumination_statistics`).
"""

from __future__ import annotations

from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.site.single_site import longest_run

#: Length of a "year" of the statistics: the Julian year, days (IAU; 365.25 d exactly).
YEAR_DAYS = 365.25


def year_of_epochs(times: Time, step_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Year number of each epoch (0 = the year starting at ``times[0]``) and which years count.

    Returns ``(year, full_year)``: ``year`` int64 per epoch; ``full_year`` bool per year, True
    for a year holding at least 99.9% of the epochs a full year has at ``step_h`` (all True when
    the period is shorter than one year).
    """
    t_days = (times - times[0]).to_value("day")
    year = np.floor(np.asarray(t_days) / YEAR_DAYS + 1e-9).astype(np.int64)
    n_years = int(year[-1]) + 1 if year.size else 0
    year_n = np.bincount(year, minlength=n_years)
    full_year = year_n >= 0.999 * YEAR_DAYS * 24.0 / float(step_h)
    if not full_year.any():
        full_year[:] = True  # shorter than one year: the period itself
    return year, full_year


def year_starts_utc(times: Time, n_years: int) -> tuple[str, ...]:
    """ISO UTC start of each year of the statistics, from ``times[0]``."""
    return tuple((times[0] + y * YEAR_DAYS * u.day).isot for y in range(n_years))


@dataclass(frozen=True)
class YearlyIllumination:
    """A site's Sun and Earth figures for each complete year of a period.

    ``year_starts_utc``: start of each complete year (ISO UTC); ``sun_fraction``: mean visible
    fraction of the Sun's disc in each year; ``earth_fraction``: fraction of the year with the
    Earth's centre above the terrain horizon; ``longest_dark_hours``: the longest darkness (no
    part of the Sun visible) seen in the year, a darkness still running at the year's end
    followed to its end, h.
    """

    year_starts_utc: tuple[str, ...]
    sun_fraction: np.ndarray
    earth_fraction: np.ndarray
    longest_dark_hours: np.ndarray

    @property
    def years_long(self) -> bool:
        """Whether the period holds two complete years or more."""
        return len(self.year_starts_utc) > 1

    @property
    def worst_year(self) -> int:
        """Index of the year with the lowest Sun fraction."""
        return int(np.argmin(self.sun_fraction))

    def summary(self) -> dict:
        """JSON-ready figures: per-year lists and the worst year."""
        w = self.worst_year
        return {
            "years": len(self.year_starts_utc),
            "year_starts_utc": list(self.year_starts_utc),
            "sun_fraction": [float(v) for v in self.sun_fraction],
            "earth_fraction": [float(v) for v in self.earth_fraction],
            "longest_dark_hours": [float(v) for v in self.longest_dark_hours],
            "worst_year_start_utc": self.year_starts_utc[w],
            "worst_year_sun_fraction": float(self.sun_fraction[w]),
            "worst_year_earth_fraction": float(self.earth_fraction[w]),
        }


def yearly_illumination(site) -> YearlyIllumination:
    """Cut a site's illumination series (:class:`lupex.site.SiteIllumination`) into years.

    Only complete years are reported (see the module docstring); a period shorter than a year is
    reported as one "year".
    """
    year, full = year_of_epochs(site.times, site.step_h)
    sun = np.asarray(site.sun_visible_fraction, dtype=float)
    earth = np.asarray(site.earth_visible, dtype=float)
    keep = np.flatnonzero(full)
    dark_all = sun <= 0.0
    sun_y, earth_y, dark_y = [], [], []
    for y in keep:
        sel = year == y
        sun_y.append(float(sun[sel].mean()))
        earth_y.append(float(earth[sel].mean()))
        first = int(np.argmax(sel))
        stop = first + int(sel.sum())
        # a darkness running at the year's end is followed into the next year
        run_end = stop
        while run_end < dark_all.size and dark_all[run_end - 1] and dark_all[run_end]:
            run_end += 1
        dark_y.append(longest_run(dark_all[first:run_end]) * site.step_h)
    starts = year_starts_utc(site.times, int(year[-1]) + 1)
    return YearlyIllumination(year_starts_utc=tuple(starts[y] for y in keep),
                              sun_fraction=np.array(sun_y), earth_fraction=np.array(earth_y),
                              longest_dark_hours=np.array(dark_y))
