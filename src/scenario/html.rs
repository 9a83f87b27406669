//! The self-contained HTML report (XHTML-compatible markup: every element closed, text escaped), with the
//! charts embedded as inline SVG.

use super::compare::Comparison;
use super::config::Scenario;
use super::report::{
    assumptions_table, basis_table, coverage_table, demands_table, model_versions, summary_table, sweep_table,
};
use super::sweep::SweepResult;
use crate::output::{Cell, Table};

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
        Cell::Number(v, d) => {
            if v.is_finite() {
                let s = format!("{v:.d$}", d = *d);
                let s = if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                    s.trim_start_matches('-').to_string()
                } else {
                    s
                };
                (s, true)
            } else {
                (String::new(), true)
            }
        }
        Cell::Integer(i) => (i.to_string(), true),
        Cell::Flag(b) => ((if *b { "yes" } else { "no" }).to_string(), false),
        Cell::Empty => (String::new(), false),
    }
}

fn table_html(id: &str, table: &Table) -> String {
    let mut out = format!("<table id=\"{}\">\n<thead><tr>", escape(id));
    for c in &table.columns {
        out.push_str(&format!("<th>{}</th>", escape(c)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let (text, numeric) = cell_text(cell);
            if numeric {
                out.push_str(&format!("<td class=\"num\">{}</td>", escape(&text)));
            } else {
                out.push_str(&format!("<td>{}</td>", escape(&text)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Strips an XML declaration or doctype plotters may put before `<svg`.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => svg[i..].trim_end(),
        None => svg,
    }
}

const STYLE: &str = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
th{background:#f0f0f0}figure{margin:1.5em 0}figcaption{font-size:0.9em;color:#555}";

/// The report page. `charts` are (file stem, SVG text) pairs; each is embedded inline in a `<figure>` whose
/// id is `chart-STEM`, with a link to `STEM.png`.
pub fn report_html(
    scenario: &Scenario,
    c: &Comparison,
    sweep: Option<&SweepResult>,
    charts: &[(String, String)],
) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    h.push_str("<meta charset=\"utf-8\"/>\n");
    h.push_str(&format!("<title>{}</title>\n", escape(&c.scenario)));
    h.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    h.push_str(&format!("<h1>{}</h1>\n", escape(&c.scenario)));
    if !scenario.description.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", escape(&scenario.description)));
    }
    h.push_str(&format!(
        "<p>Scenario file <code>{}</code>, epoch {}, total demand {:.2} Gb/s, costs amortised over {} years.</p>\n",
        escape(&c.file),
        escape(&c.epoch),
        c.total_demand_gbps,
        scenario.amortisation_years
    ));
    h.push_str("<h2 id=\"summary\">Comparison</h2>\n");
    h.push_str(&table_html("summary-table", &summary_table(c)));
    h.push_str("<h2 id=\"charts\">Charts</h2>\n");
    for (stem, svg) in charts {
        h.push_str(&format!(
            "<figure id=\"chart-{0}\">\n{1}\n<figcaption>{0} (<a href=\"{0}.png\">PNG</a>, <a href=\"{0}.svg\">SVG</a>)</figcaption>\n</figure>\n",
            escape(stem),
            inline_svg(svg)
        ));
    }
    h.push_str("<h2 id=\"basis\">Where each number comes from</h2>\n");
    h.push_str(&table_html("basis-table", &basis_table(c)));
    h.push_str("<h2 id=\"demands\">Demands per option</h2>\n");
    h.push_str(&table_html("demands-table", &demands_table(c)));
    let coverage = coverage_table(c);
    if !coverage.rows.is_empty() {
        h.push_str("<h2 id=\"coverage\">LEO coverage windows</h2>\n");
        h.push_str(&table_html("coverage-table", &coverage));
    }
    if let Some(s) = sweep {
        h.push_str(&format!("<h2 id=\"sweep\">Sweep of {}</h2>\n", escape(&s.field)));
        h.push_str(&table_html("sweep-table", &sweep_table(s)));
    }
    h.push_str("<h2 id=\"assumptions\">Assumptions (scenario inputs)</h2>\n");
    h.push_str(&table_html("assumptions-table", &assumptions_table(scenario)));
    h.push_str("<h2 id=\"models\">Model versions</h2>\n");
    let mut models = Table::new(["component", "model"]);
    for (k, v) in model_versions() {
        models.push(vec![Cell::text(k), Cell::text(v)]);
    }
    h.push_str(&table_html("models-table", &models));
    h.push_str("<h2 id=\"epochs\">Element-set epochs</h2>\n");
    let mut epochs = Table::new(["option", "source", "epoch"]);
    for e in &c.epochs {
        epochs.push(vec![Cell::text(&e.option), Cell::text(&e.source), Cell::text(&e.epoch)]);
    }
    h.push_str(&table_html("epochs-table", &epochs));
    h.push_str("</body>\n</html>\n");
    h
}
