//! The self-contained HTML report (XHTML-compatible markup: every element closed, text escaped): a decision
//! panel first (one verdict per option against the demand, colour-coded, with the binding constraint), the
//! comparison table with human headers and units, the scenario map and the charts as inline SVG, the
//! per-demand results, and an audit section (the scenario's inputs per option with their `[assumed]` flags,
//! every metric's basis, model versions, element-set epochs). No scripts, fonts or images are fetched: the
//! page reads the same offline. Responsive (charts scale with the page, wide tables scroll inside their own
//! box) and printable on A4.
//!
//! Latency classes follow ITU-T G.114 (05/2003) one-way delay guidance: ≤ 150 ms acceptable for most
//! interactive applications, 150–400 ms acceptable with impact, > 400 ms unacceptable for general planning.

use super::compare::{Comparison, OptionResult};
use super::config::{Constellation, OptionModel, Scenario};
use super::report::{
    assumptions_table, basis_table, coverage_table, demands_table, field_title, metric_rows, model_versions,
    sweep_table,
};
use super::report_inputs::{input_lines, InputLine};
use super::sweep::SweepResult;
use crate::output::{Cell, Table};
use crate::plot::style::{availability_text, nines, readable, thousands};

/// Escapes text for XHTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn cell_text(cell: &Cell) -> (String, bool) {
    match cell {
        Cell::Text(t) => (t.clone(), false),
        Cell::Number(v, d) => (thousands(*v, *d), true),
        Cell::Integer(i) => (thousands(*i as f64, 0), true),
        Cell::Flag(b) => ((if *b { "yes" } else { "no" }).to_string(), false),
        Cell::Empty => (String::new(), false),
    }
}

/// A table in its own horizontally scrolling box. `headers` replace the table's column names when given.
fn table_html(id: &str, table: &Table, headers: Option<&[&str]>) -> String {
    let mut out = format!("<div class=\"scroll\">\n<table id=\"{}\">\n<thead><tr>", escape(id));
    match headers {
        Some(h) => h.iter().for_each(|c| out.push_str(&format!("<th>{}</th>", escape(c)))),
        None => table.columns.iter().for_each(|c| out.push_str(&format!("<th>{}</th>", escape(c)))),
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let (text, numeric) = cell_text(cell);
            if numeric {
                out.push_str(&format!("<td class=\"num\">{}</td>", escape(&text)));
            } else if text.chars().count() > 80 {
                out.push_str(&format!("<td class=\"long\">{}</td>", escape(&text)));
            } else {
                out.push_str(&format!("<td>{}</td>", escape(&text)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// Strips an XML declaration or doctype plotters may put before `<svg`.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => svg[i..].trim_end(),
        None => svg,
    }
}

const STYLE: &str = "*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%}\
body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:0 auto;padding:0 14px 2em;color:#222;line-height:1.45}\
h1{font-size:1.6em;margin:0.8em 0 0.3em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1.05em}\
p,li{max-width:60em}\
nav.toc{background:#f6f6f6;border:1px solid #ddd;padding:0.5em 1em;margin:1em 0}\
nav.toc ol{margin:0.2em 0;padding-left:1.4em}nav.toc li{display:inline-block;margin-right:1.2em}\
.scroll{overflow-x:auto;max-width:100%;margin:0.8em 0}\
table{border-collapse:collapse;font-size:0.88em}\
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}\
td.num,td.val{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.long{min-width:22em;max-width:48em}\
th{background:#f0f0f0}\
#summary-table td:first-child,#demands-table td:first-child{white-space:nowrap;font-weight:bold}\
figure{margin:1.2em 0;max-width:100%}\
figure svg{width:100%;height:auto;display:block;max-width:1000px}\
figcaption{font-size:0.9em;color:#444;margin-top:0.3em}\
ul.verdicts{list-style:none;padding:0;margin:0.5em 0}\
ul.verdicts li{max-width:none;margin:0.4em 0;padding:0.45em 0.7em;border-left:7px solid #999;background:#f7f7f7}\
li.meets{border-left-color:#008c5a !important;background:#eaf7f0 !important}\
li.partial{border-left-color:#c87800 !important;background:#fdf3e4 !important}\
li.fails{border-left-color:#be2828 !important;background:#fbeaea !important}\
.tag{font-weight:bold;margin-right:0.4em}\
.assumed{color:#8a4b00;font-weight:bold;white-space:nowrap}\
code{font-size:0.92em;word-break:break-all}\
@media (max-width:600px){body{padding:0 8px 2em}h1{font-size:1.3em}table{font-size:0.8em}nav.toc li{display:block}}\
@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:9.5pt}\
nav.toc{display:none}.scroll{overflow:visible}table{font-size:7.5pt;width:100%;page-break-inside:auto}\
tr,figure,li{page-break-inside:avoid}td.long{min-width:0;max-width:none;word-break:break-word}\
figure svg{max-width:17cm}a{color:inherit;text-decoration:none}}";

/// One option's verdict against the demand: CSS class (`meets`, `partial`, `fails`) and the sentence.
pub fn verdict(c: &Comparison, o: &OptionResult) -> (&'static str, String) {
    let demand = c.total_demand_gbps;
    let carried = o.carried_gbps.value;
    let class = if o.demand_met {
        "meets"
    } else if carried > 0.0 {
        "partial"
    } else {
        "fails"
    };
    let mut parts = Vec::new();
    parts.push(if o.demand_met {
        format!("meets the {} Gb/s demand", readable(demand))
    } else {
        format!(
            "short by {} Gb/s (carries {} of {} Gb/s)",
            readable(demand - carried),
            readable(carried),
            readable(demand)
        )
    });
    let one_way = o.latency_one_way_ms.value;
    if one_way.is_finite() {
        let class = if one_way <= 150.0 {
            "interactive-grade"
        } else if one_way <= 400.0 {
            "GEO-class, noticeable for interactive use"
        } else {
            "beyond the 400 ms planning limit"
        };
        parts.push(format!("RTT {} ms ({class}, ITU-T G.114)", readable(o.rtt_ms.value)));
    }
    let a = o.availability_percent.value;
    if a.is_finite() {
        let mut text = format!("availability {} ({:.1} nines)", availability_text(a), nines(a));
        if let Some(d) = &o.degraded_service {
            text.push_str(&format!(
                " at full rate; ≥ {} Gb/s {} ({:.1} nines)",
                readable(d.rate_gbps),
                availability_text(d.availability_percent),
                nines(d.availability_percent)
            ));
        }
        parts.push(text);
    }
    let cheapest = c
        .options
        .iter()
        .map(|x| x.cost_per_gbps_year_usd.value)
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let cost = o.cost_per_gbps_year_usd.value;
    if cost.is_finite() {
        let rel = if cost <= cheapest {
            "the cheapest".to_string()
        } else {
            format!("×{} the cheapest", readable(cost / cheapest))
        };
        parts.push(format!("{} USD per Gb/s-year ({rel})", thousands(cost, 0)));
    }
    if o.demand_met {
        parts.push(format!("tightest resource: {}", binding_constraint(o)));
    } else {
        parts.push(format!("binding constraint: {}", binding_constraint(o)));
    }
    (class, parts.join(" · "))
}

/// The constraint that limits an option, from its demand basis (the bottleneck the capacity model named, or
/// the demands without a path).
pub fn binding_constraint(o: &OptionResult) -> String {
    let basis = &o.demand_basis;
    let mut out = Vec::new();
    if let Some(rest) = basis.strip_prefix("no path for ") {
        out.push(format!("no path for {}", rest.split(';').next().unwrap_or(rest)));
    }
    if let Some(i) = basis.find("bottleneck ") {
        let tail = &basis[i + "bottleneck ".len()..];
        let name = tail.split(':').next().unwrap_or(tail);
        let lambda = tail.split("λ = ").nth(1).map(|l| l.trim_end_matches(|c: char| !c.is_ascii_digit()));
        out.push(match lambda {
            Some(l) => format!("{name} (fits λ = {l} × the demand)"),
            None => name.to_string(),
        });
    }
    if out.is_empty() {
        basis.clone()
    } else {
        out.join("; ")
    }
}

fn decision_panel(c: &Comparison) -> String {
    let mut h = String::from("<ul class=\"verdicts\">\n");
    for o in &c.options {
        let (class, text) = verdict(c, o);
        let tag = match class {
            "meets" => "MEETS",
            "partial" => "SHORT",
            _ => "FAILS",
        };
        h.push_str(&format!(
            "<li class=\"{class}\"><span class=\"tag\">{tag}</span><strong>{}</strong> ({}): {}</li>\n",
            escape(&o.name),
            escape(&o.kind),
            escape(&text)
        ));
    }
    h.push_str("</ul>\n");
    h
}

/// The comparison table for reading: human headers with units, thousands separators, sensible precision.
fn readable_summary(c: &Comparison) -> String {
    let mut t = Table::new(["option"]);
    t.columns.clear();
    for o in &c.options {
        let a = o.availability_percent.value;
        t.rows.push(vec![
            Cell::text(&o.name),
            Cell::text(&o.kind),
            Cell::num(o.capacity_gbps.value, if o.capacity_gbps.value >= 100.0 { 0 } else { 2 }),
            Cell::num(o.carried_gbps.value, 2),
            Cell::num((c.total_demand_gbps - o.carried_gbps.value).max(0.0), 2),
            Cell::Flag(o.demand_met),
            Cell::num(o.rtt_ms.value, 1),
            Cell::text(availability_text(a)),
            Cell::text(o.degraded_service.as_ref().map_or(String::new(), |d| {
                format!("{} for ≥ {} Gb/s", availability_text(d.availability_percent), readable(d.rate_gbps))
            })),
            Cell::num(o.downtime_min_per_year.value, 0),
            Cell::num(o.capex_usd.value / 1e6, 2),
            Cell::num(o.opex_usd_per_year.value / 1e6, 2),
            Cell::num(o.cost_per_gbps_year_usd.value, 0),
        ]);
    }
    table_html(
        "summary-table",
        &t,
        Some(&[
            "Option",
            "Kind",
            "Deliverable capacity (Gb/s)",
            "Carried (Gb/s)",
            "Shortfall (Gb/s)",
            "Demand met",
            "RTT, worst demand (ms)",
            "Availability, full rate",
            "Degraded service",
            "Downtime (min/yr)",
            "Capex (million USD)",
            "Opex (million USD/yr)",
            "Cost (USD per Gb/s-year)",
        ]),
    )
}

/// The option's inputs as written in the scenario file, `[assumed]` flagged, and the resolved fiber designs.
fn option_inputs(scenario: &Scenario, lines: &[InputLine]) -> String {
    let mut h = String::new();
    for o in &scenario.options {
        h.push_str(&format!("<h3>{} ({})</h3>\n", escape(&o.name), o.model.kind()));
        let mine: Vec<&InputLine> = lines.iter().filter(|l| l.table == "option" && l.owner == o.name).collect();
        if mine.is_empty() {
            h.push_str("<p>(the scenario file was not readable when the report was written: inputs not listed)</p>\n");
        } else {
            let mut t = Table::new(["input", "value", "note", "line"]);
            for l in mine {
                let note = if l.assumed {
                    l.comment.clone()
                } else if l.comment.is_empty() {
                    String::new()
                } else {
                    l.comment.clone()
                };
                t.push(vec![
                    Cell::text(&l.key),
                    Cell::text(if l.assumed { format!("{} [assumed]", l.value) } else { l.value.clone() }),
                    Cell::text(note),
                    Cell::Integer(l.line as i64),
                ]);
            }
            let mut html =
                table_html(&format!("inputs-{}", slug(&o.name)), &t, Some(&["Input", "Value", "Note", "Line"]));
            html = html.replace(" [assumed]</td>", " <span class=\"assumed\">[assumed]</span></td>");
            h.push_str(&html);
        }
        if let OptionModel::Cable(c) = &o.model {
            for (r, rep) in &c.submarine {
                h.push_str(&format!(
                    "<p>Fiber design of {}: {:.1} km cable, {:?}, {} fiber, {} amplifiers, {} transceivers, {} repeaters ({} spans), \
                     launch power {:.2} dBm per channel, {} channels at {:.1} GBd, worst GSNR {:.2} dB, mode {}, {} Gb/s per pair × {} pairs = {} Gb/s; \
                     {:.3} faults/yr, availability {}.</p>\n",
                    escape(&scenario.routes[*r].name),
                    rep.cable_length_km,
                    rep.architecture,
                    escape(&rep.fiber),
                    escape(&rep.amplifier),
                    escape(&rep.transceiver),
                    rep.repeaters,
                    rep.spans.len(),
                    rep.launch_power_dbm,
                    rep.channel_count,
                    rep.baud_rate_gbd,
                    rep.min_gsnr_db,
                    escape(rep.mode.as_deref().unwrap_or("none closes")),
                    thousands(rep.capacity_per_pair_gbps, 0),
                    rep.fiber_pairs,
                    thousands(rep.total_capacity_gbps, 0),
                    rep.faults_per_year,
                    availability_text(rep.availability * 100.0)
                ));
            }
        }
    }
    h
}

fn slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// The report page. `charts` are (file stem, SVG text) pairs; each is embedded inline in a `<figure>` whose
/// id is `chart-STEM`, with links to `STEM.png` and `STEM.svg`. `map_svg` is the scenario map (inline SVG).
pub fn report_html(
    scenario: &Scenario,
    c: &Comparison,
    sweep: Option<&SweepResult>,
    charts: &[(String, String)],
) -> String {
    let map_svg = scenario_map(scenario).svg(900.0);
    let source = std::fs::read_to_string(&scenario.file).unwrap_or_default();
    let lines = input_lines(&source);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    h.push_str("<meta charset=\"utf-8\"/>\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    h.push_str(&format!("<title>{}</title>\n", escape(&c.scenario)));
    h.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    h.push_str(&format!("<h1>{}</h1>\n", escape(&c.scenario)));
    if !scenario.description.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", escape(&scenario.description)));
    }
    h.push_str(&format!(
        "<p>Scenario file <code>{}</code>, epoch {}, total demand {} Gb/s, costs amortised over {} years. \
         Figures marked <span class=\"assumed\">[assumed]</span> are planning assumptions of the scenario, not operator data.</p>\n",
        escape(&c.file),
        escape(&c.epoch),
        readable(c.total_demand_gbps),
        scenario.amortisation_years
    ));
    let mut toc = vec![
        ("decision", "Decision"),
        ("summary", "Comparison table"),
        ("map", "Map"),
        ("charts", "Charts"),
        ("demands", "Demands per option"),
    ];
    if !coverage_table(c).rows.is_empty() {
        toc.push(("coverage", "LEO coverage"));
    }
    if sweep.is_some() {
        toc.push(("sweep", "Sweep"));
    }
    toc.extend([
        ("inputs", "Option inputs"),
        ("assumptions", "Scenario inputs"),
        ("basis", "Basis of every number"),
        ("models", "Model versions"),
        ("epochs", "Element-set epochs"),
    ]);
    h.push_str("<nav class=\"toc\" id=\"toc\"><strong>Contents</strong><ol>");
    for (id, title) in &toc {
        h.push_str(&format!("<li><a href=\"#{id}\">{}</a></li>", escape(title)));
    }
    h.push_str("</ol></nav>\n");

    h.push_str("<h2 id=\"decision\">Decision</h2>\n");
    h.push_str(&format!(
        "<p>Each option against the total demand of {} Gb/s: carried = min(demand, the option's deliverable share); \
         green meets it, amber carries part of it, red none.</p>\n",
        readable(c.total_demand_gbps)
    ));
    h.push_str(&decision_panel(c));

    h.push_str("<h2 id=\"summary\">Comparison table</h2>\n");
    h.push_str(&readable_summary(c));
    h.push_str(
        "<p>Full precision: <a href=\"comparison.csv\">comparison.csv</a>, <a href=\"comparison.json\">comparison.json</a>, \
         <a href=\"demands.csv\">demands.csv</a>, <a href=\"basis.csv\">basis.csv</a>.</p>\n",
    );

    h.push_str("<h2 id=\"map\">Map</h2>\n<figure id=\"scenario-map\">\n");
    h.push_str(&map_svg);
    h.push_str(
        "\n<figcaption>Sites, routes (submarine routes through their waypoints; terrestrial routes as straight \
         lines between their ends), GEO sub-satellite points at the epoch and LEO visibility circles (ground radius \
         within which a satellite is above the option's minimum elevation). Outlines: Natural Earth 1:50m.</figcaption>\n</figure>\n",
    );

    h.push_str("<h2 id=\"charts\">Charts</h2>\n");
    for (stem, svg) in charts {
        h.push_str(&format!(
            "<figure id=\"chart-{0}\">\n{1}\n<figcaption>{2} (<a href=\"{0}.png\">PNG</a>, <a href=\"{0}.svg\">SVG</a>)</figcaption>\n</figure>\n",
            escape(stem),
            inline_svg(svg),
            escape(&caption(stem, sweep))
        ));
    }
    h.push_str("<h2 id=\"demands\">Demands per option</h2>\n");
    h.push_str(&table_html(
        "demands-table",
        &demands_table(c),
        Some(&[
            "Option",
            "Demand",
            "Rate (Gb/s)",
            "Reachable",
            "Carried (Gb/s)",
            "Shortfall (Gb/s)",
            "One-way latency (ms)",
            "Availability (%)",
            "Path",
        ]),
    ));
    let coverage = coverage_table(c);
    if !coverage.rows.is_empty() {
        h.push_str("<h2 id=\"coverage\">LEO coverage windows</h2>\n");
        h.push_str(&table_html(
            "coverage-table",
            &coverage,
            Some(&["Option", "Point", "Covered (% of samples)", "Windows", "Longest gap (min)"]),
        ));
    }
    if let Some(s) = sweep {
        h.push_str(&format!(
            "<h2 id=\"sweep\">Sweep of {} (<code>{}</code>)</h2>\n",
            escape(&field_title(&s.field)),
            escape(&s.field)
        ));
        h.push_str(&table_html("sweep-table", &sweep_table(s), None));
    }
    h.push_str("<h2 id=\"inputs\">Option inputs (as written in the scenario)</h2>\n");
    h.push_str(&option_inputs(scenario, &lines));
    h.push_str("<h2 id=\"assumptions\">Scenario inputs: sites, routes, demands</h2>\n");
    h.push_str(&table_html("assumptions-table", &assumptions_table(scenario), Some(&["Item", "Name", "Values"])));
    let assumed_other: Vec<&InputLine> = lines.iter().filter(|l| l.assumed && l.table != "option").collect();
    if !assumed_other.is_empty() {
        h.push_str("<p>Assumed in the scenario file outside the options: ");
        let items: Vec<String> = assumed_other
            .iter()
            .map(|l| {
                format!(
                    "{} {} <code>{} = {}</code> <span class=\"assumed\">[assumed]</span>{}",
                    escape(&l.table),
                    escape(&l.owner),
                    escape(&l.key),
                    escape(&l.value),
                    if l.comment.trim() == "[assumed]" {
                        String::new()
                    } else {
                        format!(" ({})", escape(l.comment.replace("[assumed]", "").trim()))
                    }
                )
            })
            .collect();
        h.push_str(&items.join("; "));
        h.push_str(".</p>\n");
    }
    h.push_str("<h2 id=\"basis\">Where each number comes from</h2>\n");
    // Values rounded for reading (basis.csv keeps 4 decimals): 3 significant digits, whole numbers above 100.
    let mut basis = basis_table(c);
    for (row, (o, (_, value, _))) in
        basis.rows.iter_mut().zip(c.options.iter().flat_map(|o| metric_rows(o).into_iter().map(move |m| (o, m))))
    {
        let _ = o;
        row[2] = Cell::text(readable(value));
    }
    h.push_str(&table_html("basis-table", &basis, Some(&["Option", "Metric", "Value", "Basis"])));
    h.push_str("<h2 id=\"models\">Model versions</h2>\n");
    let mut models = Table::new(["component", "model"]);
    for (k, v) in model_versions() {
        models.push(vec![Cell::text(k), Cell::text(v)]);
    }
    h.push_str(&table_html("models-table", &models, Some(&["Component", "Model"])));
    h.push_str("<h2 id=\"epochs\">Element-set epochs</h2>\n");
    let mut epochs = Table::new(["option", "source", "epoch"]);
    for e in &c.epochs {
        epochs.push(vec![Cell::text(&e.option), Cell::text(&e.source), Cell::text(&e.epoch)]);
    }
    h.push_str(&table_html("epochs-table", &epochs, Some(&["Option", "Source", "Epoch (UTC)"])));
    h.push_str("</body>\n</html>\n");
    h
}

/// What a chart shows, for its caption.
fn caption(stem: &str, sweep: Option<&SweepResult>) -> String {
    let field = sweep.map(|s| field_title(&s.field)).unwrap_or_default();
    match stem {
        "capacity" => "Deliverable capacity for this demand pattern (log scale) against the total demand.".into(),
        "capacity_vs_demand" => {
            "Demand carried (min of demand and deliverable share) and the shortfall; each bar is the total demand."
                .into()
        }
        "latency" => "Round-trip time of the worst demand.".into(),
        "availability" => {
            "Availability of the worst demand on a nines scale, with the downtime; hybrids also show the availability \
             of their reduced (backup) rate."
                .into()
        }
        "cost_per_gbps" => "Annual cost (capex amortised + opex) per Gb/s of deliverable capacity (log scale).".into(),
        s if s.starts_with("sweep_") => {
            format!("{} against {field}, one line per option.", s.trim_start_matches("sweep_"))
        }
        s => s.to_string(),
    }
}

/// The scenario map: sites, routes (submarine through their waypoints, terrestrial straight), GEO
/// sub-satellite points at the epoch (SGP4 → TEME → ECEF → geodetic), LEO visibility circles around the
/// sites and the ground tracks of three satellites over the first 100 minutes.
pub fn scenario_map(s: &Scenario) -> crate::plot::map::ScenarioMap {
    use crate::plot::map::{visibility_radius_km, MapPoint, MapRoute, RouteStyle, ScenarioMap};
    let site_point = |i: usize| {
        let g = &s.sites[i].ground.location;
        (g.latitude_deg, g.longitude_deg)
    };
    let sites: Vec<MapPoint> = s
        .sites
        .iter()
        .map(|site| MapPoint {
            name: site.name.clone(),
            latitude_deg: site.ground.location.latitude_deg,
            longitude_deg: site.ground.location.longitude_deg,
        })
        .collect();
    let routes: Vec<MapRoute> = s
        .routes
        .iter()
        .map(|r| match &r.fiber {
            Some(f) if f.record.waypoints.len() >= 2 => MapRoute {
                name: format!("{} ({:.0} km)", r.name, r.length_km),
                style: RouteStyle::Submarine,
                points: f.record.waypoints.iter().map(|p| (p[0], p[1])).collect(),
            },
            _ => MapRoute {
                name: format!("{} ({:.0} km)", r.name, r.length_km),
                style: if r.fiber.is_some() { RouteStyle::Submarine } else { RouteStyle::Terrestrial },
                points: vec![site_point(r.ends[0]), site_point(r.ends[1])],
            },
        })
        .collect();
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90.0f64, -90.0f64, 360.0f64, -360.0f64);
    for p in sites.iter().map(|p| (p.latitude_deg, p.longitude_deg)).chain(routes.iter().flat_map(|r| r.points.clone()))
    {
        lat0 = lat0.min(p.0);
        lat1 = lat1.max(p.0);
        lon0 = lon0.min(p.1);
        lon1 = lon1.max(p.1);
    }
    if lat0 > lat1 {
        (lat0, lat1, lon0, lon1) = (35.0, 50.0, 40.0, 80.0);
    }
    let bbox = ((lon0 - 3.0).floor(), (lat0 - 2.0).floor(), (lon1 + 3.0).ceil(), (lat1 + 2.0).ceil());
    let mut geo = Vec::new();
    let mut circles = Vec::new();
    let mut tracks = Vec::new();
    let sub_point = |sat: &crate::orbit::Satellite, t: &crate::time::Instant| -> Option<(f64, f64, f64)> {
        let teme = sat.propagate(t).ok()?;
        let ecef = crate::frames::teme_to_ecef(&teme, t, &crate::frames::EarthOrientation::default());
        let g = crate::frames::Geodetic::from_ecef_km(&ecef.position_km);
        let lon = if g.longitude_deg > 180.0 { g.longitude_deg - 360.0 } else { g.longitude_deg };
        Some((g.latitude_deg, lon, g.altitude_km))
    };
    let mut bbox = bbox;
    for o in &s.options {
        match &o.model {
            OptionModel::Geo(g) => {
                let point =
                    crate::orbit::Satellite::new(g.satellite.clone()).ok().and_then(|sat| sub_point(&sat, &s.epoch));
                if let Some((lat, lon, _)) = point {
                    // Widen the map to the satellite's longitude, so its arrow sits at the true longitude.
                    bbox.0 = bbox.0.min((lon - 1.0).floor());
                    bbox.2 = bbox.2.max((lon + 1.0).ceil());
                    if !geo.iter().any(|p: &MapPoint| p.name == g.satellite.name) {
                        geo.push(MapPoint { name: g.satellite.name.clone(), latitude_deg: lat, longitude_deg: lon });
                    }
                }
            }
            OptionModel::Leo(l) => {
                let sets = match &l.constellation {
                    Constellation::Catalog { sets, .. } => sets.iter().take(3).cloned().collect::<Vec<_>>(),
                    Constellation::Walker(w) => super::compare::walker_delta(w)
                        .element_sets(&s.epoch)
                        .map(|v| v.into_iter().take(3).collect())
                        .unwrap_or_default(),
                };
                let mut altitude = f64::NAN;
                for set in &sets {
                    let Ok(sat) = crate::orbit::Satellite::new(set.clone()) else { continue };
                    let track: Vec<(f64, f64)> = (0..=100)
                        .filter_map(|m| {
                            let t = crate::time::add_seconds(&s.epoch, f64::from(m) * 60.0);
                            sub_point(&sat, &t).map(|(lat, lon, alt)| {
                                altitude = alt;
                                (lat, lon)
                            })
                        })
                        .collect();
                    tracks.push((format!("{}: ground track of {} (first 100 min)", o.name, set.name), track));
                }
                if altitude.is_finite() {
                    let r = visibility_radius_km(altitude, l.min_elevation_deg);
                    for site in &sites {
                        circles.push((
                            format!(
                                "{}: satellites at {:.0} km above {}° from {} within {:.0} km",
                                o.name, altitude, l.min_elevation_deg, site.name, r
                            ),
                            site.clone(),
                            r,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    ScenarioMap {
        title: format!("{}: sites, routes and satellites", s.name),
        bbox,
        sites,
        routes,
        geo,
        tracks,
        circles,
    }
}
