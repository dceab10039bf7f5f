"""The local pool's workers get the thread limits dask's nanny gives its workers, so both
executors evaluate a case to the same bits (the whole-mission equality is tests/sweep/test_dask.py,
slow); the parent's environment is left as it was."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from lupex.sweep.execute import WORKER_ENV, _worker_environment


def test_worker_env_matches_dask_nanny_and_is_restored(monkeypatch):
    pytest.importorskip("distributed")
    import dask

    nanny = {k: str(v) for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()}
    assert {k: nanny[k] for k in WORKER_ENV} == WORKER_ENV
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with _worker_environment():
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            seen = pool.submit(os.getenv, "OPENBLAS_NUM_THREADS").result()
            omp = pool.submit(os.getenv, "OMP_NUM_THREADS").result()
    assert seen == "1" and omp == "1"
    assert os.environ["OMP_NUM_THREADS"] == "7"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
