//! Scenario comparison, satellite versus cable (issue 7).
//!
//! [`config::Scenario`] reads a TOML scenario (sites, routes, demands, options) and validates every value
//! with its `file:line:column`; [`compare::compare`] evaluates each option (capacity, latency, availability,
//! LEO coverage windows, costs, demand met) with a `basis` string per metric; [`report`] renders the
//! comparison as a table, CSV, JSON, charts and a self-contained HTML page, written atomically into a folder;
//! [`sweep`] reruns the comparison over one parameter.

pub mod cable;
pub mod compare;
pub mod config;
mod folder;
pub mod geo;
pub mod leo;

pub use compare::{compare, CompareError, Comparison, Metric, OptionResult};
pub use config::{Scenario, ScenarioError, DEFAULT_SCENARIO_TOML};
pub mod html;
pub mod report;
pub mod report_inputs;
pub mod sweep;
