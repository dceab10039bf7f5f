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

from lupex.transfer.mission import PROPELLANT_COMPOSITION_TOLERANCE_KG as TOL_KG


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
