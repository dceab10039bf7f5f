"""Regolith thermophysical properties of the lunar upper regolith (Hayne et al. 2017, App. A).

All quantities SI: depth z in m (positive down from the surface), temperature T in K, density
kg/m³, conductivity W/m/K, specific heat J/kg/K, flux W/m².

Model (Hayne et al. 2017, Appendix A, Eqs. A2-A8 and Table A1):

- density          rho(z) = rho_d - (rho_d - rho_s) exp(-z/H)                         (A2)
- contact cond.    k_c(z) = k_d - (k_d - k_s) exp(-z/H)  (same profile as the density)  (A3)
- total cond.      k(z,T) = k_c(z) [1 + chi (T/350 K)^3]  (radiative term)               (A4-A5)
- heat capacity    c(T) = c0 + c1 T + c2 T^2 + c3 T^3 + c4 T^4                          (A6)
  (a fit to the lunar-sample measurements of Hemingway et al. 1981 and Ledlow et al. 1992)
- albedo           A(i) = A0 + a (i / 45°)^3 + b (i / 90°)^8, i the solar incidence angle  (A8)
  (the Keihm 1984 form, as in Vasavada et al. 2012; coefficients of Hayne et al. 2017)

References
----------
- Hayne, P. O., et al. (2017), Global regolith thermophysical properties of the Moon from the
  Diviner Lunar Radiometer Experiment, J. Geophys. Res. Planets 122, 2371-2400,
  doi:10.1002/2017JE005387 (Appendix A; Table A1).
- Vasavada, A. R., et al. (2012), Lunar equatorial surface temperatures and regolith properties
  from the Diviner Lunar Radiometer Experiment, J. Geophys. Res. 117, E00H18.
- Keihm, S. J. (1984), Interpretation of the lunar microwave brightness temperature spectrum:
  feasibility of orbital heat flow mapping, Icarus 60, 568-589 (albedo vs incidence form).
- Hemingway et al. (1981) and Ledlow et al. (1992): specific heat of lunar samples, as cited
  and fitted by Hayne et al. (2017) Eq. A6.
- Langseth, M. G., Keihm, S. J., Peters, K. (1976), Revised lunar heat-flow values, Proc. Lunar
  Sci. Conf. 7th, 3143-3171: 21 mW/m² (Apollo 15) and 16 mW/m² (Apollo 17); Hayne et al.'s
  model (2017; their public code heat1d, citing Langseth et al. 1976) uses 18 mW/m² at its base.
- H = 0.06 m as the Table A1 standard value and the A2 validation figures are as quoted in the
  documentation of heat1d (P. O. Hayne's public implementation of the Hayne 2017 model); the
  ~0.07 m global mean is from the paper's abstract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from lupex.errors import InputError

#: Reference temperature of the radiative-conductivity term, K (Hayne et al. 2017, Eq. A4).
RADIATIVE_REFERENCE_K = 350.0

#: Heat-capacity polynomial coefficients c0..c4 of Hayne et al. (2017) Eq. A6 / Table A1,
#: c(T) = sum c_n T^n in J/kg/K with T in K (fit to Hemingway et al. 1981; Ledlow et al. 1992).
#: Negative below about 1.3 K; lunar regolith never gets that cold (geothermal flux alone keeps
#: a dark surface above ~24 K).
HAYNE2017_HEAT_CAPACITY = (-3.6125, 2.7431, 2.3616e-3, -1.2340e-5, 8.9093e-9)


@dataclass(frozen=True)
class RegolithParameters:
    """Regolith and surface properties (SI units). Defaults: Hayne et al. (2017), Table A1.

    Attributes
    ----------
    rho_surface_kg_m3 : 1100 kg/m³, density at the surface, rho_s (Hayne 2017 Table A1).
    rho_deep_kg_m3 : 1800 kg/m³, density at depth z >> H, rho_d (Hayne 2017 Table A1).
    h_m : 0.06 m, e-folding depth H of the density and conductivity profiles: the standard
        value of Hayne et al. (2017) Table A1 (see References for how it was checked); the
        global-mean H of their maps is ~0.07 m (abstract). With 0.07 m the equatorial
        night is 1 K colder, noon and the Apollo 15 means change by < 0.5 K.
    k_surface_w_m_k : 7.4e-4 W/m/K, contact conductivity at the surface, k_s (Hayne 2017).
    k_deep_w_m_k : 3.4e-3 W/m/K, contact conductivity at depth, k_d (Hayne 2017).
    chi : 2.7, radiative conductivity parameter (Hayne 2017 Eq. A4, Table A1).
    heat_capacity_coeffs : c0..c4 of c(T) = sum c_n T^n, J/kg/K (Hayne 2017 Eq. A6).
    albedo_normal : 0.12, normal bolometric Bond albedo A0 (highlands; Hayne 2017 Table A1;
        Vasavada et al. 2012). Mare: ~0.07.
    albedo_a, albedo_b : 0.06 and 0.25, coefficients of the incidence-angle term
        A(i) = A0 + a (i/45°)^3 + b (i/90°)^8 (Hayne 2017 Eq. A8 / Table A1; Keihm 1984 form).
    emissivity : 0.95, infrared emissivity (Hayne 2017 Table A1; Vasavada et al. 2012).
    geothermal_flux_w_m2 : 0.018 W/m², heat flux from the interior at the base of the model
        (the Hayne 2017 model value; between Langseth et al. 1976's 0.021 W/m² at Apollo 15 and
        0.016 W/m² at Apollo 17).
    """

    rho_surface_kg_m3: float = 1100.0
    rho_deep_kg_m3: float = 1800.0
    h_m: float = 0.06
    k_surface_w_m_k: float = 7.4e-4
    k_deep_w_m_k: float = 3.4e-3
    chi: float = 2.7
    heat_capacity_coeffs: tuple = field(default=HAYNE2017_HEAT_CAPACITY)
    albedo_normal: float = 0.12
    albedo_a: float = 0.06
    albedo_b: float = 0.25
    emissivity: float = 0.95
    geothermal_flux_w_m2: float = 0.018

    def __post_init__(self):
        positive = ("rho_surface_kg_m3", "rho_deep_kg_m3", "h_m", "k_surface_w_m_k",
                    "k_deep_w_m_k")
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "heat_capacity_coeffs":
                if len(v) != 5 or not all(math.isfinite(float(x)) for x in v):
                    raise InputError(f.name, v, "five finite polynomial coefficients c0..c4")
                continue
            if not math.isfinite(float(v)):
                raise InputError(f.name, v, "a finite number")
            if f.name in positive and v <= 0:
                raise InputError(f.name, v, "a positive number")
        if self.chi < 0:
            raise InputError("chi", self.chi, "a number >= 0")
        if not 0 < self.emissivity <= 1:
            raise InputError("emissivity", self.emissivity, "a number in (0, 1]")
        if not 0 <= self.albedo_normal < 1:
            raise InputError("albedo_normal", self.albedo_normal, "a number in [0, 1)")
        if self.albedo_normal + self.albedo_a + self.albedo_b >= 1:
            raise InputError("albedo_normal + albedo_a + albedo_b", self.albedo_normal
                             + self.albedo_a + self.albedo_b, "a grazing-incidence albedo < 1")
        if self.geothermal_flux_w_m2 < 0:
            raise InputError("geothermal_flux_w_m2", self.geothermal_flux_w_m2, "a flux >= 0")
        if min(self.heat_capacity(30.0), self.heat_capacity(400.0)) <= 0:
            raise InputError("heat_capacity_coeffs", self.heat_capacity_coeffs,
                             "coefficients giving a positive heat capacity from 30 to 400 K")

    # -- depth profiles -------------------------------------------------------------------
    def density(self, z_m):
        """Bulk density rho(z), kg/m³ (Hayne 2017 Eq. A2). ``z_m``: depth below the surface, m."""
        z = np.asarray(z_m, dtype=float)
        return self.rho_deep_kg_m3 - (self.rho_deep_kg_m3 - self.rho_surface_kg_m3) * \
            np.exp(-z / self.h_m)

    def contact_conductivity(self, z_m):
        """Contact (phonon) conductivity k_c(z), W/m/K (Hayne 2017 Eq. A3)."""
        z = np.asarray(z_m, dtype=float)
        return self.k_deep_w_m_k - (self.k_deep_w_m_k - self.k_surface_w_m_k) * \
            np.exp(-z / self.h_m)

    def conductivity(self, z_m, t_k):
        """Total conductivity k = k_c(z) [1 + chi (T/350 K)^3], W/m/K (Hayne 2017 Eq. A4)."""
        t = np.asarray(t_k, dtype=float)
        return self.contact_conductivity(z_m) * (1.0 + self.chi * (t / RADIATIVE_REFERENCE_K) ** 3)

    # -- heat capacity --------------------------------------------------------------------
    def heat_capacity(self, t_k):
        """Specific heat c(T), J/kg/K (Hayne 2017 Eq. A6)."""
        t = np.asarray(t_k, dtype=float)
        c0, c1, c2, c3, c4 = self.heat_capacity_coeffs
        return c0 + t * (c1 + t * (c2 + t * (c3 + t * c4)))

    def specific_enthalpy(self, t_k):
        """Integral of c(T) dT from 0 K, J/kg (the energy the model stores per kg)."""
        t = np.asarray(t_k, dtype=float)
        c0, c1, c2, c3, c4 = self.heat_capacity_coeffs
        return t * (c0 + t * (c1 / 2 + t * (c2 / 3 + t * (c3 / 4 + t * c4 / 5))))

    def thermal_inertia(self, z_m, t_k):
        """Thermal inertia sqrt(k rho c), J/m²/K/s^½ (Hayne 2017: 55 ± 2 at 273 K, top ~5 cm)."""
        return np.sqrt(self.conductivity(z_m, t_k) * self.density(z_m) * self.heat_capacity(t_k))

    def skin_depth(self, period_s: float, z_m=1.0, t_k=250.0):
        """Thermal skin depth sqrt(kappa P / pi), m, with kappa = k/(rho c) at (z, T)."""
        kappa = self.conductivity(z_m, t_k) / (self.density(z_m) * self.heat_capacity(t_k))
        return np.sqrt(kappa * period_s / np.pi)

    # -- surface --------------------------------------------------------------------------
    def albedo(self, incidence_deg):
        """Bolometric albedo at solar incidence angle i (deg from the surface normal).

        A(i) = A0 + a (i/45°)^3 + b (i/90°)^8 (Hayne 2017 Eq. A8; Keihm 1984; Vasavada 2012).
        Angles are clipped to [0, 90]°.
        """
        i = np.clip(np.asarray(incidence_deg, dtype=float), 0.0, 90.0)
        return (self.albedo_normal + self.albedo_a * (i / 45.0) ** 3
                + self.albedo_b * (i / 90.0) ** 8)
