"""Data integrity: published products are checked against their sha256 before use, a corrupt copy
is an error naming the file (never a silent fallback), and the package ships LDEM_4 so that an
installation works with nothing beside it."""

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
    t = build_terrain(-89.45, 222.69, 20_000.0, 2_000.0)
    files = t.describe()["files"]
    assert files and files[0]["product"] == "LDEM_4"
    assert files[0]["path"].endswith("LDEM_4.IMG")
    assert files[0]["checksum"] == "verified"
