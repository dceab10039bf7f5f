"""CCSDS Orbit Ephemeris Message (OEM) export and parsing, KVN text form.

Format: CCSDS 502.0-B-3, *Orbit Data Messages*, Blue Book, April 2023, section 5 (OEM) — the
exchange format GMAT, STK and Orekit read. lupex writes version 2.0 keywords: a header
(CCSDS_OEM_VERS, CREATION_DATE, ORIGINATOR), one META block (OBJECT_NAME, OBJECT_ID,
CENTER_NAME, REF_FRAME, TIME_SYSTEM, START_TIME, STOP_TIME) and data lines
"epoch x y z vx vy vz" in km and km/s. REF_FRAME is ICRF (geometric DE421 positions about the
Earth's centre); TIME_SYSTEM UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from astropy.time import Time

from lupex.errors import InputError


@dataclass(frozen=True)
class OemSegment:
    """One OEM segment: metadata dict, epochs (astropy Time, UTC) and states (N, 6) in m, m/s."""

    meta: dict
    epochs: Time
    states: np.ndarray


def write_oem(path, epochs: Time, states_m: np.ndarray, *, object_name: str = "LUPEX",
              object_id: str = "LUPEX", center: str = "EARTH", ref_frame: str = "ICRF",
              originator: str = "lupex") -> Path:
    """Write one OEM segment. epochs: Time (N,), strictly increasing; states_m: (N, 6) SI."""
    return write_oem_segments(path, [OemSegment({"CENTER_NAME": center, "REF_FRAME": ref_frame},
                                                epochs, states_m)],
                              object_name=object_name, object_id=object_id,
                              originator=originator)


def write_oem_segments(path, segments: list[OemSegment], *, object_name: str = "LUPEX",
                       object_id: str = "LUPEX", originator: str = "lupex") -> Path:
    """Write several segments (e.g. Earth-centred cruise, Moon-centred lunar orbit) in one file.

    Each segment's ``meta`` gives CENTER_NAME and REF_FRAME (defaults EARTH, ICRF) and an
    optional COMMENT (e.g. the mission phase), written as a comment line at the start of the
    metadata block (CCSDS 502.0-B-3 §7.8: comments may open the metadata and data blocks).
    """
    if not segments:
        raise InputError("segments", 0, "at least one segment")
    now = Time.now().utc.isot[:19]
    lines = ["CCSDS_OEM_VERS = 2.0", f"CREATION_DATE = {now}", f"ORIGINATOR = {originator}"]
    for seg in segments:
        epochs, states_m = seg.epochs, np.asarray(seg.states, dtype=float)
        if states_m.ndim != 2 or states_m.shape[1] != 6 or len(states_m) != len(epochs):
            raise InputError("states", states_m.shape, "an (N, 6) array with one row per epoch")
        if len(epochs) < 2:
            raise InputError("epochs", len(epochs), "at least two epochs")
        if np.any(np.diff(epochs.utc.jd) <= 0):
            raise InputError("epochs", "not increasing", "strictly increasing epochs")
        isot = [e[:23] for e in epochs.utc.isot]
        lines += [
            "",
            "META_START",
            *([f"COMMENT {seg.meta['COMMENT']}"] if seg.meta.get("COMMENT") else []),
            f"OBJECT_NAME = {object_name}",
            f"OBJECT_ID = {object_id}",
            f"CENTER_NAME = {seg.meta.get('CENTER_NAME', 'EARTH')}",
            f"REF_FRAME = {seg.meta.get('REF_FRAME', 'ICRF')}",
            "TIME_SYSTEM = UTC",
            f"START_TIME = {isot[0]}",
            f"STOP_TIME = {isot[-1]}",
            "META_STOP",
            "",
            "COMMENT positions km, velocities km/s (lupex, DE421 force model)",
        ]
        for e, row in zip(isot, states_m / 1e3):
            lines.append(e + " " + " ".join(f"{x:.9e}" for x in row))
    p = Path(path)
    p.write_text("\n".join(lines) + "\n", encoding="ascii")
    return p


def read_oem(path) -> list[OemSegment]:
    """Parse a KVN OEM file into segments (states in m, m/s). Covariance blocks are skipped; the
    first comment of a metadata block is kept as ``meta["COMMENT"]``."""
    p = Path(path)
    text = p.read_text(encoding="ascii", errors="replace").splitlines()
    if not text or not text[0].strip().startswith("CCSDS_OEM_VERS"):
        raise InputError(str(p), text[0] if text else "", "an OEM file starting CCSDS_OEM_VERS")
    segs = []
    meta = None
    epochs, rows = [], []
    in_meta = in_cov = False

    def flush():
        if meta is not None and rows:
            segs.append(OemSegment(dict(meta), Time(epochs, scale="utc"),
                                   np.array(rows, dtype=float) * 1e3))

    for n, raw in enumerate(text, 1):
        line = raw.strip()
        if line.startswith("COMMENT"):
            if in_meta and meta is not None and "COMMENT" not in meta:
                meta["COMMENT"] = line[len("COMMENT"):].strip()
            continue
        if not line:
            continue
        if line == "META_START":
            flush()
            meta, epochs, rows, in_meta = {}, [], [], True
            continue
        if line == "META_STOP":
            in_meta = False
            continue
        if line == "COVARIANCE_START":
            in_cov = True
            continue
        if line == "COVARIANCE_STOP":
            in_cov = False
            continue
        if in_cov:
            continue
        if in_meta:
            k, _, v = line.partition("=")
            meta[k.strip()] = v.strip()
            continue
        if "=" in line:
            continue  # header keywords
        parts = line.split()
        if meta is None or len(parts) not in (7, 10):
            raise InputError(f"{p}:{n}", line, "an OEM data line 'epoch x y z vx vy vz'")
        epochs.append(parts[0])
        rows.append([float(x) for x in parts[1:7]])
    flush()
    if not segs:
        raise InputError(str(p), "no data", "an OEM file with at least one data segment")
    return segs
