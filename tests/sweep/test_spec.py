"""The --vary KEY=SPEC grammar: property tests (hypothesis) and error messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupex.errors import InputError
from lupex.sweep.spec import parse_spec, parse_vary

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(a=st.integers(-10_000, 10_000), step=st.integers(1, 500), n=st.integers(1, 50))
def test_integer_range_is_inclusive_arithmetic_progression(a, step, n):
    b = a + step * (n - 1)
    values = parse_spec(f"{a}..{b}:{step}")
    assert values == tuple(range(a, b + 1, step))
    assert all(type(v) is int for v in values)


@FAST
@given(
    a=st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    step=st.decimals(min_value=Decimal("0.01"), max_value=50, places=2, allow_nan=False),
    n=st.integers(1, 40),
)
def test_decimal_range_is_exact_in_decimal(a, step, n):
    # Second implementation: decimal arithmetic by hand, then one rounding to float.
    b = a + step * (n - 1)
    values = parse_spec(f"{a:.2f}..{b:.2f}:{step:.2f}")
    assert values == tuple(float(a + step * i) for i in range(n))


def test_tenths_have_no_binary_drift():
    assert parse_spec("0..1:0.1") == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@FAST
@given(start=st.dates(dt.date(1950, 1, 1), dt.date(2049, 1, 1)), n=st.integers(1, 60),
       step=st.integers(1, 5))
def test_date_range_in_days(start, n, step):
    end = start + dt.timedelta(days=step * (n - 1))
    values = parse_spec(f"{start.isoformat()}..{end.isoformat()}:{step}d")
    assert values == tuple(start + dt.timedelta(days=step * i) for i in range(n))
    assert all(type(v) is dt.date for v in values)


@FAST
@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2049, 1, 1)), hours=st.integers(1, 30),
       n=st.integers(1, 30))
def test_date_range_in_hours_gives_datetimes(start, hours, n):
    t0 = dt.datetime(start.year, start.month, start.day)
    end = t0 + dt.timedelta(hours=hours * (n - 1))
    values = parse_spec(f"{start.isoformat()}..{end.isoformat()}:{hours}h")
    assert values == tuple(t0 + dt.timedelta(hours=hours * i) for i in range(n))


def test_range_whose_step_overshoots_stops_below_the_upper_end():
    assert parse_spec("250..360:50") == (250, 300, 350)
    assert parse_spec("2028-06-01..2028-06-04:2d") == (dt.date(2028, 6, 1), dt.date(2028, 6, 3))


words = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda w: w not in ("true", "false"))
scalars = st.one_of(st.integers(-10**9, 10**9), words)


@FAST
@given(items=st.lists(scalars, min_size=1, max_size=8))
def test_comma_and_bracket_lists_round_trip(items):
    text = ",".join(str(x) for x in items)
    assert parse_spec(text) == tuple(items)
    assert parse_spec(f"[{text}]") == tuple(items)
    assert parse_spec(f"[ {' , '.join(str(x) for x in items)} ]") == tuple(items)


@FAST
@given(text=st.text(max_size=30))
def test_any_text_either_parses_or_raises_input_error(text):
    try:
        parse_spec(text, "rover.mass_kg")
    except InputError as exc:
        assert "--vary rover.mass_kg" in str(exc)


def test_quoted_strings_booleans_and_floats():
    assert parse_spec('"LUPEX a",\'b,c\'') == ("LUPEX a", "b,c")
    assert parse_spec("true,false") == (True, False)
    assert parse_spec("1e3,2.5,-0.5") == (1000.0, 2.5, -0.5)


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("250..350", "with a step"),
        ("1..5:0", "greater than zero"),
        ("5..1:1", "upper end"),
        ("1..3:1d", "unitless step"),
        ("2028-06-01..2028-06-03:1", "d (days) or h (hours)"),
        ("2028-02-30", "not a calendar date"),
        ("2028-06-01..7:1d", "two dates or between two numbers"),
        ("[1,2", "Expected ']'"),
        ("250kg", "could not read it at column 4"),
        ("0..1e9:1", "at most 100,000 values"),
    ],
)
def test_bad_specs_say_what_is_allowed(spec, fragment):
    with pytest.raises(InputError) as ei:
        parse_spec(spec, "rover.mass_kg")
    msg = str(ei.value)
    assert msg.startswith("--vary rover.mass_kg = ")
    assert fragment in msg


def test_parse_vary_splits_key_and_spec():
    v = parse_vary("rover.mass_kg = 250,350")
    assert (v.key, v.spec, v.values) == ("rover.mass_kg", "250,350", (250, 350))
    for bad in ("rover.mass_kg", "=250", "rover..mass=1", "1abc=2"):
        with pytest.raises(InputError, match="--vary"):
            parse_vary(bad)
