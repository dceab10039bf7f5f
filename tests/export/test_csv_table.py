"""CSV tables parse back (csv module and pandas) to the same values."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from lupex.errors import InputError
from lupex.export import write_csv_table


def test_round_trip(tmp_path):
    rows = [
        {"name": "TLI, burn 1", "dv_m_s": 3135.123456789012, "ok": True},
        {"name": "LOI \"capture\"", "dv_m_s": np.float64(0.1) + np.float64(0.2), "n": np.int64(3)},
        {"name": "ñ — UTF-8", "dv_m_s": float("nan"), "ok": False, "list": [1, 2.5]},
    ]
    p = write_csv_table(tmp_path / "t.csv", rows)
    with open(p, newline="", encoding="utf-8") as f:
        back = list(csv.DictReader(f))
    assert list(back[0]) == ["name", "dv_m_s", "ok", "n", "list"]
    assert back[0]["name"] == "TLI, burn 1"
    assert back[1]["name"] == 'LOI "capture"'
    assert float(back[0]["dv_m_s"]) == rows[0]["dv_m_s"]  # full precision
    assert float(back[1]["dv_m_s"]) == 0.1 + 0.2
    assert back[2]["dv_m_s"] == "" and back[0]["n"] == "" and back[1]["n"] == "3"
    assert back[0]["ok"] == "true" and back[2]["list"] == "1;2.5"
    df = pd.read_csv(p)
    assert df["dv_m_s"].isna().tolist() == [False, False, True]


def test_columns_and_dataframe(tmp_path):
    df = pd.DataFrame({"a_kg": [1.5, 2.0], "b": ["x", "y"]})
    p = write_csv_table(tmp_path / "d.csv", df, columns=["b", "a_kg"])
    assert p.read_text(encoding="utf-8").splitlines() == ["b,a_kg", "x,1.5", "y,2.0"]
    with pytest.raises(InputError) as e:
        write_csv_table(tmp_path / "e.csv", [{"a": 1, "zz": 2}], columns=["a"])
    assert e.value.where == "rows[0]"
    with pytest.raises(InputError):
        write_csv_table(tmp_path / "e.csv", [1, 2])
