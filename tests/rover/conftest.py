"""Shared helpers of the rover tests."""

from __future__ import annotations


def site_product(lat_deg, lon_deg):
    """The finest terrain product found that covers (lat, lon): the one the terrain layering
    uses under an observer there (whatever products this machine has)."""
    from lupex.site.terrain import available_products

    return next(p for p in available_products() if p.covers(lat_deg, lon_deg))
