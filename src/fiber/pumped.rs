//! Design-level checks and report notes of distributed Raman pumps and a ROPA ([`super::raman`],
//! [`super::ropa`]): what the design asks against its channels, fiber and architecture, and what the pumps did.

use super::gn::{Carrier, FiberPhysics};
use super::line::PumpOutcome;
use super::raman::{validate_pumps, PumpDirection};
use super::system::{Architecture, SystemDesign};
use super::FiberError;

/// Raman pumps, fiber temperature and ROPA of a design against its channels, fiber and architecture.
pub(super) fn check_pumps(
    design: &SystemDesign,
    carriers: &[Carrier],
    physics: &FiberPhysics,
    length_km: f64,
) -> Result<(), FiberError> {
    if !(design.fiber_temperature_k >= 200.0 && design.fiber_temperature_k <= 350.0) {
        return Err(FiberError::invalid("design", "fiber_temperature_k", design.fiber_temperature_k, "[200, 350] K"));
    }
    validate_pumps(&design.raman_pumps, carriers, physics, super::srs::RamanGainProfile::bundled(), "design")?;
    let Some(ropa) = &design.ropa else { return Ok(()) };
    if design.architecture != Architecture::Unrepeatered {
        return Err(FiberError::invalid(
            "design",
            "ropa",
            "given with architecture = \"repeatered\"",
            "a ROPA only in an unrepeatered design (architecture = \"unrepeatered\")",
        ));
    }
    ropa.validate(length_km)?;
    let feeds =
        design.raman_pumps.iter().any(|p| p.direction == PumpDirection::Counter && ropa.absorbs(p.frequency_hz()));
    if !feeds {
        return Err(FiberError::invalid(
            "design",
            "raman_pumps",
            if design.raman_pumps.is_empty() {
                "none".to_string()
            } else {
                format!("{} pumps", design.raman_pumps.len())
            },
            format!(
                "a counter pump in the ROPA's pump band {:.2}–{:.2} THz ({:.0}–{:.0} nm) to feed it",
                ropa.pump_band_thz[0],
                ropa.pump_band_thz[1],
                super::gn::SPEED_OF_LIGHT_M_S / (ropa.pump_band_thz[1] * 1e12) * 1e9,
                super::gn::SPEED_OF_LIGHT_M_S / (ropa.pump_band_thz[0] * 1e12) * 1e9
            ),
        ));
    }
    Ok(())
}

/// Report notes on what the pumps and the ROPA did in the first span.
pub(super) fn pump_notes(design: &SystemDesign, outcome: &PumpOutcome) -> Vec<String> {
    let mut notes = Vec::new();
    let (lo, hi) =
        outcome.net_gain_db.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| (lo.min(*g), hi.max(*g)));
    let total_mw: f64 = design.raman_pumps.iter().map(|p| p.power_mw).sum();
    notes.push(format!(
        "distributed Raman: {} pumps, {total_mw:.0} mW in all; net span transmission {lo:.1} to {hi:.1} dB per channel \
         (fiber loss, SRS, Raman and ROPA gain)",
        design.raman_pumps.len()
    ));
    let residual: Vec<String> = outcome
        .pump_residual_mw
        .iter()
        .map(|(p, r)| {
            let direction = if p.direction == PumpDirection::Co { "co" } else { "counter" };
            format!(
                "{:.1} nm {direction} {:.0} → {r:.1} mW",
                super::gn::SPEED_OF_LIGHT_M_S / p.frequency_hz() * 1e9,
                p.power_mw
            )
        })
        .collect();
    if !residual.is_empty() {
        notes.push(format!("pumps at the far end of their travel: {}", residual.join(", ")));
    }
    if let (Some((pump_mw, gain_db)), Some(ropa)) = (outcome.ropa, &design.ropa) {
        notes.push(format!(
            "ROPA {:.0} km before the receiver: {pump_mw:.1} mW of remote pump reaches it, gain {gain_db:.1} dB \
             (power conversion {:.0} % [assumed], NF {} dB [assumed])",
            ropa.distance_from_receiver_km,
            ropa.power_conversion_efficiency * 100.0,
            ropa.noise_figure_db
        ));
    }
    notes
}
