"""The ``lupex`` command line: ``lupex run``, and one command group per stage.

Each stage's commands live in ``lupex/cli/<stage>.py`` with ``register(subparsers)``; a command
handler returns an exit status. Bad input (:class:`lupex.errors.InputError`) prints one paragraph
on stderr and exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from lupex import __version__
from lupex.errors import InputError

#: Command modules, in the order they appear in ``lupex --help``.
COMMAND_MODULES = ("run", "launch", "transfer", "site", "rover", "sweep")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's usage errors: status 2, one paragraph
        self.print_usage(sys.stderr)
        self.exit(2, f"lupex: error: {message}\n")


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except InputError as exc:
        print(f"lupex: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lupex: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
