"""Checking a computed model value against its row of the validation table."""

from __future__ import annotations

import pytest

from lupex.validation import reference


def check_reference(ref_id: str, model_value: float) -> None:
    """Assert ``model_value`` against the row ``ref_id`` of ``lupex/data/validation.toml``.

    * The value must equal the row's recorded ``model_value`` within ``record_tolerance`` (the
      table must say what the model computes today).
    * Status ``pass``: the value must meet the reference (comparison and tolerance of the row).
    * Status ``xfail``: the value must NOT meet it (a strict expected failure: if the model starts
      to agree, this fails so that the row is updated); the test is then reported as xfailed
      with the row's reason.
    """
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
    else:
        assert not row.meets(value), (
            f"{ref_id} is marked xfail but the model now meets the reference "
            f"({value:.6g} vs {row.reference_value:.6g}): mark it pass")
        pytest.xfail(f"{ref_id}: {row.reason}")
