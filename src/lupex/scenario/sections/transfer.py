"""[transfer]: Earth-Moon transfer type, lunar arrival targets, lunar orbit and descent choices."""

from typing import Literal

from pydantic import Field

from lupex.scenario.sections._base import Section


class TransferSection(Section):
    type: Literal["direct", "phasing"] = Field(
        "direct",
        description=(
            "\"direct\" (default) or \"phasing\" (Chandrayaan-3-like perigee-raising loops before "
            "TLI). A low-energy (SLIM-like, Sun-perturbed) transfer is not modelled yet."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    time_of_flight_days: float = Field(
        4.5, ge=2.5, le=8.0,
        description=(
            "TLI to perilune; direct transfers take 3-6 days (Apollo ≈ 3 days; Chandrayaan-3 "
            "≈ 4.8 days from TLI on 2023-08-01 to LOI on 2023-08-05, ISRO)."
        ),
        json_schema_extra={"unit": "d", "source": "Apollo ≈ 3 days; Chandrayaan-3 ≈ 4.8 days TLI to LOI (ISRO, 2023)"},
    )
    perilune_altitude_km: float = Field(
        100.0, gt=10.0, le=10_000.0,
        description=(
            "Perilune altitude targeted at arrival, km (100 km: the LUPEX/Chandrayaan-3 "
            "circular orbit)."
        ),
        json_schema_extra={"unit": "km", "source": "lupex convention"},
    )
    lunar_inclination_deg: float = Field(
        90.0, ge=0.0, le=180.0,
        description=(
            "Polar lunar orbit to reach the south pole (inclination in the Moon's frame)."
        ),
        json_schema_extra={"unit": "deg", "source": "lupex convention"},
    )
    parking_coast_min: float = Field(
        45.0, ge=0.0, le=1440.0,
        description=(
            "Coast in the parking orbit from injection to TLI, min. ASSUMPTION: about half a "
            "parking orbit; the targeting chooses the plane's node (launch time within the "
            "day) to suit."
        ),
        json_schema_extra={"unit": "min", "source": "assumption"},
    )
    capture_apolune_altitude_km: float = Field(
        18_074.0, ge=50.0, le=60_000.0,
        description=(
            "LOI capture ellipse apolune, km: Chandrayaan-3's capture orbit was 164 × 18,074 "
            "km (ISRO press release, 5 Aug 2023) -- analogue."
        ),
        json_schema_extra={"unit": "km", "source": "ISRO press release, 5 Aug 2023"},
    )
    circular_orbit_altitude_km: float = Field(
        100.0, ge=15.0, le=5_000.0,
        description=(
            "Circular orbit before descent, km (Chandrayaan-3 and LUPEX plans: 100 km, ISRO "
            "2023; Chandrayaan-3 actually reached 153 × 163 km before lander separation, 16 "
            "Aug 2023)."
        ),
        json_schema_extra={"unit": "km", "source": "Chandrayaan-3 and LUPEX plans: 100 km (ISRO, 2023)"},
    )
    lowering_days: float = Field(
        2.0, ge=0.0, le=60.0,
        description=(
            "Days in the capture orbit before the lowering burns. ASSUMPTION (Chandrayaan-3 "
            "took 11 days, 5-16 Aug 2023, with four burns; LUPEX is assumed faster)."
        ),
        json_schema_extra={"unit": "d", "source": "assumption (Chandrayaan-3 took 11 days, ISRO 2023)"},
    )
    min_circular_orbit_days: float = Field(
        1.0, ge=0.0, le=60.0,
        description=(
            "Minimum days in the circular orbit before descent (checkout). ASSUMPTION."
        ),
        json_schema_extra={"unit": "d", "source": "assumption"},
    )
    landing_min_earth_elevation_deg: float | None = Field(
        2.0, ge=-10.0, le=10.0,
        description=(
            "Landing in direct-to-Earth contact: the landing pass is the first at which the "
            "Earth's centre stays at least this many degrees above the site's local horizontal "
            "for landing_earth_contact_days (null: no condition), deg. Chandrayaan-3 and SLIM "
            "landed in contact with Earth; the 2° margin over the terrain horizon is an "
            "ASSUMPTION. At the pole the Earth rises and sets with the libration in latitude "
            "(±6.7°, 27.2 days), so this can add up to ≈ 3 weeks in lunar orbit; the landing "
            "stage checks the Earth against the site's terrain."
        ),
        json_schema_extra={"unit": "deg", "source": "assumption"},
    )
    landing_earth_contact_days: float = Field(
        3.0, ge=0.0, le=10.0,
        description=(
            "How long after touchdown the Earth must stay above landing_min_earth_elevation_deg "
            "at the landing pass, days: 3 days for touchdown, egress (Pragyan rolled out ≈ 4 h "
            "after landing) and checkout. ASSUMPTION."
        ),
        json_schema_extra={"unit": "d", "source": "assumption"},
    )
    pdi_altitude_km: float = Field(
        30.0, ge=2.0, le=100.0,
        description=(
            "Powered-descent initiation altitude = descent-orbit perilune, km. Chandrayaan-3: "
            "30 km (ISRO, 23 Aug 2023 landing sequence: powered descent from 30 km)."
        ),
        json_schema_extra={"unit": "km", "source": "ISRO, 23 Aug 2023 Chandrayaan-3 landing sequence"},
    )
    tca_allowance_m_s: float = Field(
        50.0, ge=0.0, le=500.0,
        description=(
            "Trajectory-correction allowance, m/s. ASSUMPTION with margin: Apollo 11 budgeted "
            "120 ft/s (≈ 37 m/s, incl. a 19.7 ft/s evasive manoeuvre) for translunar "
            "midcourse corrections (Apollo 11 Flight Plan, Table 5-4)."
        ),
        json_schema_extra={"unit": "m / s", "source": "assumption"},
    )
    dv_margin_percent: float = Field(
        5.0, ge=0.0, le=50.0,
        description=(
            "Δv margin on the lander's deterministic Δv, % (5 %: common preliminary-design "
            "practice, Wertz & Larson, SMAD 3rd ed.)."
        ),
        json_schema_extra={"unit": "%", "source": "lupex convention"},
    )
