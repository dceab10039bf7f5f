"""The output directory's lock and the signals held back while results move into place.

:class:`DirLock` is the ``flock``-held lock file beside a result directory; :func:`signals_held`
holds SIGINT and SIGTERM back during the final move and :func:`deferring` tells a signal handler
that one is in progress (see :mod:`lupex.output`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path

from lupex.errors import InputError


LOCK_SUFFIX = ".lupex-lock"


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
