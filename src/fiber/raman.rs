//! Distributed Raman amplification: pumps launched into a span with the signals (co-propagating, at the
//! transmitter end) or against them (counter-propagating, at the receiver end), the pump–signal and
//! signal–signal Raman transfer along z, pump depletion, and the spontaneous Raman noise (ASE) the pumps add.
//!
//! Model (GNPy 3.0.1's `RamanSolver`, gnpy/core/science_utils.py, with the same coupling as [`super::srs`]):
//!
//! ```text
//! ± dP_k/dz = P_k · ( −α_k + Σ_j C_kj · P_j )      + for signals and co pumps, − for counter pumps
//! ```
//!
//! over every frequency (signals and pumps), C from [`raman_matrix`]. Co-propagating waves are integrated from
//! z = 0, counter-propagating ones from z = L backwards; each sweep takes the other direction's latest profile
//! (a fixed-point iteration, GNPy's `iterative_algorithm`), until the counter pumps' profile changes by less than
//! [`CONVERGENCE_LN`] in ln P at every sample. Each sweep is fourth-order Runge–Kutta in ln P ([`propagate_span`]).
//!
//! Spontaneous Raman noise in channel i, referred to the span input (GNPy `calculate_spontaneous_raman_scattering`):
//!
//! ```text
//! N_i = Σ_{pumps p, f_p > f_i} 2 · h · f_i · Rs_i · (1 + η(f_p − f_i)) · C_ip · ∫₀ᴸ P_p(z) / l_i(z) dz
//! η(Δf) = 1 / (exp(h·Δf / (k·T)) − 1)                      (phonon occupancy at fiber temperature T)
//! ```
//!
//! with l_i(z) = P_i(z)/P_i(0) the channel's net gain profile; the factor 2 counts both polarisations.

use super::gn::{Carrier, FiberPhysics, PLANCK_J_S, SPEED_OF_LIGHT_M_S};
use super::srs::{propagate_span, raman_matrix, RamanGainProfile, SpanProfile, SrsSettings};
use super::FiberError;
use serde::{Deserialize, Serialize};

/// Boltzmann constant (J/K).
pub const BOLTZMANN_J_PER_K: f64 = 1.380_649e-23;
/// Convergence of the co/counter iteration: largest change of ln P_pump at any sample between sweeps.
pub const CONVERGENCE_LN: f64 = 1e-6;
/// Sweeps before the iteration is declared divergent.
pub const MAX_SWEEPS: usize = 400;
/// Largest pump power accepted (mW): beyond a few watts the fiber-fuse and connector limits are passed.
pub const PUMP_POWER_MAX_MW: f64 = 5000.0;
/// Pump wavelengths accepted (nm): Raman pumps for C and L band signals sit at 1380–1520 nm.
pub const PUMP_WAVELENGTH_RANGE_NM: (f64, f64) = (1300.0, 1550.0);

/// Which way a pump travels relative to the signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PumpDirection {
    /// Launched with the signals at the span input.
    Co,
    /// Launched at the span output, travelling towards the transmitter.
    Counter,
}

impl<'de> Deserialize<'de> for PumpDirection {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "co" => Ok(PumpDirection::Co),
            "counter" => Ok(PumpDirection::Counter),
            other => Err(serde::de::Error::custom(format!(
                "raman_pumps direction = {other:?} is invalid; expected \"co\" (with the signals) or \"counter\""
            ))),
        }
    }
}

/// One Raman pump as a design gives it: a frequency or a wavelength, a power and a direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RamanPump {
    /// Pump frequency (THz); give this or `wavelength_nm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_thz: Option<f64>,
    /// Pump wavelength in vacuum (nm); give this or `frequency_thz`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wavelength_nm: Option<f64>,
    /// Power launched into the fiber (mW).
    pub power_mw: f64,
    pub direction: PumpDirection,
}

impl RamanPump {
    /// The pump frequency (Hz), from whichever of frequency and wavelength was given.
    pub fn frequency_hz(&self) -> f64 {
        match (self.frequency_thz, self.wavelength_nm) {
            (Some(f), _) => f * 1e12,
            (None, Some(w)) => SPEED_OF_LIGHT_M_S / (w * 1e-9),
            (None, None) => f64::NAN,
        }
    }
}

/// Checks a design's pumps against the channels, the fiber and the Raman gain table. `context` names them in
/// messages (e.g. `design.raman_pumps`).
pub fn validate_pumps(
    pumps: &[RamanPump],
    carriers: &[Carrier],
    physics: &FiberPhysics,
    profile: &RamanGainProfile,
    context: &str,
) -> Result<(), FiberError> {
    let lowest = carriers.iter().map(|c| c.frequency_hz).fold(f64::INFINITY, f64::min);
    let highest = carriers.iter().map(|c| c.frequency_hz).fold(f64::NEG_INFINITY, f64::max);
    for (k, pump) in pumps.iter().enumerate() {
        let field = |name: &str| format!("raman_pumps[{k}].{name}");
        let (lo_nm, hi_nm) = PUMP_WAVELENGTH_RANGE_NM;
        match (pump.frequency_thz, pump.wavelength_nm) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(FiberError::invalid(
                    context,
                    field("frequency_thz / wavelength_nm"),
                    if pump.frequency_thz.is_some() { "both given" } else { "neither given" },
                    "exactly one of frequency_thz and wavelength_nm",
                ))
            }
            (Some(f), None) => {
                let (lo, hi) =
                    (SPEED_OF_LIGHT_M_S / (hi_nm * 1e-9) * 1e-12, SPEED_OF_LIGHT_M_S / (lo_nm * 1e-9) * 1e-12);
                if !(f >= lo && f <= hi) {
                    return Err(FiberError::invalid(
                        context,
                        field("frequency_thz"),
                        f,
                        format!("a Raman pump frequency in [{lo:.1}, {hi:.1}] THz ({lo_nm}–{hi_nm} nm)"),
                    ));
                }
            }
            (None, Some(w)) => {
                if !(w >= lo_nm && w <= hi_nm) {
                    return Err(FiberError::invalid(
                        context,
                        field("wavelength_nm"),
                        w,
                        format!("a Raman pump wavelength in [{lo_nm}, {hi_nm}] nm"),
                    ));
                }
            }
        }
        if !(pump.power_mw > 0.0 && pump.power_mw <= PUMP_POWER_MAX_MW) {
            return Err(FiberError::invalid(
                context,
                field("power_mw"),
                pump.power_mw,
                format!("a pump power in (0, {PUMP_POWER_MAX_MW}] mW"),
            ));
        }
        let f = pump.frequency_hz();
        let given = if pump.frequency_thz.is_some() { field("frequency_thz") } else { field("wavelength_nm") };
        let shown = format!("{:.3} THz ({:.1} nm)", f * 1e-12, SPEED_OF_LIGHT_M_S / f * 1e9);
        if f <= highest {
            return Err(FiberError::invalid(
                context,
                given,
                shown,
                format!(
                    "a pump above the highest channel ({:.4} THz): a pump inside the signal band is a signal",
                    highest * 1e-12
                ),
            ));
        }
        if f - lowest > profile.max_offset_hz() {
            return Err(FiberError::invalid(
                context,
                given,
                shown,
                format!(
                    "a pump within {:.1} THz of every channel (the Raman gain table's range; the lowest channel is {:.4} THz)",
                    profile.max_offset_hz() * 1e-12,
                    lowest * 1e-12
                ),
            ));
        }
        if physics.alpha_at(f).is_none() {
            return Err(FiberError::invalid(
                context,
                given,
                shown,
                "a pump frequency inside the fiber's loss_table (extend the table to the pump)",
            ));
        }
    }
    Ok(())
}

/// The pumps of one span, prepared for a channel set: frequencies, losses and the Raman coupling blocks.
#[derive(Debug)]
pub struct PumpSet {
    /// Pumps in the order given; `forward` and `backward` index into it.
    pub pumps: Vec<RamanPump>,
    /// Fiber temperature (K) for the spontaneous-emission occupancy.
    pub temperature_k: f64,
    channels: usize,
    /// Indices of co pumps in `pumps`.
    co: Vec<usize>,
    /// Indices of counter pumps in `pumps`.
    counter: Vec<usize>,
    /// Frequencies (Hz): channels, then co pumps, then counter pumps.
    frequency_hz: Vec<f64>,
    /// α (1/m) in the same order.
    alpha_per_m: Vec<f64>,
    /// Coupling among the forward group (channels + co pumps), row-major.
    c_forward: Vec<f64>,
    /// Coupling among counter pumps.
    c_backward: Vec<f64>,
    /// Forward row i, counter pump column b: rate of forward wave i from counter pump b (nf × nb).
    c_forward_by_backward: Vec<f64>,
    /// Counter pump row b, forward column f (nb × nf).
    c_backward_by_forward: Vec<f64>,
    /// Baud rate per channel (Hz).
    baud_rate_hz: Vec<f64>,
    /// Full coupling matrix (all frequencies), for the noise term.
    c_all: Vec<f64>,
    /// The counter pumps' last converged profile (and its span length), the first guess of the next solve: a
    /// launch-power search or a ROPA iteration solves nearly the same span many times.
    warm_start: std::sync::Mutex<Option<(f64, SpanProfile)>>,
}

impl Clone for PumpSet {
    fn clone(&self) -> Self {
        PumpSet {
            pumps: self.pumps.clone(),
            temperature_k: self.temperature_k,
            channels: self.channels,
            co: self.co.clone(),
            counter: self.counter.clone(),
            frequency_hz: self.frequency_hz.clone(),
            alpha_per_m: self.alpha_per_m.clone(),
            c_forward: self.c_forward.clone(),
            c_backward: self.c_backward.clone(),
            c_forward_by_backward: self.c_forward_by_backward.clone(),
            c_backward_by_forward: self.c_backward_by_forward.clone(),
            baud_rate_hz: self.baud_rate_hz.clone(),
            c_all: self.c_all.clone(),
            warm_start: std::sync::Mutex::new(None),
        }
    }
}

/// What a pumped span did beyond the signal profile.
#[derive(Debug, Clone, PartialEq)]
pub struct PumpedSpan {
    /// Net gain profile of every channel (loss, SRS and pump gain).
    pub profile: SpanProfile,
    /// Spontaneous Raman noise per channel referred to the span input (W).
    pub raman_ase_w: Vec<f64>,
    /// Each pump's power at the far end of its travel (co: z = L; counter: z = 0), in the order given (mW).
    pub pump_residual_mw: Vec<f64>,
    /// Co/counter sweeps used (1 without counter pumps).
    pub sweeps: usize,
}

impl PumpSet {
    /// Prepares `pumps` (validated with [`validate_pumps`]) for `carriers` on `physics`.
    pub fn new(
        pumps: &[RamanPump],
        carriers: &[Carrier],
        physics: &FiberPhysics,
        profile: &RamanGainProfile,
        temperature_k: f64,
    ) -> PumpSet {
        let n = carriers.len();
        let co: Vec<usize> = (0..pumps.len()).filter(|&k| pumps[k].direction == PumpDirection::Co).collect();
        let counter: Vec<usize> = (0..pumps.len()).filter(|&k| pumps[k].direction == PumpDirection::Counter).collect();
        let mut frequency_hz: Vec<f64> = carriers.iter().map(|c| c.frequency_hz).collect();
        frequency_hz.extend(co.iter().map(|&k| pumps[k].frequency_hz()));
        frequency_hz.extend(counter.iter().map(|&k| pumps[k].frequency_hz()));
        let alpha_per_m: Vec<f64> =
            frequency_hz.iter().map(|&f| physics.alpha_at(f).expect("validated: loss covers every wave")).collect();
        let c_all = raman_matrix(&frequency_hz, physics, profile);
        let total = frequency_hz.len();
        let nf = n + co.len();
        let block = |rows: std::ops::Range<usize>, cols: std::ops::Range<usize>| {
            let mut out = Vec::with_capacity(rows.len() * cols.len());
            for r in rows {
                out.extend_from_slice(&c_all[r * total + cols.start..r * total + cols.end]);
            }
            out
        };
        PumpSet {
            pumps: pumps.to_vec(),
            temperature_k,
            channels: n,
            c_forward: block(0..nf, 0..nf),
            c_backward: block(nf..total, nf..total),
            c_forward_by_backward: block(0..nf, nf..total),
            c_backward_by_forward: block(nf..total, 0..nf),
            co,
            counter,
            frequency_hz,
            alpha_per_m,
            baud_rate_hz: carriers.iter().map(|c| c.baud_rate_hz).collect(),
            c_all,
            warm_start: std::sync::Mutex::new(None),
        }
    }

    /// Total launched pump power (mW).
    pub fn total_power_mw(&self) -> f64 {
        self.pumps.iter().map(|p| p.power_mw).sum()
    }

    /// Solves the span for channel input powers `signal_w` (W, total per channel) over `length_m`, RK4 step
    /// `step_m`.
    pub fn solve(&self, signal_w: &[f64], length_m: f64, step_m: f64) -> Result<PumpedSpan, FiberError> {
        let settings = SrsSettings { step_m, sample_m: step_m };
        let mut forward_launch: Vec<f64> = signal_w.to_vec();
        forward_launch.extend(self.co.iter().map(|&k| self.pumps[k].power_mw * 1e-3));
        let backward_launch: Vec<f64> = self.counter.iter().map(|&k| self.pumps[k].power_mw * 1e-3).collect();
        let launches = Launches { forward: &forward_launch, backward: &backward_launch };
        if backward_launch.is_empty() {
            let forward = self.forward_sweep(&launches, None, length_m, settings);
            return Ok(self.finish(forward, None, &launches, 1));
        }
        // Counter pumps alone (pump–pump SRS) are the first guess; profiles of counter pumps run in u = L − z.
        let nf = forward_launch.len();
        let warm = self.warm_start.lock().ok().and_then(|w| w.clone()).filter(|(l, _)| *l == length_m);
        let mut backward = match warm {
            Some((_, profile)) => profile,
            None => {
                propagate_span(&backward_launch, &self.alpha_per_m[nf..], &self.c_backward, length_m, settings, None)
            }
        };
        // Strong pumps make the plain fixed point oscillate (undepleted pumps → strong signals → depleted pumps → weak
        // signals …; GNPy 3.0.1's iteration never settles there): the update is under-relaxed in ln P, the
        // relaxation halved whenever a sweep does not shrink the change.
        let mut relaxation = 1.0f64;
        let mut last_change = f64::INFINITY;
        for sweep in 1..=MAX_SWEEPS {
            let forward = self.forward_sweep(&launches, Some(&backward), length_m, settings);
            let mut new = self.backward_sweep(&launches, &forward, length_m, settings);
            let change = new.gain.iter().zip(&backward.gain).map(|(a, b)| (a / b).ln().abs()).fold(0.0, f64::max);
            if change >= last_change {
                relaxation = (relaxation / 2.0).max(1.0 / 64.0);
            }
            last_change = change;
            if relaxation < 1.0 {
                for (n, o) in new.gain.iter_mut().zip(&backward.gain) {
                    *n = o * (*n / o).powf(relaxation);
                }
            }
            backward = new;
            if change < CONVERGENCE_LN {
                // A last forward sweep with the converged pumps keeps signals and pumps consistent.
                let forward = self.forward_sweep(&launches, Some(&backward), length_m, settings);
                if let Ok(mut w) = self.warm_start.lock() {
                    *w = Some((length_m, backward.clone()));
                }
                return Ok(self.finish(forward, Some(backward), &launches, sweep));
            }
            if !change.is_finite() {
                break;
            }
        }
        Err(FiberError::invalid(
            "design",
            "raman_pumps",
            format!("{:.0} mW in all", self.total_power_mw()),
            format!(
                "pumps the co/counter iteration can solve (no convergence in {MAX_SWEEPS} sweeps): lower the pump \
                 powers or the launch power"
            ),
        ))
    }

    /// Channels and co pumps from z = 0, with the counter pumps' gain from `backward` (profile in u = L − z).
    fn forward_sweep(
        &self,
        launches: &Launches,
        backward: Option<&SpanProfile>,
        length_m: f64,
        settings: SrsSettings,
    ) -> SpanProfile {
        let nf = launches.forward.len();
        let nb = launches.backward.len();
        let alpha = &self.alpha_per_m[..nf];
        let Some(back) = backward else {
            return propagate_span(launches.forward, alpha, &self.c_forward, length_m, settings, None);
        };
        let mut pb = vec![0.0; nb];
        let pb_cell = std::cell::RefCell::new(&mut pb);
        let rate = |z: f64, out: &mut [f64]| {
            let mut pb = pb_cell.borrow_mut();
            powers_at(back, launches.backward, length_m - z, &mut pb);
            for (i, o) in out.iter_mut().enumerate() {
                let row = &self.c_forward_by_backward[i * nb..(i + 1) * nb];
                *o = row.iter().zip(pb.iter()).map(|(c, p)| c * p).sum();
            }
        };
        propagate_span(launches.forward, alpha, &self.c_forward, length_m, settings, Some(&rate))
    }

    /// Counter pumps from z = L backwards, with the forward waves' depletion from `forward`.
    fn backward_sweep(
        &self,
        launches: &Launches,
        forward: &SpanProfile,
        length_m: f64,
        settings: SrsSettings,
    ) -> SpanProfile {
        let nf = launches.forward.len();
        let mut pf = vec![0.0; nf];
        let pf_cell = std::cell::RefCell::new(&mut pf);
        let rate = |u: f64, out: &mut [f64]| {
            let mut pf = pf_cell.borrow_mut();
            powers_at(forward, launches.forward, length_m - u, &mut pf);
            for (b, o) in out.iter_mut().enumerate() {
                let row = &self.c_backward_by_forward[b * nf..(b + 1) * nf];
                *o = row.iter().zip(pf.iter()).map(|(c, p)| c * p).sum();
            }
        };
        propagate_span(launches.backward, &self.alpha_per_m[nf..], &self.c_backward, length_m, settings, Some(&rate))
    }

    /// The channels' profile, their spontaneous Raman noise and the pump residuals from converged sweeps.
    fn finish(
        &self,
        forward: SpanProfile,
        backward: Option<SpanProfile>,
        launches: &Launches,
        sweeps: usize,
    ) -> PumpedSpan {
        let n = self.channels;
        let nz = forward.z_m.len();
        let total = self.frequency_hz.len();
        // Pump power (W) at every forward sample, pumps in the order co..., counter... (as frequency_hz).
        let mut pump_w: Vec<Vec<f64>> = Vec::new();
        for (c, &launch) in launches.forward[n..].iter().enumerate() {
            pump_w.push(forward.channel(n + c).iter().map(|g| g * launch).collect());
        }
        if let Some(back) = &backward {
            for (b, &launch) in launches.backward.iter().enumerate() {
                // Same uniform grid: forward sample k is backward sample nz − 1 − k.
                let g = back.channel(b);
                pump_w.push((0..nz).map(|k| g[nz - 1 - k] * launch).collect());
            }
        }
        let mut raman_ase_w = vec![0.0; n];
        for (i, ase) in raman_ase_w.iter_mut().enumerate() {
            let fi = self.frequency_hz[i];
            let l = forward.channel(i);
            for (p, power) in pump_w.iter().enumerate() {
                let fp = self.frequency_hz[n + p];
                if fp <= fi {
                    continue;
                }
                let x = PLANCK_J_S * (fp - fi) / (BOLTZMANN_J_PER_K * self.temperature_k);
                let occupancy = 1.0 / x.exp_m1();
                let c_ip = self.c_all[i * total + n + p];
                let mut integral = 0.0;
                for k in 0..nz - 1 {
                    let dz = forward.z_m[k + 1] - forward.z_m[k];
                    integral += 0.5 * dz * (power[k] / l[k] + power[k + 1] / l[k + 1]);
                }
                *ase += 2.0 * PLANCK_J_S * fi * self.baud_rate_hz[i] * (1.0 + occupancy) * c_ip * integral;
            }
        }
        let mut pump_residual_mw = vec![0.0; self.pumps.len()];
        for (c, &k) in self.co.iter().enumerate() {
            pump_residual_mw[k] = pump_w[c][nz - 1] * 1e3;
        }
        for (b, &k) in self.counter.iter().enumerate() {
            pump_residual_mw[k] = pump_w[self.co.len() + b][0] * 1e3;
        }
        let profile = SpanProfile { z_m: forward.z_m.clone(), gain: forward.gain[..n * nz].to_vec() };
        PumpedSpan { profile, raman_ase_w, pump_residual_mw, sweeps }
    }
}

/// Launch powers (W) of the two directions.
struct Launches<'a> {
    /// Channels then co pumps, at z = 0.
    forward: &'a [f64],
    /// Counter pumps, at z = L.
    backward: &'a [f64],
}

/// Powers (W) of a group at position `x` (m along its own direction) from its profile on a uniform grid,
/// exponential (ln-linear) interpolation between samples.
fn powers_at(profile: &SpanProfile, launch_w: &[f64], x: f64, out: &mut [f64]) {
    let nz = profile.z_m.len();
    let length = profile.z_m[nz - 1];
    let h = length / (nz - 1) as f64;
    let pos = (x / h).clamp(0.0, (nz - 1) as f64);
    let k = (pos.floor() as usize).min(nz - 2);
    let t = pos - k as f64;
    for (i, o) in out.iter_mut().enumerate() {
        let row = profile.channel(i);
        let (a, b) = (row[k], row[k + 1]);
        let g = if t < 1e-9 {
            a
        } else if (t - 0.5).abs() < 1e-9 {
            (a * b).sqrt()
        } else {
            a * (b / a).powf(t)
        };
        *o = launch_w[i] * g;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiber::srs::tests::ssmf;

    fn carrier(f_thz: f64) -> Carrier {
        Carrier { frequency_hz: f_thz * 1e12, baud_rate_hz: 64e9 }
    }

    fn pump(f_thz: f64, mw: f64, direction: PumpDirection) -> RamanPump {
        RamanPump { frequency_thz: Some(f_thz), wavelength_nm: None, power_mw: mw, direction }
    }

    /// A weak probe and one undepleted pump: on-off gain = exp(C · P_p · L_eff,p), L_eff,p = (1 − e^{−α L})/α,
    /// for either direction (the probe sees the same integrated pump power).
    #[test]
    fn small_signal_gain_matches_the_undepleted_closed_form() {
        let fiber = ssmf();
        let carriers = [carrier(193.0)];
        let table = RamanGainProfile::bundled();
        let length = 100e3;
        for direction in [PumpDirection::Co, PumpDirection::Counter] {
            let set = PumpSet::new(&[pump(206.0, 300.0, direction)], &carriers, &fiber, table, 283.0);
            let solved = set.solve(&[1e-9], length, 500.0).unwrap();
            let a = fiber.alpha_per_m;
            let c = set.c_all[1]; // channel 0 pumped by pump (index 1)
            let expected_db = 10.0 * (c * 0.3 * (1.0 - (-a * length).exp()) / a).exp().log10();
            let got_db = 10.0 * (solved.profile.output_gain(0) / (-a * length).exp()).log10();
            assert!((got_db - expected_db).abs() < 1e-4, "{direction:?}: {got_db} vs {expected_db}");
            assert!(got_db > 5.0 && got_db < 30.0, "{got_db}");
            // Pump residual: undepleted, e^{−αL} of 300 mW.
            assert!((solved.pump_residual_mw[0] / (300.0 * (-a * length).exp()) - 1.0).abs() < 1e-3);
            assert!(solved.raman_ase_w[0] > 0.0);
        }
    }

    #[test]
    fn strong_signals_deplete_a_counter_pump_and_the_iteration_converges() {
        let fiber = ssmf();
        let carriers: Vec<Carrier> = (0..40).map(|i| carrier(191.35 + 0.1 * i as f64)).collect();
        let table = RamanGainProfile::bundled();
        let set = PumpSet::new(&[pump(205.0, 400.0, PumpDirection::Counter)], &carriers, &fiber, table, 283.0);
        let weak = set.solve(&vec![1e-7; 40], 100e3, 1e3).unwrap();
        let strong = set.solve(&vec![5e-3; 40], 100e3, 1e3).unwrap();
        assert!(strong.sweeps > 1);
        assert!(strong.pump_residual_mw[0] < weak.pump_residual_mw[0] * 0.99);
        assert!(strong.profile.output_gain(20) < weak.profile.output_gain(20));
    }

    #[test]
    fn pump_errors_name_the_field() {
        let fiber = ssmf();
        let c_band: Vec<Carrier> = (0..4).map(|i| carrier(195.8 + 0.1 * i as f64)).collect();
        let l_band: Vec<Carrier> = (0..4).map(|i| carrier(186.1 + 0.1 * i as f64)).collect();
        let table = RamanGainProfile::bundled();
        let check_on = |carriers: &[Carrier], p: RamanPump| {
            validate_pumps(&[p], carriers, &fiber, table, "design").unwrap_err().to_string()
        };
        let check = |p: RamanPump| check_on(&c_band, p);
        let e = check(pump(196.0, 100.0, PumpDirection::Co));
        assert!(e.contains("raman_pumps[0].frequency_thz") && e.contains("above the highest channel"), "{e}");
        let e = check(RamanPump {
            frequency_thz: None,
            wavelength_nm: Some(1200.0),
            ..pump(0.0, 100.0, PumpDirection::Co)
        });
        assert!(e.contains("wavelength_nm") && e.contains("[1300, 1550] nm"), "{e}");
        let e = check_on(
            &l_band,
            RamanPump { frequency_thz: None, wavelength_nm: Some(1305.0), ..pump(0.0, 100.0, PumpDirection::Co) },
        );
        assert!(e.contains("wavelength_nm") && e.contains("Raman gain table"), "{e}");
        let e = check(pump(206.0, 0.0, PumpDirection::Counter));
        assert!(e.contains("power_mw"), "{e}");
        let e = check(RamanPump { wavelength_nm: Some(1450.0), ..pump(206.0, 100.0, PumpDirection::Co) });
        assert!(e.contains("exactly one"), "{e}");
        assert!(validate_pumps(&[pump(206.0, 100.0, PumpDirection::Co)], &c_band, &fiber, table, "d").is_ok());
    }
}
