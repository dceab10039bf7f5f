"""[mission]: the scenario's name and description."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class MissionSection(Section):
    name: str = Field("LUPEX baseline", min_length=1, max_length=200,
                      description="The scenario's name, shown in the report and summary.json.",
                      json_schema_extra={"unit": "", "source": "scenario choice"})
    description: str = Field("", description="Free text describing the scenario.",
                             json_schema_extra={"unit": "", "source": "scenario choice"})
