//! System design and evaluation: spans, per-channel GSNR, launch power, transceiver modes, capacity, latency,
//! availability and cost.

use super::equipment::{Amplifier, Equipment, FiberType, Transceiver, TransceiverMode};
use super::gn::{
    amplifier_ase_w, apply_nli_matrix, span_nli_matrix, Carrier, ChannelPlan, FiberPhysics, REFERENCE_BANDWIDTH_HZ,
};
use super::line::{Line, PumpOutcome};
use super::pumped::{check_pumps, pump_notes};
use super::raman::RamanPump;
use super::ropa::RopaDesign;
use super::route::Route;
use super::FiberError;
use crate::units::{from_db, to_db};
use serde::{Deserialize, Serialize};

pub use super::economics::{combined_availability, AvailabilityParams, CostParams, HOURS_PER_YEAR};
pub use super::sweeps::{capacity_vs_length, launch_sweep, LaunchSweepPoint, LengthSweepPoint};

/// Power per channel entering a transmitter booster (dBm) [assumed]: a coherent module's ≈ 0 dBm less ≈ 5 dB of
/// multiplexer loss.
pub const BOOSTER_INPUT_DBM_PER_CHANNEL: f64 = -5.0;

/// Repeatered (in-line amplifiers) or unrepeatered (one span, terminal amplifiers only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Architecture {
    #[default]
    Repeatered,
    Unrepeatered,
}

/// NLI model of a design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NliModel {
    /// Closed-form incoherent GN model, no SRS (exact to GNPy's `gn_model_analytic`).
    #[default]
    Gn,
    /// SRS power evolution per span and the generalised (ISRS) GN model in closed form ([`super::ggn`]).
    GgnIsrs,
}

/// How the in-line amplifiers set their per-channel gain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GainMode {
    /// Flat gain = span loss at the reference wavelength (GNPy gain mode, no tilt control): SRS tilt and
    /// loss slope accumulate span after span.
    #[default]
    Flat,
    /// Ideal gain flattening / tilt control: each channel's gain equals its own span transmission loss, so the
    /// launch profile is restored at every amplifier output.
    Equalized,
    /// Constant output power (GNPy power mode): each (band) amplifier sets one gain so that its band's mean output
    /// power per channel equals the launch power; a band amplifier's tilt goes on top ([`super::bands`]).
    Power,
}

/// A fiber system design (all fields have defaults; unknown fields are rejected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SystemDesign {
    /// Fiber type name in the equipment catalog.
    pub fiber: String,
    /// Amplifier name (in-line repeaters, or the receiver preamplifier when unrepeatered).
    pub amplifier: String,
    /// Transceiver name.
    pub transceiver: String,
    pub architecture: Architecture,
    /// Longest span (km) when `repeaters` is absent: spans = ceil(length / max_span_km), all equal.
    pub max_span_km: f64,
    /// Number of in-line repeaters (spans = repeaters + 1); overrides `max_span_km`.
    pub repeaters: Option<usize>,
    /// Extra loss per span (dB): repair splices and ageing.
    pub span_margin_db: f64,
    /// Launch power per channel (dBm); the optimum (max of the worst channel's GSNR) when absent.
    pub launch_power_dbm: Option<f64>,
    /// Channel plan; symbol rate, spacing and roll-off default to the transceiver's fastest mode when absent.
    pub channel_plan: ChannelPlan,
    /// GSNR margin (dB) a mode must keep above its required SNR.
    pub system_margin_db: f64,
    /// Fiber pairs; from `target_capacity_tbps` (or 1) when absent.
    pub fiber_pairs: Option<u32>,
    /// Capacity target (Tb/s) to size the number of fiber pairs.
    pub target_capacity_tbps: Option<f64>,
    pub availability: AvailabilityParams,
    pub cost: CostParams,
    /// NLI model; `ggn_isrs` also turns on inter-channel SRS.
    pub nli_model: NliModel,
    /// In-line amplifier gain setting.
    pub gain_mode: GainMode,
    /// Distributed Raman pumps in every span (unrepeatered: the one span; with a ROPA, co pumps feed the section
    /// before it and counter pumps the section after it). Pumps imply SRS among the channels.
    pub raman_pumps: Vec<RamanPump>,
    /// Fiber temperature (K) for the spontaneous Raman noise; default 283 K [assumed]: the Caspian seabed is
    /// ≈ 5–12 °C.
    pub fiber_temperature_k: f64,
    /// A remote optically pumped amplifier in an unrepeatered span, fed by the counter pumps.
    pub ropa: Option<RopaDesign>,
    /// Transmitter booster of an unrepeatered design (amplifier name): its `output_power_max_dbm` caps the launch
    /// instead of the receiver preamplifier's, and its ASE (input [`BOOSTER_INPUT_DBM_PER_CHANNEL`], its NF) is
    /// added to the transmitter noise.
    pub booster: Option<String>,
    /// Per-band amplifiers of each repeater, e.g. `[{ amplifier = "repeater-C-NF4.5" }, { amplifier =
    /// "repeater-L-NF5", tilt_db = -1.0 }]`: each channel is amplified by the one whose `band_thz` contains it
    /// ([`super::bands`]). Empty: the single `amplifier` for the whole spectrum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub band_amplifiers: Vec<super::bands::BandAmplifierSpec>,
}

impl Default for SystemDesign {
    fn default() -> Self {
        SystemDesign {
            fiber: "G.654.E-ULL".to_string(),
            amplifier: "repeater-NF4.5".to_string(),
            transceiver: "OpenZR+".to_string(),
            architecture: Architecture::Repeatered,
            max_span_km: 100.0,
            repeaters: None,
            span_margin_db: 1.0,
            launch_power_dbm: None,
            channel_plan: ChannelPlan::default(),
            system_margin_db: 2.0,
            fiber_pairs: None,
            target_capacity_tbps: None,
            availability: AvailabilityParams::default(),
            cost: CostParams::default(),
            nli_model: NliModel::default(),
            gain_mode: GainMode::default(),
            raman_pumps: Vec::new(),
            fiber_temperature_k: 283.0,
            ropa: None,
            booster: None,
            band_amplifiers: Vec::new(),
        }
    }
}

/// One span of the design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanReport {
    /// 1-based.
    pub index: usize,
    pub length_km: f64,
    /// Fiber loss plus span margin (dB).
    pub loss_db: f64,
    /// Gain of the amplifier after the span (dB) = span loss.
    pub amplifier_gain_db: f64,
    /// ASE the amplifier adds in the centre channel (dBm, at its output).
    pub ase_dbm: f64,
    /// NLI generated in the span in the centre channel by the flat launch alone (dBm, referred to the span input;
    /// the propagation also counts NLI pumped by accumulated noise, which adds a few hundredths of a dB).
    pub nli_dbm: f64,
}

/// One channel at the receiver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelReport {
    /// 1-based, by frequency.
    pub index: usize,
    pub frequency_thz: f64,
    /// Signal over accumulated ASE (dB, in the symbol-rate bandwidth).
    pub osnr_ase_db: f64,
    /// Signal over accumulated NLI (dB, in the symbol-rate bandwidth).
    pub snr_nli_db: f64,
    /// Generalized SNR with transmitter noise (dB, in the symbol-rate bandwidth).
    pub gsnr_db: f64,
    /// The same in 0.1 nm (dB).
    pub gsnr_db_01nm: f64,
    /// Signal power at the receiver (dBm, after the last amplifier).
    pub signal_power_dbm: f64,
    /// Best mode with `system_margin_db` left, if any.
    pub mode: Option<String>,
    pub bit_rate_gbps: f64,
    /// GSNR minus the mode's required SNR (dB, in the mode's bandwidth), if a mode closes.
    pub margin_db: Option<f64>,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiberReport {
    pub route: String,
    pub geodesic_length_km: f64,
    pub cable_length_km: f64,
    pub architecture: Architecture,
    pub fiber: String,
    pub amplifier: String,
    pub transceiver: String,
    pub repeaters: usize,
    pub spans: Vec<SpanReport>,
    /// Sum of span losses (dB).
    pub total_loss_db: f64,
    pub channel_count: usize,
    pub baud_rate_gbd: f64,
    pub spacing_ghz: f64,
    /// Launch power per channel used (dBm).
    pub launch_power_dbm: f64,
    /// Analytic optimum for the centre channel, (P_ASE / (2·η))^(1/3) (dBm, transmitter noise ignored).
    pub optimum_launch_power_dbm: f64,
    pub channels: Vec<ChannelReport>,
    pub min_gsnr_db: f64,
    pub mean_gsnr_db: f64,
    /// Mode of the worst channel (the one a uniform deployment would use), if any closes.
    pub mode: Option<String>,
    pub capacity_per_pair_gbps: f64,
    /// Fiber pairs needed for `target_capacity_tbps`, if a target was given and a mode closes.
    pub fiber_pairs_for_target: Option<u32>,
    pub fiber_pairs: u32,
    pub total_capacity_gbps: f64,
    /// Σ 2·Rs·log2(1 + GSNR) over channels and pairs (Gb/s).
    pub shannon_capacity_gbps: f64,
    pub one_way_latency_ms: f64,
    pub faults_per_year: f64,
    /// Steady-state availability (fraction): 1 / (1 + faults/yr × MTTR).
    pub availability: f64,
    pub annual_downtime_hours: f64,
    pub capex_usd: f64,
    pub opex_usd_per_year: f64,
    /// (capex / lifetime + opex) / total capacity (US$ per Gb/s per year); infinite when no capacity.
    pub cost_per_gbps_year_usd: f64,
    /// Warnings and design notes (power caps, unrepeatered shortfall and what would close it).
    pub notes: Vec<String>,
}

/// Everything that does not depend on the launch power.
pub(super) struct Prepared<'a> {
    carriers: Vec<Carrier>,
    /// Accumulated ASE per channel (W).
    ase_w: Vec<f64>,
    /// Accumulated NLI efficiency per channel for a flat launch, ignoring noise-pumped NLI (1/W²): NLI ≈ P³·η.
    eta: Vec<f64>,
    /// ASE of one amplifier per channel (W, at its output).
    ase_span_w: Vec<f64>,
    /// NLI matrix of one span (all spans are equal).
    eta_matrix: Vec<f64>,
    span_count: usize,
    /// Transmitter noise over signal power per channel (linear, symbol-rate bandwidth).
    tx_noise_ratio: Vec<f64>,
    spans: Vec<SpanReport>,
    amplifier: &'a Amplifier,
    /// The amplifier whose output limit caps the launch: the booster of an unrepeatered design, else `amplifier`.
    launch_amplifier: &'a Amplifier,
    transceiver: &'a Transceiver,
    modes: Vec<&'a TransceiverMode>,
    baud_rate_gbd: f64,
    spacing_ghz: f64,
    fiber: &'a FiberType,
    physics: FiberPhysics,
    /// Element-by-element line when the design needs it (SRS, loss table, gain equalisation).
    line: Option<Line>,
}

fn check_positive(field: &str, value: f64, expected: &str) -> Result<(), FiberError> {
    if value > 0.0 && value.is_finite() {
        Ok(())
    } else {
        Err(FiberError::invalid("design", field, value, expected))
    }
}

pub(super) fn prepare<'a>(
    route: &Route,
    design: &SystemDesign,
    equipment: &'a Equipment,
) -> Result<Prepared<'a>, FiberError> {
    let fiber = equipment.fiber(&design.fiber)?;
    let amplifier = equipment.amplifier(&design.amplifier)?;
    let launch_amplifier = match &design.booster {
        None => amplifier,
        Some(_) if design.architecture == Architecture::Repeatered => {
            return Err(FiberError::invalid(
                "design",
                "booster",
                "given with architecture = \"repeatered\"",
                "a transmitter booster only in an unrepeatered design (a repeatered line's launch is its repeaters' output)",
            ))
        }
        Some(name) => equipment.amplifier(name)?,
    };
    let transceiver = equipment.transceiver(&design.transceiver)?;
    check_positive("cable_length_km", route.cable_length_km, "a positive length in km")?;
    if !(design.span_margin_db >= 0.0 && design.span_margin_db < 20.0) {
        return Err(FiberError::invalid("design", "span_margin_db", design.span_margin_db, "[0, 20) dB"));
    }
    if !(design.system_margin_db >= 0.0 && design.system_margin_db < 20.0) {
        return Err(FiberError::invalid("design", "system_margin_db", design.system_margin_db, "[0, 20) dB"));
    }

    // Channel plan: fill symbol rate / spacing / roll-off from the transceiver's fastest mode when unset.
    let mut plan = design.channel_plan.clone();
    let fastest = transceiver
        .mode
        .iter()
        .max_by(|a, b| a.bit_rate_gbps.total_cmp(&b.bit_rate_gbps).then(b.baud_rate_gbd.total_cmp(&a.baud_rate_gbd)))
        .expect("transceivers have at least one mode (validated on load)");
    if plan.baud_rate_gbd.is_none() {
        plan.baud_rate_gbd = Some(fastest.baud_rate_gbd);
    }
    if plan.roll_off.is_none() {
        plan.roll_off = fastest.roll_off;
    }
    if plan.spacing_ghz.is_none() {
        plan.spacing_ghz = Some(fastest.min_spacing_ghz);
    }
    let carriers = plan.carriers()?;
    let (plan_baud_gbd, plan_spacing_ghz) = (carriers[0].baud_rate_hz * 1e-9, plan.spacing_ghz.unwrap_or(0.0));
    let modes: Vec<&TransceiverMode> = transceiver
        .mode
        .iter()
        .filter(|m| m.baud_rate_gbd <= plan_baud_gbd * (1.0 + 1e-9) && m.min_spacing_ghz <= plan_spacing_ghz + 1e-9)
        .collect();
    if modes.is_empty() {
        return Err(FiberError::invalid(
            "design",
            "channel_plan",
            format!("{plan_baud_gbd} GBd on {plan_spacing_ghz} GHz"),
            format!(
                "a plan that fits at least one mode of transceiver {:?} (symbol rate ≥ mode rate, spacing ≥ mode min_spacing_ghz)",
                transceiver.name
            ),
        ));
    }

    // Spans.
    let length_km = route.cable_length_km;
    let span_count = match design.architecture {
        Architecture::Unrepeatered => 1,
        Architecture::Repeatered => match design.repeaters {
            Some(r) => r + 1,
            None => {
                check_positive("max_span_km", design.max_span_km, "a positive span length in km")?;
                (length_km / design.max_span_km - 1e-9).ceil().max(1.0) as usize
            }
        },
    };
    if span_count > 1000 {
        return Err(FiberError::invalid("design", "repeaters", span_count - 1, "at most 999 repeaters"));
    }
    let span_km = length_km / span_count as f64;
    let physics = FiberPhysics::new(fiber);
    let span_loss_db = physics.loss_db(span_km * 1e3) + design.span_margin_db;
    check_pumps(design, &carriers, &physics, length_km)?;
    let band_plan = super::bands::BandPlan::resolve(design, equipment, &carriers, &physics, span_km)?;
    let explicit_bands = band_plan.as_ref().is_some_and(|p| p.explicit);
    // With band amplifiers each band's gain is checked against its own amplifier (super::bands); with Raman pumps
    // the net span loss is smaller than the passive one and the applied gains are checked instead.
    if design.architecture == Architecture::Repeatered
        && !explicit_bands
        && design.raman_pumps.is_empty()
        && span_loss_db > amplifier.gain_max_db
    {
        return Err(FiberError::SpanTooLong {
            index: 1,
            length_km: span_km,
            loss_db: span_loss_db,
            amplifier: amplifier.name.clone(),
            gain_max_db: amplifier.gain_max_db,
            catalog_max: equipment
                .amplifiers
                .iter()
                .max_by(|a, b| a.gain_max_db.total_cmp(&b.gain_max_db))
                .map(|a| format!("{:?} ({} dB)", a.name, a.gain_max_db))
                .unwrap_or_default(),
        });
    }
    // All spans are equal: one NLI computation serves them all (incoherent sum).
    let eta_matrix = span_nli_matrix(&carriers, &physics, span_km * 1e3);
    let nch = carriers.len();
    let eta_span: Vec<f64> = (0..nch).map(|i| eta_matrix[i * nch..(i + 1) * nch].iter().sum()).collect();
    let ase_span: Vec<f64> = match band_plan.as_ref().filter(|p| p.explicit) {
        Some(plan) => plan.flat_ase_w(&carriers),
        None => carriers.iter().map(|c| amplifier_ase_w(c, amplifier.nf_db_at(span_loss_db), span_loss_db)).collect(),
    };
    let n = span_count as f64;
    let centre = carriers.len() / 2;
    let spans = (1..=span_count)
        .map(|index| SpanReport {
            index,
            length_km: span_km,
            loss_db: span_loss_db,
            amplifier_gain_db: span_loss_db,
            ase_dbm: to_db(ase_span[centre] * 1e3),
            nli_dbm: f64::NAN, // filled in by evaluate (depends on launch power)
        })
        .collect();
    let carriers_copy = carriers.clone();
    let mut line = Line::for_design(design, &carriers_copy, &physics, span_km, span_count, amplifier)?;
    if let Some(line) = &mut line {
        line.bands = band_plan;
    }
    let tx_osnr = from_db(transceiver.tx_osnr_db_01nm);
    // A booster's ASE relative to the signal is set by its input: h·f·NF·Rs / P_in (gain-independent).
    let booster_input_w = from_db(BOOSTER_INPUT_DBM_PER_CHANNEL) * 1e-3;
    let tx_noise_ratio = carriers
        .iter()
        .map(|c| {
            let booster = match &design.booster {
                Some(_) => {
                    super::gn::PLANCK_J_S * c.frequency_hz * from_db(launch_amplifier.noise_figure_db) * c.baud_rate_hz
                        / booster_input_w
                }
                None => 0.0,
            };
            c.baud_rate_hz / REFERENCE_BANDWIDTH_HZ / tx_osnr + booster
        })
        .collect();
    Ok(Prepared {
        ase_w: ase_span.iter().map(|a| a * n).collect(),
        eta: eta_span.iter().map(|e| e * n).collect(),
        ase_span_w: ase_span,
        eta_matrix,
        span_count,
        carriers,
        tx_noise_ratio,
        spans,
        amplifier,
        launch_amplifier,
        transceiver,
        modes,
        baud_rate_gbd: plan_baud_gbd,
        spacing_ghz: plan_spacing_ghz,
        fiber,
        line,
        physics,
    })
}

/// Signal, ASE and NLI power (W) of one channel at the receiver.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChannelPowers {
    signal_w: f64,
    ase_w: f64,
    nli_w: f64,
}

impl Prepared<'_> {
    /// Span-by-span propagation of a flat launch `p_w` (W per channel), as GNPy does it: each span's NLI is
    /// generated by the total power in every channel (signal + ASE + NLI so far, all Gaussian-noise-like) and is
    /// taken from the channel's signal and noise in proportion (power transfer); each amplifier then restores the
    /// span loss and adds its ASE.
    pub(super) fn propagate(&self, p_w: f64) -> Result<(Vec<ChannelPowers>, Option<PumpOutcome>), FiberError> {
        if let Some(line) = &self.line {
            if let Some(plan) = &line.bands {
                plan.clear_records(); // keeps what this propagation's amplifiers apply, for the checks in evaluate
            }
            let result = line.propagate(&self.carriers, &vec![p_w; self.carriers.len()])?;
            let state = result.state;
            let powers = (0..self.carriers.len())
                .map(|i| ChannelPowers { signal_w: state.signal_w[i], ase_w: state.ase_w[i], nli_w: state.nli_w[i] })
                .collect();
            return Ok((powers, result.pumps));
        }
        let n = self.carriers.len();
        let mut total = vec![p_w; n];
        let mut signal = vec![p_w; n];
        let mut ase = vec![0.0; n];
        let mut nli = vec![0.0; n];
        for _ in 0..self.span_count {
            let generated = apply_nli_matrix(&self.eta_matrix, &total);
            for i in 0..n {
                let transfer = generated[i] / total[i];
                signal[i] *= 1.0 - transfer;
                ase[i] *= 1.0 - transfer;
                nli[i] = nli[i] * (1.0 - transfer) + generated[i];
                ase[i] += self.ase_span_w[i];
                total[i] += self.ase_span_w[i];
            }
        }
        Ok(((0..n).map(|i| ChannelPowers { signal_w: signal[i], ase_w: ase[i], nli_w: nli[i] }).collect(), None))
    }

    /// Worst channel's GSNR (dB) of the element-by-element line at a flat launch (dBm per channel).
    fn line_min_gsnr_db(&self, p_dbm: f64) -> Result<f64, FiberError> {
        let (received, _) = self.propagate(from_db(p_dbm) * 1e-3)?;
        Ok(received.iter().enumerate().map(|(i, c)| to_db(self.gsnr_with_tx(i, c))).fold(f64::INFINITY, f64::min))
    }

    /// Launch power (dBm) maximising the worst channel's GSNR of a pumped line (Raman gain and pump depletion
    /// move the optimum away from the closed-form GN one), golden-section search to 0.05 dB on [−15, cap] dBm
    /// (the worst GSNR is flat near its maximum: 0.05 dB of launch moves it by well under 0.01 dB).
    fn optimum_launch_line_dbm(&self, cap_dbm: f64) -> Result<f64, FiberError> {
        let (mut a, mut b) = (-15.0f64.min(cap_dbm - 1.0), cap_dbm);
        let r = (5f64.sqrt() - 1.0) / 2.0;
        let (mut c, mut d) = (b - r * (b - a), a + r * (b - a));
        let (mut fc, mut fd) = (self.line_min_gsnr_db(c)?, self.line_min_gsnr_db(d)?);
        while b - a > 0.05 {
            if fc > fd {
                b = d;
                d = c;
                fd = fc;
                c = b - r * (b - a);
                fc = self.line_min_gsnr_db(c)?;
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + r * (b - a);
                fd = self.line_min_gsnr_db(d)?;
            }
        }
        Ok((a + b) / 2.0)
    }

    /// GSNR (linear, symbol-rate bandwidth) with the transmitter noise, from received powers.
    pub(super) fn gsnr_with_tx(&self, i: usize, c: &ChannelPowers) -> f64 {
        1.0 / ((c.ase_w + c.nli_w) / c.signal_w + self.tx_noise_ratio[i])
    }

    /// Fast flat-launch GSNR (linear) without noise-pumped NLI, for the launch-power search.
    fn gsnr_linear(&self, i: usize, p_w: f64) -> f64 {
        1.0 / ((self.ase_w[i] + self.eta[i] * p_w * p_w * p_w) / p_w + self.tx_noise_ratio[i])
    }

    fn min_gsnr_db(&self, p_w: f64) -> f64 {
        (0..self.carriers.len()).map(|i| to_db(self.gsnr_linear(i, p_w))).fold(f64::INFINITY, f64::min)
    }

    /// Best mode for a GSNR (dB, plan bandwidth) keeping `margin_db`: (mode, bit rate, margin left).
    pub(super) fn best_mode(&self, gsnr_db: f64, margin_db: f64) -> Option<(&TransceiverMode, f64)> {
        self.modes
            .iter()
            .filter_map(|m| {
                // Same signal power in a narrower bandwidth: SNR scales with Rs_plan / Rs_mode.
                let snr_mode = gsnr_db + 10.0 * (self.baud_rate_gbd / m.baud_rate_gbd).log10();
                let left = snr_mode - m.required_snr_db();
                (left >= margin_db).then_some((*m, left))
            })
            .max_by(|a, b| a.0.bit_rate_gbps.total_cmp(&b.0.bit_rate_gbps).then(a.1.total_cmp(&b.1)))
    }

    fn band_plan(&self) -> Option<&super::bands::BandPlan> {
        self.line.as_ref().and_then(|l| l.bands.as_ref())
    }

    fn max_launch_dbm(&self) -> f64 {
        self.launch_amplifier.output_power_max_dbm - to_db(self.carriers.len() as f64)
    }

    /// Launch power (dBm) maximising the worst channel's GSNR, by golden-section search on [−20, +28] dBm
    /// (flat-launch model without noise-pumped NLI, which moves the optimum by well under 0.1 dB).
    fn optimum_launch_dbm(&self) -> f64 {
        let f = |p_dbm: f64| self.min_gsnr_db(from_db(p_dbm) * 1e-3);
        let (mut a, mut b) = (-20.0f64, 28.0f64);
        let r = (5f64.sqrt() - 1.0) / 2.0;
        let (mut c, mut d) = (b - r * (b - a), a + r * (b - a));
        let (mut fc, mut fd) = (f(c), f(d));
        while b - a > 1e-4 {
            if fc > fd {
                b = d;
                d = c;
                fd = fc;
                c = b - r * (b - a);
                fc = f(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + r * (b - a);
                fd = f(d);
            }
        }
        (a + b) / 2.0
    }
}

/// Designs and evaluates a fiber system on a route.
pub fn evaluate(route: &Route, design: &SystemDesign, equipment: &Equipment) -> Result<FiberReport, FiberError> {
    let prepared = prepare(route, design, equipment)?;
    let mut notes = Vec::new();
    // Band amplifiers: output_power_max_dbm − 10·log10(channels in the band), the tightest band deciding.
    let band_limit = prepared.band_plan().and_then(|p| p.launch_limit());
    let max_launch_dbm = band_limit.as_ref().map_or(prepared.max_launch_dbm(), |b| b.0);
    let launch_power_dbm = match design.launch_power_dbm {
        Some(p) => {
            if !(p > -30.0 && p < 30.0) {
                return Err(FiberError::invalid("design", "launch_power_dbm", p, "(-30, 30) dBm per channel"));
            }
            if let (true, Some((limit, name, output_dbm, n))) = (p > max_launch_dbm + 1e-9, &band_limit) {
                return Err(FiberError::invalid(
                    "design",
                    "launch_power_dbm",
                    p,
                    format!(
                        "at most {limit:.2} dBm per channel: band amplifier {name:?} gives {output_dbm} dBm total over \
                         the {n} channels of its band"
                    ),
                ));
            }
            if p > max_launch_dbm + 1e-9 {
                return Err(FiberError::invalid(
                    "design",
                    "launch_power_dbm",
                    p,
                    format!(
                        "at most {max_launch_dbm:.2} dBm per channel: amplifier {:?} gives {} dBm total over {} channels",
                        prepared.launch_amplifier.name,
                        prepared.launch_amplifier.output_power_max_dbm,
                        prepared.carriers.len()
                    ),
                ));
            }
            p
        }
        None if prepared.line.as_ref().is_some_and(|l| l.pumped()) => {
            prepared.optimum_launch_line_dbm(max_launch_dbm)?
        }
        None => {
            let optimum = prepared.optimum_launch_dbm();
            if let (true, Some((_, name, output_dbm, n))) = (optimum > max_launch_dbm, &band_limit) {
                notes.push(format!(
                    "optimum launch {optimum:.2} dBm/ch capped at {max_launch_dbm:.2} dBm/ch by band amplifier {name:?} \
                     output power {output_dbm} dBm over the {n} channels of its band"
                ));
                max_launch_dbm
            } else if optimum > max_launch_dbm {
                notes.push(format!(
                    "optimum launch {optimum:.2} dBm/ch capped at {max_launch_dbm:.2} dBm/ch by amplifier {:?} output power {} dBm",
                    prepared.launch_amplifier.name,
                    prepared.launch_amplifier.output_power_max_dbm
                ));
                max_launch_dbm
            } else {
                optimum
            }
        }
    };
    let p_w = from_db(launch_power_dbm) * 1e-3;
    let centre = prepared.carriers.len() / 2;
    let optimum_launch_power_dbm = to_db((prepared.ase_w[centre] / (2.0 * prepared.eta[centre])).cbrt() * 1e3);
    let span_count = prepared.spans.len();
    let spans: Vec<SpanReport> = prepared
        .spans
        .iter()
        .map(|s| SpanReport {
            nli_dbm: to_db(prepared.eta[centre] / span_count as f64 * p_w * p_w * p_w * 1e3),
            ..s.clone()
        })
        .collect();

    let mut channels = Vec::with_capacity(prepared.carriers.len());
    let mut shannon_per_pair_gbps = 0.0;
    let (received, pump_outcome) = prepared.propagate(p_w)?;
    if let Some(plan) = prepared.band_plan() {
        notes.extend(plan.check_last_propagation(&prepared.carriers)?);
    }
    if let Some(outcome) = &pump_outcome {
        notes.extend(pump_notes(design, outcome));
    }
    for (i, c) in prepared.carriers.iter().enumerate() {
        let powers = &received[i];
        let gsnr = prepared.gsnr_with_tx(i, powers);
        let gsnr_db = to_db(gsnr);
        let best = prepared.best_mode(gsnr_db, design.system_margin_db);
        shannon_per_pair_gbps += 2.0 * c.baud_rate_hz * (1.0 + gsnr).log2() * 1e-9;
        channels.push(ChannelReport {
            index: i + 1,
            frequency_thz: c.frequency_hz * 1e-12,
            osnr_ase_db: to_db(powers.signal_w / powers.ase_w),
            snr_nli_db: to_db(powers.signal_w / powers.nli_w),
            gsnr_db,
            gsnr_db_01nm: gsnr_db + to_db(c.baud_rate_hz / REFERENCE_BANDWIDTH_HZ),
            signal_power_dbm: to_db(powers.signal_w * 1e3),
            mode: best.map(|(m, _)| m.name.clone()),
            bit_rate_gbps: best.map(|(m, _)| m.bit_rate_gbps).unwrap_or(0.0),
            margin_db: best.map(|(_, left)| left),
        });
    }
    let worst = channels.iter().min_by(|a, b| a.gsnr_db.total_cmp(&b.gsnr_db)).expect("at least one channel");
    let min_gsnr_db = worst.gsnr_db;
    let mode = worst.mode.clone();
    let mean_gsnr_db = channels.iter().map(|c| c.gsnr_db).sum::<f64>() / channels.len() as f64;
    let capacity_per_pair_gbps: f64 = channels.iter().map(|c| c.bit_rate_gbps).sum();

    // Fiber pairs.
    let fiber_pairs_for_target = match design.target_capacity_tbps {
        Some(t) => {
            check_positive("target_capacity_tbps", t, "a positive capacity in Tb/s")?;
            (capacity_per_pair_gbps > 0.0).then(|| (t * 1e3 / capacity_per_pair_gbps - 1e-9).ceil() as u32)
        }
        None => None,
    };
    let fiber_pairs = match design.fiber_pairs {
        Some(p) => {
            if !(1..=64).contains(&p) {
                return Err(FiberError::invalid("design", "fiber_pairs", p, "1..=64"));
            }
            p
        }
        None => fiber_pairs_for_target.unwrap_or(1).max(1),
    };
    if design.target_capacity_tbps.is_some() && fiber_pairs_for_target.is_none() {
        notes.push("no transceiver mode closes, so no number of fiber pairs reaches the target".to_string());
    }
    if let Some(needed) = fiber_pairs_for_target {
        if needed > 64 {
            notes.push(format!("the target needs {needed} fiber pairs, beyond today's largest cables (~24 pairs)"));
        }
    }
    let total_capacity_gbps = capacity_per_pair_gbps * fiber_pairs as f64;
    let shannon_capacity_gbps = shannon_per_pair_gbps * fiber_pairs as f64;

    // Unrepeatered budget.
    let total_loss_db: f64 = spans.iter().map(|s| s.loss_db).sum();
    if design.architecture == Architecture::Unrepeatered {
        let lowest = prepared
            .modes
            .iter()
            .map(|m| m.required_snr_db() - 10.0 * (prepared.baud_rate_gbd / m.baud_rate_gbd).log10())
            .fold(f64::INFINITY, f64::min);
        let shortfall = lowest + design.system_margin_db - min_gsnr_db;
        notes.push(format!(
            "unrepeatered loss budget: {total_loss_db:.1} dB over {:.1} km with a {:.1} dB-NF receiver preamplifier",
            route.cable_length_km, prepared.amplifier.noise_figure_db
        ));
        if shortfall > 0.0 && (!design.raman_pumps.is_empty() || design.ropa.is_some()) {
            notes.push(format!(
                "short by {shortfall:.1} dB for the lowest mode with the modelled pumps{}: more pump power, {}or \
                 repeaters",
                if design.ropa.is_some() { " and ROPA" } else { "" },
                if design.ropa.is_some() { "" } else { "a ROPA fed by a ≈ 1480 nm counter pump, " }
            ));
        } else if shortfall > 0.0 {
            let ull_saving_db = (prepared.fiber.loss_db_per_km - 0.15).max(0.0) * route.cable_length_km;
            notes.push(format!(
                "short by {shortfall:.1} dB for the lowest mode; typical remedies [approx]: counter-pumped distributed Raman \
                 at the receiver (effective NF improvement ≈ 4–6 dB), a remote optically pumped amplifier (ROPA) ≈ 60–120 km \
                 before the receiver (≈ 8–12 dB), forward Raman / higher launch (≈ 2–4 dB){}, or repeaters",
                if ull_saving_db >= 0.5 {
                    format!(", lower-loss large-area fiber (0.15 dB/km saves ≈ {ull_saving_db:.0} dB here)")
                } else {
                    String::new()
                }
            ));
        }
    }

    // Latency, availability, cost.
    let one_way_latency_ms =
        route.cable_length_km * 1e3 * prepared.physics.group_index / super::gn::SPEED_OF_LIGHT_M_S * 1e3;
    let a = &design.availability;
    // Shared range checks (crate::validate): finite and physically bounded, so sums and ratios stay finite.
    let within = |context: &str, field: &str, value: f64, range: crate::validate::Range| {
        range.check(value).map(|_| ()).map_err(|_| {
            FiberError::invalid(
                context,
                field,
                crate::validate::fmt_value(value),
                format!("a finite number in {range}"),
            )
        })
    };
    use crate::validate::Range;
    within("design.availability", "faults_per_1000km_year", a.faults_per_1000km_year, Range::new(0.0, 1000.0, ""))?;
    within("design.availability", "mttr_days", a.mttr_days, Range::new(0.0, 365.0, "days"))?;
    let faults_per_year = a.faults_per_1000km_year * route.cable_length_km / 1000.0;
    let availability = 1.0 / (1.0 + faults_per_year * a.mttr_days / 365.25);
    let annual_downtime_hours = (1.0 - availability) * HOURS_PER_YEAR;

    let c = &design.cost;
    for (field, value) in [
        ("cable_usd_per_km", c.cable_usd_per_km),
        ("installation_usd_per_km", c.installation_usd_per_km),
        ("repeater_usd_per_fiber_pair", c.repeater_usd_per_fiber_pair),
        ("landing_station_usd", c.landing_station_usd),
        ("raman_pumps_usd_per_fiber_pair", c.raman_pumps_usd_per_fiber_pair),
        ("ropa_usd_per_fiber_pair", c.ropa_usd_per_fiber_pair),
        ("terminal_usd_per_gbps", c.terminal_usd_per_gbps),
        ("opex_fraction_per_year", c.opex_fraction_per_year),
        ("repair_usd_per_fault", c.repair_usd_per_fault),
    ] {
        let range = if field == "opex_fraction_per_year" {
            Range::new(0.0, 1.0, "per year")
        } else {
            Range::new(0.0, 1e12, "USD")
        };
        within("design.cost", field, value, range)?;
    }
    check_positive("cost.lifetime_years", c.lifetime_years, "a positive number of years")?;
    within("design.cost", "lifetime_years", c.lifetime_years, Range::new(0.0, 100.0, "years"))?;
    let repeaters = if design.architecture == Architecture::Repeatered { span_count - 1 } else { 0 };
    let capex_usd = route.cable_length_km * (c.cable_usd_per_km + c.installation_usd_per_km)
        + repeaters as f64 * fiber_pairs as f64 * c.repeater_usd_per_fiber_pair
        + 2.0 * c.landing_station_usd
        + if design.raman_pumps.is_empty() {
            0.0
        } else {
            span_count as f64 * fiber_pairs as f64 * c.raman_pumps_usd_per_fiber_pair
        }
        + if design.ropa.is_some() { fiber_pairs as f64 * c.ropa_usd_per_fiber_pair } else { 0.0 }
        + total_capacity_gbps * c.terminal_usd_per_gbps;
    let opex_usd_per_year = c.opex_fraction_per_year * capex_usd + faults_per_year * c.repair_usd_per_fault;
    let cost_per_gbps_year_usd = if total_capacity_gbps > 0.0 {
        (capex_usd / c.lifetime_years + opex_usd_per_year) / total_capacity_gbps
    } else {
        f64::INFINITY
    };

    Ok(FiberReport {
        route: route.record.name.clone(),
        geodesic_length_km: route.geodesic_length_km,
        cable_length_km: route.cable_length_km,
        architecture: design.architecture,
        fiber: prepared.fiber.name.clone(),
        amplifier: match prepared.band_plan().filter(|p| p.explicit) {
            Some(plan) => plan.amplifier_names(),
            None => prepared.amplifier.name.clone(),
        },
        transceiver: prepared.transceiver.name.clone(),
        repeaters,
        spans,
        total_loss_db,
        channel_count: prepared.carriers.len(),
        baud_rate_gbd: prepared.baud_rate_gbd,
        spacing_ghz: prepared.spacing_ghz,
        launch_power_dbm,
        optimum_launch_power_dbm,
        channels,
        min_gsnr_db,
        mean_gsnr_db,
        mode,
        capacity_per_pair_gbps,
        fiber_pairs_for_target,
        fiber_pairs,
        total_capacity_gbps,
        shannon_capacity_gbps,
        one_way_latency_ms,
        faults_per_year,
        availability,
        annual_downtime_hours,
        capex_usd,
        opex_usd_per_year,
        cost_per_gbps_year_usd,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiber::RouteCatalog;

    #[test]
    fn default_design_on_sumgait_aktau() {
        let routes = RouteCatalog::bundled();
        let route = routes.route("sumgait-aktau").unwrap();
        let report = evaluate(route, &SystemDesign::default(), &Equipment::bundled()).unwrap();
        assert_eq!(report.spans.len(), 4);
        assert_eq!(report.channel_count, 64);
        assert!(report.capacity_per_pair_gbps > 0.0);
        assert!(report.shannon_capacity_gbps > report.total_capacity_gbps);
        // 4.897 µs/km.
        assert!((report.one_way_latency_ms / report.cable_length_km * 1e3 - 4.8967).abs() < 1e-3);
        assert!(report.availability > 0.99 && report.availability < 1.0);
    }

    #[test]
    fn optimum_launch_is_a_maximum() {
        let route = Route::from_length("x", 400.0).unwrap();
        let eq = Equipment::bundled();
        let design = SystemDesign { fiber: "G.652.D".into(), amplifier: "EDFA-NF5".into(), ..SystemDesign::default() };
        let report = evaluate(&route, &design, &eq).unwrap();
        let p = report.launch_power_dbm;
        let sweep = launch_sweep(&route, &design, &eq, &[p - 0.5, p, p + 0.5]).unwrap();
        assert!(sweep[1].min_gsnr_db > sweep[0].min_gsnr_db && sweep[1].min_gsnr_db > sweep[2].min_gsnr_db);
        // At the GN optimum NLI is half the ASE: OSNR_ASE − SNR_NLI = −3 dB for the worst channel when the
        // transmitter noise is negligible (it is not quite, so allow 0.3 dB).
        let worst = report.channels.iter().min_by(|a, b| a.gsnr_db.total_cmp(&b.gsnr_db)).unwrap();
        assert!((worst.snr_nli_db - worst.osnr_ase_db - 3.01).abs() < 0.3, "{worst:?}");
    }

    #[test]
    fn span_too_long_and_unknown_names() {
        let route = Route::from_length("x", 400.0).unwrap();
        let eq = Equipment::bundled();
        let design = SystemDesign { max_span_km: 200.0, ..SystemDesign::default() };
        assert!(matches!(evaluate(&route, &design, &eq), Err(FiberError::SpanTooLong { .. })));
        let design = SystemDesign { transceiver: "nope".into(), ..SystemDesign::default() };
        assert!(matches!(evaluate(&route, &design, &eq), Err(FiberError::UnknownTransceiver { .. })));
    }

    #[test]
    fn unrepeatered_reports_shortfall() {
        let routes = RouteCatalog::bundled();
        let route = routes.route("sumgait-aktau").unwrap();
        let design = SystemDesign {
            architecture: Architecture::Unrepeatered,
            amplifier: "preamp-NF5.5".into(),
            ..SystemDesign::default()
        };
        let report = evaluate(route, &design, &Equipment::bundled()).unwrap();
        assert_eq!(report.repeaters, 0);
        assert_eq!(report.capacity_per_pair_gbps, 0.0);
        assert!(report.notes.iter().any(|n| n.contains("ROPA")), "{:?}", report.notes);
    }

    #[test]
    fn diverse_routes() {
        assert!((combined_availability(0.99, 0.98) - 0.9998).abs() < 1e-12);
    }
}
