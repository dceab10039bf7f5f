"""Data integrity: published products are checked against their sha256 before use, a corrupt copy
is an error naming the file (never a silent fallback), and the package ships LDEM_4 so that an
installation works with nothing beside it (LDEM_4 and the 1.6 km south-polar layer), with the
data directories and the fetch cache layered above them."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.paths import package_data_dir, verify_product_file
from lupex.site.fetch import PRODUCTS
from lupex.site.pds import open_product
from lupex.site.terrain import available_products, build_terrain


def _copy_ldem4(lola_dir, dest):
    d = dest / "lola"
    d.mkdir(parents=True)
    for name in ("LDEM_4.IMG", "LDEM_4.LBL"):
        shutil.copy(lola_dir / name, d / name)
    return d


def test_shipped_ldem4_is_the_published_product():
    """The copy inside the package has the sha256 of the PDS product (lupex.site.fetch)."""
    d = package_data_dir() / "lola"
    assert verify_product_file(d / "LDEM_4.IMG", PRODUCTS["LDEM_4"].img_sha256) == "verified"
    assert verify_product_file(d / "LDEM_4.LBL", PRODUCTS["LDEM_4"].lbl_sha256) == "verified"
    assert open_product(d / "LDEM_4.IMG").checksum == "verified"


def test_shipped_polar_layer_is_the_published_product():
    """The 1.6 km south-polar layer inside the package has the sha256 of its published source
    (lupex.site.fetch registry; the file's README gives the same) and is verified when opened."""
    info = PRODUCTS["LDEM_256_SPS_1600M"]
    f = package_data_dir() / info.folder / info.data_file
    assert f.stat().st_size == info.img_size_bytes
    assert verify_product_file(f, info.img_sha256) == "verified"
    prod = open_product(f)
    assert prod.checksum == "verified"
    assert prod.projection == "polar_stereographic" and prod.pixel_m == pytest.approx(1600.0)
    assert info.img_sha256 in (f.parent / "README.md").read_text(encoding="utf-8")


def test_corrupted_polar_layer_is_refused(tmp_path, monkeypatch):
    """A GeoTIFF product with a pinned sha256 is verified too: one changed byte is refused,
    naming the file."""
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    info = PRODUCTS["LDEM_256_SPS_1600M"]
    d = tmp_path / "data" / info.folder
    d.mkdir(parents=True)
    raw = bytearray((package_data_dir() / info.folder / info.data_file).read_bytes())
    raw[-100] ^= 0xFF
    (d / info.data_file).write_bytes(bytes(raw))
    with pytest.raises(InputError, match="LDEM_256_SPS_1600M.tif.*corrupt"):
        open_product(d / info.data_file)


def test_embedded_products_are_found_below_the_data_dirs(tmp_path, monkeypatch, lola_dir):
    """Both embedded products are found; a product in LUPEX_DATA_DIR (any product folder, here
    a folder the registry does not name) is taken from there, above the embedded copy, and the
    products come finest first."""
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    embedded = package_data_dir()
    data = tmp_path / "data"
    data.mkdir()
    shutil.move(_copy_ldem4(lola_dir, tmp_path / "staging"), data / "some_other_folder")
    monkeypatch.setenv("LUPEX_DATA_DIR", str(data))
    prods = available_products()
    by_name = {p.name: p for p in prods}
    assert {"LDEM_4", "LDEM_256_SPS_1600M"} <= set(by_name)
    assert by_name["LDEM_4"].path.parent == data / "some_other_folder"
    assert by_name["LDEM_256_SPS_1600M"].path.is_relative_to(embedded) or \
        not by_name["LDEM_256_SPS_1600M"].path.is_relative_to(data)
    px = [p.pixel_m for p in prods]
    assert px == sorted(px)


def test_corrupted_ldem4_is_refused(lola_dir, tmp_path, monkeypatch):
    """The last 20 rows randomised, right size: refused naming the file (it used to give a
    plausible-looking sun fraction of 0)."""
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    d = _copy_ldem4(lola_dir, tmp_path / "data")
    raw = np.fromfile(d / "LDEM_4.IMG", dtype="<i2").reshape(720, 1440)
    raw[-20:] = np.random.default_rng(1).integers(-8000, 8000, size=(20, 1440))
    raw.tofile(d / "LDEM_4.IMG")
    with pytest.raises(InputError, match="LDEM_4.IMG.*corrupt"):
        open_product(d / "LDEM_4.IMG")
    # through LUPEX_DATA_DIR: an error, not a fallback to another copy
    monkeypatch.setenv("LUPEX_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(InputError, match="LUPEX_DATA_DIR"):
        available_products()


def test_verification_is_cached_by_size_and_mtime(lola_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    d = _copy_ldem4(lola_dir, tmp_path / "data")
    sha = PRODUCTS["LDEM_4"].img_sha256
    assert verify_product_file(d / "LDEM_4.IMG", sha) == "verified"
    assert (tmp_path / "cache" / "verified-sha256.json").is_file()
    # same bytes, same version: cached; a changed file is hashed again and refused
    raw = np.fromfile(d / "LDEM_4.IMG", dtype="<i2")
    raw[:10] = 0
    raw.tofile(d / "LDEM_4.IMG")
    with pytest.raises(InputError, match="corrupt"):
        verify_product_file(d / "LDEM_4.IMG", sha)


def test_terrain_json_names_each_file_and_its_checksum(lola_dir):
    """Whatever products are found: every product the grid uses is named with its file and its
    (verified) checksum, and the one under the site is the finest product covering it."""
    prods = available_products()
    t = build_terrain(-89.45, 222.69, 20_000.0, 2_000.0)
    desc = t.describe()
    files = desc["files"]
    assert [f["product"] for f in files] == desc["products"]
    finest = min((p for p in prods if p.covers(-89.45, 222.69)), key=lambda p: p.pixel_m)
    assert t.pixel_of_source_at(-89.45, 222.69) == pytest.approx(finest.pixel_m)
    for f in files:
        assert f["checksum"] == "verified"
        assert f["path"].upper().rsplit("/", 1)[-1].startswith(f["product"])
