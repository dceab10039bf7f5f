"""Physical ranges every figure of summary.json must respect: a figure outside its range is an
internal error (a defect of lupex, reported as such), never a result.

The ranges live on the summary models (:mod:`lupex.scenario.summaries`): each field helper gives
its figure a :class:`~lupex.scenario.summaries._base.Range` (a fraction 0 to 1, a duration 0 or
more, ...), and a free-form block gives ranges to its known keys. This module walks a summary
section by section alongside its model(s) (:data:`SECTION_MODELS`, into nested models, lists and
dicts) and checks every number against its field's range; a range applies to each number of a
list or dict field (per-agency contact fractions, yearly fractions). Only top-level entries that
have no model (:data:`UNMODELLED_RULES`, e.g. the work split's agency masses) keep an explicit
rule here. Booleans and ``None`` (not modelled) are skipped; a NaN or an infinity where a range
applies is out of range. Keys that are no field of the model are not checked here (the models
refuse them when a section is built or read).

Why pydantic does not enforce the ranges (``ge``/``le``) at construction: the adapters build
their section from the model, so a violation would raise a pydantic ValidationError from inside a
stage, located relative to the model (``sun_fraction``, not ``landing.sun_fraction``), for the
first model only and one stage at a time, and reading a summary back (report, sweeps) would fail
the same way. Checking the finished summary here instead keeps one clean error path: every
out-of-range figure, by its full key path, value and range, in one :class:`InternalError`.
"""

from __future__ import annotations

import math
import typing
from fnmatch import fnmatchcase

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lupex.errors import InternalError
from lupex.scenario.summaries import SECTION_MODELS
from lupex.scenario.summaries._base import (MASS, Range, field_key_ranges, field_range,
                                            nested_model)

#: (pattern on the dotted key path, range) for top-level entries that have no model; none of
#: them may name a modelled section (the model is the one source of its ranges).
UNMODELLED_RULES: tuple[tuple[str, Range], ...] = (
    ("work_split.*.mass_kg", MASS),
)


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def section_fields(models: typing.Iterable[type[BaseModel]]) -> dict[str, FieldInfo]:
    """The fields of a section's models by key (the first model that has a key gives it)."""
    fields: dict[str, FieldInfo] = {}
    for model in models:
        for name, f in model.model_fields.items():
            fields.setdefault(name, f)
    return fields


def _leaves(d: dict, prefix: str = ""):
    """(dotted key path, number) of the numbers of nested dicts (lists are not entered)."""
    for k, v in d.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _leaves(v, path + ".")
        elif _number(v):
            yield path, float(v)


def _report(path: str, value, rng: Range | None, out: list[str]) -> None:
    if rng is not None and _number(value) and not rng.holds(float(value)):
        out.append(f"{path} = {float(value)!r} (expected {rng.what})")


def _check_value(value, field: FieldInfo, path: str, out: list[str]) -> None:
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, field, f"{path}[{i}]", out)
        return
    inner = nested_model(field.annotation)
    if isinstance(value, dict) and inner is not None:
        _check_fields(value, inner.model_fields, path, out)
    elif isinstance(value, dict):
        keys, rng = field_key_ranges(field), field_range(field)
        for sub, v in _leaves(value):
            if keys:
                rng = next((r for p, r in keys.items() if fnmatchcase(sub, p)), None)
            _report(f"{path}.{sub}", v, rng, out)
    else:
        _report(path, value, field_range(field), out)


def _check_fields(data: dict, fields: dict[str, FieldInfo], path: str, out: list[str]) -> None:
    for key, value in data.items():
        if key in fields:
            _check_value(value, fields[key], f"{path}.{key}", out)


def out_of_range(summary: dict) -> list[str]:
    """Every figure of ``summary`` outside its physical range, as 'path = value (expected ...)'."""
    problems: list[str] = []
    for top, section in summary.items():
        if not isinstance(section, dict):
            continue
        if top in SECTION_MODELS:
            _check_fields(section, section_fields(SECTION_MODELS[top]), top, problems)
            continue
        for path, value in _leaves(section, top + "."):
            rng = next((r for p, r in UNMODELLED_RULES if fnmatchcase(path, p)), None)
            _report(path, value, rng, problems)
    return problems


def check_summary(summary: dict) -> None:
    """Raise InternalError when any figure of ``summary`` is outside its physical range."""
    problems = out_of_range(summary)
    if problems:
        raise InternalError("a computed figure is outside its physical range: "
                            + "; ".join(problems))
