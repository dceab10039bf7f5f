"""A strict checker of the CCSDS OEM 2.0 KVN grammar (CCSDS 502.0-B-3, Orbit Data Messages,
Blue Book 2023, §5 and §7), independent of lupex's reader: used to test the files lupex writes.

Checked: the header (CCSDS_OEM_VERS = 2.0 first, CREATION_DATE, ORIGINATOR; comments only
before them), each segment as META_START ... META_STOP with comments only at the start of the
block, the mandatory keywords OBJECT_NAME, OBJECT_ID, CENTER_NAME, REF_FRAME, TIME_SYSTEM,
START_TIME, STOP_TIME each once (USEABLE_START_TIME, USEABLE_STOP_TIME, INTERPOLATION,
INTERPOLATION_DEGREE, REF_FRAME_EPOCH optional), epochs in the CCSDS ASCII time format
(YYYY-MM-DDThh:mm:ss[.d...], optional Z), data lines of an epoch and 6 (or 9, with
accelerations) numbers, epochs increasing within a segment and inside [START_TIME, STOP_TIME].
Returns the segments as (meta, epochs as strings, (N, 6) km and km/s)."""

from __future__ import annotations

import re

import numpy as np

EPOCH = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?"
NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
KEYVAL = re.compile(r"^([A-Z_]+)\s*=\s*(\S.*?)\s*$")
DATA = re.compile(rf"^({EPOCH})((\s+{NUMBER}){{6}}|(\s+{NUMBER}){{9}})\s*$")
MANDATORY = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "START_TIME",
             "STOP_TIME")
OPTIONAL = ("USEABLE_START_TIME", "USEABLE_STOP_TIME", "INTERPOLATION", "INTERPOLATION_DEGREE",
            "REF_FRAME_EPOCH")


class OemGrammarError(AssertionError):
    pass


def _fail(n, line, why):
    raise OemGrammarError(f"line {n}: {why}: {line!r}")


def check_oem_kvn(text: str) -> list[tuple[dict, list[str], np.ndarray]]:
    lines = text.splitlines()
    n = 0

    def nxt():
        nonlocal n
        while n < len(lines) and not lines[n].strip():
            n += 1
        if n >= len(lines):
            return None
        n += 1
        return lines[n - 1].strip()

    first = nxt()
    if first is None or not re.fullmatch(r"CCSDS_OEM_VERS\s*=\s*2\.0", first):
        _fail(n, first, "the first line must be CCSDS_OEM_VERS = 2.0")
    header = {}
    line = nxt()
    while line is not None and line != "META_START":
        if line.startswith("COMMENT"):
            if header:
                _fail(n, line, "header comments must come before the header keywords")
        else:
            m = KEYVAL.match(line) or _fail(n, line, "not a KEY = value header line")
            header[m.group(1)] = m.group(2)
        line = nxt()
    if set(header) - {"MESSAGE_ID"} != {"CREATION_DATE", "ORIGINATOR"}:
        _fail(n, header, "the header must have CREATION_DATE and ORIGINATOR")
    if not re.fullmatch(EPOCH, header["CREATION_DATE"]):
        _fail(n, header["CREATION_DATE"], "CREATION_DATE is not a CCSDS epoch")
    segments = []
    while line is not None:
        if line != "META_START":
            _fail(n, line, "expected META_START")
        meta = {}
        line = nxt()
        while line is not None and line.startswith("COMMENT"):
            line = nxt()
        while line is not None and line != "META_STOP":
            if line.startswith("COMMENT"):
                _fail(n, line, "metadata comments must open the block")
            m = KEYVAL.match(line) or _fail(n, line, "not a KEY = value metadata line")
            k = m.group(1)
            if k not in MANDATORY + OPTIONAL or k in meta:
                _fail(n, line, "unknown or repeated metadata keyword")
            meta[k] = m.group(2)
            line = nxt()
        if line is None:
            _fail(n, "", "missing META_STOP")
        missing = [k for k in MANDATORY if k not in meta]
        if missing:
            _fail(n, missing, "missing mandatory metadata")
        for k in ("START_TIME", "STOP_TIME"):
            if not re.fullmatch(EPOCH, meta[k]):
                _fail(n, meta[k], f"{k} is not a CCSDS epoch")
        epochs, rows = [], []
        line = nxt()
        while line is not None and line.startswith("COMMENT"):
            if epochs:
                _fail(n, line, "data comments must open the data block")
            line = nxt()
        while line is not None and line not in ("META_START", "COVARIANCE_START"):
            m = DATA.match(line) or _fail(n, line, "not an OEM data line")
            if line.startswith("COMMENT"):
                _fail(n, line, "comment inside the data")
            parts = line.split()
            epochs.append(parts[0])
            rows.append([float(x) for x in parts[1:7]])
            line = nxt()
        if not epochs:
            _fail(n, line, "a segment without data lines")
        if epochs != sorted(epochs) or len(set(epochs)) != len(epochs):
            _fail(n, epochs[:3], "epochs not strictly increasing")
        if not (meta["START_TIME"] <= epochs[0] and epochs[-1] <= meta["STOP_TIME"]):
            _fail(n, (epochs[0], epochs[-1]), "data outside START_TIME .. STOP_TIME")
        segments.append((meta, epochs, np.array(rows)))
    return segments
