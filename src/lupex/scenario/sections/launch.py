"""[launch]: vehicle, launch site and date, parking orbit."""

import datetime as dt

from pydantic import Field, field_validator

from lupex.scenario.sections._base import Section


class LaunchSection(Section):
    vehicle: str = Field(
        "H3-24L",
        description=(
            "LUPEX launches on JAXA's H3 in the H3-24L configuration (JAXA LUPEX overview, "
            "2023; ISRO-JAXA implementing arrangement, 2024)."
        ),
        json_schema_extra={"unit": "", "source": "JAXA LUPEX overview, 2023; ISRO-JAXA implementing arrangement, 2024"},
    )
    site_name: str = Field(
        "Tanegashima Yoshinobu LP-2",
        description=(
            "Name of the launch site: Tanegashima Space Center, Yoshinobu Launch Complex LP-2 "
            "(JAXA TNSC)."
        ),
        json_schema_extra={"unit": "", "source": "JAXA TNSC"},
    )
    site_lat_deg: float = Field(
        30.40, ge=-90.0, le=90.0,
        description=(
            "Geodetic latitude of the launch pad, deg north: 30.40° for Yoshinobu LP-2 (JAXA "
            "TNSC)."
        ),
        json_schema_extra={"unit": "deg", "source": "JAXA TNSC"},
    )
    site_lon_deg: float = Field(
        130.97, ge=-180.0, le=360.0,
        description=(
            "Longitude of the launch pad, deg east: 130.97° for Yoshinobu LP-2 (JAXA TNSC)."
        ),
        json_schema_extra={"unit": "deg", "source": "JAXA TNSC"},
    )
    date: dt.date | dt.datetime = Field(
        dt.date(2028, 6, 15),
        description=(
            "LUPEX launch is planned for 2028 (JAXA/ISRO statements 2024–2025); the day is a "
            "scenario choice. A TOML date or date-time; an ISO 8601 string is also read as "
            "one (how sweep cases travel as JSON), the one place where a string is not "
            "rejected for a non-string key."
        ),
        json_schema_extra={"unit": "", "source": "JAXA/ISRO statements 2024–2025"},
    )
    parking_orbit_altitude_km: float = Field(
        200.0, gt=150.0, le=2000.0,
        description=(
            "Circular parking orbit altitude before TLI (typical H3 lunar profile "
            "assumption), km."
        ),
        json_schema_extra={"unit": "km", "source": "assumption"},
    )
    azimuth_deg: float | None = Field(
        None, ge=0.0, lt=360.0,
        description=(
            "Launch azimuth, degrees from north; None = chosen by the launch-window "
            "computation."
        ),
        json_schema_extra={"unit": "deg", "source": "computed by lupex's launch-window search when left out"},
    )
    tli_by_upper_stage: bool = Field(
        True,
        description=(
            "Whether the H3 second stage (LE-5B-3, restartable) performs trans-lunar "
            "injection."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    tli_c3_km2_s2: float = Field(
        -2.0, ge=-10.0, le=10.0,
        description=(
            "Escape energy the launcher must give the stack when it performs TLI, km²/s²: ≈ "
            "−2 km²/s² for a 4–5 day direct lunar transfer (Chandrayaan-3's 288 × 369,328 km "
            "TLI orbit gives −2.1, a 200 × 380,000–400,000 km orbit −2.03 to −1.93; SLIM was "
            "instead released into ≈ 600 × 100,000 km and used a lunar swing-by)."
        ),
        json_schema_extra={"unit": "km2 / s2", "source": "Chandrayaan-3 TLI orbit 288 × 369,328 km (ISRO, 2023); direct 4-5 day lunar transfers"},
    )
    performance_reserve_kg: float = Field(
        0.0, ge=0.0, le=5_000.0,
        description=(
            "Flight-performance reserve held back from the launcher capacity, kg. 0 = "
            "capacity as computed (lupex.launch.performance); a mission analyst can hold back "
            "a reserve here."
        ),
        json_schema_extra={"unit": "kg", "source": "scenario choice"},
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value):
        """An ISO 8601 string is read as a date (YYYY-MM-DD) or a date-time."""
        if isinstance(value, str):
            text = value.strip()
            try:
                return dt.date.fromisoformat(text) if len(text) == 10 else \
                    dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return value  # reported by the type check with the key path
        return value
