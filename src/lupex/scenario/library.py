"""The scenarios shipped with lupex (package data ``lupex/data/scenarios``): found by name from
any directory after ``pip install``, listed and copied by ``lupex scenarios``."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path


def _folder():
    return resources.files("lupex.data").joinpath("scenarios")


def packaged_scenarios() -> dict[str, Path]:
    """Name (file stem, e.g. ``baseline``) -> path of every packaged scenario, sorted by name."""
    folder = _folder()
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out[entry.name[:-5]] = Path(str(entry))
    return out


def packaged_scenario(name: str) -> Path | None:
    """The packaged scenario called ``name`` (with or without ``.toml``), or None."""
    stem = str(name).removesuffix(".toml")
    if "/" in stem or "\\" in stem:
        return None
    return packaged_scenarios().get(stem)


def describe(path: Path) -> dict:
    """Name, mission name and description of a packaged scenario (from its [mission] table)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    mission = data.get("mission", {}) if isinstance(data.get("mission"), dict) else {}
    return {"name": path.stem, "mission": mission.get("name", ""),
            "description": mission.get("description", ""), "path": str(path)}
