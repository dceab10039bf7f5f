"""``lupex scenarios list`` and ``lupex scenarios copy NAME [DIR]``: the scenarios shipped with
lupex, usable by name from any directory (``lupex run baseline``) and copied to be edited."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    from lupex.cli import help_and_fail

    p = sub.add_parser("scenarios", help="list the scenarios shipped with lupex; copy one to edit")
    ssub = p.add_subparsers(dest="scenarios_command", metavar="ACTION", parser_class=type(p))
    ls = ssub.add_parser("list", help="name, mission and description of each shipped scenario")
    ls.add_argument("--json", action="store_true", help="print the list as JSON")
    ls.set_defaults(handler=handle_list)
    cp = ssub.add_parser("copy", help="copy a shipped scenario into a directory, to edit it")
    cp.add_argument("name", help="scenario name (see `lupex scenarios list`), e.g. baseline")
    cp.add_argument("directory", nargs="?", default=".",
                    help="where to write NAME.toml (default: the working directory)")
    cp.set_defaults(handler=handle_copy)
    p.set_defaults(handler=lambda args: help_and_fail(p))



def handle_list(args) -> int:
    from lupex.scenario.library import describe, packaged_scenarios

    rows = [describe(p) for p in packaged_scenarios().values()]
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}}  {r['description'] or r['mission']}")
    print("run one by name (`lupex run baseline --out DIR`) or copy it to edit "
          "(`lupex scenarios copy baseline .`)", file=sys.stderr)
    return 0


def handle_copy(args) -> int:
    from pathlib import Path

    from lupex.errors import InputError
    from lupex.scenario.library import packaged_scenario, packaged_scenarios

    src = packaged_scenario(args.name)
    if src is None:
        raise InputError("scenario name", args.name,
                         f"one of {', '.join(packaged_scenarios())} (`lupex scenarios list`)")
    d = Path(args.directory)
    if not d.is_dir():
        raise InputError("directory", args.directory, "an existing directory")
    dest = d / src.name
    data = src.read_bytes()
    if dest.exists() or dest.is_symlink():
        if dest.is_file() and dest.read_bytes() == data:
            print(f"{dest} is already a copy of {args.name}", file=sys.stderr)
            return 0
        raise InputError(str(dest), "exists", "a file name not in use: lupex never overwrites "
                         "a file (rename or remove it, or choose another directory)")
    try:
        with open(dest, "xb") as f:  # exclusive create: never replaces a file made meanwhile
            f.write(data)
    except OSError as exc:
        raise InputError(str(dest), exc.strerror or str(exc), "a writable directory") from None
    print(f"wrote {dest}", file=sys.stderr)
    return 0
