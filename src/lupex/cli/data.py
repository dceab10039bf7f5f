"""``lupex data list`` and ``lupex data fetch PRODUCT``: the terrain products lupex knows, where
each was found, and their cached, checksummed download (:mod:`lupex.site.fetch`)."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    from lupex.cli import help_and_fail

    p = sub.add_parser("data", help="list the terrain products and where they were found; fetch one")
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", parser_class=type(p))
    ls = dsub.add_parser("list", help="every known product: resolution, coverage, size, sha256, "
                                      "where it was found")
    ls.add_argument("--json", action="store_true", help="print the list as JSON")
    ls.set_defaults(handler=handle_list)
    f = dsub.add_parser("fetch", help="download a product into the user cache (checksummed)")
    f.add_argument("product", help="product name (see `lupex data list`), e.g. LDEM_256_SPS_1600M")
    f.add_argument("--force", action="store_true",
                   help="download again even if a copy is already in a data directory")
    f.add_argument("--quiet", action="store_true", help="no progress bar")
    f.set_defaults(handler=handle_fetch)
    p.set_defaults(handler=lambda args: help_and_fail(p))



def product_rows() -> tuple[list[dict], str | None]:
    """One dict per registry product (core products first) and the problem with
    ``LUPEX_DATA_DIR`` (None when fine). Found copies are checked: size, and sha256 when pinned
    (cached by size and mtime, :func:`lupex.paths.verify_product_file`)."""
    import os

    from lupex.errors import InputError
    from lupex.paths import (LOCATION_LABELS, check_env_data_dir, data_locations,
                             verify_product_file)
    from lupex.site.fetch import CORE_PRODUCTS, MIRROR_ENV, PRODUCTS

    try:
        check_env_data_dir()
        env_problem = None
    except InputError as exc:
        env_problem = str(exc)
    mirror = os.environ.get(MIRROR_ENV) or None
    order = list(CORE_PRODUCTS) + [n for n in PRODUCTS if n not in CORE_PRODUCTS]
    rows = []
    for name in order:
        info = PRODUCTS[name]
        found = []
        for kind, d in data_locations():
            f = d / info.folder / info.data_file
            if not f.is_file():
                continue
            status = "found"
            if info.img_size_bytes is not None and f.stat().st_size != info.img_size_bytes:
                status = f"WRONG SIZE ({f.stat().st_size} bytes)"
            elif info.img_sha256 is not None:
                try:
                    status = verify_product_file(f, info.img_sha256)
                except InputError:
                    status = "CORRUPT (sha256 differs)"
            found.append({"where": LOCATION_LABELS[kind], "path": str(f), "status": status})
        rows.append({
            "product": info.name,
            "pixel_m": info.pixel_m,
            "coverage": info.coverage,
            "size_bytes": info.img_size_bytes,
            "sha256": info.img_sha256,
            "files": info.relative_paths(),
            "found": found,
            "download_url": info.download_url(info.data_file, mirror),
            "source_url": info.source_url or info.img_url,
            "provenance": info.provenance,
        })
    return rows, env_problem


def _size(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, k in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n} B"


def handle_list(args) -> int:
    rows, env_problem = product_rows()
    if args.json:
        json.dump({"products": rows, "lupex_data_dir_problem": env_problem}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from lupex.cli.console import Console
    from rich.table import Table

    console = Console()
    t = Table(title="Terrain products")
    for col in ("product", "pixel", "coverage", "size", "sha256", "found"):
        t.add_column(col, overflow="fold")
    for r in rows:
        found = "\n".join(f"{f['where']} ({f['status']})" for f in r["found"])
        sha = r["sha256"][:12] + "…" if r["sha256"] else "not pinned"
        t.add_row(r["product"], f"{r['pixel_m']:g} m", r["coverage"], _size(r["size_bytes"]),
                  sha, found or "[dim]not found[/dim]")
    console.print(t)
    console.print("Full sha256, paths and download addresses: lupex data list --json")
    if env_problem:
        Console(stderr=True).print(f"[yellow]warning: {env_problem}[/yellow]")
    return 0


def handle_fetch(args) -> int:
    from lupex.site.fetch import fetch_product, find_product

    local = None if args.force else find_product(args.product)
    path = fetch_product(args.product, progress=not args.quiet, force=args.force)
    if local is not None and path == local:
        print(f"{args.product}: already in a data directory; --force downloads it again into "
              "the user cache", file=sys.stderr)
    print(path)
    return 0
