"""What each scenario key means: its value, default, unit and source, from the schema itself.

Every field of the scenario sections carries a ``description`` and a ``unit`` and ``source`` in
its JSON-schema extras (``lupex/scenario/sections``); :func:`explain` lists them for a loaded
scenario, and ``lupex check FILE --explain`` prints the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from lupex.scenario.schema import Scenario


@dataclass(frozen=True)
class FieldExplanation:
    """One scenario key: ``key`` is ``section.name``; ``set_in_file`` whether the file gave it."""

    key: str
    value: object
    default: object
    unit: str
    source: str
    description: str
    set_in_file: bool


def _default(info):
    if info.default_factory is not None:
        return info.default_factory()
    return info.default


def _plain(value):
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def explain(scenario: Scenario) -> list[FieldExplanation]:
    """Every key of every section of ``scenario``, in schema order."""
    rows = []
    for section_name in Scenario.model_fields:
        section = getattr(scenario, section_name)
        for name, info in type(section).model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            rows.append(FieldExplanation(
                key=f"{section_name}.{name}",
                value=_plain(getattr(section, name)),
                default=_plain(_default(info)),
                unit=str(extra.get("unit", "")),
                source=str(extra.get("source", "")),
                description=info.description or "",
                set_in_file=name in section.model_fields_set,
            ))
    return rows


def format_explanation(rows: list[FieldExplanation], width: int = 100) -> str:
    """Plain text: per section, each key with value, default, unit and source, then its meaning."""
    import json
    import textwrap

    out = []
    section = None
    for r in rows:
        sec, name = r.key.split(".", 1)
        if sec != section:
            if section is not None:
                out.append("")
            out.append(f"[{sec}]")
            section = sec
        value = json.dumps(r.value, ensure_ascii=False)
        default = json.dumps(r.default, ensure_ascii=False)
        state = "set in the file" if r.set_in_file else "default"
        out.append(f"  {name} = {value}   ({state})")
        out.append(f"      default {default}; unit {r.unit or '-'}; source: {r.source or '-'}")
        if r.description:
            out += textwrap.wrap(r.description, width=width, initial_indent="      ",
                                 subsequent_indent="      ")
    return "\n".join(out) + "\n"
