"""Fetch registry and the offline cache path (no download is ever attempted here).

Reference hashes: /work/shared/data/lola/README.md (sha256 of LDEM_4.IMG and LDEM_4.LBL).
"""

from __future__ import annotations

import shutil

import pytest

from lupex.errors import InputError
from lupex.site import fetch


def test_registry_urls_and_known_hashes():
    reg = fetch.registry()
    assert reg["LDEM_4.IMG"] == ("sha256:972d66d7f330abca62abc21aae270661516c00dd1a881ec102b94df9563656b5")
    assert reg["LDEM_4.LBL"] == ("sha256:b5a197b4d417e3b5e0e84f8fe15f9a1d2203b8eb5d7213236c0ffbc86e940cc6")
    urls = fetch.urls()
    assert urls["LDEM_4.IMG"] == ("https://pds-geosciences.wustl.edu/lro/lro-l-lola-3-rdr-v1/"
                                  "lrolol_1xxx/data/lola_gdr/cylindrical/img/ldem_4.img")
    assert urls["LDEM_875S_5M.IMG"].endswith("lola_gdr/polar/img/ldem_875s_5m.img")
    # sizes implied by the labels: 1440 x 720 x 2 and 30336^2 x 2 bytes
    assert fetch.PRODUCTS["LDEM_4"].img_size_bytes == 2_073_600
    assert fetch.PRODUCTS["LDEM_875S_5M"].img_size_bytes == 1_840_545_792
    for name in ("LDEM_16", "LDEM_85S_20M", "LDEM_80S_20M", "LDEM_875S_5M"):
        assert name in fetch.PRODUCTS


def test_local_copy_matches_pinned_hash(lola_dir):
    assert fetch.verify_file("LDEM_4", lola_dir / "LDEM_4.IMG") is True
    assert fetch.verify_file("LDEM_4", lola_dir / "LDEM_4.LBL") is True
    assert fetch.find_product("LDEM_4") is not None


def test_offline_cache_path_is_used_without_network(tmp_path, lola_dir, monkeypatch):
    """A file already in the pooch cache with the right hash is returned, not downloaded."""
    import pooch

    def no_download(*a, **k):  # any download attempt fails the test
        raise AssertionError("download attempted")

    monkeypatch.setattr(pooch.core, "stream_download", no_download, raising=False)
    shutil.copy(lola_dir / "LDEM_4.LBL", tmp_path / "LDEM_4.LBL")
    pup = fetch.make_pooch(tmp_path)
    assert pup.fetch("LDEM_4.LBL") == str(tmp_path / "LDEM_4.LBL")
    # a corrupt cached copy is detected by the hash check
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "LDEM_4.LBL").write_text("not the label")
    with pytest.raises(InputError, match="sha256"):
        fetch.verify_file("LDEM_4", tmp_path / "bad" / "LDEM_4.LBL")


def test_unknown_product():
    with pytest.raises(InputError, match="LDEM_4"):
        fetch.find_product("LDEM_9999")
