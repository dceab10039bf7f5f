"""Run sweep cases on a local process pool or a dask.distributed cluster, resumably.

- :func:`evaluate_case` is the task: it runs one case (a plain dict, so it pickles cheaply and
  needs nothing but an installed ``lupex`` on the worker) and returns its JSON-ready record.
- :class:`CaseCache` keeps finished records as ``DIR/cases/<hash>.json``, each written atomically
  (temporary file in the same directory, fsync, ``os.replace``): a killed sweep leaves only whole
  files, and a restart with the same command loads them instead of recomputing.
- :func:`run_cases` sends the cases that are not cached to a ``ProcessPoolExecutor`` (default) or
  to an existing dask scheduler (``scheduler="tcp://host:port"``), writing each record to the cache
  in the parent process as it arrives (so workers need no shared file system). A case that raises
  is recorded with its error and is *not* cached, so it is retried next time.

Dask: tasks are keyed by their case hash; if a worker dies, the scheduler reruns its tasks on the
remaining workers (dask's ``distributed.scheduler.allowed-failures``, default 3 deaths per task).

The cache lives in :mod:`lupex.sweep.cache` and the scheduler check in :mod:`lupex.sweep.handshake`;
their names are re-exported here.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from contextlib import contextmanager
import signal
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from lupex.errors import InputError
from lupex.sweep.cases import Case
from lupex.sweep.cache import (  # noqa: F401 - re-exported
    CaseCache, atomic_write_bytes, is_complete_record,
)
from lupex.sweep.handshake import (  # noqa: F401 - re-exported
    HANDSHAKE_MAX_BYTES, HANDSHAKE_TIMEOUT_S, check_dask_handshake,
)


class SweepAborted(RuntimeError):
    """The sweep could not go on (e.g. worker processes keep dying); finished cases are cached."""


#: How many times one run of the local pool is restarted after a worker process died.
POOL_RESTARTS = 3

#: Environment variable: extra seconds each case sleeps (to exercise interruption in tests/demos).
DELAY_ENV = "LUPEX_SWEEP_CASE_DELAY_S"

#: Thread limits that dask.distributed's nanny sets in every worker it starts
#: (``distributed.nanny.pre-spawn-environ``). Local pool workers are started with the same, so a
#: case gives the same bits under both executors: the launch stage's SLSQP capacity solve
#: depends on the BLAS threading (8,057.8 kg with the default threads, 8,050.0 kg with one, for
#: the baseline -- well inside the optimiser's repeatability, but not bit-identical).
WORKER_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@contextmanager
def _worker_environment():
    """Set :data:`WORKER_ENV` while pool workers are spawned (they inherit the environment at
    start, before their BLAS loads); the parent's own environment is restored afterwards."""
    old = {k: os.environ.get(k) for k in WORKER_ENV}
    os.environ.update(WORKER_ENV)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def nominal_task(case: Case, delay_s: float = 0.0) -> dict:
    """The plain-data payload for running one nominal case."""
    return {"hash": case.nominal, "kind": "nominal", "evaluator": case.evaluator,
            "scenario": case.scenario, "delay_s": float(delay_s)}


def dispersion_task(case: Case, nominal_summary: dict, delay_s: float = 0.0) -> dict:
    """The payload for one Monte Carlo sample, evaluated from its nominal case's summary."""
    return {"hash": case.hash, "kind": "dispersion", "nominal": case.nominal,
            "scenario": case.scenario, "dispersion": case.dispersion,
            "nominal_summary": nominal_summary, "delay_s": float(delay_s)}


def evaluate_case(task: dict) -> dict:
    """Run one task (in a worker) and return its record (JSON-ready dict).

    Nominal tasks run the evaluator (default: the whole scenario) and record ``summary``;
    dispersion tasks record ``mc`` (:func:`lupex.sweep.montecarlo.evaluate_dispersion`) from the
    nominal summary. Other keys: ``hash``, ``kind``, ``error`` (None, or "Type: message" when
    the case raised), ``elapsed_s``, ``worker_pid``, ``lupex_version``.
    """
    import lupex
    from lupex.scenario import parse_scenario

    t0 = time.perf_counter()
    record = {"hash": task["hash"], "kind": task.get("kind", "nominal"), "summary": None,
              "mc": None, "error": None, "lupex_version": lupex.__version__,
              "worker_pid": os.getpid()}
    try:
        if task.get("delay_s"):
            time.sleep(task["delay_s"])
        scenario = parse_scenario(task["scenario"], source=f"case {task['hash']}")
        if record["kind"] == "dispersion":
            from lupex.sweep.montecarlo import evaluate_dispersion

            record["nominal"] = task["nominal"]
            record["mc"] = evaluate_dispersion(scenario, task["nominal_summary"],
                                               task["dispersion"])
        else:
            from lupex.sweep.evaluators import resolve

            summary = resolve(task.get("evaluator", "full"))(scenario)
            if not isinstance(summary, dict) or not summary:
                raise TypeError(f"the evaluator returned {type(summary).__name__} "
                                f"{str(summary)[:60]!r}, not a summary mapping (a dict)")
            record["summary"] = json.loads(json.dumps(summary, default=str))
    except Exception as exc:  # reported per case; the sweep goes on
        record["error"] = f"{type(exc).__name__}: {exc}"
        record["traceback"] = traceback.format_exc(limit=8)
    record["elapsed_s"] = time.perf_counter() - t0
    return record


#: How often a pool worker checks that the sweep that started it is still alive, s.
PARENT_POLL_S = 0.5


def _exit_when_orphaned(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent_pid:
            os._exit(1)  # the sweep is gone (killed): a worker must not compute on for no one


def _ignore_sigint(parent_pid: int | None = None) -> None:
    """Pool worker initializer: Ctrl-C is the parent's business, and a worker whose parent
    (``parent_pid``, the sweep) dies, even by SIGKILL, which the parent cannot pass on, exits
    within :data:`PARENT_POLL_S`; one orphaned while it was still starting exits at once."""
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_pid = os.getppid() if parent_pid is None else parent_pid
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True,
                     name="lupex-orphan-watch").start()


def run_cases(
    tasks: Iterable[dict],
    cache: CaseCache,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    backend: Backend | None = None,
    on_result: Callable[[dict, bool], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    run_id: str | None = None,
) -> tuple[dict[str, dict], dict]:
    """Compute every task whose hash is not in ``cache``; return ({hash: record}, run info).

    Runs on ``backend`` when given (kept open for the caller), else on a new
    ``Backend(scheduler, workers)`` closed on return.

    on_start(total_unique, cached) is called once before computing; on_result(record, cached)
    for every unique task (cached ones first). Run info: ``run_id``, ``computed``, ``cached``,
    ``failed``, ``wall_s``, ``executor``, ``workers``.
    """
    unique: dict[str, dict] = {}
    for t in tasks:
        unique.setdefault(t["hash"], t)
    run_id = run_id or uuid.uuid4().hex[:12]
    records: dict[str, dict] = {}
    todo: list[dict] = []
    for h, t in unique.items():
        rec = cache.load(h)
        if rec is None:
            todo.append(t)
        else:
            records[h] = rec
    if on_start:
        on_start(len(unique), len(records))
    if on_result:
        for rec in records.values():
            on_result(rec, True)
    own = backend is None
    backend = backend or Backend(scheduler, workers)
    info = {"run_id": run_id, "cached": len(records), "computed": 0, "failed": 0,
            "executor": backend.name, "workers": backend.workers}
    t0 = time.perf_counter()

    def accept(rec: dict) -> None:
        rec["run_id"] = run_id
        rec["computed_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if rec.get("error"):
            info["failed"] += 1
        else:
            cache.store(rec)
            info["computed"] += 1
        records[rec["hash"]] = rec
        if on_result:
            on_result(rec, False)

    if todo:
        if own:
            with backend:
                info["workers"] = backend.run(todo, accept)
        else:
            info["workers"] = backend.run(todo, accept)
    info["wall_s"] = time.perf_counter() - t0
    info["pool_restarts"] = backend.pool_restarts
    return records, info


def case_delay_s() -> float:
    """Seconds each case sleeps first (``LUPEX_SWEEP_CASE_DELAY_S``; 0 unless set)."""
    try:
        return max(0.0, float(os.environ.get(DELAY_ENV, "0") or 0))
    except ValueError:
        raise InputError(DELAY_ENV, os.environ.get(DELAY_ENV), "a number of seconds") from None


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


class Backend:
    """Where tasks run: a local process pool, or a dask scheduler. Started on first use and
    reused for every phase of a sweep; use as a context manager (or call :meth:`close`)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = workers
        self.name = "dask" if scheduler else "process_pool"
        self._pool = None
        self._client = None
        self.pool_restarts = 0

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(abort=exc_type is not None)

    def run(self, tasks: list[dict], accept) -> int:
        """Run ``tasks``, calling ``accept(record)`` as each finishes; return the worker count."""
        if self.scheduler:
            return self._run_dask(tasks, accept)
        return self._run_pool(tasks, accept)

    def close(self, abort: bool = False) -> None:
        if self._pool is not None:
            if abort:
                # Interrupted (Ctrl-C, SIGTERM) or failed: stop workers now; the cache is kept.
                procs = list((getattr(self._pool, "_processes", None) or {}).values())
                self._pool.shutdown(wait=False, cancel_futures=True)
                for p in procs:
                    if p.is_alive():
                        p.terminate()
            else:
                self._pool.shutdown(wait=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def _new_pool(self, n: int) -> None:
        # spawn: workers start clean (no inherited threads or locks from the parent).
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                         initializer=_ignore_sigint, initargs=(os.getpid(),))

    def _run_pool(self, tasks: list[dict], accept) -> int:
        """Run on the local pool. If a worker process dies (killed, out of memory, crash), the
        pool is restarted and the tasks that were in flight are run again, up to
        :data:`POOL_RESTARTS` times per call (what dask does for a lost worker). Workers are
        spawned (on demand, inside ``submit``) with :data:`WORKER_ENV`, as dask's are."""
        with _worker_environment():
            return self._run_pool_inner(tasks, accept)

    def _run_pool_inner(self, tasks: list[dict], accept) -> int:
        n = self.workers or default_workers()
        if self._pool is None:
            self._new_pool(n)
        # A bounded window of work in flight: an interruption loses at most the cases running,
        # and memory stays flat for large sweeps.
        queue = list(reversed(tasks))  # pop() from the end keeps the sweep order
        in_flight: dict = {}
        window = 4 * n
        restarts = 0
        while queue or in_flight:
            while queue and len(in_flight) < window:
                task = queue.pop()
                in_flight[self._pool.submit(evaluate_case, task)] = task
            done, _ = wait(set(in_flight), return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                task = in_flight.pop(fut)
                try:
                    rec = fut.result()
                except BrokenProcessPool:
                    broken = True
                    queue.append(task)
                    continue
                accept(rec)
            if broken:
                restarts += 1
                self.pool_restarts += 1
                if restarts > POOL_RESTARTS:
                    raise SweepAborted(
                        f"local worker processes died {restarts} times during this sweep; the "
                        "finished cases are cached (rerun the same command to resume)")
                queue.extend(in_flight.values())  # every other task in flight is lost too
                in_flight.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._new_pool(n)
        return n

    def connect(self) -> None:
        """Connect to the dask scheduler now (InputError if it cannot be reached)."""
        if self.scheduler and self._client is None:
            try:
                from distributed import Client
            except ImportError:
                raise InputError("--scheduler", self.scheduler,
                                 "a sweep on a dask cluster needs dask.distributed: install it "
                                 "with pip install 'lupex[cluster]' (the local process pool "
                                 "needs nothing more)") from None
            check_dask_handshake(self.scheduler)

            try:
                self._client = Client(self.scheduler, timeout="10s", set_as_default=False)
            except Exception as exc:  # any failure to connect is the address's fault
                raise InputError(
                    "--scheduler", self.scheduler,
                    f"the address of a running dask scheduler, e.g. tcp://127.0.0.1:8786 ({exc})",
                ) from None

    def _run_dask(self, tasks: list[dict], accept) -> int:
        from distributed import as_completed

        self.connect()
        client = self._client
        n_workers = len(client.scheduler_info().get("workers", {}))
        futures = [client.submit(evaluate_case, t, key=f"lupex-case-{t['hash']}", pure=False)
                   for t in tasks]
        for fut in as_completed(futures, loop=client.loop):
            try:
                rec = fut.result()
            except Exception as exc:  # the case itself never raises: this is the cluster
                raise SweepAborted(
                    f"the dask cluster lost a task ({type(exc).__name__}: {exc}); finished "
                    "cases are cached (rerun the same command to resume)") from exc
            accept(rec)
            fut.release()
        return n_workers
