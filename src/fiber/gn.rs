//! Physics of one span: fiber parameters over frequency, the closed-form incoherent GN model of nonlinear
//! interference (Poggiolini et al., arXiv:1209.0394 eq. 120, as GNPy's `gn_model_analytic`), and amplifier ASE.
//!
//! Conventions (chosen to match GNPy 3.0.1, see scripts/gnpy_reference.py):
//! * NLI is generated at each span input by the total power of every channel there (signal plus the ASE and NLI
//!   accumulated so far: the GN model treats all of it as Gaussian noise), and the generated NLI is taken from
//!   the channel's power (power transfer); spans add incoherently (no coherence factor); every channel's spectrum is taken rectangular with width = symbol rate (the roll-off is not in the
//!   NLI integral), self-channel weight 16/27 and cross-channel weight 32/27 with ψ halved.
//! * β2(f) = −λ²·D(f)/(2πc) with D(f) = D + S·(λ − λref) when a slope S is given, else D(f) = D·(f/fref)², i.e.
//!   β2 constant; a channel pair uses the mean of their β2.
//! * γ(f) = 2π·n2·f / (c·Aeff(f)), Aeff scaled with frequency by a step-index model (core radius 4.2 µm, n1 1.468)
//!   pinned to the catalog Aeff at the reference wavelength 1550 nm.
//! * ASE of an amplifier at its output, in the signal bandwidth: h·ν·NF·G·Rs.

use super::equipment::{FiberType, DEFAULT_CORE_RADIUS_UM, DEFAULT_GROUP_INDEX, DEFAULT_REFERENCE_WAVELENGTH_NM};
use super::FiberError;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Planck constant (J·s).
pub const PLANCK_J_S: f64 = 6.626_070_15e-34;
/// Speed of light in vacuum (m/s).
pub const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;
/// OSNR reference bandwidth: 0.1 nm at 1550 nm = 12.5 GHz.
pub const REFERENCE_BANDWIDTH_HZ: f64 = 12.5e9;
/// Frequency range (THz) an erbium amplifier chain covers (C and L bands).
pub const AMPLIFIER_RANGE_THZ: (f64, f64) = (184.0, 197.0);

/// One optical channel (carrier).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Carrier {
    /// Centre frequency (Hz).
    pub frequency_hz: f64,
    /// Symbol rate (Hz), also the NLI and noise bandwidth.
    pub baud_rate_hz: f64,
}

/// Channel plan: band(s), symbol rate, grid spacing and roll-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChannelPlan {
    /// `C` (191.3–196.1 THz), `C+L` (C plus 186.1–190.9 THz) or `custom` (then `bands_thz`).
    pub band: String,
    /// `[min_thz, max_thz]` band edges when `band = "custom"`.
    pub bands_thz: Vec<[f64; 2]>,
    /// Symbol rate (GBd); a design takes its transceiver's fastest mode's when absent.
    pub baud_rate_gbd: Option<f64>,
    /// Grid spacing (GHz); channel slots fill each band from its lower edge. A design takes its transceiver's
    /// fastest mode's minimum spacing when absent.
    pub spacing_ghz: Option<f64>,
    /// Spectral roll-off; the occupied width Rs·(1 + roll-off) must fit in the spacing (0 when absent).
    pub roll_off: Option<f64>,
    /// Number of channels; all that fit when absent.
    pub channels: Option<usize>,
}

impl Default for ChannelPlan {
    fn default() -> Self {
        ChannelPlan {
            band: "C".to_string(),
            bands_thz: Vec::new(),
            baud_rate_gbd: None,
            spacing_ghz: None,
            roll_off: None,
            channels: None,
        }
    }
}

impl ChannelPlan {
    /// The band edges (THz) of this plan.
    pub fn bands(&self) -> Result<Vec<[f64; 2]>, FiberError> {
        let ctx = "channel_plan";
        let bands = match self.band.as_str() {
            "C" => vec![[191.3, 196.1]],
            "C+L" => vec![[186.1, 190.9], [191.3, 196.1]],
            "custom" => {
                if self.bands_thz.is_empty() {
                    return Err(FiberError::invalid(
                        ctx,
                        "bands_thz",
                        "[]",
                        "[[min_thz, max_thz], ...] for band = \"custom\"",
                    ));
                }
                self.bands_thz.clone()
            }
            other => {
                return Err(FiberError::invalid(ctx, "band", format!("{other:?}"), "\"C\", \"C+L\" or \"custom\""))
            }
        };
        let mut sorted = bands.clone();
        sorted.sort_by(|a, b| a[0].total_cmp(&b[0]));
        for (i, [lo, hi]) in sorted.iter().enumerate() {
            if !(lo < hi) {
                return Err(FiberError::invalid(ctx, "bands_thz", format!("[{lo}, {hi}]"), "min_thz < max_thz"));
            }
            if *lo < AMPLIFIER_RANGE_THZ.0 || *hi > AMPLIFIER_RANGE_THZ.1 {
                return Err(FiberError::invalid(
                    ctx,
                    "bands_thz",
                    format!("[{lo}, {hi}]"),
                    format!(
                        "a band inside the amplified range {}–{} THz",
                        AMPLIFIER_RANGE_THZ.0, AMPLIFIER_RANGE_THZ.1
                    ),
                ));
            }
            if i > 0 && *lo < sorted[i - 1][1] {
                return Err(FiberError::invalid(ctx, "bands_thz", format!("{sorted:?}"), "bands that do not overlap"));
            }
        }
        Ok(sorted)
    }

    /// The carriers of the plan, ordered by frequency.
    pub fn carriers(&self) -> Result<Vec<Carrier>, FiberError> {
        let ctx = "channel_plan";
        let baud_rate_gbd = self.baud_rate_gbd.unwrap_or(f64::NAN);
        if !(baud_rate_gbd > 0.0 && baud_rate_gbd.is_finite()) {
            return Err(FiberError::invalid(ctx, "baud_rate_gbd", baud_rate_gbd, "a positive symbol rate in GBd"));
        }
        let spacing_ghz = self.spacing_ghz.unwrap_or(f64::NAN);
        if !(spacing_ghz > 0.0 && spacing_ghz.is_finite()) {
            return Err(FiberError::invalid(ctx, "spacing_ghz", spacing_ghz, "a positive spacing in GHz"));
        }
        let roll_off = self.roll_off.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&roll_off) {
            return Err(FiberError::invalid(ctx, "roll_off", roll_off, "a roll-off in [0, 1]"));
        }
        let occupied_ghz = baud_rate_gbd * (1.0 + roll_off);
        if occupied_ghz > spacing_ghz * (1.0 + 1e-9) {
            return Err(FiberError::invalid(
                ctx,
                "spacing_ghz",
                spacing_ghz,
                format!(
                    "at least the occupied width baud_rate_gbd × (1 + roll_off) = {occupied_ghz:.3} GHz, else neighbouring channels overlap"
                ),
            ));
        }
        let spacing_hz = spacing_ghz * 1e9;
        let mut carriers = Vec::new();
        for [lo, hi] in self.bands()? {
            let n = (((hi - lo) * 1e12) / spacing_hz + 1e-9).floor() as usize;
            for i in 0..n {
                carriers.push(Carrier {
                    frequency_hz: lo * 1e12 + spacing_hz * (i as f64 + 0.5),
                    baud_rate_hz: baud_rate_gbd * 1e9,
                });
            }
        }
        if carriers.is_empty() {
            return Err(FiberError::invalid(ctx, "spacing_ghz", spacing_ghz, "a spacing narrower than the band"));
        }
        if let Some(n) = self.channels {
            if n == 0 || n > carriers.len() {
                return Err(FiberError::invalid(
                    ctx,
                    "channels",
                    n,
                    format!("1..={} (the channels that fit in the band at this spacing)", carriers.len()),
                ));
            }
            carriers.truncate(n);
        }
        Ok(carriers)
    }
}

/// A fiber type's parameters in SI units, ready for the GN model.
#[derive(Debug, Clone, PartialEq)]
pub struct FiberPhysics {
    /// Power attenuation coefficient (1/m) at the reference.
    pub alpha_per_m: f64,
    /// Frequency-dependent attenuation `(frequency_hz, alpha_per_m)`, empty when flat.
    pub alpha_table: Vec<(f64, f64)>,
    /// Reference frequency (Hz).
    pub reference_frequency_hz: f64,
    /// Dispersion at the reference (s/m²).
    pub dispersion_s_per_m2: f64,
    /// Dispersion slope (s/m³), if any.
    pub dispersion_slope_s_per_m3: Option<f64>,
    /// Effective area at the reference (m²).
    pub effective_area_m2: f64,
    pub n2_m2_per_w: f64,
    /// Core radius of the step-index scaling model (m).
    pub core_radius_m: f64,
    /// Group index (latency).
    pub group_index: f64,
}

impl FiberPhysics {
    /// From a catalog fiber type.
    pub fn new(fiber: &FiberType) -> FiberPhysics {
        FiberPhysics {
            alpha_per_m: fiber.loss_db_per_km * 1e-3 / (10.0 * std::f64::consts::E.log10()),
            alpha_table: fiber
                .loss_table
                .iter()
                .map(|[f_thz, loss]| (f_thz * 1e12, loss * 1e-3 / (10.0 * std::f64::consts::E.log10())))
                .collect(),
            reference_frequency_hz: SPEED_OF_LIGHT_M_S / (DEFAULT_REFERENCE_WAVELENGTH_NM * 1e-9),
            dispersion_s_per_m2: fiber.dispersion_ps_per_nm_km * 1e-6,
            dispersion_slope_s_per_m3: fiber.dispersion_slope_ps_per_nm2_km.map(|s| s * 1e3),
            effective_area_m2: fiber.effective_area_um2 * 1e-12,
            n2_m2_per_w: fiber.n2_m2_per_w,
            core_radius_m: DEFAULT_CORE_RADIUS_UM * 1e-6,
            group_index: if fiber.group_index > 0.0 { fiber.group_index } else { DEFAULT_GROUP_INDEX },
        }
    }

    /// Attenuation (1/m) at `f_hz`: the table's linear interpolation, or the flat value. `None` outside the table.
    pub fn alpha_at(&self, f_hz: f64) -> Option<f64> {
        let t = &self.alpha_table;
        if t.is_empty() {
            return Some(self.alpha_per_m);
        }
        if f_hz < t[0].0 || f_hz > t[t.len() - 1].0 {
            return None;
        }
        let k = t.partition_point(|&(f, _)| f <= f_hz).clamp(1, t.len() - 1) - 1;
        let w = (f_hz - t[k].0) / (t[k + 1].0 - t[k].0);
        Some(t[k].1 + w * (t[k + 1].1 - t[k].1))
    }

    /// True when the loss depends on frequency.
    pub fn has_loss_table(&self) -> bool {
        !self.alpha_table.is_empty()
    }

    /// β2 (s²/m) at frequency `f_hz`.
    pub fn beta2_s2_per_m(&self, f_hz: f64) -> f64 {
        let wavelength_m = SPEED_OF_LIGHT_M_S / f_hz;
        let dispersion = match self.dispersion_slope_s_per_m3 {
            Some(slope) => {
                self.dispersion_s_per_m2 + slope * (wavelength_m - SPEED_OF_LIGHT_M_S / self.reference_frequency_hz)
            }
            None => (f_hz / self.reference_frequency_hz).powi(2) * self.dispersion_s_per_m2,
        };
        -wavelength_m * wavelength_m * dispersion / (2.0 * PI * SPEED_OF_LIGHT_M_S)
    }

    /// Effective area (m²) at `f_hz` from the step-index model pinned at the reference.
    pub fn effective_area_m2_at(&self, f_hz: f64) -> f64 {
        let a2 = self.core_radius_m * self.core_radius_m;
        let ln_v = (f_hz / self.reference_frequency_hz).ln() + PI * a2 / self.effective_area_m2;
        PI * a2 / ln_v
    }

    /// Nonlinear coefficient γ (1/(W·m)) at `f_hz`.
    pub fn gamma_per_w_m(&self, f_hz: f64) -> f64 {
        2.0 * PI * self.n2_m2_per_w * f_hz / (SPEED_OF_LIGHT_M_S * self.effective_area_m2_at(f_hz))
    }

    /// Span loss (dB) of `length_m` of fiber.
    pub fn loss_db(&self, length_m: f64) -> f64 {
        self.alpha_per_m * length_m * 10.0 * std::f64::consts::E.log10()
    }
}

/// NLI efficiency matrix of one span (1/W², row-major `n × n`): the NLI power in channel i's bandwidth
/// generated in the span is `P_i · Σ_k η[i·n + k] · P_k²` for input powers `P` (GN model, eq. 120 of
/// arXiv:1209.0394). Costs n² pairs of `asinh`; reuse it for identical spans.
pub fn span_nli_matrix(carriers: &[Carrier], fiber: &FiberPhysics, length_m: f64) -> Vec<f64> {
    let n = carriers.len();
    let alpha = fiber.alpha_per_m;
    let effective_length = (1.0 - (-alpha * length_m).exp()) / alpha;
    let asymptotic_length = 1.0 / alpha;
    let beta2: Vec<f64> = carriers.iter().map(|c| fiber.beta2_s2_per_m(c.frequency_hz)).collect();
    let weight_spm = 16.0 / 27.0;
    let weight_xpm = 2.0 * 16.0 / 27.0;
    let k = PI * PI * asymptotic_length;
    let gammas: Vec<f64> = carriers.iter().map(|c| fiber.gamma_per_w_m(c.frequency_hz)).collect();
    // With one symbol rate ψ is symmetric in (cut, pump): compute each pair once.
    let uniform = carriers.iter().all(|c| c.baud_rate_hz == carriers[0].baud_rate_hz);
    let mut eta = vec![0.0; n * n];
    for (i, cut) in carriers.iter().enumerate() {
        for (j, pump) in carriers.iter().enumerate().skip(if uniform { i } else { 0 }) {
            let b2 = ((beta2[i] + beta2[j]) / 2.0).abs();
            let df = pump.frequency_hz - cut.frequency_hz;
            let x = k * b2 * cut.baud_rate_hz;
            let psi = asinh_difference(x * (df + pump.baud_rate_hz / 2.0), x * (df - pump.baud_rate_hz / 2.0)) / 2.0
                * effective_length
                * effective_length
                / (2.0 * PI * b2 * asymptotic_length);
            let weight = if i == j { weight_spm } else { weight_xpm };
            eta[i * n + j] = gammas[i] * gammas[i] * weight * psi / (pump.baud_rate_hz * pump.baud_rate_hz);
            if uniform && i != j {
                eta[j * n + i] = gammas[j] * gammas[j] * weight * psi / (cut.baud_rate_hz * cut.baud_rate_hz);
            }
        }
    }
    eta
}

/// asinh(a) − asinh(b) for a ≥ b with one logarithm when both have the same sign (exact to rounding: no
/// cancellation, since asinh(a) − asinh(b) = ln((a + √(a²+1)) / (b + √(b²+1))) for b ≥ 0, and asinh is odd).
fn asinh_difference(a: f64, b: f64) -> f64 {
    if b >= 0.0 {
        ((a + (a * a + 1.0).sqrt()) / (b + (b * b + 1.0).sqrt())).ln()
    } else if a <= 0.0 {
        asinh_difference(-b, -a)
    } else {
        a.asinh() - b.asinh()
    }
}

/// NLI power (W) per channel from an [`span_nli_matrix`] and per-channel input powers (W).
pub fn apply_nli_matrix(eta: &[f64], powers_w: &[f64]) -> Vec<f64> {
    let n = powers_w.len();
    let squares: Vec<f64> = powers_w.iter().map(|p| p * p).collect();
    (0..n)
        .map(|i| powers_w[i] * eta[i * n..(i + 1) * n].iter().zip(&squares).map(|(e, p2)| e * p2).sum::<f64>())
        .collect()
}

/// NLI efficiency of one span for a flat launch: η_i (1/W²) such that the NLI power in channel i's bandwidth at
/// the span input is P³·η_i when every channel is launched at P.
pub fn span_nli_eta(carriers: &[Carrier], fiber: &FiberPhysics, length_m: f64) -> Vec<f64> {
    let n = carriers.len();
    let eta = span_nli_matrix(carriers, fiber, length_m);
    (0..n).map(|i| eta[i * n..(i + 1) * n].iter().sum()).collect()
}

/// NLI power (W) in each channel's bandwidth generated in one span with per-channel input powers `powers_w`.
pub fn span_nli_w(carriers: &[Carrier], powers_w: &[f64], fiber: &FiberPhysics, length_m: f64) -> Vec<f64> {
    apply_nli_matrix(&span_nli_matrix(carriers, fiber, length_m), powers_w)
}

/// ASE power (W) an amplifier adds at its output in the carrier's bandwidth: h·ν·NF·G·Rs.
pub fn amplifier_ase_w(carrier: &Carrier, noise_figure_db: f64, gain_db: f64) -> f64 {
    PLANCK_J_S
        * carrier.frequency_hz
        * 10f64.powf(noise_figure_db / 10.0)
        * 10f64.powf(gain_db / 10.0)
        * carrier.baud_rate_hz
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ssmf() -> FiberPhysics {
        FiberPhysics::new(&FiberType {
            name: "x".into(),
            description: String::new(),
            loss_db_per_km: 0.2,
            loss_table: Vec::new(),
            dispersion_ps_per_nm_km: 16.7,
            dispersion_slope_ps_per_nm2_km: None,
            effective_area_um2: 83.0,
            n2_m2_per_w: 2.6e-20,
            group_index: 1.468,
            source: String::new(),
        })
    }

    #[test]
    fn physics_at_reference() {
        let f = ssmf();
        assert!((f.loss_db(100e3) - 20.0).abs() < 1e-9);
        // γ = 2π n2 / (λ Aeff) = 1.27 /W/km for Aeff 83 µm².
        let g = f.gamma_per_w_m(f.reference_frequency_hz);
        assert!((g - 2.0 * PI * 2.6e-20 / (1550e-9 * 83e-12)).abs() < 1e-12, "{g}");
        // β2 = −λ²D/(2πc) = −21.30 ps²/km for D = 16.7 ps/(nm·km) at 1550 nm, constant without slope.
        let b2 = f.beta2_s2_per_m(f.reference_frequency_hz) * 1e27;
        assert!((b2 + 21.30).abs() < 0.01, "{b2}");
        assert!((f.beta2_s2_per_m(191e12) - f.beta2_s2_per_m(196e12)).abs() < 1e-40);
    }

    #[test]
    fn single_channel_matches_closed_form() {
        // One channel: η = (16/27) γ² Leff² asinh(π²/2 |β2| La Rs²) / (2π |β2| La Rs²) · Rs·... in power terms.
        let f = ssmf();
        let c = Carrier { frequency_hz: f.reference_frequency_hz, baud_rate_hz: 64e9 };
        let eta = span_nli_eta(&[c], &f, 80e3)[0];
        let alpha = f.alpha_per_m;
        let leff = (1.0 - (-alpha * 80e3).exp()) / alpha;
        let la = 1.0 / alpha;
        let b2 = f.beta2_s2_per_m(c.frequency_hz).abs();
        let gamma = f.gamma_per_w_m(c.frequency_hz);
        let expected = 16.0 / 27.0 * gamma * gamma * leff * leff * (PI * PI / 2.0 * b2 * la * 64e9 * 64e9).asinh()
            / (2.0 * PI * b2 * la)
            / (64e9 * 64e9);
        assert!(((eta - expected) / expected).abs() < 1e-12, "{eta} {expected}");
    }

    #[test]
    fn asinh_difference_matches_direct() {
        for (a, b) in [(3.0, 1.0), (1500.0, 1400.0), (0.5, -0.5), (-1.0, -3.0), (2.0, 0.0), (1e-6, 1e-7)] {
            let direct: f64 = f64::asinh(a) - f64::asinh(b);
            assert!((asinh_difference(a, b) - direct).abs() <= 1e-12 * direct.abs().max(1.0), "{a} {b}");
        }
    }

    #[test]
    fn channel_plan_counts_and_errors() {
        let plan = ChannelPlan {
            baud_rate_gbd: Some(64.0),
            spacing_ghz: Some(75.0),
            roll_off: Some(0.15),
            ..ChannelPlan::default()
        };
        let carriers = plan.carriers().unwrap();
        assert_eq!(carriers.len(), 64);
        assert!((carriers[0].frequency_hz - 191.3375e12).abs() < 1.0);
        let overlap = ChannelPlan { baud_rate_gbd: Some(70.0), ..plan.clone() };
        assert!(overlap.carriers().unwrap_err().to_string().contains("spacing_ghz"));
        let too_many = ChannelPlan { channels: Some(65), ..plan.clone() };
        assert!(too_many.carriers().unwrap_err().to_string().contains("channels"));
        let outside = ChannelPlan { band: "custom".into(), bands_thz: vec![[196.0, 199.0]], ..plan.clone() };
        assert!(outside.carriers().is_err());
        let overlapping =
            ChannelPlan { band: "custom".into(), bands_thz: vec![[191.0, 193.0], [192.0, 194.0]], ..plan.clone() };
        assert!(overlapping.carriers().unwrap_err().to_string().contains("overlap"));
        let cl = ChannelPlan { band: "C+L".into(), ..plan };
        assert_eq!(cl.carriers().unwrap().len(), 128);
    }
}
