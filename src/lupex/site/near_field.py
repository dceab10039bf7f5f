"""The near-field policy: which terrain close to an observer is trusted for horizons.

A coarse grid smears ridges, so terrain closer than k x the native pixel of the product under the
observer is excluded from its horizon (docs/terrain.md, "Near-field policy"); the policy is stored
with every :class:`lupex.site.terrain.Terrain`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NearFieldPolicy:
    """Which terrain close to an observer is trusted for horizons.

    Terrain closer than ``k`` x (pixel size of the product that supplies the observer's cell) is
    excluded: a coarse grid smears ridges, so an observer on a real ridge crest sits on a smooth
    flank of the model whose nearby "slope" blocks the Sun (docs/terrain.md, "Near-field policy"). k = 2 is fixed
    on principle (the smallest distance at which two independent samples separate the observer
    from the terrain it looks at), never fitted to a reference. ``k = 0`` disables the exclusion.
    """

    k: float = 2.0

    def exclusion_m(self, pixel_m: float) -> float:
        return float(self.k) * float(pixel_m)

    def describe(self, pixel_m: float) -> str:
        if self.k == 0:
            return "none: all terrain from the first grid step outwards"
        return (f"terrain closer than {self.k:g} x {pixel_m:.0f} m = {self.exclusion_m(pixel_m):.0f} m "
                "(k x native pixel of the product under the observer) excluded")
