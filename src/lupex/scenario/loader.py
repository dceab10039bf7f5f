"""Read and validate scenario TOML files. Scenario files are data: nothing in them is executed."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from lupex.errors import InputError
from lupex.scenario.schema import Scenario


class ScenarioError(InputError):
    """A scenario file that cannot be used; the message lists every problem with its key path."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        self.source = source
        ValueError.__init__(self, self._format())

    def _format(self) -> str:
        if len(self.problems) == 1:
            return f"{self.source}: {self.problems[0]}"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.source}: {len(self.problems)} problems:\n{lines}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _describe(err: dict, data: dict) -> str:
    path = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = err["loc"][:-1]
        allowed = _allowed_keys(parent)
        hint = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{path}'{hint}"
    if kind == "missing":
        return f"'{path}' is required"
    msg = err["msg"]
    return f"{path} = {_short(err.get('input'))} is not allowed: {msg}"


def _allowed_keys(parent: tuple) -> list[str]:
    model = Scenario
    for part in parent:
        field = model.model_fields.get(str(part)) if hasattr(model, "model_fields") else None
        if field is None:
            return []
        ann = field.annotation
        if not (isinstance(ann, type) and hasattr(ann, "model_fields")):
            return []
        model = ann
    return list(model.model_fields)


def parse_scenario(data: dict, source: str = "<scenario>") -> Scenario:
    """Validate a parsed TOML mapping into a :class:`Scenario`; raise ScenarioError on problems."""
    if not isinstance(data, dict):
        raise ScenarioError(source, [f"a scenario is a TOML table, got {type(data).__name__}"])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e, data) for e in exc.errors()]
        raise ScenarioError(source, problems) from None
    # The stack must add up (lander dry + propellant, rover and instruments inside).
    from lupex.scenario.composition import composition_problems, work_split_problems

    from lupex.scenario.input_checks import input_problems

    problems = (work_split_problems(scenario) + composition_problems(scenario)
                + input_problems(scenario))
    if problems:
        raise ScenarioError(source, problems)
    # Dates outside the ephemeris are an input error, reported with their key path.
    from lupex.ephemeris import to_time

    try:
        t0 = to_time(scenario.launch.date, "launch.date")
    except InputError as exc:
        raise ScenarioError(source, [str(exc)]) from None
    # ... and so is a mission whose span runs past them (found here, not after the launch stage)
    from lupex.ephemeris import SPAN_STOP
    from lupex.transfer.lunar_orbit import SITE_PASS_SEARCH_DAYS

    tr = scenario.transfer
    span_days = (1.0 + tr.time_of_flight_days + tr.lowering_days + tr.min_circular_orbit_days
                 + SITE_PASS_SEARCH_DAYS + scenario.surface.duration_days)
    if (t0.utc.jd + span_days) > SPAN_STOP.utc.jd:
        raise ScenarioError(source, [
            f"launch.date = {scenario.launch.date} is not allowed with surface.duration_days = "
            f"{scenario.surface.duration_days:g}: the mission (launch, up to {span_days:.0f} days "
            f"to the end of the surface mission) must end by {SPAN_STOP.isot[:10]}, the end of "
            "JPL DE421 and the DE421 lunar orientation kernel shipped with lupex"])
    return scenario


#: Largest scenario file read, bytes (a scenario is a few kB; this bounds reads of a wrong file).
MAX_SCENARIO_BYTES = 4 * 1024 * 1024


def parse_scenario_text(text: str, source: str = "<scenario>") -> Scenario:
    """Parse TOML text and validate it (a leading UTF-8 byte-order mark is ignored)."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, [f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise ScenarioError(source, ["nests tables or arrays too deeply to be a scenario"]) from None
    try:
        return parse_scenario(data, source)
    except RecursionError:
        raise ScenarioError(source, ["nests tables or arrays too deeply to be a scenario"]) from None


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario file (UTF-8 TOML), or a scenario shipped with lupex by its name (e.g.
    ``baseline``) when no such file exists. Errors name the file, the key path and what is
    allowed."""
    p = Path(path)
    source = str(path)
    if not p.exists():
        from lupex.scenario.library import packaged_scenario, packaged_scenarios

        shipped = packaged_scenario(source)
        if shipped is None:
            raise ScenarioError(source, [
                "no such file: give the path of a scenario .toml file, or the name of a scenario "
                f"shipped with lupex ({', '.join(packaged_scenarios())}; `lupex scenarios list`)"])
        p = shipped
    if p.is_dir():
        raise ScenarioError(source, ["is a directory, not a scenario .toml file"])
    if not p.is_file():  # a FIFO, a device, a socket: never read without bound
        raise ScenarioError(source, ["is not a regular file: give the path of a scenario .toml "
                                     "file"])
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ScenarioError(source, [f"is larger than {MAX_SCENARIO_BYTES // (1024 * 1024)} MB: "
                                     "not a scenario file"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            source,
            [f"is not UTF-8 text (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); "
             "save the scenario as UTF-8"],
        ) from None
    return parse_scenario_text(text, source)
