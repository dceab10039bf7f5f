"""The run directory's figures and products for the report: embedded figures (validated images
as base64 ``data:`` URIs, captioned from :mod:`lupex.report.captions`) and the file list."""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lupex.report.captions import CAPTIONS, caption_for, registry_index

REPORT_NAME = "report.html"


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


_MISSION_FIGURES = ("timeline_gantt.png", "mass_budget.png")  # placed in their own sections


_PRODUCT_KINDS = {
    ".csv": "CSV table",
    ".oem": "CCSDS OEM trajectory (GMAT, STK, Orekit)",
    ".czml": "CZML trajectory (Cesium)",
    ".tif": "GeoTIFF map (QGIS, GDAL)",
    ".tiff": "GeoTIFF map (QGIS, GDAL)",
    ".json": "JSON",
    ".png": "figure (PNG)",
    ".svg": "figure (SVG)",
    ".txt": "text",
}


@dataclass(frozen=True)
class Figure:
    """One embedded figure."""

    rel_path: str
    caption: str
    caption_origin: str
    data_uri: str
    width: int | None
    height: int | None


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk, or None if ``data`` is not a PNG."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        w, h = struct.unpack(">II", data[16:24])
        return (w, h) if w > 0 and h > 0 else None
    return None


def _image_ok(path: Path, data: bytes) -> tuple[bool, tuple[int, int] | None]:
    ext = path.suffix.lower()
    if ext == ".png":
        size = _png_size(data)
        return size is not None, size
    if ext in (".jpg", ".jpeg"):
        return data[:3] == b"\xff\xd8\xff", None
    if ext == ".svg":
        head = data[:2048].lstrip().lower()
        return head.startswith(b"<svg") or head.startswith(b"<?xml"), None
    return False, None


def collect_figures(out_dir: Path) -> tuple[dict[str, list[Figure]], list[str]]:
    """Every figure under ``out_dir`` grouped by its top-level subdirectory ("" = out_dir itself).

    Within a group figures come in the caption registry's order, then by name. Files that are
    not valid images are not embedded; their relative paths are returned as the second item.
    """
    groups: dict[str, list[tuple[tuple, Figure]]] = {}
    bad: list[str] = []
    files = sorted(p for p in out_dir.rglob("*") if p.is_file() and p.suffix.lower() in _MIME)
    for p in files:
        rel = p.relative_to(out_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        data = p.read_bytes()
        ok, size = _image_ok(p, data)
        if not ok:
            bad.append(rel.as_posix())
            continue
        group = rel.parts[0] if len(rel.parts) > 1 else ""
        caption, origin = caption_for(p, out_dir)
        idx = registry_index(group, p.name)
        key = (idx if idx is not None else len(CAPTIONS), rel.as_posix())
        uri = f"data:{_MIME[p.suffix.lower()]};base64," + base64.b64encode(data).decode("ascii")
        fig = Figure(rel.as_posix(), caption, origin, uri, *(size or (None, None)))
        groups.setdefault(group, []).append((key, fig))
    return {g: [f for _, f in sorted(v, key=lambda kv: kv[0])] for g, v in groups.items()}, bad


def collect_products(out_dir: Path) -> list[dict]:
    """Every file of the run (except the report) with its size and kind, for the file list."""
    rows = []
    for p in sorted(out_dir.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out_dir)
        if (
            rel.as_posix() in (REPORT_NAME, REPORT_NAME + ".partial")
            or any(part.startswith(".") for part in rel.parts)
        ):
            continue
        size = p.stat().st_size
        rows.append(
            {
                "path": rel.as_posix(),
                "href": quote(rel.as_posix()),
                "kind": _PRODUCT_KINDS.get(p.suffix.lower(), p.suffix.lstrip(".") or "file"),
                "size": f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB",
            }
        )
    return rows
