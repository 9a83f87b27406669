//! Distributed Raman amplification against GNPy 3.0.1's `RamanFiber` (numerical Raman solver with co/counter
//! iteration, spontaneous Raman noise, NLI by `ggn_spectrally_separated`): the cases of
//! tests/data/gnpy_raman_cases.toml, outputs tests/data/gnpy_raman_<case>.csv, _onoff_ and _pumps_ files, written
//! by scripts/gnpy_raman_reference.py. Compared per channel at the fiber output: signal power, on-off Raman gain,
//! spontaneous Raman noise (ASE), and GSNR = signal / (ASE + NLI) on GNPy's computed channels; and each pump's
//! power at the far end of its travel.

use satfiber::fiber::elements::{FiberSpan, SpanNli, SpectrumState};
use satfiber::fiber::raman::{PumpDirection, PumpSet, RamanPump};
use satfiber::fiber::srs::RamanGainProfile;
use satfiber::fiber::{Carrier, FiberPhysics, FiberType};
use serde::Deserialize;

/// The tolerances: signal power and GSNR within 0.2 dB of GNPy's Raman solver.
const TOL_POWER_DB: f64 = 0.2;
const TOL_GSNR_DB: f64 = 0.2;
/// Spontaneous Raman noise and far-end pump power: the same 0.2 dB.
const TOL_NOISE_DB: f64 = 0.2;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    length_km: f64,
    loss_db_per_km: f64,
    dispersion_ps_per_nm_km: f64,
    dispersion_slope_ps_per_nm2_km: f64,
    effective_area_um2: f64,
    n2_m2_per_w: f64,
    temperature_k: f64,
    baud_rate_gbd: f64,
    spacing_ghz: f64,
    first_channel_thz: f64,
    channels: usize,
    launch_dbm_per_channel: f64,
    #[allow(dead_code)]
    computed_channels: Vec<usize>,
    pump: Vec<Pump>,
}

#[derive(Deserialize)]
struct Pump {
    frequency_thz: f64,
    power_mw: f64,
    direction: String,
}

fn rows(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

fn db(x: f64) -> f64 {
    10.0 * x.log10()
}

struct Worst {
    what: &'static str,
    value: f64,
    at: String,
}

impl Worst {
    fn new(what: &'static str) -> Worst {
        Worst { what, value: 0.0, at: String::new() }
    }
    fn see(&mut self, diff: f64, at: impl FnOnce() -> String) {
        if diff.abs() > self.value.abs() {
            self.value = diff;
            self.at = at();
        }
    }
}

#[test]
fn raman_spans_match_gnpy() {
    let cases: Cases = toml::from_str(include_str!("data/gnpy_raman_cases.toml")).unwrap();
    let mut power = Worst::new("signal power");
    let mut onoff = Worst::new("on-off gain");
    let mut noise = Worst::new("Raman ASE");
    let mut gsnr = Worst::new("GSNR");
    let mut pumps_far = Worst::new("far-end pump power");
    let mut checked = 0;
    for case in &cases.case {
        let path = format!("tests/data/gnpy_raman_{}.csv", case.name);
        if !std::path::Path::new(&path).exists() {
            eprintln!("TEMP {path} missing");
            continue;
        }
        let fiber = FiberType {
            name: case.name.clone(),
            description: String::new(),
            loss_db_per_km: case.loss_db_per_km,
            loss_table: Vec::new(),
            dispersion_ps_per_nm_km: case.dispersion_ps_per_nm_km,
            dispersion_slope_ps_per_nm2_km: Some(case.dispersion_slope_ps_per_nm2_km),
            effective_area_um2: case.effective_area_um2,
            n2_m2_per_w: case.n2_m2_per_w,
            group_index: 1.468,
            source: String::new(),
        };
        let physics = FiberPhysics::new(&fiber);
        let carriers: Vec<Carrier> = (0..case.channels)
            .map(|k| Carrier {
                frequency_hz: (case.first_channel_thz + k as f64 * case.spacing_ghz * 1e-3) * 1e12,
                baud_rate_hz: case.baud_rate_gbd * 1e9,
            })
            .collect();
        let pumps: Vec<RamanPump> = case
            .pump
            .iter()
            .map(|p| RamanPump {
                frequency_thz: Some(p.frequency_thz),
                wavelength_nm: None,
                power_mw: p.power_mw,
                direction: if p.direction == "co" { PumpDirection::Co } else { PumpDirection::Counter },
            })
            .collect();
        let length_m = case.length_km * 1e3;
        let launch = vec![10f64.powf(case.launch_dbm_per_channel / 10.0) * 1e-3; case.channels];
        let profile = RamanGainProfile::bundled();
        let plain = FiberSpan::new(&carriers, &physics, length_m, 0.0, SpanNli::IsrsGn, true).unwrap();
        let pumped = plain.clone().with_pumps(PumpSet::new(&pumps, &carriers, &physics, profile, case.temperature_k));
        let mut off = SpectrumState::launch(&launch);
        plain.apply(&carriers, &mut off).unwrap();
        let mut on = SpectrumState::launch(&launch);
        let contribution = pumped.apply(&carriers, &mut on).unwrap();

        let reference = rows(&path);
        assert_eq!(reference.len(), case.channels, "{path}");
        let onoff_ref = rows(&format!("tests/data/gnpy_raman_onoff_{}.csv", case.name));
        for (i, row) in reference.iter().enumerate() {
            let num = |k: usize| row[k].parse::<f64>().unwrap();
            let at = || format!("{} ch {}", case.name, i + 1);
            power.see(db(on.signal_w[i] * 1e3) - num(2), at);
            noise.see(db(on.ase_w[i] * 1e3) - num(3), at);
            let onoff_ours = db(on.signal_w[i] / off.signal_w[i]);
            onoff.see(onoff_ours - onoff_ref[i][2].parse::<f64>().unwrap(), at);
            if row[8] == "1" {
                let ours = db(on.signal_w[i] / (on.ase_w[i] + on.nli_w[i]));
                gsnr.see(ours - num(7), at);
                println!(
                    "{} ch {}: GSNR {:+.3} dB, NLI {:+.3} dB, ASE {:+.3} dB",
                    case.name,
                    i + 1,
                    ours - num(7),
                    db(on.nli_w[i] * 1e3) - num(4),
                    db(on.ase_w[i] * 1e3) - num(3)
                );
            }
            checked += 1;
        }
        for (k, row) in rows(&format!("tests/data/gnpy_raman_pumps_{}.csv", case.name)).iter().enumerate() {
            let far = row[5].parse::<f64>().unwrap();
            pumps_far.see(db(contribution.pump_residual_mw[k] / far), || format!("{} pump {}", case.name, k + 1));
        }
    }
    for (worst, tol) in [
        (&power, TOL_POWER_DB),
        (&onoff, TOL_POWER_DB),
        (&noise, TOL_NOISE_DB),
        (&gsnr, TOL_GSNR_DB),
        (&pumps_far, TOL_NOISE_DB),
    ] {
        println!("worst {}: {:+.4} dB at {}", worst.what, worst.value, worst.at);
        assert!(worst.value.abs() < tol, "{}: {:+.4} dB at {} (tolerance {tol} dB)", worst.what, worst.value, worst.at);
    }
    assert!(checked >= 288, "{checked} channels checked");
}
