"""The one registry of terrain products lupex knows (:data:`PRODUCTS`).

Each :class:`ProductInfo` gives a product's resolution, coverage, size, sha256, the folder it lives
in inside a data directory (``lola/``, ``lola_polar/``, ``metre/``), where it comes from and
where it can be downloaded. Sources, citations and how sizes and hashes were obtained:
:mod:`lupex.site.fetch`, which downloads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


#: Base URL of the LOLA GDR directory at the PDS Geosciences Node.
PDS_BASE = ("https://pds-geosciences.wustl.edu/lro/lro-l-lola-3-rdr-v1/lrolol_1xxx/data/lola_gdr/")


@dataclass(frozen=True)
class ProductInfo:
    """One terrain product: resolution, coverage, where it lives and how it is checked.

    ``pixel_m``: grid spacing, m (along a meridian for cylindrical grids). ``img_*``: the data
    file (a PDS ``.IMG`` or a GeoTIFF), its size in bytes and sha256 (None = not pinned);
    ``lbl_sha256``: the PDS label's sha256. ``folder``: its folder inside a data directory;
    ``file``: the data file's name there (default ``NAME.IMG`` with a ``NAME.LBL`` label).
    ``url``: public download of the data file (default: the PDS path from ``subdir``; None: no
    public download of this exact file). ``archive_member`` / ``archive_sha256``: the download is
    a zip archive (a wheel) with this sha256, holding the data file at this member path.
    ``source_url``: where the product (or what it was cut from) is published.
    """

    name: str
    subdir: str
    pixel_m: float
    coverage: str
    img_size_bytes: int | None
    img_sha256: str | None
    lbl_sha256: str | None = None
    folder: str = "lola"
    file: str | None = None
    url: str | None = ""
    archive_member: str | None = None
    archive_sha256: str | None = None
    source_url: str | None = None
    provenance: str = "NASA PDS, LRO LOLA GDR (LRO-L-LOLA-4-GDR-V1.0), public domain"

    @property
    def img_url(self) -> str:
        return PDS_BASE + self.subdir + self.name.lower() + ".img"

    @property
    def lbl_url(self) -> str:
        return PDS_BASE + self.subdir + self.name.lower() + ".lbl"

    @property
    def data_file(self) -> str:
        """File name of the data file inside :attr:`folder`."""
        return self.file or self.name + ".IMG"

    @property
    def has_label(self) -> bool:
        """A PDS product with a detached ``.LBL`` label."""
        return self.file is None

    def files(self) -> list[tuple[str, str | None, int | None]]:
        """(file name, sha256 or None, size in bytes or None) of every file of the product."""
        out = []
        if self.has_label:
            out.append((self.name + ".LBL", self.lbl_sha256, None))
        out.append((self.data_file, self.img_sha256, self.img_size_bytes))
        return out

    def relative_paths(self) -> list[str]:
        """Paths of the product's files relative to a data directory (``lola/LDEM_4.IMG``)."""
        return [f"{self.folder}/{f}" for f, _, _ in self.files()]

    def download_url(self, file: str, mirror: str | None = None) -> str | None:
        """Address of one of the product's files: ``<mirror>/<folder>/<file>`` with a mirror,
        else the public download (None when there is none)."""
        if mirror:
            return mirror.rstrip("/") + "/" + self.folder + "/" + file
        if self.has_label:
            return self.lbl_url if file.upper().endswith(".LBL") else self.img_url
        return self.url or None


_CYL = "cylindrical/img/"
_POL = "polar/img/"

#: Registry of products. Global grids: n px/deg -> 360n x 180n int16 (LDEM_n labels).
#: Polar tiles: sizes from their labels (LDEM_875S_5M 30336 x 30336 int16, LDEM_80S_20M 30400 x
#: 30400 int16; the others are listed without size until a label has been checked).
#: LDEM_256_SPS_1600M and SHOEMAKER_5M_SUBSET: size and sha256 measured on the verified copies.
PRODUCTS: dict[str, ProductInfo] = {
    p.name: p
    for p in (
        ProductInfo("LDEM_4", _CYL, 7580.84, "global", 2_073_600,
                    "972d66d7f330abca62abc21aae270661516c00dd1a881ec102b94df9563656b5",
                    "b5a197b4d417e3b5e0e84f8fe15f9a1d2203b8eb5d7213236c0ffbc86e940cc6",
                    source_url=PDS_BASE + _CYL + "ldem_4.img"),
        ProductInfo("LDEM_256_SPS_1600M", "", 1600.0,
                    "south pole to about 70°S (62°S in the corners), polar stereographic",
                    856_510, "12c33e28c889293205aa55908ffcdddb58eb12b8c2af50a01248eae25cc522c4",
                    folder="lola_polar", file="LDEM_256_SPS_1600M.tif",
                    url=("https://files.pythonhosted.org/packages/11/37/31a19d6ca7efbbfca920e97d26cbd98"
                         "d9f6d5dc7ab0924b3da7e734f44ba/lunar_toolkit-0.1.0-py3-none-any.whl"),
                    archive_member="lunar_toolkit/static/basemaps/lola_dem_south.tif",
                    archive_sha256="a26c2b50b5694d05df30e37b4275f9c85d7762e469d4ced297a8027d75a55f88",
                    source_url="https://pypi.org/project/lunar-toolkit/0.1.0/",
                    provenance=("LOLA LDEM_256 (NASA PDS, public domain) resampled to south polar "
                                "stereographic at 1.6 km, from the lunar-toolkit 0.1.0 wheel "
                                "(BSD-3-Clause), unchanged")),
        ProductInfo("SHOEMAKER_5M_SUBSET", "", 5.0,
                    "1.28 km square near Shoemaker crater (87.18°S, 62.8°E), polar stereographic",
                    262_951, "f6651cd37d8de59fc9e7c53f32a14869d6c1b12aa95abd2df6e077c87bd734ab",
                    folder="metre", file="SHOEMAKER_5M_SUBSET.tif", url=None,
                    source_url=("https://pgda.gsfc.nasa.gov/data/LOLA_5mpp/Shoemaker/"
                                "Shoemaker_final_adj_5mpp_surf.tif"),
                    provenance=("256 x 256 crop of the NASA GSFC PGDA LOLA 5 m Shoemaker site DEM "
                                "(Barker et al. 2021), via space-ros/demos (Apache-2.0); no public "
                                "download of the crop itself")),
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

#: The products a user is most likely to need first (``lupex data list`` shows these first).
CORE_PRODUCTS = ("LDEM_4", "LDEM_256_SPS_1600M", "SHOEMAKER_5M_SUBSET")


def product_for_file(file_name: str) -> ProductInfo | None:
    """The registry entry whose data file or label is called ``file_name`` (any case), or None."""
    up = Path(file_name).name.upper()
    for p in PRODUCTS.values():
        if up in {f.upper() for f, _, _ in p.files()}:
            return p
    return None


def known_sha256(file_name: str) -> str | None:
    """Pinned sha256 of a product file by its name (``LDEM_4.LBL``), or None."""
    p = product_for_file(file_name)
    if p is None:
        return None
    for f, sha, _ in p.files():
        if f.upper() == Path(file_name).name.upper():
            return sha
    return None
