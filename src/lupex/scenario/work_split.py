"""The ISRO/JAXA work split: elements with owner and mass, mass budget, phase responsibilities.

The packaged table (``lupex/data/work_split.toml``) cites its sources; instrument masses there are
analogue estimates (not published by the agencies) and carry ``basis = "estimate"``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from lupex.errors import Infeasibility
from lupex.timeline import PHASES

AGENCIES: tuple[str, ...] = ("ISRO", "JAXA", "NASA", "ESA")


@dataclass(frozen=True)
class Element:
    """A mission element. mass_kg in kg; carried_by names the host for hosted instruments."""

    name: str
    label: str
    owner: str
    category: str
    mass_kg: float
    basis: str
    carried_by: str | None = None


@dataclass(frozen=True)
class WorkSplit:
    elements: tuple[Element, ...]
    phase_lead: dict
    phase_support: dict
    infeasibilities: tuple[Infeasibility, ...] = ()

    def element(self, name: str) -> Element:
        for e in self.elements:
            if e.name == name:
                return e
        raise KeyError(name)

    def mass_budget(self) -> dict:
        """Agency -> {mass_kg (spacecraft and instruments), launch_vehicle_kg, elements}.

        Hosted instruments count for their owner; their host (rover/lander) counts only its own
        bus, so the agencies' spacecraft masses add up to the stack mass.
        """
        out = {a: {"mass_kg": 0.0, "launch_vehicle_kg": 0.0, "elements": []} for a in AGENCIES}
        for e in self.elements:
            row = out[e.owner]
            if e.category == "launch_vehicle":
                row["launch_vehicle_kg"] += e.mass_kg
            else:
                row["mass_kg"] += self.own_mass_kg(e)
            row["elements"].append(e.name)
        for row in out.values():
            row["mass_kg"] = round(row["mass_kg"], 3)
        return out

    def own_mass_kg(self, e: Element) -> float:
        """Mass of an element excluding the instruments it hosts, kg."""
        hosted = sum(x.mass_kg for x in self.elements if x.carried_by == e.name)
        return e.mass_kg - hosted

    def stack_mass_kg(self) -> float:
        """Sum of spacecraft (non launch-vehicle, non hosted) element masses, kg."""
        return sum(
            e.mass_kg for e in self.elements if e.category == "spacecraft" and e.carried_by is None
        )

    def responsibility_matrix(self) -> dict:
        """Phase -> {agency: "lead" | "support" | ""} for every phase and agency."""
        out = {}
        for p in PHASES:
            row = {a: "" for a in AGENCIES}
            for a in self.phase_support.get(p, ()):
                row[a] = "support"
            row[self.phase_lead[p]] = "lead"
            out[p] = row
        return out

    def owner_of_phase(self, phase: str) -> str:
        return self.phase_lead[phase]

    def to_dict(self) -> dict:
        budget = self.mass_budget()
        return {
            "agencies": budget,
            "elements": [
                {
                    "name": e.name,
                    "label": e.label,
                    "owner": e.owner,
                    "category": e.category,
                    "mass_kg": e.mass_kg,
                    "own_mass_kg": round(self.own_mass_kg(e), 3),
                    "carried_by": e.carried_by,
                    "basis": e.basis,
                }
                for e in self.elements
            ],
            "responsibility_matrix": self.responsibility_matrix(),
        }


def packaged_table() -> dict:
    """The packaged work-split table as parsed TOML."""
    text = resources.files("lupex.data").joinpath("work_split.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_work_split(
    *,
    stack_mass_kg: float,
    rover_mass_kg: float,
    tli_by_upper_stage: bool = True,
    element_overrides: dict | None = None,
    phase_overrides: dict | None = None,
) -> WorkSplit:
    """Resolve the packaged table with the scenario's masses and overrides.

    stack_mass_kg: separated stack (lander wet + rover + hosted instruments), kg.
    rover_mass_kg: rover including hosted instruments, kg.
    element_overrides: name -> {label, owner, category, carried_by, mass_kg} (partial).
    phase_overrides: phase -> {lead, support}.
    A stack too light to hold the rover and instruments is an infeasibility, reported not raised.
    """
    table = packaged_table()
    raw = {k: dict(v) for k, v in table["elements"].items()}
    for name, ov in (element_overrides or {}).items():
        base = raw.setdefault(
            name, {"label": name, "category": "instrument", "basis": "scenario"}
        )
        for k, v in ov.items():
            if v is not None:
                base[k] = v
                if k == "mass_kg":
                    base["basis"] = "scenario"
        if "owner" not in base:
            base["owner"] = "ISRO"
    raw["rover"]["mass_kg"] = float(rover_mass_kg)
    hosted_on_lander = sum(
        float(v["mass_kg"]) for v in raw.values() if v.get("carried_by") == "lander"
    )
    lander_override = (element_overrides or {}).get("lander", {}) or {}
    infeasible: list[Infeasibility] = []
    if lander_override.get("mass_kg") is None:
        lander = stack_mass_kg - rover_mass_kg
        raw["lander"]["mass_kg"] = lander
        raw["lander"]["basis"] = "derived: stack - rover"
        if lander <= hosted_on_lander:
            infeasible.append(
                Infeasibility(
                    stage="work_split",
                    quantity="lander mass",
                    shortfall=round(hosted_on_lander - lander, 3),
                    unit="kg",
                    detail=(
                        f"stack {stack_mass_kg:.0f} kg leaves {lander:.0f} kg for the lander after "
                        f"the {rover_mass_kg:.0f} kg rover"
                    ),
                )
            )
    elements = tuple(
        Element(
            name=name,
            label=str(v.get("label", name)),
            owner=str(v["owner"]),
            category=str(v.get("category", "instrument")),
            mass_kg=float(v["mass_kg"]),
            basis=str(v.get("basis", "")),
            carried_by=v.get("carried_by"),
        )
        for name, v in raw.items()
    )
    lead = {p: table["phases"][p]["lead"] for p in PHASES}
    support = {p: tuple(table["phases"][p].get("support", ())) for p in PHASES}
    if not tli_by_upper_stage:
        lead["tli"], support["tli"] = "ISRO", ("JAXA",)
    for p, ov in (phase_overrides or {}).items():
        lead[p] = ov["lead"]
        support[p] = tuple(ov.get("support", ()))
    return WorkSplit(elements, lead, support, tuple(infeasible))
