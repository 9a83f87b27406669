//! Inter-channel stimulated Raman scattering (SRS) along a span: the Raman gain spectrum of silica, the
//! Raman coupling matrix of a channel set, and the power evolution of every channel along z.
//!
//! Model (the coupled Raman equations without spontaneous emission, as GNPy's `RamanSolver`):
//!
//! ```text
//! dP_i/dz = P_i · ( −α_i + Σ_j C_ij · P_j )
//! C_ij = g(f_j − f_i) · f_j / f_ref / A_ov(f_i, f_j)          f_j > f_i (j pumps i)
//! C_ij = g(f_j − f_i) · f_i / f_ref / A_ov(f_i, f_j) (< 0)    f_j < f_i (i pumps j)
//! ```
//!
//! so that C_lh = −C_hl: the transfer conserves power (GNPy 3.0.1's convention; the quantum-defect loss of
//! the pump, a factor f_h/f_l ≈ 1.05 across C+L on the transferred power only, is not modelled).
//!
//! with g(Δf) the Raman gain of silica as g0·A_ov (m/W) at the pump reference frequency f_ref = 206.18 THz
//! (1454 nm), tabulated in configs/equipment/raman_gain_silica.csv (exported from GNPy 3.0.1's default profile,
//! D'Amico et al., JLT 40, 3499 (2022); odd in Δf), A_ov the mean of the two effective areas (step-index
//! scaling, [`FiberPhysics::effective_area_m2_at`]) and α_i the fiber's loss at f_i. The equations are integrated
//! in ln P by fourth-order Runge–Kutta on a uniform step (default 1 km; halving it changes the output power by
//! < 1e-6 dB on a 128-channel C+L span); the profile is kept on a coarser grid for the NLI integrals.
//! Pumps (distributed Raman amplification) are in [`super::raman`].

use super::gn::FiberPhysics;
use super::FiberError;
use std::sync::OnceLock;

/// The bundled Raman gain table.
pub const RAMAN_GAIN_CSV: &str = include_str!("../../configs/equipment/raman_gain_silica.csv");

/// Raman gain spectrum of silica against pump–signal frequency offset.
#[derive(Debug, Clone, PartialEq)]
pub struct RamanGainProfile {
    /// Frequency offsets, increasing from 0 (Hz).
    pub offset_hz: Vec<f64>,
    /// g0 · A_ov (m/W) at each offset, for a pump at `reference_frequency_hz`.
    pub gamma_raman_m_per_w: Vec<f64>,
    /// Pump frequency the table is measured at (Hz).
    pub reference_frequency_hz: f64,
}

/// GNPy's reference pump frequency for the default profile (1454 nm).
pub const RAMAN_REFERENCE_FREQUENCY_HZ: f64 = 206.184634112792e12;

impl RamanGainProfile {
    /// Parses `offset_thz,gamma_raman_m_per_w` rows (comment lines start with `#`).
    pub fn parse_csv(text: &str, file: &str) -> Result<RamanGainProfile, FiberError> {
        let mut offset_hz = Vec::new();
        let mut gamma = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("offset_thz") {
                continue;
            }
            let bad = |what: &str| FiberError::Parse {
                file: file.to_string(),
                message: format!("line {}: {what} (expected offset_thz,gamma_raman_m_per_w)", n + 1),
            };
            let mut parts = line.split(',');
            let off: f64 = parts.next().and_then(|s| s.trim().parse().ok()).ok_or_else(|| bad("bad offset"))?;
            let g: f64 = parts.next().and_then(|s| s.trim().parse().ok()).ok_or_else(|| bad("bad gain"))?;
            if !((0.0..100.0).contains(&off) && (0.0..1e-12).contains(&g)) {
                return Err(bad("value out of range"));
            }
            if offset_hz.last().is_some_and(|&last: &f64| off * 1e12 <= last) {
                return Err(bad("offsets must increase"));
            }
            offset_hz.push(off * 1e12);
            gamma.push(g);
        }
        if offset_hz.len() < 2 || offset_hz[0] != 0.0 {
            return Err(FiberError::Parse { file: file.to_string(), message: "need rows from offset 0".into() });
        }
        Ok(RamanGainProfile {
            offset_hz,
            gamma_raman_m_per_w: gamma,
            reference_frequency_hz: RAMAN_REFERENCE_FREQUENCY_HZ,
        })
    }

    /// The bundled profile (configs/equipment/raman_gain_silica.csv).
    pub fn bundled() -> &'static RamanGainProfile {
        static PROFILE: OnceLock<RamanGainProfile> = OnceLock::new();
        PROFILE.get_or_init(|| {
            RamanGainProfile::parse_csv(RAMAN_GAIN_CSV, "configs/equipment/raman_gain_silica.csv")
                .expect("bundled Raman table is valid (checked by tests)")
        })
    }

    /// Largest tabulated offset (Hz): pumps farther than this from every channel are outside the model.
    pub fn max_offset_hz(&self) -> f64 {
        *self.offset_hz.last().unwrap_or(&0.0)
    }

    /// g0·A_ov (m/W) at a signed offset `df = f_pump − f_signal` (odd: negative for a signal above the pump),
    /// linear interpolation, the last value held beyond the table (as numpy's `interp`).
    pub fn gamma_raman_at(&self, df_hz: f64) -> f64 {
        let x = df_hz.abs();
        let table = &self.offset_hz;
        let g = &self.gamma_raman_m_per_w;
        let value = if x >= table[table.len() - 1] {
            g[g.len() - 1]
        } else {
            let k = table.partition_point(|&o| o <= x).max(1) - 1;
            let t = (x - table[k]) / (table[k + 1] - table[k]);
            g[k] + t * (g[k + 1] - g[k])
        };
        value.copysign(df_hz)
    }
}

/// Raman coupling matrix C (1/(W·m), row-major n × n) of channels at `frequencies_hz`: dP_i/dz gets
/// P_i · Σ_j C[i·n + j] · P_j.
pub fn raman_matrix(frequencies_hz: &[f64], fiber: &FiberPhysics, profile: &RamanGainProfile) -> Vec<f64> {
    let n = frequencies_hz.len();
    let areas: Vec<f64> = frequencies_hz.iter().map(|&f| fiber.effective_area_m2_at(f)).collect();
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (fi, fj) = (frequencies_hz[i], frequencies_hz[j]);
            let overlap = (areas[i] + areas[j]) / 2.0;
            let g = profile.gamma_raman_at(fj - fi) / profile.reference_frequency_hz / overlap;
            c[i * n + j] = if fj > fi { g * fj } else { g * fi };
        }
    }
    c
}

/// The power evolution of every channel along one span.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanProfile {
    /// Positions of the kept samples (m), 0 … length.
    pub z_m: Vec<f64>,
    /// P_i(z) / P_i(0), row-major `channels × z_m.len()`.
    pub gain: Vec<f64>,
}

impl SpanProfile {
    /// Number of channels.
    pub fn channels(&self) -> usize {
        self.gain.len() / self.z_m.len()
    }

    /// P_i(L) / P_i(0): the net transmission of channel i over the span (fiber loss and SRS).
    pub fn output_gain(&self, i: usize) -> f64 {
        let nz = self.z_m.len();
        self.gain[i * nz + nz - 1]
    }

    /// The same profile on samples at least `spacing_m` apart (every k-th sample, the last one kept).
    pub fn thinned(&self, spacing_m: f64) -> SpanProfile {
        let nz = self.z_m.len();
        let h = self.z_m[nz - 1] / (nz - 1).max(1) as f64;
        let every = ((spacing_m / h).round() as usize).max(1);
        if every == 1 {
            return self.clone();
        }
        let mut keep: Vec<usize> = (0..nz).step_by(every).collect();
        if keep.last() != Some(&(nz - 1)) {
            keep.push(nz - 1);
        }
        let z_m = keep.iter().map(|&k| self.z_m[k]).collect();
        let mut gain = Vec::with_capacity(self.channels() * keep.len());
        for i in 0..self.channels() {
            let row = self.channel(i);
            gain.extend(keep.iter().map(|&k| row[k]));
        }
        SpanProfile { z_m, gain }
    }

    /// The samples of channel i.
    pub fn channel(&self, i: usize) -> &[f64] {
        let nz = self.z_m.len();
        &self.gain[i * nz..(i + 1) * nz]
    }
}

/// RK4 step of spans with Raman pumps (m): the pump gain concentrates near the pumped end.
pub const PUMPED_STEP_M: f64 = 1e3;

/// Integration settings of the Raman equations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SrsSettings {
    /// RK4 step (m).
    pub step_m: f64,
    /// Spacing of the kept profile samples (m), a multiple of the step.
    pub sample_m: f64,
}

impl Default for SrsSettings {
    fn default() -> Self {
        SrsSettings { step_m: 5e3, sample_m: 5e3 }
    }
}

/// An external gain rate r_i(z) (1/m) written into the slice for position z (m).
pub type ExternalGain<'a> = dyn Fn(f64, &mut [f64]) + 'a;

/// Integrates the co-propagating Raman equations over `length_m` from launch powers `powers_w` (W) with losses
/// `alpha_per_m` (1/m) and coupling `c` ([`raman_matrix`]); an optional `external` term adds a known gain
/// rate r_i(z) (1/m) to d ln P_i/dz (a counter-propagating pump's, see [`super::raman`]).
pub fn propagate_span(
    powers_w: &[f64],
    alpha_per_m: &[f64],
    c: &[f64],
    length_m: f64,
    settings: SrsSettings,
    external: Option<&ExternalGain<'_>>,
) -> SpanProfile {
    let n = powers_w.len();
    let steps = (length_m / settings.step_m).ceil().max(1.0) as usize;
    let h = length_m / steps as f64;
    let keep_every = ((settings.sample_m / settings.step_m).round() as usize).max(1);
    let mut z_m = vec![0.0];
    let mut ln_p: Vec<f64> = powers_w.iter().map(|p| p.ln()).collect();
    let ln_p0 = ln_p.clone();
    let mut samples: Vec<Vec<f64>> = vec![vec![0.0; n]];
    let mut ext = vec![0.0; n];
    let mut p = vec![0.0; n];
    let mut derivative = |z: f64, ln_p: &[f64], out: &mut [f64], ext: &mut [f64]| {
        for (pj, x) in p.iter_mut().zip(ln_p) {
            *pj = x.exp();
        }
        if let Some(f) = external {
            f(z, ext);
        }
        for i in 0..n {
            let s = dot(&c[i * n..(i + 1) * n], &p);
            out[i] = -alpha_per_m[i] + s + if external.is_some() { ext[i] } else { 0.0 };
        }
    };
    let (mut k1, mut k2, mut k3, mut k4) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut tmp = vec![0.0; n];
    for step in 0..steps {
        let z = step as f64 * h;
        derivative(z, &ln_p, &mut k1, &mut ext);
        for i in 0..n {
            tmp[i] = ln_p[i] + 0.5 * h * k1[i];
        }
        derivative(z + 0.5 * h, &tmp, &mut k2, &mut ext);
        for i in 0..n {
            tmp[i] = ln_p[i] + 0.5 * h * k2[i];
        }
        derivative(z + 0.5 * h, &tmp, &mut k3, &mut ext);
        for i in 0..n {
            tmp[i] = ln_p[i] + h * k3[i];
        }
        derivative(z + h, &tmp, &mut k4, &mut ext);
        for i in 0..n {
            ln_p[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
        if (step + 1) % keep_every == 0 || step + 1 == steps {
            z_m.push(z + h);
            samples.push(ln_p.iter().zip(&ln_p0).map(|(a, b)| a - b).collect());
        }
    }
    let nz = z_m.len();
    let mut gain = vec![0.0; n * nz];
    for (k, sample) in samples.iter().enumerate() {
        for i in 0..n {
            gain[i * nz + k] = sample[i].exp();
        }
    }
    SpanProfile { z_m, gain }
}

/// Σ a_k·b_k with four independent partial sums (so the compiler can keep them in SIMD lanes).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, a_rest) = a.split_at(a.len() / 4 * 4);
    let (b4, b_rest) = b.split_at(a4.len());
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Without SRS: P_i(z)/P_i(0) = exp(−α_i z) on the same grid shape (two samples).
pub fn exponential_profile(alpha_per_m: &[f64], length_m: f64) -> SpanProfile {
    let mut gain = Vec::with_capacity(alpha_per_m.len() * 2);
    for a in alpha_per_m {
        gain.push(1.0);
        gain.push((-a * length_m).exp());
    }
    SpanProfile { z_m: vec![0.0, length_m], gain }
}

/// Moments of a channel's normalised profile l(z) = P(z)/P(0) used by the generalised GN model:
/// (L_eff = ∫ l dz, ∫ l² dz), by the trapezoidal rule in ln l (exact for exponential pieces).
pub fn profile_moments(z_m: &[f64], l: &[f64]) -> (f64, f64) {
    let mut m1 = 0.0;
    let mut m2 = 0.0;
    for k in 0..z_m.len() - 1 {
        let dz = z_m[k + 1] - z_m[k];
        let (a, b) = (l[k], l[k + 1]);
        m1 += exp_piece_integral(a, b, dz);
        m2 += exp_piece_integral(a * a, b * b, dz);
    }
    (m1, m2)
}

/// ∫ over [0, dz] of the exponential through a at 0 and b at dz.
fn exp_piece_integral(a: f64, b: f64, dz: f64) -> f64 {
    let r = (b / a).ln();
    if r.abs() < 1e-9 {
        (a + b) / 2.0 * dz
    } else {
        (b - a) / r * dz
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fiber::equipment::FiberType;

    /// A standard single-mode fiber (0.2 dB/km, 16.7 ps/(nm·km), 80 µm²) for the fiber modules' tests.
    pub(crate) fn ssmf() -> FiberPhysics {
        FiberPhysics::new(&FiberType {
            name: "x".into(),
            description: String::new(),
            loss_db_per_km: 0.2,
            loss_table: Vec::new(),
            dispersion_ps_per_nm_km: 16.7,
            dispersion_slope_ps_per_nm2_km: Some(0.058),
            effective_area_um2: 80.0,
            n2_m2_per_w: 2.6e-20,
            group_index: 1.468,
            source: String::new(),
        })
    }

    #[test]
    fn profile_peak_and_symmetry() {
        let p = RamanGainProfile::bundled();
        // Silica's Raman peak near 13.2 THz, g0·A ≈ 3.3e-14 m/W at 1454 nm.
        let peak = p.offset_hz.iter().zip(&p.gamma_raman_m_per_w).max_by(|a, b| a.1.total_cmp(b.1)).unwrap();
        assert!((12.5e12..=14.0e12).contains(peak.0), "{:?}", peak);
        assert!((p.gamma_raman_at(-5e12) + p.gamma_raman_at(5e12)).abs() < 1e-30);
        assert_eq!(p.gamma_raman_at(0.0), 0.0);
        assert!(RamanGainProfile::parse_csv("offset_thz,g\n1,2\n", "x.csv").is_err());
    }

    #[test]
    fn no_pumps_no_srs_is_exponential() {
        let f = ssmf();
        let alpha = [f.alpha_per_m];
        let c = raman_matrix(&[193e12], &f, RamanGainProfile::bundled());
        let prof = propagate_span(&[1e-3], &alpha, &c, 80e3, SrsSettings::default(), None);
        assert!((prof.output_gain(0) - (-f.alpha_per_m * 80e3).exp()).abs() < 1e-12);
        let (m1, m2) = profile_moments(&prof.z_m, prof.channel(0));
        let a = f.alpha_per_m;
        assert!((m1 - (1.0 - (-a * 80e3).exp()) / a).abs() < 1e-6 * m1);
        assert!((m2 - (1.0 - (-2.0 * a * 80e3).exp()) / (2.0 * a)).abs() < 1e-6 * m2);
    }

    #[test]
    fn srs_moves_power_down_in_frequency_and_conserves_power() {
        let f = ssmf();
        let freqs: Vec<f64> = (0..40).map(|i| 186.1e12 + 250e9 * i as f64).collect();
        let c = raman_matrix(&freqs, &f, RamanGainProfile::bundled());
        let alpha = vec![f.alpha_per_m; freqs.len()];
        let p = vec![2e-3; freqs.len()];
        let prof = propagate_span(&p, &alpha, &c, 80e3, SrsSettings::default(), None);
        let lo = prof.output_gain(0);
        let hi = prof.output_gain(freqs.len() - 1);
        assert!(lo > hi * 1.5, "low {lo} high {hi}");
        // GNPy's coupling (C_lh = −C_hl = g·f_h) conserves power: with a flat loss, Σ P(L) = Σ P(0)·e^{−αL}.
        let power_in: f64 = p.iter().sum();
        let power_out: f64 =
            (0..freqs.len()).map(|i| p[i] * prof.output_gain(i)).sum::<f64>() / (-f.alpha_per_m * 80e3).exp();
        assert!(((power_out - power_in) / power_in).abs() < 1e-6, "{power_in} {power_out}");
        // Step halving changes nothing visible (the default 5 km step against 2.5 km).
        let fine = propagate_span(&p, &alpha, &c, 80e3, SrsSettings { step_m: 2.5e3, sample_m: 5e3 }, None);
        for i in 0..freqs.len() {
            assert!((10.0 * (fine.output_gain(i) / prof.output_gain(i)).log10()).abs() < 1e-5);
        }
    }
}

#[cfg(test)]
mod step_tests {
    use super::*;

    /// The output of a 128-channel C+L span at 2 dBm/ch (strong SRS, 4.8 dB tilt) against a 250 m step: the
    /// default 5 km step is within 1e-5 dB (measured: 1 km 9e-9, 2 km 1.5e-7, 4 km 2.5e-6, 5 km 6e-6, 10 km 1e-4,
    /// 20 km 1.6e-3 dB): RK4 in ln P on a profile that is smooth on the 1/α ≈ 22 km scale.
    #[test]
    fn step_convergence_on_a_cl_span() {
        let f = tests::ssmf();
        let freqs: Vec<f64> = (0..128).map(|i| 186.1375e12 + 75e9 * i as f64).collect();
        let c = raman_matrix(&freqs, &f, RamanGainProfile::bundled());
        let alpha = vec![f.alpha_per_m; freqs.len()];
        let p = vec![10f64.powf(0.2) * 1e-3; freqs.len()];
        let reference = propagate_span(&p, &alpha, &c, 100e3, SrsSettings { step_m: 250.0, sample_m: 1e3 }, None);
        let prof = propagate_span(&p, &alpha, &c, 100e3, SrsSettings::default(), None);
        let worst = (0..freqs.len())
            .map(|i| (10.0 * (prof.output_gain(i) / reference.output_gain(i)).log10()).abs())
            .fold(0.0, f64::max);
        let tilt = 10.0 * (reference.output_gain(0) / reference.output_gain(127)).log10();
        assert!(tilt > 4.0, "{tilt}");
        assert!(worst < 1e-5, "worst {worst:e} dB");
    }
}
