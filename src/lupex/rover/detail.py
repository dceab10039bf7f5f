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

    def label(self, seed: int) -> str:
        return (f"SYNTHETIC small-scale detail (lupex.rover.detail, seed {seed}): equilibrium "
                f"craters N(≥D) = {self.crater_c_per_m2:.4f} D⁻² m⁻² (Trask 1966) + self-affine "
                f"roughness H = {self.hurst} below {self.rolloff_m:g} m, RMS slope {self.rms_slope} at "
                f"{self.baseline_m:g} m "
                "(Rosenburg et al. 2011)")


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
