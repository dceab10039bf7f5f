"""The report in a real headless Chromium: every image loads, no console errors, nothing fetched
from the network; a screenshot is kept as a test artefact (tests/artifacts/report.png).

Needs Debian's ``chromium`` (/usr/bin/chromium) and the ``playwright`` Python package, which drives
that system browser over the DevTools protocol (``playwright install`` is never run: no browser is
downloaded). Outside CI the test is skipped when they are missing; with ``CI`` set it fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("LUPEX_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# In the page: wait for every image to decode, then report what each one gave.
IMAGE_PROBE = """async () => {
  const imgs = Array.from(document.images);
  const decoded = await Promise.all(imgs.map(i => i.decode().then(() => true, () => false)));
  return imgs.map((i, k) => ({
    alt: i.alt.slice(0, 60), complete: i.complete, decoded: decoded[k],
    w: i.naturalWidth, h: i.naturalHeight, scheme: i.src.split(':')[0]}));
}"""


def _require(what: str, ok: bool) -> None:
    if ok:
        return
    msg = (f"{what} is needed for the browser test of report.html: install Debian's `chromium` "
           "(apt-get install -y chromium) and `pip install playwright` (never `playwright install`)")
    if os.environ.get("CI"):
        pytest.fail(msg + " — CI is set, so this test must run")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    _require(f"Chromium at {CHROMIUM}", CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require("The Python package playwright", False)
    profile = tmp_path_factory.mktemp("chromium-profile")  # fresh --user-data-dir
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 900},
            offline=True,
        )
        try:
            yield ctx
        finally:
            ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def open_report(ctx, report: Path):
    """Load ``report`` and return (page, console errors, page errors, non-local requests)."""
    page = ctx.new_page()
    console_errors: list[str] = []
    page_errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    page.on("dialog", lambda d: (page_errors.append(f"dialog: {d.message}"), d.dismiss()))

    def on_request(req):
        if req.url.split(":", 1)[0] not in ("file", "data", "about"):
            remote.append(req.url)

    page.on("request", on_request)
    page.goto(report.resolve().as_uri(), wait_until="load")
    return page, console_errors, page_errors, remote


def check_images(page, expected: int) -> list[dict]:
    images = page.evaluate(IMAGE_PROBE)
    assert len(images) == expected
    bad = [i for i in images if not (i["complete"] and i["decoded"] and i["w"] > 0 and i["h"] > 0)]
    assert not bad, f"images that did not load: {bad}"
    assert {i["scheme"] for i in images} <= {"data"}
    return images


def test_real_run_report_in_chromium(browser_context, baseline_run):
    """The report of a real `lupex run scenarios/baseline.toml` (the only test here that pays
    for a real run: every stage the helpers have built runs in it)."""
    report = baseline_run / "report.html"
    n_png = len(list(baseline_run.rglob("*.png")))
    html = report.read_text(encoding="utf-8")
    assert html.count('<img src="data:image/png;base64,') == n_png >= 2
    page, console_errors, page_errors, remote = open_report(browser_context, report)
    check_images(page, n_png)
    assert console_errors == []
    assert page_errors == []
    assert remote == []
    assert page.title().endswith("lupex mission report")
    for sid in ("summary", "timeline", "dv", "work-split"):
        assert page.locator(f"section#{sid}").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


def test_hostile_scenario_text_stays_text_in_chromium(browser_context, synthetic_run):
    """Scenario names with <script> and onerror= must not run: any execution would log a
    console error ('xss-…') or break an image."""
    from lupex.report import build_report

    out, summary = synthetic_run
    report = build_report(summary, out)
    page, console_errors, page_errors, remote = open_report(browser_context, report)
    check_images(page, len([p for p in out.rglob("*.png") if p.name != "broken.png"]))
    assert console_errors == [] and page_errors == [] and remote == []
    assert summary["scenario"]["name"] in page.locator("h1").inner_text()
    assert page.evaluate("document.scripts.length") == 0
    page.close()
