"""Shared fixtures. Real data is found through LUPEX_DATA_DIR or ../shared/data (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def lola_dir() -> Path:
    """Directory holding the real LOLA products (fails loudly if absent; CI always has them).

    Set LUPEX_ALLOW_MISSING_DATA=1 to skip data tests instead (e.g. on a laptop without data).
    """
    from lupex.paths import find_data_file

    p = find_data_file("lola/LDEM_4.IMG")
    if p is None:
        msg = (
            "real LOLA data not found: set LUPEX_DATA_DIR to a directory with lola/LDEM_4.IMG, "
            "or put ../shared/data beside the checkout (see README, 'Data')"
        )
        if os.environ.get("LUPEX_ALLOW_MISSING_DATA") == "1":
            pytest.skip(msg)
        pytest.fail(msg)
    return p.parent


@pytest.fixture
def lupex_cli(tmp_path):
    """Run the real console script in a subprocess; returns CompletedProcess (text)."""
    import subprocess
    import sys

    def run(*args, input=None, cwd=None, env=None):
        e = dict(os.environ)
        e.setdefault("MPLBACKEND", "Agg")
        if env:
            e.update(env)
        return subprocess.run(
            [sys.executable, "-m", "lupex", *map(str, args)],
            capture_output=True,
            text=True,
            input=input,
            cwd=cwd or tmp_path,
            env=e,
            timeout=900,
        )

    return run
