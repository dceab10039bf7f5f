"""Units at the public API: plain numbers or astropy Quantities, epochs as Time, text or datetime.

Every public stage function of lupex takes SI numbers (or the unit its argument's name carries:
``lat_deg`` in degrees, ``altitude_km`` in km, ``mass_kg`` in kg, ``step_h`` in hours). With the
:func:`accepts` decorator it also takes an :class:`astropy.units.Quantity` for such an argument,
in any compatible unit (``-89.45 * u.deg``, ``2 * u.m``, ``0.35 * u.t``), and converts it to the
unit of the name. Epoch arguments also take an ISO 8601 string, a :class:`datetime.datetime`
(naive = UTC) or :class:`datetime.date`, converted to :class:`astropy.time.Time` (UTC) and checked
against the span of the shipped JPL DE421 kernels. Body names are case-insensitive (``"Sun"``).

A Quantity in an incompatible unit (a length for an angle), or a Quantity given to an argument
that takes a pure number, raises :class:`lupex.errors.InputError` naming the function and the
argument, never astropy's ``UnitConversionError``.

The unit of an argument is read from the suffix of its name (the convention of the whole package):

========================  ==========  ========================  ==========
suffix                    unit        suffix                    unit
========================  ==========  ========================  ==========
``_deg``                  deg         ``_kg``                   kg
``_m``                    m           ``_km``                   km
``_s``                    s           ``_h``, ``_hours``        h
``_days``                 d           ``_m_s``                  m / s
``_km2_s2``               km2 / s2    ``_n``                    N
``_w``                    W           ``_wh``                   W h
``_au``                   AU
========================  ==========  ========================  ==========
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import warnings

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.errors import InputError

# Longest suffix first, so that "_m_s" is not read as "_s" and "_km2_s2" not as "_s2".
_SUFFIX_UNITS: tuple[tuple[str, u.UnitBase], ...] = (
    ("_km2_s2", u.km**2 / u.s**2),
    ("_m_s", u.m / u.s),
    ("_hours", u.h),
    ("_days", u.day),
    ("_deg", u.deg),
    ("_kg", u.kg),
    ("_km", u.km),
    ("_wh", u.W * u.h),
    ("_au", u.AU),
    ("_m", u.m),
    ("_s", u.s),
    ("_h", u.h),
    ("_n", u.N),
    ("_w", u.W),
)

_KIND = {
    "deg": "an angle",
    "kg": "a mass",
    "km": "a length",
    "m": "a length",
    "s": "a duration",
    "h": "a duration",
    "d": "a duration",
    "m / s": "a speed",
    "km2 / s2": "a characteristic energy (C3)",
    "N": "a force",
    "W": "a power",
    "W h": "an energy",
    "AU": "a length",
}


def unit_for(name: str) -> u.UnitBase | None:
    """The unit an argument name carries by its suffix (``"lat_deg"`` -> deg; a bare unit name
    such as ``days`` counts too), or None."""
    lower = name.lower()
    for suffix, unit in _SUFFIX_UNITS:
        if lower.endswith(suffix) or lower == suffix[1:]:
            return unit
    return None


def _describe(unit: u.UnitBase) -> str:
    text = unit.to_string()
    return f"{_KIND.get(text, 'a quantity')} (a number in {text}, or an astropy Quantity " \
           f"convertible to {text})"


def to_value(value, unit: u.UnitBase | None, where: str):
    """``value`` in ``unit``: a Quantity is converted, anything else is returned unchanged.

    ``unit`` None means the argument takes a pure number: a dimensionless Quantity is accepted,
    any other Quantity raises InputError naming ``where``.
    """
    if not isinstance(value, u.Quantity):
        return value
    target = u.dimensionless_unscaled if unit is None else unit
    try:
        out = value.to_value(target)
    except u.UnitsError:
        allowed = ("a pure number (no unit)" if unit is None else _describe(unit))
        raise InputError(where, value, allowed) from None
    return out.item() if np.ndim(out) == 0 else out


def to_epoch(value, where: str):
    """An epoch argument as astropy Time (UTC); a Time is returned unchanged.

    Accepts an ISO 8601 string ("2028-06-15", "2028-06-15T03:00:00Z"), a datetime (naive = UTC),
    a date, a numpy datetime64, or a sequence of these. Raises InputError naming ``where`` if the
    value is not an epoch, :class:`lupex.errors.EphemerisRangeError` if outside JPL DE421.
    """
    if value is None or isinstance(value, Time):
        return value
    from lupex.ephemeris.core import to_time  # deferred: the ephemeris loads its kernels lazily

    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (int, float)):
        value = [v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) and
                 not isinstance(v, _dt.datetime) else v for v in value]
        try:
            parsed = Time([v.strip().rstrip("Z") if isinstance(v, str) else v for v in value],
                          scale="utc")
        except (ValueError, TypeError):
            raise InputError(where, value, "a sequence of ISO 8601 UTC dates or date-times, "
                             "datetimes or an astropy Time") from None
        return to_time(parsed, where)
    if isinstance(value, np.datetime64):
        value = str(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "USOM":
        return to_time(value.astype(str) if value.dtype.kind == "M" else value, where)
    if isinstance(value, (str, _dt.date, _dt.datetime)):
        return to_time(value, where)
    raise InputError(where, value, "an epoch: an astropy Time, an ISO 8601 UTC string such as "
                     "'2028-06-15T00:00:00', or a datetime")


def to_body(value, where: str, allowed: tuple[str, ...] = ("sun", "earth", "moon")):
    """A body name in lower case ("Sun" -> "sun"); InputError naming ``where`` if not allowed."""
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    raise InputError(where, value, "one of " + ", ".join(repr(a) for a in allowed)
                     + " (case-insensitive)")



def renamed(**old_to_new: str):
    """Decorator: keyword arguments given under an old name reach the new one, with a
    DeprecationWarning naming both (public names change only through this shim)."""
    def wrap(func):
        @functools.wraps(func)
        def call(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__qualname__}() got both {old!r} (old name) and "
                                        f"{new!r}")
                    warnings.warn(f"{func.__qualname__}({old}=...) is deprecated: use {new}=",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)
        return call
    return wrap


def split_pair(**old_to_new: tuple[str, str]):
    """Decorator: a keyword that took a pair (``site_deg=(lat, lon)``) reaches two keywords
    (``site_lat_deg=lat, site_lon_deg=lon``), with a DeprecationWarning naming them. Giving the
    old keyword together with either new one raises TypeError; so does a call passing more
    positional arguments than the function takes (a pair once given by position), with a
    message naming the new keywords."""
    def wrap(func):
        params = inspect.signature(func).parameters.values()
        n_pos = (None if any(p.kind is p.VAR_POSITIONAL for p in params) else
                 sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params))
        names = ", ".join(f"{a}=, {b}=" for a, b in old_to_new.values())

        @functools.wraps(func)
        def call(*args, **kwargs):
            if n_pos is not None and len(args) > n_pos:
                raise TypeError(f"{func.__qualname__}() takes {n_pos} positional arguments but "
                                f"{len(args)} were given ({names} are keyword-only)")
            for old, (first, second) in old_to_new.items():
                if old not in kwargs:
                    continue
                given = [n for n in (first, second) if n in kwargs]
                if given:
                    raise TypeError(f"{func.__qualname__}() got both {old!r} (old name) and "
                                    f"{given[0]!r}")
                warnings.warn(f"{func.__qualname__}({old}=(a, b)) is deprecated: use "
                              f"{first}=a, {second}=b", DeprecationWarning, stacklevel=2)
                try:
                    kwargs[first], kwargs[second] = kwargs.pop(old)
                except (TypeError, ValueError):
                    raise TypeError(f"{func.__qualname__}({old}=...) takes a pair "
                                    f"({first}, {second})") from None
            return func(*args, **kwargs)
        return call
    return wrap


def accepts(*, epochs: tuple[str, ...] = (), bodies: dict[str, tuple[str, ...]] | None = None,
            plain: tuple[str, ...] = ()):
    """Decorator: the function's arguments also take Quantities, text epochs and any-case bodies.

    - every argument whose name carries a unit suffix (see the module table) takes a number in
      that unit or a Quantity converted to it;
    - arguments named in ``epochs`` take any epoch :func:`to_epoch` reads;
    - arguments named in ``bodies`` (name -> allowed lower-case names) are matched ignoring case;
    - arguments named in ``plain`` take a pure number (dimensionless Quantity accepted);
    - any other argument given a dimensional Quantity raises InputError (a unit where the
      function cannot know what it means is refused, not silently dropped).

    Only Quantities, epochs and body names are touched: plain numbers and arrays pass unchanged.
    """
    bodies = dict(bodies or {})

    def wrap(func):
        sig = inspect.signature(func)
        units = {name: unit_for(name) for name in sig.parameters}
        qualname = f"{func.__module__.rsplit('.', 1)[0]}.{func.__qualname__}"
        for name in (*epochs, *bodies, *plain):
            if name not in sig.parameters:
                raise TypeError(f"{qualname} has no argument {name!r}")

        def convert(name, value):
            where = f"{qualname}({name})"
            if name in epochs:
                return to_epoch(value, where)
            if name in bodies:
                return to_body(value, where, bodies[name])
            if isinstance(value, u.Quantity):
                return to_value(value, None if name in plain else units.get(name, unit_for(name)), where)
            return value

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError:
                return func(*args, **kwargs)  # let Python report the wrong call as usual
            for name, value in bound.arguments.items():
                kind = sig.parameters[name].kind
                if kind is inspect.Parameter.VAR_KEYWORD:
                    bound.arguments[name] = {k: convert(k, v) if unit_for(k) else v
                                             for k, v in value.items()}
                elif kind is not inspect.Parameter.VAR_POSITIONAL:
                    bound.arguments[name] = convert(name, value)
            return func(*bound.args, **bound.kwargs)

        wrapper.__lupex_accepts__ = True
        return wrapper

    return wrap


def convert_fields(obj) -> None:
    """In a (frozen) dataclass's ``__post_init__``: every field holding a Quantity is replaced by
    its value in the unit of the field's name; InputError naming ``Class.field`` otherwise."""
    import dataclasses

    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, u.Quantity):
            where = f"{type(obj).__name__}({f.name})"
            object.__setattr__(obj, f.name, to_value(value, unit_for(f.name), where))
