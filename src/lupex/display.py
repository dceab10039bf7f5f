"""Short, readable displays of result dataclasses: ``repr``, a Jupyter HTML table, ``to_pandas``.

The :func:`result` class decorator gives a frozen result dataclass

- a ``__repr__`` of at most :data:`MAX_REPR` characters: the headline figures first (named
  properties such as ``sun_fraction``), then the fields, arrays shown by shape and range and epoch
  series by count and span, never their content;
- ``_repr_html_``: a two-column table (figure, value) that Jupyter shows for the result;
- ``to_pandas()`` when the result has rows (``table=``): one column per named 1-D field, an epoch
  series as the index (UTC, pandas datetime); or one row per record (e.g. Δv budget lines).

Nothing is computed on display beyond the summaries of arrays already held by the result.
"""

from __future__ import annotations

import dataclasses
import html

import numpy as np
from astropy.time import Time

MAX_REPR = 300  # characters of ``repr(result)`` at most


def _number(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if not np.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def _time_text(t: Time) -> str:
    return t.utc.isot[:19]


def short(value) -> str:
    """One short line describing ``value`` (arrays by shape and range, epochs by span)."""
    if value is None:
        return "None"
    if isinstance(value, Time):
        if value.isscalar:
            return _time_text(value)
        if value.size == 0:
            return "0 epochs"
        flat = value.ravel()
        return f"{value.size} epochs {_time_text(flat[0])}..{_time_text(flat[-1])}"
    if isinstance(value, (bool, int, float, np.number, np.bool_)):
        return _number(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, np.ndarray):
        shape = "x".join(str(n) for n in value.shape) or "scalar"
        if value.size and value.dtype.kind in "fiub":
            finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
            if value.dtype.kind == "b":
                return f"array[{shape}] bool, {int(np.count_nonzero(value))} true"
            if finite.size:
                return f"array[{shape}] {_number(finite.min())}..{_number(finite.max())}"
        return f"array[{shape}]"
    if dataclasses.is_dataclass(value):
        return f"<{type(value).__name__}>"
    if isinstance(value, dict):
        return f"{{{len(value)} keys}}"
    if isinstance(value, (tuple, list)):
        if len(value) <= 3 and all(isinstance(v, (int, float, np.number, str)) for v in value):
            inner = ", ".join(short(v) for v in value)
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"({len(value)} items)"
    text = repr(value)
    return text if len(text) <= 40 else f"<{type(value).__name__}>"


def _items(obj, headline: tuple[str, ...]) -> list[tuple[str, str]]:
    items = []
    for name in headline:
        try:
            items.append((name, short(getattr(obj, name))))
        except Exception as exc:  # a figure that cannot be computed is shown, not raised
            items.append((name, f"<{type(exc).__name__}>"))
    for f in dataclasses.fields(obj):
        if f.name not in headline and not f.name.startswith("_"):
            items.append((f.name, short(getattr(obj, f.name))))
    return items


def _repr(self) -> str:
    name = type(self).__name__
    items = [f"{k}={v}" for k, v in _items(self, type(self)._display_headline)]
    for n in range(len(items), -1, -1):
        shown = items[:n] + ([f"+{len(items) - n} more"] if n < len(items) else [])
        text = f"{name}({', '.join(shown)})"
        if len(text) <= MAX_REPR:
            return text
    return text[: MAX_REPR - 4] + "...)"


def _repr_html(self) -> str:
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
        f"{html.escape(v)}</td></tr>"
        for k, v in _items(self, type(self)._display_headline)
    )
    return (f"<table><caption style='text-align:left'><b>{type(self).__name__}</b></caption>"
            f"{rows}</table>")


def _to_pandas(self):
    """The result's rows as a pandas DataFrame (one column per 1-D series; epochs as index)."""
    import pandas as pd

    index_name, columns = type(self)._display_table
    if index_name == "records":  # one row per dataclass in the named sequence
        obj = self
        for part in columns[0].split("."):
            obj = getattr(obj, part)
        return pd.DataFrame([dataclasses.asdict(row) for row in obj])
    data = {}
    for col in columns:
        value = np.asarray(getattr(self, col))
        if value.ndim != 1:
            continue
        data[col] = value
    index = None
    if index_name is not None:
        t = getattr(self, index_name)
        if isinstance(t, Time):
            index = pd.DatetimeIndex(t.utc.datetime64, name=f"{index_name}_utc")
        else:
            index = pd.Index(np.asarray(t), name=index_name)
    return pd.DataFrame(data, index=index)


def result(headline: tuple[str, ...] = (), table: tuple[str | None, tuple[str, ...]] | None = None):
    """Class decorator (above ``@dataclass``): short ``repr``, ``_repr_html_``, ``to_pandas``.

    ``headline``: attribute or property names shown first. ``table``: ``(index, columns)`` for
    ``to_pandas()`` -- ``index`` names an epoch or coordinate series (or None), ``columns`` the
    1-D series of the same length; or ``("records", ("lines",))``: one row per dataclass of the
    sequence ``lines`` (a dotted path such as ``"budget.lines"`` is followed). Without ``table``
    the result has no ``to_pandas``.
    """

    def wrap(cls):
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass")
        cls._display_headline = tuple(headline)
        cls.__repr__ = _repr
        cls._repr_html_ = _repr_html
        if table is not None:
            cls._display_table = (table[0], tuple(table[1]))
            cls.to_pandas = _to_pandas
        return cls

    return wrap
