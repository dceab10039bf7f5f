"""Checking computed model values against their rows of the validation table."""

from __future__ import annotations

import pytest

from lupex.validation import reference


def _check(ref_id: str, model_value: float) -> str | None:
    """Assert one row; return its xfail reason (None for a pass row)."""
    row = reference(ref_id)
    value = float(model_value)
    assert row.matches_record(value), (
        f"{ref_id}: model gives {value:.6g} {row.unit} but the validation table records "
        f"{row.model_value:.6g} ± {row.record_tolerance:g}: update model_value in "
        "src/lupex/data/validation.toml and run `make validation`")
    if row.status == "pass":
        assert row.meets(value), (
            f"{ref_id}: model {value:.6g} {row.unit} vs reference {row.reference_value:.6g} "
            f"({row.comparison}, tolerance {row.tolerance:g}); source: {row.source}")
        return None
    assert not row.meets(value), (
        f"{ref_id} is marked xfail but the model now meets the reference "
        f"({value:.6g} vs {row.reference_value:.6g}): mark it pass")
    return f"{ref_id}: {row.reason}"


def check_references(values: dict[str, float]) -> None:
    """Check several rows of ``lupex/data/validation.toml`` (id -> computed value), all of them,
    then report the test as xfailed if any row is a known disagreement.

    * The value must equal the row's recorded ``model_value`` within ``record_tolerance`` (the
      table must say what the model computes today).
    * Status ``pass``: the value must meet the reference (comparison and tolerance of the row).
    * Status ``xfail``: the value must NOT meet it (a strict expected failure: if the model starts
      to agree, this fails so that the row is updated).
    """
    reasons = [r for r in (_check(k, v) for k, v in values.items()) if r]
    if reasons:
        pytest.xfail("; ".join(reasons))


def check_reference(ref_id: str, model_value: float) -> None:
    """Check one row (see :func:`check_references`); an xfail row ends the test as xfailed, so
    call it last or use :func:`check_references` for several rows."""
    check_references({ref_id: model_value})
