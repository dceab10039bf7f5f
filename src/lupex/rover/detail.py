"""SYNTHETIC small-scale terrain detail: a seeded statistical model, labelled wherever used.

The only real terrain available offline (LOLA LDEM_4, 7.6 km pixels) puts a whole drill field in
one pixel. When the real product is coarser than the rover's grid, lupex adds small-scale relief
drawn from published lunar statistics so that the planner meets slopes, craters and local shadows
of realistic size (``docs/terrain.md``, "Rover-scale terrain"). It is NOT real terrain:
``DetailModel.label(seed)`` names it and the grid's ``source`` carries the label.

Two components, both zero-mean:

1. Craters with the small-crater equilibrium size–frequency distribution: cumulative density
   N(≥D) = C·D⁻² per m², C = 10^10.9 / 10^12 = 0.0794 (Trask 1966, in JPL TR 32-800: log N =
   −2 log D + 10.9 per 10⁶ km² with D in m; "a few percent of geometric saturation 1.54 D⁻²",
   Gault 1970, Radio Sci. 5:273; Minton et al. 2019, Icarus 326:63). Shape: paraboloid bowl of
   depth/diameter d/D drawn uniformly between 0.03 (degraded) and 0.15 (assumption: equilibrium
   populations are dominated by degraded craters; fresh simple craters reach 0.2, Pike 1977), with a
   raised rim of height 0.036 D decaying as (r/R)⁻³ outside (Pike 1977; Melosh 1989, ch. 6).
2. Self-affine (fractal) roughness: a Gaussian random field with power spectrum ∝ k^−(2H+2), so
   the RMS height difference grows as Δx^H (Shepard et al. 2001, JGR 106:32777, who define the
   RMS slope s(Δx) = RMS(z(x+Δx) − z(x))/Δx used here). Its amplitude is set so that the total
   (craters + roughness) RMS slope at the calibration baseline equals the target.

Calibration targets (defaults): Hurst exponent H = 0.95, the highland median of LOLA's roughness
analysis (Rosenburg et al. 2011, JGR 116, E02001, Table 2, which also gives a median
bidirectional slope of 7.5° at a 17 m baseline in the highlands, 7.6° at the south pole; LOLA
MAS_57M / HE_8 products fit the deviogram from 57 m up to its breakover). The RMS slope 0.15 (8.5°)
at a 25 m baseline and the 250 m roll-off are lupex ASSUMPTIONS, not Rosenburg's figures: scaling
the 17 m median with H = 0.95 and converting a median gradient to a per-axis RMS for a Gaussian
surface gives ≈ 0.11, so the default detail is on the rough side (conservative for the rover). Above the roll-off the roughness spectrum is flat: the model supplies the scales the
rover meets (tens to a few hundred metres) and does not invent km-scale hills on top of the real
ridge (with LDEM_4 the scales between 250 m and its 7.6 km pixel are simply missing, which
the report says). These are regional figures, not the
statistics of the specific ridge; a fine polar tile replaces the model entirely when present.
Checked against real terrain: the functions at the end of this module (:func:`terrain_statistics`:
RMS bidirectional slope versus baseline, slope percentiles, Hurst exponent; Rosenburg et al. 2011;
Shepard et al. 2001; the same code for a real patch and for the model) measure the real LOLA 5 m
patch SHOEMAKER_5M_SUBSET (NASA GSFC PGDA 5 m site DEM, Barker et al. 2021, Planet. Space Sci.
203:105119): plane removed, RMS slope 0.076 at 5 m, 0.072 at 25 m, 0.066 at 100 m, H = 0.95. The
default detail above is 2-3 times rougher at 5-20 m (tests/rover/test_detail_vs_patch.py). The
scenario choice ``[surface] detail_calibration = "measured_patch"`` (:func:`detail_model`) uses the
patch's numbers instead (:data:`MEASURED_PATCH`).
Rocks are not modelled (sub-cell at 10 m; Diviner rock abundance is < 1 % of area over most of
the Moon, Bandfield et al. 2011, JGR 116, E00H02).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError

TRASK_C_PER_M2 = 10 ** 10.9 / 1e12  # Trask (1966) equilibrium, N(>=D) = C D^-2, D in m


@dataclass(frozen=True)
class DetailModel:
    """Parameters of the synthetic detail (see module docstring for sources)."""

    hurst: float = 0.95
    rms_slope: float = 0.15  # tan, at baseline_m
    baseline_m: float = 25.0
    crater_c_per_m2: float = TRASK_C_PER_M2
    crater_dmin_cells: float = 3.0
    crater_dmax_m: float = 400.0
    rolloff_m: float = 250.0
    depth_ratio_range: tuple[float, float] = (0.03, 0.15)
    rim_ratio: float = 0.036
    calibration: str = "published_highland"  # what the parameters come from (detail_model)

    def label(self, seed: int) -> str:
        craters = (f"equilibrium craters N(≥D) = {self.crater_c_per_m2:.4f} D⁻² m⁻² (Trask 1966) + "
                   if self.crater_c_per_m2 > 0 else "no separate craters; ")
        source = ("Rosenburg et al. 2011" if self.calibration == "published_highland" else
                  f"measured on the real LOLA 5 m patch {PATCH_PRODUCT}")
        return (f"SYNTHETIC small-scale detail (lupex.rover.detail, seed {seed}, calibration "
                f"{self.calibration}): {craters}self-affine "
                f"roughness H = {self.hurst} below {self.rolloff_m:g} m, RMS slope {self.rms_slope} at "
                f"{self.baseline_m:g} m "
                f"({source})")


def rms_slope(z: np.ndarray, cell_m: float, lag_cells: int) -> float:
    """RMS slope (tan) at baseline lag_cells·cell_m, both grid axes pooled (Shepard et al. 2001)."""
    dx = z[:, lag_cells:] - z[:, :-lag_cells]
    dy = z[lag_cells:, :] - z[:-lag_cells, :]
    ms = (np.sum(dx * dx) + np.sum(dy * dy)) / (dx.size + dy.size)
    return float(np.sqrt(ms) / (lag_cells * cell_m))


def crater_catalogue(area_m2: float, dmin_m: float, dmax_m: float, c_per_m2: float,
                     rng: np.random.Generator) -> np.ndarray:
    """Diameters (m) of craters on ``area_m2`` drawn from N(≥D) = C D⁻² between dmin and dmax:
    a Poisson count with mean C·A·(dmin⁻² − dmax⁻²), then inverse-transform sampling."""
    mean = c_per_m2 * area_m2 * (dmin_m ** -2 - dmax_m ** -2)
    n = rng.poisson(mean)
    u = rng.random(n)
    return (dmin_m ** -2 - u * (dmin_m ** -2 - dmax_m ** -2)) ** -0.5


def _crater_field(ny, nx, cell_m, diam, depth_ratio, rim_ratio, rng):
    z = np.zeros((ny, nx))
    yc = rng.random(diam.size) * ny * cell_m
    xc = rng.random(diam.size) * nx * cell_m
    dr = rng.uniform(depth_ratio[0], depth_ratio[1], diam.size)
    for d, x0, y0, q in zip(diam, xc, yc, dr):
        r0 = d / 2.0
        reach = 3.0 * r0
        j0, j1 = max(0, int((x0 - reach) / cell_m)), min(nx, int((x0 + reach) / cell_m) + 1)
        i0, i1 = max(0, int((y0 - reach) / cell_m)), min(ny, int((y0 + reach) / cell_m) + 1)
        if j1 <= j0 or i1 <= i0:
            continue
        xx = (np.arange(j0, j1) + 0.5) * cell_m - x0
        yy = (np.arange(i0, i1) + 0.5) * cell_m - y0
        r = np.hypot(xx[None, :], yy[:, None]) / r0
        depth = q * d
        rim = min(rim_ratio, q * 0.5) * d
        inside = rim - (rim + depth) * (1.0 - r * r)
        outside = rim * np.clip(r, 1.0, None) ** -3
        prof = np.where(r < 1.0, inside, outside)
        prof = np.where(r < 3.0, prof - rim * 3.0 ** -3, 0.0)  # continuous to 0 at 3 R
        z[i0:i1, j0:j1] += prof
    return z


def _fractal_field(ny, nx, cell_m, hurst, rng, rolloff_m=np.inf):
    """Unit-amplitude Gaussian random field with spectrum ∝ k^−(2H+2) for wavelengths shorter
    than ``rolloff_m`` and flat above it (spectral synthesis on a grid padded ×2 to weaken
    periodic wrap-around)."""
    py, px = 2 * ny, 2 * nx
    ky = np.fft.fftfreq(py, d=cell_m)
    kx = np.fft.rfftfreq(px, d=cell_m)
    k = np.hypot(ky[:, None], kx[None, :])
    k[0, 0] = np.inf
    k = np.maximum(k, 1.0 / rolloff_m) if np.isfinite(rolloff_m) else k
    amp = k ** (-(hurst + 1.0))
    noise = rng.normal(size=(py, px // 2 + 1)) + 1j * rng.normal(size=(py, px // 2 + 1))
    f = np.fft.irfft2(noise * amp, s=(py, px))[:ny, :nx]
    return f - f.mean()


def synthetic_detail(shape: tuple[int, int], cell_m: float, seed: int,
                     model: DetailModel = DetailModel()) -> tuple[np.ndarray, dict]:
    """Seeded SYNTHETIC detail heights (m) on a grid, and a dict describing what was drawn.

    The crater diameters span [crater_dmin_cells·cell, crater_dmax_m]; the roughness amplitude
    is then fixed so that the total RMS slope at ``model.baseline_m`` (rounded to whole cells)
    equals ``model.rms_slope`` scaled to that baseline with the Hurst law s ∝ Δx^(H−1).
    """
    ny, nx = int(shape[0]), int(shape[1])
    if ny < 8 or nx < 8:
        raise InputError("detail grid shape", shape, "at least 8 × 8 cells")
    if not (0.0 < model.hurst <= 1.0):
        raise InputError("detail hurst", model.hurst, "a Hurst exponent in (0, 1]")
    rng = np.random.default_rng(seed)
    lag = max(1, int(round(model.baseline_m / cell_m)))
    target = model.rms_slope * (lag * cell_m / model.baseline_m) ** (model.hurst - 1.0)
    dmin = model.crater_dmin_cells * cell_m
    dmax = min(model.crater_dmax_m, 0.5 * min(ny, nx) * cell_m)
    diam = crater_catalogue(ny * nx * cell_m * cell_m, dmin, dmax, model.crater_c_per_m2, rng) \
        if dmax > dmin else np.zeros(0)
    zc = _crater_field(ny, nx, cell_m, diam, model.depth_ratio_range, model.rim_ratio, rng)
    zf = _fractal_field(ny, nx, cell_m, model.hurst, rng, model.rolloff_m)
    sc = rms_slope(zc, cell_m, lag)
    sf = rms_slope(zf, cell_m, lag)
    # choose a so that RMS slope of zc + a zf hits the target: solve the quadratic exactly
    # (cross term included) — |Δzc + a Δzf|² averaged = target² (lag·cell)².
    L = lag * cell_m
    dcx, dcy = zc[:, lag:] - zc[:, :-lag], zc[lag:, :] - zc[:-lag, :]
    dfx, dfy = zf[:, lag:] - zf[:, :-lag], zf[lag:, :] - zf[:-lag, :]
    n = dcx.size + dcy.size
    A = (np.sum(dfx * dfx) + np.sum(dfy * dfy)) / n
    B = 2 * (np.sum(dcx * dfx) + np.sum(dcy * dfy)) / n
    C = sc * sc * L * L - target * target * L * L
    disc = B * B - 4 * A * C
    a = (-B + np.sqrt(disc)) / (2 * A) if (disc >= 0 and C <= 0) else 0.0
    z = zc + a * zf
    z -= z.mean()
    info = {
        "seed": int(seed),
        "craters": int(diam.size),
        "crater_diameters_m": diam,
        "crater_dmin_m": dmin,
        "crater_dmax_m": dmax,
        "roughness_amplitude": float(a),
        "crater_rms_slope": sc,
        "fractal_rms_slope_unit": sf,
        "calibration_lag_m": L,
        "target_rms_slope_at_lag": target,
        "label": model.label(seed),
    }
    return z, info


# ------------------------------------------------------------------------------------------------
# Measuring roughness on a height grid (the same code for real patches and the synthetic model)

#: Baselines (m) at which roughness is compared: 5 m (one pixel of the finest LOLA site DEMs) to
#: 100 m (the scale of the rover's route choices).
BASELINES_M = (5.0, 10.0, 20.0, 50.0, 100.0)


def remove_plane(z: np.ndarray) -> np.ndarray:
    """Heights minus their least-squares plane (m): the regional tilt, which the real coarse
    product supplies, is not small-scale roughness."""
    z = np.asarray(z, dtype=float)
    ny, nx = z.shape
    yy, xx = np.mgrid[0:ny, 0:nx]
    a = np.c_[xx.ravel(), yy.ravel(), np.ones(z.size)]
    coef, *_ = np.linalg.lstsq(a, z.ravel(), rcond=None)
    return z - (a @ coef).reshape(z.shape)


def _lag(z: np.ndarray, cell_m: float, baseline_m: float) -> int:
    lag = int(round(baseline_m / cell_m))
    if lag < 1 or abs(lag * cell_m - baseline_m) > 1e-6 * baseline_m or lag >= min(z.shape) // 2:
        raise InputError("roughness baseline (m)", baseline_m,
                         f"a whole number of {cell_m:g} m cells, shorter than half the grid")
    return lag


def bidirectional_slopes(z: np.ndarray, cell_m: float, baseline_m: float,
                         detrend: bool = True) -> np.ndarray:
    """Every bidirectional slope |Δz|/L (tangent) at baseline L along rows and along columns of a
    north-up grid (cell_m metres; heights in m): the point-pair slopes of Rosenburg et al. (2011,
    JGR 116, E02001, "Global surface slopes and roughness of the Moon from the Lunar Orbiter Laser
    Altimeter"), taken along the two grid axes instead of along LOLA tracks."""
    zz = remove_plane(z) if detrend else np.asarray(z, dtype=float)
    lag = _lag(zz, cell_m, baseline_m)
    dx = np.abs(zz[:, lag:] - zz[:, :-lag]).ravel()
    dy = np.abs(zz[lag:, :] - zz[:-lag, :]).ravel()
    return np.concatenate([dx, dy]) / (lag * cell_m)


def rms_slope_vs_baseline(z: np.ndarray, cell_m: float, baselines_m=BASELINES_M,
                          detrend: bool = True) -> dict[float, float]:
    """RMS bidirectional slope (tangent) at each baseline L: ν(L)/L, with the deviogram
    ν(L) = sqrt(<(z(x+L) − z(x))²>) over both grid axes (Shepard et al. 2001, JGR 106:32777;
    Rosenburg et al. 2011). With ``detrend`` the least-squares plane is removed first."""
    zz = remove_plane(z) if detrend else np.asarray(z, dtype=float)
    return {float(b): float(np.sqrt(np.mean(bidirectional_slopes(zz, cell_m, b, detrend=False)
                                            ** 2)))
            for b in baselines_m}


def slope_percentiles_deg(z: np.ndarray, cell_m: float, baseline_m: float = 5.0,
                          q=(50.0, 90.0, 99.0), detrend: bool = True) -> dict[float, float]:
    """Percentiles (deg) of the bidirectional slopes at one baseline (:func:`bidirectional_slopes`).

    Percentiles are robust to the heavy tails of real slope distributions; Kreslavsky et al.
    (2013, Icarus 226:52, "Lunar topographic roughness maps from LOLA data") use such quantile
    statistics of LOLA point-pair measures for the same reason."""
    s = np.degrees(np.arctan(bidirectional_slopes(z, cell_m, baseline_m, detrend)))
    return {float(p): float(v) for p, v in zip(q, np.percentile(s, q))}


def hurst_exponent(baselines_m, rms_slopes) -> float:
    """Hurst exponent H of a self-affine surface from its RMS slope s(L) at several baselines:
    ν(L) = s(L)·L ∝ L^H, so H = 1 + d log s / d log L, fitted by least squares in log–log
    (Shepard et al. 2001; Rosenburg et al. 2011 fit the deviogram the same way)."""
    b = np.log(np.asarray(baselines_m, dtype=float))
    s = np.log(np.asarray(rms_slopes, dtype=float))
    return float(1.0 + np.polyfit(b, s, 1)[0])


def terrain_statistics(z: np.ndarray, cell_m: float, baselines_m=BASELINES_M,
                       detrend: bool = True) -> dict:
    """Roughness statistics of a height grid (m, north-up, square cells of cell_m metres):
    RMS slope (tangent) at each baseline, percentiles (deg) of the bidirectional slopes at the
    shortest baseline, and the Hurst exponent fitted over all baselines."""
    rms = rms_slope_vs_baseline(z, cell_m, baselines_m, detrend)
    b0 = float(min(baselines_m))
    return {
        "cell_m": float(cell_m),
        "detrended": bool(detrend),
        "rms_slope": rms,
        "slope_percentiles_deg": slope_percentiles_deg(z, cell_m, b0, detrend=detrend),
        "percentile_baseline_m": b0,
        "hurst": hurst_exponent(list(rms), list(rms.values())),
    }


def read_patch(path) -> tuple[np.ndarray, float]:
    """Heights (m, float) and pixel size (m) of a north-up, square-pixel GeoTIFF (e.g. the LOLA
    5 m patch SHOEMAKER_5M_SUBSET: polar stereographic, heights above the 1,737.4 km sphere)."""
    import rasterio

    with rasterio.open(path) as ds:
        z = ds.read(1).astype(float)
        tr = ds.transform
        nodata = ds.nodata
    if nodata is not None:
        z[z == nodata] = np.nan
    if not np.isfinite(z).all():
        raise InputError("terrain patch", str(path), "a patch without missing heights")
    if abs(abs(tr.a) - abs(tr.e)) > 1e-9 * abs(tr.a) or tr.b or tr.d:
        raise InputError("terrain patch", str(path), "a north-up grid with square pixels")
    return z, float(abs(tr.a))


#: Product whose statistics the "measured_patch" calibration uses (lupex.site.products.PRODUCTS).
PATCH_PRODUCT = "SHOEMAKER_5M_SUBSET"


@dataclass(frozen=True)
class PatchCalibration:
    """Detail-model parameters measured on a real patch by :func:`measure_patch_calibration`
    (plane removed; H fitted over :data:`BASELINES_M`); stored as numbers so that a run needs no
    patch, and re-derived from the patch by the test suite."""

    product: str
    rms_slope: float  # tangent, at baseline_m
    baseline_m: float
    hurst: float
    side_m: float  # the patch's side: the largest scale it measures


def measure_patch_calibration(path, baseline_m: float = 25.0) -> PatchCalibration:
    """Measure the detail-model parameters on a real patch: RMS slope at ``baseline_m`` and
    Hurst exponent over :data:`BASELINES_M`, plane removed (:func:`terrain_statistics`)."""
    from pathlib import Path

    z, cell = read_patch(path)
    st = terrain_statistics(z, cell)
    s = rms_slope_vs_baseline(z, cell, (baseline_m,))[float(baseline_m)]
    return PatchCalibration(Path(path).stem.upper(), round(s, 4), float(baseline_m),
                            round(st["hurst"], 3), float(min(z.shape) * cell))


#: Measured on SHOEMAKER_5M_SUBSET (LOLA 5 m site DEM, Barker et al. 2021, Planet. Space Sci.
#: 203:105119; 256 x 256 pixels): re-derived in tests/rover/test_detail_vs_patch.py.
MEASURED_PATCH = PatchCalibration(PATCH_PRODUCT, rms_slope=0.0718, baseline_m=25.0, hurst=0.951,
                                  side_m=1280.0)

#: Values of ``[surface] detail_calibration``.
CALIBRATIONS = ("published_highland", "measured_patch")


def detail_model(calibration: str = "published_highland", *, hurst: float = 0.95,
                 rms_slope: float = 0.15, baseline_m: float = 25.0,
                 rolloff_m: float = 250.0) -> DetailModel:
    """The detail model for a calibration choice.

    "published_highland": the given parameters (defaults: the module docstring's published
    highland figures and lupex's assumptions), with equilibrium craters (Trask 1966).
    "measured_patch": RMS slope, baseline and Hurst exponent measured on the real 5 m patch
    (:data:`MEASURED_PATCH`), the roll-off at the patch's side (the largest scale it measures),
    and no separate crater population: the patch's statistics already include its craters, and
    the equilibrium population alone is rougher than the patch (its RMS slope at 25 m is about
    0.10-0.12 against the patch's whole-surface value), so the self-affine field carries all of
    it. The other arguments are ignored (the scenario schema refuses setting both).
    """
    if calibration == "published_highland":
        return DetailModel(hurst=hurst, rms_slope=rms_slope, baseline_m=baseline_m,
                           rolloff_m=rolloff_m)
    if calibration == "measured_patch":
        m = MEASURED_PATCH
        return DetailModel(hurst=m.hurst, rms_slope=m.rms_slope, baseline_m=m.baseline_m,
                           rolloff_m=m.side_m, crater_c_per_m2=0.0, calibration=calibration)
    raise InputError("detail calibration", calibration, f"one of {', '.join(CALIBRATIONS)}")
