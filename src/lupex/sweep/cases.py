"""Expand a base scenario and ``--vary`` options (and Monte Carlo draws) into validated cases.

Every case is validated through :func:`lupex.scenario.parse_scenario` before anything runs, so an
unknown key or a wrong type is reported (naming the ``--vary`` key and what is allowed) up front.
Each case is identified by the SHA-256 of the canonical JSON of its complete, validated inputs
(the whole scenario plus its Monte Carlo draw): the name of its cache file ``cases/<hash>.json``.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass

from lupex.errors import InputError
from lupex.scenario import Scenario, ScenarioError, parse_scenario
from lupex.sweep.sites import get_site
from lupex.sweep.spec import Vary

#: Bumped when the cached record layout changes (part of every case hash).
CACHE_FORMAT = 1

#: Keys that are not scenario fields but set several of them at once.
VIRTUAL_KEYS = {"landing.site": ("landing.site_name", "landing.lat_deg", "landing.lon_deg")}

#: Largest sweep accepted in one command (cases x samples).
MAX_CASES = 1_000_000
#: Sweeps with more cases than this run only when confirmed (``lupex sweep --yes``).
LARGE_SWEEP_CASES = 100_000


@dataclass(frozen=True)
class Case:
    """One variant to run.

    index: position in the sweep (varied keys in command-line order, first key outermost; Monte
        Carlo samples innermost).
    inputs: the varied keys and their values, JSON-ready (dates as ISO 8601 text).
    scenario: the complete validated scenario, JSON-ready (``Scenario.model_dump(mode="json")``).
    sample: Monte Carlo sample number, or None.
    dispersion: the drawn dispersion values of this sample (see :mod:`lupex.sweep.montecarlo`).
    hash: 32 hex digits of SHA-256 over the canonical JSON of (evaluator, scenario, dispersion).
    nominal: hash of the nominal (undispersed) case this one is evaluated from (== hash when
        there is no dispersion): the scenario is run once per nominal case, then each Monte Carlo
        sample is evaluated from its summary.
    evaluator: name of the nominal case function (:mod:`lupex.sweep.evaluators`).
    """

    index: int
    inputs: dict
    scenario: dict
    sample: int | None
    dispersion: dict | None
    hash: str
    nominal: str
    evaluator: str = "full"


def canonical_json(obj) -> str:
    """Canonical JSON: sorted keys, no whitespace, UTF-8 text, floats as shortest round-trip repr."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def case_hash(scenario_json: dict, dispersion: dict | None, evaluator: str = "full") -> str:
    payload = {"format": CACHE_FORMAT, "evaluator": evaluator, "scenario": scenario_json,
               "dispersion": dispersion}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()[:32]


def _json_value(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def check_key(key: str) -> None:
    """Raise InputError unless ``key`` is a dotted path to a scenario field (or a virtual key)."""
    if key in VIRTUAL_KEYS:
        return
    parts = key.split(".")
    model = Scenario
    for i, part in enumerate(parts):
        fields = getattr(model, "model_fields", None)
        if fields is None:
            # Inside a mapping (e.g. work_split.elements.<name>.mass_kg): the schema checks it.
            return
        if part not in fields:
            here = ".".join(parts[:i]) or "the scenario"
            allowed = list(fields)
            if i == 1 and parts[0] == "landing":
                allowed.append("site (a named site)")
            raise InputError(
                "--vary", key,
                f"a dotted scenario key; keys allowed in {here}: {', '.join(allowed)}",
            )
        ann = fields[part].annotation
        if i == len(parts) - 1:
            if isinstance(ann, type) and hasattr(ann, "model_fields"):
                raise InputError(
                    "--vary", key,
                    f"a key inside [{key}]: one of {', '.join(ann.model_fields)}",
                )
            return
        model = ann if isinstance(ann, type) and hasattr(ann, "model_fields") else None
        if model is None:
            if i + 1 < len(parts) and isinstance(fields[part].annotation, type):
                raise InputError("--vary", key, f"a key path ending at {'.'.join(parts[:i + 1])}, "
                                 "which holds a single value")
            return


def _set_path(data: dict, key: str, value) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        nxt = node.get(part)
        if nxt is None:
            nxt = node[part] = {}
        if not isinstance(nxt, dict):
            raise InputError("--vary", key, f"a key path; {part} holds a single value")
        node = nxt
    node[parts[-1]] = value


def apply_value(data: dict, key: str, value) -> dict:
    """Set one varied key in a scenario mapping (in place) and return the table inputs it adds."""
    if key == "landing.site":
        site = get_site(value, where="--vary landing.site")
        _set_path(data, "landing.site_name", site.name)
        _set_path(data, "landing.lat_deg", site.lat_deg)
        _set_path(data, "landing.lon_deg", site.lon_deg)
        return {"landing.site": site.name, "landing.lat_deg": site.lat_deg,
                "landing.lon_deg": site.lon_deg}
    _set_path(data, key, value)
    return {key: _json_value(value)}


def _validate(data: dict, where: str, value) -> Scenario:
    try:
        return parse_scenario(data, source=where)
    except ScenarioError as exc:
        # The schema's own wording, without repeating "key = value is not allowed:".
        problems = [p.split(" is not allowed: ", 1)[-1].rstrip(".") for p in exc.problems]
        raise InputError(where, value, "; ".join(problems)) from None


def check_varies(varies: list[Vary]) -> None:
    """Check keys, duplicates and conflicts between ``--vary`` options."""
    seen: dict[str, str] = {}
    for v in varies:
        check_key(v.key)
        targets = VIRTUAL_KEYS.get(v.key, (v.key,))
        for t in targets:
            if t in seen:
                raise InputError(
                    "--vary", v.key,
                    f"a key varied once; it sets {t}, already set by --vary {seen[t]}",
                )
            seen[t] = v.key
        if not v.values:
            raise InputError(f"--vary {v.key}", v.spec, "at least one value")


def build_cases(
    base: Scenario, varies: list[Vary], dispersions: list[dict] | None = None,
    evaluator: str = "full", confirmed: bool = True,
) -> list[Case]:
    """All cases of a sweep, each validated; ``dispersions`` are Monte Carlo draws (one per sample).

    Every value of every key is first validated alone against the base scenario (so the error
    names the key and the value), then every combination is validated as a whole. More than
    :data:`LARGE_SWEEP_CASES` cases need ``confirmed`` (InputError naming ``--yes`` otherwise).
    """
    check_varies(varies)
    n = 1
    for v in varies:
        n *= len(v.values)
    n *= len(dispersions) if dispersions else 1
    if n > MAX_CASES:
        raise InputError("--vary/--samples", n, f"at most {MAX_CASES:,} cases in one sweep")
    if n > LARGE_SWEEP_CASES and not confirmed:
        sizes = " x ".join([f"{len(v.values):,} {v.key}" for v in varies]
                           + ([f"{len(dispersions):,} samples"] if dispersions else []))
        raise InputError("--yes", "not given", f"--yes to run a sweep of {n:,} cases ({sizes}); "
                         f"sweeps of more than {LARGE_SWEEP_CASES:,} cases need it")
    base_data = base.model_dump(mode="python")
    for v in varies:
        for value in dict.fromkeys(v.values, None) if _hashable(v.values) else v.values:
            data = copy.deepcopy(base_data)
            apply_value(data, v.key, value)
            _validate(data, f"--vary {v.key}", _json_value(value))

    cases: list[Case] = []
    index = 0
    for combo in itertools.product(*(v.values for v in varies)):
        data = copy.deepcopy(base_data)
        inputs: dict = {}
        for v, value in zip(varies, combo):
            inputs.update(apply_value(data, v.key, value))
        where = "--vary " + ", ".join(f"{v.key}={_json_value(x)}" for v, x in zip(varies, combo))
        scenario = _validate(data, where or "scenario", combo)
        sj = scenario.model_dump(mode="json")
        nominal = case_hash(sj, None, evaluator)
        for s, disp in enumerate(dispersions) if dispersions else [(None, None)]:
            h = nominal if disp is None else case_hash(sj, disp, evaluator)
            cases.append(Case(index, inputs, sj, s, disp, h, nominal, evaluator))
            index += 1
    return cases


def _hashable(values) -> bool:
    try:
        hash(values)
        return True
    except TypeError:
        return False
