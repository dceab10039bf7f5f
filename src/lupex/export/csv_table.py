"""CSV export of tables (rows of mappings) for spreadsheets and pandas."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from lupex.errors import InputError


def _cell(value):
    """One CSV cell: numbers at full precision (repr), None/NaN empty, epochs ISO 8601 UTC."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return "" if math.isnan(v) else repr(v)
    try:
        from astropy.time import Time

        if isinstance(value, Time) and value.isscalar:
            return value.utc.isot + "Z"
    except ImportError:  # pragma: no cover - astropy is a dependency
        pass
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    return str(value)


def write_csv_table(path, rows, columns=None) -> Path:
    """Write ``rows`` to a UTF-8 CSV file with a header line and return the path.

    rows : iterable of mappings (column -> value), or a pandas DataFrame. Units belong in the
        column names (``dv_m_s``, ``mass_kg``), as in summary.json.
    columns : column order; default the keys in order of first appearance. Missing values are
        written empty; NaN is written empty; floats at full precision; lists joined with ";".

    Raises InputError if a row is not a mapping or has a key not in ``columns``.
    """
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):  # pandas DataFrame
        rows = rows.to_dict("records")
    rows = list(rows)
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise InputError(f"rows[{i}]", r, "a mapping of column name to value")
    if columns is None:
        columns = []
        for r in rows:
            for k in r:
                if k not in columns:
                    columns.append(k)
    else:
        columns = list(columns)
        for i, r in enumerate(rows):
            extra = [k for k in r if k not in columns]
            if extra:
                raise InputError(f"rows[{i}]", extra, f"only the columns {columns}")
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError("path", str(path), "a file in an existing directory")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([str(c) for c in columns])
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
    return path
