"""Scenario sections, one module each, composed into :class:`lupex.scenario.schema.Scenario`."""
