"""H3 vehicle family built from the stage data in ``data/h3.toml``.

How the propellant loads are estimated (JAXA publishes none):

* First stage: H3-22S TF2 (17 Feb 2024) main-engine cut-off came ≈ 298 s after lift-off. Two
  LE-9 at full thrust burn 2 · F_vac/(Isp·g0) = 2 · 352.9 kg/s, so the usable load is
  ≈ 298 s · 705.9 kg/s = 210.4 t. F7 (H3-24W, MECO ≈ 292 s) is then a prediction (≈ 2 % off).
* Second stage: TF2's single LE-5B-3 burn lasted ≈ 679 s: 31.18 kg/s · 679 s = 21.2 t, and the
  stage kept propellant for its de-orbit burn; we take 23.0 t usable (assumption: +1.8 t).
* SRB-3: m_p = F_peak · t_b · ∫shape dτ / (Isp·g0) from the published peak thrust, burn time and
  Isp, with the thrust-shape curve in the data file (≈ 66.8 t).

How the dead masses are found:

* Second stage: its dead mass at injection (dry stage, payload adapter, residuals and
  flight-performance reserve, one lumped figure) is CALIBRATED on exactly one published
  capacity, H3-24 to a lunar transfer orbit (C3 = −2 km²/s²) = 6,000 kg (JAXA: "more than
  6,000 kg"), by a secant root find (:mod:`lupex.launch.calibration`, which says why this figure
  and not GTO-1500; result and date in the data file). Every other published figure is a
  hold-out (tests/launch and the validation table).
* Closure on the published lift-off masses without payload: SRB-3 gross =
  (574 t − 422 t − (fairing L − fairing S)) / 2; first-stage dry = 422 t − stage-1 propellant −
  second stage (dead mass + propellant) − fairing S − 2 SRB-3. Moving mass into the second stage
  therefore takes it out of the first-stage dry mass: the lift-off masses stay the published
  ones, the first stage flies almost as before, and only the second stage gets heavier. The
  fairing masses are assumptions (see data file).

History: before the calibration the second stage carried a 4.0 t dry mass scaled from the
H-IIA second stage, which made the model optimistic against every published capacity (H3-24
GTO-1500 9.1 t vs 6.5 t, H3-30 SSO-500 8.05 t vs about 4 t). An earlier attempt to fix the
stage-2 mass on the flown second-stage burns (TF2 burn ≈ 667-679 s, F7 SECO ≈ 825 s) found the
two flights inconsistent with any single mass in a model flying both directly (TF2 asked for
≈ 13 t, F7 for ≈ 1.1 t): TF2 (a sun-synchronous launch) flew a dog-leg from an east-south-east
initial track (TF1, same orbit: "making a right turn, as expected, to steer from its initial
track east", Spaceflight Now, 7 Mar 2023), which lengthens its burn, and HTV-X1's separated mass
is not published (the "≈ 16 t" is HTV-X's full-capacity launch mass; the reported manifest
suggests ≈ 14.4 t). The flown timelines are therefore hold-outs, not calibration figures: TF2 is
flown with the dog-leg that sun-synchronous launches from Tanegashima fly
(:data:`lupex.launch.ascent.DOGLEG_INITIAL_AZIMUTH_DEG`), F7 directly (HTV-1's published initial
azimuth, 108.5°, is a dog-leg too; not modelled for 51.6°). TF2's burn is
reported as "11 min and 7 s" = 667 s by JST Science Japan (17 Apr 2024,
sj.jst.go.jp/stories/2024/s0417-01p.html), ≈ 679 s in JAXA's timeline.

All masses in kg, thrusts in N, areas in m², times in s.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import numpy as np

from lupex.constants import G0_M_S2 as G0  # standard gravity, m/s² (re-exported name)
from lupex.errors import InputError


@dataclass(frozen=True)
class Vehicle:
    """One H3 configuration with everything the ascent simulation needs (SI units)."""

    name: str
    n_le9: int
    n_srb: int
    fairing: str
    # first stage (core)
    le9_thrust_vac_N: float
    le9_isp_s: float
    le9_exit_area_m2: float
    le9_min_throttle: float
    stage1_propellant_kg: float
    stage1_dry_kg: float
    # boosters
    srb_peak_thrust_vac_N: float
    srb_isp_s: float
    srb_burn_time_s: float
    srb_exit_area_m2: float
    srb_propellant_kg: float
    srb_inert_kg: float
    srb_separation_delay_s: float
    srb_shape_tau: tuple[float, ...]
    srb_shape_thrust: tuple[float, ...]
    srb_diameter_m: float
    # second stage
    s2_thrust_vac_N: float
    s2_isp_s: float
    stage2_propellant_kg: float
    #: second-stage dead mass at injection (dry stage, payload adapter, residuals and
    #: flight-performance reserve): CALIBRATED, see :mod:`lupex.launch.calibration`
    stage2_dead_kg: float
    stage_separation_delay_s: float
    stage2_ignition_delay_s: float
    # fairing and aero
    fairing_kg: float
    fairing_heat_flux_W_m2: float
    core_diameter_m: float

    @property
    def liftoff_mass_no_payload_kg(self) -> float:
        return (self.stage1_dry_kg + self.stage1_propellant_kg + self.stage2_dead_kg
                + self.stage2_propellant_kg + self.fairing_kg
                + self.n_srb * (self.srb_propellant_kg + self.srb_inert_kg))

    @property
    def stage2_dry_kg(self) -> float:
        """Alias of :attr:`stage2_dead_kg` (the model lumps every mass that reaches injection
        with the second stage, besides the payload, into that one figure)."""
        return self.stage2_dead_kg

    def with_stage2_dead_mass(self, stage2_dead_kg: float) -> "Vehicle":
        """This configuration with another second-stage dead mass, lift-off mass unchanged:
        the mass moved into the second stage comes out of the first-stage dry mass (the closure
        on the published lift-off masses, see the module docstring)."""
        d = float(stage2_dead_kg) - self.stage2_dead_kg
        return replace(self, stage2_dead_kg=float(stage2_dead_kg),
                       stage1_dry_kg=self.stage1_dry_kg - d)

    @property
    def stage1_mdot_kg_s(self) -> float:
        return self.n_le9 * self.le9_thrust_vac_N / (self.le9_isp_s * G0)

    @property
    def stage1_burn_time_s(self) -> float:
        return self.stage1_propellant_kg / self.stage1_mdot_kg_s

    @property
    def s2_mdot_kg_s(self) -> float:
        return self.s2_thrust_vac_N / (self.s2_isp_s * G0)

    @property
    def reference_area_m2(self) -> float:
        """Core cross-section (m²); boosters add theirs while attached (see ascent)."""
        return math.pi * (self.core_diameter_m / 2) ** 2

    @property
    def srb_area_m2(self) -> float:
        return math.pi * (self.srb_diameter_m / 2) ** 2

    def srb_thrust_profile(self) -> tuple[np.ndarray, np.ndarray]:
        """(time s, vacuum thrust N) of one SRB-3."""
        tau = np.asarray(self.srb_shape_tau)
        return tau * self.srb_burn_time_s, np.asarray(self.srb_shape_thrust) * self.srb_peak_thrust_vac_N


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("lupex.launch.data").joinpath("h3.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def vehicle_names() -> tuple[str, ...]:
    """Names of the configurations in the data file (e.g. 'H3-24L')."""
    return tuple(_data()["configurations"])


def _srb_propellant(b: dict) -> float:
    tau = np.asarray(b["shape_tau"], float)
    shp = np.asarray(b["shape_thrust"], float)
    integral = float(np.sum(0.5 * (shp[1:] + shp[:-1]) * np.diff(tau)))
    return b["peak_thrust_vac_N"] * b["burn_time_s"] * integral / (b["isp_vac_s"] * G0)


@lru_cache(maxsize=None)
def get_vehicle(name: str) -> Vehicle:
    """The H3 configuration ``name`` ('H3-22S', 'H3-24L', 'H3-24W', 'H3-30S').

    Raises InputError for an unknown name.
    """
    d = _data()
    configs = d["configurations"]
    if not isinstance(name, str) or name not in configs:
        raise InputError("vehicle", name, f"one of {', '.join(configs)}")
    cfg = configs[name]
    le9 = d["engines"]["LE-9"]
    le5 = d["engines"]["LE-5B-3"]
    b = d["booster"]["SRB-3"]
    core = d["core"]
    fair = d["fairings"]
    srb_prop = _srb_propellant(b)
    # closure on the published lift-off masses (see module docstring)
    m22 = configs["H3-22S"]["liftoff_mass_no_payload_kg"]
    m24 = configs["H3-24L"]["liftoff_mass_no_payload_kg"]
    srb_gross = (m24 - m22 - (fair["L_kg"] - fair["S_kg"])) / 2.0
    srb_inert = srb_gross - srb_prop
    s2 = core["stage2_dead_mass_kg"] + core["stage2_propellant_kg"]
    s1_dry_2eng = m22 - core["stage1_propellant_kg"] - s2 - fair["S_kg"] - 2 * srb_gross
    s1_dry = s1_dry_2eng + (cfg["le9_engines"] - 2) * core["le9_engine_mass_kg"]
    return Vehicle(
        name=name,
        n_le9=int(cfg["le9_engines"]),
        n_srb=int(cfg["srb3_boosters"]),
        fairing=cfg["fairing"],
        le9_thrust_vac_N=le9["thrust_vac_N"],
        le9_isp_s=le9["isp_vac_s"],
        le9_exit_area_m2=le9["exit_area_m2"],
        le9_min_throttle=le9["min_throttle"],
        stage1_propellant_kg=core["stage1_propellant_kg"],
        stage1_dry_kg=s1_dry,
        srb_peak_thrust_vac_N=b["peak_thrust_vac_N"],
        srb_isp_s=b["isp_vac_s"],
        srb_burn_time_s=b["burn_time_s"],
        srb_exit_area_m2=b["exit_area_m2"],
        srb_propellant_kg=srb_prop,
        srb_inert_kg=srb_inert,
        srb_separation_delay_s=b["separation_delay_s"],
        srb_shape_tau=tuple(b["shape_tau"]),
        srb_shape_thrust=tuple(b["shape_thrust"]),
        srb_diameter_m=b["diameter_m"],
        s2_thrust_vac_N=le5["thrust_vac_N"],
        s2_isp_s=le5["isp_vac_s"],
        stage2_propellant_kg=core["stage2_propellant_kg"],
        stage2_dead_kg=core["stage2_dead_mass_kg"],
        stage_separation_delay_s=core["stage_separation_delay_s"],
        stage2_ignition_delay_s=core["stage2_ignition_delay_s"],
        fairing_kg=fair[f"{cfg['fairing']}_kg"],
        fairing_heat_flux_W_m2=fair["jettison_heat_flux_W_m2"],
        core_diameter_m=core["diameter_m"],
    )


@dataclass(frozen=True)
class PublishedCapacity:
    """A capacity JAXA has published for a configuration and target (a reference, not a model
    input). payload_kg; qualifier: 'at_least' (JAXA quotes a minimum) or 'about'; source."""

    vehicle: str
    target: str
    payload_kg: float
    qualifier: str
    source: str
    c3_km2_s2: float | None = None  # for escape targets

    def to_dict(self) -> dict:
        return {"vehicle": self.vehicle, "target": self.target, "payload_kg": self.payload_kg,
                "qualifier": self.qualifier, "source": self.source, "c3_km2_s2": self.c3_km2_s2}


def published_capacity(vehicle: str, target: str, c3_km2_s2: float | None = None
                       ) -> PublishedCapacity | None:
    """JAXA's published capacity of ``vehicle`` to ``target`` ('gto1500', 'sso500', 'leo200' or
    'c3' with ``c3_km2_s2``), from the data file's [[published]] table; None where JAXA has
    published none (most targets: only H3-24 lunar transfer and GTO-1500, H3-30 SSO-500)."""
    for row in _data().get("published", []):
        if vehicle not in row["vehicles"] or row["target"] != target:
            continue
        if target == "c3":
            if c3_km2_s2 is None or abs(c3_km2_s2 - row["c3_km2_s2"]) > row["c3_tolerance_km2_s2"]:
                continue
            name = f"c3={row['c3_km2_s2']:g}"
        else:
            name = target
        return PublishedCapacity(vehicle, name, float(row["payload_kg"]), row["qualifier"],
                                 row["source"], row.get("c3_km2_s2"))
    return None

