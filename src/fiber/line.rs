//! A repeated line of elements built from a design: N × (fiber span → amplifier), propagated element by
//! element ([`super::elements`]). Built only when the design needs it (SRS, a loss table, gain equalisation);
//! otherwise the equal-span closed-form GN path of [`super::system`] is used (same results, faster).

use super::elements::{FiberSpan, SpanNli, SpectrumState};
use super::equipment::Amplifier;
use super::gn::{Carrier, FiberPhysics};
use super::system::{GainMode, NliModel, SystemDesign};
use super::FiberError;

/// N identical spans, each followed by an amplifier.
#[derive(Debug, Clone)]
pub struct Line {
    pub span: FiberSpan,
    pub span_count: usize,
    pub gain_mode: GainMode,
    /// Flat gain (dB) in [`GainMode::Flat`]: span loss at the reference plus the span margin.
    pub flat_gain_db: f64,
    pub amplifier: Amplifier,
    /// Per-band amplifiers ([`super::bands`]); set by the system design after [`Line::for_design`].
    pub bands: Option<super::bands::BandPlan>,
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
        let needed = design.nli_model != NliModel::Gn
            || physics.has_loss_table()
            || design.gain_mode != GainMode::Flat
            || !design.band_amplifiers.is_empty();
        if !needed {
            return Ok(None);
        }
        let (nli, srs) = match design.nli_model {
            NliModel::Gn => (SpanNli::Gn, false),
            NliModel::GgnIsrs => (SpanNli::IsrsGn, true),
        };
        let span = FiberSpan::new(carriers, physics, span_km * 1e3, design.span_margin_db, nli, srs)?;
        Ok(Some(Line {
            span,
            span_count,
            gain_mode: design.gain_mode,
            flat_gain_db: physics.alpha_at(physics.reference_frequency_hz).unwrap_or(physics.alpha_per_m)
                * span_km
                * 1e3
                * 10.0
                * std::f64::consts::E.log10()
                + design.span_margin_db,
            amplifier: amplifier.clone(),
            bands: None,
        }))
    }

    /// Propagates a launch (W per channel) to the receiver (after the last amplifier).
    pub fn propagate(&self, carriers: &[Carrier], launch_w: &[f64]) -> SpectrumState {
        let mut state = SpectrumState::launch(launch_w);
        for _ in 0..self.span_count {
            let contribution = self.span.apply(carriers, &mut state);
            let stage = super::bands::stage(self, carriers, &contribution, &state, launch_w);
            stage.apply(carriers, &mut state);
        }
        state
    }
}
