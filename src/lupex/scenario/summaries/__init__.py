"""Typed stage sections of ``summary.json``: one model per section, the single producer of it.

Each stage adapter (:mod:`lupex.scenario.stages`) builds its section as one of these models and
writes :meth:`SummarySection.to_json` into its ``StageResult.summary``; the report validates a
section back into its model (:func:`section_model`) and reads attributes. The README's
"``summary.json`` (contract, schema_version 1)" table is tested against these fields.

Models are pydantic v2 (as the scenario schema), frozen, and forbid unknown keys. Every key is a
typed field whose description gives its unit (or the unit is in the key's name: ``_kg``, ``_m_s``,
``_deg``, ``_km``, ``_h``, ``_days``, ``_utc`` for ISO 8601 UTC epochs ending in ``Z``). Keys a
stage writes only in some runs (e.g. ``tli_burn_s`` only when the launcher's upper stage performs
TLI) default to None and are left out of the JSON when the stage did not set them, so the file
is key-for-key what the stage wrote. Large, free-form nested blocks stay ``dict`` typed (each
says so in its description): their keys follow the library object that writes them.
"""

from __future__ import annotations

from pydantic import ValidationError

from lupex.scenario.summaries._base import Block, SummarySection
from lupex.scenario.summaries.communications import CommunicationsSummary, Station
from lupex.scenario.summaries.landing import (IceRegionMaps, LandingIce, LandingSummary,
                                              LandingTerrain, LandingYears, Touchdown)
from lupex.scenario.summaries.launch import InjectionOrbit, LaunchSummary, PublishedReference
from lupex.scenario.summaries.surface import EnergyWh, SurfaceSummary, SurfaceTerrain
from lupex.scenario.summaries.transfer import DvRow, TransferFailedSummary, TransferSummary

#: Section name -> its model(s), in flight order (the transfer has a failed-targeting form).
SECTION_MODELS: dict[str, tuple[type[SummarySection], ...]] = {
    "launch": (LaunchSummary,),
    "transfer": (TransferSummary, TransferFailedSummary),
    "landing": (LandingSummary,),
    "surface": (SurfaceSummary,),
    "communications": (CommunicationsSummary,),
}


def section_model(stage: str, data: dict) -> SummarySection:
    """Validate a ``summary.json`` stage section into its model; raises pydantic's
    ValidationError (of the first model) when it fits none, KeyError for an unknown stage."""
    first = None
    for model in SECTION_MODELS[stage]:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            first = first or exc
    raise first


__all__ = [
    "Block", "CommunicationsSummary", "DvRow", "EnergyWh", "InjectionOrbit", "IceRegionMaps",
    "LandingIce", "LandingSummary", "LandingTerrain", "LandingYears", "LaunchSummary",
    "PublishedReference", "SECTION_MODELS", "Station", "SummarySection", "SurfaceSummary",
    "SurfaceTerrain", "Touchdown", "TransferFailedSummary", "TransferSummary", "section_model",
]
