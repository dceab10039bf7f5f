"""[spacecraft]: the separated lander + rover stack and the lander's propulsion."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class SpacecraftSection(Section):
    stack_mass_kg: float = Field(
        6000.0, gt=0.0, le=50_000.0,
        description=(
            "Separated LUPEX stack (lander, rover and payloads, wet) about 6,000 kg (JAXA "
            "LUPEX overview; ISRO statements 2024: \"about 6 tonnes\")."
        ),
        json_schema_extra={"unit": "kg", "source": "JAXA LUPEX overview; ISRO statements 2024: \"about 6 tonnes\""},
    )
    lander_dry_mass_kg: float = Field(
        1900.0, gt=0.0, le=50_000.0,
        description=(
            "Lander dry mass INCLUDING the rover and payloads (everything but usable "
            "propellant), kg. ANALOGUE ASSUMPTION (no published LUPEX dry mass): about 32 % "
            "of the ≈ 6 t stack, leaving ≈ 4.1 t of propellant for ≈ 3.3 km/s of lander Δv at "
            "Isp 313 s (rocket equation). A dry mass at or above stack_mass_kg leaves no "
            "propellant: reported as an infeasibility."
        ),
        json_schema_extra={"unit": "kg", "source": "analogue assumption"},
    )
    lander_propellant_kg: float | None = Field(
        None, gt=0.0, le=50_000.0,
        description=(
            "Usable propellant loaded at separation, kg. Left out: the rest of the stack, "
            "stack_mass_kg - lander_dry_mass_kg. Given: the stack must equal dry + propellant "
            "(checked)."
        ),
        json_schema_extra={"unit": "kg", "source": "lupex convention"},
    )
    lander_propellant_capacity_kg: float = Field(
        4200.0, gt=0.0, le=50_000.0,
        description=(
            "Usable propellant tank capacity, kg. ANALOGUE ASSUMPTION: 2.5 % above the "
            "propellant loaded at the default stack and dry masses (6,000 - 1,900 = 4,100 "
            "kg)."
        ),
        json_schema_extra={"unit": "kg", "source": "analogue assumption"},
    )
    lander_isp_s: float = Field(
        313.0, ge=100.0, le=500.0,
        description=(
            "Specific impulse of the lander's throttleable 800 N MMH/MON-3 engines, s. "
            "ASSUMPTION typical of 800 N-class MMH/MON-3 engines: ISRO publishes no Isp for "
            "the Chandrayaan-3 lander engines."
        ),
        json_schema_extra={"unit": "s", "source": "assumption"},
    )
    lander_thrust_n: float = Field(
        8800.0, gt=0.0, le=1.0e6,
        description=(
            "Total thrust of the lander engines used for LOI and powered descent, N. ANALOGUE "
            "ASSUMPTION: 11 × 800 N. The Chandrayaan-3 lander has 4 × 800 N throttleable "
            "engines and separated at 1,750 kg incl. the 26 kg rover (NASA NSSDCA 2023-098A), "
            "a lunar thrust-to-weight ≈ 1.1; LUPEX's ≈ 4.5 t at powered descent is assumed to "
            "keep that ratio (no published LUPEX engine count)."
        ),
        json_schema_extra={"unit": "N", "source": "analogue assumption; NASA NSSDCA 2023-098A"},
    )
