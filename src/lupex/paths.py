"""Where lupex finds real data (LOLA terrain) without downloading anything.

Resolution order for the data directory:
1. the environment variable ``LUPEX_DATA_DIR``;
2. ``../shared/data`` beside a source checkout (the layout of the project's CI);
3. the user cache used by :mod:`lupex.site.fetch` (pooch), ``~/.cache/lupex``.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "LUPEX_DATA_DIR"


def checkout_root() -> Path | None:
    """The source checkout holding this package (``src/lupex`` layout), if any."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "lupex").is_dir():
            return parent
    return None


def user_cache_dir() -> Path:
    """Per-user cache for fetched data products (override with ``LUPEX_CACHE_DIR``)."""
    env = os.environ.get("LUPEX_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lupex"


def data_dirs() -> list[Path]:
    """Candidate data directories, most specific first (existing ones only)."""
    out: list[Path] = []
    env = os.environ.get(ENV_VAR)
    if env:
        out.append(Path(env).expanduser())
    root = checkout_root()
    if root is not None:
        out.append(root.parent / "shared" / "data")
    out.append(user_cache_dir())
    seen: list[Path] = []
    for p in out:
        if p.is_dir() and p.resolve() not in [s.resolve() for s in seen]:
            seen.append(p)
    return seen


def find_data_file(relative: str) -> Path | None:
    """First existing ``<data dir>/<relative>`` (e.g. ``lola/LDEM_4.IMG``), else None."""
    for d in data_dirs():
        p = d / relative
        if p.is_file():
            return p
    return None
