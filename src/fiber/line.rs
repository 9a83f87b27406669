//! A repeated line of elements built from a design: N × (fiber span → amplifier), propagated element by
//! element ([`super::elements`]). Built only when the design needs it (SRS, a loss table, gain equalisation,
//! Raman pumps, a ROPA); otherwise the equal-span closed-form GN path of [`super::system`] is used (same results,
//! faster). An unrepeatered design with a ROPA is one span cut in two at the ROPA:
//! transmitter → (co pumps) → ROPA → (counter pumps) → receiver preamplifier.

use super::elements::{AmplifierStage, FiberSpan, SpanNli, SpectrumState};
use super::equipment::Amplifier;
use super::gn::{Carrier, FiberPhysics};
use super::raman::{PumpDirection, PumpSet, RamanPump};
use super::ropa::RopaDesign;
use super::srs::RamanGainProfile;
use super::system::{GainMode, NliModel, SystemDesign};
use super::FiberError;
use crate::units::to_db;

/// The section before a ROPA and the ROPA itself.
#[derive(Debug, Clone)]
pub struct RopaSection {
    /// Transmitter → ROPA (co pumps only).
    pub before: FiberSpan,
    pub ropa: RopaDesign,
}

/// N identical spans, each followed by an amplifier.
#[derive(Debug, Clone)]
pub struct Line {
    /// Each span; with a ROPA, the section ROPA → receiver (counter pumps only).
    pub span: FiberSpan,
    pub ropa: Option<RopaSection>,
    pub span_count: usize,
    pub gain_mode: GainMode,
    /// Flat gain (dB) in [`GainMode::Flat`]: span loss at the reference plus the span margin; with pumps or a
    /// ROPA, the net loss of the reference channel over the first span.
    pub flat_gain_db: f64,
    /// The channel nearest the fiber's reference frequency.
    pub reference_channel: usize,
    pub amplifier: Amplifier,
    /// Per-band amplifiers ([`super::bands`]); set by the system design after [`Line::for_design`].
    pub bands: Option<super::bands::BandPlan>,
}

/// What the Raman pumps and the ROPA did (first span), for the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PumpOutcome {
    /// Net transmission of every channel over the first span, pumps and ROPA included (dB, gain positive).
    pub net_gain_db: Vec<f64>,
    /// Each pump with its power at the far end of its travel (mW): its own span or section.
    pub pump_residual_mw: Vec<(RamanPump, f64)>,
    /// Pump power absorbed by the ROPA (mW) and its gain (dB).
    pub ropa: Option<(f64, f64)>,
}

/// The receiver state and, for pumped lines, what the pumps did.
#[derive(Debug, Clone, PartialEq)]
pub struct LineResult {
    pub state: SpectrumState,
    pub pumps: Option<PumpOutcome>,
}

impl Line {
    /// The line of a design, or `None` when the closed-form equal-span path applies.
    pub fn for_design(
        design: &SystemDesign,
        carriers: &[Carrier],
        physics: &FiberPhysics,
        span_km: f64,
        span_count: usize,
        amplifier: &Amplifier,
    ) -> Result<Option<Line>, FiberError> {
        let pumped = !design.raman_pumps.is_empty() || design.ropa.is_some();
        let needed = design.nli_model != NliModel::Gn
            || physics.has_loss_table()
            || design.gain_mode != GainMode::Flat
            || !design.band_amplifiers.is_empty()
            || pumped;
        if !needed {
            return Ok(None);
        }
        let (nli, srs) = match design.nli_model {
            NliModel::Gn => (SpanNli::Gn, false),
            NliModel::GgnIsrs => (SpanNli::IsrsGn, true),
        };
        let profile = RamanGainProfile::bundled();
        let pumps_of = |direction: Option<PumpDirection>| -> Vec<RamanPump> {
            design.raman_pumps.iter().filter(|p| direction.is_none_or(|d| p.direction == d)).cloned().collect()
        };
        let with_pumps = |span: FiberSpan, pumps: Vec<RamanPump>| {
            if pumps.is_empty() {
                span
            } else {
                span.with_pumps(PumpSet::new(&pumps, carriers, physics, profile, design.fiber_temperature_k))
            }
        };
        let (span, ropa) = match &design.ropa {
            None => {
                let span = FiberSpan::new(carriers, physics, span_km * 1e3, design.span_margin_db, nli, srs)?;
                (with_pumps(span, pumps_of(None)), None)
            }
            Some(ropa) => {
                let after_km = ropa.distance_from_receiver_km;
                let before = FiberSpan::new(carriers, physics, (span_km - after_km) * 1e3, 0.0, nli, srs)?;
                let after = FiberSpan::new(carriers, physics, after_km * 1e3, design.span_margin_db, nli, srs)?;
                let section =
                    RopaSection { before: with_pumps(before, pumps_of(Some(PumpDirection::Co))), ropa: ropa.clone() };
                (with_pumps(after, pumps_of(Some(PumpDirection::Counter))), Some(section))
            }
        };
        let reference_channel = (0..carriers.len())
            .min_by(|&a, &b| {
                let d = |i: usize| (carriers[i].frequency_hz - physics.reference_frequency_hz).abs();
                d(a).total_cmp(&d(b))
            })
            .unwrap_or(0);
        Ok(Some(Line {
            span,
            ropa,
            span_count,
            gain_mode: design.gain_mode,
            flat_gain_db: physics.alpha_at(physics.reference_frequency_hz).unwrap_or(physics.alpha_per_m)
                * span_km
                * 1e3
                * 10.0
                * std::f64::consts::E.log10()
                + design.span_margin_db,
            reference_channel,
            amplifier: amplifier.clone(),
            bands: None,
        }))
    }

    /// Whether the line has Raman pumps or a ROPA.
    pub fn pumped(&self) -> bool {
        self.span.pumps.is_some() || self.ropa.is_some()
    }

    /// Propagates a launch (W per channel) to the receiver (after the last amplifier).
    pub fn propagate(&self, carriers: &[Carrier], launch_w: &[f64]) -> Result<LineResult, FiberError> {
        let mut state = SpectrumState::launch(launch_w);
        let n = carriers.len();
        let mut outcome: Option<PumpOutcome> = None;
        let mut flat_gain_db = self.flat_gain_db;
        for index in 0..self.span_count {
            let input = state.clone();
            let mut ropa_outcome = None;
            let mut residuals: Vec<(RamanPump, f64)> = Vec::new();
            let mut record = |span: &FiberSpan, residual: &[f64]| {
                if let Some(set) = &span.pumps {
                    residuals.extend(set.pumps.iter().cloned().zip(residual.iter().copied()));
                }
            };
            match &self.ropa {
                None => {
                    let contribution = self.span.apply(carriers, &mut state)?;
                    record(&self.span, &contribution.pump_residual_mw);
                }
                Some(section) => {
                    let (before, after, pump_mw, gain_db) = self.through_ropa(carriers, section, &mut state)?;
                    record(&section.before, &before);
                    record(&self.span, &after);
                    ropa_outcome = Some((pump_mw, gain_db));
                }
            }
            let net: Vec<f64> = (0..n).map(|i| state.signal_w[i] / input.signal_w[i]).collect();
            if index == 0 && self.pumped() {
                flat_gain_db = -to_db(net[self.reference_channel]);
                outcome = Some(PumpOutcome {
                    net_gain_db: net.iter().map(|t| to_db(*t)).collect(),
                    pump_residual_mw: residuals,
                    ropa: ropa_outcome,
                });
            }
            let stage = super::bands::stage(self, carriers, &net, &state, launch_w, flat_gain_db);
            stage.apply(carriers, &mut state);
        }
        Ok(LineResult { state, pumps: outcome })
    }

    /// Section before the ROPA, the ROPA, and the section after it, with the ROPA gain and the pump power
    /// reaching it solved together (the signals the ROPA boosts deplete the pumps that feed it): a damped
    /// fixed-point iteration on the gain. Returns the pump residuals of both sections (mW), the absorbed pump (mW)
    /// and the ROPA gain (dB).
    fn through_ropa(
        &self,
        carriers: &[Carrier],
        section: &RopaSection,
        state: &mut SpectrumState,
    ) -> Result<(Vec<f64>, Vec<f64>, f64, f64), FiberError> {
        let before = section.before.apply(carriers, state)?.pump_residual_mw;
        let ropa = &section.ropa;
        let input_w: f64 = state.total_w().iter().sum();
        let absorbed: Vec<usize> = match &self.span.pumps {
            Some(p) => (0..p.pumps.len()).filter(|&k| ropa.absorbs(p.pumps[k].frequency_hz())).collect(),
            None => Vec::new(),
        };
        // Secant iteration on ln G − ln G_target(G) (monotone: more gain, more depletion, less pump), from G = 1.
        let mut gain = 1.0f64;
        let mut previous: Option<(f64, f64)> = None; // (ln G, residual)
        for _ in 0..100 {
            let mut trial = state.clone();
            let ropa_stage = AmplifierStage {
                gain_db: vec![to_db(gain); carriers.len()],
                noise_figure_db: vec![ropa.noise_figure_db; carriers.len()],
            };
            ropa_stage.apply(carriers, &mut trial);
            let contribution = self.span.apply(carriers, &mut trial)?;
            let pump_mw: f64 = absorbed.iter().map(|&k| contribution.pump_residual_mw[k]).sum();
            if pump_mw < ropa.pump_threshold_mw {
                return Err(ropa.starved(pump_mw));
            }
            let target = ropa.gain(pump_mw * 1e-3, input_w);
            let residual = gain.ln() - target.ln();
            if residual.abs() < 1e-5 {
                *state = trial;
                return Ok((before, contribution.pump_residual_mw, pump_mw, to_db(gain)));
            }
            let next_ln = match previous {
                Some((ln_prev, r_prev)) if (residual - r_prev).abs() > 1e-12 => {
                    let secant = gain.ln() - residual * (gain.ln() - ln_prev) / (residual - r_prev);
                    // Stay between the current gain and the target (the plain fixed-point step).
                    secant.clamp(gain.ln().min(target.ln()), gain.ln().max(target.ln()))
                }
                _ => target.ln(),
            };
            previous = Some((gain.ln(), residual));
            gain = next_ln.exp();
        }
        Err(FiberError::invalid(
            "design.ropa",
            "power_conversion_efficiency",
            ropa.power_conversion_efficiency,
            "a ROPA whose gain and pump depletion settle (no convergence in 100 iterations)",
        ))
    }
}
