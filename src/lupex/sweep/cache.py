"""The resumable case cache of a sweep: finished records, each written atomically.

:class:`CaseCache` keeps finished records as ``DIR/cases/<hash>.json``, each written by
:func:`atomic_write_bytes` (temporary file in the same directory, fsync, ``os.replace``): a killed
sweep leaves only whole files, and only a record :func:`is_complete_record` accepts counts as done.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and os.replace."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600: results follow the user's umask
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def is_complete_record(rec, h: str) -> bool:
    """True when ``rec`` is a finished, successful record of task ``h`` as :func:`evaluate_case`
    writes it: the hash, the kind, no error, the elapsed time, and the result of its kind (a
    ``summary`` mapping for a nominal case, an ``mc`` mapping and its nominal's hash for a sample).
    Anything less (a truncated or hand-made file) is not a finished case and is computed again."""
    if not isinstance(rec, dict) or rec.get("hash") != h or rec.get("error") is not None:
        return False
    if "error" not in rec or not isinstance(rec.get("elapsed_s"), (int, float)):
        return False
    kind = rec.get("kind")
    if kind == "nominal":
        return isinstance(rec.get("summary"), dict) and bool(rec["summary"])
    if kind == "dispersion":
        return isinstance(rec.get("mc"), dict) and isinstance(rec.get("nominal"), str)
    return False


class CaseCache:
    """Finished case records in ``<out>/cases/<hash>.json``."""

    def __init__(self, out_dir: str | Path):
        self.dir = Path(out_dir) / "cases"
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, h: str) -> Path:
        return self.dir / f"{h}.json"

    def load(self, h: str) -> dict | None:
        """The cached record, or None (a missing or unreadable file counts as not cached)."""
        p = self.path(h)
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None
        return rec if is_complete_record(rec, h) else None

    def store(self, record: dict) -> None:
        data = json.dumps(record, default=str).encode("utf-8")  # key order kept: stable columns
        atomic_write_bytes(self.path(record["hash"]), data)
