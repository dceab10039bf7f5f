"""[mission]: the scenario's name and description."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class MissionSection(Section):
    name: str = Field("LUPEX baseline", min_length=1, max_length=200)
    description: str = ""
