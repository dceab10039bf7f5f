"""X-band direct-to-Earth link budget: achievable data rate and downlink volume.

Model (the standard link equation of a telecommunications design-control table; Wertz &
Larson, Space Mission Analysis and Design, 3rd ed., section 13.3 "Communications link
design")::

    EIRP   = P_tx[dBW] + G_tx[dBi] - L_tx[dB]
    L_fs   = 20 log10(4 pi d f / c)                              (free-space path loss)
    C/N0   = EIRP - L_fs - L_other + G/T - 10 log10(k)           [dB-Hz]
    R      = 10 ** ((C/N0 - (Eb/N0)_req - margin) / 10)          [bit/s]

with k = Boltzmann's constant (CODATA 2018 exact, via scipy.constants) and c the speed of
light (exact, scipy.constants). The rate is the highest information rate meeting the required
Eb/N0 with the margin, optionally capped (``max_rate_bps``: modulation and bandwidth limits,
which the link equation does not know). Where the target is below the station mask, or the
Earth below the site horizon, the rate is 0.

Station G/T: the published X-band value where the station table gives one (IDSN), else
derived from the dish: G = 10 log10(eta (pi D / lambda)^2) with aperture efficiency eta and
T_sys (:data:`DISH_EFFICIENCY`, :data:`SYSTEM_NOISE_TEMPERATURE_K`, both labelled
assumptions below).

LUPEX has published no rover or lander telecommunications parameters. Every default in
:class:`LinkParameters` and the presets :data:`ROVER_HGA` / :data:`ROVER_LGA` is a labelled
ASSUMPTION with its analogue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy.constants import c as SPEED_OF_LIGHT_M_S
from scipy.constants import k as BOLTZMANN_J_K

from lupex.errors import InputError
from lupex.operations.stations import GroundStation

#: Boltzmann's constant in dB(W/K/Hz): 10 log10(1.380649e-23) = -228.60 (CODATA 2018, exact).
BOLTZMANN_DBW = 10.0 * math.log10(BOLTZMANN_J_K)

#: X-band downlink frequency, Hz. ASSUMPTION: centre of the 8450-8500 MHz space-to-Earth band
#: allocated to Space Research Category A (missions within 2 million km of the Earth, which
#: includes the Moon), CCSDS 401.0-B (Radio Frequency and Modulation Systems, Part 1), section 2.
X_BAND_DOWNLINK_HZ = 8.475e9

#: Aperture efficiency used to derive a dish's gain where no G/T is published. ASSUMPTION:
#: analogue DSN 34-m BWG antennas, whose X-band gain of about 68.2 dBi at 8.42 GHz (DSN 810-005
#: module 104) corresponds to eta ~ 0.74; 0.70 leaves margin for older dishes.
DISH_EFFICIENCY = 0.70

#: System noise temperature at X band, K, used where no G/T is published (at the planning
#: elevation, clear sky). ASSUMPTION: analogue DSN 810-005 modules 101/104, which give X-band
#: system temperatures of roughly 20-40 K at zenith for the cryogenic 70-m and 34-m antennas,
#: rising toward low elevation (module 105); 35 K is a mid value.
SYSTEM_NOISE_TEMPERATURE_K = 35.0


@dataclass(frozen=True)
class LinkParameters:
    """Transmitter side and requirements of a DTE link (all dB values are positive losses).

    tx_power_w: RF output power, W. tx_gain_dbi: transmit antenna gain toward the Earth, dBi.
    frequency_hz: carrier frequency, Hz. tx_loss_db: transmitter circuit (cables, diplexer), dB.
    other_losses_db: pointing + polarisation + atmospheric losses, dB. ebn0_required_db: Eb/N0
    needed by the coding at the target bit-error rate, dB. margin_db: design margin, dB.
    max_rate_bps: cap on the data rate (modulation/bandwidth), bit/s, or None.
    name: a label. All defaults are assumptions (see the field comments in the source).
    """

    name: str = "rover X-band HGA"
    #: ASSUMPTION 10 W RF: X-band SSPA class flown on small lunar landers; no LUPEX figure.
    tx_power_w: float = 10.0
    #: ASSUMPTION 24 dBi: a steerable high-gain antenna of ~0.25 m aperture at 8.475 GHz
    #: (eta 0.55); the Chandrayaan-3 lander downlinked to IDSN in X band, the rover relayed via
    #: the lander, so no rover analogue is published.
    tx_gain_dbi: float = 24.0
    frequency_hz: float = X_BAND_DOWNLINK_HZ
    #: ASSUMPTION 1.0 dB transmitter circuit loss (typical design-control-table value).
    tx_loss_db: float = 1.0
    #: ASSUMPTION 1.0 dB: pointing 0.5 + polarisation 0.2 + atmosphere 0.3 (clear sky at >= 10°
    #: elevation, X band: ITU-R P.676 gaseous attenuation ~0.1-0.3 dB).
    other_losses_db: float = 1.0
    #: ASSUMPTION 2.5 dB: CCSDS concatenated Reed-Solomon (255,223) + convolutional (7, 1/2)
    #: code at a bit-error rate of 1e-5 (CCSDS 130.1-G, TM channel coding summary).
    ebn0_required_db: float = 2.5
    #: ASSUMPTION 3 dB design margin (common practice for a mean-value link budget).
    margin_db: float = 3.0
    #: ASSUMPTION 10 Mbit/s: modulator / on-board data-handling limit of a rover-class X-band
    #: transmitter (the link equation alone would allow hundreds of Mbit/s into a 34-m dish at
    #: lunar range with the HGA). None removes the cap.
    max_rate_bps: float | None = 10e6

    def check(self) -> None:
        """Raise InputError for a non-positive power or frequency, negative losses, etc."""
        for key in ("tx_power_w", "frequency_hz"):
            v = getattr(self, key)
            if not (np.isfinite(v) and v > 0):
                raise InputError(key, v, "a positive number")
        for key in ("tx_loss_db", "other_losses_db", "margin_db"):
            v = getattr(self, key)
            if not (np.isfinite(v) and v >= 0):
                raise InputError(key, v, "a loss of 0 dB or more")
        for key in ("tx_gain_dbi", "ebn0_required_db"):
            v = getattr(self, key)
            if not np.isfinite(v):
                raise InputError(key, v, "a finite number of dB")
        if self.max_rate_bps is not None and not (np.isfinite(self.max_rate_bps)
                                                  and self.max_rate_bps > 0):
            raise InputError("max_rate_bps", self.max_rate_bps, "a positive rate or None")

    @property
    def eirp_dbw(self) -> float:
        """Effective isotropic radiated power, dBW."""
        return 10.0 * math.log10(self.tx_power_w) + self.tx_gain_dbi - self.tx_loss_db


#: Rover high-gain antenna (all values: the assumptions of :class:`LinkParameters`).
ROVER_HGA = LinkParameters()
#: Rover low-gain antenna. ASSUMPTION 3 dBi: a hemispherical patch/helix LGA (safe mode,
#: no pointing); pointing loss then 0, so other losses 0.5 dB.
ROVER_LGA = replace(ROVER_HGA, name="rover X-band LGA", tx_gain_dbi=3.0, other_losses_db=0.5)


def free_space_loss_db(range_m, frequency_hz: float):
    """Free-space path loss 20 log10(4 pi d f / c), dB (d in m, f in Hz); vectorised over d."""
    d = np.asarray(range_m, dtype=float)
    return 20.0 * np.log10(4.0 * np.pi * d * frequency_hz / SPEED_OF_LIGHT_M_S)


def dish_gain_dbi(diameter_m: float, frequency_hz: float, efficiency: float = DISH_EFFICIENCY
                  ) -> float:
    """Gain of a parabolic dish, 10 log10(eta (pi D f / c)^2), dBi."""
    if not (diameter_m > 0 and frequency_hz > 0 and 0 < efficiency <= 1):
        raise InputError("dish", (diameter_m, frequency_hz, efficiency),
                         "a positive diameter and frequency and an efficiency in (0, 1]")
    return 10.0 * math.log10(efficiency * (math.pi * diameter_m * frequency_hz
                                           / SPEED_OF_LIGHT_M_S) ** 2)


def station_g_over_t_db_k(station: GroundStation, frequency_hz: float = X_BAND_DOWNLINK_HZ,
                          efficiency: float = DISH_EFFICIENCY,
                          t_sys_k: float = SYSTEM_NOISE_TEMPERATURE_K) -> tuple[float, str]:
    """X-band G/T of a station, dB/K, and where it comes from ("published: ..." or "derived ...").

    Published values (station table) are used as they are; otherwise dish gain minus
    10 log10(T_sys) with the assumed efficiency and system temperature.
    """
    if "X" not in station.bands:
        raise InputError(f"station '{station.id}'.bands", list(station.bands), "a station with X band")
    if station.g_over_t_x_db_k is not None:
        return station.g_over_t_x_db_k, f"published: {station.g_over_t_source}"
    gt = dish_gain_dbi(station.diameter_m, frequency_hz, efficiency) - 10.0 * math.log10(t_sys_k)
    return gt, (f"derived: {station.diameter_m:g} m dish, efficiency {efficiency:g}, "
                f"T_sys {t_sys_k:g} K (assumptions)")


def cn0_dbhz(params: LinkParameters, range_m, g_over_t_db_k: float):
    """Carrier-to-noise-density ratio C/N0, dB-Hz, vectorised over the range (m)."""
    params.check()
    return (params.eirp_dbw - free_space_loss_db(range_m, params.frequency_hz)
            - params.other_losses_db + g_over_t_db_k - BOLTZMANN_DBW)


def data_rate_bps(params: LinkParameters, range_m, g_over_t_db_k: float, contact=None):
    """Achievable information rate, bit/s: 10^((C/N0 - Eb/N0_req - margin)/10), capped by
    ``max_rate_bps``; 0 where ``contact`` (boolean series, optional) is False."""
    cn0 = np.asarray(cn0_dbhz(params, range_m, g_over_t_db_k), dtype=float)
    rate = 10.0 ** ((cn0 - params.ebn0_required_db - params.margin_db) / 10.0)
    if params.max_rate_bps is not None:
        rate = np.minimum(rate, params.max_rate_bps)
    if contact is not None:
        c = np.asarray(contact, dtype=bool)
        if c.shape != rate.shape:
            raise InputError("contact", f"{c.size} epochs", f"{rate.size} epochs, as range_m")
        rate = np.where(c, rate, 0.0)
    return rate


def volume_bits(rate_bps, step_h: float) -> float:
    """Data volume of a rate series sampled every ``step_h`` hours: sum(rate x step), bits
    (each epoch's rate held over its step)."""
    return float(np.sum(np.asarray(rate_bps, dtype=float)) * step_h * 3600.0)


def pass_volumes_bits(rate_bps, passes, step_h: float) -> list[float]:
    """Downlink volume of each pass (:func:`lupex.operations.visibility.passes`), bits."""
    r = np.asarray(rate_bps, dtype=float)
    return [volume_bits(r[p.first_index:p.first_index + p.n_steps], step_h) for p in passes]


def agency_rate_bps(rates: dict[str, np.ndarray], stations, agency: str) -> np.ndarray:
    """Rate through the agency's best station at each epoch (one downlink at a time), bit/s."""
    series = [np.asarray(rates[s.id], dtype=float) for s in stations
              if s.agency == agency and s.id in rates]
    if not series:
        n = len(next(iter(rates.values()))) if rates else 0
        return np.zeros(n)
    return np.max(np.vstack(series), axis=0)
