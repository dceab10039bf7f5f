"""The report's Jinja2 template and inline style sheet (no scripts, fonts or external resources)."""

CSS = """
:root { --ink:#1d1d1f; --muted:#5b5b60; --line:#d8d8dc; --bg:#ffffff; --panel:#f6f6f8;
        --ok:#009E73; --bad:#D55E00; --unknown:#777777; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans",
       Arial, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.45; }
body { margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 0 20px 40px; }
header.top { background: #101820; color: #fff; padding: 22px 20px 18px; }
header.top .inner { max-width: 1120px; margin: 0 auto; }
header.top h1 { margin: 0 0 4px; font-size: 1.7rem; }
header.top p { margin: 2px 0; color: #d9dde3; }
nav.toc { max-width: 1120px; margin: 0 auto; padding: 10px 20px; font-size: .9rem; }
nav.toc a { margin-right: 14px; color: #0072B2; text-decoration: none; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
h3 { margin-top: 24px; }
.verdict { border-left: 8px solid var(--unknown); background: var(--panel); padding: 12px 16px;
           margin: 18px 0; }
.verdict.ok { border-color: var(--ok); } .verdict.bad { border-color: var(--bad); }
.verdict strong { font-size: 1.25rem; display: block; }
.notice { background: var(--panel); border: 1px dashed #9a9aa0; padding: 10px 14px; margin: 10px 0; }
.sources { color: var(--muted); font-size: .88rem; }
table { border-collapse: collapse; margin: 10px 0 16px; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left;
         vertical-align: top; }
th { background: var(--panel); }
td.val { font-variant-numeric: tabular-nums; max-width: 700px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { max-height: 560px; overflow: auto; border: 1px solid var(--line); }
.scroll table { margin: 0; width: 100%; }
.chip { display: inline-block; padding: 0 8px; border-radius: 9px; font-size: .82rem;
        font-weight: 600; white-space: nowrap; }
.legend .chip { margin-right: 8px; }
.status { font-weight: 600; }
.status.modelled { color: var(--ok); } .status.infeasible { color: var(--bad); }
.status.notmodelled { color: var(--unknown); }
.bar { height: 12px; background: #0072B2; display: inline-block; vertical-align: middle; }
.bar.total { background: #444; }
.estimate { font-style: italic; }
td.matrix { text-align: center; min-width: 84px; }
figure { margin: 18px 0 26px; }
figure img { max-width: 100%; height: auto; display: block; border: 1px solid var(--line); }
figcaption { font-size: .88rem; color: var(--muted); margin-top: 6px; max-width: 900px; }
figcaption code { font-size: .8rem; }
details { margin: 10px 0; }
summary { cursor: pointer; font-weight: 600; }
footer { color: var(--muted); font-size: .82rem; border-top: 1px solid var(--line);
         margin-top: 40px; padding-top: 10px; }
@media print { nav.toc { display: none; } .scroll { max-height: none; overflow: visible; } }
"""

TEMPLATE = (
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lupex {{ lupex_version }}">
<title>{{ name }} — lupex mission report</title>
<style>"""
    + CSS
    + """</style>
</head>
<body>
{% macro chip(agency) -%}
<span class="chip" style="background: {{ colors.get(agency, neutral) }}; color: {{ text_on.get(agency, '#000000') }}">{{ agency }}</span>
{%- endmacro %}
{% macro figure(f) -%}
<figure id="fig-{{ f.rel_path | replace('/', '-') | replace('.', '-') }}">
<img src="{{ f.data_uri }}" alt="{{ f.caption }}"{% if f.width %} width="{{ f.width }}" height="{{ f.height }}"{% endif %}>
<figcaption>{{ f.caption }} <code>{{ f.rel_path }}</code></figcaption>
</figure>
{%- endmacro %}
<header class="top"><div class="inner">
<h1>{{ name }}</h1>
{% if description %}<p>{{ description }}</p>{% endif %}
<p>LUPEX (Chandrayaan-5) mission report · lupex {{ lupex_version }} · summary schema {{ schema_version }}{% if scenario_file %} · scenario <code>{{ scenario_file }}</code>{% endif %}</p>
</div></header>
<nav class="toc" aria-label="contents">
<a href="#summary">Summary</a><a href="#timeline">Timeline</a><a href="#dv">Δv budget</a>
{% for s in stages %}<a href="#stage-{{ s.stage }}">{{ s.title }}</a>{% endfor %}
<a href="#work-split">Work split</a>{% if other_groups %}<a href="#other">Other figures</a>{% endif %}
<a href="#files">Files</a><a href="#inputs">Inputs</a>
</nav>
<main>
<section id="summary">
<h2>Mission summary and feasibility</h2>
<div class="verdict {{ verdict_class }}"><strong>{{ verdict }}</strong>{{ verdict_words }}</div>
<p class="legend">Agencies:{% for a in agencies %} {{ chip(a) }}{% endfor %}
<span class="sources">— the same colours in every figure and table (Okabe &amp; Ito colour-blind-safe palette).</span></p>
{% if infeasibilities %}
<h3>Infeasibilities</h3>
<table>
<thead><tr><th>stage</th><th>quantity</th><th class="num">shortfall</th><th>unit</th><th>detail</th></tr></thead>
<tbody>
{% for i in infeasibilities %}
<tr><td>{{ i.stage }}</td><td>{{ i.quantity }}</td><td class="num">{{ i.shortfall_text }}</td><td>{{ i.unit }}</td><td>{{ i.detail }}</td></tr>
{% endfor %}
</tbody></table>
{% else %}
<p>No infeasibility was found{% if not_modelled %} in the stages that are modelled{% endif %}.</p>
{% endif %}
{% if not_modelled %}
<div class="notice" id="not-modelled"><strong>Not modelled in this version:</strong> {{ not_modelled | join('; ') }}.
This report gives no figures for them rather than invented ones (a stage that is not modelled has an empty section in <code>summary.json</code>).</div>
{% endif %}
<h3>Stages</h3>
<table>
<thead><tr><th>stage</th><th>status</th><th>what this means</th></tr></thead>
<tbody>
{% for s in stages %}
<tr><td><a href="#stage-{{ s.stage }}">{{ s.title }}</a></td><td class="status {{ s.status | replace(' ', '') }}">{{ s.status }}</td><td>{{ s.words }}</td></tr>
{% endfor %}
</tbody></table>
</section>

<section id="timeline">
<h2>Mission timeline</h2>
{% if gantt %}{{ figure(gantt) }}{% else %}<p class="notice">No timeline figure was written for this run.</p>{% endif %}
{% if timeline %}
<div class="{{ 'scroll' if timeline | length > 30 else '' }}"><table>
<thead><tr><th>epoch (UTC)</th><th>event</th><th>phase</th><th>lead agency</th><th class="num">duration</th><th>detail</th></tr></thead>
<tbody>
{% for r in timeline %}
<tr><td class="num">{{ r.epoch }}</td><td>{{ r.event }}</td><td>{{ r.phase }}</td><td>{{ chip(r.owner) if r.owner else '' }}</td><td class="num">{{ r.duration }}</td><td>{{ r.detail }}</td></tr>
{% endfor %}
</tbody></table></div>
<p class="sources">{{ timeline | length }} event{{ '' if timeline | length == 1 else 's' }}; also in <code>timeline.csv</code>.</p>
{% else %}
<p class="notice">The timeline has no events.</p>
{% endif %}
</section>

<section id="dv">
<h2>Δv budget</h2>
{% if dv is none %}
<p class="notice">The transfer stage is not modelled in this version of lupex, so there is no Δv budget: no figures are given rather than invented ones.</p>
{% elif not dv.rows %}
<p class="notice">{{ dv.note }}</p>
{% else %}
<table>
<thead><tr><th>manoeuvre</th><th class="num">Δv</th><th></th><th>detail</th></tr></thead>
<tbody>
{% for r in dv.rows %}
<tr><td>{% if r.is_total %}<strong>{{ r.label }}</strong>{% else %}{{ r.label }}{% endif %}</td><td class="num">{{ r.text }}</td>
<td style="width: 260px"><span class="bar{{ ' total' if r.is_total else '' }}" style="width: {{ '%.1f' | format(r.bar_pct) }}%"></span></td><td>{{ r.detail }}</td></tr>
{% endfor %}
</tbody></table>
{% if dv.extra %}<table><tbody>{% for label, value in dv.extra %}<tr><th>{{ label }}</th><td class="num">{{ value }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if dv.note %}<p class="sources">{{ dv.note }}</p>{% endif %}
{% endif %}
</section>

{% for s in stages %}
<section id="stage-{{ s.stage }}">
<h2>{{ s.title }}</h2>
{% if s.status == 'not modelled' %}
<p class="notice">{{ s.words }}</p>
{% else %}
{% if s.parts %}<p class="notice">Not modelled in this version: {{ s.parts | join(', ') }}.</p>{% endif %}
{% if s.contract %}<p class="notice">{{ s.contract }}</p>{% endif %}
{% if s.infeasibilities %}<p class="notice"><strong>Infeasible:</strong>{% for i in s.infeasibilities %} {{ i.detail }}{% endfor %}</p>{% endif %}
{% if s.terrain %}<p><strong>Terrain used:</strong> {{ s.terrain[0] }}</p>
{% for extra in s.terrain[1:] %}<p class="sources">{{ extra }}</p>{% endfor %}{% endif %}
{% if s.rows %}
<table><tbody>
{% for label, value in s.rows %}<tr><th>{{ label }}</th><td class="val">{{ value }}</td></tr>
{% endfor %}
</tbody></table>
{% endif %}
{% for t in s.tables %}
<h3>{{ t.title }}</h3>
<div class="{{ 'scroll' if t.rows | length > 30 else '' }}"><table>
<thead><tr>{% for h in t.heads %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in t.rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table></div>
{% if t.more %}<p class="sources">… {{ t.more }} more rows in <code>summary.json</code>.</p>{% endif %}
{% endfor %}
{% endif %}
{% if s.figures %}
{% if s.sources %}<p class="sources">{{ s.sources }}</p>{% endif %}
{% for f in s.figures %}{{ figure(f) }}
{% endfor %}
{% elif s.status != 'not modelled' %}
<p class="sources">No figures were written for this stage.</p>
{% endif %}
</section>
{% endfor %}

<section id="work-split">
<h2>ISRO/JAXA work split</h2>
<h3>Spacecraft mass by agency</h3>
<table>
<thead><tr><th>agency</th><th class="num">spacecraft mass</th><th class="num">share</th><th class="num">launch vehicle</th><th>elements supplied</th></tr></thead>
<tbody>
{% for r in ws.mass_rows %}
<tr><td>{{ chip(r.agency) }}</td><td class="num">{{ r.mass }}</td><td class="num">{{ r.share }}</td><td class="num">{{ r.lv }}</td><td>{{ r.elements }}</td></tr>
{% endfor %}
<tr><th>total</th><th class="num">{{ ws.total }}</th><th></th><th></th><th></th></tr>
</tbody></table>
{% if mass_fig %}{{ figure(mass_fig) }}{% endif %}
<h3>Elements</h3>
{% if ws.any_estimate %}<p class="notice">Masses whose basis is <em>estimate</em> are analogue estimates: the agencies have not published these instrument masses.</p>{% endif %}
<div class="{{ 'scroll' if ws.elements | length > 30 else '' }}"><table>
<thead><tr><th>element</th><th>description</th><th>owner</th><th>category</th><th class="num">mass</th><th class="num">own mass</th><th>carried by</th><th>basis</th></tr></thead>
<tbody>
{% for e in ws.elements %}
<tr{% if e.estimate %} class="estimate"{% endif %}><td>{{ e.name }}</td><td>{{ e.label }}</td><td>{{ chip(e.owner) }}</td><td>{{ e.category }}</td><td class="num">{{ e.mass }}</td><td class="num">{{ e.own_mass }}</td><td>{{ e.carried_by }}</td><td>{{ e.basis }}{% if e.estimate %} (analogue){% endif %}</td></tr>
{% endfor %}
</tbody></table></div>
<h3>Responsibility by phase</h3>
<table>
<thead><tr><th>phase</th>{% for a in agencies %}<th class="matrix">{{ chip(a) }}</th>{% endfor %}</tr></thead>
<tbody>
{% for r in ws.matrix %}
<tr><td>{{ r.phase }}</td>{% for a, role in r.cells %}{% if role == 'lead' %}<td class="matrix" style="background: {{ colors.get(a, neutral) }}; color: {{ text_on.get(a, '#000000') }}; font-weight: 600">lead</td>{% elif role %}<td class="matrix" style="background: {{ colors.get(a, neutral) }}33">{{ role }}</td>{% else %}<td class="matrix"></td>{% endif %}{% endfor %}</tr>
{% endfor %}
</tbody></table>
<p class="sources">Lead cells are filled with the agency's colour, support cells tinted; the word is written in each cell.</p>
</section>

{% if other_groups %}
<section id="other">
<h2>Other figures</h2>
{% for title, figs in other_groups %}
<h3>{{ title }}</h3>
{% for f in figs %}{{ figure(f) }}
{% endfor %}
{% endfor %}
</section>
{% endif %}

<section id="files">
<h2>Files of this run</h2>
{% if bad_images %}<p class="notice">Not embedded (not a readable image): {{ bad_images | join(', ') }}.</p>{% endif %}
<table>
<thead><tr><th>file</th><th>kind</th><th class="num">size</th></tr></thead>
<tbody>
{% for p in products %}<tr><td><a href="{{ p.href }}">{{ p.path }}</a></td><td>{{ p.kind }}</td><td class="num">{{ p.size }}</td></tr>
{% endfor %}
</tbody></table>
<p class="sources">Links are relative to the run's output directory.</p>
</section>

<section id="inputs">
<h2>Scenario inputs</h2>
<details><summary>All {{ inputs | length }} validated inputs, defaults filled in</summary>
<table><tbody>
{% for k, v in inputs %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>
{% endfor %}
</tbody></table>
</details>
</section>

<footer>
<p>Generated by lupex {{ lupex_version }}. Data sources: JPL DE421 planetary ephemeris (Folkner et al. 2008) and the DE421 lunar principal-axes kernel;
NASA PDS LRO LOLA GDR topography (Smith et al. 2010; public domain). Agency colours: Okabe &amp; Ito (2008), colour-blind safe.
This page is self-contained: it loads nothing from the network.</p>
</footer>
</main>
</body>
</html>
"""
)
