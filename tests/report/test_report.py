"""The HTML report: self-contained, escaped, complete, generic over the figures a run writes."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lupex.plotstyle import AGENCY_COLORS
from lupex.report import CAPTIONS, build_report, write_report_into
from lupex.report.build import fmt_number

from lupex.scenario.summaries import DvRow, TransferSummary

from .conftest import HOSTILE_NAME, HOSTILE_TEXT, synthetic_section

RESOURCE_ATTRS = {"src", "href", "srcset", "poster", "data", "action", "background", "formaction"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def section(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S)
    assert m, f"section {sid} missing"
    return m.group(1)


@pytest.fixture(scope="module")
def synthetic_report(synthetic_run):
    out, summary = synthetic_run
    path = build_report(summary, out)
    return out, summary, path.read_text(encoding="utf-8")


def test_self_contained(synthetic_report):
    out, _, html = synthetic_report
    doc = parse(html)
    tags = {t for t, _ in doc.tags}
    assert not tags & {"script", "link", "iframe", "object", "embed", "base", "video", "audio"}
    for tag, attrs in doc.tags:
        for k, v in attrs.items():
            if k in RESOURCE_ATTRS and v:
                assert not re.match(r"\s*(https?:)?//", v, re.I), (tag, k, v[:80])
                assert not v.lower().startswith("javascript:")
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "http://" not in html and "https://" not in html
    # every valid figure of the run is embedded once; the corrupt one is named, not embedded
    pngs = [p for p in out.rglob("*.png") if p.name != "broken.png"]
    assert sum(1 for t, _ in doc.tags if t == "img") == len(pngs) == 8
    assert "Not embedded (not a readable image): transfer/broken.png" in html


def test_scenario_text_is_escaped(synthetic_report):
    _, _, html = synthetic_report
    assert "<script>console.error" not in html
    assert "<img src=x" not in html and "<b>bold?</b>" not in html
    assert "&lt;script&gt;console.error(&#39;xss-name&#39;)&lt;/script&gt;" in html
    assert html.count("&lt;img src=x onerror=") >= 6  # description, event, element, burns, …
    text = "".join(parse(html).text)
    assert HOSTILE_NAME in text  # shown literally, as the user wrote it
    assert HOSTILE_TEXT in text


def test_sections_present(synthetic_report):
    _, _, html = synthetic_report
    for sid, heading in [
        ("summary", "Mission summary and feasibility"),
        ("timeline", "Mission timeline"),
        ("dv", "Δv budget"),
        ("stage-launch", "Launch"),
        ("stage-transfer", "Earth–Moon transfer"),
        ("stage-landing", "Landing site"),
        ("stage-surface", "Rover traverse and surface operations"),
        ("work-split", "ISRO/JAXA work split"),
        ("other", "Other figures"),
        ("files", "Files of this run"),
        ("inputs", "Scenario inputs"),
    ]:
        assert f"<h2>{heading}</h2>" in section(html, sid)
    ws = section(html, "work-split")
    for h in ("Spacecraft mass by agency", "Elements", "Responsibility by phase"):
        assert f"<h3>{h}</h3>" in ws
    assert "timeline_gantt.png" in section(html, "timeline")
    assert "mass_budget.png" in ws


def test_feasibility_infeasibility_and_not_modelled(synthetic_report):
    _, _, html = synthetic_report
    summ = section(html, "summary")
    assert "Not feasible" in summ
    assert re.search(r"<td>transfer</td><td>propellant</td><td class=\"num\">120</td><td>kg</td>",
                     summ)
    assert "Not modelled in this version:</strong> Landing site stage; transfer.low_energy" in summ
    landing = section(html, "stage-landing")
    assert "landing-site stage is not modelled in this version of lupex" in landing
    assert "<table" not in landing and "<img" not in landing and not re.search(r"\d", landing
                                                                              .split("</h2>")[1])
    transfer = section(html, "stage-transfer")
    assert "Not modelled in this version: transfer.low_energy" in transfer
    assert "Terrain used:</strong> synthetic test surface" in section(html, "stage-surface")


def test_dv_budget_in_flight_order(synthetic_report):
    _, _, html = synthetic_report
    dv = section(html, "dv")
    labels = re.findall(
        r"<tr><td>(?:<strong>)?([^<]+)(?:</strong>)?</td><td class=\"num\">([^<]+)<", dv
    )
    assert labels == [("TLI", "3,135 m/s"), ("LOI", "850 m/s"), ("Descent", "2,100 m/s"),
                      ("Total lander Δv", "3,050 m/s")]
    assert "Propellant margin" in dv and "-120 kg" in dv
    assert "counted against the launcher" in dv  # baseline: launch.tli_by_upper_stage = true


def test_dv_budget_not_modelled_and_explicit(tmp_path, baseline_summary):
    s = dict(baseline_summary, transfer=None, feasible=None, infeasibilities=[],
             not_modelled=["transfer"], launch={"margin_kg": 5.0}, landing={"slope_deg": 3.0},
             surface={"distance_km": 1.0}, communications={"contact_fraction_any": 0.6})
    html = build_report(s, tmp_path).read_text(encoding="utf-8")
    assert "transfer stage is not modelled" in section(html, "dv")
    assert "Feasibility not determined" in html and "(Earth–Moon transfer)" in html
    assert "Earth–Moon transfer stage is not modelled" in section(html, "stage-transfer")
    s["transfer"] = synthetic_section(
        TransferSummary, total_lander_dv_m_s=3000.0,
        dv_budget=[synthetic_section(DvRow, item="TLI", dv_m_s=3140.0, by="launcher"),
                   synthetic_section(DvRow, item="LOI", dv_m_s=880.0)])
    html = build_report(s, tmp_path).read_text(encoding="utf-8")
    dv = section(html, "dv")
    assert "3,140 m/s" in dv and "880 m/s" in dv and "By: launcher" in dv
    assert "<strong>Total lander Δv</strong>" in dv and "3,000 m/s" in dv
    # the budget is shown once, in its own section, not again among the transfer figures
    assert "3,140" not in section(html, "stage-transfer")


def test_a_section_off_the_contract_is_shown_as_written(synthetic_report, tmp_path,
                                                       baseline_summary):
    """A section that does not validate into its model (another version's keys) is shown as
    written under a notice naming the mismatch; nothing typed is read from it."""
    _, _, html = synthetic_report
    launch = section(html, "stage-launch")
    assert "does not follow the summary.json contract" in launch
    assert "launch.capacity_kg: extra inputs are not permitted" in launch
    assert "6,100" in launch  # its figures, as written
    assert "does not follow" not in section(html, "stage-transfer")
    s = dict(baseline_summary, transfer={"dv_budget": [{"item": "TLI", "dv_m_s": 3140.0}],
                                         "total_lander_dv_m_s": 3000.0})
    html = build_report(s, tmp_path).read_text(encoding="utf-8")
    assert "Δv budget is not shown" in section(html, "dv")
    assert "3,140" not in section(html, "dv")
    assert "does not follow the summary.json contract" in section(html, "stage-transfer")


def test_feasible_when_every_stage_is_modelled(tmp_path, baseline_summary):
    s = dict(baseline_summary, feasible=True, infeasibilities=[], not_modelled=[],
             launch={"margin_kg": 5.0}, transfer={"tli_dv_m_s": 3100.0},
             landing={"sun_fraction": 0.9227}, surface={"distance_km": 1.0},
             communications={"contact_fraction_any": 0.6})
    html = build_report(s, tmp_path).read_text(encoding="utf-8")
    assert '<div class="verdict ok"><strong>Feasible</strong>' in html
    assert "not modelled" not in html.lower()
    assert "0.9227" in section(html, "stage-landing")


def test_figures_grouped_by_stage_with_captions(synthetic_report):
    _, _, html = synthetic_report
    tr = section(html, "stage-transfer")
    assert "JPL DE421" in tr and "transfer/trajectory_earth_inertial.png" in tr
    assert "Mystery plot v2 <code>transfer/mystery_plot-v2.png</code>" in tr  # humanised fallback
    sf = section(html, "stage-surface")
    assert "NASA PDS LRO LOLA" in sf and "surface/route_map.png" in sf
    assert "Custom caption from the stage &lt;img" in sf  # captions.json, escaped
    assert "ascent_profile.png" in section(html, "stage-launch")
    other = section(html, "other")
    assert "<h3>Sweep</h3>" in other and "sweep/dv_by_day.png" in other
    files = section(html, "files")
    assert 'href="transfer/trajectory.oem"' in files and "CCSDS OEM" in files
    assert "report.html" not in files


def test_caption_registry_cites_sources():
    text = " ".join(c for _, _, c in CAPTIONS)
    assert "JPL DE421" in text and "NASA PDS LRO LOLA" in text
    landing = [c for st, _, c in CAPTIONS if st == "landing"]
    assert all("LOLA" in c for c in landing)


def test_work_split_tables_and_agency_colours(synthetic_report, baseline_summary):
    _, _, html = synthetic_report
    ws = section(html, "work-split")
    for agency, color in AGENCY_COLORS.items():
        assert f"background: {color}; color: " in ws, agency
    # launch is JAXA-led in the baseline work split: its lead cell carries JAXA's colour
    launch_row = re.search(r"<tr><td>launch</td>(.*?)</tr>", ws).group(1)
    jaxa = AGENCY_COLORS["JAXA"]
    assert f'background: {jaxa}; color: #ffffff; font-weight: 600">lead' in launch_row
    assert "analogue estimates" in ws
    # the agencies' masses add up to the stack (README contract) and the total row says so
    total = sum(v["mass_kg"] for v in baseline_summary["work_split"].values())
    assert f"<th class=\"num\">{fmt_number(total)} kg</th>" in ws
    assert "TLI" in ws and "lunar orbit" in ws


def test_write_report_into(synthetic_run):
    out, summary = synthetic_run
    paths = write_report_into(out, summary)
    assert paths == [out / "report.html"]
    assert not (out / "report.html.partial").exists()
    html = paths[0].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_module_command(tmp_path, synthetic_run):
    out, _ = synthetic_run
    r = subprocess.run([sys.executable, "-m", "lupex.report", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()) == out / "report.html"
    r = subprocess.run([sys.executable, "-m", "lupex.report", str(tmp_path / "nope")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "summary.json" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("value, text", [(6.0, "6"), (5650.0, "5,650"), (0.92274, "0.9227"),
                                          (3130.52, "3,131"), (-2.0, "-2"), (12, "12"),
                                          (222.69, "222.69"), (241.364, "241.36")])
def test_number_format(value, text):
    assert fmt_number(value) == text


def _start_tags(html: str) -> list[str]:
    return sorted(t for t, _ in parse(html).tags)


@pytest.fixture(scope="module")
def empty_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("empty")


def test_any_scenario_name_stays_text(baseline_summary, empty_dir):
    """Property: whatever the user names the mission, the page has exactly the same elements
    (no tag injected) and shows the name literally."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lupex.report.build import render, report_context

    plain = render(report_context(baseline_summary, empty_dir))
    reference = _start_tags(plain)
    alphabet = st.sampled_from(list("<>&\"'/=; abcXYZ\u00e9\u2013\u0394") + ["<script>",
                                                                            "</section>",
                                                                            "{{", "{%"])

    @settings(max_examples=25, deadline=None)
    @given(st.lists(alphabet, min_size=1, max_size=20).map("".join).filter(str.strip))
    def check(name):
        s = dict(baseline_summary, scenario=dict(baseline_summary["scenario"], name=name))
        html = render(report_context(s, empty_dir))
        assert _start_tags(html) == reference
        assert name.strip() in "".join(parse(html).text)

    check()
