//! Sweeps of one design: GSNR and capacity over launch powers, and capacity over cable lengths.

use super::system::{evaluate, prepare, SystemDesign};
use super::{Equipment, FiberError, Route};
use crate::units::{from_db, to_db};
use serde::Serialize;

/// One point of [`launch_sweep`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaunchSweepPoint {
    pub launch_power_dbm: f64,
    pub min_gsnr_db: f64,
    pub mean_gsnr_db: f64,
    pub capacity_per_pair_gbps: f64,
}

/// GSNR and capacity per pair over a list of flat launch powers (dBm per channel). The design's own launch power
/// is ignored; the amplifier output limit is not applied (the sweep shows the physics).
pub fn launch_sweep(
    route: &Route,
    design: &SystemDesign,
    equipment: &Equipment,
    powers_dbm: &[f64],
) -> Result<Vec<LaunchSweepPoint>, FiberError> {
    let prepared = prepare(route, design, equipment)?;
    let mut points = Vec::with_capacity(powers_dbm.len());
    for &p_dbm in powers_dbm {
        if !(p_dbm > -30.0 && p_dbm < 30.0) {
            return Err(FiberError::invalid("launch sweep", "launch_power_dbm", p_dbm, "(-30, 30) dBm"));
        }
        let (received, _) = prepared.propagate(from_db(p_dbm) * 1e-3)?;
        let gsnr: Vec<f64> = received.iter().enumerate().map(|(i, c)| to_db(prepared.gsnr_with_tx(i, c))).collect();
        let capacity = gsnr
            .iter()
            .map(|g| prepared.best_mode(*g, design.system_margin_db).map(|(m, _)| m.bit_rate_gbps).unwrap_or(0.0))
            .sum();
        points.push(LaunchSweepPoint {
            launch_power_dbm: p_dbm,
            min_gsnr_db: gsnr.iter().copied().fold(f64::INFINITY, f64::min),
            mean_gsnr_db: gsnr.iter().sum::<f64>() / gsnr.len() as f64,
            capacity_per_pair_gbps: capacity,
        });
    }
    Ok(points)
}

/// One point of [`capacity_vs_length`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthSweepPoint {
    pub cable_length_km: f64,
    pub spans: usize,
    pub min_gsnr_db: f64,
    pub capacity_per_pair_gbps: f64,
    pub shannon_capacity_per_pair_gbps: f64,
}

/// Capacity per fiber pair over cable lengths with the same design (spans re-planned for each length, launch at
/// the optimum). Lengths the design cannot bridge are reported as errors.
pub fn capacity_vs_length(
    design: &SystemDesign,
    equipment: &Equipment,
    lengths_km: &[f64],
) -> Result<Vec<LengthSweepPoint>, FiberError> {
    let design = SystemDesign { fiber_pairs: Some(1), target_capacity_tbps: None, ..design.clone() };
    lengths_km
        .iter()
        .map(|&length_km| {
            let route = Route::from_length("sweep", length_km)?;
            let report = evaluate(&route, &design, equipment)?;
            Ok(LengthSweepPoint {
                cable_length_km: length_km,
                spans: report.spans.len(),
                min_gsnr_db: report.min_gsnr_db,
                capacity_per_pair_gbps: report.capacity_per_pair_gbps,
                shannon_capacity_per_pair_gbps: report.shannon_capacity_gbps,
            })
        })
        .collect()
}
