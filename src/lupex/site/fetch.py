"""Every terrain product lupex knows: the one registry, and its cached, checksummed download.

:data:`PRODUCTS` is the single list of products: resolution, coverage, size, sha256, the folder it
lives in inside a data directory (``lola/``, ``lola_polar/``, ``metre/``), where it comes from and
where it can be downloaded. :mod:`lupex.paths` looks products up on disk with it and verifies them
against it; ``lupex data list`` prints it; ``lupex data fetch`` (:func:`fetch_product`) downloads
into the user cache (:func:`lupex.paths.user_cache_dir`), which the data lookup searches after
``LUPEX_DATA_DIR`` and a source checkout's data directory. Nothing in lupex downloads on its own.

Sources:

- LOLA GDR products (``LDEM_4`` and the finer ``LDEM_*``): NASA PDS Geosciences Node, LRO LOLA GDR
  (data set LRO-L-LOLA-4-GDR-V1.0), directory ``lro/lro-l-lola-3-rdr-v1/lrolol_1xxx/data/lola_gdr/``
  (``cylindrical/img/`` for the global simple-cylindrical grids, ``polar/img/`` for the 16-bit
  polar-stereographic tiles). Cite: Smith et al. (2010), Space Sci. Rev. 150:209; Neumann (2011),
  LOLA RDR/GDR SIS. Public domain.
- ``LDEM_256_SPS_1600M``: LOLA LDEM_256 (same data set) resampled to a south polar stereographic
  grid at 1,600 m, as distributed in the PyPI wheel ``lunar-toolkit`` 0.1.0 (BSD-3-Clause), file
  ``lunar_toolkit/static/basemaps/lola_dem_south.tif``, unchanged. The download is the wheel (its
  sha256 as PyPI publishes it); the GeoTIFF is extracted from it and checked against its own sha256.
- ``SHOEMAKER_5M_SUBSET``: a 256 x 256 crop (5 m pixels) of the NASA GSFC PGDA LOLA 5 m south pole
  site DEM "Shoemaker" (Barker et al. 2021, Planet. Space Sci. 203:105119; PGDA product 78),
  copied from the space-ros/demos repository (Apache-2.0). There is no public download of this
  exact crop: it is read from a data directory or a mirror (``LUPEX_DATA_MIRROR``); the full
  61 MB tile it was cut from is named in :attr:`ProductInfo.source_url`.

Sizes are those implied by each label (LINES x LINE_SAMPLES x bytes per sample) or measured on the
verified copy; sha256 is given only where it was computed on a verified copy. Products without a
pinned hash are downloaded with ``known_hash=None``, their size checked against the registry.

``LUPEX_DATA_MIRROR`` (a base URL) replaces every download address by
``<mirror>/<folder>/<file>``, the layout of a data directory: a site mirror, or a local server in
tests (which never reach the network).

The registry itself lives in :mod:`lupex.site.products`; its names are re-exported here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from lupex.errors import InputError
from lupex.site.products import (  # noqa: F401 - re-exported
    CORE_PRODUCTS, PDS_BASE, PRODUCTS, ProductInfo, known_sha256, product_for_file,
)


#: Environment variable: base URL of a mirror laid out like a data directory.
MIRROR_ENV = "LUPEX_DATA_MIRROR"

#: Seconds to wait for a server before a download is reported as failed.
TIMEOUT_S = 30.0


class FetchError(InputError):
    """A download that could not be done (offline, server error, checksum mismatch, unknown
    product): one line saying what failed and what to do. The CLI exits with status 2."""

    def __init__(self, what: str, failure: str, todo: str):
        super().__init__(what, failure, todo)

    def _format(self) -> str:
        return f"{self.where}: {self.value}. {self.allowed}"


def registry() -> dict[str, str | None]:
    """pooch registry {file name: "sha256:..." or None} of every PDS product (IMG and LBL)."""
    out: dict[str, str | None] = {}
    for p in PRODUCTS.values():
        if not p.has_label:
            continue
        out[p.name + ".IMG"] = f"sha256:{p.img_sha256}" if p.img_sha256 else None
        out[p.name + ".LBL"] = f"sha256:{p.lbl_sha256}" if p.lbl_sha256 else None
    return out


def urls() -> dict[str, str]:
    """{file name: URL at the PDS Geosciences Node} for every PDS product."""
    out = {}
    for p in PRODUCTS.values():
        if not p.has_label:
            continue
        out[p.name + ".IMG"] = p.img_url
        out[p.name + ".LBL"] = p.lbl_url
    return out


def cache_dir() -> Path:
    """Where :func:`fetch_product` stores LOLA GDR products: ``<lupex user cache>/lola``."""
    from lupex.paths import user_cache_dir

    return user_cache_dir() / "lola"


def make_pooch(path: str | Path | None = None):
    """A :class:`pooch.Pooch` over the PDS node for the registry (no download happens here)."""
    import pooch

    return pooch.create(path=Path(path) if path else cache_dir(), base_url=PDS_BASE,
                        registry=registry(), urls=urls(), retry_if_failed=2)


def _check(name: str) -> ProductInfo:
    key = str(name).upper()
    for suffix in (".IMG", ".LBL", ".TIF"):
        key = key.removesuffix(suffix)
    if key not in PRODUCTS:
        raise FetchError(f"unknown product {name!r}",
                         f"lupex knows {', '.join(PRODUCTS)}",
                         "Run `lupex data list` to see every product and where it was found.")
    return PRODUCTS[key]


def find_product(name: str) -> Path | None:
    """Local path of a product's data file if present in a data directory (never downloads)."""
    from lupex.paths import find_data_file

    info = _check(name)
    cands = [f"{info.folder}/{info.data_file}"]
    if info.has_label:
        cands.append(f"{info.folder}/{info.name.lower()}.img")
    for cand in cands:
        p = find_data_file(cand)
        if p is not None:
            return p
    return None


class _Progress:
    """Download progress on stderr (rich), in the interface pooch's HTTPDownloader drives."""

    def __init__(self, label: str):
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TransferSpeedColumn)

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                             TransferSpeedColumn(), console=Console(stderr=True))
        self._task = self._bar.add_task(label, total=None)
        self._started = False  # shown once the server has answered (pooch sets the total)
        self._total = 0

    @property
    def total(self):
        return self._total

    @total.setter
    def total(self, value):
        self._total = int(value or 0)
        self._bar.update(self._task, total=self._total or None)
        if not self._started:
            self._bar.start()
            self._started = True

    def update(self, n):
        self._bar.update(self._task, advance=n)

    def reset(self):
        self._bar.reset(self._task, total=self._total or None)

    def close(self):
        if self._started:
            self._bar.stop()
            self._started = False


def _short_reason(exc: BaseException) -> str:
    import requests

    if isinstance(exc, requests.exceptions.ConnectionError):
        return "could not connect (offline, or the server is down)"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"no answer within {TIMEOUT_S:g} s"
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        return f"the server answered HTTP {exc.response.status_code}"
    return type(exc).__name__


def _download(url: str, target: Path, sha256: str | None, label: str, progress: bool) -> None:
    """Download ``url`` to ``target`` through a staging name in the same folder; the file appears
    only complete and checked (sha256 when pinned). FetchError on any failure, nothing left."""
    import pooch
    import requests

    pooch.get_logger().setLevel("WARNING")
    stage = target.with_name("." + target.name + ".download")
    bar = _Progress(label) if progress else False
    try:
        pooch.retrieve(url, known_hash=f"sha256:{sha256}" if sha256 else None, fname=stage.name,
                       path=stage.parent,
                       downloader=pooch.HTTPDownloader(progressbar=bar, timeout=TIMEOUT_S))
        os.replace(stage, target)
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"could not download {label} from {url}", _short_reason(exc),
                         "Check the network connection and run `lupex data fetch` again, or copy "
                         "the file into a data directory (LUPEX_DATA_DIR)") from None
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        raise FetchError(f"downloaded {label} from {url}",
                         "its sha256 is not the published one (corrupt download, or the server "
                         "holds a different file); nothing was kept",
                         "Try again later; if it persists, report it: lupex will not use an "
                         "unverified copy") from None
    finally:
        if bar:
            bar.close()
        stage.unlink(missing_ok=True)


def _extract_member(archive: Path, member: str, target: Path, info: ProductInfo) -> None:
    """Copy ``member`` of a zip archive to ``target`` (through a staging name), checked."""
    import zipfile

    from lupex.paths import file_sha256

    stage = target.with_name("." + target.name + ".download")
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(member) as src, open(stage, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        got = file_sha256(stage)
        if info.img_sha256 and got != info.img_sha256:
            raise FetchError(f"{info.data_file} extracted from {archive.name}",
                             f"its sha256 {got} is not the published {info.img_sha256}",
                             "The archive changed upstream; report it (lupex will not use it)")
        os.replace(stage, target)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise FetchError(f"{archive.name}", f"no {member} in it ({exc})",
                         "The archive changed upstream; report it") from None
    finally:
        stage.unlink(missing_ok=True)


def fetch_product(name: str, path: str | Path | None = None, progress: bool = True,
                  force: bool = False) -> Path:
    """Download (or reuse) a product into the user cache; return the data file's path.

    ``path``: folder to download into (default ``<user cache>/<product folder>``). A copy already
    in a data directory is returned without downloading unless ``force``. Every file is checked
    against its pinned sha256 (else its registry size) before it appears under its name; a failed
    download leaves nothing behind. Raises :class:`FetchError` (an :class:`InputError`) when
    offline, on a server error or a checksum mismatch, or for a product without a public
    download (no mirror set). Large products are GB-sized (see :data:`PRODUCTS`).
    """
    from lupex.paths import user_cache_dir

    info = _check(name)
    if path is None and not force:
        local = find_product(info.name)
        if local is not None and all(local.with_name(f).is_file() for f, _, _ in info.files()):
            return local
    mirror = os.environ.get(MIRROR_ENV) or None
    folder = Path(path) if path is not None else user_cache_dir() / info.folder
    if info.download_url(info.data_file, mirror) is None:
        raise FetchError(f"{info.name} has no public download",
                         f"it was cut from {info.source_url}",
                         f"Copy {info.folder}/{info.data_file} from a data directory into "
                         f"LUPEX_DATA_DIR/{info.folder}/, or set {MIRROR_ENV} to a mirror that holds it")
    created = folder  # the outermost folder this call creates (removed again if left empty)
    while not created.parent.exists():
        created = created.parent
    created = created if not created.exists() else None
    written: list[Path] = []  # the files this call wrote: removed again if it fails
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FetchError("cache directory", str(folder),
                             f"a directory lupex can create and write ({exc.strerror}); set "
                             "LUPEX_CACHE_DIR to a writable directory") from None
        for fname, sha, size in info.files():
            target = folder / fname
            url = info.download_url(fname, mirror)
            if info.archive_member and not mirror and fname == info.data_file:
                archive = folder / ("." + Path(url).name)
                try:
                    _download(url, archive, info.archive_sha256, f"{info.name} ({Path(url).name})",
                              progress)
                    _extract_member(archive, info.archive_member, target, info)
                finally:
                    archive.unlink(missing_ok=True)
            else:
                _download(url, target, sha, fname, progress)
            written.append(target)
            if size is not None and target.stat().st_size != size:
                got = target.stat().st_size
                target.unlink()
                raise FetchError(f"downloaded {fname}", f"{got} bytes, not the {size} its "
                                 "registry entry gives; nothing was kept",
                                 "Try again later; lupex will not use a truncated copy")
    except BaseException:
        for t in written:  # a product is kept whole or not at all
            t.unlink(missing_ok=True)
        raise
    finally:
        if created is not None:
            _remove_empty(folder, created)
    return folder / info.data_file


def _remove_empty(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents up to ``top`` while they are empty."""
    p = folder
    while True:
        try:
            p.rmdir()
        except OSError:
            return
        if p == top:
            return
        p = p.parent


def verify_file(name: str, file: str | Path) -> bool:
    """Check a local file against the registry hash (True if it matches, False if not pinned)."""
    import pooch

    info = _check(name)
    known = known_sha256(Path(file).name) if product_for_file(Path(file).name) is info else None
    if known is None:
        fname = Path(file).name.upper()
        known = info.lbl_sha256 if fname.endswith(".LBL") else info.img_sha256
    if known is None:
        return False
    got = pooch.file_hash(str(file), alg="sha256")
    if got != known:
        raise InputError(f"{name} file {file}", f"sha256:{got}", f"sha256:{known} (corrupt copy?)")
    return True
