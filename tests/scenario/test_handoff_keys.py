"""Every handoff key a stage writes is read by a later stage or the runner, and every key read
is written by some stage (static walk of the stage adapters and the runner)."""

from __future__ import annotations

import ast
from pathlib import Path

import lupex.scenario as scenario_pkg

ROOT = Path(scenario_pkg.__file__).parent
FILES = sorted((ROOT / "stages").glob("*.py")) + [ROOT / "runner.py"]


def _is_handoff(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "handoff"


def _keys_of_dict(node) -> set[str]:
    if isinstance(node, ast.Dict):
        return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return set()


def handoff_keys(files=FILES) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(written, read): key -> files. Written: dict literals given as ``handoff=`` or assigned to
    a name ``handoff``. Read: ``handoff.get("k")``, ``handoff["k"]`` and ``"k" (not) in handoff``
    (also for each string of a literal tuple iterated against ``handoff``)."""
    written: dict[str, set[str]] = {}
    read: dict[str, set[str]] = {}
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            keys_w: set[str] = set()
            keys_r: set[str] = set()
            if isinstance(node, ast.keyword) and node.arg == "handoff":
                keys_w |= _keys_of_dict(node.value)
            elif isinstance(node, ast.Assign) and any(_is_handoff(t) for t in node.targets):
                keys_w |= _keys_of_dict(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "get" and _is_handoff(node.func.value) and node.args
                  and isinstance(node.args[0], ast.Constant)):
                keys_r.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and _is_handoff(node.value) and isinstance(
                    node.slice, ast.Constant):
                (keys_w if isinstance(node.ctx, ast.Store) else keys_r).add(node.slice.value)
            elif (isinstance(node, ast.Compare) and len(node.ops) == 1
                  and isinstance(node.ops[0], (ast.In, ast.NotIn))
                  and _is_handoff(node.comparators[0]) and isinstance(node.left, ast.Constant)):
                keys_r.add(node.left.value)
            elif (isinstance(node, ast.comprehension) and isinstance(node.iter, ast.Tuple)
                  and any(isinstance(c, ast.Compare) and _is_handoff(c.comparators[0])
                          for c in node.ifs)):
                keys_r |= {e.value for e in node.iter.elts if isinstance(e, ast.Constant)}
            for k in keys_w:
                written.setdefault(k, set()).add(f.name)
            for k in keys_r:
                read.setdefault(k, set()).add(f.name)
    return written, read


def test_the_walk_sees_writes_and_reads():
    # the walk itself: the launch stage's handoff dict and the transfer stage's reads of it
    written, read = handoff_keys()
    assert {"parking_orbit", "landing_epoch", "terrain", "drill_sites_visited"} <= set(written)
    assert "launch.py" in written["parking_orbit"] and "transfer.py" in read["parking_orbit"]
    assert "runner.py" in read["surface_events_given"]


def test_every_handoff_key_written_is_read():
    written, read = handoff_keys()
    unread = {k: sorted(v) for k, v in written.items() if k not in read}
    assert not unread, f"handoff keys written but read by no stage or the runner: {unread}"


def test_every_handoff_key_read_is_written():
    written, read = handoff_keys()
    unknown = {k: sorted(v) for k, v in read.items() if k not in written}
    assert not unknown, f"handoff keys read but written by no stage: {unknown}"


def test_a_key_written_and_not_read_is_found(tmp_path):
    f = tmp_path / "stage.py"
    f.write_text("def run(s, handoff):\n    x = handoff.get('a')\n"
                 "    return R(handoff={'a': 1, 'orphan': 2})\n", encoding="utf-8")
    written, read = handoff_keys([f])
    assert set(written) == {"a", "orphan"} and set(read) == {"a"}


def test_notebooks_read_only_keys_a_stage_writes():
    # the notebooks drive the stage adapters too: a key they read must still be written
    import json
    import re

    written, _ = handoff_keys()
    notebooks = sorted((ROOT.parents[2] / "notebooks").glob("*.ipynb"))
    pattern = re.compile(r"handoff(?:\.get\(|\[)\s*[\"']([A-Za-z_]+)[\"']")
    read = set()
    for nb in notebooks:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for c in cells:
            if c["cell_type"] == "code":
                read |= set(pattern.findall("".join(c["source"])))
    assert notebooks and read, "the walk found no notebook reading a handoff"
    assert read <= set(written), f"notebooks read handoff keys no stage writes: {read - set(written)}"
