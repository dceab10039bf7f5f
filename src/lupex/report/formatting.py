"""Text formatting of summary values for the report: labels and units from key suffixes,
numbers, UTC epochs, durations, and a readable text colour on an agency colour."""

from __future__ import annotations

import math
import re

from lupex.report.captions import humanise

_ABBREVIATIONS = ("tli", "loi", "doi", "tcm", "psr", "dte", "soc", "utc", "lv", "c3", "gto", "leo",
                  "eci", "oem", "czml", "raan", "meco", "seco", "srb", "pdi", "dem", "gnss",
                  "viper", "lola", "ldem")


# unit suffixes of summary keys (longest first) -> display unit
_UNITS = (
    ("_km2_s2", "km²/s²"),
    ("_m3_s2", "m³/s²"),
    ("_m_s2", "m/s²"),
    ("_km_s", "km/s"),
    ("_m_s", "m/s"),
    ("_kg_s", "kg/s"),
    ("_km2", "km²"),
    ("_m2", "m²"),
    ("_kn", "kN"),
    ("_n", "N"),
    ("_kg", "kg"),
    ("_km", "km"),
    ("_m", "m"),
    ("_deg", "°"),
    ("_rad", "rad"),
    ("_days", "d"),
    ("_day", "d"),
    ("_hours", "h"),
    ("_h", "h"),
    ("_min", "min"),
    ("_s", "s"),
    ("_wh", "Wh"),
    ("_kwh", "kWh"),
    ("_w", "W"),
    ("_pa", "Pa"),
    ("_kpa", "kPa"),
    ("_percent", "%"),
    ("_pct", "%"),
    ("_utc", "UTC"),
)


def split_unit(key: str) -> tuple[str, str]:
    """('tli_dv_m_s') -> ('TLI dv', 'm/s'): a label and the unit its suffix names."""
    low = key.lower()
    unit = ""
    stem = key
    for suffix, u in _UNITS:
        if low.endswith(suffix) and len(low) > len(suffix):
            unit, stem = u, key[: -len(suffix)]
            break
    label = _abbreviate(humanise(stem))
    label = label.replace(" dv", " Δv").replace("Dv ", "Δv ").replace(" dv ", " Δv ")
    if label.lower() == "dv":
        label = "Δv"
    return label, unit


def _abbreviate(text: str) -> str:
    """Upper-case known abbreviations word by word ('tli' -> 'TLI')."""
    return " ".join(w.upper() if w.lower() in _ABBREVIATIONS else w for w in text.split(" "))


def phase_label(phase: str) -> str:
    """'lunar_orbit' -> 'lunar orbit', 'tli' -> 'TLI'."""
    return _abbreviate(str(phase).replace("_", " "))


def fmt_number(v: float) -> str:
    """Readable number: 4 significant figures but at least 2 decimals below 1,000 (222.69°),
    whole units from 1,000 up with thousands separators, no trailing zeros."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1e9 or a < 1e-3:
        return f"{v:.3e}"
    if a >= 1000:
        return f"{round(v):,}"
    digits = max(3 - math.floor(math.log10(a)), 2)  # 0.01 at least: coordinates in degrees
    text = f"{round(v, digits):.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_value(v, unit: str = "") -> str:
    """A summary value as text with its unit; None is said in words."""
    if v is None:
        return "not given"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        text = fmt_number(v)
        if unit in ("", "UTC"):
            return text
        return f"{text}{unit}" if unit in ("°", "%") else f"{text} {unit}"
    if isinstance(v, (list, tuple)) and all(not isinstance(x, (dict, list)) for x in v):
        sep = "; " if any(isinstance(x, str) for x in v) else ", "
        return sep.join(fmt_value(x, unit) for x in v)
    if isinstance(v, str) and unit == "UTC":
        return fmt_utc(v) + " UTC"
    return str(v)


def fmt_utc(text: str) -> str:
    """'2028-06-15T22:49:00.000Z' -> '2028-06-15 22:49:00' (ISO 8601 UTC strings only)."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(\.\d+)?Z?", text.strip())
    return f"{m.group(1)} {m.group(2)}" if m else text


def fmt_duration(seconds) -> str:
    """Seconds as '—', '45 s', '12.5 min', '3.2 h' or '4.50 d'."""
    try:
        s = float(seconds)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(s) or s <= 0:
        return "—"
    if s < 120:
        return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.2f} d"


def text_color_on(hex_color: str) -> str:
    """Black or white text, whichever reads better on ``hex_color`` (WCAG relative luminance)."""
    h = hex_color.lstrip("#")
    try:
        r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, IndexError):
        return "#000000"

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"
