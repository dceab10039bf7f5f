"""Base of the summary models: frozen, unknown keys refused, JSON as the stage wrote it.

Field helpers also carry each figure's physical range (:class:`Range`, the constants below) as
field metadata (``json_schema_extra``): :mod:`lupex.scenario.invariants` reads them and checks a
finished ``summary.json`` against them. Pydantic does not enforce them at construction (see that
module for why).
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

#: A free-form JSON object (keys documented where the block is made, not typed here).
Block = dict[str, Any]


@dataclass(frozen=True)
class Range:
    """The physical range of a figure: ``lo <= value <= hi`` and finite; ``what`` in words."""

    lo: float
    hi: float
    what: str

    def holds(self, value: float) -> bool:
        return math.isfinite(value) and self.lo <= value <= self.hi

    def to_json(self) -> dict:
        """JSON-schema style: an unbounded end is None."""
        return {"minimum": self.lo if math.isfinite(self.lo) else None,
                "maximum": self.hi if math.isfinite(self.hi) else None, "meaning": self.what}

    @classmethod
    def from_json(cls, d: dict) -> Range:
        lo, hi = d["minimum"], d["maximum"]
        return cls(-math.inf if lo is None else lo, math.inf if hi is None else hi, d["meaning"])


def _at_least_0(what: str) -> Range:
    return Range(0.0, math.inf, what)


FRACTION = Range(0.0, 1.0, "a fraction, 0 to 1")
STATE_OF_CHARGE = Range(0.0, 1.0, "a state of charge, 0 to 1")
LATITUDE = Range(-90.0, 90.0, "a latitude, -90 to 90°")
ARG_LAT = Range(-360.0, 360.0, "an argument of latitude, -360 to 360°")
SLOPE = Range(0.0, 90.0, "a slope, 0 to 90°")
ELEVATION = Range(-90.0, 90.0, "an elevation, -90 to 90°")
INCLINATION = Range(0.0, 180.0, "an inclination, 0 to 180°")
PLANE_ANGLE = Range(0.0, 180.0, "an angle between two planes, 0 to 180°")
DV = _at_least_0("a Δv magnitude, 0 m/s or more")
SPEED = _at_least_0("a speed, 0 m/s or more")
DURATION_S = _at_least_0("a duration, 0 s or more")
DURATION_H = _at_least_0("a duration, 0 h or more")
DURATION_DAYS = _at_least_0("a duration, 0 days or more")
DISTANCE_KM = _at_least_0("a distance, 0 km or more")
LENGTH_M = _at_least_0("a length, 0 m or more")
AREA_KM2 = _at_least_0("an area, 0 km2 or more")
MASS = _at_least_0("a mass, 0 kg or more")
TEMPERATURE = _at_least_0("an absolute temperature, 0 K or more")
ENERGY_WH = _at_least_0("an energy, 0 Wh or more")
DATA_GBIT = _at_least_0("a data volume, 0 Gbit or more")
PRESSURE_KPA = _at_least_0("a pressure, 0 kPa or more")
COUNT = _at_least_0("a count, 0 or more")
MULTIPLE = _at_least_0("a multiple, 0 or more")


def _extra(within: Range | None, keys: dict[str, Range] | None) -> dict | None:
    extra = {}
    if within is not None:
        extra["range"] = within.to_json()
    if keys:
        extra["key_ranges"] = {k: r.to_json() for k, r in keys.items()}
    return extra or None


def _f(description: str, within: Range | None = None, *, keys: dict[str, Range] | None = None,
       **kw):
    """A field. ``within``: the physical range of its number (of each number of its list or
    dict). ``keys``: for a free-form block, ranges of its numbers by ``fnmatch`` pattern on their
    dotted key path inside the block (rows of a list of blocks alike)."""
    return Field(description=description, json_schema_extra=_extra(within, keys), **kw)


def _opt(description: str, within: Range | None = None):
    """A key written only in some runs: None and left out of the JSON when not set."""
    return _f(description, within, default=None)


def field_range(field: FieldInfo) -> Range | None:
    """The physical range a field's helper gave it, else None."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return Range.from_json(extra["range"]) if "range" in extra else None


def field_key_ranges(field: FieldInfo) -> dict[str, Range]:
    """Ranges of a free-form block's numbers by key pattern (empty when none)."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return {k: Range.from_json(v) for k, v in extra.get("key_ranges", {}).items()}


class SummarySection(BaseModel):
    """Base of every summary model: frozen, unknown keys refused, JSON as the stage wrote it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_json(self) -> dict:
        """The JSON-ready dict of this section (keys the producer did not set are left out)."""
        return self.model_dump(mode="json", exclude_unset=True)


def nested_model(annotation) -> type[BaseModel] | None:
    """The model inside a field's annotation (X, X | None, list[X]), else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None
