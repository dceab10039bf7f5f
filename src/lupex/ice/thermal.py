"""1-D regolith thermal model driven by an absorbed-flux time series, spun up to periodicity.

The heat equation rho c dT/dt = d/dz (k dT/dz) with the Hayne et al. (2017) properties
(:mod:`lupex.ice.regolith`), the surface energy balance

    eps sigma T_s^4 = F_abs(t) + Q_ext(t) + k dT/dz |_0

and the geothermal flux Q_b at the base (Hayne et al. 2017, Appendix A; Vasavada et al. 2012).
``F_abs`` is the absorbed direct solar flux, (1 - A(i)) S0 (1 au / r)^2 f_vis max(cos i, 0)
(:func:`absorbed_solar_flux`); ``Q_ext`` an optional absorbed scattered-sunlight + thermal-IR
flux from surrounding terrain, supplied by the caller (a labelled approximation: see
:func:`run_thermal`).

Numerics (:mod:`lupex.ice._kernels`): finite volumes on a geometric grid, backward-Euler on the
enthalpy form with Newton iteration on the nonlinear surface balance (unconditionally stable;
energy-conservative to the Newton tolerance). The forcing series is one period of a periodic
forcing (a lunation, a year, ...): the column is cycled through it until the temperatures at the
start and end of a cycle differ by less than ``tolerance_k`` everywhere, with an accelerated
spin-up of the deep layers (below):

Accelerated spin-up. In a periodic state the cycle-mean conductive flux is the geothermal flux
at every depth (the time-mean storage vanishes). The deep layers would take decades of simulated
time to get there by diffusion alone, so after each cycle that has not converged the cycle-mean
temperatures below ~2 skin depths of the forcing period are shifted so that the cycle-mean flux
across each interface there equals Q_b (linearised in the temperature drop across the interface;
each layer keeps its periodic deviation). A periodic solution is a fixed point of this shift, so
it changes the route to equilibrium, not the equilibrium; the convergence test is applied to the
free cycle before any shift.

Grid: first layer 2 mm (a twentieth of the 4-6 cm diurnal skin depth sqrt(kappa P / pi) of the
surface material; Hayne et al. 2017 Eq. A31 use a tenth), thickness growing by 10 % per layer,
to >= 3 m: 9-12 annual skin depths (0.24-0.34 m for the deep regolith at 250-60 K), so the annual
wave is extinct at the base where the geothermal flux is imposed, and deep enough to search 2 m
for stable ice.

References
----------
- Hayne, P. O., et al. (2017), J. Geophys. Res. Planets 122, 2371-2400, Appendix A.
- Vasavada, A. R., et al. (2012), J. Geophys. Res. 117, E00H18.
- Solar constant 1361 W/m² at 1 au: Kopp & Lean (2011), GRL 38, L01706
  (:data:`lupex.constants.SOLAR_CONSTANT_W_M2`).
- Stefan-Boltzmann constant: CODATA 2018 (``scipy.constants.sigma``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.constants import sigma as STEFAN_BOLTZMANN

from lupex.errors import InputError
from lupex.ice import _kernels as K
from lupex.ice.regolith import RegolithParameters
from lupex.constants import AU_M, SOLAR_CONSTANT_W_M2
import lupex.display as _display
from lupex.units import accepts


@_display.result(table=(None, ("surface_temperature_k", "absorbed_flux_w_m2")))
@dataclass(frozen=True)
class ThermalResult:
    """The converged (last) cycle of a thermal run. SI units; depth positive down.

    Attributes
    ----------
    dt_s : time step, s (sample k of every series is at time k dt of the forcing).
    depth_m : (N+1,) depth of the surface node (0) and of the cell centres, m.
    layer_thickness_m : (N,) cell thicknesses, m.
    temperature_k : (n, N+1) temperature at each step and depth of the last cycle, K.
    surface_temperature_k : (n,) surface temperature, K (= ``temperature_k[:, 0]``).
    max_temperature_k, mean_temperature_k, min_temperature_k : (N+1,) over the last cycle, K.
    absorbed_flux_w_m2 : (n,) absorbed flux that drove the run (direct + external), W/m².
    cycles : cycles run, spin-up included. converged : max |T(end) - T(start)| of the last
        cycle < the tolerance. final_change_k : that change, K.
    absorbed_j_m2, emitted_j_m2, basal_j_m2, stored_change_j_m2 : energy budget of the last
        cycle per unit area, J/m²: absorbed + basal = emitted + stored change.
    newton_unconverged_steps : steps of the last cycle whose Newton/Picard iteration stopped at
        its iteration limit before reaching the tolerance (0 in every case tested).
    params : the :class:`RegolithParameters` used.
    """

    dt_s: float
    depth_m: np.ndarray
    layer_thickness_m: np.ndarray
    temperature_k: np.ndarray
    surface_temperature_k: np.ndarray
    max_temperature_k: np.ndarray
    mean_temperature_k: np.ndarray
    min_temperature_k: np.ndarray
    absorbed_flux_w_m2: np.ndarray
    cycles: int
    converged: bool
    final_change_k: float
    absorbed_j_m2: float
    emitted_j_m2: float
    basal_j_m2: float
    stored_change_j_m2: float
    newton_unconverged_steps: int
    params: RegolithParameters

    @property
    def period_s(self) -> float:
        return self.dt_s * self.temperature_k.shape[0]

    @property
    def energy_residual(self) -> float:
        """(absorbed + basal - emitted - stored change) / absorbed over the last cycle."""
        denom = max(self.absorbed_j_m2, self.basal_j_m2, 1e-300)
        return (self.absorbed_j_m2 + self.basal_j_m2 - self.emitted_j_m2
                - self.stored_change_j_m2) / denom

    def temperature_at(self, depth_m: float) -> np.ndarray:
        """Temperature series (n,) at ``depth_m`` (m), linear between nodes, K."""
        z = float(depth_m)
        if not 0.0 <= z <= self.depth_m[-1]:
            raise InputError("depth_m", depth_m, f"a depth from 0 to {self.depth_m[-1]:.3f} m")
        j = int(np.searchsorted(self.depth_m, z, side="right")) - 1
        j = min(j, len(self.depth_m) - 2)
        w = (z - self.depth_m[j]) / (self.depth_m[j + 1] - self.depth_m[j])
        return (1.0 - w) * self.temperature_k[:, j] + w * self.temperature_k[:, j + 1]


def make_grid(depth_m: float = 3.0, first_layer_m: float = 0.002, growth: float = 1.1
              ) -> tuple[np.ndarray, np.ndarray]:
    """Geometric grid: (cell thicknesses (N,), cell-centre depths (N,)), m, reaching >= depth_m."""
    if not (math.isfinite(depth_m) and 0.05 <= depth_m <= 100.0):
        raise InputError("depth_m", depth_m, "a domain depth from 0.05 to 100 m")
    if not (math.isfinite(first_layer_m) and 1e-5 <= first_layer_m <= depth_m / 4):
        raise InputError("first_layer_m", first_layer_m, "a first layer from 0.01 mm to depth/4")
    if not (math.isfinite(growth) and 1.0 <= growth <= 1.5):
        raise InputError("growth", growth, "a layer growth factor from 1.0 to 1.5")
    dz = []
    total = 0.0
    d = first_layer_m
    while total < depth_m - 1e-12:
        dz.append(d)
        total += d
        d *= growth
        if len(dz) > 5000:
            raise InputError("first_layer_m", first_layer_m, "a grid of at most 5000 layers")
    dz = np.asarray(dz)
    centres = np.cumsum(dz) - 0.5 * dz
    return dz, centres


@accepts()
def absorbed_solar_flux(sun_elevation_deg, sun_azimuth_deg=0.0, sun_visible_fraction=1.0,
                        sun_distance_au=1.0, slope_deg: float = 0.0, aspect_deg: float = 0.0,
                        params: RegolithParameters | None = None) -> np.ndarray:
    """Absorbed direct solar flux on a (tilted) surface, W/m², vectorised over time.

    F = (1 - A(i)) S0 (1 au / r)^2 f_vis max(cos i, 0), with
    cos i = sin(el) cos(slope) + cos(el) sin(slope) cos(az - aspect).

    Parameters
    ----------
    sun_elevation_deg, sun_azimuth_deg : Sun centre above the local horizontal / clockwise from
        local north (true azimuth), deg -- e.g. ``SiteIllumination.sun_elevation_deg`` and
        ``sun_azimuth_deg`` or :func:`lupex.ephemeris.azimuth_elevation`.
    sun_visible_fraction : visible fraction of the solar disc above the terrain horizon, 0..1
        (``SiteIllumination.sun_visible_fraction``).
    sun_distance_au : Sun distance, au (S0 = 1361 W/m² at 1 au, Kopp & Lean 2011).
    slope_deg, aspect_deg : surface tilt from horizontal and the true azimuth the surface faces
        (its downslope direction), deg.
    params : albedo law A(i) (Hayne et al. 2017 Eq. A8); default :class:`RegolithParameters`.
    """
    p = params or RegolithParameters()
    if not (math.isfinite(slope_deg) and 0.0 <= slope_deg <= 90.0):
        raise InputError("slope_deg", slope_deg, "a slope from 0 to 90 degrees")
    if not math.isfinite(aspect_deg):
        raise InputError("aspect_deg", aspect_deg, "a finite azimuth in degrees")
    el = np.radians(np.asarray(sun_elevation_deg, dtype=float))
    az = np.radians(np.asarray(sun_azimuth_deg, dtype=float))
    s = math.radians(slope_deg)
    cosi = (np.sin(el) * math.cos(s)
            + np.cos(el) * math.sin(s) * np.cos(az - math.radians(aspect_deg)))
    cosi = np.clip(cosi, 0.0, 1.0)
    inc = np.degrees(np.arccos(cosi))
    frac = np.clip(np.asarray(sun_visible_fraction, dtype=float), 0.0, 1.0)
    r = np.asarray(sun_distance_au, dtype=float)
    return (1.0 - p.albedo(inc)) * SOLAR_CONSTANT_W_M2 / (r * r) * frac * cosi


@accepts()
def run_thermal(absorbed_flux_w_m2, dt_s: float, params: RegolithParameters | None = None, *,
                external_flux_w_m2=0.0, depth_m: float = 3.0, first_layer_m: float = 0.002,
                growth: float = 1.1, tolerance_k: float = 0.01, max_cycles: int = 300,
                accelerate: bool = True, newton_tol_k: float = 1e-6) -> ThermalResult:
    """Periodic temperature of the regolith under a repeating absorbed-flux series.

    Parameters
    ----------
    absorbed_flux_w_m2 : (n,) absorbed direct solar flux at t_k = k dt_s, W/m², one period of
        the forcing (e.g. from :func:`absorbed_solar_flux`); repeated until periodic.
    dt_s : time step, s (1 h is accurate: see the tests; the scheme is stable at any step).
    params : :class:`RegolithParameters` (default Hayne et al. 2017).
    external_flux_w_m2 : scalar or (n,) absorbed scattered-sunlight + infrared flux from the
        surrounding terrain, W/m². A labelled approximation, not computed from terrain here. Bound:
        Diviner permanently-shadowed floors at 25-50 K (Paige et al. 2010, Science 330, 479)
        need eps sigma T^4 = Q_ext + Q_b, i.e. Q_ext from ~0 to ~0.32 W/m² (Q_b = 0.018 W/m²
        alone holds a dark floor at ~24 K). A few W/m² gives 80-95 K floors: e.g. ~5 W/m² on the
        floor of a bowl-shaped crater (depth/diameter 0.2) with the Sun 1.5° up, the multiple
        scattering + re-emission estimate of Ingersoll et al. (1992, Icarus 100, 40), ~95 K.
    depth_m, first_layer_m, growth : geometric grid (module docstring for the defaults' basis).
    tolerance_k : convergence: largest |T(end of cycle) - T(start of cycle)|, K.
    max_cycles : at most this many cycles (``converged`` False if not reached).
    accelerate : accelerated spin-up of the deep layers (module docstring).
    newton_tol_k : Newton/Picard convergence of each step, K.

    Returns :class:`ThermalResult` (the last cycle).
    """
    p = params or RegolithParameters()
    f = np.asarray(absorbed_flux_w_m2, dtype=float)
    if f.ndim != 1 or f.size < 2:
        raise InputError("absorbed_flux_w_m2", f.shape, "a 1-D series of at least 2 samples")
    if not np.all(np.isfinite(f)) or f.min() < 0:
        raise InputError("absorbed_flux_w_m2", "non-finite or negative values",
                         "finite fluxes >= 0 W/m²")
    if not (math.isfinite(dt_s) and 1.0 <= dt_s <= 30 * 86400.0):
        raise InputError("dt_s", dt_s, "a time step from 1 s to 30 days")
    ext = np.broadcast_to(np.asarray(external_flux_w_m2, dtype=float), f.shape)
    if not np.all(np.isfinite(ext)) or ext.min() < 0:
        raise InputError("external_flux_w_m2", "non-finite or negative values",
                         "a finite flux >= 0 W/m² (scalar or one per sample)")
    if not (math.isfinite(tolerance_k) and tolerance_k > 0):
        raise InputError("tolerance_k", tolerance_k, "a positive temperature change, K")
    if int(max_cycles) < 1:
        raise InputError("max_cycles", max_cycles, "at least 1")
    flux = np.ascontiguousarray(f + ext)
    dz, centres = make_grid(depth_m, first_layer_m, growth)
    nc = dz.size
    rho = p.density(centres)
    kc = np.ascontiguousarray(p.contact_conductivity(centres))
    rho_dz = np.ascontiguousarray(rho * dz)
    coeffs = np.asarray(p.heat_capacity_coeffs, dtype=float)
    es = p.emissivity * STEFAN_BOLTZMANN
    qb = p.geothermal_flux_w_m2
    n = flux.size
    period = n * dt_s

    # Initial state: radiative equilibrium with the mean flux, geothermal gradient below.
    t_init = ((flux.mean() + qb) / es) ** 0.25
    t = np.empty(nc + 1)
    t[0] = t_init
    t[1:] = t_init + qb * centres / p.k_deep_w_m_k
    # Depth below which the cycle-mean flux is set to Q_b during spin-up: 2 skin depths.
    z_reset = 2.0 * float(p.skin_depth(period, 1.0, max(t_init, 100.0)))
    start = int(np.searchsorted(centres, z_reset)) + 1  # node index (1-based cell)
    can_accelerate = accelerate and start < nc - 1

    hist = np.empty((n, nc + 1))
    tsum = np.empty(nc + 1)
    fsum = np.empty(nc)
    converged = False
    change = math.inf
    cycles = 0
    e0 = 0.0
    emitted = absorbed = 0.0
    bad = 0
    for cycle in range(int(max_cycles)):
        t_start = t.copy()
        e0 = K.column_energy(t, rho_dz, coeffs)
        emitted, absorbed, _, bad = K.run_cycle(t, flux, float(dt_s), rho_dz, kc, dz, coeffs,
                                              float(p.chi), es, qb, hist, tsum, fsum,
                                              float(newton_tol_k), 50)
        cycles = cycle + 1
        change = float(np.max(np.abs(t - t_start)))
        if change < tolerance_k:
            converged = True
            break
        if can_accelerate and cycles < max_cycles:
            K.deep_shift(t, tsum, fsum, n, start, dz, kc, float(p.chi), qb)
    stored = K.column_energy(t, rho_dz, coeffs) - e0
    return ThermalResult(
        dt_s=float(dt_s),
        depth_m=np.concatenate([[0.0], centres]),
        layer_thickness_m=dz,
        temperature_k=hist,
        surface_temperature_k=hist[:, 0].copy(),
        max_temperature_k=hist.max(axis=0),
        mean_temperature_k=hist.mean(axis=0),
        min_temperature_k=hist.min(axis=0),
        absorbed_flux_w_m2=flux,
        cycles=cycles,
        converged=converged,
        final_change_k=change,
        absorbed_j_m2=float(absorbed),
        emitted_j_m2=float(emitted),
        basal_j_m2=float(qb * period),
        stored_change_j_m2=float(stored),
        newton_unconverged_steps=int(bad),
        params=p,
    )


@accepts()
def run_site_thermal(illumination, params: RegolithParameters | None = None, *,
                     slope_deg: float = 0.0, aspect_deg: float = 0.0, sun_distance_au=None,
                     external_flux_w_m2=0.0, **kwargs) -> ThermalResult:
    """Thermal run for one site from its :class:`lupex.site.SiteIllumination`.

    The direct flux uses the site's ``sun_elevation_deg``, ``sun_azimuth_deg`` and
    ``sun_visible_fraction`` (terrain horizon) and ``step_h``; the series is taken as one period
    of a periodic forcing, so give a whole number of years (or, away from the poles, lunations).
    ``sun_distance_au``: scalar or per-epoch Sun distance, au; default: from DE421 at the epochs
    (Moon centre to Sun, :func:`lupex.ephemeris.position_icrf`). ``slope_deg``/``aspect_deg``:
    the surface's tilt and the true azimuth it faces. Other keywords go to :func:`run_thermal`.
    """
    il = illumination
    if sun_distance_au is None:
        from lupex.ephemeris import position_icrf

        sun_distance_au = np.linalg.norm(position_icrf("sun", "moon", il.times), axis=-1) / AU_M
    p = params or RegolithParameters()
    flux = absorbed_solar_flux(il.sun_elevation_deg, il.sun_azimuth_deg, il.sun_visible_fraction,
                               sun_distance_au, slope_deg, aspect_deg, p)
    return run_thermal(flux, float(il.step_h) * 3600.0, p, external_flux_w_m2=external_flux_w_m2,
                       **kwargs)
