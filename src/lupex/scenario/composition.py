"""The separated stack must add up: lander dry + loaded propellant = stack, with the rover and the
lander-hosted instruments inside the lander dry mass and the rover-hosted instruments inside the
rover.

Masses (kg), from the scenario: ``[spacecraft] stack_mass_kg`` (separated stack, wet),
``lander_dry_mass_kg`` (everything but usable propellant: lander bus, rover, instruments),
``lander_propellant_kg`` (loaded propellant; when left out it is the rest of the stack),
``lander_propellant_capacity_kg`` (tanks), ``[rover] mass_kg`` (rover with the instruments it
hosts), and the instrument masses of the work-split table with the scenario's overrides.
"""

from __future__ import annotations

import difflib

from lupex.transfer.mission import PROPELLANT_COMPOSITION_TOLERANCE_KG as TOL_KG

#: What a scenario must give to add an element the packaged work split does not have.
NEW_ELEMENT_KEYS = ("label", "owner", "category", "mass_kg")


def _hosted_masses_kg(scenario) -> dict[str, float]:
    """Host ('rover', 'lander') -> sum of the instrument masses it carries, kg."""
    from lupex.scenario.work_split import packaged_table

    raw = {k: dict(v) for k, v in packaged_table()["elements"].items()}
    for name, ov in scenario.work_split.elements.items():
        base = raw.setdefault(name, {"category": "instrument"})
        for k, v in ov.model_dump().items():
            if v is not None:
                base[k] = v
    out = {"rover": 0.0, "lander": 0.0}
    for v in raw.values():
        host = v.get("carried_by")
        if host in out and isinstance(v.get("mass_kg"), (int, float)):
            out[host] += float(v["mass_kg"])
    return out


def composition_problems(scenario) -> list[str]:
    """Each way the scenario's stack does not add up, as one sentence naming the keys."""
    sc = scenario.spacecraft
    stack, dry, cap = sc.stack_mass_kg, sc.lander_dry_mass_kg, sc.lander_propellant_capacity_kg
    rover = scenario.rover.mass_kg
    hosted = _hosted_masses_kg(scenario)
    problems = []
    if sc.lander_propellant_kg is not None:
        prop = sc.lander_propellant_kg
        if abs(dry + prop - stack) > TOL_KG:
            problems.append(
                f"spacecraft.stack_mass_kg = {stack:g} is not allowed: it must equal "
                f"spacecraft.lander_dry_mass_kg + spacecraft.lander_propellant_kg = {dry:g} + "
                f"{prop:g} = {dry + prop:g} kg (leave lander_propellant_kg out to load the rest "
                "of the stack as propellant)")
    else:
        prop = stack - dry
        if prop <= 0.0:
            problems.append(
                f"spacecraft.stack_mass_kg = {stack:g} is not allowed: it must be more than "
                f"spacecraft.lander_dry_mass_kg = {dry:g} kg (the dry mass includes the rover and "
                "instruments; the rest of the stack is the propellant)")
    if prop > cap + TOL_KG:
        problems.append(
            f"spacecraft.stack_mass_kg = {stack:g} is not allowed with "
            f"spacecraft.lander_dry_mass_kg = {dry:g}: that is {prop:g} kg of propellant, more "
            f"than spacecraft.lander_propellant_capacity_kg = {cap:g} kg. Raise the dry mass or "
            "the tank capacity, or lower the stack")
    inside = rover + hosted["lander"]
    if inside >= dry:
        problems.append(
            f"rover.mass_kg = {rover:g} is not allowed with spacecraft.lander_dry_mass_kg = "
            f"{dry:g}: the lander dry mass includes the rover and the {hosted['lander']:g} kg of "
            f"lander-hosted instruments ({inside:g} kg), and must exceed them")
    if rover <= hosted["rover"]:
        problems.append(
            f"rover.mass_kg = {rover:g} is not allowed: the rover carries {hosted['rover']:g} kg "
            "of instruments (work_split elements carried_by = \"rover\"), so it must weigh more")
    return problems


def work_split_problems(scenario) -> list[str]:
    """Element overrides that name no packaged element and do not declare a new one in full
    (a misspelt name would otherwise add an element and its mass), with the nearest name."""
    from lupex.scenario.work_split import packaged_table

    known = list(packaged_table()["elements"])
    problems = []
    derived = {
        "rover": "the rover's mass is [rover] mass_kg (it includes the instruments it hosts)",
        "lander": ("the lander's mass follows from [spacecraft] stack_mass_kg minus the rover; "
                   "set [spacecraft] stack_mass_kg, lander_dry_mass_kg or lander_propellant_kg"),
    }
    for name, why in derived.items():
        ov = scenario.work_split.elements.get(name)
        if ov is not None and ov.mass_kg is not None:
            problems.append(f"work_split.elements.{name}.mass_kg = {ov.mass_kg:g} is not "
                            f"allowed: {why}")
    for name, ov in scenario.work_split.elements.items():
        if name in known:
            continue
        missing = [k for k in NEW_ELEMENT_KEYS if getattr(ov, k) is None]
        if not missing:
            continue
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        problems.append(
            f"work_split.elements.{name} is not allowed: no element of the work split is called "
            f"'{name}'{hint}; known elements: {', '.join(known)}. A new element must give "
            f"{', '.join(NEW_ELEMENT_KEYS)} (missing: {', '.join(missing)})")
    return problems
