"""Where lupex finds real data (LOLA terrain) without downloading anything.

Resolution order for the data directory:
1. the environment variable ``LUPEX_DATA_DIR``;
2. ``../shared/data`` beside a source checkout (the layout of the project's CI);
3. the user cache used by :mod:`lupex.site.fetch` (pooch), ``~/.cache/lupex``;
4. the data shipped inside the package (``lupex/data``: LDEM_4), so that an installation works
   with nothing beside it.

Products whose sha256 is published (:data:`lupex.site.fetch.PRODUCTS`) are verified before use
(:func:`verify_product_file`): a corrupt copy is an error naming the file, never a silent
fallback to another directory.
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


def package_data_dir() -> Path:
    """The data directory shipped inside the package (``lupex/data``, holding ``lola/LDEM_4``)."""
    return Path(__file__).resolve().parent / "data"


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
    out.append(package_data_dir())
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


def _verified_cache_file() -> Path:
    return user_cache_dir() / "verified-sha256.json"


def _load_verified() -> dict:
    import json

    try:
        data = json.loads(_verified_cache_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _store_verified(cache: dict) -> None:
    import json
    import tempfile

    target = _verified_cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".verified-", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(cache, f)
        os.replace(tmp, target)
    except OSError:  # a read-only cache only costs a re-hash next time
        pass


_SESSION_VERIFIED: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a file (hex), read in 1 MiB blocks."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_product_file(path: str | Path, known_sha256: str | None) -> str:
    """Check a data file against its published sha256, once per file version.

    Returns "verified" (matches), or "no published checksum" when ``known_sha256`` is None.
    The result is cached by (resolved path, size, mtime) in the process and in the user cache
    (``verified-sha256.json``), so a file is hashed again only when it changes. Raises
    :class:`lupex.errors.InputError` naming the file when the checksum does not match.
    """
    from lupex.errors import InputError

    if known_sha256 is None:
        return "no published checksum"
    p = Path(path).resolve()
    st = p.stat()
    key = (str(p), st.st_size, st.st_mtime_ns)
    if _SESSION_VERIFIED.get(key) == known_sha256:
        return "verified"
    cache = _load_verified()
    entry = cache.get(str(p))
    if (isinstance(entry, dict) and entry.get("size") == st.st_size
            and entry.get("mtime_ns") == st.st_mtime_ns and entry.get("sha256") == known_sha256):
        _SESSION_VERIFIED[key] = known_sha256
        return "verified"
    got = file_sha256(p)
    if got != known_sha256:
        raise InputError(
            f"data file {p}", f"sha256 {got}",
            f"the published product's sha256 {known_sha256}: this copy is corrupt or not the "
            "published product. Delete it and copy or fetch it again "
            "(lupex.site.fetch.fetch_product), or point LUPEX_DATA_DIR at a good copy")
    _SESSION_VERIFIED[key] = known_sha256
    cache[str(p)] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": got}
    _store_verified(cache)
    return "verified"
