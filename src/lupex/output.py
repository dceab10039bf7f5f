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
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import threading
import time
from pathlib import Path, PurePosixPath

import lupex
from lupex.errors import InputError

#: Name of the manifest lupex writes into every result directory.
MANIFEST = ".lupex-manifest.json"
#: Version of the manifest layout.
MANIFEST_VERSION = 1
LOCK_SUFFIX = ".lupex-lock"
STAGING_INFIX = ".partial-"


# --------------------------------------------------------------------------------------------
# signals


_held = 0
_pending: list[int] = []


def deferring(signum: int) -> bool:
    """For a SIGINT/SIGTERM handler: True while a :func:`signals_held` block runs, in which case
    the signal is recorded and raised again as soon as the block ends (the handler should then
    return without raising)."""
    if _held:
        _pending.append(signum)
        return True
    return False


@contextlib.contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM back until the block ends (moving results into place, removing
    temporaries): blocked in the main thread, and deferred by handlers that ask
    :func:`deferring` when another thread received them."""
    global _held
    main = threading.current_thread() is threading.main_thread()
    old = None
    if main and hasattr(signal, "pthread_sigmask"):
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        if not _held and _pending and main:
            signum = _pending[0]
            _pending.clear()
            signal.raise_signal(signum)


# --------------------------------------------------------------------------------------------
# checks


def _protected(path: Path) -> str | None:
    """Why ``path`` (resolved) may never be an output directory, or None."""
    cwd = Path.cwd().resolve()
    if path == cwd:
        return "the working directory"
    if path in cwd.parents:
        return "a parent of the working directory"
    home = Path.home().resolve()
    if path == home:
        return "the home directory"
    if path in home.parents:
        return "a parent of the home directory"
    if path == Path(path.anchor):
        return "the root directory"
    return None


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
# manifest


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


# --------------------------------------------------------------------------------------------
# lock


class DirLock:
    """Lock file ``.NAME.lupex-lock`` beside ``out``, held with ``flock`` while the run lasts.

    A second process is refused with an InputError naming the holder. The kernel drops the
    ``flock`` when its process dies (even by SIGKILL), so a leftover file is simply reused.
    """

    def __init__(self, out: Path, command: str, option: str = "--out", shown: str | None = None):
        self.out = Path(out)
        self.path = self.out.parent / f".{self.out.name}{LOCK_SUFFIX}"
        self.command = command
        self.option = option
        self.shown = shown or str(out)
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        for _ in range(20):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                             0o666)
            except OSError as exc:
                raise InputError(self.option, self.shown,
                                 f"a directory lupex can lock: creating the lock file "
                                 f"{self.path} failed ({exc.strerror})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = ""
                with contextlib.suppress(OSError, ValueError):
                    info = json.loads(os.read(fd, 4096).decode("utf-8"))
                    holder = (f" (lupex {info.get('command', '?')}, process "
                              f"{info.get('pid', '?')}, started {info.get('started_utc', '?')})")
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise InputError(self.option, self.shown,
                                     f"a directory lupex can lock: locking {self.path} failed "
                                     f"({exc.strerror})") from None
                raise InputError(self.option, self.shown,
                                 f"a directory no other lupex run is writing; another run is "
                                 f"writing there now{holder}: wait for it to finish, or choose "
                                 f"another {self.option}") from None
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if not same:  # removed by the run that held it just before: start again
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                     "command": self.command,
                                     "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                  time.gmtime())}).encode())
            self.fd = fd
            return
        raise InputError(self.option, self.shown, f"a directory lupex can lock: {self.path} "
                                                  f"kept changing")

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # while still locked: nobody can take the old file meanwhile
        os.close(self.fd)
        self.fd = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


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
