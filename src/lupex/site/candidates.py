"""Published candidate landing sites: named for ``--vary landing.site=[...]`` (re-exported by
``lupex.sweep.sites``) and marked on a run's polar overview map.

A named site sets ``landing.site_name``, ``landing.lat_deg`` and ``landing.lon_deg`` (selenographic,
longitude positive east 0–360°, MOON_ME frame of the source's LOLA product) together.

Only sites whose coordinates could be checked against a published source are listed; each entry
cites it. To sweep any other point, vary ``landing.lat_deg`` / ``landing.lon_deg`` directly.

Sources
-------
- Gläser, P., Scholten, F., De Rosa, D., et al. (2014), Illumination conditions at the lunar south
  pole using high resolution digital terrain models from LOLA, Icarus 243:78–90. The
  Shackleton–de Gerlache "connecting ridge" site, 89.45°S 222.69°E, lit 92.27 % of the time at 2 m
  above ground (the scenario's default landing site, ``lupex.scenario.sections.landing``).
- Bussey, D. B. J., McGovern, J. A., Spudis, P. D., et al. (2010), Illumination conditions of the
  south pole of the Moon derived using Kaguya topography, Icarus 208:558–564,
  doi:10.1016/j.icarus.2010.03.028. Abstract: "The place receiving the most illumination (86 % of
  the year) is located close to the rim of Shackleton crater at 88.74°S 124.5°E" (Kaguya LALT
  topography, year 2020).
"""

from __future__ import annotations

from dataclasses import dataclass

from lupex.errors import InputError


@dataclass(frozen=True)
class LandingSite:
    """A published candidate landing point.

    lat_deg: selenographic latitude, degrees (south negative).
    lon_deg: longitude, degrees east, 0–360.
    source: the publication the coordinates are taken from.
    safe_radius_m: radius of the published safe landing area around the point, metres, when the
        source gives one (None otherwise; then pass ``--safe-radius-m`` to the Monte Carlo).
    """

    name: str
    lat_deg: float
    lon_deg: float
    source: str
    note: str = ""
    safe_radius_m: float | None = None


SITES: dict[str, LandingSite] = {
    s.name: s
    for s in (
        LandingSite(
            "connecting_ridge",
            -89.45,
            222.69,
            "Gläser et al. 2014, Icarus 243:78-90",
            "Shackleton-de Gerlache connecting ridge; 92.27 % illumination at 2 m",
        ),
        LandingSite(
            "bussey2010_most_illuminated",
            -88.74,
            124.5,
            "Bussey et al. 2010, Icarus 208:558-564, doi:10.1016/j.icarus.2010.03.028",
            "most illuminated place in 2020 (86 %), 'close to the rim of Shackleton crater' (Kaguya "
            "topography)",
        ),
    )
}

#: Short names accepted on the command line (e.g. ``ridge`` for the connecting ridge).
ALIASES: dict[str, str] = {"ridge": "connecting_ridge"}


def site_names() -> list[str]:
    """Every name :func:`get_site` accepts (sites, then aliases)."""
    return list(SITES) + [f"{a} (= {t})" for a, t in ALIASES.items()]


def get_site(name: str, where: str = "landing.site") -> LandingSite:
    """The named site; InputError listing the known names otherwise."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in SITES:
        raise InputError(
            where,
            name,
            "a named landing site: " + ", ".join(site_names())
            + " (or vary landing.lat_deg / landing.lon_deg directly)",
        )
    return SITES[key]
