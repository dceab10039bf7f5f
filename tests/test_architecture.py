"""Architecture: the physics packages do not depend on the runner's plumbing.

Every module under lupex/launch, lupex/transfer, lupex/site and lupex/rover is parsed (AST,
every import statement at any depth, including ones inside functions) and must not import
lupex.scenario, lupex.timeline or lupex.report. The scenario adapters map scenarios onto the
physics and the physics results onto summary keys and timeline events, never the reverse.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "lupex"
PHYSICS = ("launch", "transfer", "site", "rover", "ice", "operations")
FORBIDDEN = ("lupex.scenario", "lupex.timeline", "lupex.report")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import in a source file; relative imports resolved."""
    pkg = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    return _imports_in(path.read_text(encoding="utf-8"), pkg)


def _imports_in(source: str, pkg: str) -> list[tuple[int, str]]:
    """(line, imported module) of every import in ``source`` (module of package ``pkg``)."""
    tree = ast.parse(source)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append((node.lineno, node.args[0].value))
    return out


def _forbidden(mod: str) -> bool:
    return any(mod == f or mod.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("package", PHYSICS)
def test_physics_packages_do_not_import_runner_plumbing(package):
    files = sorted((SRC / package).rglob("*.py"))
    assert files, package
    bad = [f"{p.relative_to(SRC.parent)}:{line}: imports {mod}"
           for p in files for line, mod in _imports(p) if _forbidden(mod)]
    assert not bad, "physics package imports runner plumbing:\n" + "\n".join(bad)


def test_the_walk_sees_every_kind_of_import():
    src = ("import numpy\n"
           "def f():\n    from lupex.timeline import Event\n    import lupex.report\n"
           "    from ..scenario import runner\n"
           "    importlib.import_module('lupex.scenario.stages')\n")
    bad = sorted({m for _, m in _imports_in(src, "lupex.transfer") if _forbidden(m)})
    assert bad == ["lupex.report", "lupex.scenario", "lupex.scenario.runner",
                   "lupex.scenario.stages", "lupex.timeline", "lupex.timeline.Event"]


def test_the_scenario_schema_reads_rover_defaults_without_loading_the_route_planner():
    """[rover] takes its defaults from lupex.rover.model; lupex.rover imports its submodules on
    first use, so reading the schema does not load the planner's numba kernels."""
    import os
    import subprocess
    import sys

    code = ("import sys, lupex.scenario.sections.rover, lupex.rover\n"
            "loaded = sorted(m for m in sys.modules if m.startswith(('numba', 'lupex.rover.')))\n"
            "print(loaded)\n"
            "assert lupex.rover.plan_mission.__module__ == 'lupex.rover.mission'\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(SRC.parent)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['lupex.rover.model']", out.stdout
