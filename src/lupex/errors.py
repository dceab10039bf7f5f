"""Errors that lupex reports to users as one clear paragraph (CLI exit status 2).

Every check of user input raises :class:`InputError` (or a subclass) naming *where* the bad value
came from (file and key path, CLI option, function argument), the value itself, and what is allowed.
The CLI prints ``str(error)`` and exits with status 2, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class InputError(ValueError):
    """Bad user input: the message names the field, the value and what is allowed."""

    def __init__(self, where: str, value: object, allowed: str, *, source: str | None = None):
        self.where = where
        self.value = value
        self.allowed = allowed
        self.source = source
        super().__init__(self._format())

    def _format(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        value = repr(self.value)
        if len(value) > 200:
            value = value[:197] + "..."
        return f"{prefix}{self.where} = {value} is not allowed: {self.allowed}."


class EphemerisRangeError(InputError):
    """An epoch outside the span of the shipped JPL DE421 / lunar PA kernels."""


@dataclass(frozen=True)
class Infeasibility:
    """A reason why a scenario cannot be flown as specified (reported, not raised).

    ``stage`` is the mission stage ("launch", "transfer", ...), ``quantity`` what falls short,
    ``shortfall`` by how much (in ``unit``), ``detail`` one human sentence.
    """

    stage: str
    quantity: str
    shortfall: float
    unit: str
    detail: str

    def to_dict(self) -> dict:
        return {
            "stage": self.stage,
            "quantity": self.quantity,
            "shortfall": self.shortfall,
            "unit": self.unit,
            "detail": self.detail,
        }


class SolverError(InputError):
    """A numerical solve that did not converge (e.g. a launch-capacity search): the message names
    the solver, the case and what failed. Never returned as a result; the CLI prints it and exits
    with status 2 like any other error the user can act on (change the case or its inputs)."""

    def __init__(self, solver: str, case: str, failure: str):
        super().__init__(solver, case, failure)

    def _format(self) -> str:
        return f"{self.where} did not converge for {self.value}: {self.allowed}."


class InternalError(RuntimeError):
    """A defect of lupex itself (e.g. a computed figure outside its physical range): reported
    with its message and exit status 70 (EX_SOFTWARE), never passed on as a result."""
