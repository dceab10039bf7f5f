"""The validation table (src/lupex/data/validation.toml) and its rendered page docs/validation.md.

Every row must parse, name the test that checks it, be used by a test, and carry a status that
agrees with its recorded model value; docs/validation.md must be what the table renders to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lupex.validation import (
    STAGES,
    _rows_from_text,
    reference,
    references,
    render_markdown,
    summary_line,
)

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
ROWS = references()
IDS = [r.id for r in ROWS]


def _test_sources() -> dict[Path, str]:
    """Text of every test module except this one (which names no ids)."""
    here = Path(__file__).resolve()
    return {p: p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py"))
            if p.resolve() != here}


def test_table_parses_with_unique_ids():
    assert ROWS, "the validation table has no rows"
    assert len(IDS) == len(set(IDS))
    for r in ROWS:
        assert r.stage in STAGES
        assert r.id.startswith(f"{r.stage}."), f"{r.id}: id should start with its stage"
        assert r.quantity.strip() and r.unit is not None and r.source.strip(), r.id
        assert r.tolerance_basis.strip(), f"{r.id}: say why the tolerance is that wide"
        assert r.tolerance >= 0, r.id
        # computed values vary slightly between machines: a record tolerance of 0 is brittle
        assert r.record_tolerance > 0, f"{r.id}: record_tolerance must not be zero"
        if r.status == "xfail":
            assert r.reason.strip(), f"{r.id}: an xfail row needs its reason"
        assert reference(r.id) is r


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_row_names_an_existing_test(row):
    path, sep, name = row.test.partition("::")
    assert sep and name, f"{row.id}: test = 'tests/<file>.py::<test function>', not {row.test!r}"
    f = REPO / path
    assert f.is_file() and f.resolve().is_relative_to(TESTS), f"{row.id}: no test file {path}"
    func = name.split("::")[-1].split("[")[0]
    assert func.startswith("test"), f"{row.id}: {func} is not a test function"
    assert re.search(rf"^\s*def {re.escape(func)}\(", f.read_text(encoding="utf-8"), re.M), (
        f"{row.id}: {path} has no function {func}")


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_status_agrees_with_the_recorded_model_value(row):
    if row.status == "pass":
        assert row.meets(row.model_value), (
            f"{row.id}: recorded model value {row.model_value} does not meet the reference "
            f"{row.reference_value} ({row.comparison}, tolerance {row.tolerance}) but is 'pass'")
    else:
        assert not row.meets(row.model_value), (
            f"{row.id}: recorded model value {row.model_value} meets the reference but the row "
            "is 'xfail'")


def test_every_row_is_used_by_a_test():
    sources = _test_sources()
    orphans = [i for i in IDS if not any(f'"{i}"' in s or f"'{i}'" in s for s in sources.values())]
    assert not orphans, f"rows no test checks (remove them or add check_reference calls): {orphans}"


def test_docs_page_is_up_to_date():
    page = REPO / "docs" / "validation.md"
    assert page.is_file(), "docs/validation.md is missing: run `make validation`"
    assert page.read_text(encoding="utf-8") == render_markdown() + "\n", (
        "docs/validation.md is out of date: run `make validation`")


def test_rendered_page_lists_every_row():
    md = render_markdown()
    assert summary_line() in md.replace("**", "")
    for stage in {r.stage for r in ROWS}:
        assert f"## {stage.capitalize()}" in md
    n_rows = sum(line.startswith("| ") and not line.startswith("| quantity")
                 for line in md.splitlines())
    assert n_rows == len(ROWS)


ROW = """
[[reference]]
id = "site.example"
stage = "site"
quantity = "q"
unit = "deg"
model_value = 1.0
reference_value = 1.2
comparison = "{comparison}"
tolerance = 0.25
tolerance_basis = "b"
source = "s"
status = "{status}"
test = "tests/test_validation.py::test_table_parses_with_unique_ids"
"""


def test_comparisons_and_record_tolerance():
    (w,) = _rows_from_text(ROW.format(comparison="within", status="pass"))
    assert w.meets(1.0) and w.meets(1.45) and not w.meets(0.9) and not w.meets(float("nan"))
    assert w.record_tolerance == pytest.approx(0.0625)  # default: tolerance / 4
    assert w.matches_record(1.05) and not w.matches_record(1.1)
    (lo,) = _rows_from_text(ROW.format(comparison="at_least", status="pass"))
    assert lo.meets(0.95) and lo.meets(100.0) and not lo.meets(0.9)
    (hi,) = _rows_from_text(ROW.format(comparison="at_most", status="pass"))
    assert hi.meets(-100.0) and hi.meets(1.45) and not hi.meets(1.5)


@pytest.mark.parametrize("text,match", [
    (ROW.format(comparison="within", status="pass") * 2, "duplicate id"),
    (ROW.format(comparison="near", status="pass"), "comparison in"),
    (ROW.format(comparison="within", status="maybe"), "status in"),
    (ROW.format(comparison="within", status="xfail"), "reason"),
    (ROW.format(comparison="within", status="pass").replace('source = "s"\n', ""), "missing"),
    (ROW.format(comparison="within", status="pass") + 'colour = "red"\n', "unknown keys"),
])
def test_malformed_rows_are_rejected(text, match):
    with pytest.raises(ValueError, match=match):
        _rows_from_text(text)


def test_readme_shows_the_current_summary():
    """The README's validation summary is the table's (``make validation`` refreshes it)."""
    from lupex.validation import with_summary

    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/validation.md" in text
    assert "<!-- validation-summary -->" in text
    assert with_summary(text) == text, "README validation summary is stale: run `make validation`"
