"""Captions for the figures lupex writes, with the sources of their background data.

A figure's caption is found, in this order:

1. ``captions.json`` in the figure's directory: ``{"file_name.png": "caption text", ...}`` — a stage
   that writes an unusual plot can describe it there;
2. :data:`CAPTIONS`: the first ``(stage, pattern, caption)`` whose stage matches the figure's
   directory ("" = the output directory itself, "*" = any) and whose :mod:`fnmatch` pattern
   matches the file name (case-insensitive);
3. the file name, humanised ("sun_elevation_2028.png" -> "Sun elevation 2028").

Sources named here: JPL DE421 planetary ephemeris (Folkner et al. 2008, JPL IOM 343R-08-003),
the DE421 lunar principal-axes kernel, and NASA PDS LRO LOLA GDR topography (Smith et al. 2010,
Space Sci. Rev. 150:209; public domain). Agency colours: Okabe & Ito (2008) palette.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

DE421 = "Ephemeris: JPL DE421"
DE421_MOON = (
    "Sun and Earth directions: JPL DE421, Moon orientation from the DE421 lunar principal-axes "
    "kernel (MOON_ME frame)"
)
H3 = (
    "Vehicle data: JAXA's published H3 figures, stage propellant loads estimated from flown "
    "timelines (sources in lupex.launch)"
)
LOLA = "Terrain: NASA PDS LRO LOLA GDR (public domain)"
AGENCIES = (
    "Colours by agency (ISRO orange, JAXA blue, NASA green, ESA purple; Okabe & Ito "
    "colour-blind-safe palette)"
)

#: (stage directory or "" or "*", file-name pattern, caption). First match wins; the order is
#: also the display order within a stage.
CAPTIONS: tuple[tuple[str, str, str], ...] = (
    # mission level (the run's output directory)
    ("", "timeline_gantt.png",
     "Mission timeline: each phase runs from its first event to the next phase's first event and "
     f"is coloured by the agency that leads it. Epochs in UTC. {AGENCIES}."),
    ("", "mass_budget.png",
     "Spacecraft mass delivered to the Moon by supplying agency (instruments count for their "
     "owner, not their host). Instrument masses are analogue estimates, not published figures. "
     f"{AGENCIES}."),
    # launch
    ("launch", "*ascent*",
     "H3 ascent from Tanegashima: time histories of the 3-DOF simulation over a rotating oblate "
     f"Earth, staging events marked. {H3}."),
    ("launch", "*ground*track*",
     "Ground track of the ascent from Tanegashima (latitude and east longitude in degrees)."),
    ("launch", "*c3*",
     "H3 payload against launch energy C3 (km²/s²); lunar transfer needs C3 ≈ −2 km²/s². "
     f"{H3}."),
    ("launch", "*payload*",
     f"H3 payload performance. {H3}."),
    ("launch", "*window*",
     "Daily lunar launch windows from Tanegashima within the range-safety azimuth sector. "
     f"{DE421}."),
    # transfer
    ("transfer", "*rotating*",
     f"Earth–Moon transfer in the rotating Earth–Moon frame (x axis towards the Moon). {DE421}."),
    ("transfer", "*arrival*",
     f"Arrival at the Moon in a Moon-centred frame: the approach and the lunar orbit. {DE421}."),
    ("transfer", "*moon*",
     f"Trajectory near the Moon in a Moon-centred frame. {DE421}."),
    ("transfer", "*earth*",
     f"Earth–Moon transfer in an Earth-centred inertial frame (ICRF axes). {DE421}."),
    ("transfer", "*inertial*",
     f"Earth–Moon transfer in an Earth-centred inertial frame (ICRF axes). {DE421}."),
    ("transfer", "*dv*",
     "Δv budget by manoeuvre (m/s), with the propellant it takes by the rocket equation."),
    ("transfer", "*delta*v*",
     "Δv budget by manoeuvre (m/s), with the propellant it takes by the rocket equation."),
    ("transfer", "*sweep*",
     f"Launch-date sweep: TLI Δv, time of flight, total lander Δv and the Sun's elevation at the "
     f"landing site at landing, for each launch day. {DE421}."),
    ("transfer", "*descent*",
     "Powered descent to touchdown at the landing site: altitude and speed against time."),
    # landing site
    ("landing", "ice_maps*",
     "Regolith temperatures and water ice around the landing site: annual peak and mean surface "
     "temperature, depth of stable ice (blank: none within 2 m) and ice within the drill's reach, "
     "from a 1-D regolith model (Hayne et al. 2017 properties) run in every map cell under its "
     "direct sunlight on the grid-scale slope; ice stable where free sublimation stays under "
     "1 kg/m²/Gyr (Siegler et al. 2016); no heat from surrounding terrain. "
     f"{LOLA}. {DE421_MOON}."),
    ("landing", "ice_profile*",
     "Regolith temperature against depth at the landing point over the period (peak, mean and "
     "minimum), with the top of stable water ice where there is one, from the same 1-D model. "
     f"{LOLA}. {DE421_MOON}."),
    ("landing", "*illumination*",
     "Mean illumination: the fraction of the time the Sun's disk is visible above the local "
     "horizon, with permanently shadowed regions (cells never lit over the period) marked where "
     f"there are any. {LOLA}. {DE421_MOON}."),
    ("landing", "*psr*",
     f"Permanently shadowed regions: cells never lit over the period. {LOLA}. {DE421_MOON}."),
    ("landing", "*sun*horizon*",
     "The Sun's elevation against the terrain horizon beneath it at the landing site over the "
     f"period, and the visible part of its disk. {LOLA}. {DE421_MOON}."),
    ("landing", "*horizon*",
     "Horizon of the landing site (terrain elevation angle against azimuth) with the Sun's and "
     f"Earth's paths over a year. {LOLA}. {DE421_MOON}."),
    ("landing", "*sun*elev*",
     f"Sun elevation above the local horizon at the landing site over time. {LOLA}. {DE421_MOON}."),
    ("landing", "*earth*",
     f"Earth visibility from the landing site (direct-to-Earth contact). {LOLA}. {DE421_MOON}."),
    ("landing", "*safe*",
     f"Safe-landing area: cells whose slope is within the scenario's slope limit. {LOLA}."),
    ("landing", "*slope*",
     f"Slope in degrees at the terrain's resolution, with the area within the scenario's slope "
     f"limit. {LOLA}."),
    ("landing", "*rank*",
     "Candidate landing sites ranked by illumination, longest darkness, Earth visibility, slope "
     f"and distance to the nearest permanently shadowed region. {LOLA}. {DE421_MOON}."),
    ("landing", "*hillshade*",
     f"Hillshade of the terrain around the landing site. {LOLA}."),
    ("landing", "*polar_overview*",
     "Polar overview out to 80° latitude on the native grid of the finest product covering the "
     "cap (1.6 km for the shipped south-polar layer): mean visible Sun fraction over a hillshade, "
     "permanently shadowed regions (cells never lit over the period at this grid and time step), "
     "published candidate landing sites and the run's site with its best-ranked cells. Computed "
     "at a coarser time step and with fewer azimuths than the site (both given in the figure's "
     f"title), with the run's PSR near-field policy. {LOLA}. {DE421_MOON}."),
    ("landing", "*region_map*",
     "Regional map around the landing site on the native grid of the finest product there: "
     "hillshade with height contours, axes in km (polar stereographic) with a latitude/longitude "
     "graticule, the run's permanently shadowed regions (the PSR search's mask, area and nearest "
     f"distance as in the summary) and the best-ranked cells. {LOLA}."),
    # rover / surface operations
    ("surface", "*route*",
     "Rover traverse over a hillshade with the illumination map; waypoints numbered. "
     f"{LOLA}, with any modelled small-scale detail labelled in the plot. {DE421_MOON}."),
    ("surface", "*traverse*",
     "Rover traverse over the terrain; waypoints numbered. "
     f"{LOLA}, with any modelled small-scale detail labelled in the plot. {DE421_MOON}."),
    ("surface", "*profile*",
     "Elevation and slope along the rover's route, against distance driven."),
    ("surface", "*charge*",
     "Battery state of charge along the plan, with the minimum allowed charge. Solar input from "
     f"the Sun's elevation behind the local horizon. {LOLA}. {DE421_MOON}."),
    ("surface", "*soc*",
     "Battery state of charge along the plan, with the minimum allowed charge. Solar input from "
     f"the Sun's elevation behind the local horizon. {LOLA}. {DE421_MOON}."),
    ("surface", "*energy*",
     f"Rover energy balance: solar input, loads and battery. {LOLA}. {DE421_MOON}."),
    ("surface", "*activit*",
     "Surface activity timeline: drive, wait, charge, drill and hibernate, in UTC."),
    ("surface", "*timeline*",
     "Surface activity timeline: drive, wait, charge, drill and hibernate, in UTC."),
    # communications
    ("communications", "*contact*",
     "Direct-to-Earth contact over the surface mission: the Sun and the Earth above the landing "
     "site's terrain horizon, and each agency's passes (the Earth above the horizon AND the Moon "
     "above one of the agency's stations' elevation masks; stations from lupex's station table, "
     f"each with its source). {LOLA}. {DE421_MOON}; stations on the ITRS Earth. {AGENCIES}."),
)


def humanise(name: str) -> str:
    """'sun_elevation-2028.png' -> 'Sun elevation 2028'; 'tli_dv_m_s' -> 'Tli dv m s'."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    text = re.sub(r"[_\-]+", " ", stem).strip()
    return text[:1].upper() + text[1:] if text else name


def _sidecar(directory: Path) -> dict:
    p = directory / "captions.json"
    if not p.is_file():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def registry_index(stage: str, file_name: str) -> int | None:
    """Index of the first :data:`CAPTIONS` entry matching (stage, file name), or None."""
    low = file_name.lower()
    for i, (st, pattern, _) in enumerate(CAPTIONS):
        if st not in ("*", stage):
            continue
        if fnmatch.fnmatchcase(low, pattern.lower()):
            return i
    return None


def caption_for(path: Path, out_dir: Path) -> tuple[str, str]:
    """(caption, origin) for the figure ``path`` inside ``out_dir``.

    origin is "captions.json", "registry" or "file name" (the humanised fallback).
    """
    rel = path.relative_to(out_dir)
    stage = rel.parts[0] if len(rel.parts) > 1 else ""
    side = _sidecar(path.parent)
    if path.name in side:
        return side[path.name], "captions.json"
    i = registry_index(stage, path.name)
    if i is not None:
        return CAPTIONS[i][2], "registry"
    return humanise(path.name), "file name"
