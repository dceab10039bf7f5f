"""One discipline for every directory lupex writes results into (``--out``).

Every command that writes (``run``, ``sweep``, ``site map``, ``launch ascent``,
``transfer target``, ``transfer sweep``, ``rover plan``) goes through :class:`OutputDir`:

- **Checked before computing.** An empty path, the working directory, a parent of it, the home
  directory and ``/`` are refused; so are a path that is (or lies under) a file, a dangling
  symbolic link, a directory lupex cannot write to, and a non-empty directory without ``force``.
- **Locked.** A lock file ``.NAME.lupex-lock`` beside the directory is created and locked
  (``flock``) for the whole run, so a second lupex process on the same directory is refused
  (exit status 2) instead of silently replacing the first one's results. The lock dies with its
  process, so a killed run never leaves a lock that blocks the next one.
- **Staged.** Results are written into a sibling temporary directory ``.NAME.partial-XXXX`` and
  moved into place only when complete: the previous results survive a failed or interrupted run.
- **Manifest.** Each result directory holds :data:`MANIFEST` listing the files and directories
  lupex wrote there. ``force`` replaces and removes only what that manifest lists: files lupex
  did not write are never overwritten or deleted (a new result that would overwrite one is
  refused), no symbolic link is followed, and the directory itself is never removed.
- **Interrupts.** SIGINT and SIGTERM during the final move are held back until it is done; an
  interrupted run removes its temporary directory, its lock and any parent directory it created.
- **Permissions.** Directories are created with mode 0o777 and files by the usual ``open``, so
  the user's umask applies (never the 0o700 of :func:`tempfile.mkdtemp`).

A directory that is written in place and resumed (``lupex sweep``'s case cache) uses the same
checks, lock and manifest (``OutputDir(..., resumable=...)``, :meth:`OutputDir.in_place`,
:func:`write_manifest`, :func:`remove_listed`) without the staging step.

The lock and the held-back signals live in :mod:`lupex.output.lock`, the manifest in
:mod:`lupex.output.manifest`; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from pathlib import Path, PurePosixPath

from lupex.errors import InputError
from lupex.output.lock import (  # noqa: F401 - re-exported
    LOCK_SUFFIX, DirLock, _protected, deferring, signals_held,
)
from lupex.output.manifest import (  # noqa: F401 - re-exported
    MANIFEST, MANIFEST_VERSION, _inside, _is_regular, owned_files, read_manifest, remove_listed,
    write_manifest,
)

STAGING_INFIX = ".partial-"


# --------------------------------------------------------------------------------------------
# checks


def check_target(path, option: str = "--out") -> Path:
    """Resolve ``path`` and refuse what can never be an output directory (InputError).

    Refused: an empty path, the working directory, a parent of it, the home directory (or a
    parent of it), ``/``, an existing file or a path under one, a dangling symbolic link, and a
    path whose first existing ancestor lupex cannot write into. Returns the resolved path.
    """
    text = "" if path is None else str(path)
    if not text.strip():
        raise InputError(option, text, "a directory path; an empty path names no directory (use "
                                       "e.g. --out results/run1)")
    raw = Path(os.path.expanduser(text))
    if os.path.islink(raw) and not raw.exists():
        raise InputError(option, text, "a directory path; this is a symbolic link to nothing")
    out = raw.resolve()
    why = _protected(out)
    if why is not None:
        raise InputError(option, text, f"a directory of its own for lupex's results; this is "
                                       f"{why}, which lupex never writes into or replaces: "
                                       f"choose a new subdirectory, e.g. {option} results")
    if out.exists() and not out.is_dir():
        raise InputError(option, text, "a directory path; this is an existing file")
    probe = out
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(option, text, f"a directory path; {probe} is a file, so no directory "
                                       f"can be created under it")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(option, text, f"a directory lupex can write into; {probe} is not "
                                       f"writable by this user")
    return out


# --------------------------------------------------------------------------------------------
# the output directory of one run


def _mkdirs(path: Path) -> list[Path]:
    """Create ``path`` and missing parents (umask applies); return those created, outermost
    first."""
    missing = []
    p = path
    while not os.path.lexists(p):
        missing.append(p)
        p = p.parent
    created = []
    for d in reversed(missing):
        try:
            os.mkdir(d, 0o777)
            created.append(d)
        except FileExistsError:
            pass
    return created


def _list_tree(root: Path) -> tuple[list[PurePosixPath], list[PurePosixPath]]:
    files, dirs = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        base = PurePosixPath(Path(dirpath).relative_to(root).as_posix())
        for d in dirnames:
            p = Path(dirpath) / d
            if os.path.islink(p):
                files.append(base / d if str(base) != "." else PurePosixPath(d))
            else:
                dirs.append(base / d if str(base) != "." else PurePosixPath(d))
        for f in filenames:
            files.append(base / f if str(base) != "." else PurePosixPath(f))
    return files, dirs


def _writing_error(option, shown, exc: OSError) -> InputError:
    name = Path(exc.filename).name if exc.filename else "the results"
    what = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
            errno.EROFS: "the file system is read-only", errno.EFBIG: "the file is too large",
            errno.EACCES: "permission denied"}.get(exc.errno, exc.strerror or str(exc))
    return InputError(option, shown, f"a directory lupex can write its results into; writing "
                                     f"{name} failed: {what}; nothing was changed in {shown} "
                                     f"(free some space, or choose another {option})")


class OutputDir:
    """The ``--out`` directory of one run: check and lock on entering, then stage and commit.

    Use::

        with OutputDir(args.out, args.force, command="site map") as od:   # checked, locked
            ...compute...
            with od.staging() as tmp:                                     # committed on exit
                write files into tmp
        od.paths   # final paths of the files written

    ``expected``: names the command will surely write (checked against foreign files before
    computing). Leaving the ``with`` by an exception removes the staging directory, the lock and
    any parent directory this run created; the previous results are untouched.
    """

    def __init__(self, path, force: bool = False, *, command: str, option: str = "--out",
                 expected=(), resumable=None):
        self.shown = "" if path is None else str(path)
        self.force = bool(force)
        self.command = command
        self.option = option
        self.expected = tuple(expected)
        self.resumable = resumable
        self.resuming = False
        self.path: Path | None = None
        self.paths: list[Path] = []
        self._lock: DirLock | None = None
        self._created: list[Path] = []
        self._staging: Path | None = None
        self._staged_at: Path | None = None
        self._committed = False

    # -- entering: check and lock ---------------------------------------------------------

    def __enter__(self) -> OutputDir:
        out = check_target(self.shown, self.option)
        self.path = out
        try:
            with signals_held():
                self._created = _mkdirs(out.parent)
                self._lock = DirLock(out, self.command, self.option, self.shown)
                self._lock.acquire()
            self._sweep_leftovers()
            self._check_contents()
        except BaseException:
            self._cleanup()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        self._cleanup()
        return False

    def _sweep_leftovers(self) -> None:
        """Remove temporaries of earlier runs on this directory that were killed (we hold the
        lock, so no live run owns them)."""
        out = self.path
        prefix = f".{out.name}{STAGING_INFIX}"
        with contextlib.suppress(OSError):
            for name in os.listdir(out.parent):
                if name.startswith(prefix) or name.startswith(f".{out.name}.old-"):
                    p = out.parent / name
                    if stat.S_ISDIR(os.lstat(p).st_mode):
                        shutil.rmtree(p, ignore_errors=True)

    def _check_contents(self) -> None:
        out = self.path
        if not out.is_dir():
            return
        try:
            entries = sorted(os.listdir(out))
        except OSError as exc:
            raise InputError(self.option, self.shown, f"a directory lupex can read; listing it "
                                                      f"failed ({exc.strerror})") from None
        if not os.access(out, os.W_OK | os.X_OK):
            raise InputError(self.option, self.shown, "a directory lupex can write into; it is "
                                                      "not writable by this user")
        if entries and not self.force and self.resumable is not None and self.resumable(out):
            self.resuming = True
        if entries and not self.force and not self.resuming:
            shown = ", ".join(repr(e) for e in entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise InputError(
                self.option, self.shown,
                f"a new or empty directory; it holds {len(entries)} entries ({shown}): pass "
                f"--force to replace lupex's earlier results in it (files lupex did not write "
                f"are never deleted), or choose another {self.option}")
        if entries:
            manifest = read_manifest(out)
            owned = owned_files(out, manifest) | set((manifest or {}).get("dirs", ()))
            clash = [n for n in self.expected
                     if os.path.lexists(out / n) and n not in owned]
            if clash:
                raise self._clash_error(clash)

    def _clash_error(self, clash) -> InputError:
        names = ", ".join(repr(str(c)) for c in clash[:5]) + (", ..." if len(clash) > 5 else "")
        return InputError(
            self.option, self.shown,
            f"a directory whose results lupex may replace; it holds {names}, which lupex would "
            f"write but did not write itself (not listed in its {MANIFEST}), so --force will not "
            f"overwrite it: move it away, or choose another {self.option}")

    # -- writing in place (a resumable directory) -------------------------------------------

    def in_place(self) -> Path:
        """Create the directory (if new) to be written in place, for a command that resumes
        from what it finds there; the caller keeps its manifest up to date
        (:func:`write_manifest`) and removes old results with :func:`remove_listed`."""
        if self._lock is None:
            raise RuntimeError("OutputDir.in_place() outside its with-block")
        with signals_held():
            self._created += _mkdirs(self.path)
            self._committed = True
            self._created = []
        return self.path

    # -- staging and commit ---------------------------------------------------------------

    @contextlib.contextmanager
    def staging(self):
        """A fresh sibling temporary directory to write into; moved into place on exit."""
        if self._lock is None or self._committed:
            raise RuntimeError("OutputDir.staging() outside its with-block or used twice")
        out = self.path
        with signals_held():  # never a temporary directory that nobody will remove
            for _ in range(100):
                p = out.parent / f".{out.name}{STAGING_INFIX}{secrets.token_hex(4)}"
                try:
                    os.mkdir(p, 0o777)
                    break
                except FileExistsError:
                    continue
            self._staging = self._staged_at = p
        try:
            yield p
            self._commit(p)
        except OSError as exc:
            raise _writing_error(self.option, self.shown, exc) from None
        finally:
            self._remove_staging()

    def final(self, p) -> Path:
        """Where a path written inside the staging directory ends up."""
        p = Path(p)
        if self._staged_at is not None and p.is_relative_to(self._staged_at):
            return self.path / p.relative_to(self._staged_at)
        return p

    def _commit(self, staging: Path) -> None:
        out = self.path
        files, dirs = _list_tree(staging)
        files = [f for f in files if str(f) != MANIFEST]
        with signals_held():
            if not os.path.lexists(out):
                write_manifest(staging, self.command, files, dirs)
                os.rename(staging, out)
                self._staging = None
            else:
                self._merge(staging, out, files, dirs)
            self._committed = True
            self._created = []  # now holding results: never removed as a leftover
        self.paths = [out / Path(str(f)) for f in sorted(files)]

    def _merge(self, staging: Path, out: Path, files, dirs) -> None:
        """Move the staged results into an existing ``out``: replace and remove only what its
        manifest lists; refuse (before changing anything) to overwrite anything else."""
        old = read_manifest(out)
        owned = owned_files(out, old)
        clash = []
        for f in files:
            if not _inside(out, f):
                clash.append(f)
                continue
            q = out / Path(str(f))
            if os.path.lexists(q) and str(f) not in owned:
                clash.append(f)
        for d in dirs:
            q = out / Path(str(d))
            if os.path.lexists(q) and not stat.S_ISDIR(os.lstat(q).st_mode):
                clash.append(d)
        m = out / MANIFEST
        if os.path.lexists(m) and not _is_regular(m):
            clash.append(PurePosixPath(MANIFEST))
        if clash:
            raise self._clash_error(sorted(set(clash)))
        old_dirs = set(old["dirs"]) if old else set()
        new_dirs = {str(d) for d in dirs}
        for d in sorted(dirs, key=lambda d: len(d.parts)):
            with contextlib.suppress(FileExistsError):
                os.mkdir(out / Path(str(d)), 0o777)
        for f in files:
            os.replace(staging / Path(str(f)), out / Path(str(f)))
        remove_listed(out, {"files": sorted(owned - {str(f) for f in files}),
                            "dirs": sorted(old_dirs - new_dirs), "globs": []})
        write_manifest(out, self.command, files, new_dirs | (old_dirs & _existing(out, old_dirs)))

    # -- leaving ----------------------------------------------------------------------------

    def _remove_staging(self) -> None:
        if self._staging is None:
            return
        with signals_held():
            shutil.rmtree(self._staging, ignore_errors=True)
        self._staging = None

    def _cleanup(self) -> None:
        with signals_held():
            self._remove_staging()
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            for d in reversed(self._created):  # parents this run created and did not fill
                try:
                    os.rmdir(d)
                except OSError:
                    break
            self._created = []


def _existing(out: Path, dirs) -> set[str]:
    return {d for d in dirs if os.path.isdir(out / d) and not os.path.islink(out / d)}
