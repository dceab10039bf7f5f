"""Named landing sites for ``--vary landing.site=[...]``: the published candidates of
:mod:`lupex.site.candidates` (one list, also marked on a run's polar overview map)."""

from lupex.site.candidates import ALIASES, SITES, LandingSite, get_site, site_names

__all__ = ["ALIASES", "SITES", "LandingSite", "get_site", "site_names"]
