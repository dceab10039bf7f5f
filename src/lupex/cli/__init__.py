"""The ``lupex`` command line: ``lupex run``, and one command group per stage.

Each stage's commands live in ``lupex/cli/<stage>.py`` with ``register(subparsers)``; a command
handler returns an exit status. Bad input (:class:`lupex.errors.InputError`) prints one paragraph
on stderr and exits with status 2, never a traceback; Ctrl-C exits 130 and SIGTERM 143, each
with one line on stderr.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import signal
import sys
import threading

from lupex import __version__
from lupex.errors import InputError, InternalError

#: Command modules, in the order they appear in ``lupex --help``.
COMMAND_MODULES = ("run", "launch", "transfer", "site", "rover", "sweep", "scenarios", "data")


class _HelpFormatter(argparse.HelpFormatter):
    """Help with each option's default (unless its text already gives it, or there is none) and
    without reStructuredText markup (the descriptions come from docstrings)."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if (text and default not in (None, False, "", [], argparse.SUPPRESS)
                and "default" not in text and not action.required
                and action.option_strings):
            text += " (default: %(default)s)"
        return text

    def _format_text(self, text):
        return super()._format_text(text.replace("``", ""))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message, file=None):
        # argparse ignores write errors here; --help or --version sent to a full disk must not
        # end with status 0 and nothing written
        if message:
            (file or sys.stderr).write(message)

    def error(self, message):  # argparse's usage errors: status 2, one paragraph
        self.print_usage(sys.stderr)
        self.exit(2, f"lupex: error: {message}\n")


def help_and_fail(parser) -> int:
    """What a command group does when no action is given: its help on stderr, status 2."""
    parser.print_help(sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lupex",
        description="Mission-planning simulator for LUPEX (Chandrayaan-5), ISRO/JAXA.",
    )
    parser.add_argument("--version", action="version", version=f"lupex {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"lupex.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"lupex.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


#: Seconds after an interrupt before it is raised again if the command is still running.
RESEND_S = 2.0


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM (a KeyboardInterrupt, so every cleanup that runs on
    Ctrl-C runs on SIGTERM too)."""


class _Signals:
    """SIGINT and SIGTERM handlers for one :func:`main` call.

    The handler records the signal *before* raising, so an interrupt is never lost: if the
    exception it raises is swallowed or turned into another one on its way out (an ``except
    Exception`` in a solver, a callback in compiled code whose error comes back as a
    ``SystemError``), :func:`main` still sees the flag and exits 128 + signal number.
    """

    def __init__(self):
        self.signum: int | None = None
        self.finishing = False  # the command has ended: a late signal only sets the status
        self.active = False
        self._timer: threading.Timer | None = None
        self._previous: dict[int, object] = {}

    def handler(self, signum, frame):
        from lupex.output import deferring

        if self.signum is None:
            self.signum = signum
            self._resend_later()
        if self.finishing or deferring(signum):  # results being moved into place: raised after
            return
        if signum == signal.SIGTERM:
            raise Terminated
        raise KeyboardInterrupt

    def _resend_later(self, tries: int = 5) -> None:
        """Should the exception the handler raised be swallowed on its way out (and the command
        go on computing), raise it again a little later, a few times, until main has it."""
        if tries <= 0:
            return

        def resend():
            if self.active and not self.finishing and self.signum is not None:
                os.kill(os.getpid(), self.signum)
                self._resend_later(tries - 1)

        self._timer = threading.Timer(RESEND_S, resend)
        self._timer.daemon = True
        self._timer.start()

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for s in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(s) is signal.SIG_IGN:
                    continue  # ignored by whoever started us (e.g. a background job): kept so
                self._previous[s] = signal.signal(s, self.handler)
        self._unraisable = sys.unraisablehook
        sys.unraisablehook = self._unraisable_hook
        self.active = True
        return self

    def _unraisable_hook(self, unraisable):
        """An interrupt raised by :meth:`handler` inside a callback that cannot pass exceptions
        on (a ctypes callback during numba's compilation) is dropped without a traceback: the
        signal is recorded and sent again, so the command still ends with its one line."""
        if self.signum is not None and isinstance(unraisable.exc_value,
                                                  (Terminated, KeyboardInterrupt)):
            return
        self._unraisable(unraisable)

    def __exit__(self, *exc):
        self.active = False
        while self._timer is not None:  # no re-raise may arrive once the old handlers are back
            timer = self._timer
            timer.cancel()
            if timer.ident is not None and timer is not threading.current_thread():
                timer.join()
            if self._timer is timer:
                self._timer = None
        for s, h in self._previous.items():
            signal.signal(s, h)
        self._previous = {}
        if sys.unraisablehook == self._unraisable_hook:
            sys.unraisablehook = self._unraisable


def _interrupted_by(exc: BaseException | None) -> BaseException | None:
    """The KeyboardInterrupt in ``exc``'s cause/context chain (compiled code that was running a
    Python callback, e.g. numba's dispatcher, reports it as a SystemError), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _quiet_stdout() -> None:
    """After a broken pipe: send whatever is still buffered for stdout to /dev/null, so the
    interpreter's final flush does not report it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status.

    2: bad input (one paragraph on stderr). 130: interrupted by Ctrl-C (SIGINT), 143: terminated
    by SIGTERM, each with one line on stderr and no traceback; temporaries and locks are removed
    on the way out. A closed stdout (``lupex ... | head``) ends the command quietly (141); a full
    disk or another device error while writing is one line and status 74 (EX_IOERR); a defect of
    lupex found by its own checks (:class:`lupex.errors.InternalError`) is one line and 70.
    """
    if sys.stdout is None:  # started with standard output closed (`lupex ... >&-`)
        sys.stdout = _ClosedStream()
    with _Signals() as signals:
        try:
            try:
                status = _run(argv)
            except SystemExit:  # --help, --version: their text must have reached stdout
                sys.stdout.flush()
                raise
            sys.stdout.flush()
        except BaseException as exc:
            signals.finishing = True
            status = _status_for(exc, signals)
        signals.finishing = True
        if signals.signum is not None:
            # an interrupt wins over whatever the command returned, even if it was swallowed
            word = "terminated" if signals.signum == signal.SIGTERM else "interrupted"
            try:
                print(f"lupex: {word}", file=sys.stderr)
            except OSError:
                pass
            _forget_handled_interrupt()
            return 128 + int(signals.signum)
    return status


def console_main() -> None:
    """The ``lupex`` command (and ``python -m lupex``): :func:`main`, then exit with its status.

    After an interrupt lupex has printed its one line and cleaned up; what the interpreter's own
    shutdown may still print then (e.g. a process pool's exit hook writing to a pipe the
    interrupt already closed) is not shown."""
    status = main()
    if status in (128 + signal.SIGINT, 128 + signal.SIGTERM):
        try:
            sys.stderr.flush()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except (OSError, ValueError):
            pass
    sys.exit(status)


def _forget_handled_interrupt() -> None:
    """CPython 3.11 records a KeyboardInterrupt that escaped code run through its ``PyRun_*``
    entry points (some extension modules import that way) and, at exit, kills the process with
    SIGINT instead of returning the exit status, even when the interrupt was handled. lupex has
    handled it (cleaned up, one line printed): clear that record so the status is 130 or 143.
    Best effort: other interpreters keep it elsewhere or not at all."""
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (ImportError, AttributeError, ValueError, OSError):
        pass


#: Write errors of the device or file system, not of lupex: a full disk, a quota, an I/O error,
#: a closed standard output.
_DEVICE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS, errno.EBADF}


class _ClosedStream:
    """Standard output when the process was started with it closed: any write is an error."""

    def write(self, text):
        if text:
            raise OSError(errno.EBADF, "standard output is closed")
        return 0

    def flush(self):
        pass

    def fileno(self):
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self):
        return False


def _status_for(exc: BaseException, signals: _Signals) -> int:
    """Exit status for an exception that ended a command (re-raised when it is a bug)."""
    if signals.signum is not None:
        return 1  # whatever it is, it came from the interrupt: main reports that
    if isinstance(exc, InputError):
        print(f"lupex: error: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, BrokenPipeError):
        _quiet_stdout()
        return 141
    if isinstance(exc, InternalError):
        print(f"lupex: internal error: {exc}. This is a defect of lupex, not of your input: "
              "please report it with the scenario and the command.", file=sys.stderr)
        return 70  # EX_SOFTWARE (sysexits.h)
    if isinstance(exc, OSError) and exc.errno in _DEVICE_ERRNOS:
        _quiet_stdout()  # stdout may be the full device: nothing more goes there
        where = f" {exc.filename}" if exc.filename else " the output (standard output or --out)"
        todo = ("run it with standard output open (or redirected to a file)"
                if exc.errno == errno.EBADF else
                "free space (or choose another place) and run the command again")
        try:
            print(f"lupex: error: could not write{where}: {exc.strerror}; {todo}",
                  file=sys.stderr)
        except OSError:
            pass
        return 74  # EX_IOERR (sysexits.h)
    if isinstance(exc, KeyboardInterrupt):  # no handler installed (not the main thread)
        signals.signum = signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT
        return 1
    if not isinstance(exc, SystemExit) and _interrupted_by(exc) is not None:
        signals.signum = signal.SIGINT
        return 1
    raise exc


def _run(argv) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
