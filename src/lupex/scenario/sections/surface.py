"""[surface]: surface operations."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class SurfaceSection(Section):
    # Planned LUPEX surface mission ≈ 100 days (JAXA LUPEX overview; ISRO statements).
    duration_days: float = Field(100.0, gt=0.0, le=3650.0)
