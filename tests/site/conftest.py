"""Fixtures shared by the site tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ldem4(lola_dir):
    """The real LOLA LDEM_4 product (global 4 px/deg grid), opened once per module."""
    from lupex.site.pds import open_product

    return open_product(lola_dir / "LDEM_4.IMG")
