"""One row per case: the varied inputs, the Monte Carlo draw, and the flattened summary.json figures.

Columns, in order:

- ``case`` (index in the sweep), ``hash`` (cache key), ``sample`` (Monte Carlo sample or empty);
- ``input.<key>`` for each varied key (``input.landing.site`` also adds the site's lat/lon);
- ``dispersion.<name>`` for each drawn dispersion component (vectors get ``[i]`` suffixes);
- ``mc.<figure>`` for the dispersed evaluation (``mc.correction_dv_m_s``, …);
- every scalar figure of summary.json, flattened with dots (``feasible``,
  ``launch.margin_kg``, ``work_split.ISRO.mass_kg``, …), plus ``n_infeasibilities``,
  ``infeasible_quantities`` and ``not_modelled`` (joined with ``;``); the scenario inputs, the
  timeline and the element/responsibility lists are left out (they are in ``cases/<hash>.json``);
- ``error`` (when a case failed), ``elapsed_s``, ``run_id``.

Tables are written atomically (temporary file + ``os.replace``) as CSV and, when pyarrow is
installed (the ``lupex[parquet]`` extra), as Parquet.
"""

from __future__ import annotations

import io
from pathlib import Path

from lupex.sweep.cases import Case
from lupex.sweep.cache import atomic_write_bytes

#: summary.json entries not flattened into the table (lists, or repeated inputs).
SKIP = {"scenario", "timeline", "work_split_elements", "responsibility_matrix", "infeasibilities",
        "not_modelled"}


def flatten(d: dict, prefix: str = "") -> dict:
    """Scalar leaves of nested dicts as {"a.b.c": value}; lists and None-valued sections kept as
    None only at leaf level (lists are skipped)."""
    out: dict = {}
    for k, v in d.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif isinstance(v, (list, tuple)):
            continue
        else:
            out[name] = v
    return out


def summary_columns(summary: dict) -> dict:
    row: dict = {}
    for k, v in summary.items():
        if k in SKIP:
            continue
        if isinstance(v, dict):
            row.update(flatten(v, k + "."))
        elif v is None:
            row[k] = None
        elif not isinstance(v, (list, tuple)):
            row[k] = v
    infs = summary.get("infeasibilities") or []
    row["n_infeasibilities"] = len(infs)
    row["infeasible_quantities"] = ";".join(f"{i.get('stage')}:{i.get('quantity')}" for i in infs)
    row["not_modelled"] = ";".join(summary.get("not_modelled") or [])
    return row


def case_row(case: Case, record: dict | None, mc_record: dict | None = None) -> dict:
    """One table row: ``record`` is the nominal case's, ``mc_record`` the sample's (if any)."""
    row: dict = {"case": case.index, "hash": case.hash, "sample": case.sample}
    for k, v in case.inputs.items():
        row[f"input.{k}"] = v
    for k, v in (case.dispersion or {}).items():
        if k == "sample":
            continue
        if isinstance(v, list):
            for i, x in enumerate(v):
                row[f"dispersion.{k}[{i}]"] = x
        else:
            row[f"dispersion.{k}"] = v
    if record is None or (case.dispersion is not None and mc_record is None):
        row["error"] = "not computed"
        return row
    mc = (mc_record or {}).get("mc")
    if mc:
        for k, v in mc.items():
            if isinstance(v, (dict, list)):
                v = ";".join(sorted(v)) if v else ""
            row[f"mc.{k}"] = v
    if record.get("summary"):
        row.update(summary_columns(record["summary"]))
    last = mc_record or record
    row["error"] = record.get("error") or (mc_record or {}).get("error")
    row["elapsed_s"] = last.get("elapsed_s")
    row["run_id"] = last.get("run_id")
    return row


def build_table(cases: list[Case], records: dict[str, dict]):
    """A pandas DataFrame, one row per case in sweep order."""
    import pandas as pd

    rows = [case_row(c, records.get(c.nominal),
                     records.get(c.hash) if c.dispersion is not None else None) for c in cases]
    df = pd.DataFrame.from_records(rows)
    if "error" in df.columns and df["error"].isna().all():
        df = df.drop(columns=["error"])
    return df


def _arrow_table(df):
    """pyarrow Table; columns whose values mix types are stored as text (nulls kept)."""
    import pyarrow as pa

    arrays, names = [], []
    for name in df.columns:
        values = [None if _isna(v) else v for v in df[name].tolist()]
        try:
            arr = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            arr = pa.array([None if v is None else str(v) for v in values], type=pa.string())
        arrays.append(arr)
        names.append(str(name))
    return pa.Table.from_arrays(arrays, names=names)


def _isna(v) -> bool:
    try:
        return v is None or (isinstance(v, float) and v != v)
    except Exception:  # pragma: no cover
        return False


def parquet_available() -> bool:
    """Whether pyarrow is installed (``pip install 'lupex[parquet]'``): Parquet tables are
    written only then; the CSV always is."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def write_tables(df, out_dir: str | Path, stem: str = "cases") -> list[Path]:
    """Write ``<stem>.csv`` and, with pyarrow installed, ``<stem>.parquet``, each atomically;
    return the paths."""
    out = Path(out_dir)
    paths = []
    if parquet_available():
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(_arrow_table(df), buf)
        parquet = out / f"{stem}.parquet"
        atomic_write_bytes(parquet, buf.getvalue())
        paths.append(parquet)
    csv = out / f"{stem}.csv"
    atomic_write_bytes(csv, df.to_csv(index=False).encode("utf-8"))
    return paths + [csv]


#: Flattened summary.json columns of a whole-mission case (evaluator ``full``), one per line.
#: Written from a baseline run by :func:`write_known_summary_columns`; a test keeps the list equal
#: to the columns of a real run, so ``--plot`` can be checked before a sweep computes anything.
SUMMARY_COLUMNS_RESOURCE = "summary_columns.txt"


def known_summary_columns(evaluator: str, base=None) -> set[str] | None:
    """Summary columns an evaluator produces, known before running: the packaged list for
    ``full``, computed (milliseconds) for ``work_split``; None for a user's MODULE:FUNCTION."""
    from importlib import resources

    if evaluator == "full":
        text = resources.files("lupex.data").joinpath(SUMMARY_COLUMNS_RESOURCE).read_text("utf-8")
        return {line.strip() for line in text.splitlines() if line.strip()}
    if evaluator == "work_split" and base is not None:
        from lupex.sweep.evaluators import work_split

        return set(summary_columns(work_split(base)))
    return None


def write_known_summary_columns(summary: dict, path: str | Path) -> None:
    """Write the sorted summary columns of ``summary`` (a whole-mission run) to ``path``."""
    Path(path).write_text("\n".join(sorted(summary_columns(summary))) + "\n", encoding="utf-8")


def check_plot_columns(plot: list[str] | None, varied_keys: list[str], evaluator: str, base=None,
                       montecarlo: bool = False) -> None:
    """Refuse ``--plot`` figures that cannot be columns of cases.csv, before anything runs.

    Known columns: the varied inputs (``input.KEY``; ``landing.site`` adds its name, latitude and
    longitude), the summary columns of the evaluator, ``case``/``sample``/``elapsed_s``, and with
    Monte Carlo any ``dispersion.*`` or ``mc.*`` figure. A user evaluator's columns are not known
    before it runs: they are checked when the table is built.
    """
    from lupex.errors import InputError
    from lupex.sweep.cases import VIRTUAL_KEYS

    if not plot:
        return
    summary = known_summary_columns(evaluator, base)
    if summary is None:
        return
    inputs = set()
    for k in varied_keys:
        inputs.add(f"input.{k}")
        inputs.update(f"input.{v}" for v in VIRTUAL_KEYS.get(k, ()))
    known = summary | inputs | {"case", "sample", "elapsed_s", "n_infeasibilities"}
    prefixes = ("dispersion.", "mc.") if montecarlo else ()
    missing = [f for f in plot if f not in known and not f.startswith(prefixes or ("\0",))]
    if missing:
        import difflib

        hints = [m for f in missing for m in difflib.get_close_matches(f, sorted(known), n=1)]
        hint = f" (did you mean {', '.join(hints)}?)" if hints else ""
        raise InputError("--plot", missing[0] if len(missing) == 1 else missing,
                         f"columns of cases.csv{hint}: the varied inputs "
                         f"({', '.join(sorted(inputs)) or 'none'}) or a summary figure such as "
                         "launch.margin_kg, transfer.propellant_margin_kg, landing.sun_fraction, "
                         "surface.min_state_of_charge (the full list: lupex/data/"
                         f"{SUMMARY_COLUMNS_RESOURCE} in the installed package)")
