"""Mission events and phases, the common currency between stages and the scenario runner.

Stages (launch, transfer, site, rover) return :class:`Event` objects with UTC epochs and the
mission *phase* they belong to; the scenario runner assigns each phase its owning agency from the
work split and assembles the mission timeline. Epochs are :class:`astropy.time.Time` (scale UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from astropy.time import Time

#: Mission phases in flight order; every event belongs to one.
PHASES: tuple[str, ...] = (
    "launch",
    "ascent",
    "parking_orbit",
    "tli",
    "cruise",
    "loi",
    "lunar_orbit",
    "descent",
    "landing",
    "rover_egress",
    "surface_operations",
    "end_of_mission",
)


@dataclass(frozen=True)
class Event:
    """One mission event.

    name: short human label ("SRB-3 separation", "TLI burn start").
    epoch: UTC epoch (astropy Time, scalar).
    phase: one of :data:`PHASES`.
    duration_s: for events that span time (a burn, a phase), its length in seconds; 0 for instants.
    detail: free text with figures, e.g. "Δv 3,130 m/s".
    """

    name: str
    epoch: Time
    phase: str
    duration_s: float = 0.0
    detail: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.phase not in PHASES:
            raise ValueError(f"Event phase {self.phase!r} is not one of {PHASES}")

    @property
    def epoch_utc(self) -> str:
        """ISO-8601 UTC string with millisecond precision and a trailing Z."""
        return self.epoch.utc.isot[:23] + "Z"
