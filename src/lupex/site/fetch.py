"""Cached, checksummed download of LOLA elevation products from the PDS Geosciences Node (pooch).

Nothing in lupex downloads at run time on its own: :func:`fetch_product` is called explicitly by a
user (``python -c "from lupex.site.fetch import fetch_product; fetch_product('LDEM_16')"``) and the
files land in the user cache (:func:`lupex.paths.user_cache_dir` ``/lola``), which
:func:`lupex.paths.find_data_file` searches after ``LUPEX_DATA_DIR`` and a source checkout's
data directory.
:func:`find_product` only looks on disk.

Source: NASA PDS Geosciences Node, LRO LOLA GDR (data set LRO-L-LOLA-4-GDR-V1.0), directory
``lro/lro-l-lola-3-rdr-v1/lrolol_1xxx/data/lola_gdr/`` (``cylindrical/img/`` for the global
simple-cylindrical grids, ``polar/img/`` for the 16-bit polar-stereographic tiles).
Cite: Smith et al. (2010), Space Sci. Rev. 150:209; Neumann (2011), LOLA RDR/GDR SIS.

Sizes are those implied by each label (LINES x LINE_SAMPLES x bytes per sample) where known;
sha256 is given only where it was computed on a verified copy of the product (LDEM_4). Products without a known hash are downloaded with ``known_hash=None`` and their size is
checked against the label after the download, and the computed sha256 is logged for the user to
pin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lupex.errors import InputError

#: Base URL of the LOLA GDR directory at the PDS Geosciences Node.
PDS_BASE = ("https://pds-geosciences.wustl.edu/lro/lro-l-lola-3-rdr-v1/lrolol_1xxx/data/lola_gdr/")


@dataclass(frozen=True)
class ProductInfo:
    """One downloadable LOLA product: where it lives, its size and hash (None = not pinned)."""

    name: str
    subdir: str
    pixel_m: float
    coverage: str
    img_size_bytes: int | None
    img_sha256: str | None
    lbl_sha256: str | None = None

    @property
    def img_url(self) -> str:
        return PDS_BASE + self.subdir + self.name.lower() + ".img"

    @property
    def lbl_url(self) -> str:
        return PDS_BASE + self.subdir + self.name.lower() + ".lbl"


_CYL = "cylindrical/img/"
_POL = "polar/img/"

#: Registry of products. Global grids: n px/deg -> 360n x 180n int16 (LDEM_n labels).
#: Polar tiles: sizes from their labels (LDEM_875S_5M 30336 x 30336 int16, LDEM_80S_20M 30400 x
#: 30400 int16; the others are listed without size until a label has been checked).
PRODUCTS: dict[str, ProductInfo] = {
    p.name: p
    for p in (
        ProductInfo("LDEM_4", _CYL, 7580.84, "global", 2_073_600,
                    "972d66d7f330abca62abc21aae270661516c00dd1a881ec102b94df9563656b5",
                    "b5a197b4d417e3b5e0e84f8fe15f9a1d2203b8eb5d7213236c0ffbc86e940cc6"),
        ProductInfo("LDEM_16", _CYL, 1895.21, "global", 5760 * 2880 * 2, None),
        ProductInfo("LDEM_64", _CYL, 473.80, "global", 23040 * 11520 * 2, None),
        ProductInfo("LDEM_128", _CYL, 236.90, "global", 46080 * 23040 * 2, None),
        ProductInfo("LDEM_875S_5M", _POL, 5.0, "87.5°S-90°S", 30336 * 30336 * 2, None),
        ProductInfo("LDEM_85S_10M", _POL, 10.0, "85°S-90°S", None, None),
        ProductInfo("LDEM_85S_20M", _POL, 20.0, "85°S-90°S", None, None),
        ProductInfo("LDEM_85S_40M", _POL, 40.0, "85°S-90°S", None, None),
        ProductInfo("LDEM_80S_20M", _POL, 20.0, "80°S-90°S", 30400 * 30400 * 2, None),
        ProductInfo("LDEM_80S_40M", _POL, 40.0, "80°S-90°S", None, None),
        ProductInfo("LDEM_80S_80M", _POL, 80.0, "80°S-90°S", None, None),
        ProductInfo("LDEM_75S_120M", _POL, 120.0, "75°S-90°S", None, None),
        ProductInfo("LDEM_75S_240M", _POL, 240.0, "75°S-90°S", None, None),
    )
}


def registry() -> dict[str, str | None]:
    """pooch registry {file name: "sha256:..." or None} of every product (IMG and LBL)."""
    out: dict[str, str | None] = {}
    for p in PRODUCTS.values():
        out[p.name + ".IMG"] = f"sha256:{p.img_sha256}" if p.img_sha256 else None
        out[p.name + ".LBL"] = f"sha256:{p.lbl_sha256}" if p.lbl_sha256 else None
    return out


def urls() -> dict[str, str]:
    """{file name: URL at the PDS Geosciences Node} for every product."""
    out = {}
    for p in PRODUCTS.values():
        out[p.name + ".IMG"] = p.img_url
        out[p.name + ".LBL"] = p.lbl_url
    return out


def cache_dir() -> Path:
    """Where :func:`fetch_product` stores products: ``<lupex user cache>/lola``."""
    from lupex.paths import user_cache_dir

    return user_cache_dir() / "lola"


def make_pooch(path: str | Path | None = None):
    """A :class:`pooch.Pooch` over the PDS node for the registry (no download happens here)."""
    import pooch

    return pooch.create(path=Path(path) if path else cache_dir(), base_url=PDS_BASE,
                        registry=registry(), urls=urls(), retry_if_failed=2)


def _check(name: str) -> ProductInfo:
    key = name.upper().removesuffix(".IMG").removesuffix(".LBL")
    if key not in PRODUCTS:
        raise InputError("LOLA product", name, f"one of {', '.join(PRODUCTS)}")
    return PRODUCTS[key]


def find_product(name: str) -> Path | None:
    """Local path of a product's .IMG if present in a data directory (never downloads)."""
    from lupex.paths import find_data_file

    info = _check(name)
    for cand in (f"lola/{info.name}.IMG", f"lola/{info.name.lower()}.img"):
        p = find_data_file(cand)
        if p is not None:
            return p
    return None


def fetch_product(name: str, path: str | Path | None = None, progress: bool = True) -> Path:
    """Download (or reuse from the cache) a product's .LBL and .IMG; return the .IMG path.

    The file is checked against its sha256 when pinned, else against the size its registry
    entry gives. Large products are GB-sized (see :data:`PRODUCTS`).
    """
    info = _check(name)
    local = find_product(info.name)
    if local is not None and path is None:
        return local
    pup = make_pooch(path)
    pup.fetch(info.name + ".LBL")
    img = Path(pup.fetch(info.name + ".IMG", progressbar=progress))
    if info.img_size_bytes is not None and img.stat().st_size != info.img_size_bytes:
        raise InputError(f"downloaded {info.name}.IMG size", img.stat().st_size,
                         f"{info.img_size_bytes} bytes (as the product's label says)")
    return img


def verify_file(name: str, file: str | Path) -> bool:
    """Check a local file against the registry hash (True if it matches, False if not pinned)."""
    import pooch

    info = _check(name)
    fname = Path(file).name.upper()
    known = info.lbl_sha256 if fname.endswith(".LBL") else info.img_sha256
    if known is None:
        return False
    got = pooch.file_hash(str(file), alg="sha256")
    if got != known:
        raise InputError(f"{name} file {file}", f"sha256:{got}", f"sha256:{known} (corrupt copy?)")
    return True
