//! Line elements as transforms of a spectrum state: a fiber span (loss, optional SRS, NLI by the GN or the
//! generalised ISRS GN model) and an amplifier (per-channel gain and NF, ASE). Each maps the state to a new one
//! and reports its contribution. Used when a design needs more than the equal-span closed-form GN path:
//! SRS, frequency-dependent loss, per-band amplifiers, distributed Raman or a ROPA.

use super::ggn::{equivalent_lengths, span_nli_matrix_exact, NliPairs};
use super::gn::{apply_nli_matrix, Carrier, FiberPhysics, PLANCK_J_S};
use super::raman::PumpSet;
use super::srs::{exponential_profile, propagate_span, raman_matrix, RamanGainProfile, SpanProfile, SrsSettings};
use super::FiberError;
use crate::units::from_db;

/// Per-channel powers (W, in the signal bandwidth) at one point of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumState {
    pub signal_w: Vec<f64>,
    pub ase_w: Vec<f64>,
    pub nli_w: Vec<f64>,
}

impl SpectrumState {
    /// A launch of `powers_w` per channel, noiseless.
    pub fn launch(powers_w: &[f64]) -> SpectrumState {
        SpectrumState {
            signal_w: powers_w.to_vec(),
            ase_w: vec![0.0; powers_w.len()],
            nli_w: vec![0.0; powers_w.len()],
        }
    }

    /// Signal + ASE + NLI per channel (W).
    pub fn total_w(&self) -> Vec<f64> {
        (0..self.signal_w.len()).map(|i| self.signal_w[i] + self.ase_w[i] + self.nli_w[i]).collect()
    }

    fn scale(&mut self, i: usize, g: f64) {
        self.signal_w[i] *= g;
        self.ase_w[i] *= g;
        self.nli_w[i] *= g;
    }
}

/// What a span did.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanContribution {
    /// NLI generated per channel (W, referred to the span input).
    pub nli_w: Vec<f64>,
    /// Net transmission per channel P(L)/P(0) including SRS and the lumped span margin (linear).
    pub transmission: Vec<f64>,
    /// The power profile (samples along z) used for the NLI.
    pub profile: SpanProfile,
    /// Spontaneous Raman noise added per channel (W, referred to the span input); zeros without pumps.
    pub raman_ase_w: Vec<f64>,
    /// Each Raman pump's power at the far end of its travel (mW), in the design's order; empty without pumps.
    pub pump_residual_mw: Vec<f64>,
}

/// NLI model of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanNli {
    /// Closed-form GN (exponential profiles, per-pump loss).
    Gn,
    /// Generalised GN with the SRS power profile.
    IsrsGn,
}

/// One fiber span.
#[derive(Debug, Clone)]
pub struct FiberSpan {
    pub length_m: f64,
    /// Extra flat loss at the span end (dB): splices, ageing.
    pub margin_db: f64,
    pub physics: FiberPhysics,
    pub nli: SpanNli,
    /// Inter-channel SRS on.
    pub srs: bool,
    /// α per channel (1/m).
    alpha: Vec<f64>,
    /// Raman coupling between channels (empty when SRS is off).
    coupling: Vec<f64>,
    pub settings: SrsSettings,
    /// Distributed Raman pumps of this span, if any (they imply SRS among the channels too).
    pub pumps: Option<PumpSet>,
    /// The launch-independent part of the NLI matrix, built on first use.
    nli_pairs: std::sync::OnceLock<NliPairs>,
}

impl FiberSpan {
    /// A span for `carriers`; fails when a carrier lies outside the fiber's loss table.
    pub fn new(
        carriers: &[Carrier],
        physics: &FiberPhysics,
        length_m: f64,
        margin_db: f64,
        nli: SpanNli,
        srs: bool,
    ) -> Result<FiberSpan, FiberError> {
        let alpha = carriers
            .iter()
            .map(|c| {
                physics.alpha_at(c.frequency_hz).ok_or_else(|| {
                    FiberError::invalid(
                        "fiber",
                        "loss_table",
                        format!("no entry at {:.4} THz", c.frequency_hz * 1e-12),
                        "a table covering every channel",
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let coupling = if srs {
            let f: Vec<f64> = carriers.iter().map(|c| c.frequency_hz).collect();
            raman_matrix(&f, physics, RamanGainProfile::bundled())
        } else {
            Vec::new()
        };
        Ok(FiberSpan {
            length_m,
            margin_db,
            physics: physics.clone(),
            nli,
            srs,
            alpha,
            coupling,
            settings: SrsSettings::default(),
            pumps: None,
            nli_pairs: std::sync::OnceLock::new(),
        })
    }

    /// The same span with Raman pumps (SRS among the channels comes with them).
    pub fn with_pumps(mut self, pumps: PumpSet) -> FiberSpan {
        self.pumps = Some(pumps);
        self.srs = true;
        self.settings = SrsSettings { step_m: super::srs::PUMPED_STEP_M, sample_m: super::srs::PUMPED_STEP_M };
        self
    }

    /// α per channel (1/m).
    pub fn alpha_per_m(&self) -> &[f64] {
        &self.alpha
    }

    /// Propagates `state` through the span: NLI generated at the input from the total power of every channel
    /// (power transfer from signal and noise, as GNPy), then the net transmission of each channel.
    /// With pumps, the spontaneous Raman noise is added at the input (as GNPy) and carried to the output.
    pub fn apply(&self, carriers: &[Carrier], state: &mut SpectrumState) -> Result<SpanContribution, FiberError> {
        let total = state.total_w();
        if let Some(pumps) = &self.pumps {
            let solved = pumps.solve(&total, self.length_m, self.settings.step_m)?;
            let mut contribution = self.finish(carriers, state, &total, solved.profile);
            for (i, ase) in solved.raman_ase_w.iter().enumerate() {
                state.ase_w[i] += ase * contribution.transmission[i];
            }
            contribution.raman_ase_w = solved.raman_ase_w;
            contribution.pump_residual_mw = solved.pump_residual_mw;
            return Ok(contribution);
        }
        let profile = if self.srs {
            propagate_span(&total, &self.alpha, &self.coupling, self.length_m, self.settings, None)
        } else {
            exponential_profile(&self.alpha, self.length_m)
        };
        Ok(self.finish(carriers, state, &total, profile))
    }

    /// Finishes a span whose profile is known (also used by the distributed Raman element).
    pub fn finish(
        &self,
        carriers: &[Carrier],
        state: &mut SpectrumState,
        total: &[f64],
        profile: SpanProfile,
    ) -> SpanContribution {
        // Pumped spans: the exact link function of the (non-exponential) profile, on a grid of ≥ 2 km and at most
        // 100 segments (the profile is smooth on that scale).
        let eta = if self.pumps.is_some() {
            let spacing_m = (self.length_m / 100.0).max(2e3);
            span_nli_matrix_exact(carriers, &self.physics, &profile.thinned(spacing_m))
        } else {
            let (leff, la) = match self.nli {
                SpanNli::Gn => equivalent_lengths(&exponential_profile(&self.alpha, self.length_m), &self.alpha),
                SpanNli::IsrsGn => equivalent_lengths(&profile, &self.alpha),
            };
            self.nli_pairs.get_or_init(|| NliPairs::new(carriers, &self.physics)).matrix(&leff, &la)
        };
        let generated = apply_nli_matrix(&eta, total);
        let margin = from_db(-self.margin_db);
        let mut transmission = Vec::with_capacity(carriers.len());
        for i in 0..carriers.len() {
            let transfer = generated[i] / total[i];
            state.signal_w[i] *= 1.0 - transfer;
            state.ase_w[i] *= 1.0 - transfer;
            state.nli_w[i] = state.nli_w[i] * (1.0 - transfer) + generated[i];
            let t = profile.output_gain(i) * margin;
            state.scale(i, t);
            transmission.push(t);
        }
        SpanContribution {
            nli_w: generated,
            transmission,
            profile,
            raman_ase_w: vec![0.0; carriers.len()],
            pump_residual_mw: Vec::new(),
        }
    }
}

/// An amplifier as applied: gain and NF per channel.
#[derive(Debug, Clone, PartialEq)]
pub struct AmplifierStage {
    pub gain_db: Vec<f64>,
    pub noise_figure_db: Vec<f64>,
}

impl AmplifierStage {
    /// Applies gain and adds ASE h·ν·NF·G·Rs per channel (at the output); returns the ASE added (W).
    pub fn apply(&self, carriers: &[Carrier], state: &mut SpectrumState) -> Vec<f64> {
        let mut added = Vec::with_capacity(carriers.len());
        for (i, c) in carriers.iter().enumerate() {
            let g = from_db(self.gain_db[i]);
            state.scale(i, g);
            let ase = PLANCK_J_S * c.frequency_hz * from_db(self.noise_figure_db[i]) * g * c.baud_rate_hz;
            state.ase_w[i] += ase;
            added.push(ase);
        }
        added
    }
}
