"""[operations]: who talks to the spacecraft on the surface -- ground stations per agency, the
operators of the lander and the rover, cross-support, the rover's downlink and its data need."""

from typing import Literal

from pydantic import Field

from lupex.scenario.sections._base import Section

Agency = Literal["ISRO", "JAXA", "NASA", "ESA"]


class OperationsSection(Section):
    stations: dict[Agency, list[str]] = Field(
        default_factory=dict,
        description=(
            "Stations each agency uses, by station id (lupex/operations/data/stations.toml); "
            "an agency left out uses all of its active stations. E.g. { JAXA = [\"MDSS\", "
            "\"USC34\"] }."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    lander_operator: Agency = Field(
        "ISRO",
        description=(
            "Agency that operates the lander: ISRO, from its Indian Deep Space Network (the "
            "ISRO/JAXA LUPEX work split)."
        ),
        json_schema_extra={"unit": "", "source": "the ISRO/JAXA LUPEX work split"},
    )
    rover_operator: Agency = Field(
        "JAXA",
        description=(
            "Agency that operates the rover: JAXA (the ISRO/JAXA LUPEX work split)."
        ),
        json_schema_extra={"unit": "", "source": "the ISRO/JAXA LUPEX work split"},
    )
    cross_support: bool = Field(
        False,
        description=(
            "Whether the rover may also downlink through the other agencies' stations (NASA "
            "DSN, ESA Estrack, ISRO IDSN cross-support); a scenario choice, not a LUPEX "
            "agreement."
        ),
        json_schema_extra={"unit": "", "source": "scenario choice"},
    )
    rover_antenna: Literal["hga", "lga"] = Field(
        "hga",
        description=(
            "The rover's downlink antenna: the high-gain (steerable) or the low-gain antenna; "
            "their parameters are labelled assumptions in lupex.operations.link."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    science_data_gbit_per_site: float = Field(
        2.0, ge=0.0, le=10_000.0,
        description=(
            "Science data to downlink per drill site, Gbit. ASSUMPTION: images of the core "
            "and the drill site plus spectrometer and neutron data, of the order of VIPER's "
            "planned per-station volumes; LUPEX has not published a figure."
        ),
        json_schema_extra={"unit": "Gbit per site", "source": "assumption"},
    )
