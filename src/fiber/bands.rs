//! Per-band amplifiers: a repeater made of one EDFA per band (C, L, …), the spectrum split by band filters and
//! each channel amplified by the amplifier whose `band_thz` contains its centre frequency.
//!
//! Gain of band amplifier b for channel i, by [`GainMode`]:
//! * `flat`: G_b = span loss at the band's centre frequency (fiber loss there plus the span margin); no tilt
//!   control, so SRS and the loss slope accumulate span after span.
//! * `equalized`: each channel's gain is its own span transmission loss (ideal gain flattening; `tilt_db` must
//!   be 0 since the gain is fully set).
//! * `power`: one gain per band such that the band's mean output power per channel equals the launch power,
//!   G_b = Σ_b P_launch,i / Σ_b P_in,i with P_in the total (signal + ASE + NLI) at the amplifier input. This is
//!   an amplifier held at constant output power (AGC/APC), GNPy's power mode with the output target reached at
//!   every amplifier: scripts/gnpy_bands_reference.py gets the same behaviour from GNPy 3.0.1's Edfa by its
//!   saturation clamp (effective gain = p_max − total input power, `Edfa.interpol_params`).
//!
//! Tilt, GNPy's `tilt_target` convention (gnpy/core/elements.py, `Edfa._gain_profile`, GNPy 3.0.1): the tilt is in
//! dB across the amplifier's band [f_min, f_max] (its `band_thz`, not the occupied channels), the gain slope over
//! frequency is −tilt / (f_max − f_min), so a positive tilt gives more gain at the low-frequency
//! (long-wavelength) end, and the whole profile is then moved so that total output over total input power is the
//! amplifier's gain. GNPy shapes the tilt with the amplifier's dynamic-gain-tilt table (`dgt`); satfiber takes
//! it linear in frequency (GNPy with a linear `dgt`):
//! ΔG_i = tilt · (f_c − f_i) / (f_max − f_min), f_c the band centre. In `flat` mode the profile is centred on
//! the flat gain (the band edges get G_b ± tilt/2); in `power` mode it is moved so that
//! Σ_b P_in,i · g_i = g_b · Σ_b P_in,i (the power-weighted mean gain stays G_b, as GNPy).
//!
//! NF per channel is the band amplifier's `nf_db_at(gain)` (fixed, or GNPy's variable-gain model). ASE is added
//! as by [`AmplifierStage`]: h·ν·NF·G·Rs per channel.
//!
//! Limits: launch per channel is capped (optimum launch) or refused (explicit launch) at
//! output_power_max_dbm − 10·log10(channels in the band), the tightest band deciding; after the propagation the
//! gains applied are checked against each amplifier's gain_max_db (channel by channel in `equalized` mode, G_b ±
//! |tilt|/2 in `flat` and `power`), and in `flat` mode a band whose total output (signal + ASE + NLI) exceeds its
//! amplifier's output_power_max_dbm somewhere along the line (by more than [`OUTPUT_NOTE_TOLERANCE_DB`]) gets a
//! note.

use super::elements::{AmplifierStage, SpectrumState};
use super::equipment::{Amplifier, Equipment};
use super::gn::{Carrier, FiberPhysics};
use super::line::Line;
use super::system::{GainMode, SystemDesign};
use super::FiberError;
use crate::units::{from_db, to_db};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// Flat-mode output note only beyond the limit by more than this (dB): at a launch capped at the limit, the ASE
/// and NLI carried along add a few hundredths of a dB to the output.
pub const OUTPUT_NOTE_TOLERANCE_DB: f64 = 0.1;

/// Largest |tilt_db| a band amplifier accepts (dB across its band).
pub const TILT_MAX_DB: f64 = 10.0;

/// One band amplifier of a design: `{ amplifier = "repeater-C-NF4.5", tilt_db = 0.0 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandAmplifierSpec {
    /// Amplifier name in the catalog; it must give `band_thz`.
    pub amplifier: String,
    /// Gain tilt across the amplifier's band (dB, GNPy `tilt_target` sign: positive = more gain at low frequency).
    #[serde(default)]
    pub tilt_db: f64,
}

/// A resolved band amplifier and the channels it amplifies.
#[derive(Debug, Clone)]
pub struct Band {
    pub amplifier: Amplifier,
    /// `None` for the implicit whole-spectrum band (power mode with the design's single amplifier).
    pub band_thz: Option<[f64; 2]>,
    pub tilt_db: f64,
    /// Indices (into the carriers) of the channels in the band, increasing.
    pub channels: Vec<usize>,
    /// Tilt offset per channel of the band (dB), centred on the band centre.
    tilt_offset_db: Vec<f64>,
    /// Flat-mode gain (dB): span loss at the band centre plus the span margin.
    pub flat_gain_db: f64,
}

/// What one amplifier stage applied (recorded during a propagation).
#[derive(Debug, Clone, PartialEq)]
struct StageRecord {
    /// Gain per channel (dB).
    gain_db: Vec<f64>,
    /// Mean (flat or power-mode) gain per band (dB); NaN in equalized mode.
    band_gain_db: Vec<f64>,
    /// Total output power per band (W: signal + ASE + NLI).
    band_output_w: Vec<f64>,
}

/// The band amplifiers of a design.
#[derive(Debug)]
pub struct BandPlan {
    pub bands: Vec<Band>,
    pub gain_mode: GainMode,
    /// The design named its band amplifiers (false: the implicit single band of `power` mode).
    pub explicit: bool,
    records: Mutex<Vec<StageRecord>>,
}

impl Clone for BandPlan {
    fn clone(&self) -> Self {
        BandPlan {
            bands: self.bands.clone(),
            gain_mode: self.gain_mode,
            explicit: self.explicit,
            records: Mutex::default(),
        }
    }
}

/// Span loss in dB at `f_hz` (fiber loss at that frequency, or at the reference when the table misses it, plus
/// the span margin).
fn span_loss_db_at(physics: &FiberPhysics, f_hz: f64, span_km: f64, margin_db: f64) -> f64 {
    physics.alpha_at(f_hz).unwrap_or(physics.alpha_per_m) * span_km * 1e3 * 10.0 * std::f64::consts::E.log10()
        + margin_db
}

impl BandPlan {
    /// The band plan of a design: its `band_amplifiers`, or one implicit whole-spectrum band with the design's
    /// amplifier in `power` mode, or `None` (single amplifier, flat or equalized: the line's own gain rule).
    pub fn resolve(
        design: &SystemDesign,
        equipment: &Equipment,
        carriers: &[Carrier],
        physics: &FiberPhysics,
        span_km: f64,
    ) -> Result<Option<BandPlan>, FiberError> {
        let specs = &design.band_amplifiers;
        if specs.is_empty() {
            if design.gain_mode != GainMode::Power {
                return Ok(None);
            }
            let amplifier = equipment.amplifier(&design.amplifier)?.clone();
            let n = carriers.len();
            return Ok(Some(BandPlan {
                bands: vec![Band {
                    flat_gain_db: span_loss_db_at(
                        physics,
                        physics.reference_frequency_hz,
                        span_km,
                        design.span_margin_db,
                    ),
                    amplifier,
                    band_thz: None,
                    tilt_db: 0.0,
                    channels: (0..n).collect(),
                    tilt_offset_db: vec![0.0; n],
                }],
                gain_mode: design.gain_mode,
                explicit: false,
                records: Mutex::default(),
            }));
        }
        let mut bands: Vec<Band> = Vec::with_capacity(specs.len());
        for (k, spec) in specs.iter().enumerate() {
            let ctx = format!("design.band_amplifiers[{k}]");
            let amplifier = equipment.amplifier(&spec.amplifier).map_err(|_| {
                FiberError::invalid(
                    &ctx,
                    "amplifier",
                    format!("{:?}", spec.amplifier),
                    format!(
                        "an amplifier of the catalog with band_thz ({})",
                        equipment
                            .amplifiers
                            .iter()
                            .filter(|a| a.band_thz.is_some())
                            .map(|a| a.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            let Some([lo, hi]) = amplifier.band_thz else {
                return Err(FiberError::invalid(
                    &ctx,
                    "amplifier",
                    format!("{:?} (its catalog entry has no band_thz)", spec.amplifier),
                    "an amplifier whose catalog entry gives band_thz = [min_thz, max_thz], the frequencies it amplifies",
                ));
            };
            if !(spec.tilt_db.abs() <= TILT_MAX_DB) {
                return Err(FiberError::invalid(
                    &ctx,
                    "tilt_db",
                    spec.tilt_db,
                    format!("a tilt in [-{TILT_MAX_DB}, {TILT_MAX_DB}] dB across the amplifier's band"),
                ));
            }
            if spec.tilt_db != 0.0 && design.gain_mode == GainMode::Equalized {
                return Err(FiberError::invalid(
                    &ctx,
                    "tilt_db",
                    spec.tilt_db,
                    "0 with gain_mode = \"equalized\" (every channel's gain is its own span loss); a tilt needs \
                     gain_mode = \"flat\" or \"power\"",
                ));
            }
            for (j, other) in bands.iter().enumerate() {
                let [olo, ohi] = other.band_thz.expect("explicit bands have band_thz");
                if lo < ohi && olo < hi {
                    return Err(FiberError::invalid(
                        &ctx,
                        "band_thz",
                        format!(
                            "[{lo}, {hi}] THz of {:?}, which overlaps band_amplifiers[{j}] ({:?}, [{olo}, {ohi}] THz)",
                            amplifier.name, other.amplifier.name
                        ),
                        "band amplifiers on disjoint bands (each channel amplified once)",
                    ));
                }
            }
            let centre_hz = (lo + hi) / 2.0 * 1e12;
            let width_hz = (hi - lo) * 1e12;
            let flat_gain_db = span_loss_db_at(physics, centre_hz, span_km, design.span_margin_db);
            let channels: Vec<usize> = carriers
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    let f = c.frequency_hz * 1e-12;
                    f >= lo && f <= hi
                })
                .map(|(i, _)| i)
                .collect();
            let tilt_offset_db =
                channels.iter().map(|&i| spec.tilt_db * (centre_hz - carriers[i].frequency_hz) / width_hz).collect();
            let band = Band {
                amplifier: amplifier.clone(),
                band_thz: Some([lo, hi]),
                tilt_db: spec.tilt_db,
                channels,
                tilt_offset_db,
                flat_gain_db,
            };
            // Gains known before propagating: flat gain ± tilt / 2, and in equalized mode each channel's fiber
            // loss (SRS adds to it; checked again after the propagation).
            match design.gain_mode {
                GainMode::Flat => band.check_band_gain(k, flat_gain_db)?,
                GainMode::Equalized => {
                    for &i in &band.channels {
                        let need = span_loss_db_at(physics, carriers[i].frequency_hz, span_km, design.span_margin_db);
                        band.check_channel_gain(k, carriers[i].frequency_hz, need)?;
                    }
                }
                GainMode::Power => {}
            }
            bands.push(band);
        }
        let mut covered = vec![false; carriers.len()];
        for &i in bands.iter().flat_map(|b| &b.channels) {
            covered[i] = true;
        }
        if let Some(c) = carriers.iter().zip(&covered).find(|(_, covered)| !**covered).map(|(c, _)| c) {
            return Err(FiberError::invalid(
                "design",
                "band_amplifiers",
                format!("[...] leaving the channel at {:.4} THz outside every band_thz", c.frequency_hz * 1e-12),
                format!(
                    "band amplifiers whose band_thz cover every channel of the plan (they cover {})",
                    bands
                        .iter()
                        .map(|b| {
                            let [lo, hi] = b.band_thz.unwrap_or([0.0, 0.0]);
                            format!("[{lo}, {hi}] THz")
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(Some(BandPlan { bands, gain_mode: design.gain_mode, explicit: true, records: Mutex::default() }))
    }

    /// Gain and NF per channel of one amplifier stage, from the span just crossed and the state at the
    /// amplifier input; `launch_w` is the launch per channel (the power-mode target).
    pub fn stage(
        &self,
        carriers: &[Carrier],
        net_transmission: &[f64],
        state: &SpectrumState,
        launch_w: &[f64],
        flat_shift_db: f64,
    ) -> AmplifierStage {
        let n = state.signal_w.len();
        let total = state.total_w();
        let mut gain_db = vec![f64::NAN; n];
        let mut noise_figure_db = vec![f64::NAN; n];
        let mut band_gain_db = Vec::with_capacity(self.bands.len());
        let mut band_output_w = Vec::with_capacity(self.bands.len());
        for band in &self.bands {
            let mean = match self.gain_mode {
                GainMode::Flat => {
                    for (k, &i) in band.channels.iter().enumerate() {
                        gain_db[i] = band.flat_gain_db + flat_shift_db + band.tilt_offset_db[k];
                    }
                    band.flat_gain_db + flat_shift_db
                }
                GainMode::Equalized => {
                    for &i in &band.channels {
                        gain_db[i] = -to_db(net_transmission[i]);
                    }
                    f64::NAN
                }
                GainMode::Power => {
                    let input: f64 = band.channels.iter().map(|&i| total[i]).sum();
                    let target: f64 = band.channels.iter().map(|&i| launch_w[i]).sum();
                    let g = to_db(target / input);
                    // Move the tilt profile so the power-weighted mean gain is g.
                    let tilted: f64 =
                        band.channels.iter().zip(&band.tilt_offset_db).map(|(&i, t)| total[i] * from_db(*t)).sum();
                    let shift = g - to_db(tilted / input);
                    for (k, &i) in band.channels.iter().enumerate() {
                        gain_db[i] = shift + band.tilt_offset_db[k];
                    }
                    g
                }
            };
            let mut out = 0.0;
            for &i in &band.channels {
                noise_figure_db[i] = band.amplifier.nf_db_at(gain_db[i]);
                let g = from_db(gain_db[i]);
                let c = &carriers[i];
                let ase = super::gn::PLANCK_J_S * c.frequency_hz * from_db(noise_figure_db[i]) * g * c.baud_rate_hz;
                out += total[i] * g + ase;
            }
            band_gain_db.push(mean);
            band_output_w.push(out);
        }
        let record = StageRecord { gain_db: gain_db.clone(), band_gain_db, band_output_w };
        self.records.lock().unwrap_or_else(|e| e.into_inner()).push(record);
        AmplifierStage { gain_db, noise_figure_db }
    }

    /// Forgets what earlier propagations recorded (called before each propagation).
    pub fn clear_records(&self) {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Launch limit per channel (dBm) from the band amplifiers' output power, the tightest band deciding:
    /// (limit, amplifier name, its output_power_max_dbm, channels in its band). `None` for the implicit band.
    pub fn launch_limit(&self) -> Option<(f64, String, f64, usize)> {
        if !self.explicit {
            return None;
        }
        self.bands
            .iter()
            .filter(|b| !b.channels.is_empty())
            .map(|b| {
                let n = b.channels.len();
                (
                    b.amplifier.output_power_max_dbm - to_db(n as f64),
                    b.amplifier.name.clone(),
                    b.amplifier.output_power_max_dbm,
                    n,
                )
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// Checks the gains the last propagation applied against each amplifier's gain_max_db and, in flat mode,
    /// notes the bands whose total output exceeded the amplifier's output_power_max_dbm.
    pub fn check_last_propagation(&self, carriers: &[Carrier]) -> Result<Vec<String>, FiberError> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut notes = Vec::new();
        for (k, band) in self.bands.iter().enumerate() {
            if self.gain_mode == GainMode::Equalized {
                for &i in &band.channels {
                    let need = records.iter().map(|r| r.gain_db[i]).fold(f64::NEG_INFINITY, f64::max);
                    band.check_channel_gain(k, carriers[i].frequency_hz, need)?;
                }
            } else {
                let mean = records.iter().map(|r| r.band_gain_db[k]).fold(f64::NEG_INFINITY, f64::max);
                if mean.is_finite() {
                    band.check_band_gain(k, mean)?;
                }
            }
            if self.gain_mode == GainMode::Flat && self.explicit {
                let (repeater, peak) = records
                    .iter()
                    .enumerate()
                    .map(|(s, r)| (s + 1, r.band_output_w[k]))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap_or((0, 0.0));
                let peak_dbm = to_db(peak * 1e3);
                if peak > 0.0 && peak_dbm > band.amplifier.output_power_max_dbm + OUTPUT_NOTE_TOLERANCE_DB {
                    notes.push(format!(
                        "flat gain: band amplifier {:?} puts out {peak_dbm:.2} dBm total after span {repeater}, above its \
                         output_power_max_dbm {} dBm (SRS and the loss slope move power between bands; gain_mode = \
                         \"power\" holds each band's output)",
                        band.amplifier.name, band.amplifier.output_power_max_dbm
                    ));
                }
            }
        }
        Ok(notes)
    }

    /// Names for the report, in increasing frequency: `L-amp + C-amp`.
    pub fn amplifier_names(&self) -> String {
        let mut bands: Vec<&Band> = self.bands.iter().collect();
        bands.sort_by(|a, b| {
            a.band_thz.map(|x| x[0]).unwrap_or(0.0).total_cmp(&b.band_thz.map(|x| x[0]).unwrap_or(0.0))
        });
        bands.iter().map(|b| b.amplifier.name.as_str()).collect::<Vec<_>>().join(" + ")
    }

    /// ASE of one amplifier per channel (W, at its output) at the band's flat gain, for the closed-form launch
    /// search.
    pub fn flat_ase_w(&self, carriers: &[Carrier]) -> Vec<f64> {
        let mut ase = vec![0.0; carriers.len()];
        for band in &self.bands {
            for &i in &band.channels {
                let g = band.flat_gain_db;
                ase[i] = super::gn::amplifier_ase_w(&carriers[i], band.amplifier.nf_db_at(g), g);
            }
        }
        ase
    }
}

impl Band {
    fn label(&self, k: usize) -> String {
        match self.band_thz {
            Some([lo, hi]) => format!("band_amplifiers[{k}] {:?} ({lo}–{hi} THz)", self.amplifier.name),
            None => format!("amplifier {:?}", self.amplifier.name),
        }
    }

    fn context(&self, k: usize) -> String {
        if self.band_thz.is_some() {
            format!("design.band_amplifiers[{k}]")
        } else {
            "design".to_string()
        }
    }

    /// Flat/power mode: mean gain ± |tilt|/2 within gain_max_db.
    fn check_band_gain(&self, k: usize, gain_db: f64) -> Result<(), FiberError> {
        let top = gain_db + self.tilt_db.abs() / 2.0;
        if top > self.amplifier.gain_max_db + 1e-9 {
            return Err(FiberError::invalid(
                self.context(k),
                "gain_max_db",
                self.amplifier.gain_max_db,
                format!(
                    "at least {top:.2} dB: {} needs a gain of {gain_db:.2} dB ± |tilt_db|/2 = {:.2} dB; shorten the \
                     spans, reduce the tilt or use an amplifier with more gain",
                    self.label(k),
                    self.tilt_db.abs() / 2.0
                ),
            ));
        }
        Ok(())
    }

    /// Equalized mode: one channel's gain within gain_max_db.
    fn check_channel_gain(&self, k: usize, frequency_hz: f64, need_db: f64) -> Result<(), FiberError> {
        if need_db > self.amplifier.gain_max_db + 1e-9 {
            return Err(FiberError::invalid(
                self.context(k),
                "gain_max_db",
                self.amplifier.gain_max_db,
                format!(
                    "at least {need_db:.2} dB: in gain_mode = \"equalized\" the channel at {:.4} THz needs {need_db:.2} \
                     dB of gain from {}; shorten the spans or use an amplifier with more gain",
                    frequency_hz * 1e-12,
                    self.label(k)
                ),
            ));
        }
        Ok(())
    }
}

/// Gain and NF per channel of one amplifier of `line` (its band plan, or the single amplifier's flat or
/// equalized gain), after a span of net transmission `net_transmission` per channel (linear: loss, SRS, Raman and
/// ROPA gain). `flat_gain_db` is the line's flat gain (with pumps, the net loss of the reference channel over the
/// first span); band plans shift their own flat gains by its difference from the passive one.
pub fn stage(
    line: &Line,
    carriers: &[Carrier],
    net_transmission: &[f64],
    state: &SpectrumState,
    launch_w: &[f64],
    flat_gain_db: f64,
) -> AmplifierStage {
    if let Some(plan) = &line.bands {
        return plan.stage(carriers, net_transmission, state, launch_w, flat_gain_db - line.flat_gain_db);
    }
    let n = state.signal_w.len();
    let gain_db: Vec<f64> = match line.gain_mode {
        GainMode::Flat => vec![flat_gain_db; n],
        GainMode::Equalized => net_transmission.iter().map(|t| -to_db(*t)).collect(),
        // BandPlan::resolve always gives power mode a plan; one whole-spectrum band if it did not.
        GainMode::Power => {
            let input: f64 = state.total_w().iter().sum();
            vec![to_db(launch_w.iter().sum::<f64>() / input); n]
        }
    };
    let noise_figure_db = gain_db.iter().map(|g| line.amplifier.nf_db_at(*g)).collect();
    AmplifierStage { gain_db, noise_figure_db }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiber::{evaluate, ChannelPlan, NliModel, Route};

    fn cl_design(specs: &[(&str, f64)], gain_mode: GainMode) -> SystemDesign {
        SystemDesign {
            channel_plan: ChannelPlan { band: "C+L".into(), ..ChannelPlan::default() },
            gain_mode,
            band_amplifiers: specs
                .iter()
                .map(|(a, t)| BandAmplifierSpec { amplifier: a.to_string(), tilt_db: *t })
                .collect(),
            ..SystemDesign::default()
        }
    }

    fn equipment(extra: &str) -> Equipment {
        let mut eq = Equipment::bundled();
        eq.add_str(extra, "test.toml").unwrap();
        eq
    }

    fn err(design: &SystemDesign, eq: &Equipment, km: f64) -> String {
        let route = Route::from_length("x", km).unwrap();
        evaluate(&route, design, eq).unwrap_err().to_string()
    }

    const C_AND_L: [(&str, f64); 2] = [("repeater-C-NF4.5", 0.0), ("repeater-L-NF5", 0.0)];

    #[test]
    fn spec_parses_with_default_tilt_and_rejects_unknown_fields() {
        let d: SystemDesign = toml::from_str(
            "gain_mode = 'power'\nband_amplifiers = [{ amplifier = 'repeater-C-NF4.5', tilt_db = 0.5 }, \
             { amplifier = 'repeater-L-NF5' }]\n",
        )
        .unwrap();
        assert_eq!(d.gain_mode, GainMode::Power);
        assert_eq!(d.band_amplifiers[1], BandAmplifierSpec { amplifier: "repeater-L-NF5".into(), tilt_db: 0.0 });
        let e = toml::from_str::<SystemDesign>("band_amplifiers = [{ amplifier = 'a', tilt = 1 }]\n").unwrap_err();
        assert!(e.to_string().contains("tilt"), "{e}");
    }

    #[test]
    fn overlapping_bands_are_refused() {
        let eq = equipment(
            "[[amplifier]]\nname = 'wide-L'\nnoise_figure_db = 5\ngain_max_db = 25\noutput_power_max_dbm = 20\n\
             band_thz = [186.0, 192.0]\n",
        );
        let e = err(&cl_design(&[("repeater-C-NF4.5", 0.0), ("wide-L", 0.0)], GainMode::Flat), &eq, 300.0);
        assert!(
            e.contains("design.band_amplifiers[1]")
                && e.contains("band_thz")
                && e.contains("overlaps band_amplifiers[0]")
                && e.contains("repeater-C-NF4.5"),
            "{e}"
        );
    }

    #[test]
    fn a_channel_outside_every_band_is_named() {
        let e = err(&cl_design(&[("repeater-C-NF4.5", 0.0)], GainMode::Flat), &Equipment::bundled(), 300.0);
        assert!(e.contains("band_amplifiers") && e.contains("186.1") && e.contains("[191.3, 196.1] THz"), "{e}");
    }

    #[test]
    fn an_amplifier_without_band_is_refused() {
        let e = err(&cl_design(&[("repeater-NF4.5", 0.0)], GainMode::Flat), &Equipment::bundled(), 300.0);
        assert!(e.contains("design.band_amplifiers[0]") && e.contains("amplifier") && e.contains("band_thz"), "{e}");
        let e = err(&cl_design(&[("nope", 0.0)], GainMode::Flat), &Equipment::bundled(), 300.0);
        assert!(
            e.contains("design.band_amplifiers[0]") && e.contains("\"nope\"") && e.contains("repeater-L-NF5"),
            "{e}"
        );
    }

    #[test]
    fn tilt_out_of_range_or_with_equalized_gain_is_refused() {
        let eq = Equipment::bundled();
        let e = err(&cl_design(&[("repeater-C-NF4.5", 0.0), ("repeater-L-NF5", 12.0)], GainMode::Flat), &eq, 300.0);
        assert!(
            e.contains("design.band_amplifiers[1]") && e.contains("tilt_db = 12") && e.contains("[-10, 10]"),
            "{e}"
        );
        let e = err(&cl_design(&[("repeater-C-NF4.5", f64::NAN), ("repeater-L-NF5", 0.0)], GainMode::Flat), &eq, 300.0);
        assert!(e.contains("design.band_amplifiers[0]") && e.contains("tilt_db"), "{e}");
        let e = err(&cl_design(&[("repeater-C-NF4.5", 1.0), ("repeater-L-NF5", 0.0)], GainMode::Equalized), &eq, 300.0);
        assert!(e.contains("tilt_db") && e.contains("equalized"), "{e}");
    }

    /// 17 dB spans (100 km of 0.16 dB/km plus 1 dB margin) against 18 dB amplifiers.
    const LOW_GAIN: &str = "[[amplifier]]\nname = 'C18'\nnoise_figure_db = 4.5\ngain_max_db = 18\n\
                            output_power_max_dbm = 20\nband_thz = [191.3, 196.1]\n\
                            [[amplifier]]\nname = 'L16'\nnoise_figure_db = 5\ngain_max_db = 16.5\n\
                            output_power_max_dbm = 19\nband_thz = [186.1, 190.9]\n";

    #[test]
    fn gains_beyond_the_amplifier_are_refused() {
        let eq = equipment(LOW_GAIN);
        // Equalized: the first L channel needs 17 dB from a 16.5 dB amplifier.
        let e = err(&cl_design(&[("C18", 0.0), ("L16", 0.0)], GainMode::Equalized), &eq, 400.0);
        assert!(
            e.contains("design.band_amplifiers[1]")
                && e.contains("gain_max_db = 16.5")
                && e.contains("186.1375 THz")
                && e.contains("needs 17.00 dB"),
            "{e}"
        );
        // Flat with a tilt: 17 ± 1.5 dB beyond 18 dB.
        let e = err(&cl_design(&[("C18", 3.0), ("L16", 0.0)], GainMode::Flat), &eq, 400.0);
        assert!(
            e.contains("design.band_amplifiers[0]") && e.contains("gain_max_db = 18") && e.contains("18.50 dB"),
            "{e}"
        );
        // Power mode: checked on the gains the propagation needed (SRS moves power out of C).
        let mut d = cl_design(&[("C18", 3.0), ("L16", -0.5)], GainMode::Power);
        d.nli_model = NliModel::GgnIsrs;
        let e = err(&d, &eq, 400.0);
        assert!(e.contains("design.band_amplifiers[0]") && e.contains("gain_max_db = 18"), "{e}");
    }

    #[test]
    fn launch_is_limited_by_the_tightest_band() {
        let eq = Equipment::bundled();
        let route = Route::from_length("x", 300.0).unwrap();
        let mut d = cl_design(&C_AND_L, GainMode::Power);
        // L: 19 dBm over 64 channels = 0.94 dBm per channel (C: 1.94).
        d.launch_power_dbm = Some(1.5);
        let e = evaluate(&route, &d, &eq).unwrap_err().to_string();
        assert!(e.contains("launch_power_dbm") && e.contains("0.94 dBm") && e.contains("\"repeater-L-NF5\""), "{e}");
        d.launch_power_dbm = None;
        let r = evaluate(&route, &d, &eq).unwrap();
        assert!(r.launch_power_dbm <= 19.0 - 10.0 * 64f64.log10() + 1e-9, "{}", r.launch_power_dbm);
        assert_eq!(r.amplifier, "repeater-L-NF5 + repeater-C-NF4.5");
        if r.launch_power_dbm > 0.9 {
            assert!(r.notes.iter().any(|n| n.contains("capped") && n.contains("repeater-L-NF5")), "{:?}", r.notes);
        }
    }

    #[test]
    fn flat_gain_notes_a_band_over_its_output_limit() {
        // SRS pushes power from C into L; with flat gains the L amplifier's output grows past its limit.
        let mut d = cl_design(&C_AND_L, GainMode::Flat);
        d.nli_model = NliModel::GgnIsrs;
        d.launch_power_dbm = Some(0.9);
        let r = evaluate(&Route::from_length("x", 400.0).unwrap(), &d, &Equipment::bundled()).unwrap();
        assert!(
            r.notes.iter().any(|n| n.contains("\"repeater-L-NF5\"") && n.contains("output_power_max_dbm 19")),
            "{:?}",
            r.notes
        );
        d.gain_mode = GainMode::Power;
        let r = evaluate(&Route::from_length("x", 400.0).unwrap(), &d, &Equipment::bundled()).unwrap();
        assert!(!r.notes.iter().any(|n| n.contains("output_power_max_dbm")), "{:?}", r.notes);
    }

    #[test]
    fn power_mode_holds_the_mean_output_and_tilt_follows_gnpy_sign() {
        let eq = Equipment::bundled();
        let route = Route::from_length("x", 200.0).unwrap();
        let mut d = cl_design(&C_AND_L, GainMode::Power);
        d.nli_model = NliModel::GgnIsrs;
        d.launch_power_dbm = Some(0.0);
        let flat_tilt = evaluate(&route, &d, &eq).unwrap();
        // Mean signal power per band ≈ launch (less the noise share of the output).
        for band in [0..64, 64..128] {
            let mean: f64 =
                flat_tilt.channels[band.clone()].iter().map(|c| 10f64.powf(c.signal_power_dbm / 10.0)).sum::<f64>()
                    / 64.0;
            assert!((10.0 * mean.log10()).abs() < 0.05, "{band:?}: {}", 10.0 * mean.log10());
        }
        // A positive tilt on L gives more gain at its low-frequency end.
        d.band_amplifiers[1].tilt_db = 2.0;
        let tilted = evaluate(&route, &d, &eq).unwrap();
        let low = tilted.channels[0].signal_power_dbm - flat_tilt.channels[0].signal_power_dbm;
        let high = tilted.channels[63].signal_power_dbm - flat_tilt.channels[63].signal_power_dbm;
        assert!(low > 0.5 && high < -0.5, "low {low}, high {high}");
        // The C band is untouched by the L tilt (apart from SRS coupling).
        assert!((tilted.channels[100].signal_power_dbm - flat_tilt.channels[100].signal_power_dbm).abs() < 0.2);
    }

    #[test]
    fn power_mode_with_the_single_amplifier() {
        let d = SystemDesign { gain_mode: GainMode::Power, launch_power_dbm: Some(1.0), ..SystemDesign::default() };
        let r = evaluate(&Route::from_length("x", 300.0).unwrap(), &d, &Equipment::bundled()).unwrap();
        let flat = SystemDesign { gain_mode: GainMode::Flat, ..d.clone() };
        let f = evaluate(&Route::from_length("x", 300.0).unwrap(), &flat, &Equipment::bundled()).unwrap();
        // Without SRS or a loss slope, power mode differs from flat gain only by the noise power it compensates.
        assert!((r.min_gsnr_db - f.min_gsnr_db).abs() < 0.05, "{} vs {}", r.min_gsnr_db, f.min_gsnr_db);
        assert_eq!(r.amplifier, "repeater-NF4.5");
    }
}
