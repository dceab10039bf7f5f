"""Where lupex finds real data (LOLA terrain) without downloading anything.

Resolution order for the data directory:
1. the environment variable ``LUPEX_DATA_DIR`` (when set, it must be a directory holding at
   least one terrain product: a missing or empty one is an error, never silently skipped);
2. the data directory beside a source checkout (the layout of the project's CI);
3. the user cache used by :mod:`lupex.site.fetch` (``lupex data fetch``), ``~/.cache/lupex``
   (``LUPEX_CACHE_DIR``, or ``$XDG_CACHE_HOME/lupex``);
4. the data shipped inside the package (``lupex/data``: LDEM_4 and the 1.6 km south-polar layer
   LDEM_256_SPS_1600M), so that an installation works
   with nothing beside it.

Products whose sha256 is published (:data:`lupex.site.products.PRODUCTS`, the one registry of
products) are verified before use (:func:`verify_product_file`): a corrupt copy is an error naming
the file, never a silent fallback to another directory.
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
    """The data directory shipped inside the package (``lupex/data``: ``lola/LDEM_4`` and
    ``lola_polar/LDEM_256_SPS_1600M``)."""
    return Path(__file__).resolve().parent / "data"


#: Words naming each kind of data directory (``lupex data list``).
LOCATION_LABELS = {
    "env": "LUPEX_DATA_DIR",
    "checkout": "data directory beside the checkout",
    "cache": "user cache",
    "embedded": "embedded in the package",
}


def data_locations() -> list[tuple[str, Path]]:
    """(kind, directory) of every existing data directory, most specific first; kinds are the
    keys of :data:`LOCATION_LABELS`. Never raises (see :func:`check_env_data_dir`)."""
    out: list[tuple[str, Path]] = []
    env = os.environ.get(ENV_VAR)
    if env:
        out.append(("env", Path(env).expanduser()))
    root = checkout_root()
    if root is not None:
        out.append(("checkout", root.parent / "shared" / "data"))
    out.append(("cache", user_cache_dir()))
    out.append(("embedded", package_data_dir()))
    seen: list[tuple[str, Path]] = []
    for kind, p in out:
        if p.is_dir() and p.resolve() not in [s.resolve() for _, s in seen]:
            seen.append((kind, p))
    return seen


def _holds_terrain(d: Path) -> bool:
    """Whether a directory holds a known product's file, or any elevation grid (``.IMG``,
    ``.tif``) in one of its product folders (every non-hidden subfolder, as
    :func:`lupex.site.terrain.product_folders` scans them)."""
    from lupex.site.products import PRODUCTS

    for info in PRODUCTS.values():
        if (d / info.folder / info.data_file).is_file():
            return True
    for sub in sorted(d.iterdir()):
        if sub.is_dir() and not sub.name.startswith(".") and any(
                p.suffix.lower() in (".img", ".tif", ".tiff") and not p.name.startswith(".")
                for p in sub.iterdir()):
            return True
    return False


def check_env_data_dir() -> Path | None:
    """``LUPEX_DATA_DIR`` as a Path (None when unset); InputError when it is set but is not a
    directory or holds no terrain product (a typo must not silently fall back to other data)."""
    from lupex.errors import InputError

    env = os.environ.get(ENV_VAR)
    if not env:
        return None
    p = Path(env).expanduser()
    if not p.is_dir():
        raise InputError(ENV_VAR, env, "an existing data directory (e.g. one holding "
                         "lola/LDEM_4.IMG); unset it to use the data lupex finds by itself, or "
                         "see `lupex data list`")
    if not _holds_terrain(p):
        raise InputError(ENV_VAR, env, "a data directory holding at least one terrain product "
                         "(lola/LDEM_4.IMG, lola_polar/LDEM_256_SPS_1600M.tif, ...); this one "
                         "holds none. Unset it to use the data lupex finds by itself, or see "
                         "`lupex data list`")
    return p


def data_dirs() -> list[Path]:
    """Candidate data directories, most specific first (existing ones only).

    Raises InputError when ``LUPEX_DATA_DIR`` is set to a missing or empty directory.
    """
    check_env_data_dir()
    return [p for _, p in data_locations()]


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
            "(`lupex data fetch`), or point LUPEX_DATA_DIR at a good copy")
    _SESSION_VERIFIED[key] = known_sha256
    cache[str(p)] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": got}
    _store_verified(cache)
    return "verified"
