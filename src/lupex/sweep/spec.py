"""The ``--vary KEY=SPEC`` grammar: which values one scenario key takes in a sweep.

Grammar (parsed with pyparsing; whitespace between tokens is ignored)::

    vary     := KEY "=" spec
    KEY      := dotted scenario key path, e.g. launch.date, rover.mass_kg, landing.site
    spec     := range | "[" items "]" | items
    items    := scalar ("," scalar)*
    range    := DATE ".." DATE [":" NUMBER ("d" | "h")]     dates, step in days or hours (default 1d)
              | NUMBER ".." NUMBER ":" NUMBER               numbers, step required
    scalar   := DATE | NUMBER | "true" | "false" | WORD | 'quoted' | "quoted"
    DATE     := YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.ffffff]][Z]    (UTC)

Ranges include both ends when the step lands on the upper end (``250..350:50`` is 250, 300, 350;
``2028-06-01..2028-06-03:1d`` is three dates). Number ranges are computed in decimal arithmetic, so
``0..1:0.1`` gives exactly 0.0, 0.1, …, 1.0 (no 0.30000000000000004). A date range with an hour
step gives date-times.

Bad specs raise :class:`lupex.errors.InputError` naming the ``--vary`` key, the spec, and the
grammar above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyparsing as pp

from lupex.errors import InputError

#: Largest number of values one ``--vary`` may expand to (guards against typos like ``:0.0001``).
MAX_VALUES = 100_000

GRAMMAR_HELP = (
    "KEY=SPEC where SPEC is a range 'a..b:step' (dates YYYY-MM-DD[Thh:mm[:ss]] with step in d or h, "
    "e.g. 2028-06-01..2028-07-01:1d; numbers with a step, e.g. 250..350:50), a comma list "
    "'250,350', or a bracket list '[connecting_ridge,shackleton_rim]'"
)


@dataclass(frozen=True)
class Vary:
    """One ``--vary`` option: the dotted key, the spec text, and the values it expands to."""

    key: str
    spec: str
    values: tuple


class _Date:
    """A parsed date token (kept apart from numbers until the range is evaluated)."""

    __slots__ = ("value",)

    def __init__(self, value: dt.date | dt.datetime):
        self.value = value


class _Num:
    __slots__ = ("text", "dec")

    def __init__(self, text: str):
        self.text = text
        self.dec = Decimal(text)

    def python(self) -> int | float:
        if any(c in self.text for c in ".eE"):
            return float(self.dec)
        return int(self.dec)


def _parse_date(tokens):
    text = tokens[0]
    core = text[:-1] if text.endswith("Z") else text
    try:
        if "T" in core:
            value = dt.datetime.fromisoformat(core)
        else:
            value = dt.date.fromisoformat(core)
    except ValueError as exc:
        raise pp.ParseFatalException(f"{text!r} is not a calendar date ({exc})") from None
    return _Date(value)


def _build_grammar():
    date = pp.Regex(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?Z?")
    date = date.set_name("date").set_parse_action(_parse_date)
    # Digits after a decimal point are required so that "1..5" reads as 1 .. 5.
    number = pp.Regex(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")
    number = number.set_name("number").set_parse_action(lambda t: _Num(t[0]))
    boolean = (pp.Keyword("true") | pp.Keyword("false")).set_parse_action(
        lambda t: t[0] == "true"
    )
    word = pp.Regex(r"[A-Za-z_][A-Za-z0-9_\-]*").set_name("word")
    quoted = pp.QuotedString('"', esc_char="\\") | pp.QuotedString("'", esc_char="\\")
    scalar = (date | number | boolean | quoted | word).set_name("value")

    unit = pp.one_of("d h").set_name("unit (d or h)")
    step = pp.Group(number + pp.Optional(unit, default=""))("step")
    endpoint = date | number
    rng = pp.Group(endpoint("lo") + pp.Suppress("..") + endpoint("hi") + pp.Optional(
        pp.Suppress(":") + step))("range")
    items = pp.Group(pp.DelimitedList(scalar, min=1))("items")
    bracket = pp.Suppress("[") + items + pp.Suppress("]")
    return (rng | bracket | items) + pp.StringEnd()


_GRAMMAR = _build_grammar()


def parse_spec(spec: str, key: str = "KEY") -> tuple:
    """Expand one SPEC into a tuple of Python values (int, float, bool, str, date, datetime).

    ``key`` is only used in error messages. Raises InputError on anything the grammar refuses.
    """
    where = f"--vary {key}"
    if not isinstance(spec, str) or not spec.strip():
        raise InputError(where, spec, "a non-empty SPEC: " + GRAMMAR_HELP)
    try:
        result = _GRAMMAR.parse_string(spec, parse_all=True)
    except (pp.ParseException, pp.ParseFatalException) as exc:
        raise InputError(
            where, spec, f"{GRAMMAR_HELP} (could not read it at column {exc.col}: {exc.msg})"
        ) from None
    if "range" in result:
        values = _expand_range(result["range"], spec, where)
    else:
        values = tuple(_plain(v) for v in result["items"])
    if len(values) > MAX_VALUES:
        raise InputError(where, spec, f"at most {MAX_VALUES:,} values per key ({len(values):,} given)")
    return values


def _plain(v):
    if isinstance(v, _Date):
        return v.value
    if isinstance(v, _Num):
        return v.python()
    return v


def _expand_range(group, spec: str, where: str) -> tuple:
    lo, hi = group["lo"], group["hi"]
    step = group.get("step")
    if isinstance(lo, _Date) != isinstance(hi, _Date):
        raise InputError(where, spec, "a range between two dates or between two numbers")
    if isinstance(lo, _Date):
        return _date_range(lo.value, hi.value, step, spec, where)
    if step is None:
        raise InputError(where, spec, "a number range with a step, e.g. 250..350:50")
    num, unit = step[0], step[1]
    if unit:
        raise InputError(where, spec, "a unitless step for a number range (d/h are for dates)")
    a, b, s = lo.dec, hi.dec, num.dec
    if s <= 0:
        raise InputError(where, spec, "a step greater than zero")
    if b < a:
        raise InputError(where, spec, "a range whose upper end is not below its lower end")
    try:
        count = int((b - a) / s) + 1
    except (InvalidOperation, OverflowError):
        raise InputError(where, spec, "a range with a finite number of steps") from None
    if count > MAX_VALUES:
        raise InputError(where, spec, f"at most {MAX_VALUES:,} values per key ({count:,} given)")
    as_float = any(c in t for t in (lo.text, hi.text, num.text) for c in ".eE")
    out = []
    for i in range(count):
        d = a + s * i
        out.append(float(d) if as_float else int(d))
    return tuple(out)


def _date_range(lo, hi, step, spec: str, where: str) -> tuple:
    if step is None:
        amount, unit = Decimal(1), "d"
    else:
        amount, unit = step[0].dec, step[1] or None
        if unit is None:
            raise InputError(where, spec, "a date step with a unit, d (days) or h (hours), e.g. :1d")
    if amount <= 0:
        raise InputError(where, spec, "a step greater than zero")
    seconds = amount * (86400 if unit == "d" else 3600)
    if seconds != seconds.to_integral_value():
        raise InputError(where, spec, "a date step that is a whole number of seconds")
    delta = dt.timedelta(seconds=int(seconds))
    whole_days = delta % dt.timedelta(days=1) == dt.timedelta(0)
    as_datetime = isinstance(lo, dt.datetime) or isinstance(hi, dt.datetime) or not whole_days
    if as_datetime:
        lo = _to_datetime(lo)
        hi = _to_datetime(hi)
    if hi < lo:
        raise InputError(where, spec, "a range whose upper end is not before its lower end")
    count = (hi - lo) // delta + 1
    if count > MAX_VALUES:
        raise InputError(where, spec, f"at most {MAX_VALUES:,} values per key ({count:,} given)")
    return tuple(lo + delta * i for i in range(count))


def _to_datetime(v) -> dt.datetime:
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None) if v.tzinfo is None else v.astimezone(
            dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(v.year, v.month, v.day)


_KEY_RE = pp.Regex(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_\-]+)*")


def parse_vary(text: str) -> Vary:
    """Parse one ``KEY=SPEC`` option into a :class:`Vary` (the key is checked later, against the
    scenario schema, by :func:`lupex.sweep.cases.build_cases`)."""
    if not isinstance(text, str) or "=" not in text:
        raise InputError("--vary", text, GRAMMAR_HELP)
    key, spec = text.split("=", 1)
    key = key.strip()
    try:
        _KEY_RE.parse_string(key, parse_all=True)
    except pp.ParseException:
        raise InputError(
            "--vary", text, "KEY=SPEC with KEY a dotted scenario key such as rover.mass_kg, "
            "launch.date or landing.site"
        ) from None
    return Vary(key=key, spec=spec.strip(), values=parse_spec(spec.strip(), key))
