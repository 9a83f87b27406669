//! Availability and cost inputs of a fiber design and the combined availability of diverse routes. The
//! defaults are assumptions anchored on the one public figure (the Sumgait–Aktau budget), labelled as such.

use serde::{Deserialize, Serialize};

/// Hours in an average year (365.25 days).
pub const HOURS_PER_YEAR: f64 = 8766.0;

/// Availability inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AvailabilityParams {
    /// Cable faults per 1000 km per year. Default 0.3: three times the global average of ≈ 0.1 (ICPC: 150–200
    /// faults/yr on ≈ 1.7 M km) because the route crosses wide shallow shelves where fishing and anchors dominate.
    pub faults_per_1000km_year: f64,
    /// Mean time to repair (days). Default 30: the global average is ≈ 20 days or less, but the Caspian is
    /// landlocked (a repair ship must come through inland waterways or be based locally), so repairs may be slower.
    pub mttr_days: f64,
}

impl Default for AvailabilityParams {
    fn default() -> Self {
        AvailabilityParams { faults_per_1000km_year: 0.3, mttr_days: 30.0 }
    }
}

/// Cost inputs (US$). The only public anchor is the Sumgait–Aktau budget (≈ US$50.8 M for ≈ 370–380 km, about
/// US$135 k per km all in); the defaults split that anchor into items and are assumptions, not quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostParams {
    /// Cable manufacture per km (US$/km).
    pub cable_usd_per_km: f64,
    /// Marine survey, laying and burial per km (US$/km).
    pub installation_usd_per_km: f64,
    /// Repeater cost per fiber pair it amplifies (US$).
    pub repeater_usd_per_fiber_pair: f64,
    /// One landing station with its power feed and beach manhole (US$); two per route.
    pub landing_station_usd: f64,
    /// Raman pump modules serving one fiber pair in one pumped span (US$); [assumed] US$150 k.
    pub raman_pumps_usd_per_fiber_pair: f64,
    /// A ROPA (erbium cassette in the cable and its remote-pump delivery) per fiber pair (US$); [assumed] US$200 k.
    pub ropa_usd_per_fiber_pair: f64,
    /// Terminal transceivers per Gb/s of lit capacity, both ends (US$/(Gb/s)); 0 by default (not included).
    pub terminal_usd_per_gbps: f64,
    /// Operation and maintenance per year as a fraction of capex.
    pub opex_fraction_per_year: f64,
    /// Cost of one marine repair (US$), times the expected faults per year.
    pub repair_usd_per_fault: f64,
    /// Economic life for straight-line annualisation of capex (years).
    pub lifetime_years: f64,
}

impl Default for CostParams {
    fn default() -> Self {
        CostParams {
            cable_usd_per_km: 60_000.0,
            installation_usd_per_km: 40_000.0,
            repeater_usd_per_fiber_pair: 250_000.0,
            landing_station_usd: 4_000_000.0,
            raman_pumps_usd_per_fiber_pair: 150_000.0,
            ropa_usd_per_fiber_pair: 200_000.0,
            terminal_usd_per_gbps: 0.0,
            opex_fraction_per_year: 0.03,
            repair_usd_per_fault: 2_000_000.0,
            lifetime_years: 25.0,
        }
    }
}

/// Combined availability of two routes with independent (diverse) failures: 1 − (1 − a)(1 − b).
pub fn combined_availability(a: f64, b: f64) -> f64 {
    1.0 - (1.0 - a) * (1.0 - b)
}
