"""The validation table: every independent reference lupex is checked against, in one data file.

Each row of ``data/validation.toml`` names a quantity, the value the model gives, the reference
value with its source, the tolerance (and why it is that wide), how the two are compared and the
status: ``pass`` (the model meets the reference) or ``xfail`` (it does not, and ``reason`` says
why). The test suite reads its reference values from this file through :func:`reference`, checks
the model against them, and checks that the recorded ``model_value`` is what the model computes
today, so the table cannot go stale; ``docs/validation.md`` is rendered from it by
:func:`render_markdown` (``make validation``) and a test fails when that page is out of date.

Comparisons (``comparison`` key):

* ``within``: |model − reference| ≤ tolerance;
* ``at_least``: model ≥ reference − tolerance (the reference is a published minimum);
* ``at_most``: model ≤ reference + tolerance (the reference is a published maximum).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

COMPARISONS = ("within", "at_least", "at_most")
STATUSES = ("pass", "xfail")
STAGES = ("launch", "transfer", "ephemeris", "illumination", "site", "rover", "energy", "ice")


@dataclass(frozen=True)
class Reference:
    """One row of the validation table (values in ``unit``)."""

    id: str
    stage: str
    quantity: str
    unit: str
    model_value: float
    reference_value: float
    comparison: str
    tolerance: float
    tolerance_basis: str
    source: str
    status: str
    reason: str
    test: str
    record_tolerance: float

    def meets(self, value: float) -> bool:
        """Whether ``value`` meets the reference under this row's comparison and tolerance."""
        if not math.isfinite(value):
            return False
        if self.comparison == "within":
            return abs(value - self.reference_value) <= self.tolerance
        if self.comparison == "at_least":
            return value >= self.reference_value - self.tolerance
        return value <= self.reference_value + self.tolerance

    def matches_record(self, value: float) -> bool:
        """Whether ``value`` is the recorded ``model_value`` within ``record_tolerance``."""
        return math.isfinite(value) and abs(value - self.model_value) <= self.record_tolerance


def _rows_from_text(text: str) -> tuple[Reference, ...]:
    data = tomllib.loads(text)
    rows = []
    seen = set()
    for k, r in enumerate(data.get("reference", [])):
        where = f"validation.toml reference #{k + 1} ({r.get('id', '?')})"
        missing = [f for f in ("id", "stage", "quantity", "unit", "model_value",
                               "reference_value", "comparison", "tolerance", "tolerance_basis",
                               "source", "status", "test") if f not in r]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        unknown = set(r) - {f.name for f in Reference.__dataclass_fields__.values()}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if r["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(r["id"])
        if r["comparison"] not in COMPARISONS or r["status"] not in STATUSES \
                or r["stage"] not in STAGES:
            raise ValueError(f"{where}: comparison in {COMPARISONS}, status in {STATUSES}, "
                             f"stage in {STAGES}")
        if r["status"] == "xfail" and not r.get("reason"):
            raise ValueError(f"{where}: an xfail row needs its reason")
        tol = float(r["tolerance"])
        rows.append(Reference(
            id=r["id"], stage=r["stage"], quantity=r["quantity"], unit=r["unit"],
            model_value=float(r["model_value"]), reference_value=float(r["reference_value"]),
            comparison=r["comparison"], tolerance=tol, tolerance_basis=r["tolerance_basis"],
            source=r["source"], status=r["status"], reason=r.get("reason", ""), test=r["test"],
            record_tolerance=float(r.get("record_tolerance", max(abs(tol) * 0.25, 1e-9)))))
    return tuple(rows)


def table_text() -> str:
    """The validation data file's text."""
    return resources.files("lupex.data").joinpath("validation.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def references() -> tuple[Reference, ...]:
    """All rows of the validation table, in file order."""
    return _rows_from_text(table_text())


def reference(ref_id: str) -> Reference:
    """The row ``ref_id`` (KeyError naming the known ids if there is none)."""
    for r in references():
        if r.id == ref_id:
            return r
    raise KeyError(f"no validation reference {ref_id!r}; known: "
                   f"{', '.join(r.id for r in references())}")


def _fmt(x: float) -> str:
    if x == 0 or 1e-3 <= abs(x) < 1e6:
        s = f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"
        return s
    return f"{x:.3g}"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_markdown(rows: tuple[Reference, ...] | None = None) -> str:
    """``docs/validation.md``: a summary line and one table per stage."""
    rows = references() if rows is None else rows
    n_pass = sum(r.status == "pass" for r in rows)
    sym = {"within": "±", "at_least": "≥ ref −", "at_most": "≤ ref +"}
    lines = [
        "# Validation",
        "",
        "<!-- Generated by `make validation` from src/lupex/data/validation.toml; do not edit. -->",
        "",
        f"**{n_pass} of {len(rows)} references pass**; the other {len(rows) - n_pass} are "
        "known disagreements, each kept as a strict expected failure with its cause.",
        "",
        "Every row is checked by the test named in it: the test computes the model value, "
        "compares it with the reference under the stated tolerance, and fails if the model value "
        "recorded here is no longer what the model computes.",
        "",
    ]
    for stage in STAGES:
        sel = [r for r in rows if r.stage == stage]
        if not sel:
            continue
        lines += [f"## {stage.capitalize()}", "",
                  "| quantity | model | reference | tolerance | status | source |",
                  "|---|---|---|---|---|---|"]
        for r in sel:
            status = "pass" if r.status == "pass" else f"xfail: {_cell(r.reason)}"
            tol = f"{sym[r.comparison]} {_fmt(r.tolerance)} ({_cell(r.tolerance_basis)})"
            lines.append(
                f"| {_cell(r.quantity)} | {_fmt(r.model_value)} {r.unit} | "
                f"{_fmt(r.reference_value)} {r.unit} | {tol} | {status} | {_cell(r.source)} |")
        lines.append("")
    return "\n".join(lines)


def summary_line(rows: tuple[Reference, ...] | None = None) -> str:
    """'N of M references pass' for the README."""
    rows = references() if rows is None else rows
    return f"{sum(r.status == 'pass' for r in rows)} of {len(rows)} references pass"


SUMMARY_START = "<!-- validation-summary -->"
SUMMARY_END = "<!-- /validation-summary -->"


def with_summary(text: str, rows: tuple[Reference, ...] | None = None) -> str:
    """``text`` (e.g. the README) with the span between the validation-summary markers replaced
    by :func:`summary_line`; unchanged if the markers are absent."""
    i = text.find(SUMMARY_START)
    j = text.find(SUMMARY_END)
    if i < 0 or j < i:
        return text
    return text[:i + len(SUMMARY_START)] + summary_line(rows) + text[j:]


def main(argv: list[str] | None = None) -> int:
    """Write the validation page (argv[0], default docs/validation.md) and refresh the summary
    line between the validation-summary markers of each further file given (e.g. README.md)."""
    import sys
    from pathlib import Path

    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs/validation.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown() + "\n", encoding="utf-8")
    for extra in argv[1:]:
        p = Path(extra)
        text = p.read_text(encoding="utf-8")
        new = with_summary(text)
        if new != text:
            p.write_text(new, encoding="utf-8")
    print(f"wrote {out}: {summary_line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
