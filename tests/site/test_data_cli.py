"""`lupex data list` / `lupex data fetch`, the one product registry, and the terrain check that
`lupex run` makes before computing. No test reaches the network: downloads go to a closed local
port (offline) or to a local HTTP server thread serving a temporary folder (LUPEX_DATA_MIRROR)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest

from lupex.errors import InputError
from lupex.paths import data_dirs, file_sha256, find_data_file
from lupex.site import fetch

#: A port nothing listens on (the "discard" service, closed here): connection refused at once.
CLOSED = "http://127.0.0.1:9/"


@pytest.fixture
def mirror(tmp_path):
    """A local HTTP server over ``tmp_path/mirror`` (laid out like a data directory)."""
    root = tmp_path / "mirror"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


@pytest.mark.parametrize("name", fetch.CORE_PRODUCTS)
def test_pinned_sha256_match_the_real_files(name, lola_dir):
    """Each core product's pinned size and sha256 are those of the real file in the data
    directory (computed there; the data directory's README lists the same hashes)."""
    info = fetch.PRODUCTS[name]
    p = find_data_file(f"{info.folder}/{info.data_file}")
    if p is None:
        pytest.skip(f"{info.folder}/{info.data_file} not in any data directory")
    assert p.stat().st_size == info.img_size_bytes
    assert file_sha256(p) == info.img_sha256
    assert info.source_url.startswith("https://")


def test_one_registry_with_addresses():
    assert fetch.PRODUCTS["LDEM_4"].download_url("LDEM_4.IMG").endswith(
        "lola_gdr/cylindrical/img/ldem_4.img")
    polar = fetch.PRODUCTS["LDEM_256_SPS_1600M"]
    assert polar.download_url(polar.data_file).startswith("https://files.pythonhosted.org/")
    assert polar.archive_member.endswith("lola_dem_south.tif")
    assert fetch.PRODUCTS["SHOEMAKER_5M_SUBSET"].download_url("SHOEMAKER_5M_SUBSET.tif") is None
    assert polar.download_url(polar.data_file, "http://m/") == \
        "http://m/lola_polar/LDEM_256_SPS_1600M.tif"
    assert fetch.known_sha256("ldem_4.lbl") == fetch.PRODUCTS["LDEM_4"].lbl_sha256


def test_data_list_json(lupex_cli, lola_dir):
    r = lupex_cli("data", "list", "--json")
    assert r.returncode == 0, r.stderr
    rows = {row["product"]: row for row in json.loads(r.stdout)["products"]}
    assert list(rows)[:3] == list(fetch.CORE_PRODUCTS)
    ldem4 = rows["LDEM_4"]
    assert ldem4["sha256"] == fetch.PRODUCTS["LDEM_4"].img_sha256
    assert ldem4["pixel_m"] == pytest.approx(7580.84)
    wheres = {f["where"] for f in ldem4["found"]}
    assert "embedded in the package" in wheres
    assert all(f["status"] == "verified" for f in ldem4["found"])
    assert rows["LDEM_875S_5M"]["found"] == []
    polar = rows["LDEM_256_SPS_1600M"]  # shipped too: found embedded, verified
    assert "embedded in the package" in {f["where"] for f in polar["found"]}
    assert all(f["status"] == "verified" for f in polar["found"])


def test_fetch_offline_exits_2_and_leaves_nothing(lupex_cli, tmp_path):
    cache = tmp_path / "cache"
    r = lupex_cli("data", "fetch", "LDEM_4", "--force",
                  env={"LUPEX_CACHE_DIR": str(cache), fetch.MIRROR_ENV: CLOSED})
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    err = r.stderr.strip()
    assert err.startswith("lupex: error: could not download LDEM_4")
    assert "could not connect" in err and "lupex data fetch" in err and "\n" not in err
    assert _files_under(cache) == []


def test_fetch_product_offline_raises_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(fetch.MIRROR_ENV, CLOSED)
    with pytest.raises(InputError, match="could not connect"):
        fetch.fetch_product("LDEM_4", force=True, progress=False)
    assert _files_under(tmp_path / "cache") == []


def test_fetch_checksum_mismatch_keeps_nothing(mirror, tmp_path, monkeypatch):
    root, url = mirror
    (root / "lola_polar").mkdir()
    (root / "lola_polar" / "LDEM_256_SPS_1600M.tif").write_bytes(b"not the product")
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(fetch.MIRROR_ENV, url)
    with pytest.raises(fetch.FetchError, match="sha256 is not the published one"):
        fetch.fetch_product("LDEM_256_SPS_1600M", force=True, progress=False)
    assert _files_under(tmp_path / "cache") == []


def test_fetch_from_mirror_then_found_in_cache(mirror, lola_dir, tmp_path, monkeypatch):
    root, url = mirror
    shutil.copytree(lola_dir, root / "lola",
                    ignore=lambda d, names: [n for n in names if not n.startswith("LDEM_4.")])
    cache = tmp_path / "cache"
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(cache))
    monkeypatch.setenv(fetch.MIRROR_ENV, url)
    got = fetch.fetch_product("LDEM_4", force=True, progress=False)
    assert got == cache / "lola" / "LDEM_4.IMG"
    assert sorted(p.name for p in _files_under(cache / "lola")) == ["LDEM_4.IMG", "LDEM_4.LBL"]
    assert file_sha256(got) == fetch.PRODUCTS["LDEM_4"].img_sha256


def test_fetch_unknown_or_undownloadable_product(tmp_path, monkeypatch):
    from lupex.cli import main

    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(fetch.MIRROR_ENV, raising=False)
    assert main(["data", "fetch", "LDEM_9999"]) == 2
    with pytest.raises(fetch.FetchError, match="no public download.*LUPEX_DATA_MIRROR"):
        fetch.fetch_product("SHOEMAKER_5M_SUBSET", force=True, progress=False)
    assert _files_under(tmp_path / "cache") == []


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_bad_lupex_data_dir_is_an_error(kind, tmp_path, monkeypatch):
    d = tmp_path / "data"
    if kind == "empty":
        d.mkdir()
    monkeypatch.setenv("LUPEX_DATA_DIR", str(d))
    with pytest.raises(InputError, match="LUPEX_DATA_DIR"):
        data_dirs()


def test_non_polar_site_refused_before_computing():
    from lupex.scenario.loader import parse_scenario_text
    from lupex.scenario.stages.surface import check_site_terrain

    with pytest.raises(InputError, match="landing.lat_deg"):  # refused when loaded already
        parse_scenario_text("[landing]\nlat_deg = -10.0\n")
    from lupex.scenario.schema import Scenario

    sc = Scenario.model_validate({"landing": {"lat_deg": -10.0}})  # built without the loader
    with pytest.raises(InputError, match="landing.lat_deg"):
        check_site_terrain(sc)
    ok = parse_scenario_text("[landing]\nlat_deg = -89.45\nlon_deg = 222.69\n")
    assert "LDEM_4" in check_site_terrain(ok)


def test_run_with_empty_data_dir_fails_before_any_stage(lupex_cli, tmp_path):
    """`lupex run` checks the site's terrain first: exit 2 with one line naming LUPEX_DATA_DIR,
    no stage started (no progress line, no output directory)."""
    scenario = tmp_path / "s.toml"
    scenario.write_text("[landing]\nlat_deg = -89.45\nlon_deg = 222.69\n")
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    r = lupex_cli("run", str(scenario), "--out", str(out),
                  env={"LUPEX_DATA_DIR": str(tmp_path / "empty")})
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "LUPEX_DATA_DIR" in r.stderr and "holds none" in r.stderr
    assert "stage:" not in r.stderr + r.stdout
    assert not out.exists() or _files_under(out) == []


def _zip_product(monkeypatch, root, url, member_bytes, pinned_bytes):
    """A registry entry whose download is a zip archive in the mirror folder (SYNTHETIC bytes)."""
    import dataclasses
    import hashlib
    import zipfile

    archive = root / "pkg.whl"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/static/dem.tif", member_bytes)
    info = dataclasses.replace(
        fetch.PRODUCTS["LDEM_256_SPS_1600M"], url=f"{url}/pkg.whl",
        archive_member="pkg/static/dem.tif",
        archive_sha256=hashlib.sha256(archive.read_bytes()).hexdigest(),
        img_sha256=hashlib.sha256(pinned_bytes).hexdigest(), img_size_bytes=len(pinned_bytes))
    monkeypatch.setitem(fetch.PRODUCTS, info.name, info)
    monkeypatch.delenv(fetch.MIRROR_ENV, raising=False)
    return info


def test_fetch_extracts_a_checked_member_of_an_archive(mirror, tmp_path, monkeypatch):
    """The 1.6 km layer is published inside a wheel: the archive is checked, the member
    extracted and checked, and only the member is kept."""
    root, url = mirror
    info = _zip_product(monkeypatch, root, url, b"synthetic dem bytes", b"synthetic dem bytes")
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    got = fetch.fetch_product(info.name, force=True, progress=False)
    assert got.read_bytes() == b"synthetic dem bytes"
    assert _files_under(tmp_path / "cache") == [got]


def test_fetch_refuses_an_archive_whose_member_changed(mirror, tmp_path, monkeypatch):
    root, url = mirror
    info = _zip_product(monkeypatch, root, url, b"another file", b"synthetic dem bytes")
    monkeypatch.setenv("LUPEX_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(fetch.FetchError, match="not the published"):
        fetch.fetch_product(info.name, force=True, progress=False)
    assert _files_under(tmp_path / "cache") == []
