"""The manifest of a result directory: what lupex wrote there, and removing only that.

:data:`MANIFEST` lists the files and directories lupex wrote into a result directory; ``force``
replaces and removes only what it lists, never following a symbolic link (see :mod:`lupex.output`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import secrets
import stat
import time
from pathlib import Path, PurePosixPath

import lupex


#: Name of the manifest lupex writes into every result directory.
MANIFEST = ".lupex-manifest.json"
#: Version of the manifest layout.
MANIFEST_VERSION = 1


def _clean_rel(entry) -> PurePosixPath | None:
    """A manifest entry as a safe relative path (no '..', not absolute), or None."""
    if not isinstance(entry, str) or not entry or "\x00" in entry:
        return None
    p = PurePosixPath(entry)
    if p.is_absolute() or any(part in ("..", ".", "") for part in p.parts):
        return None
    return p


def read_manifest(out: Path) -> dict | None:
    """The manifest in ``out`` (a dict with ``files``, ``dirs``, ``globs``), or None when there
    is none or it is not lupex's (not a regular file, unreadable, malformed)."""
    p = Path(out) / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(p).st_mode) or os.lstat(p).st_size > 64 * 2**20:
            return None
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("lupex_manifest") != MANIFEST_VERSION:
        return None
    for key in ("files", "dirs", "globs"):
        data[key] = [str(r) for r in (_clean_rel(e) for e in data.get(key) or []) if r]
    return data


def write_manifest(out: Path, command: str, files, dirs=(), globs=(), **extra) -> Path:
    """Write :data:`MANIFEST` into ``out`` atomically; ``files``/``dirs`` relative to ``out``."""
    out = Path(out)
    data = {
        "lupex_manifest": MANIFEST_VERSION,
        "command": command,
        "lupex_version": lupex.__version__,
        "written_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": sorted({str(PurePosixPath(f)) for f in files} - {MANIFEST}),
        "dirs": sorted({str(PurePosixPath(d)) for d in dirs}),
        "globs": sorted({str(PurePosixPath(g)) for g in globs}),
        **extra,
    }
    tmp = out / f".{MANIFEST}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        os.replace(tmp, out / MANIFEST)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out / MANIFEST


def _inside(out: Path, rel: PurePosixPath) -> bool:
    """True when no parent of ``out/rel`` below ``out`` is anything but a real directory (no
    symbolic link, no file); parents that do not exist yet are fine."""
    q = out
    for part in rel.parts[:-1]:
        q = q / part
        try:
            if not stat.S_ISDIR(os.lstat(q).st_mode):
                return False
        except FileNotFoundError:
            return True
        except OSError:
            return False
    return True


def _is_regular(p: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(p).st_mode)
    except OSError:
        return False


def owned_files(out: Path, manifest: dict | None) -> set[str]:
    """Relative paths of the regular files in ``out`` that ``manifest`` says lupex wrote
    (never through a symbolic link)."""
    if not manifest:
        return set()
    out = Path(out)
    found = set()
    for rel in manifest["files"]:
        r = PurePosixPath(rel)
        if _inside(out, r) and _is_regular(out / r):
            found.add(rel)
    dirs = set(manifest["dirs"])
    for g in manifest["globs"]:
        gp = PurePosixPath(g)
        parent = str(gp.parent)
        if parent not in dirs or not _inside(out, gp) or "/" in gp.name:
            continue  # a pattern only ever applies inside a directory lupex created
        try:
            names = os.listdir(out / parent)
        except OSError:
            continue
        for n in names:
            r = PurePosixPath(parent) / n
            if fnmatch.fnmatchcase(n, gp.name) and _is_regular(out / r):
                found.add(str(r))
    return found


def remove_listed(out: Path, manifest: dict | None, keep=()) -> None:
    """Delete the regular files ``manifest`` lists in ``out`` (except ``keep``), then the
    directories it lists that are left empty. Nothing else is touched and no link followed."""
    if not manifest:
        return
    out = Path(out)
    keep = set(keep)
    for rel in sorted(owned_files(out, manifest) - keep):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out / rel)
    for rel in sorted(manifest["dirs"], key=lambda d: -len(PurePosixPath(d).parts)):
        r = PurePosixPath(rel)
        q = out / r
        if _inside(out, r):
            try:
                if stat.S_ISDIR(os.lstat(q).st_mode):
                    os.rmdir(q)  # only when empty
            except OSError:
                pass
