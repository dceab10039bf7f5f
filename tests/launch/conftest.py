"""Shared, expensive launch solves: each capacity is solved once per test session."""

from functools import lru_cache

import pytest


@lru_cache(maxsize=None)
def _capacity(vehicle: str, target: str):
    from lupex.launch import payload_capacity

    return payload_capacity(vehicle, target)


@pytest.fixture(scope="session")
def capacity():
    """capacity(vehicle, target) -> Performance, solved once per session (default starts)."""
    return _capacity
