"""[landing]: landing site and the illumination analysis around it."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class LandingSection(Section):
    # Default: the Shackleton–de Gerlache connecting ridge, ≈ 89.45°S, 222.69°E
    # (Gläser et al. 2014, Icarus 243:78, site with 92.27 % illumination at 2 m).
    site_name: str = "connecting_ridge"
    lat_deg: float = Field(-89.45, ge=-90.0, le=90.0)
    lon_deg: float = Field(222.69, ge=-180.0, le=360.0)
    # Height of the observer above ground for illumination (2 m and 10 m are the published cases).
    observer_height_m: float = Field(2.0, ge=0.0, le=1000.0)
    # Chandrayaan-3 landed with a 12° slope limit (ISRO, 2023).
    slope_limit_deg: float = Field(12.0, gt=0.0, lt=90.0)
